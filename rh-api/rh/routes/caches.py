"""/api/caches: the cachês of an evento's freelancers — the preview (`calcular`, nothing stored),
registering them (stored, with the autônomos' RPAs, their payables sent to financeiro), the list,
one cachê and its RPA as a PDF, the retry of a sync that failed, the cancellation, and the
empresa's settings (cota patronal, categoria).

Reading needs `rh:ler`; writing `rh:escrever`, and `financeiro:escrever` too where the write reaches
financeiro. The rules are rh/caches.py's and rh/rpa.py's; another empresa's evento or cachê is a 404.
"""
import io
from datetime import datetime
from typing import Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import (MAX_ID, Competencia, Data, Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Pagina, endpoint,
                        pagina)
from shared.app import escrita, tenant_transaction
from shared.config import hoje
from shared.errors import NaoEncontrado

from rh import caches, rpa_pdf
from rh.folha.formato import ZERO
from rh.permissoes import ESCREVER, LER
from rh.routes.acesso import exigir_o_financeiro
from rh.routes.folha import Rubrica

bp = Blueprint("caches", __name__)
PDF = "application/pdf"


class FiltroCalculo(Modelo):
    evento_id: IdDeFiltro
    data_pagamento: Data | None = Field(None, description="AAAA-MM-DD; padrão: hoje. O mês dele soma os cachês "
                                                          "para o teto do INSS e o IRRF")


class ItemCalculo(BaseModel):
    fornecedor_id: int
    nome: str
    cpf_cnpj: str | None
    papel: str = Field(description="Os papéis na equipe do evento")
    rpa: bool = Field(description="Autônomo pago por RPA, com INSS e IRRF retidos")
    cache_id: int | None = Field(description="O cachê já registrado deste evento para a pessoa; nulo: a registrar")
    bruto: Dinheiro
    inss: Dinheiro
    irrf: Dinheiro
    liquido: Dinheiro = Field(description="bruto − INSS − IRRF, exatamente")
    inss_patronal: Dinheiro = Field(description="Encargo da empresa, fora do líquido (0 no Simples Nacional)")
    rubricas: list[Rubrica]
    avisos: list[str]


class TotaisCaches(BaseModel):
    bruto: Dinheiro
    inss: Dinheiro
    irrf: Dinheiro
    liquido: Dinheiro
    inss_patronal: Dinheiro


class Calculo(BaseModel):
    evento_id: int
    evento_nome: str
    data_pagamento: Data
    itens: list[ItemCalculo]
    totais: TotaisCaches


@bp.get("/api/caches/calcular")
@endpoint(resumo="Prévia dos cachês do evento: cada freelancer da equipe, com o RPA dos autônomos e a memória de "
                 "cálculo", query=FiltroCalculo, responses={200: Calculo, 400: Erro, 404: Erro}, permissao=LER)
def calcular(query: FiltroCalculo):
    data_pagamento = query.data_pagamento or hoje()
    with tenant_transaction() as cur:
        evento, itens = caches.calcular(cur, query.evento_id, data_pagamento)
    linhas = [ItemCalculo(fornecedor_id=p["fornecedor_id"], nome=p["nome"], cpf_cnpj=p["cpf_cnpj"], papel=p["papel"],
                          rpa=p["cache_rpa"], cache_id=p["cache_id"], bruto=r.bruto, inss=r.inss, irrf=r.irrf,
                          liquido=r.liquido, inss_patronal=r.inss_patronal, avisos=list(r.avisos),
                          rubricas=[Rubrica(codigo=x.codigo, descricao=x.descricao, tipo=x.tipo,
                                            referencia=x.referencia, valor=x.valor, memo=x.memo) for x in r.rubricas])
              for p, r in itens]
    return Calculo(evento_id=evento["id"], evento_nome=evento["nome"], data_pagamento=data_pagamento, itens=linhas,
                   totais=TotaisCaches(**{c: sum((getattr(i, c) for i in linhas), ZERO)
                                          for c in TotaisCaches.model_fields}))


# ---------------------------------------------------------------- configuração


