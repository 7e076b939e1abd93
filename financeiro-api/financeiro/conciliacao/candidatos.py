"""Looking up what a statement transaction may be, in SQL: the pessoas its memo names, what its
pattern was confirmed with before, the open lançamentos that may be it, the conta's baixas not yet
reconciled, and the conta's other open transactions of nearby days. A lançamento or baixa whose
título (financeiro.titulos) has the PIX txid or the nosso número the memo or the FITID carries
comes with what agreed (`txid_confere`, `nosso_numero_confere`), which pistas weighs.

Every lookup is an index range in a deterministic order, bounded by its LIMIT: never a read of the
ledger, whatever its size. The lançamentos, baixas and other transactions are looked up for several
transactions in one statement (the automatic run's batch; a suggestion's one), each as if alone.
Cadastros is read through its read contract (its v_ views).
"""
import re
from decimal import Decimal
from math import ceil

from psycopg2.extras import Json

from shared.texto import FIM

from financeiro.conciliacao import padroes
from financeiro.conciliacao.memo import PARTICULAS, Transacao, origem
from financeiro.conciliacao.pistas import PESOS, Pessoa, semelhanca

# Days around the transaction's date where each kind of candidate is looked for.
EXATOS = (-365, 180)        # the open amount equal to the transaction's
COM_TAXA = (-10, 10)        # a little more than it: a fee or a desconto taken, paid about when due
COM_JUROS = (-60, -1)       # a little less: juros and multa added, paid late
PROXIMOS = (-10, 10)        # any amount, in the same conta (parts of a sum)
DA_PESSOA = (-400, 200)     # the open lançamentos of a pessoa the memo names
BAIXAS_REGISTRADAS = (-7, 3)
OUTRAS_TRANSACOES = 3

# Rows each lookup may bring: enough for a busy day, bounded for a busy empresa.
POR_LADO = 6
NA_FAIXA = 20
PROXIMOS_POR_LADO = 10
POR_PESSOA = 100
POR_PALAVRA = 200
POR_NUMERO = 20
MAXIMO_BAIXAS = 80
MAXIMO_OUTRAS = 10
MAXIMO_PESSOAS = 5
# The memo's words that may be a txid or a nosso número: long enough not to be a day or a parcela.
FICHA_MINIMA = 4
MAXIMO_FICHAS = 24


def centavos(valor: Decimal) -> int:
    """An amount in integer cents, as the indexes hold open amounts and as sums are searched."""
    return int(valor * 100)


# ---------------------------------------------------------------- who


def aprendidos(cur, ts: list[Transacao]) -> dict[int, tuple[dict[int, Pessoa], dict[int, int]]]:
    """By transaction, the pessoas and categorias confirmed before with its memo's pattern and
    direction (one statement for all)."""
    def valor(t: Transacao) -> Decimal:
        return t.valor if t.entrada else -t.valor

    licoes = padroes.aprendidos_de(cur, [(t.memo, valor(t)) for t in ts])
    achados = {}
    for t in ts:
        pessoas: dict[int, Pessoa] = {}
        categorias: dict[int, int] = {}
        for linha in licoes.get((padroes.padrao(t.memo), padroes.direcao(valor(t))), []):
            pessoa_id = linha["cliente_id"] if t.entrada else linha["fornecedor_id"]
            if pessoa_id is not None:
                pessoas.setdefault(pessoa_id, Pessoa(pessoa_id, "")).vezes += linha["vezes"]
            elif linha["cliente_id"] is None and linha["fornecedor_id"] is None:
                categorias[linha["categoria_id"]] = categorias.get(linha["categoria_id"], 0) + linha["vezes"]
        achados[t.id] = pessoas, categorias
    return achados


def pessoas_no_memo(cur, t: Transacao, aprendidas: dict[int, Pessoa]) -> dict[int, Pessoa]:
    """The pessoas the memo names — by CPF/CNPJ, or by words of the name (each word an index
    lookup; the last one also as the start of a word, for names the bank cut) — scored, and
    those learned. At most MAXIMO_PESSOAS named ones, the likeliest."""
    return pessoas_nos_memos(cur, [(t, aprendidas)])[t.id]


