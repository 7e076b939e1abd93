"""Alocações: items taken by a sessão for its periodo (one item, or every item of a kit), and the
maintenance windows that take an item out of use. Both are rows of operacional.reservas_equipamento,
whose exclusion constraint is what makes a double booking impossible — two requests racing for one
item can never both commit. The code here only asks PostgreSQL and turns its refusal into the 409.

Every reserva goes through the SQL function `operacional.reservar` (migration 0006), and a sessão's
move through the trigger that makes its reservas follow it: both raise an exclusion violation whose
DETAIL lists the conflicts as JSON, which `conflito` turns into the pt-BR answer. The agenda's PUT
uses the same: `with alocacoes.sem_sobreposicao(): <UPDATE operacional.sessoes ...>`.
"""
import json
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg2.errors
from psycopg2.extras import DateTimeTZRange

from shared import catalogo_eventos as eventos
from shared.config import FUSO
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

RESTRICAO = "reservas_equipamento_sem_sobreposicao"
# The longest a sessão's reserva lasts (CHECK reservas_equipamento_duracao, migration 0006).
DURACAO_MAXIMA = timedelta(days=16)


class ConflitoDeReserva(Conflito):
    """The 409 of a double booking: the message names the first conflict (item and sessão, or the
    maintenance); `conflitos` lists them all."""

    def __init__(self, mensagem: str, conflitos: list[dict]):
        super().__init__(mensagem)
        self.conflitos = conflitos

    def corpo(self) -> dict:
        return {**super().corpo(), "conflitos": self.conflitos}


def _quando(texto: str) -> str:
    return datetime.fromisoformat(texto).astimezone(ZoneInfo(FUSO)).strftime("%d/%m/%Y %H:%M")


def _descrever(conflito: dict) -> str:
    if conflito["sessao_id"] is None:
        return (f"O equipamento {conflito['equipamento']} está em manutenção de {_quando(conflito['inicio'])} "
                f"a {_quando(conflito['fim'])} ({conflito['motivo']})")
    return (f"O equipamento {conflito['equipamento']} já está alocado à sessão \"{conflito['sessao']}\" "
            f"(#{conflito['sessao_id']}, de {_quando(conflito['inicio'])} a {_quando(conflito['fim'])}), "
            "cujo horário se sobrepõe")


def conflito(erro: psycopg2.errors.ExclusionViolation) -> Conflito:
    """The 409 for a double booking PostgreSQL refused. No cursor is needed (nor usable: the
    transaction is aborted by then): `operacional.reservar` and the sessões' trigger put the
    conflicts in the error's DETAIL as JSON."""
    try:
        conflitos = json.loads(erro.diag.message_detail or "")
    except ValueError:
        conflitos = None
    if not isinstance(conflitos, list):
        # A statement that wrote reservas without going through the function or the trigger.
        return ConflitoDeReserva("Um dos equipamentos já está reservado nesse horário", [])
    if not conflitos:
        # The reserva it collided with is this same sessão's, stored by a simultaneous request.
        return ConflitoDeReserva("Este equipamento acabou de ser alocado a esta sessão por outra operação; "
                                 "atualize a página", [])
    primeiro = _descrever(conflitos[0])
    outros = f" (e mais {len(conflitos) - 1} conflito(s))" if len(conflitos) > 1 else ""
    return ConflitoDeReserva(primeiro + outros, [{**c, "mensagem": _descrever(c)} for c in conflitos])


@contextmanager
def sem_sobreposicao():
    """Around a statement that may double-book an item (a reserva, a sessão's move): the
    exclusion violation becomes the 409 that names the conflicting sessão."""
    try:
        yield
    except psycopg2.errors.ExclusionViolation as erro:
        if erro.diag.constraint_name != RESTRICAO:
            raise
        raise conflito(erro) from None


