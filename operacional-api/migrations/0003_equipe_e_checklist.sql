-- Eventos, continued (issue 17): who works an evento (its equipe), what must be done before and
-- after it (the checklist: a model per tipo, copied into each evento's tarefas), and when an
-- empresa's usual tipos and checklists were given to it (operacional/tipos_evento.py).

-- A name search that ignores case and accents (shared.texto.normalizar(nome)), as tipos have.
ALTER TABLE operacional.eventos ADD COLUMN nome_busca text NOT NULL DEFAULT '';

-- The empresa got the usual tipos de evento and their checklists, once: a tipo the empresa deletes
-- afterwards stays deleted, which "insert the defaults when missing" alone could not tell apart
-- from "never had them".
CREATE TABLE operacional.padroes_da_empresa (
    empresa_id   bigint      NOT NULL,
    aplicados_em timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id)
);
SELECT plataforma.isolar_por_empresa('operacional.padroes_da_empresa');

-- The people of an evento. A person is either a member of the empresa who logs in (auth.v_membros:
-- usuario_id) or a freelancer from cadastros (cadastros.v_fornecedores: fornecedor_id) — no foreign
-- key across schemas, so operacional/equipe.py checks them when they are written. `cache` is what
-- a freelancer charges for this evento: informative; the payable itself is a lançamento.
CREATE TABLE operacional.equipe_evento (
    empresa_id    bigint        NOT NULL,
    id            bigint        GENERATED ALWAYS AS IDENTITY,
    evento_id     bigint        NOT NULL,
    papel         text          NOT NULL CHECK (papel IN (
                      'fotografo_principal', 'segundo_fotografo', 'assistente', 'videomaker', 'outro')),
    usuario_id    bigint,
    fornecedor_id bigint,
    cache         numeric(14,2) CHECK (cache >= 0),
    PRIMARY KEY (empresa_id, id),
    CHECK (num_nonnulls(usuario_id, fornecedor_id) = 1),
    FOREIGN KEY (empresa_id, evento_id) REFERENCES operacional.eventos (empresa_id, id) ON DELETE CASCADE
);
CREATE INDEX equipe_evento_evento ON operacional.equipe_evento (empresa_id, evento_id, id);
SELECT plataforma.isolar_por_empresa('operacional.equipe_evento');

-- A tipo's checklist model: tasks `dias` days from the evento's first day (negative: before it).
CREATE TABLE operacional.checklist_modelos (
    empresa_id bigint  NOT NULL,
    id         bigint  GENERATED ALWAYS AS IDENTITY,
    tipo_id    bigint  NOT NULL,
    titulo     text    NOT NULL CHECK (length(titulo) BETWEEN 1 AND 120),
    dias       integer NOT NULL CHECK (dias BETWEEN -365 AND 365),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, tipo_id) REFERENCES operacional.tipos_evento (empresa_id, id) ON DELETE CASCADE
);
CREATE INDEX checklist_modelos_tipo ON operacional.checklist_modelos (empresa_id, tipo_id, dias, id);
SELECT plataforma.isolar_por_empresa('operacional.checklist_modelos');

-- An evento's tasks, copied from its tipo's model when it is created (or added by hand). The due
-- date is not stored: it is data_inicio + dias, so moving the evento moves every prazo with it.
CREATE TABLE operacional.tarefas_evento (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    evento_id      bigint      NOT NULL,
    titulo         text        NOT NULL CHECK (length(titulo) BETWEEN 1 AND 120),
    dias           integer     NOT NULL CHECK (dias BETWEEN -365 AND 365),
    concluida_em   timestamptz,
    -- auth's usuário who ticked it (the token's subject); no foreign key across schemas.
    concluida_por  bigint,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    CHECK ((concluida_em IS NULL) = (concluida_por IS NULL)),
    FOREIGN KEY (empresa_id, evento_id) REFERENCES operacional.eventos (empresa_id, id) ON DELETE CASCADE
);
CREATE INDEX tarefas_evento_evento ON operacional.tarefas_evento (empresa_id, evento_id, dias, id);
SELECT plataforma.isolar_por_empresa('operacional.tarefas_evento');

-- Read contract (README "Read contract"): relatórios groups results by the evento's photographer,
-- the dashboard shows the checklists in progress.
CREATE VIEW operacional.v_equipe_eventos WITH (security_invoker = true) AS
    SELECT empresa_id, evento_id, papel, usuario_id, fornecedor_id, cache
      FROM operacional.equipe_evento;

CREATE VIEW operacional.v_tarefas_eventos WITH (security_invoker = true) AS
    SELECT t.empresa_id, t.evento_id, t.id, t.titulo, t.dias, e.data_inicio + t.dias AS prazo, t.concluida_em
      FROM operacional.tarefas_evento t
      JOIN operacional.eventos e ON e.empresa_id = t.empresa_id AND e.id = t.evento_id;