def pessoas_nos_memos(cur, transacoes: list[tuple[Transacao, dict[int, Pessoa]]]) -> dict[int, dict[int, Pessoa]]:
    """pessoas_no_memo of several transactions (each with the pessoas learned for it), by id: one
    statement per direction, each transaction's lookups a LATERAL subquery of its row, as alone."""
    def sql(entrada: bool) -> str:
        tabela = "clientes" if entrada else "fornecedores"
        # The pessoas' and their words' views, by the transaction's direction: the inlined views
        # read the tables' indexes (the words' primary key by palavra), as tests/test_candidatos.py
        # shows.
        return f"""SELECT p.transacao, x.* FROM jsonb_to_recordset(%(lote)s::jsonb)
                       AS p (transacao bigint, documentos text[], palavras text[], ultima text, aprendidas bigint[])
                 CROSS JOIN LATERAL (
                       SELECT pe.id, pe.nome_busca, true AS por_documento
                         FROM cadastros.v_{tabela} pe
                        WHERE pe.empresa_id = plataforma.empresa_atual() AND pe.cpf_cnpj = ANY(p.documentos)
                       UNION ALL
                       SELECT w.pessoa_id, w.nome_busca, false
                         FROM unnest(p.palavras) AS q (palavra)
                        CROSS JOIN LATERAL (
                              SELECT pessoa_id, nome_busca FROM cadastros.v_{tabela}_palavras
                               WHERE empresa_id = plataforma.empresa_atual() AND palavra = q.palavra
                               ORDER BY pessoa_id LIMIT %(por_palavra)s) w
                       UNION ALL
                       (SELECT pessoa_id, nome_busca, false FROM cadastros.v_{tabela}_palavras
                         WHERE empresa_id = plataforma.empresa_atual() AND p.ultima IS NOT NULL
                           AND palavra > p.ultima AND palavra < p.ultima || %(fim)s
                         ORDER BY palavra, pessoa_id LIMIT %(por_palavra)s)
                       UNION ALL
                       SELECT pe.id, pe.nome_busca, false FROM cadastros.v_{tabela} pe
                        WHERE pe.empresa_id = plataforma.empresa_atual() AND pe.id = ANY(p.aprendidas)) x"""
    linhas = _por_direcao(cur, sql, transacoes, {"fim": FIM, "por_palavra": POR_PALAVRA}, _do_memo)
    return {t.id: _nomeadas(linhas[t.id], t, aprendidas) for t, aprendidas in transacoes}


def _buscadas(t: Transacao) -> list[str]:
    """The words of the memo's name looked up."""
    return [p for p in t.historico.nome if len(p) >= 2 and p not in PARTICULAS]


def _do_memo(t: Transacao, aprendidas: dict[int, Pessoa]) -> dict:
    """One transaction's row of pessoas_nos_memos' lookup."""
    buscadas = _buscadas(t)
    ultima = buscadas[-1] if buscadas and len(buscadas[-1]) >= 3 else None
    return {"transacao": t.id, "documentos": t.historico.documentos, "palavras": buscadas, "ultima": ultima,
            "aprendidas": list(aprendidas)}


def _nomeadas(linhas: list[dict], t: Transacao, aprendidas: dict[int, Pessoa]) -> dict[int, Pessoa]:
    """A memo's pessoas from its lookups' rows."""
    achadas: dict[int, Pessoa] = {}
    palavras_achadas: dict[int, int] = {}
    for linha in linhas:
        pessoa = achadas.setdefault(linha["id"], aprendidas.get(linha["id"]) or Pessoa(linha["id"], ""))
        pessoa.nome_busca = linha["nome_busca"]
        pessoa.por_documento = pessoa.por_documento or linha["por_documento"]
        palavras_achadas[linha["id"]] = palavras_achadas.get(linha["id"], 0) + 1
    # One word of a memo with more (a first name: hundreds of Marias) names nobody: not scored.
    bastam = min(PESOS.palavras_que_bastam, len(_buscadas(t)))
    for pessoa in achadas.values():
        if palavras_achadas[pessoa.id] >= bastam or pessoa.por_documento or pessoa.vezes:
            pessoa.semelhanca = semelhanca(pessoa.nome_busca, t.historico.nome)
    nomeadas = sorted((p for p in achadas.values() if p.nomeada),
                      key=lambda p: (not p.por_documento, -p.semelhanca, p.id))[:MAXIMO_PESSOAS]
    return {p.id: p for p in [*nomeadas, *(p for p in achadas.values() if p.vezes and not p.nomeada)]}


