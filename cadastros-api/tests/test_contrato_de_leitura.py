"""cadastros' read contract (migrations/0005_contrato_de_leitura.sql, README "Read contract"): the
views other services may read, with the columns they were promised, showing a reader its own
empresa's rows only — as the app role, through the transaction every request takes.
"""
import pytest

# Each view and the columns its readers were promised, in order. Columns are only ever added:
# a new one goes after these, and this list grows with it.
CONTRATO = {
    "cadastros.v_contas": ("empresa_id", "id", "nome", "tipo", "banco", "agencia", "numero", "saldo_inicial",
                           "data_saldo_inicial", "ativa"),
    "cadastros.v_categorias": ("empresa_id", "id", "nome", "tipo", "parent_id", "ativa", "grupo_dre", "ordem"),
    "cadastros.v_centros_custo": ("empresa_id", "id", "nome", "codigo", "ativo"),
    "cadastros.v_clientes": ("empresa_id", "id", "nome", "nome_busca", "tipo_pessoa", "cpf_cnpj", "email", "ativo",
                             "cep", "logradouro", "numero", "complemento", "bairro", "cidade", "uf"),
    "cadastros.v_fornecedores": ("empresa_id", "id", "nome", "nome_busca", "tipo_pessoa", "cpf_cnpj", "email",
                                 "ativo", "banco", "agencia", "conta_bancaria", "tipo_conta_bancaria", "chave_pix",
                                 "tipo_chave_pix", "cache_valor", "cache_rpa"),
    "cadastros.v_contas_cobranca": ("empresa_id", "conta_id", "layout", "convenio", "carteira", "variacao", "posto",
                                    "proximo_nosso_numero", "proximo_nsa", "chave_pix", "tipo_chave_pix",
                                    "juros_mes_percentual", "multa_percentual", "dias_baixa", "instrucoes",
                                    "beneficiario_nome", "beneficiario_documento", "beneficiario_endereco",
                                    "categoria_tarifa_id"),
    "cadastros.v_clientes_palavras": ("empresa_id", "palavra", "pessoa_id", "nome_busca", "ativo"),
    "cadastros.v_fornecedores_palavras": ("empresa_id", "palavra", "pessoa_id", "nome_busca", "ativo"),
}


def _cadastrar(cliente, nome: str) -> None:
    """One record of each kind, named `nome`, through the API, and cobrança settings on its conta."""
    ids = {}
    for caminho, corpo in (("/api/contas", {"nome": nome, "tipo": "CORRENTE", "banco": "341", "agencia": "1234",
                                            "numero": "12345-6"}),
                           ("/api/categorias", {"nome": nome, "tipo": "RECEITA"}),
                           ("/api/centros-custo", {"nome": nome}),
                           ("/api/clientes", {"nome": nome}),
                           ("/api/fornecedores", {"nome": nome})):
        resposta = cliente.post(caminho, json=corpo)
        assert resposta.status_code == 201, resposta.get_json()
        ids[caminho] = resposta.get_json()["id"]
    resposta = cliente.put(f"/api/contas/{ids['/api/contas']}/cobranca", json={"carteira": "109"})
    assert resposta.status_code == 200, resposta.get_json()


def _ler(app, view: str, empresa_id: int | None) -> tuple[tuple[str, ...], list[dict]]:
    """The view's columns and rows, read as the app role in `empresa_id` — with no WHERE at all."""
    with app.extensions["erp"].db.transacao(empresa_id) as cur:
        cur.execute(f"SELECT * FROM {view}")
        return tuple(coluna.name for coluna in cur.description), cur.fetchall()


@pytest.mark.parametrize("view", sorted(CONTRATO))
def test_uma_view_do_contrato_mostra_so_a_empresa_de_quem_le(app, como, nova_empresa, view):
    a, b = nova_empresa(), nova_empresa()
    _cadastrar(como(a), "Registro Da Empresa A")
    _cadastrar(como(b), "Registro Da Empresa B")

    colunas, linhas_de_a = _ler(app, view, a)
    assert colunas[:len(CONTRATO[view])] == CONTRATO[view], "the promised columns, in order"
    assert linhas_de_a and {linha["empresa_id"] for linha in linhas_de_a} == {a}
    _, linhas_de_b = _ler(app, view, b)
    assert linhas_de_b and {linha["empresa_id"] for linha in linhas_de_b} == {b}
    assert _ler(app, view, None)[1] == []  # no empresa set: no row of anyone
    if "palavra" in colunas:
        assert {linha["palavra"] for linha in linhas_de_a} == {"registro", "da", "empresa", "a"}
    elif "carteira" in colunas:
        assert [linha["carteira"] for linha in linhas_de_a] == ["109"]
    else:
        assert {linha["nome"] for linha in linhas_de_a} == {"Registro Da Empresa A"}
