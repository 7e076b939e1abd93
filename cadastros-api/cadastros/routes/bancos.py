"""/api/bancos: the Brazilian banks, for the conta's bank picker; /api/bancos/cobranca: what each bank
with cobrança by file takes (cadastros/cobranca.py's rules), for the cobrança form's hints."""
from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Lista, Modelo, Texto, endpoint

from cadastros import bancos, cobranca
from cadastros.permissoes import LER, LER_BANCOS

bp = Blueprint("bancos", __name__)


class FiltroBancos(Modelo):
    q: Texto | None = Field(None, max_length=100,
                            description=(
                                "Início do código (com ou sem zeros) ou de palavras do nome ou de um apelido "
                                "(\"Nubank\", \"BB\", \"CEF\"), sem diferença de acentos. Primeiro o banco "
                                "cujo apelido ou código é o texto, depois os bancos de varejo mais usados, "
                                "depois os outros em ordem de código"))


class BancoItem(BaseModel):
    codigo: str = Field(description="Código COMPE, 3 dígitos")
    nome: str


@bp.get("/api/bancos")
@endpoint(resumo="Bancos brasileiros (código COMPE e nome), os mais usados primeiro; a lista inteira, sem paginação",
          query=FiltroBancos, responses={200: Lista[BancoItem]}, permissao=LER_BANCOS)
def listar(query: FiltroBancos):
    itens = [BancoItem(codigo=banco.codigo, nome=banco.nome) for banco in bancos.buscar(query.q)]
    return Lista[BancoItem].inteira(itens)


class Convenio(BaseModel):
    nome: str = Field(description="Como o banco chama o campo: convênio, código do beneficiário…")
    tamanhos: list[int] = Field(description="Quantidades de dígitos aceitas")
    exemplo: str


class Variacao(BaseModel):
    nome: str = Field(description="variação (BB) ou modalidade (Sicoob)")
    valores: list[str] | None = Field(description="Os valores aceitos; nulo: quaisquer 3 dígitos")
    exigida_nas_carteiras: list[str]
    exemplo: str


class BancoDeCobranca(BaseModel):
    codigo: str
    nome: str
    layouts: list[str] = Field(description="O primeiro é o padrão")
    convenio: Convenio | None = Field(description="Nulo: o banco não usa convênio (Itaú)")
    carteiras: list[str]
    variacao: Variacao | None
    posto: bool = Field(description="Se o banco exige o posto da cooperativa (Sicredi)")


@bp.get("/api/bancos/cobranca")
@endpoint(resumo="Os bancos com cobrança por arquivo e o que cada um exige (layouts, convênio, carteiras…)",
          responses={200: Lista[BancoDeCobranca]}, permissao=LER)
def cobranca_por_banco():
    return Lista[BancoDeCobranca].inteira([
        BancoDeCobranca(codigo=r.codigo, nome=r.nome, layouts=list(r.layouts), carteiras=list(r.carteiras),
                        convenio=r.convenio and {**r.convenio, "tamanhos": sorted(cobranca.tamanhos(r.convenio))},
                        variacao=r.variacao, posto=r.posto)
        for r in cobranca.regras().values()])
