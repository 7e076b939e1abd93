"""/api/auditoria: the current empresa's trail, with login, logout and every user write in it."""
import json
from datetime import timedelta

import pytest

from shared.config import hoje as hoje_no_estudio


def _trilha(sessao, **filtros):
    resposta = sessao.get("/api/auditoria", query_string={"limit": 500, **filtros})
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()["items"]


def test_login_logout_e_escritas_de_usuario_ficam_na_trilha(empresa_com_admin, entrar, unico):
    empresa_id, chefe = empresa_com_admin()
    username = unico("aud.")
    criado = chefe.post("/api/usuarios", json={"username": username, "nome": "Auditado", "password": "senha-boa-123",
                                               "empresas": [empresa_id], "permissoes": ["cadastros:ler"]}).get_json()
    chefe.put(f"/api/usuarios/{criado['id']}", json={"password": "outra-senha-789", "permissoes": []})
    auditado = entrar(username, "outra-senha-789")
    auditado.post("/api/logout")
    chefe.delete(f"/api/usuarios/{criado['id']}")

    trilha = _trilha(chefe)

    do_auditado = [(r["acao"], r["entidade"], r["username"]) for r in trilha
                   if r["entidade_id"] == str(criado["id"]) or r["username"] == username]
    assert do_auditado == [
        ("remover", "usuario", chefe.usuario["username"]),
        ("logout", "sessao", username),
        ("login", "sessao", username),
        ("alterar", "usuario", chefe.usuario["username"]),
        ("criar", "usuario", chefe.usuario["username"]),
    ]
    alteracao = next(r for r in trilha if r["acao"] == "alterar")
    assert alteracao["antes"]["permissoes"] == ["cadastros:ler"]
    assert alteracao["depois"]["permissoes"] == [] and alteracao["depois"]["senha_alterada"] is True
    remocao = next(r for r in trilha if r["acao"] == "remover")
    assert remocao["depois"] == {"ativo": False}
    assert all(r["servico"] == "auth-api" and r["correlation_id"] for r in trilha)
    assert "senha_hash" not in json.dumps(trilha) and "argon2" not in json.dumps(trilha)


def test_trilha_de_outra_empresa_nao_aparece(empresa_com_admin):
    _, primeiro = empresa_com_admin()
    _, segundo = empresa_com_admin()

    ids_primeiro = {r["id"] for r in _trilha(primeiro)}
    ids_segundo = {r["id"] for r in _trilha(segundo)}
    empresas = {r["entidade_id"] for r in _trilha(segundo, entidade="empresa")}

    assert ids_primeiro.isdisjoint(ids_segundo)
    assert empresas == {str(segundo.usuario["empresa_id"])}


def test_filtros_e_ordem(empresa_com_admin, entrar):
    empresa_id, chefe = empresa_com_admin()
    entrar(chefe.usuario["username"])  # a second login of the same admin
    hoje = hoje_no_estudio()

    logins = _trilha(chefe, entidade="sessao", usuario_id=chefe.usuario["id"])
    de_hoje = _trilha(chefe, de=(hoje - timedelta(days=1)).isoformat(), ate=(hoje + timedelta(days=1)).isoformat())
    do_futuro = _trilha(chefe, de=(hoje + timedelta(days=2)).isoformat())

    assert [r["acao"] for r in logins] == ["login", "login"]
    assert logins[0]["em"] >= logins[1]["em"]
    assert len(de_hoje) == len(_trilha(chefe)) > 0
    assert do_futuro == []


def test_paginacao_por_cursor(empresa_com_admin, entrar):
    _, chefe = empresa_com_admin()
    for _ in range(4):
        entrar(chefe.usuario["username"])
    completa = [r["id"] for r in _trilha(chefe)]

    vistos, cursor = [], None
    while True:
        pagina = chefe.get("/api/auditoria", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}).get_json()
        vistos += [r["id"] for r in pagina["items"]]
        cursor = pagina["next_cursor"]
        if cursor is None:
            break

    assert vistos == completa and len(vistos) >= 5


