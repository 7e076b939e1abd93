"""The staff's rules (financeiro.regras): conditions on a statement transaction, and what to do
with one that meets them — suggest a new lançamento, create it, or confirm the best suggestion.

A rule's conditions are evaluated in SQL only, by one condition (`_atende`, whose pattern match is
`_casa`), whether the rules of one transaction are looked up (aplicaveis) or one rule is tried on
every stored transaction (testar): a rule cannot behave one way in its dry run and another for real.

A rule's regular expression is the staff's code running in the shared database, so every
evaluation of one runs under a statement timeout (`_sob_limite`), and the constructs that make
PostgreSQL's engine explode are refused when a rule is saved or tried (`perigo.da_regex`).
"""
import logging
import threading
import time
from contextlib import contextmanager

import psycopg2.errors
from psycopg2.extras import Json

from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import normalizar
from shared.transacao import Transacao

from financeiro import lancamentos
from financeiro.conciliacao import perigo

log = logging.getLogger(__name__)

# What a rule stores and may change (`ordem` changes only by reordering all of them).
CONDICOES = ("memo_contem", "memo_regex", "valor_minimo", "valor_maximo", "direcao", "conta_id")
CAMPOS = ("nome", "ativa", *CONDICOES, "acao", "categoria_id", "cliente_id", "fornecedor_id", "descricao",
          "score_minimo")
_REFERENCIAS = ("conta_id", "categoria_id", "cliente_id", "fornecedor_id")

TIPO_DA_DIRECAO = {"ENTRADA": "RECEITA", "SAIDA": "DESPESA"}
DIRECAO_DO_TIPO = {tipo: direcao for direcao, tipo in TIPO_DA_DIRECAO.items()}

# A dry run reads every stored transaction of the empresa: examples shown, and how long a regular
# expression may take over all of them before the staff are asked for a simpler one.
EXEMPLOS = 20
TEMPO_DO_TESTE = "10s"
# How long the rules' patterns may take on one memo (a memo has at most 1,000 characters; an
# ordinary pattern takes well under a millisecond on it). Past that a rule is taken as not met,
# with a warning naming it, and skipped by this process for QUARENTENA seconds: a batch of 200
# transactions of the automatic run would otherwise pay the limit 400 times (twice each) and
# outlast the run's lease. Should several rules time out on one transaction, the suggestions stop
# trying after ORCAMENTO_DA_TRANSACAO seconds. Taken as not met rather than deactivated: a read
# (the suggestions) must not write, and a rule stored before the checks of `perigo.da_regex` is fixed by
# its author, whom saving it then tells what is wrong with it.
TEMPO_DA_REGEX = "1s"
ORCAMENTO_DA_TRANSACAO = 3.0
QUARENTENA = 600.0
_VERIFIQUE = "Verifique os campos destacados"

# The memo folded in SQL as shared.texto.normalizar folds it in Python (PostgreSQL here has no
# unaccent): accented Latin letters to plain ones, then lower(), which for ASCII does not depend on
# the database's ctype. memo_contem is stored folded by normalizar.
_ACENTOS, _SEM_ACENTOS = ("ÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÇÑÝàáâãäåèéêëìíîïòóôõöùúûüçñýÿ",
                          "AAAAAAEEEEIIIIOOOOOUUUUCNYaaaaaaeeeeiiiiooooouuuucnyy")
_MEMO_DOBRADO = f"lower(translate(t.memo, '{_ACENTOS}', '{_SEM_ACENTOS}'))"


def _casa(memo: str, memo_regex: str) -> str:
    """SQL: the memo matches the rule's regular expression (PostgreSQL's, case-insensitive)."""
    return f"{memo} ~* {memo_regex}"


def _atende(regra: dict[str, str], transacao: dict[str, str], com_regex: bool = True) -> str:
    """SQL: the transaction meets every condition the rule has (an unset one always holds);
    without `com_regex`, every one but memo_regex, which the caller then evaluates (`_casa`).

    Both sides are SQL expressions: the rule's columns and the transaction's parameters for
    aplicaveis (a batch's, as columns of its rows); the rule's parameters and the transaction's
    columns for testar."""
    r, t = regra, transacao
    regex = f"({r['memo_regex']} IS NULL OR {_casa(t['memo'], r['memo_regex'])})" if com_regex else "true"
    return f"""({r['memo_contem']} IS NULL OR strpos({t['memo_dobrado']}, {r['memo_contem']}) > 0)
           AND {regex}
           AND ({r['valor_minimo']} IS NULL OR abs({t['valor']}) >= {r['valor_minimo']})
           AND ({r['valor_maximo']} IS NULL OR abs({t['valor']}) <= {r['valor_maximo']})
           AND ({r['direcao']} IS NULL
                OR {r['direcao']} = CASE WHEN {t['valor']} > 0 THEN 'ENTRADA' ELSE 'SAIDA' END)
           AND ({r['conta_id']} IS NULL OR {t['conta_id']} = {r['conta_id']})"""


