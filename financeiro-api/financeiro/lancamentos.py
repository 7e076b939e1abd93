"""Lançamentos in SQL: writing them, reading one with its names, listing, totals and export.

A lançamento's paid amount, last payment date and status follow from its baixas and are kept by
the baixas' trigger (migrations/0003_lancamentos.sql); this module never writes them, except the
status of a cancellation and of a valor change, through the same SQL function. The writes here
take the transaction's cursor and are its parts; what a person does with a lançamento — create
one or a série, change this one or the following, cancel, delete — is financeiro/escrita_lancamentos.py,
which also audits and publishes. Cadastros' records are read through its read contract (v_*).
"""
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Literal

from psycopg2.extras import Json, execute_values

from shared.api import Posicao
from shared.calendario import faixas
from shared.errors import NaoEncontrado, Validacao
from shared.texto import FIM, palavras

from financeiro import busca, rateio

# What a lançamento stores and may change (tipo never changes; status follows from the rest).
CAMPOS = ("descricao", "valor", "data_vencimento", "competencia", "categoria_id", "conta_id", "cliente_id",
          "fornecedor_id", "documento", "observacoes")

# Where a lançamento came from when another service made it (financeiro/origens.py): its origem
# ("folha:12"), the key its creator gave it and, for a contract's parcela, the contract and which
# parcela. Never changed by a person's edit.
ORIGEM = ("origem", "chave_origem", "contrato_id", "contrato_parcela")

# The date a list is filtered by and ordered by.
COLUNA_DA_DATA = {"vencimento": "data_vencimento", "pagamento": "data_pagamento", "competencia": "competencia"}

# Overdue: open, and due before today on the studio's calendar.
_VENCIDO = "l.status IN ('PENDENTE', 'PARCIAL') AND l.data_vencimento < plataforma.hoje()"

# The centro_custo_id filter for "sem centro de custo" (what the reports call centro 0).
SEM_CENTRO = 0

# A categoria and its subcategorias at any depth: "Categoria: Pessoal" shows Pró-labore too, as the
# reports' figure for Pessoal includes it (and a drill-down from there lands here). The branch is
# computed once (an array, not a join), so the ids are an index condition of lancamentos_categoria
# and of the rollup as the single id was.
_DO_RAMO = """l.categoria_id = ANY(ARRAY(
    WITH RECURSIVE ramo AS (
        SELECT c.id FROM cadastros.v_categorias c
         WHERE c.empresa_id = plataforma.empresa_atual() AND c.id = %(categoria_id)s
        UNION ALL
        SELECT c.id FROM cadastros.v_categorias c JOIN ramo ON c.parent_id = ramo.id
         WHERE c.empresa_id = plataforma.empresa_atual())
    SELECT id FROM ramo))"""

_COM_NOMES = f"""
    SELECT l.id, l.tipo, l.descricao, l.valor, l.data_vencimento, l.competencia,
           l.categoria_id, cat.nome AS categoria_nome, l.conta_id, co.nome AS conta_nome,
           l.cliente_id, cl.nome AS cliente_nome, l.fornecedor_id, fo.nome AS fornecedor_nome,
           l.documento, l.observacoes, l.status,
           {_VENCIDO} AS vencido,
           l.valor_pago, l.valor - l.valor_pago AS valor_aberto, l.data_pagamento,
           l.serie_id, s.tipo AS serie_tipo, l.serie_numero, s.quantidade AS serie_quantidade,
           l.contrato_id, l.codigo_barras_pagamento, l.favorecido, l.criado_em, l.atualizado_em
      FROM {{origem}} l
      JOIN cadastros.v_categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
      JOIN cadastros.v_contas co ON co.empresa_id = l.empresa_id AND co.id = l.conta_id
      LEFT JOIN cadastros.v_clientes cl ON cl.empresa_id = l.empresa_id AND cl.id = l.cliente_id
      LEFT JOIN cadastros.v_fornecedores fo ON fo.empresa_id = l.empresa_id AND fo.id = l.fornecedor_id
      LEFT JOIN financeiro.series s ON s.empresa_id = l.empresa_id AND s.id = l.serie_id"""


