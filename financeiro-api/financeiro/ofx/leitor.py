"""From the bytes of an uploaded OFX file to an `Extrato`: one account, its balance, its transactions.

Everything the import needs is decided here, before anything is stored: the file is refused
whole (ExtratoInvalido, with a pt-BR reason for the user) or read whole.

ofxparse reads each statement (account, balance, period) from the normaliser's elements, through
the function its own `parse` calls (`parseStmtrs`), given a minimal stand-in for the BeautifulSoup
tag it expects. Its `parse`
builds a BeautifulSoup tree of the whole file first: that was 95% of the time of a big import
(15 s of 16 for 50,000 transactions) and 660 MB of memory, and its pass that closes tags compares
every tag with a list of every closing tag (quadratic: 200,000 balance tags took over 40 s).
This way ofxparse still decides how the statement (account, balance, period) is read, in linear
time. A transaction is read by `ler_transacao`, ofxparse's `parseTransaction` restricted to the
fields the import keeps, on the normaliser's clean values: ofxparse's own call, through the
stand-in, was a quarter of the time of reading a big file (1.5 s of 5.6 s under the profiler, for
50,000 transactions). tests/test_ofx_ofxparse.py proves the two equal, field by field, on every
sample and on generated transactions.
"""
import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ofxparse import AccountType, OfxParser

from .erros import ExtratoGrandeDemais, ExtratoInvalido
from .normalizador import Elemento, ExtratoNormalizado, normalizar

MOEDA = "BRL"

# Types that can only take money out. Some banks write their amounts unsigned and let TRNTYPE
# say the direction; POS, ATM and OTHER go both ways, so only the sign can tell.
TIPOS_DE_DEBITO = frozenset({"DEBIT", "CHECK", "PAYMENT", "FEE", "SRVCHG", "DIRECTDEBIT", "CASH"})


@dataclass(frozen=True)
class Conta:
    banco: str | None      # COMPE code with three digits ("001"), as the bank wrote it otherwise
    agencia: str | None
    numero: str
    moeda: str
    tipo: str              # ACCTTYPE (CHECKING, SAVINGS...) or CREDITCARD


@dataclass(frozen=True)
class Saldo:
    valor: Decimal
    data: date | None      # some banks send the amount without a usable date


class Transacao(NamedTuple):
    """A tuple, not a frozen dataclass: a big statement makes 50,000 of them, and a frozen
    dataclass sets each field through object.__setattr__ (0.1 s of reading, issue 20)."""
    data: date
    valor: Decimal         # negative for money out
    fitid: str | None      # None when the bank left it out or repeated it within the statement
    descricao: str
    tipo: str
    ocorrencia: int        # 0, 1, ... among the statement's lines with the same data, valor, descricao


@dataclass(frozen=True)
class Extrato:
    conta: Conta
    saldo: Saldo | None
    inicio: date | None
    fim: date | None
    transacoes: tuple[Transacao, ...]
    saldos_ignorados: int  # balance rows the bank listed as transactions, left out


def ler_extrato(dados: bytes, limite_bytes: int) -> Extrato:
    with sem_coleta_de_ciclos():
        return _ler(dados, limite_bytes)


@contextmanager
def sem_coleta_de_ciclos():
    """Python's cycle collector paused while a statement is read: the tree of a big file is
    hundreds of thousands of objects without a cycle (reference counting frees them), which the
    collector would walk again and again as they are created — a third of the time of reading,
    and in spikes that made the time grow faster than the file. Restored by whoever paused it."""
    pausou = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if pausou:
            gc.enable()


