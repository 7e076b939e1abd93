-- Extratos: bank statements imported from OFX files into one of the empresa's contas, and
-- their transactions, which reconciliation (issue 6) matches with lançamentos and baixas.
CREATE TABLE financeiro.extratos (
    empresa_id      bigint        NOT NULL,
    id              bigint        GENERATED ALWAYS AS IDENTITY,
    conta_id        bigint        NOT NULL,
    arquivo_nome    text          NOT NULL CHECK (length(arquivo_nome) BETWEEN 1 AND 255),
    -- The file's SHA-256 (hex): the same file uploaded again for the same conta is recognised
    -- and stores nothing.
    arquivo_sha256  text          NOT NULL CHECK (arquivo_sha256 ~ '^[0-9a-f]{64}$'),
    -- The account as the file identifies it (BANKID, BRANCHID, ACCTID), shown next to the conta.
    banco_ofx       text          CHECK (length(banco_ofx) <= 20),
    agencia_ofx     text          CHECK (length(agencia_ofx) <= 40),
    conta_ofx       text          NOT NULL CHECK (length(conta_ofx) BETWEEN 1 AND 60),
    data_inicio     date,
    data_fim        date,
    -- LEDGERBAL: the balance the bank states, and its date, when the file has them.
    saldo_extrato   numeric(14,2),
    data_saldo      date,
    importadas      integer       NOT NULL CHECK (importadas >= 0),
    duplicadas      integer       NOT NULL CHECK (duplicadas >= 0),
    a_revisar       integer       NOT NULL CHECK (a_revisar >= 0),
    -- Balance rows the bank listed among the transactions, left out.
    saldos_ignorados integer      NOT NULL CHECK (saldos_ignorados >= 0),
    usuario_id      bigint,
    importado_em    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id),
    CONSTRAINT extratos_arquivo_unico UNIQUE (empresa_id, conta_id, arquivo_sha256),
    -- What the transactions' foreign key points at, so their conta is their statement's.
    CONSTRAINT extratos_conta_do_extrato UNIQUE (empresa_id, id, conta_id)
);
-- Lists, newest first: all of the empresa's statements, or one conta's.
CREATE INDEX extratos_conta ON financeiro.extratos (empresa_id, conta_id, id);

CREATE TABLE financeiro.extrato_transacoes (
    empresa_id   bigint        NOT NULL,
    id           bigint        GENERATED ALWAYS AS IDENTITY,
    extrato_id   bigint        NOT NULL,
    conta_id     bigint        NOT NULL,
    data         date          NOT NULL,
    valor        numeric(14,2) NOT NULL,  -- negative for money out
    fitid        text          CHECK (length(fitid) <= 255),
    memo         text          NOT NULL CHECK (length(memo) <= 1000),
    tipo         text          NOT NULL CHECK (length(tipo) <= 20),
    ocorrencia   integer       NOT NULL CHECK (ocorrencia >= 0),
    -- What makes a transaction the same one in a later upload (financeiro/extratos.py): 'F:' and
    -- the FITID, or, when the bank left the FITID out or repeated it, 'D:' and the data, valor,
    -- ocorrencia and a SHA-256 of the memo (a memo may be too long for an index entry).
    chave        text          NOT NULL CHECK (length(chave) <= 300),
    -- A transaction that is new by its key but looks like one already stored (same data and
    -- valor in the same conta, another statement): kept, and listed for someone to confirm or
    -- discard, rather than dropped or taken silently.
    revisar      boolean       NOT NULL DEFAULT false,
    conciliado   boolean       NOT NULL DEFAULT false,
    -- A transaction under review that someone discarded: no longer listed, but kept (with its
    -- key) so the next statement that brings it again counts it as a duplicate rather than
    -- putting it up for review once more.
    descartada_em timestamptz,
    CHECK (descartada_em IS NULL OR NOT conciliado),
    PRIMARY KEY (empresa_id, id),
    -- One key for both the statement and its conta (which references cadastros.contas): one
    -- check per inserted row, and a big import inserts tens of thousands of rows.
    FOREIGN KEY (empresa_id, extrato_id, conta_id) REFERENCES financeiro.extratos (empresa_id, id, conta_id),
    CONSTRAINT extrato_transacoes_chave_unica UNIQUE (empresa_id, conta_id, chave)
);
CREATE INDEX extrato_transacoes_extrato ON financeiro.extrato_transacoes (empresa_id, extrato_id, data, id);
-- Near-duplicates are looked up by conta, data and valor.
CREATE INDEX extrato_transacoes_conta_data ON financeiro.extrato_transacoes (empresa_id, conta_id, data, valor);
-- The live counts of a statement (em_revisao, conciliadas) read these small partial indexes.
CREATE INDEX extrato_transacoes_revisar ON financeiro.extrato_transacoes (empresa_id, extrato_id)
    WHERE revisar AND descartada_em IS NULL;
CREATE INDEX extrato_transacoes_conciliadas ON financeiro.extrato_transacoes (empresa_id, extrato_id)
    WHERE conciliado;

SELECT plataforma.isolar_por_empresa(tabela)
  FROM unnest(ARRAY['financeiro.extratos', 'financeiro.extrato_transacoes']::regclass[]) AS tabela;
