"""An evento's team (usuários of the empresa and freelancers from cadastros), the people a team can
be made of (GET /api/eventos/membros) and the read contract operacional.v_equipe_eventos."""
import psycopg2
import psycopg2.extras
import pytest


@pytest.fixture
def pessoas(sql_dono, empresa, nova_empresa):
    """Two usuários (one inactive) and a fornecedor of `empresa`; a usuário and a fornecedor of another."""
    def um(sql, parametros):
        return sql_dono(sql + " RETURNING id", parametros)[0]["id"]

    outra = nova_empresa()
    ids = {}
    for chave, emp, nome, ativo in [("fernanda", empresa, "Fernanda Lima", True), ("saiu", empresa, "Sérgio Saiu", False),
                                    ("alheio", outra, "Alheio da Silva", True)]:
        sql_dono("INSERT INTO auth.empresas (id, nome) VALUES (%s, %s) ON CONFLICT DO NOTHING", (emp, f"Estúdio {emp}"))
        ids[chave] = um("INSERT INTO auth.usuarios (username, nome, senha_hash, ativo) VALUES (%s, %s, 'x', %s)",
                        (f"{chave}{emp}", nome, ativo))
        sql_dono("INSERT INTO auth.membros (empresa_id, usuario_id) VALUES (%s, %s)", (emp, ids[chave]))
    for chave, emp, nome in [("vitor", empresa, "Vitor Vídeo"), ("fornecedor_alheio", outra, "Outro Freela")]:
        ids[chave] = um("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                           VALUES (%s, %s, %s, 'FISICA')""", (emp, nome, nome.lower()))
    return ids


@pytest.fixture
def evento(como, empresa):
    resposta = como(empresa).post("/api/eventos", json={"nome": "Casamento", "data_inicio": "2027-05-20"})
    assert resposta.status_code == 201
    return resposta.get_json()


def test_membros_sao_os_usuarios_ativos_e_os_fornecedores_ativos_da_empresa(como, empresa, pessoas):
    membros = como(empresa).get("/api/eventos/membros").get_json()["items"]
    assert membros == [{"tipo": "usuario", "id": pessoas["fernanda"], "nome": "Fernanda Lima"},
                       {"tipo": "fornecedor", "id": pessoas["vitor"], "nome": "Vitor Vídeo"}]


def test_definir_a_equipe_com_nomes_e_cache(como, empresa, pessoas, evento, sql_dono):
    cliente = como(empresa)
    caminho = f"/api/eventos/{evento['id']}/equipe"
    assert cliente.get(caminho).get_json() == {"equipe": []}
    equipe = [{"papel": "fotografo_principal", "usuario_id": pessoas["fernanda"]},
              {"papel": "videomaker", "fornecedor_id": pessoas["vitor"], "cache": "850.5"}]
    resposta = cliente.put(caminho, json={"equipe": equipe})
    assert resposta.status_code == 200, resposta.get_json()
    esperado = {"equipe": [
        {"papel": "fotografo_principal", "usuario_id": pessoas["fernanda"], "fornecedor_id": None,
         "funcionario_id": None, "cache": None, "nome": "Fernanda Lima"},
        {"papel": "videomaker", "usuario_id": None, "fornecedor_id": pessoas["vitor"], "funcionario_id": None,
         "cache": "850.50", "nome": "Vitor Vídeo"}]}
    assert resposta.get_json() == esperado and cliente.get(caminho).get_json() == esperado
    # Saving the same team again writes nothing; an empty one clears it.
    auditorias = "SELECT count(*) AS n FROM plataforma.auditoria WHERE entidade = 'equipe_evento'"
    assert sql_dono(auditorias, empresa_id=empresa)[0]["n"] == 1
    assert cliente.put(caminho, json={"equipe": equipe}).get_json() == esperado
    assert sql_dono(auditorias, empresa_id=empresa)[0]["n"] == 1
    # A person who left stays valid in a team (an old evento saved again).
    assert cliente.put(caminho, json={"equipe": [{"papel": "assistente", "usuario_id": pessoas["saiu"]}]}).status_code == 200
    assert cliente.put(caminho, json={"equipe": []}).get_json() == {"equipe": []}


