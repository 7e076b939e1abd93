"""Text as people search it: "Itaú" and "itau" are the same word to whoever types it.

PostgreSQL here has no `unaccent` extension, so the folding happens in Python, before storing a
searchable copy and before comparing.
"""
import re
import unicodedata

_PALAVRA = re.compile(r"\w+")

# A prefix search "starts with p" is the btree range [p, p + FIM) on a COLLATE "C" column: no stored
# text holds U+10FFFF, the last code point. Under row-level security an index is read only through
# leakproof operators, which `>=` and `<` on text are and LIKE is not.
FIM = "\U0010ffff"


def normalizar(texto: str) -> str:
    """Lowercase, without accents: "São João" -> "sao joao"."""
    decomposto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in decomposto if not unicodedata.combining(c)).lower()


def termos_de_busca(q: str | None) -> list[str]:
    """What a `q` filter looks for: its normalised, space-separated terms (none for no `q`)."""
    return normalizar(q or "").split()


def contem_todos(coluna: str, parametro: str) -> str:
    """SQL: the normalised `coluna` holds every term of the text[] parameter `parametro` (an empty
    list keeps every row). strpos, not LIKE, so nothing a person types needs escaping."""
    return f"NOT EXISTS (SELECT FROM unnest(%({parametro})s::text[]) t WHERE strpos({coluna}, t) = 0)"


def palavras(texto: str) -> list[str]:
    """The normalised words, without punctuation: "D'Ávila-Souza" -> ["d", "avila", "souza"]."""
    return _PALAVRA.findall(normalizar(texto))
