"""Empresas: a platform table (the tenants themselves), each created in its own audit trail.

Only the platform administration creates one, with a valid CNPJ or none (routes/empresas.py checks
it; stored normalised, so "11.222.333/0001-81" and "11222333000181" are one CNPJ). Everyone lists
their own active ones, the platform administration all of them; `administradas` narrows the list to
where the user may add people (the new-user dialog's choice).
"""
from shared import catalogo_eventos as eventos
from shared.api import Id, Posicao
from shared.auth import Usuario
from shared.errors import Conflito, SemPermissao
from shared.transacao import Transacao

from auth.permissoes import ADMIN
from auth.tenancia import agir_como_empresa

_COLUNAS = "id, nome, cnpj, ativa, criada_em"


class PosicaoEmpresa(Posicao):
    """The list is in id order."""

    id: Id


def criar(tx: Transacao, eu: Usuario, nome: str, cnpj: str | None) -> dict:
    """POST /api/empresas: the platform administration's; a CNPJ already used is a 409."""
    if not eu.plataforma_admin:
        raise SemPermissao("Somente a administração da plataforma cria empresas")
    empresa = inserir(tx, nome, cnpj)
    if empresa is None:
        raise Conflito("Já existe uma empresa com este CNPJ", {"cnpj": "CNPJ já cadastrado"})
    return empresa


def inserir(tx: Transacao, nome: str, cnpj: str | None) -> dict | None:
    """The new empresa, audited in its own trail and announced on its own channel; None when the
    CNPJ is taken.

    Leaves the transaction acting as the new empresa.
    """
    cur = tx.cur
    cur.execute("SELECT nextval(pg_get_serial_sequence('auth.empresas', 'id')) AS id")
    empresa_id = cur.fetchone()["id"]
    agir_como_empresa(tx, empresa_id)
    cur.execute(
        f"""INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, %s, %s)
            ON CONFLICT (cnpj) DO NOTHING RETURNING {_COLUNAS}""",
        (empresa_id, nome, cnpj),
    )
    empresa = cur.fetchone()
    if empresa is not None:
        tx.auditar("criar", "empresa", empresa_id,
                   depois={"nome": empresa["nome"], "cnpj": empresa["cnpj"], "ativa": empresa["ativa"]})
        # `na_empresa` says where it is published; `empresa_id` is the payload's field.
        tx.publicar(eventos.EMPRESA_ALTERADA, na_empresa=empresa_id, empresa_id=empresa_id, acao="criada")
    return empresa


def por_nome(cur, nome: str) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM auth.empresas WHERE nome = %s ORDER BY id LIMIT 1", (nome,))
    return cur.fetchone()


def existentes(cur, ids: list[int]) -> set[int]:
    cur.execute("SELECT id FROM auth.empresas WHERE id = ANY(%s)", (ids,))
    return {linha["id"] for linha in cur.fetchall()}


def listar(cur, eu: Usuario, apos: PosicaoEmpresa | None, limite: int, administradas: bool = False) -> list[dict]:
    """Every empresa (platform admin) or `eu`'s active ones, in id order after `apos`.

    `administradas`: only the active ones where `eu` may add users — all of them for the platform
    admin, those where they hold `admin` for anyone else.
    """
    parametros = {"apos": None if apos is None else apos.id, "limite": limite, "administradas": administradas,
                  "admin": ADMIN}
    if eu.plataforma_admin:
        cur.execute(
            f"""SELECT {_COLUNAS} FROM auth.empresas
                WHERE (%(apos)s::bigint IS NULL OR id > %(apos)s) AND (ativa OR NOT %(administradas)s)
                ORDER BY id LIMIT %(limite)s""",
            parametros,
        )
    else:
        cur.execute(
            f"""SELECT {", ".join("e." + c for c in _COLUNAS.split(", "))}
                FROM auth.empresas e JOIN auth.membros m ON m.empresa_id = e.id
                WHERE m.usuario_id = auth.usuario_atual() AND e.ativa
                  AND (%(admin)s = ANY(m.permissoes) OR NOT %(administradas)s)
                  AND (%(apos)s::bigint IS NULL OR e.id > %(apos)s)
                ORDER BY e.id LIMIT %(limite)s""",
            parametros,
        )
    return cur.fetchall()
