"""/api/clientes and /api/fornecedores: one shape, two tables; every test runs for both.

Each test acts in empresas of its own (`empresas()`), so the tests of this module's database never
see one another's rows.
"""
import base64
import itertools
import json

import pytest
import redis
from stdnum.br import cnpj, cpf

from shared.eventos import chave_geracao

from cadastros import pessoas

LEITURA = ("cadastros:ler",)
_contador = itertools.count(1)


@pytest.fixture(params=["clientes", "fornecedores"])
def recurso(request):
    return request.param


@pytest.fixture
def empresas():
    """`empresas(n)`: n empresa ids no other test uses."""
    return lambda n=1: [next(_contador) + 1000 for _ in range(n)]


def cpf_valido() -> str:
    corpo = f"{next(_contador):09d}"
    return next(c for c in (corpo + f"{dv:02d}" for dv in range(100)) if cpf.is_valid(c))


def cnpj_valido(raiz: str = "") -> str:
    corpo = (raiz + f"{next(_contador):012d}")[:12] if raiz else f"{next(_contador):08d}0001"
    return corpo + cnpj.calc_check_digits(corpo)


def criar(cliente, recurso, **campos) -> dict:
    resposta = cliente.post(f"/api/{recurso}", json={"nome": "Fulano de Tal", **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def todas(cliente, recurso, **filtros) -> list[dict]:
    """Every page of the listing."""
    itens, proximo = [], None
    while True:
        resposta = cliente.get(f"/api/{recurso}", query_string={**filtros, **({"cursor": proximo} if proximo else {})})
        assert resposta.status_code == 200, resposta.get_json()
        itens += resposta.get_json()["items"]
        proximo = resposta.get_json()["next_cursor"]
        if proximo is None:
            return itens


def nomes(cliente, recurso, **filtros) -> list[str]:
    return [item["nome"] for item in todas(cliente, recurso, **filtros)]


def forjar_cursor(posicao) -> str:
    """A cursor in the lists' wire format (URL-safe base64 of compact JSON) holding anything:
    what a client could send that no list gave."""
    texto = json.dumps(posicao, separators=(",", ":"))
    return base64.urlsafe_b64encode(texto.encode()).decode().rstrip("=")


# ---------------------------------------------------------------- the record


def test_cria_le_altera_e_exclui(como, recurso, empresas):
    [empresa] = empresas()
    c = como(empresa)
    documento = cnpj_valido()
    criado = criar(c, recurso, nome="  Estúdio Luz & Sombra Ltda ", cpf_cnpj=cnpj.format(documento),
                   email="Contato@Estudio-Luz.COM.br", telefone="(11) 98765-4321",
                   endereco={"cep": "01310-100", "logradouro": "Av. Paulista", "numero": "1000", "complemento": "",
                             "bairro": "Bela Vista", "cidade": "São Paulo", "uf": "sp"},
                   observacoes="Paga sempre no dia 10")
    assert {k: v for k, v in criado.items() if k not in ("id", "criado_em", "atualizado_em")} == {
        "nome": "Estúdio Luz & Sombra Ltda",
        "tipo_pessoa": "JURIDICA",  # from the CNPJ
        "cpf_cnpj": documento,
        "cpf_cnpj_formatado": cnpj.format(documento),
        "email": "contato@estudio-luz.com.br",
        "telefone": "11987654321",
        "endereco": {"cep": "01310100", "logradouro": "Av. Paulista", "numero": "1000", "complemento": None,
                     "bairro": "Bela Vista", "cidade": "São Paulo", "uf": "SP"},
        "observacoes": "Paga sempre no dia 10",
        "ativo": True,
        # a fornecedor's payment data (tests/test_fornecedores_pagamento.py), empty
        **({} if recurso == "clientes" else {**dict.fromkeys(
            ("banco", "banco_nome", "agencia", "conta_bancaria", "tipo_conta_bancaria", "chave_pix",
             "tipo_chave_pix", "cache_valor")), "cache_rpa": False}),
    }
    caminho = f"/api/{recurso}/{criado['id']}"
    assert c.get(caminho).get_json() == criado

    # PUT: only what is sent changes; endereco is replaced whole.
    alterado = c.put(caminho, json={"nome": "Estúdio Luz", "endereco": {"cidade": "Campinas", "uf": "SP"}})
    assert alterado.status_code == 200
    esperado = {**criado, "nome": "Estúdio Luz",
                "endereco": {**dict.fromkeys(pessoas.ENDERECO), "cidade": "Campinas", "uf": "SP"}}
    assert {**alterado.get_json(), "atualizado_em": None} == {**esperado, "atualizado_em": None}
    sem_endereco = c.put(caminho, json={"endereco": None, "email": "", "ativo": False}).get_json()
    assert (sem_endereco["endereco"], sem_endereco["email"], sem_endereco["ativo"]) == (None, None, False)

    assert c.delete(caminho).status_code == 204
    assert c.get(caminho).status_code == 404
    assert c.delete(caminho).get_json()["code"] == "nao_encontrado"
    assert todas(c, recurso) == []


def test_minimo_e_so_o_nome(como, recurso, empresas):
    [empresa] = empresas()
    criado = criar(como(empresa), recurso, nome="Maria")
    assert (criado["tipo_pessoa"], criado["cpf_cnpj"], criado["cpf_cnpj_formatado"], criado["endereco"],
            criado["ativo"]) == ("FISICA", None, None, None, True)


def test_tipo_pessoa_vem_do_documento_e_deve_combinar_com_ele(como, recurso, empresas):
    [empresa] = empresas()
    c = como(empresa)
    um_cpf = cpf_valido()
    pessoa = criar(c, recurso, cpf_cnpj=cpf.format(um_cpf))
    assert pessoa["tipo_pessoa"] == "FISICA"
    assert criar(c, recurso, tipo_pessoa="JURIDICA")["tipo_pessoa"] == "JURIDICA"  # no document: as asked

    recusado = c.post(f"/api/{recurso}", json={"nome": "X", "tipo_pessoa": "FISICA", "cpf_cnpj": cnpj_valido()})
    assert recusado.status_code == 400
    assert list(recusado.get_json()["campos"]) == ["tipo_pessoa"]
    caminho = f"/api/{recurso}/{pessoa['id']}"
    assert list(c.put(caminho, json={"tipo_pessoa": "JURIDICA"}).get_json()["campos"]) == ["tipo_pessoa"]

    # A new document brings its tipo; without a document, the tipo stays.
    assert c.put(caminho, json={"cpf_cnpj": cnpj_valido()}).get_json()["tipo_pessoa"] == "JURIDICA"
    assert c.put(caminho, json={"cpf_cnpj": None}).get_json()["tipo_pessoa"] == "JURIDICA"
    assert c.put(caminho, json={"tipo_pessoa": "FISICA"}).get_json()["tipo_pessoa"] == "FISICA"


def test_cnpj_alfanumerico(como, recurso, empresas):
    [empresa] = empresas()
    criado = criar(como(empresa), recurso, cpf_cnpj="12.abc.345/01de-35")
    assert (criado["cpf_cnpj"], criado["cpf_cnpj_formatado"], criado["tipo_pessoa"]) == (
        "12ABC34501DE35", "12.ABC.345/01DE-35", "JURIDICA")


def test_documento_repetido_e_409_so_na_mesma_tabela_e_empresa(como, recurso, empresas):
    uma, outra = empresas(2)
    c = como(uma)
    documento = cpf_valido()
    criar(c, recurso, cpf_cnpj=documento)
    artigo = "um cliente" if recurso == "clientes" else "um fornecedor"
    repetido = c.post(f"/api/{recurso}", json={"nome": "Outro", "cpf_cnpj": cpf.format(documento)})
    assert repetido.status_code == 409
    assert repetido.get_json()["code"] == "conflito"
    assert repetido.get_json()["campos"] == {"cpf_cnpj": f"Já existe {artigo} com este CPF/CNPJ"}

    segundo = criar(c, recurso, nome="Outro")
    assert c.put(f"/api/{recurso}/{segundo['id']}", json={"cpf_cnpj": documento}).status_code == 409
    criar(como(outra), recurso, cpf_cnpj=documento)  # another empresa
    outro_recurso = "fornecedores" if recurso == "clientes" else "clientes"
    criar(c, outro_recurso, cpf_cnpj=documento)  # a client may also be a supplier


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({}, "nome", "Campo obrigatório"),
    ({"nome": ""}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "x" * 201}, "nome", "Deve ter no máximo 200 caracteres"),
    ({"nome": None}, "nome", "Deve ser um texto"),
    ({"nome": 12}, "nome", "Deve ser um texto"),
    ({"nome": "a\u0000b"}, "nome", "Texto contém caracteres inválidos"),
    ({"cpf_cnpj": "390.533.447-06"}, "cpf_cnpj", "CPF inválido: confira os dígitos"),
    ({"cpf_cnpj": "16.727.230/0001-98"}, "cpf_cnpj", "CNPJ inválido: confira os dígitos"),
    ({"cpf_cnpj": "123"}, "cpf_cnpj", "Informe 11 dígitos (CPF) ou 14 caracteres (CNPJ)"),
    ({"cpf_cnpj": "9" * 100_000}, "cpf_cnpj", "Informe 11 dígitos (CPF) ou 14 caracteres (CNPJ)"),
    ({"cpf_cnpj": 39053344705}, "cpf_cnpj", "Deve ser um texto"),
    ({"email": "fulano"}, "email", "E-mail inválido; use o formato nome@empresa.com.br"),
    ({"email": "a@b@c.com"}, "email", "E-mail inválido; use o formato nome@empresa.com.br"),
    ({"email": "x" * 300 + "@empresa.com.br"}, "email", "E-mail inválido; use o formato nome@empresa.com.br"),
    ({"telefone": "98765-4321"}, "telefone", "Informe o telefone com DDD: 10 ou 11 dígitos"),
    ({"telefone": "(11) 9876A-4321"}, "telefone", "Informe o telefone com DDD: 10 ou 11 dígitos"),
    ({"telefone": "１１９８７６５４３２１"}, "telefone", "Informe o telefone com DDD: 10 ou 11 dígitos"),
    ({"endereco": {"cep": "1310-100"}}, "endereco.cep", "Informe os 8 dígitos do CEP"),
    ({"endereco": {"uf": "XX"}}, "endereco.uf", "UF inválida; use a sigla do estado, como SP"),
    ({"endereco": {"cidade": "x" * 101}}, "endereco.cidade", "Deve ter no máximo 100 caracteres"),
    ({"endereco": {"pais": "BR"}}, "endereco.pais", "Campo desconhecido"),
    ({"endereco": "Rua A, 1"}, "endereco", "Deve ser um objeto"),
    ({"observacoes": "x" * 2001}, "observacoes", "Deve ter no máximo 2000 caracteres"),
    ({"tipo_pessoa": "MEI"}, "tipo_pessoa", "Valor inválido; use 'FISICA' ou 'JURIDICA'"),
    ({"ativo": "sim"}, "ativo", "Deve ser verdadeiro ou falso"),
    ({"id": 5}, "id", "Campo desconhecido"),
])
def test_validacao_nomeia_o_campo(como, recurso, empresas, corpo, campo, mensagem):
    [empresa] = empresas()
    c = como(empresa)
    resposta = c.post(f"/api/{recurso}", json={"nome": "Fulano", **corpo} if corpo else corpo)
    assert resposta.status_code == 400
    assert resposta.get_json()["code"] == "validacao"
    assert resposta.get_json()["campos"][campo] == mensagem
    pessoa = criar(c, recurso)
    if corpo:  # the same field, the same message on PUT
        assert c.put(f"/api/{recurso}/{pessoa['id']}", json=corpo).get_json()["campos"][campo] == mensagem
    assert todas(c, recurso) == [pessoa]


