"""`make bench` (`python -m bench`): the numbers behind thirteen design decisions, measured here.

1. Authentication: every service verifies the JWT locally (shared.auth: one Ed25519 signature
   check plus one Redis lookup for revocation) instead of calling auth-api on every request, as
   the plan's first design did. Both are measured in the same run, over HTTP against real gunicorn
   services, with the same token, next to the parts they are made of.
2. Cold start: from launching the runner (`make run`, tools/run.py) until all eight services answer
   `GET /health` with 200 — on an empty state directory, again with the data kept, and with
   DATABASE_URL/REDIS_URL given.
3. The gateway: the frontend is the one public origin and forwards every `/api/...` request, so
   each request pays one more hop. The same authenticated request, straight to auth-api and
   through the frontend, in turns in the same run.
4. Searching clientes under row-level security: `GET /api/clientes?q=` (name words, CPF/CNPJ and
   e-mail prefixes, all btree ranges: see cadastros-api/migrations/0004_pessoas.sql) on 100,000
   clientes beside 10 other empresas of 100,000 (`--so-busca` runs only this part). Beside each
   search, the same statements sent straight to PostgreSQL (bench/sql_puro.py, "só o SQL").
5. Financeiro with a big ledger: `GET /api/lancamentos` (first page, a deep page by cursor, the
   filtered totals), the CSV export of a month, on 1,000,000 lançamentos beside 4 other empresas of
   200,000, each list beside its bare SQL (as in 4); and the import of a 50,000-transaction OFX,
   reading and storing timed apart (`--so-financeiro` runs only this part; `--n-lancamentos 20000`
   makes it quick).
6. Conciliação against the same big ledger: the suggestions for one statement transaction (GET
   .../sugestoes), and the automatic conciliação of a 10,000-transaction statement built from the
   ledger, timed from the 202 to its end and checked against the generator's truth
   (`--so-conciliacao`; `--n-lancamentos 20000 --n-transacoes 1000 --n-sugestoes 50` makes it quick).
7. The dashboard on the same big ledger: GET /api/dashboard cold (its cache invalidated by a new
   generation) and warm, the time from a committed baixa to a dashboard that shows it, and how many
   idle SSE streams one dashboard-api instance holds and at what memory (`--so-dashboard`;
   `--n-lancamentos 20000 --n-dashboard 50 --n-streams 50` makes it quick).
8. The SPA's first load on DevTools' "Fast 3G" in Debian's Chromium: a new visitor until the login
   form, the login until the dashboard's cards, and a returning visit with the browser's cache,
   with requests, those that crossed the network and their bytes (`--so-carga`).
9. The reports on the same big ledger, with centros de custo and rateios (issue 16, "Speed"): every
   report route — fluxo-caixa (a year and 5 years by month), fluxo-caixa/projetado (90 and 365
   days), inadimplencia (today), analise (a year and 5 years, by competência and by caixa, with and
   without a centro de custo), dre (a year by month, with and without a centro, and by centro),
   comparativo (a year against the one before) and indicadores (a year) — each cold (cache
   invalidated by a new generation) and warm, beside the issue's targets as text;
   relatorios.somas.somar by month for a year and the inadimplência's parts (SQL, calcular, response
   model) in this process; and the XLSX export of the razão (the ledger's detail) for ~10,000 and
   ~100,000 rows, POST to the downloaded file, with the peak memory of relatorios-api's workers
   after each (`--so-relatorios`; `--n-lancamentos 20000 --n-relatorios 20` makes it quick).
10. Equipment and the agenda (issue 17): 100,000 sessões and 2,000 items with ~3 reservas per
   sessão — GET /api/equipamentos/disponiveis for 4 hours, POST /api/kits/alocar of a 5-item kit
   (201 and 409), GET /api/agenda for a month, over HTTP and without it
   (`--so-operacional`; `--n-sessoes 20000 --n-operacional 50` makes it quick).
11. Cobrança (issue 18): a remessa of 10,000 títulos and the retorno that liquidates them all
   (built by financeiro/cobranca/cnab/banco_simulado.py), Banco do Brasil CNAB 240 and Itaú CNAB
   400, over HTTP (p50 over the batches) and the pure remessa.cobranca / retorno.ler in this
   process (`--so-cobranca`; `--n-lancamentos 20000 --n-cobranca-vezes 1` makes it quick).
12. The payroll (issue 19): 6,000 funcionários (CLT, estagiários, pró-labore; a third with the
   month's variables) — GET /api/folha/calcular, POST /api/folha/processar once per month (cold) and
   the reprocessing, over HTTP against rh-api and financeiro-api; the computation, the storing and
   financeiro's PUT of the payables also timed alone; the peak memory of rh-api's worker
   (`--so-rh`; `--n-funcionarios 600` makes it quick).
13. A studio day under load (issue 20; bench/carga/): the whole stack with the demo studio, and
   Locust's 50 members of staff (each their own login) through the gateway for 120 s — reading the
   ledger, the reconciliation, the reports, the agenda, and the dashboard with its live stream open
   (re-fetched, as the SPA does, whenever a write changes it); writing, each only their own
   records, lançamentos and their baixas, an OFX statement now and then, confirmed reconciliation
   suggestions, sessões created and moved, new clientes — p50/p95/p99 and failures per route; then
   the same with relatorios-api killed (SIGKILL) and started again halfway through: the failures on
   the other services' routes, writes included (target 0)
   (`--so-carga-dia`; `--n-usuarios 10 --segundos-carga 20` makes it quick).

It prints plain-text tables and asserts nothing. It starts its own PostgreSQL and Redis
(tools/embedded.py) unless BENCH_DATABASE_URL / BENCH_REDIS_URL are set, uses free ports for the
services of parts 1, 3, 4, 5, 6, 7, 9, 10, 11, 12 and 13, needs ports 5000-5007 free for part 2 (the runner's fixed
ports), and removes everything it created. A copy of the output goes to bench/results/ (git-ignored), and each part's
tables as markdown, with the run, the machine and each figure beside its target, to bench/RELATORIO.md as the part
ends, in place of that part's earlier ones (bench/relatorio_md.py); a run at other sizes than the defaults only prints.
"""
