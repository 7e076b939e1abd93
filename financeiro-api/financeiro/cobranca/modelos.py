"""The values that cross between the pure cobrança package and the financeiro modules that use it.

Money is Decimal, dates are date; documents (CPF/CNPJ), CEPs, agências and contas are digits only.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

Layout = Literal["CNAB240", "CNAB400"]
Instrucao = Literal["ENTRADA", "BAIXA", "ALTERACAO_VENCIMENTO"]
FormaPagamento = Literal["CREDITO_CONTA", "TED", "PIX", "BOLETO"]
TipoChavePix = Literal["CPF", "CNPJ", "EMAIL", "TELEFONE", "ALEATORIA"]


@dataclass(frozen=True)
class Beneficiario:
    """A conta with its cobrança settings (cadastros.v_contas_cobranca) and whose money it is."""
    banco: str                     # COMPE, 3 digits
    agencia: str                   # digits, without the DV
    agencia_dv: str | None
    conta: str                     # digits, without the DV
    conta_dv: str | None
    layout: Layout
    carteira: str
    nome: str                      # the empresa's (or the settings' beneficiario_nome)
    documento: str                 # CPF (11) or CNPJ (14) digits
    convenio: str | None = None
    variacao: str | None = None
    posto: str | None = None
    endereco: str | None = None
    chave_pix: str | None = None
    tipo_chave_pix: TipoChavePix | None = None
    juros_mes_percentual: Decimal = Decimal("0")
    multa_percentual: Decimal = Decimal("0")
    dias_baixa: int | None = None
    instrucoes: str | None = None


@dataclass(frozen=True)
class NossoNumero:
    numero: str        # as titulos.nosso_numero stores it: the bank's digits without the DV, zero-padded
    dv: str | None     # the check digit ('0'-'9', 'P' Bradesco, 'X' BB), None when the rule has none
    exibicao: str      # as printed on the boleto, e.g. "109/12345678-9", "09/00000000525-P"


@dataclass(frozen=True)
class Pessoa:
    """The pagador of a boleto, or the favorecido of a payment."""
    nome: str
    documento: str                 # CPF (11) or CNPJ (14) digits
    logradouro: str = ""           # street, number and complement in one line
    bairro: str = ""
    cep: str = ""                  # 8 digits
    cidade: str = ""
    uf: str = ""


@dataclass(frozen=True)
class TituloRemessa:
    """One boleto in a cobrança remessa."""
    seu_numero: str                # our reference printed as "número do documento": the lançamento id
    nosso_numero: NossoNumero
    vencimento: date
    valor: Decimal
    emissao: date
    pagador: Pessoa
    instrucao: Instrucao = "ENTRADA"
    juros_mes_percentual: Decimal = Decimal("0")
    multa_percentual: Decimal = Decimal("0")
    desconto: Decimal = Decimal("0")     # off the value when paid by `vencimento`
    dias_baixa: int | None = None


@dataclass(frozen=True)
class Favorecido:
    nome: str
    documento: str
    banco: str | None = None
    agencia: str | None = None     # digits, DV apart
    agencia_dv: str | None = None
    conta: str | None = None
    conta_dv: str | None = None
    tipo_conta: Literal["CORRENTE", "POUPANCA", "PAGAMENTO"] | None = None
    chave_pix: str | None = None
    tipo_chave_pix: TipoChavePix | None = None


@dataclass(frozen=True)
class PagamentoRemessa:
    """One payable in a pagamentos remessa (segments A+B, or J+J-52 for a boleto)."""
    seu_numero: str                # financeiro.pagamentos.id: how the retorno finds it again
    forma: FormaPagamento
    valor: Decimal
    data_pagamento: date
    favorecido: Favorecido
    codigo_barras: str | None = None   # 44 digits, for BOLETO
    vencimento: date | None = None     # the boleto's, for BOLETO


@dataclass(frozen=True)
class ArquivoGerado:
    texto: str                     # every line exactly 240 (or 400) ASCII characters, each ending in CRLF
    nome_arquivo: str
    quantidade: int                # títulos or payments in it
    valor_total: Decimal


@dataclass(frozen=True)
class Ocorrencia:
    """What one detail of a retorno says about one título or payment."""
    codigo: str                    # the bank's code as in the file ("06", "02", "00", "BD"...)
    tipo: Literal["ENTRADA_CONFIRMADA", "ENTRADA_REJEITADA", "LIQUIDACAO", "BAIXA", "TARIFA",
                  "ALTERACAO_CONFIRMADA", "INSTRUCAO_REJEITADA", "PAGAMENTO_EFETUADO", "PAGAMENTO_AGENDADO",
                  "PAGAMENTO_REJEITADO", "PAGAMENTO_EM_ANALISE", "OUTRA"]
    descricao: str                 # pt-BR, as a person reads it
    nosso_numero_lido: str = ""    # the field as the file has it (stripped)
    # The forms titulos.nosso_numero may have for this field (bank-specific slicing, with or
    # without the DV): a título matches when its nosso_numero is one of these.
    nosso_numero_candidatos: tuple[str, ...] = ()
    seu_numero: str = ""
    valor_titulo: Decimal = Decimal("0")
    valor_pago: Decimal = Decimal("0")
    juros_multa: Decimal = Decimal("0")
    desconto: Decimal = Decimal("0")
    abatimento: Decimal = Decimal("0")
    tarifa: Decimal = Decimal("0")
    valor_liquido: Decimal = Decimal("0")
    data_ocorrencia: date | None = None
    data_credito: date | None = None
    motivos: tuple[str, ...] = ()  # pt-BR reasons (rejections)


@dataclass(frozen=True)
class LinhaLida:
    numero: int                    # 1-based line number in the file
    texto: str                     # the raw line, without its terminator
    registro: str                  # "HEADER_ARQUIVO", "HEADER_LOTE", "T", "U", "A", "B", "DETALHE", "TRAILER_LOTE"...
    # Set on the line that carries the occurrence (T in 240 with its U merged in; the 400 detail; A).
    ocorrencia: Ocorrencia | None = None


@dataclass(frozen=True)
class RetornoLido:
    banco: str
    layout: Layout
    finalidade: Literal["COBRANCA", "PAGAMENTOS"]
    nsa: int | None
    gerado_em: date | None
    linhas: list[LinhaLida] = field(default_factory=list)
    avisos: tuple[str, ...] = ()   # deviations tolerated (a short line, trailer counts off...), pt-BR


class ArquivoInvalido(ValueError):
    """A file that cannot be read as a retorno; the message is pt-BR and names the line."""

    def __init__(self, mensagem: str, linha: int | None = None):
        super().__init__(mensagem)
        self.mensagem = mensagem
        self.linha = linha


@dataclass(frozen=True)
class BoletoImpresso:
    """Everything a printed boleto shows, already formatted (the PDF only draws)."""
    banco: str                     # "341"
    banco_nome: str                # "Itaú Unibanco S.A."
    banco_dv: str                  # "7", printed as "341-7"
    linha_digitavel: str           # formatted, "34191.09008 ..."
    codigo_barras: str             # 44 digits (drawn as Interleaved 2 of 5)
    local_pagamento: str
    beneficiario_nome: str
    beneficiario_documento: str    # formatted CNPJ/CPF
    beneficiario_endereco: str
    agencia_codigo_beneficiario: str
    nosso_numero: str              # NossoNumero.exibicao
    numero_documento: str
    especie_documento: str         # "DM", "DS"...
    aceite: str                    # "N"
    data_documento: date
    data_processamento: date
    carteira: str
    vencimento: date
    valor: Decimal
    pagador_nome: str
    pagador_documento: str         # formatted
    pagador_endereco: str          # one or two lines joined by "\n"
    instrucoes: tuple[str, ...] = ()
    pix_copia_e_cola: str | None = None   # boleto híbrido: the QR printed beside the barcode
    gerado_em: datetime | None = None
    parcela: str | None = None     # "3/12", the contract's numbering on a carnê's stub (else its place in the carnê)
