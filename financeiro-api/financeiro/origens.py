"""Another service's lançamentos as a desired state: "the lançamentos of origem X are exactly
these" (PUT /api/lancamentos/origens/<origem>; a contract's parcelas, financeiro/parcelas_de_contrato.py).

An origem names the whole its creator keeps in step — "folha:12" (a payroll of rh-api),
"contrato:7" — and each of its lançamentos is known by the key its creator gives it (`chave`,
stored as `chave_origem`, unique in the empresa), so the same request again finds what it created
and changes nothing. Money that moved is never rewritten: a lançamento with a payment (PARCIAL or
PAGO) keeps its values, and the answer says where they differ from what was asked. Only open
lançamentos (nothing paid) are created, changed, reactivated or cancelled. One transaction per
origem at a time: an advisory lock on (empresa, origem) makes two concurrent requests for the same
origem run one after the other.
"""
from dataclasses import dataclass
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.errors import Conflito, ErroAPI
from shared.transacao import Transacao

from financeiro import lancamentos, rateio

# What the creator may mark its lançamentos with besides their fields: a contract's parcela says
# which contract and which parcela (migrations/0015_parcelas_de_contrato.sql).
MARCAS = ("contrato_id", "contrato_parcela")

_DA_ORIGEM = f"""
    SELECT id, tipo, {', '.join(lancamentos.CAMPOS)}, cancelado, valor_pago, status, serie_id, serie_numero,
           chave_origem, {', '.join(MARCAS)}
      FROM financeiro.lancamentos
     WHERE empresa_id = plataforma.empresa_atual() AND origem = %s"""


def sincronizar(tx: Transacao, origem: str, pedidos: list[dict], cancelado: bool = False,
                lista: str = "lancamentos") -> dict:
    """Makes the origem's lançamentos what `pedidos` asks — each {chave, tipo, descricao, valor,
    data_vencimento, competencia (None: the due date's month), categoria_id, conta_id, cliente_id,
    fornecedor_id, centro_custo_id, documento (None: the one stored stays) and, optionally,
    `marcas` (MARCAS: value)}, chaves unique (the route checks) — or, `cancelado`, none of them.
    Errors name each item as `<lista>.<n>.<campo>`. Returns {origem, lancamentos: [{chave,
    lancamento_id, status, valor, data_vencimento, diferente_do_pedido}] (those that stand, by id),
    criados, alterados, cancelados}."""
    cur = tx.cur
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"financeiro.origem:{tx.contexto.empresa_id}:{origem}",))
    desejados = [] if cancelado else [_completo(pedido) for pedido in pedidos]
    divisoes = _verificar(cur, desejados, lista)

    cur.execute(_DA_ORIGEM + " ORDER BY id FOR UPDATE", (origem,))
    existentes = {linha["chave_origem"]: linha for linha in cur.fetchall()}
    _exigir_chaves_livres(cur, origem, [p["chave"] for p in desejados if p["chave"] not in existentes], lista)

    guardadas = rateio.de(cur, [linha["id"] for linha in existentes.values()])
    novos, mudancas, reativados, divergentes = [], [], [], set()
    for n, (pedido, divisao) in enumerate(zip(desejados, divisoes, strict=True)):
        dados = {campo: pedido[campo] for campo in lancamentos.CAMPOS}
        atual = existentes.get(pedido["chave"])
        if atual is None:
            novos.append((pedido["tipo"], {**dados, **pedido["marcas"], "origem": origem,
                                           "chave_origem": pedido["chave"]}, divisao))
            continue
        if atual["tipo"] != pedido["tipo"]:
            raise Conflito(f"A chave {pedido['chave']} é de uma {atual['tipo'].lower()}; o tipo não muda",
                           {f"{lista}.{n}.tipo": f"Esta chave é de uma {atual['tipo'].lower()}; use outra chave"})
        if atual["valor_pago"] > 0:
            if (atual["valor"], atual["data_vencimento"]) != (pedido["valor"], pedido["data_vencimento"]):
                divergentes.add(atual["id"])
            continue
        # What a person wrote in the lançamento's observações (and documento, unless asked) stays.
        dados.update(observacoes=atual["observacoes"], documento=pedido["documento"] or atual["documento"])
        mudanca = _Mudanca(atual, dados, pedido["marcas"], rateio.linhas(divisao, pedido["valor"]),
                           guardadas.get(atual["id"], []))
        if mudanca.campos or mudanca.rateio or mudanca.marcas:
            mudancas.append(mudanca)
        if atual["cancelado"]:
            reativados.append((atual, dados["descricao"]))
    _atualizar(tx, mudancas)
    if reativados:
        lancamentos.marcar_cancelado(cur, [atual["id"] for atual, _ in reativados], False)
        for atual, descricao in reativados:
            tx.auditar("reativar", "lancamento", atual["id"], antes=lancamentos.foto(atual),
                       depois={**lancamentos.foto(atual), "status": "PENDENTE"}, rotulo=descricao)

    pedidas = {pedido["chave"] for pedido in desejados}
    sobrando = [linha for chave, linha in existentes.items() if chave not in pedidas and not linha["cancelado"]]
    a_cancelar = [linha for linha in sobrando if linha["valor_pago"] == 0]
    divergentes.update(linha["id"] for linha in sobrando if linha["valor_pago"] > 0)
    cancelados = [linha["id"] for linha in a_cancelar]
    if cancelados:
        lancamentos.marcar_cancelado(cur, cancelados, True)
        for linha in a_cancelar:
            tx.auditar("cancelar", "lancamento", linha["id"], antes=lancamentos.foto(linha),
                       depois={**lancamentos.foto(linha), "status": "CANCELADO"}, rotulo=linha["descricao"])

    criados = _criar(tx, novos)
    alterados = {m.atual["id"] for m in mudancas} | {atual["id"] for atual, _ in reativados}
    mudados = sorted({*criados, *alterados, *cancelados})
    if mudados:
        tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=mudados, acao="sincronizado")
    return {"origem": origem, "lancamentos": de(cur, origem, divergentes), "criados": len(criados),
            "alterados": len(alterados), "cancelados": len(cancelados)}


