"""Retornos: what the bank says about the títulos and payments of our remessas, applied to the ledger.

A retorno is read whole first (cobranca/cnab/retorno.py: a file it cannot read is a 400 naming the
line, and nothing is stored), then imported in ONE transaction: the file and each of its lines
with what it did, the títulos' and payments' new situação, a baixa for each liquidação or payment
made (in one statement, with baixas.registrar's rules: never more than is open), and one paid
despesa for the bank's tarifas. The import is audited once (`importar_retorno`); each line's
effect is in arquivo_linhas, each baixa's observação names the file. A crash halfway leaves nothing; the same file again (its sha256, per conta)
changes nothing and answers the first import. A nosso número or seu número we do not have is
listed as not found, never matched to something close.
"""
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from psycopg2.extras import execute_values

from shared import catalogo_eventos as eventos
from shared.config import hoje
from shared.errors import Validacao
from shared.transacao import Transacao

from financeiro import cobranca_conta, escrita_lancamentos, lancamentos, remessas, titulos
from financeiro.cobranca.cnab import retorno
from financeiro.cobranca.modelos import ArquivoInvalido, Ocorrencia, RetornoLido
from financeiro.cobranca_conta import ContaCobranca
from financeiro.formatos import brl, data_br

ZERO = Decimal("0.00")
MAXIMO_BYTES = 5 * 1024 * 1024

# The counts a retorno's answer and its row in the file log carry.
CONTAGENS = ("liquidados", "confirmados", "rejeitados", "baixados", "nao_encontrados", "pagos", "agendados",
             "em_analise")


class RetornoInvalido(Validacao):
    """A file that is not a retorno we can read: 400 with the line (1-based) it failed at."""

    def __init__(self, erro: ArquivoInvalido):
        super().__init__(erro.mensagem, {"arquivo": erro.mensagem})
        self.linha = erro.linha

    def corpo(self) -> dict:
        return {**super().corpo(), "linha": self.linha}


def ler(dados: bytes) -> RetornoLido:
    """The file read (outside any transaction); RetornoInvalido when it cannot be."""
    try:
        return retorno.ler(dados)
    except ArquivoInvalido as erro:
        raise RetornoInvalido(erro) from None


@dataclass
class _Linha:
    """What one line of the retorno did, as arquivo_linhas keeps it."""

    resultado: str | None = None
    acao: str | None = None
    titulo_id: int | None = None
    pagamento_id: int | None = None
    lancamento_id: int | None = None
    baixada: bool = False  # a baixa of the lançamento was registered


def ja_importado(cur, conta_id: int, sha256: str) -> dict | None:
    cur.execute("""SELECT id, resumo FROM financeiro.arquivos_cnab
                    WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s AND direcao = 'RETORNO'
                      AND sha256 = %s""", (conta_id, sha256))
    linha = cur.fetchone()
    return None if linha is None else {**linha["resumo"], "id": linha["id"], "ja_importado": True}


