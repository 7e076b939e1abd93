"""`python -m cadastros.demo --empresa <id>`: the demo studio's master data.

"Estúdio Demo" (the empresa auth-api's bootstrap creates with `--demo`) becomes a photography
studio: three contas (Itaú, Nubank, the cash box) opened just before the 18 months of history that
financeiro-api's demo writes (its `financeiro/demo.py`, run after this one) — the Itaú one with
cobrança configured, so the demo can issue boletos and PIX —, the studio's chart of
categories any empresa may apply (`modelo_de_categorias`, with its DRE groups), five centros de
custo (its lines of business and the studio's structure, which financeiro's demo splits lançamentos
across, finding them by name), ~150 clientes (people with valid CPFs,
e-mails, phones and São Paulo addresses), a few companies that hire corporate events, and ~30
fornecedores with valid CNPJs, three of them with the bank account or PIX key they are paid by, and
two freelancers who are autônomos with a CPF (their cachês paid by RPA). Names and streets are in `dados/demo_cadastros.json`.

Everything goes through this service's own domain functions (`contas.criar`,
`cobranca.configurar`, `modelo_de_categorias.aplicar`, `centros_custo.criar`, `importacao.gravar` for the clientes — as the studio would import
its spreadsheet —, `pessoas.criar` for the fornecedores), validated by the API's own models (the
chart's names as its data file is read), so names are normalised, words indexed, every write
audited and announced. One `Transacao` as the installation itself (no
user), in that empresa under row-level security: all of it or nothing.

Deterministic (`random.Random(SEMENTE)`; the opening date follows `shared.config.hoje()`) and
created once: an empresa that already has any conta, categoria, centro de custo, cliente or
fornecedor is left as
it is, so running it on every `make run` costs one query.
"""
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from stdnum.br import cnpj

from shared import calendario, demonstracao
from shared.api import validar
from shared.config import hoje
from shared.texto import normalizar
from shared import documentos, pix
from shared.transacao import Transacao

from cadastros import centros_custo, cobranca, contas, create_app, importacao, modelo_de_categorias, pessoas
from cadastros.pessoas import CLIENTES, FORNECEDORES, NovaPessoa
from cadastros.routes.centros_custo import NovoCentroCusto
from cadastros.routes.contas import ConfiguracaoCobranca, NovaConta

SEMENTE = 20_151_027
DADOS = Path(__file__).parent / "dados" / "demo_cadastros.json"
MESES_DE_HISTORIA = 18  # financeiro's demo writes these months; the contas open the day before
PESSOAS = 150  # clientes that are people (CPF), besides the companies of the data file (CNPJ)
ARQUIVO_DE_CLIENTES = "clientes-estudio.csv"

# nome, tipo, banco, agência, número, saldo inicial
CONTAS = (
    ("Itaú", "CORRENTE", "341", "0742", "45871-3", "38350.00"),
    ("Nubank", "CORRENTE", "260", "0001", "8473621-5", "3820.00"),
    ("Caixa do estúdio", "CAIXA", None, None, None, "450.00"),
)

# The Itaú conta's cobrança; the bank's tarifas go to this categoria of the studio's chart. The
# boletos name the empresa by its CNPJ in auth, and its chave PIX is that CNPJ; the demo empresa
# auth's bootstrap makes has none, so then they name it by a made-up one (valid check digits).
COBRANCA_ITAU = {"layout": "CNAB400", "carteira": "109", "juros_mes_percentual": "1.00", "multa_percentual": "2.00",
                 "dias_baixa": 30, "instrucoes": "Após o vencimento, cobrar multa de 2% e juros de 1% ao mês"}
CNPJ_DO_ESTUDIO_DEMO = "11222333000181"
CATEGORIA_DAS_TARIFAS = "Tarifas bancárias"

