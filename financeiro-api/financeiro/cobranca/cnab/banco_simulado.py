"""A simulated bank: the retorno a bank would send back for a remessa we generated.

The tests use it for the round trip (remessa → retorno → baixas), the demo studio to have a
retorno to show, and the benchmark to build a retorno of 10,000 lines. It is no bank's
homologation: it answers what it is told, in the bank's retorno layout (layouts/retorno*.json),
with the nosso número where and as that bank prints it, right counts and CRLF.

Where a título's fields are in the remessa is data too: each retorno layout's
`valores.simulador` names the remessa's detail record, where its movimento code is, and the spans
it copies (remessa from, to → retorno position); `resposta` is what the bank answers a movimento
with when the caller says nothing (entrada → entrada confirmada, pedido de baixa → baixa,
alteração de vencimento → confirmed).
"""
from datetime import date, time
from decimal import Decimal

from financeiro.cobranca import bancos
from financeiro.cobranca.cnab import layout
from financeiro.cobranca.cnab.layout import Layout, Registro
from financeiro.cobranca.cnab.retorno import layout_do_banco

ZERO = Decimal("0")
_HORA = time(7, 30)


def _linhas(texto: str) -> list[str]:
    return [linha for linha in texto.replace("\r\n", "\n").split("\n") if linha]


def _arquivo(linhas: list[str]) -> str:
    return "".join(linha + "\r\n" for linha in linhas)


def _copiar(destino: str, origem: str, copias: list[list[int]]) -> str:
    for de, ate, para in copias:
        destino = destino[:para - 1] + origem[de - 1:ate] + destino[para - 1 + ate - de + 1:]
    return destino


def _so_do_registro(registro: Registro, valores: dict) -> dict:
    nomes = {c.nome for c in registro.campos}
    return {nome: valor for nome, valor in valores.items() if nome in nomes}


def _detalhe(leiaute: Layout, registro: Registro, remessa: str, base: dict, ocorrencias: dict,
             data: date) -> tuple[dict, dict]:
    """The retorno detail of one título of the remessa, and the money of its answer."""
    simulador = leiaute.valores["simulador"]
    linha = _copiar(registro.montar(base), remessa, simulador["copia"])
    if "dv_nosso_numero" in simulador:
        de, ate, posicao = simulador["dv_nosso_numero"]
        dv = bancos.banco(linha[:3]).dv_nosso_numero.calcular(linha[de - 1:ate])
        linha = linha[:posicao - 1] + dv + linha[posicao:]
    lido = registro.ler(linha)
    pedido = ocorrencias.get(lido["numero_documento"].strip(), {})
    de, ate = simulador["movimento"]
    codigo = pedido.get("codigo") or simulador["resposta"].get(remessa[de - 1:ate], "02")
    liquidacao = leiaute.codigos["ocorrencias"].get(codigo, {}).get("tipo") == "LIQUIDACAO"
    juros, desconto = Decimal(pedido.get("juros_multa", ZERO)), Decimal(pedido.get("desconto", ZERO))
    abatimento, tarifa = Decimal(pedido.get("abatimento", ZERO)), Decimal(pedido.get("tarifa", ZERO))
    pago = Decimal(pedido.get("valor_pago", lido["valor_titulo"] + juros - desconto - abatimento)) \
        if liquidacao else ZERO
    dinheiro = {"juros_multa": juros, "desconto": desconto, "abatimento": abatimento, "tarifa": tarifa,
                "valor_pago": pago, "valor_liquido": max(pago - tarifa, ZERO),
                "data_ocorrencia": data, "data_credito": data if liquidacao else None}
    lido.update(codigo_movimento=codigo, motivos=pedido.get("motivos", ""))
    return lido, dinheiro


def _retorno_240(linhas: list[str], ocorrencias: dict, data: date, nsa: int) -> list[str]:
    banco = linhas[0][:3]
    leiaute = layout_do_banco("retorno240_cobranca", banco)
    simulador = leiaute.valores["simulador"]
    header = leiaute["header_arquivo"].ler(linhas[0])
    header.update(codigo_remessa_retorno="2", data_geracao=data, hora_geracao=_HORA, nsa=str(nsa))
    saida = [leiaute["header_arquivo"].montar(header)]
    lote = leiaute["header_lote"].ler(next(linha for linha in linhas if linha[7] == "1"))
    lote.update(lote="0001", operacao="T", numero_remessa=str(nsa), data_gravacao=data, data_credito=data)
    saida.append(leiaute["header_lote"].montar(lote))
    quantidade, total = 0, ZERO
    for linha in linhas:
        if linha[7] != "3" or linha[13] != simulador["detalhe"]:
            continue
        sequencial = 2 * quantidade + 1
        t, dinheiro = _detalhe(leiaute, leiaute["T"], linha, {"banco": banco, "lote": "0001",
                                                             "sequencial": str(sequencial)}, ocorrencias, data)
        t["tarifa"] = dinheiro["tarifa"]
        saida.append(leiaute["T"].montar(t))
        saida.append(leiaute["U"].montar({"banco": banco, "lote": "0001", "sequencial": str(sequencial + 1),
                                          "codigo_movimento": t["codigo_movimento"],
                                          **_so_do_registro(leiaute["U"], dinheiro)}))
        quantidade, total = quantidade + 1, total + t["valor_titulo"]
    saida.append(leiaute["trailer_lote"].montar({
        "banco": banco, "lote": "0001", "quantidade_registros": str(2 * quantidade + 2),
        "quantidade_simples": str(quantidade), "valor_simples": total}))
    saida.append(leiaute["trailer_arquivo"].montar({"banco": banco, "quantidade_lotes": "1",
                                                    "quantidade_registros": str(len(saida) + 1)}))
    return saida


