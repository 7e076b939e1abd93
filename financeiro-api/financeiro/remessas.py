"""Remessas: the CNAB files the studio sends its bank, and the log of every file sent or received.

`gerar` makes one file from lançamentos of one tipo — receitas give a cobrança file (boletos:
entrada, pedido de baixa, alteração de vencimento), despesas a pagamentos file (crédito em conta,
TED, PIX, boleto) to their fornecedor or, without one, to the favorecido their creator named (a
salary's funcionário: financeiro/origens.py), of suppliers or of salaries — in the caller's
Transacao: the títulos it issues, the payments it creates, the numbers it draws, the file and
each of its lines are stored together, so a failure halfway leaves nothing and a commit leaves
everything. Every lançamento that cannot go is named in one 400, and then no file is made. The
file itself is cobranca/cnab/remessa.py's; this module decides what goes in and records it. SQL
is batched: a file of 10,000 títulos costs a handful of statements.
"""
import hashlib
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from psycopg2.extras import Json, execute_values

from shared.api import Posicao
from shared.config import FUSO, hoje
from shared.db import arranjo, arranjo_simples
from shared.errors import NaoEncontrado, Validacao
from shared.transacao import Transacao

from financeiro import cobranca_conta, titulos
from financeiro.cobranca.cnab import remessa as gerador
from financeiro.cobranca.modelos import Favorecido, PagamentoRemessa, Pessoa, TituloRemessa
from financeiro.cobranca_conta import ContaCobranca
from financeiro.formatos import brl, data_br

MAXIMO = 10_000  # lançamentos in one file
_VERIFIQUE = "Verifique os campos destacados"

_ACAO = {"ENTRADA": "Entrada", "BAIXA": "Pedido de baixa", "ALTERACAO_VENCIMENTO": "Alteração de vencimento"}
_FORMA = {"CREDITO_CONTA": "crédito em conta", "TED": "TED", "PIX": "PIX", "BOLETO": "boleto"}
# How a pagamentos file's lines say what it pays (its tipo de serviço and finalidade da TED are the
# layout's codes for each).
_SERVICO = {"FORNECEDORES": "Pagamento", "SALARIOS": "Pagamento de salário"}


class PosicaoArquivo(Posicao):
    id: int


class PosicaoLinha(Posicao):
    numero: int


_LANCAMENTOS = """
    SELECT l.id, l.tipo, l.descricao, l.documento, l.valor, l.valor_pago, l.data_vencimento, l.status, l.cancelado,
           l.conta_id, l.cliente_id, l.fornecedor_id, l.codigo_barras_pagamento, l.favorecido
      FROM financeiro.lancamentos l
     WHERE l.empresa_id = plataforma.empresa_atual() AND l.id = ANY(%s::bigint[])
     ORDER BY l.id FOR UPDATE"""


