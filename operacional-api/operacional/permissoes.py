"""The permissions of this module's routes: reading, and writing (which includes reading)."""
LER = "operacional:ler"
ESCREVER = "operacional:escrever"
