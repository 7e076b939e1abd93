"""/api/auditoria: the current empresa's trail, with login, logout and every user write in it."""
import json
from datetime import timedelta

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