def gerar(tx: Transacao, conta_id: int, lancamento_ids: list[int], layout: str | None = None,
          instrucao: str = "ENTRADA", servico: str = "FORNECEDORES") -> dict:
    """The remessa of these lançamentos on the conta, stored; returns the file's row (no content).
    `servico` (FORNECEDORES, SALARIOS) is what a pagamentos file pays."""
    cur = tx.cur
    ids = list(dict.fromkeys(lancamento_ids))
    conta = cobranca_conta.da_conta(cur, conta_id)
    cur.execute(_LANCAMENTOS, (arranjo_simples(ids),))
    por_id = {linha["id"]: linha for linha in cur.fetchall()}
    ausentes = [str(i) for i in ids if i not in por_id]
    if ausentes:
        raise NaoEncontrado("Lançamento não encontrado", {"lancamento_ids": f"Não encontrados: {', '.join(ausentes)}"})
    lancamentos = [por_id[i] for i in ids]
    tipos = {lancamento["tipo"] for lancamento in lancamentos}
    if len(tipos) > 1:
        raise Validacao(_VERIFIQUE, {"lancamento_ids": (
            "Escolha só receitas (remessa de cobrança) ou só despesas (remessa de pagamentos), não as duas")})
    finalidade = "COBRANCA" if tipos == {"RECEITA"} else "PAGAMENTOS"
    layout = layout or ("CNAB240" if finalidade == "PAGAMENTOS" else conta.beneficiario.layout)
    try:
        aceitos = gerador.layouts_suportados(conta.banco, finalidade)
    except ValueError as erro:  # a bank without this kind of file here
        raise Validacao(_VERIFIQUE, {"conta_id": str(erro)}) from None
    if layout not in aceitos:
        raise Validacao(_VERIFIQUE, {"layout": (
            f"O banco {conta.banco} recebe {'cobrança' if finalidade == 'COBRANCA' else 'pagamentos'} "
            f"em {' ou '.join(sorted(aceitos))}, não em {layout}")})
    if finalidade == "COBRANCA":
        if servico != "FORNECEDORES":
            raise Validacao(_VERIFIQUE, {"servico": "Salários são pagos com despesas, não cobrados com receitas"})
        itens, linhas_de = _cobranca(cur, conta, lancamentos, instrucao)
    elif instrucao != "ENTRADA":
        raise Validacao(_VERIFIQUE, {"instrucao": "Pedido de baixa e alteração de vencimento são só de boletos"})
    else:
        itens, linhas_de = _pagamentos(cur, conta, lancamentos, servico)
    nsa = titulos.sortear_nsa(cur, conta)
    agora = datetime.now(ZoneInfo(FUSO))  # the bank reads the file's date and time as the studio's
    try:
        if finalidade == "COBRANCA":
            arquivo = gerador.cobranca(replace(conta.beneficiario, layout=layout), itens, nsa, agora)
        else:
            arquivo = gerador.pagamentos(conta.beneficiario, itens, nsa, agora, servico)
    except ValueError as erro:  # a value the file cannot carry (an amount too large, a name the bank refuses)
        raise Validacao(str(erro), {"lancamento_ids": str(erro)}) from None
    gravado = gravar(cur, conta, "REMESSA", finalidade, layout, nsa, arquivo.nome_arquivo,
                     arquivo.texto.encode("ascii"), arquivo.quantidade, arquivo.valor_total, {})
    gravar_linhas(cur, gravado["id"], _linhas_da_remessa(arquivo.texto, layout, finalidade, linhas_de), do_arquivo=True)
    tx.auditar("gerar_remessa", "arquivo_cnab", gravado["id"], rotulo=arquivo.nome_arquivo, depois={
        "conta_id": conta.id, "finalidade": finalidade, "layout": layout, "nsa": nsa, "instrucao": instrucao,
        "servico": servico,
        "quantidade": arquivo.quantidade, "valor_total": arquivo.valor_total, "lancamento_ids": ids})
    return {**gravado, "conta_nome": conta.nome}


def _rotulo(lancamento: dict) -> str:
    return f"Lançamento {lancamento['id']} ({lancamento['descricao']})"


def _recusar(problemas: dict[int, str], lancamentos: list[dict]) -> None:
    """One 400 naming every lançamento that cannot go, and why."""
    if problemas:
        campos = {f"lancamento_ids.{indice}": f"{_rotulo(lancamento)}: {problemas[lancamento['id']]}"
                  for indice, lancamento in enumerate(lancamentos) if lancamento["id"] in problemas}
        quantos = len(problemas)
        raise Validacao(f"{quantos} lançamento{'s' if quantos > 1 else ''} não pode{'m' if quantos > 1 else ''} "
                        "entrar na remessa; nenhum arquivo foi gerado", campos)


def _em_aberto(lancamento: dict, conta: ContaCobranca) -> str | None:
    if lancamento["cancelado"]:
        return "está cancelado"
    if lancamento["valor"] == lancamento["valor_pago"]:
        return "já está pago"
    if lancamento["conta_id"] != conta.id:
        return f"é de outra conta, não da {conta.nome}"
    return None


# ---------------------------------------------------------------- cobrança


