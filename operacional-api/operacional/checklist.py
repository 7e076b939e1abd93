"""An evento's tarefas: its checklist, copied from its tipo's model when the evento is created, plus
the tasks added by hand. Each tarefa is `dias` from the evento's first day; its prazo is computed
(data_inicio + dias), never stored, so moving the evento moves every prazo with it.

The caller locks the evento (eventos.bloquear) before a write here; each write is audited and
publishes EVENTO_ALTERADO (acao "tarefas").
"""
from shared import catalogo_eventos as eventos
from shared.errors import NaoEncontrado
from shared.transacao import Transacao

_COLUNAS = """t.id, t.titulo, t.dias, e.data_inicio + t.dias AS prazo, t.concluida_em IS NOT NULL AS concluida,
              t.concluida_em, t.concluida_por,
              t.concluida_em IS NULL AND e.data_inicio + t.dias < plataforma.hoje() AS atrasada"""
_DE = "operacional.tarefas_evento t JOIN operacional.eventos e ON e.empresa_id = t.empresa_id AND e.id = t.evento_id"


def listar(cur, evento_id: int) -> list[dict]:
    """The evento's tarefas by prazo."""
    cur.execute(f"SELECT {_COLUNAS} FROM {_DE} WHERE t.evento_id = %s ORDER BY t.dias, t.id", (evento_id,))
    return cur.fetchall()


def _uma(cur, evento_id: int, tarefa_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM {_DE} WHERE t.evento_id = %s AND t.id = %s", (evento_id, tarefa_id))
    return cur.fetchone()


def copiar_do_modelo(tx: Transacao, evento_id: int, tipo_id: int) -> int:
    """Gives the evento its tipo's checklist; how many tarefas it got."""
    tx.cur.execute(
        """INSERT INTO operacional.tarefas_evento (empresa_id, evento_id, titulo, dias)
           SELECT empresa_id, %s, titulo, dias FROM operacional.checklist_modelos
            WHERE tipo_id = %s ORDER BY dias, id""",
        (evento_id, tipo_id))
    return tx.cur.rowcount


def _foto(tarefa: dict) -> dict:
    return {"titulo": tarefa["titulo"], "dias": tarefa["dias"], "concluida": tarefa["concluida"]}


def criar(tx: Transacao, evento_id: int, dados: dict) -> dict:
    tx.cur.execute(
        """INSERT INTO operacional.tarefas_evento (empresa_id, evento_id, titulo, dias)
           VALUES (plataforma.empresa_atual(), %s, %s, %s) RETURNING id""", (evento_id, dados["titulo"], dados["dias"]))
    tarefa = _uma(tx.cur, evento_id, tx.cur.fetchone()["id"])
    tx.auditar("criar", "tarefa_evento", tarefa["id"], depois=_foto(tarefa), rotulo=tarefa["titulo"])
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="tarefas")
    return tarefa


def _bloquear(cur, evento_id: int, tarefa_id: int) -> dict:
    cur.execute("SELECT id FROM operacional.tarefas_evento WHERE evento_id = %s AND id = %s FOR UPDATE",
                (evento_id, tarefa_id))
    if cur.fetchone() is None:
        raise NaoEncontrado("Tarefa não encontrada")
    return _uma(cur, evento_id, tarefa_id)


def alterar(tx: Transacao, evento_id: int, tarefa_id: int, mudancas: dict) -> dict:
    """Ticks or unticks (`concluida`: who and when are recorded), renames or re-dates a tarefa.
    Ticking one already ticked keeps who ticked it first."""
    antes = _bloquear(tx.cur, evento_id, tarefa_id)
    depois = {**_foto(antes), **mudancas}
    if depois == _foto(antes):
        return antes
    tx.cur.execute(
        """UPDATE operacional.tarefas_evento
           SET titulo = %(titulo)s, dias = %(dias)s,
               concluida_em = CASE WHEN NOT %(concluida)s THEN NULL ELSE coalesce(concluida_em, now()) END,
               concluida_por = CASE WHEN NOT %(concluida)s THEN NULL ELSE coalesce(concluida_por, %(usuario)s) END
           WHERE evento_id = %(evento)s AND id = %(id)s""",
        {**depois, "usuario": tx.contexto.usuario_id, "evento": evento_id, "id": tarefa_id})
    tx.auditar("alterar", "tarefa_evento", tarefa_id, antes=_foto(antes), depois=depois, rotulo=depois["titulo"])
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="tarefas")
    return _uma(tx.cur, evento_id, tarefa_id)


def excluir(tx: Transacao, evento_id: int, tarefa_id: int) -> None:
    antes = _bloquear(tx.cur, evento_id, tarefa_id)
    tx.cur.execute("DELETE FROM operacional.tarefas_evento WHERE evento_id = %s AND id = %s", (evento_id, tarefa_id))
    tx.auditar("excluir", "tarefa_evento", tarefa_id, antes=_foto(antes), rotulo=antes["titulo"])
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="tarefas")

