"""Baixas: the payments that settle a lançamento, whole or in parts, each from one conta.

Writing or removing a baixa fires the trigger that recomputes the lançamento's paid amount and
status and the conta's movement of that day (migrations/0003_lancamentos.sql); this module only
checks what a person may do and stores the payment. `baixar` and `estornar` are a person's
payment and its undoing, each audited and published in the caller's Transacao; `registrar` is the
part conciliação shares (it records baixas of its own, in its own unit of work).
"""
from psycopg2.extras import execute_values

from shared import catalogo_eventos as eventos
from shared.config import hoje
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from financeiro import lancamentos
from financeiro.formatos import brl

CAMPOS = ("lancamento_id", "conta_id", "data", "valor", "juros", "multa", "desconto", "observacao")

_COM_CONTA = """
    SELECT b.id, b.lancamento_id, b.conta_id, co.nome AS conta_nome, b.data, b.valor, b.juros, b.multa,
           b.desconto, b.valor_movimentado, b.observacao, b.conciliacao_id, b.criado_em
      FROM financeiro.baixas b
      JOIN cadastros.v_contas co ON co.empresa_id = b.empresa_id AND co.id = b.conta_id
     WHERE b.empresa_id = plataforma.empresa_atual()"""


def do_lancamento(cur, lancamento_id: int) -> list[dict]:
    cur.execute(f"{_COM_CONTA} AND b.lancamento_id = %s ORDER BY b.data, b.id", (lancamento_id,))
    return cur.fetchall()


def lancamento_com_baixas(cur, lancamento_id: int) -> tuple[dict, list[dict]]:
    """The lançamento with its names (404 when it is not the empresa's) and its baixas by date."""
    return lancamentos.por_id(cur, lancamento_id), do_lancamento(cur, lancamento_id)


def varias(cur, ids) -> list[dict]:
    cur.execute(f"{_COM_CONTA} AND b.id = ANY(%s) ORDER BY b.id", (list(ids),))
    return cur.fetchall()


def por_id(cur, baixa_id: int) -> dict | None:
    cur.execute(f"{_COM_CONTA} AND b.id = %s", (baixa_id,))
    return cur.fetchone()


def registrar(cur, lancamento: dict, baixa: dict, conciliacao_id: int | None = None) -> int:
    """Stores a baixa of the locked `lancamento` (lancamentos.bloquear); returns its id.

    `baixa` has every field of CAMPOS but lancamento_id, with the defaults already applied. With
    `conciliacao_id`, the baixa is one that conciliação records: undoing it deletes the baixa.
    """
    verificar(cur, lancamento, baixa)
    [baixa_id] = inserir(cur, [(lancamento, baixa, conciliacao_id)])
    return baixa_id


def verificar(cur, lancamento: dict, baixa: dict) -> None:
    """registrar's checks, for a caller that stores the baixa later with others (inserir)."""
    if lancamento["cancelado"]:
        raise Conflito("Este lançamento está cancelado; reative-o antes de registrar um pagamento")
    aberto = lancamento["valor"] - lancamento["valor_pago"]
    if aberto == 0:
        raise Conflito("Este lançamento já está pago")
    erros = {}
    if baixa["valor"] > aberto:
        erros["valor"] = f"Maior que o valor em aberto ({brl(aberto)})"
    if baixa["desconto"] > baixa["valor"]:
        erros["desconto"] = "O desconto não pode passar do valor baixado"
    if erros:
        raise Validacao("Verifique os campos destacados", erros)
    lancamentos.verificar_referencias(cur, lancamento["tipo"], {"conta_id": baixa["conta_id"]}, ("conta_id",))


def inserir(cur, itens: list[tuple[dict, dict, int | None]]) -> list[int]:
    """Stores checked baixas (lançamento, baixa, conciliacao_id) in one statement, so the ledger's
    statement triggers run once for all of them; their ids, in order."""
    linhas = [(*({**baixa, "lancamento_id": lancamento["id"]}[campo] for campo in CAMPOS), conciliacao_id)
              for lancamento, baixa, conciliacao_id in itens]
    inseridas = execute_values(
        cur,
        f"""INSERT INTO financeiro.baixas (empresa_id, {', '.join(CAMPOS)}, usuario_id, conciliacao_id,
                                           registrada_na_conciliacao)
            SELECT plataforma.empresa_atual(), {', '.join(f'v.{c}' for c in CAMPOS)},
                   nullif(current_setting('app.usuario_id', true), '')::bigint, v.conciliacao_id,
                   v.conciliacao_id IS NOT NULL
              FROM (VALUES %s) AS v ({', '.join(CAMPOS)}, conciliacao_id)
            RETURNING id""",
        linhas, template="(%s::bigint, %s::bigint, %s::date, %s::numeric, %s::numeric, %s::numeric, %s::numeric,"
                         " %s::text, %s::bigint)",
        page_size=len(linhas), fetch=True,
    )
    return [linha["id"] for linha in inseridas]


def baixar(tx: Transacao, lancamento_id: int, pedido: dict) -> dict:
    """A payment of the lançamento that a person registers: `pedido` has CAMPOS but lancamento_id,
    and `valor`, `data` or `conta_id` None for the defaults — the open amount, today (the
    studio's), the lançamento's conta. Returns the baixa with its conta's name."""
    lancamento = lancamentos.bloquear(tx.cur, lancamento_id)
    dados = {**pedido,
             "valor": pedido["valor"] or lancamento["valor"] - lancamento["valor_pago"],
             "data": pedido["data"] or hoje(),
             "conta_id": pedido["conta_id"] or lancamento["conta_id"]}
    baixa_id = registrar(tx.cur, lancamento, dados)
    baixa = por_id(tx.cur, baixa_id)
    tx.auditar("baixar", "baixa", baixa_id, depois=foto(baixa), rotulo=lancamentos.rotulo(tx.cur, lancamento))
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[lancamento_id], acao="baixado", baixa_id=baixa_id)
    return baixa


def estornar(tx: Transacao, baixa_id: int) -> None:
    """Removes a baixa (its lançamento locked first, as a new baixa would); the audit keeps what
    it was. A baixa a conciliação accounts for stays while the conciliação does: removing it would
    leave the statement's transaction explained by money the ledger no longer has."""
    cur = tx.cur
    cur.execute(
        "SELECT lancamento_id FROM financeiro.baixas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
        (baixa_id,),
    )
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Baixa não encontrada")
    lancamento = lancamentos.bloquear(cur, linha["lancamento_id"])
    antes = por_id(cur, baixa_id)
    if antes is None:  # estornada by someone else while this waited for the lock
        raise NaoEncontrado("Baixa não encontrada")
    if antes["conciliacao_id"] is not None:
        raise Conflito("Esta baixa foi conciliada com o extrato; desfaça a conciliação antes de estorná-la")
    cur.execute("DELETE FROM financeiro.baixas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (baixa_id,))
    tx.auditar("estornar", "baixa", baixa_id, antes=foto(antes), rotulo=lancamentos.rotulo(cur, lancamento))
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[antes["lancamento_id"]], acao="estornado", baixa_id=baixa_id)


def foto(baixa: dict) -> dict:
    return {campo: baixa.get(campo) for campo in (*CAMPOS, "valor_movimentado")}
