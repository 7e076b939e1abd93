"""Razão: the ledger's detail (financeiro's `GET /api/lancamentos`) as a file — export only; its
screen is financeiro's ledger, whose filter `Parametros` takes.

A year of a busy studio is some 100,000 lançamentos, so the rows are never held whole: `calcular`
counts and sums the filtered set first (one aggregate, for the totals row and the progress) and
hands the rows on as an iterator over a server-side cursor read in batches, consumed once by the
file's writer inside this same transaction (relatorios/exportacoes.py). The names (categoria,
conta, cliente or fornecedor, centros de custo) come joined in that one query, never a query per row.

Everything is read through financeiro's and cadastros' read contract (v_*), which the ledger's
word index (its table lancamentos_palavras) is not part of: `q` is matched here by a regular
expression over the descrição and documento folded the same way — each word of `q` starts a
word of them, without accents or case (the accents of Portuguese and Spanish letters; a rarer
accented letter is kept as it is).
"""
from decimal import Decimal
from typing import Iterator, Literal

from pydantic import Field, model_validator

from shared.api import MAX_ID, Data, IdDeFiltro, Modelo, Opcional, Texto
from shared.errors import NaoEncontrado
from shared.texto import palavras

from relatorios.comum import exigir_centro_custo, exigir_conta, moeda, validar_periodo
from relatorios.somas import SEM_CENTRO

LOTE = 2000  # rows per fetch of the server-side cursor

# The date the period filters and the rows are ordered by, as the ledger's `data` names it.
COLUNA_DA_DATA = {"vencimento": "data_vencimento", "pagamento": "data_pagamento", "competencia": "competencia"}

# The accented letters `shared.texto.normalizar` folds, as SQL's translate() takes them.
_ACENTUADAS = "ÁÀÂÃÄÅáàâãäåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÕÖóòôõöÚÙÛÜúùûüÇçÑñÝýÿ"
_SEM_ACENTO = "aaaaaaaaaaaaeeeeeeeeiiiiiiiioooooooooouuuuuuuuccnnyyy"


class Parametros(Modelo):
    """The ledger's filter (financeiro's FiltroLancamentos), with a period of at most 5 years."""

    tipo: Opcional[Literal["RECEITA", "DESPESA"]] = None
    status: list[Literal["PENDENTE", "PARCIAL", "PAGO", "CANCELADO"]] | None = Field(None, description="Um ou mais")
    vencido: bool | None = Field(None, description="Pendentes ou parciais com vencimento antes de hoje")
    data: Literal["vencimento", "pagamento", "competencia"] = Field(
        "vencimento", description="A data que de/ate filtram e que ordena as linhas")
    de: Data = Field(description="Início do período")
    ate: Data = Field(description="Fim do período; no máximo 5 anos depois de `de`")
    conta_id: Opcional[IdDeFiltro] = None
    categoria_id: Opcional[IdDeFiltro] = Field(None, description="Desta categoria ou de uma das suas subcategorias")
    cliente_id: Opcional[IdDeFiltro] = None
    fornecedor_id: Opcional[IdDeFiltro] = None
    serie_id: Opcional[IdDeFiltro] = None
    centro_custo_id: Opcional[int] = Field(
        None, ge=0, le=MAX_ID, description="Com este centro de custo (só ou no rateio); 0: sem centro de custo")
    q: Opcional[Texto] = Field(None, max_length=100, description="Início de palavras da descrição ou do documento")

    @model_validator(mode="after")
    def _periodo(self):
        validar_periodo(self.de, self.ate)
        return self


# Records a filter names, which must be the empresa's (another empresa's is one that does not exist).
_REGISTROS = (("categoria_id", "cadastros.v_categorias", "Categoria não encontrada"),
              ("cliente_id", "cadastros.v_clientes", "Cliente não encontrado"),
              ("fornecedor_id", "cadastros.v_fornecedores", "Fornecedor não encontrado"))


