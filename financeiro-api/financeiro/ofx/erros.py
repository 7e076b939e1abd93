"""Why a statement file was refused: the message is shown to the user as it is (pt-BR)."""


class ExtratoInvalido(Exception):
    """The file is not a statement we can import; nothing from it may be stored."""


class ExtratoGrandeDemais(ExtratoInvalido):
    """Refused before reading it, so the route can answer 413 instead of 400."""
