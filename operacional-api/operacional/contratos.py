"""Contratos: what the studio agreed with a cliente — its text (from a template), its value and
payment plan, its status — and which of financeiro's receivables each parcela is.

This module is the contract's own transaction: a save validates, stores the contract and its
plan's parcelas, and bumps `versao` (what financeiro must hold changed). Putting the receivables in
financeiro is the next step, contratos_financeiro.py, over HTTP and after this commit.

Status: proposta → assinado → em_execucao → concluido; any but concluido → cancelado (final). The
text is rendered from the template while the contract is a proposta and frozen from signature on.
Changing a proposta drops an acceptance link not yet used: its PDF would no longer be the contract.
"""
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from num2words import num2words

from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.config import FUSO, hoje
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from operacional import modelos_contrato, planos

TRANSICOES = {
    "proposta": {"assinado", "cancelado"},
    "assinado": {"em_execucao", "concluido", "cancelado"},
    "em_execucao": {"concluido", "cancelado"},
    "concluido": set(),
    "cancelado": set(),
}
ROTULOS = {"proposta": "Proposta", "assinado": "Assinado", "em_execucao": "Em execução",
           "concluido": "Concluído", "cancelado": "Cancelado"}

# What a contract stores and the audit trail keeps.
CAMPOS = ("cliente_id", "conta_id", "categoria_id", "evento_id", "modelo_id", "descricao", "valor", "status",
          "parcelas", "vencimento_base", "primeiro_vencimento", "dias", "sinal", "sinal_base", "sinal_vencimento",
          "sinal_dias")
_COLUNAS = (f"c.id, {', '.join('c.' + c for c in CAMPOS)}, c.texto, c.assinado_em, c.versao, "
            "c.versao_sincronizada, c.criado_em, c.atualizado_em")


class PosicaoContrato(Posicao):
    """The keyset of `listar`'s order: newest first."""

    id: int


def assinatura_do_dia(assinado_em) -> date | None:
    """The studio's calendar day of a signature (a timestamp)."""
    return None if assinado_em is None else assinado_em.astimezone(ZoneInfo(FUSO)).date()


# ---------------------------------------------------------------- reading


def listar(cur, filtros: dict, apos: PosicaoContrato | None, limite: int) -> list[dict]:
    cur.execute(
        """SELECT c.id, c.cliente_id, cl.nome AS cliente_nome, c.evento_id, e.nome AS evento_nome, c.descricao,
                  c.valor, c.status, c.parcelas, c.versao <> c.versao_sincronizada AS pendente, c.criado_em
             FROM operacional.contratos c
             LEFT JOIN cadastros.v_clientes cl ON cl.id = c.cliente_id
             LEFT JOIN operacional.eventos e ON e.id = c.evento_id
            WHERE (%(status)s::text IS NULL OR c.status = %(status)s)
              AND (%(cliente_id)s::bigint IS NULL OR c.cliente_id = %(cliente_id)s)
              AND (%(evento_id)s::bigint IS NULL OR c.evento_id = %(evento_id)s)
              AND (%(apos)s::bigint IS NULL OR c.id < %(apos)s)
            ORDER BY c.id DESC
            LIMIT %(limite)s""",
        {**filtros, "apos": apos and apos.id, "limite": limite})
    return cur.fetchall()


def por_id(cur, contrato_id: int) -> dict | None:
    cur.execute(f"""SELECT {_COLUNAS}, cl.nome AS cliente_nome, e.nome AS evento_nome
                      FROM operacional.contratos c
                      LEFT JOIN cadastros.v_clientes cl ON cl.id = c.cliente_id
                      LEFT JOIN operacional.eventos e ON e.id = c.evento_id
                     WHERE c.id = %s""", (contrato_id,))
    return cur.fetchone()


def parcelas(cur, contrato_id: int) -> list[dict]:
    """The plan's parcelas with what financeiro says of each (its read view): paga, aberta,
    vencida, cancelada, or nao_lancada while financeiro has not got it yet."""
    cur.execute(
        """SELECT p.numero, p.valor, p.vencimento, p.base, p.dias, p.provisorio, p.chave, p.lancamento_id,
                  f.status AS status_financeiro, f.valor_pago, plataforma.hoje() AS hoje
             FROM operacional.parcelas_contrato p
             LEFT JOIN financeiro.v_parcelas_de_contrato f ON f.chave_origem = p.chave
            WHERE p.contrato_id = %s
            ORDER BY p.numero""", (contrato_id,))
    linhas = cur.fetchall()
    for linha in linhas:
        status = linha.pop("status_financeiro")
        vence = linha.pop("hoje")
        if status is None:
            linha["status"] = "nao_lancada"
        elif status == "PAGO":
            linha["status"] = "paga"
        elif status == "CANCELADO":
            linha["status"] = "cancelada"
        else:
            linha["status"] = "vencida" if linha["vencimento"] < vence else "aberta"
        linha["valor_pago"] = linha["valor_pago"] or Decimal("0.00")
    return linhas


