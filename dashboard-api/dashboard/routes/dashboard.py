"""/api/dashboard: the home screen's figures, its widgets, and both at once (`/metrics`).

Reading needs `dashboard:ler`; the studio's work (this week's sessões, the eventos by etapa) is
there only for a user who may also read operacional (`operacional:ler`): for the others its keys
are absent, as if the dashboard had none (the money is for anyone who sees the dashboard).

Every answer comes through the cache (shared/cache.py) keyed by the empresa, the generations of
financeiro and cadastros (the domains the figures read), the filters and today's date (overdue and
upcoming move with the calendar): a committed write bumps a generation, so the next read, at most
memo_ttl later, builds a new key. A warm read touches Redis only; with Redis down every read goes
to PostgreSQL. The studio's work is an entry of its own, keyed by the generations of what it
reads (the module `operacional` beside painel).
"""
from datetime import date, datetime
from typing import Annotated, Literal, Union

from flask import Blueprint, g
from pydantic import BaseModel, Field

from shared.api import Data, Dinheiro, Erro, IdDeFiltro, Modelo, Opcional, endpoint
from shared.app import contexto, plataforma, tenant_transaction
from shared.config import hoje
from shared.errors import NaoEncontrado

from dashboard import operacional, painel

bp = Blueprint("dashboard", __name__)

LER = "dashboard:ler"
LER_OPERACIONAL = "operacional:ler"


# ---------------------------------------------------------------- request


class FiltroDashboard(Modelo):
    de: Opcional[Data] = Field(
        None, description="Início do período (vencimento); padrão: o 1º dia do mês de `ate`, ou do mês atual")
    ate: Opcional[Data] = Field(
        None, description="Fim do período; padrão: o último dia do mês de `de`, ou do mês atual")
    conta_id: Opcional[IdDeFiltro] = Field(None, description="Só esta conta")

    def periodo(self) -> tuple[date, date]:
        return painel.periodo(self.de, self.ate)


# ---------------------------------------------------------------- responses


class Periodo(BaseModel):
    de: date
    ate: date


EtapaAberta = Literal["lead", "orcamento", "contratado", "em_producao", "entregue"]


class SessaoDaSemana(BaseModel):
    id: int
    titulo: str
    tipo: str = Field(description="ensaio, cerimonia, festa, reuniao, entrega, outro")
    inicio: datetime = Field(description="No fuso do estúdio (America/Sao_Paulo), com o deslocamento")
    fim: datetime
    dia: date = Field(description="O dia da semana em que a sessão aparece: o do início, ou a segunda-feira "
                                  "para a que começou antes dela")
    local: str | None
    evento_id: int | None
    evento: str | None = Field(description="O nome do evento da sessão")


class Semana(BaseModel):
    de: date = Field(description="A segunda-feira da semana de hoje")
    ate: date = Field(description="O domingo")
    quantidade: int = Field(description="Quantas sessões tocam a semana (a lista traz até 100)")
    sessoes: list[SessaoDaSemana] = Field(description="Pelo início; o horário sem os deslocamentos e a montagem")


class QuantosNaEtapa(BaseModel):
    etapa: EtapaAberta
    quantidade: int


class ProximoEvento(BaseModel):
    id: int
    nome: str
    tipo: str | None
    etapa: EtapaAberta
    data_inicio: date
    data_fim: date | None
    local: str | None
    cliente_id: int | None
    cliente: str | None


class EventosPorEtapa(BaseModel):
    etapas: list[QuantosNaEtapa] = Field(description="Cada etapa em aberto, na ordem da vida do evento, "
                                                     "com zero; concluído, perdido e cancelado não contam")
    total: int = Field(description="Eventos em aberto")
    proximos: list[ProximoEvento] = Field(description="Os 5 próximos eventos em aberto que ainda não "
                                                      "terminaram, pela data de início")