@pytest.mark.parametrize("dados, tipo", [
    ("{", "application/json"),
    ("[]", "application/json"),
    ('{"nome": NaN}', "application/json"),
    ('"nome"', "application/json"),
    ("nome=Fulano", "application/x-www-form-urlencoded"),
    (b"\xff\xfe", "application/json"),
])
def test_lixo_nunca_e_500(como, recurso, empresas, dados, tipo):
    [empresa] = empresas()
    c = como(empresa)
    pessoa = criar(c, recurso)
    for metodo, caminho in (("post", f"/api/{recurso}"), ("put", f"/api/{recurso}/{pessoa['id']}")):
        resposta = getattr(c, metodo)(caminho, data=dados, content_type=tipo)
        assert resposta.status_code in (400, 415), resposta.get_json()
        assert resposta.get_json()["code"] in ("validacao", "tipo_nao_suportado")


@pytest.mark.parametrize("consulta, campo", [
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"ativo": "talvez"}, "ativo"),
    ({"tipo_pessoa": "X"}, "tipo_pessoa"),
    ({"q": "x" * 101}, "q"),
    ({"q": "a\u0000"}, "q"),
    ({"cursor": "lixo"}, "cursor"),
    ({"cursor": forjar_cursor({"nome": "a", "id": "1"})}, "cursor"),
    ({"cursor": forjar_cursor({"nome": "a\u0000", "id": 1})}, "cursor"),
    ({"cursor": forjar_cursor({"nome": "a", "id": 2**63})}, "cursor"),
    ({"cursor": forjar_cursor([1])}, "cursor"),
])
def test_filtros_invalidos_nomeiam_o_parametro(como, recurso, consulta, campo):
    resposta = como(1).get(f"/api/{recurso}", query_string=consulta)
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_ids_de_outra_empresa_ou_inexistentes_sao_404(como, recurso, empresas):
    minha, outra = empresas(2)
    alheio = criar(como(outra), recurso, nome="Alheio", cpf_cnpj=cpf_valido())
    eu = como(minha)
    for caminho in (f"/api/{recurso}/{alheio['id']}", f"/api/{recurso}/{2**63}", f"/api/{recurso}/{10**30}"):
        assert eu.get(caminho).status_code == 404
        assert eu.put(caminho, json={"nome": "Meu"}).status_code == 404
        assert eu.delete(caminho).status_code == 404
    assert todas(eu, recurso) == []
    assert todas(eu, recurso, q="alheio") == todas(eu, recurso, q=alheio["cpf_cnpj"]) == []
    assert como(outra).get(f"/api/{recurso}/{alheio['id']}").get_json()["nome"] == "Alheio"


