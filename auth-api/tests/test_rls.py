"""Row-level security on auth.membros, as the services' app role sees it (no WHERE to help)."""
import psycopg2
import psycopg2.errors
import pytest


@pytest.fixture
def como_app(database):
    """A transaction as the app role with the given tenant and user settings; rolled back after."""
    conexoes = []

    def como_app(empresa_id, usuario_id=None):
        conn = psycopg2.connect(database.app_url)
        conexoes.append(conn)
        cur = conn.cursor()
        cur.execute("SELECT set_config('app.empresa_id', %s, true), set_config('app.usuario_id', %s, true)",
                    ("" if empresa_id is None else str(empresa_id), "" if usuario_id is None else str(usuario_id)))
        return cur

    yield como_app
    for conn in conexoes:
        conn.close()


@pytest.fixture
def cenario(nova_empresa, novo_usuario):
    a, b, c = nova_empresa(), nova_empresa(), nova_empresa()
    de_duas = novo_usuario([a, b])["id"]
    so_de_a = novo_usuario([a])["id"]
    so_de_c = novo_usuario([c])["id"]
    return a, b, c, de_duas, so_de_a, so_de_c


def test_select_sem_where_ve_so_a_empresa_atual(como_app, cenario):
    a, b, c, de_duas, so_de_a, so_de_c = cenario
    cur = como_app(a, so_de_a)

    cur.execute("SELECT empresa_id, usuario_id FROM auth.membros")

    assert set(cur.fetchall()) == {(a, de_duas), (a, so_de_a)}


def test_select_sem_where_inclui_as_proprias_associacoes(como_app, cenario):
    a, b, c, de_duas, so_de_a, so_de_c = cenario
    cur = como_app(a, de_duas)

    cur.execute("SELECT empresa_id, usuario_id FROM auth.membros")

    assert set(cur.fetchall()) == {(a, de_duas), (a, so_de_a), (b, de_duas)}


def test_sem_empresa_nem_usuario_nao_ve_nada(como_app, cenario):
    cur = como_app(None)

    cur.execute("SELECT count(*) FROM auth.membros")

    assert cur.fetchone() == (0,)


def test_nao_inclui_associacao_em_outra_empresa(como_app, cenario):
    a, b, c, de_duas, so_de_a, so_de_c = cenario
    cur = como_app(a, de_duas)

    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("INSERT INTO auth.membros (empresa_id, usuario_id, permissoes) VALUES (%s, %s, '{admin}')",
                    (c, de_duas))


def test_nao_altera_nem_apaga_em_outra_empresa_nem_as_proprias(como_app, cenario):
    a, b, c, de_duas, so_de_a, so_de_c = cenario
    cur = como_app(a, de_duas)

    cur.execute("UPDATE auth.membros SET permissoes = '{admin}' WHERE empresa_id <> %s", (a,))
    alteradas = cur.rowcount
    cur.execute("DELETE FROM auth.membros WHERE empresa_id <> %s", (a,))

    assert (alteradas, cur.rowcount) == (0, 0)


def test_nao_move_associacao_para_outra_empresa(como_app, cenario):
    a, b, c, de_duas, so_de_a, so_de_c = cenario
    cur = como_app(a, so_de_a)

    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("UPDATE auth.membros SET empresa_id = %s WHERE usuario_id = %s", (c, so_de_a))


def test_o_papel_da_aplicacao_nao_ignora_rls(database):
    with psycopg2.connect(database.app_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cur.fetchone() == (False, False)
        cur.execute("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'auth.membros'::regclass")
        assert cur.fetchone() == (True, True)
    conn.close()
