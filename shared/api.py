"""Request validation and the OpenAPI document, from the same pydantic models.

A view declares what it takes and returns:

    @bp.post("/api/usuarios")
    @endpoint(body=NovoUsuario, responses={201: Usuario}, permissao="admin", resumo="Cria um usuário")
    def criar(body: NovoUsuario): ...

`endpoint` validates the JSON body and the query string (400 with pt-BR messages per field),
checks the permission, serialises pydantic return values, and records all of it on the view so
`openapi.documento(app)` can describe every route without a second source of truth.
"""
import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps
from types import UnionType
from typing import Annotated, Any, Callable, Generic, TypeVar, Union, get_args, get_origin

from flask import current_app, g, request
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError,
                      WithJsonSchema, field_validator)

from shared.errors import SemPermissao, TipoNaoSuportado, Validacao

# ---------------------------------------------------------------- money


# A money string is plain digits with an optional sign and decimal point. Decimal() alone would
# also take "1_000", "1e3", "١٠" (non-ASCII digits) or "NaN", none of which is "1234.56".
_NUMERO = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)


def _dinheiro(valor: Any) -> Decimal:
    """Money arrives as a JSON number (parsed to Decimal, never float) or a string "1234.56"."""
    if isinstance(valor, bool) or not isinstance(valor, (int, Decimal, str)):
        raise ValueError("Informe um valor numérico, como 1234.56")
    if isinstance(valor, str):
        valor = valor.strip()
        if not _NUMERO.fullmatch(valor):
            raise ValueError("Informe um valor numérico, como 1234.56")
    try:
        numero = Decimal(valor)
    except InvalidOperation:
        raise ValueError("Informe um valor numérico, como 1234.56") from None
    if not numero.is_finite():
        raise ValueError("Informe um valor numérico, como 1234.56")
    # Exponents are compared, not values: arithmetic on 1e999999999 (valid JSON) overflows the
    # decimal context. adjusted() is the power of ten of the first digit: 12 means 13 digits.
    if numero and numero.adjusted() >= 12:
        raise ValueError("Valor acima do limite de 999.999.999.999,99")
    if numero.as_tuple().exponent < -2:
        raise ValueError("Use no máximo duas casas decimais")
    return numero.quantize(Decimal("0.01"))


Dinheiro = Annotated[
    Decimal,
    BeforeValidator(_dinheiro),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1234.56"}),
]


def _sem_nul(valor: Any) -> Any:
    if isinstance(valor, str) and "\x00" in valor:
        raise ValueError("Texto contém caracteres inválidos")
    return valor


# Text fields: NUL bytes cannot be stored by PostgreSQL, so they are a validation error, not a 500.
Texto = Annotated[str, BeforeValidator(_sem_nul)]


_DATA = re.compile(r"\d{4}-\d{2}-\d{2}")


def _data_aaaa_mm_dd(valor: Any) -> Any:
    # pydantic alone would also take a number, or a numeric string, as a Unix timestamp.
    if isinstance(valor, date):
        return valor
    if not isinstance(valor, str) or not _DATA.fullmatch(valor.strip()):
        raise ValueError("Data inválida; use AAAA-MM-DD")
    return valor.strip()


T = TypeVar("T")

# PostgreSQL's bigint, the type of every id; strict, so `true` or `"7"` is not taken for an id in a
# JSON body, and a larger number in a path exists nowhere.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
# The same in a query string, where every value arrives as text ("?conta_id=7").
IdDeFiltro = Annotated[int, Field(ge=1, le=MAX_ID)]

# The years a date of the ERP may fall in. Python's dates end at 9999 and begin at year 1: a month
# or a day added to the ends of that range (a série, a period's last month) would overflow, and no
# lançamento, contract or payroll of a studio is dated outside these.
ANO_MINIMO, ANO_MAXIMO = 1900, 2199


def ano_aceito(dia: date) -> date:
    if not ANO_MINIMO <= dia.year <= ANO_MAXIMO:
        raise ValueError(f"Data fora do intervalo aceito (anos de {ANO_MINIMO} a {ANO_MAXIMO})")
    return dia


# Dates as the contract writes them: "AAAA-MM-DD", nothing else, in the years above.
Data = Annotated[date, BeforeValidator(_data_aaaa_mm_dd), AfterValidator(ano_aceito)]

_MES = re.compile(r"([0-9]{4})-([0-9]{2})")
COMPETENCIA_INVALIDA = "Competência inválida; use AAAA-MM, como 2026-11"


