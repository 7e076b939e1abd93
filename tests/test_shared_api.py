"""The validation and error layer every service gets from `shared.app.criar_app` + `shared.api`.

A tiny service is built here exactly as the real ones are (criar_app + a blueprint of `endpoint`
views) and exercised through Flask's test client with real tokens, Redis and PostgreSQL. What is
proven is the contract's promise to clients (CONTRACT.md "Conventions"): money is exact and two
decimals, bad input is a 4xx in the error envelope naming the field in pt-BR, no input produces a
500, every response carries a correlation id that reaches the JSON logs, and /openapi.json
describes every route completely.
"""
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import pytest
from flask import Blueprint

from shared.api import Data, Dinheiro, Lista, Modelo, Pagina, Posicao, Texto, endpoint, json_do_corpo, pagina, validar
from shared.app import criar_app, tenant_transaction
from shared.errors import Validacao

CID = re.compile(r"^[0-9a-f]{32}$")
ITENS = [f"item-{n:02d}" for n in range(23)]


# ---------------------------------------------------------------- the tiny service


class Entrada(Modelo):
    valor: Dinheiro
    descricao: Texto = ""


class Saida(Modelo):
    valor: Dinheiro
    descricao: str
    tipo_recebido: str


class Filtro(Pagina):
    prefixo: Literal["item", "servico"] | None = None
    numeros: list[int] | None = None  # a repeatable filter: ?numeros=1&numeros=2


class Item(Modelo):
    nome: str


class Depois(Posicao):
    indice: int


def _blueprint() -> Blueprint:
    bp = Blueprint("teste", __name__)

    @bp.post("/api/valores")
    @endpoint(resumo="Ecoa um valor em dinheiro", body=Entrada, responses={201: Saida})
    def criar_valor(body: Entrada):
        return Saida(valor=body.valor, descricao=body.descricao, tipo_recebido=type(body.valor).__name__), 201

    @bp.post("/api/tipos")
    @endpoint(resumo="Diz o tipo Python de cada valor do JSON recebido")
    def tipos():
        corpo = json_do_corpo()
        return {chave: type(valor).__name__ for chave, valor in corpo.items()}

    @bp.get("/api/itens")
    @endpoint(resumo="Lista paginada", query=Filtro, responses={200: Lista[Item]})
    def listar(query: Filtro):
        apos = query.apos(Depois)
        inicio = 0 if apos is None else apos.indice + 1
        selecionados = [ITENS[n] for n in query.numeros] if query.numeros is not None else ITENS
        # As a keyset read does: the page's rows and one more, which only says that more exist.
        linhas = list(enumerate(selecionados))[inicio:inicio + query.limit + 1]
        return Lista[Item](**pagina(linhas, query, lambda linha: Depois(indice=linha[0]),
                                    item=lambda linha: Item(nome=linha[1])))

    @bp.get("/api/itens/<int:item_id>")
    @endpoint(resumo="Um item", responses={200: Item}, permissao="teste:ler")
    def obter(item_id: int):
        return Item(nome=ITENS[item_id % len(ITENS)])

    @bp.delete("/api/itens/<int:item_id>")
    @endpoint(resumo="Apaga um item", responses={204: None}, permissao="teste:escrever")
    def apagar(item_id: int):
        return "", 204

    @bp.get("/api/explode")
    @endpoint(resumo="Um bug: exceção inesperada")
    def explode():
        raise RuntimeError("boom: bug de propósito")

    @bp.post("/api/impasse")
    @endpoint(resumo="PostgreSQL desfaz a transação, como num deadlock")
    def impasse():
        with tenant_transaction() as cur:
            cur.execute("DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$")

    return bp


@pytest.fixture(scope="module")
def app(service_env):
    aplicacao = criar_app("teste-api", [_blueprint()], {**service_env, "MAX_UPLOAD_BYTES": "2048"})
    yield aplicacao
    aplicacao.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def client(app, assinar_token):
    """A test client whose requests carry a valid token (with `teste:escrever`) unless told."""
    cliente = app.test_client()
    cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(perms=['teste:escrever'])}"
    return cliente


def erro(resposta, status: int, code: str) -> dict:
    """Asserts the contract's error envelope and returns its body."""
    assert resposta.status_code == status, resposta.get_data(as_text=True)
    assert resposta.mimetype == "application/json"
    corpo = resposta.get_json()
    assert corpo["code"] == code
    assert isinstance(corpo["error"], str) and corpo["error"]
    return corpo


