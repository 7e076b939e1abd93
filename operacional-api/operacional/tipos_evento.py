"""Tipos de evento (casamento, ensaio, formatura…): a list each empresa edits, and each tipo's
checklist model — the tasks, `dias` from the evento's first day, that a new evento of the tipo gets.

An empresa is given the usual tipos and checklists once (`garantir_padroes`), in the transaction
of its first write of tipos or eventos, or of its first listing of tipos: the list is then never
empty for a new empresa, and a tipo it deletes later stays deleted (operacional.padroes_da_empresa
remembers that it was given them). Every write is one `Transacao`: lock (or 404) → change →
audit → publish TIPO_EVENTO_ALTERADO.
"""
from shared import catalogo_eventos as eventos
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import normalizar
from shared.transacao import Transacao

# The usual jobs of a photography studio and what each needs before and after the day
# (D−60 = 60 days before the evento's first day; D+20 = 20 days after it).
PADROES: dict[str, list[tuple[int, str]]] = {
    "Casamento": [(-60, "Reunião de alinhamento"), (-30, "Visita técnica ao local"), (-7, "Confirmar cronograma"),
                  (20, "Entregar galeria"), (60, "Entregar álbum")],
    "Ensaio": [(-7, "Combinar local e figurino"), (-1, "Confirmar horário com o cliente"), (7, "Enviar prévia"),
               (15, "Entregar galeria")],
    "Formatura": [(-30, "Reunião com a comissão"), (-7, "Confirmar cronograma"), (30, "Entregar galeria"),
                  (60, "Entregar álbuns")],
    "Corporativo": [(-14, "Briefing com o cliente"), (-2, "Confirmar equipe e equipamentos"),
                    (3, "Entregar seleção para divulgação"), (10, "Entregar galeria")],
    "Aniversário": [(-15, "Reunião de alinhamento"), (-3, "Confirmar cronograma"), (20, "Entregar galeria")],
    "15 anos": [(-45, "Reunião de alinhamento"), (-30, "Ensaio pré-festa"), (-7, "Confirmar cronograma"),
                (20, "Entregar galeria"), (60, "Entregar álbum")],
    "Batizado": [(-7, "Confirmar horário da cerimônia"), (15, "Entregar galeria")],
    "Gestante": [(-7, "Combinar local e figurino"), (10, "Entregar galeria")],
    "Newborn": [(-30, "Confirmar data prevista do parto"), (-1, "Preparar estúdio e acessórios"),
                (10, "Entregar galeria")],
}

_COLUNAS = """t.id, t.nome, t.ativo, t.criado_em, t.atualizado_em,
              (SELECT count(*) FROM operacional.checklist_modelos m WHERE m.tipo_id = t.id) AS tarefas"""


def padroes_aplicados(cur) -> bool:
    cur.execute("SELECT 1 FROM operacional.padroes_da_empresa")
    return cur.fetchone() is not None


def garantir_padroes(tx: Transacao) -> None:
    """Gives the empresa the usual tipos and checklists, the first time only. Two first writes at
    once take turns on the marker's primary key: the second finds it and does nothing."""
    tx.cur.execute("""INSERT INTO operacional.padroes_da_empresa (empresa_id) VALUES (plataforma.empresa_atual())
                      ON CONFLICT DO NOTHING RETURNING empresa_id""")
    if tx.cur.fetchone() is None:
        return
    for nome, tarefas in PADROES.items():
        tx.cur.execute(
            """INSERT INTO operacional.tipos_evento (empresa_id, nome, nome_busca)
               VALUES (plataforma.empresa_atual(), %s, %s)
               ON CONFLICT (empresa_id, nome_busca) DO NOTHING RETURNING id""", (nome, normalizar(nome)))
        criado = tx.cur.fetchone()
        if criado is not None:
            _gravar_checklist(tx.cur, criado["id"], [{"dias": d, "titulo": t} for d, t in tarefas])
    tx.auditar("criar", "tipos_evento_padrao", None, depois={"tipos": list(PADROES)}, rotulo="Tipos de evento padrão")
    tx.publicar(eventos.TIPO_EVENTO_ALTERADO, acao="padroes")


def listar(cur, ativo: bool | None = None) -> list[dict]:
    """The empresa's tipos by name (a handful: never paged)."""
    cur.execute(f"""SELECT {_COLUNAS} FROM operacional.tipos_evento t
                    WHERE (%(ativo)s::boolean IS NULL OR t.ativo = %(ativo)s)
                    ORDER BY t.nome_busca, t.id""", {"ativo": ativo})
    return cur.fetchall()


