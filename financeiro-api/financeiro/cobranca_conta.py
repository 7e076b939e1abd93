"""A conta as the bank knows it for cobrança and payment files: its Beneficiario (cobranca/modelos.py).

Read from cadastros' read contract (v_contas and v_contas_cobranca, the settings a studio saves
with PUT /api/contas/<id>/cobranca) and auth.v_empresas (whose money it is, unless the settings
name another beneficiário). Nothing here writes.
"""
import re
from dataclasses import dataclass

from shared.errors import NaoEncontrado, Validacao

from financeiro.cobranca.modelos import Beneficiario

_CONTA = """
    SELECT co.id, co.nome, co.banco, co.agencia, co.numero, co.ativa,
           cc.conta_id IS NOT NULL AS tem_cobranca, cc.layout, cc.convenio, cc.carteira, cc.variacao, cc.posto,
           cc.proximo_nosso_numero, cc.proximo_nsa, cc.chave_pix, cc.tipo_chave_pix, cc.juros_mes_percentual,
           cc.multa_percentual, cc.dias_baixa, cc.instrucoes, cc.beneficiario_nome, cc.beneficiario_documento,
           cc.beneficiario_endereco, cc.categoria_tarifa_id,
           e.nome AS empresa_nome, e.cnpj AS empresa_cnpj
      FROM cadastros.v_contas co
      LEFT JOIN cadastros.v_contas_cobranca cc ON cc.empresa_id = co.empresa_id AND cc.conta_id = co.id
      LEFT JOIN auth.v_empresas e ON e.id = co.empresa_id
     WHERE co.empresa_id = plataforma.empresa_atual() AND co.id = %s"""


@dataclass(frozen=True)
class ContaCobranca:
    id: int
    nome: str
    banco: str
    beneficiario: Beneficiario
    proximo_nosso_numero: int
    proximo_nsa: int
    categoria_tarifa_id: int | None


def numero_e_dv(texto: str | None) -> tuple[str, str | None]:
    """"1234-5" → ("1234", "5"); "1234" → ("1234", None): how cadastros stores agência and conta."""
    numero, _, dv = (texto or "").partition("-")
    return numero, dv or None


def _digitos(texto: str | None) -> str:
    return re.sub(r"\D", "", texto or "")


def ler(cur, conta_id: int, campo: str = "conta_id") -> dict:
    """The conta with its cobrança settings (None where it has none); 404 naming `campo` when it
    is not the empresa's."""
    cur.execute(_CONTA, (conta_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Conta não encontrada", {campo: "Conta não encontrada"})
    return linha


def da_conta(cur, conta_id: int, campo: str = "conta_id") -> ContaCobranca:
    """The conta ready for boletos and bank files; 400 naming `campo` when its cobrança settings,
    bank, agência, número or beneficiário's document are missing."""
    linha = ler(cur, conta_id, campo)
    if not linha["tem_cobranca"]:
        raise Validacao("Verifique os campos destacados", {campo: (
            f"A conta {linha['nome']} não tem configuração de cobrança; cadastre convênio e carteira em Contas")})
    agencia, agencia_dv = numero_e_dv(linha["agencia"])
    conta, conta_dv = numero_e_dv(linha["numero"])
    documento = linha["beneficiario_documento"] or _digitos(linha["empresa_cnpj"])
    faltam = [nome for nome, valor in (("banco", linha["banco"]), ("agência", agencia), ("número", conta),
                                       ("CNPJ do beneficiário", documento)) if not valor]
    if faltam:
        raise Validacao("Verifique os campos destacados", {
            campo: f"A conta {linha['nome']} não tem {', '.join(faltam)}; complete o cadastro da conta"})
    beneficiario = Beneficiario(
        banco=linha["banco"], agencia=agencia, agencia_dv=agencia_dv, conta=conta, conta_dv=conta_dv,
        layout=linha["layout"], carteira=linha["carteira"], nome=linha["beneficiario_nome"] or linha["empresa_nome"],
        documento=documento, convenio=linha["convenio"], variacao=linha["variacao"], posto=linha["posto"],
        endereco=linha["beneficiario_endereco"], chave_pix=linha["chave_pix"], tipo_chave_pix=linha["tipo_chave_pix"],
        juros_mes_percentual=linha["juros_mes_percentual"], multa_percentual=linha["multa_percentual"],
        dias_baixa=linha["dias_baixa"], instrucoes=linha["instrucoes"])
    return ContaCobranca(id=linha["id"], nome=linha["nome"], banco=linha["banco"], beneficiario=beneficiario,
                         proximo_nosso_numero=linha["proximo_nosso_numero"], proximo_nsa=linha["proximo_nsa"],
                         categoria_tarifa_id=linha["categoria_tarifa_id"])
