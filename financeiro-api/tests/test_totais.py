"""The ledger's totals from the monthly rollup (migrations/0005_totais_mes.sql) equal the sums of
the lançamentos themselves, for any filter and period, after any mix of writes."""
import random
from dataclasses import replace
from datetime import date, timedelta

from financeiro import lancamentos as dominio


def _direto(cur, filtro):
    soma = dominio._somar(cur, filtro)
    return {**soma, "saldo": soma["receitas"] - soma["despesas"],
            "receitas_abertas": soma["receitas"] - soma["receitas_pagas"],
            "despesas_abertas": soma["despesas"] - soma["despesas_pagas"]}


def test_rollup_totals_equal_direct_sums_after_any_writes(app, cliente, cad):
    sorteio = random.Random(7)
    ids = []
    for _ in range(30):
        tipo, categoria = sorteio.choice((("RECEITA", cad.receita_id), ("DESPESA", cad.despesa_id)))
        corpo = {"tipo": tipo, "descricao": "Evento", "valor": f"{sorteio.randint(1, 99999) / 100:.2f}",
                 "data_vencimento": str(date(2025, 1, 1) + timedelta(days=sorteio.randint(0, 500))),
                 "categoria_id": categoria, "conta_id": sorteio.choice((cad.conta_id, cad.outra_conta_id))}
        if sorteio.random() < 0.2:
            corpo["parcelas"] = {"quantidade": sorteio.randint(2, 6)}
        criado = cliente.post("/api/lancamentos", json=corpo).get_json()
        ids.append(criado["id"])
    for lancamento_id in sorteio.sample(ids, 12):
        cliente.post(f"/api/lancamentos/{lancamento_id}/baixas", json={"valor": "0.50"})
    restantes = [i for i in ids if cliente.get(f"/api/lancamentos/{i}").get_json()["valor_pago"] == "0.00"]
    cliente.post(f"/api/lancamentos/{restantes[0]}/cancelar")
    cliente.put(f"/api/lancamentos/{restantes[1]}", json={"valor": "12.34", "data_vencimento": "2026-02-28",
                                                          "conta_id": cad.outra_conta_id})
    cliente.delete(f"/api/lancamentos/{restantes[2]}")
    baixa = cliente.post(f"/api/lancamentos/{restantes[3]}/baixas", json={}).get_json()
    cliente.delete(f"/api/baixas/{baixa['id']}")

    periodos = [(None, None), (date(2025, 3, 1), date(2025, 8, 31)), (date(2025, 3, 15), date(2025, 9, 10)),
                (date(2025, 2, 3), date(2025, 2, 20)), (None, date(2025, 12, 30)), (date(2025, 5, 31), None)]
    filtros = [dominio.Filtro(), dominio.Filtro(tipo="RECEITA"), dominio.Filtro(conta_id=cad.outra_conta_id),
               dominio.Filtro(status=["PENDENTE", "CANCELADO"]), dominio.Filtro(categoria_id=cad.despesa_id, tipo="DESPESA"),
               dominio.Filtro(status=["PARCIAL"], conta_id=cad.conta_id)]
    with app.app_context(), app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        for filtro in filtros:
            for de, ate in periodos:
                com_periodo = replace(filtro, de=de, ate=ate)
                assert dominio.totais(cur, com_periodo) == _direto(cur, com_periodo), com_periodo
        cur.execute("SELECT count(*) AS n FROM financeiro.totais_mes WHERE empresa_id = %s AND quantidade < 0",
                    (cad.empresa_id,))
        assert cur.fetchone()["n"] == 0


def test_filters_the_rollup_cannot_answer_sum_the_lancamentos(app, cliente, cad):
    cliente.post("/api/lancamentos", json={"tipo": "RECEITA", "descricao": "Casamento Lima", "valor": "10.00",
                                           "data_vencimento": "2025-04-10", "categoria_id": cad.receita_id,
                                           "conta_id": cad.conta_id, "cliente_id": cad.cliente_id})
    for filtro in (dominio.Filtro(q="lima"), dominio.Filtro(cliente_id=cad.cliente_id), dominio.Filtro(vencido=True),
                   dominio.Filtro(campo_data="competencia", de=date(2025, 4, 1)),
                   dominio.Filtro(de=date(2025, 4, 2), ate=date(2025, 4, 29))):
        assert dominio._meses_inteiros(filtro) is None
    assert dominio._meses_inteiros(dominio.Filtro(de=date(2025, 4, 1), ate=date(2025, 4, 30))) == (
        date(2025, 4, 1), date(2025, 4, 1))
    assert dominio._meses_inteiros(dominio.Filtro(de=date(2025, 4, 2), ate=date(2025, 6, 29))) == (
        date(2025, 5, 1), date(2025, 5, 1))
