"""The demo studio's cadastros (`python -m cadastros.demo`): its shape, created once, deterministic,
as the app role under row-level security in the demo empresa only."""
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from stdnum.br import cnpj, cpf

from shared import calendario
from shared.app import plataforma
from shared.config import hoje

from cadastros import demo

A, B, OUTRA = 7001, 7002, 7003  # this module's own database: any ids


def _contagens(sql_dono, empresa_id: int) -> dict:
    """As the owner, which row-level security does not hide: what the empresa has, and its audit."""
    return sql_dono(
        """SELECT (SELECT count(*) FROM cadastros.contas WHERE empresa_id = %(e)s) AS contas,
                  (SELECT count(*) FROM cadastros.categorias WHERE empresa_id = %(e)s) AS categorias,
                  (SELECT count(*) FROM cadastros.clientes WHERE empresa_id = %(e)s) AS clientes,
                  (SELECT count(*) FROM cadastros.fornecedores WHERE empresa_id = %(e)s) AS fornecedores,
                  (SELECT count(*) FROM cadastros.clientes_palavras WHERE empresa_id = %(e)s) AS palavras,
                  (SELECT count(*) FROM plataforma.auditoria WHERE empresa_id = %(e)s) AS auditoria,
                  (SELECT max(atualizado_em) FROM cadastros.clientes WHERE empresa_id = %(e)s) AS alterado""",
        {"e": empresa_id})[0]


