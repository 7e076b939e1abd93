"""What a statement transaction probably is in the ledger, ranked, each with its reasons in pt-BR.

Candidates come from indexes, never from reading the ledger (candidatos): the open lançamentos of
the transaction's direction by open amount (equal, or near it: a card settlement net of its fee, a
payment with juros) and by due date near its date; those of the pessoa its memo names (CPF/CNPJ
digits, or the words of a name, scored fuzzily: banks write names in capitals, without accents,
cut short — memo); those whose documento the memo quotes; those of the pessoa this memo's pattern
was confirmed with before (padroes); the conta's baixas not yet reconciled; and the conta's other
open transactions of nearby days. Combinations — one transaction for several lançamentos or
baixas, several transactions for one lançamento — come from the bounded subset sum (subconjuntos).

Each suggestion's score joins its clues and their weights (pistas); this module only assembles the
kinds of match and ranks them.
"""
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from math import ceil

from shared.errors import NaoEncontrado

from financeiro import baixas, extratos, lancamentos
from financeiro.conciliacao import candidatos, regras
from financeiro.conciliacao.candidatos import PROXIMOS, centavos
from financeiro.conciliacao.memo import Historico, Transacao
from financeiro.conciliacao.pistas import (JUROS_OU_DESCONTO, PAGAMENTO_PARCIAL, PESOS, Indicios, Pista, distancia,
                                           fator, mais_longe, motivos, na_conta, peso_da_taxa, pista_da_diferenca,
                                           pista_da_soma, pista_da_soma_de_baixas, pista_do_pagamento_registrado,
                                           pista_do_registro, pista_do_valor, pista_do_vencimento,
                                           pista_dos_vencimentos, pistas_da_soma_de_transacoes, score, score_da_regra,
                                           semelhanca)
from financeiro.conciliacao.subconjuntos import combinacoes

LANCAMENTOS, BAIXAS, NOVO_LANCAMENTO = "LANCAMENTOS", "BAIXAS", "NOVO_LANCAMENTO"
# What callers and tests name from here, wherever it lives now.
__all__ = ["da_transacao", "sugerir", "buscar", "indicios_de", "ranquear", "Achados", "Candidatas", "Sugestao",
           "LANCAMENTOS", "BAIXAS", "NOVO_LANCAMENTO", "PAGAMENTO_PARCIAL", "JUROS_OU_DESCONTO", "Historico",
           "semelhanca"]

# Items one subset sum may combine, the nearest in date: the search stays within its budget.
NA_SOMA = 16
# Other transactions that may join this one in paying a lançamento (N:1).
OUTRAS_NA_SOMA = 4


@dataclass
class Sugestao:
    tipo: str
    transacao_ids: list[int]
    lancamento_ids: list[int]
    baixa_ids: list[int]
    score: float
    motivos: list[str]
    tratar_diferenca: str | None
    diferenca: Decimal
    regra_id: int | None = None
    regra_nome: str | None = None
    novo_lancamento: dict | None = None


def da_transacao(cur, transacao_id: int, limite: int = 5) -> list[dict]:
    """The best `limite` suggestions for a statement transaction (404 when it is not the
    empresa's), each with what the screen shows of its lançamentos and baixas, in the order of
    their ids, so it needs no other request."""
    transacao = extratos.transacao(cur, transacao_id)
    if transacao is None:
        raise NaoEncontrado("Transação não encontrada")
    achadas = sugerir(cur, transacao, limite)
    nomeados = {l["id"]: l for l in lancamentos.varios(cur, {i for s in achadas for i in s.lancamento_ids})}
    pagas = {b["id"]: b for b in baixas.varias(cur, {i for s in achadas for i in s.baixa_ids})}
    return [{**asdict(s), "lancamentos": [nomeados[i] for i in s.lancamento_ids],
             "baixas": [pagas[i] for i in s.baixa_ids]} for s in achadas]


def sugerir(cur, transacao: dict, limite: int = 5, da_transacao_regras: list[dict] | None = None) -> list[Sugestao]:
    """The best `limite` suggestions for a transaction (a row of extratos.transacao), best first.
    A reconciled transaction has none. `da_transacao_regras`: the rules it meets
    (regras.aplicaveis), when the caller has them already."""
    if transacao["conciliado"] or transacao["valor"] == 0:
        return []
    if da_transacao_regras is None:
        da_transacao_regras = regras.aplicaveis(cur, transacao)
    # Looked up at its turn, nothing is taken out of its lookups: no FOLGA to fetch.
    achados = buscar(cur, [transacao], com_folga=False)[transacao["id"]]
    return ranquear(transacao, achados.sem(), da_transacao_regras, limite)


