"""Eventos (jobs): the record a contract, sessões, team, checklist and costs hang from.

An evento moves through etapas: lead → orcamento → contratado → em_producao → entregue → concluido,
or ends perdido / cancelado. `_mudanca_de_etapa` holds the rule: forward any number of steps (a
client may sign at the first meeting), back one step (a mistake undone), perdido or cancelado from
any open etapa, and out of a closed one (concluido, perdido, cancelado) only back to lead, which
reopens it. Every write is one `Transacao`: lock (or 404) → change → audit → publish.
"""
from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.texto import contem_todos, normalizar, termos_de_busca
from shared.transacao import Transacao

from operacional import checklist, tipos_evento

ETAPAS = ("lead", "orcamento", "contratado", "em_producao", "entregue", "concluido", "perdido", "cancelado")
ABERTAS = ETAPAS[:5]
FECHADAS = ("concluido", "perdido", "cancelado")
ROTULOS = {"lead": "Lead", "orcamento": "Orçamento", "contratado": "Contratado", "em_producao": "Em produção",
           "entregue": "Entregue", "concluido": "Concluído", "perdido": "Perdido", "cancelado": "Cancelado"}

# What an evento stores and the audit trail keeps.
CAMPOS = ("nome", "tipo_id", "cliente_id", "data_inicio", "data_fim", "local", "etapa", "observacoes")

_COLUNAS = """e.id, e.nome, e.tipo_id, t.nome AS tipo, e.cliente_id, c.nome AS cliente, e.data_inicio, e.data_fim,
              e.local, e.etapa, e.centro_custo_id, e.observacoes, e.criado_em, e.atualizado_em,
              (SELECT count(*) FROM operacional.tarefas_evento x
                WHERE x.evento_id = e.id AND x.concluida_em IS NULL) AS tarefas_pendentes,
              (SELECT count(*) FROM operacional.tarefas_evento x
                WHERE x.evento_id = e.id AND x.concluida_em IS NULL
                  AND e.data_inicio + x.dias < plataforma.hoje()) AS tarefas_atrasadas"""
_DE = """operacional.eventos e
         LEFT JOIN operacional.tipos_evento t ON t.empresa_id = e.empresa_id AND t.id = e.tipo_id
         LEFT JOIN cadastros.v_clientes c ON c.empresa_id = e.empresa_id AND c.id = e.cliente_id"""


class PosicaoEvento(Posicao):
    """The keyset of `listar`'s order (by first day, then id)."""

    data_inicio: str
    id: int


def listar(cur, filtros: dict, apos: PosicaoEvento | None, limite: int) -> list[dict]:
    """The empresa's eventos by first day; `filtros`: etapas (a list), tipo_id, cliente_id, de / ate
    (on data_inicio) and q (every word of the name, ignoring case and accents)."""
    cur.execute(
        f"""SELECT {_COLUNAS} FROM {_DE}
            WHERE (%(etapas)s::text[] IS NULL OR e.etapa = ANY(%(etapas)s))
              AND (%(tipo_id)s::bigint IS NULL OR e.tipo_id = %(tipo_id)s)
              AND (%(cliente_id)s::bigint IS NULL OR e.cliente_id = %(cliente_id)s)
              AND (%(de)s::date IS NULL OR e.data_inicio >= %(de)s)
              AND (%(ate)s::date IS NULL OR e.data_inicio <= %(ate)s)
              AND {contem_todos("e.nome_busca", "termos")}
              AND (%(apos_data)s::date IS NULL OR (e.data_inicio, e.id) > (%(apos_data)s, %(apos_id)s))
            ORDER BY e.data_inicio, e.id
            LIMIT %(limite)s""",
        {"etapas": filtros.get("etapas") or None, "tipo_id": filtros.get("tipo_id"),
         "cliente_id": filtros.get("cliente_id"), "de": filtros.get("de"), "ate": filtros.get("ate"),
         "termos": termos_de_busca(filtros.get("q")), "apos_data": apos and apos.data_inicio,
         "apos_id": apos and apos.id, "limite": limite})
    return cur.fetchall()


def posicao(evento: dict) -> PosicaoEvento:
    return PosicaoEvento(data_inicio=evento["data_inicio"].isoformat(), id=evento["id"])


