-- relatorios-api's indicadores by caixa count the receitas of DRE group receita_bruta with a baixa
-- in the period (relatorios/indicadores.py, quantidade_de_receitas): those whose latest baixa
-- (data_pagamento) is in it, read from this index alone when it carries what they are filtered by
-- (tipo, status, categoria). Before, the period's baixas were joined to every receita of the
-- ledger, the report's slowest part at 1,000,000 lançamentos (bench part 9: 351 ms cold); now a
-- year's range of this index, index only. Same key and condition, so its other readers (the
-- ledger by payment date, the inadimplência's "paid after the data base") keep using it.
DROP INDEX financeiro.lancamentos_pagamento;
CREATE INDEX lancamentos_pagamento ON financeiro.lancamentos (empresa_id, data_pagamento, id)
    INCLUDE (tipo, status, categoria_id)
    WHERE data_pagamento IS NOT NULL;
