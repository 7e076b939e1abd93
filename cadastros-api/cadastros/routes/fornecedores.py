"""/api/fornecedores: the routes of cadastros/routes/pessoas.py, for fornecedores."""
from flask import Blueprint

from cadastros.pessoas import FORNECEDORES
from cadastros.routes import pessoas

bp = Blueprint("fornecedores", __name__)
pessoas.registrar(bp, FORNECEDORES)
