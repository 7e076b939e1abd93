"""/api/agenda/feed and /api/agenda/importar: the agenda as iCalendar, out and in.

`GET /api/agenda/feed[?membro=usuario:3]` gives the secret address of the empresa's (or a member's)
feed, creating it on first use; `DELETE` revokes it. `GET /api/agenda/feed/<token>.ics` is public:
a calendar app (Google, Outlook, Apple) polls it with no login — the token is the credential.
`POST /api/agenda/importar` takes an .ics file and creates/updates sessões by UID, all or nothing.
"""
import hashlib

from flask import Blueprint, Response, request
from pydantic import BaseModel, Field
from werkzeug.exceptions import RequestEntityTooLarge

from shared.api import Erro, Modelo, endpoint
from shared.app import escrita, plataforma, tenant_transaction
from shared.encaminhamento import url_publica
from shared.errors import ArquivoGrande, NaoEncontrado, TipoNaoSuportado, Validacao

from operacional import agenda, feeds, ics
from operacional.permissoes import ESCREVER, LER
from operacional.routes.agenda import ConflitoDeEquipe, MembroDoFiltro, membro_do_filtro

bp = Blueprint("agenda_ics", __name__)

# An .ics of years of a studio's agenda is a few hundred kB; more is not a calendar to import here.
MAXIMO_DO_ARQUIVO = 2 * 1024 * 1024


class FiltroFeed(Modelo):
    membro: MembroDoFiltro = Field(None, description="O feed de uma pessoa da equipe (usuario:<id>, "
                                                     "fornecedor:<id> ou funcionario:<id>); sem ele, o da "
                                                     "empresa inteira")


class Feed(BaseModel):
    url: str = Field(description="Endereço secreto do calendário (text/calendar), para assinar num aplicativo")
    caminho: str = Field(description="O mesmo endereço sem a origem, para quem o monta sobre a sua")



@bp.get("/api/agenda/feed")
@endpoint(resumo="Endereço secreto do calendário (ICS) da empresa ou de uma pessoa; criado no primeiro pedido",
          query=FiltroFeed, responses={200: Feed, 400: Erro}, permissao=LER)
def feed(query: FiltroFeed):
    with escrita() as tx:
        token = feeds.token_de(tx, membro_do_filtro(query.membro))
    caminho = f"/api/agenda/feed/{token}.ics"
    return Feed(url=url_publica(caminho), caminho=caminho)


@bp.delete("/api/agenda/feed")
@endpoint(resumo="Revoga o endereço do calendário: o antigo deixa de responder (404)", query=FiltroFeed,
          responses={204: None, 400: Erro}, permissao=ESCREVER)
def revogar(query: FiltroFeed):
    with escrita() as tx:
        feeds.revogar(tx, membro_do_filtro(query.membro))
    return Response(status=204)


@bp.get("/api/agenda/feed/<token>.ics")
@endpoint(resumo="O calendário (iCalendar) de um endereço secreto, sem login: das sessões de 90 dias atrás "
                 "a 2 anos à frente", publico=True, responses={200: None, 304: None, 404: Erro},
          conteudo={"text/calendar": "BEGIN:VCALENDAR ..."})
def calendario(token: str):
    if len(token) > 100:
        raise NaoEncontrado("Calendário não encontrado")
    # No empresa yet: the token says which (migration 0005, policy feed_pelo_token).
    with plataforma().db.transacao(None) as cur:
        achado = feeds.do_token(cur, token)
    if achado is None:
        raise NaoEncontrado("Calendário não encontrado")
    with tenant_transaction(achado["empresa_id"]) as cur:
        corpo = feeds.conteudo(cur, achado)
    etag = hashlib.sha256(corpo).hexdigest()[:32]
    resposta = Response(corpo, mimetype="text/calendar")
    resposta.charset = "utf-8"
    resposta.set_etag(etag)
    # A calendar app polls; a proxy must not keep the agenda, the app itself may revalidate.
    resposta.headers["Cache-Control"] = "private, no-cache"
    resposta.headers["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return resposta.make_conditional(request)


class Ignorado(BaseModel):
    uid: str | None
    motivo: str


class Importacao(BaseModel):
    criadas: int
    atualizadas: int
    inalteradas: int = Field(description="Já iguais no sistema: importar de novo não muda nada")
    ignoradas: list[Ignorado]
    avisos: list[ConflitoDeEquipe] = Field(description="Pessoas de equipes que ficaram em duas sessões ao mesmo tempo")


def _grande_demais() -> ArquivoGrande:
    motivo = f"O arquivo passa do limite de {MAXIMO_DO_ARQUIVO // (1024 * 1024)} MB"
    return ArquivoGrande(motivo, {"arquivo": motivo})


def _conteudo_enviado() -> bytes:
    """The .ics: the multipart field `arquivo`, or the body itself as text/calendar."""
    try:
        if request.mimetype == "multipart/form-data":
            arquivo = request.files.get("arquivo")
            if arquivo is None:
                raise Validacao("Envie o arquivo .ics no campo arquivo", {"arquivo": "Campo obrigatório"})
            dados = arquivo.stream.read(MAXIMO_DO_ARQUIVO + 1)
        elif request.mimetype == "text/calendar":
            dados = request.stream.read(MAXIMO_DO_ARQUIVO + 1)
        else:
            raise TipoNaoSuportado("Envie o .ics como multipart/form-data (campo arquivo) ou text/calendar")
    except RequestEntityTooLarge:  # past the service's MAX_UPLOAD_BYTES, before we read a byte
        raise _grande_demais() from None
    if len(dados) > MAXIMO_DO_ARQUIVO:
        raise _grande_demais()
    if not dados.strip():
        raise Validacao("O arquivo está vazio", {"arquivo": "Arquivo vazio"})
    return dados


@bp.post("/api/agenda/importar")
@endpoint(resumo="Importa um .ics: cria ou atualiza sessões pelo UID (importar de novo não duplica); tudo ou nada",
          multipart={"arquivo": "Calendário iCalendar (.ics), até 2 MB; ou o corpo como text/calendar"},
          responses={200: Importacao, 400: Erro, 409: Erro, 413: Erro, 415: Erro}, permissao=ESCREVER)
def importar():
    itens, ignoradas = ics.ler(_conteudo_enviado())  # parsed before any transaction opens
    with escrita() as tx:
        resultado = agenda.importar(tx, itens)
    return Importacao(**resultado, ignoradas=ignoradas)
