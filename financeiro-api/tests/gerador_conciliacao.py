"""A month of a photography studio's bank statement and the ledger it should match, with the truth
of every transaction: what the suggestion tests measure precision and recall against.

The month (March 2026) of one conta, as a bank writes it: PIX receipts of contract parcelas (names
in capitals without accents, cut at the bank's width, sometimes with the CPF), one PIX paying two
parcelas at once, card settlements net of the acquirer's fee (some sales split over two or three
cards), supplier boletos (the beneficiary's name, or only the nosso número) and automatic debits,
some paid late with juros, payments the staff had already registered by hand, a parcela paid by
someone the studio does not know; and, with no lançamento behind them, bank fees, transfers
between the studio's own accounts and money from and to people nobody registered. Around them,
what makes it hard: other clients' parcelas of the same amounts due the same days, the same
client's next parcela, open lançamentos of the studio's other conta, cancelled and paid ones of
equal amounts, supplier bills a few percent off.

Everything is written with `sql_dono` as the tables' owner, for the given empresa (every row has
its empresa_id), from `random.Random(seed)`: the same seed gives the same month.
"""
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from shared.texto import normalizar, palavras

MES = date(2026, 3, 1)
CENTAVO = Decimal("0.01")

PRIMEIROS = ["Ana", "Beatriz", "Camila", "Débora", "Fernanda", "Gabriela", "Helena", "Isabela", "Júlia",
             "Larissa", "Mariana", "Natália", "Patrícia", "Renata", "Sílvia", "Vitória", "André", "Bruno",
             "Caio", "Diego", "Eduardo", "Felipe", "Gustavo", "João Pedro", "Lucas", "Marcelo", "Otávio",
             "Rafael", "Sérgio", "Thiago", "Maria Clara", "Ana Luíza", "Maria Aparecida", "José Carlos"]
SOBRENOMES = ["Silva", "Souza", "Santos", "Oliveira", "Pereira", "Lima", "Carvalho", "Gonçalves", "Araújo",
              "Ribeiro", "Almeida", "Conceição", "Fernandes", "Gomes", "Magalhães", "Assunção", "Brandão",
              "Nóbrega", "Peixoto", "Sampaio", "Cavalcanti", "Figueiredo"]
FORNECEDORES = ["Foto Lab Revelações Ltda", "Imobiliária Central", "Enel Distribuição São Paulo",
                "Vivo Telefônica", "Adobe Systems Brasil", "Contabilidade Exata", "Gráfica Rápida Ltda",
                "Canon Assistência Técnica", "Papelaria Aquarela", "Studio Props Cenografia"]
RECEITAS = ["Ensaios", "Casamentos", "Formaturas", "Eventos corporativos"]
DESPESAS = ["Laboratório e impressão", "Aluguel", "Energia e internet", "Software", "Contabilidade",
            "Equipamentos", "Cenografia", "Tarifas bancárias"]
ADQUIRENTES = [("CIELO VENDAS CREDITO", Decimal("0.0319")), ("REDE CREDITO MASTERCARD", Decimal("0.0289")),
               ("STONE PAGAMENTOS CREDITO", Decimal("0.0249"))]


@dataclass(frozen=True)
class Esperado:
    """What a transaction is, in ids: the transactions it is reconciled together with (itself
    included), and the lançamentos and baixas that account for them."""
    transacao_ids: frozenset
    lancamento_ids: frozenset
    baixa_ids: frozenset = frozenset()


@dataclass
class Cenario:
    empresa_id: int
    conta_id: int
    outra_conta_id: int
    extrato_id: int
    verdade: dict          # transaction id -> Esperado, or None: it has no lançamento (fees, transfers)
    clientes: dict         # nome -> id
    fornecedores: dict
    categorias: dict
    lancamento_ids: set    # every lançamento of the empresa


@dataclass
class _Lancamento:
    tipo: str
    descricao: str
    valor: Decimal
    vencimento: date
    categoria: str
    cliente: str | None = None
    fornecedor: str | None = None
    documento: str | None = None
    conta: str = "principal"
    contrato: int | None = None
    parcela: int | None = None
    cancelado: bool = False


@dataclass
class _Baixa:
    lancamento: int        # index in _Mes.lancamentos
    data: date
    conta: str = "principal"
    juros: Decimal = Decimal("0.00")
    conciliada: bool = False   # reconciled in an earlier month


