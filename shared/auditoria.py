"""The audit trail: every write of every service, in the same transaction as the write."""
import json

from flask import current_app, g, has_app_context

from shared.logging import correlation_id


def _json(valor):
    # default=str keeps Decimal exact ("1234.50") and dates ISO.
    return None if valor is None else json.dumps(valor, default=str, ensure_ascii=False)


def auditar(cur, acao: str, entidade: str, entidade_id=None, antes: dict | None = None,
            depois: dict | None = None, usuario=None) -> None:
    """Records one write. `cur` is the tenant transaction's cursor, so the entry commits with it,
    under the transaction's empresa. `usuario` defaults to the request's (a login passes its own).
    """
    usuario = usuario or (g.get("usuario") if has_app_context() else None)
    cur.execute(
        """INSERT INTO plataforma.auditoria
               (empresa_id, servico, usuario_id, username, acao, entidade, entidade_id, antes, depois, correlation_id)
           VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
        (
            current_app.extensions["erp"].config.servico,
            getattr(usuario, "id", None),
            getattr(usuario, "username", None),
            acao,
            entidade,
            None if entidade_id is None else str(entidade_id),
            _json(antes),
            _json(depois),
            correlation_id(),
        ),
    )
