"""Part 6: conciliação against a big ledger — the suggestions for one statement transaction, and
the automatic conciliação of a 10,000-transaction statement against 1,000,000 lançamentos.

The ledger is part 5's (bench.financeiro.gerar_livro: ten years, 85% paid, four other empresas).
The statement is one year of the most used conta, built from the ledger so that its truth is
known: most lines pay a lançamento that was paid in that year, whose baixa is removed first (with
the triggers on, so the ledger stays coherent) so that it is open again; some lines are payments
the ledger already has (a baixa not yet reconciled); the rest are bank fees, which a rule creates
lançamentos for, and yields and transfers, which nothing should match. The memos are written as
banks write them: a PIX with the payer's name in capitals without accents, a boleto with its
documento, a fee by its name.

financeiro-api runs under gunicorn with one sync worker, as in part 5; the automatic run is its
background thread in that worker, and its progress is polled over HTTP as the screen does.
"""
import random
import time
from datetime import timedelta

import psycopg2
import psycopg2.extras

from bench.financeiro import EMPRESA, gerar_livro, milhares
from bench.infra import Banco, Infra
from bench.medir import Medida, cronometrar, resumir
from shared.texto import normalizar

REGRA = "Tarifas bancárias"
TARIFAS = ["TARIFA PACOTE SERVICOS", "TARIFA TED", "TARIFA DOC/TED ELETRONICO", "TAR MANUT CONTA"]
OUTRAS = ["RENDIMENTO APLIC AUTOMATICA", "TRANSF ENTRE CONTAS MESMA TITULARIDADE", "RESGATE CDB"]


def _banco(nome: str) -> str:
    """A name as a bank's memo has it: capitals, no accents, cut at 25 characters."""
    return normalizar(nome).upper()[:25]


