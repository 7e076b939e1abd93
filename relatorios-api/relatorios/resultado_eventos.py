"""Resultado por evento (issue 17): what each job of the studio brought in and cost, and the margem —
per evento, per tipo de evento or per fotógrafo principal.

Which eventos: those whose data_inicio is in the period (operacional.v_eventos) that became work
(etapa contratado, em produção, entregue or concluído) or that moved money anyway (a perdido that
kept its sinal, a lead with an expense already): a lead or an orçamento with no money is not a
job yet and would only add empty lines and inflate the counts.

Whose money: each evento is a centro de custo in financeiro (eventos.centro_custo_id), and an
evento's result is its whole life — every amount of its centro, whatever its date, not only what
falls in the period: a wedding in June is paid from January and its album is bought in August, and
the owner asks what the wedding earned. From financeiro.v_resultado_mes (the same rollup the DRE
and the análise read, relatorios/somas.py), summed over all its months:
- competência: the lançamentos not cancelled, by their valor — the centro's part of a rateio;
- caixa: the baixas, by the money that moved (juros and multa in, desconto out), split by centro
  as financeiro.v_baixas_por_centro splits them.
receita is what RECEITA lançamentos bring to the centro, custo what DESPESA ones take from it (every
categoria: an evento's money is its own), margem = receita − custo, margem % = margem ÷ receita ×
100 with two decimals (null when receita is 0). An evento whose centro de custo does not exist yet
(operacional creates it through cadastros; NULL until then) has no money to show: it is counted in
`sem_centro_custo`.

Fotógrafo principal: the member of the evento's equipe with papel fotografo_principal
(operacional.v_equipe_eventos), named by auth.v_membros (a member who logs in),
rh.v_funcionarios (a funcionário, who need not log in) or cadastros.v_fornecedores (a freelancer);
an evento without one goes to "Sem fotógrafo principal". Should an evento list two, it counts once,
under the first — a member, then a funcionário, then a freelancer, then the lower id —, so the
lines always add up to the total.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, model_validator

from shared.api import Data, Modelo, Opcional

from relatorios.comum import ZERO, Regime, campo_regime, moeda, periodo_de_doze_meses

# The etapas of an evento that is work the studio took on, money or not.
TRABALHO = ("contratado", "em_producao", "entregue", "concluido")
SEM_TIPO = "Sem tipo"
SEM_FOTOGRAFO = "Sem fotógrafo principal"
CEM = Decimal("100")
CENTAVO = Decimal("0.01")


class Parametros(Modelo):
    de: Opcional[Data] = Field(None, description="Eventos com data de início a partir deste dia; padrão: o 1º dia "
                                                 "dos 12 meses que terminam no mês de `ate` (ou no mês atual)")
    ate: Opcional[Data] = Field(None, description="Eventos com data de início até este dia; padrão: o último dia do "
                                                  "12º mês a partir de `de` (ou do mês atual)")
    agrupar: Literal["evento", "tipo", "fotografo"] = Field(
        "evento", description="evento: uma linha por evento; tipo: por tipo de evento; fotografo: pelo fotógrafo "
                              "principal da equipe")
    regime: Regime = campo_regime()

    @model_validator(mode="after")
    def _periodo(self):
        self.de, self.ate = periodo_de_doze_meses(self.de, self.ate)
        return self


@dataclass
class Soma:
    """A line's figures while they are added up."""

    quantidade: int = 0
    receita: Decimal = ZERO
    custo: Decimal = ZERO

    def somar(self, evento: dict) -> None:
        self.quantidade += 1
        self.receita += evento["receita"]
        self.custo += evento["custo"]

    def figuras(self) -> dict:
        margem = self.receita - self.custo
        return {"quantidade": self.quantidade, "receita": moeda(self.receita), "custo": moeda(self.custo),
                "margem": moeda(margem), "margem_percentual": percentual(margem, self.receita)}


def percentual(parte: Decimal, todo: Decimal) -> str | None:
    return f"{(parte * CEM / todo).quantize(CENTAVO, rounding=ROUND_HALF_UP):.2f}" if todo else None


def _eventos(cur, de: date, ate: date) -> list[dict]:
    cur.execute(
        """SELECT e.id, e.nome, e.tipo_id, e.tipo, e.etapa, e.data_inicio, e.centro_custo_id, c.nome AS cliente
             FROM operacional.v_eventos e
             LEFT JOIN cadastros.v_clientes c ON c.empresa_id = e.empresa_id AND c.id = e.cliente_id
            WHERE e.empresa_id = plataforma.empresa_atual() AND e.data_inicio BETWEEN %s AND %s
            ORDER BY e.data_inicio, e.id""",
        (de, ate),
    )
    return cur.fetchall()


def _dinheiro(cur, regime: str, centros: list[int]) -> dict[tuple[int, str], Decimal]:
    """{(centro_custo_id, tipo): amount} over every month of the centros' lives."""
    cur.execute(
        """SELECT r.centro_custo_id, r.tipo, sum(r.valor) AS valor FROM financeiro.v_resultado_mes r
            WHERE r.empresa_id = plataforma.empresa_atual() AND r.regime = %s AND r.centro_custo_id = ANY(%s)
            GROUP BY r.centro_custo_id, r.tipo""",
        (regime, centros),
    )
    return {(linha["centro_custo_id"], linha["tipo"]): linha["valor"] for linha in cur.fetchall()}


