"""The permissions of this module's routes: reading, and writing (which includes reading).

Lançamentos point at contas, categorias, clientes and fornecedores: whoever works in financeiro
reads them too, to choose from (the pickers of the financeiro screens), without cadastros:ler. The
same for operacional: an evento's or a contrato's cliente, a team's freelancer.
"""
LER = ("cadastros:ler", "financeiro:ler", "operacional:ler")
ESCREVER = "cadastros:escrever"
# The list of Brazilian banks is no empresa's data: whoever fills in a bank account reads it,
# RH's salary accounts included.
LER_BANCOS = (*LER, "rh:ler")
