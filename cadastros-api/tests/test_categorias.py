"""/api/categorias: the chart of categories, a tree whose codes follow the positions.

Each test works in an empresa of its own (ids from `_empresas`), so trees never mix.
"""
import json
import threading

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.eventos import chave_geracao









def nova(cliente, nome, tipo="DESPESA", parent_id=None) -> dict:
    resposta = cliente.post("/api/categorias", json={"nome": nome, "tipo": tipo, "parent_id": parent_id})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def codigos(cliente, **filtros) -> dict[str, str]:
    """nome -> codigo of every category listed (one page of up to 500)."""
    itens = cliente.get("/api/categorias", query_string={"limit": 500, **filtros}).get_json()["items"]
    return {c["nome"]: c["codigo"] for c in itens}


def campos(resposta) -> dict:
    assert resposta.status_code == 400, resposta.get_json()
    assert resposta.get_json()["code"] == "validacao"
    return resposta.get_json()["campos"]


# ---------------------------------------------------------------- creating and reading


def test_criar_anexa_ao_fim_e_o_codigo_segue_a_posicao(cliente):
    receitas = nova(cliente, "Receitas", "RECEITA")
    despesas = nova(cliente, "Despesas")
    servicos = nova(cliente, "Serviços", "RECEITA", receitas["id"])
    ensaios = nova(cliente, "Ensaios", "RECEITA", servicos["id"])
    casamentos = nova(cliente, "Casamentos", "RECEITA", servicos["id"])
    vendas = nova(cliente, "Vendas", "RECEITA", receitas["id"])

    assert {k: receitas[k] for k in ("nome", "tipo", "parent_id", "codigo", "nivel", "ordem", "ativa")} == {
        "nome": "Receitas", "tipo": "RECEITA", "parent_id": None, "codigo": "1", "nivel": 1, "ordem": 0, "ativa": True}
    assert (despesas["codigo"], servicos["codigo"], vendas["codigo"]) == ("2", "1.01", "1.02")
    assert (ensaios["codigo"], ensaios["nivel"], casamentos["codigo"], casamentos["ordem"]) == ("1.01.01", 3, "1.01.02", 1)
    assert set(ensaios) == {"id", "nome", "tipo", "parent_id", "codigo", "nivel", "ordem", "ativa", "grupo_dre",
                            "criado_em", "atualizado_em"}

    assert cliente.get(f"/api/categorias/{casamentos['id']}").get_json() == casamentos
    itens = cliente.get("/api/categorias").get_json()
    assert [c["codigo"] for c in itens["items"]] == ["1", "1.01", "1.01.01", "1.01.02", "1.02", "2"]
    assert itens["next_cursor"] is None


def test_codigos_com_mais_de_nove_e_de_cem_irmas(cliente):
    raizes = [nova(cliente, f"Raiz {n}") for n in range(11)]
    filhas = [nova(cliente, f"Filha {n}", parent_id=raizes[0]["id"]) for n in range(101)]

    assert raizes[10]["codigo"] == "11"
    assert (filhas[0]["codigo"], filhas[9]["codigo"], filhas[100]["codigo"]) == ("1.01", "1.10", "1.101")
    listados = [c["codigo"] for c in cliente.get("/api/categorias", query_string={"limit": 500}).get_json()["items"]]
    # Code order is the tree's order, not the text's: "1.101" after "1.99", "11" after "10".
    assert listados[99:104] == ["1.99", "1.100", "1.101", "2", "3"] and listados[-2:] == ["10", "11"]


def test_listagem_pagina_em_ordem_de_codigo_e_filtra(cliente):
    receitas = nova(cliente, "Receitas", "RECEITA")
    nova(cliente, "Água e Luz", parent_id=nova(cliente, "Despesas")["id"])
    for nome in ("Ensaios", "Álbuns", "Agência"):
        nova(cliente, nome, "RECEITA", receitas["id"])

    vistos, pagina = [], {"next_cursor": None}
    while True:
        consulta = {"limit": 2, **({"cursor": pagina["next_cursor"]} if pagina["next_cursor"] else {})}
        pagina = cliente.get("/api/categorias", query_string=consulta).get_json()
        vistos += [c["codigo"] for c in pagina["items"]]
        if pagina["next_cursor"] is None:
            break
    assert vistos == ["1", "1.01", "1.02", "1.03", "2", "2.01"]

    assert list(codigos(cliente, tipo="DESPESA")) == ["Despesas", "Água e Luz"]
    assert list(codigos(cliente, q="AGU")) == ["Água e Luz"]  # case and accents ignored
    assert list(codigos(cliente, q="ág")) == ["Agência", "Água e Luz"]
    assert list(codigos(cliente, q="luz AGUA")) == ["Água e Luz"]  # every word, in any order
    assert codigos(cliente, q="%") == {}
    assert codigos(cliente, q="e luz", tipo="RECEITA") == {}


