"""The people who work an evento or a sessão, and the team of each evento.

A person is one of: a member of the empresa who logs in (auth's read contract `auth.v_membros`:
`usuario_id`), a freelancer registered in cadastros (`cadastros.v_fornecedores`: `fornecedor_id`)
or a funcionário of rh who need not log in (`rh.v_funcionarios`: `funcionario_id`). None lives in
this schema, so there is no foreign key: `validar_membros` checks them in the write's transaction,
whose row-level security shows only the empresa's own people — another empresa's id is as unknown
as one that never existed. The agenda (sessões' teams), the equipment's holders and the ICS feeds
use the same functions.
"""
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.errors import Validacao
from shared.transacao import Transacao

PAPEIS = ("fotografo_principal", "segundo_fotografo", "assistente", "videomaker", "outro")

CAMPOS_DE_PESSOA = ("usuario_id", "fornecedor_id", "funcionario_id")

# Where each kind of person is read (its read contract), and what a wrong id is told.
_LEITURAS = {
    "usuario_id": "SELECT usuario_id AS id, nome, ativo FROM auth.v_membros WHERE usuario_id = ANY(%s)",
    "fornecedor_id": "SELECT id, nome, ativo FROM cadastros.v_fornecedores WHERE id = ANY(%s)",
    "funcionario_id": "SELECT id, nome, ativo FROM rh.v_funcionarios WHERE id = ANY(%s)",
}
_DESCONHECIDO = {"usuario_id": "Usuário não encontrado nesta empresa", "fornecedor_id": "Fornecedor não encontrado",
                 "funcionario_id": "Funcionário não encontrado"}


def pessoa(membro: dict) -> tuple[str, int]:
    """("usuario_id", 3), ("fornecedor_id", 7) or ("funcionario_id", 2): the one id a member carries."""
    presentes = [(campo, membro[campo]) for campo in CAMPOS_DE_PESSOA if membro.get(campo) is not None]
    if len(presentes) != 1:
        raise ValueError("um membro tem exatamente um de usuario_id, fornecedor_id e funcionario_id")
    return presentes[0]


def colunas(chave: tuple[str, int] | None) -> dict:
    """("funcionario_id", 2) → {"usuario_id": None, "fornecedor_id": None, "funcionario_id": 2};
    None → every column None."""
    campo, valor = chave or (None, None)
    return {c: valor if c == campo else None for c in CAMPOS_DE_PESSOA}


def _existentes(cur, membros: list[dict]) -> dict[tuple[str, int], dict]:
    """{("usuario_id" | "fornecedor_id" | "funcionario_id", id): {"nome", "ativo"}} of the members'
    ids that are the empresa's."""
    achados = {}
    for campo, consulta in _LEITURAS.items():
        ids = sorted({m[campo] for m in membros if m.get(campo) is not None})
        if ids:
            cur.execute(consulta, (ids,))
            achados.update({(campo, linha["id"]): linha for linha in cur.fetchall()})
    return achados


def validar_membros(cur, membros: list[dict], campo: str = "equipe") -> None:
    """400 naming `<campo>.<i>.usuario_id` / `.fornecedor_id` / `.funcionario_id` for each member that
    is not one of the empresa's people (unknown, or another empresa's), or a member sent twice. Each
    dict must carry exactly one of the three (the request models ensure it). A person who left
    (inactive: a funcionário dismissed) stays valid: an old evento keeps its team when saved again."""
    achados = _existentes(cur, membros)
    erros, vistos = {}, set()
    for i, membro in enumerate(membros):
        chave = pessoa(membro)
        nome_do_campo = f"{campo}.{i}.{chave[0]}"
        if chave not in achados:
            erros[nome_do_campo] = _DESCONHECIDO[chave[0]]
        elif chave in vistos:
            erros[nome_do_campo] = f"{achados[chave]['nome']} já está na equipe"
        vistos.add(chave)
    if erros:
        raise Validacao("Verifique as pessoas da equipe", erros)


def nomes(cur, membros: list[dict]) -> list[dict]:
    """Each member with its person's "nome" added (None for one no longer found: a fornecedor
    deleted in cadastros, a funcionário deleted in rh)."""
    achados = _existentes(cur, membros)
    return [{**m, "nome": (achados.get(pessoa(m)) or {}).get("nome")} for m in membros]


def membros_da_empresa(cur) -> list[dict]:
    """Everyone who can be put in a team, by name: the empresa's active users, freelancers and
    funcionários (not dismissed) — [{"tipo": "usuario" | "fornecedor" | "funcionario", "id", "nome"}]."""
    cur.execute(
        """SELECT 'usuario' AS tipo, usuario_id AS id, nome FROM auth.v_membros WHERE ativo
           UNION ALL
           SELECT 'fornecedor', id, nome FROM cadastros.v_fornecedores WHERE ativo
           UNION ALL
           SELECT 'funcionario', id, nome FROM rh.v_funcionarios WHERE ativo
           ORDER BY 3, 1, 2""")
    return cur.fetchall()


# ---------------------------------------------------------------- an evento's team


def da_equipe(cur, evento_id: int) -> list[dict]:
    """The evento's team in the order it was saved, with names."""
    cur.execute(
        """SELECT papel, usuario_id, fornecedor_id, funcionario_id, cache FROM operacional.equipe_evento
           WHERE evento_id = %s ORDER BY id""", (evento_id,))
    return nomes(cur, cur.fetchall())


def _foto(membros: list[dict]) -> list[dict]:
    """What the audit trail keeps of a team (money as text, as every snapshot)."""
    return [{"papel": m["papel"], **colunas(pessoa(m)),
             "cache": None if m.get("cache") is None else f"{Decimal(m['cache']):.2f}"} for m in membros]


def substituir(tx: Transacao, evento_id: int, membros: list[dict]) -> list[dict]:
    """The evento's team becomes `membros` ([{papel, usuario_id | fornecedor_id | funcionario_id,
    cache?}]); the caller
    has locked the evento. Audited and published only when something changed."""
    antes = da_equipe(tx.cur, evento_id)
    validar_membros(tx.cur, membros)
    if _foto(antes) == _foto(membros):
        return antes
    tx.cur.execute("DELETE FROM operacional.equipe_evento WHERE evento_id = %s", (evento_id,))
    for membro in membros:
        tx.cur.execute(
            """INSERT INTO operacional.equipe_evento
                      (empresa_id, evento_id, papel, usuario_id, fornecedor_id, funcionario_id, cache)
               VALUES (plataforma.empresa_atual(), %(evento_id)s, %(papel)s, %(usuario_id)s, %(fornecedor_id)s,
                       %(funcionario_id)s, %(cache)s)""",
            {"evento_id": evento_id, "papel": membro["papel"], **colunas(pessoa(membro)), "cache": membro.get("cache")})
    tx.auditar("alterar", "equipe_evento", evento_id, antes={"equipe": _foto(antes)}, depois={"equipe": _foto(membros)})
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="equipe")
    return da_equipe(tx.cur, evento_id)
