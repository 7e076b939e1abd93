"""The month's variables for the accountant's payroll software: one line per (funcionário, rubrica)
of the processed folha — the variable items (horas extras 50 % and 100 %, horas noturnas,
comissões, faltas, adiantamento) and every computed rubrica — with its código, referência, the
quantity it counts (hours or days) and its value. The columns are in the README ("Variáveis para
o contador"). CSV with `;`, UTF-8 with BOM and decimal comma, as the journal.
"""
from collections.abc import Iterator
from decimal import Decimal

from shared.planilha import csv_em_blocos, texto

from rh.exportacoes import quantidade, tipo_da_folha

CABECALHO = ("Competência", "Folha", "Código do funcionário", "CPF", "PIS", "Nome", "Vínculo", "Rubrica",
             "Descrição", "Tipo", "Origem", "Referência", "Quantidade", "Unidade", "Valor")
# The rubricas that are the studio's own entries of the month (rh.variaveis_mes), the rest computed.
VARIAVEIS = ("HE50", "HE100", "NOTURNO", "COMISSOES", "FALTAS", "ADIANTAMENTO")
UNIDADES = {"h": "horas", "dias": "dias"}


def _numero(valor: Decimal) -> str:
    return f"{valor:f}".replace(".", ",")


def linhas(folha: dict, holerites: list[dict]) -> Iterator[list]:
    competencia, tipo = f"{folha['competencia']:%m/%Y}", tipo_da_folha(folha)
    for h in holerites:
        for r in h["rubricas"]:
            quanto, unidade = quantidade(r["referencia"])
            yield [competencia, tipo, h["funcionario_id"], h.get("cpf") or "", h.get("pis") or "", texto(h["nome"]),
                   h["vinculo"], r["codigo"], texto(r["descricao"]), r["tipo"],
                   "VARIAVEL" if r["codigo"] in VARIAVEIS else "CALCULADA", texto(r["referencia"]),
                   "" if quanto is None else _numero(quanto), UNIDADES.get(unidade, ""),
                   f"{Decimal(r['valor']):.2f}".replace(".", ",")]


def csv(folha: dict, holerites: list[dict]) -> Iterator[str]:
    return csv_em_blocos(CABECALHO, linhas(folha, holerites))