class Resumo(BaseModel):
    saldo_total: Dinheiro = Field(description="Soma do saldo de hoje das contas ativas (ou da conta filtrada)")
    receitas_mes: Dinheiro = Field(description="Receitas com vencimento no período (não canceladas)")
    despesas_mes: Dinheiro = Field(description="Despesas com vencimento no período (não canceladas)")
    recebido_mes: Dinheiro = Field(description="Quanto das receitas do período já foi recebido")
    pago_mes: Dinheiro = Field(description="Quanto das despesas do período já foi pago")
    a_receber: Dinheiro = Field(description="Em aberto de todas as receitas pendentes ou parciais")
    a_pagar: Dinheiro = Field(description="Em aberto de todas as despesas pendentes ou parciais")
    vencidos: Dinheiro = Field(description="Em aberto das receitas vencidas (inadimplência)")
    vencidos_a_pagar: Dinheiro = Field(description="Em aberto das despesas vencidas")
    periodo: Periodo
    conta_id: int | None
    atualizado_em: datetime = Field(description="Quando estes números foram calculados")
    semana: Semana | None = Field(None, description="As sessões desta semana; ausente sem a permissão "
                                                   "operacional:ler")
    eventos_por_etapa: EventosPorEtapa | None = Field(
        None, description="Os eventos em aberto por etapa e os próximos; ausente sem a permissão operacional:ler")


class SaldoConta(BaseModel):
    conta_id: int
    nome: str
    saldo: Dinheiro


class ValoresDoMes(BaseModel):
    mes: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-11"])
    receitas: Dinheiro
    despesas: Dinheiro
    recebido: Dinheiro
    pago: Dinheiro


class ValorDaCategoria(BaseModel):
    categoria_id: int
    nome: str
    tipo: Literal["RECEITA", "DESPESA"]
    valor: Dinheiro


class QuantosQuanto(BaseModel):
    quantidade: int
    valor: Dinheiro


class Proximos(BaseModel):
    receber_7: QuantosQuanto
    pagar_7: QuantosQuanto
    receber_30: QuantosQuanto
    pagar_30: QuantosQuanto


class Vencidos(BaseModel):
    receber: QuantosQuanto
    pagar: QuantosQuanto


class Comparacao(BaseModel):
    mes: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-11"])
    resultado: Dinheiro = Field(description="Receitas menos despesas com vencimento no mês")
    mes_ano_passado: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2025-11"])
    resultado_ano_passado: Dinheiro
    variacao_percentual: str | None = Field(
        description="Variação em %, uma casa decimal; nula quando o resultado do ano passado é zero")


Filtro = dict[str, str | int | bool | list[str]]
_FILTRO = ("A consulta de /api/lancamentos que mostra o que o widget soma (o item clicado acrescenta "
           "conta_id, categoria_id ou tipo)")


class WidgetSaldos(BaseModel):
    id: Literal["saldos_por_conta"]
    titulo: str
    tipo: Literal["barras"]
    dados: list[SaldoConta]
    filtro: Filtro = Field(description=_FILTRO)


class WidgetMeses(BaseModel):
    id: Literal["receitas_despesas_12_meses"]
    titulo: str
    tipo: Literal["linhas"]
    dados: list[ValoresDoMes]
    filtro: Filtro = Field(description=_FILTRO)


class WidgetCategorias(BaseModel):
    id: Literal["top_categorias"]
    titulo: str
    tipo: Literal["pizza"]
    dados: list[ValorDaCategoria]
    filtro: Filtro = Field(description=_FILTRO)


class WidgetProximos(BaseModel):
    id: Literal["proximos_vencimentos"]
    titulo: str
    tipo: Literal["tabela"]
    dados: Proximos
    filtro: Filtro = Field(description=_FILTRO)


class WidgetVencidos(BaseModel):
    id: Literal["vencidos"]
    titulo: str
    tipo: Literal["numeros"]
    dados: Vencidos
    filtro: Filtro = Field(description=_FILTRO)


