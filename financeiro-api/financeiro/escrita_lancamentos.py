"""What a person does with lançamentos: creates one, the parcelas of a sale or a recorrência;
changes one, or it and the following ones of its série; cancels, reactivates or deletes them.

Each is one unit of work in the caller's `Transacao`: lock what changes (404 when it is not the
empresa's) → check → change (financeiro/lancamentos.py's SQL) → audit each lançamento → publish
LANCAMENTO_ALTERADO once, after the commit. The routes only parse and serialise.
"""
from datetime import timedelta
from decimal import Decimal

from shared import calendario
from shared import catalogo_eventos as eventos
from shared.config import hoje
from shared.errors import Conflito, Validacao
from shared.transacao import Transacao

from financeiro import baixas, lancamentos, rateio, series

# The scope of a change to a lançamento of a série.
ESTE = "ESTE"            # this lançamento only
SEGUINTES = "SEGUINTES"  # it and the série's later ones with nothing paid (and not cancelled, but to delete)

ZERO = Decimal("0.00")


def criar(tx: Transacao, novo: dict) -> dict:
    """Creates what `novo` asks for — the lançamento's fields (lancamentos.CAMPOS, `competencia`
    None for the due date's month), `tipo`, `parcelas` or `recorrencia` (dicts, or None), and
    `status` PAGO with `data_pagamento` for one paid already — and returns the first created, with
    its names. `centro_custo_id` or `rateio` (rateio.pedida) give each lançamento its centros de
    custo, a rateio split again on each parcela's valor. `codigo_barras_pagamento` (44 digits, a
    single despesa) is the boleto a pagamentos remessa pays it with."""
    cur = tx.cur
    codigo_barras = novo.get("codigo_barras_pagamento")
    if codigo_barras is not None:
        _exigir_boleto_de_despesa(novo["tipo"])
        if novo["parcelas"] or novo["recorrencia"]:
            raise Validacao("Verifique os campos destacados", {
                "codigo_barras_pagamento": "Um boleto paga um lançamento só; informe-o em cada parcela"})
    itens, serie = series.desdobrar({campo: novo[campo] for campo in lancamentos.CAMPOS},
                                    novo["parcelas"], novo["recorrencia"])
    lancamentos.verificar_referencias(cur, novo["tipo"], itens[0])
    divisao = rateio.pedida(novo["valor"], novo["centro_custo_id"], novo["rateio"])
    rateio.verificar_centros(cur, divisao, _campo_da_divisao(novo))
    partes = [rateio.linhas(divisao, item["valor"]) for item in itens]
    serie_id = lancamentos.criar_serie(cur, *serie, len(itens)) if serie else None
    ids = lancamentos.criar(cur, novo["tipo"], itens, serie_id)
    for lancamento_id, linhas in zip(ids, partes, strict=True):
        rateio.gravar(cur, lancamento_id, linhas)
    if codigo_barras is not None:
        lancamentos.gravar_codigo_barras(cur, ids, codigo_barras)
    if novo["status"] == "PAGO":  # a single lançamento (the request allows no série paid)
        baixas.registrar(cur, lancamentos.bloquear(cur, ids[0]), {
            "conta_id": novo["conta_id"], "data": novo["data_pagamento"] or hoje(), "valor": novo["valor"],
            "juros": ZERO, "multa": ZERO, "desconto": ZERO, "observacao": None})
    criados = lancamentos.varios(cur, ids)
    for linha in criados:
        tx.auditar("criar", "lancamento", linha["id"], depois=_foto(linha),
                   rotulo=lancamentos.rotulo(cur, linha))
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=ids, acao="criado")
    return criados[0]


