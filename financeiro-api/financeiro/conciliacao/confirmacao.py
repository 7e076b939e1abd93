"""Confirming a conciliação, and undoing it exactly.

Confirming joins statement transactions of one conta to the baixas that account for their
money: baixas it records on open lançamentos (`registrada_na_conciliacao`), baixas that were
already in the ledger (only linked), and, from the "criar lançamento" action or a rule, a
lançamento it creates paid. Undoing deletes what it recorded or created and unlinks the rest, so
the ledger is as it was before.

Every path locks in one order — the conciliação (undo), its transactions by id, the lançamentos
by id, then the baixas — so two people (or the automatic conciliação) working on the same rows
wait for each other instead of deadlocking, and the second finds the transaction reconciled.

What a person does (conciliar, lancar_transacao, desfazer) tells the ledger's readers
(LANCAMENTO_ALTERADO) after the commit; the automatic conciliação calls confirmar and
criar_lancamento and tells them once per batch.
"""
from collections import Counter
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.auditoria import auditar_varios
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from financeiro import baixas, extratos, lancamentos
from financeiro.conciliacao import padroes
from financeiro.conciliacao.regras import TIPO_DA_DIRECAO
from financeiro.formatos import brl, data_br

PARCIAL = "PAGAMENTO_PARCIAL"
JUROS_OU_DESCONTO = "JUROS_OU_DESCONTO"
TRATAMENTOS = (PARCIAL, JUROS_OU_DESCONTO)
ZERO = Decimal("0.00")

_VERIFIQUE = "Verifique os campos destacados"


# ---------------------------------------------------------------- what a person does


def conciliar(tx: Transacao, transacao_ids: list[int], lancamento_ids: list[int], baixa_ids: list[int],
              tratar_diferenca: str | None = None, score: float | None = None, motivos=()) -> dict:
    """A person confirms a match (a suggestion's score and motivos, when it was one): the
    conciliação as por_id reads it; the ledger's readers are told after the commit."""
    conciliacao_id = confirmar(tx, transacao_ids, lancamento_ids, baixa_ids, tratar_diferenca,
                               score=score, motivos=motivos)
    return _anunciar(tx, conciliacao_id)


def lancar_transacao(tx: Transacao, transacao_id: int, dados: dict) -> dict:
    """A person creates the lançamento a transaction is (criar_lancamento's `dados`), reconciled
    with it: the conciliação as por_id reads it; 404 for a transaction not the empresa's."""
    transacao = extratos.transacao(tx.cur, transacao_id)
    if transacao is None:
        raise NaoEncontrado("Transação não encontrada")
    return _anunciar(tx, criar_lancamento(tx, transacao, dados))


def _anunciar(tx: Transacao, conciliacao_id: int) -> dict:
    feita = por_id(tx.cur, conciliacao_id)
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=_lancamentos(feita), acao="conciliado", conciliacao_id=conciliacao_id)
    return feita


def _lancamentos(conciliacao: dict) -> list[int]:
    """The lançamentos whose baixas a conciliação recorded or linked: what changed."""
    return sorted({b["lancamento_id"] for b in conciliacao["baixas"]})


# ---------------------------------------------------------------- confirming


