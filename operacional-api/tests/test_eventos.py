"""Eventos (issue 17): create, list, read, change, delete; tipos by name; etapas; the centro de
custo made in cadastros (a real cadastros-api in a thread) and retried after it was down; the result
from financeiro; cross-empresa on every id route."""
from datetime import timedelta

import pytest

from shared.config import hoje


@pytest.fixture
def pessoas(sql_dono, empresa):
    """A cliente, a fornecedor (freelancer) and a usuário member of `empresa`, inserted as owner."""
    def um(sql, parametros):
        return sql_dono(sql + " RETURNING id", parametros)[0]["id"]

    sql_dono("INSERT INTO auth.empresas (id, nome) VALUES (%s, %s) ON CONFLICT DO NOTHING", (empresa, f"Estúdio {empresa}"))
    usuario = um("INSERT INTO auth.usuarios (username, nome, senha_hash) VALUES (%s, %s, 'x')",
                 (f"foto{empresa}", "Fernanda Fotógrafa"))
    sql_dono("INSERT INTO auth.membros (empresa_id, usuario_id) VALUES (%s, %s)", (empresa, usuario))
    return {
        "cliente": um("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                         VALUES (%s, 'Ana e Bruno', 'ana e bruno', 'FISICA')""", (empresa,)),
        "fornecedor": um("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                            VALUES (%s, 'Vitor Vídeo', 'vitor video', 'FISICA')""", (empresa,)),
        "usuario": usuario,
    }


def criar(cliente, **corpo):
    resposta = cliente.post("/api/eventos", json={"nome": "Casamento Ana e Bruno", "data_inicio": "2027-05-20", **corpo})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def centro_em_cadastros(sql_dono, evento_id):
    linhas = sql_dono("SELECT id, nome, ativo, origem FROM cadastros.centros_custo WHERE chave_origem = %s",
                      (f"evento:{evento_id}",))
    return linhas[0] if linhas else None


def test_criar_com_tipo_pelo_nome_copia_o_checklist_e_cria_o_centro_de_custo(como, empresa, pessoas, sql_dono):
    cliente = como(empresa)
    evento = criar(cliente, tipo="casamento", cliente_id=pessoas["cliente"], local="Sítio das Flores")
    assert evento["tipo"] == "Casamento" and evento["cliente"] == "Ana e Bruno" and evento["etapa"] == "lead"
    assert evento["data_fim"] is None and evento["local"] == "Sítio das Flores"
    centro = centro_em_cadastros(sql_dono, evento["id"])
    assert centro == {"id": evento["centro_custo_id"], "nome": "Casamento Ana e Bruno (20/05/2027)", "ativo": True,
                      "origem": "evento"}
    assert evento["centro_custo_pendente"] is False
    tarefas = cliente.get(f"/api/eventos/{evento['id']}/tarefas").get_json()["items"]
    assert [(t["titulo"], t["prazo"]) for t in tarefas] == [
        ("Reunião de alinhamento", "2027-03-21"), ("Visita técnica ao local", "2027-04-20"),
        ("Confirmar cronograma", "2027-05-13"), ("Entregar galeria", "2027-06-09"), ("Entregar álbum", "2027-07-19")]
    assert evento["tarefas_pendentes"] == 5 and evento["tarefas_atrasadas"] == 0
    assert cliente.get(f"/api/eventos/{evento['id']}").get_json() == evento
    [auditoria] = sql_dono("SELECT depois FROM plataforma.auditoria WHERE entidade = 'evento' AND acao = 'criar' "
                           "AND entidade_id = %s",
                           (str(evento["id"]),), empresa_id=empresa)
    assert auditoria["depois"]["nome"] == "Casamento Ana e Bruno"


def test_sem_tipo_o_evento_nao_tem_tarefas_e_o_tipo_dado_depois_traz_o_checklist(como, empresa):
    cliente = como(empresa)
    evento = criar(cliente, nome="Ensaio da Carla")
    assert evento["tipo_id"] is None and evento["tarefas_pendentes"] == 0
    alterado = cliente.put(f"/api/eventos/{evento['id']}", json={"tipo": "Ensaio"}).get_json()
    assert alterado["tipo"] == "Ensaio" and alterado["tarefas_pendentes"] == 4
    # An evento that has tarefas keeps them when its tipo changes (some may be done).
    outro = cliente.put(f"/api/eventos/{evento['id']}", json={"tipo": "Gestante"}).get_json()
    assert outro["tipo"] == "Gestante" and outro["tarefas_pendentes"] == 4


