"""Field types the routes share."""
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.api import Texto

# Passwords are taken as typed: no trimming of spaces.
Senha = Annotated[Texto, StringConstraints(strip_whitespace=False)]

# Every password a person chooses; regras_de_senha checks the rest (common ones, their own name).
NovaSenha = Annotated[Senha, Field(min_length=8, max_length=1024, description="Pelo menos 8 caracteres; não pode "
                                   "ser o usuário, o nome, nem uma das senhas mais comuns")]