def campos(resposta) -> dict:
    return erro(resposta, 400, "validacao")["campos"]


# ---------------------------------------------------------------- money


@pytest.mark.parametrize("enviado, devolvido", [
    (10, "10.00"),
    ("10", "10.00"),
    ("10.5", "10.50"),
    (10.55, "10.55"),  # a JSON number with decimals: parsed as Decimal, never through float
    ("1234.56", "1234.56"),
    (" 7.1 ", "7.10"),
    (-3, "-3.00"),
    ("999999999999.99", "999999999999.99"),
    (0.1, "0.10"),
])
def test_money_accepts_numbers_and_strings_with_up_to_two_decimals(client, enviado, devolvido):
    """Accepted money is kept as Decimal and answered as a string with exactly two decimals."""
    resposta = client.post("/api/valores", json={"valor": enviado})
    assert resposta.status_code == 201, resposta.get_json()
    assert resposta.get_json() == {"valor": devolvido, "descricao": "", "tipo_recebido": "Decimal"}


@pytest.mark.parametrize("enviado", [
    1.234, "1.234", "10.500", "1,5", "abc", "", True, False, None, [], {}, "NaN", "nan", "Infinity",
    "-Infinity", "sNaN", "1e3", "1_000", "١٠", "1000000000000", 1e15, 10 ** 30, "9" * 400,
])
def test_money_rejects_anything_else_naming_the_field_in_portuguese(client, enviado):
    """More than two decimals, not a number, booleans, null, NaN/Infinity, too large: 400 validacao
    with `campos.valor`, a pt-BR message."""
    resposta = client.post("/api/valores", json={"valor": enviado})
    mensagem = campos(resposta)["valor"]
    assert re.search(r"valor|casas|limite", mensagem, re.IGNORECASE), mensagem


@pytest.mark.parametrize("numero", ["1e999999999", "-1e999999999", "1E+1000000", "1e-999999999", "0e-999999999"])
def test_money_as_a_json_number_of_any_exponent_is_a_400_never_an_overflow(client, numero):
    """Valid JSON numbers whose arithmetic would overflow Python's decimal context (a 500 before)."""
    resposta = client.post("/api/valores", data=f'{{"valor": {numero}}}', content_type="application/json")
    assert re.search(r"limite|casas", campos(resposta)["valor"]), resposta.get_json()


def test_zero_with_a_huge_exponent_is_zero(client):
    resposta = client.post("/api/valores", data='{"valor": 0e999999999}', content_type="application/json")
    assert resposta.status_code == 201 and resposta.get_json()["valor"] == "0.00"


def test_missing_required_money_is_named(client):
    assert campos(client.post("/api/valores", json={})) == {"valor": "Campo obrigatório"}


@pytest.mark.parametrize("corpo", ['{"valor": NaN}', '{"valor": Infinity}', '{"valor": -Infinity}'])
def test_json_nan_and_infinity_literals_are_malformed_json(client, corpo):
    """Python's json would read them as floats; they are not JSON, so 400 before any model."""
    resposta = client.post("/api/valores", data=corpo, content_type="application/json")
    assert campos(resposta) == {"corpo": "JSON malformado"}


def test_json_numbers_with_decimals_never_become_float(client):
    """Every number with a fraction or an exponent arrives as Decimal, at any depth."""
    resposta = client.post("/api/tipos", data='{"a": 0.1, "b": 1e2, "c": 3, "d": "x", "e": [1.5]}',
                           content_type="application/json")
    assert resposta.status_code == 200
    assert resposta.get_json() == {"a": "Decimal", "b": "Decimal", "c": "int", "d": "str", "e": "list"}


def test_response_money_is_a_two_decimal_string(app):
    """Serialisation, from the model and from Flask's JSON provider alike: never a float."""
    assert Saida(valor=Decimal("10.5"), descricao="", tipo_recebido="").model_dump(mode="json")["valor"] == "10.50"
    with app.app_context():
        assert json.loads(app.json.dumps({"v": Decimal("10.50")})) == {"v": "10.50"}


# ---------------------------------------------------------------- the body


def test_malformed_json_is_400_validacao(client):
    resposta = client.post("/api/valores", data='{"valor": ', content_type="application/json")
    assert campos(resposta) == {"corpo": "JSON malformado"}


def test_body_that_is_not_an_object_is_400(client):
    assert "corpo" in campos(client.post("/api/valores", json=[1, 2]))


