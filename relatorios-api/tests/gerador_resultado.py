"""A studio's result over two years, for the reports that add up categorias (análise, DRE,
comparativo, indicadores) by competência or caixa and by centro de custo — and the second
computation they are checked against, in Python over the tables' plain rows (never the views the
reports read, nor a rollup).

The plano de contas has every DRE group, subcategorias three levels deep and roots inserted out of
order; lançamentos have no centro, one centro, or a rateio over two or three (amounts that add up
exactly); baixas are whole, partial, with juros, multa and desconto; some lançamentos cancelled.

Import it beside the tests (pytest's importlib mode puts no test folder on sys.path):
    sys.path.insert(0, str(Path(__file__).parent)); from gerador_resultado import gerar, Oraculo
"""
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from shared import config

CENTAVO = Decimal("0.01")

# nome, pai, tipo, grupo_dre — in plano de contas order (ordem = position among siblings).
PLANO = [
    ("Ensaios", None, "RECEITA", "receita_bruta"), ("Gestante", "Ensaios", "RECEITA", "receita_bruta"),
    ("Família", "Ensaios", "RECEITA", "receita_bruta"), ("Newborn", "Família", "RECEITA", "receita_bruta"),
    ("Casamentos", None, "RECEITA", "receita_bruta"), ("Rendimentos", None, "RECEITA", "receitas_financeiras"),
    ("Venda de equipamento", None, "RECEITA", "outras_receitas"), ("Aporte dos sócios", None, "RECEITA", "nao_operacional"),
    ("Impostos sobre serviços", None, "DESPESA", "deducoes"), ("Freelancers", None, "DESPESA", "custos_servicos"),
    ("Álbuns", None, "DESPESA", "custos_servicos"), ("Aluguel", None, "DESPESA", "despesas_operacionais"),
    ("Pessoal", None, "DESPESA", "despesas_operacionais"), ("Pró-labore", "Pessoal", "DESPESA", "despesas_operacionais"),
    ("Tarifas bancárias", None, "DESPESA", "despesas_financeiras"), ("Multas", None, "DESPESA", "outras_despesas"),
    ("Retirada dos sócios", None, "DESPESA", "nao_operacional"),
]
CENTROS = ("Casamentos", "Ensaios", "Administrativo")


@dataclass
class Resultado:
    empresa_id: int
    categorias: dict[str, int]  # nome → id
    centros: dict[str, int]  # nome → id
    contas: list[int]
    clientes: list[int]


def _dividir(valor: Decimal, sorteio: random.Random, partes: int) -> list[Decimal]:
    """`valor` in `partes` random positive amounts of whole cents adding up exactly to it."""
    centavos = int(valor / CENTAVO)
    cortes = sorted(sorteio.sample(range(1, centavos), partes - 1))
    return [Decimal(b - a) * CENTAVO for a, b in zip([0, *cortes], [*cortes, centavos])]


def gerar(sql_dono, empresa_id: int, semente: int, quantos: int = 200) -> Resultado:
    sorteio = random.Random(semente)
    hoje = config.hoje()

    def inserir(sql, parametros) -> int:
        return sql_dono(sql + " RETURNING id", parametros)[0]["id"]

    contas = [inserir("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                       data_saldo_inicial, ativa)
                         VALUES (%s, %s, %s, 'CORRENTE', '001', 0, '2020-01-01', true)""",
                      (empresa_id, nome, nome.lower())) for nome in ("Banco do Brasil", "Caixa do estúdio")]
    clientes = [inserir("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                           VALUES (%s, %s, %s, 'FISICA')""", (empresa_id, nome, nome.lower()))
                for nome in ("Ana Souza", "Bruno Lima", "Carla Dias")]
    centros = {nome: inserir("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca)
                                VALUES (%s, %s, %s)""", (empresa_id, nome, nome.lower())) for nome in CENTROS}
    ordens, irmaos = {}, {}
    for nome, pai, _, _ in PLANO:
        ordens[nome] = irmaos.get(pai, 0)
        irmaos[pai] = ordens[nome] + 1
    # Roots inserted last first: the reports must order by `ordem`, not by id.
    categorias: dict[str, int] = {}
    for nome, pai, tipo, grupo in [p for p in reversed(PLANO) if p[1] is None] + [p for p in PLANO if p[1]]:
        categorias[nome] = inserir(
            """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem, grupo_dre)
               VALUES (%s, %s, %s, %s, %s, %s, %s)""",
            (empresa_id, nome, nome.lower(), tipo, categorias.get(pai), ordens[nome], grupo))
    for _ in range(quantos):
        nome, _, tipo, _ = sorteio.choice(PLANO)
        vencimento = hoje + timedelta(days=sorteio.randint(-700, 90))
        competencia = (vencimento - timedelta(days=sorteio.randint(0, 60))).replace(day=1)
        valor = Decimal(sorteio.randint(100, 900000)) / 100
        cliente = sorteio.choice(clientes + [None]) if tipo == "RECEITA" else None
        lancamento = inserir(
            """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                                   categoria_id, conta_id, cliente_id)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            (empresa_id, tipo, nome, valor, vencimento, competencia, categorias[nome], sorteio.choice(contas),
             cliente))
        divisao = sorteio.random()
        if divisao < 0.35:
            sql_dono("INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor) "
                     "VALUES (%s, %s, %s, %s)", (empresa_id, lancamento, sorteio.choice(list(centros.values())), valor))
        elif divisao < 0.6 and valor >= 1:
            escolhidos = sorteio.sample(list(centros.values()), sorteio.randint(2, 3))
            for centro, parte in zip(escolhidos, _dividir(valor, sorteio, len(escolhidos))):
                sql_dono("INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor) "
                         "VALUES (%s, %s, %s, %s)", (empresa_id, lancamento, centro, parte))
        sorte = sorteio.random()
        if sorte < 0.08:
            sql_dono("UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO' "
                     "WHERE empresa_id = %s AND id = %s", (empresa_id, lancamento))
        elif sorte < 0.75:
            partes = [valor] if sorte < 0.6 or valor < 1 else _dividir(valor, sorteio, 2)[:sorteio.randint(1, 2)]
            for parte in partes:
                juros = Decimal(sorteio.randint(0, 900)) / 100 if sorteio.random() < 0.3 else Decimal(0)
                desconto = min(parte, Decimal(sorteio.randint(0, 500)) / 100) if sorteio.random() < 0.2 else Decimal(0)
                sql_dono("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros,
                                                           multa, desconto)
                            VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
                         (empresa_id, lancamento, sorteio.choice(contas),
                          vencimento + timedelta(days=sorteio.randint(-10, 40)), parte, juros, juros / 2, desconto))
    return Resultado(empresa_id, categorias, centros, contas, clientes)


