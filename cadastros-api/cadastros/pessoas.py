"""Clientes e fornecedores: the people and companies a lançamento is with.

Both are one kind of record kept in two tables of the same shape (migrations/0004_pessoas.sql).
`CLIENTES` and `FORNECEDORES` name the table, the word for messages and the fields only that kind
has: a fornecedor also has how it is paid by a bank file (its bank account and PIX key,
migrations/0008_cobranca.sql) and its cachê setting as a freelancer (migrations/0009_caches.sql).
The fields, their validation, the search and the writes (with their audit and event) are this one
module for both.
Every write is one `Transacao`: lock (or 404) → change → audit → publish the entidade's event.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from psycopg2.extras import execute_values
from pydantic import AfterValidator, BaseModel, Field

from shared import catalogo_eventos as eventos
from shared import documentos, pix
from shared.api import MAX_ID, Dinheiro, Id, Modelo, Opcional, Pagina, Posicao, Texto
from shared.conta_bancaria import Agencia, Numero
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from cadastros import bancos
from cadastros.bancos import CodigoBanco
# No stored word, document or e-mail holds FIM (\w excludes it, the document is [0-9A-Z],
# email-validator refuses it), so the prefix searches below are byte ranges.
from shared.texto import FIM, palavras


# ---------------------------------------------------------------- fields

UFS = frozenset("AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split())
TipoPessoa = Literal["FISICA", "JURIDICA"]
def _email(valor: str) -> str:
    try:
        endereco = validate_email(valor, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("E-mail inválido; use o formato nome@empresa.com.br") from None
    # Lowercase, so that its prefix search is a byte range: nobody keeps two mailboxes that differ
    # only in case.
    return endereco.lower()


_FORMATACAO = re.compile(r"[\s().-]")


def _digitos(padrao: str, mensagem: str):
    """A validator that drops spaces, dots, dashes and parentheses and wants `padrao` left."""
    esperado = re.compile(padrao, re.ASCII)

    def validar(valor: str) -> str:
        digitos = _FORMATACAO.sub("", valor)
        if not esperado.fullmatch(digitos):
            raise ValueError(mensagem)
        return digitos

    return validar


def _uf(valor: str) -> str:
    if valor.upper() not in UFS:
        raise ValueError("UF inválida; use a sigla do estado, como SP")
    return valor.upper()


def _texto(maximo: int):
    return Annotated[Texto, Field(max_length=maximo)]


Nome = Annotated[Texto, Field(min_length=1, max_length=200)]
Documento = Annotated[Texto, AfterValidator(documentos.validar),
                      Field(description="CPF ou CNPJ (também alfanumérico), com ou sem pontuação")]
Email = Annotated[Texto, AfterValidator(_email), Field(description="Guardado em minúsculas")]
Telefone = Annotated[Texto, AfterValidator(_digitos(r"\d{10,11}", "Informe o telefone com DDD: 10 ou 11 dígitos")),
                     Field(description="Com DDD; guardado só com os dígitos", examples=["(11) 98765-4321"])]
Cep = Annotated[Texto, AfterValidator(_digitos(r"\d{8}", "Informe os 8 dígitos do CEP")),
                Field(examples=["01310-100"])]
Uf = Annotated[Texto, AfterValidator(_uf)]


class Endereco(Modelo):
    cep: Opcional[Cep] = None
    logradouro: Opcional[_texto(200)] = None
    numero: Opcional[_texto(20)] = None
    complemento: Opcional[_texto(100)] = None
    bairro: Opcional[_texto(100)] = None
    cidade: Opcional[_texto(100)] = None
    uf: Opcional[Uf] = None


class NovaPessoa(Modelo):
    nome: Nome
    tipo_pessoa: TipoPessoa | None = Field(
        None, description="Sem ele, vem do documento (CPF: FISICA; CNPJ: JURIDICA) ou é FISICA; "
                          "com os dois, devem combinar")
    cpf_cnpj: Opcional[Documento] = None
    email: Opcional[Email] = None
    telefone: Opcional[Telefone] = None
    endereco: Endereco | None = None
    observacoes: Opcional[_texto(2000)] = None
    ativo: bool = True


class AlteracaoPessoa(NovaPessoa):
    """Any subset of the fields: those left out keep their values; `endereco` replaces the whole address."""

    nome: Nome = None
    ativo: bool = None


TipoContaBancaria = Literal["CORRENTE", "POUPANCA", "PAGAMENTO"]


class DadosPagamento(Modelo):
    """How a fornecedor is paid by a bank file: a bank account (banco, agência and conta together)
    and/or a PIX key (its kind, when left out, read from the key)."""

    banco: CodigoBanco = Field(None, description="Código COMPE do banco do fornecedor (GET /api/bancos)")
    agencia: Agencia = None
    conta_bancaria: Numero = None
    tipo_conta_bancaria: Opcional[TipoContaBancaria] = Field(None, description="Padrão com conta: CORRENTE")
    chave_pix: Opcional[Annotated[Texto, Field(max_length=77)]] = None
    tipo_chave_pix: Opcional[pix.TipoChave] = None


class DadosCache(Modelo):
    """A freelancer's cachê (rh-api pays it per evento, rh/caches.py)."""

    cache_valor: Opcional[Annotated[Dinheiro, Field(gt=0)]] = Field(
        None, description="Cachê por evento quando a equipe do evento não diz outro")
    cache_rpa: bool = Field(False, description="Autônomo pago por RPA, com INSS (contribuinte individual) e IRRF "
                                               "retidos; só pessoa física com CPF")


