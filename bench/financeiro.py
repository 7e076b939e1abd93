"""Part 5: financeiro-api with a big ledger — 1,000,000 lançamentos in one empresa beside 4 other
empresas of 200,000 — and the import of a 50,000-transaction OFX statement.

The rows are generated as the owner with set-based SQL (generate_series, setseed: the same every
run), each empresa in a transaction acting as it: contas, a category tree and a few thousand
clientes and fornecedores first (the lançamentos' foreign keys), then ten years of lançamentos in
due-date order (nine past, one ahead), 85% of them already paid. Paid and part-paid lançamentos
are inserted carrying the status, valor_pago and data_pagamento their baixa gives, the baixas
next with the trigger that keeps those (financeiro.baixa_aplicada) bypassed, then each conta's
movimentos_dia and the monthly totais_mes in one GROUP BY each: what the triggers would have left,
checked against the baixas at the end; then centros de custo and rateio lines (40% of the
lançamentos on one centro, 20% split over 2 or 3, lines adding up to the valor, checked) and the
result per month (financeiro.resultado_mes, by the function its triggers call). The words `q`
finds are written in SQL too, and their totals by word prefix (financeiro.totais_prefixo) in one
GROUP BY; the
descriptions' few distinct words are checked against shared.texto.palavras before, and a sample of
rows against the service's own indexing after. Then VACUUM ANALYZE, as a database at rest.

financeiro-api runs under gunicorn as `make run` starts it, with one sync worker; every
measurement is a complete HTTP request with the token of a user of that empresa signed as
auth-api signs it; beside each list, the statements the route sends, straight to PostgreSQL
(bench/sql_puro.py). Each OFX file is read in this process (financeiro.ofx.ler_extrato, the code
the upload runs) and then uploaded over HTTP to a new conta; what storing it costs is the
difference, file by file.
"""
import random
import re
import time
from datetime import date, timedelta

import psycopg2
import psycopg2.extras

from bench.busca import PRIMEIROS, SOBRENOMES
from bench.infra import Banco, Infra, adicionar_servicos_ao_path
from bench import sql_puro
from bench.medir import Medida, cronometrar, resumir
from shared.config import Config, hoje as hoje_no_estudio
from shared.texto import normalizar, palavras
from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

adicionar_servicos_ao_path()
from financeiro.ofx import ler_extrato

EMPRESA = 1

RECEITAS = [  # descrição (before a surname), categoria
    ("Ensaio gestante", "Ensaios"), ("Ensaio newborn", "Ensaios"), ("Ensaio de família", "Ensaios"),
    ("Book profissional", "Ensaios"), ("Casamento — sinal", "Casamentos"), ("Casamento — parcela", "Casamentos"),
    ("Formatura turma de medicina", "Formaturas"), ("Formatura ensino médio", "Formaturas"),
    ("Aniversário infantil", "Eventos"), ("Batizado", "Eventos"), ("Evento corporativo", "Eventos"),
    ("Venda de álbum", "Álbuns e impressos"), ("Fotos de produto para catálogo", "Ensaios"),
]
DESPESAS = [
    ("Aluguel do estúdio", "Aluguel"), ("Conta de energia", "Energia e água"), ("Conta de água", "Energia e água"),
    ("Internet fibra", "Internet e telefone"), ("Telefone celular", "Internet e telefone"),
    ("Manutenção de câmera", "Equipamentos"), ("Lente 85mm", "Equipamentos"), ("Seguro de equipamentos", "Equipamentos"),
    ("Impressão de álbuns", "Laboratório"), ("Laboratório fotográfico", "Laboratório"),
    ("Combustível", "Transporte"), ("Estacionamento", "Transporte"),
    ("Salário assistente", "Pessoal"), ("Freelancer segundo fotógrafo", "Pessoal"),
    ("Simples Nacional", "Impostos"), ("Anúncio Instagram", "Marketing"), ("Assinatura Adobe", "Software"),
    ("Tarifa bancária", "Tarifas bancárias"), ("Material de escritório", "Escritório"),
]
CONTAS = [  # nome, tipo, banco, agência, número
    ("Itaú", "CORRENTE", "341", "0001", "12345-6"), ("Bradesco", "CORRENTE", "237", "1234-5", "98765-0"),
    ("Caixa do estúdio", "CAIXA", None, None, None), ("Nubank", "CARTAO", "260", "0001", "5555-1"),
]

# pt-BR accents to ASCII, then lower(): the folding shared.texto.normalizar does, for the letters
# the lists above use (checked by _conferir_dobra before anything is generated); lower() alone
# depends on the database's ctype for accented letters, translate() does not.
_ACENTOS, _SEM_ACENTOS = "ÁÀÂÃÉÊÍÓÔÕÚÜÇáàâãéêíóôõúüç", "AAAAEEIOOOUUCaaaaeeiooouuc"
_DOBRAR_SQL = f"lower(translate({{}}, '{_ACENTOS}', '{_SEM_ACENTOS}'))"
_NAO_PALAVRA = "[^a-z0-9_]+"