def _sessao(cur, sessao_id: int) -> dict:
    """The sessão's periodo, share-locked until the commit: a move of it (the agenda's PUT) waits for
    this allocation, so the trigger that carries its reservas along sees the new ones."""
    cur.execute("SELECT id, titulo, periodo FROM operacional.sessoes WHERE id = %s FOR SHARE", (sessao_id,))
    sessao = cur.fetchone()
    if sessao is None:
        raise NaoEncontrado("Sessão não encontrada")
    return sessao


def _itens(cur, ids: list[int]) -> list[dict]:
    """The items, share-locked (a change of estado to baixado waits for this allocation)."""
    cur.execute("""SELECT id, nome, estado FROM operacional.equipamentos WHERE id = ANY(%s)
                   ORDER BY id FOR SHARE""", (ids,))
    return cur.fetchall()


def _recusar_baixados(itens: list[dict]) -> None:
    baixados = [i["nome"] for i in itens if i["estado"] == "baixado"]
    if baixados:
        raise Conflito(f"Equipamento baixado não pode ser alocado: {', '.join(baixados)}")


_COLUNAS = """r.id, r.equipamento_id, e.nome AS equipamento, e.categoria, r.sessao_id, r.kit_id, k.nome AS kit,
              r.inicio, r.fim, r.criado_em"""
_DE = """FROM operacional.reservas_equipamento r
         JOIN operacional.equipamentos e ON e.empresa_id = r.empresa_id AND e.id = r.equipamento_id
         LEFT JOIN operacional.kits k ON k.empresa_id = r.empresa_id AND k.id = r.kit_id"""