def test_validacao_nomeia_o_campo(como, empresa, nova_empresa, sql_dono):
    cliente = como(empresa)
    assert cliente.post("/api/eventos", json={"data_inicio": "2027-01-01"}).get_json()["campos"] == {
        "nome": "Campo obrigatório"}
    datas = cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-10", "data_fim": "2027-01-09"})
    assert datas.status_code == 400 and "data_fim" in datas.get_json()["campos"]
    tipo = cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-10", "tipo": "Bodas"})
    assert tipo.status_code == 400
    assert tipo.get_json()["campos"]["tipo"].startswith("Tipo de evento desconhecido; use um destes: 15 anos, Aniversário")
    assert cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-13-01"}).get_json()["campos"] == {
        "data_inicio": "Data inválida; use AAAA-MM-DD"}
    assert "etapa" in cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-10",
                                                          "etapa": "fechado"}).get_json()["campos"]
    # Another empresa's cliente is as unknown as one that never existed.
    outra = nova_empresa()
    [alheio] = sql_dono("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                           VALUES (%s, 'Alheio', 'alheio', 'FISICA') RETURNING id""", (outra,))
    resposta = cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-10", "cliente_id": alheio["id"]})
    assert resposta.status_code == 400 and resposta.get_json()["campos"] == {"cliente_id": "Cliente não encontrado"}
    assert cliente.get("/api/eventos").get_json()["items"] == []
    assert cliente.put("/api/eventos/1", json={"nome": None}).get_json()["campos"]["nome"].startswith("Não pode ser nulo")


def test_lista_filtra_por_etapa_tipo_cliente_periodo_e_nome_e_pagina(como, empresa, pessoas):
    cliente = como(empresa)
    a = criar(cliente, nome="Casamento Ana", tipo="Casamento", data_inicio="2027-03-01", cliente_id=pessoas["cliente"])
    b = criar(cliente, nome="Formatura Medicina", tipo="Formatura", data_inicio="2027-02-01", etapa="orcamento")
    c = criar(cliente, nome="Ensaio São João", tipo="Ensaio", data_inicio="2027-04-01", etapa="contratado")

    def ids(consulta):
        resposta = cliente.get("/api/eventos" + consulta)
        assert resposta.status_code == 200, resposta.get_json()
        return [e["id"] for e in resposta.get_json()["items"]]

    assert ids("") == [b["id"], a["id"], c["id"]]
    assert ids("?etapa=orcamento&etapa=contratado") == [b["id"], c["id"]]
    assert ids(f"?tipo_id={a['tipo_id']}") == [a["id"]]
    assert ids(f"?cliente_id={pessoas['cliente']}") == [a["id"]]
    assert ids("?de=2027-02-15&ate=2027-03-31") == [a["id"]]
    assert ids("?q=sao joao") == [c["id"]]
    primeira = cliente.get("/api/eventos?limit=2").get_json()
    assert [e["id"] for e in primeira["items"]] == [b["id"], a["id"]]
    assert ids(f"?limit=2&cursor={primeira['next_cursor']}") == [c["id"]]
    assert cliente.get("/api/eventos?cursor=xyz").get_json()["campos"] == {"cursor": "Cursor inválido; recomece a listagem"}
    assert cliente.get("/api/eventos?etapa=fechado").status_code == 400


def test_etapas_avancam_voltam_uma_e_so_reabrem_como_lead(como, empresa):
    cliente = como(empresa)
    evento = criar(cliente)

    def mudar(etapa):
        return cliente.put(f"/api/eventos/{evento['id']}", json={"etapa": etapa})

    assert mudar("contratado").get_json()["etapa"] == "contratado"  # skipping steps forward
    assert mudar("orcamento").get_json()["etapa"] == "orcamento"  # one step back
    assert mudar("em_producao").status_code == 200
    recusada = mudar("orcamento")
    assert recusada.status_code == 400
    assert recusada.get_json()["campos"]["etapa"] == ("Não é possível passar de Em produção para Orçamento: "
                                                      "volte no máximo uma etapa por vez")
    assert mudar("cancelado").get_json()["etapa"] == "cancelado"
    assert mudar("contratado").get_json()["campos"]["etapa"].endswith("um evento encerrado só pode ser reaberto como Lead")
    assert mudar("lead").get_json()["etapa"] == "lead"
    for etapa in ("orcamento", "contratado", "em_producao", "entregue", "concluido"):
        assert mudar(etapa).status_code == 200
    assert mudar("entregue").status_code == 400


