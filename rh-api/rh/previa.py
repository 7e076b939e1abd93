"""The month's payroll preview (GET /api/folha/calcular): the funcionários active in a competência,
each with that month's variables, through the pure calculation (rh/folha/calculo.py). It reads
and stores nothing else; processing the month (rh/folhas.py) stores what this computes.

Active in the month: admitted by its last day and not dismissed before its first. Autônomos are
left out: they are paid as cachês (RPA), not by the payroll.
"""
from datetime import date

from shared import calendario
from shared.errors import Validacao

from rh.folha import calculo
from rh.folha.modelos import Contratado, Holerite, Variaveis
from rh.folha.tabelas import tabela_em
from rh.variaveis import CAMPOS as CAMPOS_VARIAVEIS


def funcionarios_do_mes(cur, competencia: date) -> list[dict]:
    """The funcionários the payroll of `competencia` pays, by name, with that month's variables
    (NULL where the month has none)."""
    cur.execute(
        f"""SELECT f.id, f.nome, f.vinculo, f.salario, f.data_admissao, f.data_demissao, f.dependentes,
                   f.jornada_mensal_horas, f.vale_transporte, f.custo_vale_transporte,
                   {', '.join('v.' + campo for campo in CAMPOS_VARIAVEIS)}
              FROM rh.funcionarios f
              LEFT JOIN rh.variaveis_mes v
                     ON v.empresa_id = f.empresa_id AND v.funcionario_id = f.id AND v.competencia = %(inicio)s
             WHERE f.empresa_id = plataforma.empresa_atual()
               AND f.vinculo <> 'AUTONOMO'
               AND f.data_admissao <= %(fim)s
               AND (f.data_demissao IS NULL OR f.data_demissao >= %(inicio)s)
             ORDER BY f.nome_busca, f.id""",
        {"inicio": competencia, "fim": calendario.fim_do_mes(competencia)},
    )
    return cur.fetchall()


def _contratado(linha: dict) -> Contratado:
    return Contratado(
        id=linha["id"], nome=linha["nome"], vinculo=linha["vinculo"], salario=linha["salario"],
        data_admissao=linha["data_admissao"], data_demissao=linha["data_demissao"],
        dependentes=linha["dependentes"], jornada_mensal_horas=linha["jornada_mensal_horas"],
        vale_transporte=linha["vale_transporte"], custo_vale_transporte=linha["custo_vale_transporte"])


def _variaveis(linha: dict) -> Variaveis:
    """The month's variables; a month without a row has them all at zero (the dataclass's defaults)."""
    return Variaveis(**{campo: linha[campo] for campo in CAMPOS_VARIAVEIS if linha[campo] is not None})


def calcular(cur, competencia: date) -> tuple[list[tuple[Contratado, Holerite]], dict]:
    """Each funcionário paid in `competencia` (by name) with their payslip, and the month's totals;
    400 naming `competencia` for a month no table of rh/folha/tabelas/ is in force in."""
    try:
        tabela = tabela_em(competencia)
    except ValueError as erro:
        raise Validacao("Verifique os campos destacados", {"competencia": str(erro)}) from None
    folha = []
    for linha in funcionarios_do_mes(cur, competencia):
        contratado = _contratado(linha)
        folha.append((contratado, calculo.mensal(contratado, _variaveis(linha), competencia, tabela)))
    return folha, calculo.totais([holerite for _, holerite in folha])
