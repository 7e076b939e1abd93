"""financeiro's migration 0010 (entradas and saídas beside each conta's daily net movement): its
backfill of a ledger written before it, and the trigger that keeps the three columns afterwards,
both against sums straight over the baixas."""
import random
import re
from datetime import timedelta
from decimal import Decimal

import psycopg2

from shared import config
from shared.config import REPO_ROOT

MIGRACOES = REPO_ROOT / "financeiro-api" / "migrations"
ARQUIVO = "0010_entradas_e_saidas_do_dia.sql"

_DIRETO = """
    SELECT b.conta_id, b.data,
           coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0) AS entradas,
           coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'DESPESA'), 0) AS saidas
      FROM financeiro.baixas b
      JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
     WHERE b.empresa_id = %(e)s GROUP BY 1, 2"""


def _diferencas(sql_dono, empresa_id: int) -> list:
    return sql_dono(f"""
        WITH direto AS ({_DIRETO})
        SELECT * FROM direto d
          FULL JOIN (SELECT * FROM financeiro.movimentos_dia WHERE empresa_id = %(e)s) m
            ON m.conta_id = d.conta_id AND m.data = d.data
         WHERE coalesce(d.entradas, 0) <> coalesce(m.entradas, 0) OR coalesce(d.saidas, 0) <> coalesce(m.saidas, 0)
            OR coalesce(d.entradas - d.saidas, 0) <> coalesce(m.movimento, 0)""", {"e": empresa_id})


# What later migrations change in how a baixa moves the day's totals: applied again after 0010.
DEPOIS_DA_0010 = ("0017_baixas_inseridas_por_comando.sql",)


def _como_antes_da_0010(owner_url: str) -> None:
    """The schema as 0009 left it: no columns, no view, 0007's trigger (for inserts too, as before 0017)."""
    anterior = (MIGRACOES / "0007_conciliacao.sql").read_text(encoding="utf-8")
    funcao = re.search(r"CREATE OR REPLACE FUNCTION financeiro\.baixa_aplicada\(\).*?END \$\$;", anterior, re.S)
    gatilho = re.search(r"DROP TRIGGER baixas_aplicadas ON financeiro\.baixas;.*?EXECUTE FUNCTION "
                        r"financeiro\.baixa_aplicada\(\);", anterior, re.S)
    conn = psycopg2.connect(owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("DROP VIEW financeiro.v_movimentos_dia")
            cur.execute("DROP TRIGGER baixas_aplicadas_inseridas ON financeiro.baixas")
            cur.execute("DROP FUNCTION financeiro.baixas_inseridas()")
            cur.execute("ALTER TABLE financeiro.movimentos_dia DROP COLUMN entradas, DROP COLUMN saidas")
            cur.execute(funcao.group(0))
            cur.execute(gatilho.group(0))
    finally:
        conn.close()


def _aplicar_a_0010(database) -> None:
    """What the migrator does with the file: its SQL as the owner, then the app role's grants."""
    papel = psycopg2.extensions.parse_dsn(database.app_url)["user"]
    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor() as cur:
            for arquivo in (ARQUIVO, *DEPOIS_DA_0010):
                cur.execute((MIGRACOES / arquivo).read_text(encoding="utf-8"))
            cur.execute(f'GRANT SELECT ON financeiro.v_movimentos_dia TO "{papel}"')
    finally:
        conn.close()


def test_the_backfill_splits_every_day_written_before_it(database, razao, sql_dono):
    _como_antes_da_0010(database.owner_url)
    empresas = [razao(1801, semente=11, quantos=150), razao(1802, semente=12, quantos=150)]
    _aplicar_a_0010(database)
    for r in empresas:
        assert _diferencas(sql_dono, r.empresa_id) == []
    # The day whose money in and out cancel out (0007 deleted its row) is back, with both sides.
    dia = sql_dono("SELECT entradas, saidas, movimento FROM financeiro.movimentos_dia "
                   "WHERE empresa_id = %s AND conta_id = %s AND data = %s",
                   (empresas[0].empresa_id, empresas[0].contas[0], config.hoje() - timedelta(days=10)))
    assert dia and dia[0]["movimento"] == dia[0]["entradas"] - dia[0]["saidas"] and dia[0]["entradas"] > 0


def test_the_trigger_keeps_the_three_columns_through_any_writes(razao, sql_dono):
    r = razao(1803, semente=13, quantos=60)
    sorteio = random.Random(14)
    baixas = [b["id"] for b in sql_dono("SELECT id FROM financeiro.baixas WHERE empresa_id = %s", (r.empresa_id,))]
    for id_ in sorteio.sample(baixas, len(baixas) // 3):
        if sorteio.random() < 0.5:
            sql_dono("DELETE FROM financeiro.baixas WHERE empresa_id = %s AND id = %s", (r.empresa_id, id_),
                     empresa_id=r.empresa_id)
        else:
            sql_dono("UPDATE financeiro.baixas SET data = data + 3, conta_id = %s, juros = juros + 1.5 "
                     "WHERE empresa_id = %s AND id = %s", (sorteio.choice(r.contas), r.empresa_id, id_),
                     empresa_id=r.empresa_id)
    assert _diferencas(sql_dono, r.empresa_id) == []
    assert not sql_dono("SELECT 1 FROM financeiro.movimentos_dia WHERE empresa_id = %s AND entradas = 0 "
                        "AND saidas = 0 AND movimento = 0", (r.empresa_id,))


def test_the_view_shows_each_empresa_only_its_own_days(razao, database):
    r = razao(1804, semente=15, quantos=30)
    conn = psycopg2.connect(database.app_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(r.empresa_id),))
            cur.execute("SELECT DISTINCT empresa_id FROM financeiro.v_movimentos_dia")
            assert cur.fetchall() == [(r.empresa_id,)]
            cur.execute("SELECT sum(entradas) - sum(saidas) FROM financeiro.v_movimentos_dia")
            total = cur.fetchone()[0]
    finally:
        conn.close()
    assert isinstance(total, Decimal)
