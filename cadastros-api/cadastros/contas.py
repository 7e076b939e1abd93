"""Contas: bank accounts, the cash box, cards and investments (cadastros.contas, under RLS).

`saldo_atual` is derived whenever a conta is read, never stored (DESIGN.md rule 2): saldo_inicial
plus the conta's net paid movement, which financeiro owns and exposes in its read contract as the
view financeiro.v_saldos_conta (a conta without movement has no row there).

Every write is one `Transacao`: lock (or 404) → change → audit → publish CONTA_ALTERADA.
"""
from shared import catalogo_eventos as eventos
from shared.api import Posicao, Texto
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

from cadastros import bancos

# What a conta stores and the audit trail keeps; the rest is identity, timestamps or derived.
CAMPOS = ("nome", "tipo", "banco", "agencia", "numero", "saldo_inicial", "data_saldo_inicial", "ativa")

_COLUNAS = f"c.id, {', '.join('c.' + campo for campo in CAMPOS)}, c.criado_em, c.atualizado_em"
_COM_SALDO = f"""SELECT {_COLUNAS}, c.saldo_inicial + coalesce(s.movimento, 0) AS saldo_atual,
                        EXISTS (SELECT FROM cadastros.contas_cobranca cc
                                 WHERE cc.empresa_id = c.empresa_id AND cc.conta_id = c.id) AS cobranca
                 FROM cadastros.contas c
                 LEFT JOIN financeiro.v_saldos_conta s ON s.empresa_id = c.empresa_id AND s.conta_id = c.id
                 WHERE c.empresa_id = plataforma.empresa_atual()"""


class PosicaoConta(Posicao):
    """The keyset of `listar`'s order. An id beyond bigint is only a position past every conta."""

    nome: Texto
    id: int


def _completa(linha: dict) -> dict:
    return {**linha, "banco_nome": bancos.nome(linha["banco"])}


# ---------------------------------------------------------------- reading


def listar(cur, ativa: bool | None, tipo: str | None, q: str | None, apos: PosicaoConta | None,
           limite: int) -> list[dict]:
    """The empresa's contas by nome, id after `apos`; `q` keeps those whose name holds every word
    of it, ignoring case and accents."""
    cur.execute(
        f"""{_COM_SALDO}
              AND (%(ativa)s::boolean IS NULL OR c.ativa = %(ativa)s)
              AND (%(tipo)s::text IS NULL OR c.tipo = %(tipo)s)
              AND {contem_todos("c.nome_busca", "termos")}
              AND (%(apos_nome)s::text IS NULL OR (c.nome, c.id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY c.nome, c.id
            LIMIT %(limite)s""",
        {"ativa": ativa, "tipo": tipo, "termos": termos_de_busca(q),
         "apos_nome": apos and apos.nome, "apos_id": apos and apos.id, "limite": limite},
    )
    return [_completa(linha) for linha in cur.fetchall()]


def por_id(cur, conta_id: int) -> dict | None:
    """The conta with its bank's name and saldo_atual; None when it is not the empresa's."""
    cur.execute(f"{_COM_SALDO} AND c.id = %s", (conta_id,))
    linha = cur.fetchone()
    return None if linha is None else _completa(linha)


def _bloquear(cur, conta_id: int) -> dict:
    """The conta's stored fields, locked until the write that follows commits; 404 when it is not
    the empresa's."""
    cur.execute(
        f"""SELECT {', '.join(CAMPOS)} FROM cadastros.contas
            WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""",
        (conta_id,),
    )
    conta = cur.fetchone()
    if conta is None:
        raise NaoEncontrado("Conta não encontrada")
    return conta


# ---------------------------------------------------------------- writing


def exigir_banco(conta: dict) -> None:
    """Only the cash box may have no bank: a create, or a conta as a change would leave it."""
    if conta["tipo"] != "CAIXA" and conta["banco"] is None:
        raise Validacao("Verifique os campos destacados",
                        {"banco": "Informe o banco; só contas do tipo CAIXA podem ficar sem banco"})


def _nome_unico(nome: str):
    """The unique name (regardless of case and accents) as a 409 naming `nome`."""
    em_uso = Conflito("Já existe uma conta com este nome", {"nome": f"Já existe uma conta chamada {nome}"})
    return violacoes_viram_erros(unicas={"contas_nome_unico": em_uso})


def criar(tx: Transacao, dados: dict) -> dict:
    """Stores a new conta (`data_saldo_inicial` None: today, on the studio's calendar); the conta
    as `por_id` reads it."""
    exigir_banco(dados)
    with _nome_unico(dados["nome"]):
        tx.cur.execute(
            """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, agencia, numero,
                                             saldo_inicial, data_saldo_inicial, ativa)
               VALUES (plataforma.empresa_atual(), %(nome)s, %(nome_busca)s, %(tipo)s, %(banco)s, %(agencia)s,
                       %(numero)s, %(saldo_inicial)s, coalesce(%(data_saldo_inicial)s, plataforma.hoje()), %(ativa)s)
               RETURNING id""",
            {**dados, "nome_busca": normalizar(dados["nome"])},
        )
    conta_id = tx.cur.fetchone()["id"]
    conta = por_id(tx.cur, conta_id)
    tx.auditar("criar", "conta", conta_id, depois=foto(conta))
    tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="criada")
    return conta


def alterar(tx: Transacao, conta_id: int, mudancas: dict) -> dict:
    """Applies `mudancas` (the fields sent; the others keep their values); the conta as `por_id`
    reads it. A change that changes nothing is neither stored, audited nor published."""
    antes = _bloquear(tx.cur, conta_id)
    depois = {**antes, **mudancas}
    exigir_banco(depois)
    if depois != antes:
        with _nome_unico(depois["nome"]):
            tx.cur.execute(
                """UPDATE cadastros.contas
                   SET nome = %(nome)s, nome_busca = %(nome_busca)s, tipo = %(tipo)s, banco = %(banco)s,
                       agencia = %(agencia)s, numero = %(numero)s, saldo_inicial = %(saldo_inicial)s,
                       data_saldo_inicial = %(data_saldo_inicial)s, ativa = %(ativa)s, atualizado_em = now()
                   WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
                {**depois, "nome_busca": normalizar(depois["nome"]), "id": conta_id},
            )
        tx.auditar("alterar", "conta", conta_id, antes=antes, depois=depois)
        tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="alterada")
    return por_id(tx.cur, conta_id)


def excluir(tx: Transacao, conta_id: int) -> None:
    """Removes a conta nothing uses; 409 while other rows (financeiro's lançamentos) reference it."""
    antes = _bloquear(tx.cur, conta_id)
    em_uso = Conflito("Esta conta está em uso em lançamentos; desative-a para que não apareça mais nas escolhas")
    with violacoes_viram_erros(em_uso=em_uso):
        tx.cur.execute("DELETE FROM cadastros.contas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                       (conta_id,))
    tx.auditar("excluir", "conta", conta_id, antes=antes)
    tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="excluida")


def foto(conta: dict) -> dict:
    """What the audit trail keeps of a conta."""
    return {campo: conta[campo] for campo in CAMPOS}