def test_leitura_sem_escrita(como, recurso, empresas):
    [empresa] = empresas()
    pessoa = criar(como(empresa), recurso)
    leitor = como(empresa, perms=LEITURA)
    assert leitor.get(f"/api/{recurso}/{pessoa['id']}").status_code == 200
    assert leitor.get(f"/api/{recurso}/importar/modelo").status_code == 200
    for resposta in (leitor.post(f"/api/{recurso}", json={"nome": "X"}),
                     leitor.put(f"/api/{recurso}/{pessoa['id']}", json={"nome": "X"}),
                     leitor.delete(f"/api/{recurso}/{pessoa['id']}"),
                     leitor.post(f"/api/{recurso}/importar", data={})):
        assert resposta.status_code == 403
    assert como(empresa, perms=()).get(f"/api/{recurso}").status_code == 403


def test_em_uso_nao_se_exclui(como, recurso, empresas, sql_dono):
    """A row that references it (a lançamento, from issue 5 on: a scratch table here) makes DELETE a 409."""
    [empresa] = empresas()
    c = como(empresa)
    pessoa = criar(c, recurso)
    sql_dono(f"""CREATE TABLE public.usa_{recurso} (empresa_id bigint NOT NULL, pessoa_id bigint NOT NULL,
                     FOREIGN KEY (empresa_id, pessoa_id) REFERENCES cadastros.{recurso} (empresa_id, id))""")
    try:
        sql_dono(f"INSERT INTO public.usa_{recurso} VALUES (%s, %s)", (empresa, pessoa["id"]))
        resposta = c.delete(f"/api/{recurso}/{pessoa['id']}")
        assert resposta.status_code == 409
        assert "desative-o" in resposta.get_json()["error"]
        assert c.get(f"/api/{recurso}/{pessoa['id']}").status_code == 200
        assert todas(c, recurso, q="fulano") == [pessoa]  # its words survived the rolled-back delete
    finally:
        sql_dono(f"DROP TABLE public.usa_{recurso}")


