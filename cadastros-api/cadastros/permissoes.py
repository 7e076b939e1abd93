"""The permissions of this module's routes: reading, and writing (which includes reading)."""
LER = "cadastros:ler"
ESCREVER = "cadastros:escrever"
