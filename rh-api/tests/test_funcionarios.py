"""/api/funcionarios: the contract's create, the whole record, the list with its filters, the rules
that name a field (CPF, PIS, dates, salary, bank data, chave PIX), CPF unique per empresa, another
empresa's funcionário 404 everywhere, permissions, and row-level security on the table and the
read contract."""
import psycopg2
import psycopg2.extras
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CPF_ANA, CPF_BRUNO, CPF_CAIO = "52998224725", "08183658466", "92941465456"
PIS_VALIDO = "226.47139.71-6"


def todos(cliente, **filtros) -> list[dict]:
    itens, proximo = [], None
    while True:
        pagina = {"cursor": proximo} if proximo else {}
        resposta = cliente.get("/api/funcionarios", query_string={**filtros, **pagina})
        assert resposta.status_code == 200, resposta.get_json()
        itens += resposta.get_json()["items"]
        proximo = resposta.get_json()["next_cursor"]
        if proximo is None:
            return itens


def test_contrato_cria_com_os_campos_minimos(cliente):
    resposta = cliente.post("/api/funcionarios", json={"nome": "Ana Lima", "cpf": "529.982.247-25",
                                                       "data_admissao": "2025-01-06", "salario": 4500})
    assert resposta.status_code == 201, resposta.get_json()
    ana = resposta.get_json()
    assert {k: ana[k] for k in ("nome", "cpf", "salario", "dependentes", "vinculo", "jornada_mensal_horas",
                                "vale_transporte", "ativo", "data_demissao", "chave_pix")} == {
        "nome": "Ana Lima", "cpf": CPF_ANA, "salario": "4500.00", "dependentes": 0, "vinculo": "CLT",
        "jornada_mensal_horas": "220.00", "vale_transporte": False, "ativo": True, "data_demissao": None,
        "chave_pix": None}


def test_crud_completo_auditado(cliente, criar_funcionario, sql_dono, empresa):
    ana = criar_funcionario(cliente, pis=PIS_VALIDO, cargo="Produtora", dependentes=2, vinculo="CLT",
                            vale_transporte=True, custo_vale_transporte="220.00", banco="341", agencia="0742",
                            conta_bancaria="45871-3", tipo_conta_bancaria="CORRENTE",
                            chave_pix="ana@Estudio.com.br")
    assert (ana["pis"], ana["chave_pix"], ana["tipo_chave_pix"]) == ("22647139716", "ana@estudio.com.br", "EMAIL")
    assert cliente.get(f"/api/funcionarios/{ana['id']}").get_json() == ana

    alterada = cliente.put(f"/api/funcionarios/{ana['id']}", json={"salario": "4800.50", "cargo": ""})
    assert alterada.status_code == 200, alterada.get_json()
    assert (alterada.get_json()["salario"], alterada.get_json()["cargo"], alterada.get_json()["nome"]) == (
        "4800.50", None, "Ana Lima")
    # Saving what is there already writes nothing.
    assert cliente.put(f"/api/funcionarios/{ana['id']}", json={"salario": "4800.50"}).status_code == 200

    assert cliente.delete(f"/api/funcionarios/{ana['id']}").status_code == 204
    assert cliente.get(f"/api/funcionarios/{ana['id']}").status_code == 404
    auditoria = sql_dono("""SELECT acao, antes, depois FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade = 'funcionario' ORDER BY id""", (empresa,))
    assert [a["acao"] for a in auditoria] == ["criar", "alterar", "excluir"]
    assert (auditoria[1]["antes"]["salario"], auditoria[1]["depois"]["salario"]) == ("4500.00", "4800.50")


def test_demissao_deixa_inativo_e_o_filtro_ativos(cliente, criar_funcionario):
    criar_funcionario(cliente, nome="Bruno Dias", cpf=CPF_BRUNO, data_demissao="2025-06-30")
    criar_funcionario(cliente, nome="Ana Lima")
    assert [(f["nome"], f["ativo"]) for f in todos(cliente)] == [("Ana Lima", True), ("Bruno Dias", False)]
    assert [f["nome"] for f in todos(cliente, ativos="true")] == ["Ana Lima"]
    assert [f["nome"] for f in todos(cliente, ativos="false")] == ["Bruno Dias"]