@dataclass
class Filtro:
    """What a list, its totals and its export keep. None: no condition."""

    tipo: str | None = None
    status: list[str] | None = None
    vencido: bool | None = None
    campo_data: str = "vencimento"
    de: date | None = None
    ate: date | None = None
    conta_id: int | None = None
    categoria_id: int | None = None  # that categoria or any of its subcategorias
    cliente_id: int | None = None
    fornecedor_id: int | None = None
    serie_id: int | None = None
    contrato_id: int | None = None  # a parcela of that operacional contract
    origem: str | None = None  # made by another service as part of that whole ("folha:12")
    centro_custo_id: int | None = None  # any of its rateio lines is that centro's; SEM_CENTRO: no line
    q: str | None = None

    @property
    def coluna(self) -> str:
        return COLUNA_DA_DATA[self.campo_data]

    def por_registro(self) -> tuple[list[str], dict]:
        """The empresa and the equality filters (tipo, status, the records pointed at), as
        conditions on `l` — financeiro.lancamentos, or the rollup financeiro.totais_mes, which has
        the columns of those a rollup total may be asked for (lancamentos._meses_inteiros)."""
        condicoes = ["l.empresa_id = plataforma.empresa_atual()"]
        parametros: dict = {}
        for campo in ("tipo", "conta_id", "categoria_id", "cliente_id", "fornecedor_id", "serie_id", "contrato_id",
                      "origem"):
            if getattr(self, campo) is not None:
                condicoes.append(_DO_RAMO if campo == "categoria_id" else f"l.{campo} = %({campo})s")
                parametros[campo] = getattr(self, campo)
        if self.status:
            condicoes.append("l.status = ANY(%(status)s)")
            parametros["status"] = list(self.status)
        return condicoes, parametros

    def sql(self, somando: bool = False, raras: bool = False) -> tuple[str, dict]:
        """The WHERE conditions on `l` (financeiro.lancamentos) and their parameters; `somando`:
        for a sum over the whole filtered set (totals), which `q` alone may pick by its words;
        `raras`: a page of words few lançamentos have (busca.alguma_rara), which takes the ids
        they share first."""
        coluna = f"l.{self.coluna}"
        condicoes, parametros = self.por_registro()
        if self.vencido is not None:
            condicoes.append(f"({_VENCIDO})" if self.vencido else f"NOT ({_VENCIDO})")
        if self.campo_data == "pagamento":
            condicoes.append(f"{coluna} IS NOT NULL")
        if self.de is not None:
            condicoes.append(f"{coluna} >= %(de)s")
            parametros["de"] = self.de
        if self.ate is not None:
            condicoes.append(f"{coluna} <= %(ate)s")
            parametros["ate"] = self.ate
        if self.centro_custo_id == SEM_CENTRO:
            condicoes.append("""NOT EXISTS (SELECT 1 FROM financeiro.rateios r
                                 WHERE r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = l.id)""")
        elif self.centro_custo_id is not None:
            condicoes.append("""l.id IN (SELECT r.lancamento_id FROM financeiro.rateios r
                                   WHERE r.empresa_id = plataforma.empresa_atual()
                                     AND r.centro_custo_id = %(centro_custo_id)s)""")
            parametros["centro_custo_id"] = self.centro_custo_id
        # Each word of q starts a word of the descrição or documento: ids from the words' btree.
        # q is cut into words as they were stored (`palavras`): "2026-031" is "2026" and "031".
        termos = self.termos()
        if not termos and (self.q or "").strip():
            condicoes.append("false")  # punctuation alone starts no word
        for n, termo in enumerate(termos):
            parametros[f"termo{n}"], parametros[f"termo{n}_fim"] = termo, termo + FIM
        todos = busca.ids(list(range(len(termos)))) if termos else ""  # the ids the words share
        if termos and somando and self.de is None and self.ate is None:
            # Over all time the words are a sum's narrowest condition: their ids looked up one by
            # one in lancamentos_somas, index only, in time proportional to the matches; as a
            # semi-join the planner read the empresa's whole ledger (0020_busca_e_somas.sql).
            condicoes.append(f"l.id = ANY(ARRAY({todos}))")
        elif termos and (somando or raras):
            condicoes.append(f"l.id IN ({todos})")
        else:
            # A page of common words: a semi-join per word, the planner walks the dates and checks
            # them, or takes the rarest word's ids and sorts their rows.
            condicoes += [f"l.id IN ({busca.ids([n])})" for n in range(len(termos))]
        return " AND ".join(condicoes), parametros

    def termos(self) -> list[str]:
        """The words of q, cut as they were stored (`palavras`), without those another one starts:
        each must start a word of the lançamento, so "cas casamento" asks what "casamento" does."""
        termos = set(palavras(self.q or ""))
        return sorted(t for t in termos if not any(o != t and o.startswith(t) for o in termos))

    def prefixo_somado(self) -> str | None:
        """The one word of q when the rollup by word prefix has every column this filter looks at
        (q of one word, tipo and status, all time: migrations/0022_totais_por_prefixo.sql) and
        that word (not a number's long prefix: busca.no_resumo)."""
        termos = self.termos()
        outros = [campo.name for campo in fields(self)
                  if campo.name not in ("tipo", "status", "q", "campo_data") and getattr(self, campo.name) is not None]
        somado = len(termos) == 1 and busca.no_resumo(termos[0]) and not outros and self.campo_data != "pagamento"
        return termos[0] if somado else None

    def resumo_responde(self) -> bool:
        """Whether the monthly rollup has every column this filter looks at (its whole months can
        then be summed from there): a vencimento period and the equality filters of por_registro
        but cliente, fornecedor, série, contract and origem."""
        outros = {campo for campo in ("vencido", "cliente_id", "fornecedor_id", "serie_id", "contrato_id",
                                      "origem", "centro_custo_id", "q")
                  if getattr(self, campo) not in (None, "")}
        return self.campo_data == "vencimento" and not outros