def _cobranca(cur, conta: ContaCobranca, lancamentos: list[dict], instrucao: str):
    existentes = titulos.dos_lancamentos(cur, conta.id, [lancamento["id"] for lancamento in lancamentos])
    clientes = titulos.clientes(cur, {lancamento["cliente_id"] for lancamento in lancamentos
                                      if lancamento["cliente_id"] is not None})
    problemas = {}
    for lancamento in lancamentos:
        titulo = existentes.get(lancamento["id"])
        if instrucao == "ENTRADA":
            motivo = (_em_aberto(lancamento, conta)
                      or titulos.falta_no_pagador(clientes.get(lancamento["cliente_id"])))
            if motivo is None and titulo is not None and titulo["situacao"] in ("REGISTRADO", "LIQUIDADO"):
                motivo = f"o título {titulo['nosso_numero']} já está {titulo['situacao'].lower()} no banco"
        elif titulo is None or titulo["situacao"] != "REGISTRADO":
            motivo = "não tem título registrado no banco" + (
                f" (o título {titulo['nosso_numero']} está {titulo['situacao'].lower()})" if titulo else "")
        elif instrucao == "ALTERACAO_VENCIMENTO":
            motivo = _em_aberto(lancamento, conta)
        else:
            motivo = None
        if motivo is not None:
            problemas[lancamento["id"]] = motivo
    _recusar(problemas, lancamentos)
    novos = titulos.emitir(cur, conta, [lancamento for lancamento in lancamentos if lancamento["id"] not in existentes])
    _atualizar_titulos(cur, [(existentes[lancamento["id"]]["id"], _aberto(lancamento), lancamento["data_vencimento"],
                              instrucao == "ENTRADA")
                             for lancamento in lancamentos if lancamento["id"] in existentes
                             and instrucao != "BAIXA"])
    todos = {**existentes, **novos}
    b = conta.beneficiario
    itens, linhas_de, emissao = [], [], hoje()
    for lancamento in lancamentos:
        titulo = todos[lancamento["id"]]
        numero = titulos.numero(conta, titulo)
        cliente = clientes.get(lancamento["cliente_id"])
        valor = _aberto(lancamento) if instrucao != "BAIXA" else titulo["valor"]
        itens.append(TituloRemessa(
            seu_numero=str(lancamento["id"]), nosso_numero=numero, vencimento=lancamento["data_vencimento"],
            valor=valor, emissao=emissao, instrucao=instrucao,
            pagador=titulos.pagador(cliente) if cliente else Pessoa(nome="", documento=""),
            juros_mes_percentual=b.juros_mes_percentual, multa_percentual=b.multa_percentual,
            dias_baixa=b.dias_baixa))
        acao = f"{_ACAO[instrucao]} do título {numero.exibicao} — {brl(valor)}"
        if instrucao == "ALTERACAO_VENCIMENTO":
            acao += f", vencimento {data_br(lancamento['data_vencimento'])}"
        linhas_de.append({"titulo_id": titulo["id"], "pagamento_id": None, "lancamento_id": lancamento["id"],
                          "acao": acao})
    return itens, linhas_de


def _aberto(lancamento: dict) -> Decimal:
    return lancamento["valor"] - lancamento["valor_pago"]


def _atualizar_titulos(cur, linhas: list[tuple]) -> None:
    """What the bank will have of these títulos: the open amount and the due date sent now; one
    sent again as an entrada (rejected or dropped before) is EMITIDO until the bank answers."""
    if linhas:
        execute_values(cur, """UPDATE financeiro.titulos t
                                  SET valor = v.valor, vencimento = v.vencimento, motivo = NULL, atualizado_em = now(),
                                      situacao = CASE WHEN v.entrada THEN 'EMITIDO' ELSE t.situacao END
                                 FROM (VALUES %s) AS v (id, valor, vencimento, entrada)
                                WHERE t.empresa_id = plataforma.empresa_atual() AND t.id = v.id""",
                       linhas, template="(%s::bigint, %s::numeric, %s::date, %s::boolean)", page_size=len(linhas))


# ---------------------------------------------------------------- pagamentos


_FORNECEDORES = """SELECT id, nome, cpf_cnpj, banco, agencia, conta_bancaria, tipo_conta_bancaria, chave_pix,
                          tipo_chave_pix
                     FROM cadastros.v_fornecedores WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)"""


