"""Reading a bank's retorno: CNAB 240 cobrança (T+U) and pagamentos (A, J), CNAB 400 cobrança.

`ler(conteudo)` finds the layout (400 when the header says "02RETORNO", else 240), the bank (header) and the
finalidade (240: the header de lote's operação 'C' is pagamentos, serviço 01 cobrança; 400: the
"02RETORNO01COBRANCA" header), reads every line with the bank's layout (layouts/retorno*.json,
`retorno240_cobranca_<banco>` over `retorno240_cobranca` when the bank deviates) and says what each
detail reports as an Ocorrencia: on the T line with its U merged in, on the 400 detail, on the A
or J line.

Banks' files deviate in known ways, which are read and reported in `avisos` (pt-BR): trailing
blanks stripped, a line of 238 positions, Santander's lote numbers, trailer counts that disagree,
LF or CRLF or no terminator on the last line, a BOM, blank lines or a DOS end-of-file mark after
the last record. Anything else that is not a retorno raises ArquivoInvalido naming the line.
"""
import re
from decimal import Decimal
from functools import cache

from financeiro.cobranca import bancos, nosso_numero
from financeiro.cobranca.cnab import layout
from financeiro.cobranca.cnab.layout import ErroDeLayout, Layout, Registro
from financeiro.cobranca.modelos import ArquivoInvalido, LinhaLida, Ocorrencia, RetornoLido

ZERO = Decimal("0.00")
# Bytes a text file never holds (NUL and the other controls, except tab, CR and LF).
_BINARIO = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A line one bank (Sicoob, in the wild) cuts 2 short of 240: read as if padded.
_CURTA_CONHECIDA = 238
_REGISTROS_240 = {"0": "HEADER_ARQUIVO", "1": "HEADER_LOTE", "2": "INICIAL_LOTE", "4": "FINAL_LOTE",
                  "5": "TRAILER_LOTE", "9": "TRAILER_ARQUIVO"}
_SEGMENTOS = {"COBRANCA": {"T", "U", "Y"}, "PAGAMENTOS": {"A", "B", "C", "J", "J52", "Z"}}
# What a T without its U reports: no amounts, no dates.
_SEM_U = {"juros_multa": ZERO, "desconto": ZERO, "abatimento": ZERO, "valor_pago": ZERO, "valor_liquido": ZERO,
          "data_ocorrencia": None, "data_credito": None}


@cache
def layout_do_banco(base: str, banco: str) -> Layout:
    """The bank's own layout when it deviates from the base, else the base."""
    nome = f"{base}_{banco}"
    return layout.carregar(nome if nome in layout.disponiveis() else base)


def _linhas(conteudo: bytes) -> list[str]:
    # A DOS end-of-file mark may close the file, nowhere else.
    conteudo = conteudo.rstrip(b"\x1a")
    if not conteudo.strip(b" \r\n\t\xef\xbb\xbf"):
        raise ArquivoInvalido("O arquivo está vazio.")
    binario = _BINARIO.search(conteudo)
    if binario:
        linha = conteudo.count(b"\n", 0, binario.start()) + 1
        raise ArquivoInvalido(f"Linha {linha}: o arquivo não é um texto CNAB (caracteres de controle).", linha)
    try:
        texto = conteudo.decode("utf-8")
    except UnicodeDecodeError:
        texto = conteudo.decode("latin-1")
    texto = texto.removeprefix("\ufeff")
    linhas = texto.replace("\r\n", "\n").split("\n")
    while linhas and not linhas[-1].strip(" \r\t"):
        linhas.pop()
    return [linha.rstrip("\r") for linha in linhas]


