"""Extrato do cliente: what a cliente was charged and paid in a period, with the running balance.

A statement to send the cliente, so a whole document (not paged): every movement of the period.
- a cobrança is a receita of the cliente (not cancelled) on its vencimento, `cobrado` = its valor;
- a pagamento is a baixa of one of them on its date: `pago` is the money that came in
  (valor_movimentado), `cobrado` the juros and multa charged on it, `desconto` what was forgiven.
So each pagamento lowers the balance by the principal it settled, and the balance is always what
the cliente owes (negative: paid ahead). `saldo_anterior` is the same sum over everything dated
before `de`; saldo_final = saldo_anterior + cobrado − pago − desconto, exactly.

Reads financeiro.v_lancamentos (index `lancamentos_cliente`) and financeiro.v_baixas (by
lançamento), for this cliente only.
"""

from pydantic import Field, model_validator

from shared.api import Data, Modelo, Opcional
from shared.calendario import primeiro_do_mes, somar_meses
from shared.config import hoje

from relatorios.comum import ZERO, moeda, validar_periodo
from relatorios.inadimplencia import cliente


class Periodo(Modelo):
    """The route's query: the cliente is in its path."""

    de: Opcional[Data] = Field(None, description="Início do período; padrão: o 1º dia do mês, 11 meses antes de `ate`")
    ate: Opcional[Data] = Field(None, description="Fim do período; padrão: hoje")

    @model_validator(mode="after")
    def _periodo(self):
        self.ate = self.ate or hoje()
        self.de = self.de or somar_meses(primeiro_do_mes(self.ate), -11)
        validar_periodo(self.de, self.ate)
        return self


class Parametros(Periodo):
    """The whole question, as an export asks it; any other id (another empresa's cliente) → 404."""

    cliente_id: int = Field(description="O cliente do extrato")


# Every movement of the cliente up to %(ate)s: cobranças on their vencimento, pagamentos on their date.
_MOVIMENTOS = """
    SELECT l.data_vencimento AS data, 'cobranca' AS tipo, l.id AS lancamento_id, l.descricao, l.documento,
           l.valor AS cobrado, 0::numeric(14,2) AS pago, 0::numeric(14,2) AS desconto, 0 AS ordem, l.id AS chave
      FROM financeiro.v_lancamentos l
     WHERE l.empresa_id = plataforma.empresa_atual() AND l.cliente_id = %(cliente_id)s
       AND l.tipo = 'RECEITA' AND l.status <> 'CANCELADO' AND l.data_vencimento <= %(ate)s
    UNION ALL
    SELECT b.data, 'pagamento', l.id, l.descricao, l.documento,
           b.juros + b.multa, b.valor_movimentado, b.desconto, 1, b.id
      FROM financeiro.v_lancamentos l
      JOIN financeiro.v_baixas b ON b.empresa_id = l.empresa_id AND b.lancamento_id = l.id
     WHERE l.empresa_id = plataforma.empresa_atual() AND l.cliente_id = %(cliente_id)s
       AND l.tipo = 'RECEITA' AND b.data <= %(ate)s"""


def calcular(cur, parametros: Parametros) -> dict:
    """The route's JSON body: {cliente, de, ate, saldo_anterior, cobrado, pago, desconto, saldo_final,
    movimentos: [{data, tipo, lancamento_id, descricao, documento, cobrado, pago, desconto, saldo}]}."""
    cliente_id, de, ate = parametros.cliente_id, parametros.de, parametros.ate
    quem = cliente(cur, cliente_id)
    cur.execute(
        f"""SELECT coalesce(sum(cobrado - pago - desconto), 0) AS saldo
              FROM ({_MOVIMENTOS}) m WHERE data < %(de)s""",
        {"cliente_id": cliente_id, "de": de, "ate": ate},
    )
    saldo_anterior = cur.fetchone()["saldo"]
    cur.execute(
        f"""SELECT data, tipo, lancamento_id, descricao, documento, cobrado, pago, desconto
              FROM ({_MOVIMENTOS}) m WHERE data >= %(de)s
             ORDER BY data, ordem, chave""",
        {"cliente_id": cliente_id, "de": de, "ate": ate},
    )
    saldo, movimentos = saldo_anterior, []
    totais = dict.fromkeys(("cobrado", "pago", "desconto"), ZERO)
    for movimento in cur.fetchall():
        saldo += movimento["cobrado"] - movimento["pago"] - movimento["desconto"]
        for campo in totais:
            totais[campo] += movimento[campo]
        movimentos.append({**movimento, "data": movimento["data"].isoformat(),
                           **{campo: moeda(movimento[campo]) for campo in totais}, "saldo": moeda(saldo)})
    return {"cliente": quem, "de": de.isoformat(), "ate": ate.isoformat(), "saldo_anterior": moeda(saldo_anterior),
            **{campo: moeda(valor) for campo, valor in totais.items()}, "saldo_final": moeda(saldo),
            "movimentos": movimentos}