def de(cur, origem: str, divergentes: set[int] = frozenset()) -> list[dict]:
    """The origem's lançamentos that stand (not cancelled), by id; `diferente_do_pedido` marks one
    whose payments keep values other than those asked (or that was not asked for any more)."""
    cur.execute(
        """SELECT chave_origem AS chave, id AS lancamento_id, status, valor, data_vencimento
             FROM financeiro.lancamentos
            WHERE empresa_id = plataforma.empresa_atual() AND origem = %s AND NOT cancelado
            ORDER BY id""",
        (origem,),
    )
    return [{**linha, "diferente_do_pedido": linha["lancamento_id"] in divergentes} for linha in cur.fetchall()]


def _completo(pedido: dict) -> dict:
    competencia = pedido.get("competencia") or pedido["data_vencimento"].replace(day=1)
    return {"cliente_id": None, "fornecedor_id": None, "centro_custo_id": None, "documento": None, **pedido,
            "competencia": competencia, "observacoes": None, "marcas": pedido.get("marcas") or {}}


def _verificar(cur, desejados: list[dict], lista: str) -> list:
    """Each item's conta, categoria, cliente, fornecedor and centro de custo are the empresa's, in
    use and of the right kind — checked once for each combination asked; returns each item's
    rateio.Divisao (its centro, or None)."""
    vistas: dict[tuple, object] = {}
    divisoes = []
    for n, pedido in enumerate(desejados):
        referencias = (pedido["tipo"], *(pedido[campo] for campo in ("conta_id", "categoria_id", "cliente_id",
                                                                     "fornecedor_id", "centro_custo_id")))
        if referencias not in vistas:
            try:
                lancamentos.verificar_referencias(cur, pedido["tipo"], pedido)
                # One centro (or none) for the whole of the lançamento: pedida() needs no valor for that.
                divisao = rateio.pedida(Decimal(0), pedido["centro_custo_id"], None)
                rateio.verificar_centros(cur, divisao, "centro_custo_id")
            except ErroAPI as erro:
                erro.campos = {f"{lista}.{n}.{campo}": texto for campo, texto in (erro.campos or {}).items()}
                raise
            vistas[referencias] = divisao
        divisoes.append(vistas[referencias])
    return divisoes


