"""The demo studio's cobrança (financeiro/demo.py `Cobranca`): when cadastros' demo gives the Itaú
cobrança settings and the empresa has a CNPJ, a remessa of the coming boletos, the simulated bank's
retorno of it applied, and a pagamentos remessa — so every cobrança screen has data."""
import sys
from pathlib import Path

import pytest

from shared.app import plataforma

from cadastros import create_app as criar_cadastros
from cadastros import demo as demo_cadastros
from financeiro import demo

sys.path.insert(0, str(Path(__file__).parent))
from test_demo import _dono  # noqa: E402

EMPRESA = 8101


@pytest.fixture(scope="module")
def estudio(app, service_env, database):
    _dono(database, "INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, 'Estúdio Demo', '11222333000181')",
          (EMPRESA,))
    with criar_cadastros(service_env).app_context():
        demo_cadastros.garantir(EMPRESA)
        plataforma().db.fechar()
    with app.app_context():
        demo.garantir(EMPRESA)
    return database


def test_the_demo_has_a_remessa_its_retorno_and_a_pagamentos_remessa(estudio):
    if not _dono(estudio, "SELECT 1 FROM cadastros.contas_cobranca WHERE empresa_id = %s", (EMPRESA,)):
        pytest.skip("o demo do cadastros-api ainda não dá configuração de cobrança ao Itaú")
    arquivos = _dono(estudio, """SELECT direcao, finalidade, quantidade, resumo FROM financeiro.arquivos_cnab
                                 WHERE empresa_id = %s ORDER BY id""", (EMPRESA,))
    assert [(a["direcao"], a["finalidade"]) for a in arquivos][:2] == [("REMESSA", "COBRANCA"), ("RETORNO", "COBRANCA")]
    assert arquivos[0]["quantidade"] == 8
    resumo = arquivos[1]["resumo"]
    assert (resumo["liquidados"], resumo["confirmados"], resumo["rejeitados"], resumo["nao_encontrados"]) == (3, 4, 1, 0)
    situacoes = _dono(estudio, """SELECT situacao, count(*) AS n FROM financeiro.titulos WHERE empresa_id = %s
                                  GROUP BY situacao""", (EMPRESA,))
    assert {s["situacao"]: s["n"] for s in situacoes} == {"LIQUIDADO": 3, "REGISTRADO": 4, "REJEITADO": 1}
    if len(arquivos) > 2:
        assert (arquivos[2]["direcao"], arquivos[2]["finalidade"]) == ("REMESSA", "PAGAMENTOS")
