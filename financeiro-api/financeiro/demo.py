"""`python -m financeiro.demo --empresa <id>`: 18 months of a photography studio's money and last month's
Itaú statement waiting to be reconciled, after cadastros-api's demo (`cadastros/demo.py`, read by name
through the `v_*` views; names and amounts in `dados/demo_financeiro.json`). Only through the domain:
`escrita_lancamentos.criar`, `baixas.baixar` (on time, late, partial, card net of the fee; some never),
the OFX import (`extratos.ler`/`importar`, a file by `financeiro/ofx/escritor.py`) and `regras.criar`; nothing is
reconciled. When cadastros' demo gave the Itaú cobrança settings, also its CNAB files (`demo_cobranca.py`): a
remessa of coming boletos with the simulated bank's retorno imported, and a pagamentos remessa. Deterministic (`random.Random(SEMENTE)`), dated around `shared.config.hoje()`, one
`Transacao` as the installation itself; an empresa with any lançamento, statement or rule is left as is.
"""
import hashlib
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from shared import calendario, demonstracao
from shared.api import validar
from shared.config import hoje
from shared.texto import palavras
from shared.transacao import Transacao

from financeiro import baixas, create_app, demo_cobranca, escrita_lancamentos, extratos, series
from financeiro.conciliacao import regras
from financeiro.ofx.escritor import Linha as LinhaOfx, ofx
from financeiro.routes.baixas import NovaBaixa
from financeiro.routes.lancamentos import NovoLancamento, valores
from financeiro.routes.regras import NovaRegra

SEMENTE = 20_151_028
ZERO, CENTAVO = Decimal("0.00"), Decimal("0.01")
RECEITA, DESPESA = "RECEITA", "DESPESA"
DIAS_DO_EXTRATO = 30  # the statement: the 30 days up to yesterday
MESES_A_FRENTE = 6  # recurring bills are created this far ahead
TAXA_CARTAO = Decimal("0.0299")  # Stone's fee on a credit sale paid the next day
ALIQUOTA_SIMPLES = Decimal("0.06")  # Simples Nacional, anexo III, first bracket
ESTUDIO = "Estúdio (estrutura)"  # the centro de custo of what belongs to no line of business

# What it reads of cadastros' demo, by name, and what the studio pays and receives.
DADOS = json.loads((Path(__file__).parent / "dados" / "demo_financeiro.json").read_text(encoding="utf-8"))
FORNECEDOR = DADOS["fornecedores"]


@dataclass
class Pagamento:
    data: date
    valor: Decimal
    juros: Decimal = ZERO
    multa: Decimal = ZERO
    desconto: Decimal = ZERO
    no_extrato: bool = False  # an Itaú movement inside the statement's period
    registrado: bool = True  # False: only the bank knows it yet (its line waits for the conciliação)

    @property
    def movimentado(self) -> Decimal:
        return self.valor + self.juros + self.multa - self.desconto


@dataclass
class Linha:
    data: date
    valor: Decimal
    memo: str
    registrada: bool = False  # the ledger has this payment already (a baixa); else it waits for the conciliação
    lancamento_id: int | None = None  # what a line not registered pays (None: nothing, a bank fee)
    baixa_id: int | None = None  # the baixa a registered line is


@dataclass
class Resumo:
    criado: bool  # False: the empresa had financeiro data already, and nothing was done
    contagem: dict  # lancamentos, baixas, extratos, transacoes (not reconciled), regras: all the empresa's
    extrato_id: int | None = None
    verdade: dict = field(default_factory=dict)  # FITID -> the lançamento its line pays (not registered)
    registradas: dict = field(default_factory=dict)  # FITID -> the baixa its line is (registered)

    def texto(self) -> str:
        quantos = ("{lancamentos} lançamentos, {baixas} baixas, {extratos} extrato com {transacoes} transações a "
                   "conciliar, {regras} regras").format(**self.contagem)
        return f"criados: {quantos}" if self.criado else f"a empresa já tinha dados ({quantos}); nada foi feito"


