"""Centros de custo of a lançamento: one centro for the whole valor, or a rateio across several.

A split is asked for as a `Divisao` — centros and their weights, percentages or amounts — and is
stored as lines of whole cents that add up exactly to the lançamento's valor
(financeiro.rateios, migrations/0009_rateios.sql). Percentages become amounts by the
largest-remainder method (`distribuir`): each centro gets the whole cents of its exact share, and
the cents left over go one each to the largest fractions (the first line on a tie). The same rule
splits a new valor again when a lançamento's valor changes, and each parcela of a série: by the
percentages when it was asked in percentages, else in proportion to the amounts.
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from psycopg2.extras import execute_values

from shared.errors import Validacao

CENTAVO = Decimal("0.01")
CEM = Decimal("100")


@dataclass(frozen=True)
class Divisao:
    """How a lançamento is split: the centros, in order, and their weights — percentages (which
    add up to 100) or amounts."""

    centros: tuple[int, ...]
    pesos: tuple[Decimal, ...]
    percentual: bool


def distribuir(total: Decimal, pesos: list[Decimal]) -> list[Decimal]:
    """`total` in parts proportional to `pesos` (positive), in whole cents that add up exactly to
    it: the whole cents of each exact share, then one more cent to each of the largest fractions
    left over (the first one on a tie)."""
    centavos = int(total / CENTAVO)
    soma = sum(Fraction(p) for p in pesos)
    exatos = [centavos * Fraction(p) / soma for p in pesos]
    partes = [int(e) for e in exatos]  # floor: shares are never negative
    por_fracao = sorted(range(len(pesos)), key=lambda i: (-(exatos[i] - partes[i]), i))
    for i in por_fracao[:centavos - sum(partes)]:
        partes[i] += 1
    return [Decimal(p) * CENTAVO for p in partes]


def pedida(valor: Decimal, centro_custo_id: int | None, rateio: list[dict] | None) -> Divisao | None:
    """The Divisao a request asks for — one centro, or rateio lines of `percentual` or of `valor`
    (each line one of them, checked by the route) —, None for no centro de custo. Percentages
    must add up to 100 and amounts to `valor`, exactly (400 naming `rateio`)."""
    if centro_custo_id is not None:
        return Divisao((centro_custo_id,), (CEM,), True)
    if not rateio:
        return None
    centros = tuple(linha["centro_custo_id"] for linha in rateio)
    if len(set(centros)) != len(centros):
        raise _erro("Cada centro de custo pode aparecer uma vez só")
    percentual = rateio[0]["percentual"] is not None
    if any((linha["percentual"] is not None) != percentual for linha in rateio):
        raise _erro("Divida só por percentuais ou só por valores, não os dois")
    pesos = tuple(linha["percentual" if percentual else "valor"] for linha in rateio)
    soma = sum(pesos)
    if percentual and soma != CEM:
        raise _erro(f"Os percentuais somam {soma:.2f}%; precisam somar 100%")
    if not percentual and soma != valor:
        raise _erro(f"Os valores somam {soma:.2f}; o lançamento é de {valor:.2f}")
    return Divisao(centros, pesos, percentual)


def linhas(divisao: Divisao | None, valor: Decimal) -> list[dict]:
    """The lines `divisao` makes of `valor`: [{centro_custo_id, valor, percentual}] (`percentual`
    kept only when asked in percentages, to split a new valor by it)."""
    if divisao is None:
        return []
    partes = distribuir(valor, list(divisao.pesos))
    if min(partes) <= 0:
        raise _erro(f"R$ {valor:.2f} não se divide entre {len(partes)} centros de custo: "
                    "cada um precisa de pelo menos R$ 0,01")
    # One centro needs no percentage: a new valor is all of it anyway.
    percentuais = divisao.pesos if divisao.percentual and len(partes) > 1 else (None,) * len(partes)
    return [{"centro_custo_id": c, "valor": v, "percentual": p}
            for c, v, p in zip(divisao.centros, partes, percentuais, strict=True)]


def guardada(linhas_: list[dict]) -> Divisao | None:
    """The Divisao stored lines came from, to split a new valor the same way."""
    if not linhas_:
        return None
    percentual = all(linha["percentual"] is not None for linha in linhas_)
    return Divisao(tuple(linha["centro_custo_id"] for linha in linhas_),
                   tuple(linha["percentual" if percentual else "valor"] for linha in linhas_), percentual)


def verificar_centros(cur, divisao: Divisao | None, campo: str) -> None:
    """Each centro is the empresa's (another empresa's is one that does not exist) and active;
    400 naming `campo` otherwise."""
    if divisao is None:
        return
    cur.execute("""SELECT id, ativo FROM cadastros.v_centros_custo
                    WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""", (list(divisao.centros),))
    ativos = {linha["id"]: linha["ativo"] for linha in cur.fetchall()}
    if any(centro not in ativos for centro in divisao.centros):
        raise Validacao("Verifique os campos destacados", {campo: "Centro de custo não encontrado"})
    if not all(ativos.values()):
        raise Validacao("Verifique os campos destacados", {campo: "Centro de custo inativo; escolha outro"})


def gravar(cur, lancamento_id: int, linhas_: list[dict]) -> None:
    """Replaces the lançamento's lines by `linhas_` (none: no centro de custo)."""
    cur.execute("""DELETE FROM financeiro.rateios
                    WHERE empresa_id = plataforma.empresa_atual() AND lancamento_id = %s""", (lancamento_id,))
    if linhas_:
        execute_values(
            cur,
            """INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor, percentual)
               SELECT plataforma.empresa_atual(), v.* FROM (VALUES %s) AS v""",
            [(lancamento_id, linha["centro_custo_id"], linha["valor"], linha["percentual"]) for linha in linhas_],
            template="(%s::bigint, %s::bigint, %s::numeric, %s::numeric)",
        )


