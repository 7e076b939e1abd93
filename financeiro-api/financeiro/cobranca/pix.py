"""PIX for a receivable: its txid, the static BR Code ("copia e cola") and its QR image.

The BR Code is EMV QRCPS as the Banco Central's "Manual de Padrões para Iniciação do Pix" fixes it:
TLV fields (two-digit id, two-digit length, value), the key under the GUI br.gov.bcb.pix, the
txid in the additional data, and a CRC16-CCITT-FALSE over the whole text closing it.
"""
import io
import re
from decimal import Decimal

import segno

from shared import pix as chaves_pix

from financeiro.cobranca.cnab.layout import ascii_sem_acento
from financeiro.cobranca.modelos import TipoChavePix

# A txid is the payer's bank's only link back to the lançamento (the statement line carries it),
# so it must name the (empresa, lançamento) pair and nothing else, and be the same every time the
# boleto is printed. The ids are written in base 35 (0-9, A-Y, upper case because some banks
# upper-case what they echo back), joined by "Z", which base 35 never uses, so (1, 23) and
# (12, 3) stay apart. The static BR Code takes at most 25 characters: ids up to 35¹⁰ (2.7 × 10¹⁵).
_PREFIXO_TXID = "ERP"
_ALGARISMOS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXY"
_SEPARADOR = "Z"
TAMANHO_TXID = 25
# BCB: the txid of a BR Code without one.
SEM_TXID = "***"

_TXID = re.compile(r"[A-Za-z0-9]{1,25}")
TAMANHO_CHAVE = 77


def _base35(numero: int) -> str:
    texto = ""
    while True:
        numero, resto = divmod(numero, 35)
        texto = _ALGARISMOS[resto] + texto
        if numero == 0:
            return texto


def txid(empresa_id: int, lancamento_id: int) -> str:
    if empresa_id < 1 or lancamento_id < 1:
        raise ValueError("O txid é de um lançamento existente (ids a partir de 1).")
    texto = _PREFIXO_TXID + _base35(empresa_id) + _SEPARADOR + _base35(lancamento_id)
    if len(texto) > TAMANHO_TXID:
        raise ValueError("Os ids da empresa e do lançamento não cabem nos 25 caracteres do txid.")
    return texto


def lancamento_do_txid(texto: str) -> tuple[int, int] | None:
    """(empresa_id, lancamento_id) of a txid that `txid` made, None for any other text."""
    texto = texto.strip().upper()
    if not texto.startswith(_PREFIXO_TXID) or texto.count(_SEPARADOR) != 1:
        return None
    partes = texto[len(_PREFIXO_TXID):].split(_SEPARADOR)
    if not all(partes) or any(c not in _ALGARISMOS for c in "".join(partes)):
        return None
    empresa_id, lancamento_id = (int(p, 35) for p in partes)
    return (empresa_id, lancamento_id) if txid(empresa_id, lancamento_id) == texto else None


def tipo_chave(chave: str) -> TipoChavePix:
    """The kind of a PIX key written as the DICT keeps it (as shared/pix.py normalizes what cadastros
    stores); ValueError in pt-BR for anything else."""
    if not chave or len(chave) > TAMANHO_CHAVE:
        raise ValueError(f"A chave PIX deve ter de 1 a {TAMANHO_CHAVE} caracteres.")
    normal, tipo = chaves_pix.normalizar(chave, None)
    if normal != chave:
        raise ValueError(f"A chave PIX deve estar como o DICT a guarda: {normal}")
    return tipo


def crc16(texto: str) -> str:
    """CRC16-CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in texto.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xFFFF
    return f"{crc:04X}"


def _campo(identificador: str, valor: str) -> str:
    if len(valor) > 99:
        raise ValueError("Um campo do BR Code passou de 99 caracteres.")
    return f"{identificador}{len(valor):02d}{valor}"


def _texto_livre(texto: str, tamanho: int, nome: str) -> str:
    limpo = " ".join(ascii_sem_acento(texto, maiusculas=False).split())[:tamanho].rstrip()
    if not limpo:
        raise ValueError(f"Informe {nome} para o PIX.")
    return limpo


def br_code(chave: str, valor: Decimal | None, txid: str, nome: str, cidade: str) -> str:
    """The static BR Code paying `valor` (any amount when None) to `chave`, identified by `txid`.
    `nome` (up to 25) and `cidade` (up to 15) are the recebedor's, written without accents."""
    tipo_chave(chave)
    if txid != SEM_TXID and not _TXID.fullmatch(txid):
        raise ValueError("O txid deve ter de 1 a 25 letras ou dígitos.")
    campos = [
        _campo("00", "01"),
        _campo("26", _campo("00", "br.gov.bcb.pix") + _campo("01", chave)),
        _campo("52", "0000"),
        _campo("53", "986"),
    ]
    if valor is not None:
        if valor <= 0 or valor != valor.quantize(Decimal("0.01")):
            raise ValueError("O valor do PIX deve ser positivo, com até dois decimais.")
        campos.append(_campo("54", f"{valor:.2f}"))
    campos += [
        _campo("58", "BR"),
        _campo("59", _texto_livre(nome, 25, "o nome do recebedor")),
        _campo("60", _texto_livre(cidade, 15, "a cidade do recebedor")),
        _campo("62", _campo("05", txid)),
    ]
    texto = "".join(campos) + "6304"
    return texto + crc16(texto)


def qr_svg(texto: str) -> str:
    """The QR code of `texto` (error correction M), as an SVG document an <img> can show: with its
    xmlns, which a browser needs to draw an SVG image (segno's svg_inline leaves it out)."""
    documento = io.BytesIO()
    segno.make(texto, error="m", micro=False).save(documento, kind="svg", xmldecl=False, nl=False, scale=4, border=4)
    return documento.getvalue().decode("ascii")