def test_filtros_invalidos_nomeiam_o_campo(empresa_com_admin):
    _, chefe = empresa_com_admin()

    datas = chefe.get("/api/auditoria", query_string={"de": "2024-02-30", "usuario_id": "x"})
    invertidas = chefe.get("/api/auditoria", query_string={"de": "2024-05-02", "ate": "2024-05-01"})
    forjado = chefe.get("/api/auditoria", query_string={"cursor": "eyJlbSI6ICJvbnRlbSIsICJpZCI6IDF9"})

    assert datas.status_code == 400
    assert datas.get_json()["campos"] == {"de": "Data inválida; use AAAA-MM-DD", "usuario_id": "Deve ser um número inteiro"}
    assert invertidas.get_json()["campos"] == {"ate": "Deve ser igual ou posterior a 'de'"}
    assert forjado.status_code == 400 and forjado.get_json()["campos"] == {"cursor": "Cursor inválido; recomece a listagem"}


# ---------------------------------------------------------------- read as a person reads it


@pytest.fixture(scope="module")
def servicos(service_env, assinar_token):
    """`servicos(sessao)` → (cadastros, financeiro): test clients of those services, on this
    module's database, acting as the logged-in user of `sessao` in its empresa, as the SPA would."""
    from cadastros import create_app as cadastros_app
    from financeiro import create_app as financeiro_app

    apps = (cadastros_app(service_env), financeiro_app(service_env))

    def como(sessao):
        usuario = sessao.usuario
        token = assinar_token(sub=str(usuario["id"]), usr=usuario["username"], emp=usuario["empresa_id"],
                              perms=["cadastros:escrever", "financeiro:escrever"])
        clientes = tuple(app.test_client() for app in apps)
        for cliente in clientes:
            cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return clientes
    return como


