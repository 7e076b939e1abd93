"""GET /api/extratos/transacoes/<id>/lancamento on real PostgreSQL: what the form that creates a
transaction's lançamento opens with — the cliente (money in) or fornecedor (money out) the memo
names, by CPF/CNPJ first, then by name, filled in only when one active pessoa is named for sure —
and another empresa's pessoas and transactions, which never exist here."""
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

# pytest's importlib mode puts no test folder on sys.path; the helper is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from gerador_conciliacao import pessoa  # noqa: E402

DIA = date(2026, 3, 12)
CPF_DO_CARLOS = "52998224725"


def proposta(cliente, transacao_id, esperado=200) -> dict:
    resposta = cliente.get(f"/api/extratos/transacoes/{transacao_id}/lancamento")
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def quem(proposta_: dict) -> tuple:
    return (proposta_["cliente_id"], proposta_["cliente_nome"], proposta_["fornecedor_id"],
            proposta_["fornecedor_nome"], proposta_["motivo"])


def test_the_cpf_in_the_memo_fills_the_cliente_even_with_the_name_cut(cliente, cad, sql_dono, transacoes):
    carlos = pessoa(sql_dono, cad.empresa_id, "Carlos Mendes", cpf_cnpj=CPF_DO_CARLOS)
    pessoa(sql_dono, cad.empresa_id, "Carlos Mendes Filho")
    [pix] = transacoes(cad.empresa_id, cad.conta_id,
                       [(DIA, Decimal("350.00"), "PIX RECEBIDO  529.982.247-25 CARLOS M")])
    assert proposta(cliente, pix) == {
        "tipo": "RECEITA", "descricao": "PIX RECEBIDO 529.982.247-25 CARLOS M", "cliente_id": carlos,
        "cliente_nome": "Carlos Mendes", "fornecedor_id": None, "fornecedor_nome": None,
        "motivo": "CPF/CNPJ do cliente no histórico"}


def test_the_name_in_the_memo_fills_the_fornecedor_of_money_out_and_the_cliente_of_money_in(
        cliente, cad, sql_dono, transacoes):
    joana = pessoa(sql_dono, cad.empresa_id, "Joana Lima ME", "fornecedores")
    joana_cliente = pessoa(sql_dono, cad.empresa_id, "Joana Lima")
    saida, entrada = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("-820.00"), "TED 341 0001 JOANA LIMA ME"),
                                                              (DIA, Decimal("820.00"), "TED RECEBIDA JOANA LIMA")])
    paga = proposta(cliente, saida)
    assert paga["tipo"] == "DESPESA"
    assert quem(paga) == (None, None, joana, "Joana Lima ME", "nome do fornecedor no histórico")
    assert quem(proposta(cliente, entrada)) == (joana_cliente, "Joana Lima", None, None, "nome do cliente no histórico")


def test_only_a_sure_and_single_match_fills_anything(cliente, cad, sql_dono, transacoes):
    pessoa(sql_dono, cad.empresa_id, "Carlos Mendes")
    pessoa(sql_dono, cad.empresa_id, "Carlos Mendes Filho")
    pessoa(sql_dono, cad.empresa_id, "Marina Duarte", cpf_cnpj="11144477735")
    pessoa(sql_dono, cad.empresa_id, "Paulo Duarte", cpf_cnpj=CPF_DO_CARLOS)
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        (DIA, Decimal("100.00"), "PIX RECEBIDO CARLOS MENDES"),          # two Carlos Mendes: neither
        (DIA, Decimal("100.00"), "PIX RECEBIDO CARLOS"),                 # a first name: anyone's
        (DIA, Decimal("100.00"), "DEP 111.444.777-35 529.982.247-25"),   # two CPFs, two people: neither
        (DIA, Decimal("100.00"), "PIX RECEBIDO BEATRIZ NOGUEIRA"),       # nobody registered
        (DIA, Decimal("-45.90"), "TARIFA PACOTE SERVICOS"),              # no name at all
    ])
    for transacao_id in ids:
        assert quem(proposta(cliente, transacao_id)) == (None, None, None, None, None), transacao_id


def test_an_inactive_pessoa_is_never_filled_in_nor_competes(cliente, cad, sql_dono, transacoes):
    pessoa(sql_dono, cad.empresa_id, "Carlos Mendes", cpf_cnpj=CPF_DO_CARLOS, ativo=False)
    memo = "PIX RECEBIDO 52998224725 CARLOS MENDES"
    [pix] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("350.00"), memo)])
    assert quem(proposta(cliente, pix)) == (None, None, None, None, None)
    # A new record of the same person, active: that one.
    ativo = pessoa(sql_dono, cad.empresa_id, "Carlos Mendes")
    assert quem(proposta(cliente, pix)) == (ativo, "Carlos Mendes", None, None, "nome do cliente no histórico")


def test_what_is_proposed_is_what_the_post_takes(cliente, cad, sql_dono, transacoes):
    carlos = pessoa(sql_dono, cad.empresa_id, "Carlos Mendes", cpf_cnpj=CPF_DO_CARLOS)
    [pix] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("350.00"), "PIX RECEBIDO 52998224725 CARLOS")])
    aberta = proposta(cliente, pix)
    resposta = cliente.post(f"/api/extratos/transacoes/{pix}/lancamento", json={
        "categoria_id": cad.receita_id, "cliente_id": aberta["cliente_id"], "descricao": aberta["descricao"]})
    assert resposta.status_code == 201, resposta.get_json()
    lancamento = cliente.get(f"/api/lancamentos/{resposta.get_json()['lancamento_criado_id']}").get_json()
    assert (lancamento["cliente_id"], lancamento["status"]) == (carlos, "PAGO")


def test_reading_needs_ler(como, cad, sql_dono, transacoes):
    pessoa(sql_dono, cad.empresa_id, "Ana Beatriz Souza")
    [pix] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("10.00"), "PIX RECEBIDO ANA BEATRIZ SOUZA")])
    assert proposta(como(cad.empresa_id, ("financeiro:ler",)), pix)["cliente_nome"] == "Ana Beatriz Souza"
    assert como(cad.empresa_id, ()).get(f"/api/extratos/transacoes/{pix}/lancamento").status_code == 403


def test_another_empresas_pessoas_never_match_and_her_transactions_do_not_exist(
        como, cliente, cad, cadastro, nova_empresa, sql_dono, transacoes):
    outra = cadastro(nova_empresa())
    carlos_dela = pessoa(sql_dono, outra.empresa_id, "Carlos Mendes", cpf_cnpj=CPF_DO_CARLOS)
    memo = "PIX RECEBIDO 52998224725 CARLOS MENDES"
    [minha] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("350.00"), memo)])
    [dela] = transacoes(outra.empresa_id, outra.conta_id, [(DIA, Decimal("350.00"), memo)])
    assert quem(proposta(cliente, minha)) == (None, None, None, None, None)
    assert proposta(como(outra.empresa_id), dela)["cliente_id"] == carlos_dela
    for transacao_id in (dela, 999_999_999, 2**63):
        assert proposta(cliente, transacao_id, esperado=404)["code"] == "nao_encontrado"


def test_the_openapi_document_describes_it(cliente):
    operacao = cliente.get("/openapi.json").get_json()["paths"]["/api/extratos/transacoes/{transacao_id}/lancamento"]
    assert set(operacao) == {"get", "post"}
    esquema = operacao["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert esquema["$ref"].endswith("/LancamentoProposto")