class NovoFornecedor(NovaPessoa, DadosPagamento, DadosCache):
    pass


class AlteracaoFornecedor(AlteracaoPessoa, DadosPagamento, DadosCache):
    """Any subset of the fields; the bank account's three, when one is sent, are checked together
    with the stored others."""

    cache_rpa: bool = None


class FiltroPessoas(Pagina):
    q: Texto | None = Field(None, max_length=100, description=(
        "Início de palavras do nome, sem diferença de acentos e maiúsculas (\"jo sil\" acha \"João da Silva\"), "
        "início do CPF/CNPJ (pontuação ignorada) ou início do e-mail"))
    ativo: bool | None = None
    tipo_pessoa: TipoPessoa | None = None


class PosicaoPessoa(Posicao):
    """The keyset of `listar`'s order; in the cursor, `nome` is the row's nome_busca."""

    nome: Texto
    id: Id


class Pessoa(BaseModel):
    id: int
    nome: str
    tipo_pessoa: TipoPessoa
    cpf_cnpj: str | None = Field(description="Só letras e dígitos")
    cpf_cnpj_formatado: str | None = Field(description='"123.456.789-09" ou "12.ABC.345/01DE-35"')
    email: str | None
    telefone: str | None
    endereco: Endereco | None = Field(description="null quando nenhum campo do endereço foi informado")
    observacoes: str | None
    ativo: bool
    criado_em: datetime
    atualizado_em: datetime


class Fornecedor(Pessoa):
    banco: str | None
    banco_nome: str | None = Field(description="Nome do banco; nulo sem banco ou se o código saiu da lista")
    agencia: str | None
    conta_bancaria: str | None
    tipo_conta_bancaria: TipoContaBancaria | None
    chave_pix: str | None
    tipo_chave_pix: pix.TipoChave | None
    cache_valor: Dinheiro | None
    cache_rpa: bool


@dataclass(frozen=True)
class Entidade:
    tabela: str  # in the schema `cadastros`, and the path /api/<tabela>
    nome: str  # the entity of audit and events, and the word in messages (both are masculine)
    nova: type[NovaPessoa] = NovaPessoa  # the models of its POST, PUT and responses
    alteracao: type[AlteracaoPessoa] = AlteracaoPessoa
    resposta: type[Pessoa] = Pessoa
    proprios: tuple[str, ...] = ()  # the columns only this kind has

    @property
    def titulo(self) -> str:
        return self.nome.capitalize()

    @property
    def dados(self) -> tuple[str, ...]:
        """What a write of this kind stores."""
        return (*DADOS, *self.proprios)