def test_arvore_aninha_e_filtra(cliente):
    receitas = nova(cliente, "Receitas", "RECEITA")
    despesas = nova(cliente, "Despesas")
    fixas = nova(cliente, "Fixas", parent_id=despesas["id"])
    aluguel = nova(cliente, "Aluguel", parent_id=fixas["id"])
    nova(cliente, "Internet", parent_id=fixas["id"])
    cliente.put(f"/api/categorias/{aluguel['id']}", json={"ativa": False})

    def resumo(nos):
        return [(n["codigo"], n["nome"], resumo(n["filhos"])) for n in nos]

    todas = cliente.get("/api/categorias/arvore").get_json()
    assert resumo(todas["items"]) == [
        ("1", "Receitas", []),
        ("2", "Despesas", [("2.01", "Fixas", [("2.01.01", "Aluguel", []), ("2.01.02", "Internet", [])])]),
    ]
    assert todas["items"][0] == {**cliente.get(f"/api/categorias/{receitas['id']}").get_json(), "filhos": []}
    assert resumo(cliente.get("/api/categorias/arvore?tipo=DESPESA&ativa=true").get_json()["items"]) == [
        ("2", "Despesas", [("2.01", "Fixas", [("2.01.02", "Internet", [])])])]
    # An inactive category under an active parent comes at the top; its code says where it lives.
    assert resumo(cliente.get("/api/categorias/arvore?ativa=false").get_json()["items"]) == [
        ("2.01.01", "Aluguel", [])]
    assert campos(cliente.get("/api/categorias/arvore?tipo=OUTRO")) == {"tipo": "Valor inválido; use 'RECEITA' ou 'DESPESA'"}


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({}, "nome", "Campo obrigatório"),
    ({"nome": ""}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "   "}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "x" * 101}, "nome", "Deve ter no máximo 100 caracteres"),
    ({"nome": "a\u0000b"}, "nome", "Texto contém caracteres inválidos"),
    ({"nome": 5}, "nome", "Deve ser um texto"),
    ({"tipo": "receita"}, "tipo", "Valor inválido; use 'RECEITA' ou 'DESPESA'"),
    ({"tipo": None}, "tipo", "Valor inválido; use 'RECEITA' ou 'DESPESA'"),
    ({"parent_id": "7"}, "parent_id", "Deve ser um número inteiro"),
    ({"parent_id": True}, "parent_id", "Deve ser um número inteiro"),
    ({"parent_id": 0}, "parent_id", "Deve ser maior ou igual a 1"),
    ({"parent_id": 2**63}, "parent_id", "Deve ser menor ou igual a 9223372036854775807"),
    ({"ordem": 1}, "ordem", "Campo desconhecido"),
])
def test_validacao_da_criacao_nomeia_o_campo(cliente, corpo, campo, mensagem):
    base = {"nome": "Válida", "tipo": "DESPESA"}
    resposta = cliente.post("/api/categorias", json={**(base if corpo else {}), **corpo})
    assert campos(resposta)[campo] == mensagem


def test_a_mae_deve_existir_na_empresa_ter_o_mesmo_tipo_e_estar_ativa(cliente, como, nova_empresa):
    receitas = nova(cliente, "Receitas", "RECEITA")
    de_outra = nova(como(nova_empresa()), "Alheia", "RECEITA")
    inativa = nova(cliente, "Inativa", "RECEITA")
    cliente.put(f"/api/categorias/{inativa['id']}", json={"ativa": False})

    def criar_sob(mae_id, tipo="RECEITA"):
        return campos(cliente.post("/api/categorias", json={"nome": "Filha", "tipo": tipo, "parent_id": mae_id}))

    assert criar_sob(de_outra["id"]) == {"parent_id": "Categoria mãe não encontrada"}
    assert criar_sob(9_000_000) == {"parent_id": "Categoria mãe não encontrada"}
    assert criar_sob(receitas["id"], "DESPESA") == {
        "parent_id": "A categoria mãe é de receita; a subcategoria deve ser do mesmo tipo"}
    assert criar_sob(inativa["id"]) == {"parent_id": "A categoria mãe está inativa; ative-a antes"}


