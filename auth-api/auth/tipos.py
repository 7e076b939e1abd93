"""Field types the routes share."""
from typing import Annotated

from pydantic import StringConstraints

from shared.api import Texto

# Passwords are taken as typed: no trimming of spaces.
Senha = Annotated[Texto, StringConstraints(strip_whitespace=False)]
