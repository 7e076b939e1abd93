"""Users (a platform table), their membership in the current empresa (auth.membros, under RLS),
and who may change whom.

An empresa admin sees and changes only members of the current empresa (anyone else is a 404),
creates users only in the empresas they administer, grants in each only permissions they hold
there, and never touches a platform admin. A platform admin may also create users in any empresa
and change any user, its own password included. Whatever takes access away from a user (password,
reset, permissions, deactivation, removal) also ends that user's open sessions. A reset gives a
temporary password the user must change at the next login (`trocar_senha`), as must the password
given at creation (typed by the admin or generated) unless the admin says otherwise.

Every query that lists or finds a user for an administrator goes through the current empresa's
membership, with the empresa named in the WHERE as well: RLS also shows the caller's own
memberships elsewhere, which must not make other empresas' users visible.
"""
import logging
from dataclasses import replace

from shared import catalogo_eventos as eventos
from shared.api import MAX_ID, Posicao, Texto
from shared.auth import Usuario
from shared.errors import Conflito, NaoEncontrado, SemPermissao, Validacao
from shared.transacao import Transacao

from auth import empresas, sessoes
from auth.acessos import administradas
from auth.regras_de_senha import SenhaNova
from auth.tenancia import agir_como_empresa, total_de_empresas

log = logging.getLogger(__name__)

_COLUNAS = """u.id, u.username, u.nome, u.ativo, u.plataforma_admin, u.trocar_senha, u.criado_em,
              u.atualizado_em, m.permissoes"""


class PosicaoUsuario(Posicao):
    """The list is in username order (usernames are unique)."""

    username: Texto


# ---------------------------------------------------------------- the administration's writes


def criar(tx: Transacao, eu: Usuario, username: str, nome: str, senha: SenhaNova, destinos: list[int],
          permissoes: list[str], trocar_senha: bool) -> dict:
    """A new user, member of each empresa in `destinos` with the same `permissoes`; with
    `trocar_senha`, they must change the password given here at their first login.

    An empresa admin creates only in the empresas they administer (permission `admin` there), and
    grants in each only what they hold there; a platform admin creates in any.
    """
    destinos = sorted(set(destinos))
    senha.exigir_diferente_de(username, nome)
    if eu.plataforma_admin:
        _exigir_concedivel(eu, permissoes)
    else:
        _exigir_administradas(tx.cur, eu, destinos, permissoes)
    faltam = sorted(set(destinos) - empresas.existentes(tx.cur, destinos))
    if faltam:
        raise Validacao("Verifique os campos destacados",
                        {"empresas": f"Empresa inexistente: {', '.join(map(str, faltam))}"})
    novo = inserir(tx.cur, username, nome, senha.hash, trocar_senha=trocar_senha)
    if novo is None:
        raise Conflito("Já existe um usuário com este username", {"username": f"O username {username} já está em uso"})
    for empresa_id in destinos:
        incluir_membro(tx, empresa_id, novo, permissoes)
    return {**novo, "permissoes": permissoes}


def alterar(tx: Transacao, eu: Usuario, usuario_id: int, ip: str, nome: str | None = None,
            senha: SenhaNova | None = None, permissoes: list[str] | None = None, ativo: bool | None = None) -> dict:
    """Changes what is given (None: unchanged); `permissoes` are the ones in the current empresa.

    A platform admin may change a user who is no member here (`permissoes` then stay None): no
    empresa's trail is the right one for that, so the log records it, with the client's `ip`.
    """
    antes = _alvo(tx.cur, eu, usuario_id, fora_da_empresa=eu.plataforma_admin)
    membro = antes["permissoes"] is not None
    if ativo is False and usuario_id == eu.id:
        raise Conflito("Você não pode desativar o próprio usuário", {"ativo": "Não é possível desativar a si mesmo"})
    if senha is not None:
        senha.exigir_diferente_de(antes["username"], nome or antes["nome"])
    if permissoes is not None:
        if not membro:
            raise Validacao("Verifique os campos destacados", {"permissoes": "O usuário não pertence à empresa atual"})
        _exigir_concedivel(eu, sorted(set(permissoes) - set(antes["permissoes"])))
    _gravar(tx.cur, antes, nome, ativo, permissoes)
    if senha is not None:
        # The flag stays as it was: a user who must change a temporary password still must.
        gravar_senha(tx.cur, usuario_id, senha.hash, antes["trocar_senha"])
    depois = membro_atual(tx.cur, usuario_id) if membro else por_id(tx.cur, usuario_id)
    perdeu_acesso = (
        senha is not None
        or depois["permissoes"] != antes["permissoes"]
        or (antes["ativo"] and not depois["ativo"])
    )
    if perdeu_acesso:
        sessoes.revogar_do_usuario(tx, usuario_id)
    mudou = senha is not None or foto(antes) != foto(depois)
    registro = {"antes": foto(antes), "depois": {**foto(depois), **({"senha_alterada": True} if senha else {})}}
    if mudou:
        _registrar(tx, "alterar", usuario_id, membro, ip, registro)
    return {**depois, "permissoes": depois["permissoes"] or []}


