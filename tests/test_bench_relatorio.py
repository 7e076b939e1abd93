"""bench/relatorio_md.py: the markdown report made from the tables the bench prints."""
from markdown_it import MarkdownIt

from bench import relatorio_md
from bench.tabela import formatar

FATOS = {"CPU": "AMD EPYC 7B13", "núcleos": "2", "memória": "23.5 GiB", "sistema": "Linux 6.1",
         "Python": "3.13.5", "PostgreSQL": "16.2", "Redis": "6.2.12"}


def _tabelas():
    medidas = formatar(
        "9. Relatórios: frio e quente",
        ["medição", "n", "p50 µs", "p99 µs", "média µs"],
        [["GET dre quente (meta < 20 ms)", "200", "12 345", "19 000", "13 000"],
         ["GET agenda de um mês (meta p99 < 1 ms)", "200", "800.5", "2 000", "900"],
         ["GET fluxo | 5 anos", "200", "99.0", "120", "100"],
         ["conciliação automática (meta ≤ 3× a primeira página)", "1", "5 000", "5 000", "5 000"]],
        ["metas do issue 16, como texto", "um ``` no meio"],
    )
    carga = formatar(
        "13b. O mesmo dia com o relatorios-api reiniciado",
        ["rota", "serviço", "requests", "falhas", "p50 ms", "p95 ms", "p99 ms"],
        [["GET /api/lancamentos?q", "financeiro-api", "900", "0", "23", "51", "80"],
         ["outros serviços, total (meta 0 falhas)", "", "4000", "0", "", "", ""],
         ["relatorios-api, total (reiniciado)", "", "300", "7", "", "", ""]],
    )
    partida = formatar("2. Partida a frio", ["partida", "s"], [["vazio (meta < 10 s)", "12.5"]])
    return [medidas, carga, partida]


