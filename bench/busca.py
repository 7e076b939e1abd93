"""Part 4: searching clientes, GET /api/clientes?q=..., in an empresa of 100,000 clientes beside
10 other empresas of 100,000 each: 1.1 million rows under one row-level security policy.

The rows are generated as the owner with SQL (generate_series over lists of Brazilian names), each
empresa in a transaction acting as it; the words `q` searches by are written by the service's own
code (cadastros.pessoas.indexar); then VACUUM ANALYZE, as a database at rest would be. The
documents are unique 11-digit numbers, not valid CPFs: the search reads only their prefixes.
cadastros-api runs under gunicorn as `make run` starts it, with one sync worker; each search is
requested n times over HTTP (after a warm-up), with the token of a user of that empresa signed
as auth-api signs it; then the statements the route sends, straight to PostgreSQL, n times
(bench/sql_puro.py), so the service's own overhead shows beside each search.
"""
import psycopg2
import psycopg2.extras

from bench import sql_puro
from bench.infra import Banco, Infra, adicionar_servicos_ao_path
from bench.medir import Medida, cronometrar

adicionar_servicos_ao_path()
from cadastros import pessoas  # noqa: E402

EMPRESA, EMPRESAS, POR_EMPRESA = 1, 11, 100_000

PRIMEIROS = [
    "Maria", "José", "Ana", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos",
    "Luís", "Gabriel", "Rafael", "Márcia", "Fernanda", "Patrícia", "Aline", "Sandra", "Juliana", "Letícia",
    "Júlia", "Beatriz", "Cecília", "Otávio", "Sérgio", "Vinícius", "Conceição", "Raimundo", "Tânia", "Mônica",
    "Cláudio", "Márcio", "Flávia", "Débora", "André", "Fábio", "Rogério", "Simone",
]
SOBRENOMES = [
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa",
    "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha",
    "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso",
    "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Magalhães", "Brandão", "Simões", "Conceição",
]
BUSCAS = {
    "nome, prefixo comum: q=mar": "mar",
    "nome, duas palavras: q=jo sil": "jo sil",
    "nome, palavra inteira, sem acento: q=brandao": "brandao",
    "CPF, prefixo com pontuação: q=123.4": "123.4",
    "e-mail, prefixo: q=maria.silva1": "maria.silva1",
    "sem q: a primeira página da lista": None,
}

# One row per n: a first name and two surnames drawn at random (setseed: the same every run), each
# with its folded form for nome_busca; the document is n times a number coprime with 10^11, modulo
# 10^11, so no two rows share one. MATERIALIZED: each draw is made once, for nome and nome_busca.
_GERAR = """
WITH listas AS (SELECT %(primeiros)s::text[] AS pr, %(primeiros_dobrados)s::text[] AS prd,
                       %(sobrenomes)s::text[] AS so, %(sobrenomes_dobrados)s::text[] AS sod),
     sorteio AS MATERIALIZED (
         SELECT n, 1 + floor(random() * cardinality(pr))::int AS p, 1 + floor(random() * cardinality(so))::int AS s1,
                1 + floor(random() * cardinality(so))::int AS s2
           FROM generate_series(1, %(quantos)s) AS n, listas)
INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email)
SELECT %(empresa)s, pr[p] || ' ' || so[s1] || ' ' || so[s2], prd[p] || ' ' || sod[s1] || ' ' || sod[s2], 'FISICA',
       lpad((n * 2654435761 %% 100000000000)::text, 11, '0'),
       replace(prd[p], ' ', '') || '.' || replace(sod[s2], ' ', '') || n || '@exemplo.com.br'
  FROM sorteio, listas
"""


def _gerar(banco: Banco) -> None:
    nomes = {"primeiros": PRIMEIROS, "primeiros_dobrados": [pessoas.nome_busca(n) for n in PRIMEIROS],
             "sobrenomes": SOBRENOMES, "sobrenomes_dobrados": [pessoas.nome_busca(n) for n in SOBRENOMES],
             "quantos": POR_EMPRESA}
    conn = psycopg2.connect(banco.owner_url)
    try:
        for empresa in range(1, EMPRESAS + 1):
            with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                # Acting as the empresa: an owner that is no superuser is under FORCE RLS too.
                cur.execute("SELECT set_config('app.empresa_id', %s, true), setseed(%s)", (str(empresa), empresa / 100))
                cur.execute(_GERAR, {**nomes, "empresa": empresa})
                cur.execute("SELECT id, nome_busca, ativo, tipo_pessoa FROM cadastros.clientes WHERE empresa_id = %s",
                            (empresa,))
                pessoas.indexar(cur, pessoas.CLIENTES, cur.fetchall())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) cadastros.clientes, cadastros.clientes_palavras")
    finally:
        conn.close()


def _consultas(banco: Banco, parametros: dict) -> list[str]:
    """The statements GET /api/clientes sends for `parametros`: the route's own code
    (cadastros/routes/pessoas.py: FiltroPessoas, pessoas.listar)."""
    query = pessoas.FiltroPessoas(**parametros)
    return sql_puro.gravar(banco.app_url, EMPRESA, lambda cur: pessoas.listar(
        cur, pessoas.CLIENTES, query, query.apos(pessoas.PosicaoPessoa), query.limit + 1))


def medir(infra: Infra, n: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_busca")
    _gerar(banco)
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1")
    url = infra.iniciar_servicos(["cadastros-api"], ambiente)["cadastros-api"] + "/api/clientes"
    http = infra.sessao_http(ambiente, EMPRESA, {"cadastros:ler"}, "bench-busca")
    medidas, notas = [], []
    for nome, q in BUSCAS.items():
        parametros = {} if q is None else {"q": q}
        resposta = http.get(url, params=parametros, timeout=30)
        resposta.raise_for_status()
        pagina = resposta.json()
        mais = "e há mais páginas" if pagina["next_cursor"] else "e nenhuma outra"
        notas.append(f"{nome}: {len(pagina['items'])} itens na primeira página {mais}.")
        medida = cronometrar(nome, lambda: http.get(url, params=parametros, timeout=30), n, aquecimento=20)
        medidas.append(sql_puro.ao_lado(medida, sql_puro.cronometrar_sql(banco.app_url, _consultas(banco, parametros), n)))
    http.close()
    notas.append(f"{EMPRESAS} empresas x {POR_EMPRESA:,} clientes".replace(",", ".")
                 + "; cadastros-api com 1 worker sync; cada linha é um GET completo (limit 50), token verificado; "
                 "'só o SQL': as mesmas consultas enviadas direto ao PostgreSQL (meta: a rota ≤ 2× delas).")
    return medidas, notas
