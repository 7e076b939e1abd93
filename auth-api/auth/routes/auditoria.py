"""Reading the current empresa's audit trail (plataforma.auditoria, written by every service)."""
from datetime import datetime
from typing import Any

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Data, Lista, Pagina, Texto, cursor, cursor_invalido, endpoint
from shared.app import tenant_transaction
from shared.config import FUSO
from shared.errors import Validacao


bp = Blueprint("auditoria", __name__)

# `de` and `ate` are the studio's calendar days (FUSO), not UTC ones.


class FiltroAuditoria(Pagina):
    entidade: Texto | None = Field(None, max_length=100, description="Ex.: usuario, empresa, sessao")
    usuario_id: int | None = Field(None, ge=1, le=MAX_ID, description="Quem fez")
    de: Data | None = Field(None, description="Desde este dia (AAAA-MM-DD), inclusive")
    ate: Data | None = Field(None, description="Até este dia (AAAA-MM-DD), inclusive")


class RegistroAuditoria(BaseModel):
    id: int
    em: datetime
    servico: str
    usuario_id: int | None
    username: str | None
    acao: str
    entidade: str
    entidade_id: str | None
    antes: Any
    depois: Any
    correlation_id: str | None


@bp.get("/api/auditoria")
@endpoint(resumo="Trilha de auditoria da empresa atual, mais recentes primeiro", query=FiltroAuditoria,
          responses={200: Lista[RegistroAuditoria]}, permissao="admin")
def listar(query: FiltroAuditoria):
    if query.de and query.ate and query.ate < query.de:
        raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
    em, registro_id = _apos(query.posicao())
    with tenant_transaction() as cur:
        cur.execute(
            """SELECT id, em, servico, usuario_id, username, acao, entidade, entidade_id, antes, depois,
                      correlation_id
               FROM plataforma.auditoria
               WHERE empresa_id = plataforma.empresa_atual()
                 AND (%(entidade)s::text IS NULL OR entidade = %(entidade)s)
                 AND (%(usuario)s::bigint IS NULL OR usuario_id = %(usuario)s)
                 AND (%(de)s::date IS NULL OR em >= (%(de)s::date)::timestamp AT TIME ZONE %(fuso)s)
                 AND (%(ate)s::date IS NULL OR em < (%(ate)s::date + 1)::timestamp AT TIME ZONE %(fuso)s)
                 AND (%(em)s::timestamptz IS NULL OR (em, id) < (%(em)s::timestamptz, %(id)s::bigint))
               ORDER BY em DESC, id DESC
               LIMIT %(limite)s""",
            {"entidade": query.entidade, "usuario": query.usuario_id, "de": query.de, "ate": query.ate,
             "fuso": FUSO, "em": em, "id": registro_id, "limite": query.limit + 1},
        )
        linhas = cur.fetchall()
    proximo = None
    if len(linhas) > query.limit:
        ultima = linhas[query.limit - 1]
        proximo = cursor({"em": ultima["em"].isoformat(), "id": ultima["id"]})
    return Lista[RegistroAuditoria](items=linhas[: query.limit], next_cursor=proximo)


def _apos(posicao: dict | None) -> tuple[datetime | None, int | None]:
    """The (em, id) after which the page starts, from the cursor; 400 for a forged one."""
    if posicao is None:
        return None, None
    em, registro_id = posicao.get("em"), posicao.get("id")
    if not isinstance(em, str) or type(registro_id) is not int or not 0 < registro_id <= MAX_ID:
        raise cursor_invalido()
    try:
        instante = datetime.fromisoformat(em)
    except ValueError:
        raise cursor_invalido() from None
    if instante.tzinfo is None:
        raise cursor_invalido()
    return instante, registro_id