def _html_das_tabelas(texto: str) -> list[list[list[str]]]:
    """Each table of the rendered markdown as rows of cell texts (header first)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(texto)
    tabelas, linha, dentro = [], None, False
    for token in tokens:
        if token.type == "table_open":
            tabelas.append([])
        elif token.type == "tr_open":
            linha = []
        elif token.type == "tr_close":
            tabelas[-1].append(linha)
        elif token.type in ("th_open", "td_open"):
            dentro = True
        elif token.type in ("th_close", "td_close"):
            dentro = False
        elif token.type == "inline" and dentro:
            linha.append(token.content)
    return tabelas


def test_a_tabela_impressa_guarda_as_linhas_de_que_foi_feita():
    tabela = _tabelas()[1]
    assert tabela.startswith("13b. O mesmo dia") and "GET /api/lancamentos?q" in tabela
    assert tabela.cabecalho[3] == "falhas"
    assert tabela.linhas[1][0] == "outros serviços, total (meta 0 falhas)"


def test_cada_meta_e_conferida_contra_a_coluna_certa():
    medidas, carga, partida = _tabelas()
    assert relatorio_md.avaliar(medidas.cabecalho, medidas.linhas[0]) == ("< 20 ms", "12 345 (p50 µs)", "sim")
    assert relatorio_md.avaliar(medidas.cabecalho, medidas.linhas[1]) == ("p99 < 1 ms", "2 000 (p99 µs)", "não")
    assert relatorio_md.avaliar(medidas.cabecalho, medidas.linhas[2]) == ("", "", "")
    assert relatorio_md.avaliar(medidas.cabecalho, medidas.linhas[3]) == ("≤ 3× a primeira página", "", "—")
    assert relatorio_md.avaliar(carga.cabecalho, carga.linhas[1]) == ("0 falhas", "falhas: 0", "sim")
    com_falha = ["x (meta 0 falhas)", "", "10", "1"]
    assert relatorio_md.avaliar(carga.cabecalho, com_falha) == ("0 falhas", "falhas: 1", "não")
    assert relatorio_md.avaliar(partida.cabecalho, partida.linhas[0]) == ("< 10 s", "12.5 (s)", "não")


def test_o_relatorio_e_markdown_valido_com_a_maquina_e_cada_meta_ao_lado_do_numero(tmp_path):
    caminho = tmp_path / "RELATORIO.md"
    relatorio_md.atualizar(caminho, FATOS, "python -m bench --so-carga-dia", "2026-12-07 15:00",
                           ["no início: 0.5", "ao fim: 1.9"], _tabelas())
    texto = caminho.read_text(encoding="utf-8")
    tabelas = _html_das_tabelas(texto)
    # The machine, the summary of targets, then one per part's table, in the parts' order.
    assert len(tabelas) == 5
    for tabela in tabelas:
        assert all(len(linha) == len(tabela[0]) for linha in tabela), tabela
    maquina = {linha[0]: linha[1] for linha in tabelas[0][1:]}
    assert maquina["CPU"] == "AMD EPYC 7B13" and maquina["PostgreSQL"] == "16.2" and maquina["memória"] == "23.5 GiB"
    assert tabelas[1][0] == ["parte", "medição", "número", "meta", "cumpre"]
    assert [r[0] for r in tabelas[1][1:]] == ["2", "9", "9", "9", "13b"]
    assert ["9", "GET dre quente", "12 345 (p50 µs)", "< 20 ms", "sim"] in tabelas[1]
    assert ["13b", "outros serviços, total", "falhas: 0", "0 falhas", "sim"] in tabelas[1]
    assert ["2", "vazio", "12.5 (s)", "< 10 s", "não"] in tabelas[1]
    relatorios = tabelas[3]
    assert relatorios[0] == ["medição", "n", "p50 µs", "p99 µs", "média µs", "meta", "cumpre"]
    assert relatorios[1] == ["GET dre quente", "200", "12 345", "19 000", "13 000", "< 20 ms", "sim"]
    assert relatorios[3][0] == "GET fluxo | 5 anos"  # the pipe escaped, the row still whole
    assert tabelas[4][3][:4] == ["relatorios-api, total (reiniciado)", "", "300", "7"]
    # A note's own fence cannot close the block the notes are in.
    assert texto.count("```text") == 1 and texto.count("```") == 2
    assert "## 13b. O mesmo dia com o relatorios-api reiniciado" in texto
    assert texto.count("Medida por `python -m bench --so-carga-dia` em 2026-12-07 15:00; carga média da máquina "
                       "no início: 0.5; ao fim: 1.9.") == 3


def test_uma_execucao_de_algumas_partes_substitui_so_as_delas(tmp_path):
    caminho = tmp_path / "RELATORIO.md"
    medidas, carga, partida = _tabelas()
    relatorio_md.atualizar(caminho, FATOS, "python -m bench", "2026-12-07 15:00", ["no início: 0.5"],
                           [partida, medidas, carga])
    outra_maquina = {**FATOS, "CPU": "Intel Xeon"}
    nova = formatar("9. Relatórios de novo", ["medição", "n", "p50 µs"],
                    [["GET dre quente (meta < 20 ms)", "9", "25 000"]])
    relatorio_md.atualizar(caminho, outra_maquina, "python -m bench --so-relatorios", "2026-12-08 09:30",
                           ["no início: 3.1"], [nova])
    texto = caminho.read_text(encoding="utf-8")
    tabelas = _html_das_tabelas(texto)
    assert "## 9. Relatórios de novo" in texto and "## 9. Relatórios: frio e quente" not in texto
    assert "## 2. Partida a frio" in texto and "## 13b. O mesmo dia" in texto
    assert texto.index("## 2. Partida") < texto.index("## 9. Relatórios de novo") < texto.index("## 13b.")
    assert ("Medida por `python -m bench --so-relatorios` em 2026-12-08 09:30; carga média da máquina "
            "no início: 3.1.") in texto
    assert texto.count("Medida por `python -m bench` em 2026-12-07 15:00") == 2
    # Each machine with the parts it measured.
    assert "## Máquina (partes 2, 13b)" in texto and "## Máquina (partes 9)" in texto
    assert ["9", "GET dre quente", "25 000 (p50 µs)", "< 20 ms", "não"] in tabelas[2]
    assert (tmp_path / "RELATORIO.json").exists()


def test_fatos_da_maquina_vem_do_proc():
    fatos = relatorio_md.fatos_da_maquina({"postgres": "16.2", "redis": "6.2.12"})
    assert int(fatos["núcleos"]) >= 1
    assert fatos["memória"].endswith(" GiB") and fatos["CPU"] != ""
    assert (fatos["PostgreSQL"], fatos["Redis"]) == ("16.2", "6.2.12")
