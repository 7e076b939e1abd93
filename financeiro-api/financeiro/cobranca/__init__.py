"""Cobrança: boletos (nosso número, código de barras, linha digitável, PDF), PIX (BR Code) and CNAB
files (remessa and retorno, 240 and 400, cobrança and pagamentos).

This package is pure: it knows banks and file layouts, never the database. The financeiro modules
around it (financeiro/titulos.py, remessas.py, retornos.py) read the ledger, draw the numbers and
apply what a retorno says; modelos.py holds the values that cross between the two.
"""
