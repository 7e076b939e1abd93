"""financeiro.resultado_mes (migrations/0014_resultado_mes.sql), the result per month the reports
read, never drifts from the rows: random writes through the API — lançamentos created (one centro,
a rateio by percentages or by amounts, paid at once, in parcelas), edited (valor, categoria,
competência, rateio), paid in part, estornados, cancelled, reactivated and deleted — and after each
one the rollup is compared with the amounts computed here, in Python, from the rows."""
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg2

from financeiro import rateio

sys.path.insert(0, str(Path(__file__).parent))
from test_rateio import centros  # noqa: E402,F401  (the fixture)


def recalculado(sql_dono, empresa_id: int) -> dict:
    """{(regime, mes, tipo, categoria_id, centro_custo_id or 0): valor} from the rows: competência
    from each lançamento not cancelled and its rateio lines; caixa from each baixa split by the
    lançamento's lines (financeiro.rateio.distribuir, the lower centro first on a tie)."""
    def linhas_de(consulta):
        return sql_dono(consulta, (empresa_id,), empresa_id=empresa_id)

    lancamentos = {l["id"]: l for l in linhas_de("""SELECT id, tipo, categoria_id, competencia, valor, status
                                                        FROM financeiro.lancamentos WHERE empresa_id = %s""")}
    partes = defaultdict(list)
    for linha in linhas_de("""SELECT lancamento_id, centro_custo_id, valor FROM financeiro.rateios
                               WHERE empresa_id = %s ORDER BY centro_custo_id"""):
        partes[linha["lancamento_id"]].append(linha)
    somas = defaultdict(Decimal)

    def somar(regime, mes, lancamento, centro, valor):
        somas[(regime, mes, lancamento["tipo"], lancamento["categoria_id"], centro)] += valor

    for lancamento in lancamentos.values():
        if lancamento["status"] != "CANCELADO":
            for linha in partes[lancamento["id"]] or [{"centro_custo_id": 0, "valor": lancamento["valor"]}]:
                somar("competencia", lancamento["competencia"], lancamento, linha["centro_custo_id"], linha["valor"])
    for baixa in linhas_de("SELECT lancamento_id, data, valor_movimentado FROM financeiro.baixas WHERE empresa_id = %s"):
        lancamento, linhas = lancamentos[baixa["lancamento_id"]], partes[baixa["lancamento_id"]]
        mes = baixa["data"].replace(day=1)
        if not linhas:
            somar("caixa", mes, lancamento, 0, baixa["valor_movimentado"])
            continue
        for linha, valor in zip(linhas, rateio.distribuir(baixa["valor_movimentado"], [l["valor"] for l in linhas])):
            somar("caixa", mes, lancamento, linha["centro_custo_id"], valor)
    return {chave: valor for chave, valor in somas.items() if valor}


def guardado(sql_dono, empresa_id: int) -> dict:
    return {(l["regime"], l["mes"], l["tipo"], l["categoria_id"], l["centro_custo_id"]): l["valor"]
            for l in sql_dono("SELECT * FROM financeiro.v_resultado_mes WHERE empresa_id = %s",
                              (empresa_id,), empresa_id=empresa_id)}


