"""The structural checker of CNAB files the tests run over every file the product writes.

It is independent of the generator on purpose: it imports neither the layout engine nor its JSON
layouts, and knows only the FEBRABAN v10.11 positions it carries below (transcribed from
shared/reference/cnab-boleto.md §2.1, "Checks a structural validator should run" 1–10). Were it to
read the generator's tables, a wrong position would be wrong on both sides and pass.

`verificar_240(texto)` and `verificar_400(texto)` return the problems found, in pt-BR, each naming
the line; an empty list is a file the checker accepts.
"""
import re
from datetime import datetime
from decimal import Decimal

# Positions (from, to, kind) that must hold digits in each record; "d8" is a date DDMMAAAA (or
# zeros), "n" any digits. The key is the record type, or the segment letter for details.
_NUMERICOS_240 = {
    "0": [(1, 3, "n"), (4, 7, "n"), (18, 18, "n"), (19, 32, "n"), (143, 143, "n"), (144, 151, "d8"),
          (152, 157, "n"), (158, 163, "n"), (164, 166, "n")],
    "1_cobranca": [(10, 11, "n"), (14, 16, "n"), (18, 18, "n"), (19, 33, "n"), (184, 191, "n"),
                   (192, 199, "d8"), (200, 207, "d8")],
    "1_pagamentos": [(10, 11, "n"), (12, 13, "n"), (14, 16, "n"), (18, 18, "n"), (19, 32, "n")],
    "P": [(16, 17, "n"), (78, 85, "d8"), (86, 100, "n"), (110, 117, "d8"), (118, 118, "n"),
          (119, 126, "d8"), (127, 141, "n"), (142, 142, "n"), (143, 150, "d8"), (151, 165, "n"),
          (166, 180, "n"), (181, 195, "n"), (228, 229, "n")],
    "Q": [(16, 17, "n"), (18, 18, "n"), (19, 33, "n")],
    "R": [(16, 17, "n"), (66, 66, "n"), (67, 74, "d8"), (75, 89, "n")],
    "T": [(16, 17, "n"), (74, 81, "d8"), (82, 96, "n"), (199, 213, "n")],
    "U": [(16, 17, "n"), (18, 32, "n"), (33, 47, "n"), (48, 62, "n"), (63, 77, "n"), (78, 92, "n"),
          (93, 107, "n"), (138, 145, "d8"), (146, 153, "d8")],
    "A": [(15, 15, "n"), (16, 17, "n"), (18, 20, "n"), (21, 23, "n"), (94, 101, "d8"), (120, 134, "n")],
    "J": [(15, 15, "n"), (16, 17, "n"), (18, 61, "n"), (92, 99, "d8"), (100, 114, "n"), (145, 152, "d8"),
          (153, 167, "n")],
    "J52": [(18, 19, "n"), (20, 20, "n"), (21, 35, "n")],
    "5": [(18, 23, "n")],
    "9": [(18, 23, "n"), (24, 29, "n")],
}
# Banks whose records put FEBRABAN's fields elsewhere (rule 11: the bank's manual wins): Santander's
# retorno T (nosso número 41–53, vencimento 70–77, valor 78–92, tarifa 194–208).
_NUMERICOS_DO_BANCO = {"033": {"T": [(16, 17, "n"), (70, 77, "d8"), (78, 92, "n"), (194, 208, "n")]}}
# Segments each kind of lote may hold (G039 by service): cobrança remessa, cobrança retorno,
# pagamento de títulos (formas 11, 30, 31: J and its J-52) and the other pagamentos (A, B, C).
_SEGMENTOS = {"cobranca_remessa": set("PQRSY"), "cobranca_retorno": set("TUY"), "titulos": set("JZ"),
              "pagamentos": set("ABCDZ")}
# Where case is the value's own (e-mails, PIX keys and txids): exempt from the uppercase rule.
_CAIXA_LIVRE = {"Y": (18, 240), "B": (68, 226), "J52": (132, 240)}
_SEM_MINUSCULAS = re.compile(r"[^\x20-\x60\x7b-\x7e]")
_DETALHE_400_DATAS = {"REMESSA": [(121, 126), (151, 156)], "RETORNO": [(111, 116), (147, 152)]}


def _linhas(texto: str, tamanho: int, problemas: list[str]) -> list[str]:
    """The lines; a file without CRLF after every line, or with a line of another width, is a problem."""
    if not texto:
        problemas.append("arquivo vazio")
        return []
    if not texto.endswith("\r\n") or texto.count("\n") != texto.count("\r\n"):
        problemas.append("as linhas devem terminar em CRLF (\\r\\n), inclusive a última")
    linhas = texto.replace("\r\n", "\n").rstrip("\n").split("\n")
    for numero, linha in enumerate(linhas, 1):
        if len(linha) != tamanho:
            problemas.append(f"linha {numero}: {len(linha)} posições, esperado {tamanho}")
    return linhas