def test_lista_pagina_e_busca_por_nome_ou_cpf(cliente, criar_funcionario):
    criar_funcionario(cliente, nome="Ângela Souza", cpf=CPF_ANA)
    criar_funcionario(cliente, nome="Bruno Dias", cpf=CPF_BRUNO, vinculo="ESTAGIARIO")
    criar_funcionario(cliente, nome="Caio Prado", cpf=CPF_CAIO, vinculo="PRO_LABORE")
    assert [f["nome"] for f in todos(cliente, limit=1)] == ["Ângela Souza", "Bruno Dias", "Caio Prado"]
    assert [f["nome"] for f in todos(cliente, q="angela")] == ["Ângela Souza"]
    assert [f["nome"] for f in todos(cliente, q="081.836")] == ["Bruno Dias"]
    assert [f["nome"] for f in todos(cliente, vinculo="PRO_LABORE")] == ["Caio Prado"]
    assert todos(cliente, q="zzz") == []


def test_cpf_repetido_na_empresa_e_409_mas_outra_empresa_pode(cliente, criar_funcionario, como, nova_empresa):
    criar_funcionario(cliente)
    repetido = cliente.post("/api/funcionarios", json={"nome": "Outra Ana", "cpf": CPF_ANA,
                                                       "data_admissao": "2025-01-06", "salario": "2000.00"})
    assert repetido.status_code == 409
    assert repetido.get_json()["campos"] == {"cpf": f"O CPF {CPF_ANA} já é de outro funcionário"}
    bruno = criar_funcionario(cliente, nome="Bruno", cpf=CPF_BRUNO)
    trocado = cliente.put(f"/api/funcionarios/{bruno['id']}", json={"cpf": CPF_ANA})
    assert trocado.status_code == 409
    criar_funcionario(como(nova_empresa()))


@pytest.mark.parametrize("mudancas, campo, mensagem", [
    ({"nome": None}, "nome", "Campo obrigatório"),
    ({"cpf": "529.982.247-26"}, "cpf", "CPF inválido: confira os dígitos"),
    ({"cpf": "111.111.111-11"}, "cpf", "CPF inválido: confira os dígitos"),
    ({"cpf": "1234"}, "cpf", "Informe os 11 dígitos do CPF"),
    ({"pis": "226.47139.71-7"}, "pis", "PIS inválido: confira os dígitos"),
    ({"pis": "123"}, "pis", "Informe os 11 dígitos do PIS"),
    ({"data_admissao": "06/01/2025"}, "data_admissao", "Data inválida; use AAAA-MM-DD"),
    ({"data_demissao": "2024-12-31"}, "data_demissao", "A demissão não pode ser anterior à admissão"),
    ({"salario": "0"}, "salario", "Deve ser maior que 0"),
    ({"salario": "-10.00"}, "salario", "Deve ser maior que 0"),
    ({"salario": "1.001"}, "salario", "Use no máximo duas casas decimais"),
    ({"salario": "4.500,00"}, "salario", "Informe um valor numérico, como 1234.56"),
    ({"dependentes": -1}, "dependentes", "Deve ser maior ou igual a 0"),
    ({"vinculo": "PJ"}, "vinculo", "Valor inválido; use 'CLT', 'ESTAGIARIO', 'PRO_LABORE' ou 'AUTONOMO'"),
    ({"banco": "34"}, "banco", "Formato inválido"),
    ({"banco": "341"}, "agencia", "Informe banco, agência, conta e tipo de conta juntos, ou nenhum deles"),
    ({"banco": "341", "agencia": "0742", "conta_bancaria": "45871-3", "tipo_conta_bancaria": "SALARIO"},
     "tipo_conta_bancaria", "Valor inválido; use 'CORRENTE', 'POUPANCA' ou 'PAGAMENTO'"),
    ({"agencia": "07a2"}, "agencia", "Use só dígitos, com o dígito verificador depois do hífen, como 1234-5"),
    ({"chave_pix": "ana@"}, "chave_pix", "Chave PIX do tipo e-mail inválida; use o formato nome@empresa.com.br"),
    ({"chave_pix": "52998224726"}, "chave_pix", "Chave PIX: CPF inválido: confira os dígitos"),
    ({"chave_pix": "11987654321", "tipo_chave_pix": "TELEFONE"}, "chave_pix", None),
    ({"chave_pix": "987654321", "tipo_chave_pix": "TELEFONE"}, "chave_pix",
     "Chave PIX do tipo telefone: use +55, o DDD e o número, como +5511987654321"),
    ({"chave_pix": "qualquer coisa"}, "chave_pix",
     "Chave PIX inválida: use CPF, CNPJ, e-mail, celular com +55 e DDD ou chave aleatória"),
    ({"tipo_chave_pix": "EMAIL"}, "chave_pix", "Informe a chave PIX do tipo indicado, ou deixe o tipo em branco"),
    ({"custo_vale_transporte": "100.00"}, "custo_vale_transporte",
     "Informe o custo do vale-transporte só para quem recebe vale-transporte"),
    ({"salarioo": "1"}, "salarioo", "Campo desconhecido"),
])
def test_validacao_nomeia_o_campo(cliente, mudancas, campo, mensagem):
    corpo = {"nome": "Ana Lima", "cpf": CPF_ANA, "data_admissao": "2025-01-06", "salario": "4500.00", **mudancas}
    corpo = {k: v for k, v in corpo.items() if v is not None}
    resposta = cliente.post("/api/funcionarios", json=corpo)
    if mensagem is None:  # a valid case among the invalid ones: the normalised key
        assert resposta.status_code == 201, resposta.get_json()
        assert resposta.get_json()["chave_pix"] == "+5511987654321"
        return
    assert resposta.status_code == 400, resposta.get_json()
    assert resposta.get_json()["campos"][campo] == mensagem
    assert cliente.get("/api/funcionarios").get_json()["items"] == []