# ---------------------------------------------------------------- rows

ENDERECO = tuple(Endereco.model_fields)
# What a write stores; `nome_busca` is derived from `nome` (`nome_busca()` below).
DADOS = ("nome", "nome_busca", "tipo_pessoa", "cpf_cnpj", "email", "telefone", *ENDERECO, "observacoes", "ativo")

CLIENTES = Entidade("clientes", "cliente")
FORNECEDORES = Entidade("fornecedores", "fornecedor", NovoFornecedor, AlteracaoFornecedor, Fornecedor,
                        (*DadosPagamento.model_fields, *DadosCache.model_fields))
# What a row written without this kind's own columns (a CSV import) stores in the NOT NULL ones.
PADROES = {"cache_rpa": False}


def _colunas(e: Entidade) -> str:
    return ", ".join(f"p.{c}" for c in ("empresa_id", "id", *e.dados, "criado_em", "atualizado_em"))


def item(e: Entidade, linha: dict) -> Pessoa:
    """The API's object for a stored row."""
    endereco = {c: linha[c] for c in ENDERECO}
    documento = linha["cpf_cnpj"]
    derivados = {"banco_nome": bancos.nome(linha["banco"])} if "banco" in e.proprios else {}
    return e.resposta(
        **{c: linha[c] for c in e.resposta.model_fields if c in linha and c != "endereco"}, **derivados,
        cpf_cnpj_formatado=documento and documentos.formatar(documento),
        endereco=Endereco(**endereco) if any(endereco.values()) else None,
    )


def registro(dados: NovaPessoa, atual: dict | None = None) -> dict:
    """The columns to store: the fields given in `dados` over `atual` (the stored row, for a change).
    A fornecedor's payment data (DadosPagamento), when its model has them, checked as a whole."""
    campos = dados.model_dump(include=dados.model_fields_set if atual else None)
    if "endereco" in campos:
        endereco = campos.pop("endereco") or {}
        campos.update({c: endereco.get(c) for c in ENDERECO})
    pedido = campos.pop("tipo_pessoa", None)
    proprios = (*DadosPagamento.model_fields, *DadosCache.model_fields) if isinstance(dados, DadosPagamento) else ()
    novo = {**({c: atual[c] for c in (*DADOS, *proprios)} if atual else {}), **campos}
    novo["tipo_pessoa"] = _tipo_pessoa(novo["cpf_cnpj"], pedido, atual and atual["tipo_pessoa"])
    novo["nome_busca"] = nome_busca(novo["nome"])
    if proprios:
        if "chave_pix" in campos and "tipo_chave_pix" not in campos:
            novo["tipo_chave_pix"] = None  # a new key sent without its kind: read from the key, not the old one's
        _conferir_pagamento(novo)
        _conferir_cache(novo)
    return novo


_CONTA_BANCARIA = {"banco": "o banco", "agencia": "a agência", "conta_bancaria": "a conta"}


def _conferir_pagamento(novo: dict) -> None:
    """The bank account is all or nothing (its kind CORRENTE unless told); the PIX key is one of
    its kind, stored as the DICT keeps it."""
    erros = {}
    informados = [c for c in _CONTA_BANCARIA if novo[c] is not None]
    if informados and len(informados) < len(_CONTA_BANCARIA):
        faltam = [c for c in _CONTA_BANCARIA if novo[c] is None]
        erros.update({c: f"Informe {_CONTA_BANCARIA[c]} também: banco, agência e conta vão juntos" for c in faltam})
    if informados:
        novo["tipo_conta_bancaria"] = novo["tipo_conta_bancaria"] or "CORRENTE"
    elif novo["tipo_conta_bancaria"] is not None:
        erros["tipo_conta_bancaria"] = "Informe o banco, a agência e a conta deste tipo de conta"
    pix.conferir_chave(novo, erros)
    if erros:
        raise Validacao("Verifique os campos destacados", erros)