def test_toda_escrita_e_auditada_e_publicada(como, recurso, empresas, sql_dono, redis_url):
    [empresa] = empresas()
    c = como(empresa, usuario_id=77)
    entidade = pessoas.CLIENTES if recurso == "clientes" else pessoas.FORNECEDORES
    evento = {"clientes": "cadastros.cliente.alterado", "fornecedores": "cadastros.fornecedor.alterado"}[recurso]
    eventos = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    eventos.subscribe(f"erp:eventos:{empresa}")
    eventos.get_message(timeout=1.0)  # the subscription's confirmation: from here on, nothing is missed
    try:
        pessoa = criar(c, recurso, nome="Ana")
        c.put(f"/api/{recurso}/{pessoa['id']}", json={"nome": "Ana Lima"})
        c.put(f"/api/{recurso}/{pessoa['id']}", json={"nome": "Ana Lima"})  # nothing changes: nothing recorded
        c.delete(f"/api/{recurso}/{pessoa['id']}")
        recebidos = []
        while (mensagem := eventos.get_message(timeout=1.0)) is not None:
            recebidos.append(json.loads(mensagem["data"]))
    finally:
        eventos.close()
    assert [(e["tipo"], e["dados"]) for e in recebidos] == [
        (evento, {"id": pessoa["id"], "acao": acao}) for acao in ("criada", "alterada", "excluida")]
    assert int(redis.Redis.from_url(redis_url).get(chave_geracao(empresa, "cadastros"))) == 3

    trilha = sql_dono("""SELECT acao, entidade, entidade_id, usuario_id, antes->>'nome' AS antes, depois->>'nome' AS depois
                         FROM plataforma.auditoria WHERE empresa_id = %s ORDER BY id""", (empresa,))
    assert [tuple(linha.values()) for linha in trilha] == [
        ("criar", entidade.nome, str(pessoa["id"]), 77, None, "Ana"),
        ("alterar", entidade.nome, str(pessoa["id"]), 77, "Ana", "Ana Lima"),
        ("excluir", entidade.nome, str(pessoa["id"]), 77, "Ana Lima", None),
    ]


