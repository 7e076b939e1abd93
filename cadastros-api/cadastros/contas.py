"""Contas: bank accounts, the cash box, cards and investments (cadastros.contas, under RLS).

`saldo_atual` is derived whenever a conta is read, never stored (DESIGN.md rule 2): saldo_inicial
plus the conta's net paid movement, which financeiro owns and exposes as the view
financeiro.saldos_conta (a conta without movement has no row there).
"""
from shared.errors import Validacao

from cadastros import bancos
from shared.config import FUSO
from shared.texto import contem_todos, normalizar, termos_de_busca

# What a conta stores and the audit trail keeps; the rest is identity, timestamps or derived.
CAMPOS = ("nome", "tipo", "banco", "agencia", "numero", "saldo_inicial", "data_saldo_inicial", "ativa")

_COLUNAS = f"c.id, {', '.join('c.' + campo for campo in CAMPOS)}, c.criado_em, c.atualizado_em"
_COM_SALDO = f"""SELECT {_COLUNAS}, c.saldo_inicial + coalesce(s.movimento, 0) AS saldo_atual
                 FROM cadastros.contas c
                 LEFT JOIN financeiro.saldos_conta s ON s.empresa_id = c.empresa_id AND s.conta_id = c.id
                 WHERE c.empresa_id = plataforma.empresa_atual()"""


def _completa(linha: dict) -> dict:
    return {**linha, "banco_nome": bancos.nome(linha["banco"])}


def listar(cur, ativa: bool | None, tipo: str | None, q: str | None, apos: tuple | None,
           limite: int) -> list[dict]:
    """The empresa's contas by nome, id after `apos` (nome, id); `q` keeps those whose name holds
    every word of it, ignoring case and accents."""
    apos_nome, apos_id = apos or (None, None)
    cur.execute(
        f"""{_COM_SALDO}
              AND (%(ativa)s::boolean IS NULL OR c.ativa = %(ativa)s)
              AND (%(tipo)s::text IS NULL OR c.tipo = %(tipo)s)
              AND {contem_todos("c.nome_busca", "termos")}
              AND (%(apos_nome)s::text IS NULL OR (c.nome, c.id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY c.nome, c.id
            LIMIT %(limite)s""",
        {"ativa": ativa, "tipo": tipo, "termos": termos_de_busca(q),
         "apos_nome": apos_nome, "apos_id": apos_id, "limite": limite},
    )
    return [_completa(linha) for linha in cur.fetchall()]


def por_id(cur, conta_id: int) -> dict | None:
    """The conta with its bank's name and saldo_atual; None when it is not the empresa's."""
    cur.execute(f"{_COM_SALDO} AND c.id = %s", (conta_id,))
    linha = cur.fetchone()
    return None if linha is None else _completa(linha)


def bloquear(cur, conta_id: int) -> dict | None:
    """The conta's stored fields, locked until the write that follows commits; None when it is
    not the empresa's."""
    cur.execute(
        f"""SELECT {', '.join(CAMPOS)} FROM cadastros.contas
            WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""",
        (conta_id,),
    )
    return cur.fetchone()


def exigir_banco(conta: dict) -> None:
    """Only the cash box may have no bank: a create, or a conta as a change would leave it."""
    if conta["tipo"] != "CAIXA" and conta["banco"] is None:
        raise Validacao("Verifique os campos destacados",
                        {"banco": "Informe o banco; só contas do tipo CAIXA podem ficar sem banco"})


def criar(cur, conta: dict) -> int:
    """Stores a new conta (`data_saldo_inicial` None: today) and returns its id."""
    cur.execute(
        """INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, agencia, numero,
                                         saldo_inicial, data_saldo_inicial, ativa)
           VALUES (plataforma.empresa_atual(), %(nome)s, %(nome_busca)s, %(tipo)s, %(banco)s, %(agencia)s,
                   %(numero)s, %(saldo_inicial)s,
                   coalesce(%(data_saldo_inicial)s, (now() AT TIME ZONE %(fuso)s)::date), %(ativa)s)
           RETURNING id""",
        {**conta, "nome_busca": normalizar(conta["nome"]), "fuso": FUSO},
    )
    return cur.fetchone()["id"]


def alterar(cur, conta_id: int, conta: dict) -> None:
    """Stores every field of `conta` (the merged state, not only what changed)."""
    cur.execute(
        """UPDATE cadastros.contas
           SET nome = %(nome)s, nome_busca = %(nome_busca)s, tipo = %(tipo)s, banco = %(banco)s,
               agencia = %(agencia)s, numero = %(numero)s, saldo_inicial = %(saldo_inicial)s,
               data_saldo_inicial = %(data_saldo_inicial)s, ativa = %(ativa)s, atualizado_em = now()
           WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
        {**conta, "nome_busca": normalizar(conta["nome"]), "id": conta_id},
    )


def excluir(cur, conta_id: int) -> None:
    cur.execute("DELETE FROM cadastros.contas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (conta_id,))


def foto(conta: dict) -> dict:
    """What the audit trail keeps of a conta, and what tells whether a change changed anything."""
    return {campo: conta[campo] for campo in CAMPOS}
