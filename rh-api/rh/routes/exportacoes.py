"""/api/folha/<id>/...: a processed folha as files — the holerites in PDF (one funcionário's or all,
one per page), the summary in XLSX, the accounting journal and the variables for the accountant's
payroll software in CSV (rh/exportacoes/).

Reading needs `rh:ler`. Another empresa's folha, and a funcionário who is not in the folha, are a
404. Each answer is a download (Content-Disposition: attachment) named after the competência.
"""
import io
import tempfile

from flask import Blueprint, Response

from pydantic import Field

from shared.api import MAX_ID, Erro, Modelo, endpoint
from shared.app import tenant_transaction
from shared.errors import NaoEncontrado, Validacao

from rh import exportacoes
from rh.exportacoes import diario_contabil, holerite_pdf, resumo_xlsx, variaveis_contador
from rh.permissoes import LER

bp = Blueprint("exportacoes", __name__)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
BLOCO = 64 * 1024
# reportlab draws about 8 ms a page here: a file of every holerite comes in parts of this many
# (a few seconds each), so a folha of thousands never runs into the request's timeout.
HOLERITES_POR_ARQUIVO = 500


class Parte(Modelo):
    parte: int = Field(1, ge=1, le=1000, description=f"Com mais de {HOLERITES_POR_ARQUIVO} holerites, o arquivo vem "
                                                     f"em partes de {HOLERITES_POR_ARQUIVO}, por nome: 1, 2…")


def _carregar(folha_id: int, funcionario_id: int | None = None) -> exportacoes.FolhaParaExportar:
    # A path's id beyond bigint names nothing.
    if folha_id > MAX_ID:
        raise NaoEncontrado("Folha não encontrada")
    if funcionario_id is not None and funcionario_id > MAX_ID:
        raise NaoEncontrado("Funcionário não encontrado nesta folha")
    with tenant_transaction() as cur:
        return exportacoes.carregar(cur, folha_id, funcionario_id)


def _arquivo(corpo, tipo: str, nome: str) -> Response:
    return Response(corpo, mimetype=tipo, headers={"Content-Disposition": f'attachment; filename="{nome}"'})


def _pdf(dados: exportacoes.FolhaParaExportar, nome: str) -> Response:
    saida = io.BytesIO()
    holerite_pdf.escrever(dados.empresa, dados.holerites, saida)
    return _arquivo(saida.getvalue(), PDF, nome)


@bp.get("/api/folha/<int:folha_id>/holerites/<int:funcionario_id>.pdf")
@endpoint(resumo="O holerite (recibo de pagamento) de um funcionário da folha processada, com a memória de cálculo",
          responses={200: None, 403: Erro, 404: Erro}, permissao=LER,
          conteudo={PDF: "Uma página A4: rubricas, totais, bases, recibo e a memória de cálculo de cada rubrica"})
def holerite(folha_id: int, funcionario_id: int):
    dados = _carregar(folha_id, funcionario_id)
    return _pdf(dados, exportacoes.nome_do_arquivo(dados.folha, f"holerite:{dados.holerites[0]['nome']}", "pdf"))


@bp.get("/api/folha/<int:folha_id>/holerites.pdf")
@endpoint(resumo="Os holerites de todos os funcionários da folha processada, um por página (em partes de "
                 f"{HOLERITES_POR_ARQUIVO})", query=Parte, responses={200: None, 400: Erro, 403: Erro, 404: Erro},
          permissao=LER, conteudo={PDF: "Um holerite por página, na ordem dos nomes"})
def holerites(folha_id: int, query: Parte):
    dados = _carregar(folha_id)
    partes = -(-len(dados.holerites) // HOLERITES_POR_ARQUIVO)
    if query.parte > partes:
        raise Validacao("Verifique os campos destacados",
                        {"parte": f"A folha tem {partes} parte(s) de até {HOLERITES_POR_ARQUIVO} holerites"})
    inicio = (query.parte - 1) * HOLERITES_POR_ARQUIVO
    dados.holerites = dados.holerites[inicio:inicio + HOLERITES_POR_ARQUIVO]
    return _pdf(dados, exportacoes.nome_do_arquivo(dados.folha, "holerites" if partes == 1 else
                                                   f"holerites-parte-{query.parte}", "pdf"))


@bp.get("/api/folha/<int:folha_id>/resumo.xlsx")
@endpoint(resumo="O resumo da folha em Excel: um funcionário por linha, uma coluna por rubrica, totais e a memória",
          responses={200: None, 403: Erro, 404: Erro}, permissao=LER,
          conteudo={XLSX: "Planilha Resumo (valores numéricos em R$, linha de totais com SOMA) e planilha Memória de "
                          "cálculo"})
def resumo(folha_id: int):
    dados = _carregar(folha_id)
    # constant_memory writes its rows to temporary files; the finished file goes out in blocks.
    saida = tempfile.TemporaryFile()
    resumo_xlsx.escrever(dados.empresa, dados.folha, dados.holerites, saida)
    saida.seek(0)

    def blocos():
        with saida:
            yield from iter(lambda: saida.read(BLOCO), b"")

    return _arquivo(blocos(), XLSX, exportacoes.nome_do_arquivo(dados.folha, "resumo", "xlsx"))


@bp.get("/api/folha/<int:folha_id>/diario.csv")
@endpoint(resumo="Os lançamentos contábeis da folha (débito e crédito por rubrica), para o escritório contábil",
          responses={200: None, 403: Erro, 404: Erro}, permissao=LER,
          conteudo={"text/csv": "Data;Conta débito;Código débito;Conta crédito;Código crédito;Valor;Histórico — "
                                "UTF-8 com BOM, vírgula decimal"})
def diario(folha_id: int):
    dados = _carregar(folha_id)
    linhas = diario_contabil.lancamentos(dados.folha["competencia"], exportacoes.tipo_da_folha(dados.folha),
                                         dados.holerites)
    return _arquivo(diario_contabil.csv(linhas), CSV,
                    exportacoes.nome_do_arquivo(dados.folha, "lancamentos-contabeis", "csv"))


@bp.get("/api/folha/<int:folha_id>/variaveis.csv")
@endpoint(resumo="As variáveis e rubricas do mês por funcionário, para o sistema de folha do contador",
          responses={200: None, 403: Erro, 404: Erro}, permissao=LER,
          conteudo={"text/csv": "Uma linha por funcionário e rubrica (colunas no README) — UTF-8 com BOM, vírgula "
                                "decimal"})
def variaveis(folha_id: int):
    dados = _carregar(folha_id)
    return _arquivo(variaveis_contador.csv(dados.folha, dados.holerites), CSV,
                    exportacoes.nome_do_arquivo(dados.folha, "variaveis", "csv"))
