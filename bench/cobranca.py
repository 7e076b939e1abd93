"""Part 11: cobrança (issue 18, "Benchmark": a remessa of 10,000 títulos < 2 s; a retorno of 10,000
lines < 5 s).

The data: part 5's ledger (bench.financeiro.gerar_livro, without the words `q` searches) as the
studio's history, its clientes given a CPF and an address (a boleto's pagador needs both); two
contas with cobrança — Banco do Brasil, CNAB 240, carteira 17 variação 019 with a 7-digit convênio
(segments P, Q and, with juros and multa, R: three lines a título); Itaú, CNAB 400, carteira 109
(one line a título) — their settings saved through cadastros-api (PUT /api/contas/<id>/cobranca) as
a studio saves them; and in each, `vezes` batches of N open receivables due in the coming 90 days,
bulk-inserted as the tables' owner with their triggers on.

Measured over HTTP against cadastros-api and financeiro-api under gunicorn (one worker each, as
`make run` starts them), with the token of a user of the empresa: POST /api/remessas/gerar of each
batch — the first remessa of its lançamentos, which issues their títulos — and POST
/api/remessas/retorno of the bank's answer to that remessa (financeiro/cobranca/cnab/
banco_simulado.retorno_de: every título liquidated, code 06, with the bank's tarifa), each batch
once and the p50 over the batches; then the last retorno again, which changes nothing. And without
HTTP nor database, in this process: remessa.cobranca over N títulos and retorno.ler of their
retorno, the pure code those two requests run.
"""
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import psycopg2
from psycopg2.extras import execute_values

from bench.financeiro import EMPRESA, gerar_livro, milhares
from bench.infra import Banco, Infra, adicionar_servicos_ao_path
from bench.medir import Medida, resumir

META_REMESSA, META_RETORNO = "meta < 2 s", "meta < 5 s"
TARIFA = Decimal("1.89")
PRAZO_DIAS = 90
VEZES_SEM_HTTP = 5

BENEFICIARIO = {"beneficiario_nome": "Estúdio Luz & Ação Fotografia Ltda",
                "beneficiario_endereco": "Rua das Acácias, 100, Centro, São Paulo/SP"}
RUAS = ["Rua das Acácias", "Avenida São João", "Rua Conceição", "Travessa do Ipê-Amarelo", "Alameda Santos",
        "Rua Guaraná", "Avenida Atlântica", "Rua Dom Pedro II"]
CIDADES = [("São Paulo", "SP", "Bela Vista"), ("Campinas", "SP", "Cambuí"), ("Niterói", "RJ", "Icaraí"),
           ("Belo Horizonte", "MG", "Savassi"), ("Florianópolis", "SC", "Trindade"), ("Goiânia", "GO", "Setor Bueno")]


@dataclass(frozen=True)
class Carteira:
    """A conta with cobrança as the bench sets it up."""
    rotulo: str
    conta: str
    banco: str
    agencia: str
    numero: str
    configuracao: dict


CARTEIRAS = [
    Carteira("BB, CNAB 240", "Banco do Brasil cobrança", "001", "1234-5", "12345-6",
             {"layout": "CNAB240", "convenio": "1234567", "carteira": "17", "variacao": "019",
              "juros_mes_percentual": "1.00", "multa_percentual": "2.00"}),
    Carteira("Itaú, CNAB 400", "Itaú cobrança", "341", "0001", "12345-6", {"layout": "CNAB400", "carteira": "109"}),
]


def _com_dvs(base: str, regra) -> str:
    """A CPF or CNPJ: its base and its two check digits (módulo 11, the second over the first)."""
    primeiro = regra.calcular(base)
    return base + primeiro + regra.calcular(base + primeiro)


def _documentos():
    """(CPF, CNPJ) rules: CPF weights 2..11 from the right; CNPJ 2..9 cycling; 10 and 11 give 0."""
    adicionar_servicos_ao_path()
    from financeiro.cobranca.digitos import Modulo11

    return Modulo11(pesos=tuple(range(2, 12))), Modulo11()


# N open receivables of one conta due in the coming PRAZO_DIAS days, of random clientes; the
# valor and the cliente drawn per row (MATERIALIZED: once).
_RECEBIVEIS = """
WITH s AS MATERIALIZED (
         SELECT n, %(hoje)s::date + 1 + n %% %(prazo)s AS venc, random() AS r_valor, random() AS r_cliente
           FROM generate_series(1, %(quantos)s) AS n)
INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia, categoria_id,
                                    conta_id, cliente_id)
SELECT %(empresa)s, 'RECEITA', 'Parcela de contrato ' || n, round((80 + r_valor ^ 3 * 4000)::numeric, 2), venc,
       date_trunc('month', venc)::date, %(categoria)s, %(conta)s,
       (%(clientes)s::bigint[])[1 + floor(r_cliente * cardinality(%(clientes)s::bigint[]))::int]
  FROM s
 ORDER BY n
RETURNING id, valor
"""