# One row per n, in due-date order over `dias` days from `inicio`: tipo, descrição, valor (most
# small, a few large), conta (the first ones more used), categoria and person by tipo, a documento
# for some; past ones mostly paid (a few part-paid, cancelled or still open), future ones open.
# MATERIALIZED: each draw is made once.
_LANCAMENTOS = """
WITH p AS (SELECT %(contas)s::bigint[] AS contas, %(clientes)s::bigint[] AS cli, %(fornecedores)s::bigint[] AS forn,
                  %(desc_r)s::text[] AS dr, %(cat_r)s::bigint[] AS cr, %(desc_d)s::text[] AS dd,
                  %(cat_d)s::bigint[] AS cd, %(sobrenomes)s::text[] AS so),
     s AS MATERIALIZED (
         SELECT n, %(inicio)s::date + (n::bigint * %(dias)s / %(quantos)s)::int AS venc,
                random() < 0.4 AS receita, random() AS r_status, random() AS r_valor, random() AS r_conta,
                random() AS r_desc, random() AS r_sob, random() AS r_pessoa, random() AS r_quem,
                random() AS r_pagto, random() AS r_doc
           FROM generate_series(0, %(quantos)s - 1) AS n),
     t AS (
         SELECT s.*, p.*,
                CASE WHEN venc >= %(hoje)s::date THEN CASE WHEN r_status < 0.01 THEN 'CANCELADO' ELSE 'PENDENTE' END
                     WHEN r_status < 0.93 THEN 'PAGO' WHEN r_status < 0.95 THEN 'PARCIAL'
                     WHEN r_status < 0.96 THEN 'CANCELADO' ELSE 'PENDENTE' END AS status,
                round((30 + r_valor ^ 4 * 12000)::numeric, 2) AS valor,
                1 + floor(r_desc * CASE WHEN receita THEN cardinality(dr) ELSE cardinality(dd) END)::int AS d
           FROM s, p)
INSERT INTO financeiro.lancamentos
       (empresa_id, tipo, descricao, valor, data_vencimento, competencia, categoria_id, conta_id, cliente_id,
        fornecedor_id, documento, cancelado, valor_pago, data_pagamento, status)
SELECT %(empresa)s, CASE WHEN receita THEN 'RECEITA' ELSE 'DESPESA' END,
       CASE WHEN receita THEN dr[d] || ' ' || so[1 + floor(r_sob * cardinality(so))::int] ELSE dd[d] END,
       valor, venc, date_trunc('month', venc)::date,
       CASE WHEN receita THEN cr[d] ELSE cd[d] END,
       contas[1 + floor(r_conta ^ 2 * cardinality(contas))::int],
       CASE WHEN receita AND r_quem < 0.8 THEN cli[1 + floor(r_pessoa * cardinality(cli))::int] END,
       CASE WHEN NOT receita AND r_quem < 0.5 THEN forn[1 + floor(r_pessoa * cardinality(forn))::int] END,
       CASE WHEN r_doc < 0.3 THEN 'NF ' || (100000 + n) END,
       status = 'CANCELADO',
       CASE status WHEN 'PAGO' THEN valor WHEN 'PARCIAL' THEN round(valor * 0.4, 2) ELSE 0 END,
       CASE WHEN status IN ('PAGO', 'PARCIAL')
            THEN least(venc + (floor(r_pagto * 12) - 4)::int, %(hoje)s::date - 1) END,
       status
  FROM t
 ORDER BY n
"""

# One baixa per paid or part-paid lançamento, on its data_pagamento, from its conta; late ones
# with juros and multa.
_BAIXAS = """
INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros, multa)
SELECT empresa_id, id, conta_id, data_pagamento, valor_pago,
       CASE WHEN data_pagamento > data_vencimento THEN round(valor_pago * 0.01, 2) ELSE 0 END,
       CASE WHEN data_pagamento > data_vencimento THEN round(valor_pago * 0.02, 2) ELSE 0 END
  FROM financeiro.lancamentos
 WHERE empresa_id = %(empresa)s AND valor_pago > 0
 ORDER BY id
"""

# What financeiro.baixa_aplicada adds up, baixa by baixa, in one GROUP BY.
_MOVIMENTOS = """
INSERT INTO financeiro.movimentos_dia (empresa_id, conta_id, data, movimento, entradas, saidas)
SELECT b.empresa_id, b.conta_id, b.data,
       sum(CASE l.tipo WHEN 'RECEITA' THEN 1 ELSE -1 END * b.valor_movimentado),
       coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0),
       coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'DESPESA'), 0)
  FROM financeiro.baixas b
  JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
 WHERE b.empresa_id = %(empresa)s
 GROUP BY 1, 2, 3
"""

# What the lançamentos' statement triggers (financeiro.totais_mes_aplicar) add up, in one GROUP BY.
_TOTAIS = """
INSERT INTO financeiro.totais_mes (empresa_id, mes, tipo, status, conta_id, categoria_id, quantidade, valor, valor_pago)
SELECT empresa_id, date_trunc('month', data_vencimento)::date, tipo, status, conta_id, categoria_id,
       count(*), sum(valor), sum(valor_pago)
  FROM financeiro.lancamentos
 WHERE empresa_id = %(empresa)s
 GROUP BY 1, 2, 3, 4, 5, 6
"""

_PALAVRAS = f"""
INSERT INTO financeiro.lancamentos_palavras (empresa_id, palavra, lancamento_id)
SELECT DISTINCT empresa_id, palavra, id
  FROM financeiro.lancamentos,
       regexp_split_to_table({_DOBRAR_SQL.format("descricao || ' ' || coalesce(documento, '')")},
                             '{_NAO_PALAVRA}') AS palavra
 WHERE empresa_id = %(empresa)s AND palavra <> ''
 ORDER BY 1, 2, 3
"""

