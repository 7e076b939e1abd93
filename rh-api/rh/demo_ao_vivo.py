"""`python -m rh.demo_ao_vivo --empresa <id>`: the demo studio's payroll — its two complete months
before today processed, the older one paid — and the cachês of its past eventos' freelancers.

The team and their variables are `rh.demo`'s (run before the services start). Processing a month
creates its payables in financeiro, which only financeiro's API may do (DESIGN.md rule 1), so this
runs once every service answers (tools/run.py DEMOS_AO_VIVO), as the installation: the token in
ERP_TOKEN_DA_INSTALACAO, which auth-api's `instalacao` command made. All of it through the APIs:
where the payables go (`dados/demo_rh.json` "folha": the conta, the centro de custo and two expense
categorias, found by name in cadastros' demo and created through cadastros' API if missing) set in
PUT /api/folha/configuracao; each month through POST /api/folha/processar; the older month's
payables (salaries and both guides) paid on their due days through financeiro's baixas.

Then the cachês of operacional's demo (run just before this one): the cachês categoria set in
PUT /api/caches/configuracao (cadastros' "Freelancers", unless the empresa chose one); each past
evento whose team has freelancers registered through POST /api/caches, paid the day after it ends
(the autônomos' RPAs withhold INSS, and their guide goes with them); and the payables of eventos
more than DIAS_ATE_PAGAR days old paid on their due days, so RH › Cachês shows paid and open ones.

Once-only, step by step: a configuration already set, a month already processed, a payable
already paid are left as they are, so a second `make run` changes nothing, and a run stopped
halfway is finished by the next one (a month, or an evento's cachês, left PENDENTE_FINANCEIRO is
sent again).
"""
import sys
from datetime import date, timedelta

from shared import demo_ao_vivo
from shared.demo_ao_vivo import Recusado, Servicos

from rh.demo import DADOS, processados

CATEGORIA_DOS_CACHES = "Freelancers"  # cadastros' chart (plano_de_contas_estudio_fotografia.json)
# The studio pays the freelancers a fortnight after the evento: the latest wedding's stay open.
DIAS_ATE_PAGAR = 15


def configurar(api: Servicos) -> bool:
    """Where the payables go, unless the empresa chose already; True when set now."""
    atual = api.pedir("rh-api", "GET", "/api/folha/configuracao")
    if any(valor is not None for valor in atual.values()):
        return False
    folha = DADOS["folha"]
    contas = {c["nome"]: c["id"] for c in api.todos("cadastros-api", "/api/contas")}
    centros = {c["nome"]: c["id"] for c in api.todos("cadastros-api", "/api/centros-custo")}
    categorias = {c["nome"]: c["id"] for c in api.todos("cadastros-api", "/api/categorias") if c["tipo"] == "DESPESA"}
    for campo in ("categoria_salarios", "categoria_encargos"):
        if folha[campo] not in categorias:
            categorias[folha[campo]] = api.pedir("cadastros-api", "POST", "/api/categorias", {
                "nome": folha[campo], "tipo": "DESPESA", "grupo_dre": folha["grupo_dre"]})["id"]
    api.pedir("rh-api", "PUT", "/api/folha/configuracao", {
        "conta_id": contas[folha["conta"]], "centro_custo_id": centros.get(folha["centro_custo"]),
        "categoria_salarios_id": categorias[folha["categoria_salarios"]],
        "categoria_encargos_id": categorias[folha["categoria_encargos"]]})
    return True


def processar(api: Servicos, competencia: date, feitas: dict) -> tuple[dict, bool]:
    """The month's folha, processed now unless it was; one left pending in financeiro is sent again."""
    chave = f"{competencia:%Y-%m}"
    folha = feitas.get(chave)
    if folha is None:
        folha = api.pedir("rh-api", "POST", "/api/folha/processar", {"competencia": chave})
    elif folha["situacao"] == "PENDENTE_FINANCEIRO":
        folha = api.pedir("rh-api", "POST", f"/api/folha/{folha['id']}/sincronizar")
    else:
        return folha, False
    if folha["situacao"] != "PROCESSADA":
        raise Recusado(f"a folha de {chave} ficou pendente no Financeiro: {folha.get('aviso')}")
    return folha, True


def pagar(api: Servicos, folha: dict, hoje_: date) -> int:
    """The folha's open payables paid on their due day (today at the latest); how many."""
    pagos = 0
    for lancamento_id in folha["lancamento_ids"]:
        lancamento = api.pedir("financeiro-api", "GET", f"/api/lancamentos/{lancamento_id}")
        if lancamento["status"] != "PENDENTE":
            continue
        dia = min(date.fromisoformat(lancamento["data_vencimento"]), hoje_)
        api.pedir("financeiro-api", "POST", f"/api/lancamentos/{lancamento_id}/baixas", {"data": dia.isoformat()})
        pagos += 1
    return pagos


def configurar_caches(api: Servicos) -> bool:
    """The cachês categoria, unless the empresa chose one or the chart has none by that name (rh
    then finds one by name itself); True when set now."""
    atual = api.pedir("rh-api", "GET", "/api/caches/configuracao")
    if atual["categoria_id"] is not None:
        return False
    categorias = {c["nome"]: c["id"] for c in api.todos("cadastros-api", "/api/categorias") if c["tipo"] == "DESPESA"}
    if CATEGORIA_DOS_CACHES not in categorias:
        return False
    api.pedir("rh-api", "PUT", "/api/caches/configuracao", {**atual, "categoria_id": categorias[CATEGORIA_DOS_CACHES]})
    return True


