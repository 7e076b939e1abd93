"""/api/dashboard: the home screen's figures, its widgets, and both at once (`/metrics`).

Reading needs `dashboard:ler`. Every answer comes through the cache (shared/cache.py) keyed by
the empresa, the generations of financeiro and cadastros (the domains the figures read), the
filters and today's date (overdue and upcoming move with the calendar): a committed write bumps a
generation, so the next read, at most memo_ttl later, builds a new key. A warm read touches
Redis only; with Redis down every read goes to PostgreSQL.
"""
from datetime import date, datetime, timedelta
from typing import Annotated, Literal, Union
from zoneinfo import ZoneInfo

from flask import Blueprint, g
from pydantic import BaseModel, Field

from shared.api import Data, Dinheiro, Erro, IdDeFiltro, Modelo, Opcional, endpoint
from shared.app import plataforma, tenant_transaction
from shared.config import FUSO, hoje
from shared.errors import NaoEncontrado, Validacao

from dashboard import metricas

bp = Blueprint("dashboard", __name__)

LER = "dashboard:ler"
# The domains whose writes change a figure: the cache key carries their generations.
DOMINIOS = ("financeiro", "cadastros")


# ---------------------------------------------------------------- request


class FiltroDashboard(Modelo):
    de: Opcional[Data] = Field(
        None, description="Início do período (vencimento); padrão: o 1º dia do mês de `ate`, ou do mês atual")
    ate: Opcional[Data] = Field(
        None, description="Fim do período; padrão: o último dia do mês de `de`, ou do mês atual")
    conta_id: Opcional[IdDeFiltro] = Field(None, description="Só esta conta")

    def periodo(self) -> tuple[date, date]:
        if self.de is None and self.ate is None:
            return metricas.periodo_padrao()
        de = self.de or metricas.inicio_do_mes(self.ate)
        ate = self.ate or metricas.fim_do_mes(self.de)
        if de > ate:
            raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
        return de, ate


# ---------------------------------------------------------------- responses


class Periodo(BaseModel):
    de: date
    ate: date


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


# ---------------------------------------------------------------- building the figures


def _carregar_resumo(de: date, ate: date, conta_id: int | None, dia: date):
    def carregar():
        with tenant_transaction() as cur:
            if conta_id is not None and not metricas.conta_existe(cur, conta_id):
                # Cached like a figure: the key carries cadastros' generation, so a new conta
                # is seen at once, and a miss costs no query on the next read.
                return {"conta_inexistente": True}
            saldos = metricas.saldos_por_conta(cur, conta_id)
            vencidos = metricas.vencidos(cur, conta_id, dia)
            return {
                "saldo_total": sum((s["saldo"] for s in saldos), metricas.ZERO),
                **metricas.do_periodo(cur, de, ate, conta_id),
                **metricas.em_aberto(cur, conta_id),
                "vencidos": vencidos["receber"]["valor"],
                "vencidos_a_pagar": vencidos["pagar"]["valor"],
                "periodo": {"de": de, "ate": ate},
                "conta_id": conta_id,
                "atualizado_em": datetime.now(ZoneInfo(FUSO)).isoformat(),
            }
    return carregar


def _filtro(conta_id: int | None, **filtro) -> dict:
    filtro = {chave: (valor.isoformat() if isinstance(valor, date) else valor) for chave, valor in filtro.items()}
    return filtro if conta_id is None else {**filtro, "conta_id": conta_id}


