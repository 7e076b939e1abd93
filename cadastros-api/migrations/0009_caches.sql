-- Cachês (issue 19): a freelancer (second shooter, assistant) is a fornecedor with a cachê
-- setting. rh-api pays the cachês of an evento's team (rh/caches.py) and reads both columns through
-- cadastros.v_fornecedores; it never writes here.
ALTER TABLE cadastros.fornecedores
    -- The cachê per evento when the evento's team does not state one.
    ADD COLUMN cache_valor numeric(14,2) CHECK (cache_valor > 0),
    -- An autônomo (pessoa física) paid by RPA, with INSS (contribuinte individual) and IRRF withheld.
    -- Only a pessoa física with a CPF can be one; the API says so (400) before this check does.
    ADD COLUMN cache_rpa   boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT fornecedores_rpa_de_pessoa_fisica
        CHECK (NOT cache_rpa OR (tipo_pessoa = 'FISICA' AND cpf_cnpj ~ '^[0-9]{11}$'));

-- Read contract (cadastros-api/README.md): the new columns at the end, so the view keeps the old ones.
CREATE OR REPLACE VIEW cadastros.v_fornecedores WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email, ativo,
           banco, agencia, conta_bancaria, tipo_conta_bancaria, chave_pix, tipo_chave_pix,
           cache_valor, cache_rpa
      FROM cadastros.fornecedores;
