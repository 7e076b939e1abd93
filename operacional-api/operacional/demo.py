"""`python -m operacional.demo --empresa <id>`: the demo studio's own work — its gear and kits, and
ten eventos in every etapa, each with its team, contract, sessões (with kits), checklist and costs
(names, amounts and days in `dados/demo_operacional.json`).

Unlike the other modules' demos it writes through the HTTP APIs, operacional's own included: an
evento's centro de custo lives in cadastros and a contract's parcelas in financeiro, which only
their APIs may change (DESIGN.md rule 1), and going through operacional's routes is what creates
them. So `make run` runs it after every service answers (tools/run.py DEMOS_AO_VIVO), as the
installation: the token in ERP_TOKEN_DA_INSTALACAO, which auth-api's `instalacao` command made. It
reads cadastros' and financeiro's demo data by name; what was paid before today is paid through
financeiro's API. The team's cachês are rh's to pay (POST /api/caches): rh's live demo, run after this
one, registers those of the past eventos.
Deterministic, dated around `shared.config.hoje()`; an empresa with any evento is left as is.
"""
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shared import demo_ao_vivo
from shared.demo_ao_vivo import Servicos

DADOS = json.loads((Path(__file__).parent / "dados" / "demo_operacional.json").read_text(encoding="utf-8"))
FUSO = ZoneInfo("America/Sao_Paulo")  # the studio's calendar (plataforma.hoje())


def _instante(dia: date, hora: str) -> datetime:
    h, m = (int(p) for p in hora.split(":"))
    return datetime(dia.year, dia.month, dia.day, h, m, tzinfo=FUSO)


