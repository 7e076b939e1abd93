"""Cachês: what the studio pays the freelancers of an evento's team (rh.caches_eventos, rh.caches)
and their payables in financeiro.

Who and how much come from other services' read contracts: the evento and its centro de custo
(operacional.v_eventos), its team (operacional.v_equipe_eventos: each fornecedor's papel and the
cachê agreed for that evento) and the fornecedor (cadastros.v_fornecedores: its default
`cache_valor` and `cache_rpa`, the autônomo paid by RPA). A person's valor is the team's cachê, or
else the fornecedor's; neither is a 400 naming the person. An autônomo's RPA is rh/rpa.py's
calculation, counting what the empresa already paid that person by RPA in the same month.

Registering an evento's cachês stores each person's (immutable; a mistake is cancelled and paid
again) and keeps financeiro in step with the whole evento as one origem, `cache:<evento_id>`:
one DESPESA per person for the líquido (to the fornecedor, on the evento's centro de custo) and,
per month, one guide for the INSS and IRRF withheld (plus the cota patronal when the empresa owes
it apart), due the 20th of the next month or the banking day before. Steps and recovery are
rh/envio.py's, as for a folha: tx1 here (versao + 1), the PUT, tx2.
"""
from datetime import date

from shared.api import Posicao
from shared.calendario import primeiro_do_mes
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from rh import configuracao, envio, jsonb, rpa, vencimentos
from rh.folha.formato import ZERO

NOMES_CATEGORIA = ("cache", "terceiro", "freela")
COTAS = ("SIMPLES_NACIONAL", "20")
PAPEIS = {"fotografo_principal": "Fotógrafo principal", "segundo_fotografo": "Segundo fotógrafo",
          "assistente": "Assistente", "videomaker": "Videomaker", "outro": "Outro"}
_COLUNAS = """c.id, c.evento_id, e.evento_nome, c.fornecedor_id, c.nome, c.cpf_cnpj, c.papel, c.numero_rpa,
              c.data_pagamento, c.competencia, c.bruto, c.inss, c.irrf, c.liquido, c.inss_patronal, c.rubricas,
              c.criado_em, c.usuario_id, c.cancelado_em, e.versao, e.versao_sincronizada, e.lancamento_ids,
              CASE WHEN c.cancelado_em IS NOT NULL THEN 'CANCELADO' ELSE e.situacao END AS situacao"""


class PosicaoCache(Posicao):
    competencia: str
    id: int




# ---------------------------------------------------------------- configuration


def ler_configuracao(cur) -> dict:
    """{"cota_patronal", "categoria_id"}: SIMPLES_NACIONAL and None where nothing was set."""
    cur.execute("""SELECT cota_patronal, categoria_id FROM rh.configuracao_caches
                    WHERE empresa_id = plataforma.empresa_atual()""")
    return cur.fetchone() or {"cota_patronal": "SIMPLES_NACIONAL", "categoria_id": None}


def alterar_configuracao(tx: Transacao, dados: dict) -> dict:
    antes = ler_configuracao(tx.cur)
    if dados["categoria_id"] is not None:
        tx.cur.execute("SELECT tipo, ativa FROM cadastros.v_categorias WHERE id = %s", (dados["categoria_id"],))
        categoria = tx.cur.fetchone()
        if categoria is None or not categoria["ativa"] or categoria["tipo"] != "DESPESA":
            raise Validacao("Verifique os campos destacados",
                            {"categoria_id": "Categoria de despesa não encontrada ou inativa"})
    tx.cur.execute("""INSERT INTO rh.configuracao_caches (empresa_id, cota_patronal, categoria_id)
                      VALUES (plataforma.empresa_atual(), %(cota_patronal)s, %(categoria_id)s)
                      ON CONFLICT (empresa_id) DO UPDATE
                         SET cota_patronal = EXCLUDED.cota_patronal, categoria_id = EXCLUDED.categoria_id,
                             atualizado_em = now()""", dados)
    tx.auditar("alterar", "configuracao_caches", None, antes=antes, depois=dados)
    return ler_configuracao(tx.cur)


