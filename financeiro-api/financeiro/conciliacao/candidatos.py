"""Looking up what a statement transaction may be, in SQL: the pessoas its memo names, what its
pattern was confirmed with before, the open lançamentos that may be it, the conta's baixas not yet
reconciled, and the conta's other open transactions of nearby days. A lançamento or baixa whose
título (financeiro.titulos) has the PIX txid or the nosso número the memo or the FITID carries
comes with what agreed (`txid_confere`, `nosso_numero_confere`), which pistas weighs.

Every lookup is an index range in a deterministic order, bounded by its LIMIT: never a read of the
ledger, whatever its size. Cadastros is read through its read contract (its v_ views).
"""
import re
from datetime import timedelta
from decimal import Decimal
from math import ceil

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


def aprendidos(cur, t: Transacao) -> tuple[dict[int, Pessoa], dict[int, int]]:
    """The pessoas and categorias confirmed before with this memo's pattern and direction."""
    pessoas: dict[int, Pessoa] = {}
    categorias: dict[int, int] = {}
    for linha in padroes.aprendidos(cur, t.memo, t.valor if t.entrada else -t.valor):
        pessoa_id = linha["cliente_id"] if t.entrada else linha["fornecedor_id"]
        if pessoa_id is not None:
            pessoas.setdefault(pessoa_id, Pessoa(pessoa_id, "")).vezes += linha["vezes"]
        elif linha["cliente_id"] is None and linha["fornecedor_id"] is None:
            categorias[linha["categoria_id"]] = categorias.get(linha["categoria_id"], 0) + linha["vezes"]
    return pessoas, categorias