class Demo:
    def __init__(self, api: Servicos, hoje_: date):
        self.api, self.hoje = api, hoje_
        self.resumo = {"equipamentos": 0, "kits": 0, "eventos": 0, "contratos": 0, "parcelas": 0, "sessoes": 0,
                       "alocacoes": 0, "baixas": 0}

    # ------------------------------------------------------------ what cadastros' demo made

    def ler_cadastros(self) -> None:
        por_nome = lambda itens: {i["nome"]: i["id"] for i in itens}  # noqa: E731
        self.fornecedores = por_nome(self.api.todos("cadastros-api", "/api/fornecedores"))
        self.categorias = por_nome(self.api.todos("cadastros-api", "/api/categorias"))
        self.conta_id = por_nome(self.api.todos("cadastros-api", "/api/contas"))[DADOS["conta"]]
        # People, in name order: a wedding's couple is a person, not a company.
        self.clientes = [c for c in self.api.todos("cadastros-api", "/api/clientes") if c.get("tipo_pessoa") == "FISICA"]
        membros = self.api.pedir("operacional-api", "GET", "/api/eventos/membros")["items"]
        usuarios = [m for m in membros if m["tipo"] == "usuario"]
        self.fotografo_id = usuarios[0]["id"] if usuarios else None
        # rh's demo ran before the services started (tools/run.py DEMOS); without it, no funcionário.
        self.funcionarios = {m["nome"]: m["id"] for m in membros if m["tipo"] == "funcionario"}

    # ------------------------------------------------------------ gear

    def equipamentos(self) -> None:
        self.itens = {}
        for item in DADOS["equipamentos"]:
            corpo = {k: item[k] for k in ("nome", "categoria", "marca", "modelo", "numero_serie", "valor")}
            corpo["data_aquisicao"] = (self.hoje - timedelta(days=30 * item["meses"])).isoformat()
            self.itens[item["nome"]] = self.api.pedir("operacional-api", "POST", "/api/equipamentos", corpo)["id"]
        manutencao = DADOS["manutencao"]
        self.api.pedir("operacional-api", "POST", f"/api/equipamentos/{self.itens[manutencao['equipamento']]}/manutencoes", {
            "inicio": _instante(self.hoje + timedelta(days=manutencao["de"]), "09:00").isoformat(),
            "fim": _instante(self.hoje + timedelta(days=manutencao["ate"]), "18:00").isoformat(),
            "motivo": manutencao["motivo"]})
        self.kits = {}
        for kit in DADOS["kits"]:
            self.kits[kit["nome"]] = self.api.pedir("operacional-api", "POST", "/api/kits", {
                "nome": kit["nome"], "descricao": kit["descricao"],
                "equipamento_ids": [self.itens[n] for n in kit["itens"]]})["id"]
        self.resumo["equipamentos"], self.resumo["kits"] = len(self.itens), len(self.kits)

    # ------------------------------------------------------------ eventos

    def evento(self, dados: dict) -> None:
        cliente = self.clientes[dados["cliente"] % len(self.clientes)]
        dia = self.hoje + timedelta(days=dados["dia"])
        evento = self.api.pedir("operacional-api", "POST", "/api/eventos", {
            "nome": dados["nome"].format(cliente=cliente["nome"].split(" ")[0] + " " + cliente["nome"].split(" ")[-1]),
            "tipo": dados["tipo"], "cliente_id": cliente["id"], "data_inicio": dia.isoformat(),
            "local": dados["local"], "etapa": dados["etapa"]})
        self.resumo["eventos"] += 1
        equipe = self._equipe(evento["id"], dados["equipe"])
        if dados["contrato"]:
            self._contrato(evento, cliente, dados["contrato"])
        for sessao in dados["sessoes"]:
            self._sessao(evento, dia, sessao, equipe)
        self._checklist(evento["id"], atrasar_uma=dados["etapa"] == "em_producao")

    def _equipe(self, evento_id: int, equipe: list) -> list[dict]:
        membros = []
        for papel, fornecedor, cache in equipe:
            if fornecedor is None:
                if self.fotografo_id is None:
                    continue
                membros.append({"papel": papel, "usuario_id": self.fotografo_id})
            elif isinstance(fornecedor, dict):
                if fornecedor["funcionario"] in self.funcionarios:
                    membros.append({"papel": papel, "funcionario_id": self.funcionarios[fornecedor["funcionario"]]})
            else:
                membros.append({"papel": papel, "fornecedor_id": self.fornecedores[fornecedor], "cache": cache})
        if membros:
            self.api.pedir("operacional-api", "PUT", f"/api/eventos/{evento_id}/equipe", {"equipe": membros})
        return membros

    def _contrato(self, evento: dict, cliente: dict, dados: dict) -> None:
        corpo = {"cliente_id": cliente["id"], "descricao": f"Cobertura fotográfica — {evento['nome']}",
                 "valor": dados["valor"], "parcelas": dados["parcelas"], "conta_id": self.conta_id,
                 "categoria_id": self.categorias[dados["categoria"]], "evento_id": evento["id"]}
        if dados.get("sinal"):
            corpo["sinal"] = {"valor": dados["sinal"], "vencimento": (self.hoje + timedelta(days=dados.get("primeiro", 0) - 10)).isoformat()}
        if dados.get("base") == "evento":
            corpo.update(vencimento_base="evento", dias=dados["dias"])
        else:
            corpo["primeiro_vencimento"] = (self.hoje + timedelta(days=dados["primeiro"])).isoformat()
        contrato = self.api.pedir("operacional-api", "POST", "/api/contratos", corpo)
        self.resumo["contratos"] += 1
        self.resumo["parcelas"] += len(contrato["lancamento_ids"])
        if dados["aceite"]:
            link = self.api.pedir("operacional-api", "POST", f"/api/contratos/{contrato['id']}/aceite")
            self.api.pedir("operacional-api", "POST", f"/api{link['caminho']}",
                           {"nome": cliente["nome"], "cpf": cliente["cpf_cnpj"]}, publico=True)
        for status in _caminho_ate(dados["status"]):
            self.api.pedir("operacional-api", "PUT", f"/api/contratos/{contrato['id']}", {"status": status})
        self._pagar(contrato["id"], dados["pagar"])

    def _pagar(self, contrato_id: int, regra: str) -> None:
        """What the client paid before today: everything, what fell due (perhaps not the last one), or nothing."""
        plano = self.api.pedir("operacional-api", "GET", f"/api/contratos/{contrato_id}")["plano"]
        vencidas = [p for p in plano if p["lancamento_id"] and date.fromisoformat(p["vencimento"]) < self.hoje]
        if regra == "nada":
            return
        if regra == "menos_a_ultima_vencida":
            vencidas = vencidas[:-1]
        for parcela in vencidas if regra != "tudo" else [p for p in plano if p["lancamento_id"]]:
            dia = min(date.fromisoformat(parcela["vencimento"]), self.hoje)
            self.api.pedir("financeiro-api", "POST", f"/api/lancamentos/{parcela['lancamento_id']}/baixas",
                           {"data": dia.isoformat()})
            self.resumo["baixas"] += 1

    def _sessao(self, evento: dict, dia_do_evento: date, dados: dict, equipe: list[dict]) -> None:
        dia = dia_do_evento + timedelta(days=dados["dia"])
        inicio = _instante(dia, dados["inicio"])
        sessao = self.api.pedir("operacional-api", "POST", "/api/agenda", {
            "titulo": f"{dados['titulo']} — {evento['nome']}", "tipo": dados["tipo"], "inicio": inicio.isoformat(),
            "fim": (inicio + timedelta(hours=dados["horas"])).isoformat(), "antes_min": dados["antes"],
            "depois_min": dados["depois"], "local": evento["local"], "evento_id": evento["id"],
            "equipe": [{k: v for k, v in m.items() if k in ("usuario_id", "fornecedor_id", "funcionario_id", "papel")}
                       for m in equipe]})
        self.resumo["sessoes"] += 1
        for kit in dados["kits"]:
            self.api.pedir("operacional-api", "POST", "/api/kits/alocar", {"kit_id": self.kits[kit], "sessao_id": sessao["id"]})
            self.resumo["alocacoes"] += 1

    def _checklist(self, evento_id: int, atrasar_uma: bool) -> None:
        """Tasks whose day has passed are done — but for a job in production, whose latest is late."""
        passadas = [t for t in self.api.pedir("operacional-api", "GET", f"/api/eventos/{evento_id}/tarefas")["items"]
                    if date.fromisoformat(t["prazo"]) < self.hoje]
        if atrasar_uma and passadas:
            passadas = passadas[:-1]
        for tarefa in passadas:
            self.api.pedir("operacional-api", "PUT", f"/api/eventos/{evento_id}/tarefas/{tarefa['id']}", {"concluida": True})

    def saida_de_equipamento(self) -> None:
        """The drone is out with the videomaker, who took it to test before the next wedding."""
        self.api.pedir("operacional-api", "POST", f"/api/equipamentos/{self.itens['Drone DJI Mini 4 Pro']}/saida", {
            "responsavel": {"fornecedor_id": self.fornecedores["Diego Castro Filmes"]},
            "observacao": "Levou para testar o voo no local antes do casamento"})


def _caminho_ate(status: str) -> list[str]:
    """The contract's status moves, one by one, after the acceptance (which makes it assinado)."""
    return {"proposta": [], "assinado": [], "em_execucao": ["em_execucao"],
            "concluido": ["em_execucao", "concluido"]}[status]


def criar(api: Servicos, hoje_: date) -> str:
    if api.pedir("operacional-api", "GET", "/api/eventos?limit=1")["items"]:
        return "já estava lá"
    demo = Demo(api, hoje_)
    demo.ler_cadastros()
    demo.equipamentos()
    for evento in DADOS["eventos"]:
        demo.evento(evento)
    demo.saida_de_equipamento()
    return ", ".join(f"{quantos} {o_que}" for o_que, quantos in demo.resumo.items())


def main(argv=None) -> int:
    return demo_ao_vivo.main(argv, prog="operacional.demo", servico="operacional-api",
                             rotulo="demonstração do operacional", criar=criar,
                             descricao="Cria o Operacional do estúdio de demonstração pelas APIs dos serviços.")


if __name__ == "__main__":
    sys.exit(main())
