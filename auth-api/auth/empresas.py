"""Empresas: a platform table (the tenants themselves), each created in its own audit trail."""
from shared.auditoria import auditar

from auth.tenancia import agir_como_empresa

_COLUNAS = "id, nome, cnpj, ativa, criada_em"


def criar(cur, nome: str, cnpj: str | None) -> dict | None:
    """The new empresa, audited in its own trail; None when the CNPJ is taken.

    Leaves the transaction acting as the new empresa.
    """
    cur.execute("SELECT nextval(pg_get_serial_sequence('auth.empresas', 'id')) AS id")
    empresa_id = cur.fetchone()["id"]
    agir_como_empresa(cur, empresa_id)
    cur.execute(
        f"""INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, %s, %s)
            ON CONFLICT (cnpj) DO NOTHING RETURNING {_COLUNAS}""",
        (empresa_id, nome, cnpj),
    )
    empresa = cur.fetchone()
    if empresa is not None:
        auditar(cur, "criar", "empresa", empresa_id,
                depois={"nome": empresa["nome"], "cnpj": empresa["cnpj"], "ativa": empresa["ativa"]})
    return empresa


def por_nome(cur, nome: str) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM auth.empresas WHERE nome = %s ORDER BY id LIMIT 1", (nome,))
    return cur.fetchone()


def existentes(cur, ids: list[int]) -> set[int]:
    cur.execute("SELECT id FROM auth.empresas WHERE id = ANY(%s)", (ids,))
    return {linha["id"] for linha in cur.fetchall()}


def listar(cur, todas: bool, apos: int | None, limite: int) -> list[dict]:
    """Every empresa (platform admin) or the current user's active ones, in id order after `apos`."""
    if todas:
        cur.execute(
            f"""SELECT {_COLUNAS} FROM auth.empresas
                WHERE %(apos)s::bigint IS NULL OR id > %(apos)s ORDER BY id LIMIT %(limite)s""",
            {"apos": apos, "limite": limite},
        )
    else:
        cur.execute(
            f"""SELECT {", ".join("e." + c for c in _COLUNAS.split(", "))}
                FROM auth.empresas e JOIN auth.membros m ON m.empresa_id = e.id
                WHERE m.usuario_id = auth.usuario_atual() AND e.ativa
                  AND (%(apos)s::bigint IS NULL OR e.id > %(apos)s)
                ORDER BY e.id LIMIT %(limite)s""",
            {"apos": apos, "limite": limite},
        )
    return cur.fetchall()