def da_sessao(cur, sessao_id: int) -> list[dict]:
    """The sessão's alocações, by item name; 404 when the sessão is not the empresa's."""
    cur.execute("SELECT 1 FROM operacional.sessoes WHERE id = %s", (sessao_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Sessão não encontrada")
    cur.execute(f"SELECT {_COLUNAS} {_DE} WHERE r.sessao_id = %s ORDER BY e.nome, r.id", (sessao_id,))
    return cur.fetchall()


def _por_ids(cur, ids: list[int]) -> list[dict]:
    cur.execute(f"SELECT {_COLUNAS} {_DE} WHERE r.id = ANY(%s) ORDER BY e.nome, r.id", (ids,))
    return cur.fetchall()


def _alocar(tx: Transacao, equipamento_ids: list[int], sessao_id: int, kit_id: int | None) -> dict:
    sessao = _sessao(tx.cur, sessao_id)
    itens = _itens(tx.cur, equipamento_ids)
    if len(itens) != len(set(equipamento_ids)):
        raise NaoEncontrado("Equipamento não encontrado")
    _recusar_baixados(itens)
    # An item this sessão already has stays as it is: allocating a kit over a sessão that has some
    # of its items (alone or through another kit) adds the rest.
    tx.cur.execute("""SELECT equipamento_id FROM operacional.reservas_equipamento
                      WHERE sessao_id = %s AND equipamento_id = ANY(%s)""", (sessao_id, equipamento_ids))
    ja = sorted(linha["equipamento_id"] for linha in tx.cur.fetchall())
    novos = [i["id"] for i in itens if i["id"] not in ja]
    ids = []
    if novos:
        with sem_sobreposicao():
            tx.cur.execute("SELECT operacional.reservar(%s, %s, %s, NULL, %s, %s) AS id",
                           (novos, sessao_id, kit_id, sessao["periodo"], tx.contexto.usuario_id))
            ids = [linha["id"] for linha in tx.cur.fetchall()]
        tx.auditar("alocar", "sessao_equipamentos", sessao_id, rotulo=sessao["titulo"],
                   depois={"equipamento_ids": novos, "kit_id": kit_id, "reserva_ids": ids})
        tx.publicar(eventos.ALOCACAO_ALTERADA, ids=ids, sessao_id=sessao_id, kit_id=kit_id, acao="alocada")
    return {"sessao_id": sessao_id, "kit_id": kit_id, "alocacoes": _por_ids(tx.cur, ids), "ja_alocados": ja}


def alocar_equipamento(tx: Transacao, equipamento_id: int, sessao_id: int) -> dict:
    """Allocates one item to the sessão for its periodo; 404 for an item or sessão that is not the
    empresa's, 409 for a baixado item or one taken in that time."""
    return _alocar(tx, [equipamento_id], sessao_id, None)


def alocar_kit(tx: Transacao, kit_id: int, sessao_id: int) -> dict:
    """Allocates every item of the kit to the sessão, all or none, in this one transaction."""
    tx.cur.execute("SELECT id FROM operacional.kits WHERE id = %s FOR SHARE", (kit_id,))
    if tx.cur.fetchone() is None:
        raise NaoEncontrado("Kit não encontrado")
    tx.cur.execute("SELECT equipamento_id FROM operacional.kit_itens WHERE kit_id = %s", (kit_id,))
    itens = [linha["equipamento_id"] for linha in tx.cur.fetchall()]
    if not itens:
        raise Validacao("O kit não tem equipamentos", {"kit_id": "Inclua equipamentos no kit antes de alocá-lo"})
    return _alocar(tx, itens, sessao_id, kit_id)


def desalocar(tx: Transacao, reserva_id: int) -> None:
    """Frees one item from its sessão (a maintenance window is removed through its item)."""
    tx.cur.execute(f"SELECT {_COLUNAS} {_DE} WHERE r.id = %s AND r.sessao_id IS NOT NULL FOR UPDATE OF r",
                   (reserva_id,))
    antes = tx.cur.fetchone()
    if antes is None:
        raise NaoEncontrado("Alocação não encontrada")
    tx.cur.execute("DELETE FROM operacional.reservas_equipamento WHERE id = %s", (reserva_id,))
    tx.auditar("desalocar", "reserva_equipamento", reserva_id, antes=antes)
    tx.publicar(eventos.ALOCACAO_ALTERADA, ids=[reserva_id], sessao_id=antes["sessao_id"], kit_id=antes["kit_id"],
                acao="desalocada")


# ---------------------------------------------------------------- maintenance windows


def manutencoes(cur, equipamento_id: int) -> list[dict]:
    cur.execute("""SELECT id, inicio, fim, motivo, criado_em FROM operacional.reservas_equipamento
                   WHERE equipamento_id = %s AND sessao_id IS NULL ORDER BY inicio DESC, id""",
                (equipamento_id,))
    return cur.fetchall()


def agendar_manutencao(tx: Transacao, equipamento_id: int, inicio: datetime, fim: datetime, motivo: str) -> dict:
    """Takes the item out of use from inicio to fim; 409 naming the sessão it is allocated to then."""
    if not _itens(tx.cur, [equipamento_id]):
        raise NaoEncontrado("Equipamento não encontrado")
    with sem_sobreposicao():
        tx.cur.execute("SELECT operacional.reservar(%s, NULL, NULL, %s, %s, %s) AS id",
                       ([equipamento_id], motivo, DateTimeTZRange(inicio, fim, "[)"), tx.contexto.usuario_id))
        reserva_id = tx.cur.fetchone()["id"]
    criada = next(m for m in manutencoes(tx.cur, equipamento_id) if m["id"] == reserva_id)
    tx.auditar("agendar_manutencao", "equipamento", equipamento_id, depois=criada)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="manutencao")
    return criada


def cancelar_manutencao(tx: Transacao, equipamento_id: int, manutencao_id: int) -> None:
    tx.cur.execute("""DELETE FROM operacional.reservas_equipamento
                      WHERE id = %s AND equipamento_id = %s AND sessao_id IS NULL
                      RETURNING id, inicio, fim, motivo""",
                   (manutencao_id, equipamento_id))
    antes = tx.cur.fetchone()
    if antes is None:
        raise NaoEncontrado("Manutenção não encontrada")
    tx.auditar("cancelar_manutencao", "equipamento", equipamento_id, antes=antes)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="manutencao")