def _carregar_widgets(de: date, ate: date, conta_id: int | None, dia: date):
    def carregar():
        with tenant_transaction() as cur:
            if conta_id is not None and not metricas.conta_existe(cur, conta_id):
                return {"conta_inexistente": True}
            mes = metricas.inicio_do_mes(ate)
            # 13 months: the chart's 12 ending at `ate`'s month, and the same month a year before.
            meses = metricas.por_mes(cur, metricas.somar_meses(mes, -12), mes, conta_id)
            saldos = metricas.saldos_por_conta(cur, conta_id)
            categorias = metricas.top_categorias(cur, de, ate, conta_id)
            proximos = metricas.proximos_vencimentos(cur, conta_id, dia)
            vencidos = metricas.vencidos(cur, conta_id, dia)
        atual, passado = meses[-1], meses[0]
        resultado = atual["receitas"] - atual["despesas"]
        resultado_passado = passado["receitas"] - passado["despesas"]
        variacao = metricas.variacao_percentual(resultado, resultado_passado)
        abertos, validos = list(metricas.ABERTOS), list(metricas.VALIDOS)
        return {"items": [
            {"id": "saldos_por_conta", "titulo": "Saldo por conta", "tipo": "barras", "dados": saldos,
             "filtro": _filtro(conta_id, data="pagamento", ate=dia)},
            {"id": "receitas_despesas_12_meses", "titulo": "Receitas e despesas — 12 meses", "tipo": "linhas",
             "dados": meses[1:],
             "filtro": _filtro(conta_id, status=validos, de=metricas.somar_meses(mes, -11), ate=metricas.fim_do_mes(mes))},
            {"id": "top_categorias", "titulo": "Principais categorias do período", "tipo": "pizza",
             "dados": categorias, "filtro": _filtro(conta_id, status=validos, de=de, ate=ate)},
            {"id": "proximos_vencimentos", "titulo": "Próximos vencimentos", "tipo": "tabela", "dados": proximos,
             "filtro": _filtro(conta_id, status=abertos, de=dia, ate=dia + timedelta(days=29))},
            {"id": "vencidos", "titulo": "Vencidos", "tipo": "numeros", "dados": vencidos,
             "filtro": _filtro(conta_id, status=abertos, ate=dia - timedelta(days=1))},
            {"id": "resultado_comparado", "titulo": "Resultado do mês e do mesmo mês do ano passado",
             "tipo": "comparacao",
             "dados": {"mes": atual["mes"], "resultado": resultado, "mes_ano_passado": passado["mes"],
                       "resultado_ano_passado": resultado_passado,
                       "variacao_percentual": None if variacao is None else str(variacao)},
             "filtro": _filtro(conta_id, status=validos, de=mes, ate=metricas.fim_do_mes(mes))},
        ]}
    return carregar


def _obter(nome: str, query: FiltroDashboard, fabrica) -> dict:
    de, ate = query.periodo()
    dia = hoje()
    chave = f"{nome}:{de}:{ate}:{query.conta_id or 0}:{dia}"
    valor = plataforma().cache.obter(g.usuario.empresa_id, DOMINIOS, chave, fabrica(de, ate, query.conta_id, dia))
    if valor.get("conta_inexistente"):
        raise NaoEncontrado("Conta não encontrada", {"conta_id": "Conta não encontrada"})
    return valor


# ---------------------------------------------------------------- routes


@bp.get("/api/dashboard")
@endpoint(resumo="Os números do dashboard: saldos, receitas e despesas do período, em aberto e vencidos",
          query=FiltroDashboard, responses={200: Resumo, 404: Erro}, permissao=LER)
def resumo(query: FiltroDashboard):
    return Resumo.model_validate(_obter("resumo", query, _carregar_resumo))


@bp.get("/api/dashboard/widgets")
@endpoint(resumo="Os widgets do dashboard, cada um com seus dados e o filtro do livro que os detalha",
          query=FiltroDashboard, responses={200: Widgets, 404: Erro}, permissao=LER)
def widgets(query: FiltroDashboard):
    return Widgets.model_validate(_obter("widgets", query, _carregar_widgets))


@bp.get("/api/dashboard/metrics")
@endpoint(resumo="Tudo de uma vez: os números do dashboard e os dados de cada widget",
          query=FiltroDashboard, responses={200: Metricas, 404: Erro}, permissao=LER)
def metrics(query: FiltroDashboard):
    numeros = _obter("resumo", query, _carregar_resumo)
    itens = _obter("widgets", query, _carregar_widgets)["items"]
    return Metricas.model_validate({**numeros, "widgets": {w["id"]: w["dados"] for w in itens}})
