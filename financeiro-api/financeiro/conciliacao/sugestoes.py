"""What a statement transaction probably is in the ledger, ranked, each with its reasons in pt-BR.

Candidates come from indexes, never from reading the ledger: the open lançamentos of the
transaction's direction by open amount (equal, or near it: a card settlement net of its fee, a
payment with juros) and by due date near its date; those of the pessoa its memo names (CPF/CNPJ
digits, or the words of a name, scored fuzzily: banks write names in capitals, without accents,
cut short); those whose documento the memo quotes; those of the pessoa this memo's pattern was
confirmed with before (padroes); the conta's baixas not yet reconciled; and the conta's other open
transactions of nearby days. Combinations — one transaction for several lançamentos or baixas,
several transactions for one lançamento — come from the bounded subset sum (subconjuntos).

Each clue (a `Pista`) weighs like a probability, and a suggestion's score joins its clues as
independent ones, 1 − Π(1 − p): two weak clues make a stronger one and no clue reaches 1 alone.
A few facts then lower the whole (`_fator`): a due date far away, a memo that names someone else,
a memo that says the money only moved between the holder's own accounts, a partial payment. The
motivos are the clues' reasons, the weightiest first. The weights were tuned against the month of
a studio's statement that tests/gerador_conciliacao.py generates (precision and recall of the top
suggestion: tests/test_sugestoes.py).
"""
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from math import ceil, prod

from rapidfuzz import fuzz

from shared.texto import FIM, palavras

from financeiro.conciliacao import padroes, regras
from financeiro.conciliacao.subconjuntos import combinacoes
from financeiro.formatos import brl, data_br

LANCAMENTOS, BAIXAS, NOVO_LANCAMENTO = "LANCAMENTOS", "BAIXAS", "NOVO_LANCAMENTO"
PAGAMENTO_PARCIAL, JUROS_OU_DESCONTO = "PAGAMENTO_PARCIAL", "JUROS_OU_DESCONTO"

# How far a transaction may be from the open amount and still be that lançamento: less by a card
# acquirer's fee or a desconto, more by juros and multa (fractions of the open amount).
MENOS = Decimal("0.06")
MAIS = Decimal("0.10")
# Juros and multa grow with the delay: a 2% multa and 1% a month are the usual, with some slack.
JUROS_FIXOS = Decimal("0.03")
JUROS_AO_DIA = Decimal("0.0015")
# Card acquirers, whose settlements come net of their fee.
ADQUIRENTES = frozenset({"cielo", "rede", "stone", "getnet", "pagseguro", "sumup", "safrapay", "vero", "granito",
                         "adyen", "pagarme", "infinitepay"})

# What banks write for money moved between the holder's own accounts and investments (and their
# yield), which no lançamento stands for; matched as parts of the folded memo.
ENTRE_CONTAS_PROPRIAS = ("mesma titularidade", "entre contas", "transf propria", "aplic", "resgate", "rendimento")
# Acquirers' fees: their usual range.
TAXA_DO_CARTAO = (Decimal("0.005"), MENOS)

# Days around the transaction's date where each kind of candidate is looked for.
EXATOS = (-365, 180)        # the open amount equal to the transaction's
COM_TAXA = (-10, 10)        # a little more than it: a fee or a desconto taken, paid about when due
COM_JUROS = (-60, -1)       # a little less: juros and multa added, paid late
PROXIMOS = (-10, 10)        # any amount, in the same conta (parts of a sum)
DA_PESSOA = (-400, 200)     # the open lançamentos of a pessoa the memo names
BAIXAS_REGISTRADAS = (-7, 3)
OUTRAS_TRANSACOES = 3

# Rows each lookup may bring: enough for a busy day, bounded for a busy empresa.
POR_LADO = 6
NA_FAIXA = 20
PROXIMOS_POR_LADO = 10
POR_PESSOA = 100
POR_PALAVRA = 200
POR_NUMERO = 20
MAXIMO_BAIXAS = 80
MAXIMO_OUTRAS = 10
MAXIMO_PESSOAS = 5
# Items one subset sum may combine, the nearest in date: the search stays within its budget.
NA_SOMA = 16

# A name in the memo counts from this similarity on (0..1, `semelhanca`).
NOME_MINIMO = 0.6
# What a partial payment's score is multiplied by: the pessoa and the date alone must not rank it
# above a payment of the whole.
PARCIAL = 0.6
# Score of a new lançamento a SUGERIR rule proposes: the staff's own word, below a match that the
# memo and the ledger agree on.
SCORE_DA_REGRA = 0.7


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


@dataclass(frozen=True)
class Pista:
    """A clue: its weight (0..1) and what it says to the staff."""
    peso: float
    motivo: str


def score(pistas: list[Pista], fator: float = 1.0) -> float:
    return round(fator * (1 - prod(1 - p.peso for p in pistas)), 3)


def motivos(pistas: list[Pista]) -> list[str]:
    return [p.motivo for p in sorted(pistas, key=lambda p: -p.peso)]


# ---------------------------------------------------------------- the memo

