"""The totals of `q` (migrations/0022_totais_por_prefixo.sql: a q of one word sums the rollup by
word prefix) equal an independent sum over the matching lançamentos, after any mix of writes:
creations, renamings, new valores, baixas and their estornos, cancellations and deletions."""
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from financeiro import lancamentos as dominio
from shared.texto import palavras

# Words that share prefixes (cas, casa, casamento), accents and case ("São", "sao"), documento
# numbers that punctuation splits ("2026-031"), numbers whose long prefixes the rollup leaves out
# ("100123", "1001234": migrations/0022, rule 1), a word that starts with digits ("12x"), and a
# one-letter word.
VOCABULARIO = ["casa", "Casamento", "Casarão", "ensaio", "Ensaio", "São", "sao", "João", "NF", "2026-031",
               "2026-040", "100123", "1001234", "100129", "12x", "c", "festa"]

palavra = st.sampled_from(VOCABULARIO)
texto = st.lists(palavra, min_size=1, max_size=4).map(" ".join)
# A word of the vocabulary cut anywhere: the prefixes people type.
prefixo = st.builds(lambda p, corte: p[:max(1, corte)], palavra, st.integers(1, 9))
busca = st.lists(prefixo, min_size=1, max_size=3).map(" ".join)
centavos = st.integers(1, 99999).map(lambda c: f"{Decimal(c) / 100:.2f}")

criacao = st.tuples(st.just("criar"), st.sampled_from(["RECEITA", "DESPESA"]), texto, st.none() | texto, centavos)
operacao = st.one_of(
    criacao,
    st.tuples(st.just("renomear"), st.integers(0, 20), texto, st.none() | texto),
    st.tuples(st.just("revalorar"), st.integers(0, 20), centavos),
    st.tuples(st.just("baixar"), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("estornar"), st.integers(0, 20)),
    st.tuples(st.just("cancelar"), st.integers(0, 20)),
    st.tuples(st.just("excluir"), st.integers(0, 20)),
)


def _aplicar(cliente, cad, ids: list[int], baixas: list[int], op) -> None:
    """One write through the API; a write the rules refuse (a paid one cancelled...) changes nothing."""
    nome, *args = op
    if nome == "criar":
        tipo, descricao, documento, valor = args
        resposta = cliente.post("/api/lancamentos", json={
            "tipo": tipo, "descricao": descricao, "documento": documento, "valor": valor,
            "data_vencimento": "2026-03-10", "categoria_id": cad.receita_id if tipo == "RECEITA" else cad.despesa_id,
            "conta_id": cad.conta_id})
        assert resposta.status_code == 201, resposta.get_json()
        ids.append(resposta.get_json()["id"])
        return
    if not ids:
        return
    alvo = ids[args[0] % len(ids)]
    if nome == "renomear":
        cliente.put(f"/api/lancamentos/{alvo}", json={"descricao": args[1], "documento": args[2]})
    elif nome == "revalorar":
        cliente.put(f"/api/lancamentos/{alvo}", json={"valor": args[1]})
    elif nome == "baixar":
        resposta = cliente.post(f"/api/lancamentos/{alvo}/baixas", json={} if args[1] else {"valor": "0.01"})
        if resposta.status_code == 201:
            baixas.append(resposta.get_json()["id"])
    elif nome == "estornar" and baixas:
        cliente.delete(f"/api/baixas/{baixas.pop(args[0] % len(baixas))}")
    elif nome == "cancelar":
        cliente.post(f"/api/lancamentos/{alvo}/cancelar")
    elif nome == "excluir" and cliente.delete(f"/api/lancamentos/{alvo}").status_code in (200, 204):
        ids.remove(alvo)


def _soma_independente(cur, filtro: dominio.Filtro) -> dict:
    """The totals from the lançamentos themselves, matched in Python: every word of q starts a
    word of the descrição or documento (neither the words' table nor any rollup is read)."""
    cur.execute("""SELECT descricao, documento, tipo, status, valor, valor_pago FROM financeiro.lancamentos
                    WHERE empresa_id = plataforma.empresa_atual()""")
    termos = palavras(filtro.q)
    soma = dict.fromkeys(("receitas", "despesas", "receitas_pagas", "despesas_pagas"), Decimal("0"))
    quantidade = 0
    for linha in cur.fetchall():
        seus = palavras(f"{linha['descricao']} {linha['documento'] or ''}")
        if not termos or not all(any(p.startswith(t) for p in seus) for t in termos):
            continue
        if filtro.tipo not in (None, linha["tipo"]) or (filtro.status and linha["status"] not in filtro.status):
            continue
        quantidade += 1
        chave = "receitas" if linha["tipo"] == "RECEITA" else "despesas"
        if linha["status"] != "CANCELADO":
            soma[chave] += linha["valor"]
        soma[f"{chave}_pagas"] += linha["valor_pago"]
    return {"quantidade": quantidade, **soma, "saldo": soma["receitas"] - soma["despesas"],
            "receitas_abertas": soma["receitas"] - soma["receitas_pagas"],
            "despesas_abertas": soma["despesas"] - soma["despesas_pagas"]}


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operacoes=st.builds(lambda criadas, outras: criadas + outras, st.lists(criacao, min_size=3, max_size=8),
                           st.lists(operacao, max_size=12)), buscas=st.lists(busca, min_size=1, max_size=6),
       tipo=st.sampled_from([None, "RECEITA", "DESPESA"]), status=st.sampled_from([None, ["PAGO"], ["PENDENTE", "CANCELADO"]]))
