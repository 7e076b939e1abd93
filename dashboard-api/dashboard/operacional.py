"""The studio's own work on the dashboard (issue 17): this week's sessões and the open eventos by
etapa — a read model over operacional's read contract (operacional.v_sessoes, operacional.v_eventos)
and cadastros.v_clientes for the clientes' names.

Apart from painel.py's money figures because it reads other domains: its cache entry is keyed by
the generations of DOMINIOS, so an operacional write refreshes it without touching the money
figures' entries, and the route leaves it out for a user without operacional:ler.

The week is the studio's calendar week (Monday to Sunday of `dia`, São Paulo's days: a week
begins at Monday 00:00 in São Paulo, plataforma.inicio_do_dia). A sessão belongs to it when its
time (inicio to fim, without the travel and setup buffers) touches the week.
"""
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from shared.config import FUSO

# The domains this part reads: its cache key and the stream's id carry their generations.
DOMINIOS = ("operacional", "cadastros")
# What the live stream refreshes on an operacional event (the keys of /api/dashboard it fills).
PARTES = ("semana", "eventos_por_etapa")
# The etapas of an evento still in the studio's hands, in the order of its life; concluido,
# perdido and cancelado are closed and counted nowhere.
ETAPAS_ABERTAS = ("lead", "orcamento", "contratado", "em_producao", "entregue")
PROXIMOS = 5
# A week of a busy studio is tens of sessões; past this the widget says how many there are in all.
SESSOES_NO_MAXIMO = 100


def inicio_da_semana(dia: date) -> date:
    return dia - timedelta(days=dia.weekday())


def semana(cur, dia: date) -> dict:
    """{de, ate, quantidade, sessoes}: the sessões touching `dia`'s week, by inicio, each with the
    studio day it is listed under (its first day in the week) and its evento's name."""
    de = inicio_da_semana(dia)
    ate = de + timedelta(days=6)
    # `periodo && ...` is the condition the GiST index on periodo answers; periodo holds inicio to
    # fim and the buffers around them, so the second condition drops what only a buffer touches.
    onde = """s.empresa_id = plataforma.empresa_atual()
              AND s.periodo && tstzrange(plataforma.inicio_do_dia(%(de)s), plataforma.inicio_do_dia(%(depois)s))
              AND s.inicio < plataforma.inicio_do_dia(%(depois)s) AND s.fim > plataforma.inicio_do_dia(%(de)s)"""
    parametros = {"de": de, "depois": ate + timedelta(days=1), "maximo": SESSOES_NO_MAXIMO}
    cur.execute(f"SELECT count(*) AS quantidade FROM operacional.v_sessoes s WHERE {onde}", parametros)
    quantidade = cur.fetchone()["quantidade"]
    cur.execute(
        f"""SELECT s.id, s.titulo, s.tipo, s.inicio, s.fim, s.local, s.evento_id, e.nome AS evento
              FROM operacional.v_sessoes s
              LEFT JOIN operacional.v_eventos e ON e.empresa_id = s.empresa_id AND e.id = s.evento_id
             WHERE {onde}
             ORDER BY s.inicio, s.id
             LIMIT %(maximo)s""",
        parametros,
    )
    fuso = ZoneInfo(FUSO)
    sessoes = []
    for sessao in cur.fetchall():
        inicio, fim = sessao["inicio"].astimezone(fuso), sessao["fim"].astimezone(fuso)
        sessoes.append({**sessao, "inicio": inicio, "fim": fim, "dia": max(inicio.date(), de)})
    return {"de": de, "ate": ate, "quantidade": int(quantidade), "sessoes": sessoes}


def eventos_por_etapa(cur, dia: date) -> dict:
    """{etapas: [{etapa, quantidade}] (every open etapa, in order, zero included), total, proximos}:
    the open eventos counted by etapa, and the PROXIMOS next ones — open, not over by `dia` (their
    data_fim, or data_inicio for a one-day evento, is `dia` or later) — by data_inicio."""
    cur.execute(
        """SELECT etapa, count(*) AS quantidade FROM operacional.v_eventos
            WHERE empresa_id = plataforma.empresa_atual() AND etapa = ANY(%s)
            GROUP BY etapa""",
        (list(ETAPAS_ABERTAS),),
    )
    contagem = {linha["etapa"]: int(linha["quantidade"]) for linha in cur.fetchall()}
    cur.execute(
        """SELECT e.id, e.nome, e.tipo, e.etapa, e.data_inicio, e.data_fim, e.local, e.cliente_id,
                  c.nome AS cliente
             FROM operacional.v_eventos e
             LEFT JOIN cadastros.v_clientes c ON c.empresa_id = e.empresa_id AND c.id = e.cliente_id
            WHERE e.empresa_id = plataforma.empresa_atual() AND e.etapa = ANY(%(etapas)s)
              AND coalesce(e.data_fim, e.data_inicio) >= %(dia)s
            ORDER BY e.data_inicio, e.id
            LIMIT %(quantos)s""",
        {"etapas": list(ETAPAS_ABERTAS), "dia": dia, "quantos": PROXIMOS},
    )
    return {
        "etapas": [{"etapa": etapa, "quantidade": contagem.get(etapa, 0)} for etapa in ETAPAS_ABERTAS],
        "total": sum(contagem.values()),
        "proximos": cur.fetchall(),
    }


def montar(cur, dia: date) -> dict:
    """The dashboard's operacional part for `dia`: the keys PARTES."""
    return {"semana": semana(cur, dia), "eventos_por_etapa": eventos_por_etapa(cur, dia)}
