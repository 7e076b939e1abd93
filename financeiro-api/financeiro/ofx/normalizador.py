"""A tolerant front for ofxparse: what Brazilian banks really export in, one clean OFX text out.

ofxparse fails on several real exports (UTF-8 under a CP1252 header, empty tags, blank amounts,
unclosed tags where it cannot guess). Rather than patch each failure, this module reads the file
into a tree with rules that forgive what banks get wrong, checks what an import needs, and writes
only the statements back, every element closed and every value in the one form ofxparse reads.

The transactions are not written back: they stay as cleaned elements (`ExtratoNormalizado.transacoes`)
that the reader hands to ofxparse one by one. Reading them through BeautifulSoup, as ofxparse's
own front does, costs about 0.3 ms and 13 KB per transaction (15 s and 660 MB for 50,000).
"""
import html
import re
import sys
from dataclasses import dataclass
from datetime import date

from .erros import ExtratoInvalido

# Aggregates hold other elements; any other tag holds a value. SGML OFX never closes values and
# banks forget to close aggregates too, so this list is what tells the two apart.
AGREGADOS = frozenset({
    "OFX", "SIGNONMSGSRSV1", "SONRS", "STATUS", "FI",
    "BANKMSGSRSV1", "STMTTRNRS", "STMTRS", "BANKACCTFROM", "BANKACCTTO",
    "CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "CCACCTFROM", "CCACCTTO",
    "BANKTRANLIST", "STMTTRN", "PAYEE", "CURRENCY", "ORIGCURRENCY",
    "LEDGERBAL", "AVAILBAL", "BALLIST", "BAL",
})

# Rows some banks put among the transactions to show a balance (Caixa's "SALDO DIA", Banco do
# Brasil's "Saldo Anterior" and "S A L D O"): their TRNAMT is a balance or blank, never money moved.
LINHAS_DE_SALDO = frozenset({
    "SALDO", "S A L D O", "SALDO ANTERIOR", "SALDO DIA", "SALDO DO DIA", "SALDO FINAL",
    "SALDO INICIAL", "SALDO ATUAL",
})

# ofxparse refuses a transaction without FITID; this stands in for the missing one and the reader
# takes the real answer (None) from `ExtratoNormalizado.fitids`.
FITID_AUSENTE = "SEM-FITID"

CABECALHO = ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:UTF-8\n"
             "CHARSET:NONE\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n")

