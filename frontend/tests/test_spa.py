"""The SPA's files as the frontend serves them: the page for every app path, security headers,
content-named files kept a year and plain ones revalidated, gzip, the import map, the vendored
libraries with their licences, and nothing that would load from elsewhere.
"""
import base64
import gzip
import hashlib
import json
import re

import pytest

from frontend import create_app
from frontend.spa import ESTATICOS, STATIC

VENDOR = STATIC / "vendor"


@pytest.fixture(scope="module")
def cliente(service_env):
    return create_app(service_env).test_client()


@pytest.mark.parametrize("caminho", ["/", "/entrar", "/cadastros/clientes", "/administracao/usuarios?x=1"])
def test_todo_caminho_do_app_recebe_a_pagina_sem_cache(cliente, caminho):
    resposta = cliente.get(caminho)
    assert resposta.status_code == 200
    assert resposta.mimetype == "text/html"
    assert re.search(rb'<script type="module" src="/static/js/main\.[0-9a-f]{12}\.js"></script>', resposta.data)
    assert resposta.headers["Cache-Control"] == "no-store"


def test_cabecalhos_de_seguranca_em_toda_resposta(cliente):
    for caminho in ("/", "/static/js/main.js", "/health", "/api/nada"):
        cabecalhos = cliente.get(caminho).headers
        csp = dict(diretiva.strip().split(" ", 1) for diretiva in cabecalhos["Content-Security-Policy"].split(";"))
        # No 'unsafe-inline', no 'unsafe-eval', no other host: the page's import map by its hash only.
        assert csp["script-src"] == f"'self' {_hash_do_mapa(cliente)}"
        assert csp["frame-ancestors"] == "'none'"
        assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
        assert cabecalhos["X-Frame-Options"] == "DENY"
        assert cabecalhos["X-Content-Type-Options"] == "nosniff"


def test_https_recebe_hsts(cliente):
    resposta = cliente.get("/", headers={"X-Forwarded-Proto": "https"})
    assert resposta.headers["Strict-Transport-Security"].startswith("max-age=")


def _pagina(cliente) -> str:
    return cliente.get("/").get_data(as_text=True)


def _mapa(cliente) -> dict:
    return json.loads(re.search(r'<script type="importmap">(.*?)</script>', _pagina(cliente), re.S)[1])["imports"]


def _hash_do_mapa(cliente) -> str:
    mapa = re.search(r'<script type="importmap">(.*?)</script>', _pagina(cliente), re.S)[1]
    return "'sha256-" + base64.b64encode(hashlib.sha256(mapa.encode()).digest()).decode() + "'"


def test_arquivos_pelo_nome_sao_revalidados_e_os_ausentes_dao_404(cliente):
    resposta = cliente.get("/static/js/main.js")
    assert resposta.status_code == 200 and resposta.mimetype in ("text/javascript", "application/javascript")
    assert resposta.data == (STATIC / "js" / "main.js").read_bytes()
    assert resposta.headers["Cache-Control"] == "no-cache" and resposta.headers["ETag"]
    assert cliente.get("/static/js/main.js", headers={"If-None-Match": resposta.headers["ETag"]}).status_code == 304
    assert cliente.get("/static/js/nao-existe.js").status_code == 404
    assert cliente.get("/static/js/nao-existe.0123456789ab.js").status_code == 404
    assert cliente.get("/robots.txt").status_code == 404
    assert cliente.get("/static/../spa.py").status_code == 404


def test_arquivos_pela_versao_do_conteudo_ficam_um_ano_no_navegador(cliente):
    url = ESTATICOS.url("js/main.js")
    assert re.fullmatch(r"/static/js/main\.[0-9a-f]{12}\.js", url)
    resposta = cliente.get(url)
    assert resposta.status_code == 200 and resposta.data == (STATIC / "js" / "main.js").read_bytes()
    assert resposta.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # A name from an earlier deploy (a tab open across it): today's file, revalidated, never a 404.
    antigo = cliente.get("/static/js/main.000000000000.js")
    assert antigo.status_code == 200 and antigo.data == resposta.data
    assert antigo.headers["Cache-Control"] == "no-cache"