def gerar(banco: Banco, quantos_livro: int, titulos: int, vezes: int) -> tuple[dict, list[str]]:
    """The ledger, the clientes' documents and addresses, the two contas and their batches of
    receivables: {"contas": {rotulo: id}, "lotes": {rotulo: [[(id, valor)...]...]}, "categoria_tarifa"}."""
    ids, notas = gerar_livro(banco, quantos_livro, outras=1, por_outra=quantos_livro // 5, palavras=False)
    cpf, _ = _documentos()
    sorteio = random.Random(18)
    conn = psycopg2.connect(banco.owner_url)
    try:
        inicio = time.monotonic()
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true), setseed(0.18)", (str(EMPRESA),))
            clientes = ids["clientes"]
            enderecos = []
            for n, cliente in enumerate(clientes):
                cidade, uf, bairro = sorteio.choice(CIDADES)
                enderecos.append((cliente, _com_dvs(f"{100_000_000 + n:09d}", cpf), f"{sorteio.randrange(10**7, 10**8)}",
                                  sorteio.choice(RUAS), str(sorteio.randrange(1, 3000)), bairro, cidade, uf))
            execute_values(cur, f"""UPDATE cadastros.clientes c
                                       SET cpf_cnpj = v.cpf, cep = v.cep, logradouro = v.logradouro, numero = v.numero,
                                           bairro = v.bairro, cidade = v.cidade, uf = v.uf
                                      FROM (VALUES %s) AS v (id, cpf, cep, logradouro, numero, bairro, cidade, uf)
                                     WHERE c.empresa_id = {EMPRESA} AND c.id = v.id""",
                           enderecos, page_size=len(enderecos))
            contas, lotes = {}, {}
            for carteira in CARTEIRAS:
                cur.execute("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, agencia, numero,
                                                             saldo_inicial, data_saldo_inicial, ativa)
                               VALUES (%s, %s, lower(%s), 'CORRENTE', %s, %s, %s, 0, '2015-01-01', true)
                               RETURNING id""",
                            (EMPRESA, carteira.conta, carteira.conta, carteira.banco, carteira.agencia, carteira.numero))
                contas[carteira.rotulo] = cur.fetchone()[0]
                lotes[carteira.rotulo] = []
                for _ in range(vezes):
                    cur.execute(_RECEBIVEIS, {"empresa": EMPRESA, "hoje": ids["hoje"], "prazo": PRAZO_DIAS,
                                              "quantos": titulos, "categoria": ids["categorias"]["Ensaios"],
                                              "conta": contas[carteira.rotulo], "clientes": clientes})
                    lotes[carteira.rotulo].append(cur.fetchall())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) financeiro.lancamentos, cadastros.clientes, cadastros.contas")
        segundos = time.monotonic() - inicio
    finally:
        conn.close()
    notas.append(f"cobrança: {milhares(len(clientes))} clientes com CPF e endereço; por conta, {vezes} lotes de "
                 f"{milhares(titulos)} receitas em aberto com vencimento nos próximos {PRAZO_DIAS} dias, "
                 f"gravadas com os gatilhos ligados em {segundos:.0f} s.")
    return {"contas": contas, "lotes": lotes, "categoria_tarifa": ids["categorias"]["Tarifas bancárias"],
            "hoje": ids["hoje"]}, notas


def _configurar(http, url: str, conta_id: int, carteira: Carteira, categoria_tarifa: int) -> None:
    """The conta's cobrança settings, saved as the studio saves them (cadastros-api checks them)."""
    _, cnpj = _documentos()
    corpo = {**carteira.configuracao, **BENEFICIARIO, "beneficiario_documento": _com_dvs("123456780001", cnpj),
             "categoria_tarifa_id": categoria_tarifa}
    resposta = http.put(f"{url}/api/contas/{conta_id}/cobranca", json=corpo, timeout=60)
    if resposta.status_code != 200:
        raise RuntimeError(f"bench: configuração de cobrança recusada ({carteira.rotulo}): "
                           f"{resposta.status_code} {resposta.text[:500]}")


def _liquidar(remessa: str, lote: list[tuple[int, Decimal]], dia) -> str:
    """The bank's retorno of the remessa: every título paid in full, the tarifa charged."""
    from financeiro.cobranca.cnab.banco_simulado import retorno_de

    return retorno_de(remessa, {str(lancamento): {"codigo": "06", "valor_pago": valor, "tarifa": TARIFA}
                                for lancamento, valor in lote}, data=dia)


