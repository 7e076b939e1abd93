"""How a route answers a report: through the cache, inside the caller's tenant transaction.

The key carries the empresa, the generations of the domains a report reads — financeiro and
cadastros, or its own `dominios` — (shared/cache.py: a write there makes every older result
unreachable at once), the day (the projection starts today, the realized flow stops there) and the
report's parameters as their model dumps them.

What the cache keeps is the HTTP body itself: the report validated by its response model and
serialized once, on a miss. A hit sends those bytes as they are — no parsing, no validation, no
serializing again, which for a big answer (the inadimplência's thousands of clientes) was most of
a warm request's time.
"""
from flask import Response, current_app
from pydantic import BaseModel

from shared.app import contexto, plataforma, tenant_transaction
from shared.config import hoje

DOMINIOS = ("financeiro", "cadastros")
VALIDADE = 300  # seconds a cached result may live at most


def responder(nome: str, parametros: BaseModel, calcular, modelo: type[BaseModel],
              dominios: tuple[str, ...] = DOMINIOS) -> Response:
    """The JSON answer of the report `nome`: `calcular(cur, parametros)` as `modelo` serializes it,
    from the cache when it is there."""
    chave = f"{nome}:{hoje()}:{parametros.model_dump_json()}"

    def carregar() -> str:
        with tenant_transaction() as cur:
            return modelo.model_validate(calcular(cur, parametros)).model_dump_json()

    corpo = plataforma().cache.obter_texto(contexto().empresa_id, dominios, chave, carregar)
    return current_app.response_class(corpo, mimetype="application/json")
