"""The agenda: sessões (an ensaio, a ceremony, a meeting) with their team, and the calendar's query.

A sessão takes its people and gear for `periodo` — inicio to fim widened by the travel/setup
buffers (antes_min, depois_min; migration 0002). A person in two sessões whose periodos overlap is
a conflict: refused with 409 `conflito_de_equipe` unless the caller confirms, and then saved with
the conflicts as `avisos`. Equipment is stricter and not ours to decide: a move that double-books an
allocated item fails in PostgreSQL (the reservas follow their sessão: migration 0006) and becomes a
409 `conflito`.

Every write is one `Transacao`: lock (or 404) → validate → change → audit → publish.
"""
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.config import FUSO
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

from operacional import alocacoes, equipe

# What a sessão stores besides its team, and what the audit trail keeps.
CAMPOS = ("titulo", "tipo", "inicio", "fim", "antes_min", "depois_min", "local", "evento_id", "contrato_id",
          "observacoes")
_HORARIO = ("inicio", "fim", "antes_min", "depois_min")
# The longest a sessão may last (inicio to fim; CHECK sessoes_duracao_maxima, migration 0005): what
# bounds the calendar's range scan. A job of several weeks is several sessões.
DURACAO_MAXIMA = timedelta(days=14)

_SP = ZoneInfo(FUSO)


class PosicaoSessao(Posicao):
    """The keyset of the calendar's order (inicio, id); inicio as ISO text, which JSON keeps exact."""

    inicio: str
    id: int


class ConflitoDeEquipe(Conflito):
    """A person of the team is in another sessão at that time; `conflitos` lists each clash."""

    code = "conflito_de_equipe"

    def __init__(self, conflitos: list[dict]):
        super().__init__(conflitos[0]["mensagem"] + (f" (e mais {len(conflitos) - 1} conflito(s))"
                                                     if len(conflitos) > 1 else ""))
        self.conflitos = conflitos

    def corpo(self) -> dict:
        return {**super().corpo(), "conflitos": self.conflitos}


def faixa_dos_dias(de: date, ate: date) -> tuple[datetime, datetime]:
    """The studio's days de..ate (inclusive) as the instants [start of de, start of the day after ate)."""
    return datetime.combine(de, time(), _SP), datetime.combine(ate + timedelta(days=1), time(), _SP)


def _membro_do_filtro(membro: tuple[str, int] | None) -> dict:
    return {f"filtro_{campo}": valor for campo, valor in equipe.colunas(membro).items()}


_SELECT = """
    SELECT s.id, s.titulo, s.tipo, s.inicio, s.fim, s.antes_min, s.depois_min, s.local, s.evento_id,
           ev.nome AS evento, s.contrato_id, s.observacoes, s.uid, s.sequencia, s.criado_em, s.atualizado_em,
           coalesce((SELECT json_agg(json_build_object('usuario_id', q.usuario_id, 'fornecedor_id', q.fornecedor_id,
                                                       'funcionario_id', q.funcionario_id, 'papel', q.papel)
                                     ORDER BY q.id)
                       FROM operacional.equipe_sessao q
                      WHERE q.empresa_id = s.empresa_id AND q.sessao_id = s.id), '[]') AS equipe
      FROM operacional.sessoes s
      LEFT JOIN operacional.eventos ev ON ev.empresa_id = s.empresa_id AND ev.id = s.evento_id"""


def _com_nomes(cur, sessoes: list[dict]) -> list[dict]:
    """The sessões with each team member's "nome" (one lookup for all of them)."""
    todos = [m for s in sessoes for m in s["equipe"]]
    nomeados = iter(equipe.nomes(cur, todos))
    for sessao in sessoes:
        sessao["equipe"] = [next(nomeados) for _ in sessao["equipe"]]
        for campo in ("inicio", "fim"):
            sessao[campo] = sessao[campo].astimezone(_SP)
    return sessoes


