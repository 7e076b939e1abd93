"""Categorias: the chart of categories, a tree of at most 4 levels, RECEITA or DESPESA per branch.

The rules the tree keeps: a subcategory has its parent's tipo; siblings have distinct names and
dense positions (`ordem` 0..n-1, from which the code "1.01.02" is derived by the view
`cadastros.categorias_arvore`); an active category never sits under an inactive one; a branch
never ends up inside itself. Every write takes the empresa's tree lock first, so these checks and
the renumbering they lead to see the tree as no one else is changing it; each write audits every
category it changed and publishes CATEGORIA_ALTERADA for it, in its `Transacao`.
"""
from typing import Annotated

from pydantic import Field

from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

MAX_NIVEIS = 4

# The DRE line a categoria's amounts add to (migrations/0006 describes each), per tipo:
# nao_operacional (transfers, contributions, withdrawals, loans) is outside the result, either way.
GRUPOS_DRE = {
    "RECEITA": ("receita_bruta", "receitas_financeiras", "outras_receitas", "nao_operacional"),
    "DESPESA": ("deducoes", "custos_servicos", "despesas_operacionais", "despesas_financeiras", "outras_despesas",
                "nao_operacional"),
}

_COLUNAS = "id, nome, tipo, parent_id, codigo, nivel, ordem, ativa, criado_em, atualizado_em, caminho, grupo_dre"

_NOME_REPETIDO = Conflito("Já existe uma categoria com este nome no mesmo nível",
                          {"nome": "Já existe uma categoria com este nome no mesmo nível"})


def _campo(campo: str, mensagem: str) -> Validacao:
    return Validacao("Verifique os campos destacados", {campo: mensagem})


def travar_arvore(cur) -> None:
    # Locking the siblings FOR UPDATE is not enough: the first child of a category (or the first
    # root) has no sibling to lock, and two moves that put each branch under the other lock
    # different siblings and would, together, make a cycle. Trees are small and rarely edited:
    # one lock per empresa makes every change wait for the previous one instead.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('cadastros.categorias:' "
                "|| plataforma.empresa_atual(), 0))")


# ---------------------------------------------------------------- reading


class PosicaoCategoria(Posicao):
    """The keyset of `listar`'s order: the `caminho` of the last category of a page (1 to
    MAX_NIVEIS positions, each an int as PostgreSQL stores it)."""

    caminho: Annotated[list[Annotated[int, Field(ge=0, lt=2**31)]], Field(min_length=1, max_length=MAX_NIVEIS)]


