"""OFX 1.x statements written as Brazilian banks export them — for the demo studio's statement, and
for the tests and the bench to upload: SGML with no closing tags on values, CP1252.

Values are written as given (strings), so a test can also write what a bank gets wrong ("1300,00",
"abc"); a date may be a `date` or the text to write.
"""
from dataclasses import dataclass
from datetime import date

CABECALHO = ["OFXHEADER:100", "DATA:OFXSGML", "VERSION:102", "SECURITY:NONE", "ENCODING:USASCII", "CHARSET:1252",
             "COMPRESSION:NONE", "OLDFILEUID:NONE", "NEWFILEUID:NONE", ""]


@dataclass(frozen=True)
class Linha:
    data: date | str
    valor: str
    memo: str
    fitid: str | None = None  # None: the bank left it out
    tipo: str | None = None  # TRNTYPE; by default CREDIT or DEBIT from the sign
    checknum: str | None = None


def _data(valor: date | str) -> str:
    return f"{valor:%Y%m%d}" if isinstance(valor, date) else valor


def stmttrn(linha: Linha) -> list[str]:
    tipo = linha.tipo or ("DEBIT" if linha.valor.startswith("-") else "CREDIT")
    tags = ["<STMTTRN>", f"<TRNTYPE>{tipo}", f"<DTPOSTED>{_data(linha.data)}", f"<TRNAMT>{linha.valor}"]
    if linha.fitid is not None:
        tags.append(f"<FITID>{linha.fitid}")
    if linha.checknum is not None:
        tags.append(f"<CHECKNUM>{linha.checknum}")
    return [*tags, f"<MEMO>{linha.memo}", "</STMTTRN>"]


def ofx(linhas, *, inicio: date | str, fim: date | str, conta: str = "12345-6", banco: str = "0341",
        agencia: str = "0001", saldo: str | None = None, data_saldo: date | str | None = None,
        servidor: date | str | None = None, quebra: str = "\n") -> bytes:
    """A whole statement of `linhas` (Linha). `servidor` (DTSERVER, default `fim`) changes the file's
    bytes, not its statement; `saldo` adds the LEDGERBAL, dated `data_saldo` (default `fim`)."""
    tags = [*CABECALHO, "<OFX>", "<SIGNONMSGSRSV1>", "<SONRS>", "<STATUS>", "<CODE>0", "<SEVERITY>INFO", "</STATUS>",
            f"<DTSERVER>{_data(servidor or fim)}", "<LANGUAGE>POR", "</SONRS>", "</SIGNONMSGSRSV1>",
            "<BANKMSGSRSV1>", "<STMTTRNRS>", "<TRNUID>1", "<STMTRS>", "<CURDEF>BRL", "<BANKACCTFROM>",
            f"<BANKID>{banco}", f"<BRANCHID>{agencia}", f"<ACCTID>{conta}", "<ACCTTYPE>CHECKING", "</BANKACCTFROM>",
            "<BANKTRANLIST>", f"<DTSTART>{_data(inicio)}", f"<DTEND>{_data(fim)}"]
    for linha in linhas:
        tags += stmttrn(linha)
    tags.append("</BANKTRANLIST>")
    if saldo is not None:
        tags += ["<LEDGERBAL>", f"<BALAMT>{saldo}", f"<DTASOF>{_data(data_saldo or fim)}", "</LEDGERBAL>"]
    tags += ["</STMTRS>", "</STMTTRNRS>", "</BANKMSGSRSV1>", "</OFX>", ""]
    return quebra.join(tags).encode("cp1252")