def _exigir_chaves_livres(cur, origem: str, chaves: list[str], lista: str) -> None:
    """A key is one lançamento's in the empresa: one another origem (or a person's lançamento)
    holds cannot name a lançamento of this one."""
    if not chaves:
        return
    cur.execute("""SELECT chave_origem FROM financeiro.lancamentos
                    WHERE empresa_id = plataforma.empresa_atual() AND chave_origem = ANY(%s)
                      AND origem IS DISTINCT FROM %s ORDER BY chave_origem LIMIT 1""", (chaves, origem))
    tomada = cur.fetchone()
    if tomada is not None:
        raise Conflito(f"A chave {tomada['chave_origem']} já identifica um lançamento de outra origem",
                       {lista: f"A chave {tomada['chave_origem']} já está em uso; use outra"})


@dataclass
class _Mudanca:
    """An open lançamento of the origem, the values asked for it, and what of those differs."""

    atual: dict
    dados: dict
    pedidas: dict  # its marcas, as asked
    linhas: list[dict]  # its rateio lines, as asked
    linhas_antes: list[dict]

    @property
    def campos(self) -> bool:
        return any(self.atual[campo] != self.dados[campo] for campo in lancamentos.CAMPOS)

    @property
    def rateio(self) -> bool:
        return _ordenadas(self.linhas) != _ordenadas(self.linhas_antes)

    @property
    def marcas(self) -> dict:
        return {campo: valor for campo, valor in self.pedidas.items() if self.atual[campo] != valor}


def _atualizar(tx: Transacao, mudancas: list[_Mudanca]) -> None:
    """Gives open lançamentos the values asked (the fields of all in one statement), their centro
    de custo and marcas; each audited."""
    cur = tx.cur
    campos = [m for m in mudancas if m.campos]
    if campos:
        lancamentos.alterar_varios(cur, [(m.atual["id"], m.dados) for m in campos])
        renomeados = [(m.atual["id"], m.dados) for m in campos
                      if (m.atual["descricao"], m.atual["documento"]) != (m.dados["descricao"], m.dados["documento"])]
        if renomeados:
            lancamentos.indexar(cur, renomeados)
    for m in mudancas:
        if m.rateio:
            rateio.gravar(cur, m.atual["id"], m.linhas)
        if m.marcas:
            cur.execute(f"""UPDATE financeiro.lancamentos SET {', '.join(f'{c} = %({c})s' for c in m.marcas)},
                                   atualizado_em = now()
                             WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
                        {**m.marcas, "id": m.atual["id"]})
        tx.auditar("alterar", "lancamento", m.atual["id"],
                   antes={**lancamentos.foto({**m.atual, "rateio": m.linhas_antes}),
                          **{campo: m.atual[campo] for campo in m.pedidas}},
                   depois={**lancamentos.foto({**m.atual, **m.dados, "rateio": m.linhas}), **m.pedidas},
                   rotulo=m.dados["descricao"])


def _criar(tx: Transacao, novos: list[tuple[str, dict, object]]) -> list[int]:
    """Stores the new lançamentos (a RECEITA and a DESPESA in an insert each), their centros and
    audit; returns their ids in the order asked."""
    cur = tx.cur
    ids: dict[int, int] = {}
    for tipo in ("RECEITA", "DESPESA"):
        deste = [(n, dados, divisao) for n, (t, dados, divisao) in enumerate(novos) if t == tipo]
        if not deste:
            continue
        for (n, dados, divisao), lancamento_id in zip(deste, lancamentos.criar(cur, tipo, [d for _, d, _ in deste]),
                                                       strict=True):
            if divisao is not None:
                rateio.gravar(cur, lancamento_id, rateio.linhas(divisao, dados["valor"]))
            ids[n] = lancamento_id
    criados = [ids[n] for n in range(len(novos))]
    for linha in lancamentos.varios(cur, criados):
        tx.auditar("criar", "lancamento", linha["id"], depois=lancamentos.foto(linha), rotulo=linha["descricao"])
    return criados


def _ordenadas(linhas: list[dict]) -> list[dict]:
    return sorted(rateio.foto(linhas), key=lambda linha: linha["centro_custo_id"])
