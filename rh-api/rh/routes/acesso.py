"""What a route checks of the caller beyond its `permissao=`: a write that reaches financeiro."""
from flask import g

from shared.errors import SemPermissao

from rh.permissoes import ESCREVER_NO_FINANCEIRO


def exigir_o_financeiro(o_que: str) -> None:
    """403 unless the caller may also write in financeiro; `o_que` starts the message ("Processar a folha")."""
    # The payables are written in financeiro with the caller's own credential (shared/servicos.py):
    # one who may not write there is refused before anything is stored, not left with a pending run.
    if not g.usuario.pode(ESCREVER_NO_FINANCEIRO):
        raise SemPermissao(f"{o_que} escreve no Financeiro: é preciso também a permissão "
                           f"{ESCREVER_NO_FINANCEIRO}")
