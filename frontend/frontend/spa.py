"""The single-page app: its files, the page for every app path, and the browser security headers.

The app is plain ES modules under static/ (no build step). Any path outside /api and /static gets
index.html, so /cadastros/clientes can be bookmarked and reloaded; the app's router takes it from
there. The session token never reaches the page's script (HttpOnly cookie), and the
Content-Security-Policy admits only this origin's own scripts and styles: no inline script, no CDN.
"""
from pathlib import Path

from flask import Blueprint, request, send_from_directory

from shared.api import endpoint
from shared.errors import NaoEncontrado
from shared.ratelimit import limiter

bp = Blueprint("spa", __name__)
# The app's files are not limited: one page load fetches dozens of modules (mostly 304s), and a
# whole office behind one address loads the app many times a minute; counting them per address
# would lock the staff out of the app (the API behind it keeps its limits).
limiter.exempt(bp)

STATIC = Path(__file__).resolve().parent / "static"

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
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


@bp.get("/static/<path:arquivo>")
@endpoint(resumo="Arquivos do SPA (JavaScript, CSS, ícones)", publico=True,
          conteudo={"application/javascript": "export function ...", "text/css": ":root { ... }"})
def estatico(arquivo: str):
    resposta = send_from_directory(STATIC, arquivo, max_age=0)
    # Revalidated on every load (ETag): a deploy is seen at once, without file names that change.
    resposta.headers["Cache-Control"] = "no-cache"
    return resposta


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
    resposta = send_from_directory(STATIC, "index.html", max_age=0)
    # The page holds nothing private, but storing it would let the back button restore it from the
    # cache after a logout; no-store also keeps it out of the back-forward cache.
    resposta.headers["Cache-Control"] = "no-store"
    return resposta