_COLUNAS_DA_REGRA = {campo: f"r.{campo}" for campo in CONDICOES}
_COLUNAS_DO_LOTE = {"memo": "p.memo", "memo_dobrado": "p.memo_dobrado", "valor": "p.valor", "conta_id": "p.conta_id"}
_TIPOS = {"memo_contem": "text", "memo_regex": "text", "valor_minimo": "numeric", "valor_maximo": "numeric",
          "direcao": "text", "conta_id": "bigint"}
_PARAMETROS_DA_REGRA = {campo: f"%({campo})s::{_TIPOS[campo]}" for campo in CONDICOES}
_COLUNAS_DA_TRANSACAO = {"memo": "t.memo", "memo_dobrado": _MEMO_DOBRADO, "valor": "t.valor", "conta_id": "t.conta_id"}

_COM_NOMES = """
    SELECT r.id, r.nome, r.ordem, r.ativa, r.memo_contem, r.memo_regex, r.valor_minimo, r.valor_maximo,
           r.direcao, r.conta_id, co.nome AS conta_nome, r.acao, r.categoria_id, cat.nome AS categoria_nome,
           r.cliente_id, cl.nome AS cliente_nome, r.fornecedor_id, fo.nome AS fornecedor_nome,
           r.descricao, r.score_minimo::float AS score_minimo, r.criado_em, r.atualizado_em
      FROM financeiro.regras r
      LEFT JOIN cadastros.v_contas co ON co.empresa_id = r.empresa_id AND co.id = r.conta_id
      LEFT JOIN cadastros.v_categorias cat ON cat.empresa_id = r.empresa_id AND cat.id = r.categoria_id
      LEFT JOIN cadastros.v_clientes cl ON cl.empresa_id = r.empresa_id AND cl.id = r.cliente_id
      LEFT JOIN cadastros.v_fornecedores fo ON fo.empresa_id = r.empresa_id AND fo.id = r.fornecedor_id
     WHERE r.empresa_id = plataforma.empresa_atual()"""


# ---------------------------------------------------------------- applying


def aplicaveis(cur, transacao: dict) -> list[dict]:
    """The active rules the transaction (a row of extratos.transacao) meets, in their order. A
    rule whose pattern PostgreSQL could not evaluate in time (or at all) is not met: see
    TEMPO_DA_REGEX."""
    return aplicaveis_de(cur, [transacao])[transacao["id"]]


def aplicaveis_de(cur, transacoes: list[dict]) -> dict[int, list[dict]]:
    """aplicaveis of several transactions (the automatic run's batch), by id, in two statements
    whatever their number: the rules each meets but for the patterns, then every pattern on its
    memos (_casam_de)."""
    cur.execute(
        f"""SELECT p.transacao, r.*
              FROM jsonb_to_recordset(%(lote)s::jsonb)
                   AS p (transacao bigint, memo text, memo_dobrado text, valor numeric, conta_id bigint)
             CROSS JOIN LATERAL ({_COM_NOMES} AND r.ativa
                                 AND {_atende(_COLUNAS_DA_REGRA, _COLUNAS_DO_LOTE, com_regex=False)}) r
             ORDER BY p.transacao, r.ordem, r.id""",
        {"lote": Json([{"transacao": t["id"], "memo": t["memo"], "memo_dobrado": normalizar(t["memo"]),
                        "valor": str(t["valor"]), "conta_id": t["conta_id"]} for t in transacoes])},
    )
    candidatas: dict[int, list[dict]] = {t["id"]: [] for t in transacoes}
    for linha in cur.fetchall():
        candidatas[linha.pop("transacao")].append(linha)
    casam = _casam_de(cur, {t["id"]: t["memo"] for t in transacoes},
                      {i: [r for r in rs if r["memo_regex"] is not None] for i, rs in candidatas.items()})
    return {i: [r for r in rs if r["memo_regex"] is None or r["id"] in casam.get(i, ())]
            for i, rs in candidatas.items()}


