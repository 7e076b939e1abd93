"""The remessa files this system hands to banks: cobrança (CNAB 240 and 400) and pagamentos (CNAB 240).

Positions, versions and a bank's codes are data (layouts/*.json, read by layout.py); this module
decides which records a file has and in what order, what each field receives, and the sequences,
counts and totals. A record takes from the values offered only the fields its layout has, so a bank
that subdivides a field (Sicoob's nosso número with parcela and modalidade, BB's convênio with
carteira and variação) just names the parts in its layout, and the layout's `valores` fill the
fields a bank fixes (versions, densidade, espécie, código de baixa...).
"""
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from financeiro.cobranca.bancos import BANCOS_COBRANCA, banco as regra_do_banco
from financeiro.cobranca.cnab.layout import ErroDeLayout, Layout, Registro, carregar, disponiveis
from financeiro.cobranca.modelos import (ArquivoGerado, Beneficiario, Favorecido, PagamentoRemessa, Pessoa,
                                         TituloRemessa)

FIM_DE_LINHA = "\r\n"
NOME_ARQUIVO_PADRAO = "COB{banco}{nsa:06d}.REM"
NOME_PAGAMENTOS_PADRAO = "PAG{banco}{nsa:06d}.REM"
CENTAVO = Decimal("0.01")


def layouts_suportados(banco: str, finalidade: str) -> set[str]:
    """The layouts ("CNAB240", "CNAB400") this system writes for `banco` and finalidade "COBRANCA" or
    "PAGAMENTOS"; a bank it does not know is a ValueError in pt-BR."""
    regra_do_banco(banco)
    if finalidade == "PAGAMENTOS":
        return {"CNAB240"}
    if finalidade != "COBRANCA":
        raise ValueError(f"Finalidade de remessa desconhecida: {finalidade} (use COBRANCA ou PAGAMENTOS).")
    arquivos = set(disponiveis())
    return ({"CNAB240"} if f"cnab240_cobranca_{banco}" in arquivos else set()) | (
        {"CNAB400"} if f"cnab400_{banco}" in arquivos else set())


def cobranca(beneficiario: Beneficiario, titulos: list[TituloRemessa], nsa: int, gerado_em: datetime) -> ArquivoGerado:
    """The cobrança remessa of `titulos` in the conta's layout (entradas, pedidos de baixa, alterações de
    vencimento); ValueError in pt-BR naming the título when one cannot go."""
    _conferir_nsa(nsa)
    if not titulos:
        raise ValueError("A remessa precisa de ao menos um título.")
    suportados = layouts_suportados(beneficiario.banco, "COBRANCA")
    if beneficiario.layout not in suportados:
        nome = BANCOS_COBRANCA[beneficiario.banco].nome
        aceitos = " ou ".join(sorted(s.removeprefix("CNAB") for s in suportados))
        raise ValueError(f"{nome} recebe cobrança só em CNAB {aceitos}, não em {beneficiario.layout[:4]} "
                         f"{beneficiario.layout[4:]}.")
    if beneficiario.layout == "CNAB240":
        leiaute = carregar(f"cnab240_cobranca_{beneficiario.banco}")
        linhas = _cobranca_240(leiaute, beneficiario, titulos, nsa, gerado_em)
    else:
        leiaute = carregar(f"cnab400_{beneficiario.banco}")
        linhas = _cobranca_400(leiaute, beneficiario, titulos, nsa, gerado_em)
    return ArquivoGerado(
        texto="".join(linha + FIM_DE_LINHA for linha in linhas),
        nome_arquivo=_nome_arquivo(leiaute, NOME_ARQUIVO_PADRAO, beneficiario.banco, nsa, gerado_em),
        quantidade=len(titulos),
        valor_total=sum((t.valor for t in titulos), Decimal("0")),
    )


