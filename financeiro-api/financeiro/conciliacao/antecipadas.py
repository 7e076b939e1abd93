"""What one batch of the automatic conciliação looks up before deciding anything, and what its
decisions change meanwhile.

The run decides a batch's transactions one after the other, and each decision must be exactly
the one it would make alone, seeing the ledger as the decisions before it left it. Looking each
transaction's candidates up at its turn costs a few statements a transaction; here they are
looked up for the whole batch at once (sugestoes.buscar: a few statements whatever the batch's
size), and each decision records what it changed. Every lookup is a filter and an order under a
LIMIT, so a row leaving it (a lançamento paid in full, a baixa linked, a transaction reconciled)
only lets the next rows in: each lookup brought candidatos.FOLGA rows more, with their positions,
and the candidates at a transaction's turn are the first ones left (sugestoes.Achados.sem). Only a
new lookup, alone at its turn (sugestoes.sugerir), can tell them when:

- a lançamento was paid in part: open with another amount, which any lookup may now find — every
  later transaction of the batch is looked up again;
- its memo's pattern was learned from (padroes: the pessoas and categorias confirmed with it)
  and the pessoas it now names or was confirmed with are not those the batch looked for: the
  lesson is read again at its turn (sugestoes.indicios_de, once the decisions waiting are learned
  from: confirmacao.Adiadas.ensinar), and while the pessoas are the same only the clues change
  (Achados.com);
- a lançamento was created (CRIAR_LANCAMENTO) with a word among the memo's numbers: the numbers
  lookup takes the newest lançamentos with that word before keeping the open ones;
- more rows left a lookup than its FOLGA.

The decisions' baixas wait in `adiadas` (confirmacao.Adiadas) and are stored together — the
ledger's statement triggers then run once, not once a baixa — at the batch's end, or before a new
lookup, which must see them. Nothing else the decisions read depends on them: a lançamento with a
baixa waiting was paid in full, so it is no candidate any more, or in part, which makes every later
transaction of the batch look up again.

The automatic run looks the next batch up while this one decides (automatica._Seguinte), in
another transaction, which cannot see this batch's decisions: they are the next batch's `antes`,
taken out of its lookups as its own decisions are (Mudancas). Only this batch's own: the ones it
was handed were committed before the next lookups were made, which saw them.
"""
from dataclasses import dataclass, field

from shared.texto import palavras
from shared.transacao import Transacao

from financeiro import extratos
from financeiro.conciliacao import confirmacao, regras, sugestoes
from financeiro.conciliacao.padroes import padrao
from financeiro.conciliacao.pistas import JUROS_OU_DESCONTO


@dataclass
class Mudancas:
    """What decisions changed that lookups made before them cannot see: the lançamentos they paid
    in full, the baixas they linked, the transactions they reconciled, the patterns they learned
    from, the words of the lançamentos they created, and whether they paid one in part (reaberto:
    open with another amount, which any lookup may now find)."""

    conciliadas: set[int] = field(default_factory=set)
    lancamentos: set[int] = field(default_factory=set)
    baixas: set[int] = field(default_factory=set)
    padroes: set[str] = field(default_factory=set)
    palavras_criadas: set[str] = field(default_factory=set)
    reaberto: bool = False

    def __or__(self, outras: "Mudancas") -> "Mudancas":
        return Mudancas(self.conciliadas | outras.conciliadas, self.lancamentos | outras.lancamentos,
                        self.baixas | outras.baixas, self.padroes | outras.padroes,
                        self.palavras_criadas | outras.palavras_criadas, self.reaberto or outras.reaberto)


