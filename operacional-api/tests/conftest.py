"""operacional-api's fixtures, on top of the root conftest.py (como, empresa, sql_dono,
servico_em_thread...).

operacional calls cadastros (an evento's centro de custo) and financeiro (a contrato's parcelas)
over HTTP (shared/servicos.py). Its `app` reaches both as real apps served in threads of the test
process, over this module's database: `vizinhos` holds them, to stop one (`.parar()`) and see what
operacional does while it is down, then start it again (`.iniciar()`).
"""
import pytest

from shared.config import url_variable

from operacional import create_app

VIZINHOS = ("cadastros-api", "financeiro-api")


@pytest.fixture(scope="module")
def _apps_vizinhos(service_env):
    """The neighbours' apps, built once per module (their pools with them); each test serves them anew."""
    import cadastros
    import financeiro

    apps = {"cadastros-api": cadastros.create_app(service_env), "financeiro-api": financeiro.create_app(service_env)}
    yield apps
    for app in apps.values():
        app.extensions["erp"].db.fechar()


@pytest.fixture
def vizinhos(servico_em_thread, _apps_vizinhos):
    """{"cadastros-api": ServicoEmThread, "financeiro-api": ...}, up for this test."""
    return {nome: servico_em_thread(app) for nome, app in _apps_vizinhos.items()}


@pytest.fixture
def app(service_env, vizinhos):
    aplicacao = create_app({**service_env, **{url_variable(nome): s.url for nome, s in vizinhos.items()}})
    yield aplicacao
    # One app per test: its pooled connections go with it, not at the module's end.
    aplicacao.extensions["erp"].db.fechar()


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    return ("operacional:escrever",)


@pytest.fixture
def novo_usuario(sql_dono):
    """`novo_usuario(empresa, nome)` → the id of a new member of the empresa who logs in (auth's
    tables, behind auth-api's back: only id and name matter to a team)."""
    def criar(empresa: int, nome: str) -> int:
        sql_dono("INSERT INTO auth.empresas (id, nome) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                 (empresa, f"Estúdio {empresa}"))
        usuario_id = sql_dono("""INSERT INTO auth.usuarios (username, nome, senha_hash)
                                 VALUES ('u' || md5(random()::text), %s, 'x') RETURNING id""", (nome,))[0]["id"]
        sql_dono("INSERT INTO auth.membros (empresa_id, usuario_id) VALUES (%s, %s)", (empresa, usuario_id),
                 empresa_id=empresa)
        return usuario_id
    return criar


# ---------------------------------------------------------------- contratos (helper H3)


@pytest.fixture
def para_contrato(sql_dono, empresa):
    """What a contract of `empresa` points at in cadastros, inserted as owner: {cliente, conta,
    receita (categoria), despesa (categoria)}; the empresa in auth (its name goes into the text)."""
    def um(sql, parametros=()):
        return sql_dono(sql + " RETURNING id", (empresa, *parametros))[0]["id"]

    sql_dono("INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
             (empresa, f"Estúdio {empresa}", f"{empresa:014d}"))
    return {
        "cliente": um("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email)
                         VALUES (%s, 'Ana Souza', 'ana souza', 'FISICA', '52998224725', 'ana@exemplo.com')"""),
        "conta": um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Caixa', 'caixa', 'CAIXA', 0, '2026-01-01', true)"""),
        "receita": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                         VALUES (%s, 'Serviços fotográficos', 'servicos fotograficos', 'RECEITA', 0)"""),
        "despesa": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                         VALUES (%s, 'Aluguel', 'aluguel', 'DESPESA', 1)"""),
    }


@pytest.fixture
def corpo_de_contrato(para_contrato):
    """`corpo_de_contrato(**mudancas)` → a POST /api/contratos body: 1000.00 in 3 parcelas from
    2027-01-31 for para_contrato's cliente, conta and receita, unless `mudancas` say otherwise."""
    def corpo(**mudancas):
        return {"cliente_id": para_contrato["cliente"], "descricao": "Cobertura do casamento", "valor": "1000.00",
                "parcelas": 3, "primeiro_vencimento": "2027-01-31", "conta_id": para_contrato["conta"],
                "categoria_id": para_contrato["receita"], **mudancas}
    return corpo


@pytest.fixture
def criar_contrato(corpo_de_contrato):
    """`criar_contrato(cliente, **mudancas)` → a contract made through the API (201 asserted)."""
    def criar(cliente, **mudancas):
        resposta = cliente.post("/api/contratos", json=corpo_de_contrato(**mudancas))
        assert resposta.status_code == 201, resposta.get_json()
        return resposta.get_json()
    return criar


@pytest.fixture
def lancamentos_do_contrato(sql_dono, empresa):
    """`lancamentos_do_contrato(contrato_id)` → financeiro's lançamentos of that contract, as stored."""
    def ler(contrato_id):
        return sql_dono("""SELECT id, chave_origem, valor, data_vencimento, status FROM financeiro.lancamentos
                            WHERE contrato_id = %s ORDER BY contrato_parcela""", (contrato_id,), empresa_id=empresa)
    return ler
