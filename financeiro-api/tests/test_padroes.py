"""What confirmed conciliações teach (financeiro/conciliacao/padroes.py): a memo's pattern, and
the pessoa and categoria it was reconciled with, counted up and taken back, per empresa."""
from decimal import Decimal

import pytest

from financeiro.conciliacao.padroes import MAXIMO, aprender, aprendidos, direcao, padrao


@pytest.mark.parametrize("memo, esperado", [
    ("PIX RECEBIDO 12/03 ANA SOUZA 123.456.789-00", "pix recebido ana souza"),
    ("PIX RECEBIDO 02/04 ANA SOUZA", "pix recebido ana souza"),
    ("  Pagamento   Energia Elétrica São Paulo ", "pagamento energia eletrica sao paulo"),
    ("TED-RECEBIDA/JOÃO D'ÁVILA", "ted recebida joao d avila"),
    ("PAG BOLETO NF4821", "pag boleto nf4821"),     # a word with letters stays
    ("12/03 123.456 __ 99", None),                   # nothing but numbers: nothing to learn from
    ("", None),
])
def test_the_pattern_of_a_memo(memo, esperado):
    assert padrao(memo) == esperado


def test_a_long_memo_gives_a_pattern_of_at_most_the_maximum():
    longo = padrao("FORNECEDOR " * 100)
    assert len(longo) <= MAXIMO and longo.startswith("fornecedor fornecedor") and longo == longo.strip()


def test_direction_of_an_amount():
    assert [direcao(Decimal(v)) for v in ("0.01", "-0.01", "-500")] == ["ENTRADA", "SAIDA", "SAIDA"]


@pytest.fixture
def tenant(app):
    """`tenant(empresa_id)`: a transaction as the services run it (the app role, under RLS)."""
    def abrir(empresa_id: int):
        return app.extensions["erp"].db.transacao(empresa_id)
    with app.app_context():
        yield abrir