# Words banks put around names and numbers, acquirers and states ("DEB AUTOMATICO ENEL SP"):
# never part of a pessoa's name.
VOCABULARIO_DO_BANCO = ADQUIRENTES | frozenset("""
    pix recebido recebida receb rec enviado enviada env ted doc tef transf transferencia trans
    pagamento pagto pgto pag pago boleto bol titulo tit cobranca liquidacao deposito dep dinheiro
    especie cheque chq compensado credito cred cr debito deb db automatico aut tarifa tar pacote
    servicos serv iof juros multa cartao cart vendas venda visa master mastercard elo amex hipercard
    antecipacao banco bco ag agencia cc conta ct para orig origem dest destino favorecido remetente
    sispag internet mob mobile app qr code nf nfe nota fiscal ref referente parcela parc contrato
    ltda me eireli sa epp mei cpf cnpj sal mesma titularidade entre contas aplicacao resgate estorno
    devolucao ordem pessoa fisica juridica via
    ac al ap am ba ce df es go ma mt ms mg pa pb pr pe pi rj rn rs ro rr sc sp se to
""".split())
PARTICULAS = frozenset({"da", "de", "do", "das", "dos", "e"})
_CPF_CNPJ = re.compile(r"(?<![\d])(\d{3}\.?\d{3}\.?\d{3}-?\d{2}|\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2})(?!\d)")
_ANO = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Historico:
    """What a memo offers: the words of a name, CPF/CNPJ digits, numbers that may be a document."""
    nome: list[str]
    documentos: list[str]
    numeros: list[str]

    @classmethod
    def de(cls, memo: str) -> "Historico":
        documentos = sorted({re.sub(r"\D", "", achado) for achado in _CPF_CNPJ.findall(memo)})
        todas = palavras(memo)
        nome = [p for p in todas if p.isalpha() and p not in VOCABULARIO_DO_BANCO]
        numeros = []
        for palavra in todas:
            if not any(c.isdigit() for c in palavra) or palavra in documentos:
                continue
            digitos = re.sub(r"\D", "", palavra)
            for variante in (palavra, digitos, digitos.lstrip("0")):
                if len(variante) >= 4 and not _ANO.match(variante) and variante not in numeros:
                    numeros.append(variante)
        return cls(nome[:8], documentos, numeros[:8])


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
                nota = 0.9   # the bank cut the memo there
            elif len(candidata) == 1 and palavra.startswith(candidata):
                nota = 0.5   # an initial
            else:
                nota = fuzz.ratio(candidata, palavra) / 100
                nota = nota if nota >= 0.85 and min(len(candidata), len(palavra)) >= 4 else 0.0
            if nota > melhor:
                melhor, qual = nota, i
        if qual is not None:
            livres.discard(qual)
            achado += melhor
            casadas += 1
    do_nome = achado / min(len(nome), len(memo))
    do_memo = achado / len(memo)
    return round(do_nome * do_memo * min(1.0, casadas / min(2, len(nome))), 3)


# ---------------------------------------------------------------- the transaction


@dataclass
class _Transacao:
    id: int
    conta_id: int
    data: date
    valor: Decimal          # the money that moved, positive
    entrada: bool
    memo: str
    historico: Historico

    @cached_property
    def do_cartao(self) -> bool:
        return self.entrada and not ADQUIRENTES.isdisjoint(palavras(self.memo))

    @cached_property
    def entre_contas_proprias(self) -> bool:
        memo = " ".join(palavras(self.memo))
        return any(expressao in memo for expressao in ENTRE_CONTAS_PROPRIAS)

    @property
    def tipo(self) -> str:
        return "RECEITA" if self.entrada else "DESPESA"

    @property
    def papel(self) -> str:
        return "cliente" if self.entrada else "fornecedor"

    @property
    def tabela(self) -> str:
        """cadastros' table of the pessoas this transaction's lançamentos point at."""
        return "clientes" if self.entrada else "fornecedores"

    def dias(self, de: int, ate: int) -> tuple[date, date]:
        """The dates `de` to `ate` days from the transaction's."""
        return self.data + timedelta(days=de), self.data + timedelta(days=ate)


@dataclass
class _Pessoa:
    id: int
    nome_busca: str
    por_documento: bool = False
    semelhanca: float = 0.0
    vezes: int = 0          # confirmed with this memo's pattern

    @property
    def nomeada(self) -> bool:
        return self.por_documento or self.semelhanca >= NOME_MINIMO


@dataclass
class _Contexto:
    t: _Transacao
    pessoas: dict[int, _Pessoa]
    categorias: dict[int, int]   # categoria_id -> times confirmed with this pattern, no pessoa
    lancamentos: list[dict] = field(default_factory=list)
    ja_vistas: dict[tuple, list[Pista]] = field(default_factory=dict)   # _pistas_da_pessoa's


def sugerir(cur, transacao: dict, limite: int = 5) -> list[Sugestao]:
    """The best `limite` suggestions for a transaction (a row of extratos.transacao), best first.
    A reconciled transaction has none."""
    if transacao["conciliado"] or transacao["valor"] == 0:
        return []
    t = _Transacao(transacao["id"], transacao["conta_id"], transacao["data"], abs(transacao["valor"]),
                   transacao["valor"] > 0, transacao["memo"], Historico.de(transacao["memo"]))
    pessoas, categorias = _aprendidos(cur, t)
    pessoas = _pessoas_no_memo(cur, t, pessoas)
    ctx = _Contexto(t, pessoas, categorias)
    ctx.lancamentos = _lancamentos(cur, ctx)
    baixas = _baixas(cur, ctx)
    outras = _outras_transacoes(cur, t)
    todas = [*_um_para_um(ctx), *_um_para_varios(ctx), *_varios_para_um(ctx, outras, baixas),
             *_baixas_registradas(ctx, baixas), *_regras(cur, transacao)]
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


