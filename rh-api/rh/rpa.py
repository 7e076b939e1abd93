"""The Recibo de Pagamento a Autônomo (pure): a cachê's valor bruto → INSS of the contribuinte
individual → IRRF → líquido, each a Rubrica (rh/folha/modelos.py) carrying its memo, by the payroll's
own functions and tables (rh/folha/inss.py, rh/folha/irrf.py, rh/folha/tabelas/).

Rules this module settles (each is repeated in the memo where it applies):
- the empresa withholds the autônomo's INSS, 11 % of what it pays (Lei 8.212/1991 art. 21 §2º;
  Lei 10.666/2003 art. 4º), up to the teto of the salário de contribuição: the cachês it already
  paid that person in the month count toward the teto, and only what is left is withheld
  (the month's contribution computed on the month's sum, less what was already withheld);
- IRRF by the monthly table on the month's payments summed (IN RFB 1.500/2014: the fonte pagadora
  sums what it pays a person in the month), less the larger of the legal deduction (the INSS) and
  the desconto simplificado, with the Lei 15.270 reduction on the month's gross; this cachê
  withholds the month's tax less what the earlier cachês withheld. An autônomo has no dependents
  declared here;
- the cota patronal, 20 % of the cachê (Lei 8.212 art. 22 III, no teto), is the empresa's cost,
  not a discount: owed apart unless the empresa is in the Simples Nacional (inside the DAS);
- a fornecedor not paid by RPA (a PJ, or one not flagged) gets the gross: nothing is withheld here.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from rh.folha import inss as contribuicao
from rh.folha import irrf as imposto
from rh.folha.formato import ZERO, centavos, numero, percentual
from rh.folha.modelos import Rubrica
from rh.folha.tabelas import Tabela, tabela_em

CotaPatronal = Literal["SIMPLES_NACIONAL", "20"]
COTA_PATRONAL = Decimal(20)
CEM = Decimal(100)


@dataclass(frozen=True)
class JaPago:
    """What the empresa already paid the person by RPA in the same month (other eventos)."""
    bruto: Decimal = ZERO
    inss: Decimal = ZERO
    irrf: Decimal = ZERO


@dataclass(frozen=True)
class Recibo:
    bruto: Decimal
    inss: Decimal
    irrf: Decimal
    liquido: Decimal                 # bruto − inss − irrf, exactly
    inss_patronal: Decimal           # the empresa's cost, owed apart (0 in the Simples Nacional)
    rubricas: tuple[Rubrica, ...]
    avisos: tuple[str, ...] = field(default_factory=tuple)


def calcular(bruto: Decimal, competencia: date, *, rpa: bool, origem_do_valor: str, ja_pago: JaPago = JaPago(),
             cota_patronal: CotaPatronal = "SIMPLES_NACIONAL", tabela: Tabela | None = None) -> Recibo:
    """The cachê of `bruto` paid in `competencia`'s month; `origem_do_valor` says where the amount
    came from (for the memo)."""
    bruto = centavos(bruto)
    cache = Rubrica("CACHE", "Cachê", "PROVENTO", bruto, "", f"cachê: {origem_do_valor} → {numero(bruto)}")
    if not rpa:
        return Recibo(bruto, ZERO, ZERO, bruto, ZERO, (Rubrica(
            cache.codigo, cache.descricao, cache.tipo, bruto, "",
            f"{cache.memo}; sem retenção: o fornecedor não é autônomo pago por RPA (pessoa jurídica ou sem a "
            f"marcação), o valor bruto é pago"),))
    tabela = tabela or tabela_em(competencia)
    avisos = []

    no_mes = ja_pago.bruto + bruto
    inss_mes = contribuicao.contribuinte_individual(no_mes, tabela)
    inss = max(inss_mes.valor - ja_pago.inss, ZERO)
    memo_inss = (f"cachês do mês nesta empresa: {numero(ja_pago.bruto)} já pagos + {numero(bruto)} deste = "
                 f"{numero(no_mes)}; {inss_mes.memo}; já retido no mês {numero(ja_pago.inss)}; retido neste RPA: "
                 f"{numero(inss_mes.valor)} − {numero(ja_pago.inss)} = {numero(inss)} (Lei 8.212 art. 21 §2º e "
                 f"Lei 10.666 art. 4º: 11 % até o teto {numero(tabela.teto_inss)}, somados os pagamentos do mês)")
    if inss_mes.no_teto:
        avisos.append(f"INSS limitado ao teto ({numero(tabela.teto_inss)}) com os cachês do mês")

    ir = imposto.calcular(no_mes, ja_pago.inss + inss, 0, tabela, titulo="IRRF do mês")
    irrf = max(ir.valor - ja_pago.irrf, ZERO)
    memo_irrf = (f"{ir.memo}; os pagamentos do mês somados (IN RFB 1.500/2014); retido neste RPA: "
                 f"{numero(ir.valor)} − {numero(ja_pago.irrf)} já retido = {numero(irrf)}")

    rubricas = [cache,
                Rubrica("INSS", "INSS (contribuinte individual)", "DESCONTO", inss, inss_mes.referencia, memo_inss),
                Rubrica("IRRF", "IRRF", "DESCONTO", irrf, ir.referencia, memo_irrf)]
    patronal = ZERO
    if cota_patronal == "20":
        patronal = centavos(bruto * COTA_PATRONAL / CEM)
        rubricas.append(Rubrica("INSS_PATRONAL", "INSS patronal (encargo da empresa)", "INFORMATIVO", patronal,
                                percentual(COTA_PATRONAL),
                                f"cota patronal sobre contribuinte individual (Lei 8.212 art. 22 III, sem teto): "
                                f"{numero(bruto)} × {percentual(COTA_PATRONAL)} → {numero(patronal)}; "
                                f"não é desconto do autônomo, vai na guia do INSS"))
    else:
        avisos.append("Cota patronal de 20 % não recolhida à parte: empresa do Simples Nacional (está no DAS)")
    return Recibo(bruto, inss, irrf, bruto - inss - irrf, patronal, tuple(rubricas), tuple(avisos))
