-- Cobrança (issue 18): boletos (títulos) for receivables, bank payments of payables, and every
-- CNAB file sent (remessa) or received (retorno) with what each of its lines did.
--
-- A conta's cobrança settings are cadastros' (cadastros.v_contas_cobranca); the numbers drawn
-- from them are kept here, so the next nosso número is the larger of cadastros' starting point
-- and the last one drawn + 1.
CREATE TABLE financeiro.numeracao_cobranca (
    empresa_id           bigint  NOT NULL,
    conta_id             bigint  NOT NULL,
    ultimo_nosso_numero  bigint  NOT NULL DEFAULT 0 CHECK (ultimo_nosso_numero >= 0),
    ultimo_nsa           integer NOT NULL DEFAULT 0 CHECK (ultimo_nsa BETWEEN 0 AND 999999),
    PRIMARY KEY (empresa_id, conta_id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id) ON DELETE CASCADE
);

-- A boleto: one receivable registered (or to be registered) with one conta's bank.
CREATE TABLE financeiro.titulos (
    empresa_id       bigint        NOT NULL,
    id               bigint        GENERATED ALWAYS AS IDENTITY,
    lancamento_id    bigint        NOT NULL,
    conta_id         bigint        NOT NULL,
    banco            text          NOT NULL CHECK (banco ~ '^[0-9]{3}$'),
    -- The number drawn from the conta's sequence, and the nosso número the bank's rule made of it:
    -- without its check digit (as most retornos carry it) and the digit apart (NULL when the
    -- bank's rule has none), so a retorno matches with or without the digit.
    sequencia        bigint        NOT NULL CHECK (sequencia >= 1),
    nosso_numero     text          NOT NULL CHECK (nosso_numero ~ '^[0-9]{1,20}$'),
    nosso_numero_dv  text          CHECK (nosso_numero_dv ~ '^[0-9PX]$'),
    -- What the bank has: the amount and due date last sent, and the PIX txid printed on it.
    valor            numeric(14,2) NOT NULL CHECK (valor > 0),
    vencimento       date          NOT NULL,
    txid             text          CHECK (txid ~ '^[A-Za-z0-9]{1,25}$'),
    situacao         text          NOT NULL DEFAULT 'EMITIDO'
                                   CHECK (situacao IN ('EMITIDO', 'REGISTRADO', 'REJEITADO', 'LIQUIDADO', 'BAIXADO')),
    -- The bank's reason, in pt-BR, when the last retorno rejected something about this título.
    motivo           text          CHECK (length(motivo) <= 500),
    criado_em        timestamptz   NOT NULL DEFAULT now(),
    atualizado_em    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, lancamento_id) REFERENCES financeiro.lancamentos (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id),
    CONSTRAINT titulos_um_por_lancamento_e_conta UNIQUE (empresa_id, lancamento_id, conta_id),
    CONSTRAINT titulos_nosso_numero_unico UNIQUE (empresa_id, conta_id, nosso_numero)
);
CREATE INDEX titulos_lancamento ON financeiro.titulos (empresa_id, lancamento_id);
CREATE UNIQUE INDEX titulos_txid ON financeiro.titulos (empresa_id, txid) WHERE txid IS NOT NULL;
SELECT plataforma.isolar_por_empresa('financeiro.titulos');
SELECT plataforma.isolar_por_empresa('financeiro.numeracao_cobranca');

-- A payable paid by a bank file: how, and what the bank said.
CREATE TABLE financeiro.pagamentos (
    empresa_id       bigint        NOT NULL,
    id               bigint        GENERATED ALWAYS AS IDENTITY,
    lancamento_id    bigint        NOT NULL,
    conta_id         bigint        NOT NULL,
    forma            text          NOT NULL CHECK (forma IN ('CREDITO_CONTA', 'TED', 'PIX', 'BOLETO')),
    valor            numeric(14,2) NOT NULL CHECK (valor > 0),
    data_pagamento   date          NOT NULL,
    situacao         text          NOT NULL DEFAULT 'ENVIADO'
                                   CHECK (situacao IN ('ENVIADO', 'AGENDADO', 'PAGO', 'REJEITADO', 'EM_ANALISE')),
    motivo           text          CHECK (length(motivo) <= 500),
    criado_em        timestamptz   NOT NULL DEFAULT now(),
    atualizado_em    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, lancamento_id) REFERENCES financeiro.lancamentos (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id)
);
CREATE INDEX pagamentos_lancamento ON financeiro.pagamentos (empresa_id, lancamento_id);
SELECT plataforma.isolar_por_empresa('financeiro.pagamentos');