def importar(tx: Transacao, conta_id: int, nome_arquivo: str, dados: bytes, lido: RetornoLido) -> dict:
    """Applies the retorno `lido` (read from `dados`) to the conta's títulos or payments; returns
    the resumo with the file's id and `ja_importado`."""
    cur = tx.cur
    conta = cobranca_conta.da_conta(cur, conta_id)
    sha256 = hashlib.sha256(dados).hexdigest()
    # The same file sent twice at once: the second waits here, then finds the first one's import.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"financeiro.retorno:{conta.id}:{sha256}",))
    repetido = ja_importado(cur, conta.id, sha256)
    if repetido is not None:
        return repetido
    if lido.banco != conta.banco:
        mensagem = f"Este retorno é do banco {lido.banco}; a conta {conta.nome} é do banco {conta.banco}"
        raise Validacao(mensagem, {"arquivo": mensagem})
    com_ocorrencia = [linha for linha in lido.linhas if linha.ocorrencia is not None]
    aplicar = _cobranca if lido.finalidade == "COBRANCA" else _pagamentos
    feitas, contagem, extra = aplicar(tx, conta, nome_arquivo, lido, com_ocorrencia)
    resumo = {**{chave: contagem[chave] for chave in CONTAGENS}, **extra, "avisos": list(lido.avisos)}
    valor_total = sum((linha.ocorrencia.valor_pago for linha in com_ocorrencia), ZERO)
    arquivo = remessas.gravar(cur, conta, "RETORNO", lido.finalidade, lido.layout, lido.nsa, nome_arquivo, dados,
                              len(com_ocorrencia), valor_total, resumo)
    remessas.gravar_linhas(cur, arquivo["id"], [
        (linha.numero, linha.texto, linha.registro[:20], feita.titulo_id, feita.pagamento_id, feita.lancamento_id,
         linha.ocorrencia.codigo[:10] if linha.ocorrencia else None, feita.resultado, (feita.acao or "")[:500] or None)
        for linha in lido.linhas for feita in [feitas.get(linha.numero, _Linha())]])
    tx.auditar("importar_retorno", "arquivo_cnab", arquivo["id"], rotulo=nome_arquivo,
               depois={"conta_id": conta.id, "finalidade": lido.finalidade, "layout": lido.layout, **resumo})
    alterados = sorted({feita.lancamento_id for feita in feitas.values() if feita.baixada})
    if alterados:
        tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=alterados, acao="baixado")
    return {**resumo, "id": arquivo["id"], "ja_importado": False}


def _data(ocorrencia: Ocorrencia, lido: RetornoLido) -> date:
    return ocorrencia.data_credito or ocorrencia.data_ocorrencia or lido.gerado_em or hoje()


@dataclass
class _Baixa:
    """A baixa a line asks for: what the bank received (principal before capping at what is open,
    juros, desconto), and how the line tells it done or refused."""

    feita: _Linha
    valor: Decimal
    juros: Decimal
    desconto: Decimal
    data: date
    observacao: str
    feito: str
    recusa: str


_BAIXAS = """INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros, multa, desconto,
                                          observacao, usuario_id)
             SELECT plataforma.empresa_atual(), v.*, nullif(current_setting('app.usuario_id', true), '')::bigint
               FROM (VALUES %s) AS v"""


def _baixar(cur, conta: ContaCobranca, pedidos: list[_Baixa]) -> None:
    """The baixas of what the bank received, all in one statement (a retorno may liquidate 10,000
    títulos): the lançamentos locked at once, as baixas.registrar locks one, and its rules kept —
    never more than is open (the excess is the bank's juros we were not told of), a desconto never
    above the valor; a lançamento paid or cancelled meanwhile gets no second payment, and the line
    says so. The baixas' trigger keeps each lançamento's paid amount and status, as for any baixa."""
    if not pedidos:
        return
    lancamentos.verificar_referencias(cur, "RECEITA", {"conta_id": conta.id}, ("conta_id",))
    cur.execute("""SELECT id, valor, valor_pago, cancelado FROM financeiro.lancamentos
                    WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s) ORDER BY id FOR UPDATE""",
                (sorted({pedido.feita.lancamento_id for pedido in pedidos}),))
    estado = {linha["id"]: linha for linha in cur.fetchall()}
    linhas = []
    for pedido in pedidos:
        lancamento = estado[pedido.feita.lancamento_id]
        aberto = lancamento["valor"] - lancamento["valor_pago"]
        if lancamento["cancelado"] or aberto == 0:
            porque = ("o lançamento está cancelado: nenhuma baixa foi feita; confira e devolva ou reative"
                      if lancamento["cancelado"] else
                      "o lançamento já estava pago: nenhuma baixa foi feita; confira o pagamento em dobro")
            pedido.feita.resultado, pedido.feita.acao = "INFORMATIVA", f"{pedido.recusa}: {porque}"
            continue
        principal = min(aberto, pedido.valor)
        lancamento["valor_pago"] += principal  # a second line for it in this file sees the first
        linhas.append((lancamento["id"], conta.id, pedido.data, principal, pedido.juros + pedido.valor - principal,
                       ZERO, min(pedido.desconto, principal), pedido.observacao[:500]))
        pedido.feita.resultado, pedido.feita.acao, pedido.feita.baixada = "APLICADA", pedido.feito, True
    if linhas:
        execute_values(cur, _BAIXAS, linhas, page_size=len(linhas), template=(
            "(%s::bigint, %s::bigint, %s::date, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s)"))