def _por_http(http, url: str, conta_id: int, carteira: Carteira, lotes: list, dia) -> tuple[list[Medida], list[str]]:
    """Each batch: its remessa, then its retorno, each request timed on its own; the last retorno again."""
    remessas, retornos, respostas = [], [], []
    for lote in lotes:
        inicio = time.perf_counter_ns()
        resposta = http.post(f"{url}/api/remessas/gerar", json={
            "conta_id": conta_id, "lancamento_ids": [lancamento for lancamento, _ in lote]}, timeout=600)
        remessas.append(time.perf_counter_ns() - inicio)
        if resposta.status_code != 201 or resposta.json()["quantidade"] != len(lote):
            raise RuntimeError(f"bench: remessa recusada ({carteira.rotulo}): {resposta.status_code} "
                               f"{resposta.text[:500]}")
        gerada = resposta.json()
        arquivo = http.get(f"{url}/api/remessas/{gerada['id']}/arquivo", timeout=120)
        arquivo.raise_for_status()
        retorno = _liquidar(arquivo.content.decode("ascii"), lote, dia).encode("ascii")
        linhas = {"remessa": arquivo.content.count(b"\r\n"), "retorno": retorno.count(b"\r\n"),
                  "retorno_bytes": len(retorno)}
        inicio = time.perf_counter_ns()
        resposta = http.post(f"{url}/api/remessas/retorno", data={"conta_id": str(conta_id)},
                             files={"arquivo": (f"RET{gerada['nsa']:06d}.RET", retorno, "text/plain")}, timeout=600)
        retornos.append(time.perf_counter_ns() - inicio)
        if resposta.status_code != 201 or resposta.json()["liquidados"] != len(lote):
            raise RuntimeError(f"bench: retorno não liquidou o lote ({carteira.rotulo}): {resposta.status_code} "
                               f"{resposta.text[:500]}")
        respostas.append(resposta.json())
    inicio = time.perf_counter_ns()
    de_novo = http.post(f"{url}/api/remessas/retorno", data={"conta_id": str(conta_id)},
                        files={"arquivo": ("RET-DE-NOVO.RET", retorno, "text/plain")}, timeout=600)
    repetido = time.perf_counter_ns() - inicio
    if de_novo.status_code != 201 or not de_novo.json()["ja_importado"]:
        raise RuntimeError(f"bench: o mesmo retorno de novo não foi reconhecido ({carteira.rotulo}): "
                           f"{de_novo.status_code} {de_novo.text[:500]}")
    n = milhares(len(lotes[0]))
    medidas = [
        resumir(f"{carteira.rotulo}: POST /api/remessas/gerar, {n} títulos ({milhares(linhas['remessa'])} linhas) "
                f"({META_REMESSA})", remessas),
        resumir(f"{carteira.rotulo}: POST /api/remessas/retorno, {n} liquidações ({milhares(linhas['retorno'])} "
                f"linhas) ({META_RETORNO})", retornos),
        resumir(f"{carteira.rotulo}: o mesmo retorno de novo (já importado, nada muda)", [repetido]),
    ]
    ultima = respostas[-1]
    notas = [f"{carteira.rotulo}: {len(lotes)} lotes, cada um numa remessa e no seu retorno "
             f"({linhas['retorno_bytes'] / 1024 / 1024:.1f} MiB); resposta do último retorno: "
             f"liquidados={ultima['liquidados']}, confirmados={ultima['confirmados']}, "
             f"rejeitados={ultima['rejeitados']}, nao_encontrados={ultima['nao_encontrados']}, "
             f"despesa de tarifas={ultima.get('lancamento_tarifas_id')}."]
    return medidas, notas


