"""The permissions of this module's routes: reading, and writing (which includes reading)."""
LER = "rh:ler"
ESCREVER = "rh:escrever"
# Processing the payroll writes its payables in financeiro with the caller's credential
# (rh/routes/acesso.py checks it).
ESCREVER_NO_FINANCEIRO = "financeiro:escrever"
