"""/api/lancamentos/<id>/boleto, boleto.pdf, pix and /api/lancamentos/carne.pdf: a receivable's boleto.

Reading needs `financeiro:ler`. The first read of a receivable's boleto issues its título (draws
its nosso número from the conta's sequence; audited), which needs `financeiro:escrever`: a reader
without it gets a 403 until someone who may issue it has. financeiro/titulos.py decides and
assembles; these routes parse and answer.
"""
from datetime import date

from flask import Blueprint, Response, g
from pydantic import BaseModel, Field, field_validator

from shared.api import Dinheiro, Erro, IdDeFiltro, Modelo, endpoint
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado, SemPermissao, Validacao

from financeiro import cobranca_conta, titulos
from financeiro.cobranca import pdf, pix
from financeiro.permissoes import ESCREVER, LER

bp = Blueprint("boletos", __name__)

MAXIMO_DO_CARNE = 360  # parcelas: the longest série a lançamento may have


class Pix(BaseModel):
    copia_e_cola: str = Field(description="O BR Code (PIX copia e cola) do valor do boleto")
    txid: str


class PixComQr(Pix):
    qr_svg: str = Field(description="O QR Code do copia e cola, em SVG")


class Boleto(BaseModel):
    nosso_numero: str = Field(description="Como o boleto o imprime, com o dígito")
    linha_digitavel: str = Field(description="Formatada: AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE")
    codigo_barras: str = Field(description="Os 44 dígitos do código de barras")
    vencimento: date
    valor: Dinheiro
    situacao: str = Field(description="EMITIDO, REGISTRADO, REJEITADO, LIQUIDADO ou BAIXADO")
    banco: str
    motivo: str | None = Field(description="O motivo do banco, quando rejeitou algo deste título")
    pix: Pix | None = Field(description="Boleto híbrido: o PIX do mesmo valor, quando a conta tem chave PIX")


class FiltroCarne(Modelo):
    contrato_id: IdDeFiltro | None = Field(None, description="As parcelas em aberto deste contrato do Operacional")
    ids: str | None = Field(None, max_length=4000, description="Ou os lançamentos, separados por vírgula: 1,2,3")

    @field_validator("ids")
    @classmethod
    def _lista_de_ids(cls, valor):
        if valor is not None and not all(parte.strip().isdigit() and 0 < len(parte.strip()) < 19
                                         for parte in valor.split(",")):
            raise ValueError("Informe ids separados por vírgula, como 1,2,3")
        return valor

    def lancamentos(self) -> list[int] | None:
        if (self.contrato_id is None) == (self.ids is None):
            raise Validacao("Verifique os campos destacados", {"ids": "Informe contrato_id ou ids, um dos dois"})
        return None if self.ids is None else [int(parte) for parte in self.ids.split(",")]


def _titulo(cur, lancamento: dict) -> tuple[cobranca_conta.ContaCobranca, dict | None]:
    if lancamento["tipo"] != "RECEITA":
        raise Validacao("Só receitas têm boleto; uma despesa é paga por remessa de pagamentos",
                        {"lancamento_id": "Este lançamento é uma despesa"})
    conta = cobranca_conta.da_conta(cur, lancamento["conta_id"])
    return conta, titulos.do_lancamento(cur, lancamento["id"], conta.id)


def _emitindo(pendentes: list[int]) -> dict[int, dict]:
    """Issues the títulos of these lançamentos (each on its conta), for one who may."""
    if not pendentes:
        return {}
    if not g.usuario.pode(ESCREVER):
        raise SemPermissao("O boleto ainda não foi emitido; emiti-lo (gerar o nosso número) precisa da permissão "
                           f"{ESCREVER}")
    emitidos = {}
    with escrita() as tx:
        lidos = titulos.lancamentos_para_boleto(tx.cur, pendentes)
        for lancamento_id in pendentes:
            conta = cobranca_conta.da_conta(tx.cur, lidos[lancamento_id]["conta_id"])
            emitidos[lancamento_id] = titulos.emitir_do_lancamento(tx, conta, lancamento_id)
    return emitidos


