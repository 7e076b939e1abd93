"""The breaker's rules alone (disjuntor.py): what opens it, service by service, and the state its
metrics show. Under gunicorn against real processes: test_gateway_isolamento.py."""
import time

import pytest
from prometheus_client import REGISTRY

from shared.metricas import ESTADOS_DO_DISJUNTOR

from frontend import create_app
from frontend.disjuntor import Aberto, Disjuntor


def _estado(servico: str, mudando: bool = False) -> str | None:
    """The one state whose series is 1 (this process's breaker); `mudando`: the breaker's timer may
    be setting the series while they are read one by one, so a reading may catch it halfway (None)."""
    valores = {estado: REGISTRY.get_sample_value("erp_gateway_breaker_state", {"upstream": servico, "state": estado})
               for estado in ESTADOS_DO_DISJUNTOR}
    if mudando and sorted(valores.values()) != [0, 0, 1]:
        return None
    assert sorted(valores.values()) == [0, 0, 1], valores
    return next(estado for estado, valor in valores.items() if valor == 1)


def _aberturas(servico: str) -> float:
    return REGISTRY.get_sample_value("erp_gateway_breaker_opened_total", {"upstream": servico}) or 0.0


def test_one_timeout_opens_a_breaker_whose_threshold_is_one():
    disjuntor = Disjuntor("teste-um", limiar=3, aberto_por=60)
    disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=True)
    with pytest.raises(Aberto):
        disjuntor.entrar()


def test_a_run_of_timeouts_opens_it_and_any_answer_between_them_starts_the_run_again():
    """auth-api's: slow logins between which the service answers others are not a hung service."""
    disjuntor = Disjuntor("teste-sequencia", limiar=5, aberto_por=60, tempos_esgotados=3)
    for _ in range(4):
        disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=True)
        disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=True)
        disjuntor.respondeu(disjuntor.entrar())
    assert not disjuntor.aberto() and _estado("teste-sequencia") == "closed"
    for _ in range(3):
        disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=True)
    assert disjuntor.aberto() and _estado("teste-sequencia") == "open"


def test_refusals_still_open_it_after_limiar_in_a_row():
    disjuntor = Disjuntor("teste-recusas", limiar=3, aberto_por=60, tempos_esgotados=3)
    for _ in range(2):
        disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=False)
    assert not disjuntor.aberto()
    disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=False)
    assert disjuntor.aberto()


def test_the_metrics_follow_the_state_the_open_period_ending_without_a_request():
    # A period long enough that a busy machine does not end it between a change and its reading.
    disjuntor = Disjuntor("teste-metricas", limiar=3, aberto_por=1.0)
    assert _estado("teste-metricas") == "closed"
    antes = _aberturas("teste-metricas")
    disjuntor.falhou(disjuntor.entrar(), tempo_esgotado=True)
    assert _estado("teste-metricas") == "open" and _aberturas("teste-metricas") == antes + 1
    limite = time.monotonic() + 5
    while _estado("teste-metricas", mudando=True) != "half_open":  # nobody asked: the period ended by itself
        assert time.monotonic() < limite, "o estado não passou a meio-aberto"
        time.sleep(0.02)
    sonda = disjuntor.entrar()
    assert sonda
    disjuntor.falhou(sonda, tempo_esgotado=False)  # the probe failed: open again, counted again
    assert _estado("teste-metricas") == "open" and _aberturas("teste-metricas") == antes + 2
    time.sleep(1.05)
    sonda = disjuntor.entrar()
    disjuntor.respondeu(sonda)
    assert _estado("teste-metricas") == "closed"


def _servicos(env: dict) -> dict:
    app = create_app(env)
    app.extensions["erp"].db.fechar()
    return app.extensions["gateway"].servicos


def test_each_service_has_its_own_run_of_timeouts(service_env):
    servicos = _servicos(service_env)
    assert {nome: s.disjuntor.tempos_esgotados for nome, s in servicos.items()} == \
        {**dict.fromkeys(servicos, 1), "auth-api": 3}
    proprios = _servicos({**service_env, "ERP_GATEWAY_TEMPOS_ESGOTADOS_SEGUIDOS": "2",
                          "ERP_GATEWAY_TEMPOS_ESGOTADOS_SEGUIDOS_AUTH_API": "5"})
    assert {nome: s.disjuntor.tempos_esgotados for nome, s in proprios.items()} == \
        {**dict.fromkeys(proprios, 2), "auth-api": 5}
