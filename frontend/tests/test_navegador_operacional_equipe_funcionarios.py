"""A funcionário of RH in an evento's team, in Chromium through the frontend only: the CLT
photographer who has no login is offered in the team picker, labelled "(funcionário)", and saved
as the fotógrafo principal; a dismissed funcionário is not offered."""
import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with its producer (operacional and rh), a funcionário, a dismissed one and an evento."""
    equipe = nova_equipe("Estúdio Equipe", {"produtora": ["operacional:escrever", "rh:escrever"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["produtora"]["username"], SENHA)
    try:
        http.criar("/api/funcionarios", nome="Rui Retratista", cpf="52998224725", data_admissao="2024-01-02",
                   salario="3000.00", cargo="Fotógrafo")
        http.criar("/api/funcionarios", nome="Dora Demitida", cpf="11144477735", data_admissao="2023-01-02",
                   data_demissao="2025-06-30", salario="2500.00")
        equipe["evento"] = http.criar("/api/eventos", nome="Casamento Lia", data_inicio="2031-05-20")
    finally:
        http.close()
    return equipe


def test_funcionario_no_seletor_da_equipe_do_evento(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["produtora"]["username"], SENHA)
    pagina.goto(f"/operacional/eventos/{estudio['evento']['id']}")
    expect(pagina.get_by_role("heading", name="Casamento Lia")).to_be_visible()
    pagina.get_by_role("button", name="Editar equipe").click()
    pagina.get_by_role("button", name="Adicionar pessoa").click()
    pessoa = pagina.get_by_label("Pessoa", exact=True)
    expect(pessoa.get_by_role("option", name="Rui Retratista (funcionário)")).to_have_count(1)
    expect(pessoa.get_by_role("option", name="Dora Demitida (funcionário)")).to_have_count(0)
    pagina.get_by_label("Papel").select_option(label="Fotógrafo principal")
    pessoa.select_option(label="Rui Retratista (funcionário)")
    pagina.get_by_role("button", name="Salvar equipe").click()
    expect(pagina.get_by_text("Fotógrafo principal: Rui Retratista (funcionário)")).to_be_visible()
    pagina.reload()
    expect(pagina.get_by_text("Fotógrafo principal: Rui Retratista (funcionário)")).to_be_visible()