# ---------------------------------------------------------------- availability


def janela(inicio: datetime, fim: datetime) -> DateTimeTZRange:
    if fim <= inicio:
        raise Validacao("O fim deve ser depois do início", {"fim": "Deve ser depois do início"})
    return DateTimeTZRange(inicio, fim, "[)")


def disponiveis(cur, inicio: datetime, fim: datetime, categoria: str | None, apos, limite: int) -> list[dict]:
    """The items that can be allocated for the whole window — not baixado, no reserva overlapping
    it — by nome, after `apos` (a PosicaoEquipamento). A sessão's reserva lasts at most 16 days
    (migration 0006), so those touching the window start after `inicio - 16 days`: a btree range
    scan, which row-level security allows where a range operator would not."""
    cur.execute(
        """SELECT e.id, e.nome, e.categoria, e.marca, e.modelo, e.numero_serie, e.estado
             FROM operacional.equipamentos e
            WHERE e.estado <> 'baixado'
              AND (%(categoria)s::text IS NULL OR e.categoria = %(categoria)s)
              AND (%(apos_nome)s::text IS NULL OR (e.nome, e.id) > (%(apos_nome)s, %(apos_id)s))
              AND e.id NOT IN (
                  SELECT r.equipamento_id FROM operacional.reservas_equipamento r
                   WHERE r.sessao_id IS NOT NULL AND r.inicio > %(desde)s AND r.inicio < %(fim)s
                     AND r.fim > %(inicio)s
                  UNION ALL
                  SELECT r.equipamento_id FROM operacional.reservas_equipamento r
                   WHERE r.sessao_id IS NULL AND r.inicio < %(fim)s AND r.fim > %(inicio)s)
            ORDER BY e.nome, e.id
            LIMIT %(limite)s""",
        {"categoria": categoria, "inicio": janela(inicio, fim).lower, "fim": fim, "desde": inicio - DURACAO_MAXIMA,
         "apos_nome": apos and apos.nome, "apos_id": apos and apos.id, "limite": limite})
    return cur.fetchall()


def bloqueios(cur, equipamento_ids: list[int], inicio: datetime, fim: datetime) -> dict[int, list[dict]]:
    """{item id: [what takes it in the window: sessão or maintenance]}, by start time."""
    cur.execute("SELECT operacional.conflitos_de_reserva(%s, %s, NULL) AS lista",
                (equipamento_ids, janela(inicio, fim)))
    por_item: dict[int, list[dict]] = {i: [] for i in equipamento_ids}
    for item in cur.fetchone()["lista"]:
        por_item[item["equipamento_id"]].append(
            {"sessao_id": item["sessao_id"], "sessao": item["sessao"], "motivo": item["motivo"],
             "inicio": item["inicio"], "fim": item["fim"]})
    return por_item


def agenda_do_item(cur, equipamento_id: int, inicio: datetime, fim: datetime) -> list[dict]:
    """What takes the item in the window (sessões and maintenance), by start time."""
    cur.execute(
        """SELECT r.id, r.sessao_id, s.titulo AS sessao, r.kit_id, k.nome AS kit, r.motivo, r.manutencao,
                  r.inicio, r.fim
             FROM operacional.reservas_equipamento r
             LEFT JOIN operacional.sessoes s ON s.empresa_id = r.empresa_id AND s.id = r.sessao_id
             LEFT JOIN operacional.kits k ON k.empresa_id = r.empresa_id AND k.id = r.kit_id
            WHERE r.equipamento_id = %s AND r.inicio < %s AND r.fim > %s
            ORDER BY r.inicio, r.id""",
        (equipamento_id, fim, janela(inicio, fim).lower))
    return cur.fetchall()