def _casam_de(cur, memos: dict[int, str], com_regex: dict[int, list[dict]]) -> dict[int, set[int]]:
    """By transaction, the ids of its rules whose pattern its memo matches: all in one statement
    under the time limit when there are several transactions; when that fails, or for one, each
    transaction as _casam does, skipping the rules quarantined by then."""
    pares = [(i, r) for i, rs in com_regex.items() for r in rs if not _em_quarentena(r)]
    if not pares:
        return {}
    if len(com_regex) > 1:
        try:
            with _sob_limite(cur, TEMPO_DA_REGEX):
                cur.execute(f"""SELECT r.transacao, r.id
                                  FROM unnest(%(transacoes)s::bigint[], %(ids)s::bigint[], %(memos)s::text[],
                                              %(regexes)s::text[]) AS r (transacao, id, memo, memo_regex)
                                 WHERE {_casa("r.memo", "r.memo_regex")}""",
                            {"transacoes": [i for i, _ in pares], "ids": [r["id"] for _, r in pares],
                             "memos": [memos[i] for i, _ in pares], "regexes": [r["memo_regex"] for _, r in pares]})
                casam: dict[int, set[int]] = {}
                for linha in cur.fetchall():
                    casam.setdefault(linha["transacao"], set()).add(linha["id"])
                return casam
        except _FALHAS_DA_REGEX:
            pass  # which pattern failed, and on which memo, only each transaction alone tells
    return {i: _casam(cur, memos[i], [r for r in rs if not _em_quarentena(r)]) for i, rs in com_regex.items()}


def _casam(cur, memo: str, candidatas: list[dict]) -> set[int]:
    """The ids of the rules whose pattern the memo matches: all of them in one statement under the
    time limit; when that fails, each alone, to learn which rule failed (it is then quarantined),
    until ORCAMENTO_DA_TRANSACAO is spent (the rest are not met, this time)."""
    if not candidatas:
        return set()
    inicio = time.monotonic()
    try:
        return _casam_juntas(cur, memo, candidatas)
    except _FALHAS_DA_REGEX as erro:
        falha = erro
    if len(candidatas) == 1:
        _quarentena(candidatas[0], falha)
        return set()
    casam = set()
    for n, regra in enumerate(candidatas):
        if time.monotonic() - inicio > ORCAMENTO_DA_TRANSACAO:
            log.warning("regras %s não avaliadas nesta transação: as expressões regulares passaram de %s s",
                        [r["id"] for r in candidatas[n:]], ORCAMENTO_DA_TRANSACAO)
            break
        try:
            casam |= _casam_juntas(cur, memo, [regra])
        except _FALHAS_DA_REGEX as erro:
            _quarentena(regra, erro)
    return casam


def _casam_juntas(cur, memo: str, regras: list[dict]) -> set[int]:
    with _sob_limite(cur, TEMPO_DA_REGEX):
        cur.execute(f"""SELECT r.id FROM unnest(%(ids)s::bigint[], %(regexes)s::text[]) AS r (id, memo_regex)
                         WHERE {_casa("%(memo)s::text", "r.memo_regex")}""",
                    {"ids": [r["id"] for r in regras], "regexes": [r["memo_regex"] for r in regras], "memo": memo})
        return {linha["id"] for linha in cur.fetchall()}


# What PostgreSQL raises for a pattern it cannot evaluate: cancelled by the time limit, or failing
# to compile (invalid under this server's rules, too complex, an allocation beyond its limits).
_FALHAS_DA_REGEX = (psycopg2.errors.QueryCanceled, psycopg2.errors.InvalidRegularExpression,
                    psycopg2.errors.InternalError_, psycopg2.errors.ProgramLimitExceeded,
                    psycopg2.errors.StatementTooComplex, psycopg2.errors.OutOfMemory)


@contextmanager
def _sob_limite(cur, tempo: str):
    """The block's statements run with `statement_timeout = tempo`, inside a savepoint that its
    end rolls back: the limit ends with the block (SET LOCAL would last the whole transaction) and
    a statement cancelled or failed leaves the request's transaction usable (it would otherwise be
    aborted). PostgreSQL itself cancels the statement, so nothing of it outlives the request. For
    reads only: what the block wrote would be undone."""
    cur.execute(f"SAVEPOINT regra_regex; SET LOCAL statement_timeout = '{tempo}'")
    try:
        yield
    finally:
        if not cur.connection.closed:
            cur.execute("ROLLBACK TO SAVEPOINT regra_regex; RELEASE SAVEPOINT regra_regex")


