"""Which of a few amounts add up to a total: the bounded subset sum behind 1:N and N:1 matches.

Amounts are integer cents, so "adds up" is exact. The search walks the items from the largest
down and drops a branch as soon as it passes the total, or can no longer reach it with the slots
and items left. It visits at most `orcamento` nodes: a crowded day costs a bounded time, at worst
missing some combinations, never an unbounded one. Of what it finds, the caller's `ordem` (a sort
key: smaller first) picks the best.
"""
import heapq
from collections.abc import Callable, Hashable, Sequence

MAXIMO_ITENS = 5
ORCAMENTO = 5_000


def combinacoes(itens: Sequence[tuple[Hashable, int]], de: int, ate: int | None = None, *,
                minimo_itens: int = 1, maximo_itens: int = MAXIMO_ITENS, orcamento: int = ORCAMENTO,
                quantas: int = 5, ordem: Callable[[tuple], object] | None = None) -> list[tuple]:
    """Up to `quantas` combinations of `itens` (pairs of a key and an amount in cents, > 0), each
    of `minimo_itens` to `maximo_itens` distinct items whose amounts add up to between `de` and
    `ate` (just `de` when omitted), as tuples of keys in the order of `itens`; sorted by `ordem`
    (by default, fewer items first)."""
    ate = de if ate is None else ate
    if any(valor <= 0 for _, valor in itens):
        raise ValueError("os valores devem ser positivos")
    posicoes = sorted(range(len(itens)), key=lambda i: -itens[i][1])
    valores = [itens[i][1] for i in posicoes]
    # acumulado[i]: the sum of the i largest; the best that k slots from position j can add is
    # acumulado[j + k] - acumulado[j], since the items are in decreasing order.
    acumulado = [0]
    for valor in valores:
        acumulado.append(acumulado[-1] + valor)
    achadas: list[tuple[int, ...]] = []
    visitados = 0

    def buscar(inicio: int, soma: int, escolhidos: tuple[int, ...]) -> None:
        nonlocal visitados
        visitados += 1
        if de <= soma <= ate and len(escolhidos) >= minimo_itens:
            achadas.append(escolhidos)
        vagas = maximo_itens - len(escolhidos)
        if vagas == 0:
            return
        for j in range(inicio, len(valores)):
            if visitados >= orcamento:
                return
            if soma + acumulado[min(len(valores), j + vagas)] - acumulado[j] < de:
                return  # from j on, even the largest items left cannot reach the total
            if soma + valores[j] <= ate:
                buscar(j + 1, soma + valores[j], escolhidos + (j,))

    if ate >= de >= 0 and maximo_itens >= minimo_itens:
        buscar(0, 0, ())
    chaves = [tuple(itens[i][0] for i in sorted(posicoes[j] for j in escolhidos)) for escolhidos in achadas]
    return heapq.nsmallest(quantas, chaves, key=ordem or len)