def confirmar(tx: Transacao, transacao_ids: list[int], lancamento_ids: list[int], baixa_ids: list[int],
              tratar_diferenca: str | None = None, *, origem: str = "MANUAL", regra: dict | None = None,
              execucao_id: int | None = None, score: float | None = None, motivos=(),
              adiadas: "Adiadas | None" = None) -> int:
    """Reconciles the transactions with baixas recorded on `lancamento_ids` and with the existing
    `baixa_ids`; returns the conciliação's id.

    The money to record, T = Σ|transações| − Σ valor_movimentado of the existing baixas, goes to
    the lançamentos in due-date order: each gets what is open on it when T is exactly that; when
    T is less, PAGAMENTO_PARCIAL (the default) pays them in order until the money runs out, and
    JUROS_OU_DESCONTO pays each in full with the shortfall as desconto on the last; when T is
    more, only JUROS_OU_DESCONTO: the excess is juros on the last. Publishes nothing: its callers
    tell the ledger's readers, once for what they did. With `adiadas`, the baixas it records (and
    what is learned and audited from them) wait there to be stored with others'.
    """
    cur = tx.cur
    _verificar_listas(transacao_ids, lancamento_ids, baixa_ids, tratar_diferenca)
    transacoes = _bloquear_transacoes(cur, transacao_ids, "transacao_ids")
    conta_id, direcao = _conta_e_direcao(transacoes)
    # The baixas' lançamentos are locked before the baixas, as estorno and new baixas lock them.
    de_baixas = {b["lancamento_id"] for b in _baixas(cur, baixa_ids)}
    if len(transacoes) > 1 and len(set(lancamento_ids) | de_baixas) > 1:
        raise Validacao(_VERIFIQUE, {"lancamento_ids" if lancamento_ids else "baixa_ids": (
            "Várias transações se conciliam com um lançamento só; para vários lançamentos, "
            "concilie uma transação por vez")})
    travados = {}
    for lancamento_id in sorted(set(lancamento_ids) | de_baixas):
        try:
            travados[lancamento_id] = lancamentos.bloquear(cur, lancamento_id)
        except NaoEncontrado:
            motivo = f"Lançamento {lancamento_id} não encontrado"
            raise NaoEncontrado(motivo, {"lancamento_ids": motivo}) from None
    existentes = _baixas(cur, baixa_ids, bloquear=True)
    _verificar_lancamentos([travados[i] for i in lancamento_ids], direcao)
    _verificar_baixas(existentes, travados, conta_id, direcao)

    dinheiro = sum(abs(t["valor"]) for t in transacoes) - sum(b["valor_movimentado"] for b in existentes)
    a_pagar = sorted((travados[i] for i in lancamento_ids), key=lambda l: (l["data_vencimento"], l["id"]))
    if a_pagar:
        partes = _repartir(dinheiro, a_pagar, tratar_diferenca)
    elif dinheiro != 0:
        movido = sum(b["valor_movimentado"] for b in existentes)
        raise Validacao(_VERIFIQUE, {"baixa_ids": f"As baixas movimentaram {brl(movido)} e as transações somam "
                                                  f"{brl(movido + dinheiro)}: diferença de {brl(dinheiro)}"})
    else:
        partes = []

    conciliacao_id = _registrar(cur, conta_id, origem, regra, execucao_id, score, motivos)
    data = max(t["data"] for t in transacoes)
    novas = [(lancamento, {**baixa, "conta_id": conta_id, "data": data, "multa": ZERO, "observacao": None},
              conciliacao_id) for lancamento, baixa in partes]
    for lancamento, baixa, _ in novas:
        baixas.verificar(cur, lancamento, baixa)
    _vincular(cur, conciliacao_id, transacao_ids, baixa_ids)
    return (adiadas or Adiadas()).registrar(tx, conciliacao_id, novas, agora=adiadas is None)


def criar_lancamento(tx: Transacao, transacao: dict, dados: dict, *, origem: str = "MANUAL", regra: dict | None = None,
                     execucao_id: int | None = None, adiadas: "Adiadas | None" = None) -> int:
    """Creates the lançamento a transaction is (tipo by its direction, due and paid on its date,
    in its conta) and reconciles the transaction with it; returns the conciliação's id.

    `dados`: categoria_id (required), cliente_id, fornecedor_id, descricao (default: the memo),
    documento, competencia (default: the first day of the transaction's month). Publishes nothing,
    and `adiadas` is, as confirmar's."""
    cur = tx.cur
    [travada] = _bloquear_transacoes(cur, [transacao["id"]], "transacao_id")
    tipo = TIPO_DA_DIRECAO[padroes.direcao(travada["valor"])]
    item = {"descricao": dados.get("descricao") or descricao_da_transacao(travada),
            "valor": abs(travada["valor"]), "data_vencimento": travada["data"],
            "competencia": dados.get("competencia") or travada["data"].replace(day=1),
            "categoria_id": dados["categoria_id"], "conta_id": travada["conta_id"],
            "cliente_id": dados.get("cliente_id"), "fornecedor_id": dados.get("fornecedor_id"),
            "documento": dados.get("documento"), "observacoes": None}
    lancamentos.verificar_referencias(cur, tipo, item)
    [lancamento_id] = lancamentos.criar(cur, tipo, [item])
    lancamento = lancamentos.bloquear(cur, lancamento_id)
    tx.auditar("criar", "lancamento", lancamento_id, depois=lancamentos.foto(lancamento))
    conciliacao_id = _registrar(cur, travada["conta_id"], origem, regra, execucao_id, None, (), lancamento_id)
    baixa = {"conta_id": travada["conta_id"], "data": travada["data"], "valor": item["valor"], "juros": ZERO,
             "multa": ZERO, "desconto": ZERO, "observacao": None}
    baixas.verificar(cur, lancamento, baixa)
    _vincular(cur, conciliacao_id, [travada["id"]], [])
    return (adiadas or Adiadas()).registrar(tx, conciliacao_id, [(lancamento, baixa, conciliacao_id)],
                                            agora=adiadas is None)


