"""Títulos: the boletos of receivables, their numbers and what a printed boleto shows.

A título is issued once per (lançamento, conta), when its boleto is first read or when it first
goes into a remessa. Its sequence is drawn from the conta's numbering (financeiro.numeracao_cobranca):
the next number is the larger of the last one drawn + 1 and cadastros' `proximo_nosso_numero` (the
starting point a studio sets past what another system used), drawn by one upsert that locks the
conta's row until the transaction ends, so two remessas at once never share a number; the NSA of
a file is drawn the same way. The bank's rules (nosso número, barcode, PIX) are cobranca/'s.
"""
import re
from decimal import Decimal

from shared.config import hoje
from shared.db import arranjo, arranjo_simples
from shared.errors import Conflito, NaoEncontrado, Validacao

from financeiro import cobranca_conta
from financeiro.cobranca import bancos, codigo_barras, nosso_numero, pix
from financeiro.cobranca.modelos import BoletoImpresso, NossoNumero, Pessoa
from financeiro.cobranca_conta import ContaCobranca
from financeiro.formatos import brl

_COLUNAS = """t.id, t.lancamento_id, t.conta_id, t.banco, t.sequencia, t.nosso_numero, t.nosso_numero_dv, t.valor,
              t.vencimento, t.txid, t.situacao, t.motivo,
              (t.criado_em AT TIME ZONE 'America/Sao_Paulo')::date AS emissao"""


def _sortear(cur, conta: ContaCobranca, coluna: str, inicio: int, quantidade: int) -> int:
    # One upsert: the row is created or locked and moved past the numbers drawn, in one statement.
    cur.execute(
        f"""INSERT INTO financeiro.numeracao_cobranca AS n (empresa_id, conta_id, {coluna})
            VALUES (plataforma.empresa_atual(), %(conta)s, %(inicio)s + %(quantidade)s - 1)
            ON CONFLICT (empresa_id, conta_id) DO UPDATE
               SET {coluna} = greatest(n.{coluna} + 1, %(inicio)s) + %(quantidade)s - 1
            RETURNING {coluna} - %(quantidade)s + 1 AS primeiro""",
        {"conta": conta.id, "inicio": inicio, "quantidade": quantidade})
    return cur.fetchone()["primeiro"]


def sortear_nsa(cur, conta: ContaCobranca) -> int:
    """The next file sequence (NSA) of the conta's remessas."""
    nsa = _sortear(cur, conta, "ultimo_nsa", conta.proximo_nsa, 1)
    if nsa > 999999:
        raise Validacao("Verifique os campos destacados", {
            "conta_id": f"A sequência de arquivos (NSA) da conta {conta.nome} passou de 999999; ajuste-a em Contas"})
    return nsa


def do_lancamento(cur, lancamento_id: int, conta_id: int) -> dict | None:
    cur.execute(f"""SELECT {_COLUNAS} FROM financeiro.titulos t
                     WHERE t.empresa_id = plataforma.empresa_atual() AND t.lancamento_id = %s AND t.conta_id = %s""",
                (lancamento_id, conta_id))
    return cur.fetchone()


def dos_lancamentos(cur, conta_id: int, lancamento_ids: list[int]) -> dict[int, dict]:
    """The títulos these lançamentos have on the conta, locked, by lançamento id."""
    # The ids as one bigint[] constant: psycopg2's ARRAY[...] of a list is an int[] whose `= ANY`
    # against a bigint is not hashed, and when the conta's títulos are scanned (a table whose
    # statistics lag a first large remessa) each of them was compared with every id: 0.35 s for
    # 10,000 against 10,000.
    cur.execute(f"""SELECT {_COLUNAS} FROM financeiro.titulos t
                     WHERE t.empresa_id = plataforma.empresa_atual() AND t.conta_id = %s
                       AND t.lancamento_id = ANY(%s::bigint[])
                     ORDER BY t.id FOR UPDATE""", (conta_id, arranjo_simples(lancamento_ids)))
    return {linha["lancamento_id"]: linha for linha in cur.fetchall()}