# ---------------------------------------------------------------- cobrança


def _cobranca(tx: Transacao, conta: ContaCobranca, nome_arquivo: str, lido: RetornoLido, linhas) -> tuple:
    cur = tx.cur
    candidatos = sorted({c for linha in linhas for c in linha.ocorrencia.nosso_numero_candidatos})
    cur.execute("""SELECT id, lancamento_id, sequencia, nosso_numero, situacao,
                          (criado_em AT TIME ZONE 'America/Sao_Paulo')::date AS emissao
                     FROM financeiro.titulos
                    WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s AND nosso_numero = ANY(%s)
                    ORDER BY id FOR UPDATE""", (conta.id, candidatos))
    por_numero = {titulo["nosso_numero"]: titulo for titulo in cur.fetchall()}
    feitas, contagem, mudancas, nao_encontrados, pedidos = {}, Counter(), {}, [], []
    tarifas, data_tarifa = ZERO, None
    for linha in linhas:
        oc = linha.ocorrencia
        if oc.tarifa:
            tarifas += oc.tarifa
            data_tarifa = max(filter(None, (data_tarifa, _data(oc, lido))))
        titulo = next((por_numero[c] for c in oc.nosso_numero_candidatos if c in por_numero), None)
        if titulo is None:
            nao_encontrados.append(oc.nosso_numero_lido)
            contagem["nao_encontrados"] += 1
            feitas[linha.numero] = _Linha("NAO_ENCONTRADO", f"{oc.descricao}: nosso número {oc.nosso_numero_lido} "
                                                            "não encontrado nesta conta; nada foi feito")
            continue
        numero = titulos.numero(conta, titulo).exibicao
        feita = _Linha(titulo_id=titulo["id"], lancamento_id=titulo["lancamento_id"])
        feitas[linha.numero] = feita
        situacao = mudancas.get(titulo["id"], (titulo["situacao"], None))[0]
        motivo = "; ".join(oc.motivos) or oc.descricao
        if oc.tipo == "ENTRADA_CONFIRMADA":
            if situacao in ("EMITIDO", "REJEITADO"):
                mudancas[titulo["id"]] = ("REGISTRADO", None)
                feita.resultado, feita.acao = "APLICADA", f"Entrada confirmada: título {numero} registrado"
                contagem["confirmados"] += 1
            else:
                feita.resultado, feita.acao = "JA_APLICADA", f"Entrada confirmada do título {numero}, já {situacao.lower()}"
        elif oc.tipo == "ENTRADA_REJEITADA":
            mudancas[titulo["id"]] = ("REJEITADO", motivo)
            feita.resultado, feita.acao = "REJEITADA", f"Entrada rejeitada do título {numero}: {motivo}"
            contagem["rejeitados"] += 1
        elif oc.tipo == "LIQUIDACAO":
            if situacao == "LIQUIDADO":
                feita.resultado, feita.acao = "JA_APLICADA", f"Liquidação do título {numero} já aplicada; nada foi pago de novo"
                continue
            desconto, data = oc.desconto + oc.abatimento, _data(oc, lido)
            pedidos.append(_Baixa(
                feita, oc.valor_pago - oc.juros_multa + desconto, oc.juros_multa, desconto, data,
                f"Retorno {nome_arquivo}: liquidação do título {numero}",
                f"Liquidação do título {numero}: baixa em {data_br(data)}, pago {brl(oc.valor_pago)}"
                + (f", juros {brl(oc.juros_multa)}" if oc.juros_multa else "")
                + (f", desconto {brl(desconto)}" if desconto else ""),
                f"Liquidação do título {numero} ({brl(oc.valor_pago)})"))
            mudancas[titulo["id"]] = ("LIQUIDADO", None)
            contagem["liquidados"] += 1
        elif oc.tipo == "BAIXA":
            if situacao != "LIQUIDADO":
                mudancas[titulo["id"]] = ("BAIXADO", None)
            feita.resultado, feita.acao = "APLICADA", f"Título {numero} baixado no banco"
            contagem["baixados"] += 1
        elif oc.tipo == "INSTRUCAO_REJEITADA":
            mudancas[titulo["id"]] = (situacao, motivo)
            feita.resultado, feita.acao = "REJEITADA", f"Instrução rejeitada para o título {numero}: {motivo}"
        else:
            feita.resultado, feita.acao = "INFORMATIVA", f"{oc.descricao} (título {numero})"
    _baixar(cur, conta, pedidos)
    _mudar_situacoes(cur, "titulos", mudancas)
    extra = {"nao_encontrados_lista": nao_encontrados, "tarifas": f"{tarifas:.2f}", "lancamento_tarifas_id": None}
    if tarifas:
        extra["lancamento_tarifas_id"] = _despesa_de_tarifas(tx, conta, nome_arquivo, tarifas, data_tarifa)
    return feitas, contagem, extra