def _fotografos(cur, eventos: list[int]) -> dict[int, dict]:
    """{evento_id: {usuario_id, funcionario_id, fornecedor_id, nome}}: each evento's fotógrafo
    principal (one)."""
    cur.execute(
        """SELECT DISTINCT ON (q.evento_id) q.evento_id, q.usuario_id, q.funcionario_id, q.fornecedor_id,
                  coalesce(m.nome, fu.nome, f.nome) AS nome
             FROM operacional.v_equipe_eventos q
             LEFT JOIN auth.v_membros m ON m.empresa_id = q.empresa_id AND m.usuario_id = q.usuario_id
             LEFT JOIN rh.v_funcionarios fu ON fu.empresa_id = q.empresa_id AND fu.id = q.funcionario_id
             LEFT JOIN cadastros.v_fornecedores f ON f.empresa_id = q.empresa_id AND f.id = q.fornecedor_id
            WHERE q.empresa_id = plataforma.empresa_atual() AND q.papel = 'fotografo_principal'
              AND q.evento_id = ANY(%s)
            ORDER BY q.evento_id, q.usuario_id IS NULL, q.usuario_id, q.funcionario_id IS NULL, q.funcionario_id,
                     q.fornecedor_id""",
        (eventos,),
    )
    return {linha["evento_id"]: linha for linha in cur.fetchall()}


def _chave_do_fotografo(fotografo: dict | None) -> tuple[str, str]:
    """(chave, rótulo) of a fotógrafo's line: "u<id>" a member, "c<id>" a funcionário (colaborador),
    "f<id>" a freelancer, "sem" none."""
    if fotografo is None:
        return "sem", SEM_FOTOGRAFO
    if fotografo["usuario_id"] is not None:
        return f"u{fotografo['usuario_id']}", fotografo["nome"] or f"Usuário nº {fotografo['usuario_id']}"
    if fotografo["funcionario_id"] is not None:
        return f"c{fotografo['funcionario_id']}", fotografo["nome"] or f"Funcionário nº {fotografo['funcionario_id']}"
    return f"f{fotografo['fornecedor_id']}", fotografo["nome"] or f"Fornecedor nº {fotografo['fornecedor_id']}"


def _linha_do_evento(evento: dict) -> dict:
    soma = Soma()
    soma.somar(evento)
    fotografo = evento["fotografo"]
    return {"chave": str(evento["id"]), "rotulo": evento["nome"], **soma.figuras(),
            "evento_id": evento["id"], "data_inicio": evento["data_inicio"].isoformat(), "etapa": evento["etapa"],
            "tipo": evento["tipo"], "cliente": evento["cliente"],
            "fotografo": None if fotografo is None else _chave_do_fotografo(fotografo)[1],
            "centro_custo_id": evento["centro_custo_id"]}


def _agrupadas(eventos: list[dict], agrupar: str) -> list[dict]:
    """One line per tipo or fotógrafo, by name (the "Sem …" line last), with what identifies it."""
    grupos: dict[str, tuple[str, dict, Soma]] = {}
    for evento in eventos:
        if agrupar == "tipo":
            chave = "sem" if evento["tipo_id"] is None else str(evento["tipo_id"])
            rotulo, ids = evento["tipo"] or SEM_TIPO, {"tipo_id": evento["tipo_id"]}
        else:
            fotografo = evento["fotografo"]
            chave, rotulo = _chave_do_fotografo(fotografo)
            ids = {"usuario_id": fotografo and fotografo["usuario_id"],
                   "fornecedor_id": fotografo and fotografo["fornecedor_id"],
                   "funcionario_id": fotografo and fotografo["funcionario_id"]}
        grupos.setdefault(chave, (rotulo, ids, Soma()))[2].somar(evento)
    ordem = sorted(grupos.items(), key=lambda item: (item[0] == "sem", item[1][0].casefold(), item[0]))
    return [{"chave": chave, "rotulo": rotulo, **soma.figuras(), **ids}
            for chave, (rotulo, ids, soma) in ordem]


def calcular(cur, p: Parametros) -> dict:
    """The route's JSON body (routes/resultado_eventos.py documents it)."""
    eventos = _eventos(cur, p.de, p.ate)
    dinheiro = _dinheiro(cur, p.regime, [e["centro_custo_id"] for e in eventos if e["centro_custo_id"]])
    fotografos = _fotografos(cur, [e["id"] for e in eventos])
    incluidos = []
    for evento in eventos:
        centro = evento["centro_custo_id"]
        evento["receita"] = dinheiro.get((centro, "RECEITA"), ZERO)
        evento["custo"] = dinheiro.get((centro, "DESPESA"), ZERO)
        evento["fotografo"] = fotografos.get(evento["id"])
        if evento["etapa"] in TRABALHO or evento["receita"] or evento["custo"]:
            incluidos.append(evento)
    total = Soma()
    for evento in incluidos:
        total.somar(evento)
    linhas = ([_linha_do_evento(e) for e in incluidos] if p.agrupar == "evento"
              else _agrupadas(incluidos, p.agrupar))
    return {
        "de": p.de.isoformat(), "ate": p.ate.isoformat(), "agrupar": p.agrupar, "regime": p.regime,
        "linhas": linhas, "total": total.figuras(),
        "sem_centro_custo": sum(1 for e in incluidos if not e["centro_custo_id"]),
    }
