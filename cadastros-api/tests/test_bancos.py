"""/api/bancos: the vendored list of Brazilian banks, searchable by code or name."""
import pytest

from cadastros import bancos

LEITURA = ("cadastros:ler",)


def _codigos(resposta) -> list[str]:
    assert resposta.status_code == 200, resposta.get_json()
    return [banco["codigo"] for banco in resposta.get_json()["items"]]


def test_lista_inteira_em_ordem_de_codigo_sem_paginacao(como):
    resposta = como(perms=LEITURA).get("/api/bancos")

    corpo = resposta.get_json()
    codigos = _codigos(resposta)
    assert corpo["next_cursor"] is None
    assert len(codigos) > 400 and codigos == sorted(codigos) and len(set(codigos)) == len(codigos)
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

    resposta = como(perms=("rh:ler",)).get("/api/bancos")

    assert resposta.status_code == 403
    assert resposta.get_json()["code"] == "sem_permissao"


@pytest.mark.parametrize("parametros, campo", [
    ({"q": "x" * 101}, "q"),
    ({"q": "itau\x00"}, "q"),
    ({"limit": "10"}, "limit"),  # not paginated: the whole list is small
])
def test_parametros_invalidos_dao_400_nomeando_o_campo(como, parametros, campo):
    resposta = como(perms=LEITURA).get("/api/bancos", query_string=parametros)

    assert resposta.status_code == 400
    assert list(resposta.get_json()["campos"]) == [campo]
