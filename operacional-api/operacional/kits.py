"""Kits: named sets of items ("Casamento completo": two bodies, three lenses, flashes), allocated to a
sessão all at once (alocacoes.alocar_kit). An item may be in several kits; a kit holds each item once.
"""
from shared import catalogo_eventos as eventos
from shared.api import Posicao, Texto
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

CAMPOS = ("nome", "descricao")


class PosicaoKit(Posicao):
    nome: Texto
    id: int


def _com_itens(cur, kits: list[dict]) -> list[dict]:
    """Each kit with its items ({id, nome, categoria, estado}) by name."""
    cur.execute(
        """SELECT ki.kit_id, e.id, e.nome, e.categoria, e.estado
             FROM operacional.kit_itens ki
             JOIN operacional.equipamentos e ON e.empresa_id = ki.empresa_id AND e.id = ki.equipamento_id
            WHERE ki.kit_id = ANY(%s) ORDER BY e.nome, e.id""", ([k["id"] for k in kits],))
    por_kit: dict[int, list] = {k["id"]: [] for k in kits}
    for linha in cur.fetchall():
        por_kit[linha.pop("kit_id")].append(linha)
    return [{**k, "itens": por_kit[k["id"]], "equipamento_ids": [i["id"] for i in por_kit[k["id"]]]} for k in kits]


def listar(cur, apos: PosicaoKit | None, limite: int) -> list[dict]:
    """The empresa's kits by nome, after `apos`, each with its items."""
    cur.execute(
        """SELECT id, nome, descricao, criado_em, atualizado_em FROM operacional.kits
            WHERE (%(apos_nome)s::text IS NULL OR (nome, id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY nome, id LIMIT %(limite)s""",
        {"apos_nome": apos and apos.nome, "apos_id": apos and apos.id, "limite": limite})
    return _com_itens(cur, cur.fetchall())


def por_id(cur, kit_id: int) -> dict | None:
    cur.execute("SELECT id, nome, descricao, criado_em, atualizado_em FROM operacional.kits WHERE id = %s",
                (kit_id,))
    kit = cur.fetchone()
    return None if kit is None else _com_itens(cur, [kit])[0]


def _bloquear(cur, kit_id: int) -> dict:
    cur.execute("SELECT nome, descricao FROM operacional.kits WHERE id = %s FOR UPDATE", (kit_id,))
    kit = cur.fetchone()
    if kit is None:
        raise NaoEncontrado("Kit não encontrado")
    cur.execute("SELECT equipamento_id FROM operacional.kit_itens WHERE kit_id = %s ORDER BY equipamento_id",
                (kit_id,))
    return {**kit, "equipamento_ids": [linha["equipamento_id"] for linha in cur.fetchall()]}


def _validar_itens(cur, ids: list[int]) -> list[int]:
    """The ids, each once, in order; 400 naming `equipamento_ids` for any that is not the empresa's."""
    unicos = sorted(set(ids))
    cur.execute("SELECT id FROM operacional.equipamentos WHERE id = ANY(%s)", (unicos,))
    achados = {linha["id"] for linha in cur.fetchall()}
    faltam = [i for i in unicos if i not in achados]
    if faltam:
        raise Validacao("Verifique os equipamentos do kit", {
            "equipamento_ids": f"Equipamento(s) não encontrado(s): {', '.join(map(str, faltam))}"})
    return unicos


def _nome_unico(kit: dict):
    return violacoes_viram_erros(unicas={"kits_nome_unico": Conflito(
        "Já existe um kit com este nome", {"nome": f"Já existe um kit chamado {kit['nome']}"})})


def _gravar_itens(cur, kit_id: int, ids: list[int]) -> None:
    cur.execute("DELETE FROM operacional.kit_itens WHERE kit_id = %s", (kit_id,))
    cur.execute("""INSERT INTO operacional.kit_itens (empresa_id, kit_id, equipamento_id)
                   SELECT plataforma.empresa_atual(), %s, unnest(%s::bigint[])""", (kit_id, ids))


def criar(tx: Transacao, dados: dict) -> dict:
    kit = {"descricao": None, **dados, "equipamento_ids": _validar_itens(tx.cur, dados["equipamento_ids"])}
    with _nome_unico(kit):
        tx.cur.execute("""INSERT INTO operacional.kits (empresa_id, nome, descricao)
                          VALUES (plataforma.empresa_atual(), %(nome)s, %(descricao)s) RETURNING id""", kit)
    kit_id = tx.cur.fetchone()["id"]
    _gravar_itens(tx.cur, kit_id, kit["equipamento_ids"])
    tx.auditar("criar", "kit", kit_id, depois=kit)
    tx.publicar(eventos.KIT_ALTERADO, id=kit_id, acao="criado")
    return por_id(tx.cur, kit_id)


def alterar(tx: Transacao, kit_id: int, mudancas: dict) -> dict:
    """The fields sent change (equipamento_ids replaces the kit's items); sessões the kit was already
    allocated to keep the items they got."""
    antes = _bloquear(tx.cur, kit_id)
    if "equipamento_ids" in mudancas:
        mudancas = {**mudancas, "equipamento_ids": _validar_itens(tx.cur, mudancas["equipamento_ids"])}
    depois = {**antes, **mudancas}
    if depois != antes:
        with _nome_unico(depois):
            tx.cur.execute("""UPDATE operacional.kits SET nome = %(nome)s, descricao = %(descricao)s,
                                     atualizado_em = now() WHERE id = %(id)s""", {**depois, "id": kit_id})
        if depois["equipamento_ids"] != antes["equipamento_ids"]:
            _gravar_itens(tx.cur, kit_id, depois["equipamento_ids"])
        tx.auditar("alterar", "kit", kit_id, antes=antes, depois=depois)
        tx.publicar(eventos.KIT_ALTERADO, id=kit_id, acao="alterado")
    return por_id(tx.cur, kit_id)


def excluir(tx: Transacao, kit_id: int) -> None:
    """Removes the kit; what it allocated stays allocated (only the note of which kit brought it goes)."""
    antes = _bloquear(tx.cur, kit_id)
    tx.cur.execute("DELETE FROM operacional.kits WHERE id = %s", (kit_id,))
    tx.auditar("excluir", "kit", kit_id, antes=antes)
    tx.publicar(eventos.KIT_ALTERADO, id=kit_id, acao="excluido")