# ---------------------------------------------------------------- what


def fichas(t: Transacao) -> list[str]:
    """The memo's words (letters and digits) that may be a txid or a nosso número, as written and
    in capitals (txids are, and some banks echo them back lower-cased)."""
    achadas: dict[str, None] = {}
    for palavra in re.findall(r"[0-9A-Za-z]+", t.memo):
        if len(palavra) >= FICHA_MINIMA:
            achadas.setdefault(palavra)
            achadas.setdefault(palavra.upper())
    return list(achadas)[:MAXIMO_FICHAS]


# The títulos the transaction names (a receipt only): by txid (unique in the empresa), or by the
# conta's nosso número written whole, with or without its check digit after it — banks print
# both. Every lookup is the equality of a unique index; the FITID (where some banks put the txid
# or the nosso número) is read by the transaction's primary key. One row per lançamento.
_COBRADOS = """
    fichas AS (
        SELECT DISTINCT ficha
          FROM unnest(p.fichas || coalesce(
                  (SELECT regexp_split_to_array(fitid, '[^0-9A-Za-z]+') FROM financeiro.extrato_transacoes
                    WHERE empresa_id = plataforma.empresa_atual() AND id = p.transacao), '{}'::text[])) AS f (ficha)
         WHERE p.entrada AND length(ficha) >= %(ficha_minima)s),
    cobrados AS (
        SELECT lancamento_id, bool_or(por_txid) AS txid_confere,
               min(nosso_numero) FILTER (WHERE NOT por_txid) AS nosso_numero_confere
          FROM (SELECT lancamento_id, true AS por_txid, nosso_numero FROM financeiro.titulos
                 WHERE empresa_id = plataforma.empresa_atual() AND txid = ANY (ARRAY(SELECT ficha FROM fichas))
                UNION ALL
                SELECT ti.lancamento_id, false, ti.nosso_numero
                  FROM fichas
                 CROSS JOIN LATERAL (VALUES (ficha, NULL), (left(ficha, -1), right(ficha, 1))) AS v (numero, dv)
                  JOIN financeiro.titulos ti ON ti.empresa_id = plataforma.empresa_atual()
                                            AND ti.conta_id = p.conta AND ti.nosso_numero = v.numero
                 WHERE v.dv IS NULL OR ti.nosso_numero_dv = v.dv) AS achados
         GROUP BY lancamento_id)"""

# Several transactions are looked up in one statement: each one's parameters are a row of `p`
# (jsonb_to_recordset of LOTE), and its lookup a LATERAL subquery of them, planned once for the
# batch instead of once per transaction. One direction per statement, since the pessoa's column
# and view follow it.
_LOTE = """jsonb_to_recordset(%(lote)s::jsonb) AS p (
    transacao bigint, tipo text, entrada boolean, conta bigint, data date, valor bigint, valor_exato numeric,
    com_taxa bigint, sem_juros bigint, de_exatos date, ate_exatos date, de_taxa date, ate_taxa date,
    de_juros date, ate_juros date, de_proximos date, ate_proximos date, de_pessoa date, ate_pessoa date,
    de_baixas date, ate_baixas date, pessoas bigint[], numeros text[], fichas text[])"""


def _parametros(t: Transacao, pessoas: dict[int, Pessoa]) -> dict:
    """One transaction's row of _LOTE."""
    valor = centavos(t.valor)
    janelas = {}
    for nome, dias in (("exatos", EXATOS), ("taxa", COM_TAXA), ("juros", COM_JUROS), ("proximos", PROXIMOS),
                       ("pessoa", DA_PESSOA), ("baixas", BAIXAS_REGISTRADAS)):
        de, ate = t.dias(*dias)
        janelas |= {f"de_{nome}": de.isoformat(), f"ate_{nome}": ate.isoformat()}
    return {"transacao": t.id, "tipo": t.tipo, "entrada": t.entrada, "conta": t.conta_id, "data": t.data.isoformat(),
            "valor": valor, "valor_exato": str(t.valor), "com_taxa": int(valor / (1 - PESOS.menos)),
            "sem_juros": ceil(valor / (1 + PESOS.mais)), **janelas, "pessoas": list(pessoas),
            "numeros": t.historico.numeros, "fichas": fichas(t)}