@pytest.fixture(scope="module")
def criado(app, database):
    """The demo created in A, after another empresa already had a conta of its own."""
    import psycopg2

    conn = psycopg2.connect(database.owner_url)
    with conn, conn.cursor() as cur:
        cur.execute("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial, ativa)
                       VALUES (%s, 'Conta da outra', 'conta da outra', 'CORRENTE', '001', 10, true)""", (OUTRA,))
    conn.close()
    with app.app_context():
        return demo.garantir(A)


def test_creates_three_contas_opened_before_the_eighteen_months(criado, sql_dono):
    assert criado.criado and criado.contas == 3
    contas = sql_dono("""SELECT nome, tipo, banco, agencia, numero, saldo_inicial, data_saldo_inicial
                           FROM cadastros.contas WHERE empresa_id = %s ORDER BY id""", (A,))
    assert [(c["nome"], c["tipo"], c["banco"]) for c in contas] == [
        ("Itaú", "CORRENTE", "341"), ("Nubank", "CORRENTE", "260"), ("Caixa do estúdio", "CAIXA", None)]
    assert contas[0]["agencia"] and contas[0]["numero"]
    abertura = calendario.somar_meses(calendario.primeiro_do_mes(hoje()), -18) - timedelta(days=1)
    assert {c["data_saldo_inicial"] for c in contas} == {abertura} == {demo.data_de_abertura()}
    assert all(c["saldo_inicial"] > 0 for c in contas)


def test_creates_a_studio_category_tree_of_two_levels(criado, sql_dono):
    arvore = sql_dono("SELECT nome, tipo, nivel, parent_id, codigo FROM cadastros.categorias_arvore "
                      "WHERE empresa_id = %s ORDER BY caminho", (A,), empresa_id=A)
    assert len(arvore) == criado.categorias >= 30
    assert max(c["nivel"] for c in arvore) == 2
    por_nome = {c["nome"]: c for c in arvore}
    assert len(por_nome) == len(arvore), "names are unique in the tree: financeiro's demo finds them by name"
    assert por_nome["Casamentos"]["tipo"] == "RECEITA" and por_nome["Aluguel"]["tipo"] == "DESPESA"
    ensaios = [c["nome"] for c in arvore if c["parent_id"] is not None and c["codigo"].startswith(
        por_nome["Ensaios"]["codigo"] + ".")]
    assert ensaios == ["Gestante", "Newborn", "Família", "Book"]
    freelancers = por_nome["Freelancers"]["codigo"]
    assert [c["nome"] for c in arvore if c["codigo"].startswith(freelancers + ".")] == [
        "Segundo fotógrafo", "Assistente", "Videomaker"]
    assert por_nome["Simples Nacional"]["nivel"] == 2 and por_nome["Tarifas bancárias"]["nivel"] == 2


def test_clientes_are_people_with_valid_cpfs_and_sao_paulo_addresses(criado, sql_dono):
    clientes = sql_dono("SELECT * FROM cadastros.clientes WHERE empresa_id = %s ORDER BY id", (A,))
    pessoas = [c for c in clientes if c["tipo_pessoa"] == "FISICA"]
    assert len(pessoas) == demo.PESSOAS == 150
    assert all(len(c["cpf_cnpj"]) == 11 and cpf.is_valid(c["cpf_cnpj"]) for c in pessoas)
    empresas = [c for c in clientes if c["tipo_pessoa"] == "JURIDICA"]
    assert empresas and all(cnpj.is_valid(c["cpf_cnpj"]) for c in empresas)
    assert len({c["cpf_cnpj"] for c in clientes}) == len(clientes) == criado.clientes
    assert len({c["nome_busca"] for c in pessoas}) == 150
    assert all(len(c["nome"].split()) >= 2 for c in pessoas)
    com_email = [c["email"] for c in clientes if c["email"]]
    assert len(com_email) > 130 and len(set(com_email)) == len(com_email)
    assert all(e == e.lower() and "@" in e for e in com_email)
    assert all(c["telefone"] is None or c["telefone"].isdigit() and len(c["telefone"]) in (10, 11) for c in clientes)
    enderecos = [c for c in clientes if c["cep"]]
    assert len(enderecos) > 110
    assert all(c["uf"] == "SP" and len(c["cep"]) == 8 and c["logradouro"] and c["bairro"] for c in enderecos)
    assert Counter(c["cidade"] for c in enderecos).most_common(1)[0][0] == "São Paulo"


def test_fornecedores_are_companies_with_valid_cnpjs_but_two_autonomos(criado, sql_dono):
    fornecedores = sql_dono("""SELECT nome, tipo_pessoa, cpf_cnpj, cache_rpa, cache_valor FROM cadastros.fornecedores
                                WHERE empresa_id = %s""", (A,))
    assert len(fornecedores) == criado.fornecedores == 30
    autonomos = [f for f in fornecedores if f["cache_rpa"]]
    assert sorted(f["nome"] for f in autonomos) == sorted(demo.AUTONOMOS)
    assert all(f["tipo_pessoa"] == "FISICA" and cpf.is_valid(f["cpf_cnpj"]) for f in autonomos)
    assert [f["cache_valor"] for f in fornecedores if f["cache_valor"]] == [Decimal("350.00")]
    assert all(f["tipo_pessoa"] == "JURIDICA" and cnpj.is_valid(f["cpf_cnpj"]) for f in fornecedores
               if not f["cache_rpa"])
    nomes = {f["nome"] for f in fornecedores}
    assert {"Imobiliária Pinheiros Administração de Imóveis Ltda", "Exata Contabilidade e Assessoria Ltda",
            "Fotolab Digital Revelações Ltda", "Rafael Monteiro Fotografia"} <= nomes


def test_centros_de_custo_and_dre_groups_of_a_studio(criado, sql_dono):
    centros = sql_dono("SELECT nome, codigo, ativo FROM cadastros.centros_custo WHERE empresa_id = %s ORDER BY id",
                       (A,))
    assert criado.centros_custo == 5
    assert [c["nome"] for c in centros] == ["Casamentos", "Ensaios", "Formaturas", "Eventos corporativos",
                                            "Estúdio (estrutura)"]
    assert all(c["codigo"] and c["ativo"] for c in centros)
    grupos = {c["nome"]: c["grupo_dre"] for c in sql_dono(
        "SELECT nome, grupo_dre FROM cadastros.categorias WHERE empresa_id = %s", (A,))}
    assert {nome: grupos[nome] for nome in (
        "Casamentos", "Newborn", "Outras receitas", "Simples Nacional", "Segundo fotógrafo", "Laboratório e álbuns",
        "Taxas de cartão", "Aluguel", "Pró-labore", "Distribuição de lucros")} == {
        "Casamentos": "receita_bruta", "Newborn": "receita_bruta", "Outras receitas": "outras_receitas",
        "Simples Nacional": "deducoes", "Segundo fotógrafo": "custos_servicos",
        "Laboratório e álbuns": "custos_servicos", "Taxas de cartão": "despesas_financeiras",
        "Aluguel": "despesas_operacionais", "Pró-labore": "despesas_operacionais",
        "Distribuição de lucros": "nao_operacional"}


def test_written_through_the_domain_indexed_and_audited(criado, como, sql_dono):
    # Words indexed: the API's search finds a cliente by the start of its words, without accents.
    primeira = sql_dono("SELECT nome FROM cadastros.clientes WHERE empresa_id = %s ORDER BY id LIMIT 1", (A,))[0]
    palavras = primeira["nome"].split()
    busca = como(A, perms=["cadastros:ler"]).get("/api/clientes", query_string={
        "q": f"{palavras[0][:3]} {palavras[-1][:3]}".lower(), "limit": 100})
    assert busca.status_code == 200
    assert primeira["nome"] in [c["nome"] for c in busca.get_json()["items"]]
    auditoria = sql_dono("""SELECT acao, entidade, servico, usuario_id, count(*) AS n FROM plataforma.auditoria
                             WHERE empresa_id = %s GROUP BY 1, 2, 3, 4""", (A,))
    assert {(a["acao"], a["entidade"]): a["n"] for a in auditoria} == {
        ("criar", "conta"): 3, ("criar", "categoria"): criado.categorias, ("criar", "centro_custo"): 5,
        ("importar", "cliente"): 1, ("criar", "fornecedor"): 30, ("criar", "conta_cobranca"): 1}
    assert {(a["servico"], a["usuario_id"]) for a in auditoria} == {("cadastros-api", None)}
    # Balances are derived (no movement yet: the saldo inicial).
    contas = como(A, perms=["cadastros:ler"]).get("/api/contas").get_json()["items"]
    assert {c["nome"]: c["saldo_atual"] for c in contas}["Itaú"] == "38350.00"


def test_a_second_run_changes_nothing(criado, app, sql_dono):
    antes = _contagens(sql_dono, A)
    with app.app_context():
        de_novo = demo.garantir(A)
    assert not de_novo.criado
    assert de_novo == demo.Resumo(False, **{campo: valor for campo, valor in vars(criado).items() if campo != "criado"})
    assert _contagens(sql_dono, A) == antes


def test_an_empresa_with_cadastros_of_its_own_is_left_alone(criado, app, sql_dono):
    antes = _contagens(sql_dono, OUTRA)
    with app.app_context():
        resumo = demo.garantir(OUTRA)
    assert not resumo.criado and resumo.contas == 1
    assert _contagens(sql_dono, OUTRA) == antes


def test_runs_as_the_app_role_under_rls_in_its_empresa_only(criado, app, sql_dono):
    with app.app_context(), plataforma().db.transacao(A) as cur:
        cur.execute("SELECT current_user AS quem, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        papel = cur.fetchone()
    assert (papel["quem"], papel["rolbypassrls"]) == ("erp_app", False)
    # Another empresa had a conta before A's demo ran: A's check for existing cadastros did not
    # see it (row-level security), and nothing of the demo went anywhere but A.
    por_empresa = sql_dono("""SELECT empresa_id, count(*) AS n FROM cadastros.contas GROUP BY 1 ORDER BY 1""")
    assert {(linha["empresa_id"], linha["n"]) for linha in por_empresa} >= {(A, 3), (OUTRA, 1)}
    assert sql_dono("SELECT count(*) AS n FROM plataforma.auditoria WHERE empresa_id = %s", (OUTRA,))[0]["n"] == 0


def test_deterministic_the_same_studio_in_every_empresa(criado, app, sql_dono):
    with app.app_context():
        assert demo.garantir(B).criado

    def pessoas(empresa_id):
        return [(p["nome"], p["cpf_cnpj"], p["email"], p["cep"]) for p in sql_dono(
            "SELECT nome, cpf_cnpj, email, cep FROM cadastros.clientes WHERE empresa_id = %s ORDER BY id",
            (empresa_id,))]
    assert pessoas(A) == pessoas(B)


def test_the_command_line(criado, service_env, capsys):
    assert demo.main(["--empresa", str(A)], overrides=service_env) == 0
    saida = capsys.readouterr().out
    assert f"empresa {A}" in saida and "nada foi feito" in saida