@dataclass
class Candidatas:
    """A transaction's indícios and its candidates: what the suggestions are made of."""

    ind: Indicios
    abertos: list[dict]
    registradas: list[dict]
    outras: list[dict]


@dataclass
class Achados:
    """What the lookups brought for one transaction, a little more than they give (candidatos.FOLGA)."""

    ind: Indicios
    abertos: list[dict]
    registradas: list[dict]
    vizinhas: list[dict]

    def sem(self, pagos: set[int] = frozenset(), ligadas: set[int] = frozenset(),
            conciliadas: set[int] = frozenset()) -> Candidatas | None:
        """The candidates once these lançamentos are paid in full, baixas linked and transactions
        reconciled, as the lookups would give them then; None when only new lookups can tell."""
        abertos = candidatos.abertos_sem(self.abertos, pagos)
        registradas = candidatos.baixas_sem(self.registradas, ligadas)
        outras = candidatos.outras_sem(self.ind.t, self.vizinhas, conciliadas)
        if abertos is None or registradas is None or outras is None:
            return None
        return Candidatas(self.ind, abertos, registradas, outras)

    def com(self, ind: Indicios) -> "Achados | None":
        """The same lookups, with what is known of the transaction now (ind: its pattern was learned
        from since); None when they would have looked for other pessoas' lançamentos — the only
        lookup the pessoas take part in."""
        if set(ind.pessoas) != set(self.ind.pessoas):
            return None
        return replace(self, ind=ind)


def buscar(cur, transacoes: list[dict], com_folga: bool = True) -> dict[int, Achados]:
    """What the lookups bring for transactions (rows of extratos.transacao, none reconciled nor of
    zero valor), by id: who each memo names, one by one, then the lançamentos, baixas and other
    transactions of all of them in a few statements (candidatos), each one's as if alone; with
    the rows more of each lookup (candidatos.FOLGA) that Achados.sem needs, unless `com_folga` is
    False."""
    ts = [Transacao.da_linha(linha) for linha in transacoes]
    indicios = indicios_de(cur, ts)
    sem_folga = {} if com_folga else {"folga": 0}
    abertos = candidatos.lancamentos(cur, [(t, indicios[t.id].pessoas) for t in ts], **sem_folga)
    registradas = candidatos.baixas(cur, ts, **sem_folga)
    vizinhas = candidatos.outras_transacoes(cur, ts, **sem_folga)
    return {t.id: Achados(indicios[t.id], abertos[t.id], registradas[t.id], vizinhas[t.id]) for t in ts}


def indicios_de(cur, ts: list[Transacao]) -> dict[int, Indicios]:
    """By transaction, who its memo names and what its pattern was confirmed with, as the ledger
    is now."""
    aprendidos = candidatos.aprendidos(cur, ts)
    pessoas = candidatos.pessoas_nos_memos(cur, [(t, aprendidos[t.id][0]) for t in ts])
    return {t.id: Indicios(t, pessoas[t.id], aprendidos[t.id][1]) for t in ts}


def ranquear(transacao: dict, achadas: Candidatas, da_transacao_regras: list[dict], limite: int = 5) -> list[Sugestao]:
    """The best `limite` suggestions from the transaction's candidates and the rules it meets,
    best first."""
    ind = achadas.ind
    todas = [*_um_para_um(ind, achadas.abertos), *_um_para_varios(ind, achadas.abertos),
             *_varios_para_um(ind, achadas.abertos, achadas.outras, achadas.registradas),
             *_baixas_registradas(ind, achadas.registradas), *_regras(transacao, da_transacao_regras)]
    return _melhores(todas, limite)


def _melhores(todas: list[Sugestao], limite: int) -> list[Sugestao]:
    unicas: dict[tuple, Sugestao] = {}
    for s in todas:
        chave = (s.tipo, tuple(s.transacao_ids), tuple(s.lancamento_ids), tuple(s.baixa_ids), s.regra_id)
        if chave not in unicas or s.score > unicas[chave].score:
            unicas[chave] = s
    ordem = sorted(unicas.values(), key=lambda s: (-s.score, len(s.transacao_ids) + len(s.lancamento_ids)
                                                   + len(s.baixa_ids), s.lancamento_ids, s.baixa_ids))
    return ordem[:limite]


def _sugestao(tipo: str, transacao_ids: list[int], lancamento_ids: list[int], baixa_ids: list[int],
              pistas: list[Pista], fator_: float, tratar: str | None = None,
              diferenca: Decimal = Decimal("0.00")) -> Sugestao:
    return Sugestao(tipo, transacao_ids, lancamento_ids, baixa_ids, score(pistas, fator_), motivos(pistas),
                    tratar, diferenca)


