"""auth-api's blueprints, one per resource."""
from auth.routes import auditoria, empresas, sessao, usuarios

BLUEPRINTS = [sessao.bp, usuarios.bp, empresas.bp, auditoria.bp]