def redefinir_senha(tx: Transacao, eu: Usuario, usuario_id: int, ip: str, senha_hash: str) -> dict:
    """An administrator gives `usuario_id` a temporary password (`senha_hash`, generated by the
    caller) that must be changed at the next login; their open sessions end. Who may reset whom is
    who may change whom; nobody resets their own (they change it, knowing the current one)."""
    antes = _alvo(tx.cur, eu, usuario_id, fora_da_empresa=eu.plataforma_admin)
    if usuario_id == eu.id:
        raise Conflito("Para mudar a sua própria senha, use Trocar senha, com a senha atual")
    gravar_senha(tx.cur, usuario_id, senha_hash, trocar=True)
    sessoes.revogar_do_usuario(tx, usuario_id)
    membro = antes["permissoes"] is not None
    depois = membro_atual(tx.cur, usuario_id) if membro else por_id(tx.cur, usuario_id)
    # Never the password, nor its hash: only that there is a new one to change.
    _registrar(tx, "redefinir_senha", usuario_id, membro, ip,
               {"antes": foto(antes), "depois": {**foto(depois), "senha_redefinida": True}})
    return {**depois, "permissoes": depois["permissoes"] or []}


def _registrar(tx: Transacao, acao: str, usuario_id: int, membro: bool, ip: str, registro: dict) -> None:
    """A change to a user: audited and announced in the current empresa when they are a member
    here; a platform admin's change to someone outside it has no empresa's trail: the log has it."""
    if membro:
        tx.auditar(acao, "usuario", usuario_id, **registro)
        tx.publicar(eventos.USUARIO_ALTERADO, usuario_id=usuario_id, acao="alterado")
        return
    username = tx.contexto.username
    tx.apos_commit.append(lambda: log.warning(
        "usuário alterado pela administração da plataforma fora de uma empresa",
        extra={"username": username, "ip": ip, "usuario_id": usuario_id, "acao": acao, **registro}))


def remover(tx: Transacao, eu: Usuario, usuario_id: int) -> None:
    """Takes the user out of the current empresa; one left in no empresa is also deactivated."""
    antes = _alvo(tx.cur, eu, usuario_id)
    if usuario_id == eu.id:
        raise Conflito("Você não pode remover o próprio usuário")
    tx.cur.execute(
        "DELETE FROM auth.membros WHERE empresa_id = plataforma.empresa_atual() AND usuario_id = %s",
        (usuario_id,),
    )
    desativado = not antes["plataforma_admin"] and total_de_empresas(tx, usuario_id) == 0
    if desativado:
        tx.cur.execute("UPDATE auth.usuarios SET ativo = false, atualizado_em = now() WHERE id = %s", (usuario_id,))
    sessoes.revogar_do_usuario(tx, usuario_id)
    tx.auditar("remover", "usuario", usuario_id, antes=foto(antes), depois={"ativo": False} if desativado else None)
    tx.publicar(eventos.USUARIO_ALTERADO, usuario_id=usuario_id, acao="removido")


def incluir_membro(tx: Transacao, empresa_id: int, usuario: dict, permissoes: list[str]) -> bool:
    """Adds the user to `empresa_id`, audited and announced there (the transaction goes on acting
    as that empresa). False when already a member."""
    agir_como_empresa(tx, empresa_id)
    tx.cur.execute(
        """INSERT INTO auth.membros (empresa_id, usuario_id, permissoes) VALUES (%s, %s, %s)
           ON CONFLICT DO NOTHING RETURNING usuario_id""",
        (empresa_id, usuario["id"], permissoes),
    )
    if tx.cur.fetchone() is None:
        return False
    tx.auditar("criar", "usuario", usuario["id"], depois=foto({**usuario, "permissoes": permissoes}))
    tx.publicar(eventos.USUARIO_ALTERADO, usuario_id=usuario["id"], acao="criado")
    return True


