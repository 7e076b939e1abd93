"""Aceite eletrônico (issue 17): the secret link works without a session, the stored hash is the
PDF's, a changed PDF is detected, accepting twice is a 409, a wrong token or another empresa's
contract a 404; signing dates the parcelas relative to the signature."""
import hashlib
from datetime import timedelta
from io import BytesIO

import pytest

from shared.config import hoje


@pytest.fixture(autouse=True)
def limite_zerado(app):
    """Each test starts with the public POST's per-address counter at zero (they share one Redis)."""
    cliente_redis = app.extensions["erp"].redis
    for chave in cliente_redis.scan_iter("*aceite-ip*"):
        cliente_redis.delete(chave)


@pytest.fixture
def criar(criar_contrato):
    return criar_contrato


@pytest.fixture
def publico(app):
    """A client with no session at all: the client who got the link."""
    return app.test_client()


def link(cliente, contrato_id):
    resposta = cliente.post(f"/api/contratos/{contrato_id}/aceite")
    assert resposta.status_code == 201, resposta.get_json()
    dados = resposta.get_json()
    assert dados["url"].endswith(dados["caminho"]) and dados["caminho"].startswith("/aceite/")
    return dados["caminho"].removeprefix("/aceite/"), dados


def test_aceite_pelo_link_sem_sessao(como, empresa, criar, publico, sql_dono, lancamentos_do_contrato):
    cliente = como(empresa)
    contrato = criar(cliente, vencimento_base="assinatura", dias=7, primeiro_vencimento=None)
    token, dados = link(cliente, contrato["id"])
    # Only the token's hash is stored.
    [guardado] = sql_dono("SELECT link_sha256, pdf, pdf_sha256 FROM operacional.aceites WHERE contrato_id = %s",
                          (contrato["id"],), empresa_id=empresa)
    assert guardado["link_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(sql_dono("SELECT * FROM operacional.aceites", empresa_id=empresa))
    pdf = bytes(guardado["pdf"])
    assert hashlib.sha256(pdf).hexdigest() == guardado["pdf_sha256"] == dados["pdf_sha256"]

    pagina = publico.get(f"/api/aceite/{token}")
    assert pagina.status_code == 200, pagina.get_json()
    vista = pagina.get_json()
    assert vista["status"] == "aguardando" and vista["empresa"]["nome"] == f"Estúdio {empresa}"
    assert vista["contrato"]["descricao"] == "Cobertura do casamento" and "Ana Souza" in vista["texto"]
    assert vista["pdf_sha256"] == guardado["pdf_sha256"]
    mostrado = publico.get(f"/api/aceite/{token}/pdf")
    assert mostrado.mimetype == "application/pdf" and mostrado.data == pdf

    cpf_errado = publico.post(f"/api/aceite/{token}", json={"nome": "Ana Souza", "cpf": "111.111.111-11"})
    assert cpf_errado.status_code == 400 and "cpf" in cpf_errado.get_json()["campos"]
    aceito = publico.post(f"/api/aceite/{token}", json={"nome": "Ana Souza", "cpf": "529.982.247-25"},
                          headers={"User-Agent": "Navegador de Teste/1.0"})
    assert aceito.status_code == 201, aceito.get_json()
    registro = aceito.get_json()
    assert registro["status"] == "aceito" and registro["cpf"] == "52998224725" and registro["nome"] == "Ana Souza"
    assert registro["user_agent"] == "Navegador de Teste/1.0" and registro["ip"] == "127.0.0.1"
    assert registro["pdf_sha256"] == guardado["pdf_sha256"] and registro["aceito_em"] is not None

    # Accepting twice: 409. The staff see the record and the PDF kept, byte for byte.
    assert publico.post(f"/api/aceite/{token}", json={"nome": "Ana Souza", "cpf": "52998224725"}).status_code == 409
    assert cliente.get(f"/api/contratos/{contrato['id']}/aceite").get_json() == registro
    assert cliente.get(f"/api/contratos/{contrato['id']}/aceite/pdf").data == pdf
    # Signed: the status, and the parcelas relative to the signature dated from its day — today here,
    # as their provisional dates were, so financeiro's parcelas need no change and stay in sync (a
    # later signature would leave them pendente until a staff session syncs: the client has no
    # credential financeiro takes).
    assinado = cliente.get(f"/api/contratos/{contrato['id']}").get_json()
    assert assinado["status"] == "assinado" and assinado["sincronizacao"] == "sincronizado"
    assert [(p["vencimento"], p["provisorio"]) for p in assinado["plano"]][0] == (
        (hoje() + timedelta(days=7)).isoformat(), False)
    sincronizado = cliente.post(f"/api/contratos/{contrato['id']}/sincronizar").get_json()
    assert sincronizado["sincronizacao"] == "sincronizado"
    primeira = lancamentos_do_contrato(contrato["id"])[0]
    assert primeira["data_vencimento"] == hoje() + timedelta(days=7)
    # The contract's text is frozen once signed, and no new link is made for it.
    assert cliente.post(f"/api/contratos/{contrato['id']}/aceite").status_code == 409
    [auditoria] = sql_dono("SELECT usuario_id, depois FROM plataforma.auditoria WHERE acao = 'aceitar' "
                           "AND entidade_id = %s", (str(contrato["id"]),), empresa_id=empresa)
    assert auditoria["usuario_id"] is None and auditoria["depois"]["pdf_sha256"] == guardado["pdf_sha256"]


def test_aceite_de_um_plano_com_datas_fixas_continua_sincronizado(como, empresa, criar, publico,
                                                                   lancamentos_do_contrato):
    """Nothing in the plan hangs on the signature: the acceptance leaves financeiro's parcelas as they
    were, so the contract is not left waiting for a staff session to sync it."""
    cliente = como(empresa)
    contrato = criar(cliente)
    antes = lancamentos_do_contrato(contrato["id"])
    token, _ = link(cliente, contrato["id"])
    aceito = publico.post(f"/api/aceite/{token}", json={"nome": "Ana Souza", "cpf": "529.982.247-25"})
    assert aceito.status_code == 201, aceito.get_json()
    assinado = cliente.get(f"/api/contratos/{contrato['id']}").get_json()
    assert assinado["status"] == "assinado" and assinado["sincronizacao"] == "sincronizado"
    assert lancamentos_do_contrato(contrato["id"]) == antes


def test_verificar_detecta_um_pdf_alterado(como, empresa, criar):
    cliente = como(empresa)
    contrato = criar(cliente)
    _, dados = link(cliente, contrato["id"])
    pdf = cliente.get(f"/api/contratos/{contrato['id']}/aceite/pdf").data
    caminho = f"/api/contratos/{contrato['id']}/aceite/verificar"
    igual = cliente.post(caminho, data=pdf, content_type="application/pdf").get_json()
    assert igual == {"confere": True, "sha256": dados["pdf_sha256"], "sha256_guardado": dados["pdf_sha256"]}
    mudado = pdf.replace(b"Ana Souza", b"Ana Sousa") if b"Ana Souza" in pdf else pdf + b"%"
    assert cliente.post(caminho, data=mudado, content_type="application/pdf").get_json()["confere"] is False
    por_formulario = cliente.post(caminho, data={"arquivo": (BytesIO(pdf), "contrato.pdf")},
                                  content_type="multipart/form-data").get_json()
    assert por_formulario["confere"] is True
    assert cliente.post(caminho, data=b"", content_type="application/pdf").status_code == 400


def test_novo_link_invalida_o_anterior_e_alterar_a_proposta_tambem(como, empresa, criar, publico):
    cliente = como(empresa)
    contrato = criar(cliente)
    primeiro, _ = link(cliente, contrato["id"])
    segundo, _ = link(cliente, contrato["id"])
    assert publico.get(f"/api/aceite/{primeiro}").status_code == 404
    assert publico.get(f"/api/aceite/{segundo}").status_code == 200
    cliente.put(f"/api/contratos/{contrato['id']}", json={"valor": "1500.00"})
    assert publico.get(f"/api/aceite/{segundo}").status_code == 404


def test_token_errado_e_outra_empresa_404(como, empresa, criar, publico, nova_empresa):
    cliente = como(empresa)
    contrato = criar(cliente)
    token, _ = link(cliente, contrato["id"])
    for errado in ("x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), "curto", "a" * 200):
        assert publico.get(f"/api/aceite/{errado}").status_code == 404
        assert publico.post(f"/api/aceite/{errado}", json={"nome": "Ana", "cpf": "52998224725"}).status_code == 404
        assert publico.get(f"/api/aceite/{errado}/pdf").status_code == 404
    intrusa = como(nova_empresa())
    base = f"/api/contratos/{contrato['id']}/aceite"
    assert intrusa.post(base).status_code == 404
    assert intrusa.get(base).status_code == 404
    assert intrusa.get(base + "/pdf").status_code == 404
    assert intrusa.post(base + "/verificar", data=b"%PDF", content_type="application/pdf").status_code == 404
    # A contract never sent for acceptance has no record.
    outro = criar(cliente)
    assert cliente.get(f"/api/contratos/{outro['id']}/aceite").status_code == 404


def test_o_aceite_publico_e_limitado_por_endereco(como, empresa, criar, publico):
    cliente = como(empresa)
    contrato = criar(cliente)
    token, _ = link(cliente, contrato["id"])
    respostas = [publico.post(f"/api/aceite/{token}", json={"nome": "Ana Souza", "cpf": "123"}).status_code
                 for _ in range(12)]
    assert respostas[:10] == [400] * 10 and respostas[10:] == [429, 429]
