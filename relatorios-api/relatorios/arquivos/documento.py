"""A report's JSON (the CONTRACT's shapes) as the document its screen shows, for both files.

The export is the screen: the same rows, in the same order, with the same totals, all taken from
the JSON the report's route returns (`calcular`); nothing is computed again here but the sums of a
column the screen also adds up. Values leave typed (Decimal, date, int, str) so that the XLSX has
numbers and dates, not text; a percentage is its fraction (0.452 for 45,2%), as a spreadsheet
keeps it.
"""
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Callable, Iterable, Literal

Tipo = Literal["dinheiro", "data", "mes", "percentual", "texto", "inteiro"]  # mes: a date shown as its month


@dataclass(frozen=True)
class Coluna:
    titulo: str
    tipo: Tipo


@dataclass
class Secao:
    """One table of the screen; `total` is its last row, drawn apart (bold, a line above).

    `linhas` is a list, or — for a table too long to hold (the razão) — an iterator the file's
    writer reads once, row by row, with `quantidade` its length, known beforehand."""

    titulo: str
    colunas: list[Coluna]
    linhas: Iterable[list]
    total: list | None = None
    quantidade: int | None = None

    @property
    def quantas_linhas(self) -> int:
        return len(self.linhas) if self.quantidade is None else self.quantidade


@dataclass
class Documento:
    titulo: str
    # The figures the screen shows above its tables: (rótulo, valor, tipo).
    resumo: list[tuple[str, object, Tipo]] = field(default_factory=list)
    secoes: list[Secao] = field(default_factory=list)


@dataclass(frozen=True)
class Cabecalho:
    """What every file says above the report: whose it is, with which filters, made when."""

    empresa: str
    filtros: list[tuple[str, str]]
    gerado_em: datetime  # in the studio's time zone

    @property
    def descricao_dos_filtros(self) -> str:
        filtros = " · ".join(f"{rotulo}: {valor}" for rotulo, valor in self.filtros)
        return f"Filtros: {filtros}" if filtros else "Sem filtros"

    @property
    def gerado(self) -> str:
        return f"Gerado em {self.gerado_em:%d/%m/%Y} às {self.gerado_em:%H:%M} (horário de Brasília)"


def _dinheiro(texto) -> Decimal:
    return Decimal(str(texto))


def _data(texto) -> date:
    return date.fromisoformat(str(texto))


def _percentual(texto) -> Decimal:
    """The JSON's percentage points ("45.20") as the fraction a spreadsheet formats as 45,20%."""
    return Decimal(str(texto)) / 100


def _fluxo(json: dict) -> Documento:
    periodos = Secao("Períodos", [Coluna("Início", "data"), Coluna("Fim", "data"), Coluna("Entradas", "dinheiro"),
                                  Coluna("Saídas", "dinheiro"), Coluna("Saldo final", "dinheiro")],
                     [[_data(p["inicio"]), _data(p["fim"]), _dinheiro(p["entradas"]), _dinheiro(p["saidas"]),
                       _dinheiro(p["saldo_final"])] for p in json["periodos"]],
                     ["Total", "", _dinheiro(json["entradas"]), _dinheiro(json["saidas"]),
                      _dinheiro(json["saldo_final"])])
    return Documento("Fluxo de caixa realizado", [
        ("Saldo inicial", _dinheiro(json["saldo_inicial"]), "dinheiro"),
        ("Entradas", _dinheiro(json["entradas"]), "dinheiro"),
        ("Saídas", _dinheiro(json["saidas"]), "dinheiro"),
        ("Saldo final", _dinheiro(json["saldo_final"]), "dinheiro"),
    ], [periodos])


