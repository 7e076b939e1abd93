"""The month's variables of one funcionário (rh.variaveis_mes): overtime, night hours,
commissions, an advance and absences, entered by the studio for a competência. A month without a
row has none: every one of them zero."""
from datetime import date
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.errors import NaoEncontrado
from shared.transacao import Transacao

from rh import funcionarios

CAMPOS = ("horas_extras_50", "horas_extras_100", "horas_noturnas", "comissoes", "adiantamento", "faltas_dias")
ZERADAS = {"horas_extras_50": Decimal("0.00"), "horas_extras_100": Decimal("0.00"),
           "horas_noturnas": Decimal("0.00"), "comissoes": Decimal("0.00"), "adiantamento": Decimal("0.00"),
           "faltas_dias": 0}


def obter(cur, funcionario_id: int, competencia: date) -> dict:
    """The funcionário's variables for `competencia` (zeros for a month without any); 404 when the
    funcionário is not the empresa's."""
    if funcionarios.por_id(cur, funcionario_id) is None:
        raise NaoEncontrado("Funcionário não encontrado")
    return _ler(cur, funcionario_id, competencia)


def _ler(cur, funcionario_id: int, competencia: date) -> dict:
    cur.execute(f"""SELECT {', '.join(CAMPOS)} FROM rh.variaveis_mes
                     WHERE empresa_id = plataforma.empresa_atual() AND funcionario_id = %s AND competencia = %s""",
                (funcionario_id, competencia))
    return {"funcionario_id": funcionario_id, "competencia": competencia, **(cur.fetchone() or ZERADAS)}


def gravar(tx: Transacao, funcionario_id: int, competencia: date, valores: dict) -> dict:
    """Replaces the funcionário's variables for `competencia` by `valores` (every field of CAMPOS).
    Saving what is there already stores, audits and publishes nothing."""
    funcionarios.bloquear(tx.cur, funcionario_id)
    antes = _ler(tx.cur, funcionario_id, competencia)
    depois = {**antes, **{campo: valores[campo] for campo in CAMPOS}}
    if depois != antes:
        tx.cur.execute(
            f"""INSERT INTO rh.variaveis_mes (empresa_id, funcionario_id, competencia, {', '.join(CAMPOS)})
                VALUES (plataforma.empresa_atual(), %(funcionario_id)s, %(competencia)s,
                        {', '.join(f'%({c})s' for c in CAMPOS)})
                ON CONFLICT (empresa_id, funcionario_id, competencia) DO UPDATE
                   SET {', '.join(f'{c} = excluded.{c}' for c in CAMPOS)}, atualizado_em = now()""",
            depois,
        )
        rotulo = f"Variáveis de {competencia:%m/%Y}"
        tx.auditar("alterar", "variaveis_mes", f"{funcionario_id}:{competencia:%Y-%m}",
                   antes={c: antes[c] for c in CAMPOS}, depois={c: depois[c] for c in CAMPOS}, rotulo=rotulo)
        tx.publicar(eventos.FUNCIONARIO_ALTERADO, id=funcionario_id, acao="variaveis",
                    competencia=f"{competencia:%Y-%m}")
    return depois
