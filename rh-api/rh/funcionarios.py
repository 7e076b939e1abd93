"""Funcionários: who the studio pays a salary or pró-labore to (rh.funcionarios, under RLS).

Every write is one `Transacao`: lock (or 404) → check the record as a whole → change → audit →
publish FUNCIONARIO_ALTERADO. The rules that span fields (demissão not before admissão, bank data
all or none, the chave PIX of its kind) are checked here, on the record as it would be stored, so
a change of one field is held to them as a new record is.
"""
import re

from shared import catalogo_eventos as eventos
from shared import pix
from shared.api import Posicao
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

# What a funcionário stores and the audit trail keeps; the rest is identity, timestamps or derived.
CAMPOS = ("nome", "cpf", "pis", "cargo", "data_admissao", "data_demissao", "salario", "dependentes", "vinculo",
          "jornada_mensal_horas", "vale_transporte", "custo_vale_transporte", "banco", "agencia", "conta_bancaria",
          "tipo_conta_bancaria", "chave_pix", "tipo_chave_pix")
DADOS_BANCARIOS = ("banco", "agencia", "conta_bancaria", "tipo_conta_bancaria")

_PONTUACAO_DE_CPF = re.compile(r"[\s.-]+")
_DIGITOS = re.compile(r"[0-9]{1,11}")

# `ativo`: not dismissed before today, on the studio's calendar.
_SELECT = f"""SELECT id, {', '.join(CAMPOS)}, nome_busca,
                     (data_demissao IS NULL OR data_demissao >= plataforma.hoje()) AS ativo,
                     criado_em, atualizado_em
                FROM rh.funcionarios
               WHERE empresa_id = plataforma.empresa_atual()"""


def _prefixo_de_cpf(q: str | None) -> str:
    """The digits of a `q` that is the beginning of a CPF ("123.456"), or "" when it is not one."""
    digitos = _PONTUACAO_DE_CPF.sub("", q or "")
    return digitos if _DIGITOS.fullmatch(digitos) else ""


class PosicaoFuncionario(Posicao):
    """The keyset of `listar`'s order."""

    nome_busca: str
    id: int


# ---------------------------------------------------------------- reading


def listar(cur, q: str | None, ativos: bool | None, vinculo: str | None, apos: PosicaoFuncionario | None,
           limite: int) -> list[dict]:
    """The empresa's funcionários by name, after `apos`. `q` keeps those whose name holds every word
    of it (ignoring case and accents) or whose CPF starts with its digits; `ativos` those not
    dismissed before today (false: those who were)."""
    cur.execute(
        f"""{_SELECT}
              AND ({contem_todos("nome_busca", "termos")}
                   OR (%(cpf)s <> '' AND left(cpf, length(%(cpf)s)) = %(cpf)s))
              AND (%(ativos)s::boolean IS NULL
                   OR (data_demissao IS NULL OR data_demissao >= plataforma.hoje()) = %(ativos)s)
              AND (%(vinculo)s::text IS NULL OR vinculo = %(vinculo)s)
              AND (%(apos_nome)s::text IS NULL OR (nome_busca, id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY nome_busca, id
            LIMIT %(limite)s""",
        {"termos": termos_de_busca(q), "cpf": _prefixo_de_cpf(q), "ativos": ativos, "vinculo": vinculo,
         "apos_nome": apos and apos.nome_busca,
         "apos_id": apos and apos.id, "limite": limite},
    )
    return cur.fetchall()


def por_id(cur, funcionario_id: int) -> dict | None:
    cur.execute(f"{_SELECT} AND id = %s", (funcionario_id,))
    return cur.fetchone()


def bloquear(cur, funcionario_id: int) -> dict:
    """The funcionário's stored fields, locked until the write that follows commits; 404 when it is
    not the empresa's."""
    cur.execute(f"""SELECT {', '.join(CAMPOS)} FROM rh.funcionarios
                     WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""", (funcionario_id,))
    funcionario = cur.fetchone()
    if funcionario is None:
        raise NaoEncontrado("Funcionário não encontrado")
    return funcionario


# ---------------------------------------------------------------- the record as a whole