def _ajustar(linhas: list[str], tamanho: int, avisos: list[str], lacunas: dict[str, int]) -> list[str]:
    """Every line at `tamanho`. A line cut short is padded when what is missing can only have been
    blanks: it ends in a non-blank, so the blanks after it were stripped. A line of 238 that still
    ends in blanks lost its 2 positions inside: where the layout's `linha_curta` says (inside the
    pagador's name, for a T), else at the end. Any other width is a broken file."""
    cortadas, curtas = [], []
    ajustadas = []
    for numero, linha in enumerate(linhas, 1):
        if len(linha) > tamanho or len(linha) < 14 or (len(linha) < tamanho and linha.endswith(" ")
                                                         and len(linha) != _CURTA_CONHECIDA):
            raise ArquivoInvalido(f"Linha {numero}: tem {len(linha)} posições, o arquivo é CNAB {tamanho}.", numero)
        if len(linha) == _CURTA_CONHECIDA and linha.endswith(" "):
            curtas.append(numero)
            fim = lacunas.get(linha[13] if linha[7] == "3" else linha[7], tamanho) - (tamanho - len(linha))
            linha = linha[:fim] + " " * (tamanho - len(linha)) + linha[fim:]
        elif len(linha) < tamanho:
            cortadas.append(numero)
        ajustadas.append(linha.ljust(tamanho))
    if curtas:
        avisos.append(f"Linhas {_lista(curtas)}: {_CURTA_CONHECIDA} posições em vez de {tamanho}; "
                      "lidas como se faltassem 2 brancos.")
    if cortadas:
        avisos.append(f"Linhas {_lista(cortadas)}: vieram sem os brancos finais; lidas como se completadas.")
    return ajustadas


def _lista(numeros: list[int]) -> str:
    return ", ".join(map(str, numeros[:10])) + (f" e mais {len(numeros) - 10}" if len(numeros) > 10 else "")


def _ler(registro: Registro, numero: int, linha: str) -> dict:
    try:
        return registro.ler(linha)
    except ErroDeLayout as erro:
        raise ArquivoInvalido(f"Linha {numero}: {erro}.", numero) from None


def _candidatos(banco: str, campo: str) -> tuple[str, ...]:
    digitos = campo.strip()
    if banco not in bancos.BANCOS_COBRANCA:
        return (digitos,) if digitos else ()
    return nosso_numero.candidatos(banco, campo) or ((digitos,) if digitos else ())


def _motivos(codigos: dict, tipo: str, texto: str) -> tuple[str, ...]:
    """The reasons in a motivos field (pairs of characters; "00" and blanks are none), in pt-BR."""
    tabela = codigos.get("motivos", {}).get(tipo, {})
    pares = [texto[i:i + 2] for i in range(0, len(texto), 2)]
    return tuple(tabela.get(par, f"Motivo {par} do banco") for par in pares
                 if par.strip() and par.strip("0") and len(par) == 2)


def _classificar(codigos: dict, codigo: str, numero: int) -> dict:
    """The ocorrência's tipo and pt-BR descrição; a code the layout does not know is "OUTRA"."""
    if not codigo.strip():
        raise ArquivoInvalido(f"Linha {numero}: o código da ocorrência está em branco.", numero)
    return codigos["ocorrencias"].get(codigo) or {"tipo": "OUTRA", "descricao": f"Ocorrência {codigo} do banco"}


def _ocorrencia_cobranca(banco: str, codigos: dict, numero: int, detalhe: dict, valores: dict) -> Ocorrencia:
    """The ocorrência of a 240 T (with its U as `valores`) or a 400 detail (`valores` is itself)."""
    codigo = detalhe["codigo_movimento"]
    if not codigo.isdigit():
        raise ArquivoInvalido(f"Linha {numero}: código de ocorrência {codigo!r} não é numérico.", numero)
    classe = _classificar(codigos, codigo, numero)
    tarifa = detalhe.get("tarifa", ZERO)
    # A bank prints the amount paid, the amount credited, or both: the other is the tarifa apart.
    pago, liquido = valores.get("valor_pago"), valores.get("valor_liquido")
    if pago is None:
        pago = liquido + tarifa if liquido else ZERO
    if liquido is None:
        liquido = max(pago - tarifa, ZERO) if pago else ZERO
    return Ocorrencia(
        codigo=codigo, tipo=classe["tipo"], descricao=classe["descricao"],
        nosso_numero_lido=detalhe["nosso_numero"].strip(),
        nosso_numero_candidatos=_candidatos(banco, detalhe["nosso_numero"]),
        seu_numero=detalhe["numero_documento"].strip() or detalhe.get("uso_empresa", "").strip(),
        valor_titulo=detalhe["valor_titulo"], valor_pago=pago, juros_multa=valores["juros_multa"],
        desconto=valores["desconto"], abatimento=valores["abatimento"], tarifa=tarifa, valor_liquido=liquido,
        data_ocorrencia=valores["data_ocorrencia"], data_credito=valores["data_credito"],
        motivos=_motivos(codigos, classe["tipo"], detalhe["motivos"]))


