"""What a new password must be: 8 characters or more (the routes' models), not the user's username
or name, not one of the passwords everybody tries first.

Every new password goes through here: a user's creation, an administrator's change, the user's own
change. (A reset or the bootstrap generates one, strong by construction.) The lists are in
`senhas_comuns/` (see its LEIAME.md): the common-password list of zxcvbn-ts (MIT) and a pt-BR list
of our own. They are compared without case and without accents, so "Coração123" is "coracao123".
"""
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from shared.errors import Validacao

from auth import senhas

PASTA = Path(__file__).parent / "senhas_comuns"
LISTAS = ("zxcvbn-ts-comuns.txt", "pt-br.txt")

COMUM = "Esta senha é muito comum e fácil de adivinhar; escolha outra"
PESSOAL = "A senha não pode ser igual ao usuário ou ao nome"
REPETIDA = "A nova senha deve ser diferente da atual"


def normalizar(texto: str) -> str:
    """Lowercase, without accents: how passwords are compared with the lists and with names."""
    decomposto = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in decomposto if not unicodedata.combining(c))


@cache
def comuns() -> frozenset[str]:
    """Every entry of the lists, normalised (read once per process, ~60,000 short strings)."""
    entradas = set()
    for nome in LISTAS:
        with open(PASTA / nome, encoding="utf-8") as arquivo:
            entradas.update(normalizar(linha.strip()) for linha in arquivo if linha.strip())
    return frozenset(entradas)


def eh_comum(senha: str) -> bool:
    return normalizar(senha) in comuns()


def _recusar(campo: str, mensagem: str):
    raise Validacao("Verifique os campos destacados", {campo: mensagem})


@dataclass(frozen=True)
class SenhaNova:
    """A password that passed the checks that need no user, hashed (argon2 is slow on purpose:
    routes prepare it before their transaction, so no connection waits for it). The domain, which
    reads the user, checks the rest with `exigir_diferente_de`."""

    campo: str
    texto: str = field(repr=False)
    hash: str = field(repr=False)

    def exigir_diferente_de(self, username: str, nome: str) -> None:
        """400 naming the field when the password is the username or the name (spaces aside)."""
        senha = normalizar(self.texto)
        pessoais = {normalizar(username), normalizar(nome), normalizar("".join(nome.split()))}
        if senha in pessoais or "".join(senha.split()) in pessoais:
            _recusar(self.campo, PESSOAL)


def preparar(senha: str, campo: str, diferente_de: str | None = None) -> SenhaNova:
    """Checks `senha` against the lists (and, for a change, the current password) and hashes it;
    400 naming `campo` otherwise."""
    if diferente_de is not None and senha == diferente_de:
        _recusar(campo, REPETIDA)
    if eh_comum(senha):
        _recusar(campo, COMUM)
    return SenhaNova(campo, senha, senhas.gerar_hash(senha))
