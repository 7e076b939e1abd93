"""The demo studio's money (`python -m financeiro.demo`, after cadastros'): 18 months of lançamentos
through today and beyond, an Itaú statement waiting to be reconciled whose suggestions find their
lançamentos, a few rules; created once, as the app role under row-level security, in its empresa only."""
import time
from datetime import timedelta
from decimal import Decimal

import psycopg2
import psycopg2.extras
import pytest

from shared import calendario
from shared.app import plataforma
from shared.config import hoje

from cadastros import create_app as criar_cadastros
from cadastros import demo as demo_cadastros
from financeiro import demo
from financeiro.conciliacao import sugestoes

A, SEM_CADASTROS, OUTRA = 8001, 8002, 8003  # this module's own database: any ids


def _dono(database, consulta: str, parametros=()) -> list[dict]:
    """As the tables' owner, which row-level security does not hide."""
    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(consulta, parametros)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def _rastro(database, empresa_id: int) -> dict:
    """What an empresa has in financeiro and its audit trail, to compare before and after."""
    return _dono(database, """
        SELECT (SELECT count(*) FROM financeiro.lancamentos WHERE empresa_id = %(e)s) AS lancamentos,
               (SELECT count(*) FROM financeiro.baixas WHERE empresa_id = %(e)s) AS baixas,
               (SELECT count(*) FROM financeiro.extrato_transacoes WHERE empresa_id = %(e)s) AS transacoes,
               (SELECT count(*) FROM financeiro.regras WHERE empresa_id = %(e)s) AS regras,
               (SELECT max(atualizado_em) FROM financeiro.lancamentos WHERE empresa_id = %(e)s) AS alterado,
               (SELECT count(*) FROM plataforma.auditoria WHERE empresa_id = %(e)s) AS auditoria,
               (SELECT max(id) FROM plataforma.auditoria WHERE empresa_id = %(e)s) AS ultima""", {"e": empresa_id})[0]


@pytest.fixture(scope="module")
def estudio(app, service_env, database):
    """cadastros' demo and then financeiro's in A, after another empresa had a lançamento of its own."""
    _dono(database, """
        WITH c AS (INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial, ativa)
                   VALUES (%(e)s, 'Outra', 'outra', 'CORRENTE', '001', 0, true) RETURNING id),
             k AS (INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                   VALUES (%(e)s, 'Vendas', 'vendas', 'RECEITA', 0) RETURNING id)
        INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                            categoria_id, conta_id)
        SELECT %(e)s, 'RECEITA', 'Venda da outra', 10, '2025-01-10', '2025-01-01', k.id, c.id FROM c, k""",
          {"e": OUTRA})
    with criar_cadastros(service_env).app_context():
        demo_cadastros.garantir(A)
        plataforma().db.fechar()
    outra_antes = _rastro(database, OUTRA)
    with app.app_context():
        inicio = time.monotonic()
        resumo = demo.garantir(A)
        print(f"\nfinanceiro.demo: {resumo.texto()} em {time.monotonic() - inicio:.1f} s")
    return resumo, outra_antes


@pytest.fixture
def cur(app):
    with app.app_context(), plataforma().db.transacao(A) as cursor:
        yield cursor


