-- Cobrança (issue 18). What a conta's bank needs to register boletos and take payment files
-- (PUT /api/contas/<id>/cobranca), and what a fornecedor needs to be paid by a bank file (its bank
-- account or PIX key). financeiro-api reads both through the views at the end; it never writes here.
--
-- The next nosso número and the next file sequence (NSA) set here are where numbering *starts*
-- (a studio moving from another system sets them past what that system used): financeiro keeps
-- the numbers it has drawn in its own schema and uses the larger of the two, so no service
-- writes another's counter (DESIGN.md rule 1).
CREATE TABLE cadastros.contas_cobranca (
    empresa_id              bigint        NOT NULL,
    conta_id                bigint        NOT NULL,
    layout                  text          NOT NULL CHECK (layout IN ('CNAB240', 'CNAB400')),
    -- Convênio (BB), código do beneficiário (Caixa, Santander, Sicoob, Sicredi) or código da
    -- empresa (Bradesco); digits only, its length checked per bank by the service.
    convenio                text          CHECK (convenio ~ '^[0-9]{1,20}$'),
    carteira                text          NOT NULL CHECK (carteira ~ '^[0-9A-Z]{1,3}$'),
    -- Variação da carteira (BB) or modalidade (Sicoob).
    variacao                text          CHECK (variacao ~ '^[0-9]{1,3}$'),
    -- Posto da cooperativa (Sicredi).
    posto                   text          CHECK (posto ~ '^[0-9]{2}$'),
    proximo_nosso_numero    bigint        NOT NULL DEFAULT 1 CHECK (proximo_nosso_numero >= 1),
    proximo_nsa             integer       NOT NULL DEFAULT 1 CHECK (proximo_nsa BETWEEN 1 AND 999999),
    chave_pix               text          CHECK (length(chave_pix) BETWEEN 1 AND 77),
    tipo_chave_pix          text          CHECK (tipo_chave_pix IN ('CPF', 'CNPJ', 'EMAIL', 'TELEFONE', 'ALEATORIA')),
    -- Charged after the due date, as the boleto prints them and segment R / the 400 detail carries.
    juros_mes_percentual    numeric(5,2)  NOT NULL DEFAULT 0 CHECK (juros_mes_percentual BETWEEN 0 AND 20),
    multa_percentual        numeric(5,2)  NOT NULL DEFAULT 0 CHECK (multa_percentual BETWEEN 0 AND 20),
    -- Days after the due date the bank keeps the título open before returning it (baixa/devolução).
    dias_baixa              integer       CHECK (dias_baixa BETWEEN 1 AND 999),
    instrucoes              text          CHECK (length(instrucoes) <= 400),
    -- Who the boleto names as beneficiário: the empresa by default (its CNPJ in auth), or these.
    beneficiario_nome       text          CHECK (length(beneficiario_nome) BETWEEN 1 AND 100),
    beneficiario_documento  text          CHECK (beneficiario_documento ~ '^([0-9]{11}|[0-9]{14})$'),
    beneficiario_endereco   text          CHECK (length(beneficiario_endereco) <= 200),
    -- Where the bank's tarifas on a retorno are booked (a DESPESA categoria).
    categoria_tarifa_id     bigint,
    atualizado_em           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, conta_id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id) ON DELETE CASCADE,
    FOREIGN KEY (empresa_id, categoria_tarifa_id) REFERENCES cadastros.categorias (empresa_id, id),
    CHECK ((chave_pix IS NULL) = (tipo_chave_pix IS NULL))
);
SELECT plataforma.isolar_por_empresa('cadastros.contas_cobranca');

-- How a fornecedor is paid by a bank file (pagamentos CNAB 240): a bank account (crédito em conta
-- or TED) and/or a PIX key.
ALTER TABLE cadastros.fornecedores
    ADD COLUMN banco              text CHECK (banco ~ '^[0-9]{3}$'),
    ADD COLUMN agencia            text CHECK (agencia ~ '^[0-9]+(-[0-9X])?$' AND length(agencia) <= 10),
    ADD COLUMN conta_bancaria     text CHECK (conta_bancaria ~ '^[0-9]+(-[0-9X])?$' AND length(conta_bancaria) <= 20),
    ADD COLUMN tipo_conta_bancaria text CHECK (tipo_conta_bancaria IN ('CORRENTE', 'POUPANCA', 'PAGAMENTO')),
    ADD COLUMN chave_pix          text CHECK (length(chave_pix) BETWEEN 1 AND 77),
    ADD COLUMN tipo_chave_pix     text CHECK (tipo_chave_pix IN ('CPF', 'CNPJ', 'EMAIL', 'TELEFONE', 'ALEATORIA')),
    ADD CONSTRAINT fornecedores_conta_bancaria_inteira
        CHECK ((banco IS NULL) = (agencia IS NULL) AND (banco IS NULL) = (conta_bancaria IS NULL)),
    ADD CONSTRAINT fornecedores_chave_pix_inteira CHECK ((chave_pix IS NULL) = (tipo_chave_pix IS NULL));

-- Read contract (cadastros-api/README.md), for financeiro's boletos and bank files.
CREATE VIEW cadastros.v_contas_cobranca WITH (security_invoker = true) AS
    SELECT empresa_id, conta_id, layout, convenio, carteira, variacao, posto, proximo_nosso_numero,
           proximo_nsa, chave_pix, tipo_chave_pix, juros_mes_percentual, multa_percentual, dias_baixa,
           instrucoes, beneficiario_nome, beneficiario_documento, beneficiario_endereco, categoria_tarifa_id
      FROM cadastros.contas_cobranca;

-- The pagador of a boleto needs an address (segment Q, the 400 detail, the boleto itself).
CREATE OR REPLACE VIEW cadastros.v_clientes WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email, ativo,
           cep, logradouro, numero, complemento, bairro, cidade, uf
      FROM cadastros.clientes;

CREATE OR REPLACE VIEW cadastros.v_fornecedores WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email, ativo,
           banco, agencia, conta_bancaria, tipo_conta_bancaria, chave_pix, tipo_chave_pix
      FROM cadastros.fornecedores;
