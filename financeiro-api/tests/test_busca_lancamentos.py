"""GET /api/lancamentos?q=: what staff type to find a lançamento, document numbers with their
hyphens and slashes included."""
from financeiro import busca, lancamentos as dominio
from financeiro.routes.lancamentos import FiltroLancamentos


def criar(cliente, cad, descricao, documento=None):
    resposta = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": descricao, "documento": documento, "valor": "100.00",
        "data_vencimento": "2026-03-10", "categoria_id": cad.receita_id, "conta_id": cad.conta_id})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def achados(cliente, q) -> list[str]:
    resposta = cliente.get("/api/lancamentos", query_string={"q": q})
    assert resposta.status_code == 200, resposta.get_json()
    return [f"{i['descricao']} | {i['documento']}" for i in resposta.get_json()["items"]]


def test_numeros_de_documento_com_hifen_barra_e_ponto(cliente, cad):
    criar(cliente, cad, "Casamento Ana e Rui", "NF 2026-031")
    criar(cliente, cad, "Ensaio gestante", "2026-032")
    criar(cliente, cad, "Formatura Direito", "Pedido 12/2026")
    criar(cliente, cad, "Sessão São João", "Boleto 001.234.567-8")

    casamento, ensaio = "Casamento Ana e Rui | NF 2026-031", "Ensaio gestante | 2026-032"
    assert achados(cliente, "2026-031") == achados(cliente, "NF 2026-031") == [casamento]
    assert achados(cliente, "nf 2026/031") == achados(cliente, " 2026 - 031 ") == [casamento]
    assert achados(cliente, "2026-03") == [casamento, ensaio]  # each word, the start of one
    assert achados(cliente, "12/2026") == ["Formatura Direito | Pedido 12/2026"]
    assert achados(cliente, "001.234") == achados(cliente, "sao joao 567-8") == ["Sessão São João | Boleto 001.234.567-8"]
    assert achados(cliente, "casamento ana-rui") == [casamento]  # punctuation in descrições too
    assert achados(cliente, "2026-033") == achados(cliente, "031-2027") == []
    assert achados(cliente, "-") == achados(cliente, "/.") == []  # no word to look for


def test_o_total_e_a_exportacao_seguem_a_busca(cliente, cad):
    criar(cliente, cad, "Casamento", "NF 2026-031")
    criar(cliente, cad, "Ensaio", "NF 2026-040")
    pagina = cliente.get("/api/lancamentos", query_string={"q": "2026-031"}).get_json()
    assert pagina["totais"]["quantidade"] == 1 and pagina["totais"]["receitas"] == "100.00"
    csv = cliente.get("/api/lancamentos/exportar", query_string={"q": "2026-031"})
    assert csv.status_code == 200 and "2026-031" in csv.text and "2026-040" not in csv.text


def test_q_invalido_nomeia_o_parametro(cliente, cad):
    for q in ("x" * 101, "NF\x002026"):
        erro = cliente.get("/api/lancamentos", query_string={"q": q})
        assert erro.status_code == 400 and "q" in erro.get_json()["campos"], erro.get_json()


def test_a_busca_nao_ve_outra_empresa(como, cadastro, nova_empresa, cliente, cad):
    outra = cadastro(nova_empresa())
    criar(como(outra.empresa_id), outra, "Casamento alheio", "NF 2026-031")
    criar(cliente, cad, "Casamento meu", "NF 2026-099")
    assert achados(cliente, "2026-031") == []
    assert achados(cliente, "casamento") == ["Casamento meu | NF 2026-099"]
    assert achados(como(outra.empresa_id), "2026-031") == ["Casamento alheio | NF 2026-031"]


def cinco_mil(sql_dono, cad, descricao: str, documento: str = "NULL") -> None:
    """5,000 receitas of the empresa written straight to the tables, with their words (as
    lancamentos.indexar folds them), then analysed: `descricao` and `documento` are SQL of n, 1 to
    5,000 (a % doubled, as psycopg2 reads it)."""
    sql_dono(f"""WITH novos AS (
                     INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                         competencia, categoria_id, conta_id, documento)
                     SELECT %(e)s, 'RECEITA', {descricao}, 10, '2026-01-01', '2026-01-01', %(cat)s, %(conta)s,
                            {documento}
                       FROM generate_series(1, 5000) AS n
                     RETURNING id, descricao, documento)
                 INSERT INTO financeiro.lancamentos_palavras (empresa_id, palavra, lancamento_id)
                 SELECT DISTINCT %(e)s, palavra, id
                   FROM novos, regexp_split_to_table(lower(descricao || ' ' || coalesce(documento, '')), '\\W+')
                        AS palavra
                  WHERE palavra <> ''""",
             {"e": cad.empresa_id, "cat": cad.receita_id, "conta": cad.conta_id}, empresa_id=cad.empresa_id)
    sql_dono("ANALYZE financeiro.lancamentos, financeiro.lancamentos_palavras")


