"""Extratos: OFX statements imported into a conta, and their transactions (financeiro.extratos,
financeiro.extrato_transacoes, under RLS).

An import is all or nothing and idempotent. The same file again for the same conta (its SHA-256)
stores nothing. Otherwise each transaction has a key (`chave`): its FITID, or, when the bank left
it out or repeated it within the file, its data, valor, memo and `ocorrencia` (the index among
the file's identical lines, so genuinely identical same-day transactions stay apart). A key
already stored for the conta is a duplicate, counted and never inserted again; a new key with the
data and valor of a stored transaction is a suspected duplicate, inserted with `revisar` for
someone to keep or discard. Imports into one conta run one at a time (an advisory lock), and the
unique key stands behind it.

The conta's balance by the system, compared with the statement's LEDGERBAL, is derived when read,
never stored (DESIGN.md rule 2): saldo_inicial plus the conta's paid movement from its date up to the
balance's date (financeiro.movimentos_dia, kept by the baixas), as financeiro.v_saldos_conta counts.

An upload is three steps, so that reading a big file holds no connection: `repetido` (a read: the
conta, and this very file imported before), `ler` (outside any transaction), `importar` (the
write, audited, publishing EXTRATO_IMPORTADO; refused when the file is another bank's or account's,
`conferir_conta`). Keeping or discarding a transaction under review (`manter`, `descartar`) and
undoing an import (`excluir`) are audited too. The conta is read through cadastros' read contract.
"""
import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, NamedTuple

from pydantic import Field

from shared import catalogo_eventos as eventos
from shared.api import MAX_ID, Posicao
from shared.db import arranjo, arranjo_simples, violacoes_viram_erros
from shared.errors import ArquivoGrande, Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from financeiro.ofx import Extrato, ExtratoGrandeDemais, ExtratoInvalido, ler_extrato, sem_coleta_de_ciclos
from financeiro.ofx import Transacao as TransacaoOfx

# What the columns hold; past these a value is refused (FITID: the OFX limit) or cut (text shown
# only to people, which no key depends on).
MAX_FITID = 255
MAX_MEMO = 1000
MAX_TIPO = 20
LIMITE_VALOR = Decimal(10**12)  # numeric(14,2)
CENTAVO = Decimal("0.01")


class Linha(NamedTuple):
    """A transaction of the file as it would be stored (a tuple, as the reader's Transacao: one
    per line of a big file)."""
    data: date
    valor: Decimal
    fitid: str | None
    memo: str
    tipo: str
    ocorrencia: int
    chave: str


@dataclass(frozen=True)
class Preparado:
    """A statement checked to fit the tables, before any of it is stored."""
    extrato: Extrato
    linhas: list[Linha]
    saldo: Decimal | None


@dataclass(frozen=True)
class Resultado:
    extrato_id: int
    ja_importado: bool   # the same file was imported into this conta before: nothing stored
    importadas: int
    duplicadas: int
    a_revisar: int


def chave(transacao: TransacaoOfx) -> str:
    """What identifies a transaction across uploads into one conta."""
    if transacao.fitid is not None:
        return "F:" + transacao.fitid
    memo = hashlib.sha256(transacao.descricao.encode("utf-8")).hexdigest()
    return f"D:{transacao.data.isoformat()}|{transacao.valor:.2f}|{transacao.ocorrencia}|{memo}"


def preparar(extrato: Extrato) -> Preparado:
    """The statement as rows, or ExtratoInvalido naming the first value that cannot be stored:
    nothing of a file is stored unless all of it can be."""
    saldo = dinheiro(extrato.saldo.valor, "no saldo (LEDGERBAL)") if extrato.saldo else None
    return Preparado(extrato, _linhas(extrato), saldo)


def _linhas(extrato: Extrato) -> list[Linha]:
    resultado = []
    for numero, transacao in enumerate(extrato.transacoes, 1):
        onde = f"na transação nº {numero}"
        if transacao.fitid is not None and len(transacao.fitid) > MAX_FITID:
            raise ExtratoInvalido(f"O identificador (FITID) {onde} passa de {MAX_FITID} caracteres.")
        resultado.append(Linha(
            data=transacao.data, valor=dinheiro(transacao.valor, onde), fitid=transacao.fitid,
            memo=transacao.descricao[:MAX_MEMO], tipo=transacao.tipo[:MAX_TIPO],
            ocorrencia=transacao.ocorrencia, chave=chave(transacao)))
    return resultado


