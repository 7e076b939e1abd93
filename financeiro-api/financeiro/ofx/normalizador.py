"""A tolerant front for ofxparse: what Brazilian banks really export in, clean elements out.

ofxparse fails on several real exports (UTF-8 under a CP1252 header, empty tags, blank amounts,
unclosed tags where it cannot guess). Rather than patch each failure, this module reads the file
into a tree with rules that forgive what banks get wrong, checks what an import needs, and hands
each statement and each transaction to the reader as a cleaned element, every value in the one
form ofxparse reads.

Every step is linear in the file and bounded before it starts: a file may be hostile. Comments
are skipped in one pass (a regex over `<!--` × 12,000 took 2–6 s: it searched for the end again
from every opening); amounts and dates are written back short, or refused, before ofxparse sees
them (its amount regexes took 13 s on a 100 KB number); and a file with more tags, transactions
or statements than `MAX_MARCAS`, `MAX_TRANSACOES`, `MAX_EXTRATOS` is refused before its tree is
built, or as it is built (a tree of 20 MB of tiny tags took 9 s). Nothing of the file goes
through ofxparse's own front (`OfxParser.parse`), whose BeautifulSoup tree and tag-closing pass
cost 0.3 ms per element and are quadratic in the number of tags.
"""
import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from shared.api import ANO_MAXIMO, ANO_MINIMO

from .erros import ExtratoGrandeDemais, ExtratoInvalido

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

# One file, one period of one conta: a studio's year is a few thousand lines, a busy account's
# some tens of thousands. Past this, the import could not finish within the worker's timeout on
# a small machine (README, "Limits"); the user splits the period.
MAX_TRANSACOES = 50_000
# What tags a statement of MAX_TRANSACOES can carry (each `<`, closing ones included: OFX 2.x
# closes every value, ~20 per transaction). Counted in the bytes, before anything is built.
MAX_MARCAS = 30 * MAX_TRANSACOES
# Statements in one file: one conta's, plus the empty one of another account that Banco do Brasil
# adds. Each costs ofxparse a fraction of a millisecond, so 100,000 empty ones took 18 s.
MAX_EXTRATOS = 10

# A tag and the text after it, up to the next tag (a `<` that starts no tag is text).
_TAG = r"<(/?)([A-Za-z0-9_.]+)\s*(/?)>"
_PECA = re.compile(_TAG + r"([^<]*(?:<(?!/?[A-Za-z0-9_.]+\s*/?>)[^<]*)*)")
_COMENTARIOS_E_INSTRUCOES = (("<!--", "-->"), ("<?", "?>"))
_NUMERO = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# numeric(14,2): twelve digits before the point, two after.
_DIGITOS_INTEIROS, _DIGITOS_DECIMAIS = 12, 2
# An amount written as `_valor` writes it back: no leading zero, exactly two decimals, in range.
_JA_LIMPO = re.compile(r"-?(?:0|[1-9]\d{0,11})\.\d\d")
_OBRIGATORIOS = (("DTPOSTED", "a data"), ("TRNAMT", "o valor"))
_NOMES_DE_SALDO = frozenset({"MEMO", "NAME"})


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
    """One statement as the reader hands it to ofxparse, and what it needs besides."""
    elemento: Elemento               # the STMTRS or CCSTMTRS, cleaned, its transactions taken out
    cartao: bool                     # CCSTMTRS
    transacoes: tuple[Elemento, ...]  # the STMTTRN elements, cleaned, in the file's order
    fitids: tuple[str | None, ...]   # one per transaction, as the file had it
    moedas: frozenset[str]           # CURSYM of transactions in another currency than CURDEF
    saldos_ignorados: int


