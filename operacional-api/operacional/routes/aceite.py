"""The electronic acceptance of a contract (operacional/aceite.py has the rules).

Staff (`operacional:escrever` / `:ler`): `POST /api/contratos/<id>/aceite` makes (or replaces) the
secret link; `GET .../aceite` the record; `GET .../aceite/pdf` the PDF kept; `POST
.../aceite/verificar` checks whether a PDF is that very one.

The client, with no login (`publico`): `GET /api/aceite/<token>`, `GET /api/aceite/<token>/pdf` and
`POST /api/aceite/<token>` to accept, limited per address so a link cannot be hammered. The token
alone finds the empresa; everything after runs in that empresa's transaction.
"""
from datetime import datetime
from typing import Annotated, Literal

from flask import Blueprint, Response, request
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Modelo, Texto, endpoint
from shared.app import escrita, plataforma, tenant_transaction
from shared.encaminhamento import url_publica
from shared.errors import ArquivoGrande, NaoEncontrado, Validacao
from shared.ratelimit import ip_do_cliente, limiter

from operacional import aceite
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("aceite", __name__)

# Per client address: a person accepts once; more than this is a script trying tokens or CPFs.
LIMITE_ACEITE = "10 per minute"


class LinkDeAceite(BaseModel):
    url: str = Field(description="O endereço secreto para enviar ao cliente; um novo link invalida o anterior")
    caminho: str = Field(description="O mesmo endereço sem a origem, para quem o monta sobre a sua")
    pdf_sha256: str


class RegistroDeAceite(BaseModel):
    contrato_id: int
    status: Literal["aguardando", "aceito"]
    gerado_em: datetime
    pdf_sha256: str = Field(description="SHA-256 do PDF mostrado ao cliente (e guardado)")
    aceito_em: datetime | None
    nome: str | None
    cpf: str | None
    ip: str | None
    user_agent: str | None


class Verificacao(BaseModel):
    confere: bool = Field(description="true: o arquivo enviado é exatamente o PDF aceito")
    sha256: str
    sha256_guardado: str


class Empresa(BaseModel):
    nome: str
    cnpj: str | None


class ParcelaResumida(BaseModel):
    numero: int
    valor: Dinheiro
    vencimento: str


class ResumoParaOCliente(BaseModel):
    id: int
    descricao: str
    valor: Dinheiro
    cliente_nome: str | None
    evento_nome: str | None
    parcelas: list[ParcelaResumida]


class ContratoParaAceite(BaseModel):
    empresa: Empresa
    contrato: ResumoParaOCliente
    texto: str
    status: Literal["aguardando", "aceito"]
    pdf_sha256: str
    aceito_em: datetime | None
    nome: str | None


class Aceite(Modelo):
    nome: Annotated[Texto, Field(min_length=3, max_length=200, description="Nome completo de quem aceita")]
    cpf: Annotated[Texto, Field(min_length=11, max_length=20, description="CPF, com ou sem pontuação")]


def _id(contrato_id: int) -> int:
    """A path's id; beyond bigint it names no contract."""
    if contrato_id > MAX_ID:
        raise NaoEncontrado("Contrato não encontrado")
    return contrato_id