def dinheiro(valor: Decimal, onde: str) -> Decimal:
    """A statement's amount in cents; refused, rather than rounded, when it has fractions of a
    cent, and when it does not fit the column."""
    # The size first, by exponent: quantizing more digits than the decimal context holds raises
    # InvalidOperation instead of answering (the reader keeps such numbers out; this stays safe).
    if not valor.is_finite() or (valor and valor.adjusted() >= 12):
        raise ExtratoInvalido(f"O valor {str(valor)[:40]} {onde} passa do limite de 999.999.999.999,99.")
    centavos = valor.quantize(CENTAVO)
    if centavos != valor:
        raise ExtratoInvalido(f"O valor {valor} {onde} tem frações de centavo.")
    if abs(centavos) >= LIMITE_VALOR:
        raise ExtratoInvalido(f"O valor {valor} {onde} passa do limite de 999.999.999.999,99.")
    return centavos


def _exigir_conta(cur, conta_id: int) -> None:
    cur.execute("SELECT 1 FROM cadastros.v_contas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (conta_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Conta não encontrada", {"conta_id": "Conta não encontrada"})


# ---------------------------------------------------------------- an upload, step by step


def repetido(cur, conta_id: int, sha256: str) -> tuple[Resultado, dict] | None:
    """Before the file is read: 404 for a conta that is not the empresa's; for a file this conta
    already has, what the upload answers (nothing stored) and the statement it gave."""
    _exigir_conta(cur, conta_id)
    existente = ja_importado(cur, conta_id, sha256)
    return None if existente is None else (repeticao(existente), por_id(cur, existente["id"]))


def ler(dados: bytes, limite: int) -> Preparado:
    """The uploaded bytes as a statement ready to store (no transaction: a big file takes
    seconds, which no connection or lock waits on); 413 over `limite`, 400 naming the reason."""
    try:
        with sem_coleta_de_ciclos():
            return preparar(ler_extrato(dados, limite))
    except ExtratoGrandeDemais as erro:
        raise ArquivoGrande(str(erro), {"arquivo": str(erro)}) from None
    except ExtratoInvalido as erro:
        raise Validacao(str(erro), {"arquivo": str(erro)}) from None


def importar(tx: Transacao, conta_id: int, arquivo_nome: str, sha256: str,
             preparado: Preparado, conferir: bool = True) -> tuple[Resultado, dict]:
    """Stores the statement into the conta, audited and announced (not a repeat, which stores
    nothing); returns the result and the statement as read back. With `conferir`, a file of
    another bank or account is refused first (ContaDivergente)."""
    cur = tx.cur
    _exigir_conta(cur, conta_id)
    if conferir:
        conferir_conta(cur, conta_id, preparado.extrato)
    concorrente = Conflito("Outra importação nesta conta terminou ao mesmo tempo; envie o arquivo de novo")
    with violacoes_viram_erros(unicas={"extratos_arquivo_unico": concorrente,
                                       "extrato_transacoes_chave_unica": concorrente}):
        resultado = _gravar(cur, conta_id, arquivo_nome, sha256, preparado, tx.contexto.usuario_id)
    gravado = por_id(cur, resultado.extrato_id)
    if not resultado.ja_importado:
        tx.auditar("importar", "extrato", resultado.extrato_id, depois={
            "conta_id": conta_id, "arquivo_nome": arquivo_nome, "arquivo_sha256": sha256,
            "conta_ofx": gravado["conta_ofx"], "data_inicio": gravado["data_inicio"],
            "data_fim": gravado["data_fim"], "saldo_extrato": gravado["saldo_extrato"],
            "importadas": resultado.importadas, "duplicadas": resultado.duplicadas,
            "a_revisar": resultado.a_revisar})
        tx.publicar(eventos.EXTRATO_IMPORTADO, extrato_id=resultado.extrato_id, conta_id=conta_id,
                    importadas=resultado.importadas)
    return resultado, gravado


ContaDivergente = type("ContaDivergente", (Conflito,), {"code": "conta_divergente"})
_BANCOS = {  # the banks a studio most often has, named in the mismatch message
           "001": "Banco do Brasil", "033": "Santander", "077": "Inter", "104": "Caixa", "208": "BTG Pactual",
           "237": "Bradesco", "260": "Nubank", "290": "PagBank", "323": "Mercado Pago", "336": "C6 Bank",
           "341": "Itaú", "380": "PicPay", "422": "Safra", "748": "Sicredi", "756": "Sicoob"}