# How three fornecedores are paid by a bank file; "CNPJ" as the key: the fornecedor's own document.
PAGAMENTOS = {
    "Fotolab Digital Revelações Ltda": {"banco": "237", "agencia": "3391", "conta_bancaria": "0045873-2",
                                        "tipo_conta_bancaria": "CORRENTE", "chave_pix": "CNPJ"},
    "Art Álbuns Encadernação Ltda": {"chave_pix": "comercial@artalbuns.com.br"},
    "Rafael Monteiro Fotografia": {"banco": "260", "agencia": "0001", "conta_bancaria": "5523817-4",
                                   "tipo_conta_bancaria": "PAGAMENTO", "chave_pix": "+5511987451236"},
}

# Freelancers who are autônomos (pessoas físicas with a CPF, paid by RPA with INSS and IRRF
# withheld, rh/caches.py), and a cachê for when an evento's team states none (operacional's demo
# leaves one so).
AUTONOMOS = {
    "Thiago Nunes Imagem": {"cache_rpa": True},
    "Lucas Prado Assistência Fotográfica": {"cache_rpa": True, "cache_valor": "350.00"},
}

# nome, código: the lines of business and what belongs to none (rent, software, the accountant).
CENTROS_DE_CUSTO = (
    ("Casamentos", "CC01"),
    ("Ensaios", "CC02"),
    ("Formaturas", "CC03"),
    ("Eventos corporativos", "CC04"),
    ("Estúdio (estrutura)", "CC90"),
)

OBSERVACOES = ("Prefere contato por WhatsApp", "Chegou pelo Instagram", "Indicação da cerimonialista",
               "Indicação de uma cliente do ensaio gestante", "Pediu recibo no nome do cônjuge",
               "Cliente desde o primeiro ensaio de família")
COMPLEMENTOS = ("Apto 12", "Apto 34", "Apto 51", "Apto 83", "Apto 112", "Apto 141", "Casa 2", "Bloco B, apto 23",
                "Fundos", "Sala 4")


@dataclass
class Resumo:
    criado: bool  # False: the empresa had cadastros already, and nothing was done
    contas: int
    categorias: int
    centros_custo: int
    clientes: int
    fornecedores: int

    def texto(self) -> str:
        quantos = (f"{self.contas} contas, {self.categorias} categorias, {self.centros_custo} centros de custo, "
                   f"{self.clientes} clientes, {self.fornecedores} fornecedores")
        return f"criados: {quantos}" if self.criado else f"a empresa já tinha cadastros ({quantos}); nada foi feito"


def data_de_abertura(dia: date | None = None) -> date:
    """The contas' opening date: the last day before the demo's history, MESES_DE_HISTORIA
    calendar months before this one."""
    return calendario.somar_meses(calendario.primeiro_do_mes(dia or hoje()), -MESES_DE_HISTORIA) - timedelta(days=1)


# ---------------------------------------------------------------- documents


def cpf(rng: random.Random) -> str:
    """A CPF with its two check digits (modulo 11 over weights 10..2, then 11..2)."""
    digitos = [rng.randrange(10) for _ in range(9)]
    for pesos in (range(10, 1, -1), range(11, 1, -1)):
        resto = sum(d * p for d, p in zip(digitos, pesos)) % 11
        digitos.append(0 if resto < 2 else 11 - resto)
    return "".join(map(str, digitos))


def cnpj_novo(rng: random.Random) -> str:
    """A CNPJ of a head office (0001), its check digits by python-stdnum."""
    base = "".join(str(rng.randrange(10)) for _ in range(8)) + "0001"
    return base + cnpj.calc_check_digits(base)


def _unico(gerar, rng: random.Random, usados: set) -> str:
    while True:
        numero = gerar(rng)
        if numero not in usados and len(set(numero)) > 1:
            usados.add(numero)
            return documentos.validar(numero)  # python-stdnum's check, as the API's


# ---------------------------------------------------------------- people


def _endereco(rng: random.Random, ruas: list) -> dict:
    cep, logradouro, bairro, cidade = rng.choice(ruas)
    return {"cep": cep, "logradouro": logradouro, "numero": str(rng.randrange(12, 2400)),
            "complemento": rng.choice(COMPLEMENTOS) if rng.random() < 0.55 else None,
            "bairro": bairro, "cidade": cidade, "uf": "SP"}