# ---------------------------------------------------------------- open lançamentos


def _um_para_um(ind: Indicios, abertos: list[dict]) -> list[Sugestao]:
    """The transaction settles one open lançamento."""
    t, sugeridas = ind.t, []
    for linha in abertos:
        da_pessoa = ind.da_pessoa(linha)
        dias = (t.data - linha["data_vencimento"]).days
        valor = pista_do_valor(t, linha["aberto"], dias, bool(da_pessoa))
        if valor is None:
            continue
        pista, tratar = valor
        pistas = [pista, *da_pessoa, pista_do_vencimento(dias), *na_conta(t, [linha])]
        parcial = PESOS.pagamento_parcial if tratar == PAGAMENTO_PARCIAL else 1
        sugeridas.append(_sugestao(LANCAMENTOS, [t.id], [linha["id"]], [], pistas, fator(ind, dias, [linha]) * parcial,
                                   tratar, t.valor - linha["aberto"]))
    return sugeridas


def _um_para_varios(ind: Indicios, abertos: list[dict]) -> list[Sugestao]:
    """The transaction settles several open lançamentos whose open amounts add up to it exactly:
    a pessoa's parcelas (the pessoa the memo names), or the conta's lançamentos due nearby."""
    t = ind.t
    menores = [l for l in abertos if l["aberto"] < t.valor]
    grupos = [[l for l in menores if l["pessoa_id"] == pessoa_id] for pessoa_id in ind.pessoas]
    grupos.append([l for l in menores if l["conta_id"] == t.conta_id
                   and abs((t.data - l["data_vencimento"]).days) <= PROXIMOS[1]])
    sugeridas = []
    for grupo in grupos:
        grupo = sorted(grupo, key=lambda l: (distancia((t.data - l["data_vencimento"]).days), l["id"]))[:NA_SOMA]
        por_id = {l["id"]: l for l in grupo}
        longe = {l["id"]: distancia((t.data - l["data_vencimento"]).days) for l in grupo}
        achadas = combinacoes([(l["id"], centavos(l["aberto"])) for l in grupo], centavos(t.valor),
                              minimo_itens=2, quantas=2, ordem=lambda c: (max(longe[i] for i in c), len(c), c))
        for ids in achadas:
            sugeridas.append(_soma_de_lancamentos(ind, [por_id[i] for i in ids]))
    return sugeridas


def _soma_de_lancamentos(ind: Indicios, linhas: list[dict]) -> Sugestao:
    t = ind.t
    pistas = [pista_da_soma(linhas), *na_conta(t, linhas), *ind.de_todas(linhas), pista_dos_vencimentos(t.data, linhas)]
    longe = mais_longe([(t.data - l["data_vencimento"]).days for l in linhas])
    return _sugestao(LANCAMENTOS, [t.id], sorted(l["id"] for l in linhas), [], pistas, fator(ind, longe, linhas))


