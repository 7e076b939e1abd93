"""/api/agenda: sessões with their team — CRUD, validation, the calendar's listing (and its index),
team conflicts refused unless confirmed, equipment double-booking on a move, other empresas' ids."""
import threading
from datetime import date

import psycopg2
import psycopg2.extras
import pytest

from operacional import agenda


def fornecedor(sql_dono, empresa: int, nome: str) -> int:
    """A freelancer of the empresa, written behind cadastros' back."""
    return sql_dono("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                       VALUES (%s, %s, lower(%s), 'FISICA') RETURNING id""", (empresa, nome, nome),
                    empresa_id=empresa)[0]["id"]


def evento(sql_dono, empresa: int, nome: str) -> int:
    return sql_dono("""INSERT INTO operacional.eventos (empresa_id, nome, data_inicio)
                       VALUES (%s, %s, '2030-03-10') RETURNING id""", (empresa, nome), empresa_id=empresa)[0]["id"]


def criar(cliente, **campos) -> dict:
    corpo = {"titulo": "Ensaio da Ana", "inicio": "2030-03-10T14:00:00-03:00", "fim": "2030-03-10T16:00:00-03:00",
             **campos}
    resposta = cliente.post("/api/agenda", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def listar(cliente, **filtros) -> list[dict]:
    itens, proximo = [], None
    while True:
        resposta = cliente.get("/api/agenda", query_string={**filtros, **({"cursor": proximo} if proximo else {})})
        assert resposta.status_code == 200, resposta.get_json()
        itens += resposta.get_json()["items"]
        proximo = resposta.get_json()["next_cursor"]
        if proximo is None:
            return itens


def test_contrato_cria_com_titulo_e_horario_e_o_uid_fica_nas_edicoes(cliente, sql_dono, empresa):
    sessao = criar(cliente, local="Parque Ibirapuera")
    assert {k: sessao[k] for k in ("titulo", "tipo", "inicio", "fim", "local", "equipe", "avisos", "sequencia")} == {
        "titulo": "Ensaio da Ana", "tipo": "ensaio", "inicio": "2030-03-10T14:00:00-03:00",
        "fim": "2030-03-10T16:00:00-03:00", "local": "Parque Ibirapuera", "equipe": [], "avisos": [], "sequencia": 0}
    assert sessao["uid"].endswith("@erp-web")
    lida = cliente.get(f"/api/agenda/{sessao['id']}").get_json()
    assert lida == {k: v for k, v in sessao.items() if k != "avisos"}

    alterada = cliente.put(f"/api/agenda/{sessao['id']}", json={"titulo": "Ensaio da Ana e do Beto",
                                                                "fim": "2030-03-10T20:00:00Z", "local": None})
    assert alterada.status_code == 200, alterada.get_json()
    corpo = alterada.get_json()
    assert (corpo["titulo"], corpo["fim"], corpo["local"], corpo["uid"], corpo["sequencia"]) == (
        "Ensaio da Ana e do Beto", "2030-03-10T17:00:00-03:00", None, sessao["uid"], 1)
    # Sending what is already there changes nothing: no new SEQUENCE, no audit row.
    assert cliente.put(f"/api/agenda/{sessao['id']}", json={"titulo": "Ensaio da Ana e do Beto"}).get_json()[
        "sequencia"] == 1

    assert cliente.delete(f"/api/agenda/{sessao['id']}").status_code == 204
    assert cliente.get(f"/api/agenda/{sessao['id']}").status_code == 404
    auditoria = sql_dono("SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'sessao' "
                         "ORDER BY id", (empresa,))
    assert [a["acao"] for a in auditoria] == ["criar", "alterar", "excluir"]


@pytest.mark.parametrize("campos, campo, trecho", [
    ({"inicio": "2030-03-10T14:00:00"}, "inicio", "fuso horário"),
    ({"fim": "2030-03-10 16:00"}, "fim", "fuso horário"),
    ({"inicio": "2030-03-10"}, "inicio", "fuso horário"),
    ({"inicio": "amanhã"}, "inicio", "ISO 8601"),
    ({"inicio": 1700000000}, "inicio", "ISO 8601"),
    ({"inicio": "1800-01-01T10:00:00Z"}, "inicio", "intervalo aceito"),
    ({"fim": "2030-03-10T14:00:00-03:00"}, "fim", "depois do início"),
    ({"fim": "2030-03-10T13:00:00-03:00"}, "fim", "depois do início"),
    ({"fim": "2030-03-24T14:00:01-03:00"}, "fim", "14 dias"),
    ({"titulo": ""}, "titulo", "pelo menos 1"),
    ({"titulo": None}, "titulo", "texto"),
    ({"tipo": "casamento"}, "tipo", "Valor inválido"),
    ({"antes_min": 1441}, "antes_min", "1440"),
    ({"equipe": [{"papel": "assistente"}]}, "equipe.0", "um dos três"),
    ({"equipe": [{"usuario_id": 1, "fornecedor_id": 2}]}, "equipe.0", "um dos três"),
    ({"evento_id": "3"}, "evento_id", "inteiro"),
    ({"extra": 1}, "extra", "desconhecido"),
])
def test_validacao_nomeia_o_campo(cliente, campos, campo, trecho):
    corpo = {"titulo": "Ensaio", "inicio": "2030-03-10T14:00:00-03:00", "fim": "2030-03-10T16:00:00-03:00", **campos}
    resposta = cliente.post("/api/agenda", json=corpo)
    assert resposta.status_code == 400, resposta.get_json()
    assert trecho in resposta.get_json()["campos"][campo]


def test_alteracao_valida_o_resultado_e_recusa_nulos(cliente):
    sessao = criar(cliente)
    antes = cliente.put(f"/api/agenda/{sessao['id']}", json={"inicio": "2030-03-10T17:00:00-03:00"})
    assert antes.status_code == 400 and "fim" in antes.get_json()["campos"]
    assert cliente.put(f"/api/agenda/{sessao['id']}", json={"titulo": None}).status_code == 400
    assert cliente.put(f"/api/agenda/{sessao['id']}", json={"inicio": "2030-03-10T10:00:00"}).status_code == 400
    assert cliente.get(f"/api/agenda/{sessao['id']}").get_json()["sequencia"] == 0


def test_listagem_mostra_o_que_toca_os_dias_por_inicio_com_filtros(novo_usuario, cliente, sql_dono, empresa):
    ana = novo_usuario(empresa, "Ana Fotógrafa")
    beto = fornecedor(sql_dono, empresa, "Beto Freelancer")
    casamento = evento(sql_dono, empresa, "Casamento Lia & Rui")
    festa = criar(cliente, titulo="Festa", tipo="festa", inicio="2030-03-11T22:00:00-03:00",
                  fim="2030-03-12T03:00:00-03:00", evento_id=casamento,
                  equipe=[{"usuario_id": ana, "papel": "fotografo_principal"}, {"fornecedor_id": beto}])
    cerimonia = criar(cliente, titulo="Cerimônia", tipo="cerimonia", inicio="2030-03-11T18:00:00-03:00",
                      fim="2030-03-11T19:00:00-03:00", evento_id=casamento, equipe=[{"usuario_id": ana}])
    # Buffers do not put a sessão on a day it does not happen: ends at 00:00 of the 11th.
    criar(cliente, titulo="Véspera", inicio="2030-03-10T20:00:00-03:00", fim="2030-03-11T00:00:00-03:00",
          depois_min=120)
    criar(cliente, titulo="Reunião", tipo="reuniao", inicio="2030-03-13T09:00:00-03:00",
          fim="2030-03-13T10:00:00-03:00")

    dia_11 = listar(cliente, de="2030-03-11", ate="2030-03-11")
    assert [s["titulo"] for s in dia_11] == ["Cerimônia", "Festa"]
    assert dia_11[1]["evento"] == "Casamento Lia & Rui"
    assert [(m["nome"], m["papel"]) for m in dia_11[1]["equipe"]] == [
        ("Ana Fotógrafa", "fotografo_principal"), ("Beto Freelancer", None)]
    # The festa crosses midnight: it touches the 12th too.
    assert [s["titulo"] for s in listar(cliente, de="2030-03-12", ate="2030-03-13")] == ["Festa", "Reunião"]
    assert [s["titulo"] for s in listar(cliente, de="2030-03-01", ate="2030-03-31", limit=1)] == [
        "Véspera", "Cerimônia", "Festa", "Reunião"]
    assert [s["id"] for s in listar(cliente, de="2030-03-01", ate="2030-03-31", evento_id=casamento)] == [
        cerimonia["id"], festa["id"]]
    assert [s["titulo"] for s in listar(cliente, de="2030-03-01", ate="2030-03-31", membro=f"usuario:{ana}")] == [
        "Cerimônia", "Festa"]
    assert [s["titulo"] for s in listar(cliente, de="2030-03-01", ate="2030-03-31",
                                        membro=f"fornecedor:{beto}")] == ["Festa"]
    assert [s["titulo"] for s in listar(cliente, de="2030-03-01", ate="2030-03-31", tipo="reuniao")] == ["Reunião"]


@pytest.mark.parametrize("filtros, campo", [
    ({"ate": "2030-03-31"}, "de"),
    ({"de": "2030-03-01"}, "ate"),
    ({"de": "2030-03-01", "ate": "2031-03-03"}, "ate"),
    ({"de": "2030-03-10", "ate": "2030-03-09"}, "ate"),
    ({"de": "2030-03-01", "ate": "2030-03-31", "membro": "usuario:x"}, "membro"),
    ({"de": "2030-03-01", "ate": "2030-03-31", "tipo": "casamento"}, "tipo"),
    ({"de": "01/03/2030", "ate": "2030-03-31"}, "de"),
])
def test_listagem_exige_um_periodo_de_ate_366_dias(cliente, filtros, campo):
    resposta = cliente.get("/api/agenda", query_string=filtros)
    assert resposta.status_code == 400 and campo in resposta.get_json()["campos"], resposta.get_json()


def test_um_ano_bissexto_inteiro_cabe(cliente):
    assert cliente.get("/api/agenda", query_string={"de": "2028-01-01", "ate": "2029-01-01"}).status_code == 200


def test_conflito_de_equipe_recusado_e_salvo_quando_confirmado(novo_usuario, cliente, sql_dono, empresa):
    ana = novo_usuario(empresa, "Ana Fotógrafa")
    primeira = criar(cliente, titulo="Casamento Lia", inicio="2030-03-10T14:00:00-03:00",
                     fim="2030-03-10T16:00:00-03:00", depois_min=60, equipe=[{"usuario_id": ana}])
    corpo = {"titulo": "Ensaio Rui", "inicio": "2030-03-10T16:30:00-03:00", "fim": "2030-03-10T18:00:00-03:00",
             "equipe": [{"usuario_id": ana}]}
    # Overlaps only the first's buffer (travel): Ana is still taken.
    recusada = cliente.post("/api/agenda", json=corpo)
    assert recusada.status_code == 409
    erro = recusada.get_json()
    assert erro["code"] == "conflito_de_equipe"
    assert erro["error"] == "Ana Fotógrafa já está em «Casamento Lia» (10/03 14:00–16:00) nesse horário"
    assert [(c["usuario_id"], c["sessao_id"]) for c in erro["conflitos"]] == [(ana, primeira["id"])]
    assert listar(cliente, de="2030-03-10", ate="2030-03-10") == [
        {k: v for k, v in primeira.items() if k != "avisos"}]

    confirmada = cliente.post("/api/agenda", json={**corpo, "confirmar_conflitos": True})
    assert confirmada.status_code == 201
    assert [a["sessao_id"] for a in confirmada.get_json()["avisos"]] == [primeira["id"]]

    # Touching without buffers is no conflict; moving into the other one is, until confirmed.
    livre = criar(cliente, titulo="Entrega", inicio="2030-03-10T12:00:00-03:00", fim="2030-03-10T14:00:00-03:00",
                  equipe=[{"usuario_id": ana}])
    assert livre["avisos"] == []
    movida = cliente.put(f"/api/agenda/{livre['id']}", json={"fim": "2030-03-10T14:30:00-03:00"})
    assert movida.status_code == 409 and movida.get_json()["code"] == "conflito_de_equipe"
    assert cliente.get(f"/api/agenda/{livre['id']}").get_json()["fim"] == "2030-03-10T14:00:00-03:00"
    aceita = cliente.put(f"/api/agenda/{livre['id']}", json={"fim": "2030-03-10T14:30:00-03:00",
                                                             "confirmar_conflitos": True})
    assert aceita.status_code == 200 and len(aceita.get_json()["avisos"]) == 1
    # Another person's sessão at the same time is not a conflict of Ana's.
    beto = fornecedor(sql_dono, empresa, "Beto")
    assert criar(cliente, equipe=[{"fornecedor_id": beto}], inicio="2030-03-10T14:00:00-03:00")["avisos"] == []


def test_duas_sessoes_simultaneas_da_mesma_pessoa_nao_passam_juntas(novo_usuario, app, como, sql_dono, empresa):
    """The person's lock: two requests at the same moment, each alone free of conflict, cannot both
    save — the second sees the first and gets the 409."""
    ana = novo_usuario(empresa, "Ana")
    barreira = threading.Barrier(2)
    respostas = []

    def marcar(titulo):
        cliente = como(empresa)
        barreira.wait()
        respostas.append(cliente.post("/api/agenda", json={
            "titulo": titulo, "inicio": "2030-03-10T14:00:00-03:00", "fim": "2030-03-10T16:00:00-03:00",
            "equipe": [{"usuario_id": ana}]}).status_code)

    linhas = [threading.Thread(target=marcar, args=(t,)) for t in ("Primeira", "Segunda")]
    for linha in linhas:
        linha.start()
    for linha in linhas:
        linha.join()
    assert sorted(respostas) == [201, 409]


def test_equipe_repetida_ou_de_outra_empresa_e_400(novo_usuario, cliente, sql_dono, empresa, nova_empresa):
    outra = nova_empresa()
    estranho = novo_usuario(outra, "Estranho")
    freela_de_fora = fornecedor(sql_dono, outra, "Freela de fora")
    ana = novo_usuario(empresa, "Ana")
    for equipe, campo in (([{"usuario_id": estranho}], "equipe.0.usuario_id"),
                          ([{"fornecedor_id": freela_de_fora}], "equipe.0.fornecedor_id"),
                          ([{"usuario_id": ana}, {"usuario_id": ana}], "equipe.1.usuario_id")):
        resposta = cliente.post("/api/agenda", json={"titulo": "X", "inicio": "2030-03-10T14:00:00Z",
                                                     "fim": "2030-03-10T15:00:00Z", "equipe": equipe})
        assert resposta.status_code == 400 and campo in resposta.get_json()["campos"], resposta.get_json()


def test_outra_empresa_nao_ve_nem_altera_e_seus_ids_sao_desconhecidos(cliente, como, sql_dono, nova_empresa):
    outra_empresa = nova_empresa()
    outro = como(outra_empresa)
    dela = criar(outro, titulo="Sessão da outra")
    evento_dela = evento(sql_dono, outra_empresa, "Evento da outra")
    assert cliente.get(f"/api/agenda/{dela['id']}").status_code == 404
    assert cliente.put(f"/api/agenda/{dela['id']}", json={"titulo": "Invadida"}).status_code == 404
    assert cliente.delete(f"/api/agenda/{dela['id']}").status_code == 404
    assert listar(cliente, de="2030-03-10", ate="2030-03-10") == []
    assert outro.get(f"/api/agenda/{dela['id']}").get_json()["titulo"] == "Sessão da outra"

    for campo, valor in (("evento_id", evento_dela), ("contrato_id", 999999)):
        resposta = cliente.post("/api/agenda", json={"titulo": "X", "inicio": "2030-03-10T14:00:00Z",
                                                     "fim": "2030-03-10T15:00:00Z", campo: valor})
        assert resposta.status_code == 400 and campo in resposta.get_json()["campos"]
    minha = criar(cliente)
    assert cliente.put(f"/api/agenda/{minha['id']}", json={"evento_id": evento_dela}).status_code == 400


def test_ler_sem_permissao_de_escrita(como, cliente, empresa):
    sessao = criar(cliente)
    leitor = como(empresa, perms=["operacional:ler"])
    assert leitor.get(f"/api/agenda/{sessao['id']}").status_code == 200
    assert leitor.post("/api/agenda", json={"titulo": "X"}).status_code == 403
    assert como(empresa, perms=[]).get("/api/agenda", query_string={"de": "2030-03-01",
                                                                     "ate": "2030-03-02"}).status_code == 403


def test_mover_sessao_para_cima_de_outra_com_o_mesmo_equipamento_e_409(cliente):
    camera = cliente.post("/api/equipamentos", json={"nome": "Canon R6"}).get_json()
    manha = criar(cliente, titulo="Ensaio da manhã", inicio="2030-03-10T09:00:00-03:00",
                  fim="2030-03-10T11:00:00-03:00")
    tarde = criar(cliente, titulo="Ensaio da tarde")
    for sessao in (manha, tarde):
        alocada = cliente.post("/api/equipamentos/alocar", json={"equipamento_id": camera["id"],
                                                                  "sessao_id": sessao["id"]})
        assert alocada.status_code == 201, alocada.get_json()
    movida = cliente.put(f"/api/agenda/{manha['id']}", json={"fim": "2030-03-10T15:00:00-03:00"})
    assert movida.status_code == 409
    assert movida.get_json()["code"] == "conflito" and "Ensaio da tarde" in movida.get_json()["error"]
    assert cliente.get(f"/api/agenda/{manha['id']}").get_json()["fim"] == "2030-03-10T11:00:00-03:00"


def test_consulta_do_calendario_le_so_o_trecho_do_mes_no_indice(cliente, database, empresa, nova_empresa):
    """The month query, as the app role under RLS, is a range scan of (empresa_id, inicio) bounded on
    both sides — not a read of the empresa's whole agenda (a GiST index on periodo cannot serve it:
    migration 0005)."""
    criar(cliente)
    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor() as cur:
            for dona in (empresa, nova_empresa(), nova_empresa()):
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(dona),))
                cur.execute("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, uid)
                               SELECT %(e)s, 'S' || n, t, t + interval '2 hours', n || '@bench'
                                 FROM generate_series(1, 6000) n,
                                      LATERAL (SELECT timestamptz '2026-01-01' + n * interval '5 hours') x(t)""",
                            {"e": dona})
            cur.execute("ANALYZE operacional.sessoes")
    finally:
        conn.close()
    planos = []

    class Explicando(psycopg2.extras.RealDictCursor):
        def execute(self, consulta, parametros=None):
            if "FROM operacional.sessoes s" in consulta and not planos:
                super().execute("EXPLAIN " + consulta, parametros)
                planos.append("\n".join(linha["QUERY PLAN"] for linha in self.fetchall()))
            return super().execute(consulta, parametros)

    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor(cursor_factory=Explicando) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa),))
            achadas = agenda.listar(cur, date(2026, 6, 1), date(2026, 6, 30))
            assert len(achadas) == 144 and [s["titulo"] for s in agenda.listar(
                cur, date(2030, 3, 1), date(2030, 3, 31))] == ["Ensaio da Ana"]
    finally:
        conn.close()
    assert "Index Cond: ((empresa_id = " in planos[0] and "(inicio > '2026-05-18" in planos[0] \
        and "(inicio < '2026-07-01" in planos[0] and "sessoes_inicio" in planos[0], planos[0]