def de(cur, ids: list[int]) -> dict[int, list[dict]]:
    """The lines of these lançamentos, with the centros' names, by lançamento id (in the centros'
    order of name)."""
    cur.execute(
        """SELECT r.lancamento_id, r.centro_custo_id, cc.nome, r.valor, r.percentual
             FROM financeiro.rateios r
             JOIN cadastros.v_centros_custo cc ON cc.empresa_id = r.empresa_id AND cc.id = r.centro_custo_id
            WHERE r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = ANY(%s)
            ORDER BY r.lancamento_id, cc.nome, r.centro_custo_id""",
        (list(ids),),
    )
    por_lancamento: dict[int, list[dict]] = {}
    for linha in cur.fetchall():
        por_lancamento.setdefault(linha.pop("lancamento_id"), []).append(linha)
    return por_lancamento


def anexar(cur, lancamentos: list[dict]) -> list[dict]:
    """The lançamentos, each with its `rateio` lines (each with its `percentual` of the valor, as
    asked or as the amount makes it) and `centro_custo_id` when it has one centro only."""
    todas = de(cur, [lancamento["id"] for lancamento in lancamentos]) if lancamentos else {}
    for lancamento in lancamentos:
        suas = todas.get(lancamento["id"], [])
        for linha in suas:
            if linha["percentual"] is None:
                linha["percentual"] = (linha["valor"] * CEM / lancamento["valor"]).quantize(CENTAVO)
        lancamento["rateio"] = suas
        lancamento["centro_custo_id"] = suas[0]["centro_custo_id"] if len(suas) == 1 else None
    return lancamentos


def foto(linhas_: list[dict]) -> list[dict]:
    """What the audit trail keeps of a lançamento's split."""
    return [{"centro_custo_id": linha["centro_custo_id"], "valor": linha["valor"]} for linha in linhas_]


def _erro(mensagem: str) -> Validacao:
    return Validacao("Verifique os campos destacados", {"rateio": mensagem})