# Rules whose pattern failed, by (id, criado_em, memo_regex) — an edited pattern is another key —
# until when this process skips them. Only ever holds pathological rules: no bound needed beyond
# dropping the expired ones.
_quarentenadas: dict[tuple, float] = {}
_quarentena_lock = threading.Lock()


def _chave(regra: dict) -> tuple:
    return regra["id"], regra["criado_em"], regra["memo_regex"]


def _em_quarentena(regra: dict) -> bool:
    with _quarentena_lock:
        return _quarentenadas.get(_chave(regra), 0.0) > time.monotonic()


def _quarentena(regra: dict, erro: Exception) -> None:
    agora = time.monotonic()
    with _quarentena_lock:
        for chave in [c for c, ate in _quarentenadas.items() if ate <= agora]:
            del _quarentenadas[chave]
        _quarentenadas[_chave(regra)] = agora + QUARENTENA
    log.warning("regra %s ignorada por %d s: o PostgreSQL não avaliou a sua expressão regular em %s (%s)",
                regra["id"], QUARENTENA, TEMPO_DA_REGEX, str(erro).strip(),
                extra={"regra_id": regra["id"], "memo_regex": regra["memo_regex"]})


def testar(cur, dados: dict, limite: int = EXEMPLOS) -> tuple[int, list[dict]]:
    """What a rule still being written (unsaved: only its conditions need be complete) would have
    found among the empresa's stored transactions (discarded ones are not transactions): how
    many, and the newest `limite` of them."""
    regra = validar(cur, dados, so_condicoes=True)
    parametros = {campo: regra.get(campo) for campo in CONDICOES}
    try:
        with _sob_limite(cur, TEMPO_DO_TESTE):
            cur.execute(
                f"""SELECT t.id, t.extrato_id, t.data, t.valor, t.memo, t.conciliado, count(*) OVER () AS total
                      FROM financeiro.extrato_transacoes t
                     WHERE t.empresa_id = plataforma.empresa_atual() AND t.descartada_em IS NULL
                       AND {_atende(_PARAMETROS_DA_REGRA, _COLUNAS_DA_TRANSACAO)}
                     ORDER BY t.data DESC, t.id DESC
                     LIMIT %(limite)s""",
                {**parametros, "limite": limite},
            )
            linhas = cur.fetchall()
    except _FALHAS_DA_REGEX:
        motivo = "A expressão regular demorou demais para percorrer o histórico; simplifique-a"
        raise Validacao(motivo, {"memo_regex": motivo}) from None
    total = linhas[0]["total"] if linhas else 0
    return total, [{k: v for k, v in linha.items() if k != "total"} for linha in linhas]


# ---------------------------------------------------------------- validating


def validar(cur, dados: dict, so_condicoes: bool = False) -> dict:
    """The rule as it is stored (memo_contem folded; direcao, when left out of a rule that creates
    lançamentos, taken from its categoria), or the error naming the field: 400 for what is wrong
    with it, 404 for a conta, categoria or pessoa that is not the empresa's.

    `so_condicoes`: a rule still being written, tried before it is saved: what it does need not be
    complete yet."""
    regra = dict(dados)
    campos: dict[str, str] = {}
    if regra.get("memo_contem") is not None:
        regra["memo_contem"] = normalizar(regra["memo_contem"]).strip()
        if not 1 <= len(regra["memo_contem"]) <= 200:
            campos["memo_contem"] = "Informe de 1 a 200 caracteres"
    if all(regra.get(c) is None for c in ("memo_contem", "memo_regex", "valor_minimo", "valor_maximo")):
        campos["memo_contem"] = ("Informe ao menos uma condição: um texto do histórico, uma expressão regular "
                                 "ou uma faixa de valor")
    minimo, maximo = regra.get("valor_minimo"), regra.get("valor_maximo")
    if minimo is not None and maximo is not None and minimo > maximo:
        campos["valor_maximo"] = "Deve ser maior ou igual ao valor mínimo"
    problema = None if regra.get("memo_regex") is None else _problema_da_regex(cur, regra["memo_regex"])
    if problema:
        campos["memo_regex"] = problema
    if not so_condicoes:
        campos.update(_acao_incompleta(regra))
    if campos:
        raise Validacao(_VERIFIQUE, campos)
    if regra.get("categoria_id") is not None and regra.get("direcao") is None:
        regra["direcao"] = DIRECAO_DO_TIPO[_tipo_da_categoria(cur, regra["categoria_id"])]
    lancamentos.verificar_referencias(cur, TIPO_DA_DIRECAO.get(regra.get("direcao")), regra, _REFERENCIAS)
    return regra


