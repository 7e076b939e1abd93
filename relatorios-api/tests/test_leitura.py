"""relatorios/leitura.py: the cache keeps a report's HTTP body, so a hit sends the very bytes the
miss sent, without computing, validating or serializing again; per empresa and per parameters."""
import json

import pytest

from relatorios import analise, inadimplencia


@pytest.fixture(scope="module")
def duas(razao):
    return razao(1731, semente=31), razao(1732, semente=32)


@pytest.fixture
def contadas(monkeypatch):
    """How many times each report was computed in this test."""
    vezes = {}
    for modulo in (inadimplencia, analise):
        original = modulo.calcular

        def contar(cur, parametros, original=original, nome=modulo.__name__):
            vezes[nome] = vezes.get(nome, 0) + 1
            return original(cur, parametros)
        monkeypatch.setattr(modulo, "calcular", contar)
    return vezes


@pytest.mark.parametrize("caminho, modulo", [
    ("/api/relatorios/inadimplencia", inadimplencia),
    ("/api/relatorios/analise?de=2026-01-01&ate=2026-06-30&regime=caixa", analise),
])
def test_a_hit_sends_the_same_bytes_without_computing_again(duas, como, contadas, caminho, modulo):
    api = como(duas[0].empresa_id)
    primeira, segunda = api.get(caminho), api.get(caminho)
    assert primeira.status_code == segunda.status_code == 200, primeira.get_json()
    assert contadas == {modulo.__name__: 1}
    assert segunda.data == primeira.data
    assert segunda.mimetype == primeira.mimetype == "application/json"
    assert json.loads(segunda.data) == primeira.get_json()


def test_the_cached_body_is_the_empresas_and_the_parameters_own(duas, como, contadas):
    primeira, segunda = duas
    de_uma = como(primeira.empresa_id).get("/api/relatorios/inadimplencia?data_base=2026-03-31").get_json()
    da_outra = como(segunda.empresa_id).get("/api/relatorios/inadimplencia?data_base=2026-03-31").get_json()
    outra_data = como(primeira.empresa_id).get("/api/relatorios/inadimplencia?data_base=2025-06-30").get_json()
    assert contadas == {inadimplencia.__name__: 3}
    assert {c["cliente_id"] for c in de_uma["clientes"]} <= set(primeira.clientes) | {None}
    assert {c["cliente_id"] for c in da_outra["clientes"]} <= set(segunda.clientes) | {None}
    assert outra_data["data_base"] == "2025-06-30" != de_uma["data_base"]
