"""The platform's patterns, held by the code itself: one way to do each thing (issue 13).

- A service names another service's schema only through the views that schema declares as its
  read contract (`<schema>.v_*`, security_invoker, listed in the owner's README).
- Every event published is a constant of shared/catalogo_eventos.py, and every entry there has a
  producer that publishes it.
- Domain code gets who acts from its Contexto, never from `flask.g`; routes build no cursor; no
  module grows past 500 lines; "today" is shared.config.hoje() / plataforma.hoje().
- A screen of the SPA imports only `ui/`, the app's core modules and its own module's folder.
"""
import ast
import re
from pathlib import Path

import psycopg2
import pytest

from shared import catalogo_eventos
from shared.config import REPO_ROOT, SERVICOS

# The schema each service owns (None: a read model that owns no schema).
ESQUEMAS = {"auth-api": "auth", "cadastros-api": "cadastros", "financeiro-api": "financeiro",
            "operacional-api": "operacional", "rh-api": "rh", "relatorios-api": "relatorios",
            "dashboard-api": None, "frontend": None}
DONO_DO_ESQUEMA = {esquema: servico for servico, esquema in ESQUEMAS.items() if esquema}
_NOME_SQL = re.compile(r"\b(" + "|".join(DONO_DO_ESQUEMA) + r")\.([a-z_][a-z_0-9]*)")
LIMITE_DE_LINHAS = 500


def _modulos(servico: str) -> list[Path]:
    pacote = REPO_ROOT / servico / SERVICOS[servico][0]
    return sorted(p for p in pacote.rglob("*.py"))


def _modulos_de_servico() -> list[Path]:
    return [p for servico in SERVICOS for p in _modulos(servico)] + sorted((REPO_ROOT / "shared").glob("*.py"))


def _relativo(caminho: Path) -> str:
    return str(caminho.relative_to(REPO_ROOT))


def leituras_entre_esquemas() -> list[tuple[str, str, str]]:
    """(module, schema, name) for each SQL name of another service's schema in a service's code.
    Python import paths (`from financeiro import ...`) are not SQL and are skipped. A name cut by
    an f-string's interpolation (`cadastros.v_{tabela}`) is given as `v_{…}`."""
    achadas = []
    for servico in SERVICOS:
        for modulo in _modulos(servico):
            for no in ast.walk(ast.parse(modulo.read_text(encoding="utf-8"))):
                if not (isinstance(no, ast.Constant) and isinstance(no.value, str)):
                    continue
                for achado in _NOME_SQL.finditer(no.value):
                    esquema, nome = achado.groups()
                    if achado.end() == len(no.value) and nome.endswith("_"):
                        nome += "{…}"
                    if esquema != ESQUEMAS[servico]:
                        achadas.append((_relativo(modulo), esquema, nome))
    return achadas


def test_cross_schema_reads_go_only_through_declared_views(database):
    leituras = leituras_entre_esquemas()
    assert leituras, "the scan must see the read models' reads (dashboard-api reads financeiro)"
    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""SELECT n.nspname || '.' || c.relname, coalesce(c.reloptions, '{}')
                             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE c.relkind = 'v' AND c.relname LIKE 'v\\_%%'""")
            views = dict(cur.fetchall())
    finally:
        conn.close()
    erradas = []
    for modulo, esquema, nome in leituras:
        # An interpolated name (`cadastros.v_{tabela}`) must still begin with v_.
        if not nome.startswith("v_") or ("{" not in nome and f"{esquema}.{nome}" not in views):
            erradas.append(f"{modulo}: {esquema}.{nome}")
    assert erradas == [], "reads of another schema that are not a declared view (its v_*)"

    for view, opcoes in views.items():
        assert "security_invoker=true" in opcoes, f"{view} must apply the reader's row-level security"
        esquema, nome = view.split(".")
        readme = (REPO_ROOT / DONO_DO_ESQUEMA[esquema] / "README.md").read_text(encoding="utf-8")
        assert view in readme, f"{view} is a read contract: its owner's README must list it"


def _publicados_por(servico: str) -> set[str]:
    """The catalogue constants a service's code publishes (`….publicar(eventos.X, …)`)."""
    nomes = set()
    for modulo in _modulos(servico):
        for no in ast.walk(ast.parse(modulo.read_text(encoding="utf-8"))):
            if isinstance(no, ast.Call) and isinstance(no.func, ast.Attribute) and no.func.attr == "publicar":
                primeiro = no.args[0] if no.args else None
                assert isinstance(primeiro, ast.Attribute) and isinstance(primeiro.value, ast.Name) \
                    and primeiro.value.id == "eventos", \
                    f"{_relativo(modulo)}:{no.lineno}: publish a constant of shared/catalogo_eventos.py"
                nomes.add(primeiro.attr)
    return nomes


