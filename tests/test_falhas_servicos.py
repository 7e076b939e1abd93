"""Services that hang, die or lose a worker mid-request, on the real stack (issue 20).

The gateway, cadastros-api, financeiro-api, rh-api and operacional-api under gunicorn, over a database and a Redis
of this module's own (tests/falhas.py), so freezing or killing them never touches the session's
`live_services`. The gateway's isolation itself (breaker, bulkhead) is proven against stand-in
services in frontend/tests/test_gateway_isolamento.py; here it is the real services:

- rh-api frozen and financeiro-api killed at once: cadastros goes on answering; the frozen one costs
  one time to first byte, then 503 at once; the dead one 503 at once; both back by themselves.
- a gunicorn worker SIGKILLed in the middle of an OFX import: nothing of it stored, the worker
  respawned, the same file imports whole afterwards.
- a payroll's payables interrupted halfway, financeiro dead at the send, or rh's worker killed
  after financeiro took the send (financeiro commits, rh never hears it): the run stays pending,
  `sincronizar` completes it, nothing in financeiro is duplicated. The same for a contract's
  parcelas, operacional's worker killed after financeiro took them.
"""
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bench.financeiro import gerar_ofx
from tests.falhas import Http, Pilha, cadastrar_basico, escrevendo_em, esperar, novo_banco, resposta_limpa, sql
from tools import embedded

PRIMEIRO_BYTE = 3.0  # ERP_GATEWAY_TIMEOUT_RH_API here
ABERTO = 2.0  # ERP_GATEWAY_ABERTO_SEGUNDOS
NA_HORA = PRIMEIRO_BYTE / 2  # "at once": well under one time to first byte, on a busy 2-core machine
VOLTA = 20  # seconds a service back up may take to be served through the gateway again
TRANSACOES = 20_000
PERMISSOES = ["cadastros:ler", "cadastros:escrever", "financeiro:ler", "financeiro:escrever", "rh:ler", "rh:escrever",
              "operacional:ler", "operacional:escrever"]


@pytest.fixture(scope="module")
def pilha(pg_owner_url, template_db, jwt_keys, tmp_path_factory):
    pasta = tmp_path_factory.mktemp("falhas-servicos")
    redis = embedded.EmbeddedRedis(pasta / "redis")
    banco = novo_banco(pg_owner_url, template=template_db)
    servicos = Pilha(banco, redis.start(), jwt_keys, pasta, extra={
        "ERP_GATEWAY_TIMEOUT_RH_API": str(PRIMEIRO_BYTE), "ERP_GATEWAY_ABERTO_SEGUNDOS": str(ABERTO)})
    try:
        servicos.iniciar("cadastros-api", "financeiro-api", "rh-api", "operacional-api", "frontend")
        yield servicos
    finally:
        servicos.parar()
        redis.stop()
        embedded.drop_database(pg_owner_url, banco["name"])


@pytest.fixture
def empresa(nova_empresa, pilha):
    empresa_id = nova_empresa()
    return empresa_id, cadastrar_basico(pilha.banco["owner_url"], empresa_id)


@pytest.fixture
def gateway(pilha, assinar_token, empresa):
    with Http(pilha.url("frontend"), assinar_token(emp=empresa[0], perms=PERMISSOES)) as http:
        yield http


def _cronometrado(http: Http, metodo: str, caminho: str, **kwargs):
    inicio = time.monotonic()
    resposta = http.request(metodo, caminho, **kwargs)
    return resposta, time.monotonic() - inicio


def _volta(http: Http, caminho: str) -> float:
    """Seconds until `caminho` answers 200 through the gateway again (503s meanwhile, nothing else)."""
    inicio = time.monotonic()

    def respondeu():
        resposta = http.get(caminho)
        assert resposta.status_code in (200, 503), (resposta.status_code, resposta.text[:300])
        return resposta.status_code == 200
    esperar(respondeu, VOLTA, 0.1, f"{caminho} não voltou pelo gateway")
    return time.monotonic() - inicio