def _ocorrencia_pagamento(codigos: dict, numero: int, segmento: str, lido: dict) -> Ocorrencia:
    """The ocorrência of an A or J: up to five G059 codes in 231–240, the first one decides."""
    texto = lido["ocorrencias"]
    pares = [texto[i:i + 2] for i in range(0, len(texto), 2) if texto[i:i + 2].strip()]
    classe = _classificar(codigos, pares[0] if pares else "", numero)
    motivos = tuple(c["descricao"] for c in (_classificar(codigos, par, numero) for par in pares)
                    if c["tipo"] in ("PAGAMENTO_REJEITADO", "PAGAMENTO_EM_ANALISE"))
    efetuado = classe["tipo"] == "PAGAMENTO_EFETUADO"
    if segmento == "A":
        valor, pago = lido["valor"], lido["valor_real"] or (lido["valor"] if efetuado else ZERO)
        data, juros, desconto = lido["data_real"] or lido["data_pagamento"], ZERO, ZERO
    else:
        valor, pago = lido["valor_titulo"], lido["valor"] if efetuado else ZERO
        data, juros, desconto = lido["data_pagamento"], lido["acrescimos"], lido["desconto"]
    return Ocorrencia(
        codigo=pares[0], tipo=classe["tipo"], descricao=classe["descricao"],
        nosso_numero_lido=lido["nosso_numero"].strip(), seu_numero=lido["seu_numero"].strip(),
        valor_titulo=valor, valor_pago=pago, juros_multa=juros, desconto=desconto, valor_liquido=pago,
        data_ocorrencia=data, data_credito=data if efetuado else None, motivos=motivos)


def _finalidade_240(linhas: list[str]) -> str:
    for numero, linha in enumerate(linhas[1:], 2):
        if linha[7:8] == "1":
            if linha[8:9] == "C":
                return "PAGAMENTOS"
            if linha[9:11] == "01":
                return "COBRANCA"
            raise ArquivoInvalido(f"Linha {numero}: lote de serviço {linha[9:11]!r}; lemos retornos de cobrança "
                                  "(serviço 01) e de pagamentos.", numero)
    raise ArquivoInvalido("O arquivo não tem nenhum header de lote (registro tipo 1).", 1)


def _conferir_lotes(linhas: list[str], avisos: list[str]) -> None:
    """Lote numbers and trailer counts: a bank that gets them wrong is read anyway, and told."""
    lote_inicio, lotes, fora = None, 0, []
    for numero, linha in enumerate(linhas, 1):
        tipo = linha[7]
        if tipo == "1":
            lote_inicio, lotes = numero, lotes + 1
        if tipo in "12345" and linha[3:7] != f"{lotes:04d}":
            fora.append((numero, linha[3:7]))
        if tipo == "5" and lote_inicio is not None:
            registros = numero - lote_inicio + 1
            dito = linha[17:23]
            if dito.isdigit() and int(dito) == registros - 2:
                avisos.append(f"Linha {numero}: o trailer do lote conta só os {int(dito)} detalhes, "
                              f"não os {registros} registros do lote.")
            elif not dito.isdigit() or int(dito) != registros:
                avisos.append(f"Linha {numero}: o trailer do lote diz {dito.strip() or 'nada'}, "
                              f"o lote tem {registros} registros.")
            lote_inicio = None
    trailer = linhas[-1]
    if trailer[3:7] != "9999":
        fora.append((len(linhas), trailer[3:7]))
    if fora:
        numeros = sorted({lote for _, lote in fora})
        avisos.append(f"Linhas {_lista([n for n, _ in fora])}: número de lote {', '.join(numeros)} fora da "
                      "numeração FEBRABAN (0001… nos lotes, 9999 no trailer), como o Santander envia.")
    if trailer[17:23].isdigit() and int(trailer[17:23]) != lotes:
        avisos.append(f"Linha {len(linhas)}: o trailer de arquivo diz {int(trailer[17:23])} lotes, há {lotes}.")
    if trailer[23:29].isdigit() and int(trailer[23:29]) != len(linhas):
        avisos.append(f"Linha {len(linhas)}: o trailer de arquivo diz {int(trailer[23:29])} registros, "
                      f"o arquivo tem {len(linhas)}.")


