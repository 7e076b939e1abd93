-- The `financeiro` schema. Owner: financeiro-api, the only service that writes here
-- (lançamentos, baixas, extratos, conciliação, remessas); others may read it (DESIGN.md rule 1).
-- Its tables come with issues 5 and 6 (remessas later), each in a new numbered file. Every
-- tenant table has `empresa_id bigint NOT NULL`, `PRIMARY KEY (empresa_id, id)`, foreign keys
-- that include empresa_id, ENABLE + FORCE ROW LEVEL SECURITY and a policy on
-- plataforma.empresa_atual() (DESIGN.md rule 3). The migrator grants the app role access
-- after every run.
CREATE SCHEMA IF NOT EXISTS financeiro;
