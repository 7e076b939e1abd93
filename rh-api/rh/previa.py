"""The month's payroll preview (GET /api/folha/calcular): the funcionários active in a competência,
each with that month's variables, through the pure calculation (rh/folha/calculo.py). It reads
and stores nothing else; processing the month (rh/folhas.py) stores what this computes.

Active in the month: admitted by its last day and not dismissed before its first. Autônomos are
left out: they are paid as cachês (RPA), not by the payroll.

The same preview computes a parcela of the 13º salário (tipo DECIMO_TERCEIRO_1, from February to
November; DECIMO_TERCEIRO_2, in December) for the CLT funcionários active in its competência, and
the month knows the férias processed in it (rh/ferias.py; calculo.FeriasNoMes).

Média de variáveis (13º and férias alike): the variable rubricas (HE50, HE100, NOTURNO, COMISSOES,
DSR) of the funcionário's payslips in the processed MENSAL folhas of a period — for the 13º, its
year before its competência; for férias, the 12 competências before the month they begin — summed
and divided by the avos of that period (months with 15 days of work or more, Lei 4.090 art. 1º
§2º), rounded to the cent. A month not processed adds nothing to the sum but counts as an avo.
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal

from shared import calendario
from shared.errors import Validacao

from rh.folha import calculo
from rh.folha.formato import ZERO, centavos, numero
from rh.folha.modelos import Contratado, Holerite, Variaveis
from rh.folha.tabelas import tabela_em
from rh.variaveis import CAMPOS as CAMPOS_VARIAVEIS

RUBRICAS_VARIAVEIS = ("HE50", "HE100", "NOTURNO", "COMISSOES", "DSR")
PARCELAS = {"DECIMO_TERCEIRO_1": 1, "DECIMO_TERCEIRO_2": 2}


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


def contratado(linha: dict) -> Contratado:
    """A funcionário row (rh.funcionarios) as the calculation takes it."""
    return Contratado(
        id=linha["id"], nome=linha["nome"], vinculo=linha["vinculo"], salario=linha["salario"],
        data_admissao=linha["data_admissao"], data_demissao=linha["data_demissao"],
        dependentes=linha["dependentes"], jornada_mensal_horas=linha["jornada_mensal_horas"],
        vale_transporte=linha["vale_transporte"], custo_vale_transporte=linha["custo_vale_transporte"])


def _variaveis(linha: dict) -> Variaveis:
    """The month's variables; a month without a row has them all at zero (the dataclass's defaults)."""
    return Variaveis(**{campo: linha[campo] for campo in CAMPOS_VARIAVEIS if linha[campo] is not None})


def tabela(competencia: date):
    """The payroll table in force in `competencia`; 400 naming it when there is none."""
    try:
        return tabela_em(competencia)
    except ValueError as erro:
        raise Validacao("Verifique os campos destacados", {"competencia": str(erro)}) from None


def calcular(cur, competencia: date, tipo: str = "MENSAL") -> tuple[list[tuple[Contratado, Holerite]], dict]:
    """Each funcionário paid in `competencia` (by name) with their payslip of that `tipo` (MENSAL
    or a parcela of the 13º), and the run's totals; 400 naming `competencia` for a month no table
    of rh/folha/tabelas/ is in force in, or one the 13º's parcela may not be paid in."""
    if tipo in PARCELAS:
        return _decimo_terceiro(cur, competencia, PARCELAS[tipo])
    em_vigor = tabela(competencia)
    ferias = ferias_do_mes(cur, competencia)
    folha = []
    for linha in funcionarios_do_mes(cur, competencia):
        c = contratado(linha)
        folha.append((c, calculo.mensal(c, _variaveis(linha), competencia, em_vigor, ferias.get(c.id))))
    return folha, calculo.totais([holerite for _, holerite in folha])


def ferias_do_mes(cur, competencia: date) -> dict[int, calculo.FeriasNoMes]:
    """{funcionario_id: the férias processed (not cancelled) that fall in `competencia`}; a run
    across two months gives each its calendar days' share of férias + 1/3 and of the INSS."""
    inicio, fim = competencia, calendario.fim_do_mes(competencia)
    cur.execute("""SELECT funcionario_id, inicio, fim, dias, bruto, inss FROM rh.ferias
                    WHERE empresa_id = plataforma.empresa_atual() AND cancelada_em IS NULL
                      AND inicio <= %s AND fim >= %s""", (fim, inicio))
    no_mes: dict[int, calculo.FeriasNoMes] = {}
    for linha in cur.fetchall():
        dias = (min(fim, linha["fim"]) - max(inicio, linha["inicio"])).days + 1
        parte = calculo.FeriasNoMes(dias, centavos(linha["bruto"] * dias / linha["dias"]),
                                    centavos(linha["inss"] * dias / linha["dias"]))
        antes = no_mes.get(linha["funcionario_id"])
        if antes:
            parte = calculo.FeriasNoMes(antes.dias + parte.dias, antes.remuneracao + parte.remuneracao,
                                        antes.inss_retido + parte.inss_retido)
        no_mes[linha["funcionario_id"]] = parte
    return no_mes


