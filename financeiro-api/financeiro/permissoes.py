"""The permissions of this module's routes: reading, and writing (which includes reading)."""
LER = "financeiro:ler"
ESCREVER = "financeiro:escrever"