def _conferir_cache(novo: dict) -> None:
    """RPA is how a pessoa física is paid (its INSS and IRRF go by its CPF): a company issues a nota."""
    if novo["cache_rpa"] and not (novo["tipo_pessoa"] == "FISICA" and novo["cpf_cnpj"]
                                  and len(novo["cpf_cnpj"]) == 11):
        raise Validacao("Verifique os campos destacados", {
            "cache_rpa": "Autônomo (RPA) só para pessoa física com CPF informado"})


def nome_busca(nome: str) -> str:
    """What lists are ordered by and `q` finds words in: the words of nome, folded, one space apart."""
    return " ".join(palavras(nome))


def _tipo_pessoa(documento: str | None, pedido: str | None, atual: str | None) -> str:
    derivado = documento and documentos.tipo_pessoa(documento)
    if pedido and derivado and pedido != derivado:
        raise Validacao("Verifique os campos destacados", {
            "tipo_pessoa": "Não combina com o CPF/CNPJ: CPF é de pessoa física; CNPJ, de pessoa jurídica"})
    return pedido or derivado or atual or "FISICA"


def _foto(e: Entidade, linha: dict) -> dict:
    """What the audit records of a row."""
    return {c: linha[c] for c in e.dados if c != "nome_busca"}


# ---------------------------------------------------------------- reading


def buscar(cur, e: Entidade, pessoa_id: int, bloquear: bool = False) -> dict:
    """The row, or 404: another empresa's id is as unknown as a missing one (RLS hides it)."""
    linha = None
    if pessoa_id <= MAX_ID:
        cur.execute(f"SELECT {_colunas(e)} FROM cadastros.{e.tabela} p WHERE id = %s {'FOR UPDATE' if bloquear else ''}",
                    (pessoa_id,))
        linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado(f"{e.titulo} não encontrado")
    return linha


def listar(cur, e: Entidade, filtro: FiltroPessoas, apos: PosicaoPessoa | None, limite: int) -> list[dict]:
    """A page in name order (`nome_busca`, then id), after the row `apos`.

    Each way `q` may match is its own query for the (nome_busca, id) of its first rows, read from
    one index; the union of those, ordered and limited again, is the page, whose rows are then read.
    """
    parametros = {"ativo": filtro.ativo, "tipo": filtro.tipo_pessoa, "limite": limite,
                  "apos_nome": apos and apos.nome, "apos_id": apos and apos.id}
    filtros = """(%(ativo)s::boolean IS NULL OR ativo = %(ativo)s)
                 AND (%(tipo)s::text IS NULL OR tipo_pessoa = %(tipo)s)
                 AND (%(apos_nome)s::text IS NULL OR (nome_busca, id) > (%(apos_nome)s, %(apos_id)s))"""
    buscas = [(f"cadastros.{e.tabela}", "true", _EM_ORDEM)] if not filtro.q else _buscas(e, filtro.q, parametros)
    if not buscas:
        return []
    chaves = " UNION ".join(
        f"(SELECT nome_busca, id FROM {origem} AS b WHERE {filtros} AND {busca} ORDER BY {ordem} LIMIT %(limite)s)"
        for origem, busca, ordem in buscas
    )
    cur.execute(
        f"""SELECT {_colunas(e)}
              FROM (SELECT * FROM ({chaves}) AS c ORDER BY nome_busca, id LIMIT %(limite)s) AS pagina
              JOIN cadastros.{e.tabela} p ON p.id = pagina.id
             ORDER BY p.nome_busca, p.id""",
        parametros,
    )
    return cur.fetchall()


# Up to 14 letters or digits, at least one a digit: a name rarely has one, a document always does.
_INICIO_DE_DOCUMENTO = re.compile(r"(?=.*[0-9])[0-9A-Z]{1,14}")