def _extrato(banco: Banco, conta_id: int, hoje, transacoes: int, semente: int) -> tuple[int, dict, list[str]]:
    """Builds the statement in empresa 1's conta; returns its id, the truth (transaction id →
    the lançamento ids it pays, or () for none) and notes."""
    r = random.Random(semente)
    de, ate = hoje - timedelta(days=365), hoje - timedelta(days=1)
    n_abertos, n_baixas = round(transacoes * 0.8), round(transacoes * 0.1)
    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true), setseed(%s)", (str(EMPRESA), semente / 100))
            cur.execute(
                """SELECT l.id, l.tipo, l.valor, l.data_vencimento, l.documento, l.descricao, b.id AS baixa_id,
                          b.valor_movimentado, b.data AS data_baixa, c.nome AS cliente, f.nome AS fornecedor
                     FROM financeiro.lancamentos l
                     JOIN financeiro.baixas b ON b.empresa_id = l.empresa_id AND b.lancamento_id = l.id
                     LEFT JOIN cadastros.clientes c ON c.empresa_id = l.empresa_id AND c.id = l.cliente_id
                     LEFT JOIN cadastros.fornecedores f ON f.empresa_id = l.empresa_id AND f.id = l.fornecedor_id
                    WHERE l.empresa_id = %s AND l.conta_id = %s AND l.status = 'PAGO'
                      AND b.conta_id = l.conta_id AND b.data BETWEEN %s AND %s
                    ORDER BY random() LIMIT %s""",
                (EMPRESA, conta_id, de, ate, n_abertos + n_baixas))
            pagos = cur.fetchall()
            reabrir, ja_pagos = pagos[:n_abertos], pagos[n_abertos:]
            inicio = time.monotonic()
            cur.execute("DELETE FROM financeiro.baixas WHERE empresa_id = %s AND id = ANY(%s)",
                        (EMPRESA, [p["baixa_id"] for p in reabrir]))
            reaberto_em = time.monotonic() - inicio

            linhas = []  # (data, valor, memo, truth)
            for p in reabrir:
                sinal = 1 if p["tipo"] == "RECEITA" else -1
                dia = min(ate, max(de, p["data_vencimento"] + timedelta(days=r.randint(-2, 5))))
                linhas.append((dia, sinal * p["valor"], _memo(r, p), (p["id"],)))
            for p in ja_pagos:
                sinal = 1 if p["tipo"] == "RECEITA" else -1
                linhas.append((p["data_baixa"], sinal * p["valor_movimentado"], _memo(r, p), (p["id"],)))
            while len(linhas) < transacoes:
                dia = de + timedelta(days=r.randrange(365))
                if r.random() < 0.6:
                    linhas.append((dia, -r.randint(150, 9_000) / 100, r.choice(TARIFAS), ()))
                else:
                    valor = r.randint(1_000, 500_000) / 100
                    linhas.append((dia, valor if r.random() < 0.5 else -valor, r.choice(OUTRAS), ()))
            r.shuffle(linhas)

            cur.execute(
                """INSERT INTO financeiro.extratos (empresa_id, conta_id, arquivo_nome, arquivo_sha256, conta_ofx,
                                                    data_inicio, data_fim, importadas, duplicadas, a_revisar,
                                                    saldos_ignorados)
                   VALUES (%s, %s, 'bench-conciliacao.ofx', repeat('b', 64), '12345-6', %s, %s, %s, 0, 0, 0)
                   RETURNING id""", (EMPRESA, conta_id, de, ate, len(linhas)))
            extrato_id = cur.fetchone()["id"]
            ids = psycopg2.extras.execute_values(
                cur,
                """INSERT INTO financeiro.extrato_transacoes (empresa_id, extrato_id, conta_id, data, valor, fitid,
                                                             memo, tipo, ocorrencia, chave)
                   VALUES %s RETURNING id""",
                [(EMPRESA, extrato_id, conta_id, dia, valor, f"B{i}", memo, "CREDIT" if valor > 0 else "DEBIT", 0,
                  f"F:B{i}") for i, (dia, valor, memo, _) in enumerate(linhas)],
                page_size=1000, fetch=True)
            verdade = {linha["id"]: esperado for linha, (*_, esperado) in zip(ids, linhas)}

            cur.execute("SELECT id FROM cadastros.categorias WHERE empresa_id = %s AND nome = %s", (EMPRESA, REGRA))
            cur.execute(
                """INSERT INTO financeiro.regras (empresa_id, nome, ordem, memo_regex, direcao, acao, categoria_id)
                   VALUES (%s, %s, 0, '^tar(ifa)? ', 'SAIDA', 'CRIAR_LANCAMENTO', %s)""",
                (EMPRESA, REGRA, cur.fetchone()["id"]))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) financeiro.lancamentos, financeiro.baixas, financeiro.extrato_transacoes")
    finally:
        conn.close()
    tarifas = sum(1 for _, _, memo, _ in linhas if memo in TARIFAS)
    notas = [f"extrato: {milhares(len(linhas))} transações de um ano da conta mais usada: {milhares(len(reabrir))} pagam um "
             f"lançamento reaberto (baixa removida, com os gatilhos, em {reaberto_em:.1f} s), {milhares(len(ja_pagos))} são "
             f"pagamentos que o livro já tem, {milhares(tarifas)} tarifas (regra “{REGRA}” cria o lançamento), "
             f"{milhares(len(linhas) - len(pagos) - tarifas)} rendimentos e transferências sem lançamento."]
    return extrato_id, verdade, notas


def _memo(r: random.Random, pago: dict) -> str:
    if pago["tipo"] == "RECEITA":
        pagador = pago["cliente"] or pago["descricao"]
        return f"{r.choice(['PIX RECEBIDO', 'TED RECEBIDA', 'DEP DINHEIRO'])} {_banco(pagador)}"
    if pago["documento"]:
        return f"PAGTO BOLETO {pago['documento'].replace(' ', '')}"
    quem = pago["fornecedor"] or pago["descricao"]
    return f"{r.choice(['PIX ENVIADO', 'PAGTO'])} {_banco(quem)}"