def por_id(cur, categoria_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM cadastros.categorias_arvore WHERE id = %s", (categoria_id,))
    return cur.fetchone()


def listar(cur, tipo: str | None, ativa: bool | None, q: str | None, apos: PosicaoCategoria | None,
           limite: int | None) -> list[dict]:
    """In code order (depth-first), after the category at `apos`; `q` keeps those whose name holds
    every word of it, ignoring case and accents."""
    cur.execute(
        f"""SELECT {_COLUNAS} FROM cadastros.categorias_arvore
            WHERE (%(tipo)s::text IS NULL OR tipo = %(tipo)s)
              AND (%(ativa)s::boolean IS NULL OR ativa = %(ativa)s)
              AND {contem_todos("nome_busca", "termos")}
              AND (%(apos)s::int[] IS NULL OR caminho > %(apos)s::int[])
            ORDER BY caminho
            LIMIT %(limite)s""",
        {"tipo": tipo, "ativa": ativa, "termos": termos_de_busca(q), "apos": apos and apos.caminho,
         "limite": limite},
    )
    return cur.fetchall()


def arvore(cur, tipo: str | None, ativa: bool | None) -> list[dict]:
    """The filtered categories nested under `filhos`. A category whose parent is filtered out (an
    inactive one under an active parent, with ativa=false) is listed at the top; its code tells
    where it lives."""
    nos: dict[int, dict] = {}
    raizes = []
    for linha in listar(cur, tipo, ativa, None, None, None):
        no = nos[linha["id"]] = {**linha, "filhos": []}
        mae = nos.get(linha["parent_id"])  # depth-first order: a parent comes before its children
        (mae["filhos"] if mae else raizes).append(no)
    return raizes


def _por_ids(cur, ids: list[int]) -> list[dict]:
    cur.execute(f"SELECT {_COLUNAS} FROM cadastros.categorias_arvore WHERE id = ANY(%s) ORDER BY caminho", (ids,))
    return cur.fetchall()


def _exigir_grupo_do_tipo(grupo_dre: str | None, tipo: str) -> None:
    if grupo_dre is not None and grupo_dre not in GRUPOS_DRE[tipo]:
        raise _campo("grupo_dre", f"Uma {tipo.lower()} vai num grupo do DRE de {tipo.lower()}s: "
                                  f"{', '.join(GRUPOS_DRE[tipo])}")


def _existente(cur, categoria_id: int) -> dict:
    categoria = por_id(cur, categoria_id)
    if categoria is None:
        raise NaoEncontrado("Categoria não encontrada")
    return categoria


def _filhas(cur, parent_id: int | None, exceto: int | None = None) -> list[int]:
    """The ids right under `parent_id` (None: the roots), in their order."""
    cur.execute(
        """SELECT id FROM cadastros.categorias
           WHERE parent_id IS NOT DISTINCT FROM %s AND id IS DISTINCT FROM %s ORDER BY ordem""",
        (parent_id, exceto),
    )
    return [linha["id"] for linha in cur.fetchall()]


def _exigir_mae(cur, parent_id: int, tipo: str, ativa: bool, altura: int) -> None:
    """400 unless a category of `tipo` (`ativa` or not) whose branch is `altura` levels deep may go
    under `parent_id`."""
    mae = por_id(cur, parent_id)
    if mae is None:
        raise _campo("parent_id", "Categoria mãe não encontrada")
    if mae["tipo"] != tipo:
        raise _campo("parent_id", f"A categoria mãe é de {mae['tipo'].lower()}; a subcategoria deve ser do mesmo tipo")
    if mae["nivel"] + altura > MAX_NIVEIS:
        raise _campo("parent_id", f"O plano de contas tem no máximo {MAX_NIVEIS} níveis")
    if ativa and not mae["ativa"]:
        raise _campo("parent_id", "A categoria mãe está inativa; ative-a antes")


# ---------------------------------------------------------------- writing


def criar(tx: Transacao, nome: str, tipo: str, parent_id: int | None, grupo_dre: str | None = None) -> dict:
    """The new category, last among its siblings. Without `grupo_dre` the database gives the
    default (cadastros.grupo_dre_sugerido: what its name says, else its parent's, else its tipo's)."""
    cur = tx.cur
    _exigir_grupo_do_tipo(grupo_dre, tipo)
    travar_arvore(cur)
    if parent_id is not None:
        _exigir_mae(cur, parent_id, tipo, ativa=True, altura=1)
    with violacoes_viram_erros(unicas={"categorias_nome_unico": _NOME_REPETIDO}):
        cur.execute(
            """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem, grupo_dre)
               VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s) RETURNING id""",
            (nome, normalizar(nome), tipo, parent_id, len(_filhas(cur, parent_id)), grupo_dre),
        )
    categoria = por_id(cur, cur.fetchone()["id"])
    tx.auditar("criar", "categoria", categoria["id"], depois=foto(categoria))
    tx.publicar(eventos.CATEGORIA_ALTERADA, id=categoria["id"], acao="criada")
    return categoria


def alterar(tx: Transacao, categoria_id: int, nome: str | None, ativa: bool | None,
            grupo_dre: str | None = None) -> dict:
    """Renames, regroups in the DRE (this category only: its subcategories keep theirs) and
    (de)activates; deactivating takes the descendants along, each audited and published. The
    category as it is now; 404 for an unknown id."""
    cur = tx.cur
    travar_arvore(cur)
    atual = _existente(cur, categoria_id)
    _exigir_grupo_do_tipo(grupo_dre, atual["tipo"])
    if ativa and not atual["ativa"] and atual["parent_id"] is not None:
        if not por_id(cur, atual["parent_id"])["ativa"]:
            raise _campo("ativa", "A categoria mãe está inativa; ative-a antes")
    antes = {linha["id"]: linha for linha in (_ramo(cur, atual) if ativa is False else [atual])}
    if nome is not None:
        with violacoes_viram_erros(unicas={"categorias_nome_unico": _NOME_REPETIDO}):
            cur.execute(
                """UPDATE cadastros.categorias SET nome = %s, nome_busca = %s, atualizado_em = now()
                   WHERE id = %s AND nome <> %s""",
                (nome, normalizar(nome), categoria_id, nome),
            )
    if grupo_dre is not None:
        cur.execute("""UPDATE cadastros.categorias SET grupo_dre = %s, atualizado_em = now()
                       WHERE id = %s AND grupo_dre <> %s""", (grupo_dre, categoria_id, grupo_dre))
    if ativa is not None:
        cur.execute(
            "UPDATE cadastros.categorias SET ativa = %s, atualizado_em = now() WHERE id = ANY(%s) AND ativa <> %s",
            (ativa, list(antes), ativa),
        )
    for depois in _por_ids(cur, list(antes)):  # the one asked for first: a branch is in path order
        if foto(depois) != foto(antes[depois["id"]]):
            tx.auditar("alterar", "categoria", depois["id"], foto(antes[depois["id"]]), foto(depois))
            tx.publicar(eventos.CATEGORIA_ALTERADA, id=depois["id"], acao="alterada")
    return por_id(cur, categoria_id)


def _ramo(cur, categoria: dict) -> list[dict]:
    """The category and all its descendants: those whose path starts with its path."""
    cur.execute(
        f"SELECT {_COLUNAS} FROM cadastros.categorias_arvore WHERE caminho[1:%s] = %s::int[] ORDER BY caminho",
        (len(categoria["caminho"]), categoria["caminho"]),
    )
    return cur.fetchall()


def mover(tx: Transacao, categoria_id: int, parent_id: int | None, posicao: int) -> dict:
    """Puts the category (with its branch) under `parent_id` (None: a root) at 0-based `posicao`
    among its new siblings (past the end: last), renumbering both levels. The category as it is
    now; a move that moves nothing is neither audited nor published."""
    cur = tx.cur
    travar_arvore(cur)
    atual = _existente(cur, categoria_id)
    if parent_id is not None:
        ramo = _ramo(cur, atual)
        if parent_id in {linha["id"] for linha in ramo}:
            raise _campo("parent_id", "Uma categoria não pode ir para dentro dela mesma nem de uma subcategoria sua")
        altura = max(linha["nivel"] for linha in ramo) - atual["nivel"] + 1
        _exigir_mae(cur, parent_id, atual["tipo"], atual["ativa"], altura)
    novas = _filhas(cur, parent_id, exceto=categoria_id)
    novas.insert(min(posicao, len(novas)), categoria_id)
    ordem = {parent_id: novas}
    if atual["parent_id"] != parent_id:
        ordem[atual["parent_id"]] = _filhas(cur, atual["parent_id"], exceto=categoria_id)
    with violacoes_viram_erros(unicas={"categorias_nome_unico": _NOME_REPETIDO}):
        _ordenar(cur, ordem)
    depois = por_id(cur, categoria_id)
    if foto(atual) != foto(depois):
        tx.auditar("mover", "categoria", categoria_id, foto(atual), foto(depois))
        tx.publicar(eventos.CATEGORIA_ALTERADA, id=categoria_id, acao="movida")
    return depois


def _ordenar(cur, irmas_por_mae: dict) -> None:
    """Gives each listed category its parent and its index in the list as `ordem`, in one statement:
    the positions are unique per level only at the statement's end (the constraint is deferrable)."""
    linhas = [(i, mae, n) for mae, ids in irmas_por_mae.items() for n, i in enumerate(ids)]
    cur.execute(
        """UPDATE cadastros.categorias c SET parent_id = n.parent_id, ordem = n.ordem, atualizado_em = now()
           FROM unnest(%s::bigint[], %s::bigint[], %s::int[]) AS n(id, parent_id, ordem)
           WHERE c.id = n.id AND (c.parent_id, c.ordem) IS DISTINCT FROM (n.parent_id, n.ordem)""",
        ([i for i, _, _ in linhas], [m for _, m, _ in linhas], [n for _, _, n in linhas]),
    )


def excluir(tx: Transacao, categoria_id: int) -> None:
    """Removes a category with no subcategories and that nothing uses; closes the gap among its
    siblings."""
    cur = tx.cur
    travar_arvore(cur)
    atual = _existente(cur, categoria_id)
    if _filhas(cur, categoria_id):
        raise Conflito("Esta categoria tem subcategorias; exclua-as ou mova-as antes")
    em_uso = Conflito("A categoria está em uso em lançamentos; desative-a para que não apareça mais nas escolhas")
    with violacoes_viram_erros(em_uso=em_uso):
        cur.execute("DELETE FROM cadastros.categorias WHERE id = %s", (categoria_id,))
    _ordenar(cur, {atual["parent_id"]: _filhas(cur, atual["parent_id"])})
    tx.auditar("excluir", "categoria", categoria_id, antes=foto(atual))
    tx.publicar(eventos.CATEGORIA_ALTERADA, id=categoria_id, acao="excluida")


def foto(categoria: dict) -> dict:
    """What the audit trail keeps of a category."""
    return {chave: categoria[chave] for chave in ("nome", "tipo", "parent_id", "codigo", "ordem", "ativa", "grupo_dre")}