def normalizar(dados: bytes) -> tuple[ExtratoNormalizado, ...]:
    """The file's statements, bank statements first, then cards (ofxparse's order)."""
    marcas = dados.count(b"<")
    if marcas > MAX_MARCAS:
        raise ExtratoGrandeDemais(
            f"O arquivo tem {_milhares(marcas)} marcas OFX, mais do que cabe em um extrato de "
            f"{_milhares(MAX_TRANSACOES)} transações; divida o extrato em períodos menores.")
    texto = _decodificar(dados)
    inicio = re.search(r"<OFX>", texto, re.IGNORECASE)
    if not inicio:
        raise ExtratoInvalido("O arquivo não é um extrato OFX: não há a marca <OFX>.")
    raiz = _arvore(_sem_comentarios(texto, inicio.start()))
    bancarios, cartoes = _todos(raiz, "STMTRS"), _todos(raiz, "CCSTMTRS")
    if not bancarios and not cartoes:
        raise ExtratoInvalido("O arquivo OFX não contém extrato de conta nem de cartão.")
    return tuple(_limpar_extrato(e, cartao) for lista, cartao in ((bancarios, False), (cartoes, True))
                 for e in lista)


def _decodificar(dados: bytes) -> str:
    """The declared CHARSET is not trusted: banks declare 1252 and send UTF-8, or the reverse, and
    some files mix both. Each line is read as UTF-8 when it is valid UTF-8 (CP1252 accents almost
    never form valid UTF-8), else as CP1252, else as latin-1 (which takes the few bytes CP1252
    leaves undefined). A file that is UTF-8 (or ASCII) throughout decodes the same at once.

    Otherwise the file goes in blocks of whole lines, and a block is read line by line only when
    those readings can differ in it: when it has a byte CP1252 leaves undefined, or a lead byte
    followed by a continuation byte (every non-ASCII UTF-8 character has one). Its other lines are
    ASCII or invalid UTF-8, which CP1252 reads all at once. Line by line, a CP1252 file of 50,000
    transactions took 0.15 s, and a hostile one of 5 million short lines 7 s."""
    try:
        return dados.decode("utf-8")
    except UnicodeDecodeError:
        pass
    classes = dados.translate(_CLASSES_DE_BYTE)  # byte for byte: bytes.find and `in` search it in C
    partes, inicio = [], 0
    while inicio < len(dados):
        fim = classes.find(b"N", inicio + _BLOCO)
        fim = len(dados) if fim < 0 else fim + 1
        bloco = classes[inicio:fim]
        if b"U" in bloco or b"LC" in bloco:
            partes += [_linha(linha) for linha in dados[inicio:fim].splitlines(keepends=True)]
        else:
            partes.append(dados[inicio:fim].decode("cp1252"))
        inicio = fim
    return "".join(partes)


def _linha(linha: bytes) -> str:
    for codificacao in ("utf-8", "cp1252"):
        try:
            return linha.decode(codificacao)
        except UnicodeDecodeError:
            continue
    return linha.decode("latin-1")


def _classe(byte: int) -> bytes:
    if byte in b"\r\n":
        return b"N"   # ends a line (as bytes.splitlines: \n, \r, \r\n)
    if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
        return b"U"   # undefined in CP1252
    if 0xC2 <= byte <= 0xF4:
        return b"L"   # may lead a UTF-8 character
    if 0x80 <= byte <= 0xBF:
        return b"C"   # may continue one
    return b"."


_CLASSES_DE_BYTE = b"".join(_classe(b) for b in range(256))
_BLOCO = 4096  # bytes, then up to the end of that line


def _sem_comentarios(texto: str, inicio: int) -> str:
    """The text from `inicio` without comments (<!-- -->) and processing instructions (<? ?>), in
    one pass: each opening's end is searched once, and an opening without an end stays as text
    (with every later one of its kind, which cannot have an end either)."""
    partes = []
    proximas = {abre: texto.find(abre, inicio) for abre, _ in _COMENTARIOS_E_INSTRUCOES}
    while any(p >= 0 for p in proximas.values()):
        posicao, abre, fecha = min((proximas[abre], abre, fecha) for abre, fecha in _COMENTARIOS_E_INSTRUCOES
                                   if proximas[abre] >= 0)
        fim = texto.find(fecha, posicao + len(abre))
        if fim < 0:
            proximas[abre] = -1
            continue
        partes.append(texto[inicio:posicao])
        inicio = fim + len(fecha)
        # An opening found earlier but inside what was just skipped is searched for again after it.
        for outra, onde in proximas.items():
            if 0 <= onde < inicio:
                proximas[outra] = texto.find(outra, inicio)
    partes.append(texto[inicio:])
    return "".join(partes)