def test_os_totais_de_q_sao_a_soma_dos_lancamentos_que_ela_acha(app, como, cadastro, nova_empresa, operacoes, buscas,
                                                                tipo, status):
    cad = cadastro(nova_empresa())
    cliente = como(cad.empresa_id)
    ids, baixas = [], []
    for op in operacoes:
        _aplicar(cliente, cad, ids, baixas, op)
    with app.app_context(), app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        for q in buscas:
            for filtro in (dominio.Filtro(q=q), dominio.Filtro(q=q, tipo=tipo, status=status)):
                assert dominio.totais(cur, filtro) == _soma_independente(cur, filtro), filtro
            # A page finds the same lançamentos by the ids the words share and by a semi-join per word.
            for raras in (False, True):
                onde, parametros = dominio.Filtro(q=q).sql(raras=raras)
                cur.execute(f"SELECT count(*) AS n FROM financeiro.lancamentos l WHERE {onde}", parametros)
                assert cur.fetchone()["n"] == _soma_independente(cur, dominio.Filtro(q=q))["quantidade"], (q, raras)
        conferir_resumo(cur)


def conferir_resumo(cur) -> None:
    """The rollup is exactly what the ledger gives now: no drift left by any write; every prefix of
    the words but a number's prefixes of more than 4 digits (migrations/0022, rule 1)."""
    cur.execute("""SELECT prefixo, tipo, status, quantidade, valor, valor_pago FROM financeiro.totais_prefixo
                    WHERE empresa_id = plataforma.empresa_atual() AND (quantidade, valor, valor_pago) <> (0, 0, 0)
                    ORDER BY 1, 2, 3""")
    guardado = cur.fetchall()
    cur.execute("""SELECT x.prefixo, l.tipo, l.status, count(*) AS quantidade, sum(l.valor) AS valor,
                          sum(l.valor_pago) AS valor_pago
                     FROM (SELECT DISTINCT lancamento_id, left(palavra, n) AS prefixo
                             FROM financeiro.lancamentos_palavras, generate_series(1, length(palavra)) AS n
                            WHERE left(palavra, n) !~ '^[0-9]{5,}$') x
                     JOIN financeiro.lancamentos l ON l.empresa_id = plataforma.empresa_atual() AND l.id = x.lancamento_id
                    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")
    assert guardado == cur.fetchall()


def test_os_totais_de_uma_empresa_nao_somam_os_da_outra(app, como, cadastro, nova_empresa, sql_dono):
    """The rollup is a tenant table: the same word in two empresas sums each one's lançamentos, and
    an empresa reads none of the other's rows, even asking for them by empresa_id."""
    valores = {}
    for valor in ("100.00", "7.50"):
        cad = cadastro(nova_empresa())
        resposta = como(cad.empresa_id).post("/api/lancamentos", json={
            "tipo": "RECEITA", "descricao": "Casamento Souza", "valor": valor, "data_vencimento": "2026-03-10",
            "categoria_id": cad.receita_id, "conta_id": cad.conta_id})
        assert resposta.status_code == 201, resposta.get_json()
        valores[cad.empresa_id] = valor
    a, b = valores
    for empresa_id, valor in valores.items():
        totais = como(empresa_id).get("/api/lancamentos?q=casamento").get_json()["totais"]
        assert (totais["quantidade"], totais["receitas"]) == (1, valor)
    # As the app reads it (row-level security forced): empresa a asking for b's rows gets none.
    with app.app_context(), app.extensions["erp"].db.transacao(a) as cur:
        cur.execute("SELECT count(*) AS n FROM financeiro.totais_prefixo WHERE empresa_id = %s", (b,))
        assert cur.fetchone()["n"] == 0
        cur.execute("SELECT DISTINCT empresa_id FROM financeiro.totais_prefixo")
        assert [linha["empresa_id"] for linha in cur.fetchall()] == [a]
    assert sql_dono("""SELECT count(*) AS n FROM financeiro.totais_prefixo
                        WHERE empresa_id = %s AND prefixo = 'casamento'""", (b,), empresa_id=b)[0]["n"] == 1


def test_so_uma_palavra_em_todo_o_periodo_le_o_resumo():
    """What the rollup by prefix answers: one word (a word another one starts says nothing more),
    with tipo and status at most, over all time."""
    assert dominio.Filtro(q="cas Casamento casa").termos() == ["casamento"]
    assert dominio.Filtro(q="cas Casamento casa").prefixo_somado() == "casamento"
    assert dominio.Filtro(q="São", tipo="RECEITA", status=["PAGO"]).prefixo_somado() == "sao"
    assert dominio.Filtro(q="casa civil").termos() == ["casa", "civil"]
    assert dominio.Filtro(q="NF 2026").termos() == ["2026", "nf"]
    assert dominio.Filtro(q="2026").prefixo_somado() == "2026" and dominio.Filtro(q="12345x").prefixo_somado() == "12345x"
    for filtro in (dominio.Filtro(q="casa civil"), dominio.Filtro(q="-"), dominio.Filtro(),
                   dominio.Filtro(q="casa", conta_id=1), dominio.Filtro(q="casa", de=date(2026, 1, 1)),
                   dominio.Filtro(q="casa", vencido=False), dominio.Filtro(q="casa", campo_data="pagamento"),
                   dominio.Filtro(q="100123"), dominio.Filtro(q="10012")):
        assert filtro.prefixo_somado() is None, filtro