def _instantes(de: date | datetime, ate: date | datetime) -> tuple[datetime, datetime]:
    """Days (the studio's, de..ate inclusive) or instants ([de, ate)) as the instants of the range."""
    if isinstance(de, datetime) and isinstance(ate, datetime):
        return de, ate
    return faixa_dos_dias(de, ate)


def listar(cur, de: date | datetime, ate: date | datetime, evento_id: int | None = None,
           membro: tuple[str, int] | None = None, tipo: str | None = None, apos: PosicaoSessao | None = None,
           limite: int = 501) -> list[dict]:
    """The empresa's sessões whose [inicio, fim) touches de..ate, by inicio: the studio's days
    de..ate (dates) or the instants [de, ate) (datetimes: the ICS feed's window).

    The calendar shows a sessão on the days it happens, not on those only its buffers reach. No
    sessão lasts more than DURACAO_MAXIMA, so those that touch begin after `inicio - DURACAO_MAXIMA`:
    a range scan of the btree (empresa_id, inicio, id) in the answer's order (migration 0005 says
    why not a GiST index on periodo). `membro` is ("usuario_id" | "fornecedor_id" | "funcionario_id", id)."""
    inicio, fim = _instantes(de, ate)
    cur.execute(
        _SELECT + """
         WHERE s.empresa_id = plataforma.empresa_atual()
           AND s.inicio > %(desde)s AND s.inicio < %(fim)s AND s.fim > %(inicio)s
           AND (%(evento_id)s::bigint IS NULL OR s.evento_id = %(evento_id)s)
           AND (%(tipo)s::text IS NULL OR s.tipo = %(tipo)s)
           AND (%(filtro_usuario_id)s::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM operacional.equipe_sessao q
                     WHERE q.empresa_id = s.empresa_id AND q.sessao_id = s.id AND q.usuario_id = %(filtro_usuario_id)s))
           AND (%(filtro_fornecedor_id)s::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM operacional.equipe_sessao q
                     WHERE q.empresa_id = s.empresa_id AND q.sessao_id = s.id
                       AND q.fornecedor_id = %(filtro_fornecedor_id)s))
           AND (%(filtro_funcionario_id)s::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM operacional.equipe_sessao q
                     WHERE q.empresa_id = s.empresa_id AND q.sessao_id = s.id
                       AND q.funcionario_id = %(filtro_funcionario_id)s))
           AND (%(apos_inicio)s::timestamptz IS NULL OR (s.inicio, s.id) > (%(apos_inicio)s, %(apos_id)s))
         ORDER BY s.inicio, s.id
         LIMIT %(limite)s""",
        {"inicio": inicio, "fim": fim, "desde": inicio - DURACAO_MAXIMA, "evento_id": evento_id, "tipo": tipo,
         **_membro_do_filtro(membro),
         "apos_inicio": apos and apos.inicio, "apos_id": apos and apos.id, "limite": limite},
    )
    return _com_nomes(cur, cur.fetchall())


def por_id(cur, sessao_id: int) -> dict | None:
    cur.execute(_SELECT + " WHERE s.id = %s", (sessao_id,))
    linha = cur.fetchone()
    return None if linha is None else _com_nomes(cur, [linha])[0]


def _bloquear(cur, sessao_id: int) -> dict:
    """The sessão's stored fields and team, locked until the write commits; 404 when not the empresa's."""
    cur.execute(f"SELECT {', '.join(CAMPOS)}, uid FROM operacional.sessoes WHERE id = %s FOR UPDATE", (sessao_id,))
    sessao = cur.fetchone()
    if sessao is None:
        raise NaoEncontrado("Sessão não encontrada")
    cur.execute("SELECT usuario_id, fornecedor_id, funcionario_id, papel FROM operacional.equipe_sessao "
                "WHERE sessao_id = %s ORDER BY id", (sessao_id,))
    sessao["equipe"] = cur.fetchall()
    return sessao


# ---------------------------------------------------------------- validation