def _por_direcao(cur, sql_de, transacoes: list[tuple[Transacao, dict[int, Pessoa]]], parametros: dict,
                 do_lote=_parametros) -> dict:
    """Runs a batch lookup once per direction present, each transaction a row of its `lote` (made by
    `do_lote`); each transaction's rows, in their order."""
    achados = {t.id: [] for t, _ in transacoes}
    for entrada in (True, False):
        lote = [do_lote(t, pessoas) for t, pessoas in transacoes if t.entrada == entrada]
        if not lote:
            continue
        cur.execute(sql_de(entrada), {"lote": Json(lote), **parametros})
        for linha in cur.fetchall():
            achados[linha.pop("transacao")].append(linha)
    return achados


# The open amount in cents, as lancamentos stores it for its index (migrations/0007_conciliacao.sql).
_ABERTO_EM_CENTAVOS = "aberto_centavos"
_EM_ABERTO = """empresa_id = plataforma.empresa_atual() AND tipo = p.tipo AND status IN ('PENDENTE', 'PARCIAL')"""

# Each lookup under a LIMIT brings FOLGA rows more, with their position in its order, so that
# the rows it would bring once some of them are gone (paid, linked, reconciled by an earlier
# decision of the automatic run's batch) are known without asking again: the first LIMIT of those
# left (sem_os_tocados). The lookups of open lançamentos by their LIMIT, numbered as `busca`:
FOLGA = 10
# The other open transactions nearby are, in a busy statement, mostly the batch's own, which its
# decisions reconcile one after another: their lookup brings a batch's worth more (automatica.LOTE;
# a statement of 10,000 lines a year has ~190 within OUTRAS_TRANSACOES days, so it reads them all
# anyway), or nearly every line of a busy batch would be looked up again.
FOLGA_DAS_OUTRAS = 200
_LIMITES = {1: POR_LADO, 2: POR_LADO, 3: NA_FAIXA, 4: NA_FAIXA, 5: PROXIMOS_POR_LADO, 6: PROXIMOS_POR_LADO,
            7: POR_PESSOA}


def _pela_chave(tabela: str, id_: str) -> str:
    """A LATERAL subquery of the row of `tabela` whose id is `id_`: a primary-key lookup for each
    candidate. OFFSET 0 keeps it one: joined plainly, the planner, which cannot tell how few rows
    a batch's LATERAL lookups bring, may read the whole table to join them."""
    return f"SELECT * FROM {tabela} WHERE empresa_id = plataforma.empresa_atual() AND id = {id_} OFFSET 0"


def _ordenada(busca: int, ordem: str) -> str:
    """A lookup's columns: the id, which lookup, its position in the lookup's order."""
    return f"id, {busca} AS busca, row_number() OVER (ORDER BY {ordem}) AS posicao"