_TAG = re.compile(r"<(/?)([A-Za-z0-9_.]+)\s*(/?)>")
_COMENTARIOS_E_INSTRUCOES = re.compile(r"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_NUMERO = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(eq=False, slots=True)  # slots: a big statement holds hundreds of thousands of these
class Elemento:
    nome: str
    valor: str | None = None  # None for an aggregate; an empty value is dropped, never stored
    filhos: list["Elemento"] | tuple = ()  # a list in an aggregate; a value has none

    def filho(self, nome: str) -> "Elemento | None":
        return next((f for f in self.filhos if f.nome == nome), None)

    def valor_de(self, nome: str) -> str | None:
        encontrado = self.filho(nome)
        return encontrado.valor if encontrado else None


@dataclass(frozen=True)
class ExtratoNormalizado:
    """What the reader needs about one statement besides what ofxparse reads from `texto`."""
    transacoes: tuple[Elemento, ...]  # the STMTTRN elements, cleaned, in the file's order
    fitids: tuple[str | None, ...]   # one per transaction, as the file had it
    moedas: frozenset[str]           # CURSYM of transactions in another currency than CURDEF
    saldos_ignorados: int


@dataclass(frozen=True)
class Normalizado:
    texto: bytes                     # OFX 1.02, UTF-8, for ofxparse: the statements without transactions
    extratos: tuple[ExtratoNormalizado, ...]  # bank statements first, then cards, as ofxparse


def normalizar(dados: bytes) -> Normalizado:
    texto = _decodificar(dados)
    inicio = re.search(r"<OFX>", texto, re.IGNORECASE)
    if not inicio:
        raise ExtratoInvalido("O arquivo não é um extrato OFX: não há a marca <OFX>.")
    raiz = _arvore(_COMENTARIOS_E_INSTRUCOES.sub("", texto[inicio.start():]))
    bancarios, cartoes = _todos(raiz, "STMTRS"), _todos(raiz, "CCSTMTRS")
    if not bancarios and not cartoes:
        raise ExtratoInvalido("O arquivo OFX não contém extrato de conta nem de cartão.")
    extratos = tuple(_limpar_extrato(e) for e in bancarios + cartoes)
    # Each statement in its own envelope: some banks put two STMTRS in one STMTTRNRS.
    saida = ["<OFX>"]
    for mensagem, transmissao, lista in (("BANKMSGSRSV1", "STMTTRNRS", bancarios),
                                         ("CREDITCARDMSGSRSV1", "CCSTMTTRNRS", cartoes)):
        if lista:
            saida.append(f"<{mensagem}>")
            for extrato in lista:
                saida.append(f"<{transmissao}>")
                _escrever(extrato, saida)
                saida.append(f"</{transmissao}>")
            saida.append(f"</{mensagem}>")
    saida.append("</OFX>")
    return Normalizado((CABECALHO + "\n".join(saida)).encode("utf-8"), extratos)


def _decodificar(dados: bytes) -> str:
    # The declared CHARSET is not trusted: banks declare 1252 and send UTF-8, or the reverse, and
    # some files mix both. UTF-8 is tried line by line first because CP1252 accents almost never
    # form valid UTF-8; latin-1 takes the few bytes CP1252 leaves undefined. A file that is UTF-8
    # (or ASCII) throughout decodes the same at once.
    try:
        return dados.decode("utf-8")
    except UnicodeDecodeError:
        pass
    linhas = []
    for linha in dados.splitlines(keepends=True):
        for codificacao in ("utf-8", "cp1252", "latin-1"):
            try:
                linhas.append(linha.decode(codificacao))
                break
            except UnicodeDecodeError:
                continue
    return "".join(linhas)


def _arvore(texto: str) -> Elemento:
    raiz = Elemento("#raiz", filhos=[])
    pilha = [raiz]
    # Tag by tag (finditer, not split: no list of every piece of a big file at once); the text
    # after a tag runs to the next one.
    marcas = _TAG.finditer(texto)
    atual = next(marcas, None)
    while atual is not None:
        marca, atual = atual, next(marcas, None)
        fecha, nome, vazio = marca.group(1), sys.intern(marca.group(2).upper()), marca.group(3)
        if nome not in AGREGADOS:
            # A value's closing tag is optional and adds nothing; an empty value is as if absent.
            seguinte = texto[marca.end():atual.start() if atual else len(texto)]
            valor = "" if fecha or vazio else html.unescape(seguinte).strip()
            if valor:
                pilha[-1].filhos.append(Elemento(nome, valor))
            continue
        aberto = next((j for j in range(len(pilha) - 1, 0, -1) if pilha[j].nome == nome), None)
        # Closing an aggregate closes what was left open inside it; opening one while another of
        # the same name is open means the bank never closed the first (aggregates never nest).
        if aberto is not None:
            del pilha[aberto:]
        if fecha:
            continue
        novo = Elemento(nome, filhos=[])
        pilha[-1].filhos.append(novo)
        if not vazio:
            pilha.append(novo)
    if any(e.nome in ("STMTTRN", "BANKTRANLIST") for e in pilha):
        raise ExtratoInvalido("O arquivo OFX está incompleto: termina no meio da lista de transações.")
    return raiz


def _todos(elemento: Elemento, nome: str) -> list[Elemento]:
    encontrados = []
    for filho in elemento.filhos:
        if filho.nome == nome:
            encontrados.append(filho)
        elif filho.valor is None:
            encontrados.extend(_todos(filho, nome))
    return encontrados


def _limpar_extrato(extrato: Elemento) -> ExtratoNormalizado:
    _limpar_valores(extrato, "no extrato", exceto={"BANKTRANLIST"})
    lista = extrato.filho("BANKTRANLIST")
    if lista is None:
        return ExtratoNormalizado((), (), frozenset(), 0)
    _limpar_valores(lista, "no extrato", exceto={"STMTTRN"})
    todas = [f for f in lista.filhos if f.nome == "STMTTRN"]
    # The transactions leave the list that goes to ofxparse: the reader hands them over itself.
    lista.filhos = [f for f in lista.filhos if f.nome != "STMTTRN"]
    transacoes = [t for t in todas if not _e_linha_de_saldo(t)]
    fitids, moedas = [], set()
    for numero, transacao in enumerate(transacoes, 1):
        onde = f"na transação nº {numero}"
        _limpar_valores(transacao, onde)
        for obrigatorio, nome in (("DTPOSTED", "a data"), ("TRNAMT", "o valor")):
            if transacao.valor_de(obrigatorio) is None:
                raise ExtratoInvalido(f"Falta {nome} ({obrigatorio}) {onde}.")
        fitid = transacao.valor_de("FITID")
        if fitid is None:
            transacao.filhos.append(Elemento("FITID", FITID_AUSENTE))
        fitids.append(fitid)
        moeda = transacao.filho("CURRENCY")
        if moeda is not None and moeda.valor_de("CURSYM"):
            moedas.add(moeda.valor_de("CURSYM"))
    return ExtratoNormalizado(tuple(transacoes), tuple(fitids), frozenset(moedas), len(todas) - len(transacoes))


def _e_linha_de_saldo(transacao: Elemento) -> bool:
    return any(" ".join((transacao.valor_de(nome) or "").upper().split()) in LINHAS_DE_SALDO
               for nome in ("MEMO", "NAME"))


def _limpar_valores(elemento: Elemento, onde: str, exceto: frozenset | set = frozenset()) -> None:
    """Rewrites values in place, dropping those that mean 'absent' (an all-zero date)."""
    mantidos = []
    for filho in elemento.filhos:
        if filho.nome in exceto:
            mantidos.append(filho)
            continue
        if filho.valor is None:
            _limpar_valores(filho, onde)
        elif filho.nome.startswith("DT"):
            filho.valor = _data(filho.valor, onde)
        elif filho.nome in ("TRNAMT", "BALAMT"):
            filho.valor = _valor(filho.valor, onde)
        elif filho.nome in ("TRNTYPE", "CURDEF", "CURSYM"):
            filho.valor = filho.valor.upper()
        if filho.valor != "":
            mantidos.append(filho)
    elemento.filhos = mantidos


def _data(texto: str, onde: str) -> str:
    # Only the day is kept, in the statement's own terms: converting "20240323000000[-3:BRT]" to
    # UTC, as ofxparse would, moves evening transactions to the next day.
    dia = re.match(r"\d{8}", texto)
    if dia is None:
        raise ExtratoInvalido(f"A data '{texto}' {onde} não é uma data OFX (AAAAMMDD).")
    if dia.group() == "00000000":
        return ""  # Bradesco writes zeros where it has no date
    try:
        date(int(dia.group()[:4]), int(dia.group()[4:6]), int(dia.group()[6:]))
    except ValueError:
        raise ExtratoInvalido(f"A data '{texto}' {onde} não existe.") from None
    return dia.group()


def _valor(texto: str, onde: str) -> str:
    # Banks write "-530,86", "6000.000,00", "   -11,76" and "1,234.56": when both separators
    # appear the last one is the decimal; a lone comma is decimal; several dots are ambiguous.
    numero = "".join(texto.split())
    if "," in numero and "." in numero:
        milhar = "." if numero.rfind(",") > numero.rfind(".") else ","
        numero = numero.replace(milhar, "").replace(",", ".")
    elif numero.count(",") == 1:
        numero = numero.replace(",", ".")
    if not _NUMERO.fullmatch(numero):
        raise ExtratoInvalido(f"O valor '{texto.strip()}' {onde} não é um número.")
    return numero


def _escrever(elemento: Elemento, saida: list[str]) -> None:
    if elemento.valor is not None:
        saida.append(f"<{elemento.nome}>{html.escape(elemento.valor, quote=False)}</{elemento.nome}>")
        return
    saida.append(f"<{elemento.nome}>")
    for filho in elemento.filhos:
        _escrever(filho, saida)
    saida.append(f"</{elemento.nome}>")