def _digitos(texto: str | None) -> str:
    return "".join(c for c in texto or "" if c in "0123456789")


def conferir_conta(cur, conta_id: int, extrato: Extrato) -> None:
    """409 when the file's BANKID ("0341" → "341") is not the conta's bank or its ACCTID not the conta's
    número (digits; one ending with the other, the conta's also without its check digit) (README)."""
    cur.execute("SELECT nome, banco, numero FROM cadastros.v_contas "
                "WHERE empresa_id = plataforma.empresa_atual() AND id = %s", (conta_id,))
    conta = cur.fetchone()
    da_conta, do_arquivo = (_digitos(b)[-3:].zfill(3) if _digitos(b) else None
                            for b in (conta["banco"], extrato.conta.banco))
    numero, acctid = _digitos(conta["numero"]), _digitos(extrato.conta.numero)
    numeros = {numero, numero[:-1]} - {""} if "-" in (conta["numero"] or "") else {numero}
    if da_conta is None or do_arquivo is None:
        return
    if da_conta != do_arquivo:
        nome = _BANCOS.get(do_arquivo)
        mensagem = (f"Este extrato é do banco {do_arquivo}{f' ({nome})' if nome else ''}, "
                    f"mas a conta {conta['nome']} é do banco {da_conta}.")
    elif numero and acctid and not any(n.endswith(acctid) or acctid.endswith(n) for n in numeros):
        mensagem = (f"Este extrato é da conta {extrato.conta.numero[:60]}, "
                    f"mas a conta {conta['nome']} tem o número {conta['numero']}.")
    else:
        return
    raise ContaDivergente(mensagem + " Confira a conta escolhida ou envie de novo confirmando.")


