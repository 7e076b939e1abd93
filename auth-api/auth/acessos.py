"""Which empresas a user may enter, and with which permissions in each.

A platform admin enters every active empresa with every permission; anyone else, the active
empresas they are a member of, with that membership's permissions. The transaction must carry
the user as `app.usuario_id`: RLS shows a user's memberships in other empresas only to that user.
"""
from dataclasses import dataclass

from shared.errors import SemPermissao

from auth.permissoes import ADMIN, TODAS


@dataclass(frozen=True)
class Acessos:
    empresas: list[dict]  # [{"id", "nome"}], in id order: the first is the default
    permissoes: dict  # empresa id -> sorted permissions
    plataforma_admin: bool

    def tem(self, empresa_id: int) -> bool:
        return empresa_id in self.permissoes

    def permissoes_em(self, empresa_id: int | None) -> list[str]:
        if self.plataforma_admin:
            return list(TODAS)
        return self.permissoes.get(empresa_id, [])

    def escolher(self, pedida: int | None) -> int | None:
        """The requested empresa when it is one of the user's (else 403), or the first, or None."""
        if pedida is not None:
            if not self.tem(pedida):
                raise SemPermissao(f"Você não tem acesso à empresa {pedida}")
            return pedida
        return self.empresas[0]["id"] if self.empresas else None


def do_usuario(cur, usuario: dict) -> Acessos:
    if usuario["plataforma_admin"]:
        cur.execute("SELECT id, nome FROM auth.empresas WHERE ativa ORDER BY id")
        empresas = [dict(linha) for linha in cur.fetchall()]
        return Acessos(empresas, {e["id"]: list(TODAS) for e in empresas}, True)
    cur.execute(
        """SELECT e.id, e.nome, m.permissoes
           FROM auth.membros m JOIN auth.empresas e ON e.id = m.empresa_id
           WHERE m.usuario_id = %s AND e.ativa
           ORDER BY e.id""",
        (usuario["id"],),
    )
    linhas = cur.fetchall()
    return Acessos(
        [{"id": linha["id"], "nome": linha["nome"]} for linha in linhas],
        {linha["id"]: sorted(linha["permissoes"]) for linha in linhas},
        False,
    )


def administradas(cur, usuario_id: int) -> dict[int, list[str]]:
    """The active empresas where the user holds `admin`, with their permissions there. The
    transaction must carry the user as `app.usuario_id` (RLS shows them their own memberships)."""
    cur.execute(
        """SELECT e.id, m.permissoes
           FROM auth.membros m JOIN auth.empresas e ON e.id = m.empresa_id
           WHERE m.usuario_id = %s AND e.ativa AND %s = ANY(m.permissoes)""",
        (usuario_id, ADMIN),
    )
    return {linha["id"]: sorted(linha["permissoes"]) for linha in cur.fetchall()}
