"""GET /api/relatorios/indicadores: every indicator against a second computation from
gerador_resultado's Oraculo (Python over the tables' rows: the DRE groups' sums, the amounts open on
`ate` with each baixa dated up to it, the receitas counted), by competência and caixa and per
centro de custo; each formula written with its figures; null with the reason when a divisor is
zero; validation, tenancy, and the XLSX export with the JSON's numbers."""
import io
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from shared import config

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import Oraculo, gerar, repartir  # noqa: E402
from test_exportacoes import baixar  # noqa: E402

EMPRESA, OUTRA = 1951, 1952
Q2, Q0 = Decimal("0.01"), Decimal("1")


@pytest.fixture
def resultado(resultado_gerado):
    """Empresa 1951's generated two years, made once for the module."""
    return resultado_gerado(EMPRESA, semente=31, quantos=300)


class Segunda:
    """The indicators' inputs from the Oraculo's rows, for one regime, period and centro."""

    def __init__(self, sql_dono, empresa_id, regime, de, ate, centro="todos"):
        self.oraculo = o = Oraculo(sql_dono, empresa_id)
        self.regime, self.de, self.ate, self.centro = regime, de, ate, centro
        self.posicao = min(ate, config.hoje())  # what is open on a day to come is not known yet
        grupos: dict[str, Decimal] = {}
        for categoria, valor in o.somar(regime, de, ate, None, centro).items():
            grupos[o.grupo(categoria)] = grupos.get(o.grupo(categoria), Decimal(0)) + valor
        g = lambda chave: grupos.get(chave, Decimal(0))  # noqa: E731
        self.dre = {"receita_bruta": g("receita_bruta"), "deducoes": g("deducoes"),
                    "custos_servicos": g("custos_servicos"), "despesas_operacionais": g("despesas_operacionais")}
        self.dre["receita_liquida"] = g("receita_bruta") - g("deducoes")
        self.dre["lucro_bruto"] = self.dre["receita_liquida"] - g("custos_servicos")
        self.dre["resultado_do_periodo"] = (self.dre["lucro_bruto"] - g("despesas_operacionais")
                                            + g("receitas_financeiras") - g("despesas_financeiras")
                                            + g("outras_receitas") - g("outras_despesas"))

    def _parte(self, lancamento, valor) -> Decimal:
        """The centro's part of an amount of the lançamento (all of it without a centro filter)."""
        linhas = self.oraculo.rateios.get(lancamento["id"])
        if self.centro == "todos":
            return valor
        if not linhas:
            return valor if self.centro is None else Decimal(0)
        return repartir(valor, linhas).get(self.centro, Decimal(0))

    def em_aberto(self, tipo) -> tuple[Decimal, Decimal]:
        """(total, vencido) open on the position date: valor minus the baixas dated up to it."""
        total = vencido = Decimal(0)
        for l in self.oraculo.lancamentos.values():
            if l["tipo"] != tipo or l["status"] == "CANCELADO":
                continue
            pago = sum((b["valor"] for b in self.oraculo.baixas
                        if b["lancamento_id"] == l["id"] and b["data"] <= self.posicao), Decimal(0))
            aberto = self._parte(l, l["valor"] - pago) if l["valor"] > pago else Decimal(0)
            total += aberto
            if l["data_vencimento"] < self.posicao:
                vencido += aberto
        return total, vencido

    def quantidade(self) -> int:
        o = self.oraculo
        pagos = {b["lancamento_id"] for b in o.baixas if self.de <= b["data"] <= self.ate}
        contadas = 0
        for l in o.lancamentos.values():
            if l["tipo"] != "RECEITA" or l["status"] == "CANCELADO" or o.grupo(l["categoria_id"]) != "receita_bruta":
                continue
            if self.regime == "competencia" and not self.de.replace(day=1) <= l["competencia"] <= self.ate:
                continue
            if self.regime == "caixa" and l["id"] not in pagos:
                continue
            centros = {c for c, _ in o.rateios.get(l["id"], [])}
            if self.centro == "todos" or (self.centro in centros) or (self.centro is None and not centros):
                contadas += 1
        return contadas

    def dias(self) -> int:
        if self.regime == "competencia":
            fim = (self.ate.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            return (fim - self.de.replace(day=1)).days + 1
        return (self.ate - self.de).days + 1

    def valores(self) -> dict[str, str | None]:
        d = self.dre

        def razao(a, b, escala=100, casas=Q2):
            return None if not b else f"{(a * escala / b).quantize(casas, ROUND_HALF_UP)}"

        variaveis = d["deducoes"] + d["custos_servicos"]
        margem = d["receita_bruta"] - variaveis
        receber, vencido = self.em_aberto("RECEITA")
        pagar, _ = self.em_aberto("DESPESA")
        quantidade = self.quantidade()
        return {
            "margem_bruta": razao(d["lucro_bruto"], d["receita_liquida"]),
            "margem_liquida": razao(d["resultado_do_periodo"], d["receita_liquida"]),
            "despesas_fixas": f"{d['despesas_operacionais']:.2f}",
            "despesas_variaveis": f"{variaveis:.2f}",
            "margem_contribuicao": f"{margem:.2f}",
            "indice_margem_contribuicao": razao(margem, d["receita_bruta"]),
            "ponto_equilibrio": razao(d["despesas_operacionais"] * d["receita_bruta"], margem, 1)
            if d["receita_bruta"] and margem > 0 else None,
            "quantidade_de_receitas": str(quantidade),
            "ticket_medio": razao(d["receita_bruta"], quantidade, 1),
            "prazo_medio_recebimento": razao(receber * self.dias(), d["receita_bruta"], 1, Q0),
            "prazo_medio_pagamento": razao(pagar * self.dias(), d["custos_servicos"] + d["despesas_operacionais"], 1, Q0),
            "inadimplencia": razao(vencido, receber),
        }


def br(valor: str) -> str:
    inteiro, _, casas = f"{Decimal(valor):,}".partition(".")
    return inteiro.replace(",", ".") + (f",{casas}" if casas else "")


def _ler(cliente, **filtros) -> dict:
    resposta = cliente.get("/api/relatorios/indicadores", query_string=filtros)
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()


PERIODOS = [(-30, 0), (-365, -1), (-200, -150), (-700, 90)]


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
@pytest.mark.parametrize("dias", PERIODOS)
def test_every_indicator_against_a_second_computation(como, sql_dono, resultado, regime, dias):
    hoje = config.hoje()
    de, ate = hoje + timedelta(days=dias[0]), hoje + timedelta(days=dias[1])
    corpo = _ler(como(EMPRESA), de=de.isoformat(), ate=ate.isoformat(), regime=regime)
    assert (corpo["de"], corpo["ate"], corpo["posicao"]) == (de.isoformat(), ate.isoformat(), min(ate, hoje).isoformat())
    assert {i["chave"]: i["valor"] for i in corpo["indicadores"]} == Segunda(
        sql_dono, EMPRESA, regime, de, ate).valores()


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_per_centro_de_custo_and_sem_centro(como, sql_dono, resultado, regime):
    hoje = config.hoje()
    de, ate = hoje - timedelta(days=400), hoje - timedelta(days=20)
    for centro in [*resultado.centros.values(), None]:
        corpo = _ler(como(EMPRESA), de=de.isoformat(), ate=ate.isoformat(), regime=regime,
                     centro_custo_id=0 if centro is None else centro)
        assert {i["chave"]: i["valor"] for i in corpo["indicadores"]} == Segunda(
            sql_dono, EMPRESA, regime, de, ate, centro).valores()


def test_payments_after_ate_count_as_open_then_and_a_baixa_in_the_period_counts_the_receita(como, sql_dono):
    """The paths that read the rollup and the payment dates (not each open item nor each baixa): on a
    past `ate`, a receita paid in parts across it, one paid only after it, one due in `ate`'s own
    month before it, one cancelled; a despesa paid after `ate`."""
    empresa = 1953
    r = gerar(sql_dono, empresa, semente=33, quantos=0)
    ate = (config.hoje().replace(day=1) - timedelta(days=40)).replace(day=15)
    de = (ate.replace(day=1) - timedelta(days=40)).replace(day=1)

    def lancamento(tipo, categoria, vencimento, valor, *baixas, cancelado=False):
        lancamento_id = sql_dono(
            """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                                   categoria_id, conta_id)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
            (empresa, tipo, categoria, valor, vencimento, vencimento.replace(day=1), r.categorias[categoria],
             r.contas[0]))[0]["id"]
        for dia, parte in baixas:
            sql_dono("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor)
                        VALUES (%s, %s, %s, %s, %s)""", (empresa, lancamento_id, r.contas[0], dia, parte))
        if cancelado:
            sql_dono("UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO' "
                     "WHERE empresa_id = %s AND id = %s", (empresa, lancamento_id))

    dia = timedelta(days=1)
    lancamento("RECEITA", "Casamentos", ate - 5 * dia, 1000, (de + 5 * dia, 300), (ate + 3 * dia, 200))  # 700 vencido
    lancamento("RECEITA", "Casamentos", ate, 1000, (ate + dia, 1000))  # 1000 a vencer, paid only after `ate`
    lancamento("RECEITA", "Casamentos", ate - 40 * dia, 1000)  # 1000 vencido, a month before `ate`'s
    lancamento("RECEITA", "Casamentos", de + 3 * dia, 1000, (de + 3 * dia, 1000))  # paid in the period
    lancamento("RECEITA", "Casamentos", ate + 10 * dia, 1000, (ate - 2 * dia, 100))  # 900 a vencer
    lancamento("RECEITA", "Casamentos", ate - 3 * dia, 1000, cancelado=True)
    lancamento("DESPESA", "Aluguel", ate - dia, 500)
    lancamento("DESPESA", "Aluguel", ate - 20 * dia, 800, (ate + 5 * dia, 800))
    corpo = _ler(como(empresa), de=de.isoformat(), ate=ate.isoformat(), regime="caixa")
    componentes = {nome: valor for i in corpo["indicadores"] for nome, valor in i["componentes"].items()}
    assert (componentes["a_receber_em_aberto"], componentes["vencido_em_aberto"]) == ("3600.00", "1700.00")
    assert componentes["a_pagar_em_aberto"] == "1300.00"
    assert componentes["quantidade_de_receitas"] == "3"  # the first, the fourth and the fifth
    por_chave = {i["chave"]: i["valor"] for i in corpo["indicadores"]}
    assert por_chave == Segunda(sql_dono, empresa, "caixa", de, ate).valores()
    assert por_chave["inadimplencia"] == "47.22"


def test_each_formula_shows_its_figures(como, resultado):
    hoje = config.hoje()
    corpo = _ler(como(EMPRESA), de=(hoje - timedelta(days=365)).isoformat(), ate=hoje.isoformat())
    por_chave = {i["chave"]: i for i in corpo["indicadores"]}
    assert set(por_chave["margem_liquida"]["componentes"]) == {"resultado_do_periodo", "receita_liquida"}
    for indicador in corpo["indicadores"]:
        assert indicador["valor"] is not None, indicador
        assert indicador["formula"].startswith(f"{indicador['nome']} = ")
        # Every figure it used, and its result, in the formula as the office writes them.
        for nome, valor in indicador["componentes"].items():
            assert br(valor) in indicador["formula"], (nome, indicador["formula"])
        sufixo = {"percentual": " %", "dias": " dias"}.get(indicador["unidade"], "")
        assert f"{br(indicador['valor'])}{sufixo}" in indicador["formula"]
    margem = por_chave["margem_liquida"]
    assert margem["formula"] == (
        f"Margem líquida = resultado do período ÷ receita líquida = {br(margem['componentes']['resultado_do_periodo'])}"
        f" ÷ {br(margem['componentes']['receita_liquida'])} = {br(margem['valor'])} %")
    assert margem["unidade"] == "percentual" and por_chave["ticket_medio"]["unidade"] == "dinheiro"
    assert por_chave["prazo_medio_recebimento"]["unidade"] == "dias"


def test_without_a_divisor_the_value_is_null_and_the_formula_says_why(como, resultado):
    corpo = _ler(como(EMPRESA), de="2001-01-01", ate="2001-01-31")
    por_chave = {i["chave"]: i for i in corpo["indicadores"]}
    for chave in ("margem_bruta", "margem_liquida", "indice_margem_contribuicao", "ponto_equilibrio", "ticket_medio",
                  "prazo_medio_recebimento", "prazo_medio_pagamento"):
        assert por_chave[chave]["valor"] is None
        assert por_chave[chave]["formula"].startswith(f"{por_chave[chave]['nome']} = ")
    assert por_chave["margem_liquida"]["formula"].endswith(": sem receita líquida no período")
    assert por_chave["ticket_medio"]["formula"].endswith(": sem receita no período")
    assert por_chave["prazo_medio_pagamento"]["formula"].endswith(": sem custos nem despesas operacionais no período")
    # In 2001 every lançamento due later was open and none overdue: 0 %, not null.
    assert por_chave["inadimplencia"]["valor"] == "0.00"
    assert por_chave["quantidade_de_receitas"]["valor"] == "0"


def test_defaults_are_this_month_by_competencia(como, resultado):
    hoje = config.hoje()
    inicio = hoje.replace(day=1)
    fim = (inicio + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    assert _ler(como(EMPRESA)) == _ler(como(EMPRESA), de=inicio.isoformat(), ate=fim.isoformat(), regime="competencia")


@pytest.mark.parametrize("consulta, campo", [
    ("de=hoje", "de"), ("ate=2026-02-30", "ate"), ("de=2026-05-01&ate=2026-04-30", "ate"),
    ("de=2019-01-01&ate=2026-01-01", "ate"), ("regime=ambos", "regime"), ("centro_custo_id=-3", "centro_custo_id"),
    ("data_base=2026-01-01", "data_base"),
])
def test_validation_errors_name_the_field(como, consulta, campo):
    resposta = como(EMPRESA).get(f"/api/relatorios/indicadores?{consulta}")
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_another_empresas_centro_is_404_and_its_amounts_never_show(como, sql_dono, resultado):
    gerar(sql_dono, OUTRA, semente=32, quantos=40)
    alheio = next(iter(resultado.centros.values()))
    resposta = como(OUTRA).get(f"/api/relatorios/indicadores?centro_custo_id={alheio}")
    assert resposta.status_code == 404
    assert "centro_custo_id" in resposta.get_json()["campos"]
    hoje = config.hoje()
    de, ate = hoje - timedelta(days=700), hoje
    corpo = _ler(como(OUTRA), de=de.isoformat(), ate=ate.isoformat())
    assert {i["chave"]: i["valor"] for i in corpo["indicadores"]} == Segunda(
        sql_dono, OUTRA, "competencia", de, ate).valores()


def test_the_xlsx_has_the_jsons_numbers_and_formulas(como, resultado):
    hoje = config.hoje()
    filtros = {"de": (hoje - timedelta(days=365)).isoformat(), "ate": hoje.isoformat(), "regime": "caixa"}
    cliente = como(EMPRESA)
    corpo = cliente.get("/api/relatorios/indicadores", query_string=filtros).get_json()
    arquivo = baixar(cliente, "indicadores", "xlsx", **filtros)
    linhas = [linha for linha in openpyxl.load_workbook(io.BytesIO(arquivo.data)).active.iter_rows()]
    nomes = [linha[0].value for linha in linhas]
    for indicador in corpo["indicadores"]:
        posicao = nomes.index(indicador["nome"])
        valor = linhas[posicao][1]
        # The formula on the rows under it, indented, whole once its lines are joined.
        partes = []
        for nome in nomes[posicao + 1:]:
            if not (nome or "").startswith("    "):
                break
            partes.append(nome.strip())
        assert " ".join(partes) == indicador["formula"]
        esperado = Decimal(indicador["valor"]) / (100 if indicador["unidade"] == "percentual" else 1)
        assert isinstance(valor.value, (int, float))
        assert abs(Decimal(str(valor.value)) - esperado) < Decimal("0.000001")
        assert valor.number_format == {"dinheiro": '"R$" #,##0.00', "percentual": "0.00%"}.get(
            indicador["unidade"], "#,##0")
    assert date.fromisoformat(corpo["de"]) == hoje - timedelta(days=365)
