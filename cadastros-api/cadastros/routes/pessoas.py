"""The routes of /api/clientes and /api/fornecedores: one set of views, registered on each
resource's blueprint with its entidade (cadastros.pessoas.CLIENTES, FORNECEDORES), whose models
say the fields that kind takes and returns."""
from flask import Blueprint, Response, request

from shared.api import Erro, Lista, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import TipoNaoSuportado, Validacao

from cadastros import importacao, pessoas
from cadastros.importacao import ErroImportacao, Importacao
from cadastros.permissoes import ESCREVER, LER
from cadastros.pessoas import Entidade, FiltroPessoas, PosicaoPessoa


def registrar(bp: Blueprint, e: Entidade) -> None:
    base = f"/api/{e.tabela}"
    Nova, Alteracao, Resposta = e.nova, e.alteracao, e.resposta

    def item(linha: dict):
        return pessoas.item(e, linha)

    @bp.get(base)
    @endpoint(resumo=f"Lista os {e.tabela} por nome; `q` busca por nome, CPF/CNPJ ou e-mail", query=FiltroPessoas,
              responses={200: Lista[Resposta]}, permissao=LER)
    def listar(query: FiltroPessoas):
        apos = query.apos(PosicaoPessoa)
        with tenant_transaction() as cur:
            linhas = pessoas.listar(cur, e, query, apos, query.limit + 1)
        return Lista[Resposta](**pagina(linhas, query, lambda p: PosicaoPessoa(nome=p["nome_busca"], id=p["id"]),
                                        item))

    @bp.post(base)
    @endpoint(resumo=f"Cadastra um {e.nome}", body=Nova, responses={201: Resposta, 409: Erro}, permissao=ESCREVER)
    def criar(body: Nova):
        with escrita() as tx:
            linha = pessoas.criar(tx, e, body)
        return item(linha), 201

    @bp.get(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Um {e.nome}", responses={200: Resposta}, permissao=LER)
    def obter(pessoa_id: int):
        with tenant_transaction() as cur:
            return item(pessoas.buscar(cur, e, pessoa_id))

    @bp.put(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Altera um {e.nome}: os campos enviados; os outros ficam como estão", body=Alteracao,
              responses={200: Resposta, 409: Erro}, permissao=ESCREVER)
    def alterar(pessoa_id: int, body: Alteracao):
        with escrita() as tx:
            linha = pessoas.alterar(tx, e, pessoa_id, body)
        return item(linha)

    @bp.delete(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Exclui um {e.nome} que nenhum lançamento usa (senão, desative-o)",
              responses={204: None, 409: Erro}, permissao=ESCREVER)
    def excluir(pessoa_id: int):
        with escrita() as tx:
            pessoas.excluir(tx, e, pessoa_id)
        return Response(status=204)

    @bp.post(f"{base}/importar")
    @endpoint(resumo=f"Importa {e.tabela} de um CSV: tudo ou nada; cada linha com problema é relatada",
              multipart={"arquivo": f"CSV com cabeçalho ({', '.join(importacao.COLUNAS)}), separado por ; ou ,"},
              responses={201: Importacao, 400: ErroImportacao}, permissao=ESCREVER)
    def importar():
        arquivo = _arquivo()
        # The file is read and validated before the transaction: no connection waits on parsing.
        validos, problemas = importacao.ler(arquivo.read())
        with escrita() as tx:
            importados = importacao.gravar(tx, e, validos, problemas, (arquivo.filename or "")[:200])
        return Importacao(importados=importados), 201

    @bp.get(f"{base}/importar/modelo")
    @endpoint(resumo="O CSV modelo da importação (só o cabeçalho)", conteudo={"text/csv": ";".join(importacao.COLUNAS)},
              permissao=LER)
    def modelo():
        return Response(importacao.modelo(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="modelo-{e.tabela}.csv"'})


def _arquivo():
    if request.mimetype != "multipart/form-data":
        raise TipoNaoSuportado("Envie o arquivo como multipart/form-data, no campo arquivo")
    arquivo = request.files.get("arquivo")
    if arquivo is None:
        raise Validacao("Verifique os campos destacados", {"arquivo": "Envie o arquivo CSV no campo arquivo"})
    return arquivo