def _ler_240(linhas: list[str], avisos: list[str]) -> RetornoLido:
    header = linhas[0].ljust(240)
    if header[7] != "0":
        raise ArquivoInvalido("Linha 1: o arquivo não começa por um header de arquivo (registro tipo 0).", 1)
    if header[142] == "1":
        raise ArquivoInvalido("Linha 1: este arquivo é uma remessa (posição 143 = 1), não um retorno do banco.", 1)
    if header[142] != "2":
        raise ArquivoInvalido(f"Linha 1: a posição 143 deve ser 2 (retorno), está {header[142]!r}.", 1)
    if linhas[-1][7:8] != "9":
        raise ArquivoInvalido(f"Linha {len(linhas)}: o arquivo termina sem o trailer de arquivo "
                              "(registro tipo 9); veio incompleto?", len(linhas))
    banco = header[:3]
    finalidade = _finalidade_240(linhas)
    leiaute = layout_do_banco("retorno240_cobranca" if finalidade == "COBRANCA" else "retorno240_pagamentos", banco)
    linhas = _ajustar(linhas, 240, avisos, leiaute.valores.get("linha_curta", {}))
    cabecalho = _ler(leiaute["header_arquivo"], 1, header)
    _conferir_lotes(linhas, avisos)

    lidas: list[LinhaLida] = []
    pendente: tuple[int, dict] | None = None    # a T waiting for its U

    def fechar_t(valores: dict) -> None:
        indice, t = pendente
        ocorrencia = _ocorrencia_cobranca(banco, leiaute.codigos, indice + 1, t, valores)
        lidas[indice] = LinhaLida(indice + 1, linhas[indice], "T", ocorrencia)

    for numero, linha in enumerate(linhas, 1):
        tipo = linha[7]
        if tipo == "0" and numero > 1 or tipo == "9" and numero < len(linhas):
            raise ArquivoInvalido(f"Linha {numero}: {_REGISTROS_240[tipo].lower().replace('_', ' de ')} fora do lugar.",
                                  numero)
        if tipo != "3":
            if tipo not in _REGISTROS_240:
                raise ArquivoInvalido(f"Linha {numero}: tipo de registro {tipo!r} desconhecido (posição 8).", numero)
            if pendente:
                avisos.append(f"Linha {pendente[0] + 1}: segmento T sem o U que o completa.")
                fechar_t(_SEM_U)
                pendente = None
            lidas.append(LinhaLida(numero, linha, _REGISTROS_240[tipo]))
            continue
        segmento = "J52" if linha[13] == "J" and linha[17:19] == "52" else linha[13]
        if segmento not in _SEGMENTOS[finalidade]:
            raise ArquivoInvalido(f"Linha {numero}: segmento {linha[13]!r} desconhecido num retorno de "
                                  f"{finalidade.lower()}.", numero)
        if finalidade == "PAGAMENTOS":
            ocorrencia = None
            if segmento in ("A", "J"):
                ocorrencia = _ocorrencia_pagamento(leiaute.codigos, numero, segmento,
                                                   _ler(leiaute[segmento], numero, linha))
            lidas.append(LinhaLida(numero, linha, segmento, ocorrencia))
            continue
        if segmento == "T":
            if pendente:
                avisos.append(f"Linha {pendente[0] + 1}: segmento T sem o U que o completa.")
                fechar_t(_SEM_U)
            pendente = (len(lidas), _ler(leiaute["T"], numero, linha))
            lidas.append(LinhaLida(numero, linha, "T"))
        elif segmento == "U":
            if not pendente:
                raise ArquivoInvalido(f"Linha {numero}: segmento U sem o T que o antecede.", numero)
            fechar_t(_ler(leiaute["U"], numero, linha))
            pendente = None
            lidas.append(LinhaLida(numero, linha, "U"))
        else:
            lidas.append(LinhaLida(numero, linha, segmento))
    nsa = cabecalho["nsa"]
    return RetornoLido(banco=banco, layout="CNAB240", finalidade=finalidade,
                       nsa=int(nsa) if nsa.isdigit() else None, gerado_em=cabecalho["data_geracao"],
                       linhas=lidas, avisos=tuple(avisos))



