"""/api/bancos: the Brazilian banks, for the conta's bank picker."""
from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Lista, Modelo, Texto, endpoint

from cadastros import bancos
from cadastros.permissoes import LER

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
          query=FiltroBancos, responses={200: Lista[BancoItem]}, permissao=LER)
def listar(query: FiltroBancos):
    itens = [BancoItem(codigo=banco.codigo, nome=banco.nome) for banco in bancos.buscar(query.q)]
    return Lista[BancoItem].inteira(itens)
