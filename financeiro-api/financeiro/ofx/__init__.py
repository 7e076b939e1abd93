"""Reading OFX bank statements: bytes of an uploaded file in, a plain `Extrato` out.

`normalizador` rewrites what the banks really send into clean elements, in time linear in the
file and within fixed limits (`MAX_TRANSACOES`, `MAX_MARCAS`, `MAX_EXTRATOS`); ofxparse reads
the statements, `leitor` their transactions as ofxparse does, checks it all and turns it into
domain values. Storing and reconciling come elsewhere.
"""
from .erros import ExtratoGrandeDemais, ExtratoInvalido
from .leitor import Conta, Extrato, Saldo, Transacao, ler_extrato, sem_coleta_de_ciclos
from .normalizador import MAX_EXTRATOS, MAX_MARCAS, MAX_TRANSACOES

__all__ = ["Conta", "Extrato", "ExtratoGrandeDemais", "ExtratoInvalido", "MAX_EXTRATOS", "MAX_MARCAS",
           "MAX_TRANSACOES", "Saldo", "Transacao", "ler_extrato", "sem_coleta_de_ciclos"]