def _varios_para_um(ind: Indicios, abertos: list[dict], outras: list[dict],
                    registradas: list[dict]) -> list[Sugestao]:
    """This transaction and some of the conta's other open ones with a memo like it settle one open
    lançamento, or make one baixa already registered: exactly (a client paying in two transfers,
    within a few days), or net of an acquirer's fee (a sale split over cards, settled together)."""
    t = ind.t
    if not outras:
        return []
    em_centavos = {o["id"]: centavos(abs(o["valor"])) for o in outras}
    data_de = {o["id"]: o["data"] for o in outras}
    do_dia = {o["id"] for o in outras if o["data"] == t.data}
    proprio = centavos(t.valor)
    # the most this and the largest others make
    alcance = proprio + sum(sorted(em_centavos.values())[-OUTRAS_NA_SOMA:])

    def juntas(minimo: int, maximo: int, ids: set) -> tuple | None:
        """The others of `ids` that with this one make between minimo and maximo cents: the
        closest to maximo, then the nearest in date."""
        achadas = combinacoes([(i, em_centavos[i]) for i in sorted(ids)], max(1, minimo - proprio), maximo - proprio,
                              maximo_itens=OUTRAS_NA_SOMA, quantas=1,
                              ordem=lambda c: (maximo - proprio - sum(em_centavos[i] for i in c),
                                               max(abs((data_de[i] - t.data).days) for i in c), len(c), c))
        return achadas[0] if achadas else None

    def da_soma(ids: tuple, peso: float) -> list[Pista]:
        return pistas_da_soma_de_transacoes(len(ids), peso, set(ids) == do_dia)

    sugeridas = []
    for linha in abertos:
        aberto = centavos(linha["aberto"])
        if not proprio < aberto <= alcance * (1 + PESOS.menos):
            continue
        ids = juntas(aberto, aberto, set(em_centavos))
        if ids is None and t.do_cartao:
            ids = juntas(ceil(aberto * (1 - PESOS.menos)), aberto - 1, do_dia)
        if ids is None:
            continue
        total = t.valor + sum(abs(o["valor"]) for o in outras if o["id"] in ids)
        dias = (max([t.data, *(data_de[i] for i in ids)]) - linha["data_vencimento"]).days
        if total == linha["aberto"]:
            pistas, tratar = da_soma(ids, PESOS.soma_de_transacoes), None
        else:
            diferenca = (linha["aberto"] - total) / linha["aberto"]
            pistas = [*da_soma(ids, peso_da_taxa(t, diferenca)), pista_da_diferenca(linha["aberto"], total)]
            tratar = JUROS_OU_DESCONTO
        pistas += [*ind.da_pessoa(linha), pista_do_vencimento(dias), *na_conta(t, [linha])]
        sugeridas.append(_sugestao(LANCAMENTOS, sorted([t.id, *ids]), [linha["id"]], [], pistas,
                                   fator(ind, dias, [linha]), tratar, total - linha["aberto"]))
    for baixa in registradas:
        movimentado = centavos(baixa["valor_movimentado"])
        ids = juntas(movimentado, movimentado, set(em_centavos)) if proprio < movimentado <= alcance else None
        if ids is None:
            continue
        pistas = [*da_soma(ids, PESOS.soma_de_transacoes_da_baixa),
                  pista_do_pagamento_registrado(baixa["data"], na_soma=True),
                  *ind.da_pessoa(baixa), pista_do_registro((t.data - baixa["data"]).days)]
        sugeridas.append(_sugestao(BAIXAS, sorted([t.id, *ids]), [baixa["lancamento_id"]], [baixa["id"]], pistas,
                                   fator(ind, None, [baixa])))
    return sugeridas


# ---------------------------------------------------------------- baixas already registered


def _baixas_registradas(ind: Indicios, registradas: list[dict]) -> list[Sugestao]:
    """The transaction is a payment someone already registered in the ledger: one baixa of its
    amount, or several that add up to it."""
    t, sugeridas = ind.t, []
    for baixa in registradas:
        if baixa["valor_movimentado"] != t.valor:
            continue
        pistas = [pista_do_pagamento_registrado(baixa["data"]), *ind.da_pessoa(baixa),
                  pista_do_registro((t.data - baixa["data"]).days)]
        sugeridas.append(_sugestao(BAIXAS, [t.id], [baixa["lancamento_id"]], [baixa["id"]], pistas,
                                   fator(ind, None, [baixa])))
    menores = sorted((b for b in registradas if b["valor_movimentado"] < t.valor),
                     key=lambda b: (abs((t.data - b["data"]).days), b["id"]))[:NA_SOMA]
    por_id = {b["id"]: b for b in menores}
    longe = {b["id"]: abs((t.data - b["data"]).days) for b in menores}
    for ids in combinacoes([(b["id"], centavos(b["valor_movimentado"])) for b in menores], centavos(t.valor),
                           minimo_itens=2, quantas=2, ordem=lambda c: (max(longe[i] for i in c), len(c), c)):
        linhas = [por_id[i] for i in ids]
        pistas = [pista_da_soma_de_baixas(linhas), pista_do_registro(max((t.data - b["data"]).days for b in linhas)),
                  *ind.de_todas(linhas)]
        sugeridas.append(_sugestao(BAIXAS, [t.id], sorted({b["lancamento_id"] for b in linhas}), sorted(ids), pistas,
                                   fator(ind, None, linhas)))
    return sugeridas


# ---------------------------------------------------------------- the staff's rules


def _regras(transacao: dict, da_transacao: list[dict]) -> list[Sugestao]:
    """A new lançamento for each SUGERIR rule the transaction meets, in the rules' order."""
    sugeridas = []
    for n, regra in enumerate(r for r in da_transacao if r["acao"] == "SUGERIR"):
        sugeridas.append(Sugestao(
            NOVO_LANCAMENTO, [transacao["id"]], [], [], score_da_regra(n),
            [f"regra “{regra['nome']}”"], None, Decimal("0.00"), regra["id"], regra["nome"],
            {"categoria_id": regra["categoria_id"], "cliente_id": regra["cliente_id"],
             "fornecedor_id": regra["fornecedor_id"],
             "descricao": regra["descricao"] or transacao["memo"][:200]}))
    return sugeridas
