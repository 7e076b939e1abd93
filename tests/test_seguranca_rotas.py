"""Every id route of every service, generated from its route table, keeps to its empresa and to its
permission (issue 20, the security review as tests).

The routes are not listed by hand: each service's `app.url_map` is walked, and every rule with an
`<int:...>` parameter is called with every method it serves. The rows are real: the demo studio is
written into an empresa of this module (the "dona"), and each id parameter takes the id of one of
its rows (IDS says which table each parameter names — a new parameter fails here until it is
added). Then:

- a user of another empresa holding every permission of every module gets 404, and the dona's
  audit trail shows that nothing was written to her rows;
- a user of the dona's own empresa holding every permission but the route's gets 403;
- the dona's own writes through those routes: each that wrote the row its id names left an audit
  row under its correlation id.

No route needs an exception (another status than 404 for another empresa's id): the bodies and
queries below make every call valid, so the id is what each route judges.

The permission of each route is read from its `@endpoint` (shared.api.Especificacao), the same
record that checks it and documents it in /openapi.json. The apps are built in this process over
the live stack's database and Redis (`live_services`), and called through Flask's test client.
"""
import importlib
import itertools
import re

import psycopg2
import psycopg2.extras
import pytest

from shared.api import especificacao
from shared.config import SERVICOS

# Which table an id parameter names: its value in a call is the id of a row of that table in the
# dona's empresa. `pessoa_id` is a cliente or a fornecedor by the route's resource.
IDS = {
    "usuario_id": "SELECT usuario_id AS id FROM auth.membros",
    "baixa_id": "SELECT id FROM financeiro.baixas",
    "extrato_id": "SELECT id FROM financeiro.extratos",
    "execucao_id": "SELECT id FROM financeiro.conciliacao_execucoes",
    "conciliacao_id": "SELECT id FROM financeiro.conciliacoes",
    "regra_id": "SELECT id FROM financeiro.regras",
    "transacao_id": "SELECT id FROM financeiro.extrato_transacoes",
    "lancamento_id": "SELECT id FROM financeiro.lancamentos",
    "arquivo_id": "SELECT id FROM financeiro.arquivos_cnab",
    "exportacao_id": "SELECT id FROM relatorios.exportacoes",
    "cliente_id": "SELECT id FROM cadastros.clientes",
    "pessoa_id": "SELECT id FROM cadastros.clientes",
    "pessoa_id /api/fornecedores": "SELECT id FROM cadastros.fornecedores",
    "categoria_id": "SELECT id FROM cadastros.categorias",
    "centro_id": "SELECT id FROM cadastros.centros_custo",
    "conta_id": "SELECT id FROM cadastros.contas",
    "conta_id /api/contas/<int:conta_id>/cobranca": "SELECT conta_id AS id FROM cadastros.contas_cobranca",
    "contrato_id": "SELECT id FROM operacional.contratos",
    "sessao_id": "SELECT id FROM operacional.sessoes",
    "modelo_id": "SELECT id FROM operacional.modelos_contrato",
    "equipamento_id": "SELECT id FROM operacional.equipamentos",
    "manutencao_id": "SELECT id FROM operacional.reservas_equipamento WHERE sessao_id IS NULL",
    "alocacao_id": "SELECT id FROM operacional.reservas_equipamento WHERE sessao_id IS NOT NULL",
    "evento_id": "SELECT id FROM operacional.eventos",
    "tarefa_id": "SELECT id FROM operacional.tarefas_evento",
    "tipo_id": "SELECT id FROM operacional.tipos_evento",
    "kit_id": "SELECT id FROM operacional.kits",
    "cache_id": "SELECT id FROM rh.caches",
    "ferias_id": "SELECT id FROM rh.ferias",
    "folha_id": "SELECT id FROM rh.folhas",
    "funcionario_id": "SELECT id FROM rh.funcionarios",
}
# The query a route requires, valid, so the id is what the route judges.
CONSULTAS = {
    ("GET", "/api/equipamentos/<int:equipamento_id>/agenda"): {"de": "2026-01-05", "ate": "2026-01-06"},
    ("GET", "/api/kits/<int:kit_id>/disponibilidade"): {"inicio": "2026-01-05T09:00:00-03:00",
                                                       "fim": "2026-01-05T18:00:00-03:00"},
}
# Path parameters that are not ids take a valid value, so the id is what the route judges.
OUTROS_PARAMETROS = {"competencia": "2026-01"}