# ---------------------------------------------------------------- looking up


def _aprendidos(cur, t: _Transacao) -> tuple[dict[int, _Pessoa], dict[int, int]]:
    """The pessoas and categorias confirmed before with this memo's pattern and direction."""
    pessoas: dict[int, _Pessoa] = {}
    categorias: dict[int, int] = {}
    for linha in padroes.aprendidos(cur, t.memo, t.valor if t.entrada else -t.valor):
        pessoa_id = linha["cliente_id"] if t.entrada else linha["fornecedor_id"]
        if pessoa_id is not None:
            pessoas.setdefault(pessoa_id, _Pessoa(pessoa_id, "")).vezes += linha["vezes"]
        elif linha["cliente_id"] is None and linha["fornecedor_id"] is None:
            categorias[linha["categoria_id"]] = categorias.get(linha["categoria_id"], 0) + linha["vezes"]
    return pessoas, categorias


def _pessoas_no_memo(cur, t: _Transacao, aprendidas: dict[int, _Pessoa]) -> dict[int, _Pessoa]:
    """The pessoas the memo names — by CPF/CNPJ, or by words of the name (each word an index
    lookup; the last one also as the start of a word, for names the bank cut) — scored, and
    those learned. At most MAXIMO_PESSOAS named ones, the likeliest."""
    h = t.historico
    buscadas = [p for p in h.nome if len(p) >= 2 and p not in PARTICULAS]
    ultima = buscadas[-1] if buscadas and len(buscadas[-1]) >= 3 else None
    cur.execute(
        f"""SELECT p.id, p.nome_busca, true AS por_documento
              FROM cadastros.{t.tabela} p
             WHERE p.empresa_id = plataforma.empresa_atual() AND p.cpf_cnpj = ANY(%(documentos)s::text[])
            UNION ALL
            SELECT w.pessoa_id, w.nome_busca, false
              FROM unnest(%(palavras)s::text[]) AS q (palavra)
             CROSS JOIN LATERAL (
                   SELECT pessoa_id, nome_busca FROM cadastros.{t.tabela}_palavras
                    WHERE empresa_id = plataforma.empresa_atual() AND palavra = q.palavra
                    ORDER BY pessoa_id LIMIT %(por_palavra)s) w
            UNION ALL
            (SELECT pessoa_id, nome_busca, false FROM cadastros.{t.tabela}_palavras
              WHERE empresa_id = plataforma.empresa_atual() AND %(ultima)s::text IS NOT NULL
                AND palavra > %(ultima)s AND palavra < %(ultima)s || %(fim)s
              ORDER BY palavra, pessoa_id LIMIT %(por_palavra)s)
            UNION ALL
            SELECT p.id, p.nome_busca, false FROM cadastros.{t.tabela} p
             WHERE p.empresa_id = plataforma.empresa_atual() AND p.id = ANY(%(aprendidas)s::bigint[])""",
        {"documentos": h.documentos, "palavras": buscadas, "ultima": ultima, "fim": FIM,
         "por_palavra": POR_PALAVRA, "aprendidas": list(aprendidas)},
    )
    achadas: dict[int, _Pessoa] = {}
    palavras_achadas: dict[int, int] = {}
    for linha in cur.fetchall():
        pessoa = achadas.setdefault(linha["id"], aprendidas.get(linha["id"]) or _Pessoa(linha["id"], ""))
        pessoa.nome_busca = linha["nome_busca"]
        pessoa.por_documento = pessoa.por_documento or linha["por_documento"]
        palavras_achadas[linha["id"]] = palavras_achadas.get(linha["id"], 0) + 1
    # One word of a memo with more (a first name: hundreds of Marias) names nobody: not scored.
    bastam = min(2, len(buscadas))
    for pessoa in achadas.values():
        if palavras_achadas[pessoa.id] >= bastam or pessoa.por_documento or pessoa.vezes:
            pessoa.semelhanca = semelhanca(pessoa.nome_busca, h.nome)
    nomeadas = sorted((p for p in achadas.values() if p.nomeada),
                      key=lambda p: (not p.por_documento, -p.semelhanca, p.id))[:MAXIMO_PESSOAS]
    return {p.id: p for p in [*nomeadas, *(p for p in achadas.values() if p.vezes and not p.nomeada)]}


# The open amount in cents, as lancamentos stores it for its index (migrations/0007_conciliacao.sql).
_ABERTO_EM_CENTAVOS = "aberto_centavos"
_EM_ABERTO = """empresa_id = plataforma.empresa_atual() AND tipo = %(tipo)s AND status IN ('PENDENTE', 'PARCIAL')"""