def _destino(cur, config: dict) -> tuple[dict, list[str]]:
    """Where the evento's payables go: the payroll's conta and encargos categoria
    (rh/configuracao.py), the cachês categoria configured here; each one not configured found by
    name as the payroll finds it. 400 naming what to configure when one is nowhere."""
    folha = configuracao.ler(cur)
    destino = {"conta_id": folha["conta_id"], "categoria_id": config["categoria_id"],
               "categoria_encargos_id": folha["categoria_encargos_id"]}
    avisos, erros = [], {}
    if destino["conta_id"] is None:
        cur.execute("SELECT id, nome FROM cadastros.v_contas WHERE tipo = 'CORRENTE' AND ativa ORDER BY id LIMIT 1")
        conta = cur.fetchone()
        if conta is None:
            erros["conta_id"] = "Configure a conta de pagamento na configuração da folha (não há conta corrente ativa)"
        else:
            destino["conta_id"] = conta["id"]
            avisos.append(f"Conta não configurada: usada a conta corrente \"{conta['nome']}\"")
    for campo, palavras, o_que in (("categoria_id", NOMES_CATEGORIA, "dos cachês"),
                                   ("categoria_encargos_id", configuracao.NOMES_ENCARGOS, "dos encargos (a guia)")):
        if destino[campo] is None:
            categoria = configuracao.categoria_por_nome(cur, palavras)
            if categoria is None:
                erros[campo] = (f"Configure a categoria de despesa {o_que} (nenhuma categoria de despesa tem no nome "
                                f"{', '.join(palavras)})")
            else:
                destino[campo] = categoria["id"]
                avisos.append(f"Categoria {o_que} não configurada: usada \"{categoria['nome']}\"")
    if erros:
        raise Validacao("Configure os cachês (e a conta e os encargos na configuração da folha)", erros)
    return destino, avisos


# ---------------------------------------------------------------- the calculation


