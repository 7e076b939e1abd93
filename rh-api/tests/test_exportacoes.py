"""The processed folha's files (rh/exportacoes/): the holerite PDF read back (name, CPF, rubricas,
totals, bases, memo), all holerites one per page, the summary XLSX (numbers are numbers, dates are
dates, the totals row sums to the stored totals), the accounting journal (débitos = créditos, and
what it leaves in each account is the folha's líquido, INSS, IRRF and FGTS), the variables for the
accountant; 403 without rh:ler, 404 for another empresa's folha or a funcionário not in it.

The folha is made cheaply: the preview through HTTP, stored as owner the way processing stores it
(no financeiro needed)."""
import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from pypdf import PdfReader

from rh import exportacoes
from rh.exportacoes import diario_contabil, holerite_pdf
from rh.folha import calculo
from rh.folha.modelos import Contratado, Variaveis

COMPETENCIA = "2026-11"
ROTAS = ("holerites.pdf", "resumo.xlsx", "diario.csv", "variaveis.csv")


def _cnpj(empresa: int) -> str:
    """A valid CNPJ of this test's own (auth.empresas.cnpj is unique)."""
    numero = f"{empresa:08d}0001"
    for pesos in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        resto = sum(int(d) * p for d, p in zip(numero, pesos)) % 11
        numero += str(0 if resto < 2 else 11 - resto)
    return numero


def _brl(valor: str | Decimal) -> str:
    inteiro, centavos = f"{Decimal(valor):,.2f}".split(".")
    return f"{inteiro.replace(',', '.')},{centavos}"


@pytest.fixture
def folha(cliente, criar_funcionario, sql_dono, empresa):
    """November 2026 processed: Ana Lima (4.500,00) and Bruno Reis (6.000,00, 10 h extras at 50 %,
    one absence, commissions and an advance), stored as processing stores it. The folha as
    {"id", "itens" (the preview's, by name), "totais"}."""
    sql_dono("INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, %s, %s)",
             (empresa, "Estúdio Luz & Sombra", _cnpj(empresa)))
    criar_funcionario(cliente, cargo="Editora de imagens", pis="226.47139.71-6")
    bruno = criar_funcionario(cliente, nome="Bruno Reis", cpf="111.444.777-35", salario="6000.00",
                              cargo="Produtor", data_admissao="2024-03-04")
    variaveis = cliente.put(f"/api/funcionarios/{bruno['id']}/variaveis/{COMPETENCIA}",
                            json={"horas_extras_50": "10", "faltas_dias": 1, "comissoes": "300.00",
                                  "adiantamento": "500.00"})
    assert variaveis.status_code == 200, variaveis.get_json()
    previa = cliente.get("/api/folha/calcular", query_string={"competencia": COMPETENCIA}).get_json()
    totais = previa["totais"]
    [linha] = sql_dono("""INSERT INTO rh.folhas (empresa_id, competencia, totais, destino, versao_sincronizada)
                          VALUES (%s, %s, %s::jsonb, '{}'::jsonb, 1) RETURNING id""",
                       (empresa, f"{COMPETENCIA}-01", json.dumps(totais)))
    for item in previa["itens"]:
        sql_dono("""INSERT INTO rh.folha_holerites (empresa_id, folha_id, funcionario_id, nome, vinculo, bruto,
                                                    descontos, liquido, inss, irrf, fgts, deducao_irrf, rubricas,
                                                    avisos)
                    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)""",
                 (empresa, linha["id"], item["funcionario_id"], item["nome"], item["vinculo"], item["bruto"],
                  item["descontos"], item["liquido"], item["inss"], item["irrf"], item["fgts"],
                  item["deducao_irrf"], json.dumps(item["rubricas"]), json.dumps(item["avisos"])))
    return {"id": linha["id"], "itens": {i["nome"]: i for i in previa["itens"]}, "totais": totais}


def _texto_do_pdf(dados: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(io.BytesIO(dados)).pages]


def _csv(resposta) -> list[dict]:
    texto = resposta.get_data(as_text=True)
    assert texto.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(texto[1:]), delimiter=";"))


def _valor(texto: str) -> Decimal:
    return Decimal(texto.replace(".", "").replace(",", "."))


# ---------------------------------------------------------------- holerite PDF


