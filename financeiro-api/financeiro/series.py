"""Parcelas and recorrências: how one sale or one repeated bill becomes several lançamentos.

Pure arithmetic on dates and cents, no database: a total is split in whole cents and the split
always adds up to the total exactly; dates step by week, month or year from the first due date.
A competência is a month (its first day): its arithmetic is shared.calendario's.
"""
import calendar
from datetime import date, timedelta
from decimal import Decimal

from shared import calendario
from shared.errors import Validacao

CENTAVO = Decimal("0.01")
MAXIMO = 360  # parcelas or occurrences of one série: 30 years of a monthly bill


def dividir(total: Decimal, quantidade: int, resto: str = "PRIMEIRA") -> list[Decimal]:
    """`total` in `quantidade` parcelas of equal cents; the cents left over go to the first
    parcela (PRIMEIRA) or to the last (ULTIMA). R$ 100,00 in 3: 33,34 + 33,33 + 33,33."""
    centavos = int(total / CENTAVO)
    if quantidade < 1 or centavos < quantidade:
        raise ValueError("Cada parcela precisa de pelo menos R$ 0,01")
    base, sobra = divmod(centavos, quantidade)
    parcelas = [base] * quantidade
    parcelas[0 if resto == "PRIMEIRA" else -1] += sobra
    return [Decimal(p) * CENTAVO for p in parcelas]


def somar_meses(dia: date, meses: int, dia_do_mes: int | None = None) -> date:
    """`dia` moved by `meses` months, on `dia_do_mes` (default: dia's own day) or the month's last
    day when it has fewer: 31/01 + 1 month is 28/02 (or 29/02), and + 2 months is 31/03 again."""
    indice = dia.year * 12 + dia.month - 1 + meses
    ano, mes = divmod(indice, 12)
    ultimo = calendar.monthrange(ano, mes + 1)[1]
    return date(ano, mes + 1, min(dia_do_mes or dia.day, ultimo))


def passo(inicio: date, frequencia: str, n: int) -> date:
    """The n-th date (0 is `inicio`) of a série that starts on `inicio`."""
    if frequencia == "SEMANAL":
        return inicio + timedelta(weeks=n)
    if frequencia == "MENSAL":
        return somar_meses(inicio, n)
    if frequencia == "ANUAL":
        return somar_meses(inicio, 12 * n)
    raise ValueError(f"Frequência desconhecida: {frequencia}")


def datas(inicio: date, frequencia: str, quantidade: int | None = None, ate: date | None = None) -> list[date]:
    """The due dates of a série: `quantidade` of them, or every one up to `ate` (inclusive), at
    most MAXIMO."""
    resultado = []
    while len(resultado) < (quantidade or MAXIMO + 1):
        proxima = passo(inicio, frequencia, len(resultado))
        if ate is not None and proxima > ate:
            break
        resultado.append(proxima)
    if len(resultado) > MAXIMO:
        raise ValueError(f"A série passaria de {MAXIMO} lançamentos; escolha uma data final mais próxima")
    return resultado


def desdobrar(base: dict, parcelas: dict | None, recorrencia: dict | None) -> tuple[list[dict], tuple | None]:
    """The lançamentos one creation makes, and the série they form, (tipo, frequencia), when they
    are several. `base` is the lançamento as sent (`competencia` None: the due date's month);
    `parcelas` and `recorrencia` are the request's, at most one of them. A split that cannot be
    made is a Validacao naming the field."""
    vencimento = base["data_vencimento"]
    competencia = base["competencia"] or calendario.primeiro_do_mes(vencimento)
    if parcelas is not None:
        valores = _valores_das_parcelas(base["valor"], parcelas)
        datas_ = parcelas["vencimentos"] or datas(vencimento, parcelas["frequencia"], parcelas["quantidade"])
        # Every parcela of one sale belongs to the sale's month when a competência is given.
        competencias = [competencia if base["competencia"] else calendario.primeiro_do_mes(d) for d in datas_]
        serie = ("PARCELAMENTO", None if parcelas["vencimentos"] else parcelas["frequencia"])
    elif recorrencia is not None:
        datas_ = _datas_da_recorrencia(vencimento, recorrencia)
        valores = [base["valor"]] * len(datas_)
        # An occurrence keeps the first one's distance between its competência and its due date.
        distancia = calendario.meses_entre(calendario.primeiro_do_mes(vencimento), competencia)
        competencias = [calendario.somar_meses(calendario.primeiro_do_mes(d), distancia) for d in datas_]
        serie = ("RECORRENCIA", recorrencia["frequencia"])
    else:
        return [{**base, "competencia": competencia}], None
    itens = [{**base, "valor": v, "data_vencimento": d, "competencia": c}
             for v, d, c in zip(valores, datas_, competencias, strict=True)]
    return itens, serie


def _valores_das_parcelas(total: Decimal, parcelas: dict) -> list[Decimal]:
    if parcelas["valores"] is not None:
        soma = sum(parcelas["valores"])
        if soma != total:
            raise Validacao("Verifique os campos destacados", {
                "parcelas.valores": f"As parcelas somam {soma:.2f}; o valor é {total:.2f}"})
        return parcelas["valores"]
    try:
        return dividir(total, parcelas["quantidade"], parcelas["resto"])
    except ValueError as erro:
        raise Validacao("Verifique os campos destacados", {"valor": str(erro)}) from None


def _datas_da_recorrencia(inicio: date, recorrencia: dict) -> list[date]:
    try:
        resultado = datas(inicio, recorrencia["frequencia"], recorrencia["quantidade"], recorrencia["ate"])
    except ValueError as erro:
        raise Validacao("Verifique os campos destacados", {"recorrencia.ate": str(erro)}) from None
    if len(resultado) < 2:
        raise Validacao("Verifique os campos destacados",
                        {"recorrencia.ate": "A data final não deixa nenhuma repetição depois do primeiro vencimento"})
    return resultado