def _lancamentos(cur, ctx: _Contexto) -> list[dict]:
    """The candidate open lançamentos, each read once, with what the clues need. Every lookup is
    an index range in a deterministic order, bounded by its LIMIT."""
    t = ctx.t
    pessoa = "cliente_id" if t.entrada else "fornecedor_id"
    centavos = _centavos(t.valor)
    aberto = _ABERTO_EM_CENTAVOS
    cur.execute(
        f"""WITH candidatos AS (
                -- the transaction's amount, due nearest its date on each side
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = %(valor)s::bigint
                    AND data_vencimento >= %(data)s AND data_vencimento <= %(ate_exatos)s
                  ORDER BY data_vencimento, id LIMIT %(por_lado)s)
                UNION
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} = %(valor)s::bigint
                    AND data_vencimento < %(data)s AND data_vencimento >= %(de_exatos)s
                  ORDER BY data_vencimento DESC, id LIMIT %(por_lado)s)
                UNION
                -- a little more than the transaction (a fee or a desconto taken), due around it
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} > %(valor)s::bigint AND {aberto} <= %(com_taxa)s::bigint
                    AND data_vencimento BETWEEN %(de_taxa)s AND %(ate_taxa)s
                  ORDER BY {aberto}, id LIMIT %(na_faixa)s)
                UNION
                -- a little less (juros and multa added), due before it
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {aberto} < %(valor)s::bigint AND {aberto} >= %(sem_juros)s::bigint
                    AND data_vencimento BETWEEN %(de_juros)s AND %(ate_juros)s
                  ORDER BY {aberto} DESC, id LIMIT %(na_faixa)s)
                UNION
                -- any amount, of this conta, due nearest its date (the parts of a sum)
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = %(conta)s
                    AND data_vencimento >= %(data)s AND data_vencimento <= %(ate_proximos)s
                  ORDER BY data_vencimento, id LIMIT %(proximos)s)
                UNION
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND conta_id = %(conta)s
                    AND data_vencimento < %(data)s AND data_vencimento >= %(de_proximos)s
                  ORDER BY data_vencimento DESC, id LIMIT %(proximos)s)
                UNION
                -- the pessoas the memo names or this pattern was confirmed with
                (SELECT id FROM financeiro.lancamentos
                  WHERE {_EM_ABERTO} AND {pessoa} = ANY(%(pessoas)s::bigint[])
                    AND data_vencimento BETWEEN %(de_pessoa)s AND %(ate_pessoa)s
                  ORDER BY data_vencimento, id LIMIT %(por_pessoa)s)
                UNION
                -- the numbers of the memo among descrições and documentos, newest first
                SELECT p.lancamento_id FROM unnest(%(numeros)s::text[]) AS n (palavra)
                 CROSS JOIN LATERAL (
                       SELECT lancamento_id FROM financeiro.lancamentos_palavras
                        WHERE empresa_id = plataforma.empresa_atual() AND palavra = n.palavra
                        ORDER BY lancamento_id DESC LIMIT %(por_numero)s) p)
            SELECT l.id, l.descricao, l.documento, l.valor - l.valor_pago AS aberto, l.data_vencimento,
                   l.conta_id, l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id,
                   pe.nome AS pessoa_nome, s.tipo IS NOT DISTINCT FROM 'PARCELAMENTO' AS parcela
              FROM candidatos c
              JOIN financeiro.lancamentos l ON l.empresa_id = plataforma.empresa_atual() AND l.id = c.id
              JOIN cadastros.categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
              LEFT JOIN cadastros.{t.tabela} pe ON pe.empresa_id = l.empresa_id AND pe.id = l.{pessoa}
              LEFT JOIN financeiro.series s ON s.empresa_id = l.empresa_id AND s.id = l.serie_id
             WHERE l.tipo = %(tipo)s AND l.status IN ('PENDENTE', 'PARCIAL')
             ORDER BY l.id""",
        {"tipo": t.tipo, "valor": centavos, "data": t.data, "conta": t.conta_id,
         "com_taxa": int(centavos / (1 - MENOS)), "sem_juros": ceil(centavos / (1 + MAIS)),
         **_janela(t, "exatos", EXATOS), **_janela(t, "taxa", COM_TAXA), **_janela(t, "juros", COM_JUROS),
         **_janela(t, "proximos", PROXIMOS), **_janela(t, "pessoa", DA_PESSOA),
         "pessoas": list(ctx.pessoas), "numeros": t.historico.numeros, "por_lado": POR_LADO,
         "na_faixa": NA_FAIXA, "proximos": PROXIMOS_POR_LADO, "por_pessoa": POR_PESSOA, "por_numero": POR_NUMERO},
    )
    return cur.fetchall()


def _janela(t: _Transacao, nome: str, dias: tuple[int, int]) -> dict:
    de, ate = t.dias(*dias)
    return {f"de_{nome}": de, f"ate_{nome}": ate}


def _baixas(cur, ctx: _Contexto) -> list[dict]:
    """The conta's baixas of this direction not yet reconciled, of nearby days: those of the
    transaction's amount first, then the nearest."""
    t = ctx.t
    pessoa = "cliente_id" if t.entrada else "fornecedor_id"
    de, ate = t.dias(*BAIXAS_REGISTRADAS)
    cur.execute(
        f"""SELECT b.id, b.lancamento_id, b.data, b.valor_movimentado, l.descricao, l.documento,
                   l.categoria_id, cat.nome AS categoria_nome, l.{pessoa} AS pessoa_id, pe.nome AS pessoa_nome
              FROM (SELECT id, lancamento_id, data, valor_movimentado FROM financeiro.baixas
                     WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %(conta)s
                       AND conciliacao_id IS NULL AND data BETWEEN %(de)s AND %(ate)s
                     ORDER BY valor_movimentado = %(valor)s DESC, abs(data - %(data)s), id
                     LIMIT %(maximo)s) b
              JOIN financeiro.lancamentos l ON l.empresa_id = plataforma.empresa_atual() AND l.id = b.lancamento_id
              JOIN cadastros.categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
              LEFT JOIN cadastros.{t.tabela} pe ON pe.empresa_id = l.empresa_id AND pe.id = l.{pessoa}
             WHERE l.tipo = %(tipo)s
             ORDER BY b.id""",
        {"conta": t.conta_id, "de": de, "ate": ate, "valor": t.valor, "data": t.data,
         "maximo": MAXIMO_BAIXAS, "tipo": t.tipo},
    )
    return cur.fetchall()