def categoria_de_tarifas(cur, conta: ContaCobranca) -> int:
    """Where the bank's tarifas are booked: the settings' categoria, else the empresa's despesa
    categoria of despesas financeiras that mentions tarifa, else the first of that grupo."""
    if conta.categoria_tarifa_id is not None:
        return conta.categoria_tarifa_id
    cur.execute("""SELECT id FROM cadastros.v_categorias
                    WHERE empresa_id = plataforma.empresa_atual() AND tipo = 'DESPESA' AND ativa
                      AND grupo_dre = 'despesas_financeiras'
                    ORDER BY lower(nome) LIKE '%%tarifa%%' DESC, id LIMIT 1""")
    linha = cur.fetchone()
    if linha is None:
        mensagem = (f"O retorno cobra tarifas, mas a conta {conta.nome} não tem categoria de tarifas e não há "
                    "categoria de despesas financeiras; escolha a categoria de tarifas na configuração de cobrança")
        raise Validacao(mensagem, {"categoria_tarifa_id": mensagem})
    return linha["id"]


def _despesa_de_tarifas(tx: Transacao, conta: ContaCobranca, nome_arquivo: str, total: Decimal, data: date) -> int:
    """ONE despesa for the retorno's tarifas, paid on the credit date (the bank took them then)."""
    criada = escrita_lancamentos.criar(tx, {
        "tipo": "DESPESA", "descricao": f"Tarifas de cobrança — retorno {nome_arquivo}"[:200], "valor": total,
        "data_vencimento": data, "competencia": data.replace(day=1), "categoria_id": categoria_de_tarifas(tx.cur, conta),
        "conta_id": conta.id, "cliente_id": None, "fornecedor_id": None, "documento": nome_arquivo[:60],
        "observacoes": None, "status": "PAGO", "data_pagamento": data, "parcelas": None, "recorrencia": None,
        "centro_custo_id": None, "rateio": None})
    return criada["id"]


# ---------------------------------------------------------------- pagamentos


