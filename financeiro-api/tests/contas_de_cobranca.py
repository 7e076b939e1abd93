"""One cobrança conta per bank (a Beneficiario), with the settings brcobranca's spec vectors use, for
the pure cobrança tests: the same contas give the published barcodes and the hand-derived digits."""
from financeiro.cobranca.modelos import Beneficiario


def beneficiario(banco, **campos) -> Beneficiario:
    valores = dict(banco=banco, agencia="1234", agencia_dv=None, conta="12345", conta_dv=None,
                   layout="CNAB240", carteira="109", nome="Estúdio", documento="11222333000181")
    return Beneficiario(**(valores | campos))


CONTAS = {
    "001": beneficiario("001", convenio="1234567", carteira="17"),
    "341": beneficiario("341", agencia="0810", conta="53678", carteira="109"),
    "237": beneficiario("237", agencia="1172", conta="403005", carteira="09"),
    "033": beneficiario("033", agencia="0059", convenio="1899775", carteira="101"),
    "104": beneficiario("104", agencia="1825", convenio="245274", carteira="1"),
    "756": beneficiario("756", agencia="4327", convenio="229385", carteira="1", variacao="01"),
    "748": beneficiario("748", agencia="0710", posto="65", convenio="129", carteira="1"),
}