def test_holerite_de_um_funcionario_em_pdf(cliente, folha, empresa):
    bruno = folha["itens"]["Bruno Reis"]
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites/{bruno['funcionario_id']}.pdf")
    assert resposta.status_code == 200
    assert resposta.mimetype == "application/pdf"
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="holerite-2026-11-bruno-reis.pdf"'
    [pagina] = _texto_do_pdf(resposta.data)
    for esperado in ("Estúdio Luz & Sombra", "Recibo de pagamento de salário", "novembro de 2026", "Folha mensal",
                     "Bruno Reis", "111.444.777-35", "Produtor", "04/03/2024", "Líquido a receber",
                     f"R$ {_brl(bruno['liquido'])}", _brl(bruno["bruto"]), _brl(bruno["descontos"]),
                     "Declaro ter recebido a importância líquida", "Memória de cálculo"):
        assert esperado in pagina, esperado
    cnpj = _cnpj(empresa)
    assert f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}" in pagina
    for r in bruno["rubricas"]:
        assert r["descricao"] in pagina and _brl(r["valor"]) in pagina, r
    # The memo of each rubrica, in small print: the INSS's bands, the IRRF's deduction.
    inss = next(r for r in bruno["rubricas"] if r["codigo"] == "INSS")
    assert inss["memo"][:40] in pagina.replace("\n", " ")
    assert "->" in pagina  # the memos' "→", which Vera cannot draw
    # The bases: salário-base, the salário de contribuição (proventos less the absence), FGTS, IRRF.
    base = (sum(Decimal(r["valor"]) for r in bruno["rubricas"] if r["tipo"] == "PROVENTO")
            - sum(Decimal(r["valor"]) for r in bruno["rubricas"] if r["codigo"] in ("FALTAS", "DSR_FALTAS")))
    assert f"{_brl('6000.00')}" in pagina and _brl(base) in pagina and _brl(bruno["fgts"]) in pagina
    assert Decimal(bruno["fgts"]) == (base * Decimal("0.08")).quantize(Decimal("0.01"))


def test_a_pagina_do_holerite_e_desenhada(cliente, folha, tmp_path):
    """The page is drawn, not blank (its PNG is kept beside the test's files for a look)."""
    ana = folha["itens"]["Ana Lima"]
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites/{ana['funcionario_id']}.pdf")
    pdf = pypdfium2.PdfDocument(resposta.data)
    imagem = pdf[0].render(scale=60 / 72).to_pil().convert("L")
    imagem.save(tmp_path / "holerite.png")
    assert imagem.width < imagem.height  # A4 portrait
    escuros = sum(imagem.histogram()[:128])
    assert escuros > 2000


def test_todos_os_holerites_um_por_pagina(cliente, folha):
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites.pdf")
    assert resposta.status_code == 200
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="folha-2026-11-holerites.pdf"'
    paginas = _texto_do_pdf(resposta.data)
    assert len(paginas) == 2
    for pagina, nome in zip(paginas, ("Ana Lima", "Bruno Reis")):
        assert nome in pagina and f"R$ {_brl(folha['itens'][nome]['liquido'])}" in pagina


def test_holerites_em_partes(cliente, folha, monkeypatch):
    """A large folha's holerites come in parts (HOLERITES_POR_ARQUIVO each); one past the last is a 400."""
    from rh.routes import exportacoes as rotas

    monkeypatch.setattr(rotas, "HOLERITES_POR_ARQUIVO", 1)
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites.pdf", query_string={"parte": 2})
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="folha-2026-11-holerites-parte-2.pdf"'
    [pagina] = _texto_do_pdf(resposta.data)
    assert "Bruno Reis" in pagina
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites.pdf", query_string={"parte": 3})
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"parte": "A folha tem 2 parte(s) de até 1 holerites"}
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites.pdf", query_string={"parte": "x"})
    assert resposta.status_code == 400 and "parte" in resposta.get_json()["campos"]


def test_o_tipo_da_folha_no_holerite_e_nos_nomes(cliente, folha, sql_dono, empresa):
    """A 13º run says so on the holerite and in the files' names (rh.folhas.tipo)."""
    sql_dono("UPDATE rh.folhas SET tipo = 'DECIMO_TERCEIRO_1' WHERE empresa_id = %s AND id = %s",
             (empresa, folha["id"]))
    ana = folha["itens"]["Ana Lima"]["funcionario_id"]
    resposta = cliente.get(f"/api/folha/{folha['id']}/holerites/{ana}.pdf")
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="holerite-2026-11-13-1-ana-lima.pdf"'
    assert "13º salário — 1ª parcela" in _texto_do_pdf(resposta.data)[0]
    resposta = cliente.get(f"/api/folha/{folha['id']}/diario.csv")
    assert resposta.headers["Content-Disposition"] == (
        'attachment; filename="folha-2026-11-13-1-lancamentos-contabeis.csv"')
    assert _csv(resposta)[0]["Histórico"].startswith("13º salário — 1ª parcela 11/2026 — ")