def _ler_400(linhas: list[str], avisos: list[str]) -> RetornoLido:
    linhas = _ajustar(linhas, 400, avisos, {})
    header = linhas[0]
    if header.startswith("01REMESSA"):
        raise ArquivoInvalido("Linha 1: este arquivo é uma remessa (01REMESSA), não um retorno do banco.", 1)
    if not header.startswith("02RETORNO01COBRANCA"):
        raise ArquivoInvalido("Linha 1: o header de um retorno CNAB 400 começa por 02RETORNO01COBRANCA.", 1)
    if linhas[-1][0] != "9":
        raise ArquivoInvalido(f"Linha {len(linhas)}: o arquivo termina sem o trailer (registro tipo 9); "
                              "veio incompleto?", len(linhas))
    banco = header[76:79]
    nome = f"retorno400_{banco}"
    if nome not in layout.disponiveis():
        raise ArquivoInvalido(f"Linha 1: retorno CNAB 400 do banco {banco}; lemos os do Itaú (341) e do "
                              "Bradesco (237).", 1)
    leiaute = layout.carregar(nome)
    cabecalho = _ler(leiaute["header_arquivo"], 1, header)
    lidas, fora_de_ordem = [], []
    for numero, linha in enumerate(linhas, 1):
        tipo = linha[0]
        if linha[394:400] != f"{numero:06d}":
            fora_de_ordem.append(numero)
        if tipo == "0" and numero > 1 or tipo == "9" and numero < len(linhas) or not tipo.isdigit():
            raise ArquivoInvalido(f"Linha {numero}: tipo de registro {tipo!r} fora do lugar ou desconhecido.", numero)
        if tipo == "1":
            detalhe = _ler(leiaute["detalhe"], numero, linha)
            ocorrencia = _ocorrencia_cobranca(banco, leiaute.codigos, numero, detalhe, detalhe)
            lidas.append(LinhaLida(numero, linha, "DETALHE", ocorrencia))
        else:
            lidas.append(LinhaLida(numero, linha, {"0": "HEADER_ARQUIVO", "9": "TRAILER_ARQUIVO"}.get(tipo,
                                                                                                    f"REGISTRO_{tipo}")))
    if fora_de_ordem:
        avisos.append(f"Linhas {_lista(fora_de_ordem)}: o sequencial (395–400) não é o número da linha.")
    nsa = cabecalho["nsa"]
    return RetornoLido(banco=banco, layout="CNAB400", finalidade="COBRANCA",
                       nsa=int(nsa) if nsa.isdigit() else None, gerado_em=cabecalho["data_geracao"],
                       linhas=lidas, avisos=tuple(avisos))


def ler(conteudo: bytes) -> RetornoLido:
    """The retorno in `conteudo`, line by line; ArquivoInvalido (pt-BR, with the line) when it is not one."""
    linhas = _linhas(conteudo)
    avisos: list[str] = []
    # The header says the width: a 400 header names itself, a 240 one fits in 240 (blanks stripped or not).
    if linhas[0].startswith(("02RETORNO", "01REMESSA")):
        return _ler_400(linhas, avisos)
    if len(linhas[0]) <= 240:
        return _ler_240(linhas, avisos)
    raise ArquivoInvalido(f"Linha 1: tem {len(linhas[0])} posições; um arquivo CNAB tem linhas de 240 ou 400, "
                          "e o header de um CNAB 400 começa por 02RETORNO.", 1)