def test_cada_palavra_e_um_intervalo_do_indice_mesmo_sob_rls(app, cad, sql_dono):
    """Under row-level security only leakproof operators reach an index: a word of q, whatever
    punctuation joined it to the next, is a range of the words' btree."""
    empresa = cad.empresa_id
    cinco_mil(sql_dono, cad, "'Ensaio ' || n", "'NF 2026-' || lpad(n::text, 3, '0')")
    filtro = FiltroLancamentos(q="NF 2026-031").filtro()
    onde, parametros = filtro.sql()
    with app.extensions["erp"].db.transacao(empresa) as cur:
        cur.execute(f"EXPLAIN SELECT id FROM financeiro.lancamentos l WHERE {onde} ORDER BY data_vencimento, id"
                    " LIMIT 51", parametros)
        plano = "\n".join(linha["QUERY PLAN"] for linha in cur.fetchall())
        assert [linha["id"] for linha in dominio.listar(cur, filtro, None, 51)] != []
    # The rarest word's range finds the few lançamentos; the others are checked on each of them.
    condicoes = "\n".join(linha for linha in plano.splitlines() if "Index Cond" in linha)
    assert "palavra >= '031'" in condicoes and "Seq Scan" not in plano, plano


def test_os_totais_de_q_sem_periodo_contam_cada_lancamento_uma_vez(cliente, cad, como, cadastro, nova_empresa):
    """Over all time one word's totals come from its ids (lancamentos_somas, 0020): a lançamento
    with two words of the prefix counts once, a cancelled one is counted and not summed, and
    another empresa's words add nothing; the same sums as the rows the list pages through."""
    criar(cliente, cad, "Casa de festas Casamento", "NF 1")
    criar(cliente, cad, "Casamento civil", "NF 2")
    cancelado = criar(cliente, cad, "Casarão", "NF 3")
    criar(cliente, cad, "Ensaio", "NF 4")
    assert cliente.post(f"/api/lancamentos/{cancelado['id']}/cancelar", json={}).status_code in (200, 204)
    outra = cadastro(nova_empresa())
    criar(como(outra.empresa_id), outra, "Casamento alheio", "NF 5")
    for q, quantidade, receitas in (("cas", 3, "200.00"), ("casamento", 2, "200.00"), ("casa civil", 1, "100.00"),
                                    ("festa", 1, "100.00"), ("xyz", 0, "0.00")):
        pagina = cliente.get("/api/lancamentos", query_string={"q": q}).get_json()
        assert (pagina["totais"]["quantidade"], pagina["totais"]["receitas"]) == (quantidade, receitas), q
        assert len(pagina["items"]) == quantidade, q
        com_periodo = cliente.get("/api/lancamentos", query_string={"q": q, "de": "2026-01-01",
                                                                   "ate": "2026-12-31"}).get_json()
        assert com_periodo["totais"] == pagina["totais"], q


def test_os_totais_de_uma_palavra_leem_so_o_indice(app, cad, sql_dono):
    """The ids of the word, each looked up by the index (lancamentos_somas, index only once
    vacuumed): the empresa's ledger is not scanned for them, under row-level security too. The
    path of one word with a filter the rollup by prefix has not (a conta...); the rollup agrees."""
    empresa = cad.empresa_id
    cinco_mil(sql_dono, cad, "CASE WHEN n %% 10 = 0 THEN 'Casamento ' ELSE 'Ensaio ' END || n")
    filtro = FiltroLancamentos(q="casamento").filtro()
    onde, parametros = filtro.sql(somando=True)
    with app.extensions["erp"].db.transacao(empresa) as cur:
        cur.execute(f"EXPLAIN SELECT count(*), sum(valor) FROM financeiro.lancamentos l WHERE {onde}", parametros)
        plano = "\n".join(linha["QUERY PLAN"] for linha in cur.fetchall())
        assert dominio._somar(cur, filtro)["quantidade"] == 500 == dominio.totais(cur, filtro)["quantidade"]
    condicoes = "\n".join(linha for linha in plano.splitlines() if "Index Cond" in linha)
    assert "id = ANY" in condicoes and "Seq Scan" not in plano and "Hash" not in plano, plano


def test_varias_palavras_somam_os_ids_que_tem_em_comum_e_a_pagina_escolhe_pela_mais_rara(app, cad, sql_dono,
                                                                                           monkeypatch):
    """Two words over all time: the ids they share come from the words' btree alone and are looked
    up one by one (no scan of the ledger, no row of it read for the words). A page takes those ids
    first when one word is rare (busca.RARA, by the rollup's counts), else a semi-join per word."""
    empresa = cad.empresa_id
    cinco_mil(sql_dono, cad, "CASE WHEN n %% 10 = 0 THEN 'Casamento ' ELSE 'Ensaio ' END"
                             " || CASE WHEN n %% 100 = 0 THEN 'Silva' ELSE 'Souza' END")
    filtro = FiltroLancamentos(q="casamento silva").filtro()
    onde, parametros = filtro.sql(somando=True)
    monkeypatch.setattr(busca, "RARA", 100)
    with app.extensions["erp"].db.transacao(empresa) as cur:
        cur.execute(f"EXPLAIN SELECT count(*), sum(valor) FROM financeiro.lancamentos l WHERE {onde}", parametros)
        plano = "\n".join(linha["QUERY PLAN"] for linha in cur.fetchall())
        assert dominio.totais(cur, filtro)["quantidade"] == 50 == len(dominio.listar(cur, filtro, None, 100))
        assert busca.alguma_rara(cur, ["casamento", "silva"]) and not busca.alguma_rara(cur, ["casamento", "souza"])
        assert busca.alguma_rara(cur, ["ensaio", "123456"])  # a long number is not in the rollup: rare
    condicoes = "\n".join(linha for linha in plano.splitlines() if "Index Cond" in linha)
    assert "id = ANY" in condicoes and "Seq Scan" not in plano, plano
    assert "lancamentos_palavras" in plano and "Index Only Scan using lancamentos_somas" in plano, plano
