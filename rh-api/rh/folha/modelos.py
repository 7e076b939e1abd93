"""What crosses between the pure payroll calculation and the service around it.

Money is Decimal (two places after the calculation rounds it), hours are Decimal, dates are date.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Vinculo = Literal["CLT", "ESTAGIARIO", "PRO_LABORE", "AUTONOMO"]
TipoRubrica = Literal["PROVENTO", "DESCONTO", "INFORMATIVO"]


@dataclass(frozen=True)
class Contratado:
    """A funcionário as the calculation needs it."""
    id: int
    nome: str
    vinculo: Vinculo
    salario: Decimal                 # monthly base salary (full month)
    data_admissao: date
    data_demissao: date | None = None
    dependentes: int = 0             # IRRF dependents
    jornada_mensal_horas: Decimal = Decimal("220")   # divisor of the hourly rate
    vale_transporte: bool = False    # discount up to 6 % of the base salary
    custo_vale_transporte: Decimal | None = None     # the month's actual VT cost, when known (caps the discount)


@dataclass(frozen=True)
class Variaveis:
    """The month's variable items of one funcionário (entered by the studio)."""
    horas_extras_50: Decimal = Decimal("0")
    horas_extras_100: Decimal = Decimal("0")
    horas_noturnas: Decimal = Decimal("0")          # adicional noturno 20 % on the hourly rate
    comissoes: Decimal = Decimal("0")
    faltas_dias: int = 0                             # unjustified absences (discounted with their DSR)
    adiantamento: Decimal = Decimal("0")             # salary advance already paid in the month
    dias_uteis: int | None = None                    # for DSR on variable pay; None: from the calendar
    domingos_feriados: int | None = None


@dataclass(frozen=True)
class Rubrica:
    codigo: str                      # stable code, e.g. "SALARIO", "HE50", "INSS", "IRRF", "FGTS"
    descricao: str                   # pt-BR, as on the holerite
    tipo: TipoRubrica
    valor: Decimal
    referencia: str = ""             # "30 dias", "10,00 h", "7,5 % / 9 % / 12 % / 14 %"...
    memo: str = ""                   # how it was computed, pt-BR, with the numbers ("1.621,00 × 7,5 % + …")


@dataclass(frozen=True)
class Holerite:
    """One funcionário's run (mensal, 13º 1ª/2ª parcela, férias)."""
    funcionario_id: int
    nome: str
    competencia: date                # first day of the month
    tipo: Literal["MENSAL", "DECIMO_TERCEIRO_1", "DECIMO_TERCEIRO_2", "FERIAS"]
    rubricas: tuple[Rubrica, ...]
    bruto: Decimal                   # sum of PROVENTOs
    descontos: Decimal               # sum of DESCONTOs
    liquido: Decimal                 # bruto − descontos, exactly
    inss: Decimal
    irrf: Decimal
    fgts: Decimal                    # employer cost (INFORMATIVO), 8 %
    base_inss: Decimal
    base_irrf: Decimal
    deducao_irrf: Literal["LEGAL", "SIMPLIFICADA", "NENHUMA"] = "NENHUMA"
    avisos: tuple[str, ...] = field(default_factory=tuple)   # pt-BR, e.g. "INSS limitado ao teto"
