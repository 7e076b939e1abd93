"""Funcionários of rh (rh.v_funcionarios) as the third kind of person of a team: on an evento's and a
sessão's team, holding an item, with their own ICS feed; offered in the picker while not dismissed,
still valid on old eventos after; another empresa's funcionário is unknown."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg2
import psycopg2.extras
import pytest
from icalendar import Calendar

from shared.config import hoje

SP = ZoneInfo("America/Sao_Paulo")
_cpfs = iter(range(10_000_000_000, 10_000_100_000, 7))


def funcionario(sql_dono, empresa: int, nome: str, demitido: bool = False) -> int:
    """A funcionário of the empresa, written behind rh's back (only id, name and dismissal matter here)."""
    return sql_dono("""INSERT INTO rh.funcionarios (empresa_id, nome, nome_busca, cpf, cargo, data_admissao,
                                                     data_demissao, salario)
                       VALUES (%s, %s, lower(%s), %s, 'Fotógrafo', '2024-01-02', %s, 3000) RETURNING id""",
                    (empresa, nome, nome, f"{next(_cpfs):011d}", "2025-06-30" if demitido else None),
                    empresa_id=empresa)[0]["id"]


@pytest.fixture
def pessoas(sql_dono, empresa, nova_empresa):
    """Rui (CLT photographer, no login), Dora (dismissed) of `empresa`; Alheio of another empresa."""
    return {"rui": funcionario(sql_dono, empresa, "Rui Retratista"),
            "dora": funcionario(sql_dono, empresa, "Dora Demitida", demitido=True),
            "alheio": funcionario(sql_dono, nova_empresa(), "Alheio Souza")}


@pytest.fixture
def evento(cliente):
    resposta = cliente.post("/api/eventos", json={"nome": "Casamento", "data_inicio": "2027-05-20"})
    assert resposta.status_code == 201
    return resposta.get_json()


def instante(dias: int, hora: int) -> str:
    return datetime.combine(hoje() + timedelta(days=dias), datetime.min.time(), SP).replace(hour=hora).isoformat()


def test_o_seletor_oferece_os_funcionarios_nao_demitidos(cliente, pessoas):
    membros = cliente.get("/api/eventos/membros").get_json()["items"]
    assert membros == [{"tipo": "funcionario", "id": pessoas["rui"], "nome": "Rui Retratista"}]


def test_funcionario_na_equipe_do_evento_e_no_contrato_de_leitura(cliente, empresa, pessoas, evento, sql_dono,
                                                                  database):
    caminho = f"/api/eventos/{evento['id']}/equipe"
    resposta = cliente.put(caminho, json={"equipe": [{"papel": "fotografo_principal", "funcionario_id": pessoas["rui"]}]})
    assert resposta.status_code == 200, resposta.get_json()
    esperado = {"equipe": [{"papel": "fotografo_principal", "usuario_id": None, "fornecedor_id": None,
                            "funcionario_id": pessoas["rui"], "cache": None, "nome": "Rui Retratista"}]}
    assert resposta.get_json() == esperado and cliente.get(caminho).get_json() == esperado
    auditoria = sql_dono("SELECT depois FROM plataforma.auditoria WHERE entidade = 'equipe_evento'",
                         empresa_id=empresa)
    assert auditoria[0]["depois"]["equipe"][0]["funcionario_id"] == pessoas["rui"]
    # The read contract: the new column is the last; RLS shows the row to its empresa only, with no WHERE.
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            for emp, esperadas in ((empresa, [{"funcionario_id": pessoas["rui"]}]), (empresa + 100000, [])):
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(emp),))
                cur.execute("SELECT * FROM operacional.v_equipe_eventos")
                linhas = cur.fetchall()
                assert [{"funcionario_id": linha["funcionario_id"]} for linha in linhas] == esperadas
                assert [d.name for d in cur.description] == ["empresa_id", "evento_id", "papel", "usuario_id",
                                                              "fornecedor_id", "cache", "funcionario_id"]
    finally:
        conn.close()


def test_demitido_continua_valido_no_evento_antigo(cliente, pessoas, evento):
    caminho = f"/api/eventos/{evento['id']}/equipe"
    resposta = cliente.put(caminho, json={"equipe": [{"papel": "assistente", "funcionario_id": pessoas["dora"]}]})
    assert resposta.status_code == 200, resposta.get_json()
    assert resposta.get_json()["equipe"][0]["nome"] == "Dora Demitida"


def test_funcionario_de_outra_empresa_e_desconhecido(cliente, pessoas, evento):
    caminho = f"/api/eventos/{evento['id']}/equipe"
    resposta = cliente.put(caminho, json={"equipe": [
        {"papel": "fotografo_principal", "funcionario_id": pessoas["rui"]},
        {"papel": "assistente", "funcionario_id": pessoas["alheio"]},
        {"papel": "assistente", "funcionario_id": 999999},
        {"papel": "outro", "funcionario_id": pessoas["rui"]}]})
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"equipe.1.funcionario_id": "Funcionário não encontrado",
                                             "equipe.2.funcionario_id": "Funcionário não encontrado",
                                             "equipe.3.funcionario_id": "Rui Retratista já está na equipe"}
    dois = cliente.put(caminho, json={"equipe": [{"papel": "outro", "funcionario_id": pessoas["rui"],
                                                  "usuario_id": 1}]})
    assert dois.get_json()["campos"] == {"equipe.0": "Informe usuario_id, fornecedor_id ou funcionario_id (um dos três)"}
    assert cliente.get(caminho).get_json() == {"equipe": []}


