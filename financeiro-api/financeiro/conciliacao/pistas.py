"""The clues that a statement transaction is some lançamento or baixa, and what each weighs.

Each clue (a `Pista`) weighs like a probability, and a suggestion's score joins its clues as
independent ones, 1 − Π(1 − p): two weak clues make a stronger one and no clue reaches 1 alone.
A few facts then lower the whole (`fator`): a due date far away, a memo that names someone else,
a memo that says the money only moved between the holder's own accounts, a partial payment — none
of them when the transaction carries the txid or nosso número of each lançamento's título, which
says which one it is whoever paid and whenever. The motivos are the clues' reasons, the weightiest
first.

Every weight and threshold is in `PESOS`, one table: they were tuned together against the month of
a studio's statement that tests/gerador_conciliacao.py generates (precision and recall of the top
suggestion: tests/test_sugestoes.py), and change together. Pure: nothing here reads the database
(tests/test_pistas.py tries them on memos and amounts alone).
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from math import prod

from rapidfuzz import fuzz

from shared.texto import palavras

from financeiro.conciliacao.memo import PARTICULAS, VOCABULARIO_DO_BANCO, Transacao
from financeiro.formatos import brl, data_br

PAGAMENTO_PARCIAL, JUROS_OU_DESCONTO = "PAGAMENTO_PARCIAL", "JUROS_OU_DESCONTO"


@dataclass(frozen=True)
class Pesos:
    """The weight of each clue (0..1), the thresholds that decide whether it holds, and the
    factors that lower a whole suggestion."""

    # --- the amount, against the open one (fractions of the open amount)
    # How far a transaction may be from the open amount and still be that lançamento: less by a
    # card acquirer's fee or a desconto, more by juros and multa.
    menos: Decimal = Decimal("0.06")
    mais: Decimal = Decimal("0.10")
    # Juros and multa grow with the delay: a 2% multa and 1% a month are the usual, with some slack.
    juros_fixos: Decimal = Decimal("0.03")
    juros_ao_dia: Decimal = Decimal("0.0015")
    # Acquirers' fees: their usual range starts here and ends at `menos`.
    taxa_minima_do_cartao: Decimal = Decimal("0.005")
    valor_igual: float = 0.55
    juros: float = 0.05                 # juros and multa: from this, up to juros + juros_faixa
    juros_faixa: float = 0.35           # ... the smaller the difference, the more
    taxa_do_cartao: float = 0.35        # an acquirer's fee in its usual range: any as likely
    taxa_fora_da_faixa: float = 0.2
    desconto: float = 0.05              # a desconto: from this, up to desconto + desconto_faixa
    desconto_faixa: float = 0.2
    parcial: float = 0.05               # a partial payment: only with another clue

    # --- dates
    vencimento: float = 0.35            # paid on the due date; less the farther from it
    dias_de_atraso: int = 5             # days late that count as one step from the due date
    dias_de_antecipacao: int = 3        # days early, likewise (paying early is less common)
    distancia_plausivel: int = 3        # steps from the due date before a match grows unlikely
    queda_da_plausibilidade: int = 30   # steps beyond that that halve it, down to...
    plausibilidade_minima: float = 0.5
    registro: float = 0.35              # a baixa dated the transaction's day; less the farther
    dias_do_registro: int = 2           # days from it that halve that

    # --- who, and which document
    cpf_cnpj: float = 0.85
    nome: float = 0.75                  # the name in the memo, at semelhanca 1
    nome_minimo: float = 0.6            # the semelhanca from which a name counts
    nome_nulo: float = 0.5              # the semelhanca at which a name would weigh nothing
    nome_certo: float = 0.8             # a name this like the memo says who it is, as a CPF would
    aprendido_por_vez: float = 0.25     # confirmed before for this pessoa with this memo's pattern
    aprendido_maximo: float = 0.75
    categoria_por_vez: float = 0.1      # ... for this categoria, with no pessoa
    categoria_maxima: float = 0.3
    documento: float = 0.8              # the lançamento's documento in the memo
    numero_na_descricao: float = 0.5
    na_conta: float = 0.1               # the lançamento is for the transaction's conta
    # The título's own identifiers in the memo or FITID: a txid is unique in the empresa; a nosso
    # número, in the conta (a number of the memo could be one by chance, rarely). With the amount
    # equal, either reaches the automatic conciliação's score.
    txid: float = 0.95
    nosso_numero: float = 0.9

    # --- reading a name in a memo (semelhanca)
    cortada: float = 0.9                # a word the bank cut at the end of the memo
    inicial: float = 0.5
    parecida: float = 0.85              # rapidfuzz's ratio (0..1) from which a word is a typo of another
    letras_para_parecer: int = 4        # words shorter than this are never typos of each other
    palavras_que_bastam: int = 2        # words of a name that, agreeing, say it is hers

    # --- sums (1:N, N:1)
    soma_da_pessoa: float = 0.55        # one pessoa's lançamentos adding up to the transaction...
    soma_da_pessoa_por_item: float = 0.05   # ... less for each one past two
    soma_de_varios: float = 0.15        # several pessoas' lançamentos: possible, rarely
    soma_de_varios_por_item: float = 0.03
    soma_de_transacoes: float = 0.5     # this and other transactions paying one lançamento exactly
    todas_do_dia: float = 0.25          # ... all the day's with this memo (a sale split over cards)
    soma_de_transacoes_da_baixa: float = 0.45
    baixa_registrada: float = 0.55      # a payment the ledger has, of the transaction's amount
    baixa_na_soma: float = 0.1          # ... of the sum of several transactions
    soma_de_baixas: float = 0.4

    # --- what lowers a whole suggestion
    entre_contas_proprias: float = 0.5
    outra_pessoa_nomeada: float = 0.6   # the memo surely names someone else
    outra_pessoa_talvez: float = 0.8    # ... probably
    outro_nome: float = 0.6             # names nobody registered, whose first name is not the pessoa's
    pagamento_parcial: float = 0.6      # the pessoa and the date alone must not rank it above a whole one

    # --- a new lançamento a SUGERIR rule proposes: the staff's own word, below a match that the
    # memo and the ledger agree on; each later rule a little less
    regra: float = 0.7
    regra_seguinte: float = 0.01


PESOS = Pesos()
P = PESOS


@dataclass(frozen=True)
class Pista:
    """A clue: its weight (0..1) and what it says to the staff."""
    peso: float
    motivo: str


def score(pistas: list[Pista], fator: float = 1.0) -> float:
    return round(fator * (1 - prod(1 - p.peso for p in pistas)), 3)


def motivos(pistas: list[Pista]) -> list[str]:
    return [p.motivo for p in sorted(pistas, key=lambda p: -p.peso)]


def plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


# ---------------------------------------------------------------- who the memo names


def semelhanca(nome_busca: str, nome_no_memo: list[str]) -> float:
    """How surely the name words of a memo are this pessoa's name (folded, as cadastros stores
    it), 0..1. A word matches whole, cut short at the end of the memo (where banks cut), as an
    initial, or with a typo (rapidfuzz). It is the share of the name the memo has (a memo may have
    room for only the first words of a long name), times the share of the memo the name explains
    (a surname that is not hers speaks against), times how many words agree (one first name
    could be anyone's)."""
    nome = [p for p in nome_busca.split() if p not in PARTICULAS and p not in VOCABULARIO_DO_BANCO]
    memo = [p for p in nome_no_memo if p not in PARTICULAS]
    if not nome or not memo:
        return 0.0
    livres = set(range(len(memo)))
    achado, casadas = 0.0, 0
    for palavra in nome:
        melhor, qual = 0.0, None
        for i in sorted(livres):
            candidata = memo[i]
            if candidata == palavra:
                nota = 1.0
            elif len(candidata) >= 2 and i == len(memo) - 1 and palavra.startswith(candidata):
                nota = P.cortada   # the bank cut the memo there
            elif len(candidata) == 1 and palavra.startswith(candidata):
                nota = P.inicial
            else:
                nota = fuzz.ratio(candidata, palavra) / 100
                nota = nota if nota >= P.parecida and min(len(candidata), len(palavra)) >= P.letras_para_parecer \
                    else 0.0
            if nota > melhor:
                melhor, qual = nota, i
        if qual is not None:
            livres.discard(qual)
            achado += melhor
            casadas += 1
    do_nome = achado / min(len(nome), len(memo))
    do_memo = achado / len(memo)
    return round(do_nome * do_memo * min(1.0, casadas / min(P.palavras_que_bastam, len(nome))), 3)


@lru_cache(maxsize=4096)
def tem_a_palavra(nome: str, palavra: str) -> bool:
    """Whether a name has this word (the first of a memo's name: whose money it is), typos aside."""
    return any(p == palavra or fuzz.ratio(p, palavra) >= 100 * P.parecida for p in palavras(nome))


@dataclass
class Pessoa:
    """A cliente or fornecedor the memo may be about: named by CPF/CNPJ, by a name like hers, or
    confirmed before with this memo's pattern."""
    id: int
    nome_busca: str
    por_documento: bool = False
    semelhanca: float = 0.0
    vezes: int = 0          # confirmed with this memo's pattern

    @property
    def nomeada(self) -> bool:
        return self.por_documento or self.semelhanca >= P.nome_minimo


def nomeada_com_certeza(pessoas: list[Pessoa]) -> Pessoa | None:
    """The one pessoa a memo surely names, or None: the only one of its CPF/CNPJ; without one, the
    only one its name words name at all, when as like it as a CPF would be (nome_certo). Two named
    ("CARLOS MENDES": Carlos Mendes and Carlos Mendes Filho) are neither."""
    por_documento = [p for p in pessoas if p.por_documento]
    if por_documento:
        return por_documento[0] if len(por_documento) == 1 else None
    nomeadas = [p for p in pessoas if p.nomeada]
    return nomeadas[0] if len(nomeadas) == 1 and nomeadas[0].semelhanca >= P.nome_certo else None


@dataclass
class Indicios:
    """What is known of a transaction before any candidate: the pessoas its memo names or its
    pattern was confirmed with, and the categorias its pattern was confirmed with (no pessoa)."""
    t: Transacao
    pessoas: dict[int, Pessoa]
    categorias: dict[int, int]   # categoria_id -> times confirmed with this pattern, no pessoa
    _ja_vistas: dict[tuple, list[Pista]] = field(default_factory=dict)

    def da_pessoa(self, linha: dict) -> list[Pista]:
        """What the memo says of a lançamento's (or a baixa's lançamento's) pessoa, documento and
        categoria; worked out once per row."""
        chave = ("baixa" if "valor_movimentado" in linha else "lancamento", linha["id"])
        if chave not in self._ja_vistas:
            self._ja_vistas[chave] = pistas_da_linha(self, linha)
        return self._ja_vistas[chave]

    def de_todas(self, linhas: list[dict]) -> list[Pista]:
        """The clues of several rows, each said once (two parcelas of Ana: her name once)."""
        unicas: dict[str, Pista] = {}
        for linha in linhas:
            for pista in self.da_pessoa(linha):
                unicas.setdefault(pista.motivo, pista)
        return list(unicas.values())


def pistas_da_linha(ind: Indicios, linha: dict) -> list[Pista]:
    """A row's (lançamento or baixa: pessoa_id, pessoa_nome, categoria_id, categoria_nome,
    documento, descricao) clues of who and what it is, from the memo."""
    t, pistas = ind.t, pistas_do_titulo(linha)
    pessoa = ind.pessoas.get(linha["pessoa_id"])
    nome = linha["pessoa_nome"]
    if pessoa is not None and pessoa.por_documento:
        pistas.append(Pista(P.cpf_cnpj, f"CPF/CNPJ do {t.papel} no histórico"))
    elif pessoa is not None and pessoa.semelhanca >= P.nome_minimo:
        peso = P.nome * (pessoa.semelhanca - P.nome_nulo) / (1 - P.nome_nulo)
        pistas.append(Pista(peso, f"nome do {t.papel} no histórico ({nome})"))
    if pessoa is not None and pessoa.vezes:
        pistas.append(Pista(min(P.aprendido_por_vez * pessoa.vezes, P.aprendido_maximo),
                            f"confirmado {plural(pessoa.vezes, 'vez', 'vezes')} para {nome} com este histórico"))
    elif linha["categoria_id"] in ind.categorias and linha["pessoa_id"] is None:
        vezes = ind.categorias[linha["categoria_id"]]
        pistas.append(Pista(min(P.categoria_por_vez * vezes, P.categoria_maxima),
                            f"confirmado {plural(vezes, 'vez', 'vezes')} para a "
                            f"categoria {linha['categoria_nome']} com este histórico"))
    numeros = set(t.historico.numeros)
    if not numeros:
        return pistas
    if set(palavras(linha["documento"] or "")) & numeros:
        pistas.append(Pista(P.documento, f"mesmo documento ({linha['documento']})"))
    elif numero := sorted(set(palavras(linha["descricao"])) & numeros):
        pistas.append(Pista(P.numero_na_descricao, f"número {numero[0]} na descrição do lançamento"))
    return pistas


def pistas_do_titulo(linha: dict) -> list[Pista]:
    """The txid or nosso número of the row's título that the transaction carries (candidatos'
    `txid_confere`, `nosso_numero_confere`; a row read elsewhere has neither)."""
    pistas = []
    if linha.get("txid_confere"):
        pistas.append(Pista(P.txid, "txid do PIX confere"))
    if linha.get("nosso_numero_confere"):
        pistas.append(Pista(P.nosso_numero, f"nosso número {linha['nosso_numero_confere']} confere"))
    return pistas


def do_titulo(linhas: list[dict]) -> bool:
    """Whether the transaction names each row's título."""
    return all(pistas_do_titulo(linha) for linha in linhas)


def na_conta(t: Transacao, linhas: list[dict]) -> list[Pista]:
    if all(l["conta_id"] == t.conta_id for l in linhas):
        return [Pista(P.na_conta, "previsto para esta conta")]
    return []


# ---------------------------------------------------------------- the amount


def pista_do_valor(t: Transacao, aberto: Decimal, dias: int, tem_indicio: bool) -> tuple[Pista, str | None] | None:
    """How the transaction's amount fits an open amount `dias` days after its due date, and how
    the difference would be treated; None when it does not fit. Less: an acquirer's fee (its memo
    says so) or a desconto. More: juros and multa, which only a late payment has (and never a
    card settlement). A partial payment fits only with another clue."""
    valor = t.valor
    if valor == aberto:
        return Pista(P.valor_igual, "valor igual ao em aberto"), None
    diferenca = abs(valor - aberto) / aberto
    if valor < aberto and diferenca <= P.menos:
        motivo = f"valor {brl(aberto - valor)} menor que o em aberto (tarifa ou desconto?)"
        return Pista(peso_da_taxa(t, diferenca), motivo), JUROS_OU_DESCONTO
    if valor > aberto and dias > 0 and not t.do_cartao \
            and diferenca <= min(P.mais, P.juros_fixos + P.juros_ao_dia * dias):
        return (Pista(P.juros + P.juros_faixa * float(1 - diferenca / P.mais),
                      f"valor {brl(valor - aberto)} maior que o em aberto (juros ou multa?)"), JUROS_OU_DESCONTO)
    if valor < aberto and tem_indicio:
        return Pista(P.parcial, f"pagamento parcial: {brl(valor)} de {brl(aberto)} em aberto"), PAGAMENTO_PARCIAL
    return None


def peso_da_taxa(t: Transacao, diferenca: Decimal) -> float:
    """An amount `diferenca` (a fraction) below the open one: for an acquirer, any fee in the usual
    range is as likely as another; otherwise a desconto, the smaller the likelier."""
    if t.do_cartao:
        return P.taxa_do_cartao if P.taxa_minima_do_cartao <= diferenca <= P.menos else P.taxa_fora_da_faixa
    return P.desconto + P.desconto_faixa * float(1 - diferenca / P.menos)


def pista_da_diferenca(aberto: Decimal, total: Decimal) -> Pista:
    """Says that several transactions make less than the open amount; weighs nothing by itself
    (the sum's clue weighs the fee)."""
    return Pista(0.0, f"valor {brl(aberto - total)} menor que o em aberto (tarifa ou desconto?)")


# ---------------------------------------------------------------- dates


def distancia(dias: int) -> float:
    """How far `dias` days after the due date (negative: before) is from paying on it: paying
    late is common, paying early less so."""
    return dias / P.dias_de_atraso if dias >= 0 else -dias / P.dias_de_antecipacao


def mais_longe(dias: list[int]) -> int:
    """Of several days from due dates, the farthest (by `distancia`)."""
    return max(dias, key=distancia)


def plausivel(dias: int) -> float:
    """Beyond a few weeks from the due date a match grows unlikely, whatever the amount says."""
    return max(P.plausibilidade_minima,
               1 - max(0.0, distancia(dias) - P.distancia_plausivel) / P.queda_da_plausibilidade)


def pista_do_vencimento(dias: int) -> Pista:
    """The transaction `dias` days after the due date (negative: before it)."""
    if dias == 0:
        motivo = "no dia do vencimento"
    elif dias > 0:
        motivo = f"{plural(dias, 'dia', 'dias')} após o vencimento"
    else:
        motivo = f"vence em {plural(-dias, 'dia', 'dias')}"
    return Pista(P.vencimento / (1 + distancia(dias)), motivo)


def pista_dos_vencimentos(data: date, linhas: list[dict]) -> Pista:
    """Several lançamentos paid on `data`: weighs as the farthest due date; says the range."""
    dias = [(data - l["data_vencimento"]).days for l in linhas]
    vencimento = pista_do_vencimento(mais_longe(dias))
    if len(set(dias)) > 1:
        primeiro, ultimo = min(l["data_vencimento"] for l in linhas), max(l["data_vencimento"] for l in linhas)
        vencimento = Pista(vencimento.peso, f"vencimentos de {data_br(primeiro)} a {data_br(ultimo)}")
    return vencimento


def pista_do_registro(dias: int) -> Pista:
    """The transaction `dias` days after a baixa was dated (negative: before)."""
    if dias == 0:
        motivo = "registrado no mesmo dia da transação"
    elif dias > 0:
        motivo = f"registrado {plural(dias, 'dia', 'dias')} antes da transação"
    else:
        motivo = f"registrado {plural(-dias, 'dia', 'dias')} depois da transação"
    return Pista(P.registro / (1 + abs(dias) / P.dias_do_registro), motivo)


# ---------------------------------------------------------------- payments already registered


def pista_do_pagamento_registrado(data: date, na_soma: bool = False) -> Pista:
    """A baixa the ledger has, dated `data`: of the transaction's amount, or of the sum of it
    and other transactions (`na_soma`: the sum's clue weighs that)."""
    return Pista(P.baixa_na_soma if na_soma else P.baixa_registrada,
                 f"pagamento já registrado no sistema em {data_br(data)}")


def pista_da_soma_de_baixas(baixas: list[dict]) -> Pista:
    primeira, ultima = min(b["data"] for b in baixas), max(b["data"] for b in baixas)
    quando = data_br(primeira) if primeira == ultima else f"de {data_br(primeira)} a {data_br(ultima)}"
    return Pista(P.soma_de_baixas, f"soma de {len(baixas)} pagamentos já registrados no sistema ({quando})")


# ---------------------------------------------------------------- sums


def pista_da_soma(linhas: list[dict]) -> Pista:
    """Several open lançamentos whose open amounts add up to the transaction: one pessoa's (her
    parcelas, likely), or several people's bills paid at once (possible, rarely)."""
    pessoa_ids = {l["pessoa_id"] for l in linhas}
    quais = "parcelas" if all(l["parcela"] for l in linhas) else "lançamentos"
    a_mais = len(linhas) - 2
    if len(pessoa_ids) == 1 and None not in pessoa_ids:
        return Pista(P.soma_da_pessoa - P.soma_da_pessoa_por_item * a_mais,
                     f"soma de {len(linhas)} {quais} de {linhas[0]['pessoa_nome']}")
    return Pista(P.soma_de_varios - P.soma_de_varios_por_item * a_mais, f"soma de {len(linhas)} {quais}")


def pistas_da_soma_de_transacoes(outras: int, peso: float, todas_do_dia: bool) -> list[Pista]:
    """This transaction and `outras` more make one payment; `todas_do_dia`: they are every one of
    the day's with this memo, none left (a sale split over cards)."""
    pistas = [Pista(peso, f"soma de {outras + 1} transações do extrato")]
    if todas_do_dia:
        pistas.append(Pista(P.todas_do_dia, f"reúne as {outras + 1} transações do dia com este histórico"))
    return pistas


# ---------------------------------------------------------------- what lowers the whole


def fator(ind: Indicios, dias: int | None, linhas: list[dict]) -> float:
    """What lowers any clue: a date far from due, a memo naming someone else than these
    lançamentos' (or baixas') pessoas, a memo saying the money only moved between the holder's own
    accounts. Nothing, when the transaction names each one's título."""
    if do_titulo(linhas):
        return 1.0
    longe = 1.0 if dias is None else plausivel(dias)
    propria = P.entre_contas_proprias if ind.t.entre_contas_proprias else 1.0
    return longe * fator_de_outra_pessoa(ind, linhas) * propria


def fator_de_outra_pessoa(ind: Indicios, linhas: list[dict]) -> float:
    """The memo names a registered pessoa, and (some of) these are someone else's; or it names
    someone nobody registered, and these are of a pessoa whose name lacks the memo's first name."""
    # A CPF/CNPJ says who it is; a name, who it may be.
    nomeadas = [p for p in ind.pessoas.values() if p.por_documento] or [p for p in ind.pessoas.values() if p.nomeada]
    if nomeadas:
        if {l["pessoa_id"] for l in linhas} <= {p.id for p in nomeadas}:
            return 1.0
        certa = any(p.por_documento or p.semelhanca >= P.nome_certo for p in nomeadas)
        return P.outra_pessoa_nomeada if certa else P.outra_pessoa_talvez
    nome = [p for p in ind.t.historico.nome if p not in PARTICULAS]
    if len(nome) >= P.palavras_que_bastam \
            and any(l["pessoa_nome"] and not tem_a_palavra(l["pessoa_nome"], nome[0]) for l in linhas):
        return P.outro_nome
    return 1.0


# ---------------------------------------------------------------- rules


def score_da_regra(ordem: int) -> float:
    """The score of the `ordem`-th (from 0) SUGERIR rule a transaction meets."""
    return round(P.regra - P.regra_seguinte * ordem, 3)