def _outras_transacoes(cur, t: _Transacao) -> list[dict]:
    """The conta's other open transactions of the same direction a few days around, whose memo
    looks like this one's (the same acquirer, the same payer): parts of one payment."""
    cur.execute(
        """SELECT id, data, valor, memo FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %(conta)s
              AND NOT conciliado AND descartada_em IS NULL AND NOT revisar
              AND data BETWEEN %(de)s AND %(ate)s AND id <> %(id)s AND (valor > 0) = %(entrada)s
            ORDER BY abs(data - %(data)s), id
            LIMIT %(maximo)s""",
        {"conta": t.conta_id, "de": t.data - timedelta(days=OUTRAS_TRANSACOES),
         "ate": t.data + timedelta(days=OUTRAS_TRANSACOES), "id": t.id, "entrada": t.entrada,
         "data": t.data, "maximo": 4 * MAXIMO_OUTRAS},
    )
    origem = _origem(t.memo)
    return [linha for linha in cur.fetchall() if _origem(linha["memo"]) == origem][:MAXIMO_OUTRAS]


def _origem(memo: str) -> tuple[str, ...]:
    """Who a memo says the money is from or to: its words but the bank's and the numbers (a
    payer's name), or, when that leaves nothing, the bank's words (an acquirer's settlements)."""
    todas = (padroes.padrao(memo) or "").split()
    return tuple(p for p in todas if p not in VOCABULARIO_DO_BANCO) or tuple(todas)


def _regras(cur, transacao: dict) -> list[Sugestao]:
    """A new lançamento for each SUGERIR rule the transaction meets, in the rules' order."""
    sugeridas = []
    for n, regra in enumerate(r for r in regras.aplicaveis(cur, transacao) if r["acao"] == "SUGERIR"):
        sugeridas.append(Sugestao(
            NOVO_LANCAMENTO, [transacao["id"]], [], [], round(SCORE_DA_REGRA - 0.01 * n, 3),
            [f"regra “{regra['nome']}”"], None, Decimal("0.00"), regra["id"], regra["nome"],
            {"categoria_id": regra["categoria_id"], "cliente_id": regra["cliente_id"],
             "fornecedor_id": regra["fornecedor_id"],
             "descricao": regra["descricao"] or transacao["memo"][:200]}))
    return sugeridas


# ---------------------------------------------------------------- clues


def _centavos(valor: Decimal) -> int:
    return int(valor * 100)


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def pista_do_vencimento(dias: int) -> Pista:
    """The transaction `dias` days after the due date (negative: before it)."""
    if dias == 0:
        motivo = "no dia do vencimento"
    elif dias > 0:
        motivo = f"{_plural(dias, 'dia', 'dias')} após o vencimento"
    else:
        motivo = f"vence em {_plural(-dias, 'dia', 'dias')}"
    return Pista(0.35 / (1 + distancia(dias)), motivo)


def distancia(dias: int) -> float:
    """How far `dias` days after the due date (negative: before) is from paying on it: paying
    late is common, paying early less so."""
    return dias / 5 if dias >= 0 else -dias / 3


def _plausivel(dias: int) -> float:
    """Beyond a few weeks from the due date a match grows unlikely, whatever the amount says."""
    return max(0.5, 1 - max(0.0, distancia(dias) - 3) / 30)


def _pistas_da_pessoa(ctx: _Contexto, linha: dict) -> list[Pista]:
    """What the memo says of a lançamento's (or a baixa's lançamento's) pessoa, documento and
    categoria; worked out once per row."""
    chave = ("baixa" if "valor_movimentado" in linha else "lancamento", linha["id"])
    if chave not in ctx.ja_vistas:
        ctx.ja_vistas[chave] = _pistas_novas(ctx, linha)
    return ctx.ja_vistas[chave]


