"""Férias as a run of their own (rh.ferias): one funcionário's period — `dias` (5 to 30) from
`inicio` — computed by the pure engine (rh/folha/calculo.py `ferias`), stored with its payslip and
memo, and its payables sent to financeiro as the origem `ferias:<id>` (rh/envio.py, as a folha's).

Rules: CLT only (the table's vínculos say who has férias); they begin after the admissão and end by
the demissão; no two férias of a funcionário overlap (409); they are paid 2 days before they begin
(CLT art. 145; rh/vencimentos.py), the INSS+IRRF guide and the FGTS guide on the 20th of the month
after they begin. The média de variáveis is rh/previa.py's: the 12 competências before the month
they begin. A stored férias changes only by an audited reprocessing (current data, `versao` + 1)
or a cancellation (its open payables cancelled; paid ones stay, flagged by financeiro). The month's
folha counts the days of férias in it (calculo.FeriasNoMes) when it is computed: a month processed
before is reprocessed to know them (the answer says so).
"""
from datetime import date, timedelta

from shared import calendario
from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from rh import configuracao, envio, jsonb, funcionarios, pagamento_salarios, previa, vencimentos
from rh.folha import calculo
from rh.folha.formato import ZERO
from rh.folha.modelos import Contratado, Holerite

NAO_ENCONTRADAS = "Férias não encontradas"
_SELECT = """SELECT id, funcionario_id, inicio, dias, fim, pagamento, situacao, versao, versao_sincronizada,
                    cancelada_em, nome, vinculo, bruto, descontos, liquido, inss, irrf, fgts, deducao_irrf, rubricas,
                    avisos, destino, lancamento_ids, processada_em, usuario_id, reprocessada_em
               FROM rh.ferias WHERE empresa_id = plataforma.empresa_atual()"""


class PosicaoFerias(Posicao):
    inicio: str
    id: int




def _periodo(inicio: date, dias: int) -> str:
    return f"{inicio:%d/%m/%Y} a {inicio + timedelta(days=dias - 1):%d/%m/%Y}"


# ---------------------------------------------------------------- reading


def por_id(cur, ferias_id: int) -> dict | None:
    cur.execute(f"{_SELECT} AND id = %s", (ferias_id,))
    return cur.fetchone()