def _projetado(json: dict) -> Documento:
    linhas = [[_data(d["data"]), _dinheiro(d["entradas"]), _dinheiro(d["saidas"]), _dinheiro(d["saldo"])]
              for d in json["dias"]]
    total = ["Total", sum((linha[1] for linha in linhas), Decimal("0.00")),
             sum((linha[2] for linha in linhas), Decimal("0.00")), linhas[-1][3] if linhas else ""]
    dias = Secao("Saldo previsto por dia", [Coluna("Data", "data"), Coluna("Entradas", "dinheiro"),
                                            Coluna("Saídas", "dinheiro"), Coluna("Saldo", "dinheiro")],
                 linhas, total)
    resumo = [("Saldo atual", _dinheiro(json["saldo_atual"]), "dinheiro")]
    if json.get("menor_saldo"):
        resumo += [("Menor saldo", _dinheiro(json["menor_saldo"]["valor"]), "dinheiro"),
                   ("Dia do menor saldo", _data(json["menor_saldo"]["data"]), "data")]
    for chave, rotulo in (("receber", "Vencidos a receber"), ("pagar", "Vencidos a pagar")):
        vencidos = json.get("vencidos", {}).get(chave)
        if vencidos:
            resumo.append((f"{rotulo} ({vencidos['quantidade']})", _dinheiro(vencidos["valor"]), "dinheiro"))
    return Documento("Fluxo de caixa projetado", resumo, [dias])


FAIXAS = {"a_vencer": "A vencer", "1_30": "Vencidos de 1 a 30 dias", "31_60": "Vencidos de 31 a 60 dias",
          "61_90": "Vencidos de 61 a 90 dias", "mais_90": "Vencidos há mais de 90 dias"}
ROTULOS_CURTOS = {"a_vencer": "A vencer", "1_30": "1 a 30 dias", "31_60": "31 a 60 dias", "61_90": "61 a 90 dias",
                  "mais_90": "Mais de 90 dias"}


def _inadimplencia(json: dict) -> Documento:
    total = _dinheiro(json["total"])
    por_faixa = {f["faixa"]: f for f in json["faixas"]}
    faixas = Secao("Por faixa de atraso", [Coluna("Faixa", "texto"), Coluna("Quantidade", "inteiro"),
                                           Coluna("Valor", "dinheiro")],
                   [[FAIXAS.get(f["faixa"], f["faixa"]), int(f["quantidade"]), _dinheiro(f["valor"])]
                    for f in json["faixas"]],
                   ["Total", sum(int(f["quantidade"]) for f in json["faixas"]), total])
    # Every open receitas is some cliente's ("Sem cliente" included): the clientes add up to the total.
    clientes = Secao("Por cliente", [Coluna("Cliente", "texto"),
                                     *(Coluna(ROTULOS_CURTOS[f], "dinheiro") for f in FAIXAS),
                                     Coluna("Total", "dinheiro")],
                     [[c["nome"], *(_dinheiro(c["faixas"][f]) for f in FAIXAS), _dinheiro(c["total"])]
                      for c in json["clientes"]],
                     ["Total", *(_dinheiro(por_faixa[f]["valor"]) for f in FAIXAS), total])
    return Documento("Inadimplência", [("Data-base", _data(json["data_base"]), "data"),
                                       ("Total em aberto", total, "dinheiro")], [faixas, clientes])


def _analise(json: dict) -> Documento:
    # The tree as the screen indents it: a subcategoria under its categoria.
    itens = Secao("Categorias", [Coluna("Categoria", "texto"), Coluna("Valor", "dinheiro"),
                                 Coluna("% do total", "percentual")],
                  [["    " * (int(i["nivel"]) - 1) + i["nome"], _dinheiro(i["valor"]), _percentual(i["percentual"])]
                   for i in json["itens"]],
                  ["Total", _dinheiro(json["total"]), Decimal(1)])
    return Documento("Análise por categoria", [("Total", _dinheiro(json["total"]), "dinheiro")], [itens])


MOVIMENTOS = {"cobranca": "Cobrança", "pagamento": "Pagamento"}


