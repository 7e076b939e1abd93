"""The Brazilian banks: COMPE code and name, from the list vendored in dados/ (its README says
where it comes from and how to update it).

A file rather than a table: it is the same for every empresa and changes only with a new
version of the list, so it ships with the code and is read once per process.
"""
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shared.texto import palavras

ARQUIVO = Path(__file__).parent / "dados" / "bancos.json"


@dataclass(frozen=True)
class Banco:
    codigo: str
    nome: str
    palavras: tuple[str, ...]  # the code and both names, normalised: what a search matches


@cache
def _por_codigo() -> dict[str, Banco]:
    with ARQUIVO.open(encoding="utf-8-sig") as arquivo:  # published with a BOM
        entradas = json.load(arquivo)
    bancos = {}
    for entrada in sorted(entradas, key=lambda e: e["COMPE"]):
        # Names come from the central bank's register, some with doubled spaces.
        nome = " ".join(entrada["LongName"].split())
        # The short name too: people type "bco do brasil" as the statements print it.
        busca = [entrada["COMPE"], *palavras(nome), *palavras(entrada["ShortName"] or "")]
        bancos[entrada["COMPE"]] = Banco(entrada["COMPE"], nome, tuple(busca))
    return bancos


def buscar(q: str | None) -> list[Banco]:
    """Every bank in code order; with `q`, those where each word of it starts a word of the code
    or name, ignoring case and accents ("itau uni", "341", "bco brasil")."""
    termos = palavras(q or "")
    return [banco for banco in _por_codigo().values()
            if all(any(palavra.startswith(termo) for palavra in banco.palavras) for termo in termos)]


def existe(codigo: str) -> bool:
    return codigo in _por_codigo()


def nome(codigo: str | None) -> str | None:
    """The bank's name; None without a code or for a code the current list no longer has."""
    banco = _por_codigo().get(codigo)
    return None if banco is None else banco.nome
