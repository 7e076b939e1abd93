"""The permissions of this module's routes: reading, and writing (which includes reading).

Lançamentos point at contas, categorias, clientes and fornecedores: whoever works in financeiro
reads them too, to choose from (the pickers of the financeiro screens), without cadastros:ler. The
same for operacional: an evento's or a contrato's cliente, a team's freelancer.
"""
LER = ("cadastros:ler", "financeiro:ler", "operacional:ler")
ESCREVER = "cadastros:escrever"