# ---------------------------------------------------------------- listing and search


def test_lista_em_ordem_de_nome_sem_diferenca_de_acentos_e_pagina(como, recurso, empresas):
    [empresa] = empresas()
    c = como(empresa)
    for nome in ("bruno", "Álvaro", "Ana", "Zélia", "álvaro", "Carla", "ana"):
        criar(c, recurso, nome=nome)
    esperado = ["Álvaro", "álvaro", "Ana", "ana", "bruno", "Carla", "Zélia"]  # ties: in creation order (id)
    assert nomes(c, recurso, limit=2) == esperado
    assert nomes(c, recurso, limit=500) == esperado
    primeira = c.get(f"/api/{recurso}", query_string={"limit": 7}).get_json()
    assert primeira["next_cursor"] is None


def test_busca_por_palavras_documento_e_email(como, recurso, empresas):
    [empresa] = empresas()
    c = como(empresa)
    documento = cpf_valido()
    alfanumerico = cnpj_valido(raiz="AB12CD34")
    criar(c, recurso, nome="João da Silva", cpf_cnpj=documento, email="jsilva@exemplo.com.br")
    criar(c, recurso, nome="Silvana Joaquina", email="silvana@exemplo.com.br")
    criar(c, recurso, nome="Estúdio D'Ávila-Souza", cpf_cnpj=alfanumerico, email="contato@davila.com.br")
    criar(c, recurso, nome="Pedro Joanes", email="p_joanes%@exemplo.com.br")

    def busca(q, **filtros):
        return nomes(c, recurso, q=q, **filtros)

    assert busca("jo sil") == ["João da Silva", "Silvana Joaquina"]  # each word starts some word
    assert busca("JOÃO") == busca("joao") == ["João da Silva"]
    assert busca("sil") == ["João da Silva", "Silvana Joaquina"]
    assert busca("silva jo") == ["João da Silva", "Silvana Joaquina"]
    assert busca("da") == ["João da Silva"]  # "D'Ávila" is the words "d" and "avila"
    assert busca("avila souza") == busca("d'ávila-souza") == busca("d av") == ["Estúdio D'Ávila-Souza"]
    assert busca("oão") == busca("ilva") == []  # prefixes of words, not parts
    assert busca(documento[:5]) == busca(cpf.format(documento)[:6]) == ["João da Silva"]
    assert busca(cpf.format(documento)) == ["João da Silva"]
    assert busca("ab.12") == busca(cnpj.format(alfanumerico)) == ["Estúdio D'Ávila-Souza"]
    assert busca("jsilva@") == busca("JSilva@Exemplo") == ["João da Silva"]
    assert busca("p_joanes%") == ["Pedro Joanes"]  # LIKE's wildcards are plain characters here
    assert busca("_") == busca("%") == busca("...") == []
    assert busca("silvana@exemplo.com.br") == ["Silvana Joaquina"]
    assert busca("jo", limit=1) == ["João da Silva", "Pedro Joanes", "Silvana Joaquina"]