def _competencia(valor: Any) -> date:
    if isinstance(valor, date):
        return valor.replace(day=1)
    mes = _MES.fullmatch(valor.strip()) if isinstance(valor, str) else None
    if mes is None or not 1 <= int(mes[2]) <= 12:
        raise ValueError(COMPETENCIA_INVALIDA)
    return date(int(mes[1]), int(mes[2]), 1)


# A competência — the month a lançamento or a payroll belongs to: "AAAA-MM" in JSON, a query string
# or a path, its first day in Python and SQL.
Competencia = Annotated[date, BeforeValidator(_competencia), AfterValidator(ano_aceito),
                        PlainSerializer(lambda d: d.strftime("%Y-%m"), return_type=str),
                        WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-11"})]


def _vazio_e_nulo(valor: Any) -> Any:
    """A blank value (an empty form field, an empty CSV cell) is no value."""
    return None if isinstance(valor, str) and not valor.strip() else valor


# An optional field where a blank string means "none", as a form sends an empty input.
Opcional = Annotated[T | None, BeforeValidator(_vazio_e_nulo)]


class Modelo(BaseModel):
    """Base of request/response models: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def nunca_nulos(*campos: str):
    """For a change model (PUT: the fields sent change, the others stay), whose fields default to
    None to mean "not sent": these may be left out but not sent as null.

        class AlteracaoConta(Modelo):
            nome: Nome = None
            _nunca_nulos = nunca_nulos("nome")
    """
    def recusar_nulo(cls, valor):
        if valor is None:
            raise ValueError("Não pode ser nulo; omita o campo para manter o valor atual")
        return valor

    return field_validator(*campos, mode="before")(classmethod(recusar_nulo))


# ---------------------------------------------------------------- pagination
#
# Every list is keyset-paginated the same way: the route's query model extends `Pagina`, the list
# declares the keyset of its order as a `Posicao` subclass, the domain reads `limit + 1` rows after
# `query.apos(PosicaoX)`, and `pagina()` builds the contract's envelope:
#
#     class PosicaoConta(Posicao):
#         nome: str
#         id: int
#
#     linhas = contas.listar(cur, ..., query.apos(PosicaoConta), query.limit + 1)
#     return Lista[Conta](**pagina(linhas, query, lambda c: PosicaoConta(nome=c["nome"], id=c["id"])))


class Posicao(BaseModel):
    """Where a page ended — the keyset of its last row — and so where the next one starts. The
    cursor is this, as compact JSON in URL-safe base64: opaque to clients, typed here."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def cursor(self) -> str:
        return base64.urlsafe_b64encode(self.model_dump_json().encode()).decode().rstrip("=")

    @classmethod
    def do_cursor(cls, texto: str):
        try:
            return cls.model_validate_json(base64.urlsafe_b64decode(texto.encode() + b"=" * (-len(texto) % 4)))
        except (binascii.Error, ValueError):  # ValidationError is a ValueError
            raise cursor_invalido() from None


P = TypeVar("P", bound=Posicao)


def cursor_invalido() -> Validacao:
    """The one error for a cursor that is not one this list gave."""
    return Validacao("Cursor inválido", {"cursor": "Cursor inválido; recomece a listagem"})


class Pagina(Modelo):
    limit: int = Field(50, ge=1, le=500, description="Itens por página (máximo 500)")
    cursor: str | None = Field(None, max_length=512, description="Cursor opaco da página seguinte")

    def apos(self, posicao: type[P]) -> P | None:
        """Where this page starts: the cursor as the list's Posicao, or None for the first page."""
        return posicao.do_cursor(self.cursor) if self.cursor else None


def pagina(linhas: list, query: Pagina, posicao: Callable[[Any], Posicao], item: Callable | None = None) -> dict:
    """The contract's envelope ({"items", "next_cursor"}) from the `query.limit + 1` rows a keyset
    read returned: the extra row only says that another page exists."""
    mais = len(linhas) > query.limit
    linhas = linhas[: query.limit]
    return {"items": linhas if item is None else [item(linha) for linha in linhas],
            "next_cursor": posicao(linhas[-1]).cursor() if mais else None}


class Lista(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None

    @classmethod
    def inteira(cls, items: list):
        """A list that is never paged (a handful of rules, a lançamento's baixas): one page."""
        return cls(items=items, next_cursor=None)


class Erro(BaseModel):
    error: str
    code: str
    campos: dict[str, str] | None = None


# ---------------------------------------------------------------- pt-BR validation messages

_MENSAGENS = {
    "missing": "Campo obrigatório",
    "string_type": "Deve ser um texto",
    "string_too_short": "Deve ter pelo menos {min_length} caractere(s)",
    "string_too_long": "Deve ter no máximo {max_length} caracteres",
    "string_pattern_mismatch": "Formato inválido",
    "int_type": "Deve ser um número inteiro",
    "int_parsing": "Deve ser um número inteiro",
    "int_from_float": "Deve ser um número inteiro",
    "int_parsing_size": "Número grande demais",
    "bool_type": "Deve ser verdadeiro ou falso",
    "bool_parsing": "Deve ser verdadeiro ou falso",
    "greater_than": "Deve ser maior que {gt}",
    "greater_than_equal": "Deve ser maior ou igual a {ge}",
    "less_than": "Deve ser menor que {lt}",
    "less_than_equal": "Deve ser menor ou igual a {le}",
    "literal_error": "Valor inválido; use {expected}",
    "enum": "Valor inválido; use {expected}",
    "list_type": "Deve ser uma lista",
    "too_short": "Deve ter pelo menos {min_length} item(ns)",
    "too_long": "Deve ter no máximo {max_length} itens",
    "date_type": "Data inválida; use AAAA-MM-DD",
    "date_parsing": "Data inválida; use AAAA-MM-DD",
    "date_from_datetime_parsing": "Data inválida; use AAAA-MM-DD",
    "date_from_datetime_inexact": "Data inválida; use AAAA-MM-DD",
    "datetime_type": "Data e hora inválidas; use ISO 8601",
    "datetime_parsing": "Data e hora inválidas; use ISO 8601",
    "datetime_from_date_parsing": "Data e hora inválidas; use ISO 8601",
    "decimal_type": "Deve ser um número",
    "decimal_parsing": "Deve ser um número",
    "float_type": "Deve ser um número",
    "float_parsing": "Deve ser um número",
    "dict_type": "Deve ser um objeto",
    "model_type": "Deve ser um objeto",
    "model_attributes_type": "Deve ser um objeto",
    "extra_forbidden": "Campo desconhecido",
    "set_type": "Deve ser uma lista",
    "frozen_set_type": "Deve ser uma lista",
}


def _mensagem(erro: dict) -> str:
    if erro["type"] == "value_error":
        return str(erro.get("ctx", {}).get("error", "Valor inválido"))
    tipo = erro["type"]
    # A validated str (Texto) gets pydantic's generic too_short/too_long: still characters, not items.
    if tipo in ("too_short", "too_long") and isinstance(erro.get("input"), str):
        tipo = "string_" + tipo
    modelo = _MENSAGENS.get(tipo)
    if modelo is None:
        return "Valor inválido"
    ctx = dict(erro.get("ctx", {}))
    if "expected" in ctx:  # pydantic lists the choices in English: "'RECEITA' or 'DESPESA'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    try:
        return modelo.format(**ctx)
    except (KeyError, IndexError):
        return modelo.split(";")[0]


def campos_do_erro(exc: ValidationError, raiz: str = "corpo") -> dict[str, str]:
    campos: dict[str, str] = {}
    for erro in exc.errors(include_url=False):
        nome = ".".join(str(parte) for parte in erro["loc"]) or raiz
        campos.setdefault(nome, _mensagem(erro))
    return campos


def validar(modelo: type[BaseModel], dados: Any, raiz: str = "corpo"):
    try:
        return modelo.model_validate(dados)
    except ValidationError as exc:
        raise Validacao("Verifique os campos destacados", campos_do_erro(exc, raiz)) from None


def _constante_invalida(nome: str):
    # Python's json takes NaN / Infinity / -Infinity (not JSON, RFC 8259) and makes them floats.
    raise ValueError(f"{nome} não é JSON válido")


def json_do_corpo() -> Any:
    """The request body as JSON, with numbers kept exact (Decimal, never float)."""
    if not request.mimetype or request.mimetype != "application/json":
        raise TipoNaoSuportado("Envie o corpo como JSON (Content-Type: application/json)")
    bruto = request.get_data(cache=True)
    try:
        return json.loads(bruto.decode("utf-8"), parse_float=Decimal, parse_constant=_constante_invalida)
    except UnicodeDecodeError:
        raise Validacao("O corpo deve estar em UTF-8", {"corpo": "Codificação inválida"}) from None
    except (ValueError, RecursionError):
        raise Validacao("JSON malformado", {"corpo": "JSON malformado"}) from None


def _espera_lista(anotacao) -> bool:
    """`list[X]` / `set[X]`, also inside Optional or a union: a filter is usually `list[X] | None`."""
    origem = get_origin(anotacao)
    if origem in (list, set, frozenset):
        return True
    if origem is Annotated:
        return _espera_lista(get_args(anotacao)[0])
    if origem in (Union, UnionType):
        return any(_espera_lista(arg) for arg in get_args(anotacao))
    return False


def _query_como_dict(modelo: type[BaseModel]) -> dict:
    """Repeated keys become lists only where the model expects a list."""
    dados = {}
    for chave in request.args:
        campo = modelo.model_fields.get(chave)
        valores = request.args.getlist(chave)
        lista = campo is not None and _espera_lista(campo.annotation)
        dados[chave] = valores if lista else valores[-1]
    return dados


# ---------------------------------------------------------------- the decorator


@dataclass
class Especificacao:
    resumo: str = ""
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    responses: dict = field(default_factory=dict)
    # One permission, or several of which any one will do (master data other modules pick from).
    permissao: str | tuple[str, ...] | None = None
    publico: bool = False
    multipart: dict | None = None  # field name -> description, for uploads
    conteudo: dict | None = None  # non-JSON 200 bodies, e.g. {"text/csv": "..."}
    body_opcional: bool = False  # an empty body validates as {}
    # Accepts an access token past its `exp` (signature, claims and revocation still checked):
    # only for auth-api's renewal, which then checks the session itself in PostgreSQL.
    token_expirado: bool = False
    # Also serves a session whose password must be changed first (Usuario.trocar_senha): only
    # auth-api's own password change, renewal, check-auth and logout.
    senha_provisoria: bool = False

    @property
    def permissoes(self) -> tuple[str, ...]:
        if self.permissao is None:
            return ()
        return (self.permissao,) if isinstance(self.permissao, str) else self.permissao


def especificacao(view) -> Especificacao | None:
    return getattr(view, "especificacao", None)


def endpoint(
    *,
    resumo: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict | None = None,
    permissao: str | tuple[str, ...] | None = None,
    publico: bool = False,
    multipart: dict | None = None,
    conteudo: dict | None = None,
    body_opcional: bool = False,
    token_expirado: bool = False,
    senha_provisoria: bool = False,
):
    spec = Especificacao(
        resumo=resumo, body=body, query=query, responses=responses or {200: None}, permissao=permissao,
        publico=publico, multipart=multipart, conteudo=conteudo, body_opcional=body_opcional,
        token_expirado=token_expirado, senha_provisoria=senha_provisoria,
    )

    def decorar(view):
        @wraps(view)
        def envoltorio(*args, **kwargs):
            usuario = g.get("usuario")
            if usuario is not None and usuario.trocar_senha and not spec.senha_provisoria:
                raise SemPermissao("Troque a sua senha para continuar")
            if spec.permissoes and not any(g.usuario.pode(p) for p in spec.permissoes):
                raise SemPermissao(f"Você não tem a permissão {' ou '.join(spec.permissoes)}")
            if any(":" in p for p in spec.permissoes) and g.usuario.empresa_id is None:
                # A platform admin may hold a session in no empresa; a module's data is an empresa's.
                raise SemPermissao("Escolha uma empresa para usar este módulo")
            if spec.query is not None:
                kwargs["query"] = validar(spec.query, _query_como_dict(spec.query), "query")
            if spec.body is not None:
                vazio = spec.body_opcional and not request.get_data(cache=True).strip()
                kwargs["body"] = validar(spec.body, {} if vazio else json_do_corpo())
            return _serializar(view(*args, **kwargs))

        envoltorio.especificacao = spec
        return envoltorio

    return decorar


def _serializar(resultado):
    if isinstance(resultado, tuple) and resultado and isinstance(resultado[0], BaseModel):
        return (_json(resultado[0]), *resultado[1:])
    if isinstance(resultado, BaseModel):
        return _json(resultado)
    return resultado


def _json(modelo: BaseModel):
    """The model's JSON written by pydantic in one pass, as Flask's jsonify lays it out. A dict of
    it (model_dump) handed to Flask's encoder walked every value twice: a quarter of the time of a
    month of the agenda (500 sessões)."""
    return current_app.response_class(modelo.model_dump_json() + "\n", mimetype="application/json")
