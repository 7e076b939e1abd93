"""Contract templates (the default one, the sandbox, unknown variables named on save, cross-empresa)
and contracts tied to an evento: due dates relative to it move when it moves, and the receivables
carry its centro de custo."""
from datetime import date

import pytest


@pytest.fixture
def criar(criar_contrato):
    return criar_contrato


def test_o_modelo_padrao_nasce_uma_vez(como, empresa, sql_dono):
    cliente = como(empresa)
    for _ in range(2):
        modelos = cliente.get("/api/contratos/modelos").get_json()["items"]
        assert [(m["nome"], m["padrao"]) for m in modelos] == [("Contrato de prestação de serviços fotográficos", True)]
    assert "{{ cliente.nome }}" in modelos[0]["corpo"]
    assert cliente.delete(f"/api/contratos/modelos/{modelos[0]['id']}").status_code == 409
    assert len(sql_dono("SELECT id FROM plataforma.auditoria WHERE entidade = 'modelo_contrato'",
                        empresa_id=empresa)) == 1


def test_criar_alterar_excluir_um_modelo_e_usar_no_contrato(como, empresa, criar):
    cliente = como(empresa)
    corpo = ("Contrato {{ contrato.numero }} de {{ cliente.nome }}: {{ contrato.valor }} "
             "({{ contrato.valor_por_extenso }}).\n{% for p in contrato.parcelas %}{{ p.numero }}: {{ p.valor }} "
             "em {{ p.vencimento }}\n{% endfor %}{{ empresa.nome }}")
    resposta = cliente.post("/api/contratos/modelos", json={"nome": "Ensaio simples", "corpo": corpo})
    assert resposta.status_code == 201, resposta.get_json()
    modelo = resposta.get_json()
    contrato = criar(cliente, modelo_id=modelo["id"], valor="250.50", parcelas=2)
    assert contrato["texto"] == (
        f"Contrato {contrato['id']} de Ana Souza: R$ 250,50 (duzentos e cinquenta reais e cinquenta centavos).\n"
        f"1: R$ 125,25 em 31/01/2027\n2: R$ 125,25 em 28/02/2027\nEstúdio {empresa}")
    assert cliente.post("/api/contratos/modelos", json={"nome": "ensaio SIMPLES", "corpo": "x"}).status_code == 409
    alterado = cliente.put(f"/api/contratos/modelos/{modelo['id']}", json={"nome": "Ensaio"}).get_json()
    assert alterado["nome"] == "Ensaio" and alterado["corpo"] == corpo
    assert cliente.delete(f"/api/contratos/modelos/{modelo['id']}").status_code == 204
    # The contract keeps its text; only the link to the template goes.
    depois = cliente.get(f"/api/contratos/{contrato['id']}").get_json()
    assert depois["modelo_id"] is None and depois["texto"] == contrato["texto"]


@pytest.mark.parametrize("corpo, mensagem", [
    ("Olá {{ cliente.telefone }}", "Variável desconhecida: cliente.telefone; cliente tem nome, cpf_cnpj, email"),
    ("Olá {{ fotografo }}", "Variável desconhecida: fotografo; use cliente, evento, contrato, empresa"),
    ("{% for p in contrato.parcelas %}{{ p.juros }}{% endfor %}", "Variável desconhecida"),
    ("Olá {{ cliente.nome ", "Erro na linha 1"),
])
def test_variavel_desconhecida_e_recusada_ao_salvar(como, empresa, corpo, mensagem):
    resposta = como(empresa).post("/api/contratos/modelos", json={"nome": "Com erro", "corpo": corpo})
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"]["corpo"].startswith(mensagem)


def test_o_modelo_nao_executa_codigo(como, empresa):
    """The sandbox: a template reaching Python internals is refused, not run."""
    corpo = "{{ cliente.nome.__class__.__mro__[1].__subclasses__() }}"
    resposta = como(empresa).post("/api/contratos/modelos", json={"nome": "Malicioso", "corpo": corpo})
    assert resposta.status_code == 400


