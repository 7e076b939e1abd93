"""The processed runs of the payroll (rh.folhas, rh.folha_holerites) and their payables in financeiro.

A folha has a tipo: the month (MENSAL) or a parcela of the 13º salário (DECIMO_TERCEIRO_1 and _2),
each processed once per competência. Processing closes it: the run is computed as the preview
computes it (rh/previa.py) and stored — totals, each payslip with its rubricas and memo — and is
immutable afterwards except by an audited reprocessing, which recomputes it from the current data
and bumps `versao`.

The payables are financeiro's, reached only through its HTTP API (DESIGN rule 1):
`PUT /api/lancamentos/origens/folha:<id>` takes the whole desired state — one DESPESA per
funcionário for the net pay, the INSS+IRRF guide (DCTFWeb/DARF; the 13º's 2ª parcela has the INSS
due 20/12 and the IRRF apart), the FGTS Digital guide, each by its chave — and applies it in one
transaction of its own: missing ones created, open ones updated, paid ones left as they are
(flagged `diferente_do_pedido`), the rest cancelled. The same PUT twice changes nothing. So a
failure halfway is harmless (README "Falha no meio do caminho"):

1. tx1 commits the folha (or its reprocessing), `versao` + 1;
2. the PUT, with Idempotency-Key `folha:<id>:v<versao>`;
3. tx2 stores the lancamento ids and `versao_sincronizada = versao` (situação PROCESSADA).

Steps 2 and 3, and the retry after financeiro was down, are rh/envio.py's, shared with férias.
"""
from datetime import date
from decimal import Decimal

from psycopg2.extras import execute_values

from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from rh import configuracao, envio, jsonb, pagamento_salarios, previa, vencimentos
from rh.folha.calculo import DESCRICAO_SALARIO
from rh.folha.formato import ZERO

TOTAIS = ("bruto", "descontos", "liquido", "inss", "irrf", "fgts")
TIPOS = ("MENSAL", "DECIMO_TERCEIRO_1", "DECIMO_TERCEIRO_2")
# How a 13º run names itself in its payables and messages; the month's says "Salário 10/2026".
TITULOS = {"DECIMO_TERCEIRO_1": "13º salário 1ª parcela", "DECIMO_TERCEIRO_2": "13º salário 2ª parcela"}


class PosicaoFolha(Posicao):
    competencia: str
    id: int




def _mes(competencia: date) -> str:
    return f"{competencia:%m/%Y}"


# ---------------------------------------------------------------- reading


