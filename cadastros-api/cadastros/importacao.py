"""CSV import of clientes or fornecedores: all or nothing, and idempotent (DESIGN.md rule 7).

The file is a spreadsheet saved as CSV: a header row naming the columns (any order, any case,
accents and punctuation ignored: "CPF/CNPJ" is cpf_cnpj), `;` or `,` between cells, UTF-8 with or
without BOM or Windows-1252 (what Excel in pt-BR saves). Every line is validated like a POST; a
line whose CPF/CNPJ, or whose name when it has no CPF/CNPJ, is already stored or appears earlier
in the file is a duplicate. Any problem refuses the whole file with the problems of each line, so
importing the same file twice adds nothing the second time.
"""
import codecs
import csv
import io
import re

from pydantic import BaseModel

from shared.api import Erro, validar
from shared.errors import Validacao
from shared.transacao import Transacao

from cadastros import pessoas
from cadastros.pessoas import Entidade, NovaPessoa
from shared.texto import normalizar

COLUNAS = ("nome", "cpf_cnpj", "email", "telefone", "cep", "logradouro", "numero", "complemento", "bairro",
           "cidade", "uf", "observacoes")
MAX_LINHAS = 20_000
# A refused file lists at most this many lines (the message counts them all): enough to fix the
# file by, small enough for the screen that shows them.
MAX_LINHAS_RELATADAS = 1_000


class Importacao(BaseModel):
    importados: int


class LinhaComProblemas(BaseModel):
    linha: int  # in the file, the header being line 1
    erros: dict[str, str]  # column -> message


class ErroImportacao(Erro):
    linhas: list[LinhaComProblemas] | None = None


class ArquivoRecusado(Validacao):
    """400 with, besides the contract's envelope, the problems of each line."""

    def __init__(self, linhas: dict[int, dict[str, str]]):
        resumo = f"{len(linhas)} {'linha' if len(linhas) == 1 else 'linhas'} com problemas; nada foi importado"
        if len(linhas) > MAX_LINHAS_RELATADAS:
            resumo += f" (aqui estão as primeiras {MAX_LINHAS_RELATADAS})"
        super().__init__("O arquivo tem linhas com problemas", {"arquivo": resumo})
        self.linhas = [{"linha": n, "erros": erros} for n, erros in sorted(linhas.items())[:MAX_LINHAS_RELATADAS]]

    def corpo(self) -> dict:
        return {**super().corpo(), "linhas": self.linhas}


def _recusar(mensagem: str) -> Validacao:
    return Validacao("Arquivo inválido", {"arquivo": mensagem})


def modelo() -> str:
    """The template: the header row, with a BOM so that Excel reads it as UTF-8."""
    return "\ufeff" + ";".join(COLUNAS) + "\r\n"


# ---------------------------------------------------------------- reading


def ler(conteudo: bytes) -> tuple[dict[int, dict], dict[int, dict[str, str]]]:
    """The file's lines as rows to store (from pessoas.registro) and as problems, by line number."""
    texto = _decodificar(conteudo)
    # The header tells the delimiter: Excel in pt-BR saves ";" (its decimal separator is the comma).
    primeira = texto.split("\n", 1)[0]
    separador = "," if primeira.count(",") > primeira.count(";") else ";"
    leitor = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    try:
        posicoes = _colunas(next(leitor, []))
        validos, problemas = {}, {}
        for numero, celulas in _linhas(leitor):
            try:
                validos[numero] = pessoas.registro(_pessoa(posicoes, celulas))
            except Validacao as erro:
                problemas[numero] = {campo.removeprefix("endereco."): msg for campo, msg in erro.campos.items()}
    except csv.Error:
        raise _recusar(f"A linha {leitor.line_num} não pôde ser lida: confira as aspas") from None
    if not validos and not problemas:
        raise _recusar("O arquivo não tem nenhuma linha além do cabeçalho")
    return validos, problemas


def _decodificar(conteudo: bytes) -> str:
    if conteudo.startswith(b"PK\x03\x04"):
        raise _recusar("Envie um arquivo CSV: no Excel, Salvar como > CSV (separado por vírgulas ou ponto e vírgula)")
    if conteudo.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _recusar("Salve o arquivo como CSV UTF-8, não como Texto Unicode")
    try:
        texto = conteudo.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            texto = conteudo.decode("cp1252")
        except UnicodeDecodeError:
            raise _recusar("Codificação não reconhecida; salve o arquivo como CSV UTF-8") from None
    if "\x00" in texto:
        raise _recusar("O arquivo contém caracteres inválidos; salve-o como CSV UTF-8")
    if not texto.strip():
        raise _recusar("O arquivo está vazio")
    return texto


def _chave(nome: str) -> str:
    return re.sub(r"[\W_]+", "", normalizar(nome))