@pytest.fixture
def conciliacao(sql_dono, transacoes):
    """`conciliacao(cad, memo, valor, cliente_id=..., fornecedor_id=...)` → the id of a conciliação
    of one new transaction with a baixa of a new lançamento, linked as confirmacao links them."""
    def criar(cad, memo: str, valor: Decimal, cliente_id=None, fornecedor_id=None, categoria_id=None) -> int:
        e = cad.empresa_id
        tipo = "RECEITA" if valor > 0 else "DESPESA"
        categoria_id = categoria_id or (cad.receita_id if valor > 0 else cad.despesa_id)
        [lancamento] = sql_dono(
            """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                                   categoria_id, conta_id, cliente_id, fornecedor_id)
               VALUES (%s, %s, 'Teste', %s, '2026-03-10', '2026-03-01', %s, %s, %s, %s) RETURNING id""",
            (e, tipo, abs(valor), categoria_id, cad.conta_id, cliente_id, fornecedor_id), empresa_id=e)
        [feita] = sql_dono("""INSERT INTO financeiro.conciliacoes (empresa_id, conta_id, origem)
                              VALUES (%s, %s, 'MANUAL') RETURNING id""", (e, cad.conta_id), empresa_id=e)
        sql_dono("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, conciliacao_id,
                                                   registrada_na_conciliacao)
                    VALUES (%s, %s, %s, '2026-03-10', %s, %s, true)""",
                 (e, lancamento["id"], cad.conta_id, abs(valor), feita["id"]), empresa_id=e)
        [t] = transacoes(e, cad.conta_id, [("2026-03-10", valor, memo)])
        sql_dono("UPDATE financeiro.extrato_transacoes SET conciliado = true, conciliacao_id = %s WHERE id = %s",
                 (feita["id"], t), empresa_id=e)
        return feita["id"]
    return criar


def test_learns_counts_and_takes_back_what_a_conciliacao_taught(cad, tenant, conciliacao):
    primeira = conciliacao(cad, "PIX RECEBIDO 12/03 ANA SOUZA", Decimal("500.00"), cliente_id=cad.cliente_id)
    segunda = conciliacao(cad, "PIX RECEBIDO 09/04 ANA SOUZA", Decimal("650.00"), cliente_id=cad.cliente_id)
    ana = {"categoria_id": cad.receita_id, "cliente_id": cad.cliente_id, "fornecedor_id": None}
    with tenant(cad.empresa_id) as cur:
        assert aprendidos(cur, "PIX RECEBIDO 02/05 ANA SOUZA", Decimal("1.00")) == []
        aprender(cur, primeira, +1)
        aprender(cur, segunda, +1)
        assert aprendidos(cur, "PIX RECEBIDO 02/05 ANA SOUZA", Decimal("1.00")) == [{**ana, "vezes": 2}]
        # The same words in the other direction taught nothing.
        assert aprendidos(cur, "PIX RECEBIDO 02/05 ANA SOUZA", Decimal("-1.00")) == []
        aprender(cur, segunda, -1)
        assert aprendidos(cur, "PIX RECEBIDO ANA SOUZA", Decimal("1.00")) == [{**ana, "vezes": 1}]
        aprender(cur, primeira, -1)
        assert aprendidos(cur, "PIX RECEBIDO ANA SOUZA", Decimal("1.00")) == []
        cur.execute("SELECT count(*) AS n FROM financeiro.conciliacao_padroes")
        assert cur.fetchone()["n"] == 0   # taken back to nothing: no row with vezes 0 stays


def test_the_most_confirmed_comes_first_and_a_lancamento_without_pessoa_teaches_its_categoria(
        cad, tenant, conciliacao, sql_dono):
    [grafica] = sql_dono("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                            VALUES (%s, 'Gráfica Rápida', 'grafica rapida', 'JURIDICA') RETURNING id""",
                         (cad.empresa_id,), empresa_id=cad.empresa_id)
    memo = "PAGAMENTO PIX {}"
    ids = [conciliacao(cad, memo.format(n), Decimal("-300.00"), fornecedor_id=grafica["id"]) for n in range(3)]
    ids.append(conciliacao(cad, memo.format(9), Decimal("-300.00"), fornecedor_id=cad.fornecedor_id))
    ids.append(conciliacao(cad, memo.format(8), Decimal("-12.50")))
    with tenant(cad.empresa_id) as cur:
        for conciliacao_id in ids:
            aprender(cur, conciliacao_id, +1)
        primeiros = aprendidos(cur, "PAGAMENTO PIX 5120", Decimal("-350.00"))
        assert primeiros[0] == {"categoria_id": cad.despesa_id, "cliente_id": None, "fornecedor_id": grafica["id"],
                                "vezes": 3}
        # Learned in one transaction, the two taught once tie: in either order.
        assert sorted((p["fornecedor_id"] or 0, p["vezes"], p["categoria_id"]) for p in primeiros[1:]) == [
            (0, 1, cad.despesa_id), (cad.fornecedor_id, 1, cad.despesa_id)]


def test_a_memo_of_numbers_teaches_nothing(cad, tenant, conciliacao):
    conciliacao_id = conciliacao(cad, "12345 678", Decimal("80.00"), cliente_id=cad.cliente_id)
    with tenant(cad.empresa_id) as cur:
        aprender(cur, conciliacao_id, +1)
        cur.execute("SELECT count(*) AS n FROM financeiro.conciliacao_padroes")
        assert cur.fetchone()["n"] == 0
        assert aprendidos(cur, "12345 678", Decimal("80.00")) == []


def test_another_empresas_lessons_never_show(cad, cadastro, nova_empresa, tenant, conciliacao):
    outra = cadastro(nova_empresa())
    alheia = conciliacao(outra, "PIX RECEBIDO ANA SOUZA", Decimal("500.00"), cliente_id=outra.cliente_id)
    with tenant(outra.empresa_id) as cur:
        aprender(cur, alheia, +1)
        assert len(aprendidos(cur, "PIX RECEBIDO ANA SOUZA", Decimal("1.00"))) == 1
    with tenant(cad.empresa_id) as cur:
        assert aprendidos(cur, "PIX RECEBIDO ANA SOUZA", Decimal("1.00")) == []
        aprender(cur, alheia, +1)   # another empresa's conciliação id: nothing of it is visible here
        cur.execute("SELECT count(*) AS n FROM financeiro.conciliacao_padroes")
        assert cur.fetchone()["n"] == 0