# A body that validates, for the routes whose body has required fields: a 400 would come before
# the lookup of the id and prove nothing. Ids inside a body are the caller's own (none exist in
# the other empresa, which is also a 404).
CORPOS = {
    ("PUT", "/api/extratos/regras/<int:regra_id>"): {"nome": "Sonda", "acao": "SUGERIR", "memo_contem": "x",
                                                      "categoria_id": 1},
    ("POST", "/api/extratos/transacoes/<int:transacao_id>/lancamento"): {"categoria_id": 1},
    ("PUT", "/api/lancamentos/contratos/<int:contrato_id>"): {"cliente_id": 1, "conta_id": 1, "categoria_id": 1,
                                                             "descricao": "Sonda", "parcelas": []},
    ("POST", "/api/categorias/<int:categoria_id>/mover"): {"parent_id": None, "posicao": 0},
    ("PUT", "/api/contas/<int:conta_id>/cobranca"): {"carteira": "109"},
    ("POST", "/api/equipamentos/<int:equipamento_id>/manutencoes"): {"inicio": "2026-01-05T09:00:00-03:00",
                                                                    "fim": "2026-01-05T18:00:00-03:00",
                                                                    "motivo": "Sonda"},
    ("POST", "/api/equipamentos/<int:equipamento_id>/retorno"): {"condicao": "ok"},
    ("POST", "/api/equipamentos/<int:equipamento_id>/saida"): {"responsavel": {"fornecedor_id": 1}},
    ("PUT", "/api/eventos/<int:evento_id>/equipe"): {"equipe": []},
    ("POST", "/api/eventos/<int:evento_id>/tarefas"): {"titulo": "Sonda", "dias": 0},
    ("PUT", "/api/eventos/tipos/<int:tipo_id>/checklist"): {"tarefas": []},
    ("POST", "/api/folha/<int:folha_id>/pagamento"): {"conta_id": 1},
}

_PARAMETRO = re.compile(r"<(?:(\w+):)?(\w+)>")


def rotas_com_id(app) -> list[tuple[str, str, object]]:
    """(método, regra, especificação) of every rule of the app with an int parameter."""
    rotas = []
    for regra in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "<int:" not in regra.rule:
            continue
        for metodo in sorted(regra.methods - {"HEAD", "OPTIONS"}):
            rotas.append((metodo, regra.rule, especificacao(app.view_functions[regra.endpoint])))
    return rotas


@pytest.fixture(scope="module")
def apps(live_services):
    """Each service's app, once, over the live stack's database and Redis."""
    construidos = {servico: importlib.import_module(pacote).create_app(live_services.env)
                   for servico, (pacote, _) in SERVICOS.items()}
    yield construidos
    for app in construidos.values():
        app.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def todas_as_permissoes(apps) -> frozenset:
    """Every permission some route of some service asks for."""
    return frozenset(p for app in apps.values() for regra in app.url_map.iter_rules()
                     for p in (getattr(especificacao(app.view_functions[regra.endpoint]), "permissoes", ())))


@pytest.fixture(scope="module")
def dona(apps, live_services, nova_equipe, assinar_token):
    """The empresa whose rows the routes are called with: the demo studio, plus what the demo does
    not make (an automatic reconciliation run, a conciliação, an export, férias), made through the API."""
    equipe = nova_equipe("Dona das linhas", {"dono": ["cadastros:ler"]})
    empresa_id = equipe["empresa"]["id"]
    live_services.demo(empresa_id)
    token = assinar_token(emp=empresa_id, perms=["financeiro:escrever", "relatorios:ler", "rh:escrever"])

    def criar(servico, caminho, corpo, status):
        resposta = apps[servico].test_client().post(caminho, json=corpo, headers={"Authorization": f"Bearer {token}"})
        assert resposta.status_code == status, (caminho, resposta.get_json())

    extrato = consultar(live_services, empresa_id, "SELECT max(id) AS id FROM financeiro.extratos")[0]["id"]
    criar("financeiro-api", f"/api/extratos/{extrato}/conciliacao-automatica", {}, 202)
    transacao = consultar(live_services, empresa_id, """
        SELECT t.id, c.id AS categoria_id FROM financeiro.extrato_transacoes t
          JOIN cadastros.categorias c ON c.tipo = CASE WHEN t.valor > 0 THEN 'RECEITA' ELSE 'DESPESA' END
         WHERE NOT t.conciliado AND t.descartada_em IS NULL ORDER BY t.id DESC, c.id LIMIT 1""")[0]
    criar("financeiro-api", f"/api/extratos/transacoes/{transacao['id']}/lancamento",
          {"categoria_id": transacao["categoria_id"]}, 201)
    criar("relatorios-api", "/api/relatorios/export", {"relatorio": "fluxo-caixa", "formato": "xlsx"}, 202)
    funcionario = consultar(live_services, empresa_id,
                            "SELECT min(id) AS id FROM rh.funcionarios WHERE vinculo = 'CLT'")[0]["id"]
    criar("rh-api", "/api/ferias", {"funcionario_id": funcionario, "inicio": "2026-07-01", "dias": 30}, 201)
    return empresa_id