class WidgetComparacao(BaseModel):
    id: Literal["resultado_comparado"]
    titulo: str
    tipo: Literal["comparacao"]
    dados: Comparacao
    filtro: Filtro = Field(description=_FILTRO)


Widget = Annotated[Union[WidgetSaldos, WidgetMeses, WidgetCategorias, WidgetProximos, WidgetVencidos,
                         WidgetComparacao], Field(discriminator="id")]


class Widgets(BaseModel):
    items: list[Widget]


class DadosDosWidgets(BaseModel):
    saldos_por_conta: list[SaldoConta]
    receitas_despesas_12_meses: list[ValoresDoMes]
    top_categorias: list[ValorDaCategoria]
    proximos_vencimentos: Proximos
    vencidos: Vencidos
    resultado_comparado: Comparacao


class Metricas(Resumo):
    widgets: DadosDosWidgets


# ---------------------------------------------------------------- through the cache


def _obter(nome: str, query: FiltroDashboard, montar) -> dict:
    """`montar` (painel.resumo or painel.widgets) for the query, through the cache."""
    de, ate = query.periodo()
    dia = hoje()

    def carregar():
        with tenant_transaction() as cur:
            return montar(cur, de, ate, query.conta_id, dia)

    chave = f"{nome}:{de}:{ate}:{query.conta_id or 0}:{dia}"
    valor = plataforma().cache.obter(contexto().empresa_id, painel.DOMINIOS, chave, carregar)
    # A conta that does not exist is cached like a figure: the key carries cadastros' generation,
    # so a new conta is seen at once, and a miss costs no query on the next read.
    if valor == painel.CONTA_INEXISTENTE:
        raise NaoEncontrado("Conta não encontrada", {"conta_id": "Conta não encontrada"})
    return valor


def _com_operacional(modelo: type[Resumo], numeros: dict) -> dict:
    """`numeros` as `modelo` serializes them, with the studio's work for a user who may read
    operacional, without its keys for the others. The work is cached per empresa and day (the
    week moves with it), whatever the filters."""
    if not g.usuario.pode(LER_OPERACIONAL):
        return modelo.model_validate(numeros).model_dump(mode="json", exclude=set(operacional.PARTES))
    dia = hoje()

    def carregar():
        with tenant_transaction() as cur:
            return operacional.montar(cur, dia)

    partes = plataforma().cache.obter(contexto().empresa_id, operacional.DOMINIOS, f"operacional:{dia}", carregar)
    return modelo.model_validate({**numeros, **partes}).model_dump(mode="json")


# ---------------------------------------------------------------- routes


@bp.get("/api/dashboard")
@endpoint(resumo="Os números do dashboard: saldos, receitas e despesas do período, em aberto e vencidos; "
                 "as sessões da semana e os eventos por etapa",
          query=FiltroDashboard, responses={200: Resumo, 404: Erro}, permissao=LER)
def resumo(query: FiltroDashboard):
    return _com_operacional(Resumo, _obter("resumo", query, painel.resumo))


@bp.get("/api/dashboard/widgets")
@endpoint(resumo="Os widgets do dashboard, cada um com seus dados e o filtro do livro que os detalha",
          query=FiltroDashboard, responses={200: Widgets, 404: Erro}, permissao=LER)
def widgets(query: FiltroDashboard):
    return Widgets.model_validate(_obter("widgets", query, painel.widgets))


@bp.get("/api/dashboard/metrics")
@endpoint(resumo="Tudo de uma vez: os números do dashboard e os dados de cada widget",
          query=FiltroDashboard, responses={200: Metricas, 404: Erro}, permissao=LER)
def metrics(query: FiltroDashboard):
    numeros = _obter("resumo", query, painel.resumo)
    itens = _obter("widgets", query, painel.widgets)["items"]
    return _com_operacional(Metricas, {**numeros, "widgets": {w["id"]: w["dados"] for w in itens}})