def _validar(cur, sessao: dict, mudou: set[str]) -> None:
    """400 naming the field: fim not after inicio, an evento or contrato that is not the empresa's."""
    if sessao["fim"] <= sessao["inicio"]:
        raise Validacao("O término deve ser depois do início", {"fim": "Deve ser depois do início"})
    if sessao["fim"] - sessao["inicio"] > DURACAO_MAXIMA:
        raise Validacao("Uma sessão dura no máximo 14 dias; divida-a em várias",
                        {"fim": "No máximo 14 dias depois do início"})
    for campo, tabela, nome in (("evento_id", "eventos", "Evento"), ("contrato_id", "contratos", "Contrato")):
        if campo in mudou and sessao.get(campo) is not None:
            cur.execute(f"SELECT 1 FROM operacional.{tabela} WHERE id = %s", (sessao[campo],))
            if cur.fetchone() is None:
                raise Validacao(f"{nome} não encontrado", {campo: f"{nome} não encontrado nesta empresa"})


def _hora(instante: datetime) -> str:
    return instante.astimezone(_SP).strftime("%d/%m %H:%M")


def conflitos_de_equipe(cur, membros: list[dict], sessao: dict, exceto: int | None) -> list[dict]:
    """Each clash of a member with another sessão whose periodo overlaps this one's: {usuario_id,
    fornecedor_id, funcionario_id, nome, sessao_id, titulo, inicio, fim, mensagem}, by the other
    sessão's start.

    Each person is locked first (a transaction-scoped advisory lock per empresa and person, in one
    order): two sessões saved at once for the same person are checked one after the other, so
    neither misses the other."""
    if not membros:
        return []
    for campo, valor in sorted({equipe.pessoa(m) for m in membros}):
        cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('operacional.agenda:' || plataforma.empresa_atual()"
                    " || ':' || %s, 0))", (f"{campo}:{valor}",))
    cur.execute(
        """SELECT q.usuario_id, q.fornecedor_id, q.funcionario_id, s.id AS sessao_id, s.titulo, s.inicio, s.fim
             FROM operacional.equipe_sessao q
             JOIN operacional.sessoes s ON s.empresa_id = q.empresa_id AND s.id = q.sessao_id
            WHERE (q.usuario_id = ANY(%(usuario_id)s) OR q.fornecedor_id = ANY(%(fornecedor_id)s)
                   OR q.funcionario_id = ANY(%(funcionario_id)s))
              AND s.periodo && operacional.periodo_com_folgas(%(inicio)s, %(fim)s, %(antes_min)s, %(depois_min)s)
              AND s.id IS DISTINCT FROM %(exceto)s
            ORDER BY s.inicio, s.id, q.id""",
        {**{campo: [m[campo] for m in membros if m.get(campo) is not None] for campo in equipe.CAMPOS_DE_PESSOA},
         "exceto": exceto, **{campo: sessao[campo] for campo in _HORARIO}},
    )
    achados = equipe.nomes(cur, cur.fetchall())
    for conflito in achados:
        conflito["nome"] = conflito["nome"] or "Pessoa da equipe"
        conflito["mensagem"] = (f"{conflito['nome']} já está em «{conflito['titulo']}» "
                                f"({_hora(conflito['inicio'])}–{_hora(conflito['fim'])[-5:]}) nesse horário")
    return achados


# ---------------------------------------------------------------- writes


def _foto(sessao: dict) -> dict:
    """What the audit trail keeps of a sessão."""
    return {**{campo: sessao.get(campo) for campo in CAMPOS},
            "equipe": [{**equipe.colunas(equipe.pessoa(m)), "papel": m.get("papel")} for m in sessao.get("equipe", [])]}