def _arvore(texto: str) -> Elemento:
    raiz = Elemento("#raiz", None, [])
    pilha = [raiz]
    abertos: dict[str, int] = {}  # aggregate name -> its place in `pilha`
    nomes: dict[str, str] = {}  # as written -> upper case, one string per name
    transacoes = extratos = 0
    filhos = raiz.filhos  # those of the innermost open aggregate, `pilha[-1]`
    # Tag by tag (finditer, not split: no list of every piece of a big file at once), each with
    # the text that follows it.
    for marca in _PECA.finditer(texto):
        fecha, escrito, vazio, seguinte = marca.groups()
        nome = nomes.get(escrito)
        if nome is None:
            nome = nomes[escrito] = sys.intern(escrito.upper())
        if nome not in AGREGADOS:
            # A value's closing tag is optional and adds nothing; an empty value is as if absent.
            if not (fecha or vazio):
                valor = (html.unescape(seguinte) if "&" in seguinte else seguinte).strip()
                if valor:
                    filhos.append(Elemento(nome, valor))
            continue
        # Closing an aggregate closes what was left open inside it; opening one while another of
        # the same name is open means the bank never closed the first (aggregates never nest, so
        # the stack never holds more than one of each).
        aberto = abertos.get(nome)
        if aberto is not None:
            for fechado in pilha[aberto:]:
                del abertos[fechado.nome]
            del pilha[aberto:]
            filhos = pilha[-1].filhos
        if fecha:
            continue
        if nome == "STMTTRN":
            transacoes += 1
            if transacoes > MAX_TRANSACOES:
                raise ExtratoGrandeDemais(
                    f"O extrato tem mais de {_milhares(MAX_TRANSACOES)} transações, o limite por arquivo; "
                    "divida o extrato em períodos menores.")
        elif nome in ("STMTRS", "CCSTMTRS"):
            extratos += 1
            if extratos > MAX_EXTRATOS:
                raise ExtratoInvalido(f"O arquivo traz mais de {MAX_EXTRATOS} extratos; exporte um arquivo por conta.")
        novo = Elemento(nome, None, [])
        filhos.append(novo)
        if not vazio:
            abertos[nome] = len(pilha)
            pilha.append(novo)
            filhos = novo.filhos
    if "STMTTRN" in abertos or "BANKTRANLIST" in abertos:
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


def _limpar_extrato(extrato: Elemento, cartao: bool) -> ExtratoNormalizado:
    _limpar_valores(extrato, "no extrato", exceto={"BANKTRANLIST"})
    lista = extrato.filho("BANKTRANLIST")
    if lista is None:
        return ExtratoNormalizado(extrato, cartao, (), (), frozenset(), 0)
    _limpar_valores(lista, "no extrato", exceto={"STMTTRN"})
    todas = [f for f in lista.filhos if f.nome == "STMTTRN"]
    # The transactions leave the list that goes to ofxparse: the reader hands them over itself.
    lista.filhos = [f for f in lista.filhos if f.nome != "STMTTRN"]
    transacoes = [t for t in todas if not _e_linha_de_saldo(t)]
    fitids, moedas = [], set()
    for numero, transacao in enumerate(transacoes, 1):
        onde = f"na transação nº {numero}"
        _limpar_valores(transacao, onde)
        filhos = _primeiros_filhos(transacao)
        for obrigatorio, nome in _OBRIGATORIOS:
            if obrigatorio not in filhos:
                raise ExtratoInvalido(f"Falta {nome} ({obrigatorio}) {onde}.")
        fitid = filhos.get("FITID")
        if fitid is None:
            transacao.filhos.append(Elemento("FITID", FITID_AUSENTE))
        fitids.append(None if fitid is None else fitid.valor)
        moeda = filhos.get("CURRENCY")
        if moeda is not None and moeda.valor_de("CURSYM"):
            moedas.add(moeda.valor_de("CURSYM"))
    return ExtratoNormalizado(extrato, cartao, tuple(transacoes), tuple(fitids), frozenset(moedas),
                              len(todas) - len(transacoes))


