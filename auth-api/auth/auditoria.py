"""Reading the current empresa's audit trail (plataforma.auditoria, written by every service)."""
from datetime import date

from pydantic import AwareDatetime

from shared.api import Id, Posicao


class PosicaoRegistro(Posicao):
    """The trail is newest first: (em, id) descending."""

    em: AwareDatetime
    id: Id


def listar(cur, entidade: str | None, usuario_id: int | None, de: date | None, ate: date | None,
           apos: PosicaoRegistro | None, limite: int) -> list[dict]:
    """The trail's entries after `apos`, filtered; `de` and `ate` are whole days of the studio's
    calendar (plataforma.inicio_do_dia), not UTC ones."""
    cur.execute(
        """SELECT id, em, servico, usuario_id, username, acao, entidade, entidade_id, antes, depois,
                  correlation_id
           FROM plataforma.auditoria
           WHERE empresa_id = plataforma.empresa_atual()
             AND (%(entidade)s::text IS NULL OR entidade = %(entidade)s)
             AND (%(usuario)s::bigint IS NULL OR usuario_id = %(usuario)s)
             AND (%(de)s::date IS NULL OR em >= plataforma.inicio_do_dia(%(de)s::date))
             AND (%(ate)s::date IS NULL OR em < plataforma.inicio_do_dia(%(ate)s::date + 1))
             AND (%(em)s::timestamptz IS NULL OR (em, id) < (%(em)s::timestamptz, %(id)s::bigint))
           ORDER BY em DESC, id DESC
           LIMIT %(limite)s""",
        {"entidade": entidade, "usuario": usuario_id, "de": de, "ate": ate,
         "em": None if apos is None else apos.em, "id": None if apos is None else apos.id, "limite": limite},
    )
    return cur.fetchall()