def _pdf(dados: bytes, nome: str) -> Response:
    return Response(dados, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{nome}"'})


# ---------------------------------------------------------------- staff


@bp.post("/api/contratos/<int:contrato_id>/aceite")
@endpoint(resumo="Gera (ou troca) o link secreto de aceite e congela o PDF que o cliente verá",
          responses={201: LinkDeAceite, 404: Erro, 409: Erro}, permissao=ESCREVER)
def gerar_link(contrato_id: int):
    with escrita() as tx:
        token = aceite.gerar_link(tx, _id(contrato_id))
        registro = aceite.registro(tx.cur, contrato_id)
    # The SPA's public page, which reads GET /api/aceite/<token>.
    caminho = f"/aceite/{token}"
    return LinkDeAceite(url=url_publica(caminho), caminho=caminho, pdf_sha256=registro["pdf_sha256"]), 201


@bp.get("/api/contratos/<int:contrato_id>/aceite")
@endpoint(resumo="O registro do aceite: quando, quem, de onde, e o SHA-256 do PDF aceito",
          responses={200: RegistroDeAceite, 404: Erro}, permissao=LER)
def registro(contrato_id: int):
    with tenant_transaction() as cur:
        achado = aceite.registro(cur, _id(contrato_id))
    if achado is None:
        raise NaoEncontrado("Este contrato ainda não foi enviado para aceite")
    return RegistroDeAceite(**achado)


@bp.get("/api/contratos/<int:contrato_id>/aceite/pdf")
@endpoint(resumo="O PDF guardado: exatamente o que o cliente viu e aceitou", responses={200: None, 404: Erro},
          permissao=LER, conteudo={"application/pdf": "O PDF do aceite"})
def pdf_guardado(contrato_id: int):
    with tenant_transaction() as cur:
        dados = aceite.pdf_guardado(cur, _id(contrato_id))
    return _pdf(dados, f"contrato-{contrato_id}-aceite.pdf")


@bp.post("/api/contratos/<int:contrato_id>/aceite/verificar")
@endpoint(resumo="Confere se um PDF é exatamente o aceito (pelo SHA-256)",
          multipart={"arquivo": "O PDF a conferir (ou envie-o como corpo application/pdf)"},
          responses={200: Verificacao, 400: Erro, 404: Erro, 413: Erro}, permissao=LER)
def verificar(contrato_id: int):
    dados = _arquivo_enviado()
    with tenant_transaction() as cur:
        return Verificacao(**aceite.verificar(cur, _id(contrato_id), dados))


def _arquivo_enviado() -> bytes:
    """The PDF sent: the `arquivo` field of a multipart form, or the raw body."""
    limite = plataforma().config.max_upload_bytes
    if request.content_length is not None and request.content_length > limite:
        raise ArquivoGrande("O arquivo passa do limite de envio", {"arquivo": "Arquivo grande demais"})
    if request.mimetype == "multipart/form-data":
        arquivo = request.files.get("arquivo")
        dados = arquivo.stream.read(limite + 1) if arquivo is not None else b""
    else:
        dados = request.get_data(cache=False)[: limite + 1]
    if not dados:
        raise Validacao("Envie o PDF a conferir", {"arquivo": "Envie o PDF no campo arquivo ou como corpo"})
    if len(dados) > limite:
        raise ArquivoGrande("O arquivo passa do limite de envio", {"arquivo": "Arquivo grande demais"})
    return dados


# ---------------------------------------------------------------- the client (no login)


def _empresa_do_link(token: str) -> tuple[int, int]:
    with tenant_transaction() as cur:  # no session: no empresa yet; the link's hash finds it
        return aceite.empresa_do_link(cur, token)


@bp.get("/api/aceite/<token>")
@endpoint(resumo="O contrato a aceitar, pelo link secreto (sem login)", responses={200: ContratoParaAceite, 404: Erro},
          publico=True)
def ver(token: str):
    empresa_id, contrato_id = _empresa_do_link(token)
    with tenant_transaction(empresa_id) as cur:
        dados = aceite.para_o_cliente(cur, contrato_id)
    dados["contrato"]["parcelas"] = [{**p, "vencimento": p["vencimento"].strftime("%d/%m/%Y")}
                                     for p in dados["contrato"]["parcelas"]]
    return ContratoParaAceite(**dados)


@bp.get("/api/aceite/<token>/pdf")
@endpoint(resumo="O PDF a aceitar (o mesmo cujo SHA-256 será registrado)", responses={200: None, 404: Erro},
          publico=True, conteudo={"application/pdf": "O PDF do contrato"})
def ver_pdf(token: str):
    empresa_id, contrato_id = _empresa_do_link(token)
    with tenant_transaction(empresa_id) as cur:
        dados = aceite.pdf_guardado(cur, contrato_id)
    return _pdf(dados, f"contrato-{contrato_id}.pdf")


def _chave_limite() -> str:
    return f"aceite-ip:{ip_do_cliente()}"


@bp.post("/api/aceite/<token>")
@limiter.limit(LIMITE_ACEITE, key_func=_chave_limite)
@endpoint(resumo="Aceita o contrato: registra nome, CPF, hora, IP, navegador e o SHA-256 do PDF (sem login)",
          body=Aceite, responses={201: RegistroDeAceite, 400: Erro, 404: Erro, 409: Erro, 429: Erro}, publico=True)
def aceitar(token: str, body: Aceite):
    empresa_id, contrato_id = _empresa_do_link(token)
    with escrita(empresa_id) as tx:
        registro = aceite.aceitar(tx, contrato_id, body.nome, body.cpf, ip_do_cliente(),
                                  request.headers.get("User-Agent"))
    return RegistroDeAceite(**registro), 201