def lancamentos(cur, transacoes: list[tuple[Transacao, dict[int, Pessoa]]],
                folga: int = FOLGA) -> dict[int, list[dict]]:
    """Each transaction's candidate open lançamentos (by its id; the pessoas beside it are those its
    memo names), each read once, with what the clues need: those of the transaction's amount (or
    near it) due around its date, the conta's due nearby, those of the pessoas, and those whose
    descrição or documento has a number of the memo; with FOLGA more of each lookup and where each
    row stands in them (`buscas`, `posicoes`): abertos_sem keeps what the lookups give. `folga` 0
    when nothing will be taken out (a suggestion alone): the bare LIMITs."""
    def sql(entrada: bool) -> str:
        pessoa, tabela = ("cliente_id", "clientes") if entrada else ("fornecedor_id", "fornecedores")
        aberto = _ABERTO_EM_CENTAVOS
        return f"""
        SELECT p.transacao, c.* FROM {_LOTE}
         CROSS JOIN LATERAL (
            WITH {_COBRADOS},
            candidatos AS (
                -- the título whose txid or nosso número the transaction carries
                SELECT lancamento_id AS id, 0 AS busca, 0::bigint AS posicao FROM cobrados
                UNION ALL
                -- the transaction's amount, due nearest its date on each side
                (SELECT {_ordenada(1, "data_vencimento, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = p.valor
                    AND data_vencimento >= p.data AND data_vencimento <= p.ate_exatos
                  ORDER BY data_vencimento, id LIMIT %(por_lado)s)
                UNION ALL
                (SELECT {_ordenada(2, "data_vencimento DESC, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = p.valor
                    AND data_vencimento < p.data AND data_vencimento >= p.de_exatos
                  ORDER BY data_vencimento DESC, id LIMIT %(por_lado)s)
                UNION ALL
                -- a little more than the transaction (a fee or a desconto taken), due around it
                (SELECT {_ordenada(3, f"{aberto}, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} > p.valor AND {aberto} <= p.com_taxa
                    AND data_vencimento BETWEEN p.de_taxa AND p.ate_taxa
                  ORDER BY {aberto}, id LIMIT %(na_faixa)s)
                UNION ALL
                -- a little less (juros and multa added), due before it
                (SELECT {_ordenada(4, f"{aberto} DESC, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} < p.valor AND {aberto} >= p.sem_juros
                    AND data_vencimento BETWEEN p.de_juros AND p.ate_juros
                  ORDER BY {aberto} DESC, id LIMIT %(na_faixa)s)
                UNION ALL
                -- any amount, of this conta, due nearest its date (the parts of a sum)
                (SELECT {_ordenada(5, "data_vencimento, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = p.conta
                    AND data_vencimento >= p.data AND data_vencimento <= p.ate_proximos
                  ORDER BY data_vencimento, id LIMIT %(proximos)s)
                UNION ALL
                (SELECT {_ordenada(6, "data_vencimento DESC, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = p.conta
                    AND data_vencimento < p.data AND data_vencimento >= p.de_proximos
                  ORDER BY data_vencimento DESC, id LIMIT %(proximos)s)
                UNION ALL
                -- the pessoas the memo names or this pattern was confirmed with
                (SELECT {_ordenada(7, "data_vencimento, id")} FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {pessoa} = ANY(p.pessoas)
                    AND data_vencimento BETWEEN p.de_pessoa AND p.ate_pessoa
                  ORDER BY data_vencimento, id LIMIT %(por_pessoa)s)
                UNION ALL
                -- the numbers of the memo among descrições and documentos, newest first (a paid
                -- lançamento keeps its words: paying one never brings another in)
                SELECT w.lancamento_id, 8, 0 FROM unnest(p.numeros) AS n (palavra)
                 CROSS JOIN LATERAL (
                       SELECT lancamento_id FROM financeiro.lancamentos_palavras
                        WHERE empresa_id = plataforma.empresa_atual() AND palavra = n.palavra
                        ORDER BY lancamento_id DESC LIMIT %(por_numero)s) w),
            por_lancamento AS (
                SELECT id, array_agg(busca ORDER BY busca, posicao) AS buscas,
                       array_agg(posicao ORDER BY busca, posicao) AS posicoes
                  FROM candidatos GROUP BY id)
            SELECT l.id, l.descricao, l.documento, l.valor - l.valor_pago AS aberto, l.data_vencimento,
                   l.conta_id, l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id,
                   pe.nome AS pessoa_nome, s.tipo IS NOT DISTINCT FROM 'PARCELAMENTO' AS parcela,
                   coalesce(co.txid_confere, false) AS txid_confere, co.nosso_numero_confere,
                   c.buscas, c.posicoes
              FROM por_lancamento c
             CROSS JOIN LATERAL ({_pela_chave("financeiro.lancamentos", "c.id")}) l
              LEFT JOIN cobrados co ON co.lancamento_id = l.id
             CROSS JOIN LATERAL ({_pela_chave("cadastros.v_categorias", "l.categoria_id")}) cat
              LEFT JOIN LATERAL ({_pela_chave(f"cadastros.v_{tabela}", f"l.{pessoa}")}) pe ON true
              LEFT JOIN LATERAL ({_pela_chave("financeiro.series", "l.serie_id")}) s ON true
             WHERE l.tipo = p.tipo AND l.status IN ('PENDENTE', 'PARCIAL')) c
         ORDER BY p.transacao, c.id"""
    return _por_direcao(cur, sql, transacoes, {
        "por_lado": POR_LADO + folga, "na_faixa": NA_FAIXA + folga, "proximos": PROXIMOS_POR_LADO + folga,
        "por_pessoa": POR_PESSOA + folga, "por_numero": POR_NUMERO, "ficha_minima": FICHA_MINIMA})


