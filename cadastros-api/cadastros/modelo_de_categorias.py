"""A ready-made chart of categories (plano de contas) for an empresa to start from: the one a
photography studio uses, kept as data (`dados/plano_de_contas_<modelo>.json`), applied on request
(POST /api/categorias/modelo) and by the demo.

Applying it adds only what is missing: a category of the model whose name (ignoring case and
accents) the empresa already has anywhere in its tree is kept as it is, and the model's
subcategories of it go under the existing one. Applying it twice therefore creates nothing the
second time. Each category is created by `categorias.criar` (audited and published as any other), in the
model's DRE group (`grupo_dre`; without one, the default of any new category).
"""
import json
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from shared.texto import normalizar
from shared.transacao import Transacao

from cadastros import categorias

DADOS = Path(__file__).parent / "dados"
MODELOS = Literal["estudio_fotografia"]
PADRAO = "estudio_fotografia"


class No(BaseModel):
    nome: Annotated[str, Field(min_length=1, max_length=100)]
    grupo_dre: str | None = None  # categorias.criar checks it against the tipo
    subcategorias: list["No"] = []


class Raiz(No):
    tipo: Literal["RECEITA", "DESPESA"]


@cache
def raizes(modelo: str = PADRAO) -> tuple[Raiz, ...]:
    """The model's roots, each with its tipo and its subcategories."""
    dados = json.loads((DADOS / f"plano_de_contas_{modelo}.json").read_text(encoding="utf-8"))
    return tuple(TypeAdapter(list[Raiz]).validate_python(dados["categorias"]))


def _pode_ter_filhas(categoria: dict, tipo: str) -> bool:
    # An existing category kept in the model's place may not take the model's subcategories: of
    # the other tipo, inactive (an active child under it is refused) or already at the last level.
    return categoria["tipo"] == tipo and categoria["ativa"] and categoria["nivel"] < categorias.MAX_NIVEIS


def aplicar(tx: Transacao, modelo: str = PADRAO) -> dict:
    """Creates the model's categories the empresa lacks, in the model's order after what exists.
    → {"criadas": n, "existentes": m} (m: the model's names the empresa had already)."""
    cur = tx.cur
    # Before reading the names: two applications at once must not both find a name missing.
    categorias.travar_arvore(cur)
    por_nome = {normalizar(c["nome"]): c for c in categorias.listar(cur, None, None, None, None, None)}
    contagem = {"criadas": 0, "existentes": 0}

    def plantar(nos: list[No], tipo: str, mae_id: int | None) -> None:
        for no in nos:
            categoria = por_nome.get(normalizar(no.nome))
            if categoria is None:
                categoria = por_nome[normalizar(no.nome)] = categorias.criar(tx, no.nome, tipo, mae_id, no.grupo_dre)
                contagem["criadas"] += 1
            else:
                contagem["existentes"] += 1
            if no.subcategorias and _pode_ter_filhas(categoria, tipo):
                plantar(no.subcategorias, tipo, categoria["id"])

    for raiz in raizes(modelo):
        plantar([raiz], raiz.tipo, None)
    return contagem