def bloquear(cur, ferias_id: int) -> dict:
    cur.execute("SELECT id FROM rh.ferias WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE",
                (ferias_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado(NAO_ENCONTRADAS)
    return por_id(cur, ferias_id)


def listar(cur, funcionario_id: int | None, apos: PosicaoFerias | None, limite: int) -> list[dict]:
    """The férias (cancelled ones too), latest início first; of one funcionário when given."""
    cur.execute(f"""{_SELECT}
                      AND (%(funcionario_id)s::bigint IS NULL OR funcionario_id = %(funcionario_id)s)
                      AND (%(inicio)s::date IS NULL OR (inicio, id) < (%(inicio)s::date, %(id)s))
                    ORDER BY inicio DESC, id DESC LIMIT %(limite)s""",
                {"funcionario_id": funcionario_id, "inicio": apos.inicio if apos else None,
                 "id": apos.id if apos else None, "limite": limite})
    return cur.fetchall()


# ---------------------------------------------------------------- the calculation


def calcular(cur, funcionario: dict, inicio: date, dias: int) -> tuple[Contratado, Holerite, date]:
    """(the funcionário as the engine takes it, the férias' payslip, the payment date); 400 naming
    the field for a funcionário who has no férias, or a period outside their contract."""
    competencia = calendario.primeiro_do_mes(inicio)
    try:
        tabela = previa.tabela(competencia)
    except Validacao:
        raise Validacao("Verifique os campos destacados", {
            "inicio": f"Nenhuma tabela da folha vigente em {competencia:%m/%Y}"}) from None
    c = previa.contratado(funcionario)
    regra = tabela.vinculos.get(c.vinculo)
    if regra is None or not regra.decimo_terceiro_e_ferias:
        raise Validacao("Verifique os campos destacados", {
            "funcionario_id": f"Férias só para funcionário CLT; {c.nome} tem vínculo {c.vinculo}"})
    fim = inicio + timedelta(days=dias - 1)
    if inicio <= c.data_admissao:
        raise Validacao("Verifique os campos destacados", {
            "inicio": f"As férias começam depois da admissão ({c.data_admissao:%d/%m/%Y})"})
    if c.data_demissao and fim > c.data_demissao:
        raise Validacao("Verifique os campos destacados", {
            "inicio": f"As férias terminam até a demissão ({c.data_demissao:%d/%m/%Y})"})
    de = calendario.somar_meses(competencia, -12)
    meses = previa.avos(c, de, competencia)
    media, memo = previa.media(previa.variaveis_processadas(cur, de, competencia).get(c.id), meses, de,
                               competencia)
    holerite = previa.com_memo(calculo.ferias(c, inicio, dias, competencia, media, tabela), memo)
    return c, holerite, vencimentos.ferias(inicio)


def sem_sobreposicao(cur, funcionario_id: int, inicio: date, dias: int) -> None:
    cur.execute("""SELECT inicio, fim FROM rh.ferias
                    WHERE empresa_id = plataforma.empresa_atual() AND funcionario_id = %s AND cancelada_em IS NULL
                      AND inicio <= %s AND fim >= %s LIMIT 1""",
                (funcionario_id, inicio + timedelta(days=dias - 1), inicio))
    outra = cur.fetchone()
    if outra:
        raise Conflito("Já há férias neste período", {
            "inicio": f"O funcionário já tem férias de {outra['inicio']:%d/%m/%Y} a {outra['fim']:%d/%m/%Y}"})


def _folhas_ja_processadas(cur, inicio: date, dias: int) -> list[str]:
    """The notes for the months of the period whose MENSAL folha was processed without these férias."""
    cur.execute("""SELECT competencia FROM rh.folhas
                    WHERE empresa_id = plataforma.empresa_atual() AND tipo = 'MENSAL'
                      AND competencia BETWEEN %s AND %s ORDER BY competencia""",
                (calendario.primeiro_do_mes(inicio), inicio + timedelta(days=dias - 1)))
    return [f"A folha de {linha['competencia']:%m/%Y} já foi processada sem estas férias: reprocesse-a"
            for linha in cur.fetchall()]


def _holerite(h: Holerite) -> dict:
    return {"nome": h.nome, "bruto": h.bruto, "descontos": h.descontos, "liquido": h.liquido, "inss": h.inss,
            "irrf": h.irrf, "fgts": h.fgts, "deducao_irrf": h.deducao_irrf,
            "rubricas": jsonb.rubricas(h.rubricas),
            "avisos": jsonb.de(list(h.avisos))}


def _totais(valores: dict) -> dict:
    return {campo: jsonb.dinheiro(valores[campo]) for campo in ("bruto", "descontos", "liquido", "inss", "irrf", "fgts")}


# ---------------------------------------------------------------- writing (tx1)


def processar(tx: Transacao, funcionario_id: int, inicio: date, dias: int) -> tuple[int, list[str]]:
    """tx1: the férias computed and stored; (its id, the pt-BR notes: where its payables go, the
    months already processed without them). 404 for another empresa's funcionário."""
    funcionario = funcionarios.bloquear(tx.cur, funcionario_id)
    c, h, pagamento = calcular(tx.cur, {"id": funcionario_id, **funcionario}, inicio, dias)
    sem_sobreposicao(tx.cur, funcionario_id, inicio, dias)
    destino, avisos = configuracao.destino(tx.cur)
    tx.cur.execute(
        """INSERT INTO rh.ferias (empresa_id, funcionario_id, inicio, dias, pagamento, nome, vinculo, bruto,
                                  descontos, liquido, inss, irrf, fgts, deducao_irrf, rubricas, avisos, destino,
                                  usuario_id)
           VALUES (plataforma.empresa_atual(), %(funcionario_id)s, %(inicio)s, %(dias)s, %(pagamento)s, %(nome)s,
                   %(vinculo)s, %(bruto)s, %(descontos)s, %(liquido)s, %(inss)s, %(irrf)s, %(fgts)s,
                   %(deducao_irrf)s, %(rubricas)s::jsonb, %(avisos)s::jsonb, %(destino)s::jsonb, %(usuario_id)s)
           RETURNING id""",
        {**_holerite(h), "funcionario_id": funcionario_id, "inicio": inicio, "dias": dias, "pagamento": pagamento,
         "vinculo": c.vinculo, "destino": jsonb.de(destino), "usuario_id": tx.contexto.usuario_id})
    ferias_id = tx.cur.fetchone()["id"]
    tx.auditar("processar", "ferias", ferias_id, depois={
        "funcionario_id": funcionario_id, "periodo": _periodo(inicio, dias), "pagamento": pagamento.isoformat(),
        "totais": _totais(vars(h)), "destino": destino})
    tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=funcionario_id, acao="ferias", competencia=f"{inicio:%Y-%m}")
    return ferias_id, avisos + _folhas_ja_processadas(tx.cur, inicio, dias)


def _aberta(antes: dict) -> None:
    if antes["cancelada_em"] is not None:
        raise Conflito("Estas férias foram canceladas", {"id": "Férias canceladas não mudam mais"})


def reprocessar(tx: Transacao, ferias_id: int) -> list[str]:
    """tx1 of a reprocessing: the same period computed again from the funcionário's current data,
    `versao` + 1, audited with the totals before and after; 409 when cancelled or when the
    funcionário is gone. The notes of `destino` and of the months to reprocess."""
    antes = bloquear(tx.cur, ferias_id)
    _aberta(antes)
    funcionario = funcionarios.por_id(tx.cur, antes["funcionario_id"])
    if funcionario is None:
        raise Conflito("O funcionário destas férias foi excluído", {"funcionario_id": "Funcionário excluído"})
    _, h, pagamento = calcular(tx.cur, funcionario, antes["inicio"], antes["dias"])
    destino, avisos = configuracao.destino(tx.cur)
    tx.cur.execute(
        """UPDATE rh.ferias SET pagamento = %(pagamento)s, nome = %(nome)s, bruto = %(bruto)s,
                  descontos = %(descontos)s, liquido = %(liquido)s, inss = %(inss)s, irrf = %(irrf)s,
                  fgts = %(fgts)s, deducao_irrf = %(deducao_irrf)s, rubricas = %(rubricas)s::jsonb,
                  avisos = %(avisos)s::jsonb, destino = %(destino)s::jsonb, versao = versao + 1,
                  reprocessada_em = now()
            WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s""",
        {**_holerite(h), "pagamento": pagamento, "destino": jsonb.de(destino), "id": ferias_id})
    tx.auditar("reprocessar", "ferias", ferias_id,
               antes={"versao": antes["versao"], "totais": _totais(antes), "destino": antes["destino"]},
               depois={"versao": antes["versao"] + 1, "totais": _totais(vars(h)), "destino": destino})
    tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=antes["funcionario_id"], acao="ferias",
                competencia=f"{antes['inicio']:%Y-%m}")
    return avisos + _folhas_ja_processadas(tx.cur, antes["inicio"], antes["dias"])


