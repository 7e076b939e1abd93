"""How the app reaches the browser, in Chromium against the live services (issue 15, "Look and speed").

The page's import map sends every module, even those imported by a relative URL, to its
content-named URL, so a returning visit takes every file from the browser's cache without asking
the server; the font, the brand and the icons arrive from this origin; and a visit to the dashboard
fetches its figures once, however the live stream answers.
"""
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
VERSIONADO = re.compile(r"\.[0-9a-f]{12}(\.[a-z0-9]+)?$")


@pytest.fixture(scope="module")
def equipe(nova_equipe):
    return nova_equipe("Estúdio Entrega", {"gerente": ["dashboard:ler", "cadastros:ler", "financeiro:ler"]})


def _arquivos_pedidos(pagina) -> list[str]:
    """The paths under /static/ that the page has asked for, from the cache or not."""
    return [urlsplit(url).path for url in pagina.evaluate(
        "() => performance.getEntriesByType('resource').map((e) => e.name)") if "/static/" in url]


def test_modulos_vem_pelas_versoes_do_mapa_e_a_volta_nao_pergunta_nada_ao_servidor(abrir_pagina):
    pagina = abrir_pagina()
    cdp = pagina.context.new_cdp_session(pagina)
    cdp.send("Network.enable")
    da_rede = []
    cdp.on("Network.responseReceived", lambda e: "/static/" in e["response"]["url"]
           and not e["response"].get("fromDiskCache") and not e["response"].get("fromMemoryCache")
           and da_rede.append(urlsplit(e["response"]["url"]).path))

    pagina.goto("/")
    expect(pagina.get_by_label("Usuário")).to_be_visible()
    pedidos = _arquivos_pedidos(pagina)
    # main.js imports "./roteador.js", roteador.js "../vendor/..." and so on: Chromium resolved each
    # relative import to a plain URL and the import map took it to the content-named one; no module
    # went by its plain URL (that would be a second copy of it, and a revalidation on every visit).
    assert any(p.startswith("/static/js/telas/") for p in pedidos)
    assert pedidos and all(VERSIONADO.search(p) for p in pedidos), [p for p in pedidos if not VERSIONADO.search(p)]
    assert pagina.evaluate("() => document.querySelector('script[type=importmap]') !== null")
    # The preloads of the shell's modules go on after the login form shows: let the first visit end.
    pagina.wait_for_load_state("networkidle")

    pagina.goto("about:blank")
    da_rede.clear()
    pagina.goto("/")
    expect(pagina.get_by_label("Usuário")).to_be_visible()
    # The returning visit: every file straight from the cache, not even a revalidation (a 304).
    assert len(_arquivos_pedidos(pagina)) >= 50
    assert da_rede == []


def test_o_login_nao_espera_pelos_modulos_do_shell(abrir_pagina, equipe):
    """The shell and the screens load while the user types; when they cannot, the user is told."""
    pagina = abrir_pagina()
    pagina.route(re.compile(r"/static/js/telas/shell\.[0-9a-f]{12}\.js$"), lambda rota: rota.abort())
    pagina.goto("/")
    expect(pagina.get_by_label("Usuário")).to_be_visible()
    pagina.get_by_label("Usuário").fill(equipe["gerente"]["username"])
    pagina.get_by_label("Senha").fill(SENHA)
    pagina.get_by_role("button", name="Entrar").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Não foi possível carregar o ERP Web")
    expect(pagina.get_by_role("button", name="Recarregar a página")).to_be_visible()