def _extrato_cliente(json: dict) -> Documento:
    """A letter to the cliente: the balance brought forward, each movement with the balance after
    it, and what they owe at the end in their words ("Você deve", "Saldo a seu favor"). The
    Desconto column only when the period had one, as the screen shows it."""
    de, ate, saldo_final = _data(json["de"]), _data(json["ate"]), _dinheiro(json["saldo_final"])
    com_desconto = any(_dinheiro(m["desconto"]) for m in json["movimentos"])
    campos = ("cobrado", "pago", "desconto") if com_desconto else ("cobrado", "pago")
    colunas = [Coluna("Data", "data"), Coluna("Descrição", "texto"),
               *(Coluna(campo.capitalize(), "dinheiro") for campo in campos), Coluna("Saldo", "dinheiro")]
    anterior = [de, "Saldo anterior", *("" for _ in campos), _dinheiro(json["saldo_anterior"])]
    movimentos = Secao("Movimentos", colunas, [anterior] + [
        [_data(m["data"]), f"{MOVIMENTOS[m['tipo']]}: {m['descricao']}", *(_dinheiro(m[c]) for c in campos),
         _dinheiro(m["saldo"])] for m in json["movimentos"]],
        ["Total do período", "", *(_dinheiro(json[c]) for c in campos), saldo_final])
    if saldo_final > 0:
        situacao = (f"Você deve em {ate:%d/%m/%Y}", saldo_final)
    elif saldo_final < 0:
        situacao = (f"Saldo a seu favor em {ate:%d/%m/%Y}", -saldo_final)
    else:
        situacao = (f"Nada a pagar em {ate:%d/%m/%Y}", saldo_final)
    resumo = [("Período", f"{de:%d/%m/%Y} a {ate:%d/%m/%Y}", "texto"),
              (f"Saldo anterior em {de:%d/%m/%Y}", _dinheiro(json["saldo_anterior"]), "dinheiro"),
              ("Cobrado no período", _dinheiro(json["cobrado"]), "dinheiro"),
              ("Pago no período", _dinheiro(json["pago"]), "dinheiro")]
    if com_desconto:
        resumo.append(("Descontos no período", _dinheiro(json["desconto"]), "dinheiro"))
    return Documento(f"Extrato de {json['cliente']['nome']}", [*resumo, (*situacao, "dinheiro")], [movimentos])


def _dre(json: dict) -> Documento:
    """The DRE as the screen shows it opened: each line with its categorias under it (indented by
    their nivel), a money column per column of the JSON, the total and its % of the receita líquida;
    the não operacional apart, below the result."""
    colunas = [Coluna("Linha da DRE", "texto"), *(Coluna(c["rotulo"], "dinheiro") for c in json["colunas"]),
               Coluna("Total", "dinheiro"), Coluna("% vertical", "percentual")]

    def linhas(da_dre: list[dict]) -> list[list]:
        tabela = []
        for linha in da_dre:
            vertical = linha["vertical_total"]
            tabela.append([linha["rotulo"], *map(_dinheiro, linha["valores"]), _dinheiro(linha["total"]),
                           "" if vertical is None else _percentual(vertical)])
            tabela += [["    " * int(c["nivel"]) + c["nome"], *map(_dinheiro, c["valores"]), _dinheiro(c["total"]), ""]
                       for c in linha["categorias"]]
        return tabela

    figuras = {linha["chave"]: linha for linha in json["linhas"]}
    return Documento("DRE gerencial", [
        ("Receita líquida", _dinheiro(figuras["receita_liquida"]["total"]), "dinheiro"),
        ("Resultado do período", _dinheiro(figuras["resultado_do_periodo"]["total"]), "dinheiro"),
    ], [Secao("Demonstração do resultado", colunas, linhas(json["linhas"])),
        Secao("Fora do resultado: aportes e retiradas", colunas, linhas(json["fora_do_resultado"]))])


def _periodo_em_texto(periodo: dict) -> str:
    return f"{_data(periodo['de']):%d/%m/%Y} a {_data(periodo['ate']):%d/%m/%Y}"


def _comparacao(rotulo: str, c: dict) -> list:
    """A row of the comparativo: A, B, the variation in R$ and in % (blank without a base)."""
    percentual = _percentual(c["variacao_percentual"]) if c["variacao_percentual"] is not None else ""
    return [rotulo, _dinheiro(c["a"]), _dinheiro(c["b"]), _dinheiro(c["variacao"]), percentual]