def _conferir(banco: Banco, extrato_id: int, verdade: dict) -> dict:
    """What the automatic run did, against the truth: right and wrong matches."""
    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                """SELECT t.id, c.origem, array_agg(DISTINCT b.lancamento_id ORDER BY b.lancamento_id)
                     FROM financeiro.extrato_transacoes t
                     JOIN financeiro.conciliacoes c ON c.empresa_id = t.empresa_id AND c.id = t.conciliacao_id
                     JOIN financeiro.baixas b ON b.empresa_id = t.empresa_id AND b.conciliacao_id = c.id
                    WHERE t.empresa_id = %s AND t.extrato_id = %s
                    GROUP BY t.id, c.origem""", (EMPRESA, extrato_id))
            feitas = cur.fetchall()
    finally:
        conn.close()
    certas = sum(1 for tid, origem, lancs in feitas if origem != "REGRA" and tuple(lancs) == verdade[tid])
    por_regra = sum(1 for _, origem, _ in feitas if origem == "REGRA")
    return {"feitas": len(feitas), "certas": certas, "por_regra": por_regra,
            "erradas": len(feitas) - certas - por_regra,
            "com_verdade": sum(1 for v in verdade.values() if v)}


def medir(infra: Infra, n: int, quantos: int, transacoes: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_conciliacao")
    ids, notas = gerar_livro(banco, quantos, outras=4, por_outra=quantos // 5)
    conta_id = ids["contas"][0]
    extrato_id, verdade, notas_extrato = _extrato(banco, conta_id, ids["hoje"], transacoes, semente=6)
    notas += notas_extrato
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1")
    url = infra.iniciar_servicos(["financeiro-api"], ambiente)["financeiro-api"]
    http = infra.sessao_http(ambiente, EMPRESA, {"financeiro:ler", "financeiro:escrever"}, "bench-conciliacao")

    amostra = random.Random(7).sample(sorted(verdade), min(len(verdade), 500))
    proxima = iter(amostra * (n // len(amostra) + 2))
    medidas = [cronometrar(
        "sugestões de uma transação (GET …/transacoes/<id>/sugestoes)",
        lambda: http.get(f"{url}/api/extratos/transacoes/{next(proxima)}/sugestoes", timeout=60).raise_for_status(),
        n, aquecimento=min(20, n))]

    inicio = time.perf_counter_ns()
    resposta = http.post(f"{url}/api/extratos/{extrato_id}/conciliacao-automatica", json={"score_minimo": 0.9},
                         timeout=60)
    if resposta.status_code != 202:
        raise RuntimeError(f"bench: a conciliação automática respondeu {resposta.status_code} {resposta.text[:300]}")
    execucao = resposta.json()
    consultas = 0
    while execucao["status"] in ("PENDENTE", "EXECUTANDO"):
        time.sleep(0.5)
        execucao = http.get(f"{url}/api/extratos/conciliacao-automatica/{execucao['id']}", timeout=60).json()
        consultas += 1
    total_ns = time.perf_counter_ns() - inicio
    http.close()
    if execucao["status"] != "CONCLUIDA":
        raise RuntimeError(f"bench: a conciliação automática terminou em {execucao['status']}: {execucao.get('erro')}")
    medidas.append(resumir(f"conciliação automática de {milhares(transacoes)} transações (202 até CONCLUIDA)",
                           [total_ns]))
    por_transacao = total_ns / max(1, execucao["processadas"])
    medidas.append(resumir("conciliação automática: por transação (total ÷ processadas)", [round(por_transacao)]))
    resultado = _conferir(banco, extrato_id, verdade)
    notas += [
        f"conciliação automática (score mínimo 0,90): processadas {execucao['processadas']}, conciliadas "
        f"{execucao['conciliadas']}, lançamentos criados por regra {execucao['criadas']}, deixadas para revisão "
        f"{execucao['deixadas']}; progresso consultado {consultas} vezes.",
        f"conferência com a verdade do gerador: {resultado['certas']} conciliações certas, {resultado['erradas']} "
        f"erradas, {resultado['por_regra']} pela regra; {resultado['com_verdade']} transações tinham um lançamento.",
        f"empresa {EMPRESA}: {milhares(quantos)} lançamentos e 4 outras empresas de {milhares(quantos // 5)}; financeiro-api "
        "com 1 worker sync; as sugestões são GETs completos com token verificado, de 500 transações sorteadas.",
    ]
    return medidas, notas