def test_body_not_in_utf8_is_400(client):
    resposta = client.post("/api/valores", data=b'{"valor": "\xff"}', content_type="application/json")
    assert campos(resposta) == {"corpo": "Codificação inválida"}


@pytest.mark.parametrize("tipo", ["application/x-www-form-urlencoded", "text/plain", None])
def test_wrong_content_type_is_415(client, tipo):
    resposta = client.post("/api/valores", data="valor=10", content_type=tipo)
    erro(resposta, 415, "tipo_nao_suportado")


def test_body_larger_than_the_limit_is_413(client):
    """MAX_UPLOAD_BYTES (2048 here) bounds every body, JSON included."""
    resposta = client.post("/api/valores", json={"valor": "1", "descricao": "x" * 5000})
    erro(resposta, 413, "arquivo_grande")


def test_nul_byte_in_a_text_field_is_400_not_a_database_error(client):
    resposta = client.post("/api/valores", json={"valor": "1", "descricao": "a\x00b"})
    assert campos(resposta) == {"descricao": "Texto contém caracteres inválidos"}


@pytest.mark.parametrize("enviado", [1700000000, "1700000000", "23/11/2026", "2026-02-30", "2026-11-23T10:00", None])
def test_dates_are_aaaa_mm_dd_only_never_a_timestamp(enviado):
    class ComData(Modelo):
        dia: Data

    assert validar(ComData, {"dia": "2026-11-23"}).dia == date(2026, 11, 23)
    with pytest.raises(Validacao) as erro_:
        validar(ComData, {"dia": enviado})
    assert erro_.value.campos == {"dia": "Data inválida; use AAAA-MM-DD"}


def test_choices_are_listed_in_portuguese(client):
    resposta = client.get("/api/itens?prefixo=outro")
    assert campos(resposta) == {"prefixo": "Valor inválido; use 'item' ou 'servico'"}


def test_unknown_field_is_400_naming_it(client):
    resposta = client.post("/api/valores", json={"valor": "1", "saldo": "999"})
    assert campos(resposta) == {"saldo": "Campo desconhecido"}


def test_several_problems_are_reported_together(client):
    resposta = client.post("/api/valores", json={"valor": "1,5", "descricao": 7, "x": 1})
    assert set(campos(resposta)) == {"valor", "descricao", "x"}


# ---------------------------------------------------------------- routes and methods


def test_unknown_api_route_is_404_for_an_authenticated_caller(client):
    erro(client.get("/api/nao-existe"), 404, "nao_encontrado")


def test_unknown_api_route_is_401_without_a_token(app):
    """Authentication comes first: an anonymous caller cannot probe which routes exist."""
    erro(app.test_client().get("/api/nao-existe"), 401, "nao_autenticado")


def test_unknown_route_outside_api_is_404_envelope(app):
    erro(app.test_client().get("/nao-existe"), 404, "nao_encontrado")


def test_wrong_method_is_405_envelope_with_allow(client):
    resposta = client.get("/api/valores")
    erro(resposta, 405, "metodo_nao_permitido")
    assert "POST" in resposta.headers["Allow"]


def test_missing_permission_is_403_and_escrever_implies_ler(app, client, assinar_token):
    """`modulo:escrever` includes `modulo:ler`; without either the view is refused with 403."""
    assert client.get("/api/itens/3").status_code == 200
    assert client.delete("/api/itens/3").status_code == 204
    so_ler = app.test_client()
    so_ler.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(perms=['teste:ler'])}"
    assert so_ler.get("/api/itens/3").status_code == 200
    erro(so_ler.delete("/api/itens/3"), 403, "sem_permissao")
    nada = app.test_client()
    nada.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(perms=['financeiro:escrever'])}"
    erro(nada.get("/api/itens/3"), 403, "sem_permissao")


def test_module_route_without_an_empresa_is_403_not_a_database_error(app, assinar_token):
    """A platform admin's session may be in no empresa: a module route says so instead of failing in RLS."""
    sem_empresa = app.test_client()
    sem_empresa.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(emp=None, plat=True)}"
    resposta = sem_empresa.delete("/api/itens/3")
    erro(resposta, 403, "sem_permissao")
    assert resposta.get_json()["error"] == "Escolha uma empresa para usar este módulo"


# ---------------------------------------------------------------- the query string


