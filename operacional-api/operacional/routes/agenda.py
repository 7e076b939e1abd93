"""/api/agenda: the sessões of the studio's calendar, with their team.

Reading needs `operacional:ler`; writing `operacional:escrever`. The rules are operacional/agenda.py's:
a team member in two overlapping sessões is a 409 `conflito_de_equipe` unless the body confirms
(`confirmar_conflitos: true`; the answer then lists them in `avisos`). The ICS feed and import are
in routes/agenda_ics.py.
"""
from datetime import datetime
from typing import Annotated, Any, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from shared.api import (ANO_MAXIMO, ANO_MINIMO, Data, Erro, Id, IdDeFiltro, Lista, Modelo, Opcional, Pagina, Texto,
                        endpoint, nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado, Validacao

from operacional import agenda
from operacional.permissoes import ESCREVER, LER
from operacional.routes.equipamentos import MAIOR_FUSO
from operacional.routes.eventos_equipe import UmaPessoa

bp = Blueprint("agenda", __name__)

# How far apart de and ate may be: a year and a day, the widest a calendar view asks for.
MAXIMO_DE_DIAS = 366

_EXEMPLO = "2026-05-09T14:00:00-03:00"


def _instante(valor: Any) -> datetime:
    """ISO 8601 with its offset: a time without one would be read in whatever zone the server has."""
    if isinstance(valor, datetime):
        texto = None
    elif isinstance(valor, str):
        texto = valor.strip()
    else:
        raise ValueError(f"Data e hora inválidas; use ISO 8601 com fuso, como {_EXEMPLO}")
    try:
        instante = valor if texto is None else datetime.fromisoformat(texto)
    except ValueError:
        raise ValueError(f"Data e hora inválidas; use ISO 8601 com fuso, como {_EXEMPLO}") from None
    if instante.tzinfo is None:
        raise ValueError(f"Informe o fuso horário (como -03:00 ou Z), por exemplo {_EXEMPLO}")
    if abs(instante.utcoffset()) > MAIOR_FUSO:
        raise ValueError("Fuso horário inválido: use um deslocamento entre -14:00 e +14:00")
    if not ANO_MINIMO <= instante.year <= ANO_MAXIMO:
        raise ValueError(f"Data fora do intervalo aceito (anos de {ANO_MINIMO} a {ANO_MAXIMO})")
    return instante


Instante = Annotated[datetime, BeforeValidator(_instante),
                     WithJsonSchema({"type": "string", "format": "date-time", "example": _EXEMPLO})]
Titulo = Annotated[Texto, Field(min_length=1, max_length=120)]
Tipo = Literal["ensaio", "cerimonia", "festa", "reuniao", "entrega", "outro"]
Folga = Annotated[int, Field(ge=0, le=1440, description="Minutos de deslocamento/montagem (0 a 1440)")]
Local = Opcional[Annotated[Texto, Field(max_length=200)]]
Observacoes = Opcional[Annotated[Texto, Field(max_length=2000)]]


class PessoaDaSessao(UmaPessoa):
    papel: Opcional[Annotated[Texto, Field(max_length=60)]] = None


Equipe = Annotated[list[PessoaDaSessao], Field(max_length=30)]


class NovaSessao(Modelo):
    titulo: Titulo
    tipo: Tipo = "ensaio"
    inicio: Instante
    fim: Instante = Field(description="Depois do início")
    antes_min: Folga = 0
    depois_min: Folga = 0
    local: Local = None
    evento_id: Id | None = None
    contrato_id: Id | None = None
    observacoes: Observacoes = None
    equipe: Equipe = []
    confirmar_conflitos: bool = Field(False, description="true: salva mesmo com alguém da equipe em outra sessão "
                                                         "no mesmo horário (a resposta lista os avisos)")


class AlteracaoSessao(Modelo):
    """Any subset of a new sessão's fields; `equipe`, when sent, replaces the whole team; `null`
    clears local, evento_id, contrato_id and observacoes and is refused for the others."""

    titulo: Titulo = None
    tipo: Tipo = None
    inicio: Instante = None
    fim: Instante = None
    antes_min: Folga = None
    depois_min: Folga = None
    local: Local = None
    evento_id: Id | None = None
    contrato_id: Id | None = None
    observacoes: Observacoes = None
    equipe: Equipe = None
    confirmar_conflitos: bool = False

    _nunca_nulos = nunca_nulos("titulo", "tipo", "inicio", "fim", "antes_min", "depois_min", "equipe",
                               "confirmar_conflitos")


class MembroDaSessao(BaseModel):
    usuario_id: int | None
    fornecedor_id: int | None
    funcionario_id: int | None
    papel: str | None
    nome: str | None


class Sessao(BaseModel):
    id: int
    titulo: str
    tipo: str
    inicio: datetime
    fim: datetime
    antes_min: int
    depois_min: int
    local: str | None
    evento_id: int | None
    evento: str | None = Field(description="Nome do evento")
    contrato_id: int | None
    observacoes: str | None
    uid: str = Field(description="UID iCalendar: o mesmo em toda edição")
    sequencia: int
    equipe: list[MembroDaSessao]
    criado_em: datetime
    atualizado_em: datetime


class ConflitoDeEquipe(BaseModel):
    usuario_id: int | None
    fornecedor_id: int | None
    funcionario_id: int | None
    nome: str
    sessao_id: int
    titulo: str
    inicio: datetime
    fim: datetime
    mensagem: str


class SessaoSalva(Sessao):
    avisos: list[ConflitoDeEquipe] = Field(description="Conflitos de equipe aceitos com confirmar_conflitos")


# A person in a query string: "usuario:3", "fornecedor:7" or "funcionario:2".
MembroDoFiltro = Annotated[str | None, Field(pattern=r"^(usuario|fornecedor|funcionario):[1-9][0-9]{0,18}$")]


class FiltroDaAgenda(Pagina):
    de: Data = Field(description="Primeiro dia (AAAA-MM-DD, dia de São Paulo)")
    ate: Data = Field(description=f"Último dia, inclusive; no máximo {MAXIMO_DE_DIAS} dias depois de `de`")
    evento_id: IdDeFiltro | None = None
    membro: MembroDoFiltro = Field(None, description="Sessões de uma pessoa: usuario:<id>, fornecedor:<id> ou "
                                                     "funcionario:<id>")
    tipo: Tipo | None = None


def membro_do_filtro(texto: str | None) -> tuple[str, int] | None:
    """"usuario:3" → ("usuario_id", 3)."""
    if texto is None:
        return None
    tipo, _, numero = texto.partition(":")
    return f"{tipo}_id", int(numero)


@bp.get("/api/agenda")
@endpoint(resumo="Sessões que acontecem entre dois dias (o que o calendário mostra), por início",
          query=FiltroDaAgenda, responses={200: Lista[Sessao], 400: Erro}, permissao=LER)
def listar(query: FiltroDaAgenda):
    if query.ate < query.de:
        raise Validacao("O período termina antes de começar", {"ate": "Deve ser igual ou posterior a de"})
    if (query.ate - query.de).days > MAXIMO_DE_DIAS:
        raise Validacao(f"Período longo demais; peça no máximo {MAXIMO_DE_DIAS} dias",
                        {"ate": f"No máximo {MAXIMO_DE_DIAS} dias depois de de"})
    apos = query.apos(agenda.PosicaoSessao)
    with tenant_transaction() as cur:
        linhas = agenda.listar(cur, query.de, query.ate, query.evento_id, membro_do_filtro(query.membro), query.tipo,
                               apos, query.limit + 1)
    return Lista[Sessao](**pagina(linhas, query, lambda s: agenda.PosicaoSessao(inicio=s["inicio"].isoformat(),
                                                                               id=s["id"])))


@bp.get("/api/agenda/<int:sessao_id>")
@endpoint(resumo="Uma sessão", responses={200: Sessao, 404: Erro}, permissao=LER)
def obter(sessao_id: int):
    with tenant_transaction() as cur:
        sessao = agenda.por_id(cur, sessao_id)
    if sessao is None:
        raise NaoEncontrado("Sessão não encontrada")
    return Sessao(**sessao)


def _dados(body: Modelo) -> dict:
    """The fields sent, the team as plain dicts."""
    dados = {campo: valor for campo, valor in body if campo in body.model_fields_set and campo != "confirmar_conflitos"}
    if "equipe" in dados:
        dados["equipe"] = [membro.model_dump() for membro in body.equipe]
    return dados


@bp.post("/api/agenda")
@endpoint(resumo="Cria uma sessão; 409 conflito_de_equipe se alguém da equipe já está em outra no horário",
          body=NovaSessao, responses={201: SessaoSalva, 400: Erro, 409: Erro}, permissao=ESCREVER)
def criar(body: NovaSessao):
    with escrita() as tx:
        sessao, avisos = agenda.criar(tx, _dados(body), body.confirmar_conflitos)
    return SessaoSalva(**sessao, avisos=avisos), 201


@bp.put("/api/agenda/<int:sessao_id>")
@endpoint(resumo="Altera uma sessão: os campos enviados; os outros ficam como estão",
          body=AlteracaoSessao, responses={200: SessaoSalva, 400: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(sessao_id: int, body: AlteracaoSessao):
    with escrita() as tx:
        sessao, avisos = agenda.alterar(tx, sessao_id, _dados(body), body.confirmar_conflitos)
    return SessaoSalva(**sessao, avisos=avisos)


@bp.delete("/api/agenda/<int:sessao_id>")
@endpoint(resumo="Exclui uma sessão (com sua equipe e as alocações de equipamento)",
          responses={204: None, 404: Erro}, permissao=ESCREVER)
def excluir(sessao_id: int):
    with escrita() as tx:
        agenda.excluir(tx, sessao_id)
    return Response(status=204)