def _pistas_novas(ctx: _Contexto, linha: dict) -> list[Pista]:
    t, pistas = ctx.t, []
    pessoa = ctx.pessoas.get(linha["pessoa_id"])
    nome = linha["pessoa_nome"]
    if pessoa is not None and pessoa.por_documento:
        pistas.append(Pista(0.85, f"CPF/CNPJ do {t.papel} no histórico"))
    elif pessoa is not None and pessoa.semelhanca >= NOME_MINIMO:
        peso = 0.75 * (pessoa.semelhanca - 0.5) / 0.5
        pistas.append(Pista(peso, f"nome do {t.papel} no histórico ({nome})"))
    if pessoa is not None and pessoa.vezes:
        pistas.append(Pista(min(0.25 * pessoa.vezes, 0.75),
                            f"confirmado {_plural(pessoa.vezes, 'vez', 'vezes')} para {nome} com este histórico"))
    elif linha["categoria_id"] in ctx.categorias and linha["pessoa_id"] is None:
        vezes = ctx.categorias[linha["categoria_id"]]
        pistas.append(Pista(min(0.1 * vezes, 0.3), f"confirmado {_plural(vezes, 'vez', 'vezes')} para a "
                                                   f"categoria {linha['categoria_nome']} com este histórico"))
    numeros = set(t.historico.numeros)
    if not numeros:
        return pistas
    if set(palavras(linha["documento"] or "")) & numeros:
        pistas.append(Pista(0.8, f"mesmo documento ({linha['documento']})"))
    elif numero := sorted(set(palavras(linha["descricao"])) & numeros):
        pistas.append(Pista(0.5, f"número {numero[0]} na descrição do lançamento"))
    return pistas


def _pistas_de_todas(ctx: _Contexto, linhas: list[dict]) -> list[Pista]:
    """The clues of several rows, each said once (two parcelas of Ana: her name once)."""
    unicas: dict[str, Pista] = {}
    for linha in linhas:
        for pista in _pistas_da_pessoa(ctx, linha):
            unicas.setdefault(pista.motivo, pista)
    return list(unicas.values())


def _fator(ctx: _Contexto, dias: int | None, linhas: list[dict]) -> float:
    """What lowers any clue: a date far from due, a memo naming someone else than these
    lançamentos' (or baixas') pessoas, a memo saying the money only moved between the holder's own
    accounts."""
    plausivel = 1.0 if dias is None else _plausivel(dias)
    return plausivel * _fator_de_outra_pessoa(ctx, linhas) * (0.5 if ctx.t.entre_contas_proprias else 1.0)


def _fator_de_outra_pessoa(ctx: _Contexto, linhas: list[dict]) -> float:
    """The memo names a registered pessoa, and (some of) these are someone else's; or it names
    someone nobody registered, and these are of a pessoa whose name lacks the memo's first name."""
    # A CPF/CNPJ says who it is; a name, who it may be.
    nomeadas = [p for p in ctx.pessoas.values() if p.por_documento] or [p for p in ctx.pessoas.values() if p.nomeada]
    if nomeadas:
        if {l["pessoa_id"] for l in linhas} <= {p.id for p in nomeadas}:
            return 1.0
        return 0.6 if any(p.por_documento or p.semelhanca >= 0.8 for p in nomeadas) else 0.8
    nome = [p for p in ctx.t.historico.nome if p not in PARTICULAS]
    if len(nome) >= 2 and any(l["pessoa_nome"] and not _tem_a_palavra(l["pessoa_nome"], nome[0]) for l in linhas):
        return 0.6
    return 1.0


@lru_cache(maxsize=4096)
def _tem_a_palavra(nome: str, palavra: str) -> bool:
    """Whether a name has this word (the first of a memo's name: whose money it is), typos aside."""
    return any(p == palavra or fuzz.ratio(p, palavra) >= 85 for p in palavras(nome))


def _pista_do_valor(t: _Transacao, aberto: Decimal, dias: int, tem_indicio: bool) -> tuple[Pista, str | None] | None:
    """How the transaction's amount fits an open amount `dias` days after its due date, and how
    the difference would be treated; None when it does not fit. Less: an acquirer's fee (its memo
    says so) or a desconto. More: juros and multa, which only a late payment has (and never a
    card settlement). A partial payment fits only with another clue."""
    valor = t.valor
    if valor == aberto:
        return Pista(0.55, "valor igual ao em aberto"), None
    diferenca = abs(valor - aberto) / aberto
    if valor < aberto and diferenca <= MENOS:
        motivo = f"valor {brl(aberto - valor)} menor que o em aberto (tarifa ou desconto?)"
        return Pista(_peso_da_taxa(t, diferenca), motivo), JUROS_OU_DESCONTO
    if valor > aberto and dias > 0 and not t.do_cartao \
            and diferenca <= min(MAIS, JUROS_FIXOS + JUROS_AO_DIA * dias):
        return (Pista(0.05 + 0.35 * float(1 - diferenca / MAIS),
                      f"valor {brl(valor - aberto)} maior que o em aberto (juros ou multa?)"), JUROS_OU_DESCONTO)
    if valor < aberto and tem_indicio:
        return Pista(0.05, f"pagamento parcial: {brl(valor)} de {brl(aberto)} em aberto"), PAGAMENTO_PARCIAL
    return None


def _peso_da_taxa(t: _Transacao, diferenca: Decimal) -> float:
    """An amount `diferenca` (a fraction) below the open one: for an acquirer, any fee in the usual
    range is as likely as another; otherwise a desconto, the smaller the likelier."""
    if t.do_cartao:
        return 0.35 if TAXA_DO_CARTAO[0] <= diferenca <= TAXA_DO_CARTAO[1] else 0.2
    return 0.05 + 0.2 * float(1 - diferenca / MENOS)


def _na_conta(ctx: _Contexto, linhas: list[dict]) -> list[Pista]:
    return [Pista(0.1, "previsto para esta conta")] if all(l["conta_id"] == ctx.t.conta_id for l in linhas) else []