def _nome(rng: random.Random, dados: dict) -> str:
    primeiro = rng.choice(dados["nomes_femininos"] if rng.random() < 0.62 else dados["nomes_masculinos"])
    sobrenomes = rng.sample(dados["sobrenomes"], 2 if rng.random() < 0.7 else 1)
    ligacao = rng.choice(dados["ligacoes"]) if len(sobrenomes) == 2 else ""
    if ligacao == "da " and sobrenomes[0].endswith("s"):
        ligacao = "dos "
    return f"{primeiro} {ligacao}{' '.join(sobrenomes)}"


def clientes(rng: random.Random, dados: dict) -> list[dict]:
    """PESSOAS people with CPF, then the companies of the data file with CNPJ, as a POST takes them."""
    nomes: dict[str, None] = {}
    while len(nomes) < PESSOAS:
        nomes.setdefault(_nome(rng, dados))
    documentos_usados, emails = set(), set()
    resultado = []
    for nome in nomes:
        partes = normalizar(nome).split()
        email = None
        if rng.random() < 0.92:
            email = f"{partes[0]}.{partes[-1]}@{rng.choice(dados['dominios'])}"
            while email in emails:
                email = f"{partes[0]}.{partes[-1]}{rng.randrange(1, 99)}@{email.split('@')[1]}"
            emails.add(email)
        resultado.append({
            "nome": nome, "cpf_cnpj": _unico(cpf, rng, documentos_usados), "email": email,
            "telefone": f"119{rng.randrange(10**7, 10**8)}" if rng.random() < 0.95 else None,
            "endereco": _endereco(rng, dados["ruas"]) if rng.random() < 0.85 else None,
            "observacoes": rng.choice(OBSERVACOES) if rng.random() < 0.12 else None,
        })
    for nome, email in dados["clientes_empresas"]:
        resultado.append({"nome": nome, "cpf_cnpj": _unico(cnpj_novo, rng, documentos_usados), "email": email,
                          "telefone": f"113{rng.randrange(10**6, 10**7)}", "endereco": _endereco(rng, dados["ruas"])})
    return resultado


def fornecedores(rng: random.Random, dados: dict) -> list[dict]:
    """As a POST takes them, with PAGAMENTOS' payment data and AUTONOMOS' cachê settings."""
    usados: set = set()
    resultado = []
    for nome, email, telefone, observacoes in dados["fornecedores"]:
        autonomo = AUTONOMOS.get(nome, {})
        documento = _unico(cpf if autonomo else cnpj_novo, rng, usados)
        pagamento = PAGAMENTOS.get(nome, {})
        if pagamento.get("chave_pix") == "CNPJ":
            pagamento = {**pagamento, "chave_pix": documento}
        resultado.append({"nome": nome, "cpf_cnpj": documento, "email": email, "telefone": telefone,
                          "endereco": _endereco(rng, dados["ruas"]) if telefone else None, "observacoes": observacoes,
                          **pagamento, **autonomo})
    return resultado


def _beneficiario(cur) -> dict:
    """The settings that name who the boletos are of: none when auth has the empresa's valid CNPJ
    (the boletos take it from there), else the made-up CNPJ under the empresa's name; and the key."""
    cur.execute("SELECT nome, cnpj FROM auth.v_empresas")
    empresa = cur.fetchone()
    if empresa and empresa["cnpj"]:
        try:
            return {"chave_pix": pix.normalizar(empresa["cnpj"], "CNPJ")[0]}
        except ValueError:
            pass
    return {"chave_pix": CNPJ_DO_ESTUDIO_DEMO, "beneficiario_documento": CNPJ_DO_ESTUDIO_DEMO,
            "beneficiario_nome": empresa["nome"] if empresa else "Estúdio de fotografia"}