def _exigir_registros(cur, p: Parametros) -> None:
    exigir_conta(cur, p.conta_id)
    exigir_centro_custo(cur, p.centro_custo_id)
    for campo, visao, mensagem in _REGISTROS:
        if getattr(p, campo) is not None:
            cur.execute(f"SELECT 1 FROM {visao} WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                        (getattr(p, campo),))
            if cur.fetchone() is None:
                raise NaoEncontrado(mensagem, {campo: mensagem})


def _onde(p: Parametros) -> tuple[str, dict]:
    """The WHERE conditions on `l` (financeiro.v_lancamentos), as financeiro's Filtro.sql writes them."""
    coluna = f"l.{COLUNA_DA_DATA[p.data]}"
    condicoes = ["l.empresa_id = plataforma.empresa_atual()", f"{coluna} >= %(de)s", f"{coluna} <= %(ate)s"]
    valores: dict = {"de": p.de, "ate": p.ate}
    for campo in ("tipo", "conta_id", "cliente_id", "fornecedor_id", "serie_id"):
        if getattr(p, campo) is not None:
            condicoes.append(f"l.{campo} = %({campo})s")
            valores[campo] = getattr(p, campo)
    if p.categoria_id is not None:
        # The categoria's branch, computed once: an array of ids, not a join per row.
        condicoes.append("""l.categoria_id = ANY(ARRAY(
            WITH RECURSIVE ramo AS (
                SELECT c.id FROM cadastros.v_categorias c
                 WHERE c.empresa_id = plataforma.empresa_atual() AND c.id = %(categoria_id)s
                UNION ALL
                SELECT c.id FROM cadastros.v_categorias c JOIN ramo ON c.parent_id = ramo.id
                 WHERE c.empresa_id = plataforma.empresa_atual())
            SELECT id FROM ramo))""")
        valores["categoria_id"] = p.categoria_id
    if p.status:
        condicoes.append("l.status = ANY(%(status)s)")
        valores["status"] = list(p.status)
    if p.vencido is not None:
        condicoes.append("l.vencido" if p.vencido else "NOT l.vencido")
    if p.centro_custo_id == SEM_CENTRO:
        condicoes.append("""NOT EXISTS (SELECT FROM financeiro.v_rateios r
                             WHERE r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = l.id)""")
    elif p.centro_custo_id is not None:
        condicoes.append("""l.id IN (SELECT r.lancamento_id FROM financeiro.v_rateios r
                               WHERE r.empresa_id = plataforma.empresa_atual()
                                 AND r.centro_custo_id = %(centro_custo_id)s)""")
        valores["centro_custo_id"] = p.centro_custo_id
    termos = palavras(p.q or "")
    if not termos and (p.q or "").strip():
        condicoes.append("false")  # punctuation alone starts no word, as in the ledger
    for n, termo in enumerate(termos):  # a word is \w+ only: nothing in it is special to a regex
        condicoes.append(f"lower(translate(l.descricao || ' ' || coalesce(l.documento, ''), "
                         f"'{_ACENTUADAS}', '{_SEM_ACENTO}')) ~ %(termo{n})s")
        valores[f"termo{n}"] = rf"(^|\W){termo}"
    return " AND ".join(condicoes), valores


_SOMAS = """
    SELECT count(*) AS quantidade,
           coalesce(sum(valor) FILTER (WHERE tipo = 'RECEITA' AND status <> 'CANCELADO'), 0) AS receitas,
           coalesce(sum(valor) FILTER (WHERE tipo = 'DESPESA' AND status <> 'CANCELADO'), 0) AS despesas,
           coalesce(sum(valor_pago) FILTER (WHERE tipo = 'RECEITA'), 0) AS receitas_pagas,
           coalesce(sum(valor_pago) FILTER (WHERE tipo = 'DESPESA'), 0) AS despesas_pagas
      FROM financeiro.v_lancamentos l WHERE {onde}"""

_LINHAS = """
    SELECT l.tipo, l.descricao, l.valor, l.valor_pago, l.valor_aberto, l.status, l.vencido,
           l.data_vencimento, l.competencia, l.data_pagamento,
           cat.nome AS categoria, co.nome AS conta, coalesce(cl.nome, fo.nome) AS pessoa,
           (SELECT json_agg(json_build_array(cc.nome, r.valor::text) ORDER BY cc.nome)
              FROM financeiro.v_rateios r
              JOIN cadastros.v_centros_custo cc ON cc.empresa_id = r.empresa_id AND cc.id = r.centro_custo_id
             WHERE r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = l.id) AS centros
      FROM financeiro.v_lancamentos l
      JOIN cadastros.v_categorias cat ON cat.empresa_id = l.empresa_id AND cat.id = l.categoria_id
      JOIN cadastros.v_contas co ON co.empresa_id = l.empresa_id AND co.id = l.conta_id
      LEFT JOIN cadastros.v_clientes cl ON cl.empresa_id = l.empresa_id AND cl.id = l.cliente_id
      LEFT JOIN cadastros.v_fornecedores fo ON fo.empresa_id = l.empresa_id AND fo.id = l.fornecedor_id
     WHERE {onde}
     ORDER BY l.{coluna}, l.id"""


def _linhas(cur, p: Parametros, lote: int) -> Iterator[dict]:
    """The filtered rows in the ledger's order (its date, then id), `lote` at a time from a
    server-side cursor of this transaction: read once, as the file is written."""
    onde, valores = _onde(p)
    with cur.connection.cursor(name="razao", cursor_factory=type(cur)) as nomeado:
        nomeado.itersize = lote
        nomeado.execute(_LINHAS.format(onde=onde, coluna=COLUNA_DA_DATA[p.data]), valores)
        yield from nomeado


def calcular(cur, parametros: Parametros, lote: int = LOTE) -> dict:
    """{quantidade, receitas, despesas, saldo, pago, aberto, linhas}: the ledger's count and totals
    (the screen's: a cancelled lançamento is listed, not summed; despesas count negative) and its
    rows, an iterator to read once within `cur`'s transaction. No JSON route serves this."""
    _exigir_registros(cur, parametros)
    onde, valores = _onde(parametros)
    cur.execute(_SOMAS.format(onde=onde), valores)
    somas = cur.fetchone()
    receitas, despesas = Decimal(somas["receitas"]), Decimal(somas["despesas"])
    pago = Decimal(somas["receitas_pagas"]) - Decimal(somas["despesas_pagas"])
    return {
        "de": parametros.de.isoformat(), "ate": parametros.ate.isoformat(), "data": parametros.data,
        "quantidade": somas["quantidade"], "receitas": moeda(receitas), "despesas": moeda(despesas),
        "saldo": moeda(receitas - despesas), "pago": moeda(pago), "aberto": moeda(receitas - despesas - pago),
        "linhas": _linhas(cur, parametros, lote),
    }
