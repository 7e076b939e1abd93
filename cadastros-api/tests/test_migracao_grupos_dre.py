"""migrations/0006 on a chart that existed before it: every categoria gets its DRE group, from the
roots down (what its name says, else its parent's, else its tipo's)."""
import secrets

import psycopg2
import pytest

from shared.config import REPO_ROOT
from shared.texto import normalizar
from tools import embedded

# A studio's chart as it may have been typed before there were groups: (nome, tipo, parent).
ANTIGAS = [
    ("Casamentos", "RECEITA", None),
    ("Rendimentos", "RECEITA", None),
    ("Aplicação CDB", "RECEITA", "Rendimentos"),
    ("Impostos", "DESPESA", None),
    ("Simples Nacional", "DESPESA", "Impostos"),
    ("Guia municipal", "DESPESA", "Impostos"),
    ("Tarifas bancárias e de cartão", "DESPESA", None),
    ("Maquininha", "DESPESA", "Tarifas bancárias e de cartão"),
    ("Retiradas dos sócios", "DESPESA", None),
    ("Pró-labore", "DESPESA", "Retiradas dos sócios"),
    ("Distribuição de lucros", "DESPESA", "Retiradas dos sócios"),
    ("Freelancers", "DESPESA", None),
    ("Segundo fotógrafo", "DESPESA", "Freelancers"),
    ("Aluguel", "DESPESA", None),
]
ESPERADOS = {
    "Casamentos": "receita_bruta", "Rendimentos": "receitas_financeiras", "Aplicação CDB": "receitas_financeiras",
    "Impostos": "deducoes", "Simples Nacional": "deducoes", "Guia municipal": "deducoes",
    "Tarifas bancárias e de cartão": "despesas_financeiras", "Maquininha": "despesas_financeiras",
    "Retiradas dos sócios": "nao_operacional", "Pró-labore": "despesas_operacionais",
    "Distribuição de lucros": "nao_operacional", "Freelancers": "custos_servicos",
    "Segundo fotógrafo": "custos_servicos", "Aluguel": "despesas_operacionais",
}


@pytest.fixture
def banco_antes_da_0006(pg_owner_url):
    """An empty database with the platform's migrations and cadastros' up to 0005, run as files."""
    nome = f"erp_g_{secrets.token_hex(4)}"
    url = embedded.create_database(pg_owner_url, nome)
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            for arquivo in [*sorted((REPO_ROOT / "shared" / "migrations").glob("*.sql")),
                            *sorted((REPO_ROOT / "cadastros-api" / "migrations").glob("000[1-5]_*.sql"))]:
                cur.execute(arquivo.read_text(encoding="utf-8"))
        yield conn
    finally:
        conn.close()
        embedded.drop_database(pg_owner_url, nome)


def test_a_0006_da_um_grupo_a_cada_categoria_que_existia(banco_antes_da_0006):
    conn = banco_antes_da_0006
    with conn, conn.cursor() as cur:
        cur.execute("SELECT set_config('app.empresa_id', '9', true)")  # row-level security binds the owner too
        ids: dict[str, int] = {}
        for ordem, (nome, tipo, mae) in enumerate(ANTIGAS):
            cur.execute("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem)
                           VALUES (9, %s, %s, %s, %s, %s) RETURNING id""",
                        (nome, normalizar(nome), tipo, ids.get(mae), ordem))
            ids[nome] = cur.fetchone()[0]
        cur.execute((REPO_ROOT / "cadastros-api" / "migrations" / "0006_centros_custo_e_grupos_dre.sql")
                    .read_text(encoding="utf-8"))
        cur.execute("SELECT nome, grupo_dre FROM cadastros.categorias")
        assert dict(cur.fetchall()) == ESPERADOS