def test_eighteen_months_of_lancamentos_through_today_and_beyond(estudio, cur):
    resumo, _ = estudio
    assert resumo.criado and resumo.contagem["lancamentos"] > 500 and resumo.contagem["baixas"] > 400
    cur.execute("SELECT data_saldo_inicial FROM cadastros.v_contas WHERE nome = 'Itaú'")
    abertura = cur.fetchone()["data_saldo_inicial"] + timedelta(days=1)
    assert abertura == calendario.somar_meses(calendario.primeiro_do_mes(hoje()), -18)
    cur.execute("""SELECT date_trunc('month', data_vencimento)::date AS mes, tipo, count(*) AS n
                     FROM financeiro.v_lancamentos GROUP BY 1, 2""")
    por_mes = {(linha["mes"], linha["tipo"]): linha["n"] for linha in cur.fetchall()}
    meses = [calendario.somar_meses(abertura, n) for n in range(19)]
    assert min(mes for mes, _ in por_mes) == abertura
    assert all(por_mes.get((mes, "RECEITA")) and por_mes.get((mes, "DESPESA")) for mes in meses), \
        "every month of the history has receitas and despesas (the dashboard's months chart)"
    assert max(mes for mes, _ in por_mes) >= calendario.somar_meses(meses[-1], 6), "future parcelas and bills"
    cur.execute("""SELECT count(*) FILTER (WHERE vencido AND tipo = 'RECEITA' AND status = 'PENDENTE') AS vencidas,
                          count(*) FILTER (WHERE vencido AND status = 'PARCIAL') AS parciais,
                          count(*) FILTER (WHERE status = 'PAGO' AND data_pagamento > data_vencimento + 5) AS atrasadas,
                          count(*) FILTER (WHERE status = 'PENDENTE' AND data_vencimento >= %s) AS futuras,
                          count(DISTINCT serie_id) AS series
                     FROM financeiro.v_lancamentos""", (hoje(),))
    numeros = cur.fetchone()
    assert numeros["vencidas"] >= 3 and numeros["parciais"] >= 1 and numeros["atrasadas"] >= 10
    assert numeros["futuras"] >= 50 and numeros["series"] >= 20
    cur.execute("""SELECT s.tipo, s.frequencia, count(*) AS n FROM financeiro.series s GROUP BY 1, 2""")
    assert {(s["tipo"], s["frequencia"]) for s in cur.fetchall()} >= {("PARCELAMENTO", "MENSAL"),
                                                                       ("RECORRENCIA", "MENSAL")}
    cur.execute("""SELECT count(*) AS n FROM financeiro.v_lancamentos l JOIN cadastros.v_categorias c
                       ON c.empresa_id = l.empresa_id AND c.id = l.categoria_id
                    WHERE c.nome IN ('Casamentos', 'Aluguel', 'Simples Nacional', 'Segundo fotógrafo',
                                     'Software e assinaturas', 'Compra de equipamentos')
                    GROUP BY c.nome""")
    assert len(cur.fetchall()) == 6


def test_lancamentos_carry_the_demos_centros_de_custo_and_the_rent_is_split(estudio, cur):
    cur.execute("""SELECT cc.nome, count(DISTINCT r.lancamento_id) AS n, sum(r.valor) AS valor
                     FROM financeiro.v_rateios r JOIN cadastros.v_centros_custo cc
                       ON cc.empresa_id = r.empresa_id AND cc.id = r.centro_custo_id GROUP BY cc.nome""")
    por_centro = {linha["nome"]: linha for linha in cur.fetchall()}
    assert set(por_centro) == {"Casamentos", "Ensaios", "Formaturas", "Eventos corporativos", "Estúdio (estrutura)"}
    assert all(linha["n"] >= 5 for linha in por_centro.values())
    cur.execute("""SELECT l.descricao, l.valor, array_agg(r.valor ORDER BY r.valor DESC) AS partes
                     FROM financeiro.v_lancamentos l JOIN financeiro.v_rateios r
                       ON r.empresa_id = l.empresa_id AND r.lancamento_id = l.id
                    WHERE l.descricao LIKE 'Aluguel da sala%%' GROUP BY l.id, l.descricao, l.valor""")
    alugueis = cur.fetchall()
    assert len(alugueis) >= 18
    assert all(a["partes"] == [a["valor"] * Decimal("0.7"), a["valor"] * Decimal("0.3")] for a in alugueis)
    # Every split adds up to its lançamento; the taxes belong to no centro.
    cur.execute("""SELECT count(*) AS n FROM financeiro.v_lancamentos l
                     JOIN (SELECT lancamento_id, sum(valor) AS soma FROM financeiro.v_rateios GROUP BY 1) r
                       ON r.lancamento_id = l.id WHERE r.soma <> l.valor""")
    assert cur.fetchone()["n"] == 0
    cur.execute("""SELECT count(*) AS n FROM financeiro.v_lancamentos l WHERE l.descricao LIKE 'DAS Simples%%'
                      AND EXISTS (SELECT FROM financeiro.v_rateios r WHERE r.lancamento_id = l.id)""")
    assert cur.fetchone()["n"] == 0