def por_id(cur, folha_id: int) -> dict | None:
    cur.execute("""SELECT id, competencia, tipo, situacao, versao, versao_sincronizada, totais, destino,
                          lancamento_ids, processada_em, usuario_id, reprocessada_em
                     FROM rh.folhas WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (folha_id,))
    return cur.fetchone()


def bloquear(cur, folha_id: int) -> dict:
    cur.execute("SELECT id FROM rh.folhas WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE",
                (folha_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Folha não encontrada")
    return por_id(cur, folha_id)


def holerites(cur, folha_id: int, memoria: bool = True) -> list[dict]:
    """The folha's payslips by name; `memoria=False` leaves out the rubricas and avisos (the bulk
    of a payslip), for what needs only the amounts, such as the payables of 6,000 of them."""
    cur.execute(f"""SELECT funcionario_id, nome, vinculo, bruto, descontos, liquido, inss, irrf, fgts, deducao_irrf
                           {', rubricas, avisos' if memoria else ''}
                     FROM rh.folha_holerites
                    WHERE empresa_id = plataforma.empresa_atual() AND folha_id = %s
                    ORDER BY nome, funcionario_id""", (folha_id,))
    return cur.fetchall()


def listar(cur, apos: PosicaoFolha | None, limite: int) -> list[dict]:
    """The processed runs, newest competência first."""
    cur.execute("""SELECT id, competencia, tipo, situacao, versao, versao_sincronizada, totais, destino,
                          lancamento_ids, processada_em, usuario_id, reprocessada_em
                     FROM rh.folhas
                    WHERE empresa_id = plataforma.empresa_atual()
                      AND (%(competencia)s::date IS NULL OR (competencia, id) < (%(competencia)s::date, %(id)s))
                    ORDER BY competencia DESC, id DESC LIMIT %(limite)s""",
                {"competencia": apos.competencia if apos else None, "id": apos.id if apos else None,
                 "limite": limite})
    return cur.fetchall()


# ---------------------------------------------------------------- writing (tx1)


def _nome(tipo: str, competencia: date) -> str:
    """"a folha de 10/2026", "o 13º salário 1ª parcela 11/2026": the run in the messages."""
    return f"o {TITULOS[tipo]} {_mes(competencia)}" if tipo in TITULOS else f"a folha de {_mes(competencia)}"


def _calcular(cur, competencia: date, tipo: str) -> tuple[list, dict]:
    folha, totais = previa.calcular(cur, competencia, tipo)
    if not folha:
        raise Validacao("Verifique os campos destacados",
                        {"competencia": f"Nenhum funcionário a pagar na competência {_mes(competencia)}"})
    return folha, {campo: jsonb.dinheiro(totais[campo]) for campo in TOTAIS}


def _guardar_holerites(cur, folha_id: int, folha: list) -> None:
    # One statement for the whole folha: 6,000 payslips one INSERT each cost a round trip apiece.
    execute_values(
        cur,
        """INSERT INTO rh.folha_holerites (empresa_id, folha_id, funcionario_id, nome, vinculo, bruto, descontos,
                                           liquido, inss, irrf, fgts, deducao_irrf, rubricas, avisos)
           VALUES %s""",
        [(folha_id, h.funcionario_id, h.nome, contratado.vinculo, h.bruto, h.descontos, h.liquido, h.inss, h.irrf,
          h.fgts, h.deducao_irrf, jsonb.rubricas(h.rubricas),
          jsonb.de(list(h.avisos)))
         for contratado, h in folha],
        template="(plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)",
        page_size=1000)


def processar(tx: Transacao, competencia: date, tipo: str = "MENSAL") -> tuple[int, list[str]]:
    """tx1 of processing: the run computed and stored (409 when that competência's run of this tipo
    was processed already); (its id, the pt-BR notes on where its payables go)."""
    folha, totais = _calcular(tx.cur, competencia, tipo)
    destino, avisos = configuracao.destino(tx.cur)
    nome = _nome(tipo, competencia)
    ja = Conflito("Esta competência já foi processada",
                  {"competencia": f"{nome[0].upper()}{nome[1:]} já foi processad{nome[0]}; use o reprocessamento"})
    with violacoes_viram_erros(unicas={"folhas_competencia_unica": ja}):
        tx.cur.execute("""INSERT INTO rh.folhas (empresa_id, competencia, tipo, totais, destino, usuario_id)
                          VALUES (plataforma.empresa_atual(), %s, %s, %s::jsonb, %s::jsonb, %s) RETURNING id""",
                       (competencia, tipo, jsonb.de(totais), jsonb.de(destino), tx.contexto.usuario_id))
    folha_id = tx.cur.fetchone()["id"]
    _guardar_holerites(tx.cur, folha_id, folha)
    tx.auditar("processar", "folha", folha_id, depois={"competencia": _mes(competencia), "tipo": tipo,
                                                         "totais": totais, "destino": destino,
                                                         "holerites": len(folha)})
    tx.publicar(eventos.FOLHA_PROCESSADA, id=folha_id, competencia=f"{competencia:%Y-%m}", acao="processada")
    return folha_id, avisos


def reprocessar(tx: Transacao, folha_id: int) -> list[str]:
    """tx1 of a reprocessing: the month computed again from the current data, its payslips
    replaced, `versao` + 1; audited with the totals before and after. The notes of `destino`."""
    antes = bloquear(tx.cur, folha_id)
    folha, totais = _calcular(tx.cur, antes["competencia"], antes["tipo"])
    destino, avisos = configuracao.destino(tx.cur)
    tx.cur.execute("DELETE FROM rh.folha_holerites WHERE empresa_id = plataforma.empresa_atual() AND folha_id = %s",
                   (folha_id,))
    _guardar_holerites(tx.cur, folha_id, folha)
    tx.cur.execute("""UPDATE rh.folhas SET totais = %s::jsonb, destino = %s::jsonb, versao = versao + 1,
                                           reprocessada_em = now()
                       WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
                   (jsonb.de(totais), jsonb.de(destino), folha_id))
    tx.auditar("reprocessar", "folha", folha_id,
               antes={"versao": antes["versao"], "totais": antes["totais"], "destino": antes["destino"]},
               depois={"versao": antes["versao"] + 1, "totais": totais, "destino": destino})
    tx.publicar(eventos.FOLHA_PROCESSADA, id=folha_id, competencia=f"{antes['competencia']:%Y-%m}",
                acao="reprocessada")
    return avisos