def _primeiros_filhos(elemento: Elemento) -> dict[str, Elemento]:
    """The first child of each name (as `Elemento.filho` finds it), for a transaction's few lookups."""
    primeiros: dict[str, Elemento] = {}
    for filho in elemento.filhos:
        if filho.nome not in primeiros:
            primeiros[filho.nome] = filho
    return primeiros


def _e_linha_de_saldo(transacao: Elemento) -> bool:
    # The first MEMO and the first NAME (as `valor_de` finds them), in one walk of the children.
    vistos = set()
    for filho in transacao.filhos:
        if filho.nome in _NOMES_DE_SALDO and filho.nome not in vistos:
            vistos.add(filho.nome)
            if filho.valor is not None and " ".join(filho.valor.upper().split()) in LINHAS_DE_SALDO:
                return True
    return False


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
    # UTC, as ofxparse would, moves evening transactions to the next day. It goes to ofxparse with
    # a zero time, the form its first attempt reads.
    limpa, erro = _dia(texto)
    if erro is not None:
        raise ExtratoInvalido(f"A data '{_trecho(texto)}' {onde} {erro}")
    return limpa


@lru_cache(maxsize=4096)
def _dia(texto: str) -> tuple[str, str | None]:
    """The date as it goes on, or why it cannot (the end of the message): a statement has a few
    hundred distinct dates among tens of thousands of lines."""
    dia = re.match(r"\d{8}", texto)
    if dia is None:
        return "", "não é uma data OFX (AAAAMMDD)."
    if dia.group() == "00000000":
        return "", None  # Bradesco writes zeros where it has no date
    ano, mes, dia_do_mes = int(dia.group()[:4]), int(dia.group()[4:6]), int(dia.group()[6:])
    try:
        date(ano, mes, dia_do_mes)
    except ValueError:
        return "", "não existe."
    if not ANO_MINIMO <= ano <= ANO_MAXIMO:
        return "", f"está fora dos anos aceitos ({ANO_MINIMO} a {ANO_MAXIMO})."
    return dia.group() + "000000", None


def _valor(texto: str, onde: str) -> str:
    # Banks write "-530,86", "6000.000,00", "   -11,76" and "1,234.56": when both separators
    # appear the last one is the decimal; a lone comma is decimal; several dots are ambiguous.
    if _JA_LIMPO.fullmatch(texto):
        return texto  # already what the end of this function writes: most exports
    numero = "".join(texto.split())
    if "," in numero and "." in numero:
        milhar = "." if numero.rfind(",") > numero.rfind(".") else ","
        numero = numero.replace(milhar, "").replace(",", ".")
    elif numero.count(",") == 1:
        numero = numero.replace(",", ".")
    if not _NUMERO.fullmatch(numero):
        raise ExtratoInvalido(f"O valor '{_trecho(texto.strip())}' {onde} não é um número.")
    # Written back short: what numeric(14,2) cannot hold is refused here, before ofxparse, whose
    # amount regexes take seconds on a long number. The value itself is unchanged.
    sinal = "-" if numero.startswith("-") else ""
    inteiro, _, decimais = numero.lstrip("+-").partition(".")
    inteiro, decimais = inteiro.lstrip("0"), decimais.rstrip("0")
    if len(inteiro) > _DIGITOS_INTEIROS:
        raise ExtratoInvalido(f"O valor '{_trecho(texto.strip())}' {onde} passa do limite de 999.999.999.999,99.")
    if len(decimais) > _DIGITOS_DECIMAIS:
        raise ExtratoInvalido(f"O valor '{_trecho(texto.strip())}' {onde} tem frações de centavo.")
    return f"{sinal}{inteiro or '0'}.{decimais:0<2}"


def _trecho(texto: str, limite: int = 40) -> str:
    """The start of what the file had, to name it in a message: a value may be megabytes long."""
    return texto if len(texto) <= limite else texto[:limite] + "…"


def _milhares(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")