def abertos_sem(linhas: list[dict], pagos: set[int]) -> list[dict] | None:
    """The candidate lançamentos the lookups give once `pagos` are paid (in full: a lançamento
    paid in part has another open amount, which only a new lookup can place), as `lancamentos`
    read them, by id; None when a lookup ran out of its FOLGA."""
    ficam = [linha for linha in linhas if linha["id"] not in pagos]
    por_busca: dict[int, list[tuple[int, int]]] = {}
    for linha in ficam:
        for busca, posicao in zip(linha["buscas"], linha["posicoes"]):
            por_busca.setdefault(busca, []).append((posicao, linha["id"]))
    trazidos = {busca: sum(1 for linha in linhas if busca in linha["buscas"]) for busca in _LIMITES}
    if any(trazidos[busca] == limite + FOLGA and len(por_busca.get(busca, ())) < limite
           for busca, limite in _LIMITES.items()):
        return None
    escolhidos = set()
    for busca, achados in por_busca.items():
        limite = _LIMITES.get(busca)
        escolhidos.update(i for _, i in (sorted(achados)[:limite] if limite else achados))
    return [_sem_posicoes(linha, ("buscas", "posicoes")) for linha in ficam if linha["id"] in escolhidos]


def _sem_posicoes(linha: dict, colunas: tuple[str, ...]) -> dict:
    return {coluna: valor for coluna, valor in linha.items() if coluna not in colunas}


def _primeiras_sem(linhas: list[dict], tirar: set[int], limite: int, folga: int = FOLGA) -> list[dict] | None:
    """The first `limite` rows of a lookup (its order: `posicao`; every row of its window comes
    back, the joins after it drop none) once `tirar` are gone; None when they are not all among
    those it brought."""
    ficam = sorted((linha for linha in linhas if linha["id"] not in tirar), key=lambda linha: linha["posicao"])
    if len(ficam) < limite and len(linhas) == limite + folga:
        return None
    return [_sem_posicoes(linha, ("posicao",)) for linha in ficam[:limite]]


def baixas(cur, transacoes: list[Transacao], folga: int = FOLGA) -> dict[int, list[dict]]:
    """Each transaction's conta's baixas of its direction not yet reconciled, of nearby days: those
    of the transaction's amount first, then the nearest (a título the retorno already settled among
    them); `folga` more, with their `posicao` (baixas_sem keeps what the lookup gives)."""
    def sql(entrada: bool) -> str:
        pessoa, tabela = ("cliente_id", "clientes") if entrada else ("fornecedor_id", "fornecedores")
        return f"""
        SELECT p.transacao, c.* FROM {_LOTE}
         CROSS JOIN LATERAL (
            WITH {_COBRADOS}
            SELECT b.id, b.lancamento_id, b.data, b.valor_movimentado, l.descricao, l.documento,
                   l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id, pe.nome AS pessoa_nome,
                   coalesce(co.txid_confere, false) AS txid_confere, co.nosso_numero_confere, b.posicao,
                   l.tipo = p.tipo AS do_tipo
              FROM (SELECT id, lancamento_id, data, valor_movimentado,
                           row_number() OVER (ORDER BY valor_movimentado = p.valor_exato DESC, abs(data - p.data), id)
                               AS posicao
                      FROM financeiro.baixas
                     WHERE empresa_id = plataforma.empresa_atual() AND conta_id = p.conta
                       AND conciliacao_id IS NULL AND data BETWEEN p.de_baixas AND p.ate_baixas
                     ORDER BY valor_movimentado = p.valor_exato DESC, abs(data - p.data), id
                     LIMIT %(maximo)s) b
             CROSS JOIN LATERAL ({_pela_chave("financeiro.lancamentos", "b.lancamento_id")}) l
             CROSS JOIN LATERAL ({_pela_chave("cadastros.v_categorias", "l.categoria_id")}) cat
              LEFT JOIN LATERAL ({_pela_chave(f"cadastros.v_{tabela}", f"l.{pessoa}")}) pe ON true
              LEFT JOIN cobrados co ON co.lancamento_id = l.id) c
         ORDER BY p.transacao, c.id"""
    return _por_direcao(cur, sql, [(t, {}) for t in transacoes],
                        {"maximo": MAXIMO_BAIXAS + folga, "ficha_minima": FICHA_MINIMA})