def forma(lancamento: dict, fornecedor: dict, conta: ContaCobranca) -> str:
    """How a despesa is paid: its boleto when it has one, else the fornecedor's (or favorecido's)
    PIX key, else a credit to their account (same bank) or a TED (another bank)."""
    if lancamento["codigo_barras_pagamento"]:
        return "BOLETO"
    if fornecedor["chave_pix"]:
        return "PIX"
    return "CREDITO_CONTA" if fornecedor["banco"] == conta.banco else "TED"


def _do_favorecido(favorecido: dict) -> dict:
    """A favorecido (migrations/0019_favorecido.sql) as a fornecedor's row: who is paid, and how."""
    return {"nome": favorecido["nome"], "cpf_cnpj": favorecido["documento"], "banco": favorecido["banco"],
            "agencia": favorecido["agencia"], "conta_bancaria": favorecido["conta"],
            "tipo_conta_bancaria": favorecido["tipo_conta"], "chave_pix": favorecido["chave_pix"],
            "tipo_chave_pix": favorecido["tipo_chave_pix"], "quem": "o favorecido"}


def _pagamentos(cur, conta: ContaCobranca, lancamentos: list[dict], servico: str):
    cur.execute(_FORNECEDORES, ([lancamento["fornecedor_id"] for lancamento in lancamentos
                                 if lancamento["fornecedor_id"] is not None],))
    cadastrados = {linha["id"]: {**linha, "quem": "o fornecedor"} for linha in cur.fetchall()}
    # Who each despesa pays: its fornecedor or, without one, the favorecido its creator named.
    fornecedores = {lancamento["id"]: cadastrados.get(lancamento["fornecedor_id"])
                    or (_do_favorecido(lancamento["favorecido"]) if lancamento["favorecido"] else None)
                    for lancamento in lancamentos}
    cur.execute("""SELECT DISTINCT lancamento_id FROM financeiro.pagamentos
                    WHERE empresa_id = plataforma.empresa_atual() AND lancamento_id = ANY(%s::bigint[])
                      AND situacao IN ('ENVIADO', 'AGENDADO', 'EM_ANALISE')""",
                (arranjo_simples(lancamento["id"] for lancamento in lancamentos),))
    pendentes = {linha["lancamento_id"] for linha in cur.fetchall()}
    problemas = {}
    for lancamento in lancamentos:
        fornecedor = fornecedores[lancamento["id"]]
        motivo = _em_aberto(lancamento, conta)
        if motivo is None and lancamento["id"] in pendentes:
            motivo = "já está numa remessa de pagamentos à espera do retorno do banco"
        if motivo is None and fornecedor is None and not lancamento["codigo_barras_pagamento"]:
            motivo = "não tem fornecedor nem código de barras"
        elif (motivo is None and not lancamento["codigo_barras_pagamento"] and not fornecedor["chave_pix"]
              and not fornecedor["banco"]):
            motivo = f"{fornecedor['quem']} {fornecedor['nome']} não tem dados bancários nem chave PIX"
        elif motivo is None and fornecedor is not None and not fornecedor["cpf_cnpj"]:
            motivo = f"{fornecedor['quem']} {fornecedor['nome']} não tem CPF/CNPJ"
        if motivo is not None:
            problemas[lancamento["id"]] = motivo
    _recusar(problemas, lancamentos)
    hoje_ = hoje()
    formas = [forma(lancamento, fornecedores[lancamento["id"]] or {}, conta) for lancamento in lancamentos]
    datas = [max(lancamento["data_vencimento"], hoje_) for lancamento in lancamentos]
    criados = execute_values(
        cur,
        """INSERT INTO financeiro.pagamentos (empresa_id, lancamento_id, conta_id, forma, valor, data_pagamento)
           SELECT plataforma.empresa_atual(), v.* FROM (VALUES %s) AS v RETURNING id, lancamento_id""",
        [(lancamento["id"], conta.id, forma_, _aberto(lancamento), data)
         for lancamento, forma_, data in zip(lancamentos, formas, datas)],
        template="(%s::bigint, %s::bigint, %s, %s::numeric, %s::date)", page_size=len(lancamentos), fetch=True)
    pagamento_de = {linha["lancamento_id"]: linha["id"] for linha in criados}
    itens, linhas_de = [], {}
    for lancamento, forma_, data in zip(lancamentos, formas, datas):
        fornecedor = fornecedores[lancamento["id"]]
        pagamento_id = pagamento_de[lancamento["id"]]
        itens.append(PagamentoRemessa(
            seu_numero=str(pagamento_id), forma=forma_, valor=_aberto(lancamento), data_pagamento=data,
            favorecido=_favorecido(fornecedor), codigo_barras=lancamento["codigo_barras_pagamento"],
            vencimento=lancamento["data_vencimento"] if forma_ == "BOLETO" else None))
        quem = f" a {fornecedor['nome']}" if fornecedor else ""
        linhas_de[pagamento_id] = {
            "titulo_id": None, "pagamento_id": pagamento_id, "lancamento_id": lancamento["id"],
            "acao": f"{_SERVICO[servico]} por {_FORMA[forma_]}{quem} — {brl(_aberto(lancamento))} em {data_br(data)}"}
    return itens, linhas_de


