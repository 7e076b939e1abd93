"""shared/auth.py's Verificador: a token's signature is checked once, its expiry on every use."""
import time

import jwt
import pytest

from shared import auth
from shared.errors import NaoAutenticado


@pytest.fixture
def verificador(jwt_keys):
    return auth.Verificador({jwt_keys.kid: jwt_keys.public_pem}, "erp-web-auth", "erp-web", 0)


def test_a_assinatura_de_um_token_e_conferida_uma_vez(verificador, assinar_token, monkeypatch):
    decodificados = []
    decode = jwt.decode
    monkeypatch.setattr(auth.jwt, "decode", lambda *a, **k: decodificados.append(1) or decode(*a, **k))
    token = assinar_token()
    assert [verificador.verificar(token)["usr"] for _ in range(5)] == ["teste"] * 5
    assert len(decodificados) == 1
    # Another token (another signature) is checked on its own.
    verificador.verificar(assinar_token(usr="outro"))
    assert len(decodificados) == 2


def test_um_token_guardado_ainda_expira(verificador, assinar_token):
    token = assinar_token(exp=int(time.time()) + 1)
    assert verificador.verificar(token)["sub"] == "1"
    time.sleep(1.6)
    with pytest.raises(NaoAutenticado, match="Sessão expirada"):
        verificador.verificar(token)
    # The renewal route takes it expired, and its claims are still the signed ones.
    assert verificador.verificar(token, aceitar_expirado=True)["sid"] == "sessao-de-teste"


def test_um_token_alterado_nao_e_o_guardado(verificador, assinar_token):
    token = assinar_token()
    verificador.verificar(token)
    cabecalho, corpo, assinatura = token.split(".")
    outra = "A" + assinatura[1:] if assinatura[0] != "A" else "B" + assinatura[1:]
    outro_corpo = assinar_token(emp=2).split(".")[1]
    for alterado in (f"{cabecalho}.{corpo}.{outra}", f"{cabecalho}.{outro_corpo}.{assinatura}"):
        with pytest.raises(NaoAutenticado, match="Token inválido"):
            verificador.verificar(alterado)


@pytest.mark.parametrize("exp", ["amanhã", True, None])
def test_exp_que_nao_e_um_instante_e_token_invalido(verificador, assinar_token, exp):
    with pytest.raises(NaoAutenticado, match="Token inválido"):
        verificador.verificar(assinar_token(exp=exp))
