"""The demo studio's cobrança: the Itaú conta's settings and the fornecedores paid by bank file."""
import pytest

from cadastros import demo

EMPRESA = 7101  # this module's own database: any id


@pytest.fixture(scope="module")
def criado(app):
    with app.app_context():
        return demo.garantir(EMPRESA)


def test_a_conta_do_itau_tem_cobranca_em_cnab400_com_chave_pix(criado, sql_dono):
    assert criado.criado
    (cobranca,) = sql_dono("""SELECT c.nome, c.agencia, c.numero, cc.layout, cc.carteira, cc.chave_pix, cc.tipo_chave_pix,
                                     cc.juros_mes_percentual, cc.multa_percentual, cat.nome AS tarifas, cat.tipo
                                FROM cadastros.contas_cobranca cc
                                JOIN cadastros.contas c ON c.empresa_id = cc.empresa_id AND c.id = cc.conta_id
                                JOIN cadastros.categorias cat ON cat.empresa_id = cc.empresa_id
                                                             AND cat.id = cc.categoria_tarifa_id
                               WHERE cc.empresa_id = %s""", (EMPRESA,))
    assert {k: str(v) for k, v in cobranca.items()} == {
        "nome": "Itaú", "agencia": "0742", "numero": "45871-3", "layout": "CNAB400", "carteira": "109",
        # the test empresa has no row in auth: the made-up CNPJ names the beneficiário and is the key
        "chave_pix": demo.CNPJ_DO_ESTUDIO_DEMO, "tipo_chave_pix": "CNPJ", "juros_mes_percentual": "1.00",
        "multa_percentual": "2.00", "tarifas": "Tarifas bancárias", "tipo": "DESPESA"}


def test_tres_fornecedores_tem_como_ser_pagos(criado, sql_dono):
    pagos = sql_dono("""SELECT nome, cpf_cnpj, banco, tipo_conta_bancaria, chave_pix, tipo_chave_pix
                          FROM cadastros.v_fornecedores
                         WHERE empresa_id = %s AND (banco IS NOT NULL OR chave_pix IS NOT NULL) ORDER BY nome""",
                     (EMPRESA,))
    assert [(f["nome"], f["banco"], f["tipo_chave_pix"]) for f in pagos] == [
        ("Art Álbuns Encadernação Ltda", None, "EMAIL"), ("Fotolab Digital Revelações Ltda", "237", "CNPJ"),
        ("Rafael Monteiro Fotografia", "260", "TELEFONE")]
    assert pagos[1]["chave_pix"] == pagos[1]["cpf_cnpj"]


def test_com_cnpj_no_auth_a_chave_pix_e_o_cnpj_da_empresa(app, sql_dono):
    com_cnpj = EMPRESA + 1
    sql_dono("INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, 'Estúdio com CNPJ', '11.222.333/0001-81')",
             (com_cnpj,))
    with app.app_context():
        assert demo.garantir(com_cnpj).criado

    assert sql_dono("SELECT chave_pix, tipo_chave_pix FROM cadastros.contas_cobranca WHERE empresa_id = %s",
                    (com_cnpj,)) == [{"chave_pix": "11222333000181", "tipo_chave_pix": "CNPJ"}]
