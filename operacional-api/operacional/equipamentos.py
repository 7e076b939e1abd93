"""Equipamentos: the studio's gear — each item with its categoria, serial, value and estado — and
who has it now (check-out / check-in, operacional.movimentos_equipamento).

estado is what the staff say of the item: disponivel, em_manutencao (out of use until someone puts
it back), baixado (gone for good: never allocated again, kept for its history). A maintenance
window in the agenda (alocacoes.py) is shown as `em_manutencao_agora` while it lasts; a check-in
with condicao avariado sets em_manutencao, extraviado sets baixado.
"""
import psycopg2.errors

from shared import catalogo_eventos as eventos
from shared.api import Posicao, Texto
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

from operacional import equipe

CATEGORIAS = ("camera", "lente", "flash", "drone", "iluminacao", "audio", "suporte", "outro")
ESTADOS = ("disponivel", "em_manutencao", "baixado")
CONDICOES = ("ok", "avariado", "incompleto", "extraviado")

# What an item stores and the audit trail keeps.
CAMPOS = ("nome", "categoria", "marca", "modelo", "numero_serie", "valor", "data_aquisicao", "estado", "observacoes")

# Each item as the API shows it: its fields, whether a maintenance window covers now, and the open
# check-out (who has it, since when) if any.
_SELECT = f"""
    SELECT e.id, {', '.join('e.' + c for c in CAMPOS)}, e.criado_em, e.atualizado_em,
           EXISTS (SELECT 1 FROM operacional.reservas_equipamento r
                    WHERE r.empresa_id = e.empresa_id AND r.equipamento_id = e.id AND r.sessao_id IS NULL
                      AND r.inicio <= now() AND r.fim > now()) AS em_manutencao_agora,
           m.id AS movimento_id, m.usuario_id, m.fornecedor_id, m.funcionario_id, m.sessao_id AS movimento_sessao_id,
           m.saida_em
      FROM operacional.equipamentos e
      LEFT JOIN operacional.movimentos_equipamento m
             ON m.empresa_id = e.empresa_id AND m.equipamento_id = e.id AND m.retorno_em IS NULL"""


class PosicaoEquipamento(Posicao):
    """The keyset of `listar`'s order."""

    nome: Texto
    id: int


def _com_quem(cur, linhas: list[dict]) -> list[dict]:
    """Each row as the API shows it: `com` is who has the item out ({usuario_id | fornecedor_id |
    funcionario_id, nome, desde, sessao_id}) or None."""
    fora = [linha for linha in linhas if linha["movimento_id"] is not None]
    pessoas = equipe.nomes(cur, [equipe.colunas(equipe.pessoa(linha)) for linha in fora])
    nomes = {equipe.pessoa(p): p["nome"] for p in pessoas}
    resultado = []
    for linha in linhas:
        item = {k: v for k, v in linha.items()
                if k not in ("movimento_id", *equipe.CAMPOS_DE_PESSOA, "movimento_sessao_id", "saida_em")}
        item["com"] = None if linha["movimento_id"] is None else {
            **equipe.colunas(equipe.pessoa(linha)), "nome": nomes.get(equipe.pessoa(linha)),
            "desde": linha["saida_em"], "sessao_id": linha["movimento_sessao_id"]}
        resultado.append(item)
    return resultado


def listar(cur, filtros: dict, apos: PosicaoEquipamento | None, limite: int) -> list[dict]:
    """The empresa's items by nome, after `apos`; filtros: categoria, estado, fora (checked out or
    not), kit_id, q (words of nome, marca, modelo or serial, ignoring case and accents)."""
    cur.execute(
        f"""{_SELECT}
            WHERE (%(categoria)s::text IS NULL OR e.categoria = %(categoria)s)
              AND (%(estado)s::text IS NULL OR e.estado = %(estado)s)
              AND (%(fora)s::boolean IS NULL OR (m.id IS NOT NULL) = %(fora)s)
              AND (%(kit_id)s::bigint IS NULL OR e.id IN (
                       SELECT equipamento_id FROM operacional.kit_itens WHERE kit_id = %(kit_id)s))
              AND {contem_todos("e.busca", "termos")}
              AND (%(apos_nome)s::text IS NULL OR (e.nome, e.id) > (%(apos_nome)s, %(apos_id)s))
            ORDER BY e.nome, e.id
            LIMIT %(limite)s""",
        {"categoria": filtros.get("categoria"), "estado": filtros.get("estado"), "fora": filtros.get("fora"),
         "kit_id": filtros.get("kit_id"), "termos": termos_de_busca(filtros.get("q")),
         "apos_nome": apos and apos.nome, "apos_id": apos and apos.id, "limite": limite})
    return _com_quem(cur, cur.fetchall())