def emitir(cur, conta: ContaCobranca, lancamentos: list[dict]) -> dict[int, dict]:
    """Issues a título for each of these open RECEITA lançamentos (none has one on the conta yet):
    draws their sequences at once, in the given order, and stores them in one statement. Returns
    the new títulos by lançamento id."""
    if not lancamentos:
        return {}
    beneficiario = conta.beneficiario
    primeiro = _sortear(cur, conta, "ultimo_nosso_numero", conta.proximo_nosso_numero, len(lancamentos))
    ultimo = primeiro + len(lancamentos) - 1
    if ultimo > nosso_numero.capacidade(beneficiario):
        raise Validacao("Verifique os campos destacados", {"conta_id": (
            f"A sequência de nosso número da conta {conta.nome} está esgotada (limite "
            f"{nosso_numero.capacidade(beneficiario)}); fale com o banco sobre uma nova faixa")})
    empresa_id, emissao = _empresa(cur), hoje()
    linhas = []
    for sequencia, lancamento in enumerate(lancamentos, start=primeiro):
        numero = nosso_numero.montar(beneficiario, sequencia, emissao)
        txid = pix.txid(empresa_id, lancamento["id"]) if beneficiario.chave_pix else None
        linhas.append((lancamento["id"], conta.id, conta.banco, sequencia, numero.numero, numero.dv,
                       lancamento["valor"] - lancamento["valor_pago"], lancamento["data_vencimento"], txid))
    # A column per array, each one literal: one statement, whatever the number of títulos.
    cur.execute(
        """INSERT INTO financeiro.titulos (empresa_id, lancamento_id, conta_id, banco, sequencia, nosso_numero,
                                           nosso_numero_dv, valor, vencimento, txid)
           SELECT plataforma.empresa_atual(), v.* FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::bigint[],
                                                              %s::text[], %s::text[], %s::numeric[], %s::date[],
                                                              %s::text[]) AS v
           RETURNING id, lancamento_id""", [arranjo(coluna) for coluna in zip(*linhas)])
    criados = cur.fetchall()
    ids = {linha["lancamento_id"]: linha["id"] for linha in criados}
    # The rows as stored, built here rather than read back (a file of 10,000 títulos).
    campos = ("lancamento_id", "conta_id", "banco", "sequencia", "nosso_numero", "nosso_numero_dv", "valor",
              "vencimento", "txid")
    return {linha[0]: {"id": ids[linha[0]], **dict(zip(campos, linha)), "situacao": "EMITIDO", "motivo": None,
                       "emissao": emissao} for linha in linhas}


def _empresa(cur) -> int:
    cur.execute("SELECT plataforma.empresa_atual() AS id")
    return cur.fetchone()["id"]


def numero(conta: ContaCobranca, titulo: dict) -> NossoNumero:
    """The título's nosso número with its printed form (the bank's rule over its sequence and,
    for Sicredi, the year it was issued in)."""
    return nosso_numero.montar(conta.beneficiario, titulo["sequencia"], titulo["emissao"])


def exibicao(cur, conta_id: int, titulos_: list[dict]) -> list[str]:
    """These títulos' (of one conta) nosso números as printed; as stored (digits, DV after a hyphen)
    when the conta's settings were removed since."""
    try:
        conta = cobranca_conta.da_conta(cur, conta_id)
    except Validacao:
        return [t["nosso_numero"] + (f"-{t['nosso_numero_dv']}" if t["nosso_numero_dv"] else "") for t in titulos_]
    return [numero(conta, t).exibicao for t in titulos_]


def codigo(conta: ContaCobranca, titulo: dict) -> str:
    """The título's 44-digit barcode, for its current amount and due date."""
    return codigo_barras.montar(conta.beneficiario, numero(conta, titulo), titulo["vencimento"], titulo["valor"])