def test_no_maximo_quatro_niveis(cliente):
    mae = None
    for nivel in range(1, 5):
        mae = nova(cliente, f"Nível {nivel}", parent_id=mae and mae["id"])
    assert (mae["codigo"], mae["nivel"]) == ("1.01.01.01", 4)

    resposta = cliente.post("/api/categorias", json={"nome": "Nível 5", "tipo": "DESPESA", "parent_id": mae["id"]})
    assert campos(resposta) == {"parent_id": "O plano de contas tem no máximo 4 níveis"}


def test_nome_unico_entre_irmas_sem_diferenca_de_acento_e_maiuscula(cliente):
    despesas = nova(cliente, "Despesas")
    nova(cliente, "Água", parent_id=despesas["id"])
    outra_mae = nova(cliente, "Outras")

    for nome, mae in (("agua", despesas["id"]), ("DESPESAS", None)):
        resposta = cliente.post("/api/categorias", json={"nome": nome, "tipo": "DESPESA", "parent_id": mae})
        assert resposta.status_code == 409
        assert resposta.get_json()["code"] == "conflito"
        assert resposta.get_json()["campos"] == {"nome": "Já existe uma categoria com este nome no mesmo nível"}
    assert nova(cliente, "Água", parent_id=outra_mae["id"])["codigo"] == "2.01"  # another level: fine


# ---------------------------------------------------------------- changing


def test_put_renomeia_e_mantem_o_resto(cliente):
    categoria = nova(cliente, "Aluguel")

    resposta = cliente.put(f"/api/categorias/{categoria['id']}", json={"nome": "  Aluguel do estúdio "})

    assert resposta.status_code == 200
    alterada = resposta.get_json()
    assert alterada["nome"] == "Aluguel do estúdio" and alterada["atualizado_em"] > categoria["atualizado_em"]
    assert {k: v for k, v in alterada.items() if k not in ("nome", "atualizado_em")} == {
        k: v for k, v in categoria.items() if k not in ("nome", "atualizado_em")}
    assert cliente.put(f"/api/categorias/{categoria['id']}", json={}).get_json() == alterada
    assert codigos(cliente, q="estudio") == {"Aluguel do estúdio": "1"}
    nova(cliente, "Luz")
    assert cliente.put(f"/api/categorias/{categoria['id']}", json={"nome": "LUZ"}).status_code == 409
    assert campos(cliente.put(f"/api/categorias/{categoria['id']}", json={"nome": ""})) == {
        "nome": "Deve ter pelo menos 1 caractere(s)"}
    assert campos(cliente.put(f"/api/categorias/{categoria['id']}", json={"tipo": "RECEITA"})) == {
        "tipo": "Campo desconhecido"}
    assert campos(cliente.put(f"/api/categorias/{categoria['id']}", json={"ativa": "talvez"})) == {
        "ativa": "Deve ser verdadeiro ou falso"}


def test_desativar_leva_as_subcategorias_e_ativar_exige_a_mae_ativa(cliente):
    despesas = nova(cliente, "Despesas")
    fixas = nova(cliente, "Fixas", parent_id=despesas["id"])
    aluguel = nova(cliente, "Aluguel", parent_id=fixas["id"])
    variaveis = nova(cliente, "Variáveis", parent_id=despesas["id"])

    desativada = cliente.put(f"/api/categorias/{fixas['id']}", json={"ativa": False})

    assert desativada.status_code == 200 and desativada.get_json()["ativa"] is False
    assert codigos(cliente, ativa="false") == {"Fixas": "1.01", "Aluguel": "1.01.01"}
    assert codigos(cliente, ativa="true") == {"Despesas": "1", "Variáveis": "1.02"}

    resposta = cliente.put(f"/api/categorias/{aluguel['id']}", json={"ativa": True})
    assert campos(resposta) == {"ativa": "A categoria mãe está inativa; ative-a antes"}
    assert cliente.put(f"/api/categorias/{fixas['id']}", json={"ativa": True}).get_json()["ativa"] is True
    assert cliente.get(f"/api/categorias/{aluguel['id']}").get_json()["ativa"] is False  # no cascade up
    assert cliente.put(f"/api/categorias/{aluguel['id']}", json={"ativa": True}).get_json()["ativa"] is True
    assert cliente.get(f"/api/categorias/{variaveis['id']}").get_json()["ativa"] is True


