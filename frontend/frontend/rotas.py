"""The route table: which service owns each `/api/...` prefix (DESIGN.md "Shape").

A prefix matches on whole path segments (`/api/contas` takes `/api/contas` and `/api/contas/3`,
never `/api/contasx`), and the longest matching prefix wins. A route a service adds under a new
prefix must be added here too; tests/test_gateway.py fails for any route no entry covers.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Modulo:
    servico: str  # as in shared.config.SERVICOS: the key of its URL in Config.service_urls
    modulo: str  # the id error bodies and GET /api/modulos carry, for the SPA
    nome: str  # for messages, in pt-BR
    prefixos: tuple[str, ...]


MODULOS = (
    Modulo("auth-api", "autenticacao", "Autenticação e administração", (
        "/api/login", "/api/logout", "/api/check-auth", "/api/renovar-sessao", "/api/permissoes",
        "/api/usuarios", "/api/empresas", "/api/auditoria",
    )),
    Modulo("financeiro-api", "financeiro", "Financeiro", (
        "/api/lancamentos", "/api/baixas", "/api/extratos", "/api/remessas", "/api/retornos",
    )),
    Modulo("relatorios-api", "relatorios", "Relatórios", ("/api/relatorios",)),
    Modulo("cadastros-api", "cadastros", "Cadastros", (
        "/api/contas", "/api/categorias", "/api/clientes", "/api/fornecedores", "/api/bancos", "/api/centros-custo",
    )),
    Modulo("operacional-api", "operacional", "Operacional", (
        "/api/contratos", "/api/agenda", "/api/kits", "/api/equipamentos", "/api/eventos", "/api/aceite",
    )),
    Modulo("rh-api", "rh", "RH", ("/api/funcionarios", "/api/folha", "/api/caches", "/api/ferias")),
    Modulo("dashboard-api", "dashboard", "Dashboard", ("/api/dashboard",)),
)

ROTAS = {prefixo: modulo for modulo in MODULOS for prefixo in modulo.prefixos}


def modulo_do_caminho(caminho: str) -> Modulo | None:
    """The module owning `caminho` (a decoded path), or None when no prefix covers it."""
    segmentos = caminho.split("/")
    # A `.` or `..` segment (sent raw or as %2e) belongs to no module: the HTTP client resolves it
    # before sending (RFC 3986 5.2.4), so /api/contas/../../metrics would reach a service's /metrics.
    if "." in segmentos or ".." in segmentos:
        return None
    # From the whole path down to its first segment: the first hit is the longest prefix.
    for fim in range(len(segmentos), 1, -1):
        modulo = ROTAS.get("/".join(segmentos[:fim]))
        if modulo is not None:
            return modulo
    return None