def test_permissao_e_evento_de_outra_empresa(como, empresa, nova_empresa, pessoas, evento):
    corpo = {"equipe": [{"papel": "assistente", "funcionario_id": pessoas["rui"]}]}
    leitor = como(empresa, perms=["operacional:ler"])
    assert leitor.put(f"/api/eventos/{evento['id']}/equipe", json=corpo).status_code == 403
    assert como(nova_empresa()).put(f"/api/eventos/{evento['id']}/equipe", json=corpo).status_code == 404


def test_o_banco_exige_exatamente_uma_pessoa(sql_dono, empresa, pessoas, evento):
    with pytest.raises(psycopg2.errors.CheckViolation):
        sql_dono("""INSERT INTO operacional.equipe_evento (empresa_id, evento_id, papel, usuario_id, funcionario_id)
                    VALUES (%s, %s, 'outro', 1, %s)""", (empresa, evento["id"], pessoas["rui"]), empresa_id=empresa)


def test_funcionario_na_sessao_conflito_e_filtro(cliente, pessoas):
    corpo = {"titulo": "Casamento Lia", "inicio": "2030-03-10T14:00:00-03:00", "fim": "2030-03-10T16:00:00-03:00",
             "equipe": [{"funcionario_id": pessoas["rui"], "papel": "Fotógrafo"}]}
    primeira = cliente.post("/api/agenda", json=corpo)
    assert primeira.status_code == 201, primeira.get_json()
    assert primeira.get_json()["equipe"] == [{"usuario_id": None, "fornecedor_id": None, "funcionario_id": pessoas["rui"],
                                              "papel": "Fotógrafo", "nome": "Rui Retratista"}]
    recusada = cliente.post("/api/agenda", json={**corpo, "titulo": "Ensaio Rui"})
    assert recusada.status_code == 409
    erro = recusada.get_json()
    assert erro["code"] == "conflito_de_equipe"
    assert [(c["funcionario_id"], c["sessao_id"]) for c in erro["conflitos"]] == [
        (pessoas["rui"], primeira.get_json()["id"])]
    assert erro["error"].startswith("Rui Retratista já está em «Casamento Lia»")
    cliente.post("/api/agenda", json={**corpo, "titulo": "Sem o Rui", "equipe": []})
    do_rui = cliente.get("/api/agenda", query_string={"de": "2030-03-10", "ate": "2030-03-10",
                                                       "membro": f"funcionario:{pessoas['rui']}"}).get_json()["items"]
    assert [s["titulo"] for s in do_rui] == ["Casamento Lia"]
    alheio = cliente.post("/api/agenda", json={**corpo, "equipe": [{"funcionario_id": pessoas["alheio"]}]})
    assert alheio.status_code == 400
    assert alheio.get_json()["campos"] == {"equipe.0.funcionario_id": "Funcionário não encontrado"}


def test_feed_ics_do_funcionario(app, cliente, pessoas):
    criada = cliente.post("/api/agenda", json={"titulo": "Ensaio com o Rui", "inicio": instante(3, 14),
                                               "fim": instante(3, 16), "equipe": [{"funcionario_id": pessoas["rui"]}]})
    assert criada.status_code == 201, criada.get_json()
    cliente.post("/api/agenda", json={"titulo": "Sem ele", "inicio": instante(4, 14), "fim": instante(4, 16)})
    resposta = cliente.get("/api/agenda/feed", query_string={"membro": f"funcionario:{pessoas['rui']}"})
    assert resposta.status_code == 200, resposta.get_json()
    caminho = resposta.get_json()["caminho"]
    assert caminho != cliente.get("/api/agenda/feed").get_json()["caminho"]
    calendario = Calendar.from_ical(app.test_client().get(caminho).get_data())
    assert str(calendario["x-wr-calname"]).endswith("— Rui Retratista")
    assert [str(e["uid"]) for e in calendario.walk("VEVENT")] == [criada.get_json()["uid"]]
    assert cliente.delete("/api/agenda/feed", query_string={"membro": f"funcionario:{pessoas['rui']}"}).status_code == 204
    assert app.test_client().get(caminho).status_code == 404
    de_fora = cliente.get("/api/agenda/feed", query_string={"membro": f"funcionario:{pessoas['alheio']}"})
    assert de_fora.status_code == 400


def test_equipamento_com_o_funcionario(cliente, pessoas):
    item = cliente.post("/api/equipamentos", json={"nome": "Canon R6"}).get_json()
    saiu = cliente.post(f"/api/equipamentos/{item['id']}/saida", json={"responsavel": {"funcionario_id": pessoas["rui"]}})
    assert saiu.status_code == 201, saiu.get_json()
    assert (saiu.get_json()["funcionario_id"], saiu.get_json()["nome"]) == (pessoas["rui"], "Rui Retratista")
    com = cliente.get(f"/api/equipamentos/{item['id']}").get_json()["com"]
    assert (com["funcionario_id"], com["usuario_id"], com["fornecedor_id"], com["nome"]) == (
        pessoas["rui"], None, None, "Rui Retratista")
    assert cliente.post(f"/api/equipamentos/{item['id']}/retorno", json={"condicao": "ok"}).status_code == 200
    recusada = cliente.post(f"/api/equipamentos/{item['id']}/saida",
                            json={"responsavel": {"funcionario_id": pessoas["alheio"]}})
    assert recusada.status_code == 400
    assert recusada.get_json()["campos"] == {"responsavel.0.funcionario_id": "Funcionário não encontrado"}