def _acao_incompleta(regra: dict) -> dict[str, str]:
    acao = regra["acao"]
    if acao == "CONCILIAR":
        campos = {campo: "Só para as ações SUGERIR e CRIAR_LANCAMENTO"
                  for campo in ("categoria_id", "cliente_id", "fornecedor_id", "descricao")
                  if regra.get(campo) is not None}
        if regra.get("score_minimo") is None:
            campos["score_minimo"] = "Obrigatório para conciliar: o score a partir do qual a sugestão é confirmada"
        return campos
    campos = {}
    if regra.get("categoria_id") is None:
        campos["categoria_id"] = f"Obrigatória para a ação {acao}: a categoria do lançamento"
    if regra.get("score_minimo") is not None:
        campos["score_minimo"] = "Só para a ação CONCILIAR"
    return campos


def _problema_da_regex(cur, expressao: str) -> str | None:
    """What is wrong with a rule's pattern, in pt-BR, or None. PostgreSQL compiles it (the dialect
    the rule runs in is the one that judges it), under the time limit of an evaluation; before
    that, the constructs that make its engine explode are refused (perigo.da_regex)."""
    motivo = perigo.da_regex(expressao)
    if motivo:
        return motivo
    try:
        with _sob_limite(cur, TEMPO_DA_REGEX):
            cur.execute("SELECT " + _casa("''", "%s"), (expressao,))
    except psycopg2.errors.InvalidRegularExpression:
        return "Expressão regular inválida; confira parênteses, colchetes, chaves e barras invertidas"
    except _FALHAS_DA_REGEX:
        return "Expressão regular complexa demais; simplifique-a (menos repetições umas dentro das outras)"
    return None


def _tipo_da_categoria(cur, categoria_id: int) -> str:
    cur.execute("SELECT tipo FROM cadastros.v_categorias WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (categoria_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Categoria não encontrada", {"categoria_id": "Categoria não encontrada"})
    return linha["tipo"]


# ---------------------------------------------------------------- reading and writing


def listar(cur) -> list[dict]:
    cur.execute(f"{_COM_NOMES} ORDER BY r.ordem, r.id")
    return cur.fetchall()


