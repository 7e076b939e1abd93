"""Reading a bank memo: the words of a name, CPF/CNPJ digits, numbers that may be a document, an
acquirer's settlement, money moved between the holder's own accounts, and who the money is from.

Banks write memos in capitals, without accents, cut short, between words of their own ("PIX
RECEBIDO 12/03 ANA SOUZA 123.456.789-00", "DEB AUTOMATICO ENEL SP"): this module tells those
apart. Pure: nothing here reads the database.
"""
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache

from shared.texto import palavras

from financeiro.conciliacao import padroes

# Card acquirers, whose settlements come net of their fee.
ADQUIRENTES = frozenset({"cielo", "rede", "stone", "getnet", "pagseguro", "sumup", "safrapay", "vero", "granito",
                         "adyen", "pagarme", "infinitepay"})

# What banks write for money moved between the holder's own accounts and investments (and their
# yield), which no lançamento stands for; matched as parts of the folded memo.
ENTRE_CONTAS_PROPRIAS = ("mesma titularidade", "entre contas", "transf propria", "aplic", "resgate", "rendimento")

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

# What a memo offers at most: the first words of a name, the first numbers.
PALAVRAS_DO_NOME = 8
NUMEROS = 8
# A number shorter than this is a day, a month, a parcela: no document.
DIGITOS_DE_DOCUMENTO = 4

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
                if len(variante) >= DIGITOS_DE_DOCUMENTO and not _ANO.match(variante) and variante not in numeros:
                    numeros.append(variante)
        return cls(nome[:PALAVRAS_DO_NOME], documentos, numeros[:NUMEROS])


@lru_cache(maxsize=4096)  # a batch compares each line with its ~40 neighbours, again at every turn
def origem(memo: str) -> tuple[str, ...]:
    """Who a memo says the money is from or to: its words but the bank's and the numbers (a
    payer's name), or, when that leaves nothing, the bank's words (an acquirer's settlements)."""
    todas = (padroes.padrao(memo) or "").split()
    return tuple(p for p in todas if p not in VOCABULARIO_DO_BANCO) or tuple(todas)


@dataclass
class Transacao:
    """A statement transaction as the suggestions read it: `valor` is the money that moved,
    positive; `entrada` says which way."""
    id: int
    conta_id: int
    data: date
    valor: Decimal
    entrada: bool
    memo: str
    historico: Historico = field(init=False)

    def __post_init__(self):
        self.historico = Historico.de(self.memo)

    @classmethod
    def da_linha(cls, linha: dict) -> "Transacao":
        """From a row of extratos.transacao."""
        return cls(linha["id"], linha["conta_id"], linha["data"], abs(linha["valor"]), linha["valor"] > 0,
                   linha["memo"])

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
        """The pessoas this transaction's lançamentos point at, as cadastros' read contract names
        them (cadastros.v_clientes, cadastros.v_clientes_palavras...)."""
        return "clientes" if self.entrada else "fornecedores"

    def dias(self, de: int, ate: int) -> tuple[date, date]:
        """The dates `de` to `ate` days from the transaction's."""
        return self.data + timedelta(days=de), self.data + timedelta(days=ate)