# ---------------------------------------------------------------- the pagador


def clientes(cur, ids) -> dict[int, dict]:
    cur.execute("""SELECT id, nome, cpf_cnpj, logradouro, numero, complemento, bairro, cep, cidade, uf
                     FROM cadastros.v_clientes WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
                (list(ids),))
    return {linha["id"]: linha for linha in cur.fetchall()}


def falta_no_pagador(cliente: dict | None) -> str | None:
    """Why a boleto cannot be made out to this cliente (None: it can)."""
    if cliente is None:
        return "não tem cliente; um boleto precisa de um pagador"
    if not cliente["cpf_cnpj"] or not cliente["cpf_cnpj"].isdigit():
        return f"o cliente {cliente['nome']} não tem CPF/CNPJ"
    faltam = [nome for nome, campo in (("logradouro", "logradouro"), ("CEP", "cep"), ("cidade", "cidade"),
                                       ("UF", "uf")) if not cliente[campo]]
    if faltam:
        return f"o endereço do cliente {cliente['nome']} está incompleto (falta {', '.join(faltam)})"
    return None


def pagador(cliente: dict) -> Pessoa:
    rua = ", ".join(parte for parte in (cliente["logradouro"], cliente["numero"], cliente["complemento"]) if parte)
    return Pessoa(nome=cliente["nome"], documento=cliente["cpf_cnpj"], logradouro=rua, bairro=cliente["bairro"] or "",
                  cep=cliente["cep"], cidade=cliente["cidade"], uf=cliente["uf"])


# ---------------------------------------------------------------- a lançamento's boleto


_LANCAMENTO = """SELECT l.id, l.tipo, l.descricao, l.documento, l.valor, l.valor_pago, l.data_vencimento, l.status,
                        l.cancelado, l.conta_id, l.cliente_id, l.criado_em
                   FROM financeiro.lancamentos l
                  WHERE l.empresa_id = plataforma.empresa_atual()"""


def lancamentos_para_boleto(cur, ids: list[int], bloquear: bool = False) -> dict[int, dict]:
    cur.execute(_LANCAMENTO + " AND l.id = ANY(%s)" + (" ORDER BY l.id FOR UPDATE" if bloquear else ""), (list(ids),))
    return {linha["id"]: linha for linha in cur.fetchall()}


def parcelas_do_carne(cur, ids: list[int] | None, contrato_id: int | None) -> list[dict]:
    """The lançamentos of a carnê in due-date order: these ids (404 when one is not the empresa's),
    or the open receivables of an operacional contract (404 when it has none)."""
    if ids is not None:
        lidos = lancamentos_para_boleto(cur, ids)
        if len(lidos) < len(set(ids)):
            raise NaoEncontrado("Lançamento não encontrado", {"ids": "Algum lançamento não foi encontrado"})
        return sorted(lidos.values(), key=lambda l: (l["data_vencimento"], l["id"]))
    cur.execute(_LANCAMENTO + """ AND l.contrato_id = %s
                    AND l.tipo = 'RECEITA' AND NOT l.cancelado AND l.valor_pago < l.valor
                  ORDER BY l.data_vencimento, l.id""", (contrato_id,))
    parcelas = cur.fetchall()
    if not parcelas:
        raise NaoEncontrado("Este contrato não tem parcelas em aberto", {"contrato_id": "Nenhuma parcela em aberto"})
    return parcelas


def exigir_receita(lancamento: dict) -> None:
    """A boleto is of a receivable still open (what a person sees as 400 or 409)."""
    if lancamento["tipo"] != "RECEITA":
        raise Validacao("Só receitas têm boleto; uma despesa é paga por remessa de pagamentos",
                        {"lancamento_id": "Este lançamento é uma despesa"})
    if lancamento["cancelado"]:
        raise Conflito("Este lançamento está cancelado; reative-o antes de emitir o boleto")
    if lancamento["valor"] == lancamento["valor_pago"]:
        raise Conflito("Este lançamento já está pago")


def emitir_do_lancamento(tx, conta: ContaCobranca, lancamento_id: int) -> dict:
    """The título of the lançamento on its conta, issued now if it has none (audited)."""
    cur = tx.cur
    lancamento = lancamentos_para_boleto(cur, [lancamento_id], bloquear=True)[lancamento_id]
    titulo = dos_lancamentos(cur, conta.id, [lancamento_id]).get(lancamento_id)
    if titulo is not None:  # issued by another request while this one waited for the lock
        return titulo
    exigir_receita(lancamento)
    motivo = falta_no_pagador(clientes(cur, [lancamento["cliente_id"]]).get(lancamento["cliente_id"]))
    if motivo is not None:
        raise Validacao(f"Não dá para emitir o boleto: {motivo}", {"cliente_id": motivo})
    titulo = emitir(cur, conta, [lancamento])[lancamento_id]
    tx.auditar("emitir_titulo", "titulo", titulo["id"], depois=foto(titulo), rotulo=lancamento["descricao"])
    return titulo


def foto(titulo: dict) -> dict:
    return {campo: titulo[campo] for campo in ("lancamento_id", "conta_id", "banco", "sequencia", "nosso_numero",
                                               "nosso_numero_dv", "valor", "vencimento", "txid", "situacao")}


def _cidade(endereco: str | None) -> str:
    # The BR Code names the recebedor's city; the settings keep the address as one line ("Rua X, 10,
    # Centro, Campinas/SP"), whose last part is the city. Without one, the country.
    if not endereco:
        return "BRASIL"
    return re.split(r"\s*[/-]\s*[A-Za-z]{2}$", endereco.split(",")[-1].strip())[0] or "BRASIL"


def pix_do_titulo(conta: ContaCobranca, titulo: dict) -> dict | None:
    """{"copia_e_cola", "txid"} of the título's PIX, or None when the conta has no key."""
    b = conta.beneficiario
    if not b.chave_pix or not titulo["txid"]:
        return None
    return {"copia_e_cola": pix.br_code(b.chave_pix, titulo["valor"], titulo["txid"], b.nome, _cidade(b.endereco)),
            "txid": titulo["txid"]}


def dados_do_boleto(conta: ContaCobranca, titulo: dict) -> dict:
    """What GET /api/lancamentos/<id>/boleto answers."""
    barras = codigo(conta, titulo)
    return {"nosso_numero": numero(conta, titulo).exibicao,
            "linha_digitavel": codigo_barras.formatar_linha(codigo_barras.linha_digitavel(barras)),
            "codigo_barras": barras, "vencimento": titulo["vencimento"], "valor": titulo["valor"],
            "situacao": titulo["situacao"], "banco": titulo["banco"], "motivo": titulo["motivo"],
            "pix": pix_do_titulo(conta, titulo)}


def _documento(digitos: str) -> str:
    if len(digitos) == 14:
        return f"{digitos[:2]}.{digitos[2:5]}.{digitos[5:8]}/{digitos[8:12]}-{digitos[12:]}"
    if len(digitos) == 11:
        return f"{digitos[:3]}.{digitos[3:6]}.{digitos[6:9]}-{digitos[9:]}"
    return digitos


def _instrucoes(conta: ContaCobranca, titulo: dict) -> tuple[str, ...]:
    b = conta.beneficiario
    linhas = []
    if b.multa_percentual:
        linhas.append(f"Após o vencimento, multa de {b.multa_percentual:.2f}%".replace(".", ","))
    if b.juros_mes_percentual:
        por_dia = (titulo["valor"] * b.juros_mes_percentual / 100 / 30).quantize(Decimal("0.01"))
        linhas.append(f"Após o vencimento, juros de {b.juros_mes_percentual:.2f}% ao mês".replace(".", ",")
                      + f" ({brl(por_dia)} por dia)")
    if b.instrucoes:
        linhas.extend(linha.strip() for linha in b.instrucoes.splitlines() if linha.strip())
    return tuple(linhas)


def impresso(conta: ContaCobranca, titulo: dict, lancamento: dict, cliente: dict) -> BoletoImpresso:
    """The printed boleto of a título (the PDF only draws it)."""
    b = conta.beneficiario
    regra = bancos.banco(b.banco)
    barras = codigo(conta, titulo)
    pessoa = pagador(cliente)
    pix_ = pix_do_titulo(conta, titulo)
    agencia = f"{b.agencia}-{b.agencia_dv}" if b.agencia_dv else b.agencia
    # The convênio or código do beneficiário where the bank gives one; the account otherwise.
    conta_beneficiario = b.convenio or (f"{b.conta}-{b.conta_dv}" if b.conta_dv else b.conta)
    return BoletoImpresso(
        banco=b.banco, banco_nome=regra.nome, banco_dv=regra.dv,
        linha_digitavel=codigo_barras.formatar_linha(codigo_barras.linha_digitavel(barras)), codigo_barras=barras,
        local_pagamento=regra.local_pagamento, beneficiario_nome=b.nome,
        beneficiario_documento=_documento(b.documento), beneficiario_endereco=b.endereco or "",
        agencia_codigo_beneficiario=f"{agencia}/{conta_beneficiario}", nosso_numero=numero(conta, titulo).exibicao,
        numero_documento=lancamento["documento"] or str(lancamento["id"]), especie_documento=regra.especie,
        aceite=regra.aceite, data_documento=titulo["emissao"], data_processamento=hoje(),
        carteira=b.carteira, vencimento=titulo["vencimento"], valor=titulo["valor"], pagador_nome=pessoa.nome,
        pagador_documento=_documento(pessoa.documento),
        pagador_endereco=f"{pessoa.logradouro} {pessoa.bairro}".strip()
                         + f"\n{pessoa.cep[:5]}-{pessoa.cep[5:]} {pessoa.cidade}/{pessoa.uf}",
        instrucoes=_instrucoes(conta, titulo), pix_copia_e_cola=pix_["copia_e_cola"] if pix_ else None)


def cobranca_do_lancamento(cur, lancamento_id: int) -> dict | None:
    """What the bank has of this lançamento, as GET /api/lancamentos/<id> shows it: its latest
    título (situação, nosso número as printed, the bank's reason, the bank) or its latest payment
    in a remessa (forma, situação, reason); None when it has neither."""
    cur.execute(
        """(SELECT 'TITULO' AS tipo, t.situacao, t.motivo, t.conta_id, t.sequencia, t.nosso_numero, t.nosso_numero_dv,
                   (t.criado_em AT TIME ZONE 'America/Sao_Paulo')::date AS emissao, t.banco, NULL AS forma,
                   t.atualizado_em, t.id
              FROM financeiro.titulos t
             WHERE t.empresa_id = plataforma.empresa_atual() AND t.lancamento_id = %(id)s
            UNION ALL
            SELECT 'PAGAMENTO', p.situacao, p.motivo, p.conta_id, NULL, NULL, NULL, NULL, NULL, p.forma,
                   p.atualizado_em, p.id
              FROM financeiro.pagamentos p
             WHERE p.empresa_id = plataforma.empresa_atual() AND p.lancamento_id = %(id)s)
           ORDER BY atualizado_em DESC, id DESC LIMIT 1""", {"id": lancamento_id})
    linha = cur.fetchone()
    if linha is None:
        return None
    if linha["tipo"] == "PAGAMENTO":
        return {"tipo": "PAGAMENTO", "situacao": linha["situacao"], "motivo": linha["motivo"], "forma": linha["forma"]}
    return {"tipo": "TITULO", "situacao": linha["situacao"], "motivo": linha["motivo"],
            "nosso_numero": exibicao(cur, linha["conta_id"], [linha])[0], "banco": linha["banco"]}