def test_um_servico_congelado_e_outro_morto_os_demais_servem_e_os_dois_voltam_sozinhos(pilha, gateway):
    assert gateway.get("/api/funcionarios").status_code == 200
    assert gateway.get("/api/lancamentos").status_code == 200
    pilha.congelar("rh-api")
    pilha.matar("financeiro-api")
    try:
        primeira, demorou = _cronometrado(gateway, "GET", "/api/funcionarios")
        assert resposta_limpa(primeira, 504)["modulo"] == "rh"
        assert PRIMEIRO_BYTE * 0.9 <= demorou < 3 * PRIMEIRO_BYTE
        # After that one time to first byte, the breaker answers at once.
        for caminho in ("/api/funcionarios", "/api/folha/historico"):
            resposta, demorou = _cronometrado(gateway, "GET", caminho)
            assert resposta_limpa(resposta, 503)["modulo"] == "rh" and demorou < NA_HORA
        # The dead one refuses at once, every time.
        for _ in range(4):
            resposta, demorou = _cronometrado(gateway, "GET", "/api/lancamentos")
            assert resposta_limpa(resposta, 503)["modulo"] == "financeiro" and demorou < NA_HORA
        # The others are not touched: reads and a write.
        contas, demorou = _cronometrado(gateway, "GET", "/api/contas")
        assert contas.status_code == 200 and demorou < NA_HORA
        nova = gateway.post("/api/categorias", json={"nome": "Locação de lentes", "tipo": "DESPESA"})
        assert nova.status_code == 201, nova.text[:300]
    finally:
        pilha.descongelar("rh-api")
        inicio = time.monotonic()
        pilha.iniciar("financeiro-api")  # the same port, as a restarted deploy
        subiu = time.monotonic() - inicio
    rh = _volta(gateway, "/api/funcionarios")
    financeiro = _volta(gateway, "/api/lancamentos")
    print(f"\nrh-api descongelado: 200 pelo gateway em {rh:.2f} s; financeiro-api reiniciado "
          f"({subiu:.1f} s até /health): 200 pelo gateway {financeiro:.2f} s depois")


def test_um_worker_morto_no_meio_de_uma_importacao_nao_deixa_nada_gravado(pilha, gateway, empresa):
    empresa_id, cadastro = empresa
    ofx = gerar_ofx(TRANSACOES, date(2026, 11, 30), 11)
    enviar = {"files": {"arquivo": ("extrato.ofx", ofx, "application/x-ofx")},
              "data": {"conta_id": str(cadastro["conta"]), "confirmar_conta": "true"}}
    [worker] = pilha.workers("financeiro-api")
    em_voo = {}
    importacao = threading.Thread(target=lambda: em_voo.update(resposta=gateway.post("/api/extratos/upload",
                                                                                     **enviar)))
    importacao.start()
    esperar(lambda: escrevendo_em(pilha.banco["owner_url"], "financeiro.extrato_transacoes"), 60, 0.02,
            "a importação não começou a gravar")
    pilha.matar_worker(worker)
    morto = time.monotonic()
    importacao.join(30)
    assert not importacao.is_alive()
    # The gateway saw the connection drop: a clean error, never the service's half answer.
    assert resposta_limpa(em_voo["resposta"], 503)["modulo"] == "financeiro"

    # gunicorn's master starts another worker; the gateway serves it again.
    esperar(lambda: pilha.workers("financeiro-api") not in ([], [worker]), 30, 0.05, "nenhum worker novo")
    _volta(gateway, "/api/lancamentos")
    print(f"\nworker do financeiro morto no meio da importação: 200 de novo {time.monotonic() - morto:.2f} s depois")

    contar = "SELECT count(*) AS n FROM financeiro.{} WHERE empresa_id = %s"
    assert sql(pilha.banco["owner_url"], contar.format("extratos"), (empresa_id,))[0]["n"] == 0
    assert sql(pilha.banco["owner_url"], contar.format("extrato_transacoes"), (empresa_id,))[0]["n"] == 0
    de_novo = gateway.post("/api/extratos/upload", **enviar)
    assert de_novo.status_code == 201, de_novo.text[:500]
    assert de_novo.json()["importadas"] + de_novo.json()["duplicadas"] == TRANSACOES
    assert sql(pilha.banco["owner_url"], contar.format("extrato_transacoes"),
               (empresa_id,))[0]["n"] == de_novo.json()["importadas"]


# ---------------------------------------------------------------- a payroll's payables


def _cpf(n: int) -> str:
    base = [int(d) for d in f"{n:09d}"]
    for peso in (10, 11):
        soma = sum(d * p for d, p in zip(base, range(peso, 1, -1)))
        base.append(0 if soma % 11 < 2 else 11 - soma % 11)
    texto = "".join(map(str, base))
    return f"{texto[:3]}.{texto[3:6]}.{texto[6:9]}-{texto[9:]}"


