"""Fixed-width CNAB records described as data (layouts/*.json), written and read by one engine.

A layout file names its records, each a list of fields:

    {"nome": "nosso_numero", "de": 38, "ate": 57, "tipo": "alfa"}
    {"nome": "tipo_registro", "de": 8, "ate": 8, "tipo": "num", "fixo": "3"}

Positions count from 1, inclusive, as the FEBRABAN manuals print them. Types:

- `num`: digits, right-aligned, zero-padded; a value too long is an error, never cut.
- `alfa`: ASCII without accents, uppercase (unless `"caixa": "preservar"`, for PIX keys and
  txids), left-aligned, blank-padded, cut to the field's width.
- `valor`: a non-negative Decimal with `decimais` (default 2) implied decimals, zero-padded.
- `data` (DDMMAAAA), `data6` (DDMMAA), `hora` (HHMMSS): zeros when there is none.

`fixo` is a constant the record always has; `padrao` is used when the writer gives no value.

A bank's file inherits another (`"herda": "febraban240_cobranca"`) and changes only what differs:
its fields replace the inherited fields whose positions they touch, its `valores` and `codigos`
are merged over the inherited ones. Every record must then cover its line exactly, position 1 to
the last, without gaps or overlaps: `carregar` refuses a layout that does not.
"""
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

PASTA = Path(__file__).parent / "layouts"
TIPOS = ("num", "alfa", "valor", "data", "data6", "hora")
# What a bank accepts in an alphanumeric field besides letters, digits and the blank.
_PERMITIDOS = re.compile(r"[^A-Za-z0-9 .,;:/\-()&@+_*'?=]")


class ErroDeLayout(ValueError):
    """A value that does not fit its field, or a layout file that does not describe its lines."""


def ascii_sem_acento(texto: str, maiusculas: bool = True) -> str:
    """"Conceição d’Ávila" → "CONCEICAO DAVILA": what every bank takes in an alphanumeric field."""
    if not texto.isascii():  # most names are: skip the decomposition, which would leave them as they are
        decomposto = unicodedata.normalize("NFKD", texto)
        texto = "".join(c for c in decomposto if not unicodedata.combining(c)).encode("ascii", "ignore").decode("ascii")
    limpo = _PERMITIDOS.sub(" ", texto)
    return limpo.upper() if maiusculas else limpo


@dataclass(frozen=True)
class Campo:
    nome: str
    de: int
    ate: int
    tipo: str
    fixo: str | None = None
    padrao: object = None
    decimais: int = 2
    caixa: str = "maiusculas"

    @property
    def tamanho(self) -> int:
        return self.ate - self.de + 1

    def formatar(self, valor) -> str:
        if self.fixo is not None:
            if valor is not None and str(valor) != self.fixo:
                raise ErroDeLayout(f"{self.nome}: valor fixo {self.fixo!r}, recebido {valor!r}")
            return self.fixo
        if valor is None:
            valor = self.padrao
        n = self.tamanho
        if self.tipo == "alfa":
            if not valor:
                return " " * n
            texto = ascii_sem_acento(str(valor), self.caixa != "preservar")
            return texto[:n].ljust(n)
        if self.tipo == "num":
            digitos = "" if valor is None else str(valor)
            if digitos and not digitos.isdigit():
                raise ErroDeLayout(f"{self.nome}: {valor!r} não é só dígitos")
            if len(digitos) > n:
                raise ErroDeLayout(f"{self.nome}: {valor!r} tem mais de {n} dígitos")
            return digitos.rjust(n, "0")
        if self.tipo == "valor":
            quantia = Decimal(valor or 0)
            if quantia < 0:
                raise ErroDeLayout(f"{self.nome}: valor negativo {valor!r}")
            inteiro = int((quantia * (10 ** self.decimais)).to_integral_value())
            if quantia * (10 ** self.decimais) != inteiro:
                raise ErroDeLayout(f"{self.nome}: {valor!r} tem mais de {self.decimais} casas decimais")
            texto = str(inteiro)
            if len(texto) > n:
                raise ErroDeLayout(f"{self.nome}: {valor!r} não cabe em {n} posições")
            return texto.rjust(n, "0")
        formato = {"data": "%d%m%Y", "data6": "%d%m%y", "hora": "%H%M%S"}[self.tipo]
        return valor.strftime(formato) if valor else "0" * n

    def ler(self, trecho: str):
        """The field's value from its characters; blank or zero dates are None (banks send both)."""
        if self.tipo == "alfa":
            return trecho.rstrip()
        if self.tipo == "num":
            return trecho.strip()
        if self.tipo == "valor":
            limpo = trecho.strip()
            if not limpo:
                return Decimal("0")
            if not limpo.isdigit():
                raise ErroDeLayout(f"{self.nome}: {trecho!r} não é um valor")
            try:
                return Decimal(limpo).scaleb(-self.decimais)
            except InvalidOperation as erro:
                raise ErroDeLayout(f"{self.nome}: {trecho!r} não é um valor") from erro
        limpo = trecho.strip()
        if not limpo or set(limpo) == {"0"}:
            return None
        formato = {"data": "%d%m%Y", "data6": "%d%m%y", "hora": "%H%M%S"}[self.tipo]
        try:
            lido = datetime.strptime(limpo, formato)
        except ValueError as erro:
            raise ErroDeLayout(f"{self.nome}: {trecho!r} não é uma data DDMM{'AAAA' if self.tipo == 'data' else 'AA'}") from erro
        return lido.time() if self.tipo == "hora" else lido.date()


