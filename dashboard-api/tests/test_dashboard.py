"""GET /api/dashboard, /widgets and /metrics: the figures, their filters, their errors, their tenancy.

The expected figures are computed here a second way, straight over financeiro.lancamentos and
financeiro.baixas (never the rollup, never valor_pago or status, which triggers keep), as the
tables' owner filtering by empresa: if the service's rollup arithmetic, its month splitting or
row-level security were wrong, the two would differ.
"""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from shared import config

# What each baixa settles, by lançamento: the principal, as its own sum (not the trigger's valor_pago).
_PAGO = """(SELECT coalesce(sum(b.valor), 0) FROM financeiro.baixas b
             WHERE b.empresa_id = l.empresa_id AND b.lancamento_id = l.id)"""


def _mes(dia: date, mais: int = 0) -> date:
    total = dia.year * 12 + dia.month - 1 + mais
    return date(total // 12, total % 12 + 1, 1)


def _fim(dia: date) -> date:
    return _mes(dia, 1) - timedelta(days=1)


def _dinheiro(valor) -> str:
    return f"{Decimal(valor or 0):.2f}"


class Oraculo:
    """The figures, computed independently, for one empresa."""

    def __init__(self, sql_dono, empresa_id: int):
        self.sql = sql_dono
        self.empresa_id = empresa_id

    def _um(self, consulta: str, **parametros):
        linhas = self.sql(consulta, {"empresa": self.empresa_id, **parametros})
        return next(iter(linhas[0].values())) if linhas else None

    def _conta(self, conta_id, alias="l"):
        return "" if conta_id is None else f" AND {alias}.conta_id = {int(conta_id)}"

    def saldos(self, conta_id=None) -> dict:
        onde = "c.ativa" if conta_id is None else f"c.id = {int(conta_id)}"
        linhas = self.sql(
            f"""SELECT c.id, c.nome, c.saldo_inicial + coalesce((
                       SELECT sum(CASE l.tipo WHEN 'RECEITA' THEN b.valor_movimentado ELSE -b.valor_movimentado END)
                         FROM financeiro.baixas b
                         JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                        WHERE b.empresa_id = c.empresa_id AND b.conta_id = c.id
                          AND b.data >= c.data_saldo_inicial AND b.data <= %(hoje)s), 0) AS saldo
                  FROM cadastros.contas c WHERE c.empresa_id = %(empresa)s AND {onde}""",
            {"empresa": self.empresa_id, "hoje": config.hoje()})
        return {l["id"]: (l["nome"], _dinheiro(l["saldo"])) for l in linhas}

    def soma(self, tipo, de, ate, conta_id=None, pago=False, categoria_id=None) -> str:
        extra = "" if categoria_id is None else f" AND l.categoria_id = {int(categoria_id)}"
        return _dinheiro(self._um(
            f"""SELECT sum({_PAGO if pago else 'l.valor'}) FROM financeiro.lancamentos l
                 WHERE l.empresa_id = %(empresa)s AND NOT l.cancelado AND l.tipo = %(tipo)s
                   AND l.data_vencimento >= %(de)s AND l.data_vencimento <= %(ate)s{self._conta(conta_id)}{extra}""",
            tipo=tipo, de=de, ate=ate))

    def aberto(self, tipo, conta_id=None, de=None, antes_de=None) -> tuple[int, str]:
        """How many open lançamentos of `tipo` due in [de, antes_de), and how much of them is open."""
        linhas = self.sql(
            f"""SELECT count(*) AS n, sum(l.valor - {_PAGO}) AS aberto FROM financeiro.lancamentos l
                 WHERE l.empresa_id = %(empresa)s AND NOT l.cancelado AND l.tipo = %(tipo)s
                   AND l.valor > {_PAGO}
                   AND (%(de)s::date IS NULL OR l.data_vencimento >= %(de)s)
                   AND (%(antes)s::date IS NULL OR l.data_vencimento < %(antes)s){self._conta(conta_id)}""",
            {"empresa": self.empresa_id, "tipo": tipo, "de": de, "antes": antes_de})
        return linhas[0]["n"], _dinheiro(linhas[0]["aberto"])

    def categorias(self, de, ate, conta_id=None) -> list[dict]:
        linhas = self.sql(
            f"""SELECT c.id, c.nome, c.tipo, sum(l.valor) AS valor
                  FROM financeiro.lancamentos l
                  JOIN cadastros.categorias c ON c.empresa_id = l.empresa_id AND c.id = l.categoria_id
                 WHERE l.empresa_id = %(empresa)s AND NOT l.cancelado
                   AND l.data_vencimento BETWEEN %(de)s AND %(ate)s{self._conta(conta_id)}
                 GROUP BY c.id, c.nome, c.tipo
                 ORDER BY c.tipo = 'RECEITA', sum(l.valor) DESC, c.nome, c.id""",
            {"empresa": self.empresa_id, "de": de, "ate": ate})
        topo = [l for l in linhas if l["tipo"] == "DESPESA"][:5] + [l for l in linhas if l["tipo"] == "RECEITA"][:5]
        return [{"categoria_id": l["id"], "nome": l["nome"], "tipo": l["tipo"], "valor": _dinheiro(l["valor"])}
                for l in topo]

    def resumo(self, de, ate, conta_id=None) -> dict:
        hoje = config.hoje()
        saldos = self.saldos(conta_id)
        return {
            "saldo_total": _dinheiro(sum(Decimal(s) for _, s in saldos.values())),
            "receitas_mes": self.soma("RECEITA", de, ate, conta_id),
            "despesas_mes": self.soma("DESPESA", de, ate, conta_id),
            "recebido_mes": self.soma("RECEITA", de, ate, conta_id, pago=True),
            "pago_mes": self.soma("DESPESA", de, ate, conta_id, pago=True),
            "a_receber": self.aberto("RECEITA", conta_id)[1],
            "a_pagar": self.aberto("DESPESA", conta_id)[1],
            "vencidos": self.aberto("RECEITA", conta_id, antes_de=hoje)[1],
            "vencidos_a_pagar": self.aberto("DESPESA", conta_id, antes_de=hoje)[1],
            "periodo": {"de": de.isoformat(), "ate": ate.isoformat()},
            "conta_id": conta_id,
        }

    def widgets(self, de, ate, conta_id=None) -> dict:
        hoje = config.hoje()
        mes = _mes(ate)
        meses = []
        for n in range(-11, 1):
            inicio = _mes(mes, n)
            meses.append({"mes": inicio.strftime("%Y-%m"),
                          **{nome: self.soma(tipo, inicio, _fim(inicio), conta_id, pago=pago)
                             for nome, tipo, pago in (("receitas", "RECEITA", False), ("despesas", "DESPESA", False),
                                                      ("recebido", "RECEITA", True), ("pago", "DESPESA", True))}})

        def resultado(inicio):
            return (Decimal(self.soma("RECEITA", inicio, _fim(inicio), conta_id))
                    - Decimal(self.soma("DESPESA", inicio, _fim(inicio), conta_id)))

        atual, passado = resultado(mes), resultado(_mes(mes, -12))
        variacao = None if passado == 0 else str(((atual - passado) * 100 / abs(passado)).quantize(Decimal("0.1")))

        def quantos_quanto(tipo, **faixa):
            n, valor = self.aberto(tipo, conta_id, **faixa)
            return {"quantidade": n, "valor": valor}

        return {
            "saldos_por_conta": sorted(({"conta_id": i, "nome": nome, "saldo": saldo}
                                        for i, (nome, saldo) in self.saldos(conta_id).items()),
                                       key=lambda s: (s["nome"], s["conta_id"])),
            "receitas_despesas_12_meses": meses,
            "top_categorias": self.categorias(de, ate, conta_id),
            "proximos_vencimentos": {
                f"{nome}_{dias}": quantos_quanto(tipo, de=hoje, antes_de=hoje + timedelta(days=dias))
                for dias in (7, 30) for nome, tipo in (("receber", "RECEITA"), ("pagar", "DESPESA"))},
            "vencidos": {"receber": quantos_quanto("RECEITA", antes_de=hoje),
                         "pagar": quantos_quanto("DESPESA", antes_de=hoje)},
            "resultado_comparado": {"mes": mes.strftime("%Y-%m"), "resultado": _dinheiro(atual),
                                    "mes_ano_passado": _mes(mes, -12).strftime("%Y-%m"),
                                    "resultado_ano_passado": _dinheiro(passado), "variacao_percentual": variacao},
        }


def _sem_hora(corpo: dict) -> dict:
    return {k: v for k, v in corpo.items() if k not in ("atualizado_em", "widgets")}


def _consulta(de=None, ate=None, conta_id=None) -> dict:
    return {k: v for k, v in (("de", de), ("ate", ate), ("conta_id", conta_id)) if v is not None}


@pytest.fixture(scope="module")
def duas_empresas(livro):
    """Two empresas with generated ledgers (module-wide: generating is the slow part)."""
    return livro(901, semente=7), livro(902, semente=8)


def _periodos():
    hoje = config.hoje()
    return [
        (None, None),  # the current month
        (_mes(hoje, -5), _fim(_mes(hoje, -2))),  # whole months only: the rollup alone
        (_mes(hoje, -6) + timedelta(days=14), _mes(hoje, -2) + timedelta(days=9)),  # head, months, tail
        (_mes(hoje, -1) + timedelta(days=3), _mes(hoje, -1) + timedelta(days=20)),  # inside one month
        (_mes(hoje, -1) + timedelta(days=10), _mes(hoje) + timedelta(days=5)),  # two partial months
        (date(2000, 1, 1), _fim(_mes(hoje, 3))),  # everything
    ]


@pytest.mark.parametrize("n", range(len(_periodos())))
def test_figures_equal_an_independent_computation_for_each_period(como, duas_empresas, sql_dono, n):
    de, ate = _periodos()[n]
    livro, _ = duas_empresas
    cliente = como(livro.empresa_id)
    oraculo = Oraculo(sql_dono, livro.empresa_id)
    de_esperado = de or _mes(config.hoje())
    ate_esperado = ate or _fim(config.hoje())

    resposta = cliente.get("/api/dashboard", query_string=_consulta(de, ate))
    assert resposta.status_code == 200, resposta.get_json()
    assert _sem_hora(resposta.get_json()) == oraculo.resumo(de_esperado, ate_esperado)

    widgets = cliente.get("/api/dashboard/widgets", query_string=_consulta(de, ate)).get_json()["items"]
    assert {w["id"]: w["dados"] for w in widgets} == oraculo.widgets(de_esperado, ate_esperado)


def test_the_generated_data_has_every_case_the_figures_distinguish(duas_empresas, sql_dono):
    """Otherwise the equality above could hold for want of cases."""
    livro, _ = duas_empresas
    linhas = sql_dono(
        """SELECT status, data_vencimento < (now() AT TIME ZONE 'America/Sao_Paulo')::date AS passado, count(*) AS n
             FROM financeiro.lancamentos WHERE empresa_id = %s GROUP BY 1, 2""", (livro.empresa_id,))
    casos = {(l["status"], l["passado"]) for l in linhas}
    assert {("PAGO", True), ("PARCIAL", True), ("PENDENTE", True), ("CANCELADO", True), ("PENDENTE", False)} <= casos
    oraculo = Oraculo(sql_dono, livro.empresa_id)
    assert oraculo.aberto("RECEITA", de=config.hoje(), antes_de=config.hoje() + timedelta(days=30))[0] > 0


@pytest.mark.parametrize("qual", [0, 1, 2])
def test_the_conta_filter_narrows_every_figure_to_that_conta(como, duas_empresas, sql_dono, qual):
    """The inactive conta (the last) too, when asked for by id."""
    livro, _ = duas_empresas
    conta_id = livro.contas[qual]
    de, ate = _periodos()[2]
    cliente = como(livro.empresa_id)
    oraculo = Oraculo(sql_dono, livro.empresa_id)
    metricas = cliente.get("/api/dashboard/metrics", query_string=_consulta(de, ate, conta_id)).get_json()
    assert _sem_hora(metricas) == oraculo.resumo(de, ate, conta_id)
    assert metricas["widgets"] == oraculo.widgets(de, ate, conta_id)
    assert [s["conta_id"] for s in metricas["widgets"]["saldos_por_conta"]] == [conta_id]


def test_metrics_is_the_resumo_and_every_widget_s_data(como, duas_empresas):
    livro, _ = duas_empresas
    cliente = como(livro.empresa_id)
    resumo = cliente.get("/api/dashboard").get_json()
    widgets = cliente.get("/api/dashboard/widgets").get_json()["items"]
    metricas = cliente.get("/api/dashboard/metrics").get_json()
    assert _sem_hora(metricas) == _sem_hora(resumo)
    assert metricas["widgets"] == {w["id"]: w["dados"] for w in widgets}
    assert [w["id"] for w in widgets] == ["saldos_por_conta", "receitas_despesas_12_meses", "top_categorias",
                                         "proximos_vencimentos", "vencidos", "resultado_comparado"]
    assert [w["tipo"] for w in widgets] == ["barras", "linhas", "pizza", "tabela", "numeros", "comparacao"]
    assert all(w["titulo"] for w in widgets)
    datetime.fromisoformat(resumo["atualizado_em"])


def test_each_widget_s_filter_is_a_ledger_query_for_what_it_sums(como, duas_empresas):
    livro, _ = duas_empresas
    hoje = config.hoje()
    widgets = {w["id"]: w["filtro"] for w in como(livro.empresa_id).get(
        "/api/dashboard/widgets", query_string={"conta_id": livro.contas[0]}).get_json()["items"]}
    abertos = ["PENDENTE", "PARCIAL"]
    assert widgets["vencidos"] == {"status": abertos, "ate": (hoje - timedelta(days=1)).isoformat(),
                                   "conta_id": livro.contas[0]}
    assert widgets["proximos_vencimentos"] == {"status": abertos, "de": hoje.isoformat(),
                                               "ate": (hoje + timedelta(days=29)).isoformat(),
                                               "conta_id": livro.contas[0]}
    assert widgets["top_categorias"]["de"] == _mes(hoje).isoformat()
    assert widgets["receitas_despesas_12_meses"]["de"] == _mes(hoje, -11).isoformat()


def test_another_empresa_s_ledger_is_never_counted(como, duas_empresas, sql_dono):
    """Both empresas have ledgers over the same months; each sees exactly its own figures, and
    the other's conta is not found (404 naming conta_id), as if it did not exist."""
    a, b = duas_empresas
    for livro in (a, b):
        resposta = como(livro.empresa_id).get("/api/dashboard/metrics").get_json()
        oraculo = Oraculo(sql_dono, livro.empresa_id)
        assert _sem_hora(resposta) == oraculo.resumo(_mes(config.hoje()), _fim(config.hoje()))
        assert resposta["widgets"] == oraculo.widgets(_mes(config.hoje()), _fim(config.hoje()))
    assert como(a.empresa_id).get("/api/dashboard").get_json() != como(b.empresa_id).get("/api/dashboard").get_json()
    for caminho in ("/api/dashboard", "/api/dashboard/widgets", "/api/dashboard/metrics"):
        resposta = como(a.empresa_id).get(caminho, query_string={"conta_id": b.contas[0]})
        assert resposta.status_code == 404
        assert resposta.get_json()["code"] == "nao_encontrado"
        assert "conta_id" in resposta.get_json()["campos"]


def test_an_empresa_without_data_sees_zeros(como, nova_empresa):
    corpo = como(nova_empresa()).get("/api/dashboard/metrics").get_json()
    for campo in ("saldo_total", "receitas_mes", "despesas_mes", "recebido_mes", "pago_mes", "a_receber", "a_pagar",
                  "vencidos", "vencidos_a_pagar"):
        assert corpo[campo] == "0.00"
    assert corpo["widgets"]["saldos_por_conta"] == [] and corpo["widgets"]["top_categorias"] == []
    assert len(corpo["widgets"]["receitas_despesas_12_meses"]) == 12
    assert corpo["widgets"]["resultado_comparado"]["variacao_percentual"] is None
    assert corpo["widgets"]["vencidos"] == {"receber": {"quantidade": 0, "valor": "0.00"},
                                            "pagar": {"quantidade": 0, "valor": "0.00"}}


def test_a_single_bound_of_the_period_completes_its_month(como, duas_empresas):
    livro, _ = duas_empresas
    cliente = como(livro.empresa_id)
    assert cliente.get("/api/dashboard", query_string={"de": "2026-02-10"}).get_json()["periodo"] == \
        {"de": "2026-02-10", "ate": "2026-02-28"}
    assert cliente.get("/api/dashboard", query_string={"ate": "2024-02-10"}).get_json()["periodo"] == \
        {"de": "2024-02-01", "ate": "2024-02-10"}
    assert cliente.get("/api/dashboard", query_string={"de": "", "ate": "", "conta_id": ""}).get_json()["periodo"] == \
        {"de": _mes(config.hoje()).isoformat(), "ate": _fim(config.hoje()).isoformat()}


@pytest.mark.parametrize("consulta, campo", [
    ({"de": "2026-03-01", "ate": "2026-02-28"}, "ate"),
    ({"de": "2026-02-30"}, "de"),
    ({"de": "01/02/2026"}, "de"),
    ({"ate": "amanhã"}, "ate"),
    # Years at the ends of the calendar: a period's months would overflow Python's dates (a 500).
    ({"de": "0001-01-01", "ate": "0001-01-31"}, "de"),
    ({"de": "0999-12-01"}, "de"),
    ({"de": "9999-12-01", "ate": "9999-12-31"}, "de"),
    ({"ate": "9999-12-31"}, "ate"),
    ({"conta_id": "abc"}, "conta_id"),
    ({"conta_id": "0"}, "conta_id"),
    ({"conta_id": str(2**63)}, "conta_id"),
    ({"outro": "1"}, "outro"),
])
def test_bad_filters_are_400_naming_the_field(como, empresa, consulta, campo):
    for caminho in ("/api/dashboard", "/api/dashboard/widgets", "/api/dashboard/metrics"):
        resposta = como(empresa).get(caminho, query_string=consulta)
        assert resposta.status_code == 400, (caminho, resposta.get_json())
        assert resposta.get_json()["code"] == "validacao"
        assert campo in resposta.get_json()["campos"]


def test_reading_needs_dashboard_ler(como, app, empresa):
    assert como(empresa, perms=["financeiro:ler"]).get("/api/dashboard").status_code == 403
    assert como(empresa, perms=["financeiro:ler"]).get("/api/dashboard/metrics").status_code == 403
    assert app.test_client().get("/api/dashboard/widgets").status_code == 401


def test_the_openapi_document_describes_the_three_routes(app):
    documento = app.test_client().get("/openapi.json").get_json()
    for caminho, esquema in (("/api/dashboard", "Resumo"), ("/api/dashboard/widgets", "Widgets"),
                             ("/api/dashboard/metrics", "Metricas")):
        operacao = documento["paths"][caminho]["get"]
        assert operacao["x-permissao"] == "dashboard:ler"
        assert {p["name"] for p in operacao["parameters"]} == {"de", "ate", "conta_id"}
        assert operacao["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/" + esquema)
        assert {"400", "401", "403", "404"} <= set(operacao["responses"])
    esquemas = documento["components"]["schemas"]
    assert esquemas["Resumo"]["properties"]["saldo_total"]["type"] == "string"
    assert {"saldo_total", "receitas_mes", "despesas_mes", "a_receber", "a_pagar", "vencidos"} <= \
        set(esquemas["Resumo"]["required"])