class PosicaoLancamento(Posicao):
    """Where a page of the ledger ended: the list's order (`data`, which a cursor of another order
    does not fit), the date it is ordered by (`d`) and the id."""

    data: Literal["vencimento", "pagamento", "competencia"]
    d: date
    id: int


# ---------------------------------------------------------------- reading


def por_id(cur, lancamento_id: int) -> dict:
    """The lançamento with its names; 404 when it is not the empresa's. A read: nothing is locked."""
    cur.execute(_COM_NOMES.format(origem="financeiro.lancamentos") + " WHERE l.empresa_id = plataforma.empresa_atual()"
                " AND l.id = %s", (lancamento_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Lançamento não encontrado")
    return rateio.anexar(cur, [linha])[0]


def varios(cur, ids: list[int]) -> list[dict]:
    cur.execute(_COM_NOMES.format(origem="financeiro.lancamentos") + " WHERE l.empresa_id = plataforma.empresa_atual()"
                " AND l.id = ANY(%s) ORDER BY l.serie_numero NULLS FIRST, l.id", (list(ids),))
    return rateio.anexar(cur, cur.fetchall())


def listar(cur, filtro: Filtro, apos: PosicaoLancamento | None, limite: int) -> list[dict]:
    """A page of the filtered ledger in (date, id) order, after `apos` (a position in the same order)."""
    termos = filtro.termos()
    onde, parametros = filtro.sql(raras=len(termos) > 1 and busca.alguma_rara(cur, termos))
    coluna = filtro.coluna
    if apos is not None:
        onde += f" AND (l.{coluna}, l.id) > (%(apos_data)s, %(apos_id)s)"
        parametros.update(apos_data=apos.d, apos_id=apos.id)
    cur.execute(
        f"""WITH pagina AS (
                SELECT l.* FROM financeiro.lancamentos l WHERE {onde}
                 ORDER BY l.{coluna}, l.id LIMIT %(limite)s)
            {_COM_NOMES.format(origem="pagina")}
            ORDER BY l.{coluna}, l.id""",
        {**parametros, "limite": limite},
    )
    return rateio.anexar(cur, cur.fetchall())


# The sums a list's totals are made of, over lançamentos (`quantos` = count(*)) or over the
# monthly rollup financeiro.totais_mes (`quantos` = sum(quantidade)). Cancelled lançamentos are
# counted, never summed; by `status`, which the ledger's indexes carry (no visit to the rows).
_SOMAS = """SELECT coalesce({quantos}, 0) AS quantidade,
                  coalesce(sum(valor) FILTER (WHERE tipo = 'RECEITA' AND status <> 'CANCELADO'), 0) AS receitas,
                  coalesce(sum(valor) FILTER (WHERE tipo = 'DESPESA' AND status <> 'CANCELADO'), 0) AS despesas,
                  coalesce(sum(valor_pago) FILTER (WHERE tipo = 'RECEITA'), 0) AS receitas_pagas,
                  coalesce(sum(valor_pago) FILTER (WHERE tipo = 'DESPESA'), 0) AS despesas_pagas"""

def totais(cur, filtro: Filtro) -> dict:
    """The filtered set's count and sums: a q of one word from the rollup by word prefix
    (migrations/0022_totais_por_prefixo.sql); else the whole months of its period from the monthly
    rollup, the partial months at its ends from the lançamentos (migrations/0005_totais_mes.sql)."""
    meses, prefixo = _meses_inteiros(filtro), filtro.prefixo_somado()
    if prefixo is not None:
        condicoes, parametros = filtro.por_registro()
        partes = [_somar_rollup(cur, "totais_prefixo", [*condicoes, "l.prefixo = %(prefixo)s"],
                                {**parametros, "prefixo": prefixo})]
    elif meses is None:
        partes = [_somar(cur, filtro)]
    else:
        cabeca, _, cauda = faixas(filtro.de, filtro.ate)
        partes = [_somar_resumo(cur, filtro, *meses)]
        for faixa in (cabeca, cauda):  # the partial months at the ends
            if faixa is not None:
                partes.append(_somar(cur, replace(filtro, de=faixa[0], ate=faixa[1])))
    soma = {chave: sum(parte[chave] for parte in partes) for chave in partes[0]}
    return {
        **soma,
        "saldo": soma["receitas"] - soma["despesas"],
        "receitas_abertas": soma["receitas"] - soma["receitas_pagas"],
        "despesas_abertas": soma["despesas"] - soma["despesas_pagas"],
    }


def _meses_inteiros(filtro: Filtro) -> tuple[date | None, date | None] | None:
    """The first and last whole months (their first days; None: unbounded) inside the filter's
    period, when the rollup can answer for them; None when it cannot."""
    return faixas(filtro.de, filtro.ate)[1] if filtro.resumo_responde() else None


def _somar(cur, filtro: Filtro) -> dict:
    onde, parametros = filtro.sql(somando=True)
    cur.execute(f"{_SOMAS.format(quantos='count(*)')} FROM financeiro.lancamentos l WHERE {onde}", parametros)
    return cur.fetchone()


def _somar_resumo(cur, filtro: Filtro, primeiro: date | None, ultimo: date | None) -> dict:
    condicoes, parametros = filtro.por_registro()
    if primeiro is not None:
        condicoes.append("l.mes >= %(primeiro)s")
    if ultimo is not None:
        condicoes.append("l.mes <= %(ultimo)s")
    return _somar_rollup(cur, "totais_mes", condicoes, {**parametros, "primeiro": primeiro, "ultimo": ultimo})


def _somar_rollup(cur, tabela: str, condicoes: list[str], parametros: dict) -> dict:
    cur.execute(f"{_SOMAS.format(quantos='sum(quantidade)')} FROM financeiro.{tabela} l WHERE {' AND '.join(condicoes)}",
                parametros)
    return cur.fetchone()


def exportar(cur, filtro: Filtro, lote: int = 2000):
    """Every row of the filtered ledger, in order, read in batches by a server-side cursor (an
    export of a million rows never sits in memory)."""
    onde, parametros = filtro.sql()
    coluna = filtro.coluna
    with cur.connection.cursor(name="exportar_lancamentos", cursor_factory=type(cur)) as nomeado:
        nomeado.itersize = lote
        # Each row with its centros de custo ([[nome, valor as text], ...] by name; null: none).
        nomeado.execute(
            f"""SELECT e.*, (SELECT json_agg(json_build_array(cc.nome, r.valor::text) ORDER BY cc.nome)
                               FROM financeiro.rateios r
                               JOIN cadastros.v_centros_custo cc
                                 ON cc.empresa_id = r.empresa_id AND cc.id = r.centro_custo_id
                              WHERE r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = e.id) AS centros
                  FROM ({_COM_NOMES.format(origem="financeiro.lancamentos")} WHERE {onde}) e
                 ORDER BY e.{coluna}, e.id""",
            parametros,
        )
        yield from nomeado


# ---------------------------------------------------------------- references


def _existe(cur, tabela: str, registro_id: int, ativo: str) -> dict | None:
    colunas = "tipo, " if tabela == "categorias" else ""
    cur.execute(
        f"""SELECT {colunas}{ativo} AS ativo FROM cadastros.v_{tabela}
            WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
        (registro_id,),
    )
    return cur.fetchone()


def verificar_referencias(cur, tipo: str, dados: dict, mudados=CAMPOS) -> None:
    """The conta, categoria, cliente and fornecedor a lançamento points at are the empresa's
    (another empresa's id is one that does not exist: 404), in use, and of the right kind."""
    invalidos = {}
    for campo, tabela, ativo, nome, a in (("conta_id", "contas", "ativa", "Conta", "a"),
                                          ("categoria_id", "categorias", "ativa", "Categoria", "a"),
                                          ("cliente_id", "clientes", "ativo", "Cliente", "o"),
                                          ("fornecedor_id", "fornecedores", "ativo", "Fornecedor", "o")):
        if campo not in mudados or dados.get(campo) is None:
            continue
        registro = _existe(cur, tabela, dados[campo], ativo)
        if registro is None:
            raise NaoEncontrado(f"{nome} não encontrad{a}", {campo: f"{nome} não encontrad{a}"})
        if not registro["ativo"]:
            invalidos[campo] = f"{nome} inativ{a}; escolha outr{a}"
        elif campo == "categoria_id" and registro["tipo"] != tipo:
            invalidos[campo] = f"A categoria é de {registro['tipo'].lower()}; escolha uma de {tipo.lower()}"
    if dados.get("cliente_id") is not None and dados.get("fornecedor_id") is not None:
        invalidos["fornecedor_id"] = "Informe o cliente ou o fornecedor, não os dois"
    if invalidos:
        raise Validacao("Verifique os campos destacados", invalidos)


# ---------------------------------------------------------------- writing


def criar_serie(cur, tipo: str, frequencia: str | None, quantidade: int) -> int:
    cur.execute(
        """INSERT INTO financeiro.series (empresa_id, tipo, frequencia, quantidade)
           VALUES (plataforma.empresa_atual(), %s, %s, %s) RETURNING id""",
        (tipo, frequencia, quantidade),
    )
    return cur.fetchone()["id"]


def criar(cur, tipo: str, itens: list[dict], serie_id: int | None = None) -> list[int]:
    """Stores lançamentos of one tipo (a série's in its order, numbered from 1); returns their ids.
    An item may carry where it came from (ORIGEM: financeiro/origens.py) and whom it pays without a
    fornecedor (`favorecido`, idem)."""
    linhas = [
        (tipo, *(item[campo] for campo in CAMPOS), serie_id, numero if serie_id else None,
         *(item.get(campo) for campo in ORIGEM), Json(item["favorecido"]) if item.get("favorecido") else None)
        for numero, item in enumerate(itens, start=1)
    ]
    ids = execute_values(
        cur,
        f"""INSERT INTO financeiro.lancamentos (empresa_id, tipo, {', '.join(CAMPOS)}, serie_id, serie_numero,
                                                {', '.join(ORIGEM)}, favorecido)
            SELECT plataforma.empresa_atual(), v.* FROM (VALUES %s) AS v RETURNING id""",
        linhas,
        template="(%s, %s, %s, %s::date, %s::date, %s::bigint, %s::bigint, %s::bigint, %s::bigint, %s, %s, %s::bigint, %s::int,"
                 " %s::text, %s::text, %s::bigint, %s::int, %s::jsonb)",
        # One statement: the ledger's statement triggers run once for a payroll's 6,000, not 60 times.
        page_size=max(len(linhas), 1), fetch=True,
    )
    ids = [linha["id"] for linha in ids]
    indexar(cur, list(zip(ids, itens)))
    return ids


def indexar(cur, lancamentos: list[tuple[int, dict]]) -> None:
    """Rewrites the words `q` finds the lançamentos by: their descrição's and documento's. Only the
    words that changed are deleted and inserted, so the words' trigger moves the sums of what they
    start alone (migrations/0022_totais_por_prefixo.sql), at the values it sees: the lançamentos are
    written (so locked) in this transaction first, and a concurrent baixa waits."""
    linhas = sorted({
        (palavra, lancamento_id)
        for lancamento_id, dados in lancamentos
        for palavra in palavras(f"{dados['descricao']} {dados.get('documento') or ''}")
    })
    parametros = {"ids": [lancamento_id for lancamento_id, _ in lancamentos],
                  "palavras": [palavra for palavra, _ in linhas], "de": [lancamento_id for _, lancamento_id in linhas]}
    cur.execute("""DELETE FROM financeiro.lancamentos_palavras p
                    WHERE p.empresa_id = plataforma.empresa_atual() AND p.lancamento_id = ANY(%(ids)s)
                      AND NOT EXISTS (SELECT FROM unnest(%(palavras)s::text[], %(de)s::bigint[]) AS v (palavra, id)
                                       WHERE v.palavra COLLATE "C" = p.palavra AND v.id = p.lancamento_id)""", parametros)
    cur.execute("""INSERT INTO financeiro.lancamentos_palavras (empresa_id, palavra, lancamento_id)
                   SELECT plataforma.empresa_atual(), v.palavra, v.id
                     FROM unnest(%(palavras)s::text[], %(de)s::bigint[]) AS v (palavra, id)
                   ON CONFLICT DO NOTHING""", parametros)


def bloquear(cur, lancamento_id: int) -> dict:
    """The stored lançamento, locked until the transaction ends; 404 when it is not the empresa's."""
    cur.execute(
        f"""SELECT id, tipo, {', '.join(CAMPOS)}, cancelado, valor_pago, status, serie_id, serie_numero,
                   codigo_barras_pagamento
              FROM financeiro.lancamentos
             WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""",
        (lancamento_id,),
    )
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Lançamento não encontrado")
    return linha


def seguintes(cur, lancamento: dict, cancelados: bool = False) -> list[dict]:
    """The série's lançamentos after this one with nothing paid and, unless `cancelados`, not
    cancelled, locked: what "this one and the following" changes besides this one."""
    if lancamento["serie_id"] is None:
        return []
    cur.execute(
        f"""SELECT id, tipo, {', '.join(CAMPOS)}, cancelado, valor_pago, status, serie_id, serie_numero
              FROM financeiro.lancamentos
             WHERE empresa_id = plataforma.empresa_atual() AND serie_id = %s AND serie_numero > %s
               AND valor_pago = 0 AND (%s OR NOT cancelado)
             ORDER BY serie_numero FOR UPDATE""",
        (lancamento["serie_id"], lancamento["serie_numero"], cancelados),
    )
    return cur.fetchall()


def alterar(cur, lancamento_id: int, dados: dict) -> None:
    """Stores every field of `dados` (the merged state); the status follows a new valor."""
    alterar_varios(cur, [(lancamento_id, dados)])


def alterar_varios(cur, alteracoes: list[tuple[int, dict]]) -> None:
    """`alterar` for many lançamentos in one statement: the ledger's triggers (monthly rollup,
    result by month) run once for all of them, not once each."""
    execute_values(
        cur,
        f"""UPDATE financeiro.lancamentos l
               SET {', '.join(f'{campo} = v.{campo}' for campo in CAMPOS)},
                   status = financeiro.status_de(l.cancelado, l.valor_pago, v.valor),
                   atualizado_em = now()
              FROM (VALUES %s) AS v (id, {', '.join(CAMPOS)})
             WHERE l.empresa_id = plataforma.empresa_atual() AND l.id = v.id""",
        [(lancamento_id, *(dados[campo] for campo in CAMPOS)) for lancamento_id, dados in alteracoes],
        template="(%s::bigint, %s::text, %s::numeric, %s::date, %s::date, %s::bigint, %s::bigint, %s::bigint,"
                 " %s::bigint, %s::text, %s::text)",
        page_size=len(alteracoes),
    )


def gravar_codigo_barras(cur, ids: list[int], codigo_barras: str | None) -> None:
    """The boleto (44 digits) these despesas are paid with by a pagamentos remessa; None: none."""
    cur.execute("""UPDATE financeiro.lancamentos SET codigo_barras_pagamento = %s, atualizado_em = now()
                    WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""", (codigo_barras, list(ids)))


def marcar_cancelado(cur, ids: list[int], cancelado: bool) -> None:
    cur.execute(
        """UPDATE financeiro.lancamentos
              SET cancelado = %(cancelado)s, status = financeiro.status_de(%(cancelado)s, valor_pago, valor),
                  atualizado_em = now()
            WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%(ids)s)""",
        {"cancelado": cancelado, "ids": list(ids)},
    )


def excluir(cur, ids: list[int]) -> None:
    cur.execute("DELETE FROM financeiro.lancamentos WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)",
                (list(ids),))


def foto(lancamento: dict) -> dict:
    """What the audit trail keeps of a lançamento."""
    foto_ = {campo: lancamento.get(campo) for campo in ("tipo", *CAMPOS, "status", "serie_id", "serie_numero")}
    return {**foto_, "rateio": rateio.foto(lancamento["rateio"])} if "rateio" in lancamento else foto_


def rotulo(cur, lancamento: dict) -> str:
    """How the audit trail names a lançamento, still after it is renamed or deleted: its descrição
    and, in a série, which of how many ("Aluguel do estúdio — parcela 3/12")."""
    if lancamento["serie_id"] is None:
        return lancamento["descricao"]
    quantidade = lancamento.get("serie_quantidade")
    if quantidade is None:
        cur.execute("SELECT quantidade FROM financeiro.series WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                    (lancamento["serie_id"],))
        quantidade = cur.fetchone()["quantidade"]
    return f"{lancamento['descricao']} — parcela {lancamento['serie_numero']}/{quantidade}"