def test_modelos_de_outra_empresa(como, empresa, nova_empresa):
    modelo = como(empresa).post("/api/contratos/modelos", json={"nome": "Meu", "corpo": "Oi"}).get_json()
    intrusa = como(nova_empresa())
    caminho = f"/api/contratos/modelos/{modelo['id']}"
    assert intrusa.get(caminho).status_code == 404
    assert intrusa.put(caminho, json={"nome": "Dela"}).status_code == 404
    assert intrusa.delete(caminho).status_code == 404
    assert "Meu" not in [m["nome"] for m in intrusa.get("/api/contratos/modelos").get_json()["items"]]
    assert como(empresa).get(f"/api/contratos/modelos/{2**63}").status_code == 404


def test_variaveis(como, empresa):
    variaveis = como(empresa).get("/api/contratos/modelos/variaveis").get_json()["variaveis"]
    assert variaveis["cliente"] == ["nome", "cpf_cnpj", "email"] and "valor_por_extenso" in variaveis["contrato"]


def test_parcelas_relativas_ao_evento_mudam_com_ele_e_levam_o_centro_de_custo(como, empresa, criar, sql_dono,
                                                                               lancamentos_do_contrato):
    cliente = como(empresa)
    evento = cliente.post("/api/eventos", json={"nome": "Casamento Ana", "data_inicio": "2027-06-20",
                                                "local": "Sítio"}).get_json()
    assert evento["centro_custo_id"] is not None
    contrato = criar(cliente, evento_id=evento["id"], vencimento_base="evento", dias=-30, parcelas=2,
                     primeiro_vencimento=None, sinal={"valor": "200.00", "vencimento": "2027-01-10"})
    assert [(p["numero"], p["vencimento"]) for p in contrato["plano"]] == [
        (0, "2027-01-10"), (1, "2027-05-21"), (2, "2027-06-21")]
    assert "Casamento Ana" in contrato["texto"] and "20/06/2027" in contrato["texto"]
    centros = sql_dono("""SELECT DISTINCT r.centro_custo_id FROM financeiro.rateios r
                          JOIN financeiro.lancamentos l ON l.id = r.lancamento_id WHERE l.contrato_id = %s""",
                       (contrato["id"],), empresa_id=empresa)
    assert [c["centro_custo_id"] for c in centros] == [evento["centro_custo_id"]]
    # The evento moves a month: the parcelas relative to it move, the sinal (absolute) stays.
    assert cliente.put(f"/api/eventos/{evento['id']}", json={"data_inicio": "2027-07-20"}).status_code == 200
    movido = cliente.get(f"/api/contratos/{contrato['id']}").get_json()
    assert [(p["numero"], p["vencimento"]) for p in movido["plano"]] == [
        (0, "2027-01-10"), (1, "2027-06-20"), (2, "2027-07-20")]
    assert movido["sincronizacao"] == "sincronizado"
    assert [l["data_vencimento"] for l in lancamentos_do_contrato(contrato["id"])] == [
        date(2027, 1, 10), date(2027, 6, 20), date(2027, 7, 20)]
    assert [l["id"] for l in lancamentos_do_contrato(contrato["id"])] == contrato["lancamento_ids"]
    # The evento's contracts are listed by it; the evento itself cannot be deleted while it has one.
    assert [c["id"] for c in cliente.get(f"/api/contratos?evento_id={evento['id']}").get_json()["items"]] == [
        contrato["id"]]
    assert cliente.delete(f"/api/eventos/{evento['id']}").status_code == 409


def test_centro_de_custo_que_chega_depois_marca_as_parcelas(como, empresa, criar, sql_dono, vizinhos):
    cliente = como(empresa)
    vizinhos["cadastros-api"].parar()
    evento = cliente.post("/api/eventos", json={"nome": "Ensaio Bia", "data_inicio": "2027-03-10"}).get_json()
    assert evento["centro_custo_id"] is None
    contrato = criar(cliente, evento_id=evento["id"])

    def centros():
        return {c["centro_custo_id"] for c in sql_dono(
            """SELECT r.centro_custo_id FROM financeiro.lancamentos l
                 LEFT JOIN financeiro.rateios r ON r.lancamento_id = l.id WHERE l.contrato_id = %s""",
            (contrato["id"],), empresa_id=empresa)}
    assert centros() == {None}
    vizinhos["cadastros-api"].iniciar()
    atualizado = cliente.put(f"/api/eventos/{evento['id']}", json={"local": "Parque"}).get_json()
    assert atualizado["centro_custo_id"] is not None
    assert centros() == {atualizado["centro_custo_id"]}