def _gravar_equipe(cur, sessao_id: int, membros: list[dict]) -> None:
    cur.execute("DELETE FROM operacional.equipe_sessao WHERE sessao_id = %s", (sessao_id,))
    for membro in membros:
        cur.execute(
            """INSERT INTO operacional.equipe_sessao
                      (empresa_id, sessao_id, usuario_id, fornecedor_id, funcionario_id, papel)
               VALUES (plataforma.empresa_atual(), %(sessao_id)s, %(usuario_id)s, %(fornecedor_id)s,
                       %(funcionario_id)s, %(papel)s)""",
            {"sessao_id": sessao_id, **equipe.colunas(equipe.pessoa(membro)), "papel": membro.get("papel")})


def _avisos_ou_409(cur, sessao: dict, exceto: int | None, confirmar: bool) -> list[dict]:
    achados = conflitos_de_equipe(cur, sessao["equipe"], sessao, exceto)
    if achados and not confirmar:
        raise ConflitoDeEquipe(achados)
    return achados


def criar(tx: Transacao, dados: dict, confirmar_conflitos: bool = False) -> tuple[dict, list[dict]]:
    """Stores a new sessão ({titulo, inicio, fim, ...CAMPOS, equipe: [{usuario_id | fornecedor_id |
    funcionario_id, papel?}]}, a new UID unless `uid` is given); (the sessão as `por_id` reads it, the team
    conflicts accepted)."""
    sessao = {**{campo: None for campo in CAMPOS}, "tipo": "ensaio", "antes_min": 0, "depois_min": 0, "equipe": [],
              **{k: v for k, v in dados.items() if v is not None}}
    _validar(tx.cur, sessao, set(CAMPOS))
    equipe.validar_membros(tx.cur, sessao["equipe"])
    avisos = _avisos_ou_409(tx.cur, sessao, None, confirmar_conflitos)
    tx.cur.execute(
        f"""INSERT INTO operacional.sessoes (empresa_id, {', '.join(CAMPOS)}, uid)
            VALUES (plataforma.empresa_atual(), {', '.join(f'%({c})s' for c in CAMPOS)}, %(uid)s)
            RETURNING id""",
        {"uid": f"{uuid.uuid4()}@erp-web", **sessao})
    sessao_id = tx.cur.fetchone()["id"]
    _gravar_equipe(tx.cur, sessao_id, sessao["equipe"])
    tx.auditar("criar", "sessao", sessao_id, depois=_foto(sessao))
    tx.publicar(eventos.SESSAO_CRIADA, id=sessao_id)
    return por_id(tx.cur, sessao_id), avisos


def _atualizar(cur, sessao_id: int, depois: dict) -> None:
    """The UPDATE of a sessão's fields, SEQUENCE bumped. A move that double-books an item allocated
    to it (its reservas follow it, migration 0006) fails in PostgreSQL: a 409 naming the other sessão."""
    with alocacoes.sem_sobreposicao():
        cur.execute(
            f"""UPDATE operacional.sessoes SET {', '.join(f'{c} = %({c})s' for c in CAMPOS)},
                       sequencia = sequencia + 1, atualizado_em = now()
                 WHERE id = %(id)s""", {**depois, "id": sessao_id})


def alterar(tx: Transacao, sessao_id: int, mudancas: dict, confirmar_conflitos: bool = False
            ) -> tuple[dict, list[dict]]:
    """Applies `mudancas` (the fields sent; `equipe`, when sent, replaces the team). A change that
    changes nothing is neither stored, audited nor published. The UID never changes."""
    antes = _bloquear(tx.cur, sessao_id)
    depois = {**antes, **mudancas}
    if _foto(depois) == _foto(antes):
        return por_id(tx.cur, sessao_id), []
    _validar(tx.cur, depois, {c for c in CAMPOS if depois.get(c) != antes.get(c)})
    if "equipe" in mudancas:
        equipe.validar_membros(tx.cur, depois["equipe"])
    avisos = []
    if depois["equipe"] and (_foto(depois)["equipe"] != _foto(antes)["equipe"]
                             or any(depois[c] != antes[c] for c in _HORARIO)):
        avisos = _avisos_ou_409(tx.cur, depois, sessao_id, confirmar_conflitos)
    _atualizar(tx.cur, sessao_id, depois)
    if _foto(depois)["equipe"] != _foto(antes)["equipe"]:
        _gravar_equipe(tx.cur, sessao_id, depois["equipe"])
    tx.auditar("alterar", "sessao", sessao_id, antes=_foto(antes), depois=_foto(depois))
    tx.publicar(eventos.SESSAO_ALTERADA, id=sessao_id)
    return por_id(tx.cur, sessao_id), avisos


