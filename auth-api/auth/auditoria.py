"""Reading the current empresa's audit trail (plataforma.auditoria, written by every service).

Each entry comes with what a person needs to read it: who by name (auth.usuarios, as they are
named now), the record by its name as it was (the `rotulo` the writer gave, else its snapshot's
own name), and the names of the records its snapshot points at (a lançamento's conta and
categoria), read through their owners' read contracts. The pt-BR sentences and labels are the
SPA's (telas/admin/auditoria-textos.js).
"""
from datetime import date

from pydantic import AwareDatetime

from shared.api import Id, Posicao


class PosicaoRegistro(Posicao):
    """The trail is newest first: (em, id) descending."""

    em: AwareDatetime
    id: Id


def listar(cur, entidade: str | None, acao: str | None, usuario_id: int | None, de: date | None, ate: date | None,
           apos: PosicaoRegistro | None, limite: int) -> list[dict]:
    """The trail's entries after `apos`, filtered, named; `de` and `ate` are whole days of the
    studio's calendar (plataforma.inicio_do_dia), not UTC ones."""
    cur.execute(
        """SELECT a.id, a.em, a.servico, a.usuario_id, a.username, coalesce(u.nome, a.username) AS usuario_nome,
                  a.acao, a.entidade, a.entidade_id, a.rotulo, a.antes, a.depois, a.correlation_id
           FROM plataforma.auditoria a
           LEFT JOIN auth.usuarios u ON u.id = a.usuario_id
           WHERE a.empresa_id = plataforma.empresa_atual()
             AND (%(entidade)s::text IS NULL OR a.entidade = %(entidade)s)
             AND (%(acao)s::text IS NULL OR a.acao = %(acao)s)
             AND (%(usuario)s::bigint IS NULL OR a.usuario_id = %(usuario)s)
             AND (%(de)s::date IS NULL OR a.em >= plataforma.inicio_do_dia(%(de)s::date))
             AND (%(ate)s::date IS NULL OR a.em < plataforma.inicio_do_dia(%(ate)s::date + 1))
             AND (%(em)s::timestamptz IS NULL OR (a.em, a.id) < (%(em)s::timestamptz, %(id)s::bigint))
           ORDER BY a.em DESC, a.id DESC
           LIMIT %(limite)s""",
        {"entidade": entidade, "acao": acao, "usuario": usuario_id, "de": de, "ate": ate,
         "em": None if apos is None else apos.em, "id": None if apos is None else apos.id, "limite": limite},
    )
    linhas = cur.fetchall()
    referencias = _nomes_referidos(cur, linhas)
    return [{**linha, "rotulo": linha["rotulo"] or _nome_na_foto(linha),
             "referencias": _referencias_de(linha, referencias)} for linha in linhas]


# ---------------------------------------------------------------- the record's own name

# Where a snapshot names its own record, first found first: a conta's or a cliente's nome, a
# lançamento's descrição, an import's file, a bank line's memo.
_NOME_NA_FOTO = ("nome", "descricao", "arquivo_nome", "arquivo", "memo")


def _nome_na_foto(linha: dict) -> str | None:
    """The record's name in its snapshot (after the change, else before it); a conciliação is named
    by the bank lines it explains."""
    for foto in (linha["depois"], linha["antes"]):
        if not isinstance(foto, dict):
            continue
        for campo in _NOME_NA_FOTO:
            if isinstance(foto.get(campo), str) and foto[campo].strip():
                return foto[campo]
        linhas_do_banco = [t["memo"] for t in foto.get("transacoes") or () if isinstance(t, dict) and t.get("memo")]
        if linhas_do_banco:
            outras = len(linhas_do_banco) - 1
            return linhas_do_banco[0] + (f" e mais {outras}" if outras else "")
    return None


# ---------------------------------------------------------------- the records a snapshot points at

# A snapshot's field that holds another record's id → the owner's read contract that names it (a
# security_invoker view: the reader's empresa only) and its column with the name.
_REFERIDOS = {
    "conta_id": ("cadastros.v_contas", "nome"),
    "categoria_id": ("cadastros.v_categorias", "nome"),
    "cliente_id": ("cadastros.v_clientes", "nome"),
    "fornecedor_id": ("cadastros.v_fornecedores", "nome"),
    "lancamento_id": ("financeiro.v_lancamentos", "descricao"),
}
# A categoria's parent is a categoria.
_MESMO_QUE = {"parent_id": "categoria_id"}


def _ids_referidos(linha: dict):
    """(field, kind, id) of each record the entry's snapshots point at."""
    for foto in (linha["antes"], linha["depois"]):
        for campo, valor in (foto.items() if isinstance(foto, dict) else ()):
            tipo = _MESMO_QUE.get(campo, campo)
            if tipo in _REFERIDOS and type(valor) is int:
                yield campo, tipo, valor


def _nomes_referidos(cur, linhas: list[dict]) -> dict[str, dict[int, str]]:
    """kind → {id: name} for every record the page's snapshots point at: one read per kind. A record
    deleted since (or never the empresa's) has no name here."""
    ids: dict[str, set[int]] = {}
    for linha in linhas:
        for _campo, tipo, valor in _ids_referidos(linha):
            ids.setdefault(tipo, set()).add(valor)
    nomes = {}
    for tipo, quais in ids.items():
        visao, nome = _REFERIDOS[tipo]
        cur.execute(f"""SELECT id, {nome} AS nome FROM {visao}
                         WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""", (sorted(quais),))
        nomes[tipo] = {r["id"]: r["nome"] for r in cur.fetchall()}
    return nomes


def _referencias_de(linha: dict, nomes: dict[str, dict[int, str]]) -> dict[str, dict[str, str]]:
    """field → {id: name} for this entry's snapshots (ids as strings, as JSON keys are)."""
    referencias: dict[str, dict[str, str]] = {}
    for campo, tipo, valor in _ids_referidos(linha):
        if valor in nomes.get(tipo, {}):
            referencias.setdefault(campo, {})[str(valor)] = nomes[tipo][valor]
    return referencias