def obter(cur, contrato_id: int) -> dict:
    contrato = por_id(cur, contrato_id)
    if contrato is None:
        raise NaoEncontrado("Contrato não encontrado")
    contrato["plano"] = parcelas(cur, contrato_id)
    contrato["lancamento_ids"] = [p["lancamento_id"] for p in contrato["plano"] if p["lancamento_id"] is not None]
    return contrato


def _fixas(cur, contrato_id: int) -> dict[int, planos.Fixa]:
    """The parcelas financeiro has paid or partly paid: their value and date are history."""
    cur.execute(
        """SELECT p.numero, f.valor, f.data_vencimento
             FROM operacional.parcelas_contrato p
             JOIN financeiro.v_parcelas_de_contrato f ON f.chave_origem = p.chave
            WHERE p.contrato_id = %s AND f.status IN ('PAGO', 'PARCIAL')""", (contrato_id,))
    return {linha["numero"]: planos.Fixa(linha["valor"], linha["data_vencimento"]) for linha in cur.fetchall()}


def tem_parcela_paga(cur, contrato_id: int) -> bool:
    return bool(_fixas(cur, contrato_id))


# ---------------------------------------------------------------- validation


def _validar_referencias(cur, dados: dict) -> dict | None:
    """400 naming each id that is not the empresa's (row-level security hides another's); the
    evento's row when there is one."""
    campos = {}
    cur.execute("SELECT 1 FROM cadastros.v_clientes WHERE id = %s", (dados["cliente_id"],))
    if cur.fetchone() is None:
        campos["cliente_id"] = "Cliente não encontrado"
    cur.execute("SELECT 1 FROM cadastros.v_contas WHERE id = %s", (dados["conta_id"],))
    if cur.fetchone() is None:
        campos["conta_id"] = "Conta não encontrada"
    cur.execute("SELECT tipo FROM cadastros.v_categorias WHERE id = %s", (dados["categoria_id"],))
    categoria = cur.fetchone()
    if categoria is None:
        campos["categoria_id"] = "Categoria não encontrada"
    elif categoria["tipo"] != "RECEITA":
        campos["categoria_id"] = "Use uma categoria de receita: as parcelas são valores a receber"
    if dados.get("modelo_id") is not None and modelos_contrato.por_id(cur, dados["modelo_id"]) is None:
        campos["modelo_id"] = "Modelo de contrato não encontrado"
    evento = None
    if dados.get("evento_id") is not None:
        cur.execute("""SELECT id, nome, tipo, data_inicio, local, centro_custo_id
                         FROM operacional.v_eventos WHERE id = %s""", (dados["evento_id"],))
        evento = cur.fetchone()
        if evento is None:
            campos["evento_id"] = "Evento não encontrado"
    if campos:
        raise Validacao("Verifique os campos destacados", campos)
    return evento


def _validar_plano(dados: dict) -> planos.Plano:
    campos = {}
    if dados["vencimento_base"] == "data" and dados.get("primeiro_vencimento") is None:
        campos["primeiro_vencimento"] = "Informe a data do primeiro vencimento"
    bases = [dados["vencimento_base"]] + ([dados["sinal_base"]] if dados.get("sinal") is not None else [])
    if "evento" in bases and dados.get("evento_id") is None:
        campos["evento_id"] = "Um vencimento relativo ao evento precisa de um evento"
    if dados.get("sinal") is not None:
        if dados["sinal"] >= dados["valor"]:
            campos["sinal.valor"] = "O sinal precisa ser menor que o valor do contrato"
        if dados["sinal_base"] == "data" and dados.get("sinal_vencimento") is None:
            campos["sinal.vencimento"] = "Informe a data de vencimento do sinal"
    if campos:
        raise Validacao("Verifique os campos destacados", campos)
    return planos.Plano(
        valor=dados["valor"], parcelas=dados["parcelas"], base=dados["vencimento_base"],
        primeiro_vencimento=dados.get("primeiro_vencimento"), dias=dados.get("dias") or 0,
        sinal=dados.get("sinal"), sinal_base=dados.get("sinal_base"),
        sinal_vencimento=dados.get("sinal_vencimento"), sinal_dias=dados.get("sinal_dias") or 0)