def descricao_da_transacao(transacao: dict) -> str:
    """A lançamento made from the transaction, unless told otherwise: its memo, spaces tidied."""
    memo = " ".join(transacao["memo"].split())
    return memo[:200].rstrip() or f"Transação do extrato de {data_br(transacao['data'])}"


def _verificar_listas(transacao_ids, lancamento_ids, baixa_ids, tratar_diferenca) -> None:
    erros = {}
    if not transacao_ids:
        erros["transacao_ids"] = "Informe ao menos uma transação"
    if not lancamento_ids and not baixa_ids:
        erros["lancamento_ids"] = "Informe ao menos um lançamento ou uma baixa"
    for campo, ids in (("transacao_ids", transacao_ids), ("lancamento_ids", lancamento_ids), ("baixa_ids", baixa_ids)):
        repetidos = sorted(i for i, vezes in Counter(ids).items() if vezes > 1)
        if repetidos:
            erros.setdefault(campo, f"O id {repetidos[0]} aparece mais de uma vez")
    if tratar_diferenca is not None and tratar_diferenca not in TRATAMENTOS:
        erros["tratar_diferenca"] = f"Use {' ou '.join(TRATAMENTOS)}"
    if erros:
        raise Validacao(_VERIFIQUE, erros)


def _bloquear_transacoes(cur, ids: list[int], campo: str) -> list[dict]:
    """The transactions, locked in id order, each one that can still be reconciled."""
    cur.execute(
        """SELECT id, conta_id, data, valor, memo, revisar, descartada_em, conciliacao_id
             FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)
            ORDER BY id FOR UPDATE""",
        (sorted(ids),),
    )
    transacoes = cur.fetchall()
    faltam = sorted(set(ids) - {t["id"] for t in transacoes})
    if faltam:
        raise NaoEncontrado("Transação não encontrada", {campo: f"Transação {faltam[0]} não encontrada"})
    for t in transacoes:
        conflito = None
        if t["descartada_em"] is not None:
            conflito = f"A transação {t['id']} foi descartada como repetida"
        elif t["conciliacao_id"] is not None:
            conflito = f"A transação {t['id']} já está conciliada; desfaça aquela conciliação antes"
        elif t["revisar"]:
            conflito = f"A transação {t['id']} está em revisão (parece repetida); mantenha-a antes de conciliar"
        if conflito:
            raise Conflito(conflito, {campo: conflito})
        if t["valor"] == 0:
            raise Validacao(_VERIFIQUE, {campo: f"A transação {t['id']} tem valor zero: não há o que conciliar"})
    return transacoes


def _conta_e_direcao(transacoes: list[dict]) -> tuple[int, str]:
    contas = {t["conta_id"] for t in transacoes}
    direcoes = {padroes.direcao(t["valor"]) for t in transacoes}
    if len(contas) > 1:
        raise Validacao(_VERIFIQUE, {"transacao_ids": "As transações são de contas diferentes"})
    if len(direcoes) > 1:
        raise Validacao(_VERIFIQUE, {"transacao_ids": "Junte só entradas ou só saídas numa conciliação"})
    return contas.pop(), direcoes.pop()