def test_the_dashboard_has_real_figures(estudio, cur):
    cur.execute("""SELECT c.nome, c.saldo_inicial + coalesce(s.movimento, 0) AS saldo
                     FROM cadastros.v_contas c LEFT JOIN financeiro.v_saldos_conta s
                       ON s.empresa_id = c.empresa_id AND s.conta_id = c.id""")
    saldos = {linha["nome"]: linha["saldo"] for linha in cur.fetchall()}
    assert set(saldos) == {"Itaú", "Nubank", "Caixa do estúdio"} and all(s > 0 for s in saldos.values())
    cur.execute("""SELECT sum(valor_aberto) FILTER (WHERE tipo = 'RECEITA') AS a_receber,
                          sum(valor_aberto) FILTER (WHERE tipo = 'RECEITA' AND vencido) AS vencido
                     FROM financeiro.v_lancamentos WHERE status IN ('PENDENTE', 'PARCIAL')""")
    aberto = cur.fetchone()
    assert aberto["a_receber"] > 10_000 and 0 < aberto["vencido"] < aberto["a_receber"]


def test_an_itau_statement_of_last_month_waits_to_be_reconciled(estudio, cur):
    resumo, _ = estudio
    cur.execute("""SELECT e.*, c.nome AS conta_nome, c.numero, c.agencia FROM financeiro.extratos e
                     JOIN cadastros.v_contas c ON c.empresa_id = e.empresa_id AND c.id = e.conta_id""")
    [extrato] = cur.fetchall()
    assert extrato["id"] == resumo.extrato_id and extrato["conta_nome"] == "Itaú"
    assert (extrato["banco_ofx"], extrato["agencia_ofx"], extrato["conta_ofx"]) == (
        "341", extrato["agencia"], extrato["numero"])
    assert extrato["data_fim"] == hoje() - timedelta(days=1)
    assert extrato["data_inicio"] == hoje() - timedelta(days=demo.DIAS_DO_EXTRATO)
    cur.execute("SELECT * FROM financeiro.extrato_transacoes WHERE extrato_id = %s ORDER BY data, id", (extrato["id"],))
    transacoes = cur.fetchall()
    assert len(transacoes) == extrato["importadas"] == resumo.contagem["transacoes"] >= 15
    assert not any(t["conciliado"] or t["revisar"] for t in transacoes)
    memos = [t["memo"] for t in transacoes]
    assert any(m.startswith("PIX") for m in memos) and any(m.startswith("TARIFA") for m in memos)
    assert "STONE PAGAMENTOS CREDITO" in memos or any(m.startswith("PAG BOLETO") for m in memos)
    # The statement's balance is the ledger's plus what only the bank knows yet: reconciling
    # everything brings the difference to zero.
    pendentes = sum(t["valor"] for t in transacoes if t["fitid"] not in resumo.registradas)
    cur.execute("""SELECT c.saldo_inicial + coalesce(sum(m.movimento), 0) AS saldo
                     FROM cadastros.v_contas c LEFT JOIN financeiro.movimentos_dia m
                       ON m.empresa_id = c.empresa_id AND m.conta_id = c.id
                      AND m.data BETWEEN c.data_saldo_inicial AND %s
                    WHERE c.id = %s GROUP BY c.saldo_inicial""", (extrato["data_fim"], extrato["conta_id"]))
    assert extrato["saldo_extrato"] == cur.fetchone()["saldo"] + pendentes
    cur.execute("SELECT nome, acao FROM financeiro.regras ORDER BY ordem")
    regras = cur.fetchall()
    assert 3 <= len(regras) <= 4 and {"CRIAR_LANCAMENTO", "SUGERIR"} <= {r["acao"] for r in regras}


