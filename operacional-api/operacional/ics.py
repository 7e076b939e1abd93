"""iCalendar (RFC 5545) in and out of the agenda, through the `icalendar` library, never by hand.

Out: the feed a calendar app subscribes to — each sessão a VEVENT whose UID is the sessão's own
(kept across edits), SEQUENCE its edit counter, times in UTC. In: a .ics file's VEVENTs as the
items `agenda.importar` keys by UID, with the reason for each one left out.
"""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from shared.api import ANO_MAXIMO, ANO_MINIMO
from shared.config import FUSO
from shared.errors import Validacao

from operacional.agenda import DURACAO_MAXIMA

PRODID = "-//ERP Web//Agenda//PT-BR"
TIPOS = {"ensaio": "Ensaio", "cerimonia": "Cerimônia", "festa": "Festa", "reuniao": "Reunião",
         "entrega": "Entrega", "outro": "Outro"}
# How many VEVENTs one import may carry: a studio's years of agenda, far from a request's limits.
MAXIMO_DE_EVENTOS = 5000

_SP = ZoneInfo(FUSO)


# ---------------------------------------------------------------- the feed


def _descricao(sessao: dict) -> str:
    partes = []
    if sessao.get("evento"):
        partes.append(f"Evento: {sessao['evento']}")
    if sessao["equipe"]:
        pessoas = [m["nome"] or "?" for m in sessao["equipe"]]
        partes.append("Equipe: " + ", ".join(f"{p} ({m['papel']})" if m.get("papel") else p
                                             for p, m in zip(pessoas, sessao["equipe"])))
    if sessao.get("observacoes"):
        partes.append(sessao["observacoes"])
    return "\n\n".join(partes)


def calendario(sessoes: list[dict], nome: str) -> bytes:
    """The sessões (as `agenda.listar` gives them) as one VCALENDAR named `nome`.

    The same sessões give the same bytes (DTSTAMP is the sessão's last change, which RFC 5545
    allows for a calendar without METHOD), so the feed's ETag changes only when the agenda does."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", nome)
    cal.add("x-wr-timezone", FUSO)
    # How often a subscriber should ask again (Apple, Outlook read these; Google has its own pace).
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for sessao in sessoes:
        evento = Event()
        evento.add("uid", sessao["uid"])
        evento.add("summary", sessao["titulo"])
        evento.add("dtstart", sessao["inicio"].astimezone(timezone.utc))
        evento.add("dtend", sessao["fim"].astimezone(timezone.utc))
        evento.add("dtstamp", sessao["atualizado_em"].astimezone(timezone.utc))
        evento.add("created", sessao["criado_em"].astimezone(timezone.utc))
        evento.add("last-modified", sessao["atualizado_em"].astimezone(timezone.utc))
        evento.add("sequence", sessao["sequencia"])
        evento.add("categories", [TIPOS[sessao["tipo"]]])
        if sessao.get("local"):
            evento.add("location", sessao["local"])
        descricao = _descricao(sessao)
        if descricao:
            evento.add("description", descricao)
        cal.add_component(evento)
    return cal.to_ical()


# ---------------------------------------------------------------- import


class _Ignorado(Exception):
    """A VEVENT left out of the import, with the reason the answer gives."""


def _instante(valor) -> datetime:
    """A DTSTART/DTEND value as an instant: a floating time (no zone) is São Paulo's."""
    if valor.tzinfo is None:
        valor = valor.replace(tzinfo=_SP)
    return valor


def _inicio_do_dia(dia: date) -> datetime:
    return datetime.combine(dia, time(), _SP)