# ---------------------------------------------------------------- moving


def mover(cliente, categoria, parent_id, posicao):
    return cliente.post(f"/api/categorias/{categoria['id']}/mover", json={"parent_id": parent_id, "posicao": posicao})


def test_mover_reordena_entre_irmas_e_entre_maes(cliente, sql_dono, empresa):
    a, b, c = (nova(cliente, nome) for nome in "ABC")
    a1 = nova(cliente, "A1", parent_id=a["id"])
    a11 = nova(cliente, "A11", parent_id=a1["id"])
    nova(cliente, "C1", parent_id=c["id"])

    resposta = mover(cliente, a, None, 2)  # last among the roots
    assert resposta.status_code == 200
    movida = resposta.get_json()
    assert (movida["codigo"], movida["ordem"], movida["parent_id"]) == ("3", 2, None)
    assert codigos(cliente) == {"B": "1", "C": "2", "C1": "2.01", "A": "3", "A1": "3.01", "A11": "3.01.01"}

    mover(cliente, a, None, 0)
    assert codigos(cliente) == {"A": "1", "A1": "1.01", "A11": "1.01.01", "B": "2", "C": "3", "C1": "3.01"}

    movida = mover(cliente, a1, c["id"], 0).get_json()  # to another parent, with its branch
    assert (movida["codigo"], movida["nivel"], movida["parent_id"]) == ("3.01", 2, c["id"])
    assert codigos(cliente) == {"A": "1", "B": "2", "C": "3", "A1": "3.01", "A11": "3.01.01", "C1": "3.02"}

    mover(cliente, a11, None, 10**12)  # past the end: last; a branch may become a root
    assert codigos(cliente)["A11"] == "4"
    assert cliente.get(f"/api/categorias/{a11['id']}").get_json()["nivel"] == 1

    # Positions stay dense on every level.
    ordens = sql_dono("""SELECT parent_id, array_agg(ordem ORDER BY ordem) AS ordens FROM cadastros.categorias
                         WHERE empresa_id = %s GROUP BY parent_id""", (empresa,), empresa_id=empresa)
    assert all(linha["ordens"] == list(range(len(linha["ordens"]))) for linha in ordens)


def test_mover_para_dentro_de_si_ou_de_outro_tipo_ou_fundo_demais_da_400(cliente):
    a = nova(cliente, "A")
    a1 = nova(cliente, "A1", parent_id=a["id"])
    a11 = nova(cliente, "A11", parent_id=a1["id"])
    b = nova(cliente, "B")
    b1 = nova(cliente, "B1", parent_id=b["id"])
    b11 = nova(cliente, "B11", parent_id=b1["id"])
    receitas = nova(cliente, "Receitas", "RECEITA")

    ciclo = "Uma categoria não pode ir para dentro dela mesma nem de uma subcategoria sua"
    assert campos(mover(cliente, a, a["id"], 0)) == {"parent_id": ciclo}
    assert campos(mover(cliente, a, a11["id"], 0)) == {"parent_id": ciclo}
    assert campos(mover(cliente, a, receitas["id"], 0)) == {
        "parent_id": "A categoria mãe é de receita; a subcategoria deve ser do mesmo tipo"}
    # A1's branch has 2 levels: under B11 (level 3) it would reach level 5.
    assert campos(mover(cliente, a1, b11["id"], 0)) == {"parent_id": "O plano de contas tem no máximo 4 níveis"}
    assert mover(cliente, a11, b11["id"], 0).get_json()["codigo"] == "2.01.01.01"
    assert campos(mover(cliente, a, None, -1)) == {"posicao": "Deve ser maior ou igual a 0"}
    assert campos(mover(cliente, a, None, "1")) == {"posicao": "Deve ser um número inteiro"}
    assert campos(cliente.post(f"/api/categorias/{a['id']}/mover", json={"posicao": 0})) == {
        "parent_id": "Campo obrigatório"}
    assert codigos(cliente) == {"A": "1", "A1": "1.01", "B": "2", "B1": "2.01", "B11": "2.01.01",
                                "A11": "2.01.01.01", "Receitas": "3"}