# ---------------------------------------------------------------- financeiro (the PUT, then tx2)


def _guias(tipo: str, competencia: date, totais: dict) -> tuple:
    """(chave, valor, descrição, vencimento) of each guide of a run. The month's INSS and IRRF
    share one DCTFWeb/DARF; the 13º's INSS is due by 20/12 (Decreto 3.048/1999 art. 216 §1º) and
    its IRRF goes with the month's DARF, so the 2ª parcela sends them apart."""
    mes, guias = _mes(competencia), vencimentos.guias(competencia)
    if tipo == "MENSAL":
        return (("darf", totais["inss"] + totais["irrf"], f"INSS e IRRF da folha {mes} (DCTFWeb/DARF)", guias),
                ("fgts", totais["fgts"], f"FGTS da folha {mes} (FGTS Digital)", guias))
    titulo = f"{TITULOS[tipo]} {mes}"
    return (("inss", totais["inss"], f"INSS do {titulo} (DCTFWeb)", vencimentos.inss_do_decimo_terceiro(competencia)),
            ("irrf", totais["irrf"], f"IRRF do {titulo} (DARF)", guias),
            ("fgts", totais["fgts"], f"FGTS do {titulo} (FGTS Digital)", guias))


def _pagamento(tipo: str, competencia: date) -> date:
    if tipo == "MENSAL":
        return vencimentos.salario(competencia)
    return vencimentos.decimo_terceiro(competencia, 1 if tipo == "DECIMO_TERCEIRO_1" else 2)


def estado_desejado(cur, folha_id: int) -> tuple[dict, int]:
    """(the PUT's body, the versao it is) for the folha as stored now. Nothing is sent for an
    amount of zero (a guide with nothing to collect, a payslip the advance consumed)."""
    folha = por_id(cur, folha_id)
    competencia, destino, tipo = folha["competencia"], folha["destino"], folha["tipo"]
    comum = {"tipo": "DESPESA", "competencia": f"{competencia:%Y-%m}", "conta_id": destino["conta_id"],
             "centro_custo_id": destino["centro_custo_id"]}
    prefixo, mes = f"folha:{folha_id}", _mes(competencia)
    pagamento = _pagamento(tipo, competencia)
    a_pagar = [h for h in holerites(cur, folha_id, memoria=False) if h["liquido"] > ZERO]
    # Whom each net pay goes to, for a salary payment file (rh/pagamento_salarios.py).
    favorecidos = pagamento_salarios.favorecidos(cur, [h["funcionario_id"] for h in a_pagar])
    lancamentos = [
        {**comum, "chave": f"{prefixo}:liquido:{h['funcionario_id']}", "valor": jsonb.dinheiro(h["liquido"]),
         "descricao": f"{TITULOS.get(tipo) or DESCRICAO_SALARIO[h['vinculo']]} {mes} — {h['nome']}",
         "data_vencimento": pagamento.isoformat(), "categoria_id": destino["categoria_salarios_id"],
         "favorecido": favorecidos.get(h["funcionario_id"])}
        for h in a_pagar]
    totais = {campo: Decimal(folha["totais"][campo]) for campo in TOTAIS}
    for chave, valor, descricao, vencimento in _guias(tipo, competencia, totais):
        if valor > ZERO:
            lancamentos.append({**comum, "chave": f"{prefixo}:{chave}", "valor": jsonb.dinheiro(valor), "descricao": descricao,
                                "data_vencimento": vencimento.isoformat(),
                                "categoria_id": destino["categoria_encargos_id"]})
    return {"lancamentos": lancamentos, "cancelado": False}, folha["versao"]


ORIGEM = envio.Origem(entidade="folha", tabela="rh.folhas", rotulo="a folha",
                      nao_encontrada="Folha não encontrada", estado_desejado=estado_desejado)


def sincronizar(folha_id: int) -> tuple[dict | None, str | None]:
    """Sends the folha's payables to financeiro and records its answer (rh/envio.py)."""
    return envio.sincronizar(ORIGEM, folha_id)