def _caixa(linhas: list[str], segmento_de, problemas: list[str]) -> None:
    ruins = []
    for numero, linha in enumerate(linhas, 1):
        livre = _CAIXA_LIVRE.get(segmento_de(linha))
        trecho = linha[:livre[0] - 1] + linha[livre[1]:] if livre else linha
        if _SEM_MINUSCULAS.search(trecho):
            ruins.append(str(numero))
    if ruins:
        problemas.append(f"linhas {', '.join(ruins[:10])}{'...' if len(ruins) > 10 else ''}: "
                         "só ASCII maiúsculo sem acento")


def _data_valida(trecho: str, formato: str) -> bool:
    if set(trecho) == {"0"}:
        return True
    try:
        datetime.strptime(trecho, formato)
    except ValueError:
        return False
    return True


def _numericos(numero: int, linha: str, campos, problemas: list[str]) -> None:
    for de, ate, tipo in campos:
        trecho = linha[de - 1:ate]
        if not trecho.isdigit():
            problemas.append(f"linha {numero}: posições {de}-{ate} devem ser dígitos ({trecho!r})")
        elif tipo == "d8" and not _data_valida(trecho, "%d%m%Y"):
            problemas.append(f"linha {numero}: posições {de}-{ate} não são uma data DDMMAAAA ({trecho!r})")


def _segmento(linha: str) -> str:
    if linha[7:8] != "3":
        return linha[7:8]
    return "J52" if linha[13] == "J" and linha[17:19] == "52" else linha[13]


def _tipo_de_lote(header: str, retorno: bool) -> str:
    if header[9:11] == "01" and header[8] != "C":
        return "cobranca_retorno" if retorno else "cobranca_remessa"
    return "titulos" if header[11:13] in ("11", "30", "31") else "pagamentos"


def _valor(trecho: str) -> Decimal:
    return Decimal(trecho).scaleb(-2) if trecho.isdigit() else Decimal("0")


def _conferir_lote(lote: list[tuple[int, str]], numero_lote: int, retorno: bool, problemas: list[str]) -> None:
    (n_header, header), (n_trailer, trailer) = lote[0], lote[-1]
    tipo = _tipo_de_lote(header, retorno)
    _numericos(n_header, header, _NUMERICOS_240["1_cobranca" if tipo.startswith("cobranca") else "1_pagamentos"],
               problemas)
    detalhes = [(n, linha) for n, linha in lote if linha[7] == "3"]
    soma = Decimal("0")
    for posicao, (n, linha) in enumerate(detalhes):
        if linha[8:13] != f"{posicao + 1:05d}":
            problemas.append(f"linha {n}: sequencial do registro no lote {linha[8:13]!r}, esperado {posicao + 1:05d}")
        segmento = _segmento(linha)
        letra = segmento[0]
        if letra not in _SEGMENTOS[tipo]:
            problemas.append(f"linha {n}: segmento {letra!r} não cabe num lote de {tipo.replace('_', ' ')}")
            continue
        campos = _NUMERICOS_DO_BANCO.get(linha[:3], {}).get(segmento) or _NUMERICOS_240.get(segmento, [])
        _numericos(n, linha, campos, problemas)
        seguinte = detalhes[posicao + 1][1] if posicao + 1 < len(detalhes) else ""
        if segmento == "P" and linha[15:17] == "01" and _segmento(seguinte) != "Q":
            problemas.append(f"linha {n}: segmento P de entrada (movimento 01) sem o Q logo depois")
        if segmento == "J" and _segmento(seguinte) != "J52":
            problemas.append(f"linha {n}: segmento J sem o J-52 logo depois")
        if segmento == "A":
            soma += _valor(linha[119:134])
        if segmento == "J":
            soma += _valor(linha[152:167])
    _numericos(n_trailer, trailer, _NUMERICOS_240["5"], problemas)
    if trailer[17:23].isdigit() and int(trailer[17:23]) != len(lote):
        problemas.append(f"linha {n_trailer}: trailer do lote {numero_lote} diz {int(trailer[17:23])} registros, "
                         f"o lote tem {len(lote)}")
    if tipo in ("titulos", "pagamentos"):
        somatoria = trailer[23:41]
        if not somatoria.isdigit() or _valor(somatoria) != soma:
            problemas.append(f"linha {n_trailer}: somatória do lote {numero_lote} {somatoria!r}, "
                             f"a soma dos valores é {soma}")