def _baixas(cur, ids: list[int], bloquear: bool = False) -> list[dict]:
    if not ids:
        return []
    cur.execute(
        f"""SELECT id, lancamento_id, conta_id, valor_movimentado, conciliacao_id
              FROM financeiro.baixas
             WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)
             ORDER BY id{' FOR UPDATE' if bloquear else ''}""",
        (sorted(ids),),
    )
    linhas = cur.fetchall()
    faltam = sorted(set(ids) - {b["id"] for b in linhas})
    if faltam:  # not the empresa's, or estornada while this waited for its lançamento
        raise NaoEncontrado("Baixa não encontrada", {"baixa_ids": f"Baixa {faltam[0]} não encontrada"})
    return linhas


def _verificar_lancamentos(a_pagar: list[dict], direcao: str) -> None:
    for lancamento in a_pagar:
        numero = lancamento["id"]
        if lancamento["cancelado"]:
            motivo = f"O lançamento {numero} está cancelado; reative-o antes de conciliar"
            raise Conflito(motivo, {"lancamento_ids": motivo})
        if lancamento["valor"] == lancamento["valor_pago"]:
            motivo = f"O lançamento {numero} já está pago"
            raise Conflito(motivo, {"lancamento_ids": motivo})
        if lancamento["tipo"] != TIPO_DA_DIRECAO[direcao]:
            raise Validacao(_VERIFIQUE, {"lancamento_ids": _tipo_errado(f"O lançamento {numero}", direcao)})


def _verificar_baixas(existentes: list[dict], travados: dict, conta_id: int, direcao: str) -> None:
    for baixa in existentes:
        numero = baixa["id"]
        if baixa["conciliacao_id"] is not None:
            motivo = f"A baixa {numero} já está conciliada com outra transação"
            raise Conflito(motivo, {"baixa_ids": motivo})
        if baixa["conta_id"] != conta_id:
            raise Validacao(_VERIFIQUE, {"baixa_ids": f"A baixa {numero} é de outra conta, não da conta do extrato"})
        if travados[baixa["lancamento_id"]]["tipo"] != TIPO_DA_DIRECAO[direcao]:
            raise Validacao(_VERIFIQUE, {"baixa_ids": _tipo_errado(f"A baixa {numero}", direcao)})


def _tipo_errado(quem: str, direcao: str) -> str:
    if direcao == "ENTRADA":
        return f"{quem} é de uma despesa; uma entrada no extrato se concilia com receitas"
    return f"{quem} é de uma receita; uma saída no extrato se concilia com despesas"


def _repartir(dinheiro: Decimal, a_pagar: list[dict], tratar_diferenca: str | None) -> list[tuple[dict, dict]]:
    """The baixa each lançamento gets: (lançamento, {valor, juros, desconto})."""
    abertos = [l["valor"] - l["valor_pago"] for l in a_pagar]
    em_aberto = sum(abertos)
    if dinheiro <= 0:
        raise Validacao(_VERIFIQUE, {"lancamento_ids": "As baixas informadas já explicam todo o valor das transações; "
                                                       "não sobra nada para os lançamentos"})
    inteiros = [{"valor": aberto, "juros": ZERO, "desconto": ZERO} for aberto in abertos]
    diferenca = dinheiro - em_aberto
    if diferenca > 0:
        if tratar_diferenca != JUROS_OU_DESCONTO:
            raise Validacao(_VERIFIQUE, {"tratar_diferenca": (
                f"As transações somam {brl(diferenca)} a mais que o em aberto ({brl(em_aberto)}); "
                f"use {JUROS_OU_DESCONTO} para registrar a diferença como juros")})
        inteiros[-1]["juros"] = diferenca
    elif diferenca < 0 and tratar_diferenca == JUROS_OU_DESCONTO:
        if -diferenca > inteiros[-1]["valor"]:
            raise Validacao(_VERIFIQUE, {"tratar_diferenca": (
                f"A diferença de {brl(-diferenca)} passa do valor da última baixa ({brl(inteiros[-1]['valor'])}); "
                f"não cabe como desconto")})
        inteiros[-1]["desconto"] = -diferenca
    elif diferenca < 0:
        resta = dinheiro
        for lancamento, parte in zip(a_pagar, inteiros):
            if resta == 0:
                raise Validacao(_VERIFIQUE, {"lancamento_ids": (
                    f"O valor das transações ({brl(dinheiro)}) acaba antes do lançamento {lancamento['id']}; "
                    f"tire-o da conciliação")})
            parte["valor"] = min(parte["valor"], resta)
            resta -= parte["valor"]
    return list(zip(a_pagar, inteiros))