class Configuracao(Modelo):
    cota_patronal: Literal["SIMPLES_NACIONAL", "20"] = Field(
        "SIMPLES_NACIONAL", description="A cota patronal de 20 % sobre o contribuinte individual (Lei 8.212 art. 22 "
                                        "III): SIMPLES_NACIONAL (já está no DAS) ou 20 (vai na guia do INSS)")
    categoria_id: Id | None = Field(None, description="Categoria de despesa dos cachês; sem ela, a primeira cujo "
                                                      "nome fala em cachê, terceiros ou freela")


@bp.get("/api/caches/configuracao")
@endpoint(resumo="A cota patronal e a categoria dos cachês", responses={200: Configuracao}, permissao=LER)
def obter_configuracao():
    with tenant_transaction() as cur:
        return Configuracao(**caches.ler_configuracao(cur))


@bp.put("/api/caches/configuracao")
@endpoint(resumo="Define a cota patronal e a categoria dos cachês", body=Configuracao,
          responses={200: Configuracao, 400: Erro}, permissao=ESCREVER)
def alterar_configuracao(body: Configuracao):
    with escrita() as tx:
        return Configuracao(**caches.alterar_configuracao(tx, body.model_dump()))


# ---------------------------------------------------------------- the stored cachês


class NovoPagamento(Modelo):
    evento_id: Id
    data_pagamento: Data | None = Field(None, description="AAAA-MM-DD; padrão: hoje. O vencimento das contas a "
                                                          "pagar dos cachês")


class Cache(BaseModel):
    id: int
    evento_id: int
    evento_nome: str
    fornecedor_id: int
    nome: str
    cpf_cnpj: str | None
    papel: str
    numero_rpa: int | None = Field(description="Número do RPA (sequencial por empresa); nulo sem RPA")
    data_pagamento: Data
    competencia: Competencia
    bruto: Dinheiro
    inss: Dinheiro
    irrf: Dinheiro
    liquido: Dinheiro
    inss_patronal: Dinheiro
    situacao: Literal["PROCESSADA", "PENDENTE_FINANCEIRO", "CANCELADO"]
    lancamento_id: int | None = Field(description="A conta a pagar do líquido no Financeiro")
    criado_em: datetime
    cancelado_em: datetime | None


class CacheComRubricas(Cache):
    rubricas: list[Rubrica]


class ResultadoDoEnvio(BaseModel):
    evento_id: int
    situacao: Literal["PROCESSADA", "PENDENTE_FINANCEIRO"]
    aviso: str | None = Field(description="Por que os cachês ficaram pendentes no Financeiro, quando ficaram")
    criados: int | None = Field(description="Contas a pagar criadas neste envio (nulo: não enviado)")
    alterados: int | None
    cancelados: int | None


class ResultadoDoRegistro(ResultadoDoEnvio):
    caches: list[CacheComRubricas] = Field(description="Os cachês registrados agora")
    configuracao_usada: list[str] = Field(description="O que não estava configurado e foi achado pelo nome")


class FiltroCaches(Pagina):
    evento_id: IdDeFiltro | None = None
    competencia: Competencia | None = Field(None, description="O mês do pagamento, AAAA-MM")


def _id(cache_id: int) -> int:
    """A path's id; beyond bigint it names no cachê."""
    if cache_id > MAX_ID:
        raise NaoEncontrado("Cachê não encontrado")
    return cache_id


def _cache(linha: dict) -> dict:
    return {**{c: linha[c] for c in Cache.model_fields if c in linha},
            "lancamento_id": linha["lancamento_ids"].get(caches.chave(linha["evento_id"], linha["id"]))}


def _buscar(cur, cache_id: int) -> dict:
    linha = caches.por_id(cur, _id(cache_id))
    if linha is None:
        raise NaoEncontrado("Cachê não encontrado")
    return linha


def _envio(evento_id: int, enviado: tuple[dict | None, str | None]) -> dict:
    resposta, aviso = enviado
    resposta = resposta or {}
    return {"evento_id": evento_id, "situacao": "PENDENTE_FINANCEIRO" if aviso else "PROCESSADA", "aviso": aviso,
            "criados": resposta.get("criados"), "alterados": resposta.get("alterados"),
            "cancelados": resposta.get("cancelados")}


