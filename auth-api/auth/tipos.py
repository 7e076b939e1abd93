"""Field types the routes share."""
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.api import Texto

# PostgreSQL's bigint; strict, so `true` or `"7"` is not taken for an id in a JSON body.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]

# Passwords are taken as typed: no trimming of spaces.
Senha = Annotated[Texto, StringConstraints(strip_whitespace=False)]