def por_id(cur, regra_id: int, bloquear: bool = False) -> dict:
    cur.execute(f"{_COM_NOMES} AND r.id = %s{' FOR UPDATE OF r' if bloquear else ''}", (regra_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Regra não encontrada")
    return linha


class RegraDuplicada(Conflito):
    """409 `regra_duplicada`: another rule has the same conditions (two rules that always meet the same
    transactions, where only the first acts, are almost always a mistake); the body names it."""

    code = "regra_duplicada"

    def __init__(self, existente: dict):
        inativa = "" if existente["ativa"] else " (inativa)"
        super().__init__(f"Já existe a regra “{existente['nome']}”{inativa} com as mesmas condições")
        self.existente = existente

    def corpo(self) -> dict:
        return {**super().corpo(), "regra_id": self.existente["id"], "regra_nome": self.existente["nome"]}


def _recusar_duplicada(cur, regra: dict, regra_id: int | None = None) -> None:
    """RegraDuplicada when a rule other than `regra_id` has exactly these conditions (memo_contem as
    stored, folded; direcao as validar completed it), the first in order."""
    iguais = " AND ".join(f"{c} IS NOT DISTINCT FROM %({c})s::{_TIPOS[c]}" for c in CONDICOES)
    cur.execute(f"""SELECT id, nome, ativa FROM financeiro.regras
                     WHERE empresa_id = plataforma.empresa_atual() AND id IS DISTINCT FROM %(id)s AND {iguais}
                     ORDER BY ordem, id LIMIT 1""",
                {**{c: regra.get(c) for c in CONDICOES}, "id": regra_id})
    existente = cur.fetchone()
    if existente is not None:
        raise RegraDuplicada(existente)


def criar(tx: Transacao, dados: dict, confirmar_duplicada: bool = False) -> dict:
    """Stores a rule after the others; returns it as por_id reads it. RegraDuplicada when another
    rule has its conditions, unless `confirmar_duplicada`."""
    regra = validar(tx.cur, dados)
    if not confirmar_duplicada:
        _recusar_duplicada(tx.cur, regra)
    with violacoes_viram_erros(em_uso=_cadastro_excluido()):
        tx.cur.execute(
            f"""INSERT INTO financeiro.regras (empresa_id, ordem, {', '.join(CAMPOS)})
                SELECT plataforma.empresa_atual(),
                       coalesce((SELECT max(ordem) + 1 FROM financeiro.regras
                                  WHERE empresa_id = plataforma.empresa_atual()), 0),
                       {', '.join(f'%({c})s' for c in CAMPOS)}
                RETURNING id""",
            {campo: regra.get(campo) for campo in CAMPOS},
        )
    criada = por_id(tx.cur, tx.cur.fetchone()["id"])
    tx.auditar("criar", "regra", criada["id"], depois=foto(criada))
    return criada


def alterar(tx: Transacao, regra_id: int, dados: dict, confirmar_duplicada: bool = False) -> dict:
    """Replaces every field of a rule (its place in the order stays); returns it as por_id reads it.
    RegraDuplicada when its conditions change into another rule's, unless `confirmar_duplicada`
    (conditions left as they were were accepted when saved: renaming is not asked again)."""
    antes = por_id(tx.cur, regra_id, bloquear=True)
    regra = validar(tx.cur, dados)
    if not confirmar_duplicada and any(antes[c] != regra.get(c) for c in CONDICOES):
        _recusar_duplicada(tx.cur, regra, regra_id)
    with violacoes_viram_erros(em_uso=_cadastro_excluido()):
        tx.cur.execute(
            f"""UPDATE financeiro.regras SET {', '.join(f'{c} = %({c})s' for c in CAMPOS)}, atualizado_em = now()
                 WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
            {**{campo: regra.get(campo) for campo in CAMPOS}, "id": regra_id},
        )
    depois = por_id(tx.cur, regra_id)
    tx.auditar("alterar", "regra", regra_id, antes=foto(antes), depois=foto(depois))
    return depois


def excluir(tx: Transacao, regra_id: int) -> None:
    """The conciliações it made keep its name (regra_nome); their regra_id becomes null."""
    antes = por_id(tx.cur, regra_id, bloquear=True)
    tx.cur.execute("DELETE FROM financeiro.regras WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                   (regra_id,))
    tx.auditar("excluir", "regra", regra_id, antes=foto(antes))


def _cadastro_excluido() -> Conflito:
    """A conta, categoria or pessoa checked a moment before was deleted before the rule was stored."""
    return Conflito("Um cadastro que a regra usa acabou de ser excluído; confira a regra e salve de novo")


def ordenar(tx: Transacao, ids: list[int]) -> list[dict]:
    """Puts the empresa's rules in the order of `ids`, which must name each of them once;
    returns them in their new order."""
    cur = tx.cur
    cur.execute("""SELECT id FROM financeiro.regras WHERE empresa_id = plataforma.empresa_atual()
                    ORDER BY ordem, id FOR UPDATE""")
    antes = [linha["id"] for linha in cur.fetchall()]
    conhecidas, pedidas = set(antes), set(ids)
    estranhas = [i for i in dict.fromkeys(ids) if i not in conhecidas]
    if estranhas:
        motivo = f"Regra não encontrada: {', '.join(map(str, estranhas))}"
        raise NaoEncontrado(motivo, {"ids": motivo})
    repetidas = sorted({i for i in ids if ids.count(i) > 1})
    faltam = [i for i in antes if i not in pedidas]
    if repetidas or faltam:
        motivo = "Informe cada regra uma vez, todas elas"
        if repetidas:
            motivo += f"; repetidas: {', '.join(map(str, repetidas))}"
        if faltam:
            motivo += f"; faltam: {', '.join(map(str, faltam))}"
        raise Validacao(_VERIFIQUE, {"ids": motivo})
    cur.execute(
        """UPDATE financeiro.regras r SET ordem = n.ordem - 1, atualizado_em = now()
             FROM unnest(%s::bigint[]) WITH ORDINALITY AS n (id, ordem)
            WHERE r.empresa_id = plataforma.empresa_atual() AND r.id = n.id AND r.ordem <> n.ordem - 1""",
        (ids,),
    )
    if antes != ids:
        tx.auditar("reordenar", "regras", antes={"ids": antes}, depois={"ids": ids})
    return listar(cur)


def foto(regra: dict) -> dict:
    """What the audit trail keeps of a rule."""
    return {campo: regra.get(campo) for campo in ("id", "ordem", *CAMPOS)}