# ---------------------------------------------------------------- suggestions


def _um_para_um(ctx: _Contexto) -> list[Sugestao]:
    """The transaction settles one open lançamento."""
    t, sugeridas = ctx.t, []
    for linha in ctx.lancamentos:
        da_pessoa = _pistas_da_pessoa(ctx, linha)
        dias = (t.data - linha["data_vencimento"]).days
        valor = _pista_do_valor(t, linha["aberto"], dias, bool(da_pessoa))
        if valor is None:
            continue
        pistas = [valor[0], *da_pessoa, pista_do_vencimento(dias), *_na_conta(ctx, [linha])]
        fator = _fator(ctx, dias, [linha]) * (PARCIAL if valor[1] == PAGAMENTO_PARCIAL else 1)
        sugeridas.append(Sugestao(LANCAMENTOS, [t.id], [linha["id"]], [], score(pistas, fator), motivos(pistas),
                                  valor[1], t.valor - linha["aberto"]))
    return sugeridas


def _um_para_varios(ctx: _Contexto) -> list[Sugestao]:
    """The transaction settles several open lançamentos whose open amounts add up to it exactly:
    a pessoa's parcelas (the pessoa the memo names), or the conta's lançamentos due nearby."""
    t = ctx.t
    menores = [l for l in ctx.lancamentos if l["aberto"] < t.valor]
    grupos = [[l for l in menores if l["pessoa_id"] == pessoa_id] for pessoa_id in ctx.pessoas]
    grupos.append([l for l in menores if l["conta_id"] == t.conta_id
                   and abs((t.data - l["data_vencimento"]).days) <= PROXIMOS[1]])
    sugeridas = []
    for grupo in grupos:
        grupo = sorted(grupo, key=lambda l: (distancia((t.data - l["data_vencimento"]).days), l["id"]))[:NA_SOMA]
        por_id = {l["id"]: l for l in grupo}
        longe = {l["id"]: distancia((t.data - l["data_vencimento"]).days) for l in grupo}
        achadas = combinacoes([(l["id"], _centavos(l["aberto"])) for l in grupo], _centavos(t.valor),
                              minimo_itens=2, quantas=2, ordem=lambda c: (max(longe[i] for i in c), len(c), c))
        for ids in achadas:
            sugeridas.append(_soma_de_lancamentos(ctx, [por_id[i] for i in ids]))
    return sugeridas


def _soma_de_lancamentos(ctx: _Contexto, linhas: list[dict]) -> Sugestao:
    t = ctx.t
    pessoa_ids = {l["pessoa_id"] for l in linhas}
    uma_pessoa = len(pessoa_ids) == 1 and None not in pessoa_ids
    quais = "parcelas" if all(l["parcela"] for l in linhas) else "lançamentos"
    if uma_pessoa:
        soma = Pista(0.55 - 0.05 * (len(linhas) - 2), f"soma de {len(linhas)} {quais} de {linhas[0]['pessoa_nome']}")
    else:   # one payment for several people's bills: possible, rarely
        soma = Pista(0.15 - 0.03 * (len(linhas) - 2), f"soma de {len(linhas)} {quais}")
    pistas = [soma, *_na_conta(ctx, linhas), *_pistas_de_todas(ctx, linhas)]
    dias = [(t.data - l["data_vencimento"]).days for l in linhas]
    longe = max(dias, key=distancia)
    vencimento = pista_do_vencimento(longe)
    if len(set(dias)) > 1:
        primeiro, ultimo = min(l["data_vencimento"] for l in linhas), max(l["data_vencimento"] for l in linhas)
        vencimento = Pista(vencimento.peso, f"vencimentos de {data_br(primeiro)} a {data_br(ultimo)}")
    pistas.append(vencimento)
    return Sugestao(LANCAMENTOS, [t.id], sorted(l["id"] for l in linhas), [], score(pistas, _fator(ctx, longe, linhas)),
                    motivos(pistas), None, Decimal("0.00"))


