-- The audited record's name as it was written ("Aluguel do estúdio — parcela 3/12"), given by the
-- domain code when the snapshot alone does not name the record (a lançamento's parcela, a baixa's
-- lançamento), so the trail still names it after a rename or a delete. NULL otherwise: the trail's
-- reader (auth-api's auth/auditoria.py) then names the record from its own snapshot (its nome,
-- descrição, file or bank line). Here, not in auth-api's migrations, because every service writes
-- this table and each service's deploy migrates the platform's files first. Row-level security is
-- unchanged: the column belongs to the row, and the row to its empresa.
ALTER TABLE plataforma.auditoria ADD COLUMN rotulo text;
