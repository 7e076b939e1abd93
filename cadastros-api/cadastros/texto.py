"""Text as people search it: "Itaú" and "itau" are the same word to whoever types it.

PostgreSQL here has no `unaccent` extension, so the folding happens in Python, before storing a
searchable copy and before comparing.
"""
import re
import unicodedata

_PALAVRA = re.compile(r"\w+")


def normalizar(texto: str) -> str:
    """Lowercase, without accents: "São João" -> "sao joao"."""
    decomposto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in decomposto if not unicodedata.combining(c)).lower()


def palavras(texto: str) -> list[str]:
    """The normalised words, without punctuation: "D'Ávila-Souza" -> ["d", "avila", "souza"]."""
    return _PALAVRA.findall(normalizar(texto))