def test_mudar_a_data_do_evento_move_os_prazos_das_tarefas(como, empresa):
    cliente = como(empresa)
    evento = criar(cliente, tipo="Batizado", data_inicio="2027-08-10")
    caminho = f"/api/eventos/{evento['id']}"
    assert [t["prazo"] for t in cliente.get(caminho + "/tarefas").get_json()["items"]] == ["2027-08-03", "2027-08-25"]
    movido = cliente.put(caminho, json={"data_inicio": "2027-09-01"}).get_json()
    assert movido["data_inicio"] == "2027-09-01"
    assert [t["prazo"] for t in cliente.get(caminho + "/tarefas").get_json()["items"]] == ["2027-08-25", "2027-09-16"]
    # An evento in the past has its open tarefas overdue.
    passado = (hoje() - timedelta(days=30)).isoformat()
    atrasado = cliente.put(caminho, json={"data_inicio": passado}).get_json()
    assert atrasado["tarefas_atrasadas"] == 2
    assert cliente.put(caminho, json={"data_fim": (hoje() - timedelta(days=31)).isoformat()}).status_code == 400


def test_o_centro_de_custo_espera_cadastros_voltar_e_acompanha_o_nome(como, empresa, vizinhos, sql_dono):
    cliente = como(empresa)
    vizinhos["cadastros-api"].parar()
    evento = criar(cliente, nome="Formatura Direito", data_inicio="2027-12-10")
    assert evento["centro_custo_id"] is None and evento["centro_custo_pendente"] is True
    caminho = f"/api/eventos/{evento['id']}"
    assert cliente.put(caminho, json={"local": "Clube"}).get_json()["centro_custo_pendente"] is True
    tentativa = cliente.post(caminho + "/centro-custo")
    assert tentativa.status_code == 503 and tentativa.get_json()["code"] == "servico_indisponivel"
    assert centro_em_cadastros(sql_dono, evento["id"]) is None

    vizinhos["cadastros-api"].iniciar()
    # Any later write of the evento asks again.
    alterado = cliente.put(caminho, json={"observacoes": "Turma de 2027"}).get_json()
    centro = centro_em_cadastros(sql_dono, evento["id"])
    assert alterado["centro_custo_id"] == centro["id"] and centro["nome"] == "Formatura Direito (10/12/2027)"
    # Renaming or moving the evento renames its centro; asking again changes nothing.
    cliente.put(caminho, json={"nome": "Formatura Direito UFRJ", "data_inicio": "2027-12-11"})
    assert centro_em_cadastros(sql_dono, evento["id"])["nome"] == "Formatura Direito UFRJ (11/12/2027)"
    assert cliente.post(caminho + "/centro-custo").get_json()["centro_custo_id"] == centro["id"]
    # A lost evento's centro leaves cadastros' pickers.
    cliente.put(caminho, json={"etapa": "perdido"})
    assert centro_em_cadastros(sql_dono, evento["id"])["ativo"] is False


def test_a_retentativa_tambem_vem_pela_rota_propria(como, empresa, vizinhos, sql_dono):
    cliente = como(empresa)
    vizinhos["cadastros-api"].parar()
    evento = criar(cliente)
    vizinhos["cadastros-api"].iniciar()
    refeito = cliente.post(f"/api/eventos/{evento['id']}/centro-custo").get_json()
    assert refeito["centro_custo_pendente"] is False
    assert refeito["centro_custo_id"] == centro_em_cadastros(sql_dono, evento["id"])["id"]