def test_mover_ativa_para_mae_inativa_e_nome_repetido(cliente):
    a = nova(cliente, "A")
    nova(cliente, "Luz", parent_id=a["id"])
    luz = nova(cliente, "luz")
    inativa = nova(cliente, "Inativa")
    cliente.put(f"/api/categorias/{inativa['id']}", json={"ativa": False})

    assert campos(mover(cliente, luz, inativa["id"], 0)) == {"parent_id": "A categoria mãe está inativa; ative-a antes"}
    repetido = mover(cliente, luz, a["id"], 0)
    assert repetido.status_code == 409 and repetido.get_json()["campos"] == {
        "nome": "Já existe uma categoria com este nome no mesmo nível"}
    cliente.put(f"/api/categorias/{luz['id']}", json={"ativa": False})
    # Inactive under inactive: fine; the roots close up, so Inativa is now the 2nd.
    assert mover(cliente, luz, inativa["id"], 0).get_json()["codigo"] == "2.01"


# ---------------------------------------------------------------- deleting


def test_excluir_fecha_a_lacuna_e_recusa_com_subcategorias(cliente):
    a, b, c = (nova(cliente, nome) for nome in "ABC")
    c1 = nova(cliente, "C1", parent_id=c["id"])

    assert cliente.delete(f"/api/categorias/{a['id']}").status_code == 204
    assert cliente.get(f"/api/categorias/{a['id']}").status_code == 404
    assert codigos(cliente) == {"B": "1", "C": "2", "C1": "2.01"}

    resposta = cliente.delete(f"/api/categorias/{c['id']}")
    assert resposta.status_code == 409
    assert resposta.get_json() == {"error": "Esta categoria tem subcategorias; exclua-as ou mova-as antes",
                                   "code": "conflito"}
    assert cliente.delete(f"/api/categorias/{c1['id']}").status_code == 204
    assert cliente.delete(f"/api/categorias/{c['id']}").status_code == 204
    assert codigos(cliente) == {"B": "1"}


def test_excluir_categoria_em_uso_da_409_e_nada_muda(cliente, sql_dono, empresa):
    # A table of another module (financeiro's lançamentos, to come) referencing categorias.
    sql_dono("""CREATE TABLE IF NOT EXISTS public.usa_categoria (
                    empresa_id bigint NOT NULL, categoria_id bigint NOT NULL,
                    FOREIGN KEY (empresa_id, categoria_id) REFERENCES cadastros.categorias (empresa_id, id))""")
    usada = nova(cliente, "Usada")
    irma = nova(cliente, "Irmã")
    sql_dono("INSERT INTO public.usa_categoria VALUES (%s, %s)", (empresa, usada["id"]), empresa_id=empresa)

    resposta = cliente.delete(f"/api/categorias/{usada['id']}")

    assert resposta.status_code == 409
    assert resposta.get_json()["error"] == ("A categoria está em uso em lançamentos; desative-a para que não "
                                            "apareça mais nas escolhas")
    assert cliente.get(f"/api/categorias/{usada['id']}").get_json() == usada
    assert cliente.get(f"/api/categorias/{irma['id']}").get_json()["codigo"] == "2"
    assert cliente.put(f"/api/categorias/{usada['id']}", json={"ativa": False}).status_code == 200


# ---------------------------------------------------------------- tenancy, permissions, audit, events


def test_categoria_de_outra_empresa_nao_existe(cliente, como, nova_empresa):
    outra = como(nova_empresa())
    alheia = nova(outra, "Alheia")
    filha_alheia = nova(outra, "Filha alheia", parent_id=alheia["id"])
    minha = nova(cliente, "Minha")
    caminho = f"/api/categorias/{alheia['id']}"

    assert cliente.get(caminho).status_code == 404
    assert cliente.put(caminho, json={"nome": "Roubada"}).status_code == 404
    assert cliente.delete(caminho).status_code == 404
    assert cliente.post(f"{caminho}/mover", json={"parent_id": None, "posicao": 0}).status_code == 404
    assert campos(mover(cliente, minha, alheia["id"], 0)) == {"parent_id": "Categoria mãe não encontrada"}
    assert codigos(cliente) == {"Minha": "1"}
    assert [n["nome"] for n in cliente.get("/api/categorias/arvore").get_json()["items"]] == ["Minha"]
    assert outra.get(caminho).get_json() == alheia  # untouched
    assert outra.get(f"/api/categorias/{filha_alheia['id']}").get_json()["codigo"] == "1.01"