# What the words' triggers (financeiro.totais_prefixo_palavras, migration 0022) add up: each
# lançamento once under every distinct prefix of its words the rollup keeps, in one GROUP BY.
_TOTAIS_PREFIXO = """
INSERT INTO financeiro.totais_prefixo (empresa_id, prefixo, tipo, status, quantidade, valor, valor_pago)
SELECT l.empresa_id, x.prefixo, l.tipo, l.status, count(*), sum(l.valor), sum(l.valor_pago)
  FROM (SELECT DISTINCT lancamento_id, left(palavra, n) AS prefixo
          FROM financeiro.lancamentos_palavras, generate_series(1, length(palavra)) AS n
         WHERE empresa_id = %(empresa)s AND financeiro.prefixo_no_resumo(palavra, n)) x
  JOIN financeiro.lancamentos l ON l.empresa_id = %(empresa)s AND l.id = x.lancamento_id
 GROUP BY 1, 2, 3, 4
"""

# The baixas' trigger would have left exactly this: checked once, after the bulk load.
_INCOERENTES = """
SELECT (SELECT count(*)
          FROM financeiro.lancamentos l
          LEFT JOIN (SELECT empresa_id, lancamento_id, sum(valor) AS pago, max(data) AS ultima
                       FROM financeiro.baixas GROUP BY 1, 2) b
                 ON b.empresa_id = l.empresa_id AND b.lancamento_id = l.id
         WHERE l.valor_pago <> coalesce(b.pago, 0) OR l.data_pagamento IS DISTINCT FROM b.ultima),
       (SELECT sum(movimento) FROM financeiro.movimentos_dia)
         - (SELECT sum(CASE l.tipo WHEN 'RECEITA' THEN 1 ELSE -1 END * b.valor_movimentado)
              FROM financeiro.baixas b
              JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id),
       (SELECT sum(valor) FROM financeiro.totais_mes) - (SELECT sum(valor) FROM financeiro.lancamentos)
"""


# Centros de custo of a studio: the first gets most of the single-centro lançamentos.
CENTROS = ["Casamentos", "Ensaios", "Formaturas", "Eventos corporativos", "Estrutura do estúdio"]

# Rateios as a studio's ledger has them: 40% of the lançamentos on one centro (the first centros
# more used), 20% split over 2 or 3 consecutive centros (50/50 or 50/30/20, the last line taking
# what rounding left, so the lines add up exactly to the valor), the rest without centro.
_RATEIOS = """
WITH c AS (SELECT %(centros)s::bigint[] AS c),
     l AS MATERIALIZED (SELECT id, valor, random() AS r, random() AS r_centro, random() AS r_partes
                          FROM financeiro.lancamentos WHERE empresa_id = %(empresa)s),
     partes AS (
         SELECT l.id, l.valor, l.r, l.r_centro,
                CASE WHEN l.r < 0.4 THEN ARRAY[1.0] WHEN l.r_partes < 0.5 THEN ARRAY[0.5, 0.5]
                     ELSE ARRAY[0.5, 0.3, 0.2] END AS fatias
           FROM l WHERE l.r < 0.6)
INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor)
SELECT %(empresa)s, p.id,
       c[1 + CASE WHEN p.r < 0.4 THEN floor(p.r_centro ^ 2 * cardinality(c))::int
                  ELSE (floor(p.r_centro * cardinality(c))::int + i - 1) %% cardinality(c) END],
       CASE WHEN i < cardinality(p.fatias) THEN round(p.valor * p.fatias[i], 2)
            ELSE p.valor - coalesce((SELECT sum(round(p.valor * f, 2)) FROM unnest(p.fatias[1:i - 1]) AS f), 0) END
  FROM partes p, c, generate_series(1, cardinality(p.fatias)) AS i
 ORDER BY p.id, i
"""

# Every lançamento's rateio lines add up to its valor (financeiro/rateio.py's invariant).
_RATEIOS_INCOERENTES = """
SELECT count(*) FROM (SELECT lancamento_id, sum(r.valor) AS soma, min(l.valor) AS valor
                        FROM financeiro.rateios r
                        JOIN financeiro.lancamentos l ON l.empresa_id = r.empresa_id AND l.id = r.lancamento_id
                       GROUP BY r.empresa_id, lancamento_id) s
 WHERE soma <> valor
"""


