"""How rh writes its jsonb columns and the money in financeiro's requests: money as the text
"1234.56" (DESIGN rule 6), pt-BR kept as it is, each rubrica with its memo."""
import json
from decimal import Decimal


def dinheiro(valor: Decimal) -> str:
    return f"{valor:.2f}"


def de(valor) -> str:
    return json.dumps(valor, ensure_ascii=False)


def rubricas(lista) -> str:
    """A payslip's or recibo's rubricas (rh/folha/modelos.Rubrica) as stored: [{codigo, descricao,
    tipo, referencia, valor, memo}]."""
    return de([{"codigo": r.codigo, "descricao": r.descricao, "tipo": r.tipo, "referencia": r.referencia,
                "valor": dinheiro(r.valor), "memo": r.memo} for r in lista])
