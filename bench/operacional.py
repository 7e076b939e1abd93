"""Part 10: equipment availability and allocation, and the calendar's month, over a big agenda
(issue 17, "Benchmark": 100,000 sessões and 2,000 items; availability and allocation p99 < 20 ms,
the month p99 < 30 ms).

The data, bulk-written as the tables' owner (COPY) in empresa 1: N sessões over five years (three
back, two ahead: ~N/60 a month), each of 1 to 6 hours between 07:00 and 20:00 São Paulo with 0, 30
or 60 minutes of buffers; 2,000 items; ~3 items reserved per sessão, each item picked at random
among those free then, so the reservas obey the exclusion constraint as the API would have left
them (the constraint checks every row of the COPY). Beside it, empresa 2 with a fifth of that, so
row-level security has rows to hide.

Measured over HTTP against operacional-api under gunicorn (two workers, as deployed), each request
with its token verified: GET /api/equipamentos/disponiveis for a 4-hour window on random days;
POST /api/kits/alocar of a 5-item kit to a sessão where it is free (its reservas deleted after each,
untimed) and to one where it conflicts (the 409); GET /api/agenda for a calendar month. And the
same work in this process without HTTP, over the service's own database role: alocacoes.disponiveis,
alocacoes.alocar_kit in a transaction rolled back, agenda.listar for a month.
"""
import io
import random
import time as relogio
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg2
import psycopg2.extras

from bench.financeiro import milhares
from bench.infra import Infra, adicionar_servicos_ao_path
from bench.medir import Medida, cronometrar, resumir
from shared.config import FUSO, hoje

EMPRESA, OUTRA = 1, 2
ITENS = 2000
POR_SESSAO = 3
KIT = 5
META_RAPIDA, META_MES = "meta p99 < 20 ms", "meta p99 < 30 ms"
_SP = ZoneInfo(FUSO)
_CATEGORIAS = ("camera", "lente", "lente", "flash", "iluminacao", "audio", "suporte", "drone", "outro")


def _copiar(cur, tabela: str, colunas: tuple[str, ...], linhas) -> None:
    dados = io.StringIO("".join("\t".join(r"\N" if v is None else str(v) for v in linha) + "\n" for linha in linhas))
    cur.copy_expert(f"COPY {tabela} ({', '.join(colunas)}) FROM STDIN", dados)


def _gerar_empresa(cur, empresa: int, sessoes: int, itens: int, sorteio: random.Random,
                   primeiro_id: int) -> tuple[list, list[int], int]:
    """Items, sessões (ids from `primeiro_id`) and their reservas for one empresa: (the sessões as
    (id, inicio, fim, periodo_inicio, periodo_fim), the items' ids, how many reservas)."""
    cur.execute("SELECT set_config('app.empresa_id', %s, false)", (str(empresa),))
    _copiar(cur, "operacional.equipamentos", ("empresa_id", "nome", "categoria", "busca"),
            ((empresa, f"Item {i:04d}", _CATEGORIAS[i % len(_CATEGORIAS)], f"item {i:04d}") for i in range(itens)))
    cur.execute("SELECT id FROM operacional.equipamentos WHERE empresa_id = %s ORDER BY id", (empresa,))
    ids_itens = [linha[0] for linha in cur.fetchall()]

    primeiro_dia = hoje() - timedelta(days=3 * 365)
    dias = 5 * 365
    lista = []
    for n in range(sessoes):
        dia = primeiro_dia + timedelta(days=sorteio.randrange(dias))
        inicio = datetime.combine(dia, time(sorteio.randrange(7, 20), sorteio.choice((0, 30))), _SP)
        fim = inicio + timedelta(hours=sorteio.randrange(1, 7))
        antes, depois = sorteio.choice((0, 30, 60)), sorteio.choice((0, 30, 60))
        lista.append((primeiro_id + n, inicio, fim, antes, depois))
    lista.sort(key=lambda s: s[1] - timedelta(minutes=s[3]))
    _copiar(cur, "operacional.sessoes", ("empresa_id", "id", "titulo", "tipo", "inicio", "fim", "antes_min",
                                         "depois_min", "uid"),
            ((empresa, i, f"Sessão {i}", "ensaio", ini.isoformat(), fim.isoformat(), a, d, f"bench-{i}@erp-web")
             for i, ini, fim, a, d in lista))

    # Each sessão takes ~3 items free at its start (with buffers): sessões in order of start, each
    # item's end remembered, picks at random among the items until enough free ones.
    livre_em = {item: datetime.min.replace(tzinfo=_SP) for item in ids_itens}
    reservas, resultado = [], []
    for sessao_id, inicio, fim, antes, depois in lista:
        p_ini, p_fim = inicio - timedelta(minutes=antes), fim + timedelta(minutes=depois)
        quantos = sorteio.choice((2, 3, 3, 4))
        escolhidos = set()
        while len(escolhidos) < quantos:
            item = sorteio.choice(ids_itens)
            if livre_em[item] <= p_ini:
                escolhidos.add(item)
        for item in escolhidos:
            livre_em[item] = p_fim
            reservas.append((empresa, item, sessao_id, f"[{p_ini.isoformat()},{p_fim.isoformat()})"))
        resultado.append((sessao_id, inicio, fim, p_ini, p_fim))
    _copiar(cur, "operacional.reservas_equipamento", ("empresa_id", "equipamento_id", "sessao_id", "periodo"),
            reservas)
    return resultado, ids_itens, len(reservas)


