"""Two transactions writing lançamentos of one empresa at once: the rollup by word prefix
(migrations/0022_totais_por_prefixo.sql) takes row locks on the prefixes' rows, held until commit,
so two writers whose words share prefixes wait for each other. Neither may deadlock nor lose the
other's sums, whatever order their statements touch the prefixes in."""
import sys
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

from financeiro import baixas, lancamentos as dominio

sys.path.insert(0, str(Path(__file__).parent))
from test_totais_da_busca import _soma_independente, conferir_resumo  # noqa: E402

ESPERA = 3  # seconds one writer waits for the other to reach a step


def _item(cad, descricao: str, vencimento: date, conta_id: int) -> dict:
    return {"descricao": descricao, "valor": Decimal("100.00"), "data_vencimento": vencimento,
            "competencia": vencimento.replace(day=1), "categoria_id": cad.receita_id, "conta_id": conta_id, "cliente_id": None,
            "fornecedor_id": None, "documento": None, "observacoes": None}


def _pagar(cur, lancamento_id: int, conta_id: int) -> None:
    lancamento = dominio.bloquear(cur, lancamento_id)
    baixas.registrar(cur, lancamento, {"conta_id": conta_id, "data": date(2026, 3, 10), "valor": lancamento["valor"],
                                       "juros": Decimal(0), "multa": Decimal(0), "desconto": Decimal(0),
                                       "observacao": None})


def test_dois_escritores_com_palavras_em_ordem_oposta_nao_travam_nem_perdem_somas(app, cad):
    """The first pays "Zeta" then creates "Alfa"; the second, in between, pays "Alfa" then creates
    "Zeta": each statement touches the prefixes it needs in order, but across statements the two
    take them in opposite orders (months and contas apart, so no other rollup row is shared)."""
    db = app.extensions["erp"].db
    with db.transacao(cad.empresa_id) as cur:
        zeta, alfa = (dominio.criar(cur, "RECEITA", [_item(cad, descricao, vencimento, conta)])[0]
                      for descricao, vencimento, conta in (("Zeta pago", date(2026, 1, 5), cad.conta_id),
                                                           ("Alfa pago", date(2026, 2, 5), cad.outra_conta_id)))
    primeiro_pagou, segundo_pagou = threading.Event(), threading.Event()
    erros = []

    def escrever(pago, conta, novo, vencimento, antes, pagou, depois):
        """Pays `pago`, then creates `novo`, in one transaction: after the event `antes`, and
        before creating, waits for `depois` (the other has taken its first prefixes, or is
        waiting for this one's and never says so: at most ESPERA later this one goes on alone)."""
        try:
            with db.transacao(cad.empresa_id) as cur:
                cur.execute("SET LOCAL lock_timeout = '20s'")  # a wait that never ends fails, not hangs
                if antes is not None:
                    antes.wait(ESPERA)
                _pagar(cur, pago, conta)
                pagou.set()
                if depois is not None:
                    depois.wait(ESPERA)
                dominio.criar(cur, "RECEITA", [_item(cad, novo, vencimento, conta)])
        except Exception as erro:  # noqa: BLE001 — the test reports any failure of either writer
            erros.append(erro)

    threads = [threading.Thread(target=escrever, args=(zeta, cad.conta_id, "Alfa novo", date(2026, 3, 5),
                                                       None, primeiro_pagou, segundo_pagou)),
               threading.Thread(target=escrever, args=(alfa, cad.outra_conta_id, "Zeta novo", date(2026, 4, 5),
                                                       primeiro_pagou, segundo_pagou, None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert erros == []
    with db.transacao(cad.empresa_id) as cur:
        for q in ("alfa", "zeta", "a", "z", "pago", "novo"):
            filtro = dominio.Filtro(q=q)
            assert dominio.totais(cur, filtro) == _soma_independente(cur, filtro), q
        assert dominio.totais(cur, dominio.Filtro(q="pago"))["receitas_pagas"] == Decimal("200.00")
        conferir_resumo(cur)
