"""Each evento is a centro de custo in cadastros, so what financeiro records for it (the contract's
receivables, freelancers, travel, the album) adds up to the evento's result.

cadastros owns centros de custo: operacional asks its API (shared/servicos.py) for the centro whose
key is "evento:<id>" with the evento's name — creating it the first time, renaming or
(de)activating it later; the key makes every call idempotent. The evento is committed first and
cadastros is called after, so an evento is never lost to cadastros being down: its
`centro_custo_id` then stays NULL (`centro_custo_pendente`) and the next write of the evento, or
`POST /api/eventos/<id>/centro-custo`, asks again. The id cadastros answers is stored in a second,
small transaction.

The result is read from financeiro's read contract by that centro: receita and custo by
competência (every lançamento not cancelled, its part for this centro — financeiro.v_resultado_mes
over all months: an evento's result is its whole life, not a period), recebido and pago by caixa
(the same view's baixas), a_receber and a_pagar from what is open now (financeiro.v_abertos_por_centro).
"""
import logging
from decimal import ROUND_HALF_UP, Decimal

from shared.app import escrita
from shared.errors import ErroAPI
from shared.servicos import chamar

from operacional import eventos

log = logging.getLogger(__name__)

ZERO = Decimal("0.00")


def _centro_desejado(evento: dict, ativo: bool | None = None) -> dict:
    return {"nome": eventos.nome_do_centro(evento), "ativo": eventos.centro_ativo(evento) if ativo is None else ativo}


def precisa_sincronizar(antes: dict | None, depois: dict) -> bool:
    """After a write: the centro is missing, or what it shows of the evento changed."""
    return (depois.get("centro_custo_id") is None or antes is None
            or _centro_desejado(antes) != _centro_desejado(depois))


def sincronizar(evento_id: int, evento: dict, ativo: bool | None = None, tolerante: bool = True) -> int | None:
    """Asks cadastros for the evento's centro as `evento` describes it (nome, data_inicio, etapa) and
    stores its id; the id. Runs after the evento's own transaction committed. When cadastros cannot
    do it now: None (logged; the next write retries) if `tolerante`, else its error (the retry route
    tells the person)."""
    try:
        centro = chamar("cadastros-api", "PUT", f"/api/centros-custo/origem/evento:{evento_id}",
                        json=_centro_desejado(evento, ativo), chave_idempotencia=f"evento:{evento_id}")
    except ErroAPI as erro:
        # Down (ServicoIndisponivel) or refusing (another service's 4xx): the evento is saved
        # already; its centro waits for the next write or the retry route.
        log.warning("centro de custo do evento %s pendente: %s", evento_id, erro.mensagem)
        if not tolerante:
            raise
        return None
    if centro["id"] != evento.get("centro_custo_id"):
        with escrita() as tx:
            eventos.guardar_centro(tx, evento_id, centro["id"])
    return centro["id"]


def resultado(cur, centro_custo_id: int | None) -> dict:
    """{receita, custo, margem, margem_percentual, recebido, a_receber, pago, a_pagar} of a centro
    (all zero, margem_percentual None, while the evento has none)."""
    valores = dict.fromkeys(("receita", "custo", "recebido", "pago", "a_receber", "a_pagar"), ZERO)
    if centro_custo_id is not None:
        cur.execute(
            """SELECT
                 coalesce(sum(valor) FILTER (WHERE regime = 'competencia' AND tipo = 'RECEITA'), 0) AS receita,
                 coalesce(sum(valor) FILTER (WHERE regime = 'competencia' AND tipo = 'DESPESA'), 0) AS custo,
                 coalesce(sum(valor) FILTER (WHERE regime = 'caixa' AND tipo = 'RECEITA'), 0) AS recebido,
                 coalesce(sum(valor) FILTER (WHERE regime = 'caixa' AND tipo = 'DESPESA'), 0) AS pago
               FROM financeiro.v_resultado_mes WHERE centro_custo_id = %s""", (centro_custo_id,))
        valores.update(cur.fetchone())
        cur.execute(
            """SELECT coalesce(sum(valor_aberto) FILTER (WHERE tipo = 'RECEITA'), 0) AS a_receber,
                      coalesce(sum(valor_aberto) FILTER (WHERE tipo = 'DESPESA'), 0) AS a_pagar
               FROM financeiro.v_abertos_por_centro WHERE centro_custo_id = %s""", (centro_custo_id,))
        valores.update(cur.fetchone())
    valores = {campo: Decimal(valor).quantize(ZERO) for campo, valor in valores.items()}
    margem = valores["receita"] - valores["custo"]
    percentual = (margem * 100 / valores["receita"]).quantize(ZERO, ROUND_HALF_UP) if valores["receita"] else None
    return {**valores, "margem": margem, "margem_percentual": percentual}
