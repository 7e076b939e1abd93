"""GET /api/lancamentos/<id>/boleto, boleto.pdf, pix and /api/lancamentos/carne.pdf: a receivable's boleto,
issued on first read by one who may write, the same on every read after."""
import sys
from pathlib import Path

import pytest

from financeiro.cobranca import codigo_barras

sys.path.insert(0, str(Path(__file__).parent))
from apoio_cobranca import completar_cliente, configurar, lancamento  # noqa: E402


@pytest.fixture
def conta(sql_dono, cad):
    completar_cliente(sql_dono, cad)
    return configurar(sql_dono, cad, chave_pix="financeiro@estudioluz.com.br", tipo_chave_pix="EMAIL",
                      juros_mes_percentual="1.00", multa_percentual="2.00")


def test_the_first_read_issues_the_titulo_and_every_read_after_shows_it(cliente, cad, conta, sql_dono):
    receita = lancamento(cliente, cad, valor="150.00", vencimento="2027-01-10")
    boleto = cliente.get(f"/api/lancamentos/{receita}/boleto")
    assert boleto.status_code == 200, boleto.get_json()
    corpo = boleto.get_json()
    assert (corpo["valor"], corpo["vencimento"], corpo["situacao"], corpo["banco"], corpo["motivo"]) == (
        "150.00", "2027-01-10", "EMITIDO", "341", None)
    assert len(corpo["codigo_barras"]) == 44 and corpo["codigo_barras"].startswith("3419")
    assert codigo_barras.codigo_barras_da_linha(corpo["linha_digitavel"]) == corpo["codigo_barras"]
    assert corpo["nosso_numero"].startswith("109/")
    assert corpo["pix"]["txid"] and "br.gov.bcb.pix" in corpo["pix"]["copia_e_cola"]
    assert cliente.get(f"/api/lancamentos/{receita}/boleto").get_json() == corpo
    titulos = sql_dono("SELECT sequencia, txid FROM financeiro.titulos WHERE empresa_id = %s", (cad.empresa_id,))
    assert [(t["sequencia"], t["txid"]) for t in titulos] == [(1, corpo["pix"]["txid"])]
    auditoria = sql_dono("SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'titulo'",
                         (cad.empresa_id,))
    assert [a["acao"] for a in auditoria] == ["emitir_titulo"]
    pix = cliente.get(f"/api/lancamentos/{receita}/pix").get_json()
    assert (pix["copia_e_cola"], pix["txid"]) == (corpo["pix"]["copia_e_cola"], corpo["pix"]["txid"])
    assert pix["qr_svg"].lstrip().startswith("<")
    pdf = cliente.get(f"/api/lancamentos/{receita}/boleto.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_a_reader_sees_an_issued_boleto_but_cannot_issue_one(cliente, cad, conta, como):
    leitor = como(cad.empresa_id, perms=["financeiro:ler"])
    receita = lancamento(cliente, cad)
    negado = leitor.get(f"/api/lancamentos/{receita}/boleto")
    assert negado.status_code == 403 and "financeiro:escrever" in negado.get_json()["error"]
    emitido = cliente.get(f"/api/lancamentos/{receita}/boleto").get_json()
    assert leitor.get(f"/api/lancamentos/{receita}/boleto").get_json() == emitido


def test_what_has_no_boleto(cliente, cad, conta, sql_dono, como, nova_empresa):
    despesa = lancamento(cliente, cad, tipo="DESPESA")
    assert cliente.get(f"/api/lancamentos/{despesa}/boleto").status_code == 400
    pago = lancamento(cliente, cad, status="PAGO")
    assert cliente.get(f"/api/lancamentos/{pago}/boleto").status_code == 409
    cancelado = lancamento(cliente, cad)
    cliente.post(f"/api/lancamentos/{cancelado}/cancelar")
    assert cliente.get(f"/api/lancamentos/{cancelado}/boleto").status_code == 409
    sem_config = lancamento(cliente, cad, conta_id=cad.outra_conta_id)
    resposta = cliente.get(f"/api/lancamentos/{sem_config}/boleto")
    assert resposta.status_code == 400 and "configuração de cobrança" in resposta.get_json()["campos"]["conta_id"]
    sem_cliente = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Avulsa", "valor": "10.00", "data_vencimento": "2027-01-10",
        "categoria_id": cad.receita_id, "conta_id": cad.conta_id}).get_json()["id"]
    assert "cliente_id" in cliente.get(f"/api/lancamentos/{sem_cliente}/boleto").get_json()["campos"]
    receita = lancamento(cliente, cad)
    outra = como(nova_empresa())
    for caminho in ("boleto", "boleto.pdf", "pix"):
        assert outra.get(f"/api/lancamentos/{receita}/{caminho}").status_code == 404
    assert cliente.get("/api/lancamentos/999999999/boleto").status_code == 404
    assert sql_dono("SELECT count(*) AS n FROM financeiro.titulos WHERE empresa_id = %s", (cad.empresa_id,))[0]["n"] == 0


def test_pix_needs_a_key_on_the_conta(cliente, cad, sql_dono):
    completar_cliente(sql_dono, cad)
    configurar(sql_dono, cad)
    receita = lancamento(cliente, cad)
    assert cliente.get(f"/api/lancamentos/{receita}/boleto").get_json()["pix"] is None
    resposta = cliente.get(f"/api/lancamentos/{receita}/pix")
    assert resposta.status_code == 404 and "chave PIX" in resposta.get_json()["error"]


def test_the_carne_of_a_contract_in_due_date_order(cliente, cad, conta, sql_dono, como, nova_empresa):
    feito = cliente.put("/api/lancamentos/contratos/77", json={
        "cliente_id": cad.cliente_id, "conta_id": cad.conta_id, "categoria_id": cad.receita_id,
        "descricao": "Casamento", "parcelas": [
            {"chave": f"contrato:77:parcela:{n}", "numero": n, "valor": "500.00", "vencimento": venc}
            for n, venc in ((1, "2027-03-10"), (2, "2027-01-10"), (3, "2027-02-10"))]}).get_json()
    pdf = cliente.get("/api/lancamentos/carne.pdf?contrato_id=77")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    emitidos = sql_dono("""SELECT t.lancamento_id FROM financeiro.titulos t WHERE t.empresa_id = %s ORDER BY t.sequencia""",
                        (cad.empresa_id,))
    por_numero = {p["numero"]: p["lancamento_id"] for p in feito["parcelas"]}
    assert [t["lancamento_id"] for t in emitidos] == [por_numero[2], por_numero[3], por_numero[1]]
    ids = ",".join(str(por_numero[n]) for n in (1, 2))
    assert cliente.get(f"/api/lancamentos/carne.pdf?ids={ids}").status_code == 200
    assert cliente.get("/api/lancamentos/carne.pdf").status_code == 400
    assert cliente.get("/api/lancamentos/carne.pdf?ids=1,x").status_code == 400
    assert cliente.get("/api/lancamentos/carne.pdf?contrato_id=78").status_code == 404
    assert como(nova_empresa()).get(f"/api/lancamentos/carne.pdf?ids={ids}").status_code == 404