# The page's order. The planner may find it by walking the name index and testing each row, which
# is right for the whole list. For the prefix of another column it is a trap: an e-mail starts
# with the first name, so its matches bunch where the name order puts that name (`q=mar`: 57,000
# rows walked for 50), a correlation the planner cannot know. Ordered by an expression no index
# has, those matches are gathered from their own index and sorted, at a cost that grows with how
# many match, whatever they are.
_EM_ORDEM = "nome_busca, id"
_JUNTAR_E_ORDENAR = "nome_busca || '', id"


def _buscas(e: Entidade, q: str, parametros: dict) -> list[tuple[str, str, str]]:
    """What `q` may mean, as (FROM item with nome_busca, id, ativo and tipo_pessoa; condition;
    ORDER BY), adding its values to `parametros`: every word of it starts a word of the name; it
    starts the CPF/CNPJ (when it has a digit, punctuation ignored); it starts the e-mail (when it
    has no space)."""
    buscas = []
    termos = palavras(q)
    for n, termo in enumerate(termos):
        parametros[f"termo{n}"], parametros[f"termo{n}_fim"] = termo, termo + FIM
    if len(termos) == 1:
        # The planner knows how common the word is, and walks the name order testing each record
        # (a common prefix: few steps to fill a page) or gathers the matches and sorts them.
        buscas.append((f"cadastros.{e.tabela}", f"""EXISTS (SELECT 1 FROM cadastros.{e.tabela}_palavras w
                 WHERE w.pessoa_id = b.id AND w.palavra >= %(termo0)s AND w.palavra < %(termo0_fim)s)""", _EM_ORDEM))
    elif termos:
        # How many records have all the words the planner cannot estimate (its plans for "ma si"
        # in 100,000 took 60 to 160 ms): they are intersected from the word rows alone, which
        # carry copies of what is filtered and ordered by.
        com_as_palavras = " INTERSECT ".join(
            f"""SELECT nome_busca, pessoa_id AS id, ativo, tipo_pessoa FROM cadastros.{e.tabela}_palavras
                 WHERE palavra >= %(termo{n})s AND palavra < %(termo{n}_fim)s"""
            for n in range(len(termos))
        )
        buscas.append((f"({com_as_palavras})", "true", _EM_ORDEM))
    documento = documentos.normalizar(q)
    if _INICIO_DE_DOCUMENTO.fullmatch(documento):
        parametros["documento"], parametros["documento_fim"] = documento, documento + FIM
        buscas.append((f"cadastros.{e.tabela}", "cpf_cnpj >= %(documento)s AND cpf_cnpj < %(documento_fim)s",
                       _JUNTAR_E_ORDENAR))
    email = q.lower()
    if not re.search(r"\s", email):
        parametros["email"], parametros["email_fim"] = email, email + FIM
        buscas.append((f"cadastros.{e.tabela}", "email >= %(email)s AND email < %(email_fim)s", _JUNTAR_E_ORDENAR))
    return buscas


# ---------------------------------------------------------------- writing


def publicar_alteracao(tx: Transacao, e: Entidade, **dados) -> None:
    """Queues the entidade's event (CLIENTE_ALTERADO or FORNECEDOR_ALTERADO) for after the commit.
    Each constant is named at its `tx.publicar`: that is where the catalogue's check
    (tests/test_estrutura.py) finds the producer of an event."""
    if e is FORNECEDORES:
        tx.publicar(eventos.FORNECEDOR_ALTERADO, **dados)
    else:
        tx.publicar(eventos.CLIENTE_ALTERADO, **dados)


def _documento_unico(e: Entidade):
    """The unique constraint on the document (its name as PostgreSQL gives it, see the migration) as a 409."""
    mensagem = f"Já existe um {e.nome} com este CPF/CNPJ"
    repetido = Conflito(mensagem, {"cpf_cnpj": mensagem})
    return violacoes_viram_erros(unicas={f"{e.tabela}_empresa_id_cpf_cnpj_key": repetido})