def _comparativo(json: dict) -> Documento:
    colunas = [Coluna("Categoria", "texto"), Coluna("Período A", "dinheiro"), Coluna("Período B", "dinheiro"),
               Coluna("Variação (R$)", "dinheiro"), Coluna("Variação (%)", "percentual")]
    secoes = [Secao(titulo, colunas,
                    [_comparacao("    " * (int(i["nivel"]) - 1) + i["nome"], i) for i in json[chave]["itens"]],
                    _comparacao("Total", json[chave]["total"]))
              for chave, titulo in (("receitas", "Receitas"), ("despesas", "Despesas"))]
    secoes.append(Secao("Resultado", [Coluna("Linha", "texto"), *colunas[1:]], [
        _comparacao("Receitas", json["receitas"]["total"]), _comparacao("(-) Despesas", json["despesas"]["total"]),
        _comparacao("(-) Fora do resultado: aportes menos retiradas", json["fora_do_resultado"])],
        _comparacao("Resultado do período", json["resultado"])))
    return Documento("Comparativo", [
        ("Período A (base)", _periodo_em_texto(json["a"]), "texto"),
        ("Período B (atual)", _periodo_em_texto(json["b"]), "texto"),
        ("Resultado em A", _dinheiro(json["resultado"]["a"]), "dinheiro"),
        ("Resultado em B", _dinheiro(json["resultado"]["b"]), "dinheiro"),
    ], secoes)


# The indicators by the kind of figure, so that each table's Valor column has one type.
UNIDADES = (("Em reais", ("dinheiro",), "dinheiro"), ("Em percentual", ("percentual",), "percentual"),
            ("Em dias e quantidades", ("dias", "inteiro"), "inteiro"))


FORMULA_POR_LINHA = 72  # characters: a PDF row is one line, and a formula is read whole, never cut with …


def _indicadores(json: dict) -> Documento:
    """Each indicator with its value (blank when it has none), then its formula written out on the
    rows under it, as the screen shows it under the figure."""
    como = {"dinheiro": _dinheiro, "percentual": _percentual, "inteiro": int}
    secoes = []
    for titulo, unidades, tipo in UNIDADES:
        linhas = []
        for i in json["indicadores"]:
            if i["unidade"] in unidades:
                linhas.append([i["nome"], "" if i["valor"] is None else como[tipo](i["valor"])])
                linhas += [["    " + parte, ""] for parte in textwrap.wrap(i["formula"], FORMULA_POR_LINHA,
                                                                       break_long_words=False, break_on_hyphens=False)]
        if linhas:
            secoes.append(Secao(titulo, [Coluna("Indicador e fórmula", "texto"), Coluna("Valor", tipo)], linhas))
    return Documento("Indicadores", [("Período", _periodo_em_texto(json), "texto")], secoes)


ETAPAS = {"lead": "Lead", "orcamento": "Orçamento", "contratado": "Contratado", "em_producao": "Em produção",
          "entregue": "Entregue", "concluido": "Concluído", "perdido": "Perdido", "cancelado": "Cancelado"}
AGRUPAMENTOS = {"evento": "Evento", "tipo": "Tipo de evento", "fotografo": "Fotógrafo principal"}