@dataclass(frozen=True)
class Registro:
    nome: str
    tamanho: int
    campos: tuple[Campo, ...]

    def __post_init__(self):
        # A file of 10,000 títulos writes 30,000 records of ~30 fields, most of them blank or
        # fixed: those are formatted once here, not once per line.
        object.__setattr__(self, "_nomes", frozenset(c.nome for c in self.campos))
        object.__setattr__(self, "_montagem", tuple((c.nome, c.formatar, c.formatar(None)) for c in self.campos))
        # Each field's last value and its text: most of a título's fields are the beneficiário's,
        # the same objects on every line of the file, so each is formatted once rather than
        # 30,000 times. A value and its text are stored and replaced together (one tuple), so a
        # thread that reads a slot another writes gets a matching pair either way.
        object.__setattr__(self, "_ultimos", [(None, vazio) for _, _, vazio in self._montagem])

    def montar(self, valores: dict | None = None) -> str:
        """The line (without terminator) with `valores` by field name; unknown names are an error."""
        valores = valores or {}
        if not self._nomes.issuperset(valores):
            raise ErroDeLayout(f"{self.nome}: campos inexistentes {sorted(set(valores) - self._nomes)}")
        return self.montar_do_que_tem(valores)

    def montar_do_que_tem(self, dados: dict) -> str:
        """The line with each field's value in `dados`, and the names no field has ignored: a
        writer hands every record of a título all of the título's values."""
        partes, ultimos = [], self._ultimos
        for indice, (nome, formatar, vazio) in enumerate(self._montagem):
            if nome not in dados:
                partes.append(vazio)
                continue
            valor = dados[nome]
            ultimo = ultimos[indice]
            if ultimo[0] is not valor:
                ultimo = ultimos[indice] = (valor, formatar(valor))
            partes.append(ultimo[1])
        linha = "".join(partes)
        assert len(linha) == self.tamanho, (self.nome, len(linha))
        return linha

    def ler(self, linha: str) -> dict:
        """Every field's value; a line cut short (trailing blanks stripped) is read as if padded."""
        if len(linha) > self.tamanho:
            raise ErroDeLayout(f"{self.nome}: linha com {len(linha)} posições, o leiaute tem {self.tamanho}")
        linha = linha.ljust(self.tamanho)
        return {c.nome: c.ler(linha[c.de - 1:c.ate]) for c in self.campos}

    def campo(self, nome: str) -> Campo:
        for c in self.campos:
            if c.nome == nome:
                return c
        raise KeyError(nome)


@dataclass(frozen=True)
class Layout:
    nome: str
    tamanho: int
    registros: dict[str, Registro]
    valores: dict          # constants a writer uses (versions, codes of this bank)
    codigos: dict          # tables of codes (occurrences, motives...) by name

    def __getitem__(self, registro: str) -> Registro:
        return self.registros[registro]


def _campo(definicao: dict) -> Campo:
    if definicao["tipo"] not in TIPOS:
        raise ErroDeLayout(f"{definicao['nome']}: tipo desconhecido {definicao['tipo']!r}")
    return Campo(**definicao)


def _sobrepor(base: list[Campo], novos: list[Campo]) -> list[Campo]:
    def toca(a: Campo, b: Campo) -> bool:
        return a.de <= b.ate and b.de <= a.ate
    mantidos = [c for c in base if not any(toca(c, n) for n in novos)]
    return sorted(mantidos + novos, key=lambda c: c.de)


def _conferir(nome: str, tamanho: int, campos: list[Campo]) -> None:
    posicao = 1
    for c in campos:
        if c.de != posicao or c.ate < c.de:
            raise ErroDeLayout(f"{nome}: o campo {c.nome} começa em {c.de}, esperado {posicao}")
        if c.fixo is not None and len(c.fixo) != c.tamanho:
            raise ErroDeLayout(f"{nome}: o fixo de {c.nome} não tem {c.tamanho} posições")
        posicao = c.ate + 1
    if posicao != tamanho + 1:
        raise ErroDeLayout(f"{nome}: os campos terminam em {posicao - 1}, a linha tem {tamanho}")


def _mesclar(base: dict, extra: dict) -> dict:
    fundido = dict(base)
    for chave, valor in extra.items():
        fundido[chave] = _mesclar(fundido[chave], valor) if isinstance(valor, dict) and isinstance(
            fundido.get(chave), dict) else valor
    return fundido


@cache
def carregar(nome: str) -> Layout:
    """The layout in layouts/<nome>.json, with what it inherits; checked once, then cached."""
    caminho = PASTA / f"{nome}.json"
    dados = json.loads(caminho.read_text(encoding="utf-8"))
    if dados.get("herda"):
        base = carregar(dados["herda"])
        tamanho = base.tamanho
        campos = {r.nome: list(r.campos) for r in base.registros.values()}
        valores, codigos = base.valores, base.codigos
    else:
        tamanho = dados["tamanho"]
        campos, valores, codigos = {}, {}, {}
    for registro, definicoes in dados.get("registros", {}).items():
        novos = [_campo(d) for d in definicoes]
        campos[registro] = _sobrepor(campos.get(registro, []), novos)
    registros = {}
    for registro, lista in campos.items():
        _conferir(f"{nome}.{registro}", tamanho, lista)
        registros[registro] = Registro(registro, tamanho, tuple(lista))
    return Layout(nome, tamanho, registros, _mesclar(valores, dados.get("valores", {})),
                  _mesclar(codigos, dados.get("codigos", {})))


def disponiveis() -> list[str]:
    return sorted(p.stem for p in PASTA.glob("*.json"))