def pagamentos(pagador: Beneficiario, itens: list[PagamentoRemessa], nsa: int, gerado_em: datetime,
               servico: str = "FORNECEDORES") -> ArquivoGerado:
    """The CNAB 240 pagamentos remessa of `itens`: one lote per forma de lançamento, as FEBRABAN
    requires one service and forma per lote; `servico` (FORNECEDORES, SALARIOS: the layout's
    codes) is every lote's tipo de serviço and its TEDs' finalidade. ValueError in pt-BR naming the
    payment that cannot go."""
    _conferir_nsa(nsa)
    if not itens:
        raise ValueError("A remessa precisa de ao menos um pagamento.")
    leiaute = _layout_pagamentos(pagador.banco)
    empresa = _empresa(leiaute, pagador)
    lotes: dict[str, list[PagamentoRemessa]] = {}
    for item in itens:
        lotes.setdefault(_forma_lancamento(leiaute, pagador, item), []).append(item)
    tem_pix = any(item.forma == "PIX" for item in itens)
    linhas = [_montar(leiaute["header_arquivo"], {
        **empresa, "data_geracao": gerado_em, "hora_geracao": gerado_em, "nsa": nsa,
        "reservado_banco": leiaute.valores.get("reservado_banco_pix", "") if tem_pix else ""})]
    for numero, (forma, do_lote) in enumerate(lotes.items(), start=1):
        linhas += _lote_pagamentos(leiaute, pagador, empresa, numero, forma, do_lote, servico)
    linhas.append(_trailer_arquivo(leiaute, empresa, len(lotes), len(linhas) + 1))
    return ArquivoGerado(
        texto="".join(linha + FIM_DE_LINHA for linha in linhas),
        nome_arquivo=_nome_arquivo(leiaute, NOME_PAGAMENTOS_PADRAO, pagador.banco, nsa, gerado_em),
        quantidade=len(itens),
        valor_total=sum((i.valor for i in itens), Decimal("0")),
    )


# --- cobrança ---------------------------------------------------------------------------------

def _cobranca_240(leiaute: Layout, b: Beneficiario, titulos: list[TituloRemessa], nsa: int,
                  gerado_em: datetime) -> list[str]:
    empresa = _empresa(leiaute, b)
    no_lote = {**empresa, "lote": 1}
    lote = [_montar(leiaute["header_lote"], {**no_lote, "numero_remessa": nsa, "data_gravacao": gerado_em})]
    movimentos = leiaute.codigos["movimento_remessa"]
    for t in titulos:
        _conferir_valor(leiaute["P"], "valor", t.valor, f"Título {t.seu_numero}")
        dados = {**no_lote, **_titulo(leiaute, b, t), "codigo_movimento": movimentos[t.instrucao]}
        segmentos = ["P", "Q"] if t.instrucao == "ENTRADA" else ["P"]
        # Juros and desconto travel in P; R carries only the multa, and an R without one is refused
        # by some banks (Ailos/Cecred), so it goes only when there is a multa.
        if t.instrucao == "ENTRADA" and t.multa_percentual > 0:
            segmentos.append("R")
        for segmento in segmentos:
            dados["sequencial"] = len(lote)
            lote.append(_montar(leiaute[segmento], dados, f"Título {t.seu_numero}"))
    lote.append(_montar(leiaute["trailer_lote"], {
        **no_lote, "quantidade_registros": len(lote) + 1, "quantidade_simples": len(titulos),
        "valor_simples": sum((t.valor for t in titulos), Decimal("0"))}, "O total do lote"))
    header = _montar(leiaute["header_arquivo"], {**empresa, "data_geracao": gerado_em, "hora_geracao": gerado_em,
                                                 "nsa": nsa})
    return [header, *lote, _trailer_arquivo(leiaute, empresa, 1, len(lote) + 2)]


def _cobranca_400(leiaute: Layout, b: Beneficiario, titulos: list[TituloRemessa], nsa: int,
                  gerado_em: datetime) -> list[str]:
    empresa = _empresa(leiaute, b)
    linhas = [_montar(leiaute["header"], {**empresa, "data_gravacao": gerado_em, "numero_remessa": nsa,
                                          "sequencial": 1})]
    ocorrencias = leiaute.codigos["ocorrencia"]
    for t in titulos:
        _conferir_valor(leiaute["detalhe"], "valor", t.valor, f"Título {t.seu_numero}")
        dados = {**empresa, **_titulo(leiaute, b, t), "ocorrencia": ocorrencias[t.instrucao]}
        registros = ["detalhe"]
        if t.instrucao == "ENTRADA" and t.multa_percentual > 0 and "multa" in leiaute.registros:
            registros.append("multa")
        for registro in registros:
            dados["sequencial"] = len(linhas) + 1
            linhas.append(_montar(leiaute[registro], dados, f"Título {t.seu_numero}"))
    linhas.append(_montar(leiaute["trailer"], {"sequencial": len(linhas) + 1}))
    return linhas


