"""The dashboard's two documents, the summary and the widgets, put together from metricas' figures.

Each takes the cursor of the caller's tenant transaction, the period, the conta filter and the day
(today, passed in: the caller's cache key carries it too), and gives back a JSON-able dict, or
CONTA_INEXISTENTE when `conta_id` names no conta of the empresa.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.calendario import fim_do_mes, primeiro_do_mes, somar_meses
from shared.config import FUSO, hoje
from shared.errors import Validacao

from dashboard import metricas

# The domains whose writes change a figure: the cache key and the stream's id carry their generations.
DOMINIOS = ("financeiro", "cadastros")
# The widgets, in the order `widgets` lists them (and the stream names them).
WIDGETS = ("saldos_por_conta", "receitas_despesas_12_meses", "top_categorias", "proximos_vencimentos",
           "vencidos", "resultado_comparado")
# What a document is when its conta does not exist: cached like one (the route answers 404), as
# every replica, whatever its version, reads the same cache entries.
CONTA_INEXISTENTE = {"conta_inexistente": True}


def periodo(de: date | None, ate: date | None) -> tuple[date, date]:
    """The period asked for: the current month by default; one bound alone completes its month."""
    if de is None and ate is None:
        dia = hoje()
        return primeiro_do_mes(dia), fim_do_mes(dia)
    de = de or primeiro_do_mes(ate)
    ate = ate or fim_do_mes(de)
    if de > ate:
        raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
    return de, ate


def resumo(cur, de: date, ate: date, conta_id: int | None, dia: date) -> dict:
    if conta_id is not None and not metricas.conta_existe(cur, conta_id):
        return CONTA_INEXISTENTE
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
        # A timestamp, not a day: when these figures were computed.
        "atualizado_em": datetime.now(ZoneInfo(FUSO)).isoformat(),
    }


def _filtro(conta_id: int | None, **filtro) -> dict:
    """The ledger query (/api/lancamentos) that shows what a widget sums."""
    filtro = {chave: (valor.isoformat() if isinstance(valor, date) else valor) for chave, valor in filtro.items()}
    return filtro if conta_id is None else {**filtro, "conta_id": conta_id}


def widgets(cur, de: date, ate: date, conta_id: int | None, dia: date) -> dict:
    if conta_id is not None and not metricas.conta_existe(cur, conta_id):
        return CONTA_INEXISTENTE
    mes = primeiro_do_mes(ate)
    # 13 months: the chart's 12 ending at `ate`'s month, and the same month a year before.
    meses = metricas.por_mes(cur, somar_meses(mes, -12), mes, conta_id)
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
         "filtro": _filtro(conta_id, status=validos, de=somar_meses(mes, -11), ate=fim_do_mes(mes))},
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
         "filtro": _filtro(conta_id, status=validos, de=mes, ate=fim_do_mes(mes))},
    ]}