def por_id(cur, evento_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM {_DE} WHERE e.id = %s", (evento_id,))
    return cur.fetchone()


def obter(cur, evento_id: int) -> dict:
    evento = por_id(cur, evento_id)
    if evento is None:
        raise NaoEncontrado("Evento não encontrado")
    return evento


def bloquear(cur, evento_id: int) -> dict:
    """The evento's stored fields (and centro), locked until the write that follows commits; 404
    when it is not the empresa's."""
    cur.execute(f"SELECT {', '.join(CAMPOS)}, centro_custo_id FROM operacional.eventos WHERE id = %s FOR UPDATE",
                (evento_id,))
    evento = cur.fetchone()
    if evento is None:
        raise NaoEncontrado("Evento não encontrado")
    return evento


def _validar_cliente(cur, cliente_id: int | None) -> None:
    if cliente_id is None:
        return
    cur.execute("SELECT 1 FROM cadastros.v_clientes WHERE id = %s", (cliente_id,))
    if cur.fetchone() is None:
        raise Validacao("Verifique o cliente", {"cliente_id": "Cliente não encontrado"})


def _validar_datas(evento: dict) -> None:
    if evento["data_fim"] is not None and evento["data_fim"] < evento["data_inicio"]:
        raise Validacao("Verifique as datas", {"data_fim": "A data de término não pode ser antes da data de início"})


def _mudanca_de_etapa(de: str, para: str) -> None:
    if de == para:
        return
    if de in FECHADAS:
        permitido = para == "lead"
    elif para in ("perdido", "cancelado"):
        permitido = True
    else:
        permitido = ETAPAS.index(para) >= ETAPAS.index(de) - 1
    if not permitido:
        dica = ("um evento encerrado só pode ser reaberto como Lead" if de in FECHADAS
                else "volte no máximo uma etapa por vez")
        raise Validacao("Mudança de etapa não permitida",
                        {"etapa": f"Não é possível passar de {ROTULOS[de]} para {ROTULOS[para]}: {dica}"})


def foto(evento: dict) -> dict:
    """What the audit trail keeps of an evento."""
    return {campo: evento[campo] for campo in CAMPOS}


def criar(tx: Transacao, dados: dict) -> dict:
    """A new evento ({nome, tipo | tipo_id, cliente_id, data_inicio, data_fim, local, etapa,
    observacoes}); with a tipo, its tarefas are copied from the tipo's checklist."""
    tipos_evento.garantir_padroes(tx)
    evento = {"tipo_id": tipos_evento.resolver(tx.cur, dados.get("tipo"), dados.get("tipo_id")),
              "cliente_id": dados.get("cliente_id"), "data_inicio": dados["data_inicio"],
              "data_fim": dados.get("data_fim"), "local": dados.get("local"), "etapa": dados.get("etapa") or "lead",
              "nome": dados["nome"], "observacoes": dados.get("observacoes")}
    _validar_cliente(tx.cur, evento["cliente_id"])
    _validar_datas(evento)
    tx.cur.execute(
        """INSERT INTO operacional.eventos (empresa_id, nome, nome_busca, tipo_id, cliente_id, data_inicio, data_fim,
                                            local, etapa, observacoes)
           VALUES (plataforma.empresa_atual(), %(nome)s, %(nome_busca)s, %(tipo_id)s, %(cliente_id)s, %(data_inicio)s,
                   %(data_fim)s, %(local)s, %(etapa)s, %(observacoes)s)
           RETURNING id""", {**evento, "nome_busca": normalizar(evento["nome"])})
    evento_id = tx.cur.fetchone()["id"]
    if evento["tipo_id"] is not None:
        checklist.copiar_do_modelo(tx, evento_id, evento["tipo_id"])
    tx.auditar("criar", "evento", evento_id, depois=foto(evento))
    tx.publicar(eventos.EVENTO_CRIADO, id=evento_id)
    return obter(tx.cur, evento_id)


def alterar(tx: Transacao, evento_id: int, mudancas: dict) -> tuple[dict, dict]:
    """Applies `mudancas` (the fields sent; `tipo` by name or `tipo_id`); (before, after). A tipo
    given to an evento that has no tarefas yet brings its checklist; one that has tarefas keeps
    them (some may be done). A change that changes nothing is neither stored, audited nor published."""
    antes = bloquear(tx.cur, evento_id)
    mudancas = dict(mudancas)
    if "tipo" in mudancas or "tipo_id" in mudancas:
        nome, tipo_id = mudancas.pop("tipo", None), mudancas.pop("tipo_id", None)
        # The tipo it has stays valid even after it was deactivated: a form sends it back as it was.
        mesmo = nome is None and tipo_id == antes["tipo_id"]
        mudancas["tipo_id"] = tipo_id if mesmo else tipos_evento.resolver(tx.cur, nome, tipo_id)
    depois = {**foto(antes), **mudancas}
    if depois == foto(antes):
        return antes, antes
    if depois["cliente_id"] != antes["cliente_id"]:
        _validar_cliente(tx.cur, depois["cliente_id"])
    _validar_datas(depois)
    _mudanca_de_etapa(antes["etapa"], depois["etapa"])
    tx.cur.execute(
        """UPDATE operacional.eventos
           SET nome = %(nome)s, nome_busca = %(nome_busca)s, tipo_id = %(tipo_id)s, cliente_id = %(cliente_id)s,
               data_inicio = %(data_inicio)s, data_fim = %(data_fim)s, local = %(local)s, etapa = %(etapa)s,
               observacoes = %(observacoes)s, atualizado_em = now()
           WHERE id = %(id)s""", {**depois, "nome_busca": normalizar(depois["nome"]), "id": evento_id})
    novo_tipo = depois["tipo_id"] is not None and depois["tipo_id"] != antes["tipo_id"]
    if novo_tipo and not checklist.listar(tx.cur, evento_id):
        checklist.copiar_do_modelo(tx, evento_id, depois["tipo_id"])
    tx.auditar("alterar", "evento", evento_id, antes=foto(antes), depois=depois)
    acao = "etapa" if depois["etapa"] != antes["etapa"] else "alterado"
    tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao=acao)
    return antes, {**depois, "centro_custo_id": antes["centro_custo_id"]}