def bloquear_conta(cur, conta_id: int) -> None:
    """Until the transaction ends, no other import into this conta runs: the duplicate checks
    below see every row an earlier import stored."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('financeiro.extratos:' || "
                "plataforma.empresa_atual() || ':' || %s, 0))", (conta_id,))


def ja_importado(cur, conta_id: int, sha256: str) -> dict | None:
    """The statement this very file gave the conta before, if any."""
    cur.execute(
        """SELECT id, importadas, duplicadas FROM financeiro.extratos
           WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s AND arquivo_sha256 = %s""",
        (conta_id, sha256))
    return cur.fetchone()


def repeticao(existente: dict) -> Resultado:
    """The same file again: every one of its transactions is a duplicate, and nothing is stored."""
    return Resultado(existente["id"], True, 0, existente["importadas"] + existente["duplicadas"], 0)


def _gravar(cur, conta_id: int, arquivo_nome: str, sha256: str, preparado: Preparado,
            usuario_id: int | None) -> Resultado:
    """Stores a statement read from a file into the conta (known to be the empresa's), inside
    the caller's transaction."""
    bloquear_conta(cur, conta_id)
    todas, extrato = preparado.linhas, preparado.extrato
    existente = ja_importado(cur, conta_id, sha256)
    if existente is not None:
        return repeticao(existente)
    conhecidas = _chaves_guardadas(cur, conta_id, [t.chave for t in todas])
    novas, vistas = [], set()
    for linha in todas:
        # The reader gives each line of a file its own key; `vistas` only guards that promise.
        if linha.chave not in conhecidas and linha.chave not in vistas:
            novas.append(linha)
            vistas.add(linha.chave)
    suspeitas = _datas_e_valores_guardados(cur, conta_id, novas)
    revisar = [(linha.data, linha.valor) in suspeitas for linha in novas]
    cur.execute(
        """INSERT INTO financeiro.extratos
               (empresa_id, conta_id, arquivo_nome, arquivo_sha256, banco_ofx, agencia_ofx, conta_ofx,
                data_inicio, data_fim, saldo_extrato, data_saldo, importadas, duplicadas, a_revisar,
                saldos_ignorados, usuario_id)
           VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           RETURNING id, empresa_id""",
        (conta_id, arquivo_nome, sha256, _cortado(extrato.conta.banco, 20),
         _cortado(extrato.conta.agencia, 40), _cortado(extrato.conta.numero, 60),
         extrato.inicio, extrato.fim,
         preparado.saldo, extrato.saldo.data if extrato.saldo else None,
         len(novas), len(todas) - len(novas), sum(revisar), extrato.saldos_ignorados, usuario_id))
    criado = cur.fetchone()
    _inserir(cur, criado["empresa_id"], criado["id"], conta_id, novas, revisar)
    return Resultado(criado["id"], False, len(novas), len(todas) - len(novas), sum(revisar))


def _inserir(cur, empresa_id: int, extrato_id: int, conta_id: int, novas: list[Linha], revisar: list[bool]) -> None:
    """One INSERT of every new row, each column sent as one array literal that PostgreSQL parses
    itself: 50,000 rows went from 1.3 s (2,000-row VALUES lists, each row adapted by psycopg2)
    to 0.75 s. COPY refuses tables under row-level security; COPY into a temporary table and then
    INSERT … SELECT cost the backend as much (0.66 s of CPU against 0.69 s, issue 20)."""
    if not novas:
        return
    cur.execute(
        """INSERT INTO financeiro.extrato_transacoes
               (empresa_id, extrato_id, conta_id, data, valor, fitid, memo, tipo, ocorrencia, chave, revisar)
           SELECT %s, %s, %s, n.* FROM unnest(%s::date[], %s::numeric[], %s::text[], %s::text[], %s::text[],
                                             %s::integer[], %s::text[], %s::boolean[]) AS n""",
        (empresa_id, extrato_id, conta_id,
         arranjo_simples(linha.data.isoformat() for linha in novas), arranjo_simples(linha.valor for linha in novas),
         arranjo(linha.fitid for linha in novas), arranjo(linha.memo for linha in novas),
         arranjo(linha.tipo for linha in novas), arranjo_simples(linha.ocorrencia for linha in novas),
         arranjo(linha.chave for linha in novas), arranjo_simples("t" if suspeita else "f" for suspeita in revisar)))


# The lookups below send their keys as array literals too: psycopg2 sends a list as ARRAY[...], an
# expression per element for PostgreSQL to parse (50,000 keys and 2 × 50,000 pairs: 0.5 s of 0.75 s
# in these two lookups), where a literal is one constant.


def _chaves_guardadas(cur, conta_id: int, chaves: list[str]) -> set[str]:
    if not chaves:
        return set()
    cur.execute(
        """SELECT chave FROM financeiro.extrato_transacoes
           WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s AND chave = ANY(%s::text[])""",
        (conta_id, arranjo(chaves)))
    return {linha["chave"] for linha in cur.fetchall()}


def _datas_e_valores_guardados(cur, conta_id: int, novas: list[Linha]) -> set[tuple[date, Decimal]]:
    """The (data, valor) pairs of `novas` that a transaction already stored in the conta has."""
    if not novas:
        return set()
    pares = list({(linha.data, linha.valor) for linha in novas})
    cur.execute(
        """SELECT n.data, n.valor
           FROM unnest(%s::date[], %s::numeric[]) AS n (data, valor)
           WHERE EXISTS (SELECT FROM financeiro.extrato_transacoes t
                         WHERE t.empresa_id = plataforma.empresa_atual() AND t.conta_id = %s
                           AND t.data = n.data AND t.valor = n.valor)""",
        (arranjo_simples(p[0].isoformat() for p in pares), arranjo_simples(p[1] for p in pares), conta_id))
    return {(linha["data"], linha["valor"]) for linha in cur.fetchall()}


def _cortado(texto: str | None, limite: int) -> str | None:
    return None if texto is None else texto[:limite]


# ---------------------------------------------------------------- reading

# The statement with what is derived when read: the conta's balance by the system on the
# statement's balance date (or, without one, its last day; without either, today), the difference,
# and the live counts of transactions under review and reconciled.
_EXTRATO = """
    SELECT e.id, e.conta_id, c.nome AS conta_nome, e.arquivo_nome, e.banco_ofx, e.agencia_ofx,
           e.conta_ofx, e.data_inicio, e.data_fim, e.saldo_extrato, e.data_saldo,
           s.data AS data_saldo_sistema,
           c.saldo_inicial + coalesce((SELECT sum(m.movimento) FROM financeiro.movimentos_dia m
                                       WHERE m.empresa_id = e.empresa_id AND m.conta_id = e.conta_id
                                         AND m.data >= c.data_saldo_inicial AND m.data <= s.data), 0)
               AS saldo_sistema,
           e.importadas, e.duplicadas, e.a_revisar, e.saldos_ignorados,
           (SELECT count(*) FROM financeiro.extrato_transacoes t
            WHERE t.empresa_id = e.empresa_id AND t.extrato_id = e.id
              AND t.revisar AND t.descartada_em IS NULL) AS em_revisao,
           (SELECT count(*) FROM financeiro.extrato_transacoes t
            WHERE t.empresa_id = e.empresa_id AND t.extrato_id = e.id AND t.conciliado) AS conciliadas,
           e.importado_em
    FROM financeiro.extratos e
    JOIN cadastros.v_contas c ON c.empresa_id = e.empresa_id AND c.id = e.conta_id
    CROSS JOIN LATERAL (SELECT coalesce(e.data_saldo, e.data_fim, plataforma.hoje()) AS data) s
    WHERE e.empresa_id = plataforma.empresa_atual()"""


def _completo(linha: dict) -> dict:
    saldo = linha["saldo_extrato"]
    return {**linha, "diferenca": None if saldo is None else saldo - linha["saldo_sistema"]}


def por_id(cur, extrato_id: int) -> dict | None:
    cur.execute(f"{_EXTRATO} AND e.id = %s", (extrato_id,))
    linha = cur.fetchone()
    return None if linha is None else _completo(linha)


def encontrar(cur, extrato_id: int) -> dict:
    """The statement, or 404 when it is not the empresa's (or no bigint is that id)."""
    extrato = por_id(cur, extrato_id) if extrato_id <= MAX_ID else None
    if extrato is None:
        raise NaoEncontrado("Extrato não encontrado")
    return extrato


# An id a cursor may carry: a bigint, as every id.
_IdDoCursor = Annotated[int, Field(gt=0, le=MAX_ID)]


class PosicaoExtrato(Posicao):
    """Where a page of statements (newest first) ended."""

    id: _IdDoCursor


class PosicaoTransacao(Posicao):
    """Where a page of a statement's transactions (by data, then id) ended."""

    data: date
    id: _IdDoCursor


def listar(cur, conta_id: int | None, apos: PosicaoExtrato | None, limite: int) -> list[dict]:
    """Newest first (by id), those older than `apos`; all contas', or one's."""
    antes_de = None if apos is None else apos.id
    cur.execute(
        f"""{_EXTRATO}
              AND (%(conta)s::bigint IS NULL OR e.conta_id = %(conta)s)
              AND (%(antes)s::bigint IS NULL OR e.id < %(antes)s)
            ORDER BY e.id DESC
            LIMIT %(limite)s""",
        {"conta": conta_id, "antes": antes_de, "limite": limite})
    return [_completo(linha) for linha in cur.fetchall()]


_TRANSACAO = """
    SELECT id, extrato_id, conta_id, data, valor, memo, fitid, tipo, conciliado, revisar, conciliacao_id
    FROM financeiro.extrato_transacoes
    WHERE empresa_id = plataforma.empresa_atual() AND descartada_em IS NULL"""


def transacoes(cur, extrato_id: int, revisar: bool | None, conciliado: bool | None,
               apos: PosicaoTransacao | None, limite: int) -> list[dict]:
    """The statement's transactions by data, then id, after `apos`; 404 for a statement that is
    not the empresa's."""
    encontrar(cur, extrato_id)
    apos_data, apos_id = (None, None) if apos is None else (apos.data, apos.id)
    cur.execute(
        f"""{_TRANSACAO}
              AND extrato_id = %(extrato)s
              AND (%(revisar)s::boolean IS NULL OR revisar = %(revisar)s)
              AND (%(conciliado)s::boolean IS NULL OR conciliado = %(conciliado)s)
              AND (%(apos_data)s::date IS NULL OR (data, id) > (%(apos_data)s, %(apos_id)s))
            ORDER BY data, id
            LIMIT %(limite)s""",
        {"extrato": extrato_id, "revisar": revisar, "conciliado": conciliado,
         "apos_data": apos_data, "apos_id": apos_id, "limite": limite})
    return cur.fetchall()


def transacao(cur, transacao_id: int, bloquear: bool = False) -> dict | None:
    cur.execute(f"{_TRANSACAO} AND id = %s{' FOR UPDATE' if bloquear else ''}", (transacao_id,))
    return cur.fetchone()


def varias_transacoes(cur, ids: list[int]) -> dict[int, dict]:
    """transacao's rows of several, by id (none for those not the empresa's or discarded)."""
    cur.execute(f"{_TRANSACAO} AND id = ANY(%s)", (list(ids),))
    return {linha["id"]: linha for linha in cur.fetchall()}


def _bloquear_transacao(cur, transacao_id: int) -> dict:
    """The transaction, locked; 404 when it is not the empresa's or was discarded."""
    linha = transacao(cur, transacao_id, bloquear=True) if transacao_id <= MAX_ID else None
    if linha is None:
        raise NaoEncontrado("Transação não encontrada")
    return linha


# ---------------------------------------------------------------- the review list


def manter(tx: Transacao, transacao_id: int) -> dict:
    """A transaction under review is confirmed as a transaction of its own (nothing to do for one
    not under review). Returns it as it is now."""
    antes = _bloquear_transacao(tx.cur, transacao_id)
    depois = {**antes, "revisar": False}
    if antes["revisar"]:
        tx.cur.execute(
            """UPDATE financeiro.extrato_transacoes SET revisar = false
               WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (transacao_id,))
        tx.auditar("manter", "extrato_transacao", transacao_id, antes=antes, depois=depois)
    return depois


def descartar(tx: Transacao, transacao_id: int) -> None:
    """A transaction under review is a duplicate after all: it leaves the lists, and its key stays
    so the next statement that brings it counts it as a duplicate. Only while under review (409)."""
    antes = _bloquear_transacao(tx.cur, transacao_id)
    if not antes["revisar"]:
        raise Conflito("Só se descarta uma transação em revisão; esta já foi mantida ou não estava em revisão")
    tx.cur.execute(
        """UPDATE financeiro.extrato_transacoes SET descartada_em = now()
           WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (transacao_id,))
    tx.auditar("descartar", "extrato_transacao", transacao_id, antes=antes)


def excluir(tx: Transacao, extrato_id: int) -> None:
    """Undoes an import: the statement and its transactions (discarded ones too) go, audited; 409,
    removing nothing, while any is reconciled or its automatic conciliação runs (README)."""
    cur = tx.cur
    cur.execute("""SELECT EXISTS (SELECT FROM financeiro.conciliacao_execucoes x WHERE x.empresa_id = e.empresa_id
                                    AND x.extrato_id = e.id AND x.status IN ('PENDENTE', 'EXECUTANDO')) AS rodando
                   FROM financeiro.extratos e WHERE e.empresa_id = plataforma.empresa_atual() AND e.id = %s
                   FOR UPDATE OF e""", (min(extrato_id, MAX_ID),))
    linha = cur.fetchone() if extrato_id <= MAX_ID else None
    if linha is None:
        raise NaoEncontrado("Extrato não encontrado")
    antes = por_id(cur, extrato_id)
    if linha["rodando"]:
        raise Conflito("A conciliação automática deste extrato está em andamento; espere terminar e tente de novo")
    # A transaction being reconciled is waited for and seen as such here: then all is refused.
    cur.execute("""WITH removidas AS (DELETE FROM financeiro.extrato_transacoes
                                      WHERE empresa_id = plataforma.empresa_atual() AND extrato_id = %(id)s
                                      RETURNING conciliado)
                   SELECT count(*) AS total, count(*) FILTER (WHERE conciliado) AS conciliadas FROM removidas""",
                {"id": extrato_id})
    removidas = cur.fetchone()
    if n := removidas["conciliadas"]:
        quais = "a conciliação de 1 transação" if n == 1 else f"as conciliações de {n} transações"
        raise Conflito(f"Desfaça antes {quais} deste extrato (em Conciliação) e tente de novo; nada foi removido.")
    cur.execute("""WITH execucoes AS (DELETE FROM financeiro.conciliacao_execucoes
                                      WHERE empresa_id = plataforma.empresa_atual() AND extrato_id = %(id)s)
                   DELETE FROM financeiro.extratos WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
                {"id": extrato_id})
    campos = ("conta_id", "conta_nome", "arquivo_nome", "banco_ofx", "agencia_ofx", "conta_ofx", "data_inicio",
              "data_fim", "saldo_extrato", "importadas", "duplicadas", "a_revisar")
    tx.auditar("excluir", "extrato", extrato_id,
               antes={**{c: antes[c] for c in campos}, "transacoes_removidas": removidas["total"]})