def _favorecido(fornecedor: dict | None) -> Favorecido:
    if fornecedor is None:  # a boleto alone: the bank reads the beneficiário from the barcode
        return Favorecido(nome="", documento="")
    agencia, agencia_dv = cobranca_conta.numero_e_dv(fornecedor["agencia"])
    conta, conta_dv = cobranca_conta.numero_e_dv(fornecedor["conta_bancaria"])
    return Favorecido(nome=fornecedor["nome"], documento=fornecedor["cpf_cnpj"], banco=fornecedor["banco"],
                      agencia=agencia or None, agencia_dv=agencia_dv, conta=conta or None, conta_dv=conta_dv,
                      tipo_conta=fornecedor["tipo_conta_bancaria"], chave_pix=fornecedor["chave_pix"],
                      tipo_chave_pix=fornecedor["tipo_chave_pix"])


# ---------------------------------------------------------------- storing files


def gravar(cur, conta: ContaCobranca, direcao: str, finalidade: str, layout: str, nsa: int | None,
            nome_arquivo: str, conteudo: bytes, quantidade: int, valor_total: Decimal, resumo: dict) -> dict:
    # An ASCII file (every remessa, most retornos) travels as text, made bytes again by PostgreSQL:
    # psycopg2 sends bytea as hex, twice the file to send and parse (60 ms of a 7 MB remessa).
    como_texto = conteudo.isascii() and b"\0" not in conteudo  # a text parameter cannot hold a NUL
    cur.execute(
        f"""INSERT INTO financeiro.arquivos_cnab (empresa_id, conta_id, direcao, finalidade, layout, banco, nsa,
                                                   nome_arquivo, conteudo, sha256, quantidade, valor_total, resumo,
                                                   usuario_id)
            VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s,
                    {"convert_to(%s, 'UTF8')" if como_texto else "%s"}, %s, %s, %s, %s,
                    nullif(current_setting('app.usuario_id', true), '')::bigint)
            RETURNING id, conta_id, direcao, finalidade, layout, banco, nsa, nome_arquivo, quantidade, valor_total,
                      resumo, criado_em""",
        (conta.id, direcao, finalidade, layout, conta.banco, nsa, nome_arquivo,
         conteudo.decode("ascii") if como_texto else conteudo, hashlib.sha256(conteudo).hexdigest(), quantidade,
         valor_total, Json(resumo)))
    return cur.fetchone()


def registro(linha: str, layout: str) -> str:
    """What a line is: HEADER_ARQUIVO, HEADER_LOTE, the 240 segment letter (J52 for the J-52,
    which is a J with "52" in 18–19), TRAILER_LOTE, TRAILER_ARQUIVO; in a 400 file HEADER, DETALHE
    (or DETALHE_<tipo>), TRAILER."""
    if layout == "CNAB240":
        tipo, segmento = linha[7:8], linha[13:14].strip()
        nomes = {"0": "HEADER_ARQUIVO", "1": "HEADER_LOTE", "5": "TRAILER_LOTE", "9": "TRAILER_ARQUIVO"}
        if segmento == "J" and linha[17:19] == "52":
            return "J52"
        return nomes.get(tipo) or segmento or "DETALHE"
    tipo = linha[:1]
    return {"0": "HEADER", "1": "DETALHE", "9": "TRAILER"}.get(tipo, f"DETALHE_{tipo}")


