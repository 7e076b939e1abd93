"""The frame every module's part of the demo studio runs in: `python -m <pacote>.demo --empresa <id>`.

`make run` calls each module's after auth's bootstrap created the empresa (tools/run.py, DEMOS).
A module's `criar(tx)` writes its own schema in one transaction, as the installation itself (no
user) under row-level security in that empresa, and returns a summary with `texto()`; it does
nothing where its data is already there.
"""
import argparse
import sys
import time
import uuid

from shared.app import plataforma
from shared.contexto import Contexto
from shared.logging import correlacionado
from shared.transacao import Transacao


def garantir(empresa_id: int, criar):
    """`criar(tx)` in `empresa_id` (inside an app context), under one correlation id for its logs."""
    p = plataforma()
    contexto = Contexto(servico=p.config.servico, empresa_id=empresa_id, correlation_id=str(uuid.uuid4()))
    with correlacionado(contexto.correlation_id), Transacao.abrir(p.db, p.barramento, contexto) as tx:
        return criar(tx)


def executar(prog: str, descricao: str, titulo: str, create_app, criar, argv=None, overrides: dict | None = None,
             recusas: tuple = ()) -> int:
    """The command line: 0 when the data was created or was there already; 1, saying why, on one
    of `recusas` (what the module needs first is missing)."""
    parser = argparse.ArgumentParser(prog=prog, description=descricao)
    parser.add_argument("--empresa", type=int, required=True, help="id da empresa de demonstração")
    opcoes = parser.parse_args(argv)
    inicio = time.monotonic()
    app = create_app(overrides)
    with app.app_context():
        try:
            resumo = garantir(opcoes.empresa, criar)
        except recusas as erro:
            print(f"{titulo} (empresa {opcoes.empresa}): {erro}", file=sys.stderr, flush=True)
            return 1
        finally:
            plataforma().db.fechar()
    print(f"{titulo} (empresa {opcoes.empresa}): {resumo.texto()} em {time.monotonic() - inicio:.1f} s", flush=True)
    return 0