def baixas_sem(linhas: list[dict], ligadas: set[int]) -> list[dict] | None:
    """The baixas of the transaction's direction the lookup gives once `ligadas` are reconciled,
    by id; None past its FOLGA. (A baixa of the other tipo takes its place in the LIMIT and is
    then left out.)"""
    escolhidas = _primeiras_sem(linhas, ligadas, MAXIMO_BAIXAS)
    if escolhidas is None:
        return None
    return sorted((_sem_posicoes(linha, ("do_tipo",)) for linha in escolhidas if linha["do_tipo"]),
                  key=lambda linha: linha["id"])


def outras_transacoes(cur, transacoes: list[Transacao], folga: int = FOLGA_DAS_OUTRAS) -> dict[int, list[dict]]:
    """Each transaction's conta's other open transactions of the same direction a few days around,
    the nearest first: 4 × MAXIMO_OUTRAS and `folga` more, with their `posicao` (outras_sem picks the
    parts of one payment among them). A batch's days overlap: the conta's open transactions of the
    days its windows cover are read once (a few hundred rows), and each transaction's taken from
    them here, in the lookup's order; looked up one by one they were ~190 rows for each of them."""
    maximo = 4 * MAXIMO_OUTRAS + folga
    achados: dict[int, list[dict]] = {}
    for conta_id, de, ate, ts in _faixas_de_dias(transacoes, OUTRAS_TRANSACOES):
        cur.execute("""SELECT id, data, valor, memo FROM financeiro.extrato_transacoes
                        WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s
                          AND NOT conciliado AND descartada_em IS NULL AND NOT revisar
                          AND data BETWEEN %s AND %s""", (conta_id, de, ate))
        abertas = cur.fetchall()
        for t in ts:
            perto = sorted((o for o in abertas if o["id"] != t.id and (o["valor"] > 0) == t.entrada
                            and abs((o["data"] - t.data).days) <= OUTRAS_TRANSACOES),
                           key=lambda o: (abs((o["data"] - t.data).days), o["id"]))
            achados[t.id] = [{**o, "posicao": n} for n, o in enumerate(perto[:maximo], 1)]
    return achados


def _faixas_de_dias(transacoes: list[Transacao], dias: int) -> list[list]:
    """The transactions by conta and by runs of dates whose windows (`dias` around each) overlap:
    (conta, first day, last day of the run's windows, its transactions)."""
    faixas: list[list] = []
    for t in sorted(transacoes, key=lambda t: (t.conta_id, t.data)):
        de, ate = t.dias(-dias, dias)
        if faixas and faixas[-1][0] == t.conta_id and de <= faixas[-1][2]:
            faixas[-1][2] = ate
            faixas[-1][3].append(t)
        else:
            faixas.append([t.conta_id, de, ate, [t]])
    return faixas


def outras_sem(t: Transacao, linhas: list[dict], conciliadas: set[int]) -> list[dict] | None:
    """Of outras_transacoes' once `conciliadas` are reconciled, those whose memo looks like this
    one's (the same acquirer, the same payer): parts of one payment. None past its FOLGA_DAS_OUTRAS."""
    vizinhas = _primeiras_sem(linhas, conciliadas, 4 * MAXIMO_OUTRAS, FOLGA_DAS_OUTRAS)
    if vizinhas is None:
        return None
    return [linha for linha in vizinhas if origem(linha["memo"]) == origem(t.memo)][:MAXIMO_OUTRAS]