def alterar(tx: Transacao, lancamento_id: int, mudancas: dict, escopo: str = ESTE) -> dict:
    """Stores `mudancas` (any of lancamentos.CAMPOS) in the lançamento, or in it and the following
    ones: a new due date moves each of those by as many days, a new competência by as many months.
    The valor never goes below what is paid. `centro_custo_id` or `rateio` (either: `null` for no
    centro de custo) replace the centros de custo, split on each lançamento's own valor; a new
    valor alone is split again as the lançamento's rateio was (rateio.guardada). A new
    `codigo_barras_pagamento` (a despesa's boleto; `null` clears it) is this lançamento's alone.
    Returns the lançamento as it is now."""
    cur = tx.cur
    pedido = {chave: mudancas[chave] for chave in ("centro_custo_id", "rateio") if chave in mudancas}
    boleto = {chave: mudancas[chave] for chave in ("codigo_barras_pagamento",) if chave in mudancas}
    mudancas = {campo: valor for campo, valor in mudancas.items() if campo not in pedido and campo not in boleto}
    atual = lancamentos.bloquear(cur, lancamento_id)
    if boleto.get("codigo_barras_pagamento") is not None:
        _exigir_boleto_de_despesa(atual["tipo"])
    depois = {**atual, **mudancas}
    lancamentos.verificar_referencias(cur, atual["tipo"], depois, tuple(mudancas))
    if depois["valor"] < atual["valor_pago"]:
        raise Validacao("Verifique os campos destacados", {
            "valor": f"Não pode ficar abaixo do que já foi pago ({atual['valor_pago']:.2f}); estorne baixas antes"})
    divisao = rateio.pedida(depois["valor"], pedido.get("centro_custo_id"), pedido.get("rateio"))
    rateio.verificar_centros(cur, divisao, _campo_da_divisao(pedido))
    dias = (depois["data_vencimento"] - atual["data_vencimento"]).days
    meses = calendario.meses_entre(atual["competencia"], depois["competencia"])
    alvos = _alvos(cur, atual, escopo)
    guardadas = rateio.de(cur, [alvo["id"] for alvo in alvos])
    alterados = []
    for alvo in alvos:
        novo = {**alvo, **mudancas}
        if alvo is not atual:
            novo["data_vencimento"] = alvo["data_vencimento"] + timedelta(days=dias)
            novo["competencia"] = calendario.somar_meses(alvo["competencia"], meses)
        linhas_antes = guardadas.get(alvo["id"], [])
        linhas = linhas_antes
        if pedido:
            linhas = rateio.linhas(divisao, novo["valor"])
        elif novo["valor"] != alvo["valor"]:
            linhas = rateio.linhas(rateio.guardada(linhas_antes), novo["valor"])
        outro_rateio = _ordenadas(linhas) != _ordenadas(linhas_antes)
        if _campos(novo) != _campos(alvo) or outro_rateio:
            lancamentos.alterar(cur, alvo["id"], novo)
            if outro_rateio:
                rateio.gravar(cur, alvo["id"], linhas)
            if {"descricao", "documento"} & set(mudancas):
                lancamentos.indexar(cur, [(alvo["id"], novo)])
            tx.auditar("alterar", "lancamento", alvo["id"], antes=lancamentos.foto({**alvo, "rateio": linhas_antes}),
                       depois=lancamentos.foto({**novo, "rateio": linhas}), rotulo=lancamentos.rotulo(cur, novo))
            alterados.append(alvo["id"])
    if boleto and boleto["codigo_barras_pagamento"] != atual["codigo_barras_pagamento"]:
        lancamentos.gravar_codigo_barras(cur, [lancamento_id], boleto["codigo_barras_pagamento"])
        tx.auditar("alterar", "lancamento", lancamento_id,
                   antes={"codigo_barras_pagamento": atual["codigo_barras_pagamento"]}, depois=boleto,
                   rotulo=lancamentos.rotulo(cur, atual))
        alterados = sorted({*alterados, lancamento_id})
    if alterados:
        tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=alterados, acao="alterado")
    return lancamentos.por_id(cur, lancamento_id)