def test_excluir_recusa_com_sessoes_e_desativa_o_centro(como, empresa, sql_dono):
    cliente = como(empresa)
    evento = criar(cliente, tipo="Casamento")
    sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, evento_id, uid)
                VALUES (%s, 'Cerimônia', '2027-05-20 16:00-03', '2027-05-20 18:00-03', %s, 'x@erp-web')""",
             (empresa, evento["id"]))
    recusada = cliente.delete(f"/api/eventos/{evento['id']}")
    assert recusada.status_code == 409 and "1 sessão(ões) na agenda" in recusada.get_json()["error"]
    sql_dono("DELETE FROM operacional.sessoes WHERE empresa_id = %s", (empresa,))
    assert cliente.delete(f"/api/eventos/{evento['id']}").status_code == 204
    assert cliente.get(f"/api/eventos/{evento['id']}").status_code == 404
    assert centro_em_cadastros(sql_dono, evento["id"])["ativo"] is False
    assert sql_dono("SELECT count(*) AS n FROM operacional.tarefas_evento WHERE empresa_id = %s",
                    (empresa,), empresa_id=empresa)[0]["n"] == 0


def test_resultado_soma_o_financeiro_do_centro_do_evento(como, empresa, sql_dono):
    cliente = como(empresa)
    evento = criar(cliente)
    vazio = cliente.get(f"/api/eventos/{evento['id']}/resultado").get_json()
    assert vazio["receita"] == "0.00" and vazio["margem_percentual"] is None
    centro, outro = evento["centro_custo_id"], criar(cliente, nome="Outro")["centro_custo_id"]

    def um(sql, parametros):
        return sql_dono(sql + " RETURNING id", parametros)[0]["id"]

    conta = um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                data_saldo_inicial, ativa)
                  VALUES (%s, 'Banco', 'banco', 'CORRENTE', '001', 0, '2020-01-01', true)""", (empresa,))
    categorias = {tipo: um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                              VALUES (%s, %s, %s, %s, %s)""", (empresa, tipo.title(), tipo.lower(), tipo, ordem))
                  for ordem, tipo in enumerate(("RECEITA", "DESPESA"))}

    def lancamento(tipo, valor, rateio, pago=None, cancelado=False):
        lid = um("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                         competencia, categoria_id, conta_id)
                    VALUES (%s, %s, 'x', %s, '2027-05-01', '2027-05-01', %s, %s)""",
                 (empresa, tipo, valor, categorias[tipo], conta))
        for centro_id, parte in rateio:
            sql_dono("INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor) "
                     "VALUES (%s, %s, %s, %s)", (empresa, lid, centro_id, parte))
        if pago:
            sql_dono("INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor) "
                     "VALUES (%s, %s, %s, '2027-05-02', %s)", (empresa, lid, conta, pago))
        if cancelado:
            sql_dono("UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO' "
                     "WHERE empresa_id = %s AND id = %s", (empresa, lid))

    lancamento("RECEITA", "5000.00", [(centro, "5000.00")], pago="2000.00")
    lancamento("RECEITA", "3000.00", [(centro, "3000.00")])
    lancamento("RECEITA", "900.00", [(centro, "900.00")], cancelado=True)
    lancamento("DESPESA", "1000.00", [(centro, "600.00"), (outro, "400.00")], pago="1000.00")
    lancamento("DESPESA", "500.00", [(centro, "500.00")])
    lancamento("DESPESA", "700.00", [])  # no centro: not the evento's
    resultado = cliente.get(f"/api/eventos/{evento['id']}/resultado").get_json()
    assert resultado == {"centro_custo_id": centro, "receita": "8000.00", "custo": "1100.00", "margem": "6900.00",
                         "margem_percentual": "86.25", "recebido": "2000.00", "a_receber": "6000.00",
                         "pago": "600.00", "a_pagar": "500.00"}


def test_outra_empresa_nao_ve_nem_altera_o_evento(como, empresa, nova_empresa):
    evento = criar(como(empresa), tipo="Casamento")
    tarefa = como(empresa).get(f"/api/eventos/{evento['id']}/tarefas").get_json()["items"][0]
    intruso = como(nova_empresa())
    caminho = f"/api/eventos/{evento['id']}"
    for metodo, sufixo, corpo in [("get", "", None), ("put", "", {"nome": "Meu"}), ("delete", "", None),
                                  ("get", "/resultado", None), ("post", "/centro-custo", None),
                                  ("get", "/equipe", None), ("put", "/equipe", {"equipe": []}),
                                  ("get", "/tarefas", None), ("post", "/tarefas", {"titulo": "X", "dias": 1}),
                                  ("put", f"/tarefas/{tarefa['id']}", {"concluida": True}),
                                  ("delete", f"/tarefas/{tarefa['id']}", None)]:
        resposta = getattr(intruso, metodo)(caminho + sufixo, json=corpo)
        assert resposta.status_code == 404, (metodo, sufixo, resposta.get_json())
    assert intruso.get("/api/eventos").get_json()["items"] == []
    assert como(empresa).get(caminho).get_json()["nome"] == evento["nome"]
    assert como(empresa).get(caminho + "/tarefas").get_json()["items"][0]["concluida"] is False


def test_ler_basta_para_ler_e_nao_para_escrever(como, empresa):
    evento = criar(como(empresa))
    leitor = como(empresa, perms=("operacional:ler",))
    assert leitor.get(f"/api/eventos/{evento['id']}").status_code == 200
    assert leitor.put(f"/api/eventos/{evento['id']}", json={"nome": "Y"}).status_code == 403
    assert leitor.post("/api/eventos", json={"nome": "Y", "data_inicio": "2027-01-01"}).status_code == 403