# ---------------------------------------------------------------- the text


def _dinheiro(valor: Decimal) -> str:
    inteiro, centavos = f"{valor:,.2f}".split(".")
    return f"R$ {inteiro.replace(',', '.')},{centavos}"


def _data(dia: date | None) -> str:
    return "" if dia is None else dia.strftime("%d/%m/%Y")


def variaveis(cur, contrato: dict, evento: dict | None, parcelas_do_plano: list[dict]) -> dict:
    """What a template sees of this contract (modelos_contrato.VARIAVEIS' shape)."""
    cur.execute("SELECT nome, cpf_cnpj, email FROM cadastros.v_clientes WHERE id = %s", (contrato["cliente_id"],))
    cliente = cur.fetchone() or {}
    cur.execute("SELECT nome, cnpj FROM auth.v_empresas")
    empresa = cur.fetchone() or {}
    return {
        "cliente": {campo: cliente.get(campo) or "" for campo in ("nome", "cpf_cnpj", "email")},
        "evento": {"nome": (evento or {}).get("nome") or "", "tipo": (evento or {}).get("tipo") or "",
                   "data": _data((evento or {}).get("data_inicio")), "local": (evento or {}).get("local") or ""},
        "contrato": {
            "numero": str(contrato["id"]), "descricao": contrato["descricao"], "valor": _dinheiro(contrato["valor"]),
            "valor_por_extenso": num2words(contrato["valor"], lang="pt_BR", to="currency"),
            "parcelas": [{"numero": "Sinal" if p["numero"] == planos.NUMERO_DO_SINAL else str(p["numero"]),
                          "valor": _dinheiro(p["valor"]), "vencimento": _data(p["vencimento"])}
                         for p in parcelas_do_plano],
            "data_assinatura": _data(assinatura_do_dia(contrato.get("assinado_em"))),
        },
        "empresa": {"nome": empresa.get("nome") or "", "cnpj": empresa.get("cnpj") or ""},
    }


def _renderizar(cur, contrato: dict, evento: dict | None) -> str:
    cur.execute("SELECT corpo FROM operacional.modelos_contrato WHERE id = %s",
                (contrato["modelo_id"] or modelos_contrato.id_padrao(cur),))
    corpo = cur.fetchone()["corpo"]
    try:
        return modelos_contrato.renderizar(corpo, variaveis(cur, contrato, evento, parcelas(cur, contrato["id"])))
    except Exception as erro:  # the template was checked when saved; the message, not a 500, if it still fails
        raise Validacao("O modelo não pôde ser preenchido", {"modelo_id": str(erro)[:300]}) from None


# ---------------------------------------------------------------- writing


def _gravar_plano(tx: Transacao, contrato: dict, evento: dict | None) -> None:
    """The plan's parcelas, recomputed: paid ones untouched, open ones upserted (their chave and
    lancamento_id kept), those the plan no longer has deleted (financeiro then cancels them)."""
    plano = _validar_plano(contrato)
    fixas = _fixas(tx.cur, contrato["id"])
    gerado = planos.gerar(plano, fixas)
    assinatura = assinatura_do_dia(contrato.get("assinado_em"))
    data_evento = evento["data_inicio"] if evento else None
    for parcela in gerado:
        if parcela.fixa:
            continue
        v = parcela.vencimento
        vencimento, provisorio = v.calcular(assinatura, data_evento, hoje())
        tx.cur.execute(
            """INSERT INTO operacional.parcelas_contrato
                   (empresa_id, contrato_id, numero, valor, base, data_base, dias, meses, vencimento, provisorio, chave)
               VALUES (plataforma.empresa_atual(), %(contrato_id)s, %(numero)s, %(valor)s, %(base)s, %(data_base)s,
                       %(dias)s, %(meses)s, %(vencimento)s, %(provisorio)s, %(chave)s)
               ON CONFLICT (empresa_id, contrato_id, numero) DO UPDATE
                  SET valor = EXCLUDED.valor, base = EXCLUDED.base, data_base = EXCLUDED.data_base,
                      dias = EXCLUDED.dias, meses = EXCLUDED.meses, vencimento = EXCLUDED.vencimento,
                      provisorio = EXCLUDED.provisorio""",
            {"contrato_id": contrato["id"], "numero": parcela.numero, "valor": parcela.valor, "base": v.base,
             "data_base": v.data_base, "dias": v.dias, "meses": v.meses, "vencimento": vencimento,
             "provisorio": provisorio, "chave": chave(contrato["id"], parcela.numero)})
    tx.cur.execute("DELETE FROM operacional.parcelas_contrato WHERE contrato_id = %s AND NOT (numero = ANY(%s))",
                   (contrato["id"], [p.numero for p in gerado]))


