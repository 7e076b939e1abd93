"""financeiro-api's fixtures, on top of the root conftest.py (como, empresa, cliente, sql_dono...).

A lançamento points at cadastros' records; tests create those with `cadastro`, directly in
cadastros' tables as their owner, rather than through cadastros-api.
"""
from dataclasses import dataclass

import pytest

from financeiro import create_app


@pytest.fixture(scope="module")
def app(service_env):
    return create_app(service_env)


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    return ("financeiro:escrever",)


@dataclass
class Cadastro:
    """An empresa's master data, as ids: what a lançamento needs to point at."""

    empresa_id: int
    conta_id: int
    outra_conta_id: int
    receita_id: int  # a RECEITA categoria
    despesa_id: int  # a DESPESA categoria
    cliente_id: int
    fornecedor_id: int


@pytest.fixture
def cadastro(sql_dono):
    """`cadastro(empresa_id)` → a Cadastro with two contas, a categoria of each tipo, a cliente
    and a fornecedor, created in cadastros' tables for that empresa."""
    def criar(empresa_id: int, saldo_inicial: str = "1000.00") -> Cadastro:
        def inserir(sql, parametros):
            return sql_dono(sql + " RETURNING id", parametros, empresa_id=empresa_id)[0]["id"]

        contas = [inserir(
            """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                             data_saldo_inicial, ativa)
               VALUES (%s, %s, %s, 'CORRENTE', '341', %s, '2020-01-01', true)""",
            (empresa_id, nome, nome.lower(), saldo_inicial)) for nome in ("Itaú", "Caixa")]
        categorias = [inserir(
            """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
               VALUES (%s, %s, %s, %s, %s)""",
            (empresa_id, nome, nome.lower(), tipo, ordem))
            for ordem, (nome, tipo) in enumerate((("Ensaios", "RECEITA"), ("Aluguel", "DESPESA")))]
        pessoas = [inserir(
            f"""INSERT INTO cadastros.{tabela} (empresa_id, nome, nome_busca, tipo_pessoa)
                VALUES (%s, %s, %s, 'FISICA')""",
            (empresa_id, nome, nome.lower())) for tabela, nome in (("clientes", "Ana Souza"),
                                                                   ("fornecedores", "Foto Lab"))]
        return Cadastro(empresa_id, contas[0], contas[1], categorias[0], categorias[1], *pessoas)
    return criar


@pytest.fixture
def cad(cadastro, empresa):
    """The master data of this test's own empresa."""
    return cadastro(empresa)
