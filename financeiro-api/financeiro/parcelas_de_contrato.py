"""A contract's receivables as a desired state: "the RECEITA lançamentos of contrato X are exactly
these parcelas" (PUT /api/lancamentos/contratos/<id>, called by operacional-api).

Each parcela is known by the key its caller gives it (`chave`, stored as `chave_origem`), so the
same request again finds what it created and changes nothing. Money that moved is never rewritten:
a parcela with a payment (PARCIAL or PAGO) keeps its values, and the answer says where they differ
from what was asked. Only open parcelas (nothing paid) are created, changed, reactivated or
cancelled. One transaction per contract at a time: an advisory lock on (empresa, contrato) makes
two concurrent requests for the same contract run one after the other.
"""
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.errors import Conflito
from shared.transacao import Transacao

from financeiro import lancamentos, rateio

TIPO = "RECEITA"

_DO_CONTRATO = f"""
    SELECT id, tipo, {', '.join(lancamentos.CAMPOS)}, cancelado, valor_pago, status, serie_id, serie_numero,
           contrato_id, chave_origem, contrato_parcela
      FROM financeiro.lancamentos
     WHERE empresa_id = plataforma.empresa_atual()"""


def sincronizar(tx: Transacao, contrato_id: int, pedido: dict) -> dict:
    """Makes the contract's receivables what `pedido` asks — `cliente_id`, `conta_id`,
    `categoria_id`, `centro_custo_id` (or None), `descricao`, `cancelado` and `parcelas`
    ([{chave, numero, valor, vencimento}], chaves and numeros unique: the route checks) — and
    returns {contrato_id, parcelas, criadas, alteradas, canceladas}."""
    cur = tx.cur
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"financeiro.contrato:{tx.contexto.empresa_id}:{contrato_id}",))
    comuns = {"categoria_id": pedido["categoria_id"], "conta_id": pedido["conta_id"],
              "cliente_id": pedido["cliente_id"], "fornecedor_id": None}
    lancamentos.verificar_referencias(cur, TIPO, comuns)
    # One centro (or none) for the whole of each parcela: pedida() needs no valor for that.
    divisao = rateio.pedida(Decimal(0), pedido["centro_custo_id"], None)
    rateio.verificar_centros(cur, divisao, "centro_custo_id")

    cur.execute(_DO_CONTRATO + " AND contrato_id = %s ORDER BY id FOR UPDATE", (contrato_id,))
    existentes = {linha["chave_origem"]: linha for linha in cur.fetchall()}
    desejadas = [] if pedido["cancelado"] else pedido["parcelas"]
    _exigir_chaves_livres(cur, contrato_id, [p["chave"] for p in desejadas if p["chave"] not in existentes])

    quantidade = len(desejadas)
    guardadas = rateio.de(cur, [linha["id"] for linha in existentes.values()])
    novas, alteradas, reativadas, divergentes = [], [], [], set()
    for parcela in desejadas:
        dados = {
            **comuns,
            "descricao": f"{pedido['descricao']} — parcela {parcela['numero']}/{quantidade}",
            "valor": parcela["valor"],
            "data_vencimento": parcela["vencimento"],
            "competencia": parcela["vencimento"].replace(day=1),
            "documento": None,
            "observacoes": None,
        }
        atual = existentes.get(parcela["chave"])
        if atual is None:
            novas.append({**dados, "contrato_id": contrato_id, "chave_origem": parcela["chave"],
                          "contrato_parcela": parcela["numero"]})
        elif atual["valor_pago"] > 0:
            if (atual["valor"], atual["data_vencimento"]) != (parcela["valor"], parcela["vencimento"]):
                divergentes.add(atual["id"])
        else:
            # What a person wrote in the lançamento's documento and observações stays.
            dados.update(documento=atual["documento"], observacoes=atual["observacoes"])
            if _atualizar(tx, atual, dados, parcela["numero"], rateio.linhas(divisao, parcela["valor"]),
                          guardadas.get(atual["id"], [])):
                alteradas.append(atual["id"])
            if atual["cancelado"]:
                lancamentos.marcar_cancelado(cur, [atual["id"]], False)
                tx.auditar("reativar", "lancamento", atual["id"], antes=lancamentos.foto(atual),
                           depois={**lancamentos.foto(atual), "status": "PENDENTE"}, rotulo=dados["descricao"])
                reativadas.append(atual["id"])

    pedidas = {parcela["chave"] for parcela in desejadas}
    sobrando = [linha for chave, linha in existentes.items() if chave not in pedidas and not linha["cancelado"]]
    canceladas = [linha for linha in sobrando if linha["valor_pago"] == 0]
    divergentes.update(linha["id"] for linha in sobrando if linha["valor_pago"] > 0)
    if canceladas:
        lancamentos.marcar_cancelado(cur, [linha["id"] for linha in canceladas], True)
        for linha in canceladas:
            tx.auditar("cancelar", "lancamento", linha["id"], antes=lancamentos.foto(linha),
                       depois={**lancamentos.foto(linha), "status": "CANCELADO"}, rotulo=linha["descricao"])

    criadas = _criar(tx, novas, divisao) if novas else []
    for ids, acao in ((criadas, "criado"), (alteradas, "alterado"), (reativadas, "reativado"),
                      ([linha["id"] for linha in canceladas], "cancelado")):
        if ids:
            tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=ids, acao=acao)
    return {"contrato_id": contrato_id, "parcelas": parcelas(cur, contrato_id, divergentes),
            "criadas": len(criadas), "alteradas": len(set(alteradas) | set(reativadas)),
            "canceladas": len(canceladas)}


