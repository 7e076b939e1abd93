"""A contract's payment plan: its parcelas, their values and their due dates. Pure functions: no
database, no clock (today comes in as an argument).

The split: the value to divide (the contract's valor less the sinal, less what paid parcelas
already hold) goes into the open parcelas in equal cents; the cents that do not divide evenly go
one each to the first open parcelas. 100.00 in 3 → 33.34, 33.33, 33.33. Every split adds up to
exactly what was divided, and no parcela can be zero: N parcelas need at least N cents.

The dates: parcela k (1..N) is due k−1 months after the first; the first is `primeiro_vencimento`
(base "data"), or the signature's day / the evento's data_inicio plus `dias` (base "assinatura" /
"evento", e.g. evento with dias −30 is D−30). A month without that day takes its last one: a plan
from Jan 31 is due Feb 28 (29), Mar 31, Apr 30. Months are counted from the first date, never
from the previous parcela, so Mar 31 stays Mar 31. The sinal is parcela 0 with its own base.
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from shared.errors import Validacao

MAX_PARCELAS = 120
CENTAVO = Decimal("0.01")
BASES = ("data", "assinatura", "evento")
NUMERO_DO_SINAL = 0


def dividir(total: Decimal, partes: int) -> list[Decimal]:
    """`total` in `partes` amounts of whole cents, all > 0, adding up exactly to `total`; the
    remainder's cents one each to the first. ValueError when there are fewer cents than partes."""
    centavos = int(total / CENTAVO)
    if partes < 1 or centavos < partes or Decimal(centavos) * CENTAVO != total:
        raise ValueError(f"{total} não se divide em {partes} parcela(s) de pelo menos R$ 0,01")
    cada, resto = divmod(centavos, partes)
    return [Decimal(cada + (1 if i < resto else 0)) * CENTAVO for i in range(partes)]


def somar_meses(dia: date, meses: int) -> date:
    """The same day `meses` months later; the month's last day when it has no such day."""
    indice = dia.year * 12 + dia.month - 1 + meses
    ano, mes = divmod(indice, 12)
    return date(ano, mes + 1, min(dia.day, calendar.monthrange(ano, mes + 1)[1]))


@dataclass(frozen=True)
class Vencimento:
    """How one parcela's due date is found: `meses` months after (base + dias)."""

    base: str  # "data" | "assinatura" | "evento"
    data_base: date | None = None  # the date itself, for base "data"
    dias: int = 0
    meses: int = 0

    def calcular(self, assinatura: date | None, evento: date | None, hoje: date) -> tuple[date, bool]:
        """(due date, provisional?): a plan relative to a signature not yet made counts from today
        and says so; an evento's plan needs its evento (checked when the plan is made)."""
        if self.base == "data":
            inicio, provisorio = self.data_base, False
        elif self.base == "assinatura":
            inicio, provisorio = (assinatura, False) if assinatura else (hoje, True)
        else:
            inicio, provisorio = evento, False
        return somar_meses(inicio + timedelta(days=self.dias), self.meses), provisorio


@dataclass(frozen=True)
class Plano:
    """What the studio asked for, as the contract stores it."""

    valor: Decimal
    parcelas: int
    base: str
    primeiro_vencimento: date | None
    dias: int
    sinal: Decimal | None = None
    sinal_base: str | None = None
    sinal_vencimento: date | None = None
    sinal_dias: int = 0


@dataclass(frozen=True)
class Fixa:
    """A parcela financeiro has (partly) paid: its value and date are no longer the plan's."""

    valor: Decimal
    vencimento: date


@dataclass(frozen=True)
class Parcela:
    numero: int
    valor: Decimal
    vencimento: Vencimento
    fixa: bool = False


def _vencimento(base: str, data_base: date | None, dias: int, meses: int) -> Vencimento:
    # An absolute date needs no offset: the date is what was given.
    return Vencimento(base, data_base, 0 if base == "data" else dias, meses)


def gerar(plano: Plano, fixas: dict[int, Fixa] | None = None) -> list[Parcela]:
    """The plan's parcelas: the sinal (numero 0) if any, then 1..N. `fixas` are the parcelas
    already paid in financeiro, by numero: they keep their value and date (a paid parcela is
    history), and the rest of the valor is split over the open ones. 400 naming the field when the
    plan cannot hold: a paid parcela it would drop, or less left than one cent per open parcela."""
    fixas = fixas or {}
    fora = sorted(n for n in fixas if n > plano.parcelas or (n == NUMERO_DO_SINAL and plano.sinal is None))
    if fora:
        nomes = ", ".join("o sinal" if n == NUMERO_DO_SINAL else f"a parcela {n}" for n in fora)
        raise Validacao("O plano deixaria de fora parcelas já pagas",
                        {"parcelas": f"Já foi pago {nomes}; o novo plano precisa mantê-lo(s)"})
    resultado = []
    sinal = Decimal(0)
    if plano.sinal is not None:
        if NUMERO_DO_SINAL in fixas:
            fixa = fixas[NUMERO_DO_SINAL]
            resultado.append(Parcela(0, fixa.valor, Vencimento("data", fixa.vencimento), True))
            sinal = fixa.valor
        else:
            resultado.append(Parcela(0, plano.sinal, _vencimento(
                plano.sinal_base, plano.sinal_vencimento, plano.sinal_dias, 0)))
            sinal = plano.sinal
    pagas = sum((f.valor for n, f in fixas.items() if n != NUMERO_DO_SINAL), Decimal(0))
    abertas = [n for n in range(1, plano.parcelas + 1) if n not in fixas]
    resto = plano.valor - sinal - pagas
    if abertas:
        try:
            valores = dict(zip(abertas, dividir(resto, len(abertas))))
        except ValueError:
            campo = "parcelas" if resto > 0 else "valor"
            mensagem = (f"Restam R$ {resto} para {len(abertas)} parcela(s) em aberto: cada uma precisa de pelo "
                        "menos R$ 0,01" if resto > 0 else
                        f"O valor não cobre o sinal e as parcelas já pagas (restariam R$ {resto})")
            raise Validacao("O valor não se divide nas parcelas", {campo: mensagem}) from None
    elif resto != 0:
        raise Validacao("O valor não confere com as parcelas pagas", {
            "valor": f"Todas as parcelas estão pagas e somam R$ {plano.valor - resto}; o valor precisa ser esse"})
    for numero in range(1, plano.parcelas + 1):
        if numero in fixas:
            resultado.append(Parcela(numero, fixas[numero].valor, Vencimento("data", fixas[numero].vencimento), True))
        else:
            resultado.append(Parcela(numero, valores[numero], _vencimento(
                plano.base, plano.primeiro_vencimento, plano.dias, numero - 1)))
    return resultado