-- The boleto a payable is paid with (segment J): its 44-digit barcode, typed or pasted on the
-- despesa (a linha digitável is turned into the barcode by the service).
ALTER TABLE financeiro.lancamentos
    ADD COLUMN codigo_barras_pagamento text CHECK (codigo_barras_pagamento ~ '^[0-9]{44}$'),
    ADD CONSTRAINT lancamentos_boleto_so_em_despesa CHECK (codigo_barras_pagamento IS NULL OR tipo = 'DESPESA');

-- Every CNAB file, as sent or as received, byte for byte.
CREATE TABLE financeiro.arquivos_cnab (
    empresa_id     bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    conta_id       bigint        NOT NULL,
    direcao        text          NOT NULL CHECK (direcao IN ('REMESSA', 'RETORNO')),
    finalidade     text          NOT NULL CHECK (finalidade IN ('COBRANCA', 'PAGAMENTOS')),
    layout         text          NOT NULL CHECK (layout IN ('CNAB240', 'CNAB400')),
    banco          text          NOT NULL CHECK (banco ~ '^[0-9]{3}$'),
    nsa            integer       CHECK (nsa BETWEEN 0 AND 999999),
    nome_arquivo   text          NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    conteudo       bytea         NOT NULL,
    sha256         text          NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    quantidade     integer       NOT NULL DEFAULT 0 CHECK (quantidade >= 0),
    valor_total    numeric(14,2) NOT NULL DEFAULT 0,
    -- A retorno's counts by what happened (liquidados, confirmados, rejeitados, nao_encontrados...).
    resumo         jsonb         NOT NULL DEFAULT '{}',
    usuario_id     bigint,
    criado_em      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id)
);
-- The same retorno twice is found by its hash and changes nothing.
CREATE UNIQUE INDEX arquivos_cnab_retorno_unico ON financeiro.arquivos_cnab (empresa_id, conta_id, sha256)
    WHERE direcao = 'RETORNO';
CREATE INDEX arquivos_cnab_lista ON financeiro.arquivos_cnab (empresa_id, criado_em DESC, id DESC);
SELECT plataforma.isolar_por_empresa('financeiro.arquivos_cnab');

-- Each line of a file and what it did: for a remessa, the título or payment it carries; for a
-- retorno, the occurrence and its effect ("Liquidação: baixa de R$ 150,00", "Nosso número
-- 0001234 não encontrado"), kept with the raw line for audit.
CREATE TABLE financeiro.arquivo_linhas (
    empresa_id     bigint   NOT NULL,
    arquivo_id     bigint   NOT NULL,
    numero         integer  NOT NULL CHECK (numero >= 1),
    conteudo       text     NOT NULL,
    registro       text     NOT NULL CHECK (length(registro) BETWEEN 1 AND 20),
    titulo_id      bigint,
    pagamento_id   bigint,
    lancamento_id  bigint,
    ocorrencia     text     CHECK (length(ocorrencia) <= 10),
    resultado      text     CHECK (resultado IN ('APLICADA', 'JA_APLICADA', 'INFORMATIVA', 'NAO_ENCONTRADO', 'REJEITADA')),
    acao           text     CHECK (length(acao) <= 500),
    PRIMARY KEY (empresa_id, arquivo_id, numero),
    FOREIGN KEY (empresa_id, arquivo_id) REFERENCES financeiro.arquivos_cnab (empresa_id, id) ON DELETE CASCADE
    -- titulo_id and pagamento_id are written in the same transaction that inserts those rows
    -- (financeiro/remessas.py, retornos.py), which are never deleted; a foreign key would check
    -- each of 10,000 lines against a table whose statistics, while it is new, lead PostgreSQL's
    -- cached check plan to scan it whole: 2.7 s of a 10,000-título remessa, measured.
);
-- Read by file only (its primary key): a remessa of 10,000 títulos writes 30,000 lines, and an index
-- by título or lançamento would be paid on every one of them for a question nothing asks.
SELECT plataforma.isolar_por_empresa('financeiro.arquivo_linhas');
