"""Double booking is impossible under concurrency, because PostgreSQL decides it (the exclusion
constraint), not the application: two processes allocating one item to overlapping sessões at the
same instant → exactly one 201 and one 409; 50 random simultaneous allocations → no two reservas
of an item overlap afterwards, and every refusal was a real conflict."""
import multiprocessing
import random
import threading
from concurrent.futures import ThreadPoolExecutor

from operacional import create_app


def _equipamento(sql_dono, empresa: int, nome: str) -> int:
    return sql_dono("""INSERT INTO operacional.equipamentos (empresa_id, nome, busca) VALUES (%s, %s, lower(%s))
                       RETURNING id""", (empresa, nome, nome), empresa_id=empresa)[0]["id"]


def _sessao(sql_dono, empresa: int, inicio: str, fim: str, titulo: str) -> int:
    return sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, uid)
                       VALUES (%s, %s, %s, %s, gen_random_uuid()::text) RETURNING id""",
                    (empresa, titulo, inicio, fim), empresa_id=empresa)[0]["id"]


def _alocar_em_processo(service_env: dict, token: str, corpo: dict, barreira, resultados) -> None:
    """A process of its own — its own app, pool and PostgreSQL connection as the app role — that
    waits at the barrier and then allocates."""
    cliente = create_app(service_env).test_client()
    cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    cliente.get("/api/equipamentos")  # connect before the barrier: the race is the INSERT itself
    barreira.wait(timeout=30)
    resposta = cliente.post("/api/equipamentos/alocar", json=corpo)
    resultados.put((corpo["sessao_id"], resposta.status_code, resposta.get_json()))


def test_dois_processos_ao_mesmo_tempo_so_um_vence(service_env, assinar_token, sql_dono, empresa):
    item = _equipamento(sql_dono, empresa, "Canon R5")
    primeira = _sessao(sql_dono, empresa, "2026-12-12T15:00:00-03:00", "2026-12-12T20:00:00-03:00", "Casamento")
    segunda = _sessao(sql_dono, empresa, "2026-12-12T19:00:00-03:00", "2026-12-12T23:00:00-03:00", "Festa")
    token = assinar_token(emp=empresa, perms=["operacional:escrever"])
    contexto = multiprocessing.get_context("fork")
    barreira, resultados = contexto.Barrier(2), contexto.Queue()
    processos = [contexto.Process(target=_alocar_em_processo, args=(
        service_env, token, {"equipamento_id": item, "sessao_id": s}, barreira, resultados))
        for s in (primeira, segunda)]
    for processo in processos:
        processo.start()
    respostas = sorted(resultados.get(timeout=60) for _ in processos)
    for processo in processos:
        processo.join(timeout=30)
        assert processo.exitcode == 0

    assert sorted(status for _, status, _ in respostas) == [201, 409]
    vencedora = next(s for s, status, _ in respostas if status == 201)
    perdedora = next(corpo for _, status, corpo in respostas if status == 409)
    nome_vencedora = "Casamento" if vencedora == primeira else "Festa"
    assert perdedora["code"] == "conflito"
    assert f"\"{nome_vencedora}\" (#{vencedora}" in perdedora["error"]
    reservas = sql_dono("SELECT sessao_id FROM operacional.reservas_equipamento WHERE empresa_id = %s", (empresa,))
    assert [r["sessao_id"] for r in reservas] == [vencedora]


def test_50_alocacoes_aleatorias_simultaneas_nunca_sobrepoem(como, sql_dono, empresa):
    sorteio = random.Random(17)
    itens = [_equipamento(sql_dono, empresa, f"Item {i}") for i in range(6)]
    sessoes = []
    for i in range(15):
        hora = sorteio.randrange(8, 20)
        duracao = sorteio.choice((1, 2, 3))
        sessoes.append(_sessao(sql_dono, empresa, f"2026-12-14T{hora:02d}:00:00-03:00",
                               f"2026-12-14T{hora + duracao:02d}:00:00-03:00", f"Sessão {i}"))
    cliente = como(empresa)
    kits = []
    for i in range(4):
        resposta = cliente.post("/api/kits", json={"nome": f"Kit {i}", "equipamento_ids": sorteio.sample(itens, 2)})
        kits.append((resposta.get_json()["id"], resposta.get_json()["equipamento_ids"]))
    pedidos = []
    for _ in range(50):
        sessao = sorteio.choice(sessoes)
        if sorteio.random() < 0.3:
            kit_id, ids = sorteio.choice(kits)
            pedidos.append(("/api/kits/alocar", {"kit_id": kit_id, "sessao_id": sessao}, ids))
        else:
            escolhido = sorteio.choice(itens)
            pedidos.append(("/api/equipamentos/alocar", {"equipamento_id": escolhido, "sessao_id": sessao},
                            [escolhido]))

    largada = threading.Barrier(16)

    def enviar(pedido):
        rota, corpo, _ = pedido
        proprio = como(empresa)  # a client per thread
        if threading.current_thread().name not in iniciadas:
            iniciadas.add(threading.current_thread().name)
            largada.wait(timeout=30)
        resposta = proprio.post(rota, json=corpo)
        return resposta.status_code, resposta.get_json()

    iniciadas: set[str] = set()
    with ThreadPoolExecutor(max_workers=16) as executor:
        respostas = list(executor.map(enviar, pedidos))

    assert {status for status, _ in respostas} <= {201, 409}, respostas
    assert sum(status == 201 for status, _ in respostas) >= 5
    assert sum(status == 409 for status, _ in respostas) >= 5
    sobrepostas = sql_dono(
        """SELECT a.id, b.id FROM operacional.reservas_equipamento a
           JOIN operacional.reservas_equipamento b ON b.empresa_id = a.empresa_id
            AND b.equipamento_id = a.equipamento_id AND b.id > a.id AND b.periodo && a.periodo
           WHERE a.empresa_id = %s""", (empresa,))
    assert sobrepostas == []
    # Every refusal was real: one of the items asked for is (still: nothing is freed here) reserved
    # by another reserva overlapping that sessão's periodo, the one the 409 named among them.
    for (rota, corpo, ids), (status, resposta) in zip(pedidos, respostas):
        if status != 409:
            continue
        bloqueios = sql_dono(
            """SELECT r.sessao_id FROM operacional.reservas_equipamento r
               JOIN operacional.sessoes s ON s.empresa_id = r.empresa_id AND s.id = %s
               WHERE r.empresa_id = %s AND r.equipamento_id = ANY(%s) AND r.periodo && s.periodo""",
            (corpo["sessao_id"], empresa, ids))
        assert bloqueios, (corpo, resposta)
        nomeadas = {c["sessao_id"] for c in resposta["conflitos"]}
        assert nomeadas <= {b["sessao_id"] for b in bloqueios}, (corpo, resposta)
