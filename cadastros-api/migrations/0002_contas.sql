-- Contas: where an empresa keeps money — bank accounts, the cash box (CAIXA), cards and
-- investments. Lançamentos (financeiro, issue 5) will point at (empresa_id, id); the balance is
-- never stored here: cadastros-api adds financeiro.saldos_conta to saldo_inicial when it reads.
CREATE TABLE cadastros.contas (
    empresa_id          bigint        NOT NULL,
    id                  bigint        GENERATED ALWAYS AS IDENTITY,
    nome                text          NOT NULL CHECK (length(nome) BETWEEN 1 AND 100),
    -- nome in lowercase without accents (cadastros/texto.py, as there is no unaccent here): what
    -- ?q= searches and what must be unique, so "Itaú" and "itau" are one conta.
    nome_busca          text          NOT NULL,
    tipo                text          NOT NULL
                                      CHECK (tipo IN ('CORRENTE', 'POUPANCA', 'CAIXA', 'CARTAO', 'INVESTIMENTO')),
    -- The COMPE code; the list of banks ships with the code (cadastros/dados/), not as a table.
    banco               text          CHECK (banco ~ '^[0-9]{3}$'),
    -- Digits, and the check digit after a hyphen (Banco do Brasil's may be X).
    agencia             text          CHECK (agencia ~ '^[0-9]+(-[0-9X])?$' AND length(agencia) <= 10),
    numero              text          CHECK (numero ~ '^[0-9]+(-[0-9X])?$' AND length(numero) <= 20),
    saldo_inicial       numeric(14,2) NOT NULL,
    data_saldo_inicial  date          NOT NULL,
    ativa               boolean       NOT NULL,
    criado_em           timestamptz   NOT NULL DEFAULT now(),
    atualizado_em       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    CONSTRAINT contas_banco_exigido CHECK (tipo = 'CAIXA' OR banco IS NOT NULL)
);
CREATE UNIQUE INDEX contas_nome_unico ON cadastros.contas (empresa_id, nome_busca);

ALTER TABLE cadastros.contas ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadastros.contas FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON cadastros.contas
    USING (empresa_id = plataforma.empresa_atual())
    WITH CHECK (empresa_id = plataforma.empresa_atual());