def chave(contrato_id: int, numero: int) -> str:
    """A parcela's idempotency key in financeiro (its lançamento's chave_origem); the sinal is 0."""
    return f"contrato:{contrato_id}:parcela:{numero}"


def bloquear(cur, contrato_id: int) -> dict:
    cur.execute(f"SELECT {_COLUNAS} FROM operacional.contratos c WHERE c.id = %s FOR UPDATE", (contrato_id,))
    contrato = cur.fetchone()
    if contrato is None:
        raise NaoEncontrado("Contrato não encontrado")
    return contrato


def _sinal_em_colunas(dados: dict) -> dict:
    """The request's `sinal` object as the contract's columns."""
    if "sinal" not in dados:
        return dados
    sinal = dados.pop("sinal")
    return {**dados, "sinal": sinal and sinal["valor"], "sinal_base": sinal and sinal["vencimento_base"],
            "sinal_vencimento": sinal and sinal.get("vencimento"), "sinal_dias": sinal and sinal.get("dias", 0)}


def _validar(cur, contrato: dict) -> dict | None:
    """The contract's ids and plan checked (400 naming each field); its evento's row, if any."""
    evento = _validar_referencias(cur, contrato)
    _validar_plano(contrato)
    return evento


def _salvar(tx: Transacao, contrato: dict, evento: dict | None) -> None:
    """Stores the contract (already `_validar`-ed: `evento` is what that found), its plan and,
    while a proposta, its text; versao + 1."""
    tx.cur.execute(
        f"""UPDATE operacional.contratos SET {', '.join(f'{c} = %({c})s' for c in CAMPOS)},
                   assinado_em = %(assinado_em)s, versao = versao + 1, atualizado_em = now()
             WHERE id = %(id)s""", contrato)
    _gravar_plano(tx, contrato, evento)
    if contrato["status"] == "proposta":
        tx.cur.execute("UPDATE operacional.contratos SET texto = %s WHERE id = %s",
                       (_renderizar(tx.cur, contrato, evento), contrato["id"]))


def criar(tx: Transacao, dados: dict) -> int:
    """A new proposta; its id. The receivables are contratos_financeiro's next step."""
    modelos_contrato.garantir_padrao(tx)
    contrato = {"evento_id": None, "modelo_id": None, "primeiro_vencimento": None, "dias": 0, "sinal": None,
                "sinal_base": None, "sinal_vencimento": None, "sinal_dias": None, "vencimento_base": "data",
                **_sinal_em_colunas(dict(dados)), "status": "proposta", "assinado_em": None}
    evento = _validar(tx.cur, contrato)
    tx.cur.execute(
        """INSERT INTO operacional.contratos (empresa_id, cliente_id, conta_id, categoria_id, descricao, valor,
                                              texto, parcelas, vencimento_base, primeiro_vencimento, versao)
           VALUES (plataforma.empresa_atual(), %(cliente_id)s, %(conta_id)s, %(categoria_id)s, %(descricao)s,
                   %(valor)s, '', %(parcelas)s, %(vencimento_base)s, %(primeiro_vencimento)s, 0)
           RETURNING id""", contrato)
    contrato["id"] = tx.cur.fetchone()["id"]
    _salvar(tx, contrato, evento)
    tx.auditar("criar", "contrato", contrato["id"], depois=foto(contrato))
    tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato["id"], acao="criado")
    return contrato["id"]