def _registrar(cur, conta_id: int, origem: str, regra: dict | None, execucao_id: int | None,
               score: float | None, motivos, lancamento_criado_id: int | None = None) -> int:
    cur.execute(
        """INSERT INTO financeiro.conciliacoes (empresa_id, conta_id, origem, regra_id, regra_nome, execucao_id,
                                                score, motivos, lancamento_criado_id, usuario_id)
           VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s,
                   nullif(current_setting('app.usuario_id', true), '')::bigint)
           RETURNING id""",
        (conta_id, origem, regra and regra["id"], regra and regra["nome"], execucao_id,
         None if score is None else round(score, 3), list(motivos), lancamento_criado_id),
    )
    return cur.fetchone()["id"]


def _vincular(cur, conciliacao_id: int, transacao_ids: list[int], baixa_ids: list[int]) -> None:
    cur.execute(
        """UPDATE financeiro.extrato_transacoes SET conciliacao_id = %s, conciliado = true
            WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
        (conciliacao_id, list(transacao_ids)),
    )
    if baixa_ids:
        cur.execute(
            """UPDATE financeiro.baixas SET conciliacao_id = %s
                WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
            (conciliacao_id, list(baixa_ids)),
        )


class Adiadas:
    """Conciliações whose baixas are stored together, in one statement (baixas.inserir), so the
    ledger's statement triggers run once for all of them: the automatic run's, once a batch or
    before anything reads the ledger again (gravar). Each is learned from before (ensinar: what a
    later transaction of the batch reads of its memo's pattern needs no baixa stored) and audited
    once its baixas are stored."""

    def __init__(self):
        self.baixas: list[tuple[dict, dict, int]] = []
        self.conciliacoes: list[int] = []
        self.ensinadas: set[int] = set()

    def registrar(self, tx: Transacao, conciliacao_id: int, novas: list[tuple[dict, dict, int]], agora: bool) -> int:
        self.baixas += novas
        self.conciliacoes.append(conciliacao_id)
        if agora:
            self.gravar(tx)
        return conciliacao_id

    def ensinar(self, tx: Transacao) -> None:
        """Learns from the conciliações not learned from yet (padroes.aprender), their baixas
        stored or not."""
        novas = [c for c in self.conciliacoes if c not in self.ensinadas]
        if novas:
            pendentes = [(c, lancamento["id"]) for lancamento, _, c in self.baixas if c not in self.ensinadas]
            padroes.aprender_de(tx.cur, novas, 1, pendentes)
            self.ensinadas.update(novas)

    def gravar(self, tx: Transacao) -> None:
        self.ensinar(tx)
        if self.baixas:
            baixas.inserir(tx.cur, self.baixas)
        if self.conciliacoes:
            feitas = por_ids(tx.cur, self.conciliacoes)
            auditar_varios(tx.cur, tx.contexto, "conciliar", "conciliacao",
                           [(i, None, feitas[i], None) for i in self.conciliacoes])
        self.baixas, self.conciliacoes, self.ensinadas = [], [], set()


# ---------------------------------------------------------------- undoing