def avos(c: Contratado, de: date, ate: date) -> int:
    """The months from `de` up to (not including) `ate` with 15 days of work or more."""
    meses, mes = 0, de
    while mes < ate:
        inicio, fim = max(mes, c.data_admissao), min(calendario.fim_do_mes(mes), c.data_demissao or date.max)
        meses += (fim - inicio).days + 1 >= 15
        mes = calendario.somar_meses(mes, 1)
    return meses


def variaveis_processadas(cur, de: date, ate: date) -> dict[int, tuple[Decimal, int]]:
    """{funcionario_id: (the sum of the variable rubricas, in how many folhas)} of the MENSAL folhas
    processed with competência from `de` up to (not including) `ate`."""
    cur.execute("""SELECT h.funcionario_id, sum((r.item->>'valor')::numeric) AS soma, count(DISTINCT f.id) AS folhas
                     FROM rh.folhas f
                     JOIN rh.folha_holerites h ON h.empresa_id = f.empresa_id AND h.folha_id = f.id
                    CROSS JOIN LATERAL jsonb_array_elements(h.rubricas) AS r(item)
                    WHERE f.empresa_id = plataforma.empresa_atual() AND f.tipo = 'MENSAL'
                      AND f.competencia >= %s AND f.competencia < %s AND r.item->>'codigo' = ANY(%s)
                    GROUP BY h.funcionario_id""", (de, ate, list(RUBRICAS_VARIAVEIS)))
    return {linha["funcionario_id"]: (linha["soma"], linha["folhas"]) for linha in cur.fetchall()}


def media(soma_e_folhas: tuple[Decimal, int] | None, meses: int, de: date, ate: date) -> tuple[Decimal, str]:
    """(the média de variáveis, its memo) from what variaveis_processadas found for a funcionário."""
    soma, folhas = soma_e_folhas or (ZERO, 0)
    valor = centavos(soma / meses) if meses else ZERO
    periodo = f"{de:%m/%Y} a {calendario.somar_meses(ate, -1):%m/%Y}"
    return valor, (f"média de variáveis (HE, adicional noturno, comissões e DSR) das folhas mensais processadas de "
                   f"{periodo}: {numero(centavos(soma))} em {folhas} folha(s) ÷ {meses} avos → {numero(valor)}")


def com_memo(holerite: Holerite, memo: str) -> Holerite:
    """The payslip with the média's memo before its first rubrica's."""
    primeira, *resto = holerite.rubricas
    return replace(holerite, rubricas=(replace(primeira, memo=f"{memo}; {primeira.memo}"), *resto))


def _decimo_terceiro(cur, competencia: date, parcela: int) -> tuple[list[tuple[Contratado, Holerite]], dict]:
    if parcela == 2 and competencia.month != 12:
        raise Validacao("Verifique os campos destacados", {
            "competencia": "A 2ª parcela do 13º é paga em dezembro: use a competência 12 do ano",
            "tipo": "2ª parcela do 13º só na competência de dezembro"})
    if parcela == 1 and not 2 <= competencia.month <= 11:
        raise Validacao("Verifique os campos destacados", {
            "competencia": "A 1ª parcela do 13º é paga entre fevereiro e novembro (Lei 4.749/1965 art. 2º)",
            "tipo": "1ª parcela do 13º só nas competências de fevereiro a novembro"})
    em_vigor = tabela(competencia)
    janeiro = competencia.replace(month=1)
    variaveis = variaveis_processadas(cur, janeiro, competencia)
    adiantados = _primeiras_parcelas(cur, competencia.year) if parcela == 2 else {}
    folha = []
    for linha in funcionarios_do_mes(cur, competencia):
        c = contratado(linha)
        regra = em_vigor.vinculos.get(c.vinculo)
        if regra is None or not regra.decimo_terceiro_e_ferias:
            continue
        meses = calculo.meses_do_ano(c, competencia.year)
        valor_media, memo = media(variaveis.get(c.id), meses, janeiro, competencia)
        adiantado = adiantados.get(c.id)
        holerite = calculo.decimo_terceiro(c, competencia, parcela, meses, adiantado or ZERO, valor_media, em_vigor)
        holerite = com_memo(holerite, memo)
        if parcela == 2 and adiantado is None:
            holerite = replace(holerite, avisos=(*holerite.avisos,
                               f"A 1ª parcela do 13º de {competencia.year} não foi processada para este funcionário: "
                               f"nada descontado como adiantamento"))
        folha.append((c, holerite))
    return folha, calculo.totais([holerite for _, holerite in folha])


def _primeiras_parcelas(cur, ano: int) -> dict[int, Decimal]:
    """{funcionario_id: what the processed 1ª parcela of `ano`'s 13º paid them}."""
    cur.execute("""SELECT h.funcionario_id, h.liquido FROM rh.folhas f
                     JOIN rh.folha_holerites h ON h.empresa_id = f.empresa_id AND h.folha_id = f.id
                    WHERE f.empresa_id = plataforma.empresa_atual() AND f.tipo = 'DECIMO_TERCEIRO_1'
                      AND f.competencia >= %s AND f.competencia < %s""", (date(ano, 1, 1), date(ano + 1, 1, 1)))
    return {linha["funcionario_id"]: linha["liquido"] for linha in cur.fetchall()}
