"""A competência read from a URL path ("/variaveis/2026-11"); the type is shared.api.Competencia."""
from datetime import date

from pydantic import TypeAdapter, ValidationError

from shared.api import Competencia, campos_do_erro
from shared.errors import Validacao

_ADAPTADOR = TypeAdapter(Competencia)


def ler(texto: str) -> date:
    """A competência from a path ("/variaveis/2026-11"): its first day, or a 400 naming it."""
    try:
        return _ADAPTADOR.validate_python(texto)
    except ValidationError as erro:
        raise Validacao("Verifique os campos destacados", campos_do_erro(erro, "competencia")) from None