@pytest.mark.parametrize("limit", ["0", "501", "abc", "-1", "1.5", ""])
def test_bad_limit_is_400_naming_limit(client, limit):
    assert "limit" in campos(client.get(f"/api/itens?limit={limit}"))


@pytest.mark.parametrize("valor", ["!!!", "bm9wZQ", "WzEsMl0", "x" * 600])  # garbage, "nope", "[1,2]", too long
def test_bad_cursor_is_400_naming_cursor(client, valor):
    assert "cursor" in campos(client.get("/api/itens", query_string={"cursor": valor}))


def test_unknown_query_parameter_and_bad_filter_are_named(client):
    assert "ordem" in campos(client.get("/api/itens?ordem=x"))
    assert "prefixo" in campos(client.get("/api/itens?prefixo=outro"))


def test_a_repeated_query_parameter_fills_a_list_filter(client):
    """`list[X] | None` filters take every occurrence of the key, each validated."""
    corpo = client.get("/api/itens?numeros=3&numeros=1").get_json()
    assert [item["nome"] for item in corpo["items"]] == ["item-03", "item-01"]
    assert [item["nome"] for item in client.get("/api/itens?numeros=5").get_json()["items"]] == ["item-05"]
    assert "numeros.1" in campos(client.get("/api/itens?numeros=1&numeros=x"))


def test_limit_defaults_to_50_and_500_is_allowed(client):
    assert len(client.get("/api/itens").get_json()["items"]) == len(ITENS)  # 23 < 50
    assert client.get("/api/itens?limit=500").status_code == 200


def test_cursor_round_trip_walks_every_item_once(client):
    """Following next_cursor until null returns each item exactly once, in order."""
    vistos, proximo, paginas = [], None, 0
    while True:
        resposta = client.get("/api/itens", query_string={"limit": 5, **({"cursor": proximo} if proximo else {})})
        assert resposta.status_code == 200
        corpo = resposta.get_json()
        vistos += [item["nome"] for item in corpo["items"]]
        proximo = corpo["next_cursor"]
        paginas += 1
        if proximo is None:
            break
        assert re.fullmatch(r"[A-Za-z0-9_-]+", proximo), "an opaque, URL-safe cursor"
    assert vistos == ITENS
    assert paginas == 5


# ---------------------------------------------------------------- the last resort, ids and logs


@pytest.fixture
def log_json(app, capsys):
    """The JSON lines the service printed on stdout while the test ran (its configured handler)."""
    capsys.readouterr()
    linhas = []

    def ler():
        linhas.extend(json.loads(linha) for linha in capsys.readouterr().out.splitlines())
        return linhas

    return ler


def test_a_transaction_postgresql_undid_is_a_409_to_try_again(client):
    """A deadlock (or a serialization failure) between two writers is no bug of either: the loser
    is told nothing was stored and to try again, never a 500."""
    resposta = client.post("/api/impasse")
    assert resposta.status_code == 409
    assert resposta.get_json() == {"error": "Outra operação alterou os mesmos dados ao mesmo tempo; nada foi gravado, "
                                            "tente de novo", "code": "conflito"}


def test_unexpected_exception_is_500_envelope_with_the_traceback_logged(client, log_json):
    """The last resort: a bug still answers JSON (never an HTML page) and leaves its traceback in
    the log line of its correlation id."""
    resposta = client.get("/api/explode", headers={"X-Correlation-Id": "cid-explode-1"})
    assert resposta.status_code == 500
    assert resposta.mimetype == "application/json"
    assert resposta.get_json()["code"] == "erro_interno"
    assert "boom" not in resposta.get_data(as_text=True), "internals stay in the log"
    assert resposta.headers["X-Correlation-Id"] == "cid-explode-1"
    erros = [linha for linha in log_json() if linha["level"] == "error"]
    assert len(erros) == 1
    assert erros[0]["correlation_id"] == "cid-explode-1"
    assert erros[0]["service"] == "teste-api"
    assert "RuntimeError: boom" in erros[0]["exception"] and "Traceback" in erros[0]["exception"]


def test_correlation_id_is_echoed_when_valid(client):
    for enviado in ("abc-123", "gateway:7f3a.9_x", "a" * 128):
        assert client.get("/api/itens", headers={"X-Correlation-Id": enviado}).headers["X-Correlation-Id"] == enviado