def test_memorias_longas_seguem_na_pagina_seguinte():
    """The writer takes plain data; memos longer than the page go on under the header repeated."""
    rubricas = [{"codigo": f"R{n}", "descricao": f"Rubrica {n}", "tipo": "PROVENTO", "referencia": "",
                 "valor": "10.00", "memo": f"memória {n} " + "explicada em detalhe " * 40} for n in range(30)]
    saida = io.BytesIO()
    holerite_pdf.escrever({"nome": "Estúdio", "cnpj": None}, [{
        "funcionario_id": 1, "nome": "Ana Lima", "vinculo": "CLT", "competencia": date(2026, 11, 1), "tipo": "MENSAL",
        "bruto": "300.00", "descontos": "0.00", "liquido": "300.00", "fgts": "0.00", "rubricas": rubricas}], saida)
    paginas = _texto_do_pdf(saida.getvalue())
    assert len(paginas) >= 2
    assert "Recibo de pagamento de salário (continuação)" in paginas[1] and "Ana Lima" in paginas[1]
    assert "Memória de cálculo (continuação)" in paginas[1]
    assert "memória 29" in paginas[-1]


def test_as_bases_do_rodape_sao_as_do_calculo():
    """The footer's bases, found from the stored rubricas, are the calculation's own (a change of
    the IRRF memo's wording would break the base IRRF: this is the test that says so)."""
    contratado = Contratado(1, "Bruno Reis", "CLT", Decimal("6000.00"), date(2024, 3, 4), dependentes=1)
    for variaveis in (Variaveis(), Variaveis(horas_extras_50=Decimal("10"), faltas_dias=2,
                                             comissoes=Decimal("300"))):
        h = calculo.mensal(contratado, variaveis, date(2026, 11, 1))
        guardado = {"fgts": h.fgts, "salario_base": Decimal("6000.00"),
                    "rubricas": [{"codigo": r.codigo, "tipo": r.tipo, "valor": f"{r.valor:.2f}", "memo": r.memo,
                                  "referencia": r.referencia} for r in h.rubricas]}
        bases = exportacoes.bases(guardado)
        assert (bases.base_inss, bases.base_irrf, bases.fgts) == (h.base_inss, h.base_irrf, h.fgts)
        assert bases.base_fgts == h.base_inss
    assert exportacoes.quantidade("10,50 h") == (Decimal("10.50"), "h")
    assert exportacoes.quantidade("2 dias") == (Decimal(2), "dias")
    assert exportacoes.quantidade("7,5 %") == (None, "")


# ---------------------------------------------------------------- XLSX