def _horario(vevento) -> tuple[datetime, datetime]:
    """(inicio, fim) of a VEVENT. An all-day event (DATE values) runs from 00:00 of its first day to
    00:00 after its last in São Paulo (DTEND of a DATE is exclusive; absent, one day)."""
    if vevento.get("dtstart") is None:
        raise _Ignorado("Sem início (DTSTART)")
    comeco = vevento.decoded("dtstart")
    termino = vevento.decoded("dtend") if vevento.get("dtend") is not None else None
    duracao = vevento.decoded("duration") if vevento.get("duration") is not None else None
    if not isinstance(comeco, datetime):
        inicio = _inicio_do_dia(comeco)
        if isinstance(termino, date) and not isinstance(termino, datetime):
            fim = _inicio_do_dia(termino)
        else:
            fim = inicio + (duracao or timedelta(days=1))
    else:
        inicio = _instante(comeco)
        if isinstance(termino, datetime):
            fim = _instante(termino)
        elif duracao is not None:
            fim = inicio + duracao
        else:
            raise _Ignorado("Sem término (DTEND ou DURATION)")
    if fim <= inicio:
        raise _Ignorado("O término não é depois do início")
    if fim - inicio > DURACAO_MAXIMA:
        raise _Ignorado("Dura mais de 14 dias, o máximo de uma sessão")
    if not (ANO_MINIMO <= inicio.year and fim.year <= ANO_MAXIMO):
        raise _Ignorado(f"Data fora do intervalo aceito (anos de {ANO_MINIMO} a {ANO_MAXIMO})")
    return inicio, fim


def _texto(vevento, campo: str, limite: int) -> str | None:
    valor = vevento.get(campo)
    texto = "" if valor is None else str(valor).replace("\x00", "").strip()
    return texto[:limite] or None


def _item(vevento) -> dict:
    """A VEVENT as a sessão's fields, or _Ignorado with the reason."""
    if vevento.get("rrule") is not None or vevento.get("rdate") is not None:
        # Expanding a series would turn one UID into many sessões with keys of our own making; the
        # studio's sessões are single dates. README "Calendário (ICS)".
        raise _Ignorado("Evento recorrente (RRULE/RDATE): não importado; exporte as ocorrências como eventos avulsos")
    if vevento.get("recurrence-id") is not None:
        raise _Ignorado("Ocorrência alterada de um evento recorrente: não importada")
    if str(vevento.get("status", "")).upper() == "CANCELLED":
        raise _Ignorado("Evento cancelado")
    try:
        inicio, fim = _horario(vevento)
    except (ValueError, TypeError, OverflowError):
        raise _Ignorado("Data ou hora inválida") from None
    return {"titulo": _texto(vevento, "summary", 120) or "Sem título", "inicio": inicio, "fim": fim,
            "local": _texto(vevento, "location", 200), "observacoes": _texto(vevento, "description", 2000)}


def ler(conteudo: bytes) -> tuple[list[dict], list[dict]]:
    """The VEVENTs of an .ics file as (items {uid, titulo, inicio, fim, local, observacoes}, left
    out [{uid, motivo}]); 400 for what is not an iCalendar file."""
    try:
        cal = Calendar.from_ical(conteudo)
    except (ValueError, IndexError, KeyError, TypeError):
        raise Validacao("O arquivo não é um calendário iCalendar (.ics) válido",
                        {"arquivo": "Arquivo .ics inválido"}) from None
    if getattr(cal, "name", None) != "VCALENDAR":
        raise Validacao("O arquivo não é um calendário iCalendar (.ics) válido",
                        {"arquivo": "Falta BEGIN:VCALENDAR"})
    vevents = cal.walk("VEVENT")
    if len(vevents) > MAXIMO_DE_EVENTOS:
        raise Validacao(f"O arquivo tem {len(vevents)} eventos; importe no máximo {MAXIMO_DE_EVENTOS} por vez",
                        {"arquivo": "Eventos demais"})
    itens, ignoradas, vistos = [], [], set()
    for vevento in vevents:
        uid = _texto(vevento, "uid", 10_000)
        try:
            if uid is None:
                raise _Ignorado("Evento sem UID")
            if len(uid) > 255:
                raise _Ignorado("UID longo demais (máximo 255 caracteres)")
            item = _item(vevento)
            if uid in vistos:
                raise _Ignorado("UID repetido no arquivo: vale o primeiro")
            vistos.add(uid)
            itens.append({"uid": uid, **item})
        except _Ignorado as motivo:
            ignoradas.append({"uid": uid, "motivo": str(motivo)})
    return itens, ignoradas