def inserir(cur, e: Entidade, registros: list[dict]) -> list[dict]:
    """Stores new rows (from `registro`) in the current empresa; their empresa_id and id, in order.
    A row without this kind's own columns (a CSV import has no payment data) stores them empty."""
    with _documento_unico(e):
        novas = execute_values(
            cur,
            f"INSERT INTO cadastros.{e.tabela} (empresa_id, {', '.join(e.dados)}) VALUES %s RETURNING empresa_id, id",
            [tuple(r.get(c, PADROES.get(c)) for c in e.dados) for r in registros],
            template=f"(plataforma.empresa_atual(), {', '.join(['%s'] * len(e.dados))})",
            page_size=1000,
            fetch=True,
        )
    indexar(cur, e, [{**r, "id": nova["id"]} for nova, r in zip(novas, registros)])
    return novas


_INDEXADOS = ("nome_busca", "ativo", "tipo_pessoa")  # what the word rows copy


def indexar(cur, e: Entidade, linhas: list[dict]) -> None:
    """Rewrites the word rows `q` finds these records by (dicts with id and the _INDEXADOS)."""
    palavra = [(linha, p) for linha in linhas for p in set(linha["nome_busca"].split())]
    # The empresa named, besides RLS's: with it the (empresa_id, pessoa_id) index serves an owner too.
    cur.execute(f"""DELETE FROM cadastros.{e.tabela}_palavras
                    WHERE empresa_id = plataforma.empresa_atual() AND pessoa_id = ANY(%s)""",
                ([linha["id"] for linha in linhas],))
    cur.execute(
        f"""INSERT INTO cadastros.{e.tabela}_palavras (empresa_id, palavra, pessoa_id, {', '.join(_INDEXADOS)})
            SELECT plataforma.empresa_atual(), *
              FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::boolean[], %s::text[])""",
        ([p for _, p in palavra], [linha["id"] for linha, _ in palavra],
         *([linha[c] for linha, _ in palavra] for c in _INDEXADOS)),
    )


def criar(tx: Transacao, e: Entidade, dados: NovaPessoa) -> dict:
    cur = tx.cur
    [nova] = inserir(cur, e, [registro(dados)])
    pessoa_id = nova["id"]
    linha = buscar(cur, e, pessoa_id)
    tx.auditar("criar", e.nome, pessoa_id, depois=_foto(e, linha))
    publicar_alteracao(tx, e, id=pessoa_id, acao="criada")
    return linha


def alterar(tx: Transacao, e: Entidade, pessoa_id: int, dados: AlteracaoPessoa) -> dict:
    """The fields given in `dados` over the stored row; a change that changes nothing is neither
    stored, audited nor published."""
    cur = tx.cur
    atual = buscar(cur, e, pessoa_id, bloquear=True)
    novo = registro(dados, atual)
    if all(novo[c] == atual[c] for c in e.dados):
        return atual
    with _documento_unico(e):
        cur.execute(
            f"""UPDATE cadastros.{e.tabela} p SET {', '.join(f'{c} = %({c})s' for c in e.dados)}, atualizado_em = now()
                WHERE id = %(id)s RETURNING {_colunas(e)}""",
            {**novo, "id": pessoa_id},
        )
    linha = cur.fetchone()
    if any(linha[c] != atual[c] for c in _INDEXADOS):
        indexar(cur, e, [linha])
    tx.auditar("alterar", e.nome, pessoa_id, antes=_foto(e, atual), depois=_foto(e, linha))
    publicar_alteracao(tx, e, id=pessoa_id, acao="alterada")
    return linha


def excluir(tx: Transacao, e: Entidade, pessoa_id: int) -> None:
    cur = tx.cur
    atual = buscar(cur, e, pessoa_id, bloquear=True)
    em_uso = Conflito(f"O {e.nome} está em uso em lançamentos; desative-o para que não apareça mais nas escolhas")
    with violacoes_viram_erros(em_uso=em_uso):
        cur.execute(f"DELETE FROM cadastros.{e.tabela} WHERE id = %s", (pessoa_id,))
    tx.auditar("excluir", e.nome, pessoa_id, antes=_foto(e, atual))
    publicar_alteracao(tx, e, id=pessoa_id, acao="excluida")