def test_resumo_em_excel_com_numeros_datas_e_totais(cliente, folha):
    resposta = cliente.get(f"/api/folha/{folha['id']}/resumo.xlsx")
    assert resposta.status_code == 200
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="folha-2026-11-resumo.xlsx"'
    valores = openpyxl.load_workbook(io.BytesIO(resposta.data), data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(resposta.data))
    assert valores.sheetnames == ["Resumo", "Memória de cálculo"]
    resumo = valores["Resumo"]
    linhas = list(resumo.iter_rows(values_only=True))
    assert linhas[1][1] == datetime(2026, 11, 1)
    cabecalho = linhas[5]
    assert cabecalho[:6] == ("Código", "Funcionário", "CPF", "Cargo", "Vínculo", "Admissão")
    assert cabecalho[-4:] == ("Bruto", "Descontos", "Líquido", "FGTS")
    titulos = list(cabecalho)
    # Proventos, then descontos, then informativos.
    assert titulos.index("Salário (SALARIO)") < titulos.index("Horas extras 50 % (HE50)") < titulos.index(
        "INSS (INSS)") < titulos.index("FGTS (encargo do empregador) (FGTS)")
    por_nome = {linha[1]: linha for linha in linhas[6:8]}
    bruno = por_nome["Bruno Reis"]
    assert bruno[2] == "111.444.777-35" and bruno[5] == datetime(2024, 3, 4)
    for campo, coluna in (("bruto", "Bruto"), ("descontos", "Descontos"), ("liquido", "Líquido"), ("fgts", "FGTS")):
        for nome, linha in por_nome.items():
            assert isinstance(linha[titulos.index(coluna)], (int, float))
            assert Decimal(str(linha[titulos.index(coluna)])) == Decimal(folha["itens"][nome][campo])
    assert Decimal(str(bruno[titulos.index("Horas extras 50 % (HE50)")])) == Decimal(
        next(r["valor"] for r in folha["itens"]["Bruno Reis"]["rubricas"] if r["codigo"] == "HE50"))
    assert por_nome["Ana Lima"][titulos.index("Horas extras 50 % (HE50)")] is None
    total = linhas[8]
    assert total[1] == "Total"
    for campo, coluna in (("bruto", "Bruto"), ("descontos", "Descontos"), ("liquido", "Líquido"), ("fgts", "FGTS")):
        assert Decimal(str(total[titulos.index(coluna)])).quantize(Decimal("0.01")) == Decimal(folha["totais"][campo])
        celula = formulas["Resumo"].cell(row=9, column=titulos.index(coluna) + 1)
        assert celula.value == f"=SUM({celula.column_letter}7:{celula.column_letter}8)"
        assert celula.number_format == '"R$" #,##0.00'
    memorias = list(valores["Memória de cálculo"].iter_rows(min_row=2, values_only=True))
    assert len(memorias) == sum(len(i["rubricas"]) + len(i["avisos"]) for i in folha["itens"].values())
    inss = next(m for m in memorias if m[1] == "Bruno Reis" and m[2] == "INSS")
    assert isinstance(inss[6], (int, float)) and inss[7].startswith("INSS")


# ---------------------------------------------------------------- accounting journal


def test_lancamentos_contabeis_debitos_iguais_a_creditos(cliente, folha):
    resposta = cliente.get(f"/api/folha/{folha['id']}/diario.csv")
    assert resposta.status_code == 200
    assert resposta.mimetype == "text/csv"
    assert resposta.headers["Content-Disposition"] == (
        'attachment; filename="folha-2026-11-lancamentos-contabeis.csv"')
    linhas = _csv(resposta)
    assert list(linhas[0]) == list(diario_contabil.CABECALHO)
    assert {linha["Data"] for linha in linhas} == {"30/11/2026"}
    saldos: dict[str, Decimal] = {}
    debitos = creditos = Decimal(0)
    for linha in linhas:
        valor = _valor(linha["Valor"])
        assert valor > 0 and "," in linha["Valor"]
        saldos[linha["Conta débito"]] = saldos.get(linha["Conta débito"], Decimal(0)) + valor
        saldos[linha["Conta crédito"]] = saldos.get(linha["Conta crédito"], Decimal(0)) - valor
        debitos += valor
        creditos += valor
    assert debitos == creditos and sum(saldos.values()) == 0
    totais = {campo: Decimal(valor) for campo, valor in folha["totais"].items()}
    # What each liability account holds afterwards is what the folha owes: the net pay, the guides.
    assert -saldos["Salários a pagar"] == totais["liquido"]
    assert -saldos["INSS a recolher"] == totais["inss"]
    assert -saldos["IRRF a recolher"] == totais["irrf"]
    assert -saldos["FGTS a recolher"] == totais["fgts"]
    assert saldos["Encargos sociais — FGTS"] == totais["fgts"]
    assert saldos["Adiantamentos a funcionários"] == Decimal("-500.00")
    # One line per rubrica's total: the two salaries are one line.
    salarios = [x for x in linhas if x["Histórico"].endswith("(SALARIO)")]
    assert len(salarios) == 1 and _valor(salarios[0]["Valor"]) == Decimal("10500.00")
    assert salarios[0]["Conta débito"] == "Salários e ordenados" and salarios[0]["Histórico"].startswith(
        "Folha 11/2026 — Salário")


def test_contas_do_diario_sao_dados():
    """Every rule names an account of the plan, and the pró-labore has its own."""
    plano = diario_contabil.plano()
    for regra in [*plano["rubricas"].values(), *(r for r in plano["padrao"].values() if r)]:
        assert regra["debito"] in plano["contas"] and regra["credito"] in plano["contas"]
    [linha] = diario_contabil.lancamentos(date(2026, 11, 1), "MENSAL", [
        {"vinculo": "PRO_LABORE", "rubricas": [{"codigo": "SALARIO", "descricao": "Pró-labore", "tipo": "PROVENTO",
                                                "valor": "8000.00"}]}])
    assert (linha.debito.nome, linha.credito.nome, linha.valor) == ("Pró-labore", "Pró-labore a pagar",
                                                                    Decimal("8000.00"))
    assert Path(diario_contabil.PLANO).is_file()