def repartir(total: Decimal, pesos: list[tuple[int, Decimal]]) -> dict[int, Decimal]:
    """`total` split by the weights {centro: peso} to the cent, adding up exactly: whole cents of
    each exact share, then a cent more to the largest fractions (the lower centro id on a tie)."""
    centavos = int(total / CENTAVO)
    soma = sum(Fraction(p) for _, p in pesos)
    exatos = {centro: centavos * Fraction(p) / soma for centro, p in pesos}
    partes = {centro: int(e) for centro, e in exatos.items()}
    for centro in sorted(exatos, key=lambda c: (-(exatos[c] - partes[c]), c))[:centavos - sum(partes.values())]:
        partes[centro] += 1
    return {centro: Decimal(p) * CENTAVO for centro, p in partes.items()}


class Oraculo:
    """The empresa's amounts straight from the tables' rows. `fatos(regime)` → rows of
    {data (competência month or payment date), tipo, categoria_id, centro_custo_id (None: sem
    centro), valor[, conta_id of a baixa]}: a lançamento once per centro by its rateio line, a baixa
    per centro by its share of the money that moved."""

    def __init__(self, sql_dono, empresa_id: int):
        self.empresa_id = empresa_id
        self.categorias = sql_dono("""SELECT id, nome, tipo, parent_id, grupo_dre FROM cadastros.categorias
                                       WHERE empresa_id = %s""", (empresa_id,))
        self.lancamentos = {l["id"]: l for l in sql_dono(
            """SELECT id, tipo, valor, competencia, categoria_id, status, cliente_id, data_vencimento
                 FROM financeiro.lancamentos WHERE empresa_id = %s""", (empresa_id,))}
        self.baixas = sql_dono("""SELECT id, lancamento_id, conta_id, data, valor,
                                         valor + juros + multa - desconto AS movimentado
                                    FROM financeiro.baixas WHERE empresa_id = %s""", (empresa_id,))
        self.rateios = defaultdict(list)
        for r in sql_dono("SELECT lancamento_id, centro_custo_id, valor FROM financeiro.rateios WHERE empresa_id = %s",
                          (empresa_id,)):
            self.rateios[r["lancamento_id"]].append((r["centro_custo_id"], r["valor"]))

    def _partes(self, lancamento: dict, valor: Decimal) -> dict:
        linhas = self.rateios.get(lancamento["id"])
        return repartir(valor, linhas) if linhas else {None: valor}

    def fatos(self, regime: str) -> list[dict]:
        fatos = []
        if regime == "competencia":
            for l in self.lancamentos.values():
                if l["status"] != "CANCELADO":
                    for centro, valor in (dict(self.rateios[l["id"]]) or {None: l["valor"]}).items():
                        fatos.append({"data": l["competencia"], "tipo": l["tipo"], "categoria_id": l["categoria_id"],
                                      "centro_custo_id": centro, "valor": valor})
        else:
            for b in self.baixas:
                l = self.lancamentos[b["lancamento_id"]]
                for centro, valor in self._partes(l, b["movimentado"]).items():
                    fatos.append({"data": b["data"], "tipo": l["tipo"], "categoria_id": l["categoria_id"],
                                  "centro_custo_id": centro, "valor": valor, "conta_id": b["conta_id"]})
        return fatos

    def somar(self, regime: str, de: date, ate: date, tipo: str | None = None, centro="todos") -> dict[int, Decimal]:
        """{categoria_id: valor} as relatorios.somas counts it: competência by the months the period
        touches, caixa by the payment dates in it; `centro` an id, None (sem centro) or "todos"."""
        if regime == "competencia":
            de = de.replace(day=1)
        somas: dict[int, Decimal] = defaultdict(Decimal)
        for fato in self.fatos(regime):
            if de <= fato["data"] <= ate and tipo in (None, fato["tipo"]) and centro in ("todos", fato["centro_custo_id"]):
                somas[fato["categoria_id"]] += fato["valor"]
        return {c: v for c, v in somas.items() if v}

    def ramo(self, categoria_id: int) -> set[int]:
        filhos = {c["id"] for c in self.categorias if c["parent_id"] == categoria_id}
        return {categoria_id}.union(*(self.ramo(f) for f in filhos))

    def grupo(self, categoria_id: int) -> str:
        return next(c["grupo_dre"] for c in self.categorias if c["id"] == categoria_id)
