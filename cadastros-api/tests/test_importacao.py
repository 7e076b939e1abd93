"""POST /api/<clientes|fornecedores>/importar: a spreadsheet saved as CSV, all or nothing, idempotent.

Every test acts in an empresa of its own, so the same documents serve them all.
"""
import io

import psycopg2
import pytest

from cadastros import create_app, importacao


BOM = "\ufeff"
CABECALHO = "nome;cpf_cnpj;email;telefone;cep;logradouro;numero;complemento;bairro;cidade;uf;observacoes"


@pytest.fixture(params=["clientes", "fornecedores"])
def recurso(request):
    return request.param






def enviar(cliente, recurso, conteudo, nome="planilha.csv", campo="arquivo"):
    dados = conteudo.encode("utf-8") if isinstance(conteudo, str) else conteudo
    return cliente.post(f"/api/{recurso}/importar", data={campo: (io.BytesIO(dados), nome)},
                        content_type="multipart/form-data")


def nomes(cliente, recurso, **filtros) -> list[str]:
    resposta = cliente.get(f"/api/{recurso}", query_string={"limit": 500, **filtros})
    return [item["nome"] for item in resposta.get_json()["items"]]


def recusa(resposta) -> str:
    """The message about the file of a refused upload."""
    assert resposta.status_code == 400, resposta.get_json()
    assert resposta.get_json()["code"] == "validacao"
    return resposta.get_json()["campos"]["arquivo"]


