"""A processed folha as files: the holerites in PDF, the summary in XLSX, the accounting journal and
the month's variables for the accountant's payroll software in CSV.

The figures are the stored payslips' (rh.folha_holerites), exactly as processed; the funcionário's
registry data the payslip prints (CPF, PIS, cargo, admissão, salário contratual) is read from
rh.funcionarios when the file is made, and is blank for one removed since. The writers take plain
data — the empresa and a list of payslip dicts — so another run (férias) can reuse them.
"""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.errors import NaoEncontrado
from shared.texto import palavras

from rh import folhas
from rh.folha.formato import ZERO

TIPOS = {"MENSAL": "Folha mensal", "DECIMO_TERCEIRO_1": "13º salário — 1ª parcela",
         "DECIMO_TERCEIRO_2": "13º salário — 2ª parcela", "FERIAS": "Férias"}
VINCULOS = {"CLT": "CLT", "ESTAGIARIO": "Estágio", "PRO_LABORE": "Pró-labore", "AUTONOMO": "Autônomo"}
# What the file names call each run: folha-2026-11-resumo.xlsx, folha-2026-11-13-1-resumo.xlsx.
SUFIXOS = {"MENSAL": "", "DECIMO_TERCEIRO_1": "-13-1", "DECIMO_TERCEIRO_2": "-13-2", "FERIAS": "-ferias"}
# Discounts that lower the salário de contribuição (the absences), as rh/folha/calculo.py computes it.
REDUZEM_A_BASE = ("FALTAS", "DSR_FALTAS")
# irrf.calcular's memo states the base it taxed ("… = base 3.856,49; …"): the one figure of the
# holerite's footer that no stored column holds. tests/test_exportacoes.py ties the two together.
_BASE_IRRF = re.compile(r"= base ([0-9.]+,[0-9]{2});")


@dataclass(frozen=True)
class Bases:
    """The footer of a holerite: what each charge was computed on (None: not charged)."""
    salario_base: Decimal | None
    base_inss: Decimal | None
    base_fgts: Decimal | None
    fgts: Decimal
    base_irrf: Decimal | None


def _decimal_br(texto: str) -> Decimal:
    return Decimal(texto.replace(".", "").replace(",", "."))


def bases(holerite: dict) -> Bases:
    """The bases from the stored rubricas: the salário de contribuição is the proventos less the
    absences; FGTS is on the same base; the IRRF base is the one its memo states."""
    rubricas = holerite["rubricas"]
    codigos = {r["codigo"] for r in rubricas}
    contribuicao = (sum((Decimal(r["valor"]) for r in rubricas if r["tipo"] == "PROVENTO"), ZERO)
                    - sum((Decimal(r["valor"]) for r in rubricas if r["codigo"] in REDUZEM_A_BASE), ZERO))
    contribuicao = max(contribuicao, ZERO)
    base_irrf = None
    for r in rubricas:
        if r["codigo"].startswith("IRRF") and (achada := _BASE_IRRF.search(r["memo"] or "")):
            base_irrf = _decimal_br(achada[1])
    return Bases(salario_base=holerite.get("salario_base"),
                 base_inss=contribuicao if any(c.startswith("INSS") for c in codigos) else None,
                 base_fgts=contribuicao if "FGTS" in codigos else None,
                 fgts=Decimal(holerite["fgts"]), base_irrf=base_irrf)


def quantidade(referencia: str) -> tuple[Decimal | None, str]:
    """A rubrica's referência as (quantity, unit) when it counts hours or days ("10,50 h",
    "2 dias"); (None, "") for a rate or a text."""
    achada = re.fullmatch(r"([0-9.]+(?:,[0-9]+)?) (h|dias)", referencia or "")
    if achada is None:
        return None, ""
    return _decimal_br(achada[1]) if "," in achada[1] else Decimal(achada[1].replace(".", "")), achada[2]


def tipo_da_folha(folha: dict) -> str:
    # rh.folhas has no `tipo` before the 13º runs: such a folha is the month's.
    return folha.get("tipo") or "MENSAL"


def nome_do_arquivo(folha: dict, o_que: str, extensao: str) -> str:
    """folha-2026-11-resumo.xlsx; holerite-2026-11-ana-lima.pdf with o_que "holerite:Ana Lima"."""
    mes = f"{folha['competencia']:%Y-%m}{SUFIXOS.get(tipo_da_folha(folha), '')}"
    if o_que.startswith("holerite:"):
        return f"holerite-{mes}-{'-'.join(palavras(o_que.partition(':')[2])) or 'funcionario'}.{extensao}"
    return f"folha-{mes}-{o_que}.{extensao}"


@dataclass
class FolhaParaExportar:
    empresa: dict       # {"nome", "cnpj"}: auth's read contract
    folha: dict         # rh/folhas.py's por_id
    holerites: list     # the stored payslips, each with the funcionário's registry data and competência/tipo


def carregar(cur, folha_id: int, funcionario_id: int | None = None) -> FolhaParaExportar:
    """The folha with its payslips (only `funcionario_id`'s when given); 404 for a folha of no
    reach (another empresa's) or a funcionário who is not in it."""
    folha = folhas.por_id(cur, folha_id)
    if folha is None:
        raise NaoEncontrado("Folha não encontrada")
    holerites = folhas.holerites(cur, folha_id)
    if funcionario_id is not None:
        holerites = [h for h in holerites if h["funcionario_id"] == funcionario_id]
        if not holerites:
            raise NaoEncontrado("Funcionário não encontrado nesta folha")
    cur.execute("""SELECT id, cpf, pis, cargo, data_admissao, salario FROM rh.funcionarios
                    WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
                ([h["funcionario_id"] for h in holerites],))
    cadastro = {linha["id"]: linha for linha in cur.fetchall()}
    cur.execute("SELECT nome, cnpj FROM auth.v_empresas")
    empresa = cur.fetchone() or {"nome": "", "cnpj": None}
    tipo = tipo_da_folha(folha)
    completos = []
    for h in holerites:
        registro = cadastro.get(h["funcionario_id"], {})
        completos.append({**h, "competencia": folha["competencia"], "tipo": h.get("tipo") or tipo,
                          "cpf": registro.get("cpf"), "pis": registro.get("pis"), "cargo": registro.get("cargo"),
                          "data_admissao": registro.get("data_admissao"), "salario_base": registro.get("salario")})
    return FolhaParaExportar(dict(empresa), folha, completos)


def mes_por_extenso(competencia: date) -> str:
    meses = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
             "novembro", "dezembro")
    return f"{meses[competencia.month - 1]} de {competencia.year}"