def _pagamentos(tx: Transacao, conta: ContaCobranca, nome_arquivo: str, lido: RetornoLido, linhas) -> tuple:
    cur = tx.cur
    ids = sorted({int(linha.ocorrencia.seu_numero) for linha in linhas
                  if linha.ocorrencia.seu_numero.isdigit() and len(linha.ocorrencia.seu_numero) < 19})
    cur.execute("""SELECT id, lancamento_id, forma, valor, data_pagamento, situacao FROM financeiro.pagamentos
                    WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s AND id = ANY(%s)
                    ORDER BY id FOR UPDATE""", (conta.id, ids))
    por_id = {pagamento["id"]: pagamento for pagamento in cur.fetchall()}
    feitas, contagem, mudancas, nao_encontrados, pedidos = {}, Counter(), {}, [], []
    for linha in linhas:
        oc = linha.ocorrencia
        seu = oc.seu_numero
        pagamento = por_id.get(int(seu)) if seu.isdigit() and len(seu) < 19 else None
        if pagamento is None:
            nao_encontrados.append(seu)
            contagem["nao_encontrados"] += 1
            feitas[linha.numero] = _Linha("NAO_ENCONTRADO", f"{oc.descricao}: pagamento {seu or '(sem número)'} "
                                                            "não encontrado nesta conta; nada foi feito")
            continue
        feita = _Linha(pagamento_id=pagamento["id"], lancamento_id=pagamento["lancamento_id"])
        feitas[linha.numero] = feita
        situacao = mudancas.get(pagamento["id"], (pagamento["situacao"], None))[0]
        motivo = "; ".join(oc.motivos) or oc.descricao
        if situacao == "PAGO":
            feita.resultado, feita.acao = "JA_APLICADA", f"{oc.descricao}: o pagamento já estava registrado como pago"
        elif oc.tipo == "PAGAMENTO_EFETUADO":
            valor = oc.valor_pago or pagamento["valor"]
            data = oc.data_ocorrencia or oc.data_credito or pagamento["data_pagamento"]
            pedidos.append(_Baixa(feita, valor, ZERO, ZERO, data, f"Retorno {nome_arquivo}: pagamento efetuado pelo banco",
                                  f"Pagamento efetuado: baixa de {brl(valor)} em {data_br(data)}",
                                  f"Pagamento efetuado ({brl(valor)})"))
            mudancas[pagamento["id"]] = ("PAGO", None)
            contagem["pagos"] += 1
        elif oc.tipo == "PAGAMENTO_AGENDADO":
            mudancas[pagamento["id"]] = ("AGENDADO", None)
            contagem["agendados"] += 1
            feita.resultado, feita.acao = "APLICADA", f"Pagamento agendado pelo banco para {data_br(pagamento['data_pagamento'])}"
        elif oc.tipo == "PAGAMENTO_EM_ANALISE":
            mudancas[pagamento["id"]] = ("EM_ANALISE", motivo)
            contagem["em_analise"] += 1
            # Sicoob's "BS" (análise de segurança) is not followed by another retorno: the statement tells.
            feita.resultado, feita.acao = "APLICADA", (f"Pagamento em análise pelo banco ({motivo}); o banco pode não "
                                                       "mandar outro retorno: confira no extrato e dê a baixa")
        elif oc.tipo == "PAGAMENTO_REJEITADO":
            mudancas[pagamento["id"]] = ("REJEITADO", motivo)
            contagem["rejeitados"] += 1
            feita.resultado, feita.acao = "REJEITADA", f"Pagamento rejeitado: {motivo}"
        else:
            feita.resultado, feita.acao = "INFORMATIVA", oc.descricao
    _baixar(cur, conta, pedidos)
    _mudar_situacoes(cur, "pagamentos", mudancas)
    return feitas, contagem, {"nao_encontrados_lista": nao_encontrados}


def _mudar_situacoes(cur, tabela: str, mudancas: dict[int, tuple[str, str | None]]) -> None:
    """Sets each título's or pagamento's (by id) situação and motivo, in one statement."""
    if mudancas:
        execute_values(cur, f"""UPDATE financeiro.{tabela} t SET situacao = v.situacao, motivo = v.motivo,
                                       atualizado_em = now()
                                  FROM (VALUES %s) AS v (id, situacao, motivo)
                                 WHERE t.empresa_id = plataforma.empresa_atual() AND t.id = v.id""",
                       [(id_, situacao, (motivo or None) and motivo[:500]) for id_, (situacao, motivo) in mudancas.items()],
                       template="(%s::bigint, %s, %s)", page_size=len(mudancas))