def milhares(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")


def _dobrar_como_o_sql(texto: str) -> list[str]:
    return [p for p in re.split(_NAO_PALAVRA, texto.translate(str.maketrans(_ACENTOS, _SEM_ACENTOS)).lower()) if p]


def _conferir_dobra() -> None:
    """The SQL folding gives shared.texto.palavras for every text the generator writes."""
    textos = [d for d, _ in RECEITAS + DESPESAS] + PRIMEIROS + SOBRENOMES + ["NF 100123"]
    diferentes = [t for t in textos if _dobrar_como_o_sql(t) != palavras(t)]
    if diferentes:
        raise RuntimeError(f"bench: a dobra em SQL difere de shared.texto.palavras em {diferentes}")


def _inserir(cur, sql: str, linhas: list[tuple]) -> list[int]:
    ids = []
    for linha in linhas:
        cur.execute(sql + " RETURNING id", linha)
        ids.append(cur.fetchone()[0])
    return ids


def _cadastros(cur, empresa: int, pessoas: int) -> dict:
    """Contas, the category tree, clientes and fornecedores of one empresa; their ids."""
    contas = _inserir(cur, """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, agencia, numero,
                                                            saldo_inicial, data_saldo_inicial, ativa)
                              VALUES (%s, %s, %s, %s, %s, %s, %s, 10000, '2015-01-01', true)""",
                      [(empresa, nome, normalizar(nome), *resto) for nome, *resto in CONTAS])
    categorias = {}
    for ordem_raiz, (raiz, tipo, lista) in enumerate((("Receitas", "RECEITA", RECEITAS), ("Despesas", "DESPESA", DESPESAS))):
        # grupo_dre by its trigger's rule (cadastros 0006), which the replica role skips. The parent's
        # group is left out: the roots get their tipo's default, what a child would inherit anyway.
        [pai] = _inserir(cur, """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem, grupo_dre)
                                 SELECT e, n, b, t, o, cadastros.grupo_dre_sugerido(t, b, NULL)
                                   FROM (VALUES (%s, %s, %s, %s, %s)) AS v (e, n, b, t, o)""",
                         [(empresa, raiz, normalizar(raiz), tipo, ordem_raiz)])
        filhas = list(dict.fromkeys(c for _, c in lista))
        ids = _inserir(cur, """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem,
                                                                 grupo_dre)
                               SELECT e, n, b, t, p, o, cadastros.grupo_dre_sugerido(t, b, NULL)
                                 FROM (VALUES (%s, %s, %s, %s, %s, %s)) AS v (e, n, b, t, p, o)""",
                       [(empresa, nome, normalizar(nome), tipo, pai, ordem) for ordem, nome in enumerate(filhas)])
        categorias.update(zip(filhas, ids))
    pessoas_ids = {}
    for tabela, quantas in (("clientes", pessoas), ("fornecedores", max(10, pessoas // 10))):
        cur.execute(f"""
            WITH l AS (SELECT %(pr)s::text[] AS pr, %(so)s::text[] AS so),
                 s AS MATERIALIZED (SELECT n, 1 + floor(random() * cardinality(pr))::int AS a,
                                           1 + floor(random() * cardinality(so))::int AS b
                                      FROM generate_series(1, %(quantas)s) AS n, l)
            INSERT INTO cadastros.{tabela} (empresa_id, nome, nome_busca, tipo_pessoa)
            SELECT %(empresa)s, pr[a] || ' ' || so[b], {_DOBRAR_SQL.format("pr[a] || ' ' || so[b]")}, 'FISICA'
              FROM s, l
            RETURNING id""", {"pr": PRIMEIROS, "so": SOBRENOMES, "quantas": quantas, "empresa": empresa})
        pessoas_ids[tabela] = [i for (i,) in cur.fetchall()]
        # The words a name is found by (cadastros' search, and the conciliação's names in memos).
        cur.execute(f"""
            INSERT INTO cadastros.{tabela}_palavras (empresa_id, palavra, pessoa_id, nome_busca, ativo, tipo_pessoa)
            SELECT DISTINCT empresa_id, palavra, id, nome_busca, ativo, tipo_pessoa
              FROM cadastros.{tabela}, regexp_split_to_table(nome_busca, '{_NAO_PALAVRA}') AS palavra
             WHERE empresa_id = %s AND palavra <> ''""", (empresa,))
    centros = _inserir(cur, "INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca) VALUES (%s, %s, %s)",
                       [(empresa, nome, normalizar(nome)) for nome in CENTROS])
    return {"contas": contas, "categorias": categorias, "centros": centros, **pessoas_ids}


def _gerar_empresa(cur, empresa: int, quantos: int, hoje: date, palavras: bool = True) -> dict:
    cur.execute("SELECT set_config('app.empresa_id', %s, true), setseed(%s)", (str(empresa), empresa / 100))
    ids = _cadastros(cur, empresa, pessoas=max(50, quantos // 200))
    inicio = hoje.replace(year=hoje.year - 9)
    cur.execute(_LANCAMENTOS, {
        "empresa": empresa, "quantos": quantos, "inicio": inicio, "dias": (hoje.replace(year=hoje.year + 1) - inicio).days,
        "hoje": hoje, "contas": ids["contas"], "clientes": ids["clientes"], "fornecedores": ids["fornecedores"],
        "desc_r": [d for d, _ in RECEITAS], "cat_r": [ids["categorias"][c] for _, c in RECEITAS],
        "desc_d": [d for d, _ in DESPESAS], "cat_d": [ids["categorias"][c] for _, c in DESPESAS],
        "sobrenomes": SOBRENOMES,
    })
    for sql in (_BAIXAS, _MOVIMENTOS, _TOTAIS, _PALAVRAS, _TOTAIS_PREFIXO) if palavras else (_BAIXAS, _MOVIMENTOS, _TOTAIS):
        cur.execute(sql, {"empresa": empresa})
    cur.execute(_RATEIOS, {"empresa": empresa, "centros": ids["centros"]})
    # The result per month its triggers would have kept (financeiro 0014), by the same function.
    cur.execute("SELECT financeiro.resultado_recalcular(%s, NULL)", (empresa,))
    return ids


_COM_GATILHOS = ("financeiro.baixas", "financeiro.lancamentos", "financeiro.lancamentos_palavras")


def _sem_gatilhos(cur) -> str:
    """Bypasses the triggers of baixas, lançamentos and their words (baixa_aplicada,
    totais_mes_aplicar, totais_prefixo_palavras) for this transaction; says how."""
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cur.fetchone()[0]:
        # Also skips the foreign keys' checks: the generator draws only ids it just created.
        cur.execute("SET LOCAL session_replication_role = replica")
        return "session_replication_role = replica"
    for tabela in _COM_GATILHOS:
        cur.execute(f"ALTER TABLE {tabela} DISABLE TRIGGER USER")
    return "ALTER TABLE ... DISABLE TRIGGER (o dono não é superusuário)"


def gerar_livro(banco: Banco, quantos: int, outras: int, por_outra: int,
                palavras: bool = True) -> tuple[dict, list[str]]:
    """`palavras=False` leaves out the words `q` searches (most of the generation's time), for the
    parts that never search."""
    _conferir_dobra()
    hoje = hoje_no_estudio()
    conn = psycopg2.connect(banco.owner_url)
    notas, tempos = [], {}
    try:
        inicio = time.monotonic()
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'")
            como = _sem_gatilhos(cur)
            ids = _gerar_empresa(cur, EMPRESA, quantos, hoje, palavras)
            for empresa in range(EMPRESA + 1, EMPRESA + 1 + outras):
                _gerar_empresa(cur, empresa, por_outra, hoje, palavras)
            if not como.startswith("session"):
                for tabela in _COM_GATILHOS:
                    cur.execute(f"ALTER TABLE {tabela} ENABLE TRIGGER USER")
            tempos["gerar"] = time.monotonic() - inicio
            cur.execute(_INCOERENTES)
            incoerentes, diferenca, diferenca_totais = cur.fetchone()
            if incoerentes or diferenca or diferenca_totais:
                raise RuntimeError(f"bench: carga incoerente com as baixas ({incoerentes} lançamentos, "
                                   f"diferença de {diferenca} em movimentos_dia, {diferenca_totais} em totais_mes)")
            cur.execute(_RATEIOS_INCOERENTES)
            if cur.fetchone()[0]:
                raise RuntimeError("bench: há rateios que não somam o valor do lançamento")
        inicio = time.monotonic()
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) financeiro.lancamentos, financeiro.baixas, financeiro.movimentos_dia, financeiro.totais_mes, "
                        "financeiro.lancamentos_palavras, financeiro.totais_prefixo, financeiro.rateios, financeiro.resultado_partes, financeiro.resultado_mes, "
                        "cadastros.contas, cadastros.categorias, "
                        "cadastros.centros_custo, "
                        "cadastros.clientes, cadastros.fornecedores")
            tempos["vacuum"] = time.monotonic() - inicio
            cur.execute("""SELECT count(*), count(*) FILTER (WHERE status = 'PAGO'),
                                  pg_size_pretty(pg_total_relation_size('financeiro.lancamentos')),
                                  (SELECT count(*) FROM financeiro.lancamentos_palavras),
                                  (SELECT count(*) FROM financeiro.baixas),
                                  (SELECT count(*) FROM financeiro.rateios),
                                  (SELECT count(DISTINCT lancamento_id) FROM financeiro.rateios),
                                  (SELECT count(*) FROM financeiro.resultado_mes)
                             FROM financeiro.lancamentos""")
            total, pagos, tamanho, n_palavras, n_baixas, n_rateios, com_centro, n_resultado = cur.fetchone()
    finally:
        conn.close()
    notas.append(f"geração: {milhares(total)} lançamentos ({pagos / total:.0%} pagos), {milhares(n_baixas)} baixas, "
                 f"{milhares(n_rateios)} linhas de rateio ({com_centro / total:.0%} dos lançamentos com centro de custo), "
                 f"{milhares(n_resultado)} linhas do resultado por mês, "
                 f"{milhares(n_palavras)} palavras em {tempos['gerar']:.0f} s, VACUUM ANALYZE em {tempos['vacuum']:.0f} s; "
                 f"financeiro.lancamentos com índices: {tamanho}; gatilho das baixas contornado com {como}.")
    return {**ids, "hoje": hoje}, notas


def _conferir_palavras(banco: Banco, amostra: int = 200) -> None:
    """The word rows written in SQL are those the service's own indexing writes (a sample)."""
    from financeiro import lancamentos

    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
            cur.execute("""SELECT id, descricao, documento FROM financeiro.lancamentos
                            WHERE empresa_id = %s ORDER BY id LIMIT %s""", (EMPRESA, amostra))
            linhas = cur.fetchall()
            consulta = """SELECT lancamento_id, palavra FROM financeiro.lancamentos_palavras
                           WHERE empresa_id = %s AND lancamento_id = ANY(%s) ORDER BY 1, 2"""
            ids = [linha["id"] for linha in linhas]
            cur.execute(consulta, (EMPRESA, ids))
            geradas = [tuple(r.values()) for r in cur.fetchall()]
            lancamentos.indexar(cur, [(linha["id"], linha) for linha in linhas])
            cur.execute(consulta, (EMPRESA, ids))
            do_servico = [tuple(r.values()) for r in cur.fetchall()]
            conn.rollback()
    finally:
        conn.close()
    if geradas != do_servico:
        raise RuntimeError("bench: as palavras geradas em SQL diferem das de financeiro.lancamentos.indexar")


def _conferir_totais_da_busca(banco: Banco) -> None:
    """The totals of a one-word q from the rollup by prefix equal those summed over the lançamentos
    the words' table finds (the path a q of several words takes)."""
    from financeiro import lancamentos

    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
            for q in ("casamento", "cas", "e", "nf", "2026", "1001"):
                filtro = lancamentos.Filtro(q=q)
                do_resumo, dos_lancamentos = lancamentos.totais(cur, filtro), lancamentos._somar(cur, filtro)
                if any(do_resumo[chave] != valor for chave, valor in dos_lancamentos.items()):
                    raise RuntimeError(f"bench: os totais de q={q} por prefixo diferem da soma dos lançamentos")
    finally:
        conn.close()


# ---------------------------------------------------------------- OFX

PAGADORES = ["MARIA SILVA", "JOSÉ SANTOS", "ANA OLIVEIRA", "JOÃO SOUZA", "ANTÔNIO LIMA", "FRANCISCO COSTA",
             "PATRÍCIA ALVES", "LETÍCIA GOMES", "SÉRGIO ROCHA", "CONCEIÇÃO DIAS", "MÁRCIO NUNES", "FLÁVIA RAMOS"]
BOLETOS = ["ENEL SP", "SABESP", "VIVO FIBRA", "CLARO S.A.", "ALUGUEL ESTÚDIO", "FOTOLAB LTDA", "SIMPLES NACIONAL DAS"]
LOJAS = ["POSTO IPIRANGA", "KALUNGA", "MERCADO EXTRA", "FAST SHOP", "DROGASIL", "UBER DO BRASIL"]


def _movimento(r: random.Random) -> tuple[str, int, str]:
    """TRNTYPE, centavos (negative: out) and MEMO of one line of a Brazilian checking account."""
    k = r.random()
    if k < 0.25:
        return "CREDIT", r.randint(5_000, 900_000), f"PIX RECEBIDO - {r.choice(PAGADORES)}"
    if k < 0.45:
        return "DEBIT", -r.randint(1_000, 300_000), f"PIX ENVIADO - {r.choice(PAGADORES)}"
    if k < 0.60:
        return "PAYMENT", -r.randint(5_000, 500_000), f"PAGTO BOLETO - {r.choice(BOLETOS)}"
    if k < 0.75:
        return "POS", -r.randint(500, 60_000), f"COMPRA CARTÃO DÉB - {r.choice(LOJAS)}"
    if k < 0.85:
        return "CREDIT", r.randint(10_000, 2_000_000), \
            f"TED RECEBIDA {r.randint(1, 999):03d} {r.randint(1, 9999):04d} {r.choice(PAGADORES)}"
    if k < 0.90:
        return "FEE", -r.randint(100, 9_000), r.choice(["TARIFA PACOTE SERVIÇOS", "TARIFA TED", "IOF"])
    if k < 0.95:
        return "CREDIT", r.randint(1, 20_000), "RENDIMENTO APLIC AUTOMÁTICA"
    return "CHECK", -r.randint(10_000, 300_000), f"CHEQUE COMPENSADO {r.randint(1, 999_999):06d}"


def gerar_ofx(quantas: int, fim: date, semente: int) -> bytes:
    """An OFX 1.02 SGML statement (CP1252, CRLF, no closing tags on values, dates with the BRT
    offset) of one year of a checking account, `quantas` transactions spread over it."""
    r = random.Random(semente)
    inicio = fim - timedelta(days=364)
    linhas, saldo = [], 0
    for i in range(quantas):
        dia = inicio + timedelta(days=i * 365 // quantas)
        tipo, centavos, memo = _movimento(r)
        saldo += centavos
        linhas.append(Linha(f"{dia:%Y%m%d}100000[-3:BRT]", f"{centavos / 100:.2f}", memo,
                            f"{semente}{dia:%Y%m%d}{i:07d}", tipo, f"{i:07d}"))
    return escrever_ofx(linhas, inicio=f"{inicio:%Y%m%d}000000[-3:BRT]", fim=f"{fim:%Y%m%d}235959[-3:BRT]",
                        servidor=f"{fim:%Y%m%d}120000[-3:BRT]", conta=f"{10000 + semente}-{semente % 10}",
                        saldo=f"{saldo / 100:.2f}", data_saldo=fim, quebra="\r\n")


def _nova_conta(banco: Banco, nome: str) -> int:
    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
            [conta] = _inserir(cur, """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, agencia,
                                                                     numero, saldo_inicial, data_saldo_inicial, ativa)
                                       VALUES (%s, %s, %s, 'CORRENTE', '341', '0001', '1-0', 0, '2015-01-01', true)""",
                               [(EMPRESA, nome, normalizar(nome))])
        return conta
    finally:
        conn.close()


def _medir_ofx(banco: Banco, http, url: str, rotas: set, transacoes: int, vezes: int, hoje: date,
               limite_bytes: int) -> tuple[list[Medida], list[str]]:
    """Each file is read here and then uploaded right after, so that both meet the same load on
    the machine; storing is the difference, file by file."""
    rota = "/api/extratos/upload"
    motivo = None if rota in rotas else f"OFX: upload não medido: o financeiro-api não tem a rota POST {rota}."
    leituras, uploads, respostas = [], [], []
    for semente in range(1, vezes + 1):
        dados = gerar_ofx(transacoes, hoje - timedelta(days=1), semente)
        inicio = time.perf_counter_ns()
        extrato = ler_extrato(dados, limite_bytes)
        leituras.append(time.perf_counter_ns() - inicio)
        if motivo:
            continue
        conta = _nova_conta(banco, f"Extrato bench {semente}")
        inicio = time.perf_counter_ns()
        resposta = http.post(url + rota, files={"arquivo": (f"extrato-{semente}.ofx", dados, "application/x-ofx")},
                             data={"conta_id": str(conta), "confirmar_conta": "true"}, timeout=600)
        uploads.append(time.perf_counter_ns() - inicio)
        if resposta.status_code != 201:
            motivo = f"OFX: upload não medido: a resposta foi {resposta.status_code} {resposta.text[:300]}"
            continue
        respostas.append((conta, dados, resposta.json()))
    tamanho = f"{len(dados) / 1024 / 1024:.1f} MB".replace(".", ",")
    medidas = [resumir(f"OFX de {milhares(transacoes)} transações ({tamanho}): só a leitura (ler_extrato)", leituras)]
    notas = [(f"OFX: {milhares(len(extrato.transacoes))} transações por arquivo, um arquivo por conta nova; a leitura "
              "é medida neste processo, com o código que o upload roda, logo antes de cada upload.")]
    if motivo:
        return medidas, [*notas, motivo]
    medidas.append(resumir(f"OFX de {milhares(transacoes)} transações: POST {rota} inteiro (meta < 3 s)", uploads))
    medidas.append(resumir("OFX: gravar = upload − leitura, arquivo a arquivo", [u - l for u, l in zip(uploads, leituras)]))
    conta, dados, primeira = respostas[0]
    inicio = time.perf_counter_ns()
    de_novo = http.post(url + rota, files={"arquivo": ("extrato-1.ofx", dados, "application/x-ofx")},
                        data={"conta_id": str(conta), "confirmar_conta": "true"}, timeout=600)
    medidas.append(resumir(f"OFX: o mesmo arquivo de novo (resposta {de_novo.status_code}, nada gravado)",
                           [time.perf_counter_ns() - inicio]))
    segunda = de_novo.json()
    parte = sorted((u - l) / u for u, l in zip(uploads, leituras))[len(uploads) // 2]
    notas += [(f"OFX: resposta do upload: importadas={primeira.get('importadas')}, "
               f"duplicadas={primeira.get('duplicadas')}, a_revisar={primeira.get('a_revisar')}; "
               f"de novo: importadas={segunda.get('importadas')}, duplicadas={segunda.get('duplicadas')}."),
              f"OFX: gravar (e o resto do request) é {parte:.0%} do upload, a leitura {1 - parte:.0%} (mediana)."]
    return medidas, notas


# ---------------------------------------------------------------- the bare SQL beside the route

# The ledger search over all time, of one word and of two, measured against the unfiltered first
# page (issue 20).
BUSCA_EM_TUDO = "totais (+ 1ª página): tudo, q=casamento (meta ≤ 3× a 1ª página sem filtros)"
BUSCA_DUAS = "totais (+ 1ª página): tudo, q=casamento silva (meta ≤ 3× a 1ª página sem filtros)"


def _consultas_da_rota(banco: Banco, parametros: dict) -> list[str]:
    """The statements GET /api/lancamentos sends for `parametros`: the route's own code
    (FiltroPaginado, lancamentos.listar and, on a first page, lancamentos.totais)."""
    from financeiro import lancamentos
    from financeiro.routes.lancamentos import FiltroPaginado

    # A repeatable parameter (status) is a list in the model, as the query string's repetitions are.
    query = FiltroPaginado(**{chave: [valor] if chave == "status" else valor for chave, valor in parametros.items()})

    def ler(cur):
        apos, filtro = query.inicio(), query.filtro()
        lancamentos.listar(cur, filtro, apos, query.limit + 1)
        if apos is None:
            lancamentos.totais(cur, filtro)

    return sql_puro.gravar(banco.app_url, EMPRESA, ler)


# ---------------------------------------------------------------- HTTP


def _mes(dia: date) -> tuple[date, date]:
    primeiro = dia.replace(day=1)
    proximo = (primeiro + timedelta(days=32)).replace(day=1)
    return primeiro, proximo - timedelta(days=1)


def _cursor_fundo(banco: Banco, posicao: int) -> tuple[str, dict]:
    """The cursor of the page that starts after the `posicao`-th row of the ledger in its default
    order (vencimento, id), as the ledger's own keyset (PosicaoLancamento) writes and reads it."""
    from financeiro.lancamentos import PosicaoLancamento

    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
            cur.execute("""SELECT data_vencimento, id FROM financeiro.lancamentos WHERE empresa_id = %s
                            ORDER BY data_vencimento, id OFFSET %s LIMIT 1""", (EMPRESA, posicao - 1))
            dia, lancamento_id = cur.fetchone()
    finally:
        conn.close()
    cursor = PosicaoLancamento(data="vencimento", d=dia, id=lancamento_id).cursor()
    return cursor, {"d": dia, "id": lancamento_id}


def medir(infra: Infra, n: int, quantos: int = 1_000_000, outras: int = 4, por_outra: int | None = None,
          transacoes_ofx: int = 50_000, vezes_ofx: int = 3) -> tuple[list[Medida], list[str]]:
    por_outra = quantos // 5 if por_outra is None else por_outra
    banco = infra.banco_migrado("erp_bench_financeiro")
    ids, notas = gerar_livro(banco, quantos, outras, por_outra)
    _conferir_palavras(banco)
    _conferir_totais_da_busca(banco)
    hoje = ids["hoje"]
    # A 50,000-line upload on a loaded machine may come near gunicorn's 30 s request timeout
    # (shared/gunicorn_conf.py): a slow number is a result, a killed worker is not. Said in the notes.
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1", GUNICORN_CMD_ARGS="--timeout 300")
    url = infra.iniciar_servicos(["financeiro-api"], ambiente)["financeiro-api"]
    http = infra.sessao_http(ambiente, EMPRESA, {"financeiro:ler", "financeiro:escrever"}, "bench-financeiro")
    rotas = set(http.get(url + "/openapi.json", timeout=30).json().get("paths", {}))

    fundo = round(quantos * 0.9)
    cursor_fundo, linha_fundo = _cursor_fundo(banco, fundo)
    mes_atual = _mes(hoje)
    mes_ha_um_ano = _mes(hoje.replace(year=hoje.year - 1))
    ano_passado = (date(hoje.year - 1, 1, 1), date(hoje.year - 1, 12, 31))
    listas = {
        "lista: 1ª página sem filtros (+ totais de tudo)": {},
        f"lista: 1ª página do mês atual, de/ate {mes_atual[0]:%m/%Y} (+ totais)":
            {"de": mes_atual[0], "ate": mes_atual[1]},
        f"lista: página funda, após a linha {milhares(fundo)} (cursor; sem totais)": {"cursor": cursor_fundo},
        f"totais (+ 1ª página): um mês, {mes_ha_um_ano[0]:%m/%Y}": {"de": mes_ha_um_ano[0], "ate": mes_ha_um_ano[1]},
        f"totais (+ 1ª página): um ano, {ano_passado[0]:%Y}": {"de": ano_passado[0], "ate": ano_passado[1]},
        "totais (+ 1ª página): tudo, tipo=RECEITA": {"tipo": "RECEITA"},
        "totais (+ 1ª página): tudo, conta_id=<a mais usada>": {"conta_id": ids["contas"][0]},
        "totais (+ 1ª página): tudo, status=PENDENTE": {"status": "PENDENTE"},
        BUSCA_EM_TUDO: {"q": "casamento"},
        "totais (+ 1ª página): um ano, q=casamento": {"q": "casamento", "de": ano_passado[0], "ate": ano_passado[1]},
        BUSCA_DUAS: {"q": "casamento silva"},
        "totais (+ 1ª página): tudo, q=ensaio gestante (duas comuns juntas)": {"q": "ensaio gestante"},
    }
    medidas = []
    if "/api/lancamentos" not in rotas:
        notas.append("lista e totais não medidos: o financeiro-api não tem a rota GET /api/lancamentos.")
    else:
        for nome, parametros in listas.items():
            resposta = http.get(url + "/api/lancamentos", params=parametros, timeout=60)
            resposta.raise_for_status()
            pagina = resposta.json()
            totais = pagina.get("totais")
            mais = "há mais páginas" if pagina["next_cursor"] else "nenhuma outra"
            quantidade = f"; totais de {milhares(totais['quantidade'])} lançamentos" if totais else ""
            notas.append(f"{nome}: {len(pagina['items'])} itens, {mais}{quantidade}.")
            medida = cronometrar(nome, lambda p=parametros: http.get(url + "/api/lancamentos", params=p,
                                                                     timeout=60).raise_for_status(),
                                 n, aquecimento=min(20, n))
            sql = sql_puro.cronometrar_sql(banco.app_url, _consultas_da_rota(banco, parametros), n)
            medidas.append(sql_puro.ao_lado(medida, sql))
        primeira = medidas[0]
        busca, duas = (medidas[list(listas).index(nome)] for nome in (BUSCA_EM_TUDO, BUSCA_DUAS))
        notas.append(f"busca em todo o período ÷ 1ª página sem filtros: q=casamento {busca.p50_us / primeira.p50_us:.1f}×, "
                     f"q=casamento silva {duas.p50_us / primeira.p50_us:.1f}× (meta ≤ 3×); a coluna 'só o SQL' é o p50 "
                     "das mesmas consultas enviadas direto ao PostgreSQL, e quantas vezes ele a rota leva (meta ≤ 2×).")
        notas.append(f"página funda: o cursor é o da linha {milhares(fundo)} na ordem (vencimento, id): "
                     f"vencimento {linha_fundo['d']:%d/%m/%Y}, id {linha_fundo['id']}.")
    if "/api/lancamentos/exportar" not in rotas:
        notas.append("exportação não medida: o financeiro-api não tem a rota GET /api/lancamentos/exportar.")
    else:
        parametros = {"de": mes_ha_um_ano[0], "ate": mes_ha_um_ano[1]}
        exportado = http.get(url + "/api/lancamentos/exportar", params=parametros, timeout=120)
        exportado.raise_for_status()
        linhas_csv = exportado.content.count(b"\n") - 1
        medidas.append(cronometrar(
            f"exportar CSV de um mês, {mes_ha_um_ano[0]:%m/%Y} ({milhares(linhas_csv)} linhas, download completo)",
            lambda: http.get(url + "/api/lancamentos/exportar", params=parametros, timeout=120).raise_for_status(),
            max(5, n // 10), aquecimento=2))
    medidas_ofx, notas_ofx = _medir_ofx(banco, http, url, rotas, transacoes_ofx, vezes_ofx, hoje,
                                        Config.from_env("financeiro-api", ambiente).max_upload_bytes)
    http.close()
    notas.append(f"empresa {EMPRESA}: {milhares(quantos)} lançamentos; {outras} outras empresas de {milhares(por_outra)}; "
                 "financeiro-api com 1 worker sync (timeout do gunicorn 300 s em vez de 30 s, para o upload); "
                 "cada linha é um GET completo (limit 50), token verificado.")
    return medidas + medidas_ofx, notas + notas_ofx