def _pagos(banco: Banco, lotes: dict) -> tuple[int, int]:
    """(lançamentos of the batches now paid, how many there are): what the retornos did."""
    ids = [lancamento for lista in lotes.values() for lote in lista for lancamento, _ in lote]
    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""SELECT count(*) FILTER (WHERE status = 'PAGO') FROM financeiro.lancamentos
                            WHERE empresa_id = %s AND id = ANY(%s)""", (EMPRESA, ids))
            return cur.fetchone()[0], len(ids)
    finally:
        conn.close()


def _sem_http(carteira: Carteira, titulos: int, dia) -> list[Medida]:
    """The pure code in this process: the remessa of N títulos made and its retorno read."""
    from financeiro.cobranca import nosso_numero
    from financeiro.cobranca.cnab import remessa, retorno
    from financeiro.cobranca.modelos import Beneficiario, Pessoa, TituloRemessa

    cpf, cnpj = _documentos()
    config = carteira.configuracao
    agencia, _, agencia_dv = carteira.agencia.partition("-")
    conta, _, conta_dv = carteira.numero.partition("-")
    beneficiario = Beneficiario(
        banco=carteira.banco, agencia=agencia, agencia_dv=agencia_dv or None, conta=conta, conta_dv=conta_dv or None,
        layout=config["layout"], carteira=config["carteira"], nome=BENEFICIARIO["beneficiario_nome"],
        documento=_com_dvs("123456780001", cnpj), convenio=config.get("convenio"), variacao=config.get("variacao"),
        endereco=BENEFICIARIO["beneficiario_endereco"],
        juros_mes_percentual=Decimal(config.get("juros_mes_percentual", "0")),
        multa_percentual=Decimal(config.get("multa_percentual", "0")))
    sorteio = random.Random(11)
    itens = []
    for n in range(1, titulos + 1):
        cidade, uf, bairro = sorteio.choice(CIDADES)
        itens.append(TituloRemessa(
            seu_numero=str(n), nosso_numero=nosso_numero.montar(beneficiario, n, dia),
            vencimento=dia + timedelta(days=1 + n % PRAZO_DIAS), valor=Decimal(sorteio.randrange(8000, 408000)) / 100,
            emissao=dia, juros_mes_percentual=beneficiario.juros_mes_percentual,
            multa_percentual=beneficiario.multa_percentual,
            pagador=Pessoa(nome=f"Cliente de Conceição nº {n}", documento=_com_dvs(f"{100_000_000 + n:09d}", cpf),
                           logradouro=f"{sorteio.choice(RUAS)}, {n}", bairro=bairro,
                           cep=f"{sorteio.randrange(10**7, 10**8)}", cidade=cidade, uf=uf)))
    geracoes, leituras = [], []
    for vez in range(VEZES_SEM_HTTP):
        inicio = time.perf_counter_ns()
        arquivo = remessa.cobranca(beneficiario, itens, vez + 1, datetime.now())
        geracoes.append(time.perf_counter_ns() - inicio)
    texto = _liquidar(arquivo.texto, [(int(item.seu_numero), item.valor) for item in itens], dia).encode("ascii")
    for _ in range(VEZES_SEM_HTTP):
        inicio = time.perf_counter_ns()
        lido = retorno.ler(texto)
        leituras.append(time.perf_counter_ns() - inicio)
    ocorrencias = sum(1 for linha in lido.linhas if linha.ocorrencia is not None)
    if ocorrencias != titulos:
        raise RuntimeError(f"bench: retorno.ler achou {ocorrencias} ocorrências em vez de {titulos}")
    linhas = milhares(len(lido.linhas))
    return [
        resumir(f"{carteira.rotulo}: remessa.cobranca de {milhares(titulos)} títulos, sem HTTP ({META_REMESSA})",
                geracoes),
        resumir(f"{carteira.rotulo}: retorno.ler de {linhas} linhas, sem HTTP ({META_RETORNO})", leituras),
    ]


def medir(infra: Infra, quantos_livro: int, titulos: int, vezes: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_cobranca")
    dados, notas = gerar(banco, quantos_livro, titulos, vezes)
    dia = dados["hoje"]
    medidas = [medida for carteira in CARTEIRAS for medida in _sem_http(carteira, titulos, dia)]

    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1", GUNICORN_CMD_ARGS="--timeout 300")
    urls = infra.iniciar_servicos(["cadastros-api", "financeiro-api"], ambiente)
    http = infra.sessao_http(ambiente, EMPRESA, {"cadastros:ler", "cadastros:escrever", "financeiro:ler",
                                                 "financeiro:escrever"}, "bench-cobranca")
    try:
        for carteira in CARTEIRAS:
            conta_id = dados["contas"][carteira.rotulo]
            _configurar(http, urls["cadastros-api"], conta_id, carteira, dados["categoria_tarifa"])
            medidas_, notas_ = _por_http(http, urls["financeiro-api"], conta_id, carteira,
                                         dados["lotes"][carteira.rotulo], dia)
            medidas += medidas_
            notas += notas_
    finally:
        http.close()
    pagos, total = _pagos(banco, dados["lotes"])
    notas += [
        "metas do issue 18, como texto (o bench não as verifica): remessa de 10.000 títulos < 2 s; retorno de "
        "10.000 linhas < 5 s. Em CNAB 240 um título tem 3 linhas na remessa (P, Q, R) e 2 no retorno (T, U).",
        f"conferido depois dos retornos: {milhares(pagos)} de {milhares(total)} lançamentos dos lotes pagos.",
        "cadastros-api e financeiro-api com 1 worker sync cada (timeout do gunicorn 300 s em vez de 30 s); cada "
        "linha HTTP é um request completo com o token verificado; o arquivo da remessa é baixado e o retorno "
        "montado fora da medida.",
    ]
    return medidas, notas
