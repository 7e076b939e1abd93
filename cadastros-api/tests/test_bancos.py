"""/api/bancos: the vendored list of Brazilian banks, searchable by code, name or nickname."""
import json

import pytest

from cadastros import bancos

LEITURA = ("cadastros:ler",)


def _codigos(resposta) -> list[str]:
    assert resposta.status_code == 200, resposta.get_json()
    return [banco["codigo"] for banco in resposta.get_json()["items"]]


def test_lista_inteira_os_populares_primeiro_e_o_resto_em_ordem_de_codigo(como):
    resposta = como(perms=LEITURA).get("/api/bancos")

    corpo = resposta.get_json()
    codigos = _codigos(resposta)
    populares = len(_populares())
    assert corpo["next_cursor"] is None
    assert len(codigos) > 400 and len(set(codigos)) == len(codigos)
    assert codigos[:populares] == [p["codigo"] for p in _populares()]
    assert codigos[populares:] == sorted(codigos[populares:])
    assert all(len(c) == 3 and c.isdigit() for c in codigos)
    assert {"codigo": "341", "nome": "ITAÚ UNIBANCO S.A."} in corpo["items"]
    assert {"codigo": "001", "nome": "Banco do Brasil S.A."} in corpo["items"]


@pytest.mark.parametrize("q, contem", [
    ("341", "341"),                # the code
    ("34", "341"),                 # the start of a code
    ("itau", "341"),               # no accent typed, "ITAÚ" in the list
    ("ITAÚ unibanco", "341"),      # several words, any case
    ("bco do brasil", "001"),      # the short name, as statements print it
    ("nu pag", "260"),             # word prefixes
])
def test_busca_por_codigo_ou_palavras_do_nome(como, q, contem):
    codigos = _codigos(como(perms=LEITURA).get("/api/bancos", query_string={"q": q}))

    assert contem in codigos
    assert all(bancos.existe(c) for c in codigos)
    assert len(codigos) < 50


def _populares() -> list[dict]:
    return json.loads(bancos.APELIDOS.read_text(encoding="utf-8"))["bancos"]


def test_todo_apelido_e_de_um_banco_da_lista():
    """A new bancos.json that drops a bank shows here, before the nickname points at nothing."""
    populares = _populares()
    assert all(bancos.existe(p["codigo"]) and p["apelidos"] for p in populares)
    assert len({p["codigo"] for p in populares}) == len(populares)


@pytest.mark.parametrize("q, primeiro", [
    ("Nubank", "260"), ("nu", "260"), ("Inter", "077"), ("C6", "336"), ("c6 bank", "336"), ("BB", "001"),
    ("banco do brasil", "001"), ("Caixa", "104"), ("CEF", "104"), ("Santander", "033"), ("Bradesco", "237"),
    ("Sicoob", "756"), ("Sicredi", "748"), ("PicPay", "380"), ("Mercado Pago", "323"), ("PagBank", "290"),
    ("PagSeguro", "290"), ("PagBank/PagSeguro", "290"), ("Stone", "197"), ("Cora", "403"), ("BTG", "208"),
    ("XP", "102"), ("Original", "212"), ("Safra", "422"), ("Banrisul", "041"),
    ("itau", "341"), ("itaú", "341"), ("ITAU UNIBANCO", "341"), ("ita", "341"),  # not 029, 184 or 652 first
    ("341", "341"), ("77", "077"), ("1", "001"),  # the code, with or without its zeros
    ("bco", "237"),  # a popular bank before the other "BCO ..." ones
])
def test_apelidos_e_codigos_exatos_primeiro_depois_os_populares(como, q, primeiro):
    codigos = _codigos(como(perms=LEITURA).get("/api/bancos", query_string={"q": q}))

    assert codigos[0] == primeiro, codigos[:5]


def test_o_resto_segue_em_ordem_de_codigo(como):
    codigos = _codigos(como(perms=LEITURA).get("/api/bancos", query_string={"q": "itau"}))

    assert codigos == ["341", "029", "184", "479", "652"]
    assert _codigos(como(perms=LEITURA).get("/api/bancos", query_string={"q": "inter"}))[:2] == ["077", "290"]


def test_busca_sem_resultado_e_busca_vazia(como):
    cliente = como(perms=LEITURA)

    assert _codigos(cliente.get("/api/bancos", query_string={"q": "banco que não existe zzz"})) == []
    assert len(_codigos(cliente.get("/api/bancos", query_string={"q": "  "}))) > 400
    # Punctuation separates words and is no search syntax: "%" alone filters nothing.
    assert len(_codigos(cliente.get("/api/bancos", query_string={"q": "%"}))) > 400
    assert "341" in _codigos(cliente.get("/api/bancos", query_string={"q": "itaú-unibanco."}))


def test_nome_por_codigo():
    assert bancos.nome("237") == "Banco Bradesco S.A."
    assert bancos.nome("999") is None and not bancos.existe("999")
    assert bancos.nome(None) is None


def test_exige_token_e_permissao_de_leitura(app, como):
    assert app.test_client().get("/api/bancos").status_code == 401

    resposta = como(perms=("dashboard:ler",)).get("/api/bancos")

    assert resposta.status_code == 403
    assert resposta.get_json()["code"] == "sem_permissao"
    # RH fills in salary accounts: the list of banks, and nothing else of cadastros.
    assert como(perms=("rh:ler",)).get("/api/bancos").status_code == 200
    assert como(perms=("rh:ler",)).get("/api/bancos/cobranca").status_code == 403


@pytest.mark.parametrize("parametros, campo", [
    ({"q": "x" * 101}, "q"),
    ({"q": "itau\x00"}, "q"),
    ({"limit": "10"}, "limit"),  # not paginated: the whole list is small
])
def test_parametros_invalidos_dao_400_nomeando_o_campo(como, parametros, campo):
    resposta = como(perms=LEITURA).get("/api/bancos", query_string=parametros)

    assert resposta.status_code == 400
    assert list(resposta.get_json()["campos"]) == [campo]