def consultar(live_services, empresa_id: int, consulta: str, parametros=()) -> list[dict]:
    """As the tables' owner under the empresa's row-level security (FORCE applies to the owner)."""
    conn = psycopg2.connect(live_services.database.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            cur.execute(consulta, parametros)
            return cur.fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def ids_da_dona(live_services, dona) -> dict:
    """IDS resolved: the id of the dona's newest row of each table (None where she has none)."""
    resolvidos = {}
    for chave, consulta in IDS.items():
        linhas = consultar(live_services, dona, f"SELECT max(id) AS id FROM ({consulta}) AS t")
        resolvidos[chave] = linhas[0]["id"]
    return resolvidos


def caminho(regra: str, ids: dict) -> str:
    """The rule with each parameter filled: ids from `ids` (by parameter, or by parameter and the
    most specific route prefix), other parameters from OUTROS_PARAMETROS."""
    def valor(achado):
        nome = achado[2]
        if nome in OUTROS_PARAMETROS:
            return OUTROS_PARAMETROS[nome]
        especificas = [c for c in ids if c.startswith(nome + " ") and regra.startswith(c.split(" ", 1)[1])]
        chave = max(especificas, key=len) if especificas else nome
        if chave not in ids:
            raise KeyError(f"parâmetro {nome} de {regra} sem tabela em IDS")
        if ids[chave] is None:
            raise LookupError(f"a demonstração não criou linha para {chave} ({IDS[chave]})")
        return str(ids[chave])
    return _PARAMETRO.sub(valor, regra)


def chamar(app, token: str, metodo: str, regra: str, ids: dict):
    cliente = app.test_client()
    return cliente.open(caminho(regra, ids), method=metodo, json=CORPOS.get((metodo, regra), {}),
                        query_string=CONSULTAS.get((metodo, regra)),
                        headers={"Authorization": f"Bearer {token}"})


_usuarios = itertools.count(900_001)


def auditado_por(live_services, empresa_id: int, usuario_id: int) -> list[dict]:
    """What the user's calls wrote to the empresa's audit trail (the dona's own background jobs
    keep writing theirs meanwhile)."""
    return consultar(live_services, empresa_id, "SELECT servico, acao, entidade, entidade_id FROM plataforma.auditoria"
                     " WHERE usuario_id = %s", (usuario_id,))


servicos = pytest.mark.parametrize("servico", [s for s in SERVICOS])


def test_the_route_tables_have_id_routes_and_each_names_its_permission(apps):
    """The generation finds the routes (a broken walk would make the tests below vacuous), and
    every id route asks for a permission."""
    rotas = [(s, m, r, spec) for s, app in apps.items() for m, r, spec in rotas_com_id(app)]
    assert len(rotas) >= 100, len(rotas)
    sem_permissao = [(s, m, r) for s, m, r, spec in rotas if spec is None or not spec.permissoes]
    assert not sem_permissao


@servicos
def test_every_id_route_answers_404_to_another_empresa(apps, live_services, dona, ids_da_dona, todas_as_permissoes,
                                                      assinar_token, nova_empresa, servico):
    outra, usuario = nova_empresa(), next(_usuarios)
    token = assinar_token(emp=outra, perms=sorted(todas_as_permissoes), sub=str(usuario))
    falhas = {}
    for metodo, regra, _ in rotas_com_id(apps[servico]):
        resposta = chamar(apps[servico], token, metodo, regra, ids_da_dona)
        if resposta.status_code != 404 or resposta.get_json().get("code") != "nao_encontrado":
            falhas[f"{metodo} {regra}"] = f"{resposta.status_code}: {resposta.get_data(as_text=True)[:200]}"
    assert not falhas, falhas
    assert auditado_por(live_services, dona, usuario) == [], "uma chamada de outra empresa escreveu na dona"


@servicos
def test_every_id_route_answers_403_without_its_permission(apps, dona, ids_da_dona, todas_as_permissoes,
                                                          assinar_token, servico):
    falhas = {}
    for metodo, regra, spec in rotas_com_id(apps[servico]):
        # `modulo:escrever` implies `modulo:ler` (shared.auth.Usuario.pode): both go.
        negadas = set(spec.permissoes) | {p.replace(":ler", ":escrever") for p in spec.permissoes}
        token = assinar_token(emp=dona, perms=sorted(todas_as_permissoes - negadas), sub=str(next(_usuarios)))
        resposta = chamar(apps[servico], token, metodo, regra, ids_da_dona)
        if resposta.status_code != 403 or resposta.get_json().get("code") != "sem_permissao":
            falhas[f"{metodo} {regra}"] = f"{resposta.status_code}: {resposta.get_data(as_text=True)[:200]}"
    assert not falhas, falhas


def rotas_sem_id_com_permissao(app) -> list[tuple[str, str, tuple]]:
    """(método, caminho, permissões) of every other rule of the app that asks for a permission;
    a text path parameter takes a placeholder (the permission is checked before it is read)."""
    rotas = []
    for regra in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        spec = especificacao(app.view_functions[regra.endpoint])
        if "<int:" in regra.rule or spec is None or not spec.permissoes:
            continue
        caminho = _PARAMETRO.sub("sonda", regra.rule)
        rotas += [(metodo, caminho, spec.permissoes) for metodo in sorted(regra.methods - {"HEAD", "OPTIONS"})]
    return rotas


@servicos
def test_every_other_route_with_a_permission_answers_403_without_it(apps, todas_as_permissoes, assinar_token,
                                                                     nova_empresa, servico):
    """The lists, creations, reports and jobs (no id in the path) keep to their permission too."""
    empresa, falhas = nova_empresa(), {}
    for metodo, caminho, permissoes in rotas_sem_id_com_permissao(apps[servico]):
        negadas = set(permissoes) | {p.replace(":ler", ":escrever") for p in permissoes}
        token = assinar_token(emp=empresa, perms=sorted(todas_as_permissoes - negadas), sub=str(next(_usuarios)))
        resposta = apps[servico].test_client().open(caminho, method=metodo, json={},
                                                    headers={"Authorization": f"Bearer {token}"})
        if resposta.status_code != 403 or resposta.get_json().get("code") != "sem_permissao":
            falhas[f"{metodo} {caminho}"] = f"{resposta.status_code}: {resposta.get_data(as_text=True)[:200]}"
    assert not falhas, falhas


# Writes last: a route's DELETE after its other writes, which need the row.
_ORDEM_DAS_ESCRITAS = {"PUT": 0, "PATCH": 0, "POST": 1, "DELETE": 2}
_CONSULTA_DE_IDS = re.compile(r"SELECT (\w+)(?: AS id)? FROM ([\w.]+)")


def versao_da_linha(live_services, empresa_id: int, regra: str, ids: dict) -> str | None:
    """The row the route's last id names, as PostgreSQL versions it (xmin: the transaction that
    last wrote it), None when it is gone: a change means the call wrote that row."""
    nome = [n for conversor, n in _PARAMETRO.findall(regra) if conversor == "int"][-1]
    chaves = [c for c in IDS if c.startswith(nome + " ") and regra.startswith(c.split(" ", 1)[1])]
    chave = max(chaves, key=len) if chaves else nome
    coluna, tabela = _CONSULTA_DE_IDS.match(IDS[chave]).groups()
    linhas = consultar(live_services, empresa_id,
                       f"SELECT string_agg(xmin::text, ',') AS v FROM {tabela} WHERE {coluna} = %s", (ids[chave],))
    return linhas[0]["v"]


@servicos
def test_every_id_write_that_changes_its_row_is_audited(apps, live_services, dona, ids_da_dona,
                                                         todas_as_permissoes, assinar_token, servico):
    """As the dona's user, every write of an id route, with the bodies above: each one that wrote
    the row its id names (PostgreSQL's xmin of it changed, or it is gone) left an audit row under
    the request's correlation id (DESIGN.md rule 8). A write that changed nothing (an empty PUT,
    a sync already done) owes no audit row; one that fails must not be a 5xx."""
    token = assinar_token(emp=dona, perms=sorted(todas_as_permissoes), sub=str(next(_usuarios)))
    escritas = sorted((r for r in rotas_com_id(apps[servico]) if r[0] in _ORDEM_DAS_ESCRITAS),
                      key=lambda r: (_ORDEM_DAS_ESCRITAS[r[0]], r[1]))
    sem_auditoria, erros, escritas_feitas = {}, {}, []
    for metodo, regra, _ in escritas:
        antes = versao_da_linha(live_services, dona, regra, ids_da_dona)
        resposta = chamar(apps[servico], token, metodo, regra, ids_da_dona)
        if resposta.status_code >= 500:
            erros[f"{metodo} {regra}"] = resposta.get_data(as_text=True)[:200]
        escreveu = versao_da_linha(live_services, dona, regra, ids_da_dona) != antes
        if escreveu:
            escritas_feitas.append(f"{metodo} {regra} {resposta.status_code}")
        auditada = consultar(live_services, dona, "SELECT 1 FROM plataforma.auditoria WHERE correlation_id = %s",
                             (resposta.headers["X-Correlation-Id"],))
        if escreveu and not auditada:
            sem_auditoria[f"{metodo} {regra}"] = resposta.status_code
    assert erros == {}
    assert sem_auditoria == {}
    # Not vacuous: the bodies above let some of each service's writes through.
    assert escritas_feitas or not escritas