@dataclass
class _Transacao:
    data: date
    valor: Decimal
    memo: str
    lancamentos: tuple = ()    # indexes in _Mes.lancamentos
    baixas: tuple = ()         # indexes in _Mes.baixas
    grupo: int | None = None   # the transactions of one N:1 share it


def _dinheiro(valor) -> Decimal:
    return Decimal(valor).quantize(CENTAVO, ROUND_HALF_UP)


def _digitos_verificadores(base: list[int], pesos: list[int]) -> list[int]:
    for _ in range(2):
        resto = sum(d * p for d, p in zip(base, pesos[-len(base):])) % 11
        base = base + [0 if resto < 2 else 11 - resto]
    return base


def cpf(rng: random.Random) -> str:
    return "".join(map(str, _digitos_verificadores([rng.randrange(10) for _ in range(9)], list(range(11, 1, -1)))))


def cnpj(rng: random.Random) -> str:
    base = [rng.randrange(10) for _ in range(8)] + [0, 0, 0, 1]
    return "".join(map(str, _digitos_verificadores(base, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])))


def _cpf_formatado(numero: str) -> str:
    return f"{numero[:3]}.{numero[3:6]}.{numero[6:9]}-{numero[9:]}"


def _no_banco(nome: str) -> str:
    """A name as banks print it: capitals, no accents."""
    return normalizar(nome).upper()


