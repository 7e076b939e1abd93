"""What the reports share: money as the contract writes it, the conta a filter names, and the
limits of a period."""
from datetime import date
from decimal import Decimal

from shared.calendario import somar_meses
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


ANOS_NO_MAXIMO = 5


def validar_periodo(de: date, ate: date) -> None:
    """A report's period: `ate` on or after `de`, and less than ANOS_NO_MAXIMO years long (400 naming `ate`)."""
    if de > ate:
        raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
    if ate >= somar_meses(de, 12 * ANOS_NO_MAXIMO):
        raise Validacao("Verifique os campos destacados", {"ate": f"O período pode ter no máximo {ANOS_NO_MAXIMO} anos"})