def parcelas(cur, contrato_id: int, divergentes: set[int] = frozenset()) -> list[dict]:
    """The contract's parcelas that stand (not cancelled), by número; `divergente` marks one whose
    payments keep values other than those asked (or that was not asked for any more)."""
    cur.execute(
        """SELECT chave_origem AS chave, id AS lancamento_id, contrato_parcela AS numero, valor,
                  data_vencimento AS vencimento, status, valor_pago
             FROM financeiro.lancamentos
            WHERE empresa_id = plataforma.empresa_atual() AND contrato_id = %s AND NOT cancelado
            ORDER BY contrato_parcela, id""",
        (contrato_id,),
    )
    return [{**linha, "divergente": linha["lancamento_id"] in divergentes} for linha in cur.fetchall()]


def _exigir_chaves_livres(cur, contrato_id: int, chaves: list[str]) -> None:
    """A key is one lançamento's in the empresa: one another contract (or another creator) holds
    cannot name a parcela of this one."""
    if not chaves:
        return
    cur.execute("""SELECT chave_origem FROM financeiro.lancamentos
                    WHERE empresa_id = plataforma.empresa_atual() AND chave_origem = ANY(%s)
                      AND contrato_id IS DISTINCT FROM %s ORDER BY chave_origem LIMIT 1""", (chaves, contrato_id))
    tomada = cur.fetchone()
    if tomada is not None:
        raise Conflito(f"A chave {tomada['chave_origem']} já identifica um lançamento de outra origem",
                       {"parcelas": f"A chave {tomada['chave_origem']} já está em uso; use outra"})


def _atualizar(tx: Transacao, atual: dict, dados: dict, numero: int, linhas: list[dict], linhas_antes: list[dict]) -> bool:
    """Gives an open parcela the values asked (and the centro de custo); audited when anything
    changed, which it tells."""
    cur = tx.cur
    campos_mudaram = any(atual[campo] != dados[campo] for campo in lancamentos.CAMPOS)
    outro_rateio = _ordenadas(linhas) != _ordenadas(linhas_antes)
    outro_numero = atual["contrato_parcela"] != numero
    if not (campos_mudaram or outro_rateio or outro_numero):
        return False
    if campos_mudaram:
        lancamentos.alterar(cur, atual["id"], dados)
        if atual["descricao"] != dados["descricao"]:
            lancamentos.indexar(cur, [(atual["id"], dados)])
    if outro_rateio:
        rateio.gravar(cur, atual["id"], linhas)
    if outro_numero:
        cur.execute("""UPDATE financeiro.lancamentos SET contrato_parcela = %s, atualizado_em = now()
                        WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (numero, atual["id"]))
    tx.auditar("alterar", "lancamento", atual["id"],
               antes={**lancamentos.foto({**atual, "rateio": linhas_antes}), "parcela": atual["contrato_parcela"]},
               depois={**lancamentos.foto({**atual, **dados, "rateio": linhas}), "parcela": numero},
               rotulo=dados["descricao"])
    return True


def _criar(tx: Transacao, novas: list[dict], divisao) -> list[int]:
    cur = tx.cur
    ids = lancamentos.criar(cur, TIPO, novas)
    for lancamento_id, nova in zip(ids, novas, strict=True):
        rateio.gravar(cur, lancamento_id, rateio.linhas(divisao, nova["valor"]))
    for linha in lancamentos.varios(cur, ids):
        tx.auditar("criar", "lancamento", linha["id"], depois=lancamentos.foto(linha), rotulo=linha["descricao"])
    return ids


def _ordenadas(linhas: list[dict]) -> list[dict]:
    return sorted(rateio.foto(linhas), key=lambda linha: linha["centro_custo_id"])