def _equipe(gateway: Http, quantos: int) -> None:
    for i in range(quantos):
        resposta = gateway.post("/api/funcionarios", json={
            "nome": f"Fotógrafo {i:03d}", "cpf": _cpf(123_456_000 + i), "data_admissao": "2025-01-06",
            "salario": f"{3000 + 10 * i}.00"})
        assert resposta.status_code == 201, resposta.text[:300]


def _no_financeiro(pilha: Pilha, empresa_id: int, folha_id: int) -> list[dict]:
    return sql(pilha.banco["owner_url"], """SELECT id, chave_origem, valor FROM financeiro.lancamentos
                                             WHERE origem = %s ORDER BY id""", (f"folha:{folha_id}",),
               empresa_id=empresa_id)


def _confere(pilha: Pilha, empresa_id: int, folha: dict, funcionarios: int) -> None:
    """Exactly one payable per funcionário plus the two guias, summing to the folha's totals."""
    lancamentos = _no_financeiro(pilha, empresa_id, folha["id"])
    chaves = [l["chave_origem"] for l in lancamentos]
    assert len(chaves) == len(set(chaves)) == funcionarios + 2
    assert sorted(folha["lancamento_ids"]) == [l["id"] for l in lancamentos]
    totais = {campo: Decimal(valor) for campo, valor in folha["totais"].items()}
    assert sum(l["valor"] for l in lancamentos) == totais["liquido"] + totais["inss"] + totais["irrf"] + totais["fgts"]


def test_folha_com_o_financeiro_morto_fica_pendente_e_sincronizar_lanca_uma_vez(pilha, gateway, empresa):
    empresa_id, _ = empresa
    _equipe(gateway, 5)
    pilha.matar("financeiro-api")
    try:
        processada = gateway.post("/api/folha/processar", json={"competencia": "2026-10"})
        assert processada.status_code == 201, processada.text[:300]
        folha = processada.json()
        assert folha["situacao"] == "PENDENTE_FINANCEIRO" and "Financeiro" in folha["aviso"]
    finally:
        pilha.iniciar("financeiro-api")
    assert _no_financeiro(pilha, empresa_id, folha["id"]) == []
    _volta(gateway, "/api/lancamentos")
    sincronizada = gateway.post(f"/api/folha/{folha['id']}/sincronizar")
    assert sincronizada.status_code == 200, sincronizada.text[:300]
    assert sincronizada.json()["situacao"] == "PROCESSADA" and sincronizada.json()["criados"] == 7
    _confere(pilha, empresa_id, sincronizada.json(), 5)
    # Once more: nothing new.
    de_novo = gateway.post(f"/api/folha/{folha['id']}/sincronizar").json()
    assert (de_novo["criados"], de_novo["alterados"], de_novo["cancelados"]) == (0, 0, 0)
    _confere(pilha, empresa_id, de_novo, 5)


def _pedido_esperando(porta: int) -> bool:
    """A connection to `porta` (a frozen service's) holds request bytes nobody has read yet."""
    for linha in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        campos = linha.split()
        local, estado, filas = campos[1], campos[3], campos[4]
        if int(local.split(":")[1], 16) == porta and estado == "01" and int(filas.split(":")[1], 16) > 0:
            return True
    return False


def _morre_depois_do_envio(pilha: Pilha, gateway: Http, servico: str, caminho: str, corpo: dict) -> None:
    """POSTs `corpo` to `caminho` (a write of `servico` that sends its payables to financeiro) and
    kills `servico`'s worker once its send waits, unread, in frozen financeiro's socket: the write
    is committed on its side (tx1), financeiro will commit the send, and nobody records the answer
    (tx2). Returns when financeiro is thawed and the writer's worker respawned."""
    [worker] = pilha.workers(servico)
    pilha.congelar("financeiro-api")
    escrever = threading.Thread(target=lambda: gateway.post(caminho, json=corpo))
    try:
        escrever.start()
        esperar(lambda: _pedido_esperando(pilha.portas["financeiro-api"]), 30, 0.02, f"{servico} não enviou")
        pilha.matar_worker(worker)
    finally:
        pilha.descongelar("financeiro-api")
    escrever.join(30)
    esperar(lambda: pilha.workers(servico) not in ([], [worker]), 30, 0.05, f"nenhum worker novo em {servico}")


