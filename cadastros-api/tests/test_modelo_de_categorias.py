"""POST /api/categorias/modelo: the studio's suggested chart of categories, added to what an
empresa has without repeating a name (cadastros/modelo_de_categorias.py).

Each test works in an empresa of its own, so trees never mix.
"""
import threading

import redis

from shared.eventos import chave_geracao
from shared.texto import normalizar

from cadastros import modelo_de_categorias
from cadastros.categorias import MAX_NIVEIS
from cadastros.routes.categorias import NovaCategoria

MODELO = "/api/categorias/modelo"


def _achatar(nos, tipo=None, mae=None, nivel=1):
    """(nome, tipo, nome da mãe, nível) of every category of the model, in its order."""
    linhas = []
    for no in nos:
        proprio = getattr(no, "tipo", tipo)
        linhas.append((no.nome, proprio, mae, nivel))
        linhas += _achatar(no.subcategorias, proprio, no.nome, nivel + 1)
    return linhas


ESPERADO = _achatar(modelo_de_categorias.raizes())


def plano(cliente) -> list[tuple]:
    """(nome, tipo, nome da mãe, nível) of every category of the empresa, in code order."""
    itens = cliente.get("/api/categorias", query_string={"limit": 500}).get_json()["items"]
    nomes = {c["id"]: c["nome"] for c in itens}
    return [(c["nome"], c["tipo"], nomes.get(c["parent_id"]), c["nivel"]) for c in itens]


def nova(cliente, nome, tipo="DESPESA", parent_id=None) -> dict:
    resposta = cliente.post("/api/categorias", json={"nome": nome, "tipo": tipo, "parent_id": parent_id})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def test_o_modelo_e_um_plano_de_estudio_valido():
    nomes = [normalizar(nome) for nome, *_ in ESPERADO]
    assert len(nomes) == len(set(nomes)), "names are unique in the whole chart: the model finds them by name"
    assert max(nivel for *_, nivel in ESPERADO) <= MAX_NIVEIS
    for nome, tipo, *_ in ESPERADO:
        NovaCategoria(nome=nome, tipo=tipo)  # what the API would accept
    raizes = {nome: tipo for nome, tipo, mae, _ in ESPERADO if mae is None}
    assert {"Casamentos", "Ensaios", "Formaturas", "Eventos corporativos", "Álbuns e impressões"} <= {
        n for n, t in raizes.items() if t == "RECEITA"}
    assert {"Aluguel e condomínio", "Equipamentos", "Freelancers", "Marketing", "Impostos",
            "Tarifas bancárias e de cartão", "Software e assinaturas"} <= {n for n, t in raizes.items() if t == "DESPESA"}
    assert ("Manutenção", "DESPESA", "Equipamentos", 2) in ESPERADO


def test_numa_empresa_sem_categorias_cria_o_modelo_inteiro_auditado_e_publicado(cliente, empresa, sql_dono, redis_url):
    with redis.Redis.from_url(redis_url) as r:
        geracao = int(r.get(chave_geracao(empresa, "cadastros")) or 0)
        resposta = cliente.post(MODELO)
        assert int(r.get(chave_geracao(empresa, "cadastros"))) == geracao + len(ESPERADO)

    assert resposta.status_code == 201, resposta.get_json()
    assert resposta.get_json() == {"criadas": len(ESPERADO), "existentes": 0}
    assert plano(cliente) == ESPERADO
    trilha = sql_dono("""SELECT acao, count(*) AS n FROM plataforma.auditoria
                         WHERE empresa_id = %s AND entidade = 'categoria' GROUP BY acao""", (empresa,))
    assert {t["acao"]: t["n"] for t in trilha} == {"criar": len(ESPERADO)}


def test_aplicar_de_novo_nao_cria_nada(cliente, empresa, sql_dono):
    assert cliente.post(MODELO, json={}).status_code == 201
    antes = plano(cliente)

    resposta = cliente.post(MODELO, json={"modelo": "estudio_fotografia"})

    assert resposta.status_code == 201
    assert resposta.get_json() == {"criadas": 0, "existentes": len(ESPERADO)}
    assert plano(cliente) == antes
    assert sql_dono("SELECT count(*) AS n FROM plataforma.auditoria WHERE empresa_id = %s", (empresa,))[0]["n"] == len(ESPERADO)