@pytest.mark.parametrize("enviado", [None, "", "tem espaço", "a" * 129, "x\u00e9", "<script>"])
def test_correlation_id_is_generated_when_absent_or_invalid(client, enviado):
    headers = {} if enviado is None else {"X-Correlation-Id": enviado}
    recebido = client.get("/api/itens", headers=headers).headers["X-Correlation-Id"]
    assert CID.fullmatch(recebido)


def test_every_response_has_a_correlation_id_even_errors(app, client):
    for resposta in (client.get("/api/nao-existe"), app.test_client().get("/api/itens"), client.get("/health"),
                     client.post("/api/valores", data="x", content_type="text/plain")):
        assert CID.fullmatch(resposta.headers["X-Correlation-Id"])


def test_json_log_lines_carry_service_and_correlation_id(client, log_json):
    client.get("/api/itens?limit=2", headers={"X-Correlation-Id": "cid-log-1"})
    client.get("/api/itens?limit=0", headers={"X-Correlation-Id": "cid-log-2"})
    linhas = {linha["correlation_id"]: linha for linha in log_json() if linha.get("path") == "/api/itens"}
    assert linhas["cid-log-1"]["service"] == "teste-api" and linhas["cid-log-1"]["status"] == 200
    assert linhas["cid-log-2"]["status"] == 400
    assert linhas["cid-log-1"]["usuario_id"] == 1 and linhas["cid-log-1"]["empresa_id"] == 1
    assert isinstance(linhas["cid-log-1"]["duration_ms"], (int, float))


# ---------------------------------------------------------------- OpenAPI


@pytest.fixture(scope="module")
def openapi(app) -> dict:
    resposta = app.test_client().get("/openapi.json")  # public: no token
    assert resposta.status_code == 200
    return resposta.get_json()


def _refs(no: Any):
    if isinstance(no, dict):
        for chave, valor in no.items():
            if chave == "$ref":
                yield valor
            else:
                yield from _refs(valor)
    elif isinstance(no, list):
        for valor in no:
            yield from _refs(valor)


def _resolver(documento: dict, ref: str):
    assert ref.startswith("#/"), f"only local references: {ref}"
    no = documento
    for parte in ref[2:].split("/"):
        parte = parte.replace("~1", "/").replace("~0", "~")
        assert isinstance(no, dict) and parte in no, f"{ref} does not resolve"
        no = no[parte]
    return no


def test_openapi_lists_every_route_with_body_parameters_and_responses(app, openapi):
    rotas = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule), m.lower())
             for r in app.url_map.iter_rules() if r.endpoint != "static"
             for m in r.methods - {"HEAD", "OPTIONS"}}
    documentadas = {(caminho, metodo) for caminho, ops in openapi["paths"].items() for metodo in ops}
    assert rotas == documentadas

    paths = openapi["paths"]
    assert paths["/api/valores"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Entrada"}
    assert {"201", "400", "401", "415"} <= set(paths["/api/valores"]["post"]["responses"])
    parametros = {p["name"]: p for p in paths["/api/itens"]["get"]["parameters"]}
    assert set(parametros) == {"limit", "cursor", "prefixo", "numeros"}
    assert all(p["in"] == "query" and not p["required"] for p in parametros.values())
    assert parametros["limit"]["schema"]["maximum"] == 500
    item = paths["/api/itens/{item_id}"]
    assert item["get"]["parameters"] == [{"name": "item_id", "in": "path", "required": True,
                                          "schema": {"type": "integer"}}]
    assert {"403", "404"} <= set(item["delete"]["responses"]) and item["delete"]["x-permissao"] == "teste:escrever"
    assert "security" not in paths["/health"]["get"] and paths["/api/itens"]["get"]["security"]
    saida = _resolver(openapi, "#/components/schemas/Saida")
    assert saida["properties"]["valor"]["type"] == "string", "money is documented as a string"


def test_every_openapi_reference_resolves(openapi):
    referencias = set(_refs(openapi))
    assert "#/components/schemas/Erro" in referencias
    for ref in referencias:
        _resolver(openapi, ref)
    for caminho, ops in openapi["paths"].items():
        for metodo, op in ops.items():
            assert op["responses"], f"{metodo} {caminho} without responses"
            for status, resposta in op["responses"].items():
                assert resposta["description"], f"{metodo} {caminho} {status}"


def test_openapi_document_is_valid_openapi_3_1(openapi):
    from openapi_spec_validator import validate
    from openapi_spec_validator.versions import consts, get_spec_version

    assert get_spec_version(openapi) == consts.OPENAPIV31
    validate(openapi)