def configurar_cobranca(tx: Transacao, conta_id: int) -> None:
    """The Itaú conta's cobrança (after the chart of categorias, where its tarifas go)."""
    tx.cur.execute("SELECT id FROM cadastros.categorias WHERE nome = %s AND tipo = 'DESPESA'", (CATEGORIA_DAS_TARIFAS,))
    tarifas = tx.cur.fetchone()
    configuracao = validar(ConfiguracaoCobranca, {**COBRANCA_ITAU, **_beneficiario(tx.cur),
                                                  "categoria_tarifa_id": tarifas and tarifas["id"]})
    cobranca.configurar(tx, conta_id, dict(configuracao))


# ---------------------------------------------------------------- writing


def _contagem(cur) -> dict:
    cur.execute("""SELECT (SELECT count(*) FROM cadastros.contas) AS contas,
                          (SELECT count(*) FROM cadastros.categorias) AS categorias,
                          (SELECT count(*) FROM cadastros.centros_custo) AS centros_custo,
                          (SELECT count(*) FROM cadastros.clientes) AS clientes,
                          (SELECT count(*) FROM cadastros.fornecedores) AS fornecedores""")
    return dict(cur.fetchone())


def criar(tx: Transacao) -> Resumo:
    """The demo's cadastros in the transaction's empresa, unless it has some already."""
    cur = tx.cur
    # Two runs at once (two `make run`s): the second waits, then finds the first one's data.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('cadastros.demo:' || plataforma.empresa_atual(), 0))")
    cur.execute("""SELECT EXISTS (SELECT FROM cadastros.contas) OR EXISTS (SELECT FROM cadastros.categorias)
                          OR EXISTS (SELECT FROM cadastros.centros_custo) OR EXISTS (SELECT FROM cadastros.clientes) OR EXISTS (SELECT FROM cadastros.fornecedores)
                          AS tem""")
    if cur.fetchone()["tem"]:
        return Resumo(False, **_contagem(cur))
    rng = random.Random(SEMENTE)
    dados = json.loads(DADOS.read_text(encoding="utf-8"))
    abertura = data_de_abertura()
    criadas = []
    for nome, tipo, banco, agencia, numero, saldo in CONTAS:
        conta = validar(NovaConta, {"nome": nome, "tipo": tipo, "banco": banco, "agencia": agencia, "numero": numero,
                                    "saldo_inicial": Decimal(saldo), "data_saldo_inicial": abertura})
        criadas.append(contas.criar(tx, dict(conta)))
    modelo_de_categorias.aplicar(tx)  # the chart any studio may apply: one list, not two
    configurar_cobranca(tx, criadas[0]["id"])
    for nome, codigo in CENTROS_DE_CUSTO:
        centros_custo.criar(tx, dict(validar(NovoCentroCusto, {"nome": nome, "codigo": codigo})))
    # The client spreadsheet, imported as the studio would (each line validated as a POST).
    linhas = {numero: pessoas.registro(validar(NovaPessoa, pessoa))
              for numero, pessoa in enumerate(clientes(rng, dados), start=2)}
    importacao.gravar(tx, CLIENTES, linhas, {}, ARQUIVO_DE_CLIENTES)
    for fornecedor in fornecedores(rng, dados):
        pessoas.criar(tx, FORNECEDORES, validar(FORNECEDORES.nova, fornecedor))
    return Resumo(True, **_contagem(cur))


def garantir(empresa_id: int) -> Resumo:
    """The demo's cadastros in `empresa_id` (inside an app context), in one transaction."""
    return demonstracao.garantir(empresa_id, criar)


def main(argv=None, overrides: dict | None = None) -> int:
    return demonstracao.executar(
        "python -m cadastros.demo",
        "Cria os cadastros do estúdio de demonstração (contas, categorias, centros de custo, clientes e fornecedores) "
        "na empresa indicada; não faz nada numa empresa que já tem cadastros.",
        "cadastros de demonstração", create_app, criar, argv, overrides)


if __name__ == "__main__":
    sys.exit(main())