def _retorno_400(linhas: list[str], ocorrencias: dict, data: date, nsa: int) -> list[str]:
    banco = linhas[0][76:79]
    leiaute = layout.carregar(f"retorno400_{banco}")
    simulador = leiaute.valores["simulador"]
    cabecalho = leiaute["header_arquivo"]
    header = cabecalho.ler(_copiar(cabecalho.montar({"sequencial": "1"}), linhas[0], simulador["cabecalho"]))
    header.update(banco=banco, data_geracao=data, data_credito=data, nsa=str(nsa))
    saida = [cabecalho.montar(header)]
    quantidade, total = 0, ZERO
    for linha in linhas[1:]:
        if linha[0] != simulador["detalhe"]:
            continue
        registro = leiaute["detalhe"]
        detalhe, dinheiro = _detalhe(leiaute, registro, linha, {"sequencial": str(len(saida) + 1)},
                                     ocorrencias, data)
        detalhe.update(_so_do_registro(registro, dinheiro))
        saida.append(registro.montar(detalhe))
        quantidade, total = quantidade + 1, total + detalhe["valor_titulo"]
    saida.append(leiaute["trailer_arquivo"].montar({
        "banco": banco, "quantidade_simples": str(quantidade), "valor_simples": total,
        "sequencial": str(len(saida) + 1)}))
    return saida


def retorno_de(remessa: str, ocorrencias: dict[str, dict] | None = None, *, data: date, nsa: int = 1) -> str:
    """The cobrança retorno for `remessa` (CNAB 240 or 400, as we wrote it): one T+U (240) or detail
    (400) per título, keyed by seu número in `ocorrencias`:

        {"codigo": "06", "valor_pago": Decimal, "juros_multa": …, "desconto": …, "abatimento": …,
         "tarifa": …, "motivos": "0809"}

    A título not in `ocorrencias`, or without "codigo", gets the bank's answer to its movimento (02
    entrada confirmada for an entrada). A liquidação without "valor_pago" is paid in full: valor +
    juros_multa − desconto − abatimento. `data` is the ocorrência's (and the credit's, for a
    liquidação)."""
    linhas = _linhas(remessa)
    ocorrencias = ocorrencias or {}
    if len(linhas[0]) == 400:
        return _arquivo(_retorno_400(linhas, ocorrencias, data, nsa))
    return _arquivo(_retorno_240(linhas, ocorrencias, data, nsa))


def retorno_pagamentos_de(remessa: str, ocorrencias: dict[str, dict] | None = None, *, data: date | None = None,
                          nsa: int = 1) -> str:
    """The pagamentos retorno for a CNAB 240 pagamentos `remessa`: the same records with the bank's
    G059 ocorrência in 231–240 of each A and J, keyed by seu número in `ocorrencias`
    ({"codigo": "00" | "BD" | "BS" | "AG"…, "valor_pago": Decimal}); "00" (efetivado) when absent.
    An efetivado A gets its data real (`data`, else the scheduled date) and valor real."""
    linhas = _linhas(remessa)
    ocorrencias = ocorrencias or {}
    leiaute = layout_do_banco("retorno240_pagamentos", linhas[0][:3])
    header = leiaute["header_arquivo"].ler(linhas[0])
    header.update(codigo_remessa_retorno="2", data_geracao=data or header["data_geracao"], hora_geracao=_HORA,
                  nsa=str(nsa))
    saida = [leiaute["header_arquivo"].montar(header)]
    for linha in linhas[1:]:
        segmento = linha[13] if linha[7] == "3" else ""
        if segmento not in ("A", "J") or linha[17:19] == "52" and segmento == "J":
            saida.append(linha)
            continue
        registro = leiaute[segmento]
        lido = registro.ler(linha)
        pedido = ocorrencias.get(lido["seu_numero"].strip(), {})
        codigo = pedido.get("codigo", "00")
        lido["ocorrencias"] = codigo
        if segmento == "A" and leiaute.codigos["ocorrencias"].get(codigo, {}).get("tipo") == "PAGAMENTO_EFETUADO":
            lido.update(data_real=data or lido["data_pagamento"], valor_real=Decimal(pedido.get("valor_pago",
                                                                                                lido["valor"])))
        saida.append(registro.montar(lido))
    return _arquivo(saida)
