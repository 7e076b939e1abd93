"""The single-page app: its files, the page for every app path, and the browser security headers.

The app is plain ES modules under static/ (no build step), read once at start-up (estaticos.py):
each file under a content-named URL kept a year by the browser, and under its plain URL,
revalidated. Any path outside /api and /static gets the page, so /cadastros/clientes can be
bookmarked and reloaded; the app's router takes it from there. The session token never reaches the
page's script (HttpOnly cookie), and the Content-Security-Policy admits only this origin's own
scripts and styles and the page's one inline script, its import map, by its hash: no CDN.
"""
from pathlib import Path

from flask import Blueprint, Response, request

from shared.api import endpoint
from shared.errors import NaoEncontrado
from shared.ratelimit import limiter

from frontend.estaticos import Arquivo, Estaticos

bp = Blueprint("spa", __name__)
# The app's files are not limited: a first visit fetches dozens of modules, and a whole office
# behind one address loads the app many times a minute; counting them per address would lock the
# staff out of the app (the API behind it keeps its limits).
limiter.exempt(bp)

STATIC = Path(__file__).resolve().parent / "static"
ESTATICOS = Estaticos(STATIC)
# A content-named URL's bytes never change: no need to ask again, even on a reload.
IMUTAVEL = "public, max-age=31536000, immutable"

CSP = "; ".join([
    "default-src 'self'",
    f"script-src 'self' {ESTATICOS.hash_do_mapa}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

CABECALHOS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


@bp.after_app_request
def cabecalhos_de_seguranca(resposta):
    for nome, valor in CABECALHOS.items():
        resposta.headers.setdefault(nome, valor)
    if request.is_secure:
        resposta.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return resposta


def _responder(arquivo: Arquivo, cache: str) -> Response:
    """The file, gzipped for a browser that takes it, with its ETag for a revalidation."""
    comprimir = arquivo.comprimido is not None and request.accept_encodings["gzip"] > 0
    resposta = Response(arquivo.comprimido if comprimir else arquivo.conteudo, mimetype=arquivo.tipo)
    resposta.headers["Cache-Control"] = cache
    if arquivo.comprimido is not None:
        resposta.vary.add("Accept-Encoding")  # a cache between keeps both versions apart
    if comprimir:
        resposta.content_encoding = "gzip"
    resposta.set_etag(arquivo.versao + ("-gzip" if comprimir else ""))
    return resposta.make_conditional(request)


@bp.get("/static/<path:arquivo>")
@endpoint(resumo="Arquivos do SPA (JavaScript, CSS, ícones, fontes), pelo nome ou pelo nome com a versão do conteúdo",
          publico=True,
          conteudo={"application/javascript": "export function ...", "text/css": ":root { ... }"})
def estatico(arquivo: str):
    achado = ESTATICOS.achar(arquivo)
    if achado is None:
        raise NaoEncontrado("Arquivo não encontrado")
    conteudo, versionado = achado
    # A plain URL is revalidated on every load (ETag): a tab open across a deploy sees the new file.
    return _responder(conteudo, IMUTAVEL if versionado else "no-cache")


@bp.get("/")
@bp.get("/<path:caminho>")
@endpoint(resumo="A página do SPA, para qualquer caminho do aplicativo", publico=True,
          conteudo={"text/html": "<!doctype html>..."})
def pagina(caminho: str = ""):
    # A missing file ("/robots.txt", "/static" typos) is a 404, not the app's page in its place.
    if "." in caminho.rsplit("/", 1)[-1]:
        raise NaoEncontrado("Arquivo não encontrado")
    if caminho == "api" or caminho.startswith("api/"):  # "/api/" alone: no resource, not the app
        raise NaoEncontrado("Rota não encontrada")
    # The page holds nothing private, but storing it would let the back button restore it from the
    # cache after a logout; no-store also keeps it out of the back-forward cache. It names the
    # files of this deploy, so it is never kept either.
    return _responder(ESTATICOS.pagina, "no-store")
