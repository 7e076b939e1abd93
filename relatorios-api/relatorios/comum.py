"""What the reports share: money as the contract writes it, the conta and centro de custo a filter
names, the limits of a period, and the filters the reports by categoria share."""
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from shared.api import Data, Modelo, Opcional
from shared.calendario import fim_do_mes, primeiro_do_mes, somar_meses
from shared.config import hoje
from shared.errors import NaoEncontrado, Validacao

ZERO = Decimal("0.00")


def moeda(valor) -> str:
    """A figure as the JSON carries money: "1234.56"."""
    return f"{Decimal(valor or 0):.2f}"


def exigir_conta(cur, conta_id: int | None) -> None:
    """A conta filter must name a conta of the caller's empresa (row-level security hides the others,
    so another empresa's conta is as absent as one that never was)."""
    if conta_id is None:
        return
    cur.execute("SELECT 1 FROM cadastros.v_contas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (conta_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Conta não encontrada", {"conta_id": "Conta não encontrada"})


def exigir_centro_custo(cur, centro_custo_id: int | None) -> None:
    """A centro de custo filter must name a centro of the caller's empresa, or be 0 (somas.SEM_CENTRO:
    what has no centro de custo); another empresa's centro is as absent as one that never was."""
    if not centro_custo_id:
        return
    cur.execute("SELECT 1 FROM cadastros.v_centros_custo WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (centro_custo_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Centro de custo não encontrado", {"centro_custo_id": "Centro de custo não encontrado"})


ANOS_NO_MAXIMO = 5


def validar_periodo(de: date, ate: date) -> None:
    """A report's period: `ate` on or after `de`, and less than ANOS_NO_MAXIMO years long (400 naming `ate`)."""
    if de > ate:
        raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
    if ate >= somar_meses(de, 12 * ANOS_NO_MAXIMO):
        raise Validacao("Verifique os campos destacados", {"ate": f"O período pode ter no máximo {ANOS_NO_MAXIMO} anos"})


def plano_de_contas(cur, tipo: str | None = None) -> list[dict]:
    """The categorias (of `tipo`, or all: receitas first) depth-first in the plano de contas' order
    (`ordem` among siblings), each {id, nome, tipo, parent_id, ordem, grupo_dre, nivel}."""
    cur.execute("""SELECT id, nome, tipo, parent_id, ordem, grupo_dre FROM cadastros.v_categorias
                    WHERE empresa_id = plataforma.empresa_atual() AND (%(tipo)s::text IS NULL OR tipo = %(tipo)s)""",
                {"tipo": tipo})
    filhos: dict = {}
    for categoria in cur.fetchall():
        filhos.setdefault(categoria["parent_id"], []).append(categoria)
    ordem = []

    def descer(pai, nivel):
        for categoria in sorted(filhos.get(pai, ()), key=lambda c: (c["tipo"] != "RECEITA", c["ordem"], c["id"])):
            ordem.append({**categoria, "nivel": nivel})
            descer(categoria["id"], nivel + 1)

    descer(None, 1)
    return ordem


def periodo_do_mes(de: date | None, ate: date | None) -> tuple[date, date]:
    """A period as the reports by categoria take it: without `de`, the 1st of `ate`'s month (or of
    this month); without `ate`, the last day of `de`'s month; then validated."""
    de = de or primeiro_do_mes(ate or hoje())
    ate = ate or fim_do_mes(de)
    validar_periodo(de, ate)
    return de, ate


def periodo_de_doze_meses(de: date | None, ate: date | None) -> tuple[date, date]:
    """A period as the yearly reports take it (DRE, resultado por evento): without `de`, the 1st day
    of the 12 months ending in `ate`'s month (or this one); without `ate`, the last day of the 12th
    month from `de`; then validated."""
    de = de or somar_meses(ate or hoje(), -11)
    ate = ate or fim_do_mes(somar_meses(de, 11))
    validar_periodo(de, ate)
    return de, ate


Regime = Literal["competencia", "caixa"]


def campo_regime():
    return Field("competencia", description="competencia: pelo mês de competência; caixa: pela data do pagamento")


def campo_centro_custo():
    return Field(None, ge=0, description="Só a parte deste centro de custo (rateios incluídos); "
                                         "0: o que não tem centro de custo")


class PeriodoDoMes(Modelo):
    """`de` and `ate` defaulting to a month (periodo_do_mes)."""

    de: Opcional[Data] = Field(None, description="Início do período; padrão: o 1º dia do mês de `ate`, ou do mês atual")
    ate: Opcional[Data] = Field(None, description="Fim do período; padrão: o último dia do mês de `de`")

    @model_validator(mode="after")
    def _periodo(self):
        self.de, self.ate = periodo_do_mes(self.de, self.ate)
        return self