def por_id(cur, equipamento_id: int) -> dict | None:
    cur.execute(f"{_SELECT} WHERE e.id = %s", (equipamento_id,))
    linha = cur.fetchone()
    return None if linha is None else _com_quem(cur, [linha])[0]


def _bloquear(cur, equipamento_id: int) -> dict:
    """The item's stored fields, locked until the commit; 404 when it is not the empresa's."""
    cur.execute(f"SELECT {', '.join(CAMPOS)} FROM operacional.equipamentos WHERE id = %s FOR UPDATE",
                (equipamento_id,))
    item = cur.fetchone()
    if item is None:
        raise NaoEncontrado("Equipamento não encontrado")
    return item


def _serie_unica(item: dict):
    return violacoes_viram_erros(unicas={"equipamentos_numero_serie_unico": Conflito(
        "Já existe um equipamento com este número de série",
        {"numero_serie": f"O número de série {item['numero_serie']} já é de outro equipamento"})})


def _busca(item: dict) -> str:
    return normalizar(" ".join(item[c] or "" for c in ("nome", "marca", "modelo", "numero_serie")))


def criar(tx: Transacao, dados: dict) -> dict:
    item = {campo: None for campo in CAMPOS} | {"categoria": "outro", "estado": "disponivel"} | dados
    with _serie_unica(item):
        tx.cur.execute(
            f"""INSERT INTO operacional.equipamentos (empresa_id, {', '.join(CAMPOS)}, busca)
                VALUES (plataforma.empresa_atual(), {', '.join(f'%({c})s' for c in CAMPOS)}, %(busca)s)
                RETURNING id""",
            {**item, "busca": _busca(item)})
    equipamento_id = tx.cur.fetchone()["id"]
    tx.auditar("criar", "equipamento", equipamento_id, depois=item)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="criado")
    return por_id(tx.cur, equipamento_id)


def alterar(tx: Transacao, equipamento_id: int, mudancas: dict) -> dict:
    """Applies the fields sent; a change that changes nothing is neither stored nor audited. An item
    becomes baixado only when no future sessão has it allocated (409 naming the first)."""
    antes = _bloquear(tx.cur, equipamento_id)
    depois = {**antes, **mudancas}
    if depois == antes:
        return por_id(tx.cur, equipamento_id)
    if depois["estado"] == "baixado" and antes["estado"] != "baixado":
        tx.cur.execute("""SELECT s.titulo, s.inicio FROM operacional.reservas_equipamento r
                          JOIN operacional.sessoes s ON s.empresa_id = r.empresa_id AND s.id = r.sessao_id
                          WHERE r.equipamento_id = %s AND r.fim > now()
                          ORDER BY r.inicio LIMIT 1""", (equipamento_id,))
        futura = tx.cur.fetchone()
        if futura is not None:
            raise Conflito(f"O equipamento está alocado à sessão \"{futura['titulo']}\"; desaloque-o antes de "
                           "dar baixa", {"estado": "Há sessões futuras com este equipamento"})
    with _serie_unica(depois):
        tx.cur.execute(
            f"""UPDATE operacional.equipamentos SET {', '.join(f'{c} = %({c})s' for c in CAMPOS)},
                       busca = %(busca)s, atualizado_em = now()
                WHERE id = %(id)s""", {**depois, "busca": _busca(depois), "id": equipamento_id})
    tx.auditar("alterar", "equipamento", equipamento_id, antes=antes, depois=depois)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="alterado")
    return por_id(tx.cur, equipamento_id)


def excluir(tx: Transacao, equipamento_id: int) -> None:
    """Removes an item that was never allocated, sent to maintenance or checked out (it leaves its
    kits); one with a history is given baixa instead (409)."""
    antes = _bloquear(tx.cur, equipamento_id)
    em_uso = Conflito("Este equipamento tem histórico (alocações, manutenções ou saídas); em vez de excluir, "
                      "marque-o como baixado")
    with violacoes_viram_erros(em_uso=em_uso):
        tx.cur.execute("DELETE FROM operacional.equipamentos WHERE id = %s", (equipamento_id,))
    tx.auditar("excluir", "equipamento", equipamento_id, antes=antes)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="excluido")


# ---------------------------------------------------------------- check-out / check-in