def _varios_para_um(ctx: _Contexto, outras: list[dict], baixas: list[dict]) -> list[Sugestao]:
    """This transaction and some of the conta's other open ones with a memo like it settle one open
    lançamento, or make one baixa already registered: exactly (a client paying in two transfers,
    within a few days), or net of an acquirer's fee (a sale split over cards, settled together)."""
    t = ctx.t
    if not outras:
        return []
    centavos = {o["id"]: _centavos(abs(o["valor"])) for o in outras}
    data_de = {o["id"]: o["data"] for o in outras}
    do_dia = {o["id"] for o in outras if o["data"] == t.data}
    proprio = _centavos(t.valor)
    alcance = proprio + sum(sorted(centavos.values())[-4:])   # the most this and four others make

    def juntas(minimo: int, maximo: int, ids: set) -> tuple | None:
        """The others of `ids` that with this one make between minimo and maximo cents: the
        closest to maximo, then the nearest in date."""
        achadas = combinacoes([(i, centavos[i]) for i in sorted(ids)], max(1, minimo - proprio), maximo - proprio,
                              maximo_itens=4, quantas=1,
                              ordem=lambda c: (maximo - proprio - sum(centavos[i] for i in c),
                                               max(abs((data_de[i] - t.data).days) for i in c), len(c), c))
        return achadas[0] if achadas else None

    def pistas_da_soma(ids: tuple, peso: float) -> list[Pista]:
        pistas = [Pista(peso, f"soma de {len(ids) + 1} transações do extrato")]
        if set(ids) == do_dia:   # a sale split over cards: every settlement of the day, none left
            pistas.append(Pista(0.25, f"reúne as {len(ids) + 1} transações do dia com este histórico"))
        return pistas

    sugeridas = []
    for linha in ctx.lancamentos:
        aberto = _centavos(linha["aberto"])
        if not proprio < aberto <= alcance * (1 + MENOS):
            continue
        ids = juntas(aberto, aberto, set(centavos))
        if ids is None and t.do_cartao:
            ids = juntas(ceil(aberto * (1 - MENOS)), aberto - 1, do_dia)
        if ids is None:
            continue
        total = t.valor + sum(abs(o["valor"]) for o in outras if o["id"] in ids)
        dias = (max([t.data, *(data_de[i] for i in ids)]) - linha["data_vencimento"]).days
        if total == linha["aberto"]:
            pistas, tratar = pistas_da_soma(ids, 0.5), None
        else:
            diferenca = (linha["aberto"] - total) / linha["aberto"]
            pistas = [*pistas_da_soma(ids, _peso_da_taxa(t, diferenca)),
                      Pista(0.0, f"valor {brl(linha['aberto'] - total)} menor que o em aberto (tarifa ou desconto?)")]
            tratar = JUROS_OU_DESCONTO
        pistas += [*_pistas_da_pessoa(ctx, linha), pista_do_vencimento(dias), *_na_conta(ctx, [linha])]
        sugeridas.append(Sugestao(LANCAMENTOS, sorted([t.id, *ids]), [linha["id"]], [],
                                  score(pistas, _fator(ctx, dias, [linha])), motivos(pistas),
                                  tratar, total - linha["aberto"]))
    for baixa in baixas:
        movimentado = _centavos(baixa["valor_movimentado"])
        ids = juntas(movimentado, movimentado, set(centavos)) if proprio < movimentado <= alcance else None
        if ids is None:
            continue
        pistas = [*pistas_da_soma(ids, 0.45),
                  Pista(0.1, f"pagamento já registrado no sistema em {data_br(baixa['data'])}"),
                  *_pistas_da_pessoa(ctx, baixa), _pista_do_registro((t.data - baixa["data"]).days)]
        sugeridas.append(Sugestao(BAIXAS, sorted([t.id, *ids]), [baixa["lancamento_id"]], [baixa["id"]],
                                  score(pistas, _fator(ctx, None, [baixa])), motivos(pistas),
                                  None, Decimal("0.00")))
    return sugeridas


def _pista_do_registro(dias: int) -> Pista:
    """The transaction `dias` days after a baixa was dated (negative: before)."""
    if dias == 0:
        motivo = "registrado no mesmo dia da transação"
    elif dias > 0:
        motivo = f"registrado {_plural(dias, 'dia', 'dias')} antes da transação"
    else:
        motivo = f"registrado {_plural(-dias, 'dia', 'dias')} depois da transação"
    return Pista(0.35 / (1 + abs(dias) / 2), motivo)


def _baixas_registradas(ctx: _Contexto, baixas: list[dict]) -> list[Sugestao]:
    """The transaction is a payment someone already registered in the ledger: one baixa of its
    amount, or several that add up to it."""
    t, sugeridas = ctx.t, []
    for baixa in baixas:
        if baixa["valor_movimentado"] != t.valor:
            continue
        pistas = [Pista(0.55, f"pagamento já registrado no sistema em {data_br(baixa['data'])}"),
                  *_pistas_da_pessoa(ctx, baixa), _pista_do_registro((t.data - baixa["data"]).days)]
        sugeridas.append(Sugestao(BAIXAS, [t.id], [baixa["lancamento_id"]], [baixa["id"]],
                                  score(pistas, _fator(ctx, None, [baixa])),
                                  motivos(pistas), None, Decimal("0.00")))
    menores = sorted((b for b in baixas if b["valor_movimentado"] < t.valor),
                     key=lambda b: (abs((t.data - b["data"]).days), b["id"]))[:NA_SOMA]
    por_id = {b["id"]: b for b in menores}
    longe = {b["id"]: abs((t.data - b["data"]).days) for b in menores}
    for ids in combinacoes([(b["id"], _centavos(b["valor_movimentado"])) for b in menores], _centavos(t.valor),
                           minimo_itens=2, quantas=2, ordem=lambda c: (max(longe[i] for i in c), len(c), c)):
        linhas = [por_id[i] for i in ids]
        primeira, ultima = min(b["data"] for b in linhas), max(b["data"] for b in linhas)
        quando = data_br(primeira) if primeira == ultima else f"de {data_br(primeira)} a {data_br(ultima)}"
        pistas = [Pista(0.4, f"soma de {len(ids)} pagamentos já registrados no sistema ({quando})"),
                  _pista_do_registro(max((t.data - b["data"]).days for b in linhas)), *_pistas_de_todas(ctx, linhas)]
        sugeridas.append(Sugestao(BAIXAS, [t.id], sorted({b["lancamento_id"] for b in linhas}), sorted(ids),
                                  score(pistas, _fator(ctx, None, linhas)), motivos(pistas),
                                  None, Decimal("0.00")))
    return sugeridas