class _Mes:
    """The month's ledger and statement as plain objects, before anything is stored."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.clientes: dict[str, str | None] = {}      # nome -> CPF (or None)
        self.fornecedores: dict[str, str] = {}         # nome -> CNPJ
        self.lancamentos: list[_Lancamento] = []
        self.baixas: list[_Baixa] = []
        self.transacoes: list[_Transacao] = []
        self.contratos = 0
        self.grupos = 0
        self._pessoas()
        self._contratos()
        self._cartoes()
        self._fornecedores()
        self._tarifas_e_transferencias()
        self._sem_cadastro()
        self._ruido()

    def dia(self, n: int) -> date:
        return MES + timedelta(days=n - 1)

    def lancar(self, lancamento: _Lancamento) -> int:
        self.lancamentos.append(lancamento)
        return len(self.lancamentos) - 1

    def baixar(self, baixa: _Baixa) -> int:
        self.baixas.append(baixa)
        return len(self.baixas) - 1

    # ------------------------------------------------------------ people

    def _pessoas(self):
        rng = self.rng
        while len(self.clientes) < 40:
            sobrenomes = rng.sample(SOBRENOMES, rng.choice([1, 2, 2]))
            ligacao = rng.choice(["", "", "de ", "da ", "dos "]) if len(sobrenomes) == 2 else ""
            nome = f"{rng.choice(PRIMEIROS)} {ligacao}{' '.join(sobrenomes)}"
            self.clientes.setdefault(nome, cpf(rng) if rng.random() < 0.6 else None)
        for nome in FORNECEDORES:
            self.fornecedores[nome] = cnpj(rng)

    def memo_do_pix(self, cliente: str) -> str:
        """How the bank writes a PIX or TED from a client: cut at 32 characters, as it does."""
        rng = self.rng
        nome = _no_banco(cliente)
        partes = nome.split()
        documento = self.clientes[cliente]
        formas = [f"PIX RECEBIDO {nome}", f"PIX REC {nome}", f"TED RECEBIDA {nome}",
                  f"PIX RECEBIDO {partes[0]} {partes[-1]}"]
        if documento:
            formas.append(f"PIX {_cpf_formatado(documento)} {nome}")
        return rng.choice(formas)[:32].strip()

    # ------------------------------------------------------------ receitas

    def _contratos(self):
        """Contracts paid in monthly parcelas: last month's paid (reconciled then), this month's
        received by PIX (on time, late with juros, already registered by hand, or not yet),
        next month's open."""
        rng = self.rng
        clientes = list(self.clientes)
        rng.shuffle(clientes)
        valores = [Decimal(v) for v in ("350.00", "400.00", "450.00", "500.00", "600.00", "750.00", "800.00",
                                         "1000.00", "483.33", "616.67", "1250.00")]
        for n, cliente in enumerate(clientes[:26]):
            self.contratos += 1
            contrato = self.contratos
            valor = rng.choice(valores)
            dia = rng.choice([5, 10, 10, 15, 20, 25, 28])
            anteriores = rng.randint(1, 4)
            categoria = rng.choice(RECEITAS)
            evento = rng.choice(["Casamento", "Ensaio gestante", "Formatura", "Book 15 anos", "Ensaio família"])
            parcelas = []
            for k in range(anteriores + 2):
                mes = k - anteriores   # -anteriores..-1: earlier months; 0: this one; 1: the next
                vencimento = date(2026 + (2 + mes) // 12, (2 + mes) % 12 + 1, dia)
                parcelas.append(self.lancar(_Lancamento(
                    "RECEITA", f"{evento} - {cliente} - parcela {k + 1}/{anteriores + 2}", valor, vencimento,
                    categoria, cliente=cliente, contrato=contrato, parcela=k + 1)))
            anteriores_ids, deste_mes = parcelas[:-2], parcelas[-2]
            atrasada = n in (3, 11) and anteriores > 1   # last month's parcela still open
            for i in (anteriores_ids[:-1] if atrasada else anteriores_ids):
                self.baixar(_Baixa(i, self.lancamentos[i].vencimento + timedelta(days=rng.randint(0, 3)),
                                   conciliada=True))
            if atrasada:
                # Pays both parcelas in one PIX: one transaction, two lançamentos.
                quando = self.dia(min(dia + rng.randint(0, 2), 31))
                self.transacoes.append(_Transacao(quando, valor * 2, self.memo_do_pix(cliente),
                                                  (anteriores_ids[-1], deste_mes)))
                continue
            destino = rng.random()
            if destino < 0.12:
                continue   # not paid yet: an open parcela like the others
            if n == 7:
                # Paid by someone the studio does not know (the bride's father, say).
                pagador = next(f"{p} {s}" for p in PRIMEIROS for s in reversed(SOBRENOMES)
                               if not any(c.startswith(p) or c.endswith(s) for c in self.clientes))
                self.transacoes.append(_Transacao(self.dia(dia), valor, f"PIX RECEBIDO {_no_banco(pagador)}"[:32],
                                                  (deste_mes,)))
                continue
            atraso = rng.choice([-3, -1, 0, 0, 0, 1, 1, 2, 3, 5, 9])
            quando = self.dia(max(1, min(dia + atraso, 31)))
            if destino < 0.24:
                # The staff registered it by hand on the day (or the next); the bank has it too.
                baixa = self.baixar(_Baixa(deste_mes, quando + timedelta(days=rng.choice([0, 0, 1]))))
                self.transacoes.append(_Transacao(quando, valor, self.memo_do_pix(cliente), (deste_mes,), (baixa,)))
                continue
            pago = valor
            if atraso >= 5 and rng.random() < 0.6:
                pago = _dinheiro(valor * (Decimal("1.02") + Decimal("0.00033") * atraso))
            self.transacoes.append(_Transacao(quando, pago, self.memo_do_pix(cliente), (deste_mes,)))

    def _cartoes(self):
        """Sales by card: the acquirer pays the day after, net of its fee; a sale split over two
        or three cards comes as that many settlements."""
        rng = self.rng
        clientes = list(self.clientes)
        # A handful of card sales a month, on different days.
        for n, venda in enumerate(rng.sample(range(1, 28), 7)):
            cliente = rng.choice(clientes)
            bruto = Decimal(rng.randrange(12, 50) * 50)
            memo, taxa = rng.choice(ADQUIRENTES)
            lancamento = self.lancar(_Lancamento(
                "RECEITA", f"Ensaio fotográfico - {cliente} (cartão)", bruto, self.dia(venda),
                rng.choice(RECEITAS), cliente=cliente))
            partes = [bruto] if n < 3 else self._repartir(bruto, rng.choice([2, 3]))
            grupo = None
            if len(partes) > 1:
                self.grupos += 1
                grupo = self.grupos
            for parte in partes:
                self.transacoes.append(_Transacao(self.dia(venda + 1), _dinheiro(parte * (1 - taxa)), memo,
                                                  (lancamento,), grupo=grupo))

    def _repartir(self, total: Decimal, partes: int) -> list[Decimal]:
        cortes = sorted(self.rng.sample(range(1, int(total / 50)), partes - 1))
        limites = [0, *cortes, int(total / 50)]
        return [Decimal((b - a) * 50) for a, b in zip(limites, limites[1:])]

    # ------------------------------------------------------------ despesas

    def _fornecedores(self):
        rng = self.rng
        contas = [
            # fornecedor, descrição, valor, dia, categoria, documento, memo (None: by name)
            ("Foto Lab Revelações Ltda", "Impressão de álbuns", Decimal("1870.40"), 8, "Laboratório e impressão",
             f"NF {rng.randint(4000, 4999)}", None),
            ("Foto Lab Revelações Ltda", "Ampliações fine art", Decimal("642.00"), 22, "Laboratório e impressão",
             f"NN {rng.randint(10**7, 10**8 - 1):010d}", "NOSSO_NUMERO"),
            ("Imobiliária Central", "Aluguel do estúdio", Decimal("3800.00"), 10, "Aluguel", None, None),
            ("Enel Distribuição São Paulo", "Energia elétrica", _dinheiro(rng.uniform(380, 460)), 18,
             "Energia e internet", None, "DEB AUTOMATICO ENEL SP"),
            ("Vivo Telefônica", "Internet fibra", Decimal("199.90"), 12, "Energia e internet", None,
             "DEB AUT VIVO FIXO"),
            ("Adobe Systems Brasil", "Creative Cloud", Decimal("275.00"), 5, "Software", None, None),
            ("Contabilidade Exata", "Honorários contábeis", Decimal("850.00"), 7, "Contabilidade", None,
             "PIX ENVIADO CONTABILIDADE EXATA"),
            ("Gráfica Rápida Ltda", "Convites e cartões", Decimal("1240.00"), 3, "Cenografia",
             f"NF {rng.randint(3000, 3999)}", "ATRASO"),
            ("Canon Assistência Técnica", "Limpeza de sensor", Decimal("380.00"), 16, "Equipamentos", None, None),
            ("Studio Props Cenografia", "Fundo infinito e props", Decimal("1525.50"), 24, "Cenografia",
             f"NF {rng.randint(5000, 8999)}", "DOCUMENTO"),
        ]
        for fornecedor, descricao, valor, dia, categoria, documento, como in contas:
            lancamento = self.lancar(_Lancamento("DESPESA", descricao, valor, self.dia(dia), categoria,
                                                 fornecedor=fornecedor, documento=documento))
            nome = _no_banco(fornecedor)
            quando = self.dia(dia + rng.choice([0, 0, 0, 1]))
            pago = valor
            if como == "NOSSO_NUMERO":
                memo = f"PAG TIT BCO 341 {documento.split()[1]}"
            elif como == "DOCUMENTO":
                memo = f"PAGTO TITULO {documento}"
            elif como == "ATRASO":
                quando = self.dia(dia + 12)
                pago = _dinheiro(valor * (Decimal("1.02") + Decimal("0.00033") * 12))
                memo = f"PAG BOLETO {nome}"[:32]
            elif como is not None:
                memo = como
            else:
                memo = f"PAG BOLETO {nome}"[:32]
            if fornecedor == "Contabilidade Exata":
                # Registered by hand when it was sent.
                baixa = self.baixar(_Baixa(lancamento, quando))
                self.transacoes.append(_Transacao(quando, -pago, memo, (lancamento,), (baixa,)))
            else:
                self.transacoes.append(_Transacao(quando, -pago, memo, (lancamento,)))
            # Next month's bill of the same supplier, open.
            if fornecedor in ("Imobiliária Central", "Vivo Telefônica", "Adobe Systems Brasil"):
                self.lancar(_Lancamento("DESPESA", descricao, valor, self.dia(dia) + timedelta(days=31), categoria,
                                        fornecedor=fornecedor))

    def _tarifas_e_transferencias(self):
        """Money that moves with no lançamento behind it."""
        rng = self.rng
        for dia, valor, memo in ((1, "-64.90", "TARIFA PACOTE SERVICOS"), (6, "-1.75", "TAR PIX ENVIADO"),
                                 (14, "-10.45", "TARIFA TED"), (20, "-1.75", "TAR PIX ENVIADO"),
                                 (28, "-0.38", "IOF"), (9, "-2000.00", "TRANSF ENTRE CONTAS NUBANK"),
                                 (17, "1500.00", "TED MESMA TITULARIDADE"), (26, "-3000.00", "APLICACAO AUTOMATICA")):
            self.transacoes.append(_Transacao(self.dia(dia + rng.choice([0, 1])), Decimal(valor), memo))

    def _sem_cadastro(self):
        """Money from and to people the studio never registered (a walk-in client, a freelancer),
        of the very amount some registered pessoa has open around that day: no lançamento is
        theirs."""
        rng = self.rng
        pagos = {i for t in self.transacoes for i in t.lancamentos} | {b.lancamento for b in self.baixas}
        abertos = [i for i, l in enumerate(self.lancamentos)
                   if i not in pagos and MES <= l.vencimento <= self.dia(31)]
        nomes = [f"{p} {s}" for p in PRIMEIROS for s in SOBRENOMES
                 if not any(c.startswith(p) and c.endswith(s) for c in self.clientes)]
        for tipo, memo, quantos in (("RECEITA", "PIX RECEBIDO", 3), ("DESPESA", "PIX ENVIADO", 1)):
            candidatos = [i for i in abertos if self.lancamentos[i].tipo == tipo]
            for i in rng.sample(candidatos, min(quantos, len(candidatos))):
                lancamento = self.lancamentos[i]
                quando = max(MES, min(lancamento.vencimento + timedelta(days=rng.randint(-2, 2)), self.dia(31)))
                valor = lancamento.valor if tipo == "RECEITA" else -lancamento.valor
                self.transacoes.append(_Transacao(quando, valor, f"{memo} {_no_banco(rng.choice(nomes))}"[:32]))

    # ------------------------------------------------------------ what makes it hard

    def _ruido(self):
        rng = self.rng
        # Parcelas of equal amounts are common; card settlements net of a fee are not.
        recebidas = [t for t in self.transacoes if t.valor > 0 and t.lancamentos and t.grupo is None
                     and not t.memo.startswith(tuple(m for m, _ in ADQUIRENTES))]
        clientes = list(self.clientes)
        for t in rng.sample(recebidas, min(12, len(recebidas))):
            # Another client's open lançamento of the same amount, due around the same day.
            cliente = rng.choice([c for c in clientes if c != self.lancamentos[t.lancamentos[0]].cliente])
            self.lancar(_Lancamento("RECEITA", f"Ensaio avulso - {cliente}", t.valor,
                                    t.data + timedelta(days=rng.randint(-6, 6)), rng.choice(RECEITAS), cliente=cliente))
        for t in rng.sample(recebidas, min(6, len(recebidas))):
            # The same amount, open in the studio's other conta.
            cliente = rng.choice([c for c in clientes if c != self.lancamentos[t.lancamentos[0]].cliente])
            self.lancar(_Lancamento("RECEITA", f"Cobertura de evento - {cliente}", t.valor,
                                    t.data + timedelta(days=rng.randint(-3, 3)), "Eventos corporativos",
                                    cliente=cliente, conta="outra"))
        for t in rng.sample(self.transacoes, 8):
            # Cancelled, with the very amount: never a candidate.
            tipo = "RECEITA" if t.valor > 0 else "DESPESA"
            self.lancar(_Lancamento(tipo, "Lançamento cancelado", abs(t.valor), t.data, rng.choice(
                RECEITAS if tipo == "RECEITA" else DESPESAS), cancelado=True))
        pagos = [t for t in self.transacoes if t.valor < 0 and t.lancamentos]
        for t in pagos:
            # A bill of another supplier a few percent off, due nearby.
            fornecedor = rng.choice(FORNECEDORES)
            fator = Decimal(rng.choice(["0.97", "0.98", "1.03", "1.04"]))
            self.lancar(_Lancamento("DESPESA", "Serviços diversos", _dinheiro(abs(t.valor) * fator),
                                    t.data + timedelta(days=rng.randint(-8, 8)), rng.choice(DESPESAS),
                                    fornecedor=fornecedor))
        # A payment registered by hand in the other conta, of an amount the statement has.
        t = rng.choice(recebidas)
        ruido = self.lancar(_Lancamento("RECEITA", "Sinal de casamento", t.valor, t.data, "Casamentos",
                                        cliente=rng.choice(clientes), conta="outra"))
        self.baixar(_Baixa(ruido, t.data, conta="outra"))


def gerar(sql_dono, empresa_id: int, seed: int) -> Cenario:
    """Stores a month for the empresa and returns it with the truth of every transaction."""
    mes = _Mes(seed)

    def inserir(sql: str, colunas: list[list], tipos: list[str]) -> list[int]:
        """Rows from parallel arrays, inserted in order: their ids, in that order (identity values
        are drawn as the rows are inserted, and ORDER BY fixes that order)."""
        if not colunas[0]:
            return []
        nomes = ", ".join(f"c{n}" for n in range(len(tipos)))
        arrays = ", ".join(f"%s::{tipo}[]" for tipo in tipos)
        linhas = sql_dono(
            f"""{sql}
                  FROM unnest({arrays}) WITH ORDINALITY AS v ({nomes}, ordem) ORDER BY ordem RETURNING id""",
            colunas, empresa_id=empresa_id)
        return sorted(linha["id"] for linha in linhas)

    e = empresa_id
    contas = inserir(
        f"""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                          data_saldo_inicial, ativa)
            SELECT {e}, c0, c1, 'CORRENTE', c2, 0, '2025-01-01', true""",
        [["Itaú Estúdio", "Nubank"], ["itau estudio", "nubank"], ["341", "260"]], ["text", "text", "text"])
    conta = {"principal": contas[0], "outra": contas[1]}
    nomes_categorias = RECEITAS + DESPESAS
    categorias = dict(zip(nomes_categorias, inserir(
        f"""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
            SELECT {e}, c0, c1, c2, c3""",
        [nomes_categorias, [normalizar(n) for n in nomes_categorias],
         ["RECEITA"] * len(RECEITAS) + ["DESPESA"] * len(DESPESAS), list(range(len(nomes_categorias)))],
        ["text", "text", "text", "int"])))
    pessoas = {}
    for tabela, registros, tipo_pessoa in (("clientes", mes.clientes, "FISICA"),
                                           ("fornecedores", mes.fornecedores, "JURIDICA")):
        nomes = list(registros)
        ids = inserir(
            f"""INSERT INTO cadastros.{tabela} (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj)
                SELECT {e}, c0, c1, '{tipo_pessoa}', c2""",
            [nomes, [" ".join(palavras(n)) for n in nomes], [registros[n] for n in nomes]], ["text", "text", "text"])
        pessoas[tabela] = dict(zip(nomes, ids))
        indice = [(p, pessoa_id, " ".join(palavras(nome))) for nome, pessoa_id in pessoas[tabela].items()
                  for p in sorted(set(palavras(nome)))]
        sql_dono(f"""INSERT INTO cadastros.{tabela}_palavras (empresa_id, palavra, pessoa_id, nome_busca, ativo,
                                                             tipo_pessoa)
                     SELECT {e}, v.p, v.id, v.n, true, '{tipo_pessoa}'
                       FROM unnest(%s::text[], %s::bigint[], %s::text[]) AS v (p, id, n)""",
                 [[p for p, _, _ in indice], [i for _, i, _ in indice], [n for _, _, n in indice]], empresa_id=e)
    clientes, fornecedores = pessoas["clientes"], pessoas["fornecedores"]

    por_contrato = [sum(1 for l in mes.lancamentos if l.contrato == c) for c in range(1, mes.contratos + 1)]
    series = inserir(f"INSERT INTO financeiro.series (empresa_id, tipo, quantidade) SELECT {e}, 'PARCELAMENTO', c0",
                     [por_contrato], ["int"])
    ls = mes.lancamentos
    lancamento_ids = inserir(
        f"""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                                categoria_id, conta_id, cliente_id, fornecedor_id, documento,
                                                serie_id, serie_numero)
            SELECT {e}, c0, c1, c2, c3, date_trunc('month', c3)::date, c4, c5, c6, c7, c8, c9, c10""",
        [[l.tipo for l in ls], [l.descricao for l in ls], [l.valor for l in ls], [l.vencimento for l in ls],
         [categorias[l.categoria] for l in ls], [conta[l.conta] for l in ls],
         [clientes.get(l.cliente) for l in ls], [fornecedores.get(l.fornecedor) for l in ls],
         [l.documento for l in ls], [series[l.contrato - 1] if l.contrato else None for l in ls],
         [l.parcela for l in ls]],
        ["text", "text", "numeric", "date", "bigint", "bigint", "bigint", "bigint", "text", "bigint", "int"])
    indice = sorted({(p, lancamento_ids[n]) for n, l in enumerate(ls)
                     for p in palavras(f"{l.descricao} {l.documento or ''}")})
    sql_dono(f"""INSERT INTO financeiro.lancamentos_palavras (empresa_id, palavra, lancamento_id)
                 SELECT {e}, v.p, v.id FROM unnest(%s::text[], %s::bigint[]) AS v (p, id)""",
             [[p for p, _ in indice], [i for _, i in indice]], empresa_id=e)
    sql_dono("""UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO'
                WHERE empresa_id = %s AND id = ANY(%s)""",
             (e, [lancamento_ids[n] for n, l in enumerate(ls) if l.cancelado]), empresa_id=e)

    bs = mes.baixas
    baixa_ids = inserir(
        f"""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros)
            SELECT {e}, c0, c1, c2, c3, c4""",
        [[lancamento_ids[b.lancamento] for b in bs], [conta[b.conta] for b in bs], [b.data for b in bs],
         [ls[b.lancamento].valor for b in bs], [b.juros for b in bs]],
        ["bigint", "bigint", "date", "numeric", "numeric"])
    # What earlier months' statements reconciled: one conciliação holds it all.
    [anterior] = sql_dono("""INSERT INTO financeiro.conciliacoes (empresa_id, conta_id, origem)
                             VALUES (%s, %s, 'MANUAL') RETURNING id""", (e, conta["principal"]), empresa_id=e)
    sql_dono("UPDATE financeiro.baixas SET conciliacao_id = %s WHERE empresa_id = %s AND id = ANY(%s)",
             (anterior["id"], e, [baixa_ids[n] for n, b in enumerate(bs) if b.conciliada]), empresa_id=e)

    ts = sorted(mes.transacoes, key=lambda t: t.data)
    [extrato] = sql_dono(
        """INSERT INTO financeiro.extratos (empresa_id, conta_id, arquivo_nome, arquivo_sha256, banco_ofx, conta_ofx,
                                            data_inicio, data_fim, importadas, duplicadas, a_revisar, saldos_ignorados)
           VALUES (%s, %s, 'itau-marco.ofx', encode(sha256(%s::bytea), 'hex'), '341', '12345-6', %s, %s, %s, 0, 0, 0)
           RETURNING id""",
        (e, conta["principal"], f"{e}-{seed}".encode(), MES, mes.dia(31), len(ts)), empresa_id=e)
    transacao_ids = inserir(
        f"""INSERT INTO financeiro.extrato_transacoes (empresa_id, extrato_id, conta_id, data, valor, fitid, memo,
                                                       tipo, ocorrencia, chave)
            SELECT {e}, {extrato['id']}, {conta['principal']}, c0, c1, c2, c3, c4, 0, 'F:' || c2""",
        [[t.data for t in ts], [t.valor for t in ts], [f"{seed}-{n:04d}" for n in range(len(ts))],
         [t.memo for t in ts], ["CREDIT" if t.valor > 0 else "DEBIT" for t in ts]],
        ["date", "numeric", "text", "text", "text"])
    verdade = {}
    for n, t in enumerate(ts):
        if not t.lancamentos:
            verdade[transacao_ids[n]] = None
            continue
        juntas = [transacao_ids[m] for m, outra in enumerate(ts) if t.grupo is not None and outra.grupo == t.grupo]
        verdade[transacao_ids[n]] = Esperado(
            frozenset(juntas or [transacao_ids[n]]), frozenset(lancamento_ids[i] for i in t.lancamentos),
            frozenset(baixa_ids[i] for i in t.baixas))
    return Cenario(e, conta["principal"], conta["outra"], extrato["id"], verdade, clientes, fornecedores,
                   categorias, set(lancamento_ids))


def pessoa(sql_dono, empresa_id, nome, tabela="clientes", cpf_cnpj=None, ativo=True) -> int:
    """One cliente or fornecedor, with the word rows cadastros-api writes for its name: what a test
    of a single match registers."""
    nome_busca = " ".join(palavras(nome))
    [linha] = sql_dono(f"""INSERT INTO cadastros.{tabela} (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj, ativo)
                           VALUES (%s, %s, %s, 'FISICA', %s, %s) RETURNING id""",
                       (empresa_id, nome, nome_busca, cpf_cnpj, ativo), empresa_id=empresa_id)
    for palavra in set(nome_busca.split()):
        sql_dono(f"""INSERT INTO cadastros.{tabela}_palavras (empresa_id, palavra, pessoa_id, nome_busca, ativo,
                                                             tipo_pessoa)
                     VALUES (%s, %s, %s, %s, %s, 'FISICA')""",
                 (empresa_id, palavra, linha["id"], nome_busca, ativo), empresa_id=empresa_id)
    return linha["id"]