def test_every_event_published_is_in_the_catalogue_and_every_entry_has_its_producer():
    constantes = {nome for nome, valor in vars(catalogo_eventos).items() if isinstance(valor, catalogo_eventos.Evento)}
    publicados = {servico: _publicados_por(servico) for servico in SERVICOS}
    for nome in constantes:
        evento = getattr(catalogo_eventos, nome)
        assert nome in publicados[evento.produtor], f"{evento.nome}: its producer {evento.produtor} never publishes it"
    for servico, nomes in publicados.items():
        assert nomes <= constantes
        for nome in nomes:
            assert getattr(catalogo_eventos, nome).produtor == servico, f"{nome} is published by {servico}"
    assert len(catalogo_eventos.POR_NOME) == len(catalogo_eventos.CATALOGO), "one entry per name"


_NOME_DE_EVENTO = re.compile(r"^(auth|cadastros|financeiro|operacional|rh)\.[a-z_]+\.[a-z_]+$")


def test_no_event_name_is_spelled_outside_the_catalogue():
    soltos = []
    for modulo in _modulos_de_servico():
        if modulo.name == "catalogo_eventos.py":
            continue
        for no in ast.walk(ast.parse(modulo.read_text(encoding="utf-8"))):
            if isinstance(no, ast.Constant) and isinstance(no.value, str) and _NOME_DE_EVENTO.match(no.value):
                soltos.append(f"{_relativo(modulo)}:{no.lineno}: {no.value}")
    assert soltos == []


def _usa_flask_g(modulo: Path) -> bool:
    for no in ast.walk(ast.parse(modulo.read_text(encoding="utf-8"))):
        if isinstance(no, ast.ImportFrom) and no.module == "flask" and any(a.name == "g" for a in no.names):
            return True
    return False


# The HTTP edge: the app factory and what runs per request before a view (authentication, the
# decorator's permission check, the rate-limit key), and each service's routes.
BORDA_HTTP = {"shared/app.py", "shared/auth.py", "shared/api.py", "shared/ratelimit.py"}


def test_only_the_http_edge_touches_flask_g():
    fora = [_relativo(m) for m in _modulos_de_servico()
            if _usa_flask_g(m) and _relativo(m) not in BORDA_HTTP and "/routes/" not in _relativo(m)
            and not _relativo(m).startswith("frontend/")]
    assert fora == []
    for modulo in ("shared/auditoria.py", "shared/eventos.py", "shared/transacao.py", "shared/logging.py"):
        assert not _usa_flask_g(REPO_ROOT / modulo)


def test_no_route_builds_next_cursor_itself():
    # A list's envelope comes from shared.api.pagina() or Lista.inteira(); `next_cursor=` in a
    # route means a hand-built page.
    feitos_a_mao = [f"{_relativo(m)}" for m in _modulos_de_servico()
                    if "/routes/" in _relativo(m) and "next_cursor=" in m.read_text(encoding="utf-8")]
    assert feitos_a_mao == []


def test_no_service_module_is_over_500_lines():
    grandes = {_relativo(m): n for m in _modulos_de_servico()
               if (n := len(m.read_text(encoding="utf-8").splitlines())) > LIMITE_DE_LINHAS}
    assert grandes == {}


# Migrations are append-only: these two defined saldos_conta before plataforma.hoje() existed;
# financeiro's 0008 replaced that view's body.
ANTES_DE_HOJE = {"financeiro-api/migrations/0003_lancamentos.sql", "financeiro-api/migrations/0006_saldo_desde_o_inicial.sql",
                 "shared/migrations/0003_hoje.sql"}  # and the one place that defines it


def test_today_is_computed_in_one_place():
    outros = []
    for modulo in _modulos_de_servico():
        texto = modulo.read_text(encoding="utf-8")
        if "date.today()" in texto or re.search(r"now\(\)\s+AT TIME ZONE", texto):
            outros.append(_relativo(modulo))
    for sql in sorted(REPO_ROOT.glob("*/migrations/*.sql")):  # shared/ included
        if re.search(r"now\(\)\s+AT TIME ZONE", sql.read_text(encoding="utf-8")) and _relativo(sql) not in ANTES_DE_HOJE:
            outros.append(_relativo(sql))
    assert outros == []


TELAS = REPO_ROOT / "frontend" / "frontend" / "static" / "js" / "telas"
_IMPORT = re.compile(r"""^\s*import\s[^;]*?from\s+["']([^"']+)["']""", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("tela", sorted(TELAS.rglob("*.js")), ids=lambda p: str(p.relative_to(TELAS)))
def test_a_screen_imports_only_ui_the_core_and_its_own_module(tela):
    raiz_js = TELAS.parent
    if len(tela.relative_to(TELAS).parts) == 1:
        return  # the shell's own screens (shell, login, a module's entry), which put modules together
    modulo_da_tela = tela.relative_to(TELAS).parts[0]
    for alvo in _IMPORT.findall(tela.read_text(encoding="utf-8")):
        caminho = (tela.parent / alvo).resolve()
        assert caminho.exists(), f"{alvo} does not exist"
        relativo = caminho.relative_to(raiz_js.parent) if caminho.is_relative_to(raiz_js.parent) else caminho
        partes = caminho.relative_to(raiz_js).parts if caminho.is_relative_to(raiz_js) else ("vendor",)
        if partes[0] == "telas" and len(partes) > 2:
            assert partes[1] == modulo_da_tela, f"imports another module's folder: {relativo}"
