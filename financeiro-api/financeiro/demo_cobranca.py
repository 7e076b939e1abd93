"""The demo studio's cobrança (financeiro/demo.py runs it last): the Itaú's CNAB files, when cadastros'
demo gave the conta cobrança settings; amounts and counts in dados/demo_financeiro.json, "cobranca"."""
from datetime import date, timedelta
from decimal import Decimal

from shared.errors import Validacao
from shared.transacao import Transacao

from financeiro import cobranca_conta, remessas, retornos
from financeiro.cobranca.cnab import banco_simulado

ZERO = Decimal("0.00")


class Cobranca:
    """The Itaú's cobrança and pagamentos files, when cadastros' demo gave the conta cobrança settings
    (otherwise nothing): a remessa of the boletos of the coming weeks and the simulated bank's
    retorno of it, and a pagamentos remessa of open despesas of fornecedores with an account or a
    PIX key — so every cobrança screen has something to show. Through remessas.gerar and
    retornos.importar, as the routes do."""

    def __init__(self, tx: Transacao, conta_id: int, dia: date, dados: dict):
        self.tx, self.cur, self.conta_id, self.hoje, self.dados = tx, tx.cur, conta_id, dia, dados

    def criar(self) -> None:
        try:
            conta = cobranca_conta.da_conta(self.cur, self.conta_id)
        except Validacao:  # cadastros' demo without cobrança: the studio has no boletos
            return
        self._boletos(conta)
        self._pagamentos()

    def _abertos(self, tipo: str, condicao: str, quantos: int) -> list[dict]:
        self.cur.execute(
            f"""SELECT l.id, l.valor FROM financeiro.lancamentos l
                 WHERE l.empresa_id = plataforma.empresa_atual() AND l.tipo = %s AND l.conta_id = %s
                   AND l.status = 'PENDENTE' AND l.data_vencimento BETWEEN %s AND %s AND {condicao}
                 ORDER BY l.data_vencimento, l.id LIMIT %s""",
            (tipo, self.conta_id, self.hoje, self.hoje + timedelta(days=self.dados["dias"]), quantos))
        return self.cur.fetchall()

    def _boletos(self, conta) -> None:
        # Receivables whose clients a boleto can name (CPF/CNPJ and address).
        titulos = self._abertos("RECEITA", """EXISTS (
            SELECT FROM cadastros.v_clientes c WHERE c.empresa_id = l.empresa_id AND c.id = l.cliente_id
               AND c.cpf_cnpj ~ '^[0-9]+$' AND c.logradouro <> '' AND c.cep <> '' AND c.cidade <> '' AND c.uf <> '')""",
                                self.dados["titulos"])
        if len(titulos) < self.dados["titulos"]:
            return
        remessa = remessas.gerar(self.tx, self.conta_id, [t["id"] for t in titulos])
        _, texto = remessas.conteudo(self.cur, remessa["id"])
        try:
            retornos.categoria_de_tarifas(self.cur, conta)
            tarifa = Decimal(self.dados["tarifa"])
        except Validacao:  # no categoria to book a tarifa in: the bank charges none here
            tarifa = ZERO
        juros = Decimal(self.dados["juros"])
        com_juros, com_tarifa, em_dia, *confirmados, rejeitado = titulos
        dados = banco_simulado.retorno_de(texto.decode("ascii"), {
            str(com_juros["id"]): {"codigo": "06", "valor_pago": com_juros["valor"] + juros, "juros_multa": juros},
            str(com_tarifa["id"]): {"codigo": "06", "valor_pago": com_tarifa["valor"], "tarifa": tarifa},
            str(em_dia["id"]): {"codigo": "06", "valor_pago": em_dia["valor"]},
            str(rejeitado["id"]): {"codigo": "03", "motivos": self.dados["motivos_rejeicao"]},
        }, data=self.hoje).encode("ascii")
        retornos.importar(self.tx, self.conta_id, f"RETORNO-ITAU-{self.hoje:%Y%m%d}.RET", dados, retornos.ler(dados))

    def _pagamentos(self) -> None:
        despesas = self._abertos("DESPESA", """EXISTS (
            SELECT FROM cadastros.v_fornecedores f WHERE f.empresa_id = l.empresa_id AND f.id = l.fornecedor_id
               AND f.cpf_cnpj IS NOT NULL AND (f.chave_pix IS NOT NULL OR f.banco IS NOT NULL))""",
                                 self.dados["pagamentos"])
        if despesas:
            remessas.gerar(self.tx, self.conta_id, [d["id"] for d in despesas])
