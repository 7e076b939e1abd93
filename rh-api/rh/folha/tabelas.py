"""The payroll tables in force on a date: one JSON file per vigência in tabelas/ ("2026-01.json"),
the newest whose vigência is on or before the date. A new year's law is a new file, not new code.

Percentages are stored as written in the acts ("7.5" for 7,5 %); `Tabela` keeps them so, and the
calculation divides by 100 where it multiplies.

Holidays: the fixed national ones ("MM-DD") and those that move with Easter (`feriados_moveis`: days
from Easter Sunday, by dateutil's Gregorian Easter), each saying whether banks close on it and
whether the payroll's dias úteis skip it — not the same thing: Carnaval and Corpus Christi are
banking holidays but, by default, dias úteis for the DSR and the salary's 5th dia útil (the JSON's
"fontes" say why). Local holidays are not known: a month's Variaveis may give its own counts.
"""
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from dateutil.easter import easter

PASTA = Path(__file__).with_name("tabelas")
LEITURAS_REDUCAO_NAS_FERIAS = ("FERIAS_ISOLADAS", "NENHUMA")   # folha-2026.md §1.4, explained in the JSON


@dataclass(frozen=True)
class FaixaInss:
    ate: Decimal
    aliquota: Decimal


@dataclass(frozen=True)
class FaixaIrrf:
    ate: Decimal | None          # None: the last band, without upper limit
    aliquota: Decimal
    parcela_a_deduzir: Decimal


@dataclass(frozen=True)
class ReducaoIrrf:
    """Lei 15.270/2025: the reduction of the monthly tax by gross taxable income."""
    limite_isencao: Decimal
    reducao_maxima: Decimal
    limite_superior: Decimal
    constante: Decimal
    coeficiente: Decimal


@dataclass(frozen=True)
class RegraVinculo:
    inss: str                    # "EMPREGADO" (progressive table), "CONTRIBUINTE_INDIVIDUAL" or "NENHUM"
    fgts: bool
    decimo_terceiro_e_ferias: bool   # the CLT's; an estagiário has recesso, a sócio neither


@dataclass(frozen=True)
class FeriadoMovel:
    nome: str
    dias_da_pascoa: int          # negative: before Easter Sunday
    bancario: bool               # banks close (not a banking day)
    folha: bool                  # a holiday for the payroll's dias úteis (DSR, 5th dia útil)


@dataclass(frozen=True)
class Tabela:
    vigencia: date
    fontes: dict
    salario_minimo: Decimal
    faixas_inss: tuple[FaixaInss, ...]
    teto_inss: Decimal
    aliquota_contribuinte_individual: Decimal
    faixas_irrf: tuple[FaixaIrrf, ...]
    deducao_dependente: Decimal
    desconto_simplificado: Decimal
    reducao_irrf: ReducaoIrrf
    fgts: Decimal
    vale_transporte: Decimal
    adicional_noturno: Decimal
    hora_extra_50: Decimal
    hora_extra_100: Decimal
    vinculos: dict[str, RegraVinculo]
    feriados_nacionais: tuple[tuple[int, int], ...]   # (month, day)
    reducao_nas_ferias: str                            # "FERIAS_ISOLADAS" or "NENHUMA"
    feriados_moveis: tuple[FeriadoMovel, ...]

    def _nacional(self, dia: date) -> bool:
        return (dia.month, dia.day) in self.feriados_nacionais

    def moveis_em(self, dia: date) -> tuple[FeriadoMovel, ...]:
        """The movable holidays that fall on `dia` (Carnaval's two days never coincide with another)."""
        distancia = (dia - easter(dia.year)).days
        return tuple(f for f in self.feriados_moveis if f.dias_da_pascoa == distancia)

    def feriado_bancario(self, dia: date) -> bool:
        """A holiday banks close on: a national one, Carnaval, Sexta-feira Santa, Corpus Christi."""
        return self._nacional(dia) or any(f.bancario for f in self.moveis_em(dia))

    def feriado_da_folha(self, dia: date) -> bool:
        """A holiday the payroll's dias úteis skip: a national one, or a movable one marked `folha`."""
        return self._nacional(dia) or any(f.folha for f in self.moveis_em(dia))


def _dec(valor) -> Decimal | None:
    return None if valor is None else Decimal(valor)


def ler(arquivo: Path) -> Tabela:
    dados = json.loads(arquivo.read_text(encoding="utf-8"))
    irrf, reducao, configuracoes = dados["irrf"], dados["reducao_irrf"], dados["configuracoes"]
    if configuracoes["reducao_nas_ferias"] not in LEITURAS_REDUCAO_NAS_FERIAS:
        raise ValueError(f"{arquivo.name}: reducao_nas_ferias deve ser uma de {', '.join(LEITURAS_REDUCAO_NAS_FERIAS)}")
    return Tabela(
        vigencia=date.fromisoformat(dados["vigencia"]),
        fontes=dados["fontes"],
        salario_minimo=Decimal(dados["salario_minimo"]),
        faixas_inss=tuple(FaixaInss(Decimal(f["ate"]), Decimal(f["aliquota"])) for f in dados["inss"]["faixas"]),
        teto_inss=Decimal(dados["inss"]["teto"]),
        aliquota_contribuinte_individual=Decimal(dados["inss_contribuinte_individual"]["aliquota"]),
        faixas_irrf=tuple(FaixaIrrf(_dec(f["ate"]), Decimal(f["aliquota"]), Decimal(f["parcela_a_deduzir"]))
                          for f in irrf["faixas"]),
        deducao_dependente=Decimal(irrf["deducao_dependente"]),
        desconto_simplificado=Decimal(irrf["desconto_simplificado"]),
        reducao_irrf=ReducaoIrrf(**{chave: Decimal(valor) for chave, valor in reducao.items()}),
        fgts=Decimal(dados["fgts"]),
        vale_transporte=Decimal(dados["vale_transporte"]),
        adicional_noturno=Decimal(dados["adicional_noturno"]),
        hora_extra_50=Decimal(dados["hora_extra_50"]),
        hora_extra_100=Decimal(dados["hora_extra_100"]),
        vinculos={nome: RegraVinculo(**regra) for nome, regra in dados["vinculos"].items()},
        feriados_nacionais=tuple((int(d[:2]), int(d[3:])) for d in dados["feriados_nacionais"]),
        reducao_nas_ferias=configuracoes["reducao_nas_ferias"],
        feriados_moveis=tuple(FeriadoMovel(**f) for f in dados["feriados_moveis"]),
    )


@lru_cache(maxsize=None)
def _todas(pasta: Path) -> tuple[Tabela, ...]:
    return tuple(sorted((ler(arquivo) for arquivo in pasta.glob("*.json")), key=lambda t: t.vigencia))


def tabela_em(data: date, pasta: Path = PASTA) -> Tabela:
    """The table in force on `data`; ValueError (pt-BR) before the first vigência."""
    vigentes = [t for t in _todas(pasta) if t.vigencia <= data]
    if not vigentes:
        raise ValueError(f"Não há tabela da folha em vigor em {data:%d/%m/%Y}")
    return vigentes[-1]