def test_folha_cujo_rh_morre_depois_do_envio_e_completada_sem_duplicar(pilha, gateway, empresa):
    """The halfway case no retry inside one process covers: financeiro takes the payables and
    commits them, and rh's worker dies before it records the answer (tx2)."""
    empresa_id, _ = empresa
    _equipe(gateway, 5)
    _morre_depois_do_envio(pilha, gateway, "rh-api", "/api/folha/processar", {"competencia": "2026-11"})
    [folha] = sql(pilha.banco["owner_url"], """SELECT id, versao, versao_sincronizada FROM rh.folhas
                                                WHERE competencia = '2026-11-01'""", empresa_id=empresa_id)
    # financeiro read the request and committed it, though nobody was left to hear the answer.
    esperar(lambda: len(_no_financeiro(pilha, empresa_id, folha["id"])) == 7, 30, 0.1,
            "o financeiro não gravou a folha enviada")
    assert (folha["versao"], folha["versao_sincronizada"]) == (1, 0)
    pendente = esperar(lambda: (r := gateway.get(f"/api/folha/{folha['id']}")).status_code == 200 and r, VOLTA, 0.1,
                       "o rh não voltou")
    assert pendente.json()["situacao"] == "PENDENTE_FINANCEIRO"

    sincronizada = gateway.post(f"/api/folha/{folha['id']}/sincronizar")
    assert sincronizada.status_code == 200, sincronizada.text[:300]
    assert sincronizada.json()["situacao"] == "PROCESSADA"
    _confere(pilha, empresa_id, sincronizada.json(), 5)


# ---------------------------------------------------------------- a contract's parcelas


def _do_contrato(pilha: Pilha, empresa_id: int, contrato_id: int) -> list[dict]:
    return sql(pilha.banco["owner_url"], """SELECT id, chave_origem, valor, status FROM financeiro.lancamentos
                                             WHERE contrato_id = %s ORDER BY contrato_parcela""", (contrato_id,),
               empresa_id=empresa_id)


def test_contrato_cujo_operacional_morre_depois_do_envio_e_completado_sem_duplicar(pilha, gateway, empresa):
    empresa_id, cadastro = empresa
    [cliente] = sql(pilha.banco["owner_url"], """INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca,
                                                                                  tipo_pessoa, cpf_cnpj)
                                                  VALUES (%s, 'Ana Souza', 'ana souza', 'FISICA', '52998224725')
                                                  RETURNING id""", (empresa_id,))
    [receita] = sql(pilha.banco["owner_url"], """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo,
                                                                                    ordem)
                                                  VALUES (%s, 'Serviços fotográficos', 'servicos fotograficos',
                                                          'RECEITA', 3) RETURNING id""", (empresa_id,))
    corpo = {"cliente_id": cliente["id"], "descricao": "Cobertura do casamento", "valor": "12000.00",
             "parcelas": 12, "primeiro_vencimento": "2027-01-31", "conta_id": cadastro["conta"],
             "categoria_id": receita["id"]}
    _morre_depois_do_envio(pilha, gateway, "operacional-api", "/api/contratos", corpo)
    [contrato] = sql(pilha.banco["owner_url"], "SELECT id, versao, versao_sincronizada FROM operacional.contratos",
                     empresa_id=empresa_id)
    esperar(lambda: len(_do_contrato(pilha, empresa_id, contrato["id"])) == 12, 30, 0.1,
            "o financeiro não gravou as parcelas enviadas")
    assert contrato["versao_sincronizada"] < contrato["versao"]
    pendente = esperar(lambda: (r := gateway.get(f"/api/contratos/{contrato['id']}")).status_code == 200 and r,
                       VOLTA, 0.1, "o operacional não voltou")
    assert pendente.json()["sincronizacao"] == "pendente"

    sincronizado = gateway.post(f"/api/contratos/{contrato['id']}/sincronizar")
    assert sincronizado.status_code == 200, sincronizado.text[:300]
    assert sincronizado.json()["sincronizacao"] == "sincronizado"
    lancamentos = _do_contrato(pilha, empresa_id, contrato["id"])
    chaves = [l["chave_origem"] for l in lancamentos]
    assert len(chaves) == len(set(chaves)) == 12
    assert sum(l["valor"] for l in lancamentos) == Decimal("12000.00")
    assert {l["status"] for l in lancamentos} == {"PENDENTE"}
    ligadas = sql(pilha.banco["owner_url"], "SELECT lancamento_id FROM operacional.parcelas_contrato "
                  "WHERE contrato_id = %s ORDER BY numero", (contrato["id"],), empresa_id=empresa_id)
    assert [p["lancamento_id"] for p in ligadas] == [l["id"] for l in lancamentos]
