"""A contract's receivables as a desired state: "the RECEITA lançamentos of contrato X are exactly
these parcelas" (PUT /api/lancamentos/contratos/<id>, called by operacional-api).

The contract is an origem like any other ("contrato:<id>", financeiro/origens.py, which creates,
changes, reactivates and cancels under its lock, never rewriting a parcela with a payment): here
its request becomes that origem's lançamentos — each parcela named "<descrição> — parcela N/Q",
in the month of its vencimento, marked with the contract and its número — and the answer lists
the contract's parcelas by número.
"""
from decimal import Decimal

from shared.transacao import Transacao

from financeiro import lancamentos, origens, rateio

TIPO = "RECEITA"


def sincronizar(tx: Transacao, contrato_id: int, pedido: dict) -> dict:
    """Makes the contract's receivables what `pedido` asks — `cliente_id`, `conta_id`,
    `categoria_id`, `centro_custo_id` (or None), `descricao`, `cancelado` and `parcelas`
    ([{chave, numero, valor, vencimento}], chaves and numeros unique: the route checks) — and
    returns {contrato_id, parcelas, criadas, alteradas, canceladas}."""
    cur = tx.cur
    comuns = {"categoria_id": pedido["categoria_id"], "conta_id": pedido["conta_id"],
              "cliente_id": pedido["cliente_id"], "fornecedor_id": None}
    # Checked here too, so that an error names the request's own field rather than a parcela's.
    lancamentos.verificar_referencias(cur, TIPO, comuns)
    rateio.verificar_centros(cur, rateio.pedida(Decimal(0), pedido["centro_custo_id"], None), "centro_custo_id")
    quantidade = len(pedido["parcelas"])
    feito = origens.sincronizar(tx, f"contrato:{contrato_id}", [
        {**comuns, "chave": parcela["chave"], "tipo": TIPO,
         "descricao": f"{pedido['descricao']} — parcela {parcela['numero']}/{quantidade}",
         "valor": parcela["valor"], "data_vencimento": parcela["vencimento"],
         "centro_custo_id": pedido["centro_custo_id"],
         "marcas": {"contrato_id": contrato_id, "contrato_parcela": parcela["numero"]}}
        for parcela in pedido["parcelas"]], pedido["cancelado"], lista="parcelas")
    divergentes = {linha["lancamento_id"] for linha in feito["lancamentos"] if linha["diferente_do_pedido"]}
    return {"contrato_id": contrato_id, "parcelas": parcelas(cur, contrato_id, divergentes),
            "criadas": feito["criados"], "alteradas": feito["alterados"], "canceladas": feito["cancelados"]}


def parcelas(cur, contrato_id: int, divergentes: set[int] = frozenset()) -> list[dict]:
    """The contract's parcelas that stand (not cancelled), by número; `divergente` marks one whose
    payments keep values other than those asked (or that was not asked for any more)."""
    cur.execute(
        """SELECT chave_origem AS chave, id AS lancamento_id, contrato_parcela AS numero, valor,
                  data_vencimento AS vencimento, status, valor_pago
             FROM financeiro.lancamentos
            WHERE empresa_id = plataforma.empresa_atual() AND contrato_id = %s AND NOT cancelado
            ORDER BY contrato_parcela, id""",
        (contrato_id,),
    )
    return [{**linha, "divergente": linha["lancamento_id"] in divergentes} for linha in cur.fetchall()]