def _dia(evento: dict) -> date:
    return date.fromisoformat(evento["data_fim"] or evento["data_inicio"])


def _pagos_pela_demo_antiga(api: Servicos, evento: dict) -> bool:
    """Whether the evento's cachês were paid before rh paid them: operacional's demo once posted
    them straight into financeiro, as despesas "Cachê …" of the evento's centro de custo. A studio
    made then keeps those and is not paid twice."""
    centro = api.pedir("operacional-api", "GET", f"/api/eventos/{evento['id']}")["centro_custo_id"]
    return centro is not None and bool(api.pedir(
        "financeiro-api", "GET", f"/api/lancamentos?tipo=DESPESA&centro_custo_id={centro}&q=cache&limit=1")["items"])


def registrar_caches(api: Servicos, hoje_: date) -> tuple[list[dict], int, int]:
    """Each past evento's cachês, registered unless they were (those left pending in financeiro
    sent again); (the past eventos with freelancers, how many registered now, how many sent again)."""
    passados, registrados, reenviados = [], 0, 0
    for evento in api.todos("operacional-api", f"/api/eventos?ate={hoje_ - timedelta(days=1)}"):
        if evento["etapa"] in ("perdido", "cancelado") or _dia(evento) >= hoje_:
            continue
        equipe = api.pedir("operacional-api", "GET", f"/api/eventos/{evento['id']}/equipe")["equipe"]
        if not any(membro["fornecedor_id"] for membro in equipe):
            continue
        passados.append(evento)
        feitos = api.pedir("rh-api", "GET", f"/api/caches?evento_id={evento['id']}&limit=200")["items"]
        if not feitos and _pagos_pela_demo_antiga(api, evento):
            continue
        if not feitos:
            registro = api.pedir("rh-api", "POST", "/api/caches", {
                "evento_id": evento["id"], "data_pagamento": (_dia(evento) + timedelta(days=1)).isoformat()})
            registrados += 1
        elif any(c["situacao"] == "PENDENTE_FINANCEIRO" for c in feitos):
            registro = api.pedir("rh-api", "POST", f"/api/caches/{feitos[0]['id']}/sincronizar")
            reenviados += 1
        else:
            continue
        if registro["situacao"] != "PROCESSADA":
            raise Recusado(f"os cachês de \"{evento['nome']}\" ficaram pendentes no Financeiro: {registro['aviso']}")
    return passados, registrados, reenviados


def pagar_caches(api: Servicos, eventos: list[dict], hoje_: date) -> int:
    """The open payables (líquidos and guides) of the eventos older than DIAS_ATE_PAGAR, those due
    by today paid on their due day; how many."""
    pagos = 0
    for evento in eventos:
        if _dia(evento) > hoje_ - timedelta(days=DIAS_ATE_PAGAR):
            continue
        for lancamento in api.todos("financeiro-api", f"/api/lancamentos?origem=cache:{evento['id']}&status=PENDENTE"):
            if date.fromisoformat(lancamento["data_vencimento"]) > hoje_:
                continue
            api.pedir("financeiro-api", "POST", f"/api/lancamentos/{lancamento['id']}/baixas",
                      {"data": lancamento["data_vencimento"]})
            pagos += 1
    return pagos


def _eventos(quantos: int) -> str:
    return f"{quantos} evento" if quantos == 1 else f"{quantos} eventos"


def criar(api: Servicos, hoje_: date) -> str:
    """The demo's payroll in the token's empresa, what is missing of it; a pt-BR summary."""
    resumo = []
    if configurar(api):
        resumo.append("configuração da folha definida")
    feitas = {f["competencia"]: f for f in api.todos("rh-api", "/api/folha/historico")
              if f.get("tipo", "MENSAL") == "MENSAL"}
    antiga, recente = processados()
    folhas = {}
    for competencia in (antiga, recente):
        folhas[competencia], agora = processar(api, competencia, feitas)
        if agora:
            resumo.append(f"folha de {competencia:%m/%Y} processada ({len(folhas[competencia]['lancamento_ids'])} "
                          "contas a pagar)")
    pagos = pagar(api, folhas[antiga], hoje_)
    if pagos:
        resumo.append(f"{pagos} contas a pagar da folha de {antiga:%m/%Y} pagas")
    if configurar_caches(api):
        resumo.append("categoria dos cachês definida")
    eventos, registrados, reenviados = registrar_caches(api, hoje_)
    if registrados:
        resumo.append(f"cachês de {_eventos(registrados)} registrados")
    if reenviados:
        resumo.append(f"cachês de {_eventos(reenviados)} enviados de novo ao Financeiro")
    pagos = pagar_caches(api, eventos, hoje_)
    if pagos:
        resumo.append(f"{pagos} contas a pagar de cachês pagas")
    return ", ".join(resumo) or "já estava lá"


def main(argv=None) -> int:
    # Processing a month waits for financeiro's answer too.
    return demo_ao_vivo.main(argv, prog="rh.demo_ao_vivo", servico="rh-api", rotulo="folha de demonstração",
                             criar=criar, timeout=120,
                             descricao="Processa as duas últimas folhas completas do estúdio de demonstração (a mais "
                                       "antiga paga) e registra os cachês dos seus eventos passados pelas APIs dos "
                                       "serviços.")


if __name__ == "__main__":
    sys.exit(main())