# Where a 240 pagamentos detail carries our seu número (FEBRABAN: A 74–93, J 183–202): how each
# line finds its payment, whatever the order of the lotes (one per forma).
_SEU_NUMERO = {"A": slice(73, 93), "J": slice(182, 202)}


def _linhas_da_remessa(texto: str, layout: str, finalidade: str, linhas_de) -> list[tuple]:
    """Each line with the título or payment it carries: a detail (P, or the 400 detail; A or J)
    starts an item, the segments after it (Q, R; B, J-52) are the same item's lançamento's; the
    título or payment and the acao go on the line that starts it."""
    linhas, atual, fila = [], None, iter(linhas_de) if finalidade == "COBRANCA" else None
    for numero, conteudo in enumerate(texto.split("\r\n")[:-1], start=1):
        nome = registro(conteudo, layout)
        acao = None
        if nome in ("P", "DETALHE") and finalidade == "COBRANCA":
            atual = next(fila)
            acao = atual["acao"]
        elif nome in _SEU_NUMERO and finalidade == "PAGAMENTOS":
            seu_numero = conteudo[_SEU_NUMERO[nome]].strip()
            atual = linhas_de.get(int(seu_numero)) if seu_numero.isdigit() else None
            acao = atual and atual["acao"]
        elif nome.startswith(("HEADER", "TRAILER")):
            atual = None
        ligada = atual or {"titulo_id": None, "pagamento_id": None, "lancamento_id": None}
        # The título or payment on the line that starts it (each is a foreign key checked per row; a
        # 10,000-título file has 30,000 lines), the lançamento on all of its lines.
        inicio = acao is not None
        linhas.append((numero, None, nome, ligada["titulo_id"] if inicio else None,
                       ligada["pagamento_id"] if inicio else None, ligada["lancamento_id"], None, None, acao))
    return linhas


def gravar_linhas(cur, arquivo_id: int, linhas: list[tuple], do_arquivo: bool = False) -> None:
    """(numero, conteudo, registro, titulo_id, pagamento_id, lancamento_id, ocorrencia, resultado, acao) each,
    in one statement: a column per array (tens of thousands of lines cost one round trip). With
    `do_arquivo` (a remessa: ASCII, CRLF after every line), the conteudo of each line is the stored
    file's, split by the database, so the text is sent once."""
    # Each column one array literal (shared/db.py): parsed at once, where ARRAY[...] expressions
    # of 30,000 lines took PostgreSQL 0.17 s to parse.
    colunas = list(zip(*linhas)) or [()] * 9
    cur.execute(
        """INSERT INTO financeiro.arquivo_linhas (empresa_id, arquivo_id, numero, conteudo, registro, titulo_id,
                                                  pagamento_id, lancamento_id, ocorrencia, resultado, acao)
           SELECT a.empresa_id, a.id, v.numero, coalesce(v.conteudo, v.do_arquivo), v.registro, v.titulo_id,
                  v.pagamento_id, v.lancamento_id, v.ocorrencia, v.resultado, v.acao
             FROM financeiro.arquivos_cnab a,
                  unnest(CASE WHEN %(do_arquivo)s THEN string_to_array(convert_from(a.conteudo, 'UTF8'), E'\r\n') END,
                         %(c0)s::int[], %(c1)s::text[], %(c2)s::text[], %(c3)s::bigint[], %(c4)s::bigint[],
                         %(c5)s::bigint[], %(c6)s::text[], %(c7)s::text[], %(c8)s::text[])
                  AS v (do_arquivo, numero, conteudo, registro, titulo_id, pagamento_id, lancamento_id, ocorrencia,
                        resultado, acao)
            WHERE a.empresa_id = plataforma.empresa_atual() AND a.id = %(arquivo)s AND v.numero IS NOT NULL""",
        {"arquivo": arquivo_id, "do_arquivo": do_arquivo,
         **{f"c{n}": arranjo(coluna) for n, coluna in enumerate(colunas)}})


# ---------------------------------------------------------------- reading the log


