"""The lançamento a statement transaction would become, as the "Criar lançamento" form opens: its
tipo (by the money's direction), its descrição (confirmacao's default) and the cliente (money in)
or fornecedor (money out) the memo names — by CPF/CNPJ digits, else by the words of a name —
found as the suggestions find them (candidatos.pessoas_no_memo) and filled in only when one active
pessoa is named for sure (pistas.nomeada_com_certeza): a wrong name the staff must notice and
undo is worse than a field left empty.
"""
from shared.errors import NaoEncontrado

from financeiro import extratos
from financeiro.conciliacao import candidatos
from financeiro.conciliacao.confirmacao import descricao_da_transacao
from financeiro.conciliacao.memo import Transacao
from financeiro.conciliacao.pistas import nomeada_com_certeza


def da_transacao(cur, transacao_id: int) -> dict:
    """{tipo, descricao, cliente_id, cliente_nome, fornecedor_id, fornecedor_nome, motivo}; 404 for
    a transaction not the empresa's."""
    transacao = extratos.transacao(cur, transacao_id)
    if transacao is None:
        raise NaoEncontrado("Transação não encontrada")
    t = Transacao.da_linha(transacao)
    proposta = {"tipo": t.tipo, "descricao": descricao_da_transacao(transacao), "cliente_id": None,
                "cliente_nome": None, "fornecedor_id": None, "fornecedor_nome": None, "motivo": None}
    nomeadas = candidatos.pessoas_no_memo(cur, t, {})
    ativas = _ativas(cur, t, list(nomeadas))
    pessoa = nomeada_com_certeza([p for p in nomeadas.values() if p.id in ativas])
    if pessoa is not None:
        como = "CPF/CNPJ" if pessoa.por_documento else "nome"
        proposta |= {f"{t.papel}_id": pessoa.id, f"{t.papel}_nome": ativas[pessoa.id],
                     "motivo": f"{como} do {t.papel} no histórico"}
    return proposta


def _ativas(cur, t: Transacao, ids: list[int]) -> dict[int, str]:
    """Of these pessoas, the active ones (a lançamento cannot have another), by id, with their names."""
    if not ids:
        return {}
    cur.execute(f"""SELECT id, nome FROM cadastros.v_{t.tabela}
                     WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s::bigint[]) AND ativo""", (ids,))
    return {linha["id"]: linha["nome"] for linha in cur.fetchall()}
