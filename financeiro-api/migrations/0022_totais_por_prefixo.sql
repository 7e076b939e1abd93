-- The totals of the ledger searched by one word over all time (issue 20), kept like totais_mes.
--
-- `q=casamento` sums every lançamento with a word starting "casamento". Looking up each matching
-- id (0020) costs ~2 µs a match: 147 ms for 61,508 matches in a million lançamentos, 6× the
-- unfiltered first page. So the sums are also kept per word prefix: each lançamento counts once
-- under every distinct prefix of its words ("Casa Casamento" once under "c", "ca", "cas", "casa",
-- "casam", ..., "casamento"), per tipo and status. A q of one word then reads the rows of that
-- prefix alone, a few, exactly (a lançamento with two words of the prefix is one row of it);
-- several words, a period or another filter sum the matching lançamentos as before
-- (financeiro/lancamentos.py, `totais`).
-- Two rules keep the rollup cheap to write and free of deadlocks:
--
-- 1. Numbers' long prefixes are left out. In the bench's ledger 517,136 of its 519,552 rows were
--    prefixes of numbers (NF 100000, 100001...: each number's last digits a row of its own), and
--    each number's digits were most of the prefixes a bulk write computed. A number's prefix of
--    more than 4 digits (a year has 4) is few lançamentos', which q finds by their ids as fast
--    (financeiro/busca.py, `no_resumo`, the same rule in Python): `prefixo_no_resumo` says which
--    prefixes the rollup keeps, and the triggers and the initial fill below apply it.
-- 2. One writer of an empresa's prefixes at a time. Each statement's upserts are in key order,
--    but a transaction of several statements (pay one lançamento, then create another; a
--    payroll's creations and changes) takes the prefixes of each in turn: one paying "Zeta" then
--    creating "Alfa" beside one paying "Alfa" then creating "Zeta" deadlocked
--    (tests/test_busca_concorrente.py). So a statement that changes an empresa's prefix sums first
--    takes a transaction-level advisory lock on that empresa's rollup: the second writer waits at
--    its first such statement for the first to commit, holding no prefix row. Writers of one
--    empresa already waited for each other on the one-letter prefixes most words share, so little
--    concurrency is lost. Cycles through other rows (two transactions creating in two months in
--    opposite orders meet on totais_mes first) are as they were before this rollup.
CREATE TABLE financeiro.totais_prefixo (
    empresa_id  bigint        NOT NULL,
    prefixo     text          COLLATE "C" NOT NULL,  -- as lancamentos_palavras.palavra: folded
    tipo        text          NOT NULL,
    status      text          NOT NULL,
    quantidade  bigint        NOT NULL,
    valor       numeric(18,2) NOT NULL,
    valor_pago  numeric(18,2) NOT NULL,
    PRIMARY KEY (empresa_id, prefixo, tipo, status)
);
SELECT plataforma.isolar_por_empresa('financeiro.totais_prefixo');

-- Rule 1: whether the rollup keeps the prefix of `palavra`'s first n characters.
CREATE FUNCTION financeiro.prefixo_no_resumo(palavra text, n int) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT n <= 4 OR n > length(palavra) - length(ltrim(palavra, '0123456789'))  -- not its leading digits
$$;

-- The words of a lançamento change (lancamentos.indexar deletes and inserts them): the prefixes it
-- gains are those of the words inserted that its other words do not give; the prefixes it loses,
-- those of the words deleted that its remaining words do not give; at the lançamento's values.
-- A word deleted with its lançamento (the foreign key's cascade) finds no lançamento here: the
-- lançamento's own delete trigger below has already taken its prefixes away.
CREATE FUNCTION financeiro.totais_prefixo_palavras() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sinal int := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('financeiro.totais_prefixo:' || e.empresa_id, 0))
       FROM (SELECT DISTINCT empresa_id FROM mudadas ORDER BY 1) e;
    -- `mudadas`: the words inserted or deleted (both triggers name their transition table so,
    -- which keeps this SQL static: planned once, not on every write).
    WITH mudados AS (
        SELECT DISTINCT m.empresa_id, m.lancamento_id, left(m.palavra, n) AS prefixo
          FROM mudadas m, generate_series(1, length(m.palavra)) AS n
         WHERE financeiro.prefixo_no_resumo(m.palavra, n)),
         ficam AS (
        SELECT DISTINCT p.empresa_id, p.lancamento_id, left(p.palavra, n) AS prefixo
          FROM financeiro.lancamentos_palavras p, generate_series(1, length(p.palavra)) AS n
         WHERE (p.empresa_id, p.lancamento_id) IN (SELECT empresa_id, lancamento_id FROM mudadas)
           AND financeiro.prefixo_no_resumo(p.palavra, n)
           AND NOT EXISTS (SELECT FROM mudadas m WHERE m.empresa_id = p.empresa_id
                              AND m.lancamento_id = p.lancamento_id AND m.palavra = p.palavra))
    INSERT INTO financeiro.totais_prefixo AS t
           (empresa_id, prefixo, tipo, status, quantidade, valor, valor_pago)
    SELECT l.empresa_id, x.prefixo, l.tipo, l.status, count(*) * sinal, sum(l.valor) * sinal,
           sum(l.valor_pago) * sinal
      FROM (SELECT * FROM mudados EXCEPT SELECT * FROM ficam) x
      JOIN financeiro.lancamentos l ON l.empresa_id = x.empresa_id AND l.id = x.lancamento_id
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (empresa_id, prefixo, tipo, status) DO UPDATE
       SET quantidade = t.quantidade + EXCLUDED.quantidade,
           valor = t.valor + EXCLUDED.valor,
           valor_pago = t.valor_pago + EXCLUDED.valor_pago;
    RETURN NULL;
END $$;

CREATE TRIGGER palavras_totais_inseridas AFTER INSERT ON financeiro.lancamentos_palavras
    REFERENCING NEW TABLE AS mudadas FOR EACH STATEMENT EXECUTE FUNCTION financeiro.totais_prefixo_palavras();
CREATE TRIGGER palavras_totais_excluidas AFTER DELETE ON financeiro.lancamentos_palavras
    REFERENCING OLD TABLE AS mudadas FOR EACH STATEMENT EXECUTE FUNCTION financeiro.totais_prefixo_palavras();

-- Words are only inserted and deleted (lancamentos.indexar); an UPDATE would bypass the sums.
CREATE FUNCTION financeiro.palavras_nao_mudam() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'financeiro.lancamentos_palavras: apague e insira as palavras; não as altere';
END $$;
CREATE TRIGGER palavras_nao_mudam BEFORE UPDATE ON financeiro.lancamentos_palavras
    FOR EACH STATEMENT EXECUTE FUNCTION financeiro.palavras_nao_mudam();

-- A lançamento's values change (a baixa, a cancellation, a new valor): under each prefix of its
-- words, its old tipo/status/values out and the new ones in. Only the rows where those changed.
CREATE FUNCTION financeiro.totais_prefixo_lancamentos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only an empresa whose tipo, status or values changed: other updates (a boleto's code) wait for no one.
    PERFORM pg_advisory_xact_lock(hashtextextended('financeiro.totais_prefixo:' || e.empresa_id, 0))
       FROM (SELECT DISTINCT a.empresa_id FROM antigos a JOIN novos n ON n.empresa_id = a.empresa_id AND n.id = a.id
              WHERE (a.tipo, a.status, a.valor, a.valor_pago) IS DISTINCT FROM (n.tipo, n.status, n.valor, n.valor_pago)
              ORDER BY 1) e;
    WITH mudados AS (
        SELECT a.empresa_id, a.id, a.tipo AS tipo_antes, a.status AS status_antes, a.valor AS valor_antes,
               a.valor_pago AS pago_antes, n.tipo, n.status, n.valor, n.valor_pago
          FROM antigos a JOIN novos n ON n.empresa_id = a.empresa_id AND n.id = a.id
         WHERE (a.tipo, a.status, a.valor, a.valor_pago) IS DISTINCT FROM (n.tipo, n.status, n.valor, n.valor_pago)),
         prefixos AS (
        SELECT DISTINCT m.*, left(p.palavra, n) AS prefixo
          FROM mudados m
          JOIN financeiro.lancamentos_palavras p ON p.empresa_id = m.empresa_id AND p.lancamento_id = m.id,
               generate_series(1, length(p.palavra)) AS n
         WHERE financeiro.prefixo_no_resumo(p.palavra, n))
    INSERT INTO financeiro.totais_prefixo AS t
           (empresa_id, prefixo, tipo, status, quantidade, valor, valor_pago)
    SELECT empresa_id, prefixo, tipo, status, sum(sinal), sum(valor), sum(valor_pago)
      FROM (SELECT empresa_id, prefixo, tipo_antes AS tipo, status_antes AS status, -1 AS sinal,
                   -valor_antes AS valor, -pago_antes AS valor_pago FROM prefixos
            UNION ALL
            SELECT empresa_id, prefixo, tipo, status, 1, valor, valor_pago FROM prefixos) m
     GROUP BY 1, 2, 3, 4
    HAVING sum(sinal) <> 0 OR sum(valor) <> 0 OR sum(valor_pago) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (empresa_id, prefixo, tipo, status) DO UPDATE
       SET quantidade = t.quantidade + EXCLUDED.quantidade,
           valor = t.valor + EXCLUDED.valor,
           valor_pago = t.valor_pago + EXCLUDED.valor_pago;
    RETURN NULL;
END $$;

CREATE TRIGGER lancamentos_totais_prefixo_alterados AFTER UPDATE ON financeiro.lancamentos
    REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT
    EXECUTE FUNCTION financeiro.totais_prefixo_lancamentos();

-- A lançamento deleted: its words go first, while it is still there to be summed (the trigger of
-- the words above takes its prefixes away); the foreign key's cascade then finds none.
CREATE FUNCTION financeiro.palavras_antes_do_lancamento() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM financeiro.lancamentos_palavras WHERE empresa_id = OLD.empresa_id AND lancamento_id = OLD.id;
    RETURN OLD;
END $$;

CREATE TRIGGER lancamentos_palavras_antes BEFORE DELETE ON financeiro.lancamentos
    FOR EACH ROW EXECUTE FUNCTION financeiro.palavras_antes_do_lancamento();

-- What the ledger already holds, every empresa at once. Row-level security is forced on these
-- tables and a migration has no empresa: lifted for this transaction only (as 0014).
ALTER TABLE financeiro.lancamentos NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.lancamentos_palavras NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.totais_prefixo NO FORCE ROW LEVEL SECURITY;
INSERT INTO financeiro.totais_prefixo (empresa_id, prefixo, tipo, status, quantidade, valor, valor_pago)
SELECT l.empresa_id, x.prefixo, l.tipo, l.status, count(*), sum(l.valor), sum(l.valor_pago)
  FROM (SELECT DISTINCT p.empresa_id, p.lancamento_id, left(p.palavra, n) AS prefixo
          FROM financeiro.lancamentos_palavras p, generate_series(1, length(p.palavra)) AS n
         WHERE financeiro.prefixo_no_resumo(p.palavra, n)) x
  JOIN financeiro.lancamentos l ON l.empresa_id = x.empresa_id AND l.id = x.lancamento_id
 GROUP BY 1, 2, 3, 4;
ALTER TABLE financeiro.lancamentos FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.lancamentos_palavras FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.totais_prefixo FORCE ROW LEVEL SECURITY;