def _titulo(leiaute: Layout, b: Beneficiario, t: TituloRemessa) -> dict:
    """Every field a título's records may have, by the names the layouts use."""
    nn = t.nosso_numero
    com_dv = leiaute.valores.get("nosso_numero_com_dv", False)
    dia_seguinte = t.vencimento + timedelta(days=1)
    dados = {
        "nosso_numero": nn.numero + (nn.dv or "") if com_dv else nn.numero,
        "nosso_numero_dv": nn.dv or "",
        "numero_documento": t.seu_numero,
        "uso_empresa": t.seu_numero,
        "vencimento": t.vencimento,
        "valor": t.valor,
        "data_emissao": t.emissao,
        **_pagador(leiaute, t.pagador),
    }
    if t.juros_mes_percentual > 0:
        dados.update(codigo_juros=leiaute.codigos.get("juros", {}).get("TAXA_MENSAL"), data_juros=dia_seguinte,
                     juros=t.juros_mes_percentual,
                     # CNAB 400 takes the juros as a value per day: the month's rate over 30 days.
                     juros_dia=(t.valor * t.juros_mes_percentual / 3000).quantize(CENTAVO, ROUND_HALF_UP))
    if t.multa_percentual > 0:
        dados.update(codigo_multa=leiaute.codigos["multa"]["PERCENTUAL"], data_multa=dia_seguinte,
                     multa=t.multa_percentual)
    if t.desconto > 0:
        dados.update(codigo_desconto=leiaute.codigos.get("desconto", {}).get("VALOR_ATE_DATA"),
                     data_desconto=t.vencimento, desconto=t.desconto)
    dias_baixa = t.dias_baixa or b.dias_baixa
    if dias_baixa and leiaute.valores.get("prazo_baixa"):
        dados["prazo_baixa"] = str(dias_baixa).zfill(len(leiaute.valores["prazo_baixa"]))
    return dados


def _pagador(leiaute: Layout, p: Pessoa) -> dict:
    # CNAB 240 and Bradesco's 400 split the CEP in 5 + 3; Itaú's 400 takes its 8 digits in one field.
    registro = leiaute["Q"] if "Q" in leiaute.registros else leiaute["detalhe"]
    digitos_cep = registro.campo("pagador_cep").tamanho
    return {
        "pagador_tipo_inscricao": _tipo_inscricao(leiaute, p.documento),
        "pagador_inscricao": p.documento,
        "pagador_nome": p.nome,
        "pagador_endereco": p.logradouro,
        "pagador_bairro": p.bairro,
        "pagador_cep": p.cep[:digitos_cep],
        "pagador_cep_sufixo": p.cep[digitos_cep:],
        "pagador_cidade": p.cidade,
        "pagador_uf": p.uf,
    }


# --- pagamentos -------------------------------------------------------------------------------

def _layout_pagamentos(banco: str) -> Layout:
    """The bank's own pagamentos layout where it deviates from FEBRABAN's, else FEBRABAN's."""
    proprio = f"cnab240_pagamentos_{banco}"
    return carregar(proprio if proprio in disponiveis() else "febraban240_pagamentos")


def _forma_lancamento(leiaute: Layout, pagador: Beneficiario, item: PagamentoRemessa) -> str:
    formas = leiaute.codigos["forma_lancamento"]
    quem = f"Pagamento {item.seu_numero}"
    _conferir_valor(leiaute["A"], "valor", item.valor, quem)
    if item.forma == "BOLETO":
        if not (item.codigo_barras and len(item.codigo_barras) == 44 and item.codigo_barras.isdigit()):
            raise ValueError(f"{quem}: o código de barras do boleto deve ter 44 dígitos.")
        mesmo_banco = item.codigo_barras[:3] == pagador.banco
        return formas["TITULO_MESMO_BANCO" if mesmo_banco else "TITULO_OUTRO_BANCO"]
    f = item.favorecido
    if item.forma == "PIX":
        if f.chave_pix and not f.tipo_chave_pix:
            raise ValueError(f"{quem}: a chave PIX do favorecido {f.nome} está sem o tipo.")
        if not f.chave_pix:
            _conferir_conta(quem, f)
        return formas["PIX_TRANSFERENCIA"]
    _conferir_conta(quem, f)
    if item.forma == "CREDITO_CONTA" and f.banco == pagador.banco:
        return formas["CREDITO_CONTA"]
    # A crédito in another bank can only travel as a TED.
    mesma_titularidade = f.documento == pagador.documento
    return formas["TED_MESMA_TITULARIDADE" if mesma_titularidade else "TED_OUTRA_TITULARIDADE"]