def test_the_suggestions_find_the_lancamento_a_pix_pays(estudio, cur):
    resumo, _ = estudio
    # A PIX from a cliente for a lançamento of hers that no other open one of hers due within 20 days
    # equals in amount (with two equal parcelas open side by side, the line pays either as well).
    cur.execute("""SELECT t.id, t.fitid FROM financeiro.extrato_transacoes t
                    WHERE t.memo LIKE 'PIX%%' AND t.valor > 0 ORDER BY t.data, t.id""")
    pix = [t for t in cur.fetchall() if t["fitid"] in resumo.verdade]
    assert pix, "the statement has PIX receipts the ledger does not know yet"
    cur.execute("""SELECT l.id FROM financeiro.v_lancamentos l
                    WHERE l.id = ANY(%s) AND l.cliente_id IS NOT NULL
                      AND NOT EXISTS (SELECT FROM financeiro.v_lancamentos o
                                       WHERE o.cliente_id = l.cliente_id AND o.id <> l.id
                                         AND o.status IN ('PENDENTE', 'PARCIAL') AND o.valor_aberto = l.valor_aberto
                                         AND abs(o.data_vencimento - l.data_vencimento) <= 20)""",
                ([resumo.verdade[t["fitid"]] for t in pix],))
    unicos = {linha["id"] for linha in cur.fetchall()}
    linha = next(t for t in pix if resumo.verdade[t["fitid"]] in unicos)
    primeira = sugestoes.da_transacao(cur, linha["id"])[0]
    assert primeira["tipo"] == "LANCAMENTOS" and primeira["lancamento_ids"] == [resumo.verdade[linha["fitid"]]]
    assert primeira["lancamentos"][0]["cliente_nome"] and primeira["motivos"]
    # Every line whose lançamento or baixa is known: how often the best suggestion is it.
    cur.execute("SELECT id, fitid FROM financeiro.extrato_transacoes")
    certas = total = 0
    for t in cur.fetchall():
        melhor = (sugestoes.da_transacao(cur, t["id"], 1) or [None])[0]
        if t["fitid"] in resumo.verdade:
            total += 1
            certas += bool(melhor and melhor["lancamento_ids"] == [resumo.verdade[t["fitid"]]])
        elif t["fitid"] in resumo.registradas:
            total += 1
            certas += bool(melhor and melhor["baixa_ids"] == [resumo.registradas[t["fitid"]]])
    assert certas >= 0.8 * total


def test_a_second_run_changes_nothing(estudio, app, database):
    antes = _rastro(database, A)
    with app.app_context():
        de_novo = demo.garantir(A)
    assert not de_novo.criado and de_novo.contagem == estudio[0].contagem
    assert _rastro(database, A) == antes


def test_as_the_app_role_in_its_empresa_only(estudio, cur, database):
    cur.execute("SELECT current_user AS quem, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    assert dict(cur.fetchone()) == {"quem": "erp_app", "rolbypassrls": False}
    # The other empresa had a lançamento before: A's check did not see it (row-level security),
    # and nothing of A's demo went there.
    assert _rastro(database, OUTRA) == estudio[1]
    fora = _dono(database, """
        SELECT (SELECT count(*) FROM financeiro.lancamentos WHERE empresa_id NOT IN (%(a)s, %(o)s))
               + (SELECT count(*) FROM financeiro.baixas WHERE empresa_id <> %(a)s)
               + (SELECT count(*) FROM financeiro.extratos WHERE empresa_id <> %(a)s) AS n""", {"a": A, "o": OUTRA})
    assert fora[0]["n"] == 0
    servicos = _dono(database, "SELECT DISTINCT servico, usuario_id FROM plataforma.auditoria WHERE empresa_id = %s",
                     (A,))
    assert {(s["servico"], s["usuario_id"]) for s in servicos} == {("cadastros-api", None), ("financeiro-api", None)}


def test_the_command_line(estudio, service_env, capsys):
    assert demo.main(["--empresa", str(A)], overrides=service_env) == 0
    assert "nada foi feito" in capsys.readouterr().out
    # Without cadastros' demo first: a clear message, nothing written.
    assert demo.main(["--empresa", str(SEM_CADASTROS)], overrides=service_env) == 1
    assert "demo do cadastros-api" in capsys.readouterr().err
