"""PUT /api/centros-custo/origem/<chave>: the centro de custo another module keeps for one of its
records (operacional's evento 12 → "evento:12"), created once and found again by its key."""
import threading

import pytest
import redis

from shared.eventos import chave_geracao


def put(cliente, chave="evento:12", **corpo):
    return cliente.put(f"/api/centros-custo/origem/{chave}", json={"nome": "Casamento Ana e Bruno", **corpo})


def auditorias(sql_dono, empresa_id):
    return sql_dono("SELECT count(*) AS n FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'centro_custo'",
                    (empresa_id,))[0]["n"]


def test_creates_then_finds_the_same_centro_again(cliente, empresa, sql_dono):
    criado = put(cliente)
    assert criado.status_code == 201, criado.get_json()
    centro = criado.get_json()
    assert (centro["nome"], centro["ativo"], centro["origem"], centro["chave_origem"]) == (
        "Casamento Ana e Bruno", True, "evento", "evento:12")
    assert cliente.get(f"/api/centros-custo/{centro['id']}").get_json() == centro
    antes = auditorias(sql_dono, empresa)
    de_novo = put(cliente)
    assert de_novo.status_code == 200
    assert de_novo.get_json() == centro
    assert auditorias(sql_dono, empresa) == antes
    assert sql_dono("SELECT count(*) AS n FROM cadastros.centros_custo WHERE empresa_id = %s",
                    (empresa,))[0]["n"] == 1


def test_renames_and_deactivates_auditing_and_publishing(cliente, empresa, sql_dono, redis_url):
    centro = put(cliente).get_json()
    with redis.Redis.from_url(redis_url) as r:
        geracao = int(r.get(chave_geracao(empresa, "cadastros")) or 0)
        renomeado = put(cliente, nome="Casamento Ana & Bruno", ativo=False)
        assert renomeado.status_code == 200
        assert (renomeado.get_json()["id"], renomeado.get_json()["nome"], renomeado.get_json()["ativo"]) == (
            centro["id"], "Casamento Ana & Bruno", False)
        assert int(r.get(chave_geracao(empresa, "cadastros")) or 0) > geracao
    # Without `ativo`, it stays as it is.
    assert put(cliente, nome="Casamento Ana & Bruno").get_json()["ativo"] is False
    acoes = sql_dono("""SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'centro_custo'
                        ORDER BY id""", (empresa,))
    assert [a["acao"] for a in acoes] == ["criar", "alterar"]


def test_a_name_another_centro_has_gets_the_first_free_suffix(cliente):
    pessoa = cliente.post("/api/centros-custo", json={"nome": "Formatura"}).get_json()
    primeiro = put(cliente, "evento:1", nome="Formatura").get_json()
    assert primeiro["nome"] == "Formatura (2)"
    segundo = put(cliente, "evento:2", nome="formatura").get_json()
    assert segundo["nome"] == "formatura (3)"
    # Saving again keeps its own name: it is not taken by another centro.
    assert put(cliente, "evento:1", nome="Formatura").get_json()["nome"] == "Formatura (2)"
    # The name freed, the next save takes it.
    assert cliente.put(f"/api/centros-custo/{pessoa['id']}", json={"nome": "Formaturas antigas"}).status_code == 200
    assert put(cliente, "evento:1", nome="Formatura").get_json()["nome"] == "Formatura"
    longo = "x" * 100
    put(cliente, "evento:3", nome=longo)
    cortado = put(cliente, "evento:4", nome=longo).get_json()["nome"]
    assert cortado == "x" * 96 + " (2)"


@pytest.mark.parametrize("chave", ["evento", "evento:", "Evento:12", "evento:12a", "evento:-1", ":12",
                                   "evento:1:2", "e" * 31 + ":1"])
def test_a_malformed_chave_is_400(cliente, chave):
    resposta = put(cliente, chave)
    assert resposta.status_code == 400, resposta.get_json()
    assert "chave" in resposta.get_json()["campos"]


def test_validation_names_the_field(cliente):
    for corpo, campo in (({"nome": ""}, "nome"), ({"nome": "x" * 101}, "nome"), ({"ativo": "talvez"}, "ativo"),
                         ({"codigo": "EV"}, "codigo")):
        resposta = put(cliente, **corpo)
        assert resposta.status_code == 400, resposta.get_json()
        assert campo in resposta.get_json()["campos"]
    sem_nome = cliente.put("/api/centros-custo/origem/evento:12", json={})
    assert "nome" in sem_nome.get_json()["campos"]


def test_each_empresa_has_its_own_centro_for_the_same_key(como, nova_empresa):
    minha, outra = como(nova_empresa()), como(nova_empresa())
    dela = put(outra).get_json()
    meu = put(minha)
    assert meu.status_code == 201
    assert meu.get_json()["id"] != dela["id"]
    assert minha.get(f"/api/centros-custo/{dela['id']}").status_code == 404
    assert minha.put(f"/api/centros-custo/{dela['id']}", json={"nome": "Meu"}).status_code == 404
    # Her name does not push mine to a suffix.
    assert meu.get_json()["nome"] == "Casamento Ana e Bruno"
    assert outra.get(f"/api/centros-custo/{dela['id']}").get_json() == dela


def test_operacional_escrever_may_call_it_and_reading_may_not(como, empresa):
    assert put(como(empresa, perms=["operacional:escrever"])).status_code == 201
    assert put(como(empresa, perms=["cadastros:ler", "operacional:ler"])).status_code == 403
    assert put(como(empresa, perms=["financeiro:escrever"])).status_code == 403


def test_two_concurrent_saves_create_one_centro(como, empresa, sql_dono):
    respostas, barreira = [], threading.Barrier(4)

    def salvar():
        cliente = como(empresa)
        barreira.wait()
        respostas.append(put(cliente).status_code)

    threads = [threading.Thread(target=salvar) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(respostas) == [200, 200, 200, 201]
    assert sql_dono("SELECT count(*) AS n FROM cadastros.centros_custo WHERE empresa_id = %s",
                    (empresa,))[0]["n"] == 1
