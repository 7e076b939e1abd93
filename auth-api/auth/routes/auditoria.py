"""Reading the current empresa's audit trail (plataforma.auditoria, written by every service)."""
from datetime import datetime
from typing import Any

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Data, Lista, Pagina, Texto, endpoint, pagina
from shared.app import tenant_transaction
from shared.errors import Validacao

from auth import auditoria
from auth.auditoria import PosicaoRegistro

bp = Blueprint("auditoria", __name__)


# The trail's codes (`acao`, `entidade`) are as the services write them: lowercase words joined by "_".
_CODIGO = r"^[a-z_]+$"


class FiltroAuditoria(Pagina):
    entidade: Texto | None = Field(None, max_length=50, pattern=_CODIGO,
                                   description="Tipo de registro, ex.: lancamento, cliente, conta, usuario, sessao")
    acao: Texto | None = Field(None, max_length=50, pattern=_CODIGO,
                               description="O que foi feito, ex.: criar, alterar, excluir, importar, conciliar, login")
    usuario_id: int | None = Field(None, ge=1, le=MAX_ID, description="Quem fez")
    # The studio's calendar days, not UTC ones.
    de: Data | None = Field(None, description="Desde este dia (AAAA-MM-DD), inclusive")
    ate: Data | None = Field(None, description="Até este dia (AAAA-MM-DD), inclusive")


class RegistroAuditoria(BaseModel):
    id: int
    em: datetime
    servico: str
    usuario_id: int | None
    username: str | None
    usuario_nome: str | None = Field(description="Quem fez, pelo nome (o de hoje); null: o sistema")
    acao: str
    entidade: str
    entidade_id: str | None
    rotulo: str | None = Field(description="O registro pelo nome que tinha, ex.: \"Aluguel do estúdio — parcela 3/12\"")
    antes: Any
    depois: Any
    referencias: dict[str, dict[str, str]] = Field(
        description="Nomes dos registros a que antes/depois se referem, por campo e id: "
                    "{\"conta_id\": {\"3\": \"Itaú\"}}; um registro excluído desde então não aparece")
    correlation_id: str | None


@bp.get("/api/auditoria")
@endpoint(resumo="Trilha de auditoria da empresa atual, mais recentes primeiro", query=FiltroAuditoria,
          responses={200: Lista[RegistroAuditoria]}, permissao="admin")
def listar(query: FiltroAuditoria):
    if query.de and query.ate and query.ate < query.de:
        raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
    apos = query.apos(PosicaoRegistro)
    with tenant_transaction() as cur:
        linhas = auditoria.listar(cur, query.entidade, query.acao, query.usuario_id, query.de, query.ate, apos,
                                  query.limit + 1)
    return Lista[RegistroAuditoria](**pagina(linhas, query, lambda r: PosicaoRegistro(em=r["em"], id=r["id"])))