_MOVIMENTO = """SELECT id, equipamento_id, usuario_id, fornecedor_id, funcionario_id, sessao_id, saida_em,
                       saida_observacao,
                       retorno_em, condicao, retorno_observacao
                  FROM operacional.movimentos_equipamento"""


def movimentos(cur, equipamento_id: int, limite: int = 100) -> list[dict]:
    """The item's check-outs, newest first, with who took each."""
    cur.execute(f"{_MOVIMENTO} WHERE equipamento_id = %s ORDER BY saida_em DESC, id DESC LIMIT %s",
                (equipamento_id, limite))
    return equipe.nomes(cur, cur.fetchall())


def _movimento(cur, movimento_id: int) -> dict:
    cur.execute(f"{_MOVIMENTO} WHERE id = %s", (movimento_id,))
    return equipe.nomes(cur, [cur.fetchone()])[0]


def saida(tx: Transacao, equipamento_id: int, responsavel: dict, sessao_id: int | None,
          observacao: str | None) -> dict:
    """Records that `responsavel` ({usuario_id}, {fornecedor_id} or {funcionario_id}) took the item (for a sessão, when
    given). 409 when it is baixado or already out (naming who has it)."""
    item = _bloquear(tx.cur, equipamento_id)
    if item["estado"] == "baixado":
        raise Conflito("Equipamento baixado não pode sair")
    atual = por_id(tx.cur, equipamento_id)["com"]
    if atual is not None:
        raise Conflito(f"O equipamento já está com {atual['nome'] or 'outra pessoa'} desde "
                       f"{atual['desde']:%d/%m/%Y}; registre o retorno antes")
    equipe.validar_membros(tx.cur, [responsavel], campo="responsavel")
    if sessao_id is not None:
        tx.cur.execute("SELECT 1 FROM operacional.sessoes WHERE id = %s", (sessao_id,))
        if tx.cur.fetchone() is None:
            raise NaoEncontrado("Sessão não encontrada")
    try:
        tx.cur.execute(
            """INSERT INTO operacional.movimentos_equipamento
                   (empresa_id, equipamento_id, usuario_id, fornecedor_id, funcionario_id, sessao_id,
                    saida_observacao, saida_por)
               VALUES (plataforma.empresa_atual(), %(equipamento_id)s, %(usuario_id)s, %(fornecedor_id)s,
                       %(funcionario_id)s, %(sessao_id)s, %(observacao)s, %(por)s) RETURNING id""",
            {"equipamento_id": equipamento_id, **equipe.colunas(equipe.pessoa(responsavel)), "sessao_id": sessao_id,
             "observacao": observacao, "por": tx.contexto.usuario_id})
    except psycopg2.errors.UniqueViolation:
        # The row lock above already serialises check-outs of one item; the unique index is the
        # database's own guarantee that an item is never out twice.
        raise Conflito("O equipamento já saiu; registre o retorno antes") from None
    movimento = _movimento(tx.cur, tx.cur.fetchone()["id"])
    tx.auditar("saida", "equipamento", equipamento_id, rotulo=item["nome"], depois=movimento)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="saida")
    return movimento


def retorno(tx: Transacao, equipamento_id: int, condicao: str, observacao: str | None) -> dict:
    """Closes the item's open check-out. avariado puts it em_manutencao, extraviado baixado; 409 when
    it is not out."""
    item = _bloquear(tx.cur, equipamento_id)
    tx.cur.execute("""UPDATE operacional.movimentos_equipamento
                      SET retorno_em = now(), condicao = %s, retorno_observacao = %s, retorno_por = %s
                      WHERE equipamento_id = %s AND retorno_em IS NULL RETURNING id""",
                   (condicao, observacao, tx.contexto.usuario_id, equipamento_id))
    aberto = tx.cur.fetchone()
    if aberto is None:
        raise Conflito("O equipamento não está fora; não há saída para registrar o retorno")
    novo_estado = {"avariado": "em_manutencao", "extraviado": "baixado"}.get(condicao)
    if novo_estado and item["estado"] != "baixado" and item["estado"] != novo_estado:
        tx.cur.execute("UPDATE operacional.equipamentos SET estado = %s, atualizado_em = now() WHERE id = %s",
                       (novo_estado, equipamento_id))
        tx.auditar("alterar", "equipamento", equipamento_id, antes=item, depois={**item, "estado": novo_estado})
    movimento = _movimento(tx.cur, aberto["id"])
    tx.auditar("retorno", "equipamento", equipamento_id, rotulo=item["nome"], depois=movimento)
    tx.publicar(eventos.EQUIPAMENTO_ALTERADO, id=equipamento_id, acao="retorno")
    return movimento
