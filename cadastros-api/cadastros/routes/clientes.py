"""/api/clientes: the routes of cadastros/routes/pessoas.py, for clientes."""
from flask import Blueprint

from cadastros.pessoas import CLIENTES
from cadastros.routes import pessoas

bp = Blueprint("clientes", __name__)
pessoas.registrar(bp, CLIENTES)
