"""The people who work an evento or a sessão, and the team of each evento.

A person is either a member of the empresa who logs in (auth's read contract `auth.v_membros`:
`usuario_id`) or a freelancer registered in cadastros (`cadastros.v_fornecedores`: `fornecedor_id`).
Neither lives in this schema, so there is no foreign key: `validar_membros` checks them in the
write's transaction, whose row-level security shows only the empresa's own people — another
empresa's id is as unknown as one that never existed. The agenda (sessões' teams) uses the same
three functions.
"""
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.errors import Validacao
from shared.transacao import Transacao

PAPEIS = ("fotografo_principal", "segundo_fotografo", "assistente", "videomaker", "outro")

_CAMPOS_DE_PESSOA = ("usuario_id", "fornecedor_id")


def _pessoa(membro: dict) -> tuple[str, int]:
    """("usuario_id", 3) or ("fornecedor_id", 7): the one id a member carries."""
    presentes = [(campo, membro[campo]) for campo in _CAMPOS_DE_PESSOA if membro.get(campo) is not None]
    if len(presentes) != 1:
        raise ValueError("um membro tem exatamente um de usuario_id e fornecedor_id")
    return presentes[0]


def _existentes(cur, usuario_ids: list[int], fornecedor_ids: list[int]) -> dict[tuple[str, int], dict]:
    """{("usuario_id", id) | ("fornecedor_id", id): {"nome", "ativo"}} of the ids that are the empresa's."""
    achados = {}
    if usuario_ids:
        cur.execute("SELECT usuario_id AS id, nome, ativo FROM auth.v_membros WHERE usuario_id = ANY(%s)",
                    (list(usuario_ids),))
        achados.update({("usuario_id", linha["id"]): linha for linha in cur.fetchall()})
    if fornecedor_ids:
        cur.execute("SELECT id, nome, ativo FROM cadastros.v_fornecedores WHERE id = ANY(%s)",
                    (list(fornecedor_ids),))
        achados.update({("fornecedor_id", linha["id"]): linha for linha in cur.fetchall()})
    return achados


def _ids(membros: list[dict], campo: str) -> list[int]:
    return sorted({m[campo] for m in membros if m.get(campo) is not None})


def validar_membros(cur, membros: list[dict], campo: str = "equipe") -> None:
    """400 naming `<campo>.<i>.usuario_id` / `.fornecedor_id` for each member that is not one of the
    empresa's people (unknown, or another empresa's), or a member sent twice. Each dict must carry
    exactly one of usuario_id / fornecedor_id (the request models ensure it). A person who left
    (inactive) stays valid: an old evento keeps its team when saved again."""
    achados = _existentes(cur, _ids(membros, "usuario_id"), _ids(membros, "fornecedor_id"))
    erros, vistos = {}, set()
    for i, membro in enumerate(membros):
        chave = _pessoa(membro)
        nome_do_campo = f"{campo}.{i}.{chave[0]}"
        if chave not in achados:
            erros[nome_do_campo] = ("Usuário não encontrado nesta empresa" if chave[0] == "usuario_id"
                                    else "Fornecedor não encontrado")
        elif chave in vistos:
            erros[nome_do_campo] = f"{achados[chave]['nome']} já está na equipe"
        vistos.add(chave)
    if erros:
        raise Validacao("Verifique as pessoas da equipe", erros)


def nomes(cur, membros: list[dict]) -> list[dict]:
    """Each member with its person's "nome" added (None for one no longer found: a fornecedor
    deleted in cadastros)."""
    achados = _existentes(cur, _ids(membros, "usuario_id"), _ids(membros, "fornecedor_id"))
    return [{**m, "nome": (achados.get(_pessoa(m)) or {}).get("nome")} for m in membros]


def membros_da_empresa(cur) -> list[dict]:
    """Everyone who can be put in a team, by name: the empresa's active users, then active
    freelancers — [{"tipo": "usuario" | "fornecedor", "id", "nome"}]."""
    cur.execute(
        """SELECT 'usuario' AS tipo, usuario_id AS id, nome FROM auth.v_membros WHERE ativo
           UNION ALL
           SELECT 'fornecedor', id, nome FROM cadastros.v_fornecedores WHERE ativo
           ORDER BY 3, 1, 2""")
    return cur.fetchall()


# ---------------------------------------------------------------- an evento's team


def da_equipe(cur, evento_id: int) -> list[dict]:
    """The evento's team in the order it was saved, with names."""
    cur.execute(
        """SELECT papel, usuario_id, fornecedor_id, cache FROM operacional.equipe_evento
           WHERE evento_id = %s ORDER BY id""", (evento_id,))
    return nomes(cur, cur.fetchall())


def _foto(membros: list[dict]) -> list[dict]:
    """What the audit trail keeps of a team (money as text, as every snapshot)."""
    return [{"papel": m["papel"], "usuario_id": m.get("usuario_id"), "fornecedor_id": m.get("fornecedor_id"),
             "cache": None if m.get("cache") is None else f"{Decimal(m['cache']):.2f}"} for m in membros]


def substituir(tx: Transacao, evento_id: int, membros: list[dict]) -> list[dict]:
    """The evento's team becomes `membros` ([{papel, usuario_id | fornecedor_id, cache?}]); the caller
    has locked the evento. Audited and published only when something changed."""
    antes = da_equipe(tx.cur, evento_id)
    validar_membros(tx.cur, membros)
    if _foto(antes) == _foto(membros):
        return antes
    tx.cur.execute("DELETE FROM operacional.equipe_evento WHERE evento_id = %s", (evento_id,))
    for membro in membros:
        tx.cur.execute(
            """INSERT INTO operacional.equipe_evento (empresa_id, evento_id, papel, usuario_id, fornecedor_id, cache)
               VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s)""",
            (evento_id, membro["papel"], membro.get("usuario_id"), membro.get("fornecedor_id"), membro.get("cache")))
    tx.auditar("alterar", "equipe_evento", evento_id, antes={"equipe": _foto(antes)}, depois={"equipe": _foto(membros)})
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="equipe")
    return da_equipe(tx.cur, evento_id)