def por_id(cur, tipo_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM operacional.tipos_evento t WHERE t.id = %s", (tipo_id,))
    return cur.fetchone()


def resolver(cur, nome: str | None, tipo_id: int | None) -> int | None:
    """The id of the active tipo a body names (`tipo`, its name in any case or accents) or gives
    (`tipo_id`); None for neither. A 400 naming the field lists the options."""
    if nome is None and tipo_id is None:
        return None
    if nome is not None:
        cur.execute("SELECT id, ativo FROM operacional.tipos_evento WHERE nome_busca = %s", (normalizar(nome),))
    else:
        cur.execute("SELECT id, ativo FROM operacional.tipos_evento WHERE id = %s", (tipo_id,))
    achado = cur.fetchone()
    campo = "tipo" if nome is not None else "tipo_id"
    if achado is None or not achado["ativo"]:
        opcoes = ", ".join(t["nome"] for t in listar(cur, ativo=True)) or "nenhum; cadastre um tipo"
        motivo = "Tipo de evento inativo" if achado else "Tipo de evento desconhecido"
        raise Validacao("Verifique o tipo do evento", {campo: f"{motivo}; use um destes: {opcoes}"})
    if nome is not None and tipo_id is not None and tipo_id != achado["id"]:
        raise Validacao("Verifique o tipo do evento", {"tipo_id": "Não corresponde ao tipo informado em tipo"})
    return achado["id"]


def _bloquear(cur, tipo_id: int) -> dict:
    cur.execute("SELECT nome, ativo FROM operacional.tipos_evento WHERE id = %s FOR UPDATE", (tipo_id,))
    tipo = cur.fetchone()
    if tipo is None:
        raise NaoEncontrado("Tipo de evento não encontrado")
    return tipo


def _nome_unico(nome: str):
    return violacoes_viram_erros(unicas={"tipos_evento_nome_unico": Conflito(
        "Já existe um tipo de evento com este nome", {"nome": f"Já existe um tipo chamado {nome}"})})


def criar(tx: Transacao, dados: dict) -> dict:
    """A new tipo ({nome, ativo}), with an empty checklist."""
    garantir_padroes(tx)
    with _nome_unico(dados["nome"]):
        tx.cur.execute(
            """INSERT INTO operacional.tipos_evento (empresa_id, nome, nome_busca, ativo)
               VALUES (plataforma.empresa_atual(), %s, %s, %s) RETURNING id""",
            (dados["nome"], normalizar(dados["nome"]), dados.get("ativo", True)))
    tipo_id = tx.cur.fetchone()["id"]
    tx.auditar("criar", "tipo_evento", tipo_id, depois={"nome": dados["nome"], "ativo": dados.get("ativo", True)})
    tx.publicar(eventos.TIPO_EVENTO_ALTERADO, id=tipo_id, acao="criado")
    return por_id(tx.cur, tipo_id)


def alterar(tx: Transacao, tipo_id: int, mudancas: dict) -> dict:
    """Renames or (de)activates a tipo; an inactive one is no longer offered for new eventos."""
    antes = _bloquear(tx.cur, tipo_id)
    depois = {**antes, **mudancas}
    if depois != antes:
        with _nome_unico(depois["nome"]):
            tx.cur.execute(
                """UPDATE operacional.tipos_evento SET nome = %s, nome_busca = %s, ativo = %s, atualizado_em = now()
                   WHERE id = %s""", (depois["nome"], normalizar(depois["nome"]), depois["ativo"], tipo_id))
        tx.auditar("alterar", "tipo_evento", tipo_id, antes=antes, depois=depois)
        tx.publicar(eventos.TIPO_EVENTO_ALTERADO, id=tipo_id, acao="alterado")
    return por_id(tx.cur, tipo_id)


def excluir(tx: Transacao, tipo_id: int) -> None:
    """Deletes a tipo no evento uses (its checklist goes with it); 409 while one does."""
    antes = _bloquear(tx.cur, tipo_id)
    em_uso = Conflito("Há eventos deste tipo; desative-o para que não seja mais oferecido")
    with violacoes_viram_erros(em_uso=em_uso):
        tx.cur.execute("DELETE FROM operacional.tipos_evento WHERE id = %s", (tipo_id,))
    tx.auditar("excluir", "tipo_evento", tipo_id, antes=antes)
    tx.publicar(eventos.TIPO_EVENTO_ALTERADO, id=tipo_id, acao="excluido")


# ---------------------------------------------------------------- checklist models


def checklist(cur, tipo_id: int) -> list[dict]:
    """The tipo's model, by day then order of entry; 404 for a tipo that is not the empresa's."""
    if por_id(cur, tipo_id) is None:
        raise NaoEncontrado("Tipo de evento não encontrado")
    cur.execute("""SELECT titulo, dias FROM operacional.checklist_modelos WHERE tipo_id = %s
                   ORDER BY dias, id""", (tipo_id,))
    return cur.fetchall()


def _gravar_checklist(cur, tipo_id: int, tarefas: list[dict]) -> None:
    for tarefa in sorted(tarefas, key=lambda t: t["dias"]):
        cur.execute("""INSERT INTO operacional.checklist_modelos (empresa_id, tipo_id, titulo, dias)
                       VALUES (plataforma.empresa_atual(), %s, %s, %s)""", (tipo_id, tarefa["titulo"], tarefa["dias"]))


def substituir_checklist(tx: Transacao, tipo_id: int, tarefas: list[dict]) -> list[dict]:
    """The tipo's model becomes `tarefas` ([{titulo, dias}]). Eventos created before keep the
    tarefas they were given: a model is where new eventos start."""
    _bloquear(tx.cur, tipo_id)
    antes = checklist(tx.cur, tipo_id)
    novas = [{"titulo": t["titulo"], "dias": t["dias"]} for t in sorted(tarefas, key=lambda t: t["dias"])]
    if novas != antes:
        tx.cur.execute("DELETE FROM operacional.checklist_modelos WHERE tipo_id = %s", (tipo_id,))
        _gravar_checklist(tx.cur, tipo_id, novas)
        tx.auditar("alterar", "checklist_tipo_evento", tipo_id, antes={"tarefas": antes}, depois={"tarefas": novas})
        tx.publicar(eventos.TIPO_EVENTO_ALTERADO, id=tipo_id, acao="checklist")
    return checklist(tx.cur, tipo_id)