def gerar(owner_url: str, sessoes: int, sorteio: random.Random) -> dict:
    conn = psycopg2.connect(owner_url)
    try:
        with conn, conn.cursor() as cur:
            lista, itens, reservas = _gerar_empresa(cur, EMPRESA, sessoes, ITENS, sorteio, 1)
            _, _, reservas_outra = _gerar_empresa(cur, OUTRA, sessoes // 5, ITENS // 5, sorteio, sessoes + 1)
            cur.execute("SELECT setval(pg_get_serial_sequence('operacional.sessoes', 'id'), %s)",
                        (sessoes + sessoes // 5,))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE operacional.sessoes, operacional.equipamentos, "
                        "operacional.reservas_equipamento")
    finally:
        conn.close()
    return {"sessoes": lista, "itens": itens, "reservas": reservas, "reservas_outra": reservas_outra}


def _janela(sorteio: random.Random) -> tuple[datetime, datetime]:
    dia = hoje() + timedelta(days=sorteio.randrange(-365, 365))
    inicio = datetime.combine(dia, time(sorteio.randrange(8, 18)), _SP)
    return inicio, inicio + timedelta(hours=4)


def _kit_e_sessoes(owner_url: str, itens_da_empresa: list[int],
                   sorteio: random.Random) -> tuple[int, list[int], list[int]]:
    """A kit of 5 items, and sessões (of the coming year) where it is all free / where it conflicts."""
    conn = psycopg2.connect(owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, false)", (str(EMPRESA),))
            cur.execute("INSERT INTO operacional.kits (empresa_id, nome) VALUES (%s, 'Kit do bench') RETURNING id",
                        (EMPRESA,))
            kit_id = cur.fetchone()[0]
            itens = sorteio.sample(itens_da_empresa, KIT)
            cur.execute("INSERT INTO operacional.kit_itens (empresa_id, kit_id, equipamento_id) "
                        "SELECT %s, %s, unnest(%s::bigint[])", (EMPRESA, kit_id, itens))
            # Free: no item of the kit reserved then; conflicting: one reserved by another sessão then
            # (a sessão that has one itself would just get the others). The empresa is named: a
            # superuser's connection (the bench's own server) bypasses row-level security.
            cur.execute("""SELECT s.id,
                                  EXISTS (SELECT 1 FROM operacional.reservas_equipamento r
                                           WHERE r.empresa_id = %(empresa)s AND r.equipamento_id = ANY(%(itens)s)
                                             AND r.inicio < s.fim_reserva
                                             AND r.fim > s.inicio_reserva),
                                  EXISTS (SELECT 1 FROM operacional.reservas_equipamento r
                                           WHERE r.empresa_id = %(empresa)s AND r.equipamento_id = ANY(%(itens)s)
                                             AND r.inicio < s.fim_reserva
                                             AND r.fim > s.inicio_reserva AND r.sessao_id <> s.id)
                             FROM (SELECT id, lower(periodo) AS inicio_reserva, upper(periodo) AS fim_reserva
                                     FROM operacional.sessoes
                                    WHERE empresa_id = %(empresa)s AND inicio > now()
                                      AND inicio < now() + interval '1 year') s""",
                        {"itens": itens, "empresa": EMPRESA})
            linhas = cur.fetchall()
    finally:
        conn.close()
    return kit_id, [i for i, algum, _ in linhas if not algum], [i for i, _, de_outra in linhas if de_outra]


def medir(infra: Infra, n: int, sessoes: int) -> tuple[list[Medida], list[str]]:
    sorteio = random.Random(2026)
    banco = infra.banco_migrado("erp_bench_operacional")
    inicio_geracao = datetime.now()
    dados = gerar(banco.owner_url, sessoes, sorteio)
    segundos_geracao = (datetime.now() - inicio_geracao).total_seconds()
    kit_id, livres, ocupadas = _kit_e_sessoes(banco.owner_url, dados["itens"], sorteio)

    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="2")
    url = infra.iniciar_servicos(["operacional-api"], ambiente)["operacional-api"]
    http = infra.sessao_http(ambiente, EMPRESA, {"operacional:escrever"}, "bench-operacional")
    dono = psycopg2.connect(banco.owner_url)
    dono.autocommit = True

    def disponiveis():
        inicio, fim = _janela(sorteio)
        resposta = http.get(f"{url}/api/equipamentos/disponiveis",
                            params={"inicio": inicio.isoformat(), "fim": fim.isoformat()}, timeout=60)
        resposta.raise_for_status()

    criadas: list[int] = []

    def alocar_livre():
        resposta = http.post(f"{url}/api/kits/alocar", json={"kit_id": kit_id, "sessao_id": sorteio.choice(livres)},
                             timeout=60)
        if resposta.status_code != 201:
            raise RuntimeError(f"bench: alocação recusada: {resposta.text}")
        criadas.extend(a["id"] for a in resposta.json()["alocacoes"])

    def limpar():
        """The reservas an allocation created, deleted untimed, so the next one finds the kit free."""
        with dono.cursor() as cur:
            cur.execute("DELETE FROM operacional.reservas_equipamento WHERE id = ANY(%s)", (criadas,))
        criadas.clear()

    def alocar_conflito():
        resposta = http.post(f"{url}/api/kits/alocar", json={"kit_id": kit_id, "sessao_id": sorteio.choice(ocupadas)},
                             timeout=60)
        if resposta.status_code != 409:
            raise RuntimeError(f"bench: esperava 409: {resposta.status_code} {resposta.text}")

    def mes():
        primeiro = (hoje() + timedelta(days=sorteio.randrange(-700, 700))).replace(day=1)
        ultimo = (primeiro + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        resposta = http.get(f"{url}/api/agenda", params={"de": primeiro.isoformat(), "ate": ultimo.isoformat(),
                                                          "limit": 500}, timeout=60)
        resposta.raise_for_status()

    medidas = [cronometrar(f"GET /api/equipamentos/disponiveis (janela de 4 h, 1ª página de 50) ({META_RAPIDA})",
                           disponiveis, n,
                           aquecimento=20)]
    medidas.append(_alternando(f"POST /api/kits/alocar, kit de {KIT} itens livres → 201 ({META_RAPIDA})",
                               alocar_livre, limpar, n))
    if ocupadas:
        medidas.append(cronometrar(f"POST /api/kits/alocar, kit com item ocupado → 409 nomeando a sessão "
                                   f"({META_RAPIDA})", alocar_conflito, n, aquecimento=20))
    medidas.append(cronometrar(f"GET /api/agenda de um mês ({META_MES})", mes, n, aquecimento=20))
    medidas += _sem_http(banco.app_url, kit_id, livres, n, sorteio)
    http.close()
    dono.close()

    por_mes = len(dados["sessoes"]) / 60
    notas = [
        "metas do issue 17, como texto (o bench não as verifica): disponibilidade e alocação p99 < 20 ms; "
        "mês da agenda p99 < 30 ms.",
        f"empresa {EMPRESA}: {milhares(sessoes)} sessões em 5 anos (~{milhares(round(por_mes))} por mês), "
        f"{milhares(ITENS)} itens, {milhares(dados['reservas'])} reservas (~{dados['reservas'] / sessoes:.1f} por "
        f"sessão); empresa {OUTRA}: {milhares(sessoes // 5)} sessões, {milhares(ITENS // 5)} itens, "
        f"{milhares(dados['reservas_outra'])} reservas. Gerado por COPY em {segundos_geracao:.0f} s "
        "(a restrição de exclusão verificou cada linha).",
        f"alocação: um kit de {KIT} itens, sessões do próximo ano onde está livre ({milhares(len(livres))}) ou "
        f"ocupado ({milhares(len(ocupadas))}); depois de cada 201 as reservas criadas são apagadas, fora da medida. "
        "operacional-api com 2 workers, como em produção.",
    ]
    return medidas, notas


def _alternando(nome: str, operacao, depois, n: int, aquecimento: int = 20) -> Medida:
    """`operacao` timed, `depois` (the cleanup) untimed, n times."""
    for _ in range(aquecimento):
        operacao()
        depois()
    amostras = []
    for _ in range(n):
        inicio = relogio.perf_counter_ns()
        operacao()
        amostras.append(relogio.perf_counter_ns() - inicio)
        depois()
    return resumir(nome, amostras)


def _sem_http(app_url: str, kit_id: int, livres: list[int], n: int, sorteio: random.Random) -> list[Medida]:
    """The domain functions in this process, as the app role in empresa 1's transaction."""
    adicionar_servicos_ao_path()
    from operacional import agenda, alocacoes
    from shared.contexto import Contexto
    from shared.transacao import Transacao

    conn = psycopg2.connect(app_url, cursor_factory=psycopg2.extras.RealDictCursor)
    contexto = Contexto(servico="bench", empresa_id=EMPRESA, usuario_id=1)
    medidas = []
    try:
        with conn.cursor() as cur:
            def em_transacao(funcao):
                def operacao():
                    cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
                    try:
                        funcao()
                    finally:
                        conn.rollback()
                return operacao

            def disponiveis():
                alocacoes.disponiveis(cur, *_janela(sorteio), None, None, 51)

            def alocar():
                # Events go out only after a commit; this one rolls back, so there is no bus.
                alocacoes.alocar_kit(Transacao(cur, contexto, None), kit_id, sorteio.choice(livres))

            def mes():
                primeiro = (hoje() + timedelta(days=sorteio.randrange(-700, 700))).replace(day=1)
                agenda.listar(cur, primeiro, (primeiro + timedelta(days=32)).replace(day=1) - timedelta(days=1))

            medidas += [
                cronometrar(f"alocacoes.disponiveis, 4 h, 50 itens (sem HTTP) ({META_RAPIDA})",
                            em_transacao(disponiveis), n, aquecimento=20),
                cronometrar(f"alocacoes.alocar_kit de {KIT} itens e rollback (sem HTTP) ({META_RAPIDA})",
                            em_transacao(alocar), n, aquecimento=20),
                cronometrar(f"agenda.listar de um mês (sem HTTP) ({META_MES})", em_transacao(mes), n, aquecimento=20),
            ]
    finally:
        conn.close()
    return medidas