def test_a_leitura_do_contrato_mostra_so_a_empresa(como, empresa, pessoas, evento, database):
    como(empresa).put(f"/api/eventos/{evento['id']}/equipe",
                      json={"equipe": [{"papel": "fotografo_principal", "usuario_id": pessoas["fernanda"]}]})
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            for emp, esperado in ((empresa, 1), (empresa + 100000, 0)):
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(emp),))
                cur.execute("SELECT evento_id, papel, usuario_id, fornecedor_id FROM operacional.v_equipe_eventos")
                assert len(cur.fetchall()) == esperado
                cur.execute("SELECT usuario_id, nome, ativo FROM auth.v_membros ORDER BY nome")
                assert len(cur.fetchall()) == (2 if esperado else 0)
    finally:
        conn.close()


def test_validacao_da_equipe_nomeia_cada_campo(como, empresa, pessoas, evento):
    caminho = f"/api/eventos/{evento['id']}/equipe"

    def campos(*membros):
        resposta = como(empresa).put(caminho, json={"equipe": list(membros)})
        assert resposta.status_code == 400
        return resposta.get_json()["campos"]

    assert campos({"papel": "assistente"}) == {"equipe.0": "Informe usuario_id, fornecedor_id ou funcionario_id (um dos três)"}
    assert campos({"papel": "assistente", "usuario_id": pessoas["fernanda"], "fornecedor_id": pessoas["vitor"]}) == {
        "equipe.0": "Informe usuario_id, fornecedor_id ou funcionario_id (um dos três)"}
    assert "equipe.0.papel" in campos({"papel": "piloto", "usuario_id": pessoas["fernanda"]})
    assert campos({"papel": "outro", "fornecedor_id": pessoas["vitor"], "cache": "-1"}) == {
        "equipe.0.cache": "O cachê não pode ser negativo"}
    # Another empresa's people are as unknown as people who never existed.
    assert campos({"papel": "outro", "usuario_id": pessoas["fernanda"]},
                  {"papel": "outro", "usuario_id": pessoas["alheio"]},
                  {"papel": "outro", "fornecedor_id": pessoas["fornecedor_alheio"]},
                  {"papel": "outro", "fornecedor_id": 999999}) == {
        "equipe.1.usuario_id": "Usuário não encontrado nesta empresa",
        "equipe.2.fornecedor_id": "Fornecedor não encontrado",
        "equipe.3.fornecedor_id": "Fornecedor não encontrado"}
    assert campos({"papel": "outro", "usuario_id": pessoas["fernanda"]},
                  {"papel": "assistente", "usuario_id": pessoas["fernanda"]}) == {
        "equipe.1.usuario_id": "Fernanda Lima já está na equipe"}
    assert como(empresa).get(caminho).get_json() == {"equipe": []}


def test_as_funcoes_da_equipe_servem_a_agenda(app, empresa, pessoas):
    """operacional/equipe.py is shared with the agenda's sessões: its three functions directly."""
    from shared.errors import Validacao

    from operacional import equipe

    with app.app_context():
        with app.extensions["erp"].db.transacao(empresa) as cur:
            membros = [{"usuario_id": pessoas["fernanda"]}, {"fornecedor_id": pessoas["vitor"], "usuario_id": None}]
            equipe.validar_membros(cur, membros)
            assert [m["nome"] for m in equipe.nomes(cur, membros)] == ["Fernanda Lima", "Vitor Vídeo"]
            assert {m["nome"] for m in equipe.membros_da_empresa(cur)} == {"Fernanda Lima", "Vitor Vídeo"}
            with pytest.raises(Validacao) as erro:
                equipe.validar_membros(cur, [{"fornecedor_id": pessoas["fornecedor_alheio"]}], campo="equipe")
            assert erro.value.campos == {"equipe.0.fornecedor_id": "Fornecedor não encontrado"}
