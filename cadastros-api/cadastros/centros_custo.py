"""Centros de custo: what a lançamento's result belongs to besides its categoria (a line of business,
the studio's structure, later each evento), so the reports can be read per centro.

financeiro's lançamentos point at them (its rateios, by foreign key): a centro in use is
deactivated, not deleted. Every write is one `Transacao`: lock (or 404) → change → audit → publish
CENTRO_CUSTO_ALTERADO.
"""
from shared import catalogo_eventos as eventos
from shared.api import Posicao, Texto
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

# What a centro stores and the audit trail keeps; `origem` and `chave_origem` are set only by the
# module that keeps a centro for one of its records (`por_origem`), never changed through the API.
CAMPOS = ("nome", "codigo", "ativo", "origem", "chave_origem")

# The most " (n)" suffixes `_nome_livre` tries for a module's centro whose name others took.
_MAXIMO_DE_SUFIXOS = 1000

_COLUNAS = f"id, {', '.join(CAMPOS)}, criado_em, atualizado_em"


class PosicaoCentroCusto(Posicao):
    """The keyset of `listar`'s order. An id beyond bigint is only a position past every centro."""

    nome: Texto
    id: int


def listar(cur, ativo: bool | None, q: str | None, apos: PosicaoCentroCusto | None, limite: int) -> list[dict]:
    """The empresa's centros by nome, id after `apos`; `q` keeps those whose name or code holds
    every word of it, ignoring case and accents."""
    cur.execute(
        f"""SELECT {_COLUNAS} FROM cadastros.centros_custo
            WHERE (%(ativo)s::boolean IS NULL OR ativo = %(ativo)s)
              AND {contem_todos("nome_busca || ' ' || lower(coalesce(codigo, ''))", "termos")}
              AND (%(apos_nome)s::text IS NULL OR (nome, id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY nome, id
            LIMIT %(limite)s""",
        {"ativo": ativo, "termos": termos_de_busca(q), "apos_nome": apos and apos.nome,
         "apos_id": apos and apos.id, "limite": limite},
    )
    return cur.fetchall()