def _resultado_eventos(json: dict) -> Documento:
    """Each line as the screen's table shows it (by evento also its date, etapa and fotógrafo), its
    margem % a fraction, blank without receita; the totals line last."""
    def figuras(linha: dict) -> list:
        percentual = linha["margem_percentual"]
        return [int(linha["quantidade"]), _dinheiro(linha["receita"]), _dinheiro(linha["custo"]),
                _dinheiro(linha["margem"]), "" if percentual is None else _percentual(percentual)]

    por_evento = json["agrupar"] == "evento"
    extras = [Coluna("Início", "data"), Coluna("Etapa", "texto"), Coluna("Fotógrafo", "texto")] if por_evento else []
    colunas = [Coluna(AGRUPAMENTOS[json["agrupar"]], "texto"), *extras, Coluna("Eventos", "inteiro"),
               Coluna("Receita", "dinheiro"), Coluna("Custo", "dinheiro"), Coluna("Margem", "dinheiro"),
               Coluna("Margem %", "percentual")]
    linhas = [[linha["rotulo"],
               *([_data(linha["data_inicio"]), ETAPAS.get(linha["etapa"], linha["etapa"]), linha["fotografo"] or ""]
                 if por_evento else []),
               *figuras(linha)] for linha in json["linhas"]]
    total = json["total"]
    return Documento(f"Resultado por {AGRUPAMENTOS[json['agrupar']].lower()}", [
        ("Eventos", int(total["quantidade"]), "inteiro"), ("Receita", _dinheiro(total["receita"]), "dinheiro"),
        ("Custo", _dinheiro(total["custo"]), "dinheiro"), ("Margem", _dinheiro(total["margem"]), "dinheiro"),
    ], [Secao("Resultado", colunas, linhas, ["Total", *("" for _ in extras), *figuras(total)])])


STATUS = {"PENDENTE": "Pendente", "PARCIAL": "Pago em parte", "PAGO": "Pago", "CANCELADO": "Cancelado"}
STATUS_DA_RECEITA = {**STATUS, "PARCIAL": "Recebido em parte", "PAGO": "Recebido"}
RAZAO = [Coluna("Vencimento", "data"), Coluna("Competência", "mes"), Coluna("Descrição", "texto"),
         Coluna("Categoria", "texto"), Coluna("Conta", "texto"), Coluna("Cliente/fornecedor", "texto"),
         Coluna("Centro de custo", "texto"), Coluna("Valor", "dinheiro"), Coluna("Pago", "dinheiro"),
         Coluna("Em aberto", "dinheiro"), Coluna("Situação", "texto")]


def _reais(valor: Decimal) -> str:
    inteiro, centavos = f"{valor:,.2f}".split(".")
    return f"{inteiro.replace(',', '.')},{centavos}"


def _centros(centros: list | None) -> str:
    """"Ensaios", or each centro with its part of a rateio: "Ensaios 1.260,00 | Estúdio 2.940,00"."""
    if not centros or len(centros) == 1:
        return centros[0][0] if centros else ""
    return " | ".join(f"{nome} {_reais(Decimal(valor))}" for nome, valor in centros)


def _lancamento(linha: dict) -> list:
    """A row of the ledger as the screen shows it: a despesa's figures negative (money going out),
    nothing open on a cancelled one, the status in the words of its tipo."""
    sinal = -1 if linha["tipo"] == "DESPESA" else 1
    status = (STATUS_DA_RECEITA if linha["tipo"] == "RECEITA" else STATUS)[linha["status"]]
    cancelado = linha["status"] == "CANCELADO"
    return [linha["data_vencimento"], linha["competencia"], linha["descricao"], linha["categoria"], linha["conta"],
            linha["pessoa"] or "", _centros(linha["centros"]), sinal * linha["valor"], sinal * linha["valor_pago"],
            "" if cancelado else sinal * linha["valor_aberto"], f"{status} (vencido)" if linha["vencido"] else status]


def _razao(json: dict) -> Documento:
    """The ledger's rows, read once as the file is written (relatorios/razao.py), and its totals
    as the screen adds them up: the Valor column's total is the screen's Saldo."""
    em_branco = [""] * (len(RAZAO) - 5)  # between the label and the three figures
    lancamentos = Secao("Lançamentos", RAZAO, map(_lancamento, json["linhas"]),
                        ["Total (sem os cancelados)", *em_branco, _dinheiro(json["saldo"]), _dinheiro(json["pago"]),
                         _dinheiro(json["aberto"]), ""],
                        quantidade=json["quantidade"])
    return Documento("Lançamentos", [
        ("Receitas", _dinheiro(json["receitas"]), "dinheiro"), ("Despesas", _dinheiro(json["despesas"]), "dinheiro"),
        ("Saldo", _dinheiro(json["saldo"]), "dinheiro"), ("Quantidade de lançamentos", json["quantidade"], "inteiro"),
    ], [lancamentos])


