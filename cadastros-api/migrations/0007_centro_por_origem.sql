-- A centro de custo another module keeps for one of its records (PUT /api/centros-custo/origem/<chave>):
-- operacional's evento 12 has the centro whose chave_origem is 'evento:12', found again by that key
-- however often the evento is saved, so it is never created twice. NULL: a centro made by a person.
ALTER TABLE cadastros.centros_custo
    ADD COLUMN chave_origem text CHECK (chave_origem ~ '^[a-z_]{1,30}:[0-9]{1,19}$');

CREATE UNIQUE INDEX centros_custo_chave_origem ON cadastros.centros_custo (empresa_id, chave_origem)
    WHERE chave_origem IS NOT NULL;
