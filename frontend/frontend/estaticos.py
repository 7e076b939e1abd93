"""The SPA's files, read once at start-up and served from memory, and the page that loads them.

Each file answers at its own URL (`/static/js/main.js`) and at one named by its content
(`/static/js/main.3f2a9c1e0b4d.js`). A content-named URL never changes meaning, so the browser keeps
it for a year without asking again, and a deploy that changes a file changes its URL. No build step:
the modules still import each other by their plain relative URLs, and the page's import map turns
each of those into the content-named one; a `modulepreload` for every module of the app (those
the login page needs first) lets the browser fetch them all at once instead of finding them import
by import. A stylesheet's
`url(...)`s are rewritten to the content-named URLs, so the fonts it names are kept a year too.

Text files are also kept gzipped, compressed once here rather than on every request.
"""
import base64
import gzip
import hashlib
import json
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

PREFIXO = "/static/"
PAGINA = "index.html"
ENTRADA = "js/main.js"
# Where the page takes the import map: before anything that imports a module.
MARCADOR = "<!-- mapa de importação -->"
# What a script may ask for by URL: modules, and the stylesheets and images they link
# (import.meta.resolve goes through the import map as an import does).
MAPEADOS = {".js", ".css", ".svg"}
COMPRIMIVEIS = {".js", ".css", ".svg", ".html", ".md", ""}  # fonts are compressed already
TAMANHO_DO_HASH = 12
COM_HASH = re.compile(rf"^(.*)\.[0-9a-f]{{{TAMANHO_DO_HASH}}}(\.[^./]+)?$")
# Static imports (`import ... from "x"`, `export ... from "x"`, `import "x"`; a minified
# `export{...}` names nothing to fetch) and dynamic ones (`import("x")`, a literal).
IMPORTA = re.compile(r"""^(?:(?:import|export)\s[^;"'`]*?\bfrom\s*|import\s*)["']([^"']+)["']""", re.M)
IMPORTA_DEPOIS = re.compile(r"""\bimport\(\s*["']([^"']+)["']\s*\)""")
URL_NO_CSS = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""")


@dataclass(frozen=True)
class Arquivo:
    conteudo: bytes
    comprimido: bytes | None  # gzip, when it saves something
    tipo: str
    versao: str  # the first hex digits of the content's sha256: its URL's and its ETag's


def _arquivo(caminho: str, conteudo: bytes) -> Arquivo:
    sufixo = PurePosixPath(caminho).suffix
    comprimido = gzip.compress(conteudo, compresslevel=9, mtime=0) if sufixo in COMPRIMIVEIS else None
    if comprimido is not None and len(comprimido) > len(conteudo) * 0.9:
        comprimido = None
    tipo = mimetypes.guess_type(caminho)[0] or "text/plain"
    return Arquivo(conteudo, comprimido, tipo, hashlib.sha256(conteudo).hexdigest()[:TAMANHO_DO_HASH])


def _relativo(origem: str, alvo: str) -> str | None:
    """`alvo` as a path under static/, as the browser resolves it from the file `origem`."""
    if alvo.startswith(PREFIXO):
        return alvo[len(PREFIXO):]
    if re.match(r"^[a-z][a-z0-9+.-]*:|^[/#]", alvo):
        return None  # data:, another origin, an anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(origem), alvo))


class Estaticos:
    """Every file under `raiz`, the page rendered from its index.html, and the import map's hash."""

    def __init__(self, raiz: Path):
        self.arquivos: dict[str, Arquivo] = {}  # by its path under static/: "js/main.js"
        caminhos = sorted(p.relative_to(raiz).as_posix() for p in raiz.rglob("*") if p.is_file())
        # Stylesheets last: they name the other files by their content-named URLs.
        for caminho in sorted(caminhos, key=lambda c: c.endswith(".css")):
            if caminho == PAGINA:
                continue
            conteudo = (raiz / caminho).read_bytes()
            if caminho.endswith(".css"):
                conteudo = self._reescrever_css(caminho, conteudo.decode("utf-8")).encode("utf-8")
            self.arquivos[caminho] = _arquivo(caminho, conteudo)
        self.versoes = {self._com_versao(c): c for c in self.arquivos}
        self.mapa = json.dumps({"imports": {
            PREFIXO + c: self.url(c) for c in self.arquivos if PurePosixPath(c).suffix in MAPEADOS}},
            ensure_ascii=False, sort_keys=True)
        self.hash_do_mapa = "'sha256-" + base64.b64encode(hashlib.sha256(self.mapa.encode()).digest()).decode() + "'"
        self.pagina = _arquivo(PAGINA, self._renderizar((raiz / PAGINA).read_text(encoding="utf-8")).encode("utf-8"))

    def _com_versao(self, caminho: str) -> str:
        p = PurePosixPath(caminho)
        return str(p.with_name(f"{p.stem}.{self.arquivos[caminho].versao}{p.suffix}"))

    def url(self, caminho: str) -> str:
        """The content-named URL of the file at `caminho` under static/ (KeyError: no such file)."""
        return PREFIXO + self._com_versao(caminho)

    def achar(self, pedido: str) -> tuple[Arquivo, bool] | None:
        """(the file, whether `pedido` named its current content) for a path under /static/."""
        if pedido in self.arquivos:
            return self.arquivos[pedido], False
        if pedido in self.versoes:
            return self.arquivos[self.versoes[pedido]], True
        # A content name from before a deploy (a page open since): today's file, to be revalidated.
        antigo = COM_HASH.match(pedido)
        simples = antigo and antigo[1] + (antigo[2] or "")
        return (self.arquivos[simples], False) if simples in self.arquivos else None

    def modulos(self) -> list[str]:
        """main.js and every module it imports, directly or not: first those it cannot start
        without (static imports), then those it asks for later (`import(...)`) and theirs, each
        group in the order the imports find them."""
        ordem, depois = [], [ENTRADA]
        while depois:
            fila = [depois.pop(0)]
            while fila:
                modulo = fila.pop(0)
                if modulo in ordem:
                    continue
                ordem.append(modulo)
                texto = self.arquivos[modulo].conteudo.decode("utf-8")
                fila += [a for e in IMPORTA.findall(texto) if (a := _relativo(modulo, e)) in self.arquivos]
                depois += [a for e in IMPORTA_DEPOIS.findall(texto) if (a := _relativo(modulo, e)) in self.arquivos]
        return ordem

    def _reescrever_css(self, caminho: str, texto: str) -> str:
        def trocar(achado: re.Match) -> str:
            alvo = _relativo(caminho, next(grupo for grupo in achado.groups() if grupo is not None))
            return f'url("{self.url(alvo)}")' if alvo in self.arquivos else achado[0]
        return URL_NO_CSS.sub(trocar, texto)

    def _renderizar(self, modelo: str) -> str:
        """index.html with content-named URLs, the import map and a modulepreload per module."""
        html = re.sub(rf'(href|src)="{PREFIXO}([^"]+)"', lambda a: f'{a[1]}="{self.url(a[2])}"', modelo)
        html = html.replace(MARCADOR, f'<script type="importmap">{self.mapa}</script>', 1)
        # After the page's own links: the stylesheet, the font and main.js come first.
        precarga = "".join(f'  <link rel="modulepreload" href="{self.url(m)}">\n' for m in self.modulos()[1:])
        return html.replace("</head>", precarga + "</head>", 1)
