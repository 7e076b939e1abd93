"""Aceite eletrônico: a secret link where the client reads the contract and accepts it by typing
name and CPF.

Making the link freezes the PDF the client will see (its bytes and SHA-256 are kept); the link's
token is shown once and only its SHA-256 is stored, like a password. Accepting records when, from
which address (the client's, as shared/encaminhamento.py decides it), with which browser, the
name and CPF typed, and the hash of that exact PDF; the contract becomes `assinado` and its
parcelas relative to the signature get their dates. A new link replaces the old one (rotation),
until the contract is accepted; any change to a proposta drops its link (contratos.py), since its
PDF would no longer be the contract.

Whoever opens the link has no session and so no empresa: `empresa_do_link` finds the link's
empresa through operacional.contrato_do_link (migration 0004 says why that lookup needs only the
hash), and the rest runs in that empresa's transaction like any request.
"""
import hashlib
import re
import secrets


from shared import catalogo_eventos as eventos
from shared import documentos
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from operacional import contratos, contratos_financeiro, pdf_contrato

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def sha256(dados: bytes) -> str:
    return hashlib.sha256(dados).hexdigest()


def hash_do_token(token: str) -> str:
    return sha256(token.encode())


def documento(cur, contrato_id: int) -> bytes:
    """The contract's text as a PDF, as it stands now."""
    contrato = contratos.por_id(cur, contrato_id)
    if contrato is None:
        raise NaoEncontrado("Contrato não encontrado")
    cur.execute("SELECT nome FROM auth.v_empresas")
    empresa = (cur.fetchone() or {}).get("nome") or ""
    return pdf_contrato.gerar(contrato["texto"], f"Contrato nº {contrato_id} — {contrato['descricao']}",
                              f"{empresa} · Contrato nº {contrato_id}")


def gerar_link(tx: Transacao, contrato_id: int) -> str:
    """A new secret token for the contract's acceptance (the old one stops working); the PDF
    frozen with it. Only a proposta may be sent; an accepted contract, 409."""
    contrato = contratos.bloquear(tx.cur, contrato_id)
    if contrato["status"] != "proposta":
        raise Conflito("Só uma proposta pode ser enviada para aceite; este contrato está "
                       f"{contratos.ROTULOS[contrato['status']].lower()}")
    token = secrets.token_urlsafe(32)
    pdf = documento(tx.cur, contrato_id)
    tx.cur.execute(
        """INSERT INTO operacional.aceites (empresa_id, contrato_id, link_sha256, pdf, pdf_sha256)
           VALUES (plataforma.empresa_atual(), %(id)s, %(link)s, %(pdf)s, %(pdf_sha256)s)
           ON CONFLICT (empresa_id, contrato_id) DO UPDATE
              SET link_sha256 = EXCLUDED.link_sha256, pdf = EXCLUDED.pdf, pdf_sha256 = EXCLUDED.pdf_sha256,
                  gerado_em = now()""",
        {"id": contrato_id, "link": hash_do_token(token), "pdf": pdf, "pdf_sha256": sha256(pdf)})
    tx.auditar("gerar_link_aceite", "contrato", contrato_id, depois={"pdf_sha256": sha256(pdf)})
    tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="link_aceite")
    return token


def empresa_do_link(cur, token: str) -> tuple[int, int]:
    """(empresa_id, contrato_id) of a link; 404 for any token that is not one."""
    if not _TOKEN.fullmatch(token):
        raise NaoEncontrado("Link de aceite inválido ou substituído por um novo")
    cur.execute("SELECT empresa_id, contrato_id FROM operacional.contrato_do_link(%s)", (hash_do_token(token),))
    achado = cur.fetchone()
    if achado is None:
        raise NaoEncontrado("Link de aceite inválido ou substituído por um novo")
    return achado["empresa_id"], achado["contrato_id"]


def registro(cur, contrato_id: int) -> dict | None:
    """The acceptance as kept (without the PDF's bytes), or None when no link was made."""
    cur.execute("""SELECT contrato_id, gerado_em, pdf_sha256, aceito_em, nome, cpf, ip, user_agent
                     FROM operacional.aceites WHERE contrato_id = %s""", (contrato_id,))
    achado = cur.fetchone()
    if achado is not None:
        achado["status"] = "aceito" if achado["aceito_em"] else "aguardando"
    return achado


