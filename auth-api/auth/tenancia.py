"""Acting as another empresa, or looking as another user, inside one transaction.

Row-level security follows `app.empresa_id` and `app.usuario_id`. auth-api alone sometimes works
for an empresa other than the caller's (a new empresa, a platform admin adding a user to several
empresas, a session switching empresa) and must audit each write in that empresa's trail, in the
same transaction as the write. Callers authorise first; these only move the settings.
"""
from dataclasses import replace

from shared.transacao import Transacao


def agir_como_empresa(tx: Transacao, empresa_id: int) -> None:
    """From here on the transaction works in `empresa_id`: its audit rows go to that empresa's
    trail and its events to that empresa's channel."""
    tx.cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(int(empresa_id)),))
    tx.contexto = replace(tx.contexto, empresa_id=int(empresa_id))


def total_de_empresas(tx: Transacao, usuario_id: int) -> int:
    """How many empresas a user still belongs to, all of them counted.

    RLS shows a user's memberships elsewhere only to that user, so the count looks as them for
    one statement, then hands the transaction back to the user who acts.
    """
    cur = tx.cur
    cur.execute("SELECT set_config('app.usuario_id', %s, true)", (str(int(usuario_id)),))
    cur.execute("SELECT count(*) AS total FROM auth.membros WHERE usuario_id = %s", (usuario_id,))
    total = cur.fetchone()["total"]
    cur.execute("SELECT set_config('app.usuario_id', %s, true)", (str(int(tx.contexto.usuario_id)),))
    return total
