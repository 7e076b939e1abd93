"""The shape every write has: one tenant transaction that knows who acts.

    with escrita() as tx:                       # shared.app: the request's Contexto
        conta = contas.alterar(tx, conta_id, mudancas)

    def alterar(tx, conta_id, mudancas):        # the domain module
        antes = bloquear(tx.cur, conta_id)      # 1. lock what changes (or 404)
        ...                                     # 2. change it
        tx.auditar("alterar", "conta", conta_id, antes=antes, depois=depois)   # 3. audit, in the transaction
        tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="alterada")     # 4. publish, after the commit

Auditing writes its row in the same transaction as the change, so both commit or neither does;
publishing only queues the event, which leaves after the commit and never for a rolled-back
write. A background job opens the same thing from its own Contexto (`Transacao.abrir`).
"""
from contextlib import contextmanager
from dataclasses import replace

from shared.auditoria import auditar, auditar_varios
from shared.catalogo_eventos import Evento
from shared.contexto import Contexto
from shared.db import Database
from shared.eventos import Barramento


class Transacao:
    def __init__(self, cur, contexto: Contexto, barramento: Barramento):
        self.cur = cur
        self.contexto = contexto
        self._barramento = barramento
        # Callables for after the commit (the events, a Redis notice, a log line that must not
        # claim a write that rolled back); never run for a rolled-back one.
        self.apos_commit: list = []

    @classmethod
    @contextmanager
    def abrir(cls, db: Database, barramento: Barramento, contexto: Contexto, empresa_id: int | None = None):
        """One transaction as `contexto`'s empresa (or `empresa_id`, for platform work that acts
        in a given one); its events go out once it has committed."""
        empresa = contexto.empresa_id if empresa_id is None else empresa_id
        pendentes: list = []
        with db.transacao(empresa, contexto.usuario_id, pendentes) as cur:
            # Its events go to the empresa it works in, also where that is not the request's (the
            # client's aceite, with no session, acts in the contract's empresa).
            tx = cls(cur, replace(contexto, empresa_id=empresa), barramento)
            tx.apos_commit = pendentes
            yield tx

    def auditar(self, acao: str, entidade: str, entidade_id=None, antes: dict | None = None,
                depois: dict | None = None, rotulo: str | None = None) -> None:
        auditar(self.cur, self.contexto, acao, entidade, entidade_id, antes, depois, rotulo)

    def auditar_varios(self, acao: str, entidade: str, registros: list[tuple]) -> None:
        """One audit row per (entidade_id, antes, depois, rotulo), in one statement."""
        auditar_varios(self.cur, self.contexto, acao, entidade, registros)

    def publicar(self, evento: Evento, na_empresa: int | None = None, **dados) -> None:
        """Queues `evento` for after the commit, in the transaction's empresa (or `na_empresa`:
        creating an empresa announces it in the new one)."""
        empresa = self.contexto.empresa_id if na_empresa is None else na_empresa
        payload = evento.dados(dados)
        correlation_id = self.contexto.correlation_id
        self.apos_commit.append(lambda: self._barramento.publicar(evento.nome, empresa, payload, correlation_id))