def test_marca_fonte_e_icones_do_proprio_servidor(abrir_pagina, entrar, equipe):
    pagina = abrir_pagina()
    pagina.goto("/")
    marca = pagina.get_by_role("heading", name="ERP Web").locator("img")
    expect(marca).to_be_visible()
    # Visible comes before loaded: wait for the picture itself (a broken one never gets a width).
    pagina.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=marca.element_handle())

    entrar(pagina, equipe["gerente"]["username"], SENHA)
    topo = pagina.get_by_role("link", name="ERP Web")
    expect(topo.locator("img")).to_be_visible()
    # Inter, from vendor/inter: the page's text is drawn with it once it has loaded.
    pagina.wait_for_function("""() => document.fonts.status === 'loaded'
        && [...document.fonts].some((f) => f.family.includes('Inter') && f.status === 'loaded')""")
    assert pagina.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"Inter Variable"')

    # Each module in the navigation has its icon, drawn from the vendored set (its symbol found:
    # a drawing with a size), in the link's colour; the icons are hidden from screen readers, so
    # the links keep their plain names.
    navegacao = pagina.get_by_role("navigation", name="Módulos")
    expect(navegacao.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    pagina.wait_for_function("""() => {
        const links = document.querySelectorAll('#lista-de-modulos a');
        const usos = [...document.querySelectorAll('#lista-de-modulos a svg.icone use')];
        return usos.length === links.length && usos.every((u) => u.getBBox().width > 0);
    }""")
    hrefs = pagina.evaluate("() => [...document.querySelectorAll('svg.icone use')].map((u) => u.getAttribute('href'))")
    assert all(re.match(r"^http://[^/]+/static/vendor/lucide/icones\.[0-9a-f]{12}\.svg#[a-z0-9-]+$", h) for h in hrefs)
    assert pagina.locator("svg.icone:not([aria-hidden='true'])").count() == 0
    expect(pagina.get_by_role("button", name="Sair")).to_be_visible()


def _pedidos_do_dashboard(pagina) -> list[str]:
    pedidos = []
    pagina.on("request", lambda r: urlsplit(r.url).path.startswith("/api/dashboard")
              and pedidos.append(urlsplit(r.url).path))
    return pedidos


def _contagem(pedidos: list[str]) -> dict:
    return {caminho: pedidos.count(caminho) for caminho in sorted(set(pedidos))}


def test_uma_visita_ao_dashboard_busca_os_numeros_uma_vez(abrir_pagina, entrar, equipe):
    pagina = abrir_pagina()
    pedidos = _pedidos_do_dashboard(pagina)
    entrar(pagina, equipe["gerente"]["username"], SENHA)
    expect(pagina).to_have_url(re.compile(r"/dashboard$"))
    expect(pagina.get_by_role("status").filter(has_text="Ao vivo")).to_be_visible()
    expect(pagina.locator(".cartao-valor").first).to_be_visible()
    pagina.wait_for_timeout(1000)  # a second fetch would follow the stream's first event within 200 ms
    # The stream first, then the figures, once: whatever is written after the stream opened reaches
    # it, and whatever before is in the figures.
    assert _contagem(pedidos) == {"/api/dashboard": 1, "/api/dashboard/stream": 1, "/api/dashboard/widgets": 1}
    assert pedidos[0] == "/api/dashboard/stream"

    pedidos.clear()
    pagina.reload()
    expect(pagina.locator(".cartao-valor").first).to_be_visible()
    expect(pagina.get_by_role("status").filter(has_text="Ao vivo")).to_be_visible()
    pagina.wait_for_timeout(1000)
    assert _contagem(pedidos) == {"/api/dashboard": 1, "/api/dashboard/stream": 1, "/api/dashboard/widgets": 1}


def test_um_fluxo_ao_vivo_que_nao_responde_nao_segura_os_numeros(abrir_pagina, entrar, equipe):
    """A proxy that holds the stream back: the figures come after a short wait, once."""
    pagina = abrir_pagina()
    pagina.route("**/api/dashboard/stream*", lambda rota: None)  # never answered
    pedidos = _pedidos_do_dashboard(pagina)
    entrar(pagina, equipe["gerente"]["username"], SENHA)
    expect(pagina.locator(".cartao-valor").first).to_be_visible(timeout=8_000)
    expect(pagina.get_by_role("status").filter(has_text="Conectando")).to_be_visible()
    pagina.wait_for_timeout(500)
    assert _contagem(pedidos) == {"/api/dashboard": 1, "/api/dashboard/stream": 1, "/api/dashboard/widgets": 1}