def test_texto_vai_comprimido_para_quem_aceita_gzip(cliente):
    original = (STATIC / "vendor" / "uplot" / "uPlot.esm.js").read_bytes()
    url = ESTATICOS.url("vendor/uplot/uPlot.esm.js")
    comprimida = cliente.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert comprimida.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in comprimida.headers["Vary"]
    assert gzip.decompress(comprimida.data) == original and len(comprimida.data) < len(original) / 3
    for recusa in ({}, {"Accept-Encoding": "gzip;q=0, identity"}):
        simples = cliente.get(url, headers=recusa)
        assert "Content-Encoding" not in simples.headers and simples.data == original
        assert "Accept-Encoding" in simples.headers["Vary"]
    # Each version is revalidated by its own ETag.
    assert comprimida.headers["ETag"] != simples.headers["ETag"]
    etag = comprimida.headers["ETag"]
    assert cliente.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}).status_code == 304
    # The page too; a font is compressed already and goes as it is.
    assert cliente.get("/", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    fonte = cliente.get(ESTATICOS.url("vendor/inter/inter-latin-wght-normal.woff2"), headers={"Accept-Encoding": "gzip"})
    assert fonte.mimetype == "font/woff2" and "Content-Encoding" not in fonte.headers


def test_mapa_de_importacao_leva_cada_modulo_a_sua_versao(cliente):
    mapa = _mapa(cliente)
    modulos = {caminho for caminho in ESTATICOS.arquivos if caminho.endswith(".js")}
    assert "js/main.js" in modulos and "vendor/htm-preact/standalone.module.js" in modulos
    assert {f"/static/{m}" for m in modulos} <= set(mapa)
    for simples, versionada in mapa.items():
        assert cliente.get(versionada).data == cliente.get(simples).data, simples
    # Every module the app starts with is fetched at once, not found import by import: all of them
    # (the app imports every screen statically), each once, by the URL the map gives it.
    pagina = _pagina(cliente)
    precarga = re.findall(r'<link rel="modulepreload" href="([^"]+)">', pagina)
    principal = re.search(r'<script type="module" src="([^"]+)">', pagina)[1]
    assert sorted(precarga + [principal]) == sorted(mapa[f"/static/{m}"] for m in modulos)
    # The login page's modules first; the shell and the screens, which it does not wait for, after.
    assert precarga.index(ESTATICOS.url("js/telas/login.js")) < precarga.index(ESTATICOS.url("js/telas/shell.js"))
    # The map comes before anything that loads a module.
    assert pagina.index('type="importmap"') < min(pagina.index("modulepreload"), pagina.index('type="module"'))


def test_a_pagina_e_o_css_apontam_para_as_versoes(cliente):
    pagina = _pagina(cliente)
    assert f'href="{ESTATICOS.url("app.css")}"' in pagina and f'href="{ESTATICOS.url("icone.svg")}"' in pagina
    fonte = ESTATICOS.url("vendor/inter/inter-latin-wght-normal.woff2")
    assert f'<link rel="preload" href="{fonte}" as="font" type="font/woff2" crossorigin>' in pagina
    # The stylesheet asks for the very URL the page preloaded (else the font is fetched twice).
    css = cliente.get(ESTATICOS.url("app.css")).get_data(as_text=True)
    assert f'url("{fonte}")' in css
    assert f'url("{ESTATICOS.url("vendor/inter/inter-latin-ext-wght-normal.woff2")}")' in css
    assert "url(\"vendor/" not in css and "url(\"data:" in css  # data: URLs left alone


def test_carregar_o_app_nao_gasta_o_limite_de_requisicoes_do_endereco(service_env):
    """An office behind one address loads the app's dozens of modules many times a minute: files
    and pages are never limited (the services behind the gateway keep their own limits)."""
    cliente = create_app({**service_env, "RATE_LIMIT_PADRAO": "3/minute"}).test_client()
    for _ in range(5):
        assert cliente.get("/static/js/main.js").status_code == 200
        assert cliente.get("/financeiro/conciliacao").status_code == 200


def test_a_pagina_nao_tem_script_nem_estilo_inline_alem_do_mapa(cliente):
    html = re.sub(r"<noscript>.*?</noscript>", "", _pagina(cliente), flags=re.S)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    # The one inline script is the import map, which the CSP admits by its hash alone.
    assert [atributos.strip() for atributos, _ in scripts if "src=" not in atributos] == ['type="importmap"']
    assert all(re.search(r'src="/static/[^"]+"', atributos) and not corpo.strip()
               for atributos, corpo in scripts if "src=" in atributos)
    assert "<style" not in html and " style=" not in html and not re.search(r"\son[a-z]+=", html)


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


def test_cada_icone_usado_existe_no_conjunto_vendorizado():
    simbolos = set(re.findall(r'<symbol id="([^"]+)"', (VENDOR / "lucide" / "icones.svg").read_text(encoding="utf-8")))
    usados = set()
    for arquivo in (STATIC / "js").rglob("*.js"):
        texto = arquivo.read_text(encoding="utf-8")
        usados |= set(re.findall(r'<\$\{Icone\} nome="([^"]+)"', texto))
    icones_dos_modulos = re.search(r"const ICONES = \{(.*?)\};", (STATIC / "js" / "telas" / "shell.js").read_text(), re.S)[1]
    usados |= set(re.findall(r':\s*"([^"]+)"', icones_dos_modulos))
    assert usados and usados <= simbolos, usados - simbolos