def _alvo(cur, eu: Usuario, usuario_id: int, fora_da_empresa: bool = False) -> dict:
    """The member of the current empresa to change: 404 for anyone else, 403 for a platform admin.

    `fora_da_empresa` (platform admins) also finds a user who is no member here, with
    `permissoes` None: how the platform admin changes its own password, for one.
    """
    if usuario_id > MAX_ID:
        raise NaoEncontrado("Usuário não encontrado")
    alvo = membro_atual(cur, usuario_id, bloquear=True)
    if alvo is None and fora_da_empresa:
        alvo = por_id(cur, usuario_id, bloquear=True)
    if alvo is None:
        raise NaoEncontrado("Usuário não encontrado")
    if alvo["plataforma_admin"] and not eu.plataforma_admin:
        raise SemPermissao("Somente a administração da plataforma altera um administrador da plataforma")
    return alvo


def _exigir_concedivel(eu: Usuario, pedidas: list[str]) -> None:
    faltam = [p for p in pedidas if not eu.pode(p)]
    if faltam:
        raise SemPermissao(f"Você não pode conceder permissões que não tem: {', '.join(faltam)}")


def _exigir_administradas(cur, eu: Usuario, destinos: list[int], permissoes: list[str]) -> None:
    """An empresa admin's new user: only in empresas they administer, with in each only what they
    hold there (the current empresa's from the token, as every check; the others' from their
    memberships). An empresa they do not administer is a 403 whether it exists or not."""
    minhas = administradas(cur, eu.id)
    if any(destino not in minhas and destino != eu.empresa_id for destino in destinos):
        raise SemPermissao("Você só pode incluir usuários nas empresas que administra")
    for destino in destinos:
        la = eu if destino == eu.empresa_id else replace(eu, empresa_id=destino, permissoes=frozenset(minhas[destino]))
        _exigir_concedivel(la, permissoes)


# ---------------------------------------------------------------- rows


def por_username(cur, username: str) -> dict | None:
    """For login: the user with the password hash, whatever the empresa."""
    cur.execute(
        """SELECT id, username, nome, senha_hash, ativo, plataforma_admin, trocar_senha
           FROM auth.usuarios WHERE username = %s""",
        (username.lower(),),
    )
    return cur.fetchone()


def ativo_por_id(cur, usuario_id: int, bloquear: bool = False) -> dict | None:
    """An active user, with the password hash (for the own password change, which locks it)."""
    cur.execute(
        f"""SELECT id, username, nome, senha_hash, ativo, plataforma_admin, trocar_senha
            FROM auth.usuarios WHERE id = %s AND ativo {"FOR UPDATE" if bloquear else ""}""",
        (usuario_id,),
    )
    return cur.fetchone()


def por_id(cur, usuario_id: int, bloquear: bool = False) -> dict | None:
    """The user whatever the empresa, `permissoes` None: for the platform admin only."""
    cur.execute(
        f"""SELECT id, username, nome, ativo, plataforma_admin, trocar_senha, criado_em, atualizado_em,
                   NULL AS permissoes
            FROM auth.usuarios WHERE id = %s {"FOR UPDATE" if bloquear else ""}""",
        (usuario_id,),
    )
    return cur.fetchone()


def inserir(cur, username: str, nome: str, senha_hash: str, plataforma_admin: bool = False,
            trocar_senha: bool = False) -> dict | None:
    """The new user, or None when the username is taken (race-safe: the unique index decides)."""
    cur.execute(
        """INSERT INTO auth.usuarios (username, nome, senha_hash, plataforma_admin, trocar_senha)
           VALUES (%s, %s, %s, %s, %s)
           ON CONFLICT (username) DO NOTHING
           RETURNING id, username, nome, ativo, plataforma_admin, trocar_senha, criado_em, atualizado_em""",
        (username.lower(), nome, senha_hash, plataforma_admin, trocar_senha),
    )
    return cur.fetchone()


def gravar_senha(cur, usuario_id: int, senha_hash: str, trocar: bool) -> None:
    """The new password; `trocar`: the user must change it at the next login."""
    cur.execute(
        "UPDATE auth.usuarios SET senha_hash = %s, trocar_senha = %s, atualizado_em = now() WHERE id = %s",
        (senha_hash, trocar, usuario_id),
    )


def membro_atual(cur, usuario_id: int, bloquear: bool = False) -> dict | None:
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


def listar(cur, q: str | None, apos: PosicaoUsuario | None, limite: int) -> list[dict]:
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
        {"padrao": padrao, "apos": None if apos is None else apos.username, "limite": limite},
    )
    return [{**linha, "permissoes": sorted(linha["permissoes"])} for linha in cur.fetchall()]


def _gravar(cur, atual: dict, nome: str | None, ativo: bool | None, permissoes: list[str] | None) -> None:
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


def foto(usuario: dict) -> dict:
    """What the audit trail keeps of a user: never the password hash."""
    return {chave: usuario.get(chave)
            for chave in ("username", "nome", "ativo", "plataforma_admin", "trocar_senha", "permissoes")}
