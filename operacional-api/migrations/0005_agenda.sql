-- The agenda (issue 17 "Agenda"): who works each sessão, the calendar query's index, the edit
-- counter an iCalendar client needs, and the secret addresses of the ICS feeds.

-- iCalendar's SEQUENCE: a client replaces its copy of an event only when this grows. Bumped by
-- every change of a sessão (operacional/agenda.py).
ALTER TABLE operacional.sessoes ADD COLUMN sequencia integer NOT NULL DEFAULT 0 CHECK (sequencia >= 0);

-- The calendar asks "this empresa's sessões that touch this month". A GiST index on periodo
-- cannot answer it for the app role: under row-level security PostgreSQL uses as index conditions
-- only leakproof operators, and the range operator && (range_overlaps) is not one, so 0002's
-- sessoes_periodo is never read by a request (EXPLAIN shows a scan of the empresa's whole agenda
-- instead) and is dropped. Timestamp comparisons are leakproof: with a sessão's length bounded,
-- "touches [A, B)" is "inicio in (A - 14 days, B) and fim > A", a range scan of 0002's btree
-- (empresa_id, inicio, id), already in the calendar's order (operacional/agenda.py listar).
DROP INDEX operacional.sessoes_periodo;
ALTER TABLE operacional.sessoes ADD CONSTRAINT sessoes_duracao_maxima CHECK (fim - inicio <= interval '14 days');

-- The team of a sessão: staff who log in (auth's v_membros) or freelancers (cadastros'
-- v_fornecedores); no foreign key across schemas, operacional/equipe.py checks them on write.
CREATE TABLE operacional.equipe_sessao (
    empresa_id    bigint NOT NULL,
    sessao_id     bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    usuario_id    bigint,
    fornecedor_id bigint,
    papel         text   CHECK (length(papel) BETWEEN 1 AND 60),
    PRIMARY KEY (empresa_id, id),
    CHECK (num_nonnulls(usuario_id, fornecedor_id) = 1),
    FOREIGN KEY (empresa_id, sessao_id) REFERENCES operacional.sessoes (empresa_id, id) ON DELETE CASCADE
);
-- A person appears once per sessão (a NULL id never collides: the other kind of member). The first
-- also serves "the team of these sessões", which the calendar asks for every sessão it lists.
CREATE UNIQUE INDEX equipe_sessao_usuario ON operacional.equipe_sessao (empresa_id, sessao_id, usuario_id);
CREATE UNIQUE INDEX equipe_sessao_fornecedor ON operacional.equipe_sessao (empresa_id, sessao_id, fornecedor_id);
-- "Where else is this person at that time?" (conflicts) and the filter/feed by member.
CREATE INDEX equipe_sessao_por_usuario ON operacional.equipe_sessao (empresa_id, usuario_id, sessao_id)
    WHERE usuario_id IS NOT NULL;
CREATE INDEX equipe_sessao_por_fornecedor ON operacional.equipe_sessao (empresa_id, fornecedor_id, sessao_id)
    WHERE fornecedor_id IS NOT NULL;
SELECT plataforma.isolar_por_empresa('operacional.equipe_sessao');

-- The secret addresses of the ICS feeds: one for the whole empresa (no member) and one per team
-- member, each revocable. A calendar app polls the address with no other credential, so the
-- address is the credential; `token` is kept so that the same address can be shown again (as the
-- empresa's own row it is visible only to the empresa, the same people who read the agenda), and
-- the public route finds the row by `token_hash` (README "Calendário (ICS)").
CREATE TABLE operacional.feeds (
    empresa_id    bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    usuario_id    bigint,
    fornecedor_id bigint,
    token         text        NOT NULL,
    token_hash    text        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    criado_em     timestamptz NOT NULL DEFAULT now(),
    revogado_em   timestamptz,
    PRIMARY KEY (empresa_id, id),
    CHECK (num_nonnulls(usuario_id, fornecedor_id) <= 1)
);
CREATE UNIQUE INDEX feeds_token_hash ON operacional.feeds (token_hash);
-- At most one live address per (empresa, member); the whole empresa's is member (0, 0).
CREATE UNIQUE INDEX feeds_um_ativo ON operacional.feeds
    (empresa_id, (coalesce(usuario_id, 0)), (coalesce(fornecedor_id, 0))) WHERE revogado_em IS NULL;
SELECT plataforma.isolar_por_empresa('operacional.feeds');

-- The public feed route knows a token, not an empresa, and the tenant policy shows no row while no
-- empresa is set. A SECURITY DEFINER function would not help: FORCE ROW LEVEL SECURITY applies to
-- the tables' owner too (only a superuser owner would see through it, which production need not
-- be). This second policy opens to any role exactly the one row whose token hash the transaction
-- names in `app.feed_token_hash` — knowing that hash takes knowing the token — and only for reading.
CREATE POLICY feed_pelo_token ON operacional.feeds FOR SELECT
    USING (revogado_em IS NULL AND token_hash = nullif(current_setting('app.feed_token_hash', true), ''));

-- The feed a token opens (none when unknown or revoked): its empresa and member. Sets the hash
-- for this transaction only, as app.empresa_id is set.
CREATE FUNCTION operacional.feed_do_token(hash text)
RETURNS TABLE (empresa_id bigint, feed_id bigint, usuario_id bigint, fornecedor_id bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('app.feed_token_hash', hash, true);
    RETURN QUERY SELECT f.empresa_id, f.id, f.usuario_id, f.fornecedor_id
                   FROM operacional.feeds f
                  WHERE f.token_hash = hash AND f.revogado_em IS NULL;
END $$;