def _ler(dados: bytes, limite_bytes: int) -> Extrato:
    if len(dados) > limite_bytes:
        raise ExtratoGrandeDemais(
            f"O arquivo tem {_tamanho(len(dados))}; o limite é {_tamanho(limite_bytes)}.")
    if not dados.strip():
        raise ExtratoInvalido("O arquivo está vazio.")
    if b"\x00" in dados:
        raise ExtratoInvalido("O arquivo é binário, não um extrato OFX.")
    extratos = [(_conta(extrato), extrato) for extrato in normalizar(dados)]
    # A statement without CURDEF is taken as in reais unless one of its transactions says otherwise.
    estrangeiras = sorted({(conta.curdef or MOEDA).upper() for conta, _ in extratos}
                          .union(*(extrato.moedas for _, extrato in extratos)) - {MOEDA})
    if estrangeiras:
        nomes = ", ".join(moeda[:10] for moeda in estrangeiras[:5]) + (", …" if len(estrangeiras) > 5 else "")
        raise ExtratoInvalido(f"O extrato está em moeda estrangeira ({nomes}); "
                              f"só se importam extratos em reais ({MOEDA}).")
    conta, extrato = _unico_extrato(extratos)
    if not conta.account_id:
        raise ExtratoInvalido("O extrato não identifica a conta (ACCTID).")
    cartao = conta.type == AccountType.CreditCard
    declaracao = conta.statement
    return Extrato(
        conta=Conta(banco=_codigo_banco(conta.routing_number) if not cartao else None,
                    agencia=conta.branch_id or None, numero=conta.account_id, moeda=MOEDA,
                    tipo="CREDITCARD" if cartao else (conta.account_type or "CHECKING")),
        saldo=(Saldo(declaracao.balance, _dia(getattr(declaracao, "balance_date", None)))
               if getattr(declaracao, "balance", None) is not None else None),
        inicio=_dia(declaracao.start_date),
        fim=_dia(declaracao.end_date),
        transacoes=_transacoes(extrato.transacoes, extrato.fitids),
        saldos_ignorados=extrato.saldos_ignorados,
    )


def _unico_extrato(extratos: list) -> tuple:
    # One upload feeds one conta. Banco do Brasil sends an empty statement of another account
    # next to the real one, so empty statements give way to the one with transactions.
    if len(extratos) > 1:
        extratos = [par for par in extratos if par[1].transacoes] or extratos
    if len(extratos) > 1:
        raise ExtratoInvalido(f"O arquivo traz extratos de {len(extratos)} contas; "
                              "exporte um arquivo por conta.")
    return extratos[0]


class _Leitor(OfxParser):
    """ofxparse's parser with the settings its `parse` would give it (stored on the class), and
    its reading of dates remembered: a statement has a few hundred distinct days, and `strptime`
    was a third of the time of reading a transaction."""
    fail_fast = True
    custom_date_format = None

    @classmethod
    def parseOfxDateTime(cls, texto: str):  # noqa: N802 (ofxparse's name)
        return _momento(texto)


@lru_cache(maxsize=4096)
def _momento(texto: str):
    # datetimes are immutable, so one may be shared by every transaction of that day.
    return OfxParser.parseOfxDateTime.__func__(_Leitor, texto)


def _conta(extrato: ExtratoNormalizado):
    try:
        (conta,) = _Leitor.parseStmtrs([_Marcacao(extrato.elemento)],
                                       AccountType.CreditCard if extrato.cartao else AccountType.Bank)
    except Exception as erro:
        raise _malformado() from erro
    return conta


def _malformado() -> ExtratoInvalido:
    # The normaliser already checked what an import needs, so a failure in ofxparse is a file
    # broken in a way nobody foresaw; ofxparse raises many types, none of them meant for the user.
    return ExtratoInvalido("O arquivo OFX está malformado e não pôde ser lido.")


class _Marcacao:
    """An element as ofxparse reads a BeautifulSoup tag: `find(nome)`, the first descendant of that
    name in document order (lowercase, as the HTML parser gives), `findAll(nome)`, all of them,
    and `contents`, a value's text."""

    __slots__ = ("_elemento", "_primeiros", "contents")

    def __init__(self, elemento: Elemento):
        self._elemento = elemento
        self._primeiros = None
        self.contents = [elemento.valor] if elemento.valor is not None else []

    def find(self, nome: str) -> "_Marcacao | None":
        # ofxparse asks for about ten names per transaction: one walk answers all of them.
        if self._primeiros is None:
            self._primeiros = _primeiros(self._elemento)
        encontrado = self._primeiros.get(nome.upper())
        return None if encontrado is None else _Marcacao(encontrado)

    def findAll(self, nome: str) -> list["_Marcacao"]:  # noqa: N802 (BeautifulSoup's name)
        nome = nome.upper()
        return [_Marcacao(d) for d in _descendentes(self._elemento) if d.nome == nome]