def test_importa_o_csv_do_excel_com_bom_e_ponto_e_virgula(cliente, recurso, empresa, database):
    arquivo = BOM + "\r\n".join([
        "Nome;CPF/CNPJ;E-mail;Telefone;CEP;Cidade;UF;Observações;",  # Excel's trailing empty column
        "João da Silva;341.672.110-17;joao@exemplo.com.br;(11) 98765-4321;01310-100;São Paulo;sp;;",
        'Estúdio Foco Ltda;11.222.333/0001-81;;;;;;"Paga no dia 10; boleto\r\nsó por e-mail";',
        ";;;;;;;;",  # a blank line: skipped
        "Maria Souza;;;;;;;;",
    ]) + "\r\n"
    resposta = enviar(cliente, recurso, arquivo)
    assert resposta.status_code == 201, resposta.get_json()
    assert resposta.get_json() == {"importados": 3}

    itens = {item["nome"]: item for item in cliente.get(f"/api/{recurso}").get_json()["items"]}
    assert sorted(itens) == ["Estúdio Foco Ltda", "João da Silva", "Maria Souza"]
    joao, foco = itens["João da Silva"], itens["Estúdio Foco Ltda"]
    assert (joao["cpf_cnpj"], joao["tipo_pessoa"], joao["telefone"], joao["endereco"]["cep"], joao["endereco"]["uf"],
            joao["endereco"]["cidade"]) == ("34167211017", "FISICA", "11987654321", "01310100", "SP", "São Paulo")
    assert (foco["tipo_pessoa"], foco["observacoes"]) == ("JURIDICA", "Paga no dia 10; boleto\r\nsó por e-mail")
    assert itens["Maria Souza"]["endereco"] is None
    assert nomes(cliente, recurso, q="est fo") == ["Estúdio Foco Ltda"]  # its words are searchable

    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""SELECT acao, depois->>'arquivo', depois->'importados', jsonb_array_length(depois->'ids')
                           FROM plataforma.auditoria WHERE empresa_id = %s""", (empresa,))
            assert cur.fetchall() == [("importar", "planilha.csv", 3, 3)]
    finally:
        conn.close()


def test_windows_1252_com_virgula(cliente, recurso):
    arquivo = "nome,cidade,uf\r\nJosé Conceição,Ribeirão Preto,SP\r\n\"Gráfica Ação, Ltda\",,\r\n".encode("cp1252")
    assert enviar(cliente, recurso, arquivo).status_code == 201
    assert nomes(cliente, recurso) == ["Gráfica Ação, Ltda", "José Conceição"]


def test_linhas_com_problemas_recusam_o_arquivo_todo(cliente, recurso):
    arquivo = "\n".join([
        CABECALHO,
        "Boa;341.672.110-17;;;;;;;;;;",
        "Ruim;341.672.110-18;fulano;123;;;;;;;XX;",
        '"Deslocada";Silva, Ana;;;;;;;;;;;extra',
        ";684.038.854-90;;;;;;;;;;",
        "",
        "Também boa;;;;;;;;;;;",
    ])
    resposta = enviar(cliente, recurso, arquivo)
    assert recusa(resposta) == "3 linhas com problemas; nada foi importado"
    assert resposta.get_json()["linhas"] == [
        {"linha": 3, "erros": {"cpf_cnpj": "CPF inválido: confira os dígitos",
                               "email": "E-mail inválido; use o formato nome@empresa.com.br",
                               "telefone": "Informe o telefone com DDD: 10 ou 11 dígitos",
                               "uf": "UF inválida; use a sigla do estado, como SP"}},
        {"linha": 4, "erros": {"linha": "Há valores fora das colunas do cabeçalho; "
                                        "um valor com vírgula ou ponto e vírgula precisa estar entre aspas"}},
        {"linha": 5, "erros": {"nome": "Deve ter pelo menos 1 caractere(s)"}},
    ]
    assert nomes(cliente, recurso) == []


def test_o_mesmo_arquivo_duas_vezes_nao_duplica_nada(cliente, recurso):
    arquivo = "\n".join([CABECALHO, "Ana;341.672.110-17;;;;;;;;;;", "Bia Sem Documento;;;;;;;;;;;"])
    assert enviar(cliente, recurso, arquivo).get_json() == {"importados": 2}
    segunda = enviar(cliente, recurso, arquivo)
    artigo = "um cliente" if recurso == "clientes" else "um fornecedor"
    assert recusa(segunda) == "2 linhas com problemas; nada foi importado"
    assert segunda.get_json()["linhas"] == [
        {"linha": 2, "erros": {"cpf_cnpj": f"Já existe {artigo} com este CPF/CNPJ"}},
        {"linha": 3, "erros": {"nome": f"Já existe {artigo} sem CPF/CNPJ com este nome"}},
    ]
    # The same person written otherwise is the same person.
    outra_grafia = "\n".join(["nome;cpf_cnpj", "ANA;34167211017", "bia  sem documento;"])
    assert len(enviar(cliente, recurso, outra_grafia).get_json()["linhas"]) == 2
    assert nomes(cliente, recurso) == ["Ana", "Bia Sem Documento"]


def test_repeticao_dentro_do_arquivo(cliente, recurso):
    arquivo = "\n".join(["nome;cpf_cnpj", "Ana;341.672.110-17", "Ana Maria;34167211017", "Bia;", "Bía;"])
    assert enviar(cliente, recurso, arquivo).get_json()["linhas"] == [
        {"linha": 3, "erros": {"cpf_cnpj": "Repete a linha 2"}},
        {"linha": 5, "erros": {"nome": "Repete a linha 4"}},
    ]


def test_outra_empresa_importa_os_mesmos_documentos(como, recurso, nova_empresa):
    arquivo = "nome;cpf_cnpj\nAna;341.672.110-17\n"
    for empresa in (nova_empresa(), nova_empresa()):
        assert enviar(como(empresa), recurso, arquivo).status_code == 201


def test_numero_da_linha_conta_celulas_de_varias_linhas(cliente, recurso):
    arquivo = 'nome;observacoes\n"Ana";"uma\nduas\ntrês"\nBia;\n;sem nome\n'
    resposta = enviar(cliente, recurso, arquivo)
    assert recusa(resposta) == "1 linha com problemas; nada foi importado"
    assert resposta.get_json()["linhas"] == [{"linha": 6, "erros": {"nome": "Deve ter pelo menos 1 caractere(s)"}}]


@pytest.mark.parametrize("conteudo, mensagem", [
    ("nome;apelido\nAna;Aninha\n",
     "Coluna desconhecida: apelido; as colunas são " + ", ".join(importacao.COLUNAS)),
    ("cpf_cnpj\n341.672.110-17\n", "Falta a coluna nome no cabeçalho (a primeira linha)"),
    ("nome;Nome\nAna;Ana\n", "A coluna nome aparece duas vezes no cabeçalho"),
    ("", "O arquivo está vazio"),
    (BOM + " \r\n", "O arquivo está vazio"),
    (BOM + "nome;cpf_cnpj\r\n", "O arquivo não tem nenhuma linha além do cabeçalho"),
    ("nome\nA\x00na\n", "O arquivo contém caracteres inválidos; salve-o como CSV UTF-8"),
    (b"nome\nJos\x81\n", "Codificação não reconhecida; salve o arquivo como CSV UTF-8"),
    ("nome\nAna\n".encode("utf-16"), "Salve o arquivo como CSV UTF-8, não como Texto Unicode"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Envie um arquivo CSV: no Excel, Salvar como > CSV (separado por vírgulas ou ponto e vírgula)"),
    ('nome\n"' + "x" * 200_000 + "\n", "A linha 2 não pôde ser lida: confira as aspas"),
])
def test_arquivos_recusados_inteiros(cliente, recurso, conteudo, mensagem):
    assert recusa(enviar(cliente, recurso, conteudo)) == mensagem
    assert nomes(cliente, recurso) == []


def test_mais_linhas_que_o_limite(cliente, recurso, monkeypatch):
    monkeypatch.setattr(importacao, "MAX_LINHAS", 3)
    assert enviar(cliente, recurso, "nome\nA\nB\nC\n").status_code == 201
    assert recusa(enviar(cliente, recurso, "nome\nD\nE\nF\nG\n")) == "O arquivo passa de 3 linhas; divida-o em partes"


def test_relata_no_maximo_mil_linhas(cliente, recurso):
    arquivo = "nome;email\n" + "".join(f"Pessoa {n};invalido\n" for n in range(1200))
    resposta = enviar(cliente, recurso, arquivo)
    assert recusa(resposta) == "1200 linhas com problemas; nada foi importado (aqui estão as primeiras 1000)"
    assert [linha["linha"] for linha in resposta.get_json()["linhas"]] == list(range(2, 1002))


def test_pedidos_sem_o_arquivo(cliente, recurso):
    assert enviar(cliente, recurso, "nome\nAna\n", campo="planilha").get_json()["campos"] == {
        "arquivo": "Envie o arquivo CSV no campo arquivo"}
    assert cliente.post(f"/api/{recurso}/importar", json={"nome": "Ana"}).get_json()["code"] == "tipo_nao_suportado"
    assert cliente.post(f"/api/{recurso}/importar", data=b"--x\r\nlixo",
                        content_type="multipart/form-data; boundary=x").status_code == 400


def test_arquivo_grande_demais_e_413(service_env, como, recurso, nova_empresa):
    pequeno = create_app({**service_env, "MAX_UPLOAD_BYTES": "1000"})
    c = pequeno.test_client()
    c.environ_base.update(como(nova_empresa()).environ_base)
    resposta = enviar(c, recurso, "nome\n" + "Ana\n" * 1000)
    assert resposta.status_code == 413
    assert resposta.get_json()["code"] == "arquivo_grande"


def test_modelo(cliente, recurso):
    resposta = cliente.get(f"/api/{recurso}/importar/modelo")
    assert resposta.status_code == 200
    assert resposta.mimetype == "text/csv"
    assert resposta.headers["Content-Disposition"] == f'attachment; filename="modelo-{recurso}.csv"'
    modelo = resposta.get_data()
    assert modelo.decode("utf-8") == BOM + CABECALHO + "\r\n"
    # Filled in as a spreadsheet would, it imports.
    assert enviar(cliente, recurso, modelo + "Ana;;ana@exemplo.com.br;;;;;;;;;\r\n".encode()).status_code == 201