@dataclass
class Antecipadas:
    """A batch's transactions (rows of extratos.transacao) by id, the rules each meets, the
    candidates of those that will need suggestions, and what the batch's decisions changed
    (`feitas`). When the lookups were made while the batch before was still deciding (the automatic
    run looks the next batch up meanwhile), what that batch's decisions changed is `antes`: the
    lookups did not see it either."""

    transacoes: dict[int, dict]
    regras: dict[int, list[dict]]
    achados: dict[int, sugestoes.Achados]
    feitas: Mudancas = field(default_factory=Mudancas)
    antes: Mudancas = field(default_factory=Mudancas)
    # The batch's baixas, stored together at its end or before a new lookup reads the ledger.
    adiadas: confirmacao.Adiadas = field(default_factory=confirmacao.Adiadas)

    @classmethod
    def buscar(cls, cur, ids: list[int]) -> "Antecipadas":
        """The batch's transactions `ids`, the rules each open one meets, and the candidates of
        those the rules leave to the suggestions."""
        lidas = extratos.varias_transacoes(cur, ids)
        transacoes = {i: lidas[i] for i in ids}
        abertas = [t for t in transacoes.values() if not t["conciliado"]]
        da_transacao = regras.aplicaveis_de(cur, abertas) if abertas else {}
        sugeriveis = [t for t in abertas if t["valor"] != 0 and not any(
            r["acao"] == "CRIAR_LANCAMENTO" for r in _que_age(da_transacao[t["id"]]))]
        return cls(transacoes, da_transacao, sugestoes.buscar(cur, sugeriveis) if sugeriveis else {})

    def conciliada(self, transacao_id: int) -> bool:
        """Reconciled before its turn: by an earlier batch or run, or an N:1 of this batch or of the
        one before."""
        return (self.transacoes[transacao_id]["conciliado"] or transacao_id in self.feitas.conciliadas
                or transacao_id in self.antes.conciliadas)

    def regra_que_age(self, transacao: dict) -> dict | None:
        """The first rule it meets that acts by itself (CRIAR_LANCAMENTO, CONCILIAR)."""
        return next(_que_age(self.regras[transacao["id"]]), None)

    def candidatas(self, tx: Transacao, transacao: dict) -> list[sugestoes.Sugestao]:
        """Its suggestions as the ledger is now: from what the batch looked up, less what the
        decisions since took, unless those may have changed it otherwise: then looked up again."""
        mudancas = self.feitas | self.antes
        achados = self.achados.get(transacao["id"])
        if achados is not None and not _outra_busca(mudancas, achados) and padrao(transacao["memo"]) in mudancas.padroes:
            self.adiadas.ensinar(tx)  # the lesson is read from the ledger
            achados = achados.com(sugestoes.indicios_de(tx.cur, [achados.ind.t])[transacao["id"]])
        candidatas = None
        if achados is not None and not _outra_busca(mudancas, achados):
            candidatas = achados.sem(mudancas.lancamentos, mudancas.baixas, mudancas.conciliadas)
        if candidatas is None:
            self.adiadas.gravar(tx)
            return sugestoes.sugerir(tx.cur, transacao, da_transacao_regras=self.regras[transacao["id"]])
        return sugestoes.ranquear(transacao, candidatas, self.regras[transacao["id"]])

    # ------------------------------------------------------------ what the decisions changed

    def confirmou(self, cur, transacao: dict, sugestao: sugestoes.Sugestao) -> None:
        """A suggestion confirmed: its lançamentos paid (or, for BAIXAS, its baixas linked) and its
        transactions reconciled and learned from."""
        if sugestao.tipo == sugestoes.LANCAMENTOS:
            self.feitas.lancamentos.update(sugestao.lancamento_ids)
            if sugestao.tratar_diferenca != JUROS_OU_DESCONTO and sugestao.diferenca < 0:
                self.feitas.reaberto = True  # confirmacao.confirmar paid the last one in part (PAGAMENTO_PARCIAL)
        self.feitas.baixas.update(sugestao.baixa_ids)
        if sugestao.transacao_ids == [transacao["id"]]:
            self._conciliada(transacao)
            return
        cur.execute("""SELECT id, memo FROM financeiro.extrato_transacoes
                        WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""", (sugestao.transacao_ids,))
        for linha in cur.fetchall():
            self._conciliada(linha)

    def criou(self, transacao: dict, descricao: str) -> None:
        """A lançamento created paid for the transaction (its words indexed) and reconciled."""
        self.feitas.palavras_criadas.update(palavras(descricao))
        self._conciliada(transacao)

    def _conciliada(self, linha: dict) -> None:
        self.feitas.conciliadas.add(linha["id"])
        aprendido = padrao(linha["memo"])
        if aprendido is not None:
            self.feitas.padroes.add(aprendido)


def _outra_busca(mudancas: Mudancas, achados: sugestoes.Achados) -> bool:
    """Whether only a new lookup can tell its candidates now."""
    return mudancas.reaberto or not mudancas.palavras_criadas.isdisjoint(achados.ind.t.historico.numeros)


def _que_age(da_transacao: list[dict]):
    return (r for r in da_transacao if r["acao"] != "SUGERIR")

