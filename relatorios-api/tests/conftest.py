"""relatorios-api's fixtures, on top of the root conftest.py (como, sql_dono, database...).

The reports only read: tests write what they read straight into cadastros' and financeiro's tables
as their owner (the triggers keep the rollups, as for any write) with a seeded generator, `razao`.
"""
import random
import sys
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest

from relatorios import create_app
from shared import config

# pytest's importlib mode puts no test folder on sys.path; the generators are modules beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import Resultado, gerar as gerar_resultado  # noqa: E402


@pytest.fixture(scope="module")
def app(service_env):
    return create_app(service_env)


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    return ("relatorios:ler",)


@dataclass
class Razao:
    """What the generator wrote for an empresa."""

    empresa_id: int
    contas: list[int]  # the last one inactive
    clientes: list[int]


def _centavos(sorteio: random.Random, ate: int) -> Decimal:
    return Decimal(sorteio.randint(1, ate)) / 100


def gerar_razao(conn, empresa_id: int, semente: int, quantos: int = 250) -> Razao:
    """A ledger around today with every case the cash flows tell apart: lançamentos due from 14
    months back to 4 ahead, open, part-paid, paid in one or two baixas (juros, multa, desconto),
    cancelled; baixas on any conta, some before a conta's opening-balance date, some dated after
    today; receitas of two clientes; and one day whose entradas and saídas cancel out."""
    sorteio = random.Random(semente)
    hoje = config.hoje()
    with conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))

        def inserir(sql, parametros) -> int:
            cur.execute(sql + " RETURNING id", parametros)
            return cur.fetchone()[0]

        contas = [inserir("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                           data_saldo_inicial, ativa)
                             VALUES (%s, %s, %s, 'CORRENTE', '001', %s, %s, %s)""",
                          (empresa_id, nome, nome.lower(), _centavos(sorteio, 800000),
                           hoje - timedelta(days=sorteio.randint(60, 300)), ativa))
                  for nome, ativa in (("Banco do Brasil", True), ("Caixa do estúdio", True), ("Encerrada", False))]
        clientes = [inserir("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                               VALUES (%s, %s, %s, 'FISICA')""", (empresa_id, nome, nome.lower()))
                    for nome in ("Ana", "Bruno")]
        categorias = {tipo: inserir("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                                       VALUES (%s, %s, %s, %s, %s)""", (empresa_id, tipo, tipo.lower(), tipo, ordem))
                      for ordem, tipo in enumerate(("RECEITA", "DESPESA"))}

        def lancamento(tipo, valor, vencimento, conta, cliente=None) -> int:
            return inserir("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                                  competencia, categoria_id, conta_id, cliente_id)
                              VALUES (%s, %s, 'Gerado', %s, %s, %s, %s, %s, %s)""",
                           (empresa_id, tipo, valor, vencimento, vencimento.replace(day=1), categorias[tipo], conta,
                            cliente))

        def baixa(id_, conta, data, valor, juros=0, multa=0, desconto=0):
            cur.execute("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros,
                                                          multa, desconto)
                           VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
                        (empresa_id, id_, conta, data, valor, juros, multa, desconto))

        for _ in range(quantos):
            tipo = sorteio.choice(("RECEITA", "DESPESA"))
            vencimento = hoje + timedelta(days=sorteio.randint(-420, 120))
            valor = _centavos(sorteio, 300000) + 1
            cliente = sorteio.choice(clientes + [None]) if tipo == "RECEITA" else None
            id_ = lancamento(tipo, valor, vencimento, sorteio.choice(contas), cliente)
            sorte = sorteio.random()
            if sorte < 0.06:
                cur.execute("""UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO'
                                WHERE empresa_id = %s AND id = %s""", (empresa_id, id_))
            elif sorte < 0.45:
                continue  # open
            else:
                partes = [valor] if sorte < 0.8 else [(valor / 3).quantize(Decimal("0.01"))] * sorteio.randint(1, 2)
                for parte in partes:
                    juros = _centavos(sorteio, 2000) if sorteio.random() < 0.3 else 0
                    desconto = min(parte, _centavos(sorteio, 1000)) if sorteio.random() < 0.2 else 0
                    baixa(id_, sorteio.choice(contas), vencimento + timedelta(days=sorteio.randint(-15, 25)), parte,
                          juros, juros, desconto)
        # The same money in and out of one conta on one day: a net of zero, still a day of movement.
        dia = hoje - timedelta(days=10)
        for tipo in ("RECEITA", "DESPESA"):
            baixa(lancamento(tipo, Decimal("123.45"), dia, contas[0]), contas[0], dia, Decimal("123.45"))
    return Razao(empresa_id, contas, clientes)


@pytest.fixture(scope="module")
def conexao_dono(database):
    conn = psycopg2.connect(database.owner_url)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def razao(conexao_dono):
    """`razao(empresa_id, semente)` → a Razao: that empresa's generated contas, clientes and ledger."""
    return lambda empresa_id, semente=1, quantos=250: gerar_razao(conexao_dono, empresa_id, semente, quantos)


@pytest.fixture(scope="module")
def saldos_atuais(service_env, assinar_token):
    """`saldos_atuais(empresa_id)` → {conta_id: Decimal}: each conta's saldo_atual as cadastros-api
    itself answers it, the figure the cash flows must tie to."""
    from cadastros import create_app as cadastros_app
    cadastros = cadastros_app(service_env).test_client()

    def saldos(empresa_id: int) -> dict:
        token = assinar_token(emp=empresa_id, perms=["cadastros:ler"], sub="1")
        resposta = cadastros.get("/api/contas", query_string={"limit": 500},
                                 headers={"Authorization": f"Bearer {token}"})
        return {c["id"]: Decimal(c["saldo_atual"]) for c in resposta.get_json()["items"]}
    return saldos


@pytest.fixture(scope="module")
def _resultados(database):
    return {}


@pytest.fixture
def resultado_gerado(_resultados, sql_dono):
    """`resultado_gerado(empresa_id, semente, quantos)` → a studio's two-year result
    (tests/gerador_resultado.py) for that empresa, generated once per module."""
    def obter(empresa_id: int, semente: int, quantos: int = 250) -> Resultado:
        if empresa_id not in _resultados:
            _resultados[empresa_id] = gerar_resultado(sql_dono, empresa_id, semente, quantos)
        return _resultados[empresa_id]
    return obter