def cancelar(tx: Transacao, ferias_id: int) -> list[str]:
    """tx1 of a cancellation: marked cancelled, `versao` + 1 (financeiro then cancels the open
    payables); 409 when cancelled already. The notes of the months to reprocess."""
    antes = bloquear(tx.cur, ferias_id)
    _aberta(antes)
    tx.cur.execute("""UPDATE rh.ferias SET cancelada_em = now(), versao = versao + 1
                       WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (ferias_id,))
    tx.auditar("cancelar", "ferias", ferias_id, antes={"versao": antes["versao"], "totais": _totais(antes)},
               depois={"versao": antes["versao"] + 1, "cancelada": True})
    tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=antes["funcionario_id"], acao="ferias",
                competencia=f"{antes['inicio']:%Y-%m}")
    return [aviso.replace("sem estas férias", "com estas férias")
            for aviso in _folhas_ja_processadas(tx.cur, antes["inicio"], antes["dias"])]


# ---------------------------------------------------------------- financeiro


def estado_desejado(cur, ferias_id: int) -> tuple[dict, int]:
    """(the PUT's body, the versao it is): the net pay, the INSS+IRRF guide and the FGTS guide —
    or, cancelled, none (financeiro cancels the open ones). Nothing is sent for zero."""
    ferias = por_id(cur, ferias_id)
    if ferias["cancelada_em"] is not None:
        return {"lancamentos": [], "cancelado": True}, ferias["versao"]
    competencia, destino = calendario.primeiro_do_mes(ferias["inicio"]), ferias["destino"]
    comum = {"tipo": "DESPESA", "competencia": f"{competencia:%Y-%m}", "conta_id": destino["conta_id"],
             "centro_custo_id": destino["centro_custo_id"]}
    prefixo, nome, guias = f"ferias:{ferias_id}", ferias["nome"], vencimentos.guias(competencia)
    funcionario_id = ferias["funcionario_id"]
    # Whom the net pay goes to, as the month's (rh/pagamento_salarios.py); a guide has none.
    favorecido = pagamento_salarios.favorecidos(cur, [funcionario_id]).get(funcionario_id)
    itens = (
        (f"liquido:{funcionario_id}", ferias["liquido"],
         f"Férias {_periodo(ferias['inicio'], ferias['dias'])} — {nome}", ferias["pagamento"],
         destino["categoria_salarios_id"], favorecido),
        ("darf", ferias["inss"] + ferias["irrf"], f"INSS e IRRF das férias {competencia:%m/%Y} — {nome} (DCTFWeb/DARF)",
         guias, destino["categoria_encargos_id"], None),
        ("fgts", ferias["fgts"], f"FGTS das férias {competencia:%m/%Y} — {nome} (FGTS Digital)", guias,
         destino["categoria_encargos_id"], None),
    )
    lancamentos = [{**comum, "chave": f"{prefixo}:{chave}", "valor": jsonb.dinheiro(valor), "descricao": descricao,
                    "data_vencimento": vencimento.isoformat(), "categoria_id": categoria, "favorecido": quem}
                   for chave, valor, descricao, vencimento, categoria, quem in itens if valor > ZERO]
    return {"lancamentos": lancamentos, "cancelado": False}, ferias["versao"]


ORIGEM = envio.Origem(entidade="ferias", tabela="rh.ferias", rotulo="o registro de férias",
                      nao_encontrada=NAO_ENCONTRADAS, estado_desejado=estado_desejado)


def sincronizar(ferias_id: int) -> tuple[dict | None, str | None]:
    """Sends the férias' payables to financeiro and records its answer (rh/envio.py)."""
    return envio.sincronizar(ORIGEM, ferias_id)