def _lote_pagamentos(leiaute: Layout, pagador: Beneficiario, empresa: dict, numero: int, forma: str,
                     itens: list[PagamentoRemessa], servico: str) -> list[str]:
    formas = leiaute.codigos["forma_lancamento"]
    de_titulos = forma in (formas["TITULO_MESMO_BANCO"], formas["TITULO_OUTRO_BANCO"])
    no_lote = {**empresa, "lote": numero}
    versao = leiaute.valores["versao_layout_lote_titulos" if de_titulos else "versao_layout_lote_credito"]
    lote = [_montar(leiaute["header_lote"], {**no_lote, "forma_lancamento": forma, "versao_layout_lote": versao,
                                             "servico": leiaute.codigos["servico"][servico],
                                             "logradouro": pagador.endereco or ""})]
    for item in itens:
        for registro, dados in _segmentos(leiaute, pagador, forma, item, servico):
            lote.append(_montar(leiaute[registro], {**no_lote, **dados, "sequencial": len(lote)},
                                f"Pagamento {item.seu_numero}"))
    lote.append(_montar(leiaute["trailer_lote"], {
        **no_lote, "quantidade_registros": len(lote) + 1,
        "somatoria_valores": sum((i.valor for i in itens), Decimal("0"))}, "O total do lote"))
    return lote


def _segmentos(leiaute: Layout, pagador: Beneficiario, forma: str, item: PagamentoRemessa,
               servico: str) -> list[tuple[str, dict]]:
    """The records of one payment: J + J-52 for a boleto, A + B (B_pix for a PIX) otherwise."""
    f = item.favorecido
    codigos = leiaute.codigos
    if item.forma == "BOLETO":
        return [
            ("J", {"codigo_barras": item.codigo_barras, "nome_beneficiario": f.nome, "vencimento": item.vencimento,
                   "valor_titulo": item.valor, "data_pagamento": item.data_pagamento, "valor": item.valor,
                   "seu_numero": item.seu_numero}),
            ("J52", {"pagador_tipo_inscricao": _tipo_inscricao(leiaute, pagador.documento),
                     "pagador_inscricao": pagador.documento, "pagador_nome": pagador.nome,
                     "beneficiario_tipo_inscricao": _tipo_inscricao(leiaute, f.documento),
                     "beneficiario_inscricao": f.documento, "beneficiario_nome": f.nome}),
        ]
    tipo_conta = codigos["tipo_conta"].get(f.tipo_conta or "CORRENTE")
    a = {"banco_favorecido": f.banco, "agencia_favorecido": f.agencia, "agencia_favorecido_dv": f.agencia_dv or "",
         "conta_favorecido": f.conta, "conta_favorecido_dv": f.conta_dv or "", "nome_favorecido": f.nome,
         "seu_numero": item.seu_numero, "data_pagamento": item.data_pagamento, "valor": item.valor,
         "finalidade_ted": ""}
    favorecido = {"tipo_inscricao_favorecido": _tipo_inscricao(leiaute, f.documento),
                  "inscricao_favorecido": f.documento}
    if item.forma != "PIX":
        eh_ted = forma != codigos["forma_lancamento"]["CREDITO_CONTA"]
        a.update(camara=codigos["camara"]["TED" if eh_ted else "CREDITO_CONTA"],
                 finalidade_ted=codigos["finalidade_ted"][servico] if eh_ted else "")
        return [("A", a), ("B", favorecido)]
    # Informação 2 of a PIX: the favorecido's CPF/CNPJ (14), its bank's ISPB (8, unknown here when
    # paying by key) and the account type (2).
    a.update(camara=codigos["camara"]["PIX"], informacao_2=f.documento.zfill(14) + "0" * 8 + tipo_conta)
    iniciacao = codigos["forma_iniciacao"][f.tipo_chave_pix if f.chave_pix else "DADOS_BANCARIOS"]
    b_pix = {**favorecido, "forma_iniciacao": iniciacao}
    if not f.chave_pix:
        b_pix["informacao_11"] = tipo_conta
    # The key goes in Informação 12 ("chave de endereçamento"); FEBRABAN leaves it blank for a
    # CPF/CNPJ key, already in the inscrição, but some banks refuse that blank.
    elif iniciacao != codigos["forma_iniciacao"]["CPF"] or leiaute.valores["chave_cpf_cnpj_na_informacao_12"]:
        b_pix["informacao_12"] = f.chave_pix
    return [("A", a), ("B_pix", b_pix)]


