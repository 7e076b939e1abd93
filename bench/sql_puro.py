"""The bare SQL beside a list route (issue 20): the statements the route's own code sends,
recorded once, then sent as they are to PostgreSQL and timed, so that a part can print how many
times the SQL's time the route takes — the service's own overhead (HTTP, Flask, the token, the
JSON; target ≤ 2×)."""
from dataclasses import replace

import psycopg2

from bench.medir import Medida, cronometrar
from bench.tabela import numero
from shared.db import CursorDeDicts


def gravar(app_url: str, empresa_id: int, ler) -> list[str]:
    """The statements `ler(cur)` sends (the route's domain code), with their values, in a tenant
    transaction begun as the service's is (shared/db.py), which is recorded too."""
    gravadas = []

    class Gravador(CursorDeDicts):
        def execute(self, sql, valores=None):
            gravadas.append(self.mogrify(sql, valores).decode())
            return super().execute(sql, valores)

    conn = psycopg2.connect(app_url)
    try:
        with conn, conn.cursor(cursor_factory=Gravador) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true), set_config('app.usuario_id', %s, true)",
                        (str(empresa_id), "1"))
            ler(cur)
    finally:
        conn.close()
    return gravadas


def cronometrar_sql(app_url: str, consultas: list[str], n: int) -> Medida:
    """The recorded statements sent as they are, in one transaction, every row fetched."""
    conn = psycopg2.connect(app_url)

    def rodar():
        with conn, conn.cursor() as cur:
            for sql in consultas:
                cur.execute(sql)
                cur.fetchall()

    try:
        return cronometrar("SQL", rodar, n, aquecimento=min(20, n))
    finally:
        conn.close()


def ao_lado(rota: Medida, sql: Medida) -> Medida:
    """The route's measurement noting the bare SQL's p50 and the ratio (bench/__main__.py prints
    it as a column)."""
    return replace(rota, nota=f"{numero(sql.p50_us)} ({rota.p50_us / sql.p50_us:.1f}×)")