def pdf_guardado(cur, contrato_id: int) -> bytes:
    cur.execute("SELECT pdf FROM operacional.aceites WHERE contrato_id = %s", (contrato_id,))
    achado = cur.fetchone()
    if achado is None:
        raise NaoEncontrado("Este contrato ainda não foi enviado para aceite")
    return bytes(achado["pdf"])


def para_o_cliente(cur, contrato_id: int) -> dict:
    """What the public page shows: the empresa, the contract's summary and text, the status."""
    contrato = contratos.obter(cur, contrato_id)
    cur.execute("SELECT nome, cnpj FROM auth.v_empresas")
    empresa = cur.fetchone() or {"nome": "", "cnpj": None}
    aceite = registro(cur, contrato_id)
    return {"empresa": {"nome": empresa["nome"], "cnpj": empresa["cnpj"]},
            "contrato": {"id": contrato_id, "descricao": contrato["descricao"], "valor": contrato["valor"],
                         "cliente_nome": contrato["cliente_nome"], "evento_nome": contrato["evento_nome"],
                         "parcelas": [{"numero": p["numero"], "valor": p["valor"], "vencimento": p["vencimento"]}
                                      for p in contrato["plano"]]},
            "texto": contrato["texto"], "status": aceite["status"], "pdf_sha256": aceite["pdf_sha256"],
            "aceito_em": aceite["aceito_em"], "nome": aceite["nome"]}


def aceitar(tx: Transacao, contrato_id: int, nome: str, cpf: str, ip: str | None, user_agent: str | None) -> dict:
    """Records the acceptance and signs the contract; 409 when it was already accepted."""
    tx.cur.execute("SELECT aceito_em, pdf_sha256 FROM operacional.aceites WHERE contrato_id = %s FOR UPDATE",
                   (contrato_id,))
    atual = tx.cur.fetchone()
    if atual is None:
        raise NaoEncontrado("Link de aceite inválido ou substituído por um novo")
    if atual["aceito_em"] is not None:
        raise Conflito("Este contrato já foi aceito")
    try:
        numero = documentos.validar_cpf(cpf)
    except ValueError as erro:
        raise Validacao("Verifique os campos destacados", {"cpf": str(erro)}) from None
    tx.cur.execute("""UPDATE operacional.aceites
                         SET aceito_em = now(), nome = %s, cpf = %s, ip = %s, user_agent = %s
                       WHERE contrato_id = %s RETURNING aceito_em""",
                   (nome, numero, ip, (user_agent or "")[:500] or None, contrato_id))
    aceito_em = tx.cur.fetchone()["aceito_em"]
    antes, versao_antes = contratos_financeiro.estado_desejado(tx.cur, contrato_id)
    contratos.assinar(tx, contrato_id, aceito_em)
    depois, versao = contratos_financeiro.estado_desejado(tx.cur, contrato_id)
    if depois == antes:
        # The client's request carries no credential financeiro would take, so it cannot sync; a
        # plan with no parcela dated from the signature has nothing to send: still in sync.
        tx.cur.execute("""UPDATE operacional.contratos SET versao_sincronizada = %s
                           WHERE id = %s AND versao_sincronizada = %s""", (versao, contrato_id, versao_antes))
    tx.auditar("aceitar", "contrato", contrato_id, depois={
        "nome": nome, "cpf": numero, "ip": ip, "user_agent": user_agent, "pdf_sha256": atual["pdf_sha256"]})
    return registro(tx.cur, contrato_id)


def verificar(cur, contrato_id: int, enviado: bytes) -> dict:
    """Whether `enviado` is the very PDF the client accepted (its SHA-256 against the kept one)."""
    aceite = registro(cur, contrato_id)
    if aceite is None:
        raise NaoEncontrado("Este contrato ainda não foi enviado para aceite")
    calculado = sha256(enviado)
    return {"confere": secrets.compare_digest(calculado, aceite["pdf_sha256"]), "sha256": calculado,
            "sha256_guardado": aceite["pdf_sha256"]}