def por_id(cur, centro_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM cadastros.centros_custo WHERE id = %s", (centro_id,))
    return cur.fetchone()


def _bloquear(cur, centro_id: int) -> dict:
    """The centro's stored fields, locked until the write that follows commits; 404 when it is not
    the empresa's."""
    cur.execute(f"SELECT {', '.join(CAMPOS)} FROM cadastros.centros_custo WHERE id = %s FOR UPDATE", (centro_id,))
    centro = cur.fetchone()
    if centro is None:
        raise NaoEncontrado("Centro de custo não encontrado")
    return centro


def _unicos(centro: dict):
    """The unique name (regardless of case and accents) and code as 409s naming the field."""
    return violacoes_viram_erros(unicas={
        "centros_custo_nome_unico": Conflito("Já existe um centro de custo com este nome",
                                             {"nome": f"Já existe um centro de custo chamado {centro['nome']}"}),
        "centros_custo_codigo_unico": Conflito("Já existe um centro de custo com este código",
                                               {"codigo": f"O código {centro['codigo']} já é de outro centro de custo"}),
    })


def criar(tx: Transacao, dados: dict) -> dict:
    """Stores a new centro ({nome, codigo, ativo}, and `origem`, `chave_origem` when a module
    creates it); the centro as `por_id` reads it."""
    centro = {"codigo": None, "ativo": True, "origem": None, "chave_origem": None, **dados}
    with _unicos(centro):
        tx.cur.execute(
            """INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, codigo, ativo, origem, chave_origem)
               VALUES (plataforma.empresa_atual(), %(nome)s, %(nome_busca)s, %(codigo)s, %(ativo)s, %(origem)s,
                       %(chave_origem)s)
               RETURNING id""",
            {**centro, "nome_busca": normalizar(centro["nome"])},
        )
    centro_id = tx.cur.fetchone()["id"]
    criado = por_id(tx.cur, centro_id)
    tx.auditar("criar", "centro_custo", centro_id, depois=foto(criado))
    tx.publicar(eventos.CENTRO_CUSTO_ALTERADO, id=centro_id, acao="criada")
    return criado


def alterar(tx: Transacao, centro_id: int, mudancas: dict) -> dict:
    """Applies `mudancas` (the fields sent; the others keep their values). A change that changes
    nothing is neither stored, audited nor published."""
    antes = _bloquear(tx.cur, centro_id)
    depois = {**antes, **mudancas}
    if depois != antes:
        with _unicos(depois):
            tx.cur.execute(
                """UPDATE cadastros.centros_custo
                   SET nome = %(nome)s, nome_busca = %(nome_busca)s, codigo = %(codigo)s, ativo = %(ativo)s,
                       atualizado_em = now()
                   WHERE id = %(id)s""",
                {**depois, "nome_busca": normalizar(depois["nome"]), "id": centro_id},
            )
        tx.auditar("alterar", "centro_custo", centro_id, antes=antes, depois=depois)
        tx.publicar(eventos.CENTRO_CUSTO_ALTERADO, id=centro_id, acao="alterada")
    return por_id(tx.cur, centro_id)


def por_origem(tx: Transacao, chave: str, nome: str, ativo: bool | None) -> tuple[dict, bool]:
    """The centro another module keeps for its record `chave` ("evento:12"), created the first time
    (origem "evento") and given `nome` and `ativo` (None: as it is; active when new) afterwards —
    nothing stored, audited or published when nothing changes. A `nome` another centro has becomes
    "nome (2)", "nome (3)"…: the first one free. Returns (the centro, whether it was created)."""
    cur = tx.cur
    # Two saves of the same record at once: the second waits for the first, then finds its centro.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"cadastros.centro_por_origem:{tx.contexto.empresa_id}:{chave}",))
    cur.execute(f"SELECT id, {', '.join(CAMPOS)} FROM cadastros.centros_custo WHERE chave_origem = %s FOR UPDATE",
                (chave,))
    atual = cur.fetchone()
    livre = _nome_livre(cur, nome, atual and atual["id"])
    if atual is None:
        dados = {"nome": livre, "ativo": True if ativo is None else ativo,
                 "origem": chave.split(":", 1)[0], "chave_origem": chave}
        return criar(tx, dados), True
    mudancas = {"nome": livre} if ativo is None else {"nome": livre, "ativo": ativo}
    return alterar(tx, atual["id"], mudancas), False


def _nome_livre(cur, nome: str, proprio_id: int | None) -> str:
    """`nome`, or the first of "nome (2)", "nome (3)"… no other centro of the empresa has (as names
    compare: without case or accents); the name is cut to leave room for the suffix."""
    candidatos = [nome] + [f"{nome[:100 - len(f' ({n})')].rstrip()} ({n})" for n in range(2, _MAXIMO_DE_SUFIXOS + 1)]
    cur.execute("""SELECT nome_busca FROM cadastros.centros_custo
                    WHERE nome_busca = ANY(%s) AND id IS DISTINCT FROM %s""",
                ([normalizar(c) for c in candidatos], proprio_id))
    tomados = {linha["nome_busca"] for linha in cur.fetchall()}
    for candidato in candidatos:
        if normalizar(candidato) not in tomados:
            return candidato
    raise Conflito("Já existem centros de custo demais com este nome", {"nome": "Escolha outro nome"})


def excluir(tx: Transacao, centro_id: int) -> None:
    """Removes a centro nothing uses; 409 while financeiro's lançamentos (their rateios) reference it."""
    antes = _bloquear(tx.cur, centro_id)
    em_uso = Conflito("Este centro de custo está em uso em lançamentos; desative-o para que não apareça mais "
                      "nas escolhas")
    with violacoes_viram_erros(em_uso=em_uso):
        tx.cur.execute("DELETE FROM cadastros.centros_custo WHERE id = %s", (centro_id,))
    tx.auditar("excluir", "centro_custo", centro_id, antes=antes)
    tx.publicar(eventos.CENTRO_CUSTO_ALTERADO, id=centro_id, acao="excluida")


def foto(centro: dict) -> dict:
    """What the audit trail keeps of a centro."""
    return {campo: centro[campo] for campo in CAMPOS}