def _primeiros(elemento: Elemento) -> dict[str, Elemento]:
    """The first descendant of each name, in document order."""
    primeiros: dict[str, Elemento] = {}
    for filho in elemento.filhos:
        if filho.nome not in primeiros:
            primeiros[filho.nome] = filho
        if filho.valor is None:  # an aggregate (PAYEE, CURRENCY...): rare inside a transaction
            for descendente in _descendentes(filho):
                primeiros.setdefault(descendente.nome, descendente)
    return primeiros


def _descendentes(elemento: Elemento):
    """In document order. Aggregates never nest within one of the same name (normalizador), so
    the depth is bounded by the number of aggregate names."""
    for filho in elemento.filhos:
        yield filho
        if filho.valor is None:
            yield from _descendentes(filho)


class Lida(NamedTuple):
    """What the import takes of ofxparse's Transaction, under its attribute names (a tuple: one
    per transaction, made faster than a frozen dataclass)."""
    type: str
    payee: str
    memo: str
    amount: Decimal
    date: datetime


def ler_transacao(elemento: Elemento) -> Lida:
    """ofxparse's `parseTransaction` for type, payee, memo, amount and date, each the first
    descendant of its name as `find` gives it. What makes ofxparse refuse a transaction cannot
    reach here: the normaliser already refused a missing date or amount, dropped empty values,
    supplied the missing FITID and rewrote every date as AAAAMMDD000000 and every amount as
    [-]digits.cents, which `toDecimal` reads as `Decimal` does."""
    primeiros = _primeiros(elemento)
    tipo, nome, memo = primeiros.get("TRNTYPE"), primeiros.get("NAME"), primeiros.get("MEMO")
    return Lida(type="" if tipo is None else tipo.valor.lower().strip(),
                payee="" if nome is None else nome.valor.strip(),
                memo="" if memo is None else memo.valor.strip(),
                amount=Decimal(primeiros["TRNAMT"].valor.strip()),
                date=_momento(primeiros["DTPOSTED"].valor.strip()))


def _transacoes(elementos: tuple[Elemento, ...], fitids: tuple[str | None, ...]) -> tuple[Transacao, ...]:
    repetidos = {f for f, vezes in Counter(f for f in fitids if f).items() if vezes > 1}
    vistas: dict[tuple, int] = {}  # a dict: Counter's missing key is a Python call, and most keys are new
    transacoes = []
    for elemento, fitid in zip(elementos, fitids, strict=True):
        lida = ler_transacao(elemento)
        tipo = (lida.type or "OTHER").upper()
        valor = -lida.amount if tipo in TIPOS_DE_DEBITO and lida.amount > 0 else lida.amount
        descricao = _descricao(lida.payee, lida.memo)
        dia = lida.date.date()
        chave = (dia, valor, descricao)
        ocorrencia = vistas[chave] = vistas.get(chave, -1) + 1
        transacoes.append(Transacao(data=dia, valor=valor, fitid=None if fitid in repetidos else fitid,
                                    descricao=descricao, tipo=tipo, ocorrencia=ocorrencia))
    return tuple(transacoes)


def _descricao(nome: str, memo: str) -> str:
    # Banks pad MEMO with spaces to a fixed width; collapsing them keeps the text the same across
    # exports, which matters because it identifies transactions without a FITID. NAME and MEMO
    # joined, each once: most lines have only one of them.
    nome, memo = " ".join(nome.split()), " ".join(memo.split())
    return f"{nome} — {memo}" if nome and memo and nome != memo else nome or memo


def _codigo_banco(bankid: str) -> str | None:
    # The same bank arrives as "1", "001" or "0001"; the COMPE code has three digits.
    if not bankid:
        return None
    return bankid.lstrip("0").zfill(3) if bankid.isdigit() else bankid


def _dia(momento) -> date | None:
    return momento.date() if momento else None


def _tamanho(quantidade: int) -> str:
    return f"{quantidade / 1024 / 1024:.1f} MB".replace(".", ",")