@pytest.mark.parametrize("chave, tipo, guardada, tipo_guardado", [
    ("529.982.247-25", None, "52998224725", "CPF"),
    ("11.222.333/0001-81", None, "11222333000181", "CNPJ"),
    ("12.abc.345/01de-35", "CNPJ", "12ABC34501DE35", "CNPJ"),
    ("(11) 98765-4321", "TELEFONE", "+5511987654321", "TELEFONE"),
    ("123E4567-E89B-12D3-A456-426614174000", None, "123e4567-e89b-12d3-a456-426614174000", "ALEATORIA"),
])
def test_chave_pix_guardada_como_o_dict(cliente, criar_funcionario, chave, tipo, guardada, tipo_guardado):
    ana = criar_funcionario(cliente, chave_pix=chave, tipo_chave_pix=tipo)
    assert (ana["chave_pix"], ana["tipo_chave_pix"]) == (guardada, tipo_guardado)


def test_put_confere_o_registro_inteiro_e_recusa_nulos(cliente, criar_funcionario):
    ana = criar_funcionario(cliente)
    demissao = cliente.put(f"/api/funcionarios/{ana['id']}", json={"data_demissao": "2024-01-01"})
    assert demissao.get_json()["campos"] == {"data_demissao": "A demissão não pode ser anterior à admissão"}
    assert cliente.put(f"/api/funcionarios/{ana['id']}", json={"salario": None}).status_code == 400
    meia_conta = cliente.put(f"/api/funcionarios/{ana['id']}", json={"banco": "341", "agencia": "0742"})
    assert set(meia_conta.get_json()["campos"]) == {"conta_bancaria", "tipo_conta_bancaria"}
    assert cliente.get(f"/api/funcionarios/{ana['id']}").get_json() == ana


def test_outra_empresa_ve_404_em_toda_rota_de_id(cliente, criar_funcionario, como, nova_empresa):
    ana = criar_funcionario(cliente)
    intruso = como(nova_empresa())
    base = f"/api/funcionarios/{ana['id']}"
    assert intruso.get(base).status_code == 404
    assert intruso.put(base, json={"salario": "1.00"}).status_code == 404
    assert intruso.delete(base).status_code == 404
    assert intruso.get(f"{base}/variaveis/2026-11").status_code == 404
    assert intruso.put(f"{base}/variaveis/2026-11", json={"comissoes": "1.00"}).status_code == 404
    assert cliente.get(base).get_json() == ana
    assert cliente.get(f"{base}/variaveis/2026-11").get_json()["comissoes"] == "0.00"