_ARQUIVO = """SELECT a.id, a.conta_id, a.direcao, a.finalidade, a.layout, a.banco, a.nsa, a.nome_arquivo, a.sha256,
                      a.quantidade, a.valor_total, a.resumo, a.usuario_id, a.criado_em, co.nome AS conta_nome
                 FROM financeiro.arquivos_cnab a
                 JOIN cadastros.v_contas co ON co.empresa_id = a.empresa_id AND co.id = a.conta_id
                WHERE a.empresa_id = plataforma.empresa_atual()"""


def listar(cur, direcao: str | None, finalidade: str | None, conta_id: int | None, apos: PosicaoArquivo | None,
           limite: int) -> list[dict]:
    """The files sent and received, newest first."""
    condicoes, parametros = [], {"limite": limite}
    for campo, valor in (("direcao", direcao), ("finalidade", finalidade), ("conta_id", conta_id)):
        if valor is not None:
            condicoes.append(f"a.{campo} = %({campo})s")
            parametros[campo] = valor
    if apos is not None:
        condicoes.append("a.id < %(apos)s")
        parametros["apos"] = apos.id
    cur.execute(f"{_ARQUIVO} {''.join(' AND ' + c for c in condicoes)} ORDER BY a.id DESC LIMIT %(limite)s",
                parametros)
    return cur.fetchall()


def encontrar(cur, arquivo_id: int) -> dict:
    cur.execute(f"{_ARQUIVO} AND a.id = %s", (arquivo_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Arquivo não encontrado")
    return linha


def detalhar(cur, arquivo_id: int) -> dict:
    """The file with the títulos or payments its lines carry (each once, in file order)."""
    arquivo = encontrar(cur, arquivo_id)
    cur.execute(
        """SELECT t.lancamento_id, t.sequencia, t.nosso_numero, t.nosso_numero_dv, t.valor, t.vencimento, t.situacao,
                  t.motivo, (t.criado_em AT TIME ZONE 'America/Sao_Paulo')::date AS emissao
             FROM financeiro.arquivo_linhas al
             JOIN financeiro.titulos t ON t.empresa_id = al.empresa_id AND t.id = al.titulo_id
            WHERE al.empresa_id = plataforma.empresa_atual() AND al.arquivo_id = %s
            GROUP BY t.empresa_id, t.id ORDER BY min(al.numero)""", (arquivo_id,))
    lidos = cur.fetchall()
    arquivo["titulos"] = [{**t, "nosso_numero": n} for t, n in zip(lidos, titulos.exibicao(cur, arquivo["conta_id"], lidos))]
    cur.execute(
        """SELECT p.id, p.lancamento_id, p.forma, p.valor, p.data_pagamento, p.situacao, p.motivo
             FROM financeiro.arquivo_linhas al
             JOIN financeiro.pagamentos p ON p.empresa_id = al.empresa_id AND p.id = al.pagamento_id
            WHERE al.empresa_id = plataforma.empresa_atual() AND al.arquivo_id = %s
            GROUP BY p.empresa_id, p.id ORDER BY min(al.numero)""", (arquivo_id,))
    arquivo["pagamentos"] = cur.fetchall()
    return arquivo


def linhas(cur, arquivo_id: int, apos: PosicaoLinha | None, limite: int) -> list[dict]:
    encontrar(cur, arquivo_id)  # 404 when it is not the empresa's
    cur.execute("""SELECT numero, registro, conteudo, ocorrencia, resultado, acao, lancamento_id
                     FROM financeiro.arquivo_linhas
                    WHERE empresa_id = plataforma.empresa_atual() AND arquivo_id = %s AND numero > %s
                    ORDER BY numero LIMIT %s""", (arquivo_id, apos.numero if apos else 0, limite))
    return cur.fetchall()


def conteudo(cur, arquivo_id: int) -> tuple[str, bytes]:
    """The file's name and its bytes exactly as sent or received."""
    cur.execute("""SELECT nome_arquivo, conteudo FROM financeiro.arquivos_cnab
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (arquivo_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Arquivo não encontrado")
    return linha["nome_arquivo"], bytes(linha["conteudo"])
