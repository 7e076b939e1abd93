"""What the cobrança tests share: a conta with cobrança settings, clientes and fornecedores a bank
file can name, receivables and payables through the API, and the retorno upload.

Settings and master data go straight into cadastros' tables as their owner (`sql_dono`), as
cadastros-api's PUT /api/contas/<id>/cobranca would leave them.
"""
import io

from verificador_cnab import verificar_240, verificar_400


def configurar(sql_dono, cad, banco="341", layout="CNAB240", carteira="109", convenio=None, agencia="1234",
               numero="12345-6", conta_id=None, **extra):
    """Gives the conta (default: cad.conta_id) a bank account and cobrança settings."""
    conta_id = conta_id or cad.conta_id
    sql_dono("UPDATE cadastros.contas SET banco = %s, agencia = %s, numero = %s WHERE empresa_id = %s AND id = %s",
             (banco, agencia, numero, cad.empresa_id, conta_id), empresa_id=cad.empresa_id)
    campos = {"layout": layout, "carteira": carteira, "convenio": convenio, "beneficiario_nome": "Estúdio Luz Ltda",
              "beneficiario_documento": "11222333000181", "beneficiario_endereco": "Rua das Flores, 10, Centro, Campinas/SP",
              **extra}
    sql_dono(f"""INSERT INTO cadastros.contas_cobranca (empresa_id, conta_id, {', '.join(campos)})
                 VALUES (%s, %s, {', '.join(['%s'] * len(campos))})""",
             (cad.empresa_id, conta_id, *campos.values()), empresa_id=cad.empresa_id)
    return conta_id


def completar_cliente(sql_dono, cad, cliente_id=None, cpf="52998224725"):
    sql_dono("""UPDATE cadastros.clientes SET cpf_cnpj = %s, logradouro = 'Av. Brasil', numero = '100', bairro = 'Centro',
                       cep = '13010000', cidade = 'Campinas', uf = 'SP'
                 WHERE empresa_id = %s AND id = %s""", (cpf, cad.empresa_id, cliente_id or cad.cliente_id),
             empresa_id=cad.empresa_id)


def cnpj(raiz: int) -> str:
    """A valid CNPJ (check digits computed) from an 8-digit root, branch 0001."""
    digitos = f"{raiz:08d}0001"
    for pesos in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        resto = sum(int(d) * p for d, p in zip(digitos, pesos)) % 11
        digitos += str(0 if resto < 2 else 11 - resto)
    return digitos


def fornecedor(sql_dono, cad, nome, banco=None, agencia=None, conta=None, chave_pix=None, tipo_chave_pix=None,
               documento=...):
    """A fornecedor with a CNPJ of its own (made from its name) unless `documento` is given (None: none)."""
    if documento is ...:
        documento = cnpj(sum(ord(c) * 31 ** n for n, c in enumerate(nome)) % 10**8)
    return sql_dono(
        """INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj, banco, agencia,
                                               conta_bancaria, tipo_conta_bancaria, chave_pix, tipo_chave_pix)
           VALUES (%s, %s, %s, 'JURIDICA', %s, %s, %s, %s, %s, %s, %s) RETURNING id""",
        (cad.empresa_id, nome, nome.lower(), documento, banco, agencia, conta, "CORRENTE" if banco else None,
         chave_pix, tipo_chave_pix), empresa_id=cad.empresa_id)[0]["id"]


def lancamento(cliente, cad, tipo="RECEITA", valor="150.00", vencimento="2027-01-10", **extra):
    corpo = {"tipo": tipo, "descricao": f"{tipo.title()} de {valor}", "valor": valor, "data_vencimento": vencimento,
             "categoria_id": cad.receita_id if tipo == "RECEITA" else cad.despesa_id, "conta_id": cad.conta_id,
             **({"cliente_id": cad.cliente_id} if tipo == "RECEITA" else {"fornecedor_id": cad.fornecedor_id}), **extra}
    resposta = cliente.post("/api/lancamentos", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def receitas_em_massa(sql_dono, cad, conta_id, quantas: int) -> list[int]:
    """`quantas` open receitas of the cliente on the conta, inserted in one statement; their ids."""
    return [linha["id"] for linha in sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id, cliente_id)
           SELECT %s, 'RECEITA', 'Parcela ' || n, 100 + n %% 50, DATE '2027-01-01' + n %% 90, DATE '2027-01-01', %s, %s, %s
             FROM generate_series(1, %s) n RETURNING id""",
        (cad.empresa_id, cad.receita_id, conta_id, cad.cliente_id, quantas), empresa_id=cad.empresa_id)]


def gerar(cliente, conta_id, ids, status=201, **extra):
    resposta = cliente.post("/api/remessas/gerar", json={"conta_id": conta_id, "lancamento_ids": ids, **extra})
    assert resposta.status_code == status, resposta.get_json()
    return resposta.get_json()


def arquivo(cliente, arquivo_id) -> str:
    """The remessa's text, checked by the independent structural checker."""
    resposta = cliente.get(f"/api/remessas/{arquivo_id}/arquivo")
    assert resposta.status_code == 200
    texto = resposta.data.decode("ascii")
    largura = len(texto.split("\r\n")[0])
    assert (verificar_240 if largura == 240 else verificar_400)(texto) == []
    return texto


def enviar_retorno(cliente, conta_id, texto, nome="RETORNO.RET"):
    dados = texto.encode("ascii") if isinstance(texto, str) else texto
    return cliente.post("/api/remessas/retorno", data={"conta_id": str(conta_id), "arquivo": (io.BytesIO(dados), nome)},
                        content_type="multipart/form-data")