@bp.post("/api/caches")
@endpoint(resumo="Registra os cachês do evento (os da equipe ainda sem cachê registrado), numera os RPAs e lança no "
                 "Financeiro os líquidos e a guia de INSS e IRRF", body=NovoPagamento,
          responses={201: ResultadoDoRegistro, 400: Erro, 403: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def registrar(body: NovoPagamento):
    exigir_o_financeiro("Pagar cachês")
    with escrita() as tx:
        ids, avisos = caches.registrar(tx, body.evento_id, body.data_pagamento or hoje())
    envio = _envio(body.evento_id, caches.sincronizar(body.evento_id))
    with tenant_transaction() as cur:
        linhas = [caches.por_id(cur, i) for i in ids]
    return ResultadoDoRegistro(**envio, configuracao_usada=avisos,
                               caches=[CacheComRubricas(**_cache(l), rubricas=l["rubricas"]) for l in linhas]), 201


@bp.get("/api/caches")
@endpoint(resumo="Os cachês, do mês mais recente ao mais antigo; por evento ou por mês", query=FiltroCaches,
          responses={200: Lista[Cache], 400: Erro}, permissao=LER)
def listar(query: FiltroCaches):
    with tenant_transaction() as cur:
        linhas = caches.listar(cur, query.evento_id, query.competencia, query.apos(caches.PosicaoCache),
                               query.limit + 1)
    return Lista[Cache](**pagina(
        linhas, query, lambda c: caches.PosicaoCache(competencia=c["competencia"].isoformat(), id=c["id"]),
        lambda c: Cache(**_cache(c))))


@bp.get("/api/caches/<int:cache_id>")
@endpoint(resumo="Um cachê, com a memória de cálculo", responses={200: CacheComRubricas, 404: Erro}, permissao=LER)
def obter(cache_id: int):
    with tenant_transaction() as cur:
        linha = _buscar(cur, cache_id)
    return CacheComRubricas(**_cache(linha), rubricas=linha["rubricas"])


@bp.get("/api/caches/<int:cache_id>/rpa.pdf")
@endpoint(resumo="O Recibo de Pagamento a Autônomo (RPA) do cachê, para assinar",
          responses={200: None, 403: Erro, 404: Erro}, permissao=LER,
          conteudo={PDF: "Uma página A4: empresa, autônomo com CPF, serviço e evento, bruto, INSS, IRRF, líquido, "
                         "data, assinatura e a memória de cálculo"})
def recibo(cache_id: int):
    with tenant_transaction() as cur:
        linha = _buscar(cur, cache_id)
        if linha["numero_rpa"] is None:
            raise NaoEncontrado("Este cachê não tem RPA: o fornecedor não é autônomo (é pago por nota, sem retenção)")
        empresa = caches.empresa(cur)
    saida = io.BytesIO()
    rpa_pdf.escrever(empresa, linha, saida)
    return Response(saida.getvalue(), mimetype=PDF,
                    headers={"Content-Disposition": f'attachment; filename="rpa-{linha["numero_rpa"]}.pdf"'})


@bp.post("/api/caches/<int:cache_id>/sincronizar")
@endpoint(resumo="Envia de novo as contas a pagar dos cachês do evento ao Financeiro (depois de uma falha); nunca as "
                 "duplica", responses={200: ResultadoDoEnvio, 403: Erro, 404: Erro}, permissao=ESCREVER)
def sincronizar(cache_id: int):
    exigir_o_financeiro("Sincronizar cachês")
    with tenant_transaction() as cur:
        evento_id = _buscar(cur, cache_id)["evento_id"]
    return ResultadoDoEnvio(**_envio(evento_id, caches.sincronizar(evento_id)))


@bp.delete("/api/caches/<int:cache_id>")
@endpoint(resumo="Cancela o cachê e a sua conta a pagar em aberto no Financeiro; um já pago não se cancela (409)",
          responses={200: ResultadoDoEnvio, 403: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def cancelar(cache_id: int):
    exigir_o_financeiro("Cancelar cachês")
    with escrita() as tx:
        evento_id = caches.cancelar(tx, _id(cache_id))
    return ResultadoDoEnvio(**_envio(evento_id, caches.sincronizar(evento_id)))
