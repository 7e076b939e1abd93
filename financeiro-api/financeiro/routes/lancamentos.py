"""/api/lancamentos: receitas and despesas, one at a time, in parcelas or recurring.

Reading needs `financeiro:ler`; writing `financeiro:escrever`. The rules of a write are
financeiro/escrita_lancamentos.py's: each is audited and publishes LANCAMENTO_ALTERADO after its
commit (the dashboard, reports and balances refresh on it). These routes parse and answer.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response, stream_with_context
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema, model_validator

from shared import planilha
from shared.api import (MAX_ID, Competencia, Data, Dinheiro, Erro, Id, IdDeFiltro, Modelo, Opcional, Pagina, Texto,
                        cursor_invalido, endpoint, nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction
from shared.config import hoje

from financeiro import baixas, escrita_lancamentos, lancamentos, series, titulos
from financeiro.cobranca import codigo_barras
from financeiro.formatos import data_br, decimal_br
from financeiro.lancamentos import PosicaoLancamento
from financeiro.permissoes import ESCREVER, LER
from financeiro.routes.baixas import Baixa

bp = Blueprint("lancamentos", __name__)

Tipo = Literal["RECEITA", "DESPESA"]
Status = Literal["PENDENTE", "PARCIAL", "PAGO", "CANCELADO"]
Frequencia = Literal["SEMANAL", "MENSAL", "ANUAL"]
Escopo = Literal["ESTE", "SEGUINTES"]
Positivo = Annotated[Dinheiro, Field(gt=0)]
Percentual = Annotated[Dinheiro, Field(gt=0, le=100), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{1,3}\.\d{2}$", "example": "70.00", "description": "Em %, de 0.01 a 100.00"})]

Descricao = Annotated[Texto, Field(min_length=1, max_length=200)]
Documento = Annotated[Texto, Field(max_length=60, description="Número da nota, do boleto, do contrato...")]
Observacoes = Annotated[Texto, Field(max_length=2000)]


def _codigo_de_barras(texto: str) -> str:
    return codigo_barras.codigo_barras_da_linha(texto)  # its ValueError says which digit is wrong, in pt-BR


# A despesa's boleto, typed or pasted: the linha digitável (47 digits, with or without dots and
# blanks) or the barcode (44); stored as the barcode, every check digit verified.
CodigoDeBarras = Annotated[Texto, Field(max_length=80), AfterValidator(_codigo_de_barras), WithJsonSchema({
    "type": "string", "maxLength": 80, "example": "23791.17209 60007.589645 52040.300502 5 42230000295295",
    "description": "Linha digitável ou código de barras do boleto que paga esta despesa; guardado com 44 dígitos"})]


class Parcelamento(Modelo):
    quantidade: int = Field(ge=2, le=series.MAXIMO)
    frequencia: Frequencia = "MENSAL"
    resto: Literal["PRIMEIRA", "ULTIMA"] = Field(
        "PRIMEIRA", description="Qual parcela leva os centavos que sobram da divisão")
    valores: list[Positivo] | None = Field(None, description="Valores de cada parcela; somam exatamente o valor")
    vencimentos: list[Data] | None = Field(None, description="Vencimento de cada parcela, em vez da frequência")

    @model_validator(mode="after")
    def _listas_do_tamanho_certo(self):
        for campo in ("valores", "vencimentos"):
            lista = getattr(self, campo)
            if lista is not None and len(lista) != self.quantidade:
                raise ValueError(f"Informe {self.quantidade} itens em {campo}, um por parcela")
        return self


class Recorrencia(Modelo):
    frequencia: Frequencia
    quantidade: int | None = Field(None, ge=2, le=series.MAXIMO, description="Quantos lançamentos, contando o primeiro")
    ate: Data | None = Field(None, description="Último vencimento possível")

    @model_validator(mode="after")
    def _quantidade_ou_data(self):
        if (self.quantidade is None) == (self.ate is None):
            raise ValueError("Informe a quantidade ou a data final, um dos dois")
        return self


class LinhaDeRateio(Modelo):
    centro_custo_id: Id
    percentual: Percentual | None = None
    valor: Positivo | None = None

    @model_validator(mode="after")
    def _um_dos_dois(self):
        if (self.percentual is None) == (self.valor is None):
            raise ValueError("Informe o percentual ou o valor, um dos dois")
        return self


Rateio = Annotated[list[LinhaDeRateio], Field(
    min_length=1, max_length=50, description=(
        "O valor dividido entre centros de custo: por percentuais (somam 100; viram centavos que somam o valor "
        "exato, as sobras para as maiores frações) ou por valores (somam o valor exato)"))]


def _um_centro_ou_rateio(modelo):
    if modelo.centro_custo_id is not None and modelo.rateio is not None:
        raise ValueError("Escolha um centro de custo ou o rateio, não os dois")


class NovoLancamento(Modelo):
    tipo: Tipo
    descricao: Descricao
    valor: Positivo = Field(description="Com parcelas, o total; com recorrência, o de cada lançamento")
    data_vencimento: Data
    competencia: Competencia | None = Field(None, description="AAAA-MM; padrão: o mês do vencimento")
    categoria_id: Id
    conta_id: Id
    cliente_id: Opcional[Id] = None
    fornecedor_id: Opcional[Id] = None
    documento: Opcional[Documento] = None
    observacoes: Opcional[Observacoes] = None
    status: Literal["PENDENTE", "PAGO"] = Field("PENDENTE", description="PAGO registra a baixa do valor inteiro")
    data_pagamento: Data | None = Field(None, description="Com status PAGO; padrão: hoje")
    parcelas: Parcelamento | None = None
    recorrencia: Recorrencia | None = None
    centro_custo_id: Opcional[Id] = Field(None, description="O centro de custo do valor inteiro")
    rateio: Rateio | None = None
    codigo_barras_pagamento: Opcional[CodigoDeBarras] = None

    @model_validator(mode="after")
    def _coerente(self):
        _um_centro_ou_rateio(self)
        if self.codigo_barras_pagamento is not None and self.tipo != "DESPESA":
            raise ValueError("Só uma despesa é paga com boleto (codigo_barras_pagamento)")
        if self.parcelas is not None and self.recorrencia is not None:
            raise ValueError("Escolha parcelas ou recorrência, não as duas")
        if self.status == "PAGO" and (self.parcelas or self.recorrencia):
            raise ValueError("Parcelas e recorrências nascem pendentes: registre o pagamento em cada uma")
        if self.data_pagamento is not None and self.status != "PAGO":
            raise ValueError("data_pagamento só vale com status PAGO")
        return self


class AlteracaoLancamento(Modelo):
    """Any subset of these fields; the others keep their values. `null` clears cliente_id,
    fornecedor_id, documento, observacoes, centro_custo_id or rateio, and is refused for the rest."""

    descricao: Descricao = None
    valor: Positivo = None
    data_vencimento: Data = None
    competencia: Competencia = None
    categoria_id: Id = None
    conta_id: Id = None
    cliente_id: Opcional[Id] = None
    fornecedor_id: Opcional[Id] = None
    documento: Opcional[Documento] = None
    observacoes: Opcional[Observacoes] = None
    centro_custo_id: Opcional[Id] = Field(None, description="null: sem centro de custo")
    rateio: Rateio | None = Field(None, description="null: sem centro de custo")
    codigo_barras_pagamento: Opcional[CodigoDeBarras] = Field(None, description="Só de despesas; null: sem boleto")

    _nunca_nulos = nunca_nulos("descricao", "valor", "data_vencimento", "competencia", "categoria_id", "conta_id")

    @model_validator(mode="after")
    def _coerente(self):
        _um_centro_ou_rateio(self)
        return self


class ComEscopo(Modelo):
    escopo: Escopo = Field("ESTE", description="Numa série: só este lançamento, ou este e os seguintes em aberto")


class FiltroLancamentos(Modelo):
    tipo: Tipo | None = None
    status: list[Status] | None = Field(None, description="Um ou mais (repita o parâmetro)")
    vencido: bool | None = Field(None, description="Pendentes ou parciais com vencimento antes de hoje")
    data: Literal["vencimento", "pagamento", "competencia"] = Field(
        "vencimento", description="A data que de/ate filtram e que ordena a lista")
    de: Data | None = None
    ate: Data | None = None
    conta_id: IdDeFiltro | None = None
    categoria_id: IdDeFiltro | None = Field(None, description="Desta categoria ou de uma das suas subcategorias")
    cliente_id: IdDeFiltro | None = None
    fornecedor_id: IdDeFiltro | None = None
    serie_id: IdDeFiltro | None = None
    contrato_id: IdDeFiltro | None = Field(None, description="As parcelas deste contrato do Operacional")
    origem: str | None = Field(None, pattern=r"^[a-z_]{1,30}:[0-9]{1,19}$", description=(
        "Os lançamentos que outro módulo criou como parte deste todo (ex.: folha:12)"))
    centro_custo_id: int | None = Field(
        None, ge=0, le=MAX_ID, description="Com este centro de custo (só ou no rateio); 0: sem centro de custo")
    q: Texto | None = Field(None, max_length=100, description=(
        "Início de palavras da descrição ou do documento, sem diferença de acentos e maiúsculas; a pontuação "
        "separa palavras, dos dois lados (\"2026-031\" acha \"NF 2026-031\")"))

    def filtro(self) -> lancamentos.Filtro:
        return lancamentos.Filtro(
            tipo=self.tipo, status=self.status, vencido=self.vencido, campo_data=self.data, de=self.de,
            ate=self.ate, conta_id=self.conta_id, categoria_id=self.categoria_id, cliente_id=self.cliente_id,
            fornecedor_id=self.fornecedor_id, serie_id=self.serie_id, contrato_id=self.contrato_id,
            origem=self.origem, centro_custo_id=self.centro_custo_id, q=self.q)


class FiltroPaginado(FiltroLancamentos, Pagina):
    def inicio(self) -> PosicaoLancamento | None:
        """Where this page starts: the cursor, which must be of a page of the list in this order."""
        apos = self.apos(PosicaoLancamento)
        if apos is not None and apos.data != self.data:
            raise cursor_invalido()
        return apos

    def fim(self, linha: dict) -> PosicaoLancamento:
        """Where a page that ends on `linha` ends."""
        return PosicaoLancamento(data=self.data, d=linha[lancamentos.COLUNA_DA_DATA[self.data]], id=linha["id"])


class Serie(BaseModel):
    id: int
    tipo: Literal["PARCELAMENTO", "RECORRENCIA"]
    numero: int
    quantidade: int


class LinhaDoRateio(BaseModel):
    centro_custo_id: int
    nome: str
    valor: Dinheiro
    percentual: Dinheiro = Field(description="Do valor do lançamento, em %")


class FavorecidoDoLancamento(BaseModel):
    nome: str
    documento: str = Field(description="CPF ou CNPJ, só os dígitos")
    banco: str | None
    agencia: str | None
    conta: str | None
    tipo_conta: str | None
    chave_pix: str | None
    tipo_chave_pix: str | None


class Lancamento(BaseModel):
    id: int
    tipo: Tipo
    descricao: str
    valor: Dinheiro
    data_vencimento: date
    competencia: Competencia
    categoria_id: int
    categoria_nome: str
    conta_id: int
    conta_nome: str
    cliente_id: int | None
    cliente_nome: str | None
    fornecedor_id: int | None
    fornecedor_nome: str | None
    documento: str | None
    observacoes: str | None
    status: Status
    vencido: bool = Field(description="Pendente ou parcial com vencimento antes de hoje (Brasília)")
    valor_pago: Dinheiro = Field(description="Principal já baixado (sem juros, multa ou desconto)")
    valor_aberto: Dinheiro
    data_pagamento: date | None = Field(description="Data da última baixa")
    serie: Serie | None = Field(description="Parcela ou ocorrência: a série, o número e quantos são")
    centro_custo_id: int | None = Field(description="Quando o valor inteiro é de um centro de custo só")
    rateio: list[LinhaDoRateio] = Field(description="A parte de cada centro de custo (vazio: sem centro de custo)")
    contrato_id: int | None = Field(None, description="Parcela deste contrato do Operacional (null: nenhum)")
    codigo_barras_pagamento: str | None = Field(None, description="Despesa: o boleto que a paga (44 dígitos)")
    favorecido: FavorecidoDoLancamento | None = Field(None, description=(
        "Despesa sem fornecedor: quem o módulo que a criou mandou pagar (o funcionário de um salário); só leitura"))
    criado_em: datetime
    atualizado_em: datetime


class Cobranca(BaseModel):
    tipo: Literal["TITULO", "PAGAMENTO"] = Field(description="O boleto de uma receita, ou o pagamento de uma despesa")
    situacao: str
    motivo: str | None = Field(description="O motivo do banco, quando rejeitou")
    nosso_numero: str | None = Field(None, description="Título: como o boleto o imprime")
    banco: str | None = Field(None, description="Título: o banco que o cobra")
    forma: str | None = Field(None, description="Pagamento: CREDITO_CONTA, TED, PIX ou BOLETO")


class LancamentoComBaixas(Lancamento):
    baixas: list[Baixa]
    cobranca: Cobranca | None = Field(description="O título ou o pagamento em remessa mais recente (null: nenhum)")


class Totais(BaseModel):
    quantidade: int
    receitas: Dinheiro
    despesas: Dinheiro
    saldo: Dinheiro
    receitas_pagas: Dinheiro
    despesas_pagas: Dinheiro
    receitas_abertas: Dinheiro
    despesas_abertas: Dinheiro


class ListaLancamentos(BaseModel):
    items: list[Lancamento]
    next_cursor: str | None
    totais: Totais | None = Field(description="Do conjunto filtrado inteiro; só na primeira página (sem cursor)")


def item(linha: dict) -> Lancamento:
    serie = None
    if linha["serie_id"] is not None:
        serie = Serie(id=linha["serie_id"], tipo=linha["serie_tipo"], numero=linha["serie_numero"],
                      quantidade=linha["serie_quantidade"])
    return Lancamento(**{campo: linha[campo] for campo in Lancamento.model_fields if campo != "serie"}, serie=serie)


def valores(pedido):
    """A validated request's values themselves, as the domain takes them (model_dump() would turn
    money and months into text), its parcelas, recorrência and rateio as dicts too."""
    if isinstance(pedido, BaseModel):
        return {campo: valores(v) for campo, v in pedido}
    if isinstance(pedido, list):
        return [valores(v) for v in pedido]
    return pedido


# ---------------------------------------------------------------- reading


@bp.get("/api/lancamentos")
@endpoint(resumo="O livro de lançamentos filtrado, com os totais do conjunto", query=FiltroPaginado,
          responses={200: ListaLancamentos}, permissao=LER)
def listar(query: FiltroPaginado):
    apos = query.inicio()
    filtro = query.filtro()
    with tenant_transaction() as cur:
        linhas = lancamentos.listar(cur, filtro, apos, query.limit + 1)
        somas = lancamentos.totais(cur, filtro) if apos is None else None
    return ListaLancamentos(**pagina(linhas, query, query.fim, item), totais=None if somas is None else Totais(**somas))


_COLUNAS_CSV = ("Tipo", "Descrição", "Categoria", "Conta", "Centro de custo", "Cliente/Fornecedor", "Documento", "Vencimento",
                "Competência", "Valor", "Pago", "Em aberto", "Status", "Último pagamento", "Parcela", "Observações")


def _centros_csv(centros: list | None) -> str:
    """"Ensaios", or each centro with its part: "Ensaios 1260,00 | Estúdio (estrutura) 2940,00"."""
    if not centros or len(centros) == 1:
        return planilha.texto(centros[0][0] if centros else None)
    return planilha.texto(" | ".join(f"{nome} {decimal_br(Decimal(valor))}" for nome, valor in centros))


def _linha_csv(linha: dict) -> list:
    parcela = f"{linha['serie_numero']}/{linha['serie_quantidade']}" if linha["serie_id"] else ""
    status = "VENCIDO" if linha["vencido"] else linha["status"]
    return [linha["tipo"], planilha.texto(linha["descricao"]), planilha.texto(linha["categoria_nome"]),
            planilha.texto(linha["conta_nome"]), _centros_csv(linha["centros"]),
            planilha.texto(linha["cliente_nome"] or linha["fornecedor_nome"]),
            planilha.texto(linha["documento"]), data_br(linha["data_vencimento"]),
            linha["competencia"].strftime("%m/%Y"), decimal_br(linha["valor"]), decimal_br(linha["valor_pago"]),
            decimal_br(linha["valor_aberto"]), status, data_br(linha["data_pagamento"]), parcela,
            planilha.texto(linha["observacoes"])]


@bp.get("/api/lancamentos/exportar")
@endpoint(resumo="O livro filtrado em CSV (; e vírgula decimal, para planilhas em português)",
          query=FiltroLancamentos, permissao=LER,
          conteudo={"text/csv": "Uma linha por lançamento, na ordem da lista, com cabeçalho"})
def exportar(query: FiltroLancamentos):
    filtro = query.filtro()

    def gerar():
        with tenant_transaction() as cur:
            yield from planilha.csv_em_blocos(_COLUNAS_CSV, map(_linha_csv, lancamentos.exportar(cur, filtro)))

    nome = f"lancamentos-{hoje():%Y-%m-%d}.csv"
    return Response(stream_with_context(gerar()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{nome}"'})




@bp.get("/api/lancamentos/<int:lancamento_id>")
@endpoint(resumo="Um lançamento, com as suas baixas e o seu boleto ou pagamento em remessa", responses={200: LancamentoComBaixas, 404: Erro}, permissao=LER)
def obter(lancamento_id: int):
    with tenant_transaction() as cur:
        linha, suas_baixas = baixas.lancamento_com_baixas(cur, lancamento_id)
        cobranca = titulos.cobranca_do_lancamento(cur, lancamento_id)
    return LancamentoComBaixas(**dict(item(linha)), baixas=[Baixa(**b) for b in suas_baixas],
                               cobranca=None if cobranca is None else Cobranca(**cobranca))


# ---------------------------------------------------------------- writing


@bp.post("/api/lancamentos")
@endpoint(resumo="Cria um lançamento, ou as parcelas de um valor, ou uma recorrência", body=NovoLancamento,
          responses={201: Lancamento, 404: Erro}, permissao=ESCREVER)
def criar(body: NovoLancamento):
    with escrita() as tx:
        criado = escrita_lancamentos.criar(tx, valores(body))
    return item(criado), 201


@bp.put("/api/lancamentos/<int:lancamento_id>")
@endpoint(resumo="Altera um lançamento (ou ele e os seguintes da série): os campos enviados",
          query=ComEscopo, body=AlteracaoLancamento, responses={200: Lancamento, 404: Erro}, permissao=ESCREVER)
def alterar(lancamento_id: int, query: ComEscopo, body: AlteracaoLancamento):
    mudancas = {campo: valores(valor) for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        lancamento = escrita_lancamentos.alterar(tx, lancamento_id, mudancas, query.escopo)
    return item(lancamento)


@bp.post("/api/lancamentos/<int:lancamento_id>/cancelar")
@endpoint(resumo="Cancela um lançamento sem pagamentos (ou ele e os seguintes da série)", query=ComEscopo,
          responses={200: Lancamento, 404: Erro, 409: Erro}, permissao=ESCREVER)
def cancelar(lancamento_id: int, query: ComEscopo):
    with escrita() as tx:
        lancamento = escrita_lancamentos.cancelar(tx, lancamento_id, query.escopo)
    return item(lancamento)


@bp.post("/api/lancamentos/<int:lancamento_id>/reativar")
@endpoint(resumo="Desfaz o cancelamento de um lançamento", responses={200: Lancamento, 404: Erro},
          permissao=ESCREVER)
def reativar(lancamento_id: int):
    with escrita() as tx:
        lancamento = escrita_lancamentos.reativar(tx, lancamento_id)
    return item(lancamento)


@bp.delete("/api/lancamentos/<int:lancamento_id>")
@endpoint(resumo="Exclui um lançamento sem pagamentos (ou ele e os seguintes da série)", query=ComEscopo,
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def excluir(lancamento_id: int, query: ComEscopo):
    with escrita() as tx:
        escrita_lancamentos.excluir(tx, lancamento_id, query.escopo)
    return Response(status=204)