def test_documentos_como_se_digitam_com_pontos_barra_e_hifen(como, recurso, empresas):
    """The document is searched by its letters and digits, however typed; another empresa's
    records with the same documents stay out."""
    minha, outra = empresas(2)
    c = como(minha)
    criar(c, recurso, nome="Carla Mendes", cpf_cnpj="123.456.789-09")
    criar(c, recurso, nome="Foto & Vídeo Ltda.", cpf_cnpj="12.345.678/0001-95")
    criar(como(outra), recurso, nome="Alheio", cpf_cnpj="12345678909")

    def busca(q):
        return nomes(c, recurso, q=q)

    assert busca("123.456.789-09") == busca("12345678909") == busca("123 456 789 09") == ["Carla Mendes"]
    assert busca("12.345.678/0001-95") == busca("12.345.678/0001") == ["Foto & Vídeo Ltda."]
    assert busca("123.456") == ["Carla Mendes", "Foto & Vídeo Ltda."]  # both begin 123456
    assert busca("123.456.789-1") == busca("12.345.678/0002") == []
    assert busca("foto & vídeo") == busca("foto-video ltda.") == ["Foto & Vídeo Ltda."]
    assert nomes(como(outra), recurso, q="123.456.789-09") == ["Alheio"]


def test_filtros_ativo_e_tipo_pessoa(como, recurso, empresas):
    [empresa] = empresas()
    c = como(empresa)
    criar(c, recurso, nome="Ana Física", cpf_cnpj=cpf_valido())
    criar(c, recurso, nome="Ana Jurídica", cpf_cnpj=cnpj_valido())
    criar(c, recurso, nome="Ana Inativa", ativo=False)
    assert nomes(c, recurso, ativo="true") == ["Ana Física", "Ana Jurídica"]
    assert nomes(c, recurso, ativo="false") == ["Ana Inativa"]
    assert nomes(c, recurso, tipo_pessoa="JURIDICA") == ["Ana Jurídica"]
    assert nomes(c, recurso, tipo_pessoa="FISICA", ativo="true", q="ana") == ["Ana Física"]
    # The search's copies of ativo and tipo_pessoa follow a change.
    [fisica] = todas(c, recurso, q="ana fis")
    c.put(f"/api/{recurso}/{fisica['id']}", json={"ativo": False, "cpf_cnpj": cnpj_valido()})
    assert nomes(c, recurso, ativo="true", q="ana") == ["Ana Jurídica"]
    assert nomes(c, recurso, ativo="false", tipo_pessoa="JURIDICA", q="ana") == ["Ana Física"]


def test_a_busca_le_indices_mesmo_sob_rls(app, recurso, empresas, sql_dono):
    """Under row-level security only leakproof operators reach an index (migrations/0004): the
    plan of every kind of search, run as the app role, reads one by its prefix range."""
    [empresa] = empresas()
    entidade = pessoas.CLIENTES if recurso == "clientes" else pessoas.FORNECEDORES
    # Enough rows that reading all of them would cost more than a range of an index.
    sql_dono(f"""INSERT INTO cadastros.{recurso} (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email)
                 SELECT %(e)s, 'Pessoa ' || n, 'pessoa ' || n, 'FISICA', lpad(n::text, 11, '0'), 'p' || n || '@x.com.br'
                   FROM generate_series(1, 5000) AS n""", {"e": empresa})
    sql_dono(f"""INSERT INTO cadastros.{recurso}_palavras (empresa_id, palavra, pessoa_id, nome_busca, ativo, tipo_pessoa)
                 SELECT empresa_id, unnest(string_to_array(nome_busca, ' ')), id, nome_busca, ativo, tipo_pessoa
                   FROM cadastros.{recurso} WHERE empresa_id = %s""", (empresa,))
    sql_dono(f"ANALYZE cadastros.{recurso}, cadastros.{recurso}_palavras")

    class Explicar:
        """A cursor that plans what pessoas.listar runs instead of running it."""
        def __init__(self, cur):
            self.cur = cur

        def execute(self, sql, parametros):
            self.cur.execute("EXPLAIN " + sql, parametros)

        def fetchall(self):
            return "\n".join(linha["QUERY PLAN"] for linha in self.cur.fetchall())

    with app.extensions["erp"].db.transacao(empresa) as cur:
        planos = {q: pessoas.listar(Explicar(cur), entidade, pessoas.FiltroPessoas(q=q), None, 51)
                  for q in ("jo sil", "123.45", "jo@exe")}
    condicoes = {q: "\n".join(linha for linha in plano.splitlines() if "Index Cond" in linha)
                 for q, plano in planos.items()}
    assert "palavra >= '" in condicoes["jo sil"], planos["jo sil"]  # one word's range; the planner picks which
    assert "cpf_cnpj >= '12345'" in condicoes["123.45"], planos["123.45"]
    assert "email >= 'jo@exe'" in condicoes["jo@exe"], planos["jo@exe"]