def test_permissoes(como, empresa):
    escritor = como(empresa)
    leitor = como(empresa, perms=("cadastros:ler",))
    estranho = como(empresa, perms=("rh:escrever",))
    categoria = nova(escritor, "Aluguel")

    assert leitor.get("/api/categorias").status_code == 200
    assert leitor.get("/api/categorias/arvore").status_code == 200
    assert leitor.get(f"/api/categorias/{categoria['id']}").status_code == 200
    for metodo, caminho, corpo in [
        ("post", "/api/categorias", {"nome": "X", "tipo": "DESPESA"}),
        ("put", f"/api/categorias/{categoria['id']}", {"nome": "X"}),
        ("post", f"/api/categorias/{categoria['id']}/mover", {"parent_id": None, "posicao": 0}),
        ("delete", f"/api/categorias/{categoria['id']}", None),
    ]:
        resposta = getattr(leitor, metodo)(caminho, json=corpo)
        assert resposta.status_code == 403 and resposta.get_json()["code"] == "sem_permissao"
    assert estranho.get("/api/categorias").status_code == 403


def test_escritas_sao_auditadas_e_publicam_evento(cliente, empresa, sql_dono, redis_url):
    with redis.Redis.from_url(redis_url) as r:
        geracao = int(r.get(chave_geracao(empresa, "cadastros")) or 0)
        mae = nova(cliente, "Mãe")
        filha = nova(cliente, "Filha", parent_id=mae["id"])
        cliente.put(f"/api/categorias/{mae['id']}", json={"ativa": False})  # 2 changed: mãe and filha
        cliente.put(f"/api/categorias/{mae['id']}", json={"ativa": False})  # nothing changes
        irma = nova(cliente, "Irmã")
        mover(cliente, irma, None, 0)
        mover(cliente, irma, None, 0)  # already there
        cliente.delete(f"/api/categorias/{irma['id']}")
        assert int(r.get(chave_geracao(empresa, "cadastros"))) == geracao + 7

    trilha = sql_dono("""SELECT acao, entidade_id, antes, depois FROM plataforma.auditoria
                         WHERE empresa_id = %s AND entidade = 'categoria' ORDER BY id""", (empresa,), empresa_id=empresa)
    assert [(t["acao"], int(t["entidade_id"])) for t in trilha] == [
        ("criar", mae["id"]), ("criar", filha["id"]), ("alterar", mae["id"]), ("alterar", filha["id"]),
        ("criar", irma["id"]), ("mover", irma["id"]), ("excluir", irma["id"])]
    assert trilha[3]["antes"]["ativa"] is True and trilha[3]["depois"]["ativa"] is False
    assert (trilha[5]["antes"]["codigo"], trilha[5]["depois"]["codigo"]) == ("2", "1")
    assert trilha[6]["antes"]["nome"] == "Irmã" and trilha[6]["depois"] is None


# ---------------------------------------------------------------- concurrency


