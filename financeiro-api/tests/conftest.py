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


@pytest.fixture
def transacoes(sql_dono):
    """`transacoes(empresa_id, conta_id, [(data, Decimal valor, memo), ...])` → the ids, in order,
    of those statement transactions, stored in one new extrato of that conta (as its owner,
    without an OFX file): what reconciliation tests match against the ledger."""
    def criar(empresa_id: int, conta_id: int, linhas) -> list[int]:
        linhas = list(linhas)
        extrato_id = sql_dono(
            """INSERT INTO financeiro.extratos (empresa_id, conta_id, arquivo_nome, arquivo_sha256, conta_ofx,
                                                data_inicio, data_fim, importadas, duplicadas, a_revisar,
                                                saldos_ignorados)
               VALUES (%s, %s, 'teste.ofx', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), '12345-6',
                       %s, %s, %s, 0, 0, 0)
               RETURNING id""",
            (empresa_id, conta_id, min((d for d, _, _ in linhas), default=None),
             max((d for d, _, _ in linhas), default=None), len(linhas)), empresa_id=empresa_id)[0]["id"]
        return [sql_dono(
            """INSERT INTO financeiro.extrato_transacoes (empresa_id, extrato_id, conta_id, data, valor, fitid,
                                                          memo, tipo, ocorrencia, chave)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0, %s)
               RETURNING id""",
            (empresa_id, extrato_id, conta_id, data, valor, f"{extrato_id}-{n}", memo,
             "CREDIT" if valor > 0 else "DEBIT", f"F:{extrato_id}-{n}"), empresa_id=empresa_id)[0]["id"]
            for n, (data, valor, memo) in enumerate(linhas)]
    return criar
