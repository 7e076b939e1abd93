"""The SPA's pt-BR formats (static/js/formatos.js), run in Chromium where the screens use them."""
import pytest

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def formatos(navegador, live_services):
    contexto = navegador.new_context(base_url=live_services.url("frontend"))
    pagina = contexto.new_page()
    pagina.goto("/static/icone.svg")  # an origin of the app, without booting the app

    def chamar(funcao: str, *argumentos):
        return pagina.evaluate("async ([f, args]) => (await import('/static/js/formatos.js'))[f](...args)",
                               [funcao, list(argumentos)])
    chamar.pagina = pagina
    yield chamar
    contexto.close()


@pytest.mark.parametrize("valor, esperado", [
    ("1234.56", "R$ 1.234,56"), ("0.5", "R$ 0,50"), ("-10", "-R$ 10,00"), ("-0.00", "R$ 0,00"),
    ("999999999999.99", "R$ 999.999.999.999,99"), (1234.5, "R$ 1.234,50"), ("007.10", "R$ 7,10"),
    ("abc", ""), (None, ""), ("1.234", ""),
])
def test_formatar_moeda_a_partir_dos_digitos(formatos, valor, esperado):
    assert formatos("formatarMoeda", valor).replace(NBSP, " ") == esperado


def test_dinheiro_numa_so_forma_a_do_intl_do_pt_br(formatos):
    """The app's money is exactly what pt-BR's Intl writes: "R$", a no-break space (never a line
    end between them), and one minus sign, the hyphen before "R$" (never "−R$" nor "R$ -")."""
    valores = ["1234.56", "-1234.56", "0.5", "-0.01", "999999999999.99", "-2300"]
    intl = formatos.pagina.evaluate("""(valores) => valores.map((v) => new Intl.NumberFormat("pt-BR",
        {style: "currency", currency: "BRL"}).format(Number(v)))""", valores)
    assert [formatos("formatarMoeda", v) for v in valores] == intl
    assert intl[1] == f"-R${NBSP}1.234,56"
    # The charts' axes, compact, in the same form.
    assert formatos("formatarMoedaCompacta", -2300) == f"-R${NBSP}2,3{NBSP}mil"
    assert formatos("formatarMoedaCompacta", 1_500_000) == f"R${NBSP}1,5{NBSP}mi"


def test_mensagens_do_servidor_na_forma_que_a_equipe_digita(formatos):
    assert formatos("mensagemDoCampo", "Data inválida; use AAAA-MM-DD") == "Data inválida; use dd/mm/aaaa"
    assert formatos("mensagemDoCampo", "Informe um valor numérico, como 1234.56") == "Informe um valor numérico, como 1.234,56"
    assert formatos("mensagemDoCampo", "Obrigatório") == "Obrigatório"


@pytest.mark.parametrize("digitado, esperado", [
    ("1.234,56", "1234.56"), ("R$ 1.234,56", "1234.56"), ("1234,5", "1234.50"), ("1234.56", "1234.56"),
    ("-3,5", "-3.50"), ("1.234", "1234.00"), ("0,07", "0.07"), ("10", "10.00"),
    ("1,234", None), ("12,345", None), ("1.23,45", None), ("abc", None), ("", None), ("1.234.56", None),
])
def test_ler_moeda_como_a_equipe_digita(formatos, digitado, esperado):
    assert formatos("lerMoeda", digitado) == esperado


def test_datas_dd_mm_aaaa(formatos):
    assert formatos("formatarData", "2026-11-23") == "23/11/2026"
    assert formatos("lerData", "29/02/2028") == "2028-02-29"
    assert formatos("lerData", "29/02/2027") is None
    assert formatos("lerData", "31/04/2026") is None
    assert formatos("lerData", "2/3/2026") is None
    assert formatos("mascararData", "23112026") == "23/11/2026"
    assert formatos("mascararData", "2311") == "23/11"
    # 03:00 UTC is still the previous evening in São Paulo (UTC-3).
    assert formatos("formatarDataHora", "2026-11-24T02:30:00+00:00") == "23/11/2026 23:30"


@pytest.mark.parametrize("digitado, mascarado", [
    ("123", "123"), ("1234", "123.4"), ("12345678909", "123.456.789-09"), ("123.456.789-09", "123.456.789-09"),
    ("11222333000181", "11.222.333/0001-81"), ("12ABC34501DE35", "12.ABC.345/01DE-35"),
    ("12abc34501de35", "12.ABC.345/01DE-35"), ("123456789012345", "12.345.678/9012-34"),
])
def test_mascara_de_cpf_e_cnpj_inclusive_alfanumerico(formatos, digitado, mascarado):
    assert formatos("mascararCpfCnpj", digitado) == mascarado


def test_documento_guardado_aparece_formatado(formatos):
    assert formatos("formatarCpfCnpj", "12345678909") == "123.456.789-09"
    assert formatos("formatarCpfCnpj", "12ABC34501DE35") == "12.ABC.345/01DE-35"
    assert formatos("formatarCpfCnpj", "123") == "123"
    assert formatos("lerCpfCnpj", "12.abc.345/01de-35") == "12ABC34501DE35"
    assert formatos("mascararCnpj", "1122233") == "11.222.33"
