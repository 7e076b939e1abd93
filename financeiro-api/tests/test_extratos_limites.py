"""The biggest uploads the limits allow, through the gateway to financeiro-api under gunicorn (as
`make run` starts them): each answers within the worker's timeout, which would otherwise kill the
worker and leave the user a 500.

A file of MAX_UPLOAD_BYTES (20 MiB) holds about 125,000 transactions as banks write them (financeiro/ofx/escritor.py,
170 bytes each) and 250,000 short ones (76 bytes): importing those took 11.5 s and 22 s on the idle
development machine, and past the 30 s timeout on a busy one. The reader now refuses more than
MAX_TRANSACOES per file (413: divide the period), and a file of that many, padded to the size
limit, imports whole (≈ 3 s).
"""
import time
from datetime import date, timedelta

import pytest

from financeiro.ofx.escritor import Linha, ofx

from financeiro.ofx import MAX_TRANSACOES
from shared.gunicorn_conf import timeout as TIMEOUT_DO_WORKER

LIMITE = 20 * 1024 * 1024  # MAX_UPLOAD_BYTES by default, which the live services use
SENHA = "senha-forte-123"   # conftest.SENHA_DE_TESTE


@pytest.fixture(scope="module")
def gerente(admin_http, nova_equipe):
    equipe = nova_equipe("Extratos grandes", {"gerente": ["cadastros:escrever", "financeiro:escrever"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    yield http
    http.close()


def nova_conta(http, nome: str) -> int:
    resposta = http.post("/api/contas", json={"nome": nome, "tipo": "CORRENTE", "banco": "341"})
    assert resposta.status_code == 201, resposta.text
    return resposta.json()["id"]


def enviar(http, conta_id: int, dados: bytes):
    inicio = time.perf_counter()
    resposta = http.post("/api/extratos/upload", data={"conta_id": str(conta_id)},
                         files={"arquivo": ("grande.ofx", dados, "application/x-ofx")}, timeout=120)
    return resposta, time.perf_counter() - inicio


def extrato(linhas: list[Linha]) -> bytes:
    return ofx(linhas, inicio=date(2024, 1, 1), fim=date(2024, 12, 31), saldo="0.00")


def test_a_file_of_max_transacoes_at_the_size_limit_imports_within_the_worker_timeout(gerente):
    # Each memo as long as it takes for the file to be as big as an upload may be.
    memo = "PIX ENVIADO " + "X" * ((LIMITE - 64 * 1024) // MAX_TRANSACOES - 110)
    dados = extrato([Linha(date(2024, 1, 1) + timedelta(days=i % 366), f"-{i % 9_999 + 1}.{i % 100:02d}",
                           memo, f"F{i:07d}") for i in range(MAX_TRANSACOES)])
    assert LIMITE - 2 * 1024 * 1024 < len(dados) < LIMITE - 32 * 1024
    resposta, segundos = enviar(gerente, nova_conta(gerente, "Conta do extrato grande"), dados)
    assert resposta.status_code == 201, resposta.text[:500]
    assert (resposta.json()["importadas"], resposta.json()["duplicadas"]) == (MAX_TRANSACOES, 0)
    print(f"\n{MAX_TRANSACOES} transações, {len(dados) / 1024 / 1024:.1f} MiB: {segundos:.1f} s")
    assert segundos < TIMEOUT_DO_WORKER


def test_a_file_at_the_size_limit_with_more_transactions_is_413_within_seconds(gerente):
    linhas = [Linha(date(2024, 1, 1) + timedelta(days=i % 366), "-1.00", "PIX", None) for i in range(250_000)]
    dados = extrato(linhas)
    assert len(dados) < LIMITE
    resposta, segundos = enviar(gerente, nova_conta(gerente, "Conta do extrato longo"), dados)
    assert resposta.status_code == 413, resposta.text[:500]
    assert "divida o extrato em períodos menores" in resposta.json()["campos"]["arquivo"]
    print(f"\n{len(linhas)} transações, {len(dados) / 1024 / 1024:.1f} MiB: recusado em {segundos:.1f} s")
    assert segundos < 10