def desfazer(tx: Transacao, conciliacao_id: int) -> dict:
    """Undoes a conciliação; returns it as it was (por_id). The ledger's readers are told after
    the commit."""
    cur = tx.cur
    cur.execute(
        """SELECT lancamento_criado_id FROM financeiro.conciliacoes
            WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""",
        (conciliacao_id,),
    )
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Conciliação não encontrada")
    criado_id = linha["lancamento_criado_id"]
    cur.execute(
        """SELECT id FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = %s ORDER BY id FOR UPDATE""",
        (conciliacao_id,),
    )
    cur.execute(
        """SELECT DISTINCT lancamento_id FROM financeiro.baixas
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = %s""",
        (conciliacao_id,),
    )
    ids = {b["lancamento_id"] for b in cur.fetchall()} | ({criado_id} if criado_id else set())
    travados = [lancamentos.bloquear(cur, lancamento_id) for lancamento_id in sorted(ids)]
    antes = por_id(cur, conciliacao_id)
    if criado_id is not None:
        _exigir_so_desta(cur, conciliacao_id, criado_id)

    padroes.aprender(cur, conciliacao_id, -1)
    cur.execute(
        """DELETE FROM financeiro.baixas
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = %s AND registrada_na_conciliacao""",
        (conciliacao_id,),
    )
    cur.execute(
        """UPDATE financeiro.baixas SET conciliacao_id = NULL
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = %s""",
        (conciliacao_id,),
    )
    cur.execute(
        """UPDATE financeiro.extrato_transacoes SET conciliacao_id = NULL, conciliado = false
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = %s""",
        (conciliacao_id,),
    )
    cur.execute("DELETE FROM financeiro.conciliacoes WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (conciliacao_id,))
    if criado_id is not None:
        lancamentos.excluir(cur, [criado_id])
        criado = next(l for l in travados if l["id"] == criado_id)
        tx.auditar("excluir", "lancamento", criado_id, antes=lancamentos.foto(criado))
    tx.auditar("desfazer", "conciliacao", conciliacao_id, antes=antes)
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=_lancamentos(antes), acao="conciliacao_desfeita",
                conciliacao_id=conciliacao_id)
    return antes


def _exigir_so_desta(cur, conciliacao_id: int, lancamento_id: int) -> None:
    """The lançamento a conciliação created goes with it, so it must not have been paid since."""
    cur.execute(
        """SELECT 1 FROM financeiro.baixas
            WHERE empresa_id = plataforma.empresa_atual() AND lancamento_id = %s
              AND conciliacao_id IS DISTINCT FROM %s LIMIT 1""",
        (lancamento_id, conciliacao_id),
    )
    if cur.fetchone() is not None:
        raise Conflito(f"O lançamento {lancamento_id}, que esta conciliação criou, recebeu outras baixas depois; "
                       f"estorne-as antes de desfazer")


# ---------------------------------------------------------------- reading


def por_id(cur, conciliacao_id: int) -> dict | None:
    """The conciliação with its transactions and baixas; None when it is not the empresa's."""
    return por_ids(cur, [conciliacao_id]).get(conciliacao_id)


def por_ids(cur, conciliacao_ids: list[int]) -> dict[int, dict]:
    """por_id of several, by id, in three statements whatever their number (the automatic run's
    audit of a batch); the empresa's only."""
    cur.execute(
        """SELECT id, conta_id, origem, regra_id, regra_nome, execucao_id, score, motivos,
                  lancamento_criado_id, usuario_id, criado_em
             FROM financeiro.conciliacoes
            WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
        (list(conciliacao_ids),),
    )
    conciliacoes = {c["id"]: {**c, "score": None if c["score"] is None else float(c["score"]),
                              "motivos": list(c["motivos"]), "transacoes": [], "baixas": []}
                    for c in cur.fetchall()}
    cur.execute(
        """SELECT conciliacao_id, id, data, valor, memo FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = ANY(%s) ORDER BY data, id""",
        (list(conciliacoes),),
    )
    for t in cur.fetchall():
        conciliacoes[t.pop("conciliacao_id")]["transacoes"].append(t)
    cur.execute(
        """SELECT b.conciliacao_id, b.id, b.lancamento_id, l.descricao AS lancamento_descricao, b.data, b.valor,
                  b.juros, b.multa, b.desconto, b.valor_movimentado, b.registrada_na_conciliacao
             FROM financeiro.baixas b
             JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
            WHERE b.empresa_id = plataforma.empresa_atual() AND b.conciliacao_id = ANY(%s) ORDER BY b.id""",
        (list(conciliacoes),),
    )
    for b in cur.fetchall():
        conciliacoes[b.pop("conciliacao_id")]["baixas"].append(b)
    return conciliacoes
