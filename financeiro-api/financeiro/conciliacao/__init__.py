"""Conciliação bancária: statement transactions matched with lançamentos and baixas.

sugestoes ranks the candidates of a transaction and says why — memo reads the bank's memo,
candidatos looks the candidates up in SQL, pistas weighs the clues (every weight in PESOS);
confirmacao records a match (the baixas it needs, the transaction reconciled) and undoes it
exactly; regras are the staff's own rules (perigo refuses the patterns that would stall the
database); padroes is what confirmed matches taught; automatica reconciles a whole statement in
the background. The tables are in migrations/0007_conciliacao.sql.
"""