def _em_paralelo(funcoes) -> list:
    resultados = [None] * len(funcoes)
    barreira = threading.Barrier(len(funcoes))

    def rodar(i):
        barreira.wait()
        resultados[i] = funcoes[i]()

    threads = [threading.Thread(target=rodar, args=(i,)) for i in range(len(funcoes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return resultados


def test_criacoes_simultaneas_ganham_posicoes_distintas(como, empresa, sql_dono):
    mae = nova(como(empresa), "Mãe")

    def criar(nome, parent_id):
        corpo = {"nome": nome, "tipo": "DESPESA", "parent_id": parent_id}
        return lambda: como(empresa).post("/api/categorias", json=corpo)

    # Five at once (the app's pool size): two of them are the first children of a category with none.
    respostas = _em_paralelo([criar(f"Raiz {n}", None) for n in range(3)]
                             + [criar(f"Filha {n}", mae["id"]) for n in range(2)])

    assert [r.status_code for r in respostas] == [201] * 5
    assert sorted(r.get_json()["codigo"] for r in respostas) == ["1.01", "1.02", "2", "3", "4"]


def test_movimentos_cruzados_simultaneos_nao_fazem_ciclo(como, empresa):
    cliente = como(empresa)
    a, b = nova(cliente, "A"), nova(cliente, "B")

    respostas = _em_paralelo([lambda: mover(como(empresa), a, b["id"], 0), lambda: mover(como(empresa), b, a["id"], 0)])

    assert sorted(r.status_code for r in respostas) == [200, 400]
    assert sorted(codigos(cliente).values()) == ["1", "1.01"]  # one inside the other, both reachable


# ---------------------------------------------------------------- no input makes a 500

LIXO = [
    (b"{nao e json", "application/json"),
    (b"", "application/json"),
    (b"[]", "application/json"),
    (b"null", "application/json"),
    (b"1e999", "application/json"),
    (b'{"parent_id": NaN}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"[" * 50000 + b"]" * 50000, "application/json"),
    (b'{"nome": "a"}', "text/plain"),
    (json.dumps({"nome": "n" * 1_000_000, "tipo": "DESPESA"}).encode(), "application/json"),
    (json.dumps({"nome": "\u0000", "tipo": "\u0000"}).encode(), "application/json"),
    (json.dumps({"nome": [], "tipo": 1, "parent_id": 10**30, "ativa": "x", "posicao": 10**30}).encode(),
     "application/json"),
    (json.dumps({"parent_id": 1.5, "posicao": 1.0}).encode(), "application/json"),
    (b'{"parent_id": 1e999, "posicao": -1e999}', "application/json"),
]


def _sem_500(resposta):
    assert resposta.status_code < 500, resposta.get_data(as_text=True)[:300]
    if resposta.status_code >= 400:
        assert set(resposta.get_json()) >= {"error", "code"}


def test_corpos_invalidos_dao_4xx(cliente):
    alvo = nova(cliente, "Alvo")["id"]
    for metodo, rota in [("post", "/api/categorias"), ("put", f"/api/categorias/{alvo}"),
                         ("post", f"/api/categorias/{alvo}/mover")]:
        for corpo, tipo in LIXO:
            resposta = getattr(cliente, metodo)(rota, data=corpo, content_type=tipo)
            _sem_500(resposta)
            assert resposta.status_code in (400, 415), (rota, corpo[:80], resposta.get_json())


def test_consultas_e_caminhos_invalidos(cliente):
    for url in ["/api/categorias?limit=0", "/api/categorias?limit=501", "/api/categorias?ativa=talvez",
                "/api/categorias?tipo=x", "/api/categorias?q=%00", "/api/categorias?q=" + "x" * 101,
                "/api/categorias?cursor=lixo", "/api/categorias?cursor=bnVsbA",  # null
                "/api/categorias?cursor=eyJjYW1pbmhvIjpbXX0",  # {"caminho":[]}
                "/api/categorias?cursor=eyJjYW1pbmhvIjpbMSwyLDMsNCw1XX0",  # 5 levels
                "/api/categorias?cursor=eyJjYW1pbmhvIjpbMTAwMDAwMDAwMDAwXX0",  # beyond int
                "/api/categorias?cursor=eyJjYW1pbmhvIjpbdHJ1ZV19",  # [true]
                "/api/categorias?cursor=eyJjYW1pbmhvIjoiMSJ9",  # "1"
                "/api/categorias?extra=1", "/api/categorias/arvore?q=x"]:
        resposta = cliente.get(url)
        _sem_500(resposta)
        assert resposta.status_code == 400, url
    for metodo, url, corpo in [("get", "/api/categorias/abc", None), ("get", "/api/categorias/0", None),
                               ("get", "/api/categorias/-1", None),
                               ("get", "/api/categorias/99999999999999999999999", None),
                               ("put", "/api/categorias/99999999999999999999999", {"nome": "X"}),
                               ("delete", "/api/categorias/9223372036854775808", None),
                               ("post", "/api/categorias/9223372036854775807/mover", {"parent_id": None, "posicao": 0})]:
        resposta = getattr(cliente, metodo)(url, json=corpo)
        _sem_500(resposta)
        assert resposta.status_code == 404, url


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpo=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda filhos: st.lists(filhos, max_size=3) | st.dictionaries(
        st.sampled_from(["nome", "tipo", "parent_id", "ativa", "posicao"]), filhos, max_size=5),
    max_leaves=8,
))
def test_json_arbitrario_nunca_da_500(cliente, corpo):
    for metodo, rota in [("post", "/api/categorias"), ("put", "/api/categorias/1"), ("post", "/api/categorias/1/mover")]:
        _sem_500(getattr(cliente, metodo)(rota, json=corpo))
