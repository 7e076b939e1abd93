"""/api/equipamentos: the studio's gear, what is free in a window, allocating one item to a sessão,
maintenance windows and check-out / check-in.

Reading needs `operacional:ler`, writing `operacional:escrever`. The rules are the domain's
(operacional/equipamentos.py, operacional/alocacoes.py); each write is audited and published.
"""
import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from flask import Blueprint, Response
from pydantic import BaseModel, BeforeValidator, Field, model_validator

from shared.api import (Data, Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Opcional, Pagina, Texto, endpoint,
                        nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction
from shared.config import FUSO
from shared.errors import NaoEncontrado, Validacao

from operacional import alocacoes, equipamentos
from operacional.permissoes import ESCREVER, LER
from operacional.routes.eventos_equipe import UmaPessoa

bp = Blueprint("equipamentos", __name__)

Categoria = Literal["camera", "lente", "flash", "drone", "iluminacao", "audio", "suporte", "outro"]
Estado = Literal["disponivel", "em_manutencao", "baixado"]
Nome = Annotated[Texto, Field(min_length=1, max_length=120)]
Curto = Opcional[Annotated[Texto, Field(max_length=60)]]
Valor = Opcional[Annotated[Dinheiro, Field(ge=0)]]

# The widest offset any zone uses; Python takes up to 24 h, PostgreSQL refuses 16 h and more.
MAIOR_FUSO = timedelta(hours=14)
# A query string decodes "+" as a space: "10:00:00 03:00" was "10:00:00+03:00".
_OFFSET_COM_ESPACO = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def _instante(valor: Any) -> Any:
    """ISO 8601 with its offset: without one the moment is ambiguous (whose 10:00?)."""
    if isinstance(valor, datetime):
        instante = valor
    elif isinstance(valor, str):
        try:
            instante = datetime.fromisoformat(_OFFSET_COM_ESPACO.sub(r"\1+\2", valor.strip()))
        except ValueError:
            raise ValueError("Data e hora inválidas; use ISO 8601, como 2026-12-07T10:00:00-03:00") from None
    else:
        raise ValueError("Data e hora inválidas; use ISO 8601, como 2026-12-07T10:00:00-03:00")
    if instante.tzinfo is None:
        raise ValueError("Informe o fuso horário, como 2026-12-07T10:00:00-03:00")
    if abs(instante.utcoffset()) > MAIOR_FUSO:
        raise ValueError("Fuso horário inválido: use um deslocamento entre -14:00 e +14:00")
    return instante


# A moment with its offset; the answer gives it back in UTC.
Instante = Annotated[datetime, BeforeValidator(_instante)]


class NovoEquipamento(Modelo):
    nome: Nome
    categoria: Categoria = "outro"
    marca: Curto = None
    modelo: Curto = None
    numero_serie: Opcional[Annotated[Texto, Field(max_length=80)]] = Field(
        None, description="Único na empresa (sem diferença de maiúsculas)")
    valor: Valor = None
    data_aquisicao: Opcional[Data] = None
    estado: Estado = "disponivel"
    observacoes: Opcional[Annotated[Texto, Field(max_length=2000)]] = None


class AlteracaoEquipamento(Modelo):
    """Any subset of a new item's fields; `null` clears the optional ones."""

    nome: Nome = None
    categoria: Categoria = None
    marca: Curto = None
    modelo: Curto = None
    numero_serie: Opcional[Annotated[Texto, Field(max_length=80)]] = None
    valor: Valor = None
    data_aquisicao: Opcional[Data] = None
    estado: Estado = None
    observacoes: Opcional[Annotated[Texto, Field(max_length=2000)]] = None

    _nunca_nulos = nunca_nulos("nome", "categoria", "estado")


class ComQuem(BaseModel):
    usuario_id: int | None
    fornecedor_id: int | None
    funcionario_id: int | None
    nome: str | None
    desde: datetime
    sessao_id: int | None


class Equipamento(BaseModel):
    id: int
    nome: str
    categoria: str
    marca: str | None
    modelo: str | None
    numero_serie: str | None
    valor: Dinheiro | None
    data_aquisicao: date | None
    estado: str
    observacoes: str | None
    em_manutencao_agora: bool = Field(description="Uma janela de manutenção cobre este momento")
    com: ComQuem | None = Field(description="Quem está com o equipamento (saída sem retorno); nulo: no estúdio")
    criado_em: datetime
    atualizado_em: datetime


class FiltroEquipamentos(Pagina):
    categoria: Categoria | None = None
    estado: Estado | None = None
    fora: bool | None = Field(None, description="true: só os que saíram e não voltaram; false: só os do estúdio")
    kit_id: IdDeFiltro | None = None
    q: Texto | None = Field(None, max_length=100, description="Palavras do nome, marca, modelo ou número de série")


class Janela(Modelo):
    inicio: Instante
    fim: Instante

    @model_validator(mode="after")
    def _ordem(self):
        if self.fim <= self.inicio:
            # Raised as the API's error (pydantic passes it through) to name the field.
            raise Validacao("Verifique os campos destacados", {"fim": "Deve ser depois do início"})
        return self


class FiltroDisponiveis(Janela, Pagina):
    categoria: Categoria | None = None


class Disponivel(BaseModel):
    id: int
    nome: str
    categoria: str
    marca: str | None
    modelo: str | None
    numero_serie: str | None
    estado: str


class AlocarEquipamento(Modelo):
    equipamento_id: Id
    sessao_id: Id


class Alocacao(BaseModel):
    id: int
    equipamento_id: int
    equipamento: str
    categoria: str
    sessao_id: int
    kit_id: int | None
    kit: str | None
    inicio: datetime
    fim: datetime
    criado_em: datetime


class ResultadoAlocacao(BaseModel):
    sessao_id: int
    kit_id: int | None
    alocacoes: list[Alocacao] = Field(description="As reservas criadas agora")
    ja_alocados: list[int] = Field(description="Equipamentos que a sessão já tinha; ficaram como estavam")


class FiltroAgenda(Modelo):
    de: Data
    ate: Data

    @model_validator(mode="after")
    def _periodo(self):
        if self.ate < self.de:
            raise Validacao("Verifique os campos destacados", {"ate": "Deve ser igual ou posterior a 'de'"})
        if (self.ate - self.de).days > 366:
            raise Validacao("Verifique os campos destacados", {"ate": "Período de no máximo 366 dias"})
        return self


class Compromisso(BaseModel):
    id: int
    sessao_id: int | None
    sessao: str | None
    kit_id: int | None
    kit: str | None
    manutencao: bool
    motivo: str | None
    inicio: datetime
    fim: datetime


class NovaManutencao(Janela):
    motivo: Annotated[Texto, Field(min_length=1, max_length=500)]


class Manutencao(BaseModel):
    id: int
    inicio: datetime
    fim: datetime
    motivo: str
    criado_em: datetime


class Saida(Modelo):
    responsavel: UmaPessoa
    sessao_id: Id | None = None
    observacao: Opcional[Annotated[Texto, Field(max_length=1000)]] = None


class Retorno(Modelo):
    condicao: Literal["ok", "avariado", "incompleto", "extraviado"] = Field(
        description="avariado: o equipamento fica em manutenção; extraviado: baixado")
    observacao: Opcional[Annotated[Texto, Field(max_length=1000)]] = None


class Movimento(BaseModel):
    id: int
    equipamento_id: int
    usuario_id: int | None
    fornecedor_id: int | None
    funcionario_id: int | None
    nome: str | None = Field(description="Quem levou")
    sessao_id: int | None
    saida_em: datetime
    saida_observacao: str | None
    retorno_em: datetime | None
    condicao: str | None
    retorno_observacao: str | None


def _existe(cur, equipamento_id: int) -> None:
    if equipamentos.por_id(cur, equipamento_id) is None:
        raise NaoEncontrado("Equipamento não encontrado")


@bp.get("/api/equipamentos")
@endpoint(resumo="Equipamentos da empresa, por nome, com quem está cada um", query=FiltroEquipamentos,
          responses={200: Lista[Equipamento]}, permissao=LER)
def listar(query: FiltroEquipamentos):
    filtros = query.model_dump(include={"categoria", "estado", "fora", "kit_id", "q"})
    with tenant_transaction() as cur:
        linhas = equipamentos.listar(cur, filtros, query.apos(equipamentos.PosicaoEquipamento), query.limit + 1)
    return Lista[Equipamento](**pagina(
        linhas, query, lambda e: equipamentos.PosicaoEquipamento(nome=e["nome"], id=e["id"])))


@bp.get("/api/equipamentos/<int:equipamento_id>")
@endpoint(resumo="Um equipamento", responses={200: Equipamento, 404: Erro}, permissao=LER)
def obter(equipamento_id: int):
    with tenant_transaction() as cur:
        item = equipamentos.por_id(cur, equipamento_id)
    if item is None:
        raise NaoEncontrado("Equipamento não encontrado")
    return Equipamento(**item)


@bp.post("/api/equipamentos")
@endpoint(resumo="Cadastra um equipamento", body=NovoEquipamento, responses={201: Equipamento, 409: Erro},
          permissao=ESCREVER)
def criar(body: NovoEquipamento):
    with escrita() as tx:
        item = equipamentos.criar(tx, dict(body))
    return Equipamento(**item), 201


@bp.put("/api/equipamentos/<int:equipamento_id>")
@endpoint(resumo="Altera um equipamento: os campos enviados; os outros ficam como estão",
          body=AlteracaoEquipamento, responses={200: Equipamento, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(equipamento_id: int, body: AlteracaoEquipamento):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        item = equipamentos.alterar(tx, equipamento_id, mudancas)
    return Equipamento(**item)


@bp.delete("/api/equipamentos/<int:equipamento_id>")
@endpoint(resumo="Exclui um equipamento sem histórico (com histórico: dê baixa)",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def excluir(equipamento_id: int):
    with escrita() as tx:
        equipamentos.excluir(tx, equipamento_id)
    return Response(status=204)


@bp.get("/api/equipamentos/disponiveis")
@endpoint(resumo="Equipamentos livres durante toda a janela (não baixados, sem alocação nem manutenção nela), "
                 "por nome", query=FiltroDisponiveis, responses={200: Lista[Disponivel]}, permissao=LER)
def disponiveis(query: FiltroDisponiveis):
    with tenant_transaction() as cur:
        linhas = alocacoes.disponiveis(cur, query.inicio, query.fim, query.categoria,
                                       query.apos(equipamentos.PosicaoEquipamento), query.limit + 1)
    return Lista[Disponivel](**pagina(
        linhas, query, lambda e: equipamentos.PosicaoEquipamento(nome=e["nome"], id=e["id"])))


@bp.post("/api/equipamentos/alocar")
@endpoint(resumo="Aloca um equipamento a uma sessão, pelo período dela (com as folgas)", body=AlocarEquipamento,
          responses={201: ResultadoAlocacao, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alocar(body: AlocarEquipamento):
    with escrita() as tx:
        resultado = alocacoes.alocar_equipamento(tx, body.equipamento_id, body.sessao_id)
    return ResultadoAlocacao(**resultado), 201


@bp.get("/api/equipamentos/<int:equipamento_id>/agenda")
@endpoint(resumo="Sessões e manutenções do equipamento entre dois dias (inclusive)", query=FiltroAgenda,
          responses={200: Lista[Compromisso], 404: Erro}, permissao=LER)
def agenda(equipamento_id: int, query: FiltroAgenda):
    fuso = ZoneInfo(FUSO)
    inicio = datetime.combine(query.de, time(), fuso)
    fim = datetime.combine(query.ate + timedelta(days=1), time(), fuso)
    with tenant_transaction() as cur:
        _existe(cur, equipamento_id)
        itens = alocacoes.agenda_do_item(cur, equipamento_id, inicio, fim)
    return Lista[Compromisso].inteira(itens)


@bp.get("/api/equipamentos/<int:equipamento_id>/manutencoes")
@endpoint(resumo="Janelas de manutenção do equipamento, as mais recentes primeiro",
          responses={200: Lista[Manutencao], 404: Erro}, permissao=LER)
def listar_manutencoes(equipamento_id: int):
    with tenant_transaction() as cur:
        _existe(cur, equipamento_id)
        itens = alocacoes.manutencoes(cur, equipamento_id)
    return Lista[Manutencao].inteira(itens)


@bp.post("/api/equipamentos/<int:equipamento_id>/manutencoes")
@endpoint(resumo="Agenda uma manutenção: o equipamento não pode ser alocado nessa janela",
          body=NovaManutencao, responses={201: Manutencao, 404: Erro, 409: Erro}, permissao=ESCREVER)
def agendar_manutencao(equipamento_id: int, body: NovaManutencao):
    with escrita() as tx:
        criada = alocacoes.agendar_manutencao(tx, equipamento_id, body.inicio, body.fim, body.motivo)
    return Manutencao(**criada), 201


@bp.delete("/api/equipamentos/<int:equipamento_id>/manutencoes/<int:manutencao_id>")
@endpoint(resumo="Cancela uma janela de manutenção", responses={204: None, 404: Erro}, permissao=ESCREVER)
def cancelar_manutencao(equipamento_id: int, manutencao_id: int):
    with escrita() as tx:
        alocacoes.cancelar_manutencao(tx, equipamento_id, manutencao_id)
    return Response(status=204)


@bp.get("/api/equipamentos/<int:equipamento_id>/movimentos")
@endpoint(resumo="Saídas e retornos do equipamento, os mais recentes primeiro",
          responses={200: Lista[Movimento], 404: Erro}, permissao=LER)
def listar_movimentos(equipamento_id: int):
    with tenant_transaction() as cur:
        _existe(cur, equipamento_id)
        itens = equipamentos.movimentos(cur, equipamento_id)
    return Lista[Movimento].inteira(itens)


@bp.post("/api/equipamentos/<int:equipamento_id>/saida")
@endpoint(resumo="Registra a saída (check-out): quem levou o equipamento", body=Saida,
          responses={201: Movimento, 400: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def saida(equipamento_id: int, body: Saida):
    responsavel = body.responsavel.model_dump(exclude_none=True)
    with escrita() as tx:
        movimento = equipamentos.saida(tx, equipamento_id, responsavel, body.sessao_id, body.observacao)
    return Movimento(**movimento), 201


@bp.post("/api/equipamentos/<int:equipamento_id>/retorno")
@endpoint(resumo="Registra o retorno (check-in) e a condição em que o equipamento voltou", body=Retorno,
          responses={200: Movimento, 404: Erro, 409: Erro}, permissao=ESCREVER)
def retorno(equipamento_id: int, body: Retorno):
    with escrita() as tx:
        movimento = equipamentos.retorno(tx, equipamento_id, body.condicao, body.observacao)
    return Movimento(**movimento)