# The reports that can be exported, by their name in relatorios/catalogo.py.
DOCUMENTOS: dict[str, Callable[[dict], Documento]] = {
    "fluxo-caixa": _fluxo,
    "fluxo-caixa-projetado": _projetado,
    "inadimplencia": _inadimplencia,
    "analise": _analise,
    "extrato-cliente": _extrato_cliente,
    "dre": _dre,
    "comparativo": _comparativo,
    "indicadores": _indicadores,
    "resultado-eventos": _resultado_eventos,
    "razao": _razao,
}


def documento(relatorio: str, json: dict) -> Documento:
    return DOCUMENTOS[relatorio](json)


# ---------------------------------------------------------------- the filters, in the header

ROTULOS = {"de": "De", "ate": "Até", "agrupamento": "Agrupamento", "conta_id": "Conta", "dias": "Dias",
           "data_base": "Data-base", "tipo": "Tipo", "regime": "Regime", "cliente_id": "Cliente",
           "categoria_id": "Categoria", "centro_custo_id": "Centro de custo", "vencidos": "Vencidos",
           "atraso_dias": "Atraso do cenário (dias)", "clientes": "Clientes do cenário",
           "colunas": "Colunas", "a_de": "Período A de", "a_ate": "Período A até", "b_de": "Período B de",
           "b_ate": "Período B até", "vencido": "Vencidos", "data": "Data do período", "status": "Situação",
           "fornecedor_id": "Fornecedor", "serie_id": "Série", "q": "Busca", "agrupar": "Agrupar por"}
VALORES = {"dia": "Dia", "semana": "Semana", "mes": "Mês", "caixa": "Caixa", "competencia": "Competência",
           "RECEITA": "Receitas", "DESPESA": "Despesas", "hoje": "Esperados para hoje", "excluir": "Fora da projeção",
           "centro": "Por centro de custo", "total": "Total", "vencimento": "Vencimento", "pagamento": "Pagamento",
           "PENDENTE": "Pendentes", "PARCIAL": "Pagos em parte", "PAGO": "Pagos", "CANCELADO": "Cancelados",
           **AGRUPAMENTOS}
# Whose name a filter's id stands for (cadastros' read contract).
NOMES = {"conta_id": "cadastros.v_contas", "cliente_id": "cadastros.v_clientes", "clientes": "cadastros.v_clientes",
         "categoria_id": "cadastros.v_categorias", "centro_custo_id": "cadastros.v_centros_custo",
         "fornecedor_id": "cadastros.v_fornecedores"}


def filtros(cur, parametros: dict) -> list[tuple[str, str]]:
    """The report's query as the office reads it: ("Conta", "Itaú"), ("De", "01/01/2026")…"""
    legiveis = []
    for chave, valor in parametros.items():
        if valor is None or valor == [] or (chave == "atraso_dias" and not valor):
            continue
        legiveis.append((ROTULOS.get(chave, chave.replace("_", " ").capitalize()), _legivel(cur, chave, valor)))
    return legiveis


def _legivel(cur, chave: str, valor) -> str:
    if isinstance(valor, list):
        return ", ".join(_legivel(cur, chave, v) for v in valor)
    if chave == "centro_custo_id" and valor == 0:  # somas.SEM_CENTRO
        return "Sem centro de custo"
    if chave in NOMES:
        cur.execute(f"SELECT nome FROM {NOMES[chave]} WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                    (valor,))
        linha = cur.fetchone()
        return linha["nome"] if linha else f"nº {valor}"
    if isinstance(valor, bool):
        return "Sim" if valor else "Não"
    texto = str(valor)
    try:
        return date.fromisoformat(texto).strftime("%d/%m/%Y")
    except ValueError:
        return VALORES.get(texto, texto)