def pessoas_no_memo(cur, t: Transacao, aprendidas: dict[int, Pessoa]) -> dict[int, Pessoa]:
    """The pessoas the memo names — by CPF/CNPJ, or by words of the name (each word an index
    lookup; the last one also as the start of a word, for names the bank cut) — scored, and
    those learned. At most MAXIMO_PESSOAS named ones, the likeliest."""
    h = t.historico
    buscadas = [p for p in h.nome if len(p) >= 2 and p not in PARTICULAS]
    ultima = buscadas[-1] if buscadas and len(buscadas[-1]) >= 3 else None
    # The pessoas' and their words' views, by the transaction's direction: the inlined views read
    # the tables' indexes (the words' primary key by palavra), as tests/test_candidatos.py shows.
    cur.execute(
        f"""SELECT p.id, p.nome_busca, true AS por_documento
              FROM cadastros.v_{t.tabela} p
             WHERE p.empresa_id = plataforma.empresa_atual() AND p.cpf_cnpj = ANY(%(documentos)s::text[])
            UNION ALL
            SELECT w.pessoa_id, w.nome_busca, false
              FROM unnest(%(palavras)s::text[]) AS q (palavra)
             CROSS JOIN LATERAL (
                   SELECT pessoa_id, nome_busca FROM cadastros.v_{t.tabela}_palavras
                    WHERE empresa_id = plataforma.empresa_atual() AND palavra = q.palavra
                    ORDER BY pessoa_id LIMIT %(por_palavra)s) w
            UNION ALL
            (SELECT pessoa_id, nome_busca, false FROM cadastros.v_{t.tabela}_palavras
              WHERE empresa_id = plataforma.empresa_atual() AND %(ultima)s::text IS NOT NULL
                AND palavra > %(ultima)s AND palavra < %(ultima)s || %(fim)s
              ORDER BY palavra, pessoa_id LIMIT %(por_palavra)s)
            UNION ALL
            SELECT p.id, p.nome_busca, false FROM cadastros.v_{t.tabela} p
             WHERE p.empresa_id = plataforma.empresa_atual() AND p.id = ANY(%(aprendidas)s::bigint[])""",
        {"documentos": h.documentos, "palavras": buscadas, "ultima": ultima, "fim": FIM,
         "por_palavra": POR_PALAVRA, "aprendidas": list(aprendidas)},
    )
    achadas: dict[int, Pessoa] = {}
    palavras_achadas: dict[int, int] = {}
    for linha in cur.fetchall():
        pessoa = achadas.setdefault(linha["id"], aprendidas.get(linha["id"]) or Pessoa(linha["id"], ""))
        pessoa.nome_busca = linha["nome_busca"]
        pessoa.por_documento = pessoa.por_documento or linha["por_documento"]
        palavras_achadas[linha["id"]] = palavras_achadas.get(linha["id"], 0) + 1
    # One word of a memo with more (a first name: hundreds of Marias) names nobody: not scored.
    bastam = min(PESOS.palavras_que_bastam, len(buscadas))
    for pessoa in achadas.values():
        if palavras_achadas[pessoa.id] >= bastam or pessoa.por_documento or pessoa.vezes:
            pessoa.semelhanca = semelhanca(pessoa.nome_busca, h.nome)
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
          FROM unnest(%(fichas)s::text[] || coalesce(
                  (SELECT regexp_split_to_array(fitid, '[^0-9A-Za-z]+') FROM financeiro.extrato_transacoes
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %(transacao)s), '{}'::text[])) AS f (ficha)
         WHERE %(entrada)s AND length(ficha) >= %(ficha_minima)s),
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
                                            AND ti.conta_id = %(conta)s AND ti.nosso_numero = v.numero
                 WHERE v.dv IS NULL OR ti.nosso_numero_dv = v.dv) AS achados
         GROUP BY lancamento_id)"""


def _cobrados(t: Transacao) -> dict:
    return {"fichas": fichas(t), "transacao": t.id, "entrada": t.entrada, "conta": t.conta_id,
            "ficha_minima": FICHA_MINIMA}


# The open amount in cents, as lancamentos stores it for its index (migrations/0007_conciliacao.sql).
_ABERTO_EM_CENTAVOS = "aberto_centavos"
_EM_ABERTO = """empresa_id = plataforma.empresa_atual() AND tipo = %(tipo)s AND status IN ('PENDENTE', 'PARCIAL')"""


def lancamentos(cur, t: Transacao, pessoas: dict[int, Pessoa]) -> list[dict]:
    """The candidate open lançamentos, each read once, with what the clues need: those of the
    transaction's amount (or near it) due around its date, the conta's due nearby, those of
    `pessoas`, and those whose descrição or documento has a number of the memo."""
    pessoa = "cliente_id" if t.entrada else "fornecedor_id"
    valor = centavos(t.valor)
    aberto = _ABERTO_EM_CENTAVOS
    cur.execute(
        f"""WITH {_COBRADOS},
            candidatos AS (
                -- the título whose txid or nosso número the transaction carries
                SELECT lancamento_id AS id FROM cobrados
                UNION
                -- the transaction's amount, due nearest its date on each side
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = %(valor)s::bigint
                    AND data_vencimento >= %(data)s AND data_vencimento <= %(ate_exatos)s
                  ORDER BY data_vencimento, id LIMIT %(por_lado)s)
                UNION
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = %(valor)s::bigint
                    AND data_vencimento < %(data)s AND data_vencimento >= %(de_exatos)s
                  ORDER BY data_vencimento DESC, id LIMIT %(por_lado)s)
                UNION
                -- a little more than the transaction (a fee or a desconto taken), due around it
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} > %(valor)s::bigint AND {aberto} <= %(com_taxa)s::bigint
                    AND data_vencimento BETWEEN %(de_taxa)s AND %(ate_taxa)s
                  ORDER BY {aberto}, id LIMIT %(na_faixa)s)
                UNION
                -- a little less (juros and multa added), due before it
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} < %(valor)s::bigint AND {aberto} >= %(sem_juros)s::bigint
                    AND data_vencimento BETWEEN %(de_juros)s AND %(ate_juros)s
                  ORDER BY {aberto} DESC, id LIMIT %(na_faixa)s)
                UNION
                -- any amount, of this conta, due nearest its date (the parts of a sum)
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = %(conta)s
                    AND data_vencimento >= %(data)s AND data_vencimento <= %(ate_proximos)s
                  ORDER BY data_vencimento, id LIMIT %(proximos)s)
                UNION
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = %(conta)s
                    AND data_vencimento < %(data)s AND data_vencimento >= %(de_proximos)s
                  ORDER BY data_vencimento DESC, id LIMIT %(proximos)s)
                UNION
                -- the pessoas the memo names or this pattern was confirmed with
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {pessoa} = ANY(%(pessoas)s::bigint[])
                    AND data_vencimento BETWEEN %(de_pessoa)s AND %(ate_pessoa)s
                  ORDER BY data_vencimento, id LIMIT %(por_pessoa)s)
                UNION
                -- the numbers of the memo among descrições and documentos, newest first
                SELECT p.lancamento_id FROM unnest(%(numeros)s::text[]) AS n (palavra)
                 CROSS JOIN LATERAL (
                       SELECT lancamento_id FROM financeiro.lancamentos_palavras
                        WHERE empresa_id = plataforma.empresa_atual() AND palavra = n.palavra
                        ORDER BY lancamento_id DESC LIMIT %(por_numero)s) p)
            SELECT l.id, l.descricao, l.documento, l.valor - l.valor_pago AS aberto, l.data_vencimento,
                   l.conta_id, l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id,
                   pe.nome AS pessoa_nome, s.tipo IS NOT DISTINCT FROM 'PARCELAMENTO' AS parcela,
                   coalesce(co.txid_confere, false) AS txid_confere, co.nosso_numero_confere
              FROM candidatos c
              JOIN financeiro.lancamentos l ON l.empresa_id = plataforma.empresa_atual() AND l.id = c.id
              LEFT JOIN cobrados co ON co.lancamento_id = l.id
              JOIN cadastros.v_categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
              LEFT JOIN cadastros.v_{t.tabela} pe ON pe.empresa_id = l.empresa_id AND pe.id = l.{pessoa}
              LEFT JOIN financeiro.series s ON s.empresa_id = l.empresa_id AND s.id = l.serie_id
             WHERE l.tipo = %(tipo)s AND l.status IN ('PENDENTE', 'PARCIAL')
             ORDER BY l.id""",
        {"tipo": t.tipo, "valor": valor, "data": t.data, "conta": t.conta_id,
         "com_taxa": int(valor / (1 - PESOS.menos)), "sem_juros": ceil(valor / (1 + PESOS.mais)),
         **_janela(t, "exatos", EXATOS), **_janela(t, "taxa", COM_TAXA), **_janela(t, "juros", COM_JUROS),
         **_janela(t, "proximos", PROXIMOS), **_janela(t, "pessoa", DA_PESSOA),
         "pessoas": list(pessoas), "numeros": t.historico.numeros, "por_lado": POR_LADO,
         "na_faixa": NA_FAIXA, "proximos": PROXIMOS_POR_LADO, "por_pessoa": POR_PESSOA, "por_numero": POR_NUMERO,
         **_cobrados(t)},
    )
    return cur.fetchall()


def _janela(t: Transacao, nome: str, dias: tuple[int, int]) -> dict:
    de, ate = t.dias(*dias)
    return {f"de_{nome}": de, f"ate_{nome}": ate}


def baixas(cur, t: Transacao) -> list[dict]:
    """The conta's baixas of this direction not yet reconciled, of nearby days: those of the
    transaction's amount first, then the nearest (a título the retorno already settled among them)."""
    pessoa = "cliente_id" if t.entrada else "fornecedor_id"
    de, ate = t.dias(*BAIXAS_REGISTRADAS)
    cur.execute(
        f"""WITH {_COBRADOS}
            SELECT b.id, b.lancamento_id, b.data, b.valor_movimentado, l.descricao, l.documento,
                   l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id, pe.nome AS pessoa_nome,
                   coalesce(co.txid_confere, false) AS txid_confere, co.nosso_numero_confere
              FROM (SELECT id, lancamento_id, data, valor_movimentado FROM financeiro.baixas
                     WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %(conta)s
                       AND conciliacao_id IS NULL AND data BETWEEN %(de)s AND %(ate)s
                     ORDER BY valor_movimentado = %(valor)s DESC, abs(data - %(data)s), id
                     LIMIT %(maximo)s) b
              JOIN financeiro.lancamentos l ON l.empresa_id = plataforma.empresa_atual() AND l.id = b.lancamento_id
              JOIN cadastros.v_categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
              LEFT JOIN cadastros.v_{t.tabela} pe ON pe.empresa_id = l.empresa_id AND pe.id = l.{pessoa}
              LEFT JOIN cobrados co ON co.lancamento_id = l.id
             WHERE l.tipo = %(tipo)s
             ORDER BY b.id""",
        {"de": de, "ate": ate, "valor": t.valor, "data": t.data, "maximo": MAXIMO_BAIXAS, "tipo": t.tipo,
         **_cobrados(t)},
    )
    return cur.fetchall()


def outras_transacoes(cur, t: Transacao) -> list[dict]:
    """The conta's other open transactions of the same direction a few days around, whose memo
    looks like this one's (the same acquirer, the same payer): parts of one payment."""
    cur.execute(
        """SELECT id, data, valor, memo FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %(conta)s
              AND NOT conciliado AND descartada_em IS NULL AND NOT revisar
              AND data BETWEEN %(de)s AND %(ate)s AND id <> %(id)s AND (valor > 0) = %(entrada)s
            ORDER BY abs(data - %(data)s), id
            LIMIT %(maximo)s""",
        {"conta": t.conta_id, "de": t.data - timedelta(days=OUTRAS_TRANSACOES),
         "ate": t.data + timedelta(days=OUTRAS_TRANSACOES), "id": t.id, "entrada": t.entrada,
         "data": t.data, "maximo": 4 * MAXIMO_OUTRAS},
    )
    desta = origem(t.memo)
    return [linha for linha in cur.fetchall() if origem(linha["memo"]) == desta][:MAXIMO_OUTRAS]
