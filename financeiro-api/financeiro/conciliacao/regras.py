"""The staff's rules (financeiro.regras): conditions on a statement transaction, and what to do
with one that meets them — suggest a new lançamento, create it, or confirm the best suggestion.

A rule's conditions are evaluated in SQL only, by one condition (`_atende`), whether the rules of
one transaction are looked up (aplicaveis) or one rule is tried on every stored transaction
(testar): a rule cannot behave one way in its dry run and another for real.
"""
import psycopg2.errors

from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import normalizar
from shared.transacao import Transacao

from financeiro import lancamentos

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
_VERIFIQUE = "Verifique os campos destacados"

# The memo folded in SQL as shared.texto.normalizar folds it in Python (PostgreSQL here has no
# unaccent): accented Latin letters to plain ones, then lower(), which for ASCII does not depend on
# the database's ctype. memo_contem is stored folded by normalizar.
_ACENTOS, _SEM_ACENTOS = ("ÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÇÑÝàáâãäåèéêëìíîïòóôõöùúûüçñýÿ",
                          "AAAAAAEEEEIIIIOOOOOUUUUCNYaaaaaaeeeeiiiiooooouuuucnyy")
_MEMO_DOBRADO = f"lower(translate(t.memo, '{_ACENTOS}', '{_SEM_ACENTOS}'))"


def _atende(regra: dict[str, str], transacao: dict[str, str]) -> str:
    """SQL: the transaction meets every condition the rule has (an unset one always holds).

    Both sides are SQL expressions: the rule's columns and the transaction's parameters for
    aplicaveis; the rule's parameters and the transaction's columns for testar."""
    r, t = regra, transacao
    return f"""({r['memo_contem']} IS NULL OR strpos({t['memo_dobrado']}, {r['memo_contem']}) > 0)
           AND ({r['memo_regex']} IS NULL OR {t['memo']} ~* {r['memo_regex']})
           AND ({r['valor_minimo']} IS NULL OR abs({t['valor']}) >= {r['valor_minimo']})
           AND ({r['valor_maximo']} IS NULL OR abs({t['valor']}) <= {r['valor_maximo']})
           AND ({r['direcao']} IS NULL
                OR {r['direcao']} = CASE WHEN {t['valor']} > 0 THEN 'ENTRADA' ELSE 'SAIDA' END)
           AND ({r['conta_id']} IS NULL OR {t['conta_id']} = {r['conta_id']})"""


_COLUNAS_DA_REGRA = {campo: f"r.{campo}" for campo in CONDICOES}
_PARAMETROS_DA_TRANSACAO = {"memo": "%(memo)s::text", "memo_dobrado": "%(memo_dobrado)s::text",
                            "valor": "%(valor)s::numeric", "conta_id": "%(conta_id)s::bigint"}
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
    """The active rules the transaction (a row of extratos.transacao) meets, in their order."""
    cur.execute(
        f"""{_COM_NOMES} AND r.ativa AND {_atende(_COLUNAS_DA_REGRA, _PARAMETROS_DA_TRANSACAO)}
            ORDER BY r.ordem, r.id""",
        {"memo": transacao["memo"], "memo_dobrado": normalizar(transacao["memo"]),
         "valor": transacao["valor"], "conta_id": transacao["conta_id"]},
    )
    return cur.fetchall()


def testar(cur, dados: dict, limite: int = EXEMPLOS) -> tuple[int, list[dict]]:
    """What a rule still being written (unsaved: only its conditions need be complete) would have
    found among the empresa's stored transactions (discarded ones are not transactions): how
    many, and the newest `limite` of them."""
    regra = validar(cur, dados, so_condicoes=True)
    parametros = {campo: regra.get(campo) for campo in CONDICOES}
    cur.execute(f"SET LOCAL statement_timeout = '{TEMPO_DO_TESTE}'")
    try:
        cur.execute(
            f"""SELECT t.id, t.extrato_id, t.data, t.valor, t.memo, t.conciliado, count(*) OVER () AS total
                  FROM financeiro.extrato_transacoes t
                 WHERE t.empresa_id = plataforma.empresa_atual() AND t.descartada_em IS NULL
                   AND {_atende(_PARAMETROS_DA_REGRA, _COLUNAS_DA_TRANSACAO)}
                 ORDER BY t.data DESC, t.id DESC
                 LIMIT %(limite)s""",
            {**parametros, "limite": limite},
        )
    except psycopg2.errors.QueryCanceled:
        motivo = "A expressão regular demorou demais para percorrer o histórico; simplifique-a"
        raise Validacao(motivo, {"memo_regex": motivo}) from None
    linhas = cur.fetchall()
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
    if regra.get("memo_regex") is not None and not _regex_valida(cur, regra["memo_regex"]):
        campos["memo_regex"] = ("Expressão regular inválida; confira parênteses, colchetes, chaves e barras "
                                "invertidas")
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


def _regex_valida(cur, expressao: str) -> bool:
    """Whether PostgreSQL compiles it: the dialect the rule runs in is the one that judges it."""
    cur.execute("SAVEPOINT regex")
    try:
        cur.execute("SELECT '' ~* %s", (expressao,))
    except psycopg2.errors.InvalidRegularExpression:
        cur.execute("ROLLBACK TO SAVEPOINT regex")
        return False
    cur.execute("RELEASE SAVEPOINT regex")
    return True


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


def criar(tx: Transacao, dados: dict) -> dict:
    """Stores a rule after the others; returns it as por_id reads it."""
    regra = validar(tx.cur, dados)
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


def alterar(tx: Transacao, regra_id: int, dados: dict) -> dict:
    """Replaces every field of a rule (its place in the order stays); returns it as por_id reads it."""
    antes = por_id(tx.cur, regra_id, bloquear=True)
    regra = validar(tx.cur, dados)
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
