"""/api/contas/<id>/cobranca: a conta's cobrança settings, checked by the rules of its bank."""
import pytest
from stdnum.br import cnpj

from shared.app import plataforma

from cadastros import cobranca

# A valid setting of each bank this system makes files for (dados/cobranca_bancos.json).
POR_BANCO = {
    "001": {"convenio": "1234567", "carteira": "17", "variacao": "019"},
    "033": {"convenio": "1234567", "carteira": "101"},
    "104": {"convenio": "123456", "carteira": "1"},
    "237": {"convenio": "4567890", "carteira": "09"},
    "341": {"carteira": "109"},
    "748": {"convenio": "12345", "carteira": "1", "posto": "07"},
    "756": {"convenio": "123", "carteira": "1", "variacao": "01"},
}


def conta(cliente, banco: str = "341", **campos) -> int:
    resposta = cliente.post("/api/contas", json={"nome": f"Conta {banco} {campos}", "banco": banco, "agencia": "0742",
                                                 "numero": "45871-3", **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def categoria(cliente, tipo: str) -> int:
    resposta = cliente.post("/api/categorias", json={"nome": f"Tarifas {tipo}", "tipo": tipo})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def configurar(cliente, conta_id: int, **campos):
    return cliente.put(f"/api/contas/{conta_id}/cobranca", json=campos)


# ---------------------------------------------------------------- the happy paths


@pytest.mark.parametrize("banco", sorted(POR_BANCO))
def test_cada_banco_aceita_sua_configuracao(cliente, banco):
    conta_id = conta(cliente, banco)

    resposta = configurar(cliente, conta_id, **POR_BANCO[banco])

    assert resposta.status_code == 200, resposta.get_json()
    salva = resposta.get_json()
    assert salva["layout"] == ("CNAB400" if banco in ("237", "341") else "CNAB240")
    assert {k: salva[k] for k in POR_BANCO[banco]} == POR_BANCO[banco]
    assert cliente.get(f"/api/contas/{conta_id}/cobranca").get_json() == salva


def test_configura_le_altera_e_remove(cliente, empresa, sql_dono):
    conta_id = conta(cliente)
    tarifas = categoria(cliente, "DESPESA")
    documento = cnpj.calc_check_digits("112223330001")
    assert cliente.get(f"/api/contas/{conta_id}").get_json()["cobranca"] is False
    assert cliente.get(f"/api/contas/{conta_id}/cobranca").get_json() == {
        "error": "Esta conta não tem cobrança configurada", "code": "nao_encontrado"}

    criada = configurar(cliente, conta_id, carteira="109", layout="CNAB240", proximo_nosso_numero=501,
                        proximo_nsa=12, chave_pix="Financeiro@Estudio.com.br", juros_mes_percentual="1.00",
                        multa_percentual="2", dias_baixa=30, instrucoes="Não receber após 30 dias",
                        beneficiario_nome="Estúdio Demo", beneficiario_documento=f"11.222.333/0001-{documento}",
                        beneficiario_endereco="Rua Mourato Coelho, 100, São Paulo/SP", categoria_tarifa_id=tarifas)

    assert criada.status_code == 200, criada.get_json()
    assert {k: v for k, v in criada.get_json().items() if k != "atualizado_em"} == {
        "conta_id": conta_id, "layout": "CNAB240", "convenio": None, "carteira": "109", "variacao": None,
        "posto": None, "proximo_nosso_numero": 501, "proximo_nsa": 12, "chave_pix": "financeiro@estudio.com.br",
        "tipo_chave_pix": "EMAIL", "juros_mes_percentual": "1.00", "multa_percentual": "2.00", "dias_baixa": 30,
        "instrucoes": "Não receber após 30 dias", "beneficiario_nome": "Estúdio Demo",
        "beneficiario_documento": f"112223330001{documento}",
        "beneficiario_endereco": "Rua Mourato Coelho, 100, São Paulo/SP", "categoria_tarifa_id": tarifas}
    assert cliente.get(f"/api/contas/{conta_id}").get_json()["cobranca"] is True
    assert [c["cobranca"] for c in cliente.get("/api/contas").get_json()["items"]] == [True]

    # A PUT replaces the whole settings: what it leaves out takes its default.
    alterada = configurar(cliente, conta_id, carteira="175").get_json()
    assert (alterada["layout"], alterada["carteira"], alterada["chave_pix"], alterada["proximo_nsa"]) == (
        "CNAB400", "175", None, 1)

    assert cliente.delete(f"/api/contas/{conta_id}/cobranca").status_code == 204
    assert cliente.get(f"/api/contas/{conta_id}/cobranca").status_code == 404
    assert cliente.delete(f"/api/contas/{conta_id}/cobranca").get_json()["error"] == cobranca.SEM_COBRANCA
    assert cliente.get(f"/api/contas/{conta_id}").get_json()["cobranca"] is False

    auditoria = sql_dono("""SELECT acao, entidade, antes, depois FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade = 'conta_cobranca' ORDER BY id""", (empresa,))
    assert [(a["acao"], a["entidade"]) for a in auditoria] == [
        ("criar", "conta_cobranca"), ("alterar", "conta_cobranca"), ("excluir", "conta_cobranca")]
    assert auditoria[0]["depois"]["carteira"] == "109" and auditoria[2]["antes"]["carteira"] == "175"


def test_repetir_a_mesma_configuracao_nao_audita(cliente, empresa, sql_dono):
    conta_id = conta(cliente, "237")
    for _ in range(3):
        assert configurar(cliente, conta_id, **POR_BANCO["237"]).status_code == 200

    assert sql_dono("""SELECT count(*) AS n FROM plataforma.auditoria
                       WHERE empresa_id = %s AND entidade = 'conta_cobranca'""", (empresa,))[0]["n"] == 1


def test_excluir_a_conta_leva_a_configuracao(cliente, sql_dono, empresa):
    conta_id = conta(cliente)
    configurar(cliente, conta_id, carteira="109")

    assert cliente.delete(f"/api/contas/{conta_id}").status_code == 204
    assert sql_dono("SELECT count(*) AS n FROM cadastros.contas_cobranca WHERE empresa_id = %s",
                    (empresa,))[0]["n"] == 0


@pytest.mark.parametrize("chave, tipo, guardada, inferido", [
    ("123.456.789-09", None, "12345678909", "CPF"),
    ("11.222.333/0001-81", None, "11222333000181", "CNPJ"),
    ("+55 (11) 98765-4321", None, "+5511987654321", "TELEFONE"),
    ("11987654321", "TELEFONE", "+5511987654321", "TELEFONE"),
    ("Contato@Estudio.com.br", None, "contato@estudio.com.br", "EMAIL"),
    ("123E4567-E89B-12D3-A456-426614174000", None, "123e4567-e89b-12d3-a456-426614174000", "ALEATORIA"),
])
def test_tipo_da_chave_pix_vem_da_propria_chave(cliente, chave, tipo, guardada, inferido):
    conta_id = conta(cliente)

    salva = configurar(cliente, conta_id, carteira="109", chave_pix=chave, tipo_chave_pix=tipo).get_json()

    assert (salva["chave_pix"], salva["tipo_chave_pix"]) == (guardada, inferido)


# ---------------------------------------------------------------- what each bank refuses


@pytest.mark.parametrize("banco, campos, campo, mensagem", [
    ("001", {"convenio": "12345", "carteira": "17", "variacao": "019"}, "convenio",
     "O convênio do Banco do Brasil tem 4, 6, 7 ou 8 dígitos; exemplo: 1234567"),
    ("001", {"carteira": "17", "variacao": "019"}, "convenio",
     "Informe o convênio (Banco do Brasil), como 1234567"),
    ("001", {"convenio": "1234567", "carteira": "19"}, "carteira",
     "Carteira inválida no Banco do Brasil; use 11, 12, 15, 16, 17, 18, 31, 51"),
    ("001", {"convenio": "1234567", "carteira": "18"}, "variacao",
     "Informe a variação da carteira 18 (Banco do Brasil), como 019"),
    ("001", {"convenio": "1234567", "carteira": "17", "variacao": "19"}, "variacao",
     "Variação inválida no Banco do Brasil; use 3 dígitos, como 019"),
    ("001", {**POR_BANCO["001"], "layout": "CNAB400"}, "layout", "O Banco do Brasil só recebe cobrança em CNAB240"),
    ("033", {"convenio": "123456", "carteira": "101"}, "convenio",
     "O código do beneficiário do Santander tem 7 dígitos; exemplo: 1234567"),
    ("033", {"convenio": "1234567", "carteira": "109"}, "carteira",
     "Carteira inválida no Santander; use 101, 102, 201"),
    ("104", {"convenio": "12345", "carteira": "1"}, "convenio",
     "O código do beneficiário da Caixa tem 6 ou 7 dígitos; exemplo: 123456"),
    ("104", {"convenio": "123456", "carteira": "14"}, "carteira", "Carteira inválida na Caixa; use 1"),
    ("237", {"convenio": "1" * 21, "carteira": "09"}, "convenio", "Deve ter no máximo 20 caracteres"),
    ("237", {"convenio": "45A", "carteira": "09"}, "convenio", "Formato inválido"),
    ("237", {"convenio": "4567890", "carteira": "9"}, "carteira",
     "Carteira inválida no Bradesco; use 02, 04, 06, 09, 19, 21, 26"),
    ("341", {"convenio": "12345", "carteira": "109"}, "convenio",
     "O Itaú não usa convênio: a agência e a conta identificam o beneficiário"),
    ("341", {"carteira": "109", "variacao": "019"}, "variacao", "O Itaú não usa variação da carteira"),
    ("341", {"carteira": "109", "posto": "07"}, "posto", "O Itaú não usa posto"),
    ("748", {"convenio": "12345", "carteira": "1"}, "posto",
     "Informe o posto da cooperativa (Sicredi): 2 dígitos, como 07"),
    ("748", {"convenio": "1234", "carteira": "1", "posto": "07"}, "convenio",
     "O código do beneficiário do Sicredi tem 5 dígitos; exemplo: 12345"),
    ("756", {"convenio": "123", "carteira": "1"}, "variacao",
     "Informe a modalidade da carteira 1 (Sicoob), como 01"),
    ("756", {"convenio": "123", "carteira": "1", "variacao": "09"}, "variacao",
     "Modalidade inválida no Sicoob; use 01, 02, 03"),
    ("756", {"convenio": "12345678", "carteira": "1", "variacao": "01"}, "convenio",
     "O código do cliente do Sicoob tem de 1 a 7 dígitos; exemplo: 1234567"),
    ("341", {"carteira": "109", "chave_pix": "pix do estúdio"}, "chave_pix",
     "Chave PIX inválida: use CPF, CNPJ, e-mail, celular com +55 e DDD ou chave aleatória"),
    ("341", {"carteira": "109", "chave_pix": "123.456.789-00"}, "chave_pix", "Chave PIX: CPF inválido: confira os dígitos"),
    ("341", {"carteira": "109", "chave_pix": "12345678909", "tipo_chave_pix": "CNPJ"}, "chave_pix",
     "Chave PIX do tipo CNPJ: informe os dígitos de um CNPJ"),
    ("341", {"carteira": "109", "chave_pix": "+1 555 1234", "tipo_chave_pix": "TELEFONE"}, "chave_pix",
     "Chave PIX do tipo telefone: use +55, o DDD e o número, como +5511987654321"),
    ("341", {"carteira": "109", "tipo_chave_pix": "EMAIL"}, "chave_pix",
     "Informe a chave PIX do tipo indicado, ou deixe o tipo em branco"),
    ("341", {"carteira": "109", "tipo_chave_pix": "OUTRA"}, "tipo_chave_pix", None),
    ("341", {}, "carteira", "Campo obrigatório"),
    ("341", {"carteira": "109", "proximo_nsa": 0}, "proximo_nsa", "Deve ser maior ou igual a 1"),
    ("341", {"carteira": "109", "proximo_nosso_numero": 0}, "proximo_nosso_numero", "Deve ser maior ou igual a 1"),
    ("341", {"carteira": "109", "multa_percentual": "20.01"}, "multa_percentual", "Deve ser menor ou igual a 20"),
    ("341", {"carteira": "109", "juros_mes_percentual": "-1"}, "juros_mes_percentual",
     "Deve ser maior ou igual a 0"),
    ("341", {"carteira": "109", "dias_baixa": 0}, "dias_baixa", "Deve ser maior ou igual a 1"),
    ("341", {"carteira": "109", "beneficiario_documento": "11.222.333/0001-80"}, "beneficiario_documento",
     "CNPJ inválido: confira os dígitos"),
    ("341", {"carteira": "109", "layout": "CNAB444"}, "layout", None),
    ("341", {"carteira": "109", "banco": "341"}, "banco", "Campo desconhecido"),
])
def test_o_banco_recusa_o_que_nao_e_dele(cliente, banco, campos, campo, mensagem):
    conta_id = conta(cliente, banco)

    resposta = configurar(cliente, conta_id, **campos)

    assert resposta.status_code == 400
    erro = resposta.get_json()
    assert erro["code"] == "validacao" and campo in erro["campos"], erro
    if mensagem:
        assert erro["campos"][campo] == mensagem
    assert cliente.get(f"/api/contas/{conta_id}/cobranca").status_code == 404


def test_a_categoria_das_tarifas_e_uma_despesa_da_empresa(cliente, como, nova_empresa):
    conta_id = conta(cliente)
    receita = categoria(cliente, "RECEITA")
    de_outra = categoria(como(nova_empresa()), "DESPESA")

    for categoria_id in (receita, de_outra, 2**62):
        resposta = configurar(cliente, conta_id, carteira="109", categoria_tarifa_id=categoria_id)
        assert resposta.status_code == 400
        assert resposta.get_json()["campos"] == {
            "categoria_tarifa_id": "Escolha uma categoria de despesa da empresa para as tarifas do banco"}


def test_um_banco_sem_cobranca_por_arquivo(cliente):
    nubank = conta(cliente, "260")

    resposta = configurar(cliente, nubank, carteira="1")

    assert resposta.status_code == 400
    assert resposta.get_json()["error"] == ("O banco 260 (NU PAGAMENTOS S.A. - INSTITUIÇÃO DE PAGAMENTO) não tem "
                                            "cobrança registrada por arquivo neste sistema")


def test_o_caixa_nao_tem_cobranca(cliente):
    caixa = conta(cliente, None, tipo="CAIXA", agencia=None, numero=None)

    resposta = configurar(cliente, caixa, carteira="109")

    assert resposta.status_code == 400
    assert resposta.get_json()["error"] == "Só contas de banco têm cobrança; esta conta não tem banco"


def test_a_conta_precisa_de_agencia_e_numero(cliente):
    sem_numero = conta(cliente, "341", numero=None)
    sem_os_dois = conta(cliente, "237", agencia=None, numero=None)

    resposta = configurar(cliente, sem_numero, carteira="109")
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"numero": "Informe o número da conta antes de configurar a cobrança"}
    assert set(configurar(cliente, sem_os_dois, **POR_BANCO["237"]).get_json()["campos"]) == {"agencia", "numero"}


# ---------------------------------------------------------------- tenancy and permissions


def test_conta_de_outra_empresa_e_404(cliente, como, nova_empresa):
    conta_id = conta(cliente)
    configurar(cliente, conta_id, carteira="109")
    intrusa = como(nova_empresa())

    assert intrusa.get(f"/api/contas/{conta_id}/cobranca").get_json()["error"] == "Conta não encontrada"
    assert intrusa.put(f"/api/contas/{conta_id}/cobranca", json={"carteira": "110"}).status_code == 404
    assert intrusa.delete(f"/api/contas/{conta_id}/cobranca").status_code == 404
    assert cliente.get(f"/api/contas/{conta_id}/cobranca").get_json()["carteira"] == "109"
    assert cliente.get("/api/contas/999999999/cobranca").status_code == 404


def test_ler_pede_leitura_e_configurar_pede_escrita(cliente, como, empresa):
    conta_id = conta(cliente)
    configurar(cliente, conta_id, carteira="109")
    leitor = como(empresa, perms=("cadastros:ler",))

    assert leitor.get(f"/api/contas/{conta_id}/cobranca").status_code == 200
    assert leitor.put(f"/api/contas/{conta_id}/cobranca", json={"carteira": "110"}).status_code == 403
    assert leitor.delete(f"/api/contas/{conta_id}/cobranca").status_code == 403


def test_sem_where_a_tabela_e_a_view_so_mostram_a_empresa(app, como, nova_empresa):
    a, b = nova_empresa(), nova_empresa()
    for empresa_id in (a, b):
        configurar(como(empresa_id), conta(como(empresa_id)), carteira="109")

    with app.app_context(), plataforma().db.transacao(a) as cur:
        cur.execute("SELECT empresa_id FROM cadastros.contas_cobranca")
        na_tabela = {linha["empresa_id"] for linha in cur.fetchall()}
        cur.execute("SELECT empresa_id FROM cadastros.v_contas_cobranca")
        na_view = {linha["empresa_id"] for linha in cur.fetchall()}

    assert na_tabela == na_view == {a}


def test_as_regras_de_cada_banco_para_o_formulario(cliente):
    resposta = cliente.get("/api/bancos/cobranca")

    assert resposta.status_code == 200
    por_codigo = {b["codigo"]: b for b in resposta.get_json()["items"]}
    assert sorted(por_codigo) == sorted(POR_BANCO)
    assert por_codigo["001"]["convenio"] == {"nome": "convênio", "tamanhos": [4, 6, 7, 8], "exemplo": "1234567"}
    assert por_codigo["001"]["variacao"]["exigida_nas_carteiras"] == ["17", "18"]
    assert (por_codigo["341"]["convenio"], por_codigo["341"]["layouts"][0]) == (None, "CNAB400")
    assert por_codigo["748"]["posto"] is True
