"""From the bytes of an uploaded OFX file to an `Extrato`: one account, its balance, its transactions.

Everything the import needs is decided here, before anything is stored: the file is refused
whole (ExtratoInvalido, with a pt-BR reason for the user) or read whole.

ofxparse reads each statement (account, balance, period) from the normaliser's OFX text, and each
transaction from the normaliser's element through `OfxParser.parseTransaction`, the same function
its own `parse` uses, given a minimal stand-in for the BeautifulSoup tag it expects. Building
and searching a BeautifulSoup tree of every transaction was 95% of the time of a big import
(15 s of 16 for 50,000 transactions) and 660 MB of memory; this way ofxparse still decides how
every field is read, in 2 s and a fraction of the memory.
"""
import io
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ofxparse import AccountType, OfxParser

from .erros import ExtratoGrandeDemais, ExtratoInvalido
from .normalizador import Elemento, normalizar

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


@dataclass(frozen=True)
class Transacao:
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
    if len(dados) > limite_bytes:
        raise ExtratoGrandeDemais(
            f"O arquivo tem {_tamanho(len(dados))}; o limite é {_tamanho(limite_bytes)}.")
    if not dados.strip():
        raise ExtratoInvalido("O arquivo está vazio.")
    if b"\x00" in dados:
        raise ExtratoInvalido("O arquivo é binário, não um extrato OFX.")
    normalizado = normalizar(dados)
    try:
        with warnings.catch_warnings():
            # ofxparse 0.21 calls BeautifulSoup's deprecated findAll on every statement.
            warnings.simplefilter("ignore", DeprecationWarning)
            ofx = OfxParser.parse(io.BytesIO(normalizado.texto))
    except Exception as erro:
        raise _malformado() from erro
    extratos = list(zip(ofx.accounts, normalizado.extratos))
    # A statement without CURDEF is taken as in reais unless one of its transactions says otherwise.
    estrangeiras = sorted({(conta.curdef or MOEDA).upper() for conta, _ in extratos}
                          .union(*(extrato.moedas for _, extrato in extratos)) - {MOEDA})
    if estrangeiras:
        raise ExtratoInvalido(f"O extrato está em moeda estrangeira ({', '.join(estrangeiras)}); "
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


def _malformado() -> ExtratoInvalido:
    # The normaliser already checked what an import needs, so a failure in ofxparse is a file
    # broken in a way nobody foresaw; ofxparse raises many types, none of them meant for the user.
    return ExtratoInvalido("O arquivo OFX está malformado e não pôde ser lido.")


class _Marcacao:
    """An element as ofxparse's parseTransaction reads a BeautifulSoup tag: `find(nome)`, the first
    descendant of that name in document order (lowercase, as the HTML parser gives), and
    `contents`, a value's text."""

    __slots__ = ("_elemento", "contents")

    def __init__(self, elemento: Elemento):
        self._elemento = elemento
        self.contents = [elemento.valor] if elemento.valor is not None else []

    def find(self, nome: str) -> "_Marcacao | None":
        encontrado = _descendente(self._elemento, nome.upper())
        return None if encontrado is None else _Marcacao(encontrado)


def _descendente(elemento: Elemento, nome: str) -> Elemento | None:
    for filho in elemento.filhos:
        if filho.nome == nome:
            return filho
        if filho.valor is None:
            encontrado = _descendente(filho, nome)
            if encontrado is not None:
                return encontrado
    return None


def _lidas(elementos: tuple[Elemento, ...]):
    # One at a time: ofxparse's Transaction objects never all exist at once.
    for elemento in elementos:
        try:
            yield OfxParser.parseTransaction(_Marcacao(elemento))
        except Exception as erro:
            raise _malformado() from erro


def _transacoes(elementos: tuple[Elemento, ...], fitids: tuple[str | None, ...]) -> tuple[Transacao, ...]:
    repetidos = {f for f, vezes in Counter(f for f in fitids if f).items() if vezes > 1}
    vistas: Counter = Counter()
    transacoes = []
    for lida, fitid in zip(_lidas(elementos), fitids, strict=True):
        tipo = (lida.type or "OTHER").upper()
        valor = -lida.amount if tipo in TIPOS_DE_DEBITO and lida.amount > 0 else lida.amount
        descricao = _descricao(lida.payee, lida.memo)
        chave = (lida.date.date(), valor, descricao)
        transacoes.append(Transacao(data=lida.date.date(), valor=valor,
                                    fitid=None if fitid in repetidos else fitid,
                                    descricao=descricao, tipo=tipo, ocorrencia=vistas[chave]))
        vistas[chave] += 1
    return tuple(transacoes)


def _descricao(nome: str, memo: str) -> str:
    # Banks pad MEMO with spaces to a fixed width; collapsing them keeps the text the same across
    # exports, which matters because it identifies transactions without a FITID.
    partes = [" ".join((texto or "").split()) for texto in (nome, memo)]
    return " — ".join(dict.fromkeys(p for p in partes if p))


def _codigo_banco(bankid: str) -> str | None:
    # The same bank arrives as "1", "001" or "0001"; the COMPE code has three digits.
    if not bankid:
        return None
    return bankid.lstrip("0").zfill(3) if bankid.isdigit() else bankid


def _dia(momento) -> date | None:
    return momento.date() if momento else None


def _tamanho(quantidade: int) -> str:
    return f"{quantidade / 1024 / 1024:.1f} MB".replace(".", ",")
