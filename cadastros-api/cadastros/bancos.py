"""The Brazilian banks: COMPE code and name, from the list vendored in dados/ (its README says
where it comes from and how to update it), with the nicknames people know them by.

A file rather than a table: it is the same for every empresa and changes only with a new
version of the list, so it ships with the code and is read once per process.
"""
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from shared.api import Opcional, Texto
from shared.texto import palavras

ARQUIVO = Path(__file__).parent / "dados" / "bancos.json"
# The official names say "NU PAGAMENTOS", never "Nubank": brand names and initials, by hand, the
# popular retail banks in order of use (the file's "fonte" says from where).
APELIDOS = Path(__file__).parent / "dados" / "apelidos_bancos.json"


@dataclass(frozen=True)
class Banco:
    codigo: str
    nome: str
    palavras: tuple[str, ...]  # the code, both names and the nicknames, normalised: what a search matches
    apelidos: tuple[str, ...]  # each nickname's words, normalised, one space apart: "mercado pago"
    popularidade: int  # its place among the popular retail banks; all the others share the last


@cache
def _por_codigo() -> dict[str, Banco]:
    with ARQUIVO.open(encoding="utf-8-sig") as arquivo:  # published with a BOM
        entradas = json.load(arquivo)
    with APELIDOS.open(encoding="utf-8") as arquivo:
        populares = json.load(arquivo)["bancos"]
    apelidos = {p["codigo"]: [" ".join(palavras(a)) for a in p["apelidos"]] for p in populares}
    posicao = {p["codigo"]: n for n, p in enumerate(populares)}
    bancos = {}
    for entrada in sorted(entradas, key=lambda e: e["COMPE"]):
        codigo = entrada["COMPE"]
        # Names come from the central bank's register, some with doubled spaces.
        nome = " ".join(entrada["LongName"].split())
        # The short name too: people type "bco do brasil" as the statements print it; and the
        # code without its zeros, as in "banco 33".
        busca = [codigo, codigo.lstrip("0"), *palavras(nome), *palavras(entrada["ShortName"] or ""),
                 *(p for a in apelidos.get(codigo, ()) for p in a.split())]
        bancos[codigo] = Banco(codigo, nome, tuple(busca), tuple(apelidos.get(codigo, ())),
                               posicao.get(codigo, len(populares)))
    return bancos


def buscar(q: str | None) -> list[Banco]:
    """The banks where each word of `q` starts a word of the code, name or a nickname, ignoring
    case and accents ("itau uni", "341", "bco brasil", "nubank"): first those whose nickname or
    code `q` is ("itaú" is 341, "cef" 104, "77" 077), then the popular retail banks, then the
    rest in code order. Without `q`, every bank in that order."""
    termos = palavras(q or "")
    frase = " ".join(termos)
    achados = [banco for banco in _por_codigo().values()
               if all(any(palavra.startswith(termo) for palavra in banco.palavras) for termo in termos)]
    return sorted(achados, key=lambda banco: (not _e_o_que_se_digitou(banco, frase), banco.popularidade))


def _e_o_que_se_digitou(banco: Banco, frase: str) -> bool:
    return frase in banco.apelidos or (frase.isdigit() and frase.zfill(3) == banco.codigo)


def existe(codigo: str) -> bool:
    return codigo in _por_codigo()


def nome(codigo: str | None) -> str | None:
    """The bank's name; None without a code or for a code the current list no longer has."""
    banco = _por_codigo().get(codigo)
    return None if banco is None else banco.nome


# ---------------------------------------------------------------- fields naming a bank account
# (a conta's, a fornecedor's)


def _banco(codigo: str) -> str:
    if not existe(codigo):
        raise ValueError("Banco desconhecido: use o código de 3 dígitos da lista de bancos (GET /api/bancos)")
    return codigo


CodigoBanco = Annotated[Opcional[Annotated[Texto, AfterValidator(_banco)]],
                        Field(description="Código COMPE (GET /api/bancos); obrigatório, exceto no tipo CAIXA")]