def _conferir_conta(quem: str, f: Favorecido) -> None:
    faltam = [nome for nome, valor in (("banco", f.banco), ("agência", f.agencia), ("conta", f.conta)) if not valor]
    if faltam:
        raise ValueError(f"{quem}: o favorecido {f.nome} não tem {', '.join(faltam)} cadastrados.")


# --- shared by both ---------------------------------------------------------------------------

def _montar(registro: Registro, dados: dict, quem: str = "A conta") -> str:
    """The record's line from the values it has fields for; a value that does not fit names `quem`."""
    try:
        return registro.montar_do_que_tem(dados)
    except ErroDeLayout as erro:
        raise ValueError(f"{quem}: {erro}") from erro


def _empresa(leiaute: Layout, b: Beneficiario) -> dict:
    """The conta's fields, under every name the layouts give them, over the layout's fixed values."""
    fixos = {nome: valor for nome, valor in leiaute.valores.items() if isinstance(valor, str)}
    regra = BANCOS_COBRANCA.get(b.banco)
    return {
        **fixos,
        "banco": b.banco,
        "nome_banco": fixos.get("nome_banco") or (regra.nome if regra else ""),
        "tipo_inscricao": _tipo_inscricao(leiaute, b.documento),
        "numero_inscricao": b.documento,
        "convenio": b.convenio or "",
        "codigo_beneficiario": b.convenio,
        "codigo_empresa": b.convenio,
        "agencia": b.agencia,
        "agencia_dv": b.agencia_dv or "",
        "conta": b.conta,
        "conta_dv": b.conta_dv or "",
        "conta_cobranca": b.conta,
        "conta_cobranca_dv": b.conta_dv or "",
        "carteira": b.carteira,
        "variacao": b.variacao,
        "nome_empresa": b.nome,
    }


def _tipo_inscricao(leiaute: Layout, documento: str) -> str:
    return leiaute.codigos["tipo_inscricao"]["CPF" if len(documento) == 11 else "CNPJ"]


def _trailer_arquivo(leiaute: Layout, empresa: dict, lotes: int, registros: int) -> str:
    return _montar(leiaute["trailer_arquivo"], {**empresa, "quantidade_lotes": lotes,
                                                "quantidade_registros": registros})


def _conferir_nsa(nsa: int) -> None:
    # Santander refuses 000000, and a file without its number cannot be told from a retry.
    if nsa <= 0:
        raise ValueError("O número sequencial do arquivo (NSA) deve ser maior que zero.")


def _conferir_valor(registro: Registro, campo: str, valor: Decimal, quem: str) -> None:
    c = registro.campo(campo)
    maximo = Decimal(10 ** (c.tamanho - c.decimais)) - Decimal(1).scaleb(-c.decimais)
    if valor <= 0:
        raise ValueError(f"{quem}: o valor deve ser maior que zero.")
    if valor > maximo:
        raise ValueError(f"{quem}: o valor {valor} passa do máximo que o arquivo aceita ({maximo}).")


def _nome_arquivo(leiaute: Layout, padrao: str, banco: str, nsa: int, gerado_em: datetime) -> str:
    # Bradesco's manual names the 400 file CBDDMMnn.REM (nn: the file of the day); its layout says so.
    return leiaute.valores.get("nome_arquivo", padrao).format(banco=banco, nsa=nsa, nsa_do_dia=nsa % 100,
                                                              gerado_em=gerado_em)