def verificar_240(texto: str) -> list[str]:
    """The problems of a CNAB 240 file (remessa or retorno, cobrança or pagamentos)."""
    problemas: list[str] = []
    linhas = _linhas(texto, 240, problemas)
    if not linhas or any("posições, esperado" in p for p in problemas):
        return problemas
    _caixa(linhas, _segmento, problemas)
    banco = linhas[0][:3]
    for numero, linha in enumerate(linhas, 1):
        if linha[:3] != banco:
            problemas.append(f"linha {numero}: banco {linha[:3]!r}, o header de arquivo diz {banco!r}")
    header, trailer = linhas[0], linhas[-1]
    if header[7] != "0" or header[3:7] != "0000":
        problemas.append("linha 1: o arquivo deve começar pelo header de arquivo (lote 0000, tipo 0)")
    if trailer[7] != "9" or trailer[3:7] != "9999":
        problemas.append(f"linha {len(linhas)}: o arquivo deve terminar no trailer de arquivo (lote 9999, tipo 9)")
    _numericos(1, header, _NUMERICOS_240["0"], problemas)
    if header[142] not in "12":
        problemas.append(f"linha 1: posição 143 deve ser 1 (remessa) ou 2 (retorno), está {header[142]!r}")
    if not header[157:163].isdigit() or int(header[157:163]) == 0:
        problemas.append(f"linha 1: NSA (158-163) deve ser maior que zero, está {header[157:163]!r}")
    retorno = header[142] == "2"

    lotes: list[list[tuple[int, str]]] = []
    aberto: list[tuple[int, str]] | None = None
    for numero, linha in enumerate(linhas[1:-1], 2):
        tipo = linha[7]
        if tipo == "1":
            if aberto is not None:
                problemas.append(f"linha {numero}: header de lote antes do trailer do lote anterior")
            aberto = [(numero, linha)]
            lotes.append(aberto)
            esperado = f"{len(lotes):04d}"
            if linha[3:7] != esperado:
                problemas.append(f"linha {numero}: lote {linha[3:7]!r}, esperado {esperado}")
            continue
        if aberto is None:
            problemas.append(f"linha {numero}: registro tipo {tipo!r} fora de um lote")
            continue
        if linha[3:7] != aberto[0][1][3:7]:
            problemas.append(f"linha {numero}: lote {linha[3:7]!r} dentro do lote {aberto[0][1][3:7]}")
        ordem = {"2": 1, "3": 2, "4": 3, "5": 4}
        if tipo not in ordem:
            problemas.append(f"linha {numero}: tipo de registro {tipo!r} inválido dentro de um lote")
            continue
        if ordem[tipo] < ordem.get(aberto[-1][1][7], 0):
            problemas.append(f"linha {numero}: registro tipo {tipo} depois de um tipo {aberto[-1][1][7]}")
        aberto.append((numero, linha))
        if tipo == "5":
            _conferir_lote(aberto, len(lotes), retorno, problemas)
            aberto = None
    if aberto is not None:
        problemas.append(f"lote {len(lotes)} sem trailer de lote")
    if not lotes:
        problemas.append("o arquivo não tem nenhum lote")

    _numericos(len(linhas), trailer, _NUMERICOS_240["9"], problemas)
    if trailer[17:23].isdigit() and int(trailer[17:23]) != len(lotes):
        problemas.append(f"linha {len(linhas)}: trailer de arquivo diz {int(trailer[17:23])} lotes, há {len(lotes)}")
    if trailer[23:29].isdigit() and int(trailer[23:29]) != len(linhas):
        problemas.append(f"linha {len(linhas)}: trailer de arquivo diz {int(trailer[23:29])} registros, "
                         f"o arquivo tem {len(linhas)}")
    return problemas


def verificar_400(texto: str) -> list[str]:
    """The problems of a CNAB 400 cobrança file (remessa or retorno)."""
    problemas: list[str] = []
    linhas = _linhas(texto, 400, problemas)
    if not linhas or any("posições, esperado" in p for p in problemas):
        return problemas
    _caixa(linhas, lambda linha: linha[0], problemas)
    header = linhas[0]
    if header[:19] not in ("01REMESSA01COBRANCA", "02RETORNO01COBRANCA"):
        problemas.append(f"linha 1: o header deve começar por 01REMESSA01COBRANCA ou 02RETORNO01COBRANCA, "
                         f"está {header[:19]!r}")
    if linhas[-1][0] != "9":
        problemas.append(f"linha {len(linhas)}: o último registro deve ser o trailer (tipo 9)")
    sentido = "RETORNO" if header[:19] == "02RETORNO01COBRANCA" else "REMESSA"
    for numero, linha in enumerate(linhas, 1):
        if linha[394:400] != f"{numero:06d}":
            problemas.append(f"linha {numero}: sequencial (395-400) {linha[394:400]!r}, esperado {numero:06d}")
        if numero == 1:
            datas = [(95, 100)]
        elif numero == len(linhas):
            datas = []
        elif linha[0] == "1":
            datas = _DETALHE_400_DATAS[sentido]
        elif linha[0] in "02345678":
            if linha[0] == "0":
                problemas.append(f"linha {numero}: header (tipo 0) fora da primeira linha")
            datas = []
        else:
            problemas.append(f"linha {numero}: tipo de registro {linha[0]!r} inválido")
            datas = []
        for de, ate in datas:
            trecho = linha[de - 1:ate]
            if not trecho.isdigit() or not _data_valida(trecho, "%d%m%y"):
                problemas.append(f"linha {numero}: posições {de}-{ate} não são uma data DDMMAA ({trecho!r})")
    return problemas
