"""One blueprint per resource."""
from cadastros.routes import bancos, categorias, clientes, contas, fornecedores

BLUEPRINTS = [contas.bp, bancos.bp, categorias.bp, clientes.bp, fornecedores.bp]
