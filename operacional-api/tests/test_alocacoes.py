"""Alocações: a kit or an item allocated to a sessão for its periodo (with buffers); PostgreSQL's
exclusion constraint refuses any overlap (409 naming the other sessão); touching ends are fine;
maintenance windows block; baixado items are refused; a sessão that moves takes its reservas along
and a move into a conflict fails leaving everything as it was; deleting a sessão frees its items."""
import json

import psycopg2
import psycopg2.errors
import pytest
import redis

from operacional import alocacoes

SESSAO_A = ("2026-12-07T10:00:00-03:00", "2026-12-07T12:00:00-03:00")


def item(cliente, nome: str, **campos) -> int:
    resposta = cliente.post("/api/equipamentos", json={"nome": nome, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def kit(cliente, nome: str, ids: list[int]) -> int:
    resposta = cliente.post("/api/kits", json={"nome": nome, "equipamento_ids": ids})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def sessao(sql_dono, empresa: int, inicio: str, fim: str, titulo: str = "Ensaio", antes: int = 0,
           depois: int = 0) -> int:
    return sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, antes_min, depois_min, uid)
                       VALUES (%s, %s, %s, %s, %s, %s, gen_random_uuid()::text) RETURNING id""",
                    (empresa, titulo, inicio, fim, antes, depois), empresa_id=empresa)[0]["id"]


def alocar_kit(cliente, kit_id: int, sessao_id: int):
    return cliente.post("/api/kits/alocar", json={"kit_id": kit_id, "sessao_id": sessao_id})


def alocar_item(cliente, equipamento_id: int, sessao_id: int):
    return cliente.post("/api/equipamentos/alocar", json={"equipamento_id": equipamento_id, "sessao_id": sessao_id})


def test_aloca_kit_e_recusa_sessao_sobreposta_nomeando_a_outra(cliente, sql_dono, empresa):
    corpo, lente = item(cliente, "Corpo R6"), item(cliente, "Lente 35mm")
    k = kit(cliente, "Casamento", [corpo, lente])
    primeira = sessao(sql_dono, empresa, *SESSAO_A, titulo="Casamento Ana e Beto")
    segunda = sessao(sql_dono, empresa, "2026-12-07T11:00:00-03:00", "2026-12-07T14:00:00-03:00", "Ensaio Carla")

    alocado = alocar_kit(cliente, k, primeira)
    assert alocado.status_code == 201, alocado.get_json()
    corpo_resposta = alocado.get_json()
    assert (corpo_resposta["sessao_id"], corpo_resposta["kit_id"], corpo_resposta["ja_alocados"]) == (primeira, k, [])
    assert sorted(a["equipamento"] for a in corpo_resposta["alocacoes"]) == ["Corpo R6", "Lente 35mm"]
    assert {(a["inicio"][:19], a["fim"][:19]) for a in corpo_resposta["alocacoes"]} == {
        ("2026-12-07T13:00:00", "2026-12-07T15:00:00")}

    recusado = alocar_kit(cliente, k, segunda)
    assert recusado.status_code == 409
    erro = recusado.get_json()
    assert erro["code"] == "conflito"
    assert "Casamento Ana e Beto" in erro["error"] and f"#{primeira}" in erro["error"]
    assert "Corpo R6" in erro["error"] and "e mais 1 conflito(s)" in erro["error"]
    assert {(c["equipamento"], c["sessao_id"]) for c in erro["conflitos"]} == {
        ("Corpo R6", primeira), ("Lente 35mm", primeira)}
    # All or nothing: the second sessão got none of the kit.
    assert cliente.get("/api/kits/alocacoes", query_string={"sessao_id": segunda}).get_json()["items"] == []
    assert len(cliente.get("/api/kits/alocacoes", query_string={"sessao_id": primeira}).get_json()["items"]) == 2


def test_kit_parcialmente_ocupado_nao_aloca_nada(cliente, sql_dono, empresa):
    a, b = item(cliente, "A"), item(cliente, "B")
    k = kit(cliente, "K", [a, b])
    primeira = sessao(sql_dono, empresa, *SESSAO_A, titulo="Primeira")
    segunda = sessao(sql_dono, empresa, "2026-12-07T11:59:00-03:00", "2026-12-07T13:00:00-03:00")
    assert alocar_item(cliente, b, primeira).status_code == 201
    recusado = alocar_kit(cliente, k, segunda)
    assert recusado.status_code == 409
    assert recusado.get_json()["error"].startswith("O equipamento B já está alocado à sessão \"Primeira\"")
    assert [c["equipamento_id"] for c in recusado.get_json()["conflitos"]] == [b]
    assert cliente.get("/api/kits/alocacoes", query_string={"sessao_id": segunda}).get_json()["items"] == []


def test_pontas_que_se_tocam_nao_conflitam(cliente, sql_dono, empresa):
    a = item(cliente, "A")
    manha = sessao(sql_dono, empresa, *SESSAO_A)
    tarde = sessao(sql_dono, empresa, "2026-12-07T12:00:00-03:00", "2026-12-07T15:00:00-03:00")
    assert alocar_item(cliente, a, manha).status_code == 201
    assert alocar_item(cliente, a, tarde).status_code == 201


def test_folgas_contam(cliente, sql_dono, empresa):
    a = item(cliente, "A")
    manha = sessao(sql_dono, empresa, *SESSAO_A, depois=30)  # until 12:30 with travel
    tarde = sessao(sql_dono, empresa, "2026-12-07T13:00:00-03:00", "2026-12-07T15:00:00-03:00", antes=31)
    assert alocar_item(cliente, a, manha).status_code == 201
    assert alocar_item(cliente, a, tarde).status_code == 409
    sql_dono("UPDATE operacional.sessoes SET antes_min = 30 WHERE id = %s", (tarde,), empresa_id=empresa)
    assert alocar_item(cliente, a, tarde).status_code == 201


def test_alocar_de_novo_na_mesma_sessao_nao_duplica(cliente, sql_dono, empresa):
    a, b = item(cliente, "A"), item(cliente, "B")
    k = kit(cliente, "K", [a, b])
    s = sessao(sql_dono, empresa, *SESSAO_A)
    assert alocar_item(cliente, a, s).status_code == 201
    resposta = alocar_kit(cliente, k, s)
    assert resposta.status_code == 201
    assert ([x["equipamento_id"] for x in resposta.get_json()["alocacoes"]], resposta.get_json()["ja_alocados"]) == (
        [b], [a])


def test_manutencao_bloqueia_e_e_bloqueada(cliente, sql_dono, empresa):
    a = item(cliente, "Drone")
    s = sessao(sql_dono, empresa, *SESSAO_A, titulo="Festa")
    manutencao = cliente.post(f"/api/equipamentos/{a}/manutencoes", json={
        "inicio": "2026-12-07T08:00:00-03:00", "fim": "2026-12-07T10:30:00-03:00", "motivo": "Troca de hélices"})
    assert manutencao.status_code == 201, manutencao.get_json()
    recusado = alocar_item(cliente, a, s)
    assert recusado.status_code == 409
    assert "em manutenção" in recusado.get_json()["error"] and "Troca de hélices" in recusado.get_json()["error"]

    assert cliente.delete(f"/api/equipamentos/{a}/manutencoes/{manutencao.get_json()['id']}").status_code == 204
    assert alocar_item(cliente, a, s).status_code == 201
    sobre_a_sessao = cliente.post(f"/api/equipamentos/{a}/manutencoes", json={
        "inicio": "2026-12-07T11:00:00-03:00", "fim": "2026-12-07T19:00:00-03:00", "motivo": "Revisão"})
    assert sobre_a_sessao.status_code == 409
    assert "\"Festa\"" in sobre_a_sessao.get_json()["error"]
    assert cliente.get(f"/api/equipamentos/{a}/manutencoes").get_json()["items"] == []


def test_manutencao_valida_a_janela(cliente):
    a = item(cliente, "A")
    url = f"/api/equipamentos/{a}/manutencoes"
    invertida = cliente.post(url, json={"inicio": "2026-12-07T12:00:00Z", "fim": "2026-12-07T10:00:00Z", "motivo": "x"})
    assert (invertida.status_code, invertida.get_json()["campos"]) == (400, {"fim": "Deve ser depois do início"})
    ingenua = cliente.post(url, json={"inicio": "2026-12-07T10:00:00", "fim": "2026-12-07T12:00:00Z", "motivo": "x"})
    assert ingenua.status_code == 400
    assert ingenua.get_json()["campos"] == {"inicio": "Informe o fuso horário, como 2026-12-07T10:00:00-03:00"}
    sem_motivo = cliente.post(url, json={"inicio": "2026-12-07T10:00:00Z", "fim": "2026-12-07T12:00:00Z"})
    assert sem_motivo.get_json()["campos"] == {"motivo": "Campo obrigatório"}


def test_baixado_nao_e_alocado_e_quem_tem_sessao_futura_nao_e_baixado(cliente, sql_dono, empresa):
    a, b = item(cliente, "Antiga"), item(cliente, "Nova")
    s = sessao(sql_dono, empresa, "2099-01-10T10:00:00-03:00", "2099-01-10T12:00:00-03:00", titulo="Futura")
    cliente.put(f"/api/equipamentos/{a}", json={"estado": "baixado"})
    recusado = alocar_kit(cliente, kit(cliente, "K", [a, b]), s)
    assert (recusado.status_code, recusado.get_json()["error"]) == (
        409, "Equipamento baixado não pode ser alocado: Antiga")
    assert alocar_item(cliente, b, s).status_code == 201
    baixa = cliente.put(f"/api/equipamentos/{b}", json={"estado": "baixado"})
    assert baixa.status_code == 409 and "Futura" in baixa.get_json()["error"]


def test_disponiveis_na_janela(cliente, sql_dono, empresa):
    a = item(cliente, "Câmera A", categoria="camera")
    b = item(cliente, "Câmera B", categoria="camera")
    item(cliente, "Flash", categoria="flash")
    baixado = item(cliente, "Câmera C", categoria="camera")
    cliente.put(f"/api/equipamentos/{baixado}", json={"estado": "baixado"})
    assert alocar_item(cliente, a, sessao(sql_dono, empresa, *SESSAO_A)).status_code == 201
    livres = cliente.get("/api/equipamentos/disponiveis", query_string={
        "inicio": "2026-12-07T11:00:00-03:00", "fim": "2026-12-07T13:00:00-03:00", "categoria": "camera"})
    assert [i["id"] for i in livres.get_json()["items"]] == [b]
    # The "+" of an offset arrives as a space when a client did not encode it.
    depois = cliente.get("/api/equipamentos/disponiveis?inicio=2026-12-07T15:00:00+00:00&fim=2026-12-07T16:00:00+00:00")
    assert [i["nome"] for i in depois.get_json()["items"]] == ["Câmera A", "Câmera B", "Flash"]
    invalida = cliente.get("/api/equipamentos/disponiveis", query_string={"inicio": "ontem", "fim": "hoje"})
    assert invalida.status_code == 400 and set(invalida.get_json()["campos"]) == {"inicio", "fim"}


def test_agenda_do_item(cliente, sql_dono, empresa):
    a = item(cliente, "A")
    s = sessao(sql_dono, empresa, *SESSAO_A, titulo="Casamento")
    alocar_item(cliente, a, s)
    cliente.post(f"/api/equipamentos/{a}/manutencoes", json={
        "inicio": "2026-12-09T10:00:00-03:00", "fim": "2026-12-10T10:00:00-03:00", "motivo": "Revisão"})
    agenda = cliente.get(f"/api/equipamentos/{a}/agenda", query_string={"de": "2026-12-01", "ate": "2026-12-31"})
    assert [(c["sessao"], c["manutencao"], c["motivo"]) for c in agenda.get_json()["items"]] == [
        ("Casamento", False, None), (None, True, "Revisão")]
    so_o_dia = cliente.get(f"/api/equipamentos/{a}/agenda", query_string={"de": "2026-12-08", "ate": "2026-12-08"})
    assert so_o_dia.get_json()["items"] == []
    longa = cliente.get(f"/api/equipamentos/{a}/agenda", query_string={"de": "2026-01-01", "ate": "2027-12-31"})
    assert longa.status_code == 400 and "ate" in longa.get_json()["campos"]


def test_desalocar(cliente, sql_dono, empresa, como, nova_empresa):
    a = item(cliente, "A")
    s = sessao(sql_dono, empresa, *SESSAO_A)
    alocacao = alocar_item(cliente, a, s).get_json()["alocacoes"][0]["id"]
    assert como(nova_empresa()).delete(f"/api/kits/alocacoes/{alocacao}").status_code == 404
    assert cliente.delete(f"/api/kits/alocacoes/{alocacao}").status_code == 204
    assert cliente.delete(f"/api/kits/alocacoes/{alocacao}").status_code == 404
    assert cliente.get("/api/kits/alocacoes", query_string={"sessao_id": s}).get_json()["items"] == []


def test_mover_a_sessao_leva_as_reservas_e_recusa_conflito(cliente, sql_dono, empresa, database):
    a = item(cliente, "A")
    manha = sessao(sql_dono, empresa, *SESSAO_A, titulo="Manhã")
    tarde = sessao(sql_dono, empresa, "2026-12-07T14:00:00-03:00", "2026-12-07T16:00:00-03:00", titulo="Tarde")
    alocar_item(cliente, a, manha)
    alocar_item(cliente, a, tarde)

    # As the app role in the empresa's transaction, as the agenda's PUT does.
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa),))
            cur.execute("UPDATE operacional.sessoes SET inicio = inicio + interval '1 hour', "
                        "fim = fim + interval '1 hour' WHERE id = %s", (manha,))
        reservas = sql_dono("SELECT sessao_id, lower(periodo) AS inicio FROM operacional.reservas_equipamento "
                            "WHERE empresa_id = %s ORDER BY 2", (empresa,))
        assert [r["inicio"].hour for r in reservas] == [14, 17]  # UTC: 11:00 and 14:00 in São Paulo

        with pytest.raises(Exception) as capturado:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa),))
                with alocacoes.sem_sobreposicao():
                    cur.execute("UPDATE operacional.sessoes SET fim = '2026-12-07T15:00:00-03:00' WHERE id = %s",
                                (manha,))
    finally:
        conn.close()
    erro = capturado.value
    assert erro.status == 409 and "\"Tarde\"" in erro.mensagem and f"#{tarde}" in erro.mensagem
    assert [c["sessao_id"] for c in erro.conflitos] == [tarde]
    # Both sessões and their reservas are as they were.
    reservas = sql_dono("""SELECT r.sessao_id, lower(r.periodo) AS inicio, upper(s.periodo) AS fim_sessao
                           FROM operacional.reservas_equipamento r JOIN operacional.sessoes s
                             ON s.empresa_id = r.empresa_id AND s.id = r.sessao_id
                           WHERE r.empresa_id = %s ORDER BY 2""", (empresa,))
    assert [(r["sessao_id"], r["inicio"].hour, r["fim_sessao"].hour) for r in reservas] == [
        (manha, 14, 16), (tarde, 17, 19)]


def test_excluir_sessao_libera_os_itens(cliente, sql_dono, empresa):
    a = item(cliente, "A")
    s = sessao(sql_dono, empresa, *SESSAO_A)
    outra = sessao(sql_dono, empresa, *SESSAO_A)
    alocar_item(cliente, a, s)
    assert alocar_item(cliente, a, outra).status_code == 409
    sql_dono("DELETE FROM operacional.sessoes WHERE id = %s", (s,), empresa_id=empresa)
    assert alocar_item(cliente, a, outra).status_code == 201


def test_outra_empresa_404_em_tudo(cliente, sql_dono, empresa, como, nova_empresa):
    a = item(cliente, "A")
    k = kit(cliente, "K", [a])
    minha = sessao(sql_dono, empresa, *SESSAO_A)
    outra = nova_empresa()
    intruso = como(outra)
    dela = sessao(sql_dono, outra, *SESSAO_A)
    item_dela = item(intruso, "Dela")
    # Their sessão with my item / kit, my sessão with their item: 404 either way.
    assert alocar_item(intruso, a, dela).status_code == 404
    assert alocar_kit(intruso, k, dela).status_code == 404
    assert alocar_item(cliente, item_dela, minha).status_code == 404
    assert alocar_kit(cliente, k, dela).status_code == 404
    assert intruso.get("/api/kits/alocacoes", query_string={"sessao_id": minha}).status_code == 404
    # Each empresa allocates its own items at the same time without conflict.
    assert alocar_item(cliente, a, minha).status_code == 201
    assert alocar_item(intruso, item_dela, dela).status_code == 201


@pytest.mark.parametrize("rota, corpo, campo", [
    ("/api/kits/alocar", {"sessao_id": 1}, "kit_id"),
    ("/api/kits/alocar", {"kit_id": "1", "sessao_id": 1}, "kit_id"),
    ("/api/equipamentos/alocar", {"equipamento_id": 1}, "sessao_id"),
    ("/api/equipamentos/alocar", {"equipamento_id": 1, "sessao_id": -3}, "sessao_id"),
])
def test_validacao_da_alocacao(cliente, rota, corpo, campo):
    resposta = cliente.post(rota, json=corpo)
    assert resposta.status_code == 400 and campo in resposta.get_json()["campos"]


def test_kit_vazio_depois_de_excluir_os_itens(cliente, sql_dono, empresa):
    a = item(cliente, "A")
    k = kit(cliente, "K", [a])
    cliente.delete(f"/api/equipamentos/{a}")
    resposta = alocar_kit(cliente, k, sessao(sql_dono, empresa, *SESSAO_A))
    assert (resposta.status_code, list(resposta.get_json()["campos"])) == (400, ["kit_id"])


def test_restricao_existe_com_o_nome_esperado(sql_dono, empresa):
    """Even a write that skips the API cannot double-book: the database refuses it."""
    item_id = sql_dono("""INSERT INTO operacional.equipamentos (empresa_id, nome, busca) VALUES (%s, 'X', 'x')
                          RETURNING id""", (empresa,), empresa_id=empresa)[0]["id"]
    inserir = """INSERT INTO operacional.reservas_equipamento (empresa_id, equipamento_id, motivo, periodo)
                 VALUES (%s, %s, 'm', tstzrange(%s, %s))"""
    sql_dono(inserir, (empresa, item_id, "2026-01-01T10:00Z", "2026-01-01T12:00Z"), empresa_id=empresa)
    with pytest.raises(psycopg2.errors.ExclusionViolation) as erro:
        sql_dono(inserir, (empresa, item_id, "2026-01-01T11:59Z", "2026-01-01T13:00Z"), empresa_id=empresa)
    assert erro.value.diag.constraint_name == "reservas_equipamento_sem_sobreposicao"
    assert alocacoes.conflito(erro.value).status == 409


def test_alocacao_publica_evento_e_409_nao(como, empresa, sql_dono, redis_url):
    cliente = como(empresa, usuario_id=42)
    a = item(cliente, "A")
    k = kit(cliente, "K", [a])
    primeira = sessao(sql_dono, empresa, *SESSAO_A)
    segunda = sessao(sql_dono, empresa, *SESSAO_A)
    with redis.Redis.from_url(redis_url) as r, r.pubsub() as assinatura:
        assinatura.subscribe(f"erp:eventos:{empresa}")
        assinatura.get_message(timeout=1)  # the subscription's confirmation
        alocado = alocar_kit(cliente, k, primeira).get_json()
        assert alocar_kit(cliente, k, segunda).status_code == 409
        cliente.delete(f"/api/kits/alocacoes/{alocado['alocacoes'][0]['id']}")
        mensagens = [json.loads(assinatura.get_message(timeout=2)["data"]) for _ in range(2)]
        assert assinatura.get_message(timeout=0.5) is None
    reserva = alocado["alocacoes"][0]["id"]
    assert [(m["tipo"], m["dados"]) for m in mensagens] == [
        ("operacional.alocacao.alterada", {"ids": [reserva], "sessao_id": primeira, "kit_id": k, "acao": "alocada"}),
        ("operacional.alocacao.alterada", {"ids": [reserva], "sessao_id": primeira, "kit_id": k, "acao": "desalocada"})]
    auditoria = sql_dono("""SELECT acao, entidade, usuario_id FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade IN ('sessao_equipamentos', 'reserva_equipamento')
                            ORDER BY id""", (empresa,))
    assert [(x["acao"], x["usuario_id"]) for x in auditoria] == [("alocar", 42), ("desalocar", 42)]


def test_put_da_agenda_que_dobraria_um_item_da_409_nomeando_a_outra_sessao(cliente, sql_dono, empresa):
    a = item(cliente, "Drone")
    manha = sessao(sql_dono, empresa, *SESSAO_A, titulo="Manhã")
    tarde = sessao(sql_dono, empresa, "2026-12-07T14:00:00-03:00", "2026-12-07T16:00:00-03:00", titulo="Tarde")
    alocar_item(cliente, a, manha)
    alocar_item(cliente, a, tarde)
    movida = cliente.put(f"/api/agenda/{manha}", json={"fim": "2026-12-07T14:30:00-03:00"})
    assert movida.status_code == 409, movida.get_json()
    assert movida.get_json()["code"] == "conflito"
    assert "\"Tarde\"" in movida.get_json()["error"] and "Drone" in movida.get_json()["error"]
    assert cliente.get(f"/api/agenda/{manha}").get_json()["fim"].startswith("2026-12-07T12:00:00")
    assert cliente.put(f"/api/agenda/{manha}", json={"fim": "2026-12-07T14:00:00-03:00"}).status_code == 200
    reservas = cliente.get("/api/kits/alocacoes", query_string={"sessao_id": manha}).get_json()["items"]
    assert reservas[0]["fim"].startswith("2026-12-07T17:00:00")  # 14:00 in São Paulo, followed the sessão
