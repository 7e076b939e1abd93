"""How a route reads a report: through the cache, inside the caller's tenant transaction.

The key carries the empresa, the generations of financeiro and cadastros (shared/cache.py: a write
there makes every older result unreachable at once), the day (the projection starts today, the
realized flow stops there) and the report's parameters as their model dumps them.
"""
from pydantic import BaseModel

from shared.app import contexto, plataforma, tenant_transaction
from shared.config import hoje

DOMINIOS = ("financeiro", "cadastros")
VALIDADE = 300  # seconds a cached result may live at most


def obter(nome: str, parametros: BaseModel, calcular) -> dict:
    """`calcular(cur, parametros)` of the report `nome`, from the cache when it is there."""
    chave = f"{nome}:{hoje()}:{parametros.model_dump_json()}"

    def carregar():
        with tenant_transaction() as cur:
            return calcular(cur, parametros)

    return plataforma().cache.obter(contexto().empresa_id, DOMINIOS, chave, carregar)
