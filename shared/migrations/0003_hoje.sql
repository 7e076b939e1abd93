-- "Today" and a day's bounds on the studio's calendar (São Paulo), in one place: what is overdue,
-- what a balance holds, a conta's default opening date, a day's range in a filter. The same as
-- shared.config.hoje() and shared.config.FUSO in Python. STABLE: one value for a whole statement.
CREATE FUNCTION plataforma.hoje() RETURNS date
    LANGUAGE sql STABLE
    AS $$ SELECT (now() AT TIME ZONE 'America/Sao_Paulo')::date $$;

-- The instant a studio day begins (a filter "from day D" is `em >= inicio_do_dia(D)`, "up to D"
-- is `em < inicio_do_dia(D + 1)`).
CREATE FUNCTION plataforma.inicio_do_dia(dia date) RETURNS timestamptz
    LANGUAGE sql STABLE
    AS $$ SELECT dia::timestamp AT TIME ZONE 'America/Sao_Paulo' $$;