def evento(cur, evento_id: int) -> dict:
    """operacional's evento (nome, data_inicio, centro_custo_id), or 404 (another empresa's too)."""
    cur.execute("SELECT id, nome, data_inicio, centro_custo_id FROM operacional.v_eventos WHERE id = %s",
                (evento_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Evento não encontrado")
    return linha


def _equipe(cur, evento_id: int) -> list[dict]:
    """The evento's freelancers, one per fornecedor (the papéis and cachês of its rows together)."""
    cur.execute("""SELECT q.fornecedor_id, f.nome, f.cpf_cnpj, f.tipo_pessoa, f.cache_valor, f.cache_rpa,
                          array_agg(q.papel ORDER BY q.papel) AS papeis,
                          sum(q.cache) AS cache_equipe
                     FROM operacional.v_equipe_eventos q
                     JOIN cadastros.v_fornecedores f ON f.empresa_id = q.empresa_id AND f.id = q.fornecedor_id
                    WHERE q.evento_id = %s AND q.fornecedor_id IS NOT NULL
                    GROUP BY q.fornecedor_id, f.nome, f.cpf_cnpj, f.tipo_pessoa, f.cache_valor, f.cache_rpa
                    ORDER BY f.nome, q.fornecedor_id""", (evento_id,))
    return cur.fetchall()


def _ja_pago(cur, fornecedor_id: int, competencia: date, evento_id: int) -> rpa.JaPago:
    """The person's RPAs of the month from this empresa, other eventos' (this evento's own are
    either being registered now or already registered, and then not registered again)."""
    cur.execute("""SELECT coalesce(sum(bruto), 0) AS bruto, coalesce(sum(inss), 0) AS inss,
                          coalesce(sum(irrf), 0) AS irrf
                     FROM rh.caches
                    WHERE empresa_id = plataforma.empresa_atual() AND fornecedor_id = %s AND competencia = %s
                      AND evento_id <> %s AND numero_rpa IS NOT NULL AND cancelado_em IS NULL""",
                (fornecedor_id, competencia, evento_id))
    linha = cur.fetchone()
    return rpa.JaPago(linha["bruto"], linha["inss"], linha["irrf"])


def calcular(cur, evento_id: int, data_pagamento: date) -> tuple[dict, list[tuple[dict, rpa.Recibo]]]:
    """(the evento, [(the team member, its recibo)]) as it would be paid on `data_pagamento`; a
    member's `cache_id` is its live cachê already registered for the evento (None: not yet).
    400 when the team has no freelancer, or naming each one whose valor is nowhere."""
    ev = evento(cur, evento_id)
    equipe = _equipe(cur, evento_id)
    if not equipe:
        raise Validacao("Verifique os campos destacados", {
            "evento_id": "A equipe do evento não tem freelancers (fornecedores) a pagar"})
    sem_valor = [p["nome"] for p in equipe if p["cache_equipe"] is None and p["cache_valor"] is None]
    if sem_valor:
        raise Validacao("Verifique os campos destacados", {
            "evento_id": f"Sem cachê na equipe do evento nem no cadastro do fornecedor: {', '.join(sem_valor)}"})
    competencia = primeiro_do_mes(data_pagamento)
    config = ler_configuracao(cur)
    cur.execute("""SELECT fornecedor_id, id FROM rh.caches WHERE empresa_id = plataforma.empresa_atual()
                      AND evento_id = %s AND cancelado_em IS NULL""", (evento_id,))
    registrados = {linha["fornecedor_id"]: linha["id"] for linha in cur.fetchall()}
    itens = []
    for pessoa in equipe:
        papeis = ", ".join(PAPEIS.get(p, p) for p in pessoa["papeis"])
        if pessoa["cache_equipe"] is not None:
            valor, origem = pessoa["cache_equipe"], f"definido na equipe do evento \"{ev['nome']}\" ({papeis})"
        else:
            valor, origem = pessoa["cache_valor"], f"cachê padrão do fornecedor ({papeis})"
        if valor <= ZERO:
            raise Validacao("Verifique os campos destacados", {
                "evento_id": f"Cachê zerado na equipe do evento: {pessoa['nome']}"})
        autonomo = pessoa["cache_rpa"]
        recibo = rpa.calcular(valor, competencia, rpa=autonomo, origem_do_valor=origem,
                              cota_patronal=config["cota_patronal"],
                              ja_pago=_ja_pago(cur, pessoa["fornecedor_id"], competencia, evento_id)
                              if autonomo else rpa.JaPago())
        itens.append(({**pessoa, "papel": papeis, "cache_id": registrados.get(pessoa["fornecedor_id"])}, recibo))
    return ev, itens


# ---------------------------------------------------------------- reading


def por_id(cur, cache_id: int) -> dict | None:
    cur.execute(f"""SELECT {_COLUNAS} FROM rh.caches c
                      JOIN rh.caches_eventos e ON e.empresa_id = c.empresa_id AND e.id = c.evento_id
                     WHERE c.empresa_id = plataforma.empresa_atual() AND c.id = %s""", (cache_id,))
    return cur.fetchone()


def listar(cur, evento_id: int | None, competencia: date | None, apos: PosicaoCache | None,
           limite: int) -> list[dict]:
    """The cachês, newest month first (cancelled ones too, marked)."""
    cur.execute(f"""SELECT {_COLUNAS} FROM rh.caches c
                      JOIN rh.caches_eventos e ON e.empresa_id = c.empresa_id AND e.id = c.evento_id
                     WHERE c.empresa_id = plataforma.empresa_atual()
                       AND (%(evento)s::bigint IS NULL OR c.evento_id = %(evento)s)
                       AND (%(mes)s::date IS NULL OR c.competencia = %(mes)s)
                       AND (%(apos)s::date IS NULL OR (c.competencia, c.id) < (%(apos)s::date, %(id)s))
                     ORDER BY c.competencia DESC, c.id DESC LIMIT %(limite)s""",
                {"evento": evento_id, "mes": competencia, "apos": apos.competencia if apos else None,
                 "id": apos.id if apos else None, "limite": limite})
    return cur.fetchall()


def empresa(cur) -> dict:
    """The empresa's name and CNPJ (auth's read contract), for the RPA."""
    cur.execute("SELECT nome, cnpj FROM auth.v_empresas")
    return cur.fetchone() or {"nome": "", "cnpj": None}


# ---------------------------------------------------------------- writing (tx1)


def _proximo_rpa(cur) -> int:
    cur.execute("""INSERT INTO rh.configuracao_caches (empresa_id, ultimo_rpa) VALUES (plataforma.empresa_atual(), 1)
                   ON CONFLICT (empresa_id) DO UPDATE SET ultimo_rpa = rh.configuracao_caches.ultimo_rpa + 1
                   RETURNING ultimo_rpa""")
    return cur.fetchone()["ultimo_rpa"]


def _bloquear_evento(cur, evento_id: int) -> dict | None:
    cur.execute("""SELECT id, versao FROM rh.caches_eventos
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""", (evento_id,))
    return cur.fetchone()


def registrar(tx: Transacao, evento_id: int, data_pagamento: date) -> tuple[list[int], list[str]]:
    """tx1: the cachês of the evento's team not registered yet, stored with their RPA numbers
    (409 when every one already is); (their ids, the pt-BR notes on where the payables go)."""
    cur = tx.cur
    # An autônomo's INSS and IRRF count what the month's earlier cachês withheld: two eventos paid
    # at once must see each other, so the empresa's registrations of a month run one at a time.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"rh.caches:{tx.contexto.empresa_id}:{data_pagamento:%Y-%m}",))
    ev, itens = calcular(cur, evento_id, data_pagamento)
    destino, avisos = _destino(cur, ler_configuracao(cur))
    destino["centro_custo_id"] = ev["centro_custo_id"]
    if ev["centro_custo_id"] is None:
        avisos.append("O evento ainda não tem centro de custo: as contas a pagar vão sem ele")
    if _bloquear_evento(cur, evento_id) is None:
        cur.execute("""INSERT INTO rh.caches_eventos (empresa_id, id, evento_nome, destino)
                       VALUES (plataforma.empresa_atual(), %s, %s, %s::jsonb) ON CONFLICT DO NOTHING""",
                    (evento_id, ev["nome"], jsonb.de(destino)))
        _bloquear_evento(cur, evento_id)
    else:
        cur.execute("""UPDATE rh.caches_eventos SET versao = versao + 1, destino = %s::jsonb, evento_nome = %s
                        WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
                    (jsonb.de(destino), ev["nome"], evento_id))
    novos = [(p, r) for p, r in itens if p["cache_id"] is None]
    repetido = Conflito("Os cachês deste evento já foram registrados", {
        "evento_id": "Todos da equipe já têm o cachê deste evento registrado; cancele um para pagá-lo de novo"})
    if not novos:
        raise repetido
    ids = []
    with violacoes_viram_erros(unicas={"caches_pessoa_evento_unica": repetido}):
        for pessoa, recibo in novos:
            numero_rpa = _proximo_rpa(cur) if pessoa["cache_rpa"] else None
            cur.execute(
                """INSERT INTO rh.caches (empresa_id, evento_id, fornecedor_id, nome, cpf_cnpj, papel, numero_rpa,
                                          data_pagamento, competencia, bruto, inss, irrf, liquido, inss_patronal,
                                          rubricas, usuario_id)
                   VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb,
                           %s) RETURNING id""",
                (evento_id, pessoa["fornecedor_id"], pessoa["nome"], pessoa["cpf_cnpj"], pessoa["papel"], numero_rpa,
                 data_pagamento, primeiro_do_mes(data_pagamento), recibo.bruto, recibo.inss, recibo.irrf,
                 recibo.liquido, recibo.inss_patronal,
                 jsonb.rubricas(recibo.rubricas),
                 tx.contexto.usuario_id))
            ids.append(cur.fetchone()["id"])
    tx.auditar("registrar", "cache", evento_id, depois={
        "evento_id": evento_id, "data_pagamento": data_pagamento.isoformat(), "destino": destino,
        "caches": [{"id": i, "fornecedor_id": p["fornecedor_id"], "bruto": jsonb.dinheiro(r.bruto),
                    "inss": jsonb.dinheiro(r.inss), "irrf": jsonb.dinheiro(r.irrf),
                    "liquido": jsonb.dinheiro(r.liquido)} for i, (p, r) in zip(ids, novos)]})
    return ids, avisos


def cancelar(tx: Transacao, cache_id: int) -> int:
    """tx1 of a cancellation: the cachê marked cancelled and the evento's versao + 1, so its
    payable is cancelled in financeiro. 409 when financeiro shows it paid (in part or whole): a
    payment is undone there first. The evento's id."""
    cur = tx.cur
    atual = por_id(cur, cache_id)
    if atual is None:
        raise NaoEncontrado("Cachê não encontrado")
    _bloquear_evento(cur, atual["evento_id"])
    atual = por_id(cur, cache_id)
    if atual["cancelado_em"] is not None:
        raise Conflito("Este cachê já foi cancelado")
    lancamento_id = atual["lancamento_ids"].get(chave(atual["evento_id"], cache_id))
    if lancamento_id is not None:
        cur.execute("SELECT valor_pago FROM financeiro.v_lancamentos WHERE id = %s", (lancamento_id,))
        lancamento = cur.fetchone()
        if lancamento is not None and lancamento["valor_pago"] > 0:
            raise Conflito("Este cachê já foi pago no Financeiro: estorne o pagamento lá antes de cancelá-lo")
    cur.execute("""UPDATE rh.caches SET cancelado_em = now()
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (cache_id,))
    cur.execute("""UPDATE rh.caches_eventos SET versao = versao + 1
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (atual["evento_id"],))
    # Audited under the evento's id, as its registering and its syncs are (the origem cache:<evento_id>).
    tx.auditar("cancelar", "cache", atual["evento_id"], antes={
        "cache_id": cache_id, "fornecedor_id": atual["fornecedor_id"], "numero_rpa": atual["numero_rpa"],
        "bruto": jsonb.dinheiro(atual["bruto"]), "liquido": jsonb.dinheiro(atual["liquido"])})
    return atual["evento_id"]


# ---------------------------------------------------------------- financeiro (rh/envio.py does the PUT and tx2)


def chave(evento_id: int, cache_id: int) -> str:
    return f"cache:{evento_id}:liquido:{cache_id}"


def estado_desejado(cur, evento_id: int) -> tuple[dict, int]:
    """(the PUT's body, the versao it is) for the evento's live cachês as stored now: each one's
    líquido, and per month the guide of what was withheld (and the cota patronal owed apart)."""
    cur.execute("""SELECT versao, destino, evento_nome FROM rh.caches_eventos
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (evento_id,))
    run = cur.fetchone()
    destino = run["destino"]
    cur.execute("""SELECT id, fornecedor_id, nome, numero_rpa, data_pagamento, competencia, liquido, inss, irrf,
                          inss_patronal
                     FROM rh.caches WHERE empresa_id = plataforma.empresa_atual() AND evento_id = %s
                      AND cancelado_em IS NULL ORDER BY id""", (evento_id,))
    caches = cur.fetchall()
    if not caches:
        return {"lancamentos": [], "cancelado": True}, run["versao"]
    comum = {"tipo": "DESPESA", "conta_id": destino["conta_id"], "centro_custo_id": destino["centro_custo_id"]}
    lancamentos, guias = [], {}
    for c in caches:
        recibo = f"RPA nº {c['numero_rpa']}" if c["numero_rpa"] else "cachê"
        lancamentos.append({
            **comum, "chave": chave(evento_id, c["id"]), "valor": jsonb.dinheiro(c["liquido"]),
            "descricao": f"Cachê {run['evento_nome']} — {c['nome']} ({recibo})"[:200],
            "data_vencimento": c["data_pagamento"].isoformat(), "competencia": f"{c['competencia']:%Y-%m}",
            "categoria_id": destino["categoria_id"], "fornecedor_id": c["fornecedor_id"]})
        guias[c["competencia"]] = guias.get(c["competencia"], ZERO) + c["inss"] + c["irrf"] + c["inss_patronal"]
    for competencia, valor in sorted(guias.items()):
        if valor > ZERO:
            lancamentos.append({
                **comum, "chave": f"cache:{evento_id}:guia:{competencia:%Y-%m}", "valor": jsonb.dinheiro(valor),
                "descricao": f"INSS e IRRF dos cachês {run['evento_nome']} {competencia:%m/%Y} (DCTFWeb/DARF)"[:200],
                "data_vencimento": vencimentos.guias(competencia).isoformat(),
                "competencia": f"{competencia:%Y-%m}", "categoria_id": destino["categoria_encargos_id"]})
    return {"lancamentos": lancamentos, "cancelado": False}, run["versao"]


ORIGEM = envio.Origem("cache", "rh.caches_eventos", "os cachês do evento", "Cachês do evento não encontrados",
                      estado_desejado)


def sincronizar(evento_id: int) -> tuple[dict | None, str | None]:
    """rh/envio.py's sync of the evento's cachês: (financeiro's answer, None) or (None, why pending)."""
    return envio.sincronizar(ORIGEM, evento_id)
