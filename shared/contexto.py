"""Who acts, for which empresa, under which correlation id: all that domain work needs to know of
whoever started it.

A request builds one at the HTTP edge (`shared.app.contexto()`, from its token and headers); a
background job builds its own from what it was started with (the user and correlation id it
stored). Domain code takes it explicitly — through the `Transacao` it writes in — and never reads
`flask.g`, so the same code runs in a request, a thread or a script.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Contexto:
    servico: str  # the service doing the work ("financeiro-api"), as the audit trail records it
    empresa_id: int | None  # None: platform work outside any empresa (an admin with no empresa)
    usuario_id: int | None = None
    username: str | None = None
    correlation_id: str | None = None
