"""The audit trail: every write of every service, in the same transaction as the write."""
import json

from psycopg2.extras import execute_values

from shared.contexto import Contexto


def _json(valor):
    # default=str keeps Decimal exact ("1234.50") and dates ISO.
    return None if valor is None else json.dumps(valor, default=str, ensure_ascii=False)


def auditar(cur, contexto: Contexto, acao: str, entidade: str, entidade_id=None, antes: dict | None = None,
            depois: dict | None = None, rotulo: str | None = None) -> None:
    """Records one write by `contexto`'s user. `cur` is the tenant transaction's cursor, so the
    entry commits with the write, under the transaction's empresa. `rotulo` names the record as
    the staff know it ("Aluguel do estúdio — parcela 3/12") when `antes`/`depois` do not already
    (their `nome`, `descricao`...: the trail's reader names the record from them)."""
    cur.execute(
        """INSERT INTO plataforma.auditoria
               (empresa_id, servico, usuario_id, username, acao, entidade, entidade_id, antes, depois, correlation_id,
                rotulo)
           VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
        (
            contexto.servico,
            contexto.usuario_id,
            contexto.username,
            acao,
            entidade,
            None if entidade_id is None else str(entidade_id),
            _json(antes),
            _json(depois),
            contexto.correlation_id,
            rotulo,
        ),
    )


def auditar_varios(cur, contexto: Contexto, acao: str, entidade: str, registros: list[tuple]) -> None:
    """`auditar` for many records of one write in one statement — (entidade_id, antes, depois,
    rotulo) each: a payroll's 6,000 payables are one round trip, not 6,000."""
    if not registros:
        return
    execute_values(
        cur,
        """INSERT INTO plataforma.auditoria
               (empresa_id, servico, usuario_id, username, acao, entidade, entidade_id, antes, depois, correlation_id,
                rotulo)
           SELECT plataforma.empresa_atual(), v.* FROM (VALUES %s) AS v""",
        [(contexto.servico, contexto.usuario_id, contexto.username, acao, entidade,
          None if entidade_id is None else str(entidade_id), _json(antes), _json(depois), contexto.correlation_id,
          rotulo) for entidade_id, antes, depois, rotulo in registros],
        template="(%s, %s::bigint, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, %s)", page_size=len(registros))