def excluir(tx: Transacao, sessao_id: int) -> None:
    """Removes a sessão with its team and its equipment reservas (both cascade)."""
    antes = _bloquear(tx.cur, sessao_id)
    tx.cur.execute("DELETE FROM operacional.sessoes WHERE id = %s", (sessao_id,))
    tx.auditar("excluir", "sessao", sessao_id, antes=_foto(antes))
    tx.publicar(eventos.SESSAO_EXCLUIDA, id=sessao_id)


# ---------------------------------------------------------------- ICS import


def importar(tx: Transacao, itens: list[dict]) -> dict:
    """Creates or updates sessões keyed by UID from `itens` ({uid, titulo, inicio, fim, local,
    observacoes}, as operacional/ics.py reads a file), in the caller's one transaction: all or
    nothing. An item equal to its sessão changes nothing, so importing a file again adds nothing.
    A new sessão is of tipo "outro"; an updated one keeps its tipo, buffers, evento and team.
    {"criadas", "atualizadas", "inalteradas", "avisos"} — avisos: the team conflicts a move made."""
    tx.cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('operacional.agenda.importar:' "
                   "|| plataforma.empresa_atual(), 0))")
    tx.cur.execute(f"SELECT id, uid, {', '.join(CAMPOS)} FROM operacional.sessoes WHERE uid = ANY(%s) FOR UPDATE",
                   ([item["uid"] for item in itens],))
    existentes = {linha["uid"]: linha for linha in tx.cur.fetchall()}
    criadas, atualizadas, inalteradas, avisos = [], [], 0, []
    for item in itens:
        atual = existentes.get(item["uid"])
        if atual is None:
            sessao = {**{c: None for c in CAMPOS}, "tipo": "outro", "antes_min": 0, "depois_min": 0, **item}
            tx.cur.execute(
                f"""INSERT INTO operacional.sessoes (empresa_id, {', '.join(CAMPOS)}, uid)
                    VALUES (plataforma.empresa_atual(), {', '.join(f'%({c})s' for c in CAMPOS)}, %(uid)s)
                    RETURNING id""", sessao)
            criadas.append(tx.cur.fetchone()["id"])
            tx.auditar("importar", "sessao", criadas[-1], depois={**_foto(sessao), "uid": item["uid"]})
            continue
        sessao_id = atual.pop("id")
        depois = {**atual, **{c: item[c] for c in ("titulo", "inicio", "fim", "local", "observacoes")}}
        if _foto(depois) == _foto(atual):
            inalteradas += 1
            continue
        tx.cur.execute("SELECT usuario_id, fornecedor_id, funcionario_id FROM operacional.equipe_sessao "
                       "WHERE sessao_id = %s", (sessao_id,))
        avisos += conflitos_de_equipe(tx.cur, tx.cur.fetchall(), depois, sessao_id)
        _atualizar(tx.cur, sessao_id, depois)
        atualizadas.append(sessao_id)
        tx.auditar("importar", "sessao", sessao_id, antes=_foto(atual), depois=_foto(depois))
    if criadas:
        tx.publicar(eventos.SESSAO_CRIADA, ids=criadas)
    if atualizadas:
        tx.publicar(eventos.SESSAO_ALTERADA, ids=atualizadas)
    return {"criadas": len(criadas), "atualizadas": len(atualizadas), "inalteradas": inalteradas, "avisos": avisos}
