"""One blueprint per resource."""
from cadastros.routes import bancos, categorias, centros_custo, clientes, contas, fornecedores

BLUEPRINTS = [contas.bp, bancos.bp, categorias.bp, centros_custo.bp, clientes.bp, fornecedores.bp]
