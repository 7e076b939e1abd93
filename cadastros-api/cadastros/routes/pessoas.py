"""The routes of /api/clientes and /api/fornecedores: one set of views, registered on each
resource's blueprint with its entidade (cadastros.pessoas.CLIENTES, FORNECEDORES)."""
from flask import Blueprint, Response, request

from shared.api import MAX_ID, Erro, Lista, cursor, cursor_invalido, endpoint
from shared.app import tenant_transaction
from shared.errors import TipoNaoSuportado, Validacao

from cadastros import importacao, pessoas
from cadastros.importacao import ErroImportacao, Importacao
from cadastros.permissoes import ESCREVER, LER
from cadastros.pessoas import AlteracaoPessoa, Entidade, FiltroPessoas, NovaPessoa, Pessoa



def registrar(bp: Blueprint, e: Entidade) -> None:
    base = f"/api/{e.tabela}"

    @bp.get(base)
    @endpoint(resumo=f"Lista os {e.tabela} por nome; `q` busca por nome, CPF/CNPJ ou e-mail", query=FiltroPessoas,
              responses={200: Lista[Pessoa]}, permissao=LER)
    def listar(query: FiltroPessoas):
        with tenant_transaction() as cur:
            linhas = pessoas.listar(cur, e, query, _apos(query), query.limit + 1)
        ultima = linhas[query.limit - 1] if len(linhas) > query.limit else None
        proximo = ultima and cursor({"nome": ultima["nome_busca"], "id": ultima["id"]})
        return Lista[Pessoa](items=[pessoas.item(linha) for linha in linhas[: query.limit]], next_cursor=proximo)

    @bp.post(base)
    @endpoint(resumo=f"Cadastra um {e.nome}", body=NovaPessoa, responses={201: Pessoa, 409: Erro}, permissao=ESCREVER)
    def criar(body: NovaPessoa):
        with tenant_transaction() as cur:
            linha = pessoas.criar(cur, e, body)
        return pessoas.item(linha), 201

    @bp.get(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Um {e.nome}", responses={200: Pessoa}, permissao=LER)
    def obter(pessoa_id: int):
        with tenant_transaction() as cur:
            return pessoas.item(pessoas.buscar(cur, e, pessoa_id))

    @bp.put(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Altera um {e.nome}: os campos enviados; os outros ficam como estão", body=AlteracaoPessoa,
              responses={200: Pessoa, 409: Erro}, permissao=ESCREVER)
    def alterar(pessoa_id: int, body: AlteracaoPessoa):
        with tenant_transaction() as cur:
            return pessoas.item(pessoas.alterar(cur, e, pessoa_id, body))

    @bp.delete(f"{base}/<int:pessoa_id>")
    @endpoint(resumo=f"Exclui um {e.nome} que nenhum lançamento usa (senão, desative-o)",
              responses={204: None, 409: Erro}, permissao=ESCREVER)
    def excluir(pessoa_id: int):
        with tenant_transaction() as cur:
            pessoas.excluir(cur, e, pessoa_id)
        return Response(status=204)

    @bp.post(f"{base}/importar")
    @endpoint(resumo=f"Importa {e.tabela} de um CSV: tudo ou nada; cada linha com problema é relatada",
              multipart={"arquivo": f"CSV com cabeçalho ({', '.join(importacao.COLUNAS)}), separado por ; ou ,"},
              responses={201: Importacao, 400: ErroImportacao}, permissao=ESCREVER)
    def importar():
        arquivo = _arquivo()
        validos, problemas = importacao.ler(arquivo.read())
        with tenant_transaction() as cur:
            importados = importacao.gravar(cur, e, validos, problemas, (arquivo.filename or "")[:200])
        return Importacao(importados=importados), 201

    @bp.get(f"{base}/importar/modelo")
    @endpoint(resumo="O CSV modelo da importação (só o cabeçalho)", conteudo={"text/csv": ";".join(importacao.COLUNAS)},
              permissao=LER)
    def modelo():
        return Response(importacao.modelo(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="modelo-{e.tabela}.csv"'})


def _apos(query: FiltroPessoas) -> tuple[str, int] | None:
    posicao = query.posicao()
    if posicao is None:
        return None
    nome, pessoa_id = posicao.get("nome"), posicao.get("id")
    if not (isinstance(nome, str) and "\x00" not in nome and type(pessoa_id) is int and 0 < pessoa_id <= MAX_ID):
        raise cursor_invalido()
    return nome, pessoa_id


def _arquivo():
    if request.mimetype != "multipart/form-data":
        raise TipoNaoSuportado("Envie o arquivo como multipart/form-data, no campo arquivo")
    arquivo = request.files.get("arquivo")
    if arquivo is None:
        raise Validacao("Verifique os campos destacados", {"arquivo": "Envie o arquivo CSV no campo arquivo"})
    return arquivo