_POR_CHAVE = {_chave(coluna): coluna for coluna in COLUNAS}


def _colunas(cabecalho: list[str]) -> dict[str, int]:
    """Column -> position, from the header row. A column without a name is ignored (Excel saves
    empty cells past the last column)."""
    posicoes = {}
    for posicao, nome in enumerate(cabecalho):
        if not nome.strip():
            continue
        coluna = _POR_CHAVE.get(_chave(nome))
        if coluna is None:
            raise _recusar(f"Coluna desconhecida: {nome.strip()[:50]}; as colunas são {', '.join(COLUNAS)}")
        if coluna in posicoes:
            raise _recusar(f"A coluna {coluna} aparece duas vezes no cabeçalho")
        posicoes[coluna] = posicao
    if "nome" not in posicoes:
        raise _recusar("Falta a coluna nome no cabeçalho (a primeira linha)")
    return posicoes


def _linhas(leitor):
    """(line number, cells) of each line that is not blank; at most MAX_LINHAS of them."""
    quantas = 0
    while True:
        numero = leitor.line_num + 1  # where the next record starts (a quoted cell may span lines)
        celulas = next(leitor, None)
        if celulas is None:
            return
        if not any(celula.strip() for celula in celulas):
            continue
        quantas += 1
        if quantas > MAX_LINHAS:
            raise _recusar(f"O arquivo passa de {MAX_LINHAS:,} linhas; divida-o em partes".replace(",", "."))
        yield numero, celulas


def _pessoa(posicoes: dict[str, int], celulas: list[str]) -> NovaPessoa:
    usadas = set(posicoes.values())
    if any(celula.strip() for posicao, celula in enumerate(celulas) if posicao not in usadas):
        # Most likely a value with the delimiter in it and no quotes: every cell after it moved.
        raise Validacao("Linha inválida", {"linha": (
            "Há valores fora das colunas do cabeçalho; um valor com vírgula ou ponto e vírgula precisa estar entre aspas")})
    valores = {coluna: celulas[posicao] for coluna, posicao in posicoes.items() if posicao < len(celulas)}
    endereco = {coluna: valores.pop(coluna) for coluna in pessoas.ENDERECO if coluna in valores}
    return validar(NovaPessoa, {**valores, "endereco": endereco})


# ---------------------------------------------------------------- storing


def gravar(tx: Transacao, e: Entidade, validos: dict[int, dict], problemas: dict[int, dict[str, str]],
           arquivo: str) -> int:
    """Stores the lines `ler` found valid, unless a line has a problem or is a duplicate; how many.
    One audit entry and one event for the whole file."""
    cur = tx.cur
    # Imports into the same table of the same empresa take turns, so that two uploads of one file
    # cannot both find its lines new.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s || plataforma.empresa_atual(), 0))",
                (f"cadastros.{e.tabela}.importar:",))
    problemas = {**problemas, **_duplicados(cur, e, validos)}
    if problemas:
        raise ArquivoRecusado(problemas)
    novas = pessoas.inserir(cur, e, list(validos.values()))
    ids = [nova["id"] for nova in novas]
    tx.auditar("importar", e.nome, depois={"arquivo": arquivo, "importados": len(ids), "ids": ids})
    pessoas.publicar_alteracao(tx, e, acao="importada", importados=len(ids))
    return len(ids)


def _duplicados(cur, e: Entidade, validos: dict[int, dict]) -> dict[int, dict[str, str]]:
    """The lines whose CPF/CNPJ — or name, without one — is stored already or on an earlier line."""
    documentos = [r["cpf_cnpj"] for r in validos.values() if r["cpf_cnpj"]]
    nomes = [r["nome_busca"] for r in validos.values() if not r["cpf_cnpj"]]
    cur.execute(
        f"""SELECT cpf_cnpj, nome_busca FROM cadastros.{e.tabela}
            WHERE cpf_cnpj = ANY(%s) OR (cpf_cnpj IS NULL AND nome_busca = ANY(%s))""",
        (documentos, nomes),
    )
    guardados = {(r["cpf_cnpj"], None if r["cpf_cnpj"] else r["nome_busca"]) for r in cur.fetchall()}
    vistos: dict[tuple, int] = {}
    duplicados = {}
    for numero, r in validos.items():
        chave = (r["cpf_cnpj"], None if r["cpf_cnpj"] else r["nome_busca"])
        campo = "cpf_cnpj" if r["cpf_cnpj"] else "nome"
        if chave in guardados:
            duplicados[numero] = {campo: f"Já existe um {e.nome} com este CPF/CNPJ" if r["cpf_cnpj"]
                                  else f"Já existe um {e.nome} sem CPF/CNPJ com este nome"}
        elif chave in vistos:
            duplicados[numero] = {campo: f"Repete a linha {vistos[chave]}"}
        else:
            vistos[chave] = numero
    return duplicados