class Escritor:
    """Random writes of one empresa through the API, each a request a person could make."""

    def __init__(self, cliente, cad, centros_ids, outra_receita, sorte: random.Random, ids):
        self.cliente, self.cad, self.centros, self.sorte, self.ids = cliente, cad, centros_ids, sorte, ids
        self.categorias = {"RECEITA": [cad.receita_id, outra_receita], "DESPESA": [cad.despesa_id]}
        self.feitas = Counter()  # the writes the API accepted, by kind

    def _feita(self, resposta, tipo: str, *aceitas: int):
        assert resposta.status_code in (*aceitas, 400, 409, 422), resposta.get_json()
        if resposta.status_code in aceitas:
            self.feitas[tipo] += 1

    def _valor(self) -> str:
        return f"{self.sorte.randint(100, 500_000) / 100:.2f}"

    def _dia(self) -> str:
        return (date(2026, 1, 1) + timedelta(days=self.sorte.randint(0, 150))).isoformat()

    def _divisao(self) -> dict:
        escolha, s = self.sorte.random(), self.sorte
        if escolha < 0.3:
            return {}
        if escolha < 0.55:
            return {"centro_custo_id": s.choice(self.centros)}
        escolhidos = s.sample(self.centros, s.choice((2, 3)))
        if escolha < 0.8:
            percentuais = [Decimal("33.33"), Decimal("33.33")] if len(escolhidos) == 3 else [Decimal("60.00")]
            percentuais.append(Decimal(100) - sum(percentuais))
            return {"rateio": [{"centro_custo_id": c, "percentual": str(p)} for c, p in zip(escolhidos, percentuais)]}
        return {"rateio": "valores", "centros": escolhidos}

    def _com_divisao(self, corpo: dict, valor: str) -> dict:
        divisao = self._divisao()
        if divisao.get("rateio") == "valores":
            partes = rateio.distribuir(Decimal(valor), [Decimal(self.sorte.randint(1, 9)) for _ in divisao["centros"]])
            if min(partes) <= 0:
                return corpo
            divisao = {"rateio": [{"centro_custo_id": c, "valor": str(v)} for c, v in zip(divisao["centros"], partes)]}
        return {**corpo, **divisao}

    def criar(self):
        tipo = self.sorte.choice(("RECEITA", "DESPESA"))
        valor = self._valor()
        corpo = self._com_divisao({
            "tipo": tipo, "descricao": "Lançamento aleatório", "valor": valor, "data_vencimento": self._dia(),
            "categoria_id": self.sorte.choice(self.categorias[tipo]), "conta_id": self.cad.conta_id}, valor)
        escolha = self.sorte.random()
        if escolha < 0.2:
            corpo.update(status="PAGO", data_pagamento=self._dia())
        elif escolha < 0.35:
            corpo["parcelas"] = {"quantidade": 3, "frequencia": "MENSAL"}
        elif escolha < 0.5:
            corpo["competencia"] = self._dia()[:7]
        resposta = self.cliente.post("/api/lancamentos", json=corpo)
        assert resposta.status_code == 201, resposta.get_json()
        self.feitas["parcelas" if "parcelas" in corpo else "rateio" if "rateio" in corpo else "criar"] += 1

    def _um(self) -> dict | None:
        ids = self.ids()
        if not ids:
            return None
        resposta = self.cliente.get(f"/api/lancamentos/{self.sorte.choice(ids)}")
        assert resposta.status_code == 200, resposta.get_json()
        return resposta.get_json()

    def editar(self):
        lancamento = self._um()
        if lancamento is None:
            return
        escolha, mudanca = self.sorte.random(), {}
        if escolha < 0.25:
            mudanca = {"valor": self._valor()}
        elif escolha < 0.4:
            mudanca = {"categoria_id": self.sorte.choice(self.categorias[lancamento["tipo"]])}
        elif escolha < 0.5:
            mudanca = {"competencia": self._dia()[:7]}
        elif escolha < 0.9:
            mudanca = self._com_divisao({}, lancamento["valor"]) or {"rateio": None}
        else:
            mudanca = {"centro_custo_id": None}
        resposta = self.cliente.put(f"/api/lancamentos/{lancamento['id']}", json=mudanca, query_string=self._escopo())
        self._feita(resposta, f"editar {'/'.join(mudanca)}", 200)

    def baixar(self):
        lancamento = self._um()
        if lancamento is None or lancamento["status"] not in ("PENDENTE", "PARCIAL"):
            return
        aberto = Decimal(lancamento["valor"]) - Decimal(lancamento["valor_pago"])
        valor = min(aberto, Decimal(self.sorte.randint(1, int(aberto * 100))) / 100 + Decimal("0.01"))
        corpo = {"valor": str(valor), "data": self._dia(), "juros": str(self.sorte.choice(("0.00", "1.37"))),
                 "desconto": str(self.sorte.choice(("0.00", "0.01")))}
        resposta = self.cliente.post(f"/api/lancamentos/{lancamento['id']}/baixas", json=corpo)
        self._feita(resposta, "baixar", 201)

    def estornar(self):
        lancamento = self._um()
        if lancamento is None or not lancamento["baixas"]:
            return
        baixa = self.sorte.choice(lancamento["baixas"])
        resposta = self.cliente.delete(f"/api/baixas/{baixa['id']}")
        self._feita(resposta, "estornar", 204)

    def cancelar(self):
        lancamento = self._um()
        if lancamento is None:
            return
        acao = "reativar" if lancamento["status"] == "CANCELADO" else "cancelar"
        resposta = self.cliente.post(f"/api/lancamentos/{lancamento['id']}/{acao}",
                                     query_string=self._escopo() if acao == "cancelar" else {})
        self._feita(resposta, acao, 200)

    def excluir(self):
        lancamento = self._um()
        if lancamento is None:
            return
        resposta = self.cliente.delete(f"/api/lancamentos/{lancamento['id']}", query_string=self._escopo())
        self._feita(resposta, "excluir", 204)

    def _escopo(self) -> dict:
        """Sometimes this lançamento and the série's next ones: one statement for several rows."""
        return {"escopo": self.sorte.choice(("ESTE", "SEGUINTES"))}


