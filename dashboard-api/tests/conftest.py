"""dashboard-api's fixtures, on top of the root conftest.py (como, empresa, sql_dono, redis_server...).

The dashboard only reads: tests write the ledger it reads directly in cadastros' and financeiro's
tables as their owner (the triggers keep financeiro.totais_mes and movimentos_dia, as for any write),
with a seeded generator of a studio's months (`livro`).
"""
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import psycopg2
import pytest

from dashboard import create_app
from shared import config


@pytest.fixture(scope="module")
def app(service_env):
    return create_app(service_env)


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    # The root `como` gives a client these unless told otherwise: reading is all there is here.
    return ("dashboard:ler",)


@dataclass
class Livro:
    """What `livro` generated for an empresa: its contas (the last one inactive) and categorias."""

    empresa_id: int
    contas: list[int]
    receitas: list[int]  # RECEITA categorias
    despesas: list[int]  # DESPESA categorias


def gerar(conn, empresa_id: int, semente: int, quantos: int = 300) -> Livro:
    """A studio's ledger around today: `quantos` lançamentos due over 14 months (12 back, 2
    ahead), in three contas and nine categorias, paid in full, in part or not at all (so some are
    overdue), some cancelled, with baixas on any conta and some before a conta's opening date."""
    aleatorio = random.Random(semente)
    hoje = config.hoje()
    with conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))

        def inserir(sql, parametros) -> int:
            cur.execute(sql + " RETURNING id", parametros)
            return cur.fetchone()[0]

        contas = [inserir(
            """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                             data_saldo_inicial, ativa)
               VALUES (%s, %s, %s, 'CORRENTE', '341', %s, %s, %s)""",
            (empresa_id, nome, nome.lower(), Decimal(aleatorio.randint(0, 500000)) / 100,
             hoje - timedelta(days=aleatorio.randint(100, 500)), ativa))
            for nome, ativa in (("Itaú", True), ("Caixa", True), ("Antiga", False))]
        categorias = {tipo: [inserir(
            """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
               VALUES (%s, %s, %s, %s, %s)""", (empresa_id, nome, nome.lower(), tipo, ordem + n))
            for n, nome in enumerate(nomes)]
            for tipo, ordem, nomes in (("RECEITA", 0, ("Ensaios", "Casamentos", "Álbuns", "Cursos")),
                                       ("DESPESA", 10, ("Aluguel", "Equipamentos", "Impostos", "Salários", "Marketing")))}
        for n in range(quantos):
            tipo = aleatorio.choice(("RECEITA", "DESPESA"))
            vencimento = hoje + timedelta(days=aleatorio.randint(-365, 60))
            valor = Decimal(aleatorio.randint(1000, 500000)) / 100
            conta = aleatorio.choice(contas)
            lancamento = inserir(
                """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                       competencia, categoria_id, conta_id)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
                (empresa_id, tipo, f"Lançamento {n}", valor, vencimento, vencimento.replace(day=1),
                 aleatorio.choice(categorias[tipo]), conta))
            sorte = aleatorio.random()
            if sorte < 0.08:
                cur.execute("""UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO'
                                WHERE empresa_id = %s AND id = %s""", (empresa_id, lancamento))
                continue
            if sorte < 0.40 or vencimento > hoje and sorte < 0.8:
                continue  # open: overdue when due before today
            partes = [valor] if sorte < 0.75 else [(valor / 3).quantize(Decimal("0.01"))] * aleatorio.randint(1, 2)
            for parte in partes:
                cur.execute(
                    """INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros, desconto)
                       VALUES (%s, %s, %s, %s, %s, %s, %s)""",
                    (empresa_id, lancamento, aleatorio.choice(contas),
                     vencimento + timedelta(days=aleatorio.randint(-20, 20)), parte,
                     Decimal(aleatorio.randint(0, 300)) / 100, Decimal(0)))
    return Livro(empresa_id, contas, categorias["RECEITA"], categorias["DESPESA"])


@pytest.fixture(scope="module")
def conexao_dono(database):
    """One connection as the tables' owner for the module (generating hundreds of rows)."""
    conn = psycopg2.connect(database.owner_url)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def livro(conexao_dono):
    """`livro(empresa_id, semente)` → a Livro: that empresa's generated contas, categorias and ledger."""
    return lambda empresa_id, semente=1, quantos=300: gerar(conexao_dono, empresa_id, semente, quantos)
