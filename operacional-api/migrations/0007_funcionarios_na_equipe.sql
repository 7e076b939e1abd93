-- Funcionários in the teams (issue 19): the third kind of person an evento's or a sessão's team, an
-- item's holder and an ICS feed can name, besides a usuário who logs in (auth.v_membros) and a
-- freelancer (cadastros.v_fornecedores): someone employed by the studio, from rh's read contract
-- rh.v_funcionarios (`funcionario_id`) — the CLT photographer who has no login. As with the other
-- two, no foreign key across schemas: operacional/equipe.py checks the id when it is written.
-- Each "exactly one person" CHECK becomes three-way (0003, 0005 and 0006 named none of them, so
-- they carry PostgreSQL's default names).

ALTER TABLE operacional.equipe_evento ADD COLUMN funcionario_id bigint;
ALTER TABLE operacional.equipe_evento DROP CONSTRAINT equipe_evento_check;
ALTER TABLE operacional.equipe_evento ADD CONSTRAINT equipe_evento_uma_pessoa
    CHECK (num_nonnulls(usuario_id, fornecedor_id, funcionario_id) = 1);

ALTER TABLE operacional.equipe_sessao ADD COLUMN funcionario_id bigint;
ALTER TABLE operacional.equipe_sessao DROP CONSTRAINT equipe_sessao_check;
ALTER TABLE operacional.equipe_sessao ADD CONSTRAINT equipe_sessao_uma_pessoa
    CHECK (num_nonnulls(usuario_id, fornecedor_id, funcionario_id) = 1);
-- As 0005's for the other two: once per sessão, and "where else is this person at that time?".
CREATE UNIQUE INDEX equipe_sessao_funcionario ON operacional.equipe_sessao (empresa_id, sessao_id, funcionario_id);
CREATE INDEX equipe_sessao_por_funcionario ON operacional.equipe_sessao (empresa_id, funcionario_id, sessao_id)
    WHERE funcionario_id IS NOT NULL;

ALTER TABLE operacional.movimentos_equipamento ADD COLUMN funcionario_id bigint;
ALTER TABLE operacional.movimentos_equipamento DROP CONSTRAINT movimentos_equipamento_check;
ALTER TABLE operacional.movimentos_equipamento ADD CONSTRAINT movimentos_equipamento_uma_pessoa
    CHECK (num_nonnulls(usuario_id, fornecedor_id, funcionario_id) = 1);

-- A funcionário's own feed; still at most one live address per member, the empresa's (0, 0, 0).
ALTER TABLE operacional.feeds ADD COLUMN funcionario_id bigint;
ALTER TABLE operacional.feeds DROP CONSTRAINT feeds_check;
ALTER TABLE operacional.feeds ADD CONSTRAINT feeds_no_maximo_uma_pessoa
    CHECK (num_nonnulls(usuario_id, fornecedor_id, funcionario_id) <= 1);
DROP INDEX operacional.feeds_um_ativo;
CREATE UNIQUE INDEX feeds_um_ativo ON operacional.feeds
    (empresa_id, (coalesce(usuario_id, 0)), (coalesce(fornecedor_id, 0)), (coalesce(funcionario_id, 0)))
    WHERE revogado_em IS NULL;

-- Its result gains a column, which CREATE OR REPLACE cannot do.
DROP FUNCTION operacional.feed_do_token(text);
CREATE FUNCTION operacional.feed_do_token(hash text)
RETURNS TABLE (empresa_id bigint, feed_id bigint, usuario_id bigint, fornecedor_id bigint, funcionario_id bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('app.feed_token_hash', hash, true);
    RETURN QUERY SELECT f.empresa_id, f.id, f.usuario_id, f.fornecedor_id, f.funcionario_id
                   FROM operacional.feeds f
                  WHERE f.token_hash = hash AND f.revogado_em IS NULL;
END $$;

-- Read contract: the new column at the end, so a reader's existing columns keep their places.
CREATE OR REPLACE VIEW operacional.v_equipe_eventos WITH (security_invoker = true) AS
    SELECT empresa_id, evento_id, papel, usuario_id, fornecedor_id, cache, funcionario_id
      FROM operacional.equipe_evento;
