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

A despesa without fornecedor may name its `favorecido` (a salary's funcionário: name, CPF, bank
account and/or PIX key), checked as cadastros checks a fornecedor's and stored on the lançamento
(migrations/0019_favorecido.sql) for a pagamentos remessa (financeiro/remessas.py).

A payroll of 6,000 funcionários is one request of 6,002 lançamentos: the existing ones are read in
one SELECT and the writes go in a statement per kind (execute_values), and the audit rows in one
INSERT, so no query is made per lançamento (only a centro de custo or a contract's marks that
change are a statement each, as a person's edit of one).
"""
from dataclasses import dataclass
from decimal import Decimal

from psycopg2.extras import Json, execute_values

from shared import catalogo_eventos as eventos, pix
from shared.errors import Conflito, ErroAPI, Validacao
from shared.transacao import Transacao

from financeiro import lancamentos, rateio

# What the creator may mark its lançamentos with besides their fields: a contract's parcela says
# which contract and which parcela (migrations/0015_parcelas_de_contrato.sql).
MARCAS = ("contrato_id", "contrato_parcela")

_DA_ORIGEM = f"""
    SELECT id, tipo, {', '.join(lancamentos.CAMPOS)}, cancelado, valor_pago, status, serie_id, serie_numero,
           chave_origem, favorecido, {', '.join(MARCAS)}
      FROM financeiro.lancamentos
     WHERE empresa_id = plataforma.empresa_atual() AND origem = %s"""


def sincronizar(tx: Transacao, origem: str, pedidos: list[dict], cancelado: bool = False,
                lista: str = "lancamentos") -> dict:
    """Makes the origem's lançamentos what `pedidos` asks — each {chave, tipo, descricao, valor,
    data_vencimento, competencia (None: the due date's month), categoria_id, conta_id, cliente_id,
    fornecedor_id, centro_custo_id, documento (None: the one stored stays), favorecido (None: none)
    and, optionally, `marcas` (MARCAS: value)}, chaves unique (the route checks) — or, `cancelado`,
    none of them.
    Errors name each item as `<lista>.<n>.<campo>`. Returns {origem, lancamentos: [{chave,
    lancamento_id, status, valor, data_vencimento, diferente_do_pedido}] (those that stand, by id),
    criados, alterados, cancelados}."""
    cur = tx.cur
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"financeiro.origem:{tx.contexto.empresa_id}:{origem}",))
    desejados = [] if cancelado else [_completo(pedido) for pedido in pedidos]
    _conferir_favorecidos(desejados, lista)
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
                                           "chave_origem": pedido["chave"], "favorecido": pedido["favorecido"]},
                          divisao))
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
                           guardadas.get(atual["id"], []), pedido["favorecido"])
        if mudanca.campos or mudanca.rateio or mudanca.marcas or mudanca.outro_favorecido:
            mudancas.append(mudanca)
        if atual["cancelado"]:
            reativados.append((atual, dados["descricao"]))
    _atualizar(tx, mudancas)
    if reativados:
        lancamentos.marcar_cancelado(cur, [atual["id"] for atual, _ in reativados], False)
        tx.auditar_varios("reativar", "lancamento", [
            (atual["id"], lancamentos.foto(atual), {**lancamentos.foto(atual), "status": "PENDENTE"}, descricao)
            for atual, descricao in reativados])

    pedidas = {pedido["chave"] for pedido in desejados}
    sobrando = [linha for chave, linha in existentes.items() if chave not in pedidas and not linha["cancelado"]]
    a_cancelar = [linha for linha in sobrando if linha["valor_pago"] == 0]
    divergentes.update(linha["id"] for linha in sobrando if linha["valor_pago"] > 0)
    cancelados = [linha["id"] for linha in a_cancelar]
    if cancelados:
        lancamentos.marcar_cancelado(cur, cancelados, True)
        tx.auditar_varios("cancelar", "lancamento", [
            (linha["id"], lancamentos.foto(linha), {**lancamentos.foto(linha), "status": "CANCELADO"},
             linha["descricao"]) for linha in a_cancelar])

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
    return {"cliente_id": None, "fornecedor_id": None, "centro_custo_id": None, "documento": None,
            "favorecido": None, **pedido, "competencia": competencia, "observacoes": None,
            "marcas": pedido.get("marcas") or {}}


_CONTA_DO_FAVORECIDO = {"banco": "o banco", "agencia": "a agência", "conta": "a conta"}


def _conferir_favorecidos(desejados: list[dict], lista: str) -> None:
    """Each favorecido as a fornecedor's is kept (cadastros/pessoas.py): the bank account all or
    nothing (its kind CORRENTE unless told), the PIX key one of its kind as the DICT keeps it — and
    only on a despesa without fornecedor. Normalised in place; one 400 naming every field wrong."""
    erros = {}
    for n, pedido in enumerate(desejados):
        favorecido = pedido["favorecido"]
        if favorecido is None:
            continue
        campo = f"{lista}.{n}.favorecido"
        if pedido["tipo"] != "DESPESA":
            erros[campo] = "Só uma despesa tem favorecido"
        elif pedido["fornecedor_id"] is not None:
            erros[campo] = "Informe o fornecedor ou o favorecido, não os dois"
        deste = {}
        informados = [c for c in _CONTA_DO_FAVORECIDO if favorecido[c] is not None]
        if informados and len(informados) < len(_CONTA_DO_FAVORECIDO):
            deste.update({c: f"Informe {_CONTA_DO_FAVORECIDO[c]} também: banco, agência e conta vão juntos"
                          for c in _CONTA_DO_FAVORECIDO if favorecido[c] is None})
        if informados:
            favorecido["tipo_conta"] = favorecido["tipo_conta"] or "CORRENTE"
        elif favorecido["tipo_conta"] is not None:
            deste["tipo_conta"] = "Informe o banco, a agência e a conta deste tipo de conta"
        chave = {"chave_pix": favorecido["chave_pix"], "tipo_chave_pix": favorecido["tipo_chave_pix"]}
        pix.conferir_chave(chave, deste)
        favorecido.update(chave)
        erros.update({f"{campo}.{c}": texto for c, texto in deste.items()})
    if erros:
        raise Validacao("Verifique os campos destacados", erros)


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
    favorecido: dict | None  # as asked

    @property
    def campos(self) -> bool:
        return any(self.atual[campo] != self.dados[campo] for campo in lancamentos.CAMPOS)

    @property
    def rateio(self) -> bool:
        return _ordenadas(self.linhas) != _ordenadas(self.linhas_antes)

    @property
    def marcas(self) -> dict:
        return {campo: valor for campo, valor in self.pedidas.items() if self.atual[campo] != valor}

    @property
    def outro_favorecido(self) -> bool:
        return self.atual["favorecido"] != self.favorecido

    def auditado(self, favorecido: dict | None) -> dict:
        # Only where there is or was one: a contract's parcelas never have a favorecido.
        return {"favorecido": favorecido} if self.atual["favorecido"] or self.favorecido else {}


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
    _gravar_favorecidos(cur, [(m.atual["id"], m.favorecido) for m in mudancas if m.outro_favorecido])
    for m in mudancas:
        if m.rateio:
            rateio.gravar(cur, m.atual["id"], m.linhas)
        if m.marcas:
            cur.execute(f"""UPDATE financeiro.lancamentos SET {', '.join(f'{c} = %({c})s' for c in m.marcas)},
                                   atualizado_em = now()
                             WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
                        {**m.marcas, "id": m.atual["id"]})
    tx.auditar_varios("alterar", "lancamento", [
        (m.atual["id"],
         {**lancamentos.foto({**m.atual, "rateio": m.linhas_antes}), **{campo: m.atual[campo] for campo in m.pedidas},
          **m.auditado(m.atual["favorecido"])},
         {**lancamentos.foto({**m.atual, **m.dados, "rateio": m.linhas}), **m.pedidas, **m.auditado(m.favorecido)},
         m.dados["descricao"]) for m in mudancas])


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
    favorecidos = {ids[n]: dados["favorecido"] for n, (_, dados, _) in enumerate(novos) if dados["favorecido"]}
    tx.auditar_varios("criar", "lancamento", [
        (linha["id"], None, {**lancamentos.foto(linha), **({"favorecido": favorecidos[linha["id"]]}
                                                           if linha["id"] in favorecidos else {})}, linha["descricao"])
        for linha in lancamentos.varios(cur, criados)])
    return criados


def _gravar_favorecidos(cur, pares: list[tuple[int, dict | None]]) -> None:
    """(lancamento id, its favorecido or None) each, in one statement (a new one's goes with its
    INSERT: lancamentos.criar)."""
    if pares:
        execute_values(cur, """UPDATE financeiro.lancamentos l SET favorecido = v.favorecido, atualizado_em = now()
                                 FROM (VALUES %s) AS v (id, favorecido)
                                WHERE l.empresa_id = plataforma.empresa_atual() AND l.id = v.id""",
                       [(lancamento_id, Json(favorecido) if favorecido else None)
                        for lancamento_id, favorecido in pares],
                       template="(%s::bigint, %s::jsonb)", page_size=len(pares))


def _ordenadas(linhas: list[dict]) -> list[dict]:
    return sorted(rateio.foto(linhas), key=lambda linha: linha["centro_custo_id"])
