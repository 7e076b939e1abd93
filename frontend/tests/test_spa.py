"""The SPA's files as the frontend serves them: the page for every app path, security headers,
the vendored libraries with their licences, and nothing that would load from elsewhere.
"""
import hashlib
import re

import pytest

from frontend import create_app
from frontend.spa import STATIC

VENDOR = STATIC / "vendor"


@pytest.fixture(scope="module")
def cliente(service_env):
    return create_app(service_env).test_client()


@pytest.mark.parametrize("caminho", ["/", "/entrar", "/cadastros/clientes", "/administracao/usuarios?x=1"])
def test_todo_caminho_do_app_recebe_a_pagina_sem_cache(cliente, caminho):
    resposta = cliente.get(caminho)
    assert resposta.status_code == 200
    assert resposta.mimetype == "text/html"
    assert b'<script type="module" src="/static/js/main.js"></script>' in resposta.data
    assert resposta.headers["Cache-Control"] == "no-store"


def test_cabecalhos_de_seguranca_em_toda_resposta(cliente):
    for caminho in ("/", "/static/js/main.js", "/health", "/api/nada"):
        cabecalhos = cliente.get(caminho).headers
        csp = dict(diretiva.strip().split(" ", 1) for diretiva in cabecalhos["Content-Security-Policy"].split(";"))
        assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other host
        assert csp["frame-ancestors"] == "'none'"
        assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
        assert cabecalhos["X-Frame-Options"] == "DENY"
        assert cabecalhos["X-Content-Type-Options"] == "nosniff"


def test_https_recebe_hsts(cliente):
    resposta = cliente.get("/", headers={"X-Forwarded-Proto": "https"})
    assert resposta.headers["Strict-Transport-Security"].startswith("max-age=")


def test_arquivos_estaticos_sao_revalidados_e_os_ausentes_dao_404(cliente):
    resposta = cliente.get("/static/js/main.js")
    assert resposta.status_code == 200 and resposta.mimetype in ("text/javascript", "application/javascript")
    assert resposta.headers["Cache-Control"] == "no-cache" and resposta.headers["ETag"]
    assert cliente.get("/static/js/main.js", headers={"If-None-Match": resposta.headers["ETag"]}).status_code == 304
    assert cliente.get("/static/js/nao-existe.js").status_code == 404
    assert cliente.get("/robots.txt").status_code == 404
    assert cliente.get("/static/../spa.py").status_code == 404


def test_carregar_o_app_nao_gasta_o_limite_de_requisicoes_do_endereco(service_env):
    """An office behind one address loads the app's dozens of modules many times a minute: files
    and pages are never limited (the services behind the gateway keep their own limits)."""
    cliente = create_app({**service_env, "RATE_LIMIT_PADRAO": "3/minute"}).test_client()
    for _ in range(5):
        assert cliente.get("/static/js/main.js").status_code == 200
        assert cliente.get("/financeiro/conciliacao").status_code == 200


def test_a_pagina_nao_tem_script_nem_estilo_inline():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in atributos and not corpo.strip() for atributos, corpo in scripts)
    assert "<style" not in html and " style=" not in html and " on" not in re.sub(r"<noscript>.*?</noscript>", "", html)


def test_nada_carrega_de_outra_origem():
    # A URL in the app's own files would be a CDN or a tracker; the vendored libraries' comments
    # and licence texts may mention their homepages, which the browser never fetches.
    proprios = [p for p in STATIC.rglob("*") if p.is_file() and VENDOR not in p.parents]
    for arquivo in proprios:
        texto = arquivo.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", texto.replace("http://www.w3.org/2000/svg", "")), arquivo


def _tabela_do_vendor() -> list[tuple[str, str, str]]:
    """(folder, file, sha256) per row of vendor/README.md."""
    linhas = []
    for linha in (VENDOR / "README.md").read_text(encoding="utf-8").splitlines():
        colunas = [c.strip().strip("`") for c in linha.strip().strip("|").split("|")]
        if len(colunas) == 5 and re.fullmatch(r"[0-9a-f]{64}", colunas[4]):
            arquivo = colunas[2].split("→")[-1].strip().strip("`")
            linhas.append((colunas[0].rstrip("/"), arquivo, colunas[4]))
    return linhas


def test_bibliotecas_vendorizadas_batem_com_o_registro_e_trazem_licenca():
    tabela = _tabela_do_vendor()
    assert {pasta for pasta, _, _ in tabela} == {p.name for p in VENDOR.iterdir() if p.is_dir()}
    for pasta, arquivo, sha256 in tabela:
        assert hashlib.sha256((VENDOR / pasta / arquivo).read_bytes()).hexdigest() == sha256, arquivo
        assert list((VENDOR / pasta).glob("LICENSE*")), f"{pasta} sem licença"
