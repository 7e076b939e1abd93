"""The folha's accounting journal (lançamentos contábeis) for the accountant's software: per
rubrica, the folha's total of it as one débito/crédito pair, e.g.

    D Salários e ordenados      C Salários a pagar      (the salaries: the expense and the debt)
    D Salários a pagar          C INSS a recolher       (the INSS withheld)
    D Encargos sociais — FGTS   C FGTS a recolher       (the employer's FGTS)

Which accounts each rubrica moves is data, `rh/dados/contas_contabeis.json` (README "Lançamentos
contábeis"), not code: the accountant's plano de contas changes, the code does not. Every line is
one débito and one crédito of the same amount, so débitos equal créditos by construction, and what
is left in "Salários a pagar" is the folha's líquido.

CSV as Brazilian accounting software imports it: `;`, UTF-8 with BOM, decimal comma, dd/mm/aaaa.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from shared.calendario import fim_do_mes
from shared.planilha import csv_em_blocos, texto

from rh.exportacoes import TIPOS
from rh.folha.formato import ZERO

PLANO = Path(__file__).resolve().parent.parent / "dados" / "contas_contabeis.json"
CABECALHO = ("Data", "Conta débito", "Código débito", "Conta crédito", "Código crédito", "Valor", "Histórico")


@dataclass(frozen=True)
class Conta:
    nome: str
    codigo: str


@dataclass(frozen=True)
class Lancamento:
    data: date
    debito: Conta
    credito: Conta
    valor: Decimal
    historico: str


@cache
def plano() -> dict:
    with open(PLANO, encoding="utf-8") as arquivo:
        return json.load(arquivo)


def _regra(codigo: str, tipo: str, vinculo: str) -> tuple[Conta, Conta] | None:
    dados = plano()
    regras = dados["rubricas"]
    regra = regras.get(f"{codigo}@{vinculo}") or regras.get(codigo)
    if regra is None:
        regra = dados["padrao"].get(tipo)
    if regra is None:
        return None
    contas = dados["contas"]
    return (Conta(contas[regra["debito"]]["nome"], contas[regra["debito"]]["codigo"]),
            Conta(contas[regra["credito"]]["nome"], contas[regra["credito"]]["codigo"]))


def lancamentos(competencia: date, tipo: str, holerites: list[dict]) -> list[Lancamento]:
    """One line per (rubrica, débito, crédito) with the folha's total of it, in the order the
    rubricas first appear; an amount of zero makes no line, a negative one swaps the sides."""
    somas: dict[tuple[str, str, Conta, Conta], Decimal] = {}
    for h in holerites:
        for r in h["rubricas"]:
            contas = _regra(r["codigo"], r["tipo"], h["vinculo"])
            if contas is not None:
                chave = (r["codigo"], r["descricao"], *contas)
                somas[chave] = somas.get(chave, ZERO) + Decimal(r["valor"])
    titulo = "Folha" if tipo == "MENSAL" else TIPOS.get(tipo, tipo)
    dia = fim_do_mes(competencia)
    linhas = []
    for (codigo, descricao, debito, credito), valor in somas.items():
        if valor == ZERO:
            continue
        if valor < ZERO:
            debito, credito, valor = credito, debito, -valor
        linhas.append(Lancamento(dia, debito, credito, valor, f"{titulo} {competencia:%m/%Y} — {descricao} ({codigo})"))
    return linhas


def csv(linhas: list[Lancamento]) -> Iterator[str]:
    return csv_em_blocos(CABECALHO, ([f"{x.data:%d/%m/%Y}", texto(x.debito.nome), texto(x.debito.codigo),
                                      texto(x.credito.nome), texto(x.credito.codigo),
                                      f"{x.valor:.2f}".replace(".", ","), texto(x.historico)] for x in linhas))
