-- Funcionários and the month's variables (issue 19, phase 1): who the studio pays a salary or
-- pró-labore to, and what changes each month (overtime, commissions, absences, advances). The
-- payroll preview (GET /api/folha/calcular) reads both; nothing here stores a computed figure.

CREATE TABLE rh.funcionarios (
    empresa_id             bigint        NOT NULL,
    id                     bigint        GENERATED ALWAYS AS IDENTITY,
    nome                   text          NOT NULL CHECK (length(nome) BETWEEN 1 AND 200),
    -- rh/documentos.py's normalisation of nome (lowercase, no accents): what `q` searches.
    nome_busca             text          COLLATE "C" NOT NULL,
    -- Digits only, check digits verified by the service (rh/documentos.py).
    cpf                    text          COLLATE "C" NOT NULL CHECK (cpf ~ '^[0-9]{11}$'),
    pis                    text          CHECK (pis ~ '^[0-9]{11}$'),
    cargo                  text          CHECK (length(cargo) BETWEEN 1 AND 100),
    data_admissao          date          NOT NULL,
    data_demissao          date,
    salario                numeric(14,2) NOT NULL CHECK (salario > 0),
    dependentes            integer       NOT NULL DEFAULT 0 CHECK (dependentes BETWEEN 0 AND 99),
    vinculo                text          NOT NULL DEFAULT 'CLT'
                                         CHECK (vinculo IN ('CLT', 'ESTAGIARIO', 'PRO_LABORE', 'AUTONOMO')),
    jornada_mensal_horas   numeric(6,2)  NOT NULL DEFAULT 220 CHECK (jornada_mensal_horas > 0
                                                                       AND jornada_mensal_horas <= 744),
    vale_transporte        boolean       NOT NULL DEFAULT false,
    custo_vale_transporte  numeric(14,2) CHECK (custo_vale_transporte >= 0),
    -- Where the salary is paid: a bank account (all four or none) and/or a chave PIX with its kind.
    banco                  text          CHECK (banco ~ '^[0-9]{3}$'),
    agencia                text          CHECK (agencia ~ '^[0-9]+(-[0-9X])?$' AND length(agencia) <= 10),
    conta_bancaria         text          CHECK (conta_bancaria ~ '^[0-9]+(-[0-9X])?$'
                                                AND length(conta_bancaria) <= 20),
    tipo_conta_bancaria    text          CHECK (tipo_conta_bancaria IN ('CORRENTE', 'POUPANCA', 'PAGAMENTO')),
    chave_pix              text          CHECK (length(chave_pix) BETWEEN 1 AND 77),
    tipo_chave_pix         text          CHECK (tipo_chave_pix IN ('CPF', 'CNPJ', 'EMAIL', 'TELEFONE', 'ALEATORIA')),
    criado_em              timestamptz   NOT NULL DEFAULT now(),
    atualizado_em          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    -- The API answers 409 naming cpf (rh/funcionarios.py knows this name).
    CONSTRAINT funcionarios_cpf_unico UNIQUE (empresa_id, cpf),
    CONSTRAINT funcionarios_demissao_apos_admissao CHECK (data_demissao >= data_admissao),
    CONSTRAINT funcionarios_dados_bancarios CHECK (
        num_nulls(banco, agencia, conta_bancaria, tipo_conta_bancaria) IN (0, 4)),
    CONSTRAINT funcionarios_chave_pix CHECK ((chave_pix IS NULL) = (tipo_chave_pix IS NULL))
);
CREATE INDEX funcionarios_nome ON rh.funcionarios (empresa_id, nome_busca, id);
SELECT plataforma.isolar_por_empresa('rh.funcionarios');

-- The month's variable items of one funcionário; a month without a row has none (all zero).
CREATE TABLE rh.variaveis_mes (
    empresa_id        bigint        NOT NULL,
    funcionario_id    bigint        NOT NULL,
    competencia       date          NOT NULL CHECK (extract(day FROM competencia) = 1),
    horas_extras_50   numeric(6,2)  NOT NULL DEFAULT 0 CHECK (horas_extras_50 >= 0),
    horas_extras_100  numeric(6,2)  NOT NULL DEFAULT 0 CHECK (horas_extras_100 >= 0),
    horas_noturnas    numeric(6,2)  NOT NULL DEFAULT 0 CHECK (horas_noturnas >= 0),
    comissoes         numeric(14,2) NOT NULL DEFAULT 0 CHECK (comissoes >= 0),
    adiantamento      numeric(14,2) NOT NULL DEFAULT 0 CHECK (adiantamento >= 0),
    faltas_dias       integer       NOT NULL DEFAULT 0 CHECK (faltas_dias BETWEEN 0 AND 31),
    atualizado_em     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, funcionario_id, competencia),
    FOREIGN KEY (empresa_id, funcionario_id) REFERENCES rh.funcionarios (empresa_id, id) ON DELETE CASCADE
);
-- The month's preview reads every funcionário's row of one competência.
CREATE INDEX variaveis_mes_competencia ON rh.variaveis_mes (empresa_id, competencia);
SELECT plataforma.isolar_por_empresa('rh.variaveis_mes');

-- rh's read contract (DESIGN.md rule 1; listed in rh-api/README.md): who works at the studio, for
-- operacional's team pickers and reports, without salary, documents or bank data. security_invoker:
-- the reader's row-level security applies. Columns are only ever added to.
CREATE VIEW rh.v_funcionarios WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, cargo, vinculo, data_admissao, data_demissao,
           (data_demissao IS NULL OR data_demissao >= plataforma.hoje()) AS ativo
      FROM rh.funcionarios;
