"""The agenda's ICS feeds: secret, revocable addresses a calendar app polls with no other credential.

One address for the whole empresa and one per team member (a usuário, a fornecedor or a
funcionário), each at most one live at a time (migrations 0005, 0007). The address carries a token of 256 random bits; the row
keeps the token, so that asking again shows the same address, and its SHA-256, by which the public
route finds the row without knowing the empresa (the policy `feed_pelo_token`; README
"Calendário (ICS)"). Revoking makes the old address answer 404; the next request makes a new one.
"""
import hashlib
import secrets
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared import catalogo_eventos as eventos
from shared.config import FUSO, hoje
from shared.errors import Validacao
from shared.transacao import Transacao

from operacional import agenda, equipe, ics

# The feed's window: what a calendar needs to show the recent past and plan ahead, without sending
# a studio's whole history on every poll.
DIAS_ANTES, DIAS_DEPOIS = 90, 2 * 365
# More than any studio books in that window; a bound so one poll can never be unbounded work.
MAXIMO_DE_SESSOES = 20_000


def hash_do_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _validar_membro(cur, membro: tuple[str, int] | None) -> None:
    if membro is not None and equipe.nomes(cur, [equipe.colunas(membro)])[0]["nome"] is None:
        raise Validacao("Pessoa não encontrada nesta empresa", {"membro": "Pessoa não encontrada nesta empresa"})


_DO_MEMBRO = ("revogado_em IS NULL AND coalesce(usuario_id, 0) = coalesce(%(usuario_id)s, 0) "
              "AND coalesce(fornecedor_id, 0) = coalesce(%(fornecedor_id)s, 0) "
              "AND coalesce(funcionario_id, 0) = coalesce(%(funcionario_id)s, 0)")


def token_de(tx: Transacao, membro: tuple[str, int] | None) -> str:
    """The live token of the empresa's feed (membro None) or of a member's, created on first use."""
    _validar_membro(tx.cur, membro)
    colunas = equipe.colunas(membro)
    tx.cur.execute(f"SELECT token FROM operacional.feeds WHERE {_DO_MEMBRO}", colunas)
    atual = tx.cur.fetchone()
    if atual is not None:
        return atual["token"]
    token = secrets.token_urlsafe(32)
    tx.cur.execute(
        """INSERT INTO operacional.feeds (empresa_id, usuario_id, fornecedor_id, funcionario_id, token, token_hash)
           VALUES (plataforma.empresa_atual(), %(usuario_id)s, %(fornecedor_id)s, %(funcionario_id)s, %(token)s,
                   %(hash)s)
           ON CONFLICT (empresa_id, (coalesce(usuario_id, 0)), (coalesce(fornecedor_id, 0)),
                        (coalesce(funcionario_id, 0)))
              WHERE revogado_em IS NULL DO NOTHING
           RETURNING id""", {**colunas, "token": token, "hash": hash_do_token(token)})
    criado = tx.cur.fetchone()
    if criado is None:  # a simultaneous request created it first: the same address for both
        tx.cur.execute(f"SELECT token FROM operacional.feeds WHERE {_DO_MEMBRO}", colunas)
        return tx.cur.fetchone()["token"]
    # The token itself stays out of the audit trail: it is the credential.
    tx.auditar("criar", "feed_agenda", criado["id"], depois=colunas, rotulo="Endereço de assinatura da agenda")
    tx.publicar(eventos.FEED_AGENDA_ALTERADO, id=criado["id"], acao="criado")
    return token


def revogar(tx: Transacao, membro: tuple[str, int] | None) -> None:
    """Ends the live address of that feed, if any: it answers 404 from now on."""
    _validar_membro(tx.cur, membro)
    colunas = equipe.colunas(membro)
    tx.cur.execute(f"UPDATE operacional.feeds SET revogado_em = now() WHERE {_DO_MEMBRO} RETURNING id", colunas)
    for linha in tx.cur.fetchall():
        tx.auditar("revogar", "feed_agenda", linha["id"], antes=colunas, rotulo="Endereço de assinatura da agenda")
        tx.publicar(eventos.FEED_AGENDA_ALTERADO, id=linha["id"], acao="revogado")


def do_token(cur, token: str) -> dict | None:
    """{empresa_id, feed_id, usuario_id, fornecedor_id, funcionario_id} of a live token, in a transaction of no
    empresa (the public route's); None for an unknown or revoked one."""
    cur.execute("SELECT * FROM operacional.feed_do_token(%s)", (hash_do_token(token),))
    return cur.fetchone()


def conteudo(cur, feed: dict) -> bytes:
    """The feed's calendar, read in its empresa's transaction: the sessões from DIAS_ANTES ago to
    DIAS_DEPOIS ahead, of the whole empresa or of the member's teams."""
    membro = next(((c, feed[c]) for c in equipe.CAMPOS_DE_PESSOA if feed[c] is not None), None)
    cur.execute("SELECT nome FROM auth.v_empresas")
    empresa = cur.fetchone()
    nome = f"Agenda — {empresa['nome'] if empresa else 'ERP Web'}"
    if membro is not None:
        pessoa = equipe.nomes(cur, [equipe.colunas(membro)])[0]["nome"]
        nome += f" — {pessoa or 'membro da equipe'}"
    dia = hoje()
    sp = ZoneInfo(FUSO)
    sessoes = agenda.listar(cur, datetime.combine(dia - timedelta(days=DIAS_ANTES), time(), sp),
                            datetime.combine(dia + timedelta(days=DIAS_DEPOIS), time(), sp),
                            membro=membro, limite=MAXIMO_DE_SESSOES)
    return ics.calendario(sessoes, nome)