def _outra_receita(sql_dono, empresa_id: int) -> int:
    return sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                       VALUES (%s, 'Casamentos', 'casamentos', 'RECEITA', 5) RETURNING id""",
                    (empresa_id,), empresa_id=empresa_id)[0]["id"]


def test_random_writes_leave_the_rollup_equal_to_the_rows(cliente, cad, centros, sql_dono):
    sorte = random.Random(16)
    def ids():
        return [l["id"] for l in sql_dono("SELECT id FROM financeiro.lancamentos WHERE empresa_id = %s ORDER BY id",
                                          (cad.empresa_id,), empresa_id=cad.empresa_id)]

    escritor = Escritor(cliente, cad, centros(cad.empresa_id, "Casamentos", "Ensaios", "Estúdio"),
                        _outra_receita(sql_dono, cad.empresa_id), sorte, ids)
    acoes = [escritor.criar] * 4 + [escritor.editar] * 4 + [escritor.baixar] * 4 + [escritor.estornar] * 2 + \
        [escritor.cancelar] * 2 + [escritor.excluir]
    for passo in range(200):
        acao = escritor.criar if passo < 5 else sorte.choice(acoes)
        acao()
        assert guardado(sql_dono, cad.empresa_id) == recalculado(sql_dono, cad.empresa_id), (passo, acao.__name__)
    # The walk did every kind of write, more than once.
    assert {tipo for tipo, vezes in escritor.feitas.items() if vezes > 1} >= {
        "criar", "rateio", "parcelas", "editar valor", "editar categoria_id", "editar competencia", "editar rateio",
        "baixar", "estornar", "cancelar", "reativar", "excluir"}, escritor.feitas
    assert {chave[4] for chave in guardado(sql_dono, cad.empresa_id)} == {0, *escritor.centros}


def test_another_empresas_rollup_is_not_seen(como, cadastro, nova_empresa, cliente, cad, sql_dono, database):
    outra = nova_empresa()
    da_outra = cadastro(outra)
    resposta = como(outra).post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Ensaio", "valor": "300.00", "data_vencimento": "2026-02-10",
        "categoria_id": da_outra.receita_id, "conta_id": da_outra.conta_id, "status": "PAGO"})
    assert resposta.status_code == 201
    assert guardado(sql_dono, cad.empresa_id) == {}
    assert set(guardado(sql_dono, outra).values()) == {Decimal("300.00")}
    # As the services' role, row-level security keeps each empresa to its own rows.
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(cad.empresa_id),))
            cur.execute("SELECT count(*) FROM financeiro.v_resultado_mes WHERE empresa_id = %s", (outra,))
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(outra),))
            cur.execute("SELECT count(*) FROM financeiro.v_resultado_mes")
            assert cur.fetchone()[0] == 2  # competência and caixa
    finally:
        conn.close()


def test_two_transactions_on_one_lancamento_take_turns(cliente, cad, centros, sql_dono, database):
    """A baixa and a rateio line moved to another centro, of the same lançamento, in two
    transactions at once: the second recomputation waits for the first transaction and then reads
    the rows and parts it left, so the rollup ends as the rows add up (without the lock, it would
    miss the baixa and leave the first one's parts counted beside its own)."""
    casamentos, ensaios, estudio = centros(cad.empresa_id, "Casamentos", "Ensaios", "Estúdio")
    resposta = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Casamento", "valor": "1000.00", "data_vencimento": "2026-03-10",
        "categoria_id": cad.receita_id, "conta_id": cad.conta_id,
        "rateio": [{"centro_custo_id": casamentos, "percentual": "50"}, {"centro_custo_id": ensaios, "percentual": "50"}]})
    assert resposta.status_code == 201
    lancamento = resposta.get_json()["id"]

    def conectar():
        conn = psycopg2.connect(database.app_url)
        conn.cursor().execute("SELECT set_config('app.empresa_id', %s, false)", (str(cad.empresa_id),))
        conn.commit()
        return conn

    primeira, segunda = conectar(), conectar()
    try:
        primeira.cursor().execute("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor)
                                     VALUES (%s, %s, %s, '2026-03-12', 400)""", (cad.empresa_id, lancamento, cad.conta_id))

        def trocar_o_rateio():  # one statement: one recomputation, which must see the baixa
            segunda.cursor().execute("""UPDATE financeiro.rateios SET centro_custo_id = %s
                                         WHERE lancamento_id = %s AND centro_custo_id = %s""",
                                     (estudio, lancamento, casamentos))
            segunda.commit()

        outra = threading.Thread(target=trocar_o_rateio)
        outra.start()
        time.sleep(0.5)
        assert outra.is_alive()  # waiting for the first transaction's lock on the lançamento
        primeira.commit()
        outra.join(10)
        assert not outra.is_alive()
    finally:
        primeira.close()
        segunda.close()
    esperado = recalculado(sql_dono, cad.empresa_id)
    assert esperado[("caixa", date(2026, 3, 1), "RECEITA", cad.receita_id, estudio)] == Decimal("200.00")
    assert guardado(sql_dono, cad.empresa_id) == esperado