class CadastrosAusentes(RuntimeError):
    """cadastros' demo has not run in this empresa (or its records were renamed)."""


def _dinheiro(valor) -> Decimal:
    return Decimal(valor).quantize(CENTAVO, ROUND_HALF_UP)


def no_banco(nome: str) -> str:
    """A name as banks print it: capitals, no accents nor punctuation."""
    return " ".join(palavras(nome)).upper()


class Estudio:
    """The studio's life, written in the transaction's empresa as it is decided."""

    def __init__(self, tx: Transacao):
        self.tx, self.cur = tx, tx.cur
        self.rng = random.Random(SEMENTE)
        self.hoje = hoje()
        self.inicio_extrato = self.hoje - timedelta(days=DIAS_DO_EXTRATO)
        self.ate = calendario.fim_do_mes(calendario.somar_meses(self.hoje, MESES_A_FRENTE))
        self.linhas: list[Linha] = []
        self.receitas_do_mes: dict[date, Decimal] = defaultdict(Decimal)
        self.nfse = self.contratos = 0
        self._ler_cadastros()

    def _ler(self, consulta: str, resto: str = "") -> list[dict]:
        self.cur.execute(f"{consulta} WHERE empresa_id = plataforma.empresa_atual() {resto}")
        return self.cur.fetchall()

    def _ler_cadastros(self) -> None:
        """cadastros' records through its read contract, by name."""
        por_nome = {c["nome"]: c for c in self._ler(
            "SELECT id, nome, banco, agencia, numero, saldo_inicial, data_saldo_inicial FROM cadastros.v_contas")}
        self.categorias = {c["nome"]: c["id"] for c in self._ler("SELECT id, nome FROM cadastros.v_categorias")}
        clientes = self._ler("SELECT id, nome, tipo_pessoa, cpf_cnpj FROM cadastros.v_clientes",
                             "AND ativo ORDER BY id")
        self.fornecedores = {f["nome"]: f["id"] for f in self._ler("SELECT id, nome FROM cadastros.v_fornecedores")}
        self.centros = {c["nome"]: c["id"] for c in self._ler("SELECT id, nome FROM cadastros.v_centros_custo", "AND ativo")}
        faltam = [n for n in DADOS["contas"].values() if n not in por_nome] + [
            n for n in (*FORNECEDOR.values(), *DADOS["segundos_fotografos"], *DADOS["assistentes"],
                        *DADOS["videomakers"]) if n not in self.fornecedores]
        if faltam or len(clientes) < 100 or "Pró-labore" not in self.categorias:
            raise CadastrosAusentes("Faltam os cadastros de demonstração nesta empresa (rode antes o demo do "
                                    f"cadastros-api): {', '.join(faltam[:5]) or 'clientes ou categorias'}")
        self.contas = {chave: por_nome[nome] for chave, nome in DADOS["contas"].items()}
        self.abertura = self.contas["itau"]["data_saldo_inicial"] + timedelta(days=1)
        self.pessoas = [c for c in clientes if c["tipo_pessoa"] == "FISICA"]
        self.empresas = [c for c in clientes if c["tipo_pessoa"] == "JURIDICA"] or self.pessoas
        self.contratantes = self.rng.sample(self.pessoas, len(self.pessoas))  # a wedding's or formatura's, once

    def meses(self) -> list[date]:
        """The first day of every month of the history, up to this one."""
        return [calendario.somar_meses(self.abertura, n)
                for n in range(calendario.meses_entre(self.abertura, self.hoje) + 1)]

    def no_mes(self, meses: int, dia: int) -> date:
        return calendario.somar_meses(self.abertura, meses) + timedelta(days=dia - 1)

    # ------------------------------------------------------------ payments

    def plano(self, tipo: str, vencimento: date, valor: Decimal, meio: str, conta: str) -> list[Pagamento]:
        """How a lançamento was paid (nothing: it is still open)."""
        rng, r = self.rng, self.rng.random()
        if meio == "cartao":
            atraso = 1  # the acquirer pays the next day
        elif tipo == DESPESA:
            atraso = 0 if meio == "debito" else rng.randint(-3, 0) if r < 0.93 else rng.randint(2, 12)
        else:
            if r < (0.04 if vencimento >= self.hoje - timedelta(days=150) else 0.01):
                return []  # the client never paid: overdue
            atraso = rng.randint(-2, 1) if r < 0.70 else rng.randint(2, 9) if r < 0.90 else rng.randint(10, 40)
        quando = max(vencimento + timedelta(days=atraso), self.abertura)
        if quando >= self.hoje:
            return []
        juros = multa = ZERO
        if atraso > 5 and (meio in ("boleto", "ted") or rng.random() < 0.3):
            multa, juros = _dinheiro(valor * Decimal("0.02")), _dinheiro(valor * Decimal("0.000333") * atraso)
        desconto = _dinheiro(valor * TAXA_CARTAO) if meio == "cartao" else ZERO
        if conta == "itau" and quando >= self.inicio_extrato:
            registrado = meio != "cartao" and rng.random() < (0.4 if tipo == RECEITA else 0.45)
            return [Pagamento(quando, valor, juros, multa, desconto, True, registrado)]
        if tipo == RECEITA and meio not in ("cartao", "dinheiro") and rng.random() < 0.04:
            # Part now; the rest some weeks later, or still owed.
            parte = (valor / 2).quantize(Decimal("10"))
            resto = quando + timedelta(days=rng.randint(20, 45))
            segunda = [Pagamento(resto, valor - parte)] if rng.random() < 0.6 and resto < self.inicio_extrato else []
            return [Pagamento(quando, parte), *segunda]
        return [Pagamento(quando, valor, juros, multa, desconto)]

    def _memo(self, tipo: str, meio: str, pessoa: dict | None, fornecedor: str | None, documento: str | None) -> str:
        """How the bank writes the payment in the statement (cut at 32 characters, as banks do)."""
        if meio == "cartao":
            return "STONE PAGAMENTOS CREDITO"
        if tipo == DESPESA:
            if documento and self.rng.random() < 0.5:
                return f"PAGTO TITULO {documento}"
            return f"{'PIX ENVIADO' if meio == 'pix' else 'PAG BOLETO'} {no_banco(fornecedor or '')}"[:32]
        nome, cpf = no_banco(pessoa["nome"]), pessoa["cpf_cnpj"] or ""
        formas = [f"TED RECEBIDA {nome}"] if meio == "ted" else [
            f"PIX RECEBIDO {nome}", f"PIX REC {nome}", f"PIX RECEBIDO {nome.split()[0]} {nome.split()[-1]}",
            *([f"PIX {cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]} {nome}"] if len(cpf) == 11 else [])]
        return self.rng.choice(formas)[:32].strip()

    def lancar(self, tipo: str, descricao: str, valor, vencimento: date, categoria: str, conta: str, meio: str,
               *, cliente: dict | None = None, fornecedor: str | None = None, documento: str | None = None,
               memo: str | None = None, parcelas: dict | None = None, recorrencia: dict | None = None,
               observacoes: str | None = None, centro: str | dict | None = None) -> None:
        """Creates the lançamento (or série) as a person would, then registers how each was paid. A
        single one paid whole on one day is created paid (one call, as the screen does). `centro`:
        its centro de custo's name, or {name: percentual} for a rateio."""
        valor = Decimal(valor)
        memo = memo or self._memo(tipo, meio, cliente, fornecedor, documento)
        plano = self.plano(tipo, vencimento, valor, meio, conta) if parcelas is None and recorrencia is None else None
        pago = bool(plano) and len(plano) == 1 and not plano[0].no_extrato and plano[0].movimentado == valor
        corpo = validar(NovoLancamento, {
            "tipo": tipo, "descricao": descricao, "valor": valor, "data_vencimento": vencimento,
            "categoria_id": self.categorias[categoria], "conta_id": self.contas[conta]["id"],
            "cliente_id": cliente and cliente["id"], "fornecedor_id": fornecedor and self.fornecedores[fornecedor],
            "documento": documento, "observacoes": observacoes, "parcelas": parcelas, "recorrencia": recorrencia,
            "status": "PAGO" if pago else "PENDENTE", "data_pagamento": plano[0].data if pago else None,
            **self._centro(centro)})
        criados = [escrita_lancamentos.criar(self.tx, valores(corpo))]
        if criados[0]["serie_id"] is not None:
            self.cur.execute("""SELECT id, valor, data_vencimento, competencia FROM financeiro.lancamentos
                                 WHERE empresa_id = plataforma.empresa_atual() AND serie_id = %s
                                 ORDER BY serie_numero""", (criados[0]["serie_id"],))
            criados = self.cur.fetchall()
        for lancamento in criados:
            if tipo == RECEITA:
                self.receitas_do_mes[lancamento["competencia"]] += lancamento["valor"]
            if not pago:
                for pagamento in plano if plano is not None else self.plano(
                        tipo, lancamento["data_vencimento"], lancamento["valor"], meio, conta):
                    self._pagar(lancamento["id"], tipo, conta, memo, pagamento)

    def _centro(self, centro: str | dict | None) -> dict:
        """The request's centro_custo_id or rateio (by %). None when cadastros' demo has no such
        centro (one made before there were centros de custo): the same ledger, without centros."""
        nomes = [centro] if isinstance(centro, str) else list(centro or {})
        if not nomes or any(nome not in self.centros for nome in nomes):
            return {}
        if isinstance(centro, str):
            return {"centro_custo_id": self.centros[centro]}
        return {"rateio": [{"centro_custo_id": self.centros[nome], "percentual": p} for nome, p in centro.items()]}

    def _pagar(self, lancamento_id: int, tipo: str, conta: str, memo: str, pg: Pagamento) -> None:
        baixa_id = None
        if pg.registrado:
            pedido = validar(NovaBaixa, {"valor": pg.valor, "data": pg.data, "conta_id": self.contas[conta]["id"],
                                         "juros": pg.juros, "multa": pg.multa, "desconto": pg.desconto})
            baixa_id = baixas.baixar(self.tx, lancamento_id, dict(pedido))["id"]
        if pg.no_extrato:
            self.linhas.append(Linha(pg.data, pg.movimentado * (1 if tipo == RECEITA else -1), memo, pg.registrado,
                                     None if pg.registrado else lancamento_id, baixa_id))

    # ------------------------------------------------------------ receitas

    def casamento(self, assinatura: date, evento: date, desde: date | None = None) -> None:
        """A wedding sold on `assinatura`: sinal and monthly parcelas until the event, its team, its
        album. `desde`: a contract signed before the history, whose remaining parcelas start then."""
        rng = self.rng
        evento += timedelta(days=(5 - evento.weekday()) % 7)  # a Saturday
        video = rng.random() < 0.4
        valor = Decimal(rng.randrange(78, 150) * 100 + (rng.choice((3800, 4500)) if video else 0))
        cliente = self.contratantes.pop()
        casal = f"{cliente['nome'].split()[0]} & {rng.choice(self.pessoas)['nome'].split()[0]}"
        self.contratos += 1
        quantas = max(1, min(6, calendario.meses_entre(desde or assinatura, evento) - 1))
        if desde is None:
            sinal = (valor * Decimal("0.3")).quantize(Decimal("10"))
            valores = [sinal, *series.dividir(valor - sinal, quantas, "ULTIMA")]
            primeiro, observacoes = assinatura, None
        else:
            valor = (valor * Decimal(quantas) / 12).quantize(Decimal("10"))
            valores = series.dividir(valor, quantas, "ULTIMA") if quantas > 1 else [valor]
            primeiro = desde.replace(day=min(assinatura.day, 28))
            observacoes = f"Contrato de {assinatura:%d/%m/%Y}: sinal e parcelas anteriores recebidos antes do sistema"
        self.lancar(RECEITA, f"Casamento {casal} ({evento:%d/%m/%Y})", valor, primeiro, "Casamentos", "itau", "pix",
                    cliente=cliente, documento=f"CT {assinatura.year}-{self.contratos:03d}", centro="Casamentos",
                    observacoes=observacoes or ("Fotografia e vídeo" if video else "Fotografia"),
                    parcelas={"quantidade": len(valores), "valores": valores} if len(valores) > 1 else None)
        self.equipe(evento, f"casamento {casal}", video, segundos=1, centro="Casamentos")
        if evento <= self.hoje + timedelta(days=45):
            self.lancar(DESPESA, f"Álbum do casamento {casal}", rng.randrange(140, 240) * 10,
                        evento + timedelta(days=40), "Laboratório e álbuns", "itau", "boleto",
                        fornecedor=FORNECEDOR["album"], documento=f"NF {rng.randint(10000, 19999)}", centro="Casamentos")
        if evento < self.hoje - timedelta(days=30) and rng.random() < 0.5:
            self.lancar(RECEITA, f"Álbuns dos pais — {cliente['nome']}", rng.randrange(90, 240) * 10,
                        evento + timedelta(days=50), "Álbuns e impressões", rng.choice(("itau", "nubank")), "pix",
                        cliente=cliente, centro="Casamentos")

    def casamentos(self) -> None:
        rng = self.rng
        for _ in range(6):  # sold before the history: their last parcelas and the events come in it
            self.casamento(self.abertura - timedelta(days=rng.randint(60, 300)),
                           self.abertura + timedelta(days=rng.randint(20, 240)), desde=self.abertura)
        for mes in self.meses():
            for _ in range(rng.choice((1, 1, 1, 2))):
                assinatura = mes + timedelta(days=rng.randint(0, 27))
                if assinatura < self.hoje:
                    self.casamento(assinatura, assinatura + timedelta(days=rng.randint(150, 390)))

    def equipe(self, evento: date, qual: str, video: bool, segundos: int, centro: str) -> None:
        """The freelancers, the rented kit and the trip of an event (booked up to 45 days ahead), all
        of the event's `centro` de custo."""
        rng = self.rng
        if evento > self.hoje + timedelta(days=45):
            return
        pagamento = evento + timedelta(days=5)
        for fornecedor in rng.sample(DADOS["segundos_fotografos"], segundos):
            self.lancar(DESPESA, f"Segundo fotógrafo — {qual}", rng.choice((700, 800, 900)), pagamento,
                        "Segundo fotógrafo", "itau", "pix", fornecedor=fornecedor, centro=centro)
        if rng.random() < 0.7:
            self.lancar(DESPESA, f"Assistente — {qual}", rng.choice((300, 350)), pagamento, "Assistente", "itau", "pix",
                        fornecedor=rng.choice(DADOS["assistentes"]), centro=centro)
        if video:
            self.lancar(DESPESA, f"Vídeo — {qual}", rng.randrange(22, 29) * 100, pagamento + timedelta(days=2),
                        "Videomaker", "itau", "pix", fornecedor=rng.choice(DADOS["videomakers"]), centro=centro)
        if rng.random() < 0.25:
            self.lancar(DESPESA, f"Locação de lente 70-200 e flash — {qual}", rng.randrange(28, 66) * 10,
                        evento - timedelta(days=1), "Locação de equipamentos", "itau", "pix",
                        fornecedor=FORNECEDOR["locadora"], centro=centro)
        self.lancar(DESPESA, f"Combustível e estacionamento — {qual}", _dinheiro(rng.uniform(60, 260)), evento,
                    "Deslocamento", "caixa", "debito", centro=centro)

    def ensaios(self) -> None:
        rng, precos = self.rng, DADOS["ensaios"]
        for mes in self.meses():
            for _ in range(rng.randint(3, 6)):
                dia = mes + timedelta(days=rng.randint(0, 27))
                if dia > self.hoje + timedelta(days=21):
                    continue
                tipo = rng.choice(list(precos))
                valor = Decimal(rng.randrange(precos[tipo][0] // 10, precos[tipo][1] // 10) * 10)
                cliente = rng.choice(self.pessoas)
                conta, meio = rng.choices(
                    (("itau", "pix"), ("nubank", "pix"), ("itau", "cartao"), ("caixa", "dinheiro")), (42, 25, 25, 8))[0]
                parcelas = None
                if meio == "pix" and rng.random() < 0.2 and dia > self.abertura + timedelta(days=25):
                    # Half to book the date, half on the day.
                    metade = (valor / 2).quantize(Decimal("10"))
                    reserva = dia - timedelta(days=rng.randint(10, 25))
                    parcelas = {"quantidade": 2, "valores": [metade, valor - metade], "vencimentos": [reserva, dia]}
                self.lancar(RECEITA, f"Ensaio {tipo.lower()} — {cliente['nome']}", valor, dia if parcelas is None
                            else parcelas["vencimentos"][0], tipo, conta, meio, cliente=cliente, parcelas=parcelas,
                            centro="Ensaios")

    def formaturas(self) -> None:
        rng = self.rng
        for meses, curso in zip((1, 7, 13), DADOS["cursos"]):
            assinatura = self.no_mes(meses, rng.randint(3, 21))
            evento = assinatura + timedelta(days=rng.randint(150, 200))
            evento += timedelta(days=(5 - evento.weekday()) % 7)
            cliente = self.contratantes.pop()
            self.contratos += 1
            turma = f"Formatura {curso} {evento.year}"
            self.lancar(RECEITA, f"{turma} — comissão", rng.randrange(140, 280) * 100, assinatura, "Formaturas", "itau",
                        "pix", cliente=cliente, documento=f"CT {assinatura.year}-{self.contratos:03d}",
                        parcelas={"quantidade": 6}, observacoes=f"Representante da comissão: {cliente['nome']}",
                        centro="Formaturas")
            self.equipe(evento, turma.lower(), video=False, segundos=2, centro="Formaturas")

    def corporativos(self) -> None:
        rng = self.rng
        for mes in self.meses():
            for _ in range(rng.choice((0, 1, 1, 2))):
                evento = mes + timedelta(days=rng.randint(0, 27))
                if evento >= self.hoje:
                    continue
                empresa = rng.choice(self.empresas)
                curto = empresa["nome"].split(" Ltda")[0]
                self.nfse += 1
                self.lancar(RECEITA, f"{rng.choice(DADOS['corporativos'])} — {curto}", rng.randrange(36, 130) * 50,
                            evento + timedelta(days=28), "Eventos corporativos", "itau", "ted", cliente=empresa,
                            documento=f"NFS-e {evento.year}{self.nfse:04d}", centro="Eventos corporativos")

    # ------------------------------------------------------------ despesas

    def recorrentes(self) -> None:
        for conta in DADOS["recorrentes"]:
            recorrencia = {"frequencia": "MENSAL", "quantidade": conta.get("quantidade"),
                           "ate": None if conta.get("quantidade") else self.ate}
            self.lancar(DESPESA, conta["descricao"], conta["valor"], self.no_mes(conta.get("desde", 0), conta["dia"]),
                        conta["categoria"], conta["conta"], conta["meio"], memo=conta.get("memo"),
                        fornecedor=FORNECEDOR.get(conta.get("fornecedor")), recorrencia=recorrencia,
                        centro=conta.get("centro", ESTUDIO))

    def mensais(self) -> None:
        """The bills of every month that vary (energy: more in summer, the air conditioning)."""
        rng = self.rng
        for mes in self.meses():
            for conta in DADOS["mensais"]:
                if conta.get("antes_do_extrato") and mes >= self.inicio_extrato or mes.month % conta.get("a_cada", 1):
                    continue  # the statement's fee comes from the bank, for the rule to create
                verao = "verao" in conta and mes.month in (12, 1, 2, 3)
                faixa = conta["verao"] if verao else (conta["de"], conta["ate"])
                self.lancar(DESPESA, f"{conta['descricao']} {mes:%m/%Y}", _dinheiro(rng.uniform(*faixa)),
                            mes.replace(day=conta["dia"]), conta["categoria"], conta["conta"], conta["meio"],
                            fornecedor=FORNECEDOR.get(conta.get("fornecedor")), memo=conta.get("memo"),
                            documento=f"NF {rng.randint(40000, 49999)}" if conta.get("nota") else None,
                            centro=conta.get("centro", ESTUDIO))

    def compras(self) -> None:
        rng = self.rng
        for compra in DADOS["compras"]:
            dia = self.no_mes(compra["mes"], rng.randint(3, 20))
            if dia < self.hoje:
                self.lancar(DESPESA, compra["descricao"], compra["valor"], dia, compra["categoria"], "itau", "boleto",
                            fornecedor=FORNECEDOR[compra["fornecedor"]], documento=f"NF {rng.randint(1000, 999999)}",
                            parcelas={"quantidade": compra["parcelas"]} if compra.get("parcelas") else None,
                            centro=compra.get("centro", ESTUDIO))

    def impostos(self) -> None:
        """The DAS of each month's receitas, due on the 20th of the next."""
        for mes in self.meses():
            valor = _dinheiro(self.receitas_do_mes[mes] * ALIQUOTA_SIMPLES)
            if valor > 0:
                self.lancar(DESPESA, f"DAS Simples Nacional {mes:%m/%Y}", valor,
                            calendario.somar_meses(mes, 1).replace(day=20), "Simples Nacional", "itau", "debito",
                            memo="PAGTO DAS SIMPLES NACIONAL")

    # ------------------------------------------------------------ the statement and the rules

    def tarifas_do_extrato(self) -> None:
        """What the bank charged and the debit card bought in the period, which no lançamento has."""
        primeiros = [self.inicio_extrato + timedelta(days=n) for n in range(DIAS_DO_EXTRATO)]
        self.linhas += [Linha(dia, Decimal("-64.90"), "TARIFA PACOTE SERVICOS") for dia in primeiros if dia.day == 1]
        for memo, valor in DADOS["tarifas_do_extrato"]:
            self.linhas.append(Linha(self.rng.choice(primeiros), Decimal(valor), memo))

    def extrato(self) -> tuple[int, dict, dict]:
        """The Itaú statement of the period, as a bank writes it (ofx.escritor), imported as an upload is;
        its LEDGERBAL is the system's balance plus what only the bank knows yet."""

        conta, fim = self.contas["itau"], self.hoje - timedelta(days=1)
        self.cur.execute("""SELECT coalesce(sum(movimento), 0) AS movimento FROM financeiro.movimentos_dia
                             WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s
                               AND data >= %s AND data <= %s""", (conta["id"], conta["data_saldo_inicial"], fim))
        saldo = (conta["saldo_inicial"] + self.cur.fetchone()["movimento"]
                 + sum(linha.valor for linha in self.linhas if not linha.registrada))
        linhas = sorted(self.linhas, key=lambda linha: (linha.data, linha.valor < 0, linha.memo))
        fitids = [f"{linha.data:%Y%m%d}{n:04d}" for n, linha in enumerate(linhas, start=1)]
        dados = ofx([LinhaOfx(linha.data, f"{linha.valor:.2f}", linha.memo, fitid)
                     for linha, fitid in zip(linhas, fitids)], inicio=self.inicio_extrato, fim=fim,
                    conta=conta["numero"], banco=f"0{conta['banco']}", agencia=conta["agencia"], saldo=f"{saldo:.2f}")
        resultado, _ = extratos.importar(self.tx, conta["id"], f"extrato-itau-{self.inicio_extrato:%Y-%m-%d}.ofx",
                                         hashlib.sha256(dados).hexdigest(), extratos.ler(dados, len(dados) + 1))
        verdade = {f: linha.lancamento_id for f, linha in zip(fitids, linhas) if linha.lancamento_id is not None}
        registradas = {f: linha.baixa_id for f, linha in zip(fitids, linhas) if linha.registrada}
        return resultado.extrato_id, verdade, registradas

    def regras(self) -> None:
        for regra in DADOS["regras"]:
            categoria = regra.get("categoria")
            corpo = validar(NovaRegra, {**{k: v for k, v in regra.items() if k != "categoria"},
                                        "categoria_id": categoria and self.categorias[categoria],
                                        "conta_id": self.contas["itau"]["id"]})
            regras.criar(self.tx, corpo.model_dump())


def _contagem(cur) -> dict:
    cur.execute("""SELECT (SELECT count(*) FROM financeiro.lancamentos) AS lancamentos,
                          (SELECT count(*) FROM financeiro.baixas) AS baixas,
                          (SELECT count(*) FROM financeiro.extratos) AS extratos,
                          (SELECT count(*) FROM financeiro.extrato_transacoes WHERE NOT conciliado) AS transacoes,
                          (SELECT count(*) FROM financeiro.regras) AS regras""")
    return dict(cur.fetchone())


def criar(tx: Transacao) -> Resumo:
    """The demo's ledger, statement and rules in the transaction's empresa, unless it has some already."""
    cur = tx.cur
    # Two runs at once (two `make run`s): the second waits, then finds the first one's data.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('financeiro.demo:' || plataforma.empresa_atual(), 0))")
    cur.execute("""SELECT EXISTS (SELECT FROM financeiro.lancamentos) OR EXISTS (SELECT FROM financeiro.extratos)
                          OR EXISTS (SELECT FROM financeiro.regras) AS tem""")
    if cur.fetchone()["tem"]:
        return Resumo(False, _contagem(cur))
    estudio = Estudio(tx)
    # The DAS after every receita, the statement after every payment.
    for parte in ("casamentos", "formaturas", "ensaios", "corporativos", "recorrentes", "mensais", "compras",
                  "impostos", "tarifas_do_extrato"):
        getattr(estudio, parte)()
    extrato_id, verdade, registradas = estudio.extrato()
    estudio.regras()
    demo_cobranca.Cobranca(tx, estudio.contas["itau"]["id"], estudio.hoje, DADOS["cobranca"]).criar()
    return Resumo(True, _contagem(cur), extrato_id, verdade, registradas)


def garantir(empresa_id: int) -> Resumo:
    """The demo's financeiro in `empresa_id` (inside an app context), in one transaction."""
    return demonstracao.garantir(empresa_id, criar)


def main(argv=None, overrides: dict | None = None) -> int:
    return demonstracao.executar(
        "python -m financeiro.demo",
        "Cria 18 meses de lançamentos, um extrato do Itaú a conciliar e regras do estúdio de demonstração (depois "
        "do demo do cadastros-api); não faz nada numa empresa que já tem dados financeiros.",
        "financeiro de demonstração", create_app, criar, argv, overrides, recusas=(CadastrosAusentes,))


if __name__ == "__main__":
    sys.exit(main())