def _do_lancamento(lancamento_id: int) -> tuple[cobranca_conta.ContaCobranca, dict]:
    with tenant_transaction() as cur:
        lancamento = titulos.lancamentos_para_boleto(cur, [lancamento_id]).get(lancamento_id)
        if lancamento is None:
            raise NaoEncontrado("Lançamento não encontrado")
        conta, titulo = _titulo(cur, lancamento)
    if titulo is None:
        titulo = _emitindo([lancamento_id])[lancamento_id]
    return conta, titulo


@bp.get("/api/lancamentos/<int:lancamento_id>/boleto")
@endpoint(resumo="O boleto de uma receita (emite o título na primeira leitura: precisa de financeiro:escrever)",
          responses={200: Boleto, 400: Erro, 403: Erro, 404: Erro, 409: Erro}, permissao=LER)
def boleto(lancamento_id: int):
    conta, titulo = _do_lancamento(lancamento_id)
    return Boleto(**titulos.dados_do_boleto(conta, titulo))


@bp.get("/api/lancamentos/<int:lancamento_id>/pix")
@endpoint(resumo="O PIX copia e cola e o QR Code de uma receita, quando a conta tem chave PIX",
          responses={200: PixComQr, 400: Erro, 403: Erro, 404: Erro, 409: Erro}, permissao=LER)
def pix_do_lancamento(lancamento_id: int):
    conta, titulo = _do_lancamento(lancamento_id)
    dados = titulos.pix_do_titulo(conta, titulo)
    if dados is None:
        raise NaoEncontrado(f"A conta {conta.nome} não tem chave PIX; cadastre-a na configuração de cobrança")
    return PixComQr(**dados, qr_svg=pix.qr_svg(dados["copia_e_cola"]))


def _pdf(dados: bytes, nome: str) -> Response:
    return Response(dados, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{nome}"'})


def _impressos(lancamento_ids: list[int], emitidos: dict[int, dict]) -> list:
    with tenant_transaction() as cur:
        lidos = titulos.lancamentos_para_boleto(cur, lancamento_ids)
        clientes = titulos.clientes(cur, {lancamento["cliente_id"] for lancamento in lidos.values()
                                          if lancamento["cliente_id"] is not None})
        impressos = []
        for lancamento_id in lancamento_ids:
            lancamento = lidos[lancamento_id]
            conta, titulo = _titulo(cur, lancamento)
            titulo = titulo or emitidos[lancamento_id]
            impressos.append(titulos.impresso(conta, titulo, lancamento, clientes[lancamento["cliente_id"]]))
    return impressos


@bp.get("/api/lancamentos/<int:lancamento_id>/boleto.pdf")
@endpoint(resumo="O boleto de uma receita em PDF (emite o título na primeira leitura)", permissao=LER,
          responses={200: None, 400: Erro, 403: Erro, 404: Erro, 409: Erro},
          conteudo={"application/pdf": "O boleto, com a ficha de compensação e, havendo chave PIX, o QR Code"})
def boleto_pdf(lancamento_id: int):
    _, titulo = _do_lancamento(lancamento_id)
    return _pdf(pdf.boletos(_impressos([lancamento_id], {lancamento_id: titulo})), f"boleto-{lancamento_id}.pdf")


@bp.get("/api/lancamentos/carne.pdf")
@endpoint(resumo="O carnê das parcelas em aberto de um contrato (ou dos lançamentos dados), por vencimento",
          query=FiltroCarne, permissao=LER, responses={200: None, 400: Erro, 403: Erro, 404: Erro, 409: Erro},
          conteudo={"application/pdf": "Uma página de parcelas destacáveis, em ordem de vencimento"})
def carne(query: FiltroCarne):
    ids = query.lancamentos()
    with tenant_transaction() as cur:
        ordem = titulos.parcelas_do_carne(cur, ids, query.contrato_id)
        if len(ordem) > MAXIMO_DO_CARNE:
            raise Validacao("Verifique os campos destacados", {"ids": f"No máximo {MAXIMO_DO_CARNE} parcelas num carnê"})
        pendentes = []
        for lancamento in ordem:
            titulos.exigir_receita(lancamento)
            _, titulo = _titulo(cur, lancamento)
            if titulo is None:
                pendentes.append(lancamento["id"])
    emitidos = _emitindo(pendentes)
    nome = f"carne-contrato-{query.contrato_id}.pdf" if query.contrato_id else "carne.pdf"
    return _pdf(pdf.carne(_impressos([lancamento["id"] for lancamento in ordem], emitidos)), nome)