def conferir(dados: dict) -> dict:
    """`dados` with its chave PIX normalised; Validacao naming each field that breaks a rule
    spanning fields."""
    erros: dict[str, str] = {}
    if dados["data_demissao"] is not None and dados["data_demissao"] < dados["data_admissao"]:
        erros["data_demissao"] = "A demissão não pode ser anterior à admissão"
    informados = [campo for campo in DADOS_BANCARIOS if dados[campo] is not None]
    if informados and len(informados) < len(DADOS_BANCARIOS):
        for campo in DADOS_BANCARIOS:
            if dados[campo] is None:
                erros[campo] = "Informe banco, agência, conta e tipo de conta juntos, ou nenhum deles"
    if dados["chave_pix"] is not None:
        try:
            dados = {**dados, **dict(zip(("chave_pix", "tipo_chave_pix"),
                                         pix.normalizar(dados["chave_pix"], dados["tipo_chave_pix"])))}
        except ValueError as erro:
            erros["chave_pix"] = str(erro)
    elif dados["tipo_chave_pix"] is not None:
        erros["chave_pix"] = "Informe a chave PIX do tipo indicado, ou deixe o tipo em branco"
    if not dados["vale_transporte"] and dados["custo_vale_transporte"] is not None:
        erros["custo_vale_transporte"] = "Informe o custo do vale-transporte só para quem recebe vale-transporte"
    if erros:
        raise Validacao("Verifique os campos destacados", erros)
    return dados


def _cpf_unico(cpf: str):
    em_uso = Conflito("Já existe um funcionário com este CPF", {"cpf": f"O CPF {cpf} já é de outro funcionário"})
    return violacoes_viram_erros(unicas={"funcionarios_cpf_unico": em_uso})


# ---------------------------------------------------------------- writing


def criar(tx: Transacao, dados: dict) -> dict:
    """Stores a new funcionário (`dados`: every field of CAMPOS); the funcionário as `por_id` reads it."""
    dados = conferir(dados)
    with _cpf_unico(dados["cpf"]):
        tx.cur.execute(
            f"""INSERT INTO rh.funcionarios (empresa_id, nome_busca, {', '.join(CAMPOS)})
                VALUES (plataforma.empresa_atual(), %(nome_busca)s, {', '.join(f'%({c})s' for c in CAMPOS)})
                RETURNING id""",
            {**dados, "nome_busca": normalizar(dados["nome"])},
        )
    funcionario_id = tx.cur.fetchone()["id"]
    tx.auditar("criar", "funcionario", funcionario_id, depois=_foto(dados))
    tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=funcionario_id, acao="criado")
    return por_id(tx.cur, funcionario_id)


def alterar(tx: Transacao, funcionario_id: int, mudancas: dict) -> dict:
    """Applies `mudancas` (the fields sent; the others keep their values). A change that changes
    nothing is neither stored, audited nor published."""
    antes = bloquear(tx.cur, funcionario_id)
    depois = conferir({**antes, **mudancas})
    if depois != antes:
        with _cpf_unico(depois["cpf"]):
            tx.cur.execute(
                f"""UPDATE rh.funcionarios
                       SET nome_busca = %(nome_busca)s, {', '.join(f'{c} = %({c})s' for c in CAMPOS)},
                           atualizado_em = now()
                     WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
                {**depois, "nome_busca": normalizar(depois["nome"]), "id": funcionario_id},
            )
        tx.auditar("alterar", "funcionario", funcionario_id, antes=_foto(antes), depois=_foto(depois))
        tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=funcionario_id, acao="alterado")
    return por_id(tx.cur, funcionario_id)


def excluir(tx: Transacao, funcionario_id: int) -> None:
    """Removes a funcionário and the month's variables entered for them."""
    antes = bloquear(tx.cur, funcionario_id)
    tx.cur.execute("DELETE FROM rh.funcionarios WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                   (funcionario_id,))
    tx.auditar("excluir", "funcionario", funcionario_id, antes=_foto(antes))
    tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=funcionario_id, acao="excluido")


def _foto(funcionario: dict) -> dict:
    """What the audit trail keeps of a funcionário."""
    return {campo: funcionario[campo] for campo in CAMPOS}
