"""`python -m auth.instalacao --empresa <id>`: prints an access token with which the installation
itself acts in that empresa through the services' HTTP APIs, for `make run`'s demo steps that cross
services (operacional's contracts create their receivables in financeiro only through its API).

Only auth-api holds the signing key, so only it can make this token. It is the platform admin's,
with every module's permissions in that empresa, valid for ACCESS_TOKEN_TTL like any other, tied
to no stored session (it cannot be renewed) and printed to stdout only, for the runner that asked.
"""
import argparse
import sys
import uuid

from shared.app import plataforma
from shared.auth import Usuario

from auth import create_app, permissoes, usuarios
from auth.admin import USERNAME as ADMIN
from auth.tokens import Emissor


def token(empresa_id: int) -> str:
    """The token (inside an app context); the admin must exist (auth's start or bootstrap made it)."""
    p = plataforma()
    with p.db.transacao(None) as cur:
        admin = usuarios.por_username(cur, ADMIN)
    if admin is None:
        raise RuntimeError("o administrador da plataforma não existe; rode `python -m auth.bootstrap`")
    usuario = Usuario(id=admin["id"], username=ADMIN, empresa_id=empresa_id,
                      permissoes=frozenset(permissoes.TODAS), sessao_id=str(uuid.uuid4()),
                      plataforma_admin=True, csrf=uuid.uuid4().hex)
    return Emissor.da_config(p.config).emitir(usuario)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auth.instalacao",
                                     description="Imprime um token com que a instalação age numa empresa.")
    parser.add_argument("--empresa", type=int, required=True, help="id da empresa")
    opcoes = parser.parse_args(argv)
    with create_app().app_context():
        print(token(opcoes.empresa), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