def test_permissoes(como, empresa, criar_funcionario):
    ana = criar_funcionario(como(empresa))
    sem = como(empresa, perms=[])
    for caminho in ("/api/funcionarios", f"/api/funcionarios/{ana['id']}",
                    f"/api/funcionarios/{ana['id']}/variaveis/2026-11", "/api/folha/calcular?competencia=2026-11"):
        assert sem.get(caminho).status_code == 403, caminho
    leitor = como(empresa, perms=["rh:ler"])
    assert leitor.get("/api/funcionarios").status_code == 200
    assert leitor.get("/api/folha/calcular?competencia=2026-11").status_code == 200
    assert leitor.post("/api/funcionarios", json={"nome": "A"}).status_code == 403
    assert leitor.put(f"/api/funcionarios/{ana['id']}", json={"salario": "1.00"}).status_code == 403
    assert leitor.delete(f"/api/funcionarios/{ana['id']}").status_code == 403
    assert leitor.put(f"/api/funcionarios/{ana['id']}/variaveis/2026-11", json={}).status_code == 403


def test_sem_where_as_tabelas_e_a_view_so_mostram_a_empresa(como, nova_empresa, criar_funcionario, database):
    a, b = nova_empresa(), nova_empresa()
    for empresa_id in (a, b):
        funcionario = criar_funcionario(como(empresa_id))
        como(empresa_id).put(f"/api/funcionarios/{funcionario['id']}/variaveis/2026-11", json={"comissoes": "10"})
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(a),))
            vistas = {}
            for tabela in ("rh.funcionarios", "rh.variaveis_mes", "rh.v_funcionarios"):
                cur.execute(f"SELECT empresa_id FROM {tabela}")
                vistas[tabela] = {linha["empresa_id"] for linha in cur.fetchall()}
            cur.execute("SELECT * FROM rh.v_funcionarios")
            colunas = set(cur.fetchone())
    finally:
        conn.close()
    assert vistas == {"rh.funcionarios": {a}, "rh.variaveis_mes": {a}, "rh.v_funcionarios": {a}}
    assert not colunas & {"salario", "cpf", "pis", "banco", "chave_pix"}


def test_o_openapi_descreve_as_rotas(cliente):
    from openapi_spec_validator import validate

    documento = cliente.get("/openapi.json").get_json()
    validate(documento)
    caminhos = documento["paths"]
    assert {"/api/funcionarios", "/api/funcionarios/{funcionario_id}",
            "/api/funcionarios/{funcionario_id}/variaveis/{competencia}", "/api/folha/calcular"} <= set(caminhos)
    assert set(caminhos["/api/funcionarios/{funcionario_id}"]) >= {"get", "put", "delete"}


def test_ids_fora_do_intervalo_sao_404_e_nunca_500(cliente):
    for metodo, url, corpo in [("get", "/api/funcionarios/99999999999999999999999", None),
                               ("put", "/api/funcionarios/9223372036854775808", {"salario": "1.00"}),
                               ("delete", "/api/funcionarios/0", None),
                               ("get", "/api/funcionarios/9223372036854775807/variaveis/2026-11", None),
                               ("put", "/api/funcionarios/99999999999999999999999/variaveis/2026-11", {})]:
        assert getattr(cliente, metodo)(url, json=corpo).status_code == 404, url
    for url in ("/api/funcionarios?cursor=eyJ4IjoxfQ", "/api/funcionarios?ativos=talvez",
                "/api/funcionarios?limit=0", "/api/folha/calcular?competencia=0000-01",
                "/api/folha/calcular?competencia=2026-11&extra=1"):
        assert cliente.get(url).status_code == 400, url


VALORES = (st.none() | st.booleans() | st.integers() | st.text(max_size=20)
           | st.sampled_from(["52998224725", "2026-01-31", "1234.56", "341", "0742", "CLT", "a@b.co", "-1"]))


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpo=st.dictionaries(st.sampled_from(["nome", "cpf", "pis", "data_admissao", "data_demissao", "salario",
                                              "dependentes", "vinculo", "banco", "agencia", "conta_bancaria",
                                              "tipo_conta_bancaria", "chave_pix", "tipo_chave_pix",
                                              "custo_vale_transporte", "vale_transporte", "horas_extras_50",
                                              "faltas_dias"]), VALORES, max_size=8))
def test_json_arbitrario_nunca_da_500(cliente, corpo):
    for metodo, rota in [("post", "/api/funcionarios"), ("put", "/api/funcionarios/1"),
                         ("put", "/api/funcionarios/1/variaveis/2026-11")]:
        resposta = getattr(cliente, metodo)(rota, json=corpo)
        assert resposta.status_code < 500, resposta.get_data(as_text=True)[:300]
        if resposta.status_code >= 400:
            assert set(resposta.get_json()) >= {"error", "code"}