def alterar(tx: Transacao, contrato_id: int, mudancas: dict) -> None:
    """Applies the fields sent. A status move must be allowed (TRANSICOES); a cancelled contract
    changes no more. Any save bumps versao, so financeiro gets the plan again."""
    antes = bloquear(tx.cur, contrato_id)
    if antes["status"] == "cancelado":
        raise Conflito("Este contrato está cancelado e não pode mais ser alterado")
    depois = {**antes, **_sinal_em_colunas(dict(mudancas))}
    if depois["status"] != antes["status"]:
        if depois["status"] not in TRANSICOES[antes["status"]]:
            permitidos = ", ".join(ROTULOS[s] for s in sorted(TRANSICOES[antes["status"]])) or "nenhum"
            de, para = ROTULOS[antes["status"]], ROTULOS[depois["status"]]
            raise Validacao("Mudança de status não permitida", {
                "status": f"De {de} não se vai para {para}; permitidos: {permitidos}"})
        if depois["status"] == "assinado" and depois["assinado_em"] is None:
            tx.cur.execute("SELECT now() AS agora")
            depois["assinado_em"] = tx.cur.fetchone()["agora"]
    _salvar(tx, depois, _validar(tx.cur, depois))
    if antes["status"] == "proposta":
        # The link's frozen PDF is no longer this contract: the client needs a new link.
        tx.cur.execute("DELETE FROM operacional.aceites WHERE contrato_id = %s AND aceito_em IS NULL", (contrato_id,))
    cancelado = depois["status"] == "cancelado"
    tx.auditar("cancelar" if cancelado else "alterar", "contrato", contrato_id, antes=foto(antes), depois=foto(depois))
    tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="cancelado" if cancelado else "alterado")


def assinar(tx: Transacao, contrato_id: int, assinado_em) -> None:
    """The client's acceptance: status assinado at `assinado_em`, and the parcelas relative to
    the signature dated from that day (aceite.py audits the acceptance itself)."""
    contrato = bloquear(tx.cur, contrato_id)
    if contrato["status"] != "proposta":
        raise Conflito("Este contrato não está mais aguardando aceite")
    assinado = {**contrato, "status": "assinado", "assinado_em": assinado_em}
    _salvar(tx, assinado, _validar(tx.cur, assinado))
    tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="aceito")


def redatar_do_evento(tx: Transacao, evento_id: int) -> list[int]:
    """After the evento moved (or got its centro de custo): its contracts not cancelled, their
    plans recomputed and versao bumped; their ids, to sync."""
    tx.cur.execute("SELECT id FROM operacional.contratos WHERE evento_id = %s AND status <> 'cancelado' ORDER BY id",
                   (evento_id,))
    ids = [linha["id"] for linha in tx.cur.fetchall()]
    # Only the dates move: the rest of each contract was checked when it was saved.
    tx.cur.execute("""SELECT id, nome, tipo, data_inicio, local, centro_custo_id
                        FROM operacional.v_eventos WHERE id = %s""", (evento_id,))
    evento = tx.cur.fetchone()
    for contrato_id in ids:
        _gravar_plano(tx, bloquear(tx.cur, contrato_id), evento)
        tx.cur.execute("UPDATE operacional.contratos SET versao = versao + 1, atualizado_em = now() WHERE id = %s",
                       (contrato_id,))
        tx.auditar("redatar", "contrato", contrato_id, depois={"evento_id": evento_id, "motivo": "evento alterado"})
        tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="alterado")
    return ids


def conferir_exclusao(cur, contrato_id: int) -> None:
    """409 when the contract cannot be deleted: a parcela paid in financeiro (cancel it instead)
    or an agenda sessão pointing at it."""
    if tem_parcela_paga(cur, contrato_id):
        raise Conflito("Este contrato tem parcela paga no Financeiro; cancele-o em vez de excluí-lo")
    cur.execute("SELECT 1 FROM operacional.sessoes WHERE contrato_id = %s LIMIT 1", (contrato_id,))
    if cur.fetchone() is not None:
        raise Conflito("Há sessões da agenda ligadas a este contrato; desligue-as antes de excluí-lo")


def excluir(tx: Transacao, contrato_id: int) -> None:
    """Deletes a contract whose receivables financeiro has already cancelled (contratos_financeiro
    cancels them first)."""
    antes = bloquear(tx.cur, contrato_id)
    conferir_exclusao(tx.cur, contrato_id)
    tx.cur.execute("DELETE FROM operacional.contratos WHERE id = %s", (contrato_id,))
    tx.auditar("excluir", "contrato", contrato_id, antes=foto(antes))
    tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="excluido")


def foto(contrato: dict) -> dict:
    """What the audit trail keeps of a contract."""
    return {campo: contrato.get(campo) for campo in CAMPOS}
