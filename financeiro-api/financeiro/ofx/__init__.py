"""Reading OFX bank statements: bytes of an uploaded file in, a plain `Extrato` out.

`normalizador` rewrites what the banks really send into clean OFX; ofxparse reads that;
`leitor` checks it and turns it into domain values. Storing and reconciling come elsewhere.
"""
from .erros import ExtratoGrandeDemais, ExtratoInvalido
from .leitor import Conta, Extrato, Saldo, Transacao, ler_extrato

__all__ = ["Conta", "Extrato", "ExtratoGrandeDemais", "ExtratoInvalido", "Saldo", "Transacao",
           "ler_extrato"]
