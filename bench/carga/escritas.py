"""What one member of staff writes during the studio day: the bodies the SPA's forms send, and the
records that are that person's alone (locustfile.py's write screens use them).

No two people touch the same record, so no write here can meet a conflict and a 409 counts as a
failure like any other answer but the expected one: each person creates lançamentos of values
nobody else types (`Caderno.valor`), pays only those, imports a statement of only those (FITIDs of
their own) into their own conta's file and confirms only the suggestions made of their own
transactions, lançamentos and baixas; their sessões have no team (so no conflito_de_equipe) and
their clientes no CPF (a cliente's one unique field). None of these routes takes an
Idempotency-Key (only the services' PUTs of a desired state do, shared/servicos.py), and the SPA
sends none; an OFX import is idempotent by its file, and each file here holds only lines never sent.

`rodada` tells two runs over the same database apart (bench/carga/dia.py runs twice): a statement
line of the same conta, date and value as a stored one is imported for review, not reconciled.
"""
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from bench.infra import adicionar_servicos_ao_path

adicionar_servicos_ao_path()
from financeiro.ofx.escritor import Linha, ofx  # noqa: E402  the OFX the tests and the bench upload

# São Paulo has kept -03:00 all year since 2019: the offset the SPA's agenda sends.
FUSO = timezone(timedelta(hours=-3))
RECEITAS = ("Ensaio gestante", "Ensaio newborn", "Sinal de casamento", "Álbum de formatura", "Book corporativo",
            "Cobertura de aniversário", "Impressões fine art")
DESPESAS = ("Energia elétrica", "Revelação e impressão", "Combustível", "Aluguel de lente", "Assistente freelancer",
            "Manutenção de câmera", "Material de cenário")
TIPOS_DE_SESSAO = ("ensaio", "cerimonia", "festa", "reuniao", "entrega")
LOCAIS = ("Estúdio", "Parque Ibirapuera", "Igreja Matriz", "Espaço de eventos", "Casa da cliente")
NOMES = ("Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor", "Isabela", "João")
SOBRENOMES = ("Almeida", "Barbosa", "Cardoso", "Duarte", "Esteves", "Ferraz", "Gomes", "Lima", "Moura", "Rocha")


@dataclass
class Lancamento:
    id: int
    tipo: str
    valor: str
    memo: str
    aberto: bool = True
    no_extrato: bool = False


@dataclass
class Caderno:
    """One person's own records: what they created, paid, imported and may still reconcile."""

    username: str
    numero: int  # 1 for <prefixo>-01: the person's share of the values
    rodada: int
    conta: dict | None = None  # their conta with a bank, where they pay and import
    lancamentos: dict[int, Lancamento] = field(default_factory=dict)
    baixas: set[int] = field(default_factory=set)
    extratos: list[int] = field(default_factory=list)  # their statements that may have lines to reconcile
    transacoes: set[int] = field(default_factory=set)  # lines seen in their statements
    sessoes: dict[int, dict] = field(default_factory=dict)  # id -> the body last saved
    _contador: itertools.count = field(default_factory=lambda: itertools.count(1))

    def proximo(self) -> int:
        return next(self._contador)

    def valor(self, n: int) -> str:
        """R$ 110 to 5,109 for 50 people, no two people's alike; the cents are the run's."""
        return f"{self.numero * 100 + n % 100 + 10}.{self.rodada % 100:02d}"

    def marca(self, n: int) -> str:
        return f"{self.username} {self.rodada}-{n}"

    def escolher_conta(self, contas: list[dict]) -> None:
        """The conta of the screen's list with a bank and a número (an OFX names both), by person."""
        com_banco = sorted((c for c in contas if c.get("banco") and c.get("numero")), key=lambda c: c["id"])
        if com_banco:
            self.conta = com_banco[self.numero % len(com_banco)]

    def abertos(self) -> list[Lancamento]:
        return [l for l in self.lancamentos.values() if l.aberto]

    def fora_do_extrato(self) -> list[Lancamento]:
        return [l for l in self.lancamentos.values() if not l.no_extrato]

    def propria(self, sugestoes: list[dict]) -> dict | None:
        """The best suggestion made only of this person's records (a rule's new lançamento is not one)."""
        for sugestao in sugestoes:
            if (sugestao["tipo"] != "NOVO_LANCAMENTO" and set(sugestao["transacao_ids"]) <= self.transacoes
                    and set(sugestao["lancamento_ids"]) <= self.lancamentos.keys()
                    and set(sugestao["baixa_ids"]) <= self.baixas):
                return sugestao
        return None

    def conciliada(self, sugestao: dict) -> None:
        for lancamento_id in sugestao["lancamento_ids"]:
            self.lancamentos[lancamento_id].aberto = False