def cancelar(tx: Transacao, lancamento_id: int, escopo: str = ESTE) -> dict:
    """Cancels a lançamento with nothing paid (409 otherwise), or it and the following ones; those
    cancelled already stay as they are. Returns the lançamento as it is now."""
    cur = tx.cur
    atual = lancamentos.bloquear(cur, lancamento_id)
    _exigir_sem_baixas(atual, "cancelá-lo")
    alvos = [alvo for alvo in _alvos(cur, atual, escopo) if not alvo["cancelado"]]
    if alvos:
        lancamentos.marcar_cancelado(cur, [alvo["id"] for alvo in alvos], True)
        for alvo in alvos:
            tx.auditar("cancelar", "lancamento", alvo["id"], antes=lancamentos.foto(alvo),
                       depois={**lancamentos.foto(alvo), "status": "CANCELADO"}, rotulo=lancamentos.rotulo(cur, alvo))
        tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[alvo["id"] for alvo in alvos], acao="cancelado")
    return lancamentos.por_id(cur, lancamento_id)


def reativar(tx: Transacao, lancamento_id: int) -> dict:
    """Undoes a cancellation (nothing to do for one not cancelled). Returns the lançamento."""
    cur = tx.cur
    atual = lancamentos.bloquear(cur, lancamento_id)
    if atual["cancelado"]:
        lancamentos.marcar_cancelado(cur, [lancamento_id], False)
        tx.auditar("reativar", "lancamento", lancamento_id, antes=lancamentos.foto(atual),
                   depois={**lancamentos.foto(atual), "status": "PENDENTE"}, rotulo=lancamentos.rotulo(cur, atual))
        tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[lancamento_id], acao="reativado")
    return lancamentos.por_id(cur, lancamento_id)


def excluir(tx: Transacao, lancamento_id: int, escopo: str = ESTE) -> None:
    """Deletes a lançamento with nothing paid (409 otherwise), or it and the following ones with
    nothing paid, cancelled or not."""
    cur = tx.cur
    atual = lancamentos.bloquear(cur, lancamento_id)
    _exigir_sem_baixas(atual, "excluí-lo")
    alvos = _alvos(cur, atual, escopo, cancelados=True)
    lancamentos.excluir(cur, [alvo["id"] for alvo in alvos])
    for alvo in alvos:
        tx.auditar("excluir", "lancamento", alvo["id"], antes=lancamentos.foto(alvo),
                   rotulo=lancamentos.rotulo(cur, alvo))
    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[alvo["id"] for alvo in alvos], acao="excluido")


def _alvos(cur, lancamento: dict, escopo: str, cancelados: bool = False) -> list[dict]:
    """The locked lançamento, and with SEGUINTES the série's following ones (locked too)."""
    return [lancamento] + (lancamentos.seguintes(cur, lancamento, cancelados) if escopo == SEGUINTES else [])


def _campo_da_divisao(pedido: dict) -> str:
    """The request's field a centro de custo that is not valid is named by."""
    return "centro_custo_id" if pedido.get("centro_custo_id") is not None else "rateio"


def _ordenadas(linhas: list[dict]) -> list[dict]:
    return sorted(rateio.foto(linhas), key=lambda linha: linha["centro_custo_id"])


def _campos(lancamento: dict) -> dict:
    return {campo: lancamento[campo] for campo in lancamentos.CAMPOS}


def _exigir_boleto_de_despesa(tipo: str) -> None:
    if tipo != "DESPESA":
        raise Validacao("Verifique os campos destacados", {
            "codigo_barras_pagamento": "Só uma despesa é paga com boleto; uma receita tem o seu boleto emitido"})


def _foto(lancamento: dict) -> dict:
    """What the audit trail keeps of a new lançamento: its fields and, when it has one, its boleto."""
    foto = lancamentos.foto(lancamento)
    if lancamento.get("codigo_barras_pagamento"):
        foto["codigo_barras_pagamento"] = lancamento["codigo_barras_pagamento"]
    return foto


def _exigir_sem_baixas(lancamento: dict, acao: str) -> None:
    # Money that moved stays explained: its baixas are undone (estornadas) first.
    if lancamento["valor_pago"] > 0:
        raise Conflito(f"Este lançamento tem pagamentos registrados; estorne as baixas antes de {acao}")