# ---------------------------------------------------------------- variables for the accountant


def test_variaveis_para_o_contador(cliente, folha):
    resposta = cliente.get(f"/api/folha/{folha['id']}/variaveis.csv")
    assert resposta.status_code == 200
    assert resposta.headers["Content-Disposition"] == 'attachment; filename="folha-2026-11-variaveis.csv"'
    linhas = _csv(resposta)
    assert len(linhas) == sum(len(i["rubricas"]) for i in folha["itens"].values())
    do_bruno = {x["Rubrica"]: x for x in linhas if x["Nome"] == "Bruno Reis"}
    he = do_bruno["HE50"]
    assert (he["CPF"], he["Competência"], he["Folha"], he["Origem"]) == ("11144477735", "11/2026", "MENSAL", "VARIAVEL")
    assert (he["Quantidade"], he["Unidade"], he["Referência"]) == ("10,00", "horas", "10,00 h")
    assert _valor(he["Valor"]) == Decimal(next(r["valor"] for r in folha["itens"]["Bruno Reis"]["rubricas"]
                                               if r["codigo"] == "HE50"))
    assert (do_bruno["FALTAS"]["Quantidade"], do_bruno["FALTAS"]["Unidade"]) == ("1", "dias")
    assert do_bruno["ADIANTAMENTO"]["Valor"] == "500,00" and do_bruno["ADIANTAMENTO"]["Origem"] == "VARIAVEL"
    assert do_bruno["INSS"]["Origem"] == "CALCULADA" and do_bruno["INSS"]["Quantidade"] == ""
    ana = {x["Rubrica"]: x for x in linhas if x["Nome"] == "Ana Lima"}
    assert ana["SALARIO"]["PIS"] == "22647139716" and ana["SALARIO"]["Valor"] == "4500,00"


# ---------------------------------------------------------------- permission and tenancy


def test_sem_rh_ler_e_403(como, folha, empresa):
    leitor, ninguem = como(empresa, perms=["rh:ler"]), como(empresa, perms=["financeiro:ler"])
    bruno = folha["itens"]["Bruno Reis"]["funcionario_id"]
    for rota in (*ROTAS, f"holerites/{bruno}.pdf"):
        assert ninguem.get(f"/api/folha/{folha['id']}/{rota}").status_code == 403, rota
        assert leitor.get(f"/api/folha/{folha['id']}/{rota}").status_code == 200, rota


def test_folha_de_outra_empresa_ou_funcionario_fora_dela_e_404(como, cliente, folha, nova_empresa,
                                                               criar_funcionario):
    outra = como(nova_empresa())
    bruno = folha["itens"]["Bruno Reis"]["funcionario_id"]
    for rota in (*ROTAS, f"holerites/{bruno}.pdf"):
        resposta = outra.get(f"/api/folha/{folha['id']}/{rota}")
        assert resposta.status_code == 404, rota
        assert resposta.get_json()["error"] == "Folha não encontrada"
    # Someone of the empresa admitted after the folha was processed is not in it.
    depois = criar_funcionario(cliente, nome="Caio Novo", cpf="390.533.447-05")
    for funcionario in (depois["id"], 2**63):
        resposta = cliente.get(f"/api/folha/{folha['id']}/holerites/{funcionario}.pdf")
        assert resposta.status_code == 404
    assert cliente.get(f"/api/folha/{2**63}/holerites.pdf").status_code == 404


def test_openapi_descreve_os_arquivos(cliente):
    caminhos = cliente.get("/openapi.json").get_json()["paths"]
    tipos = {"holerites.pdf": "application/pdf", "resumo.xlsx":
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "diario.csv": "text/csv",
             "variaveis.csv": "text/csv"}
    for rota, tipo in tipos.items():
        operacao = caminhos[f"/api/folha/{{folha_id}}/{rota}"]["get"]
        assert tipo in operacao["responses"]["200"]["content"]
        assert {"403", "404"} <= set(operacao["responses"])
    assert "application/pdf" in caminhos["/api/folha/{folha_id}/holerites/{funcionario_id}.pdf"]["get"][
        "responses"]["200"]["content"]