def excluir(tx: Transacao, evento_id: int) -> dict:
    """Deletes an evento with its team and tarefas; 409 while sessões of the agenda or a contrato
    point at it (cancel it instead, which keeps the history). What it was."""
    antes = bloquear(tx.cur, evento_id)
    tx.cur.execute("SELECT count(*) AS n FROM operacional.sessoes WHERE evento_id = %s", (evento_id,))
    sessoes = tx.cur.fetchone()["n"]
    if sessoes:
        raise Conflito(f"Este evento tem {sessoes} sessão(ões) na agenda; exclua-as ou mude o evento para "
                       "Cancelado")
    em_uso = Conflito("Este evento tem contrato ou outros registros ligados a ele; mude-o para Cancelado")
    with violacoes_viram_erros(em_uso=em_uso):
        tx.cur.execute("DELETE FROM operacional.eventos WHERE id = %s", (evento_id,))
    tx.auditar("excluir", "evento", evento_id, antes=foto(antes))
    tx.publicar(eventos.EVENTO_EXCLUIDO, id=evento_id)
    return antes


def guardar_centro(tx: Transacao, evento_id: int, centro_custo_id: int) -> None:
    """Stores the centro de custo cadastros made for the evento (the second step of a write: the
    first committed the evento, then cadastros was called). An evento deleted in between is no error."""
    tx.cur.execute("""UPDATE operacional.eventos SET centro_custo_id = %s
                      WHERE id = %s AND centro_custo_id IS DISTINCT FROM %s RETURNING id""",
                   (centro_custo_id, evento_id, centro_custo_id))
    if tx.cur.fetchone() is not None:
        tx.auditar("alterar", "evento", evento_id, depois={"centro_custo_id": centro_custo_id})
        tx.publicar(eventos.EVENTO_ALTERADO, id=evento_id, acao="centro_custo")


def nome_do_centro(evento: dict) -> str:
    """The centro's name in cadastros (at most 100 characters there): "<nome> (dd/mm/aaaa)"."""
    data = f" ({evento['data_inicio']:%d/%m/%Y})"
    nome = evento["nome"] if len(evento["nome"]) + len(data) <= 100 else evento["nome"][:99 - len(data)] + "…"
    return nome + data


def centro_ativo(evento: dict) -> bool:
    """A lost or cancelled evento's centro leaves the pickers; a finished one may still get costs."""
    return evento["etapa"] not in ("perdido", "cancelado")