def folhas(arvore: list[dict]) -> list[int]:
    """The categorias without subcategorias of GET /api/categorias/arvore's items."""
    return [id_ for c in arvore for id_ in (folhas(c["filhos"]) if c["filhos"] else [c["id"]])]


def corpo_do_lancamento(caderno: Caderno, n: int, tipo: str, categoria_id: int, hoje: date) -> dict:
    """The new-lançamento dialog's body for a single one, not yet paid (corpoDoLancamento in the SPA)."""
    descricao = random.choice(RECEITAS if tipo == "RECEITA" else DESPESAS)
    return {"tipo": tipo, "descricao": f"{descricao} · {caderno.marca(n)}", "valor": caderno.valor(n),
            "data_vencimento": hoje.isoformat(), "categoria_id": categoria_id, "conta_id": caderno.conta["id"],
            "centro_custo_id": None}


def memo(tipo: str, caderno: Caderno, n: int) -> str:
    """The bank's history line for the lançamento: capitals, no accents, as banks write it."""
    return f"{'PIX RECEBIDO' if tipo == 'RECEITA' else 'PAGTO'} {caderno.marca(n).upper()}"


def corpo_da_baixa(lancamento: Lancamento, conta_id: int, hoje: date) -> dict:
    """The quick "Receber"/"Pagar": the whole open amount, today, the lançamento's conta."""
    return {"valor": lancamento.valor, "data": hoje.isoformat(), "conta_id": conta_id}


def extrato_ofx(caderno: Caderno, lancamentos: list[Lancamento], hoje: date) -> bytes:
    """The bank's statement of today with these lançamentos, for the person's conta."""
    conta = caderno.conta
    linhas = [Linha(data=hoje, valor=("-" if l.tipo == "DESPESA" else "") + l.valor, memo=l.memo,
                    fitid=f"carga-{caderno.rodada}-{caderno.username}-{l.id}") for l in lancamentos]
    return ofx(linhas, inicio=hoje, fim=hoje, banco=conta["banco"], agencia=conta.get("agencia") or "0001",
               conta=conta["numero"])


def corpo_da_conciliacao(transacao_id: int, sugestao: dict) -> dict:
    """The confirmation of a suggestion (corpoDaSugestao in the SPA)."""
    corpo = {"score": sugestao["score"], "motivos": sugestao["motivos"]}
    if len(sugestao["transacao_ids"]) > 1:
        corpo["transacao_ids"] = sugestao["transacao_ids"]
    else:
        corpo["transacao_id"] = transacao_id
    if sugestao["tipo"] == "BAIXAS":
        corpo["baixa_ids"] = sugestao["baixa_ids"]
    else:
        corpo["lancamento_ids"] = sugestao["lancamento_ids"]
    if sugestao["tratar_diferenca"]:
        corpo["tratar_diferenca"] = sugestao["tratar_diferenca"]
    return corpo


def corpo_da_sessao(caderno: Caderno, n: int, hoje: date) -> dict:
    """A new sessão of two hours within the next two months, no team (corpoDa in the SPA)."""
    inicio = datetime.combine(hoje + timedelta(days=random.randint(1, 60)), time(random.randint(8, 18)), FUSO)
    return {"titulo": f"{random.choice(RECEITAS)} · {caderno.marca(n)}", "tipo": random.choice(TIPOS_DE_SESSAO),
            "local": random.choice(LOCAIS), "observacoes": None, "evento_id": None, "antes_min": 0,
            "depois_min": 30, "equipe": [], "confirmar_conflitos": False, **_horario(inicio)}


def movida(corpo: dict) -> dict:
    """The same sessão a day later or earlier, or an hour either way: the dialog saves every field."""
    passo = random.choice((timedelta(days=1), timedelta(days=-1), timedelta(hours=1), timedelta(hours=-1)))
    return {**corpo, **_horario(datetime.fromisoformat(corpo["inicio"]) + passo)}


def _horario(inicio: datetime) -> dict:
    return {"inicio": inicio.isoformat(), "fim": (inicio + timedelta(hours=2)).isoformat()}


def corpo_do_cliente(caderno: Caderno, n: int) -> dict:
    """The cliente form as a new person is typed in: a name, e-mail and phone (corpoDaPessoa in the SPA)."""
    return {"nome": f"{random.choice(NOMES)} {random.choice(SOBRENOMES)} · {caderno.marca(n)}", "cpf_cnpj": None,
            "tipo_pessoa": "FISICA", "email": f"{caderno.username}.{caderno.rodada}.{n}@exemplo.com.br",
            "telefone": f"119{random.randrange(10**7, 10**8)}", "observacoes": None, "endereco": None}