def test_categorias_que_ja_existem_pelo_nome_ficam_como_estao(cliente):
    # Already there, in other cases and accents and places: kept, and nothing of the same name added.
    minhas = nova(cliente, "Minhas receitas", "RECEITA")
    nova(cliente, "CASAMENTOS", "RECEITA", minhas["id"])
    aluguel = nova(cliente, "aluguel e condominio")
    nova(cliente, "Água", parent_id=aluguel["id"])
    nova(cliente, "Marketing", "RECEITA")  # the other tipo: its subcategories of the model stay out
    freelancers = nova(cliente, "Freelancers")
    cliente.put(f"/api/categorias/{freelancers['id']}", json={"ativa": False})  # inactive: the same

    resposta = cliente.post(MODELO)

    fora = {"Anúncios online", "Feiras e eventos", "Material gráfico", "Segundo fotógrafo", "Assistente", "Videomaker"}
    assert resposta.get_json() == {"criadas": len(ESPERADO) - 4 - len(fora), "existentes": 4}
    depois = plano(cliente)
    nomes = [normalizar(nome) for nome, *_ in depois]
    assert len(nomes) == len(set(nomes))
    assert {normalizar(nome) for nome, *_ in ESPERADO} - set(nomes) == {normalizar(nome) for nome in fora}
    assert ("CASAMENTOS", "RECEITA", "Minhas receitas", 2) in depois
    # The model's subcategories went under the existing category of the same name, after its own.
    abaixo = [nome for nome, _, mae, _ in depois if mae == "aluguel e condominio"]
    assert abaixo == ["Água", "Aluguel", "Condomínio"]
    assert ("Marketing", "RECEITA", None, 1) in depois
    inativas = cliente.get("/api/categorias", query_string={"ativa": "false"}).get_json()["items"]
    assert [c["nome"] for c in inativas] == ["Freelancers"]


def test_so_quem_escreve_em_cadastros_aplica(como, empresa):
    for perms in (("cadastros:ler",), ("financeiro:escrever",), ("rh:escrever",)):
        resposta = como(empresa, perms=perms).post(MODELO)
        assert resposta.status_code == 403 and resposta.get_json()["code"] == "sem_permissao", perms
    assert como(empresa).get("/api/categorias").get_json()["items"] == []


def test_corpo_invalido_da_400_nomeando_o_campo_e_nada_muda(cliente):
    for corpo, campo in (({"modelo": "padaria"}, "modelo"), ({"modelo": None}, "modelo"), ({"tipo": "RECEITA"}, "tipo")):
        resposta = cliente.post(MODELO, json=corpo)
        assert resposta.status_code == 400, corpo
        assert resposta.get_json()["code"] == "validacao" and campo in resposta.get_json()["campos"], resposta.get_json()
    for corpo in (b"{nao e json", b"[]", b"null", b'"estudio_fotografia"'):
        assert cliente.post(MODELO, data=corpo, content_type="application/json").status_code == 400, corpo
    assert cliente.post(MODELO, data=b'{"modelo": "x"}', content_type="text/plain").status_code in (400, 415)
    assert cliente.get("/api/categorias").get_json()["items"] == []


def test_outra_empresa_nao_ve_nem_muda(como, nova_empresa):
    a, b = como(nova_empresa()), como(nova_empresa())
    casamentos_de_b = nova(b, "Casamentos", "RECEITA")

    assert a.post(MODELO).get_json() == {"criadas": len(ESPERADO), "existentes": 0}  # B's name is not A's

    assert plano(a) == ESPERADO
    assert plano(b) == [("Casamentos", "RECEITA", None, 1)]
    assert b.get(f"/api/categorias/{casamentos_de_b['id']}").get_json() == casamentos_de_b


def test_duas_aplicacoes_ao_mesmo_tempo_nao_duplicam(como, empresa):
    barreira = threading.Barrier(2)
    respostas = [None, None]

    def aplicar(i):
        cliente = como(empresa)
        barreira.wait()
        respostas[i] = cliente.post(MODELO)

    threads = [threading.Thread(target=aplicar, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(r.get_json()["criadas"] for r in respostas) == [0, len(ESPERADO)]
    assert plano(como(empresa)) == ESPERADO