def _criar(cliente, caminho: str, **corpo) -> dict:
    resposta = cliente.post(caminho, json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def _estudio(cadastros, financeiro) -> dict:
    """A conta, a categoria, a fornecedor and the studio's rent in 12 monthly lançamentos."""
    conta = _criar(cadastros, "/api/contas", nome="Conta Itaú", tipo="CORRENTE", banco="341", agencia="1234",
                   numero="12345-6", saldo_inicial="0.00")
    categoria = _criar(cadastros, "/api/categorias", nome="Aluguel", tipo="DESPESA")
    imobiliaria = _criar(cadastros, "/api/fornecedores", nome="Imobiliária Central")
    _criar(financeiro, "/api/lancamentos", tipo="DESPESA", descricao="Aluguel do estúdio", valor="2300.00",
           data_vencimento="2026-01-10", categoria_id=categoria["id"], conta_id=conta["id"],
           fornecedor_id=imobiliaria["id"], recorrencia={"frequencia": "MENSAL", "quantidade": 12})
    serie = financeiro.get("/api/lancamentos", query_string={"fornecedor_id": imobiliaria["id"], "de": "2026-01-01",
                                                              "ate": "2026-12-31", "limit": 50}).get_json()["items"]
    return {"conta": conta, "categoria": categoria, "imobiliaria": imobiliaria,
            "parcelas": sorted(serie, key=lambda p: p["data_vencimento"])}


def test_cada_registro_diz_quem_pelo_nome_o_registro_pelo_nome_e_os_registros_a_que_se_refere(
        empresa_com_admin, servicos):
    _, chefe = empresa_com_admin()
    cadastros, financeiro = servicos(chefe)
    estudio = _estudio(cadastros, financeiro)
    terceira = estudio["parcelas"][2]
    alterada = financeiro.put(f"/api/lancamentos/{terceira['id']}", json={"valor": "2500.00"})
    assert alterada.status_code == 200, alterada.get_json()
    # Renamed afterwards: the trail keeps the name the lançamento had when it was changed.
    financeiro.put(f"/api/lancamentos/{terceira['id']}", json={"descricao": "Aluguel da sala"})

    trilha = _trilha(chefe, entidade="lancamento", acao="alterar")

    assert [r["rotulo"] for r in trilha] == ["Aluguel da sala — parcela 3/12", "Aluguel do estúdio — parcela 3/12"]
    valor = trilha[1]
    assert (valor["antes"]["valor"], valor["depois"]["valor"]) == ("2300.00", "2500.00")
    assert valor["usuario_nome"] == "Pessoa de Teste" and valor["username"] == chefe.usuario["username"]
    assert valor["servico"] == "financeiro-api" and valor["entidade_id"] == str(terceira["id"])
    assert valor["referencias"] == {
        "conta_id": {str(estudio["conta"]["id"]): "Conta Itaú"},
        "categoria_id": {str(estudio["categoria"]["id"]): "Aluguel"},
        "fornecedor_id": {str(estudio["imobiliaria"]["id"]): "Imobiliária Central"},
    }
    criadas = _trilha(chefe, entidade="lancamento", acao="criar")
    assert len(criadas) == 12 and criadas[-1]["rotulo"] == "Aluguel do estúdio — parcela 1/12"


def test_um_registro_renomeado_ou_excluido_segue_com_o_nome_que_tinha(empresa_com_admin, servicos):
    _, chefe = empresa_com_admin()
    cadastros, _ = servicos(chefe)
    maria = _criar(cadastros, "/api/clientes", nome="Maria Souza")
    assert cadastros.put(f"/api/clientes/{maria['id']}", json={"nome": "Maria Souza Lima"}).status_code == 200
    assert cadastros.delete(f"/api/clientes/{maria['id']}").status_code == 204

    trilha = _trilha(chefe, entidade="cliente")

    assert [(r["acao"], r["rotulo"]) for r in trilha] == [
        ("excluir", "Maria Souza Lima"), ("alterar", "Maria Souza Lima"), ("criar", "Maria Souza")]
    assert (trilha[1]["antes"]["nome"], trilha[1]["depois"]["nome"]) == ("Maria Souza", "Maria Souza Lima")


def test_um_pagamento_e_seu_estorno_nomeiam_o_lancamento(empresa_com_admin, servicos):
    _, chefe = empresa_com_admin()
    cadastros, financeiro = servicos(chefe)
    quinta = _estudio(cadastros, financeiro)["parcelas"][4]
    baixa = _criar(financeiro, f"/api/lancamentos/{quinta['id']}/baixas", valor="1000.00", data="2026-05-10")
    assert financeiro.delete(f"/api/baixas/{baixa['id']}").status_code == 204

    trilha = _trilha(chefe, entidade="baixa")

    assert [(r["acao"], r["rotulo"]) for r in trilha] == [
        ("estornar", "Aluguel do estúdio — parcela 5/12"), ("baixar", "Aluguel do estúdio — parcela 5/12")]
    assert trilha[1]["referencias"]["lancamento_id"] == {str(quinta["id"]): "Aluguel do estúdio"}


def test_sem_nome_no_registro_o_rotulo_fica_vazio_e_o_login_diz_quem_entrou(empresa_com_admin):
    _, chefe = empresa_com_admin()

    login = _trilha(chefe, acao="login")

    assert [(r["usuario_nome"], r["rotulo"], r["referencias"]) for r in login] == [("Pessoa de Teste", None, {})]


def test_os_nomes_referidos_sao_so_os_da_propria_empresa(empresa_com_admin, servicos, sql_dono):
    _, primeiro = empresa_com_admin()
    segundo_id, segundo = empresa_com_admin()
    conta_do_primeiro = _criar(servicos(primeiro)[0], "/api/contas", nome="Conta secreta", tipo="CORRENTE",
                               banco="341", agencia="1", numero="1", saldo_inicial="0.00")
    # An entry of the second empresa whose snapshot names the first's conta by its id.
    sql_dono("""INSERT INTO plataforma.auditoria (empresa_id, servico, acao, entidade, entidade_id, depois)
                VALUES (%s, 'teste', 'alterar', 'lancamento', '1', %s)""",
             (segundo_id, json.dumps({"conta_id": conta_do_primeiro["id"], "descricao": "Forjado"})),
             empresa_id=segundo_id)

    forjado = _trilha(segundo, entidade="lancamento")
    do_primeiro = _trilha(primeiro, entidade="conta")

    assert [(r["rotulo"], r["referencias"]) for r in forjado] == [("Forjado", {})]
    assert [r["rotulo"] for r in do_primeiro] == ["Conta secreta"]
    assert _trilha(segundo, entidade="conta") == []


def test_filtros_de_acao_e_de_tipo_invalidos_nomeiam_o_campo(empresa_com_admin):
    _, chefe = empresa_com_admin()

    maiusculas = chefe.get("/api/auditoria", query_string={"acao": "ALTERAR", "entidade": "lançamento"})
    longa = chefe.get("/api/auditoria", query_string={"acao": "a" * 51})

    assert maiusculas.status_code == 400
    assert maiusculas.get_json()["campos"] == {"acao": "Formato inválido", "entidade": "Formato inválido"}
    assert longa.get_json()["campos"] == {"acao": "Deve ter no máximo 50 caracteres"}
