"""Users (a platform table) and their membership in the current empresa (auth.membros, under RLS).

Every query that lists or finds a user for an administrator goes through the current empresa's
membership, with the empresa named in the WHERE as well: RLS also shows the caller's own
memberships elsewhere, which must not make other empresas' users visible.
"""
from shared.auditoria import auditar

_COLUNAS = """u.id, u.username, u.nome, u.ativo, u.plataforma_admin, u.criado_em, u.atualizado_em,
              m.permissoes"""


def por_username(cur, username: str) -> dict | None:
    """For login: the user with the password hash, whatever the empresa."""
    cur.execute(
        "SELECT id, username, nome, senha_hash, ativo, plataforma_admin FROM auth.usuarios WHERE username = %s",
        (username.lower(),),
    )
    return cur.fetchone()


def ativo_por_id(cur, usuario_id: int) -> dict | None:
    cur.execute(
        "SELECT id, username, nome, ativo, plataforma_admin FROM auth.usuarios WHERE id = %s AND ativo",
        (usuario_id,),
    )
    return cur.fetchone()


def por_id(cur, usuario_id: int, bloquear: bool = False) -> dict | None:
    """The user whatever the empresa, `permissoes` None: for the platform admin only."""
    cur.execute(
        f"""SELECT id, username, nome, ativo, plataforma_admin, criado_em, atualizado_em, NULL AS permissoes
            FROM auth.usuarios WHERE id = %s {"FOR UPDATE" if bloquear else ""}""",
        (usuario_id,),
    )
    return cur.fetchone()


def criar(cur, username: str, nome: str, senha_hash: str, plataforma_admin: bool = False) -> dict | None:
    """The new user, or None when the username is taken (race-safe: the unique index decides)."""
    cur.execute(
        """INSERT INTO auth.usuarios (username, nome, senha_hash, plataforma_admin) VALUES (%s, %s, %s, %s)
           ON CONFLICT (username) DO NOTHING
           RETURNING id, username, nome, ativo, plataforma_admin, criado_em, atualizado_em""",
        (username.lower(), nome, senha_hash, plataforma_admin),
    )
    return cur.fetchone()


def trocar_senha(cur, usuario_id: int, senha_hash: str) -> None:
    cur.execute(
        "UPDATE auth.usuarios SET senha_hash = %s, atualizado_em = now() WHERE id = %s",
        (senha_hash, usuario_id),
    )


def incluir_membro(cur, empresa_id: int, usuario: dict, permissoes: list[str]) -> bool:
    """Adds the user to `empresa_id` (the transaction must act as it) and audits it there.
    False when already a member."""
    cur.execute(
        """INSERT INTO auth.membros (empresa_id, usuario_id, permissoes) VALUES (%s, %s, %s)
           ON CONFLICT DO NOTHING RETURNING usuario_id""",
        (empresa_id, usuario["id"], permissoes),
    )
    if cur.fetchone() is None:
        return False
    auditar(cur, "criar", "usuario", usuario["id"], depois=foto({**usuario, "permissoes": permissoes}))
    return True


def membro(cur, usuario_id: int, bloquear: bool = False) -> dict | None:
    """The user as a member of the current empresa, or None (not a member: not visible)."""
    cur.execute(
        f"""SELECT {_COLUNAS}
            FROM auth.membros m JOIN auth.usuarios u ON u.id = m.usuario_id
            WHERE m.empresa_id = plataforma.empresa_atual() AND m.usuario_id = %s
            {"FOR UPDATE" if bloquear else ""}""",
        (usuario_id,),
    )
    linha = cur.fetchone()
    return None if linha is None else {**linha, "permissoes": sorted(linha["permissoes"])}


def listar(cur, q: str | None, apos: str | None, limite: int) -> list[dict]:
    """Members of the current empresa by username, after `apos`; `q` filters username and nome."""
    padrao = None if q is None else "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cur.execute(
        f"""SELECT {_COLUNAS}
            FROM auth.membros m JOIN auth.usuarios u ON u.id = m.usuario_id
            WHERE m.empresa_id = plataforma.empresa_atual()
              AND (%(padrao)s::text IS NULL OR u.username ILIKE %(padrao)s OR u.nome ILIKE %(padrao)s)
              AND (%(apos)s::text IS NULL OR u.username > %(apos)s)
            ORDER BY u.username
            LIMIT %(limite)s""",
        {"padrao": padrao, "apos": apos, "limite": limite},
    )
    return [{**linha, "permissoes": sorted(linha["permissoes"])} for linha in cur.fetchall()]


def alterar(cur, atual: dict, nome: str | None, ativo: bool | None, permissoes: list[str] | None) -> None:
    """Applies what changed to the user and to their membership in the current empresa."""
    if (nome is not None and nome != atual["nome"]) or (ativo is not None and ativo != atual["ativo"]):
        cur.execute(
            """UPDATE auth.usuarios SET nome = coalesce(%s, nome), ativo = coalesce(%s, ativo), atualizado_em = now()
               WHERE id = %s""",
            (nome, ativo, atual["id"]),
        )
    if permissoes is not None and permissoes != atual["permissoes"]:
        cur.execute(
            "UPDATE auth.membros SET permissoes = %s WHERE empresa_id = plataforma.empresa_atual() AND usuario_id = %s",
            (permissoes, atual["id"]),
        )


def remover_membro(cur, usuario_id: int) -> None:
    cur.execute(
        "DELETE FROM auth.membros WHERE empresa_id = plataforma.empresa_atual() AND usuario_id = %s",
        (usuario_id,),
    )


def desativar(cur, usuario_id: int) -> None:
    cur.execute("UPDATE auth.usuarios SET ativo = false, atualizado_em = now() WHERE id = %s", (usuario_id,))


def foto(usuario: dict) -> dict:
    """What the audit trail keeps of a user: never the password hash."""
    return {chave: usuario.get(chave) for chave in ("username", "nome", "ativo", "plataforma_admin", "permissoes")}
