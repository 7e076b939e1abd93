"""`python -m bench`: see bench/__init__.py."""
import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import (autenticacao, busca, cobranca, conciliacao, dashboard, financeiro, gateway, operacional, partida,
                   primeira_carga, relatorio_md, relatorios, rh)
from bench.carga import dia
from bench.financeiro import milhares
from bench.infra import Infra
from bench.tabela import Tabela, formatar, numero

RESULTADOS = Path(__file__).resolve().parent / "results"
RELATORIO = Path(__file__).resolve().parent / "RELATORIO.md"


def maquina(fatos: dict) -> str:
    return (f"máquina: nproc={fatos['núcleos']} ({fatos['CPU']}), {fatos['memória']} de memória, {fatos['sistema']}, "
            f"Python {fatos['Python']}, PostgreSQL {fatos['PostgreSQL']}, Redis {fatos['Redis']}\n"
            f"{carga()} (outros processos competem pelos mesmos núcleos: compare linhas da mesma execução)")


def carga() -> str:
    try:
        um, cinco, _ = os.getloadavg()
    except OSError:
        return "carga: ?"
    return f"carga média da máquina: {um:.2f} (1 min), {cinco:.2f} (5 min)"


def tabela_de_medidas(medidas) -> tuple[list, list]:
    """Header and rows for latency measurements (bench.medir); when a part notes beside a route the
    bare SQL of the same query (part 5, bench.sql_puro), a column for it."""
    cabecalho = ["medição", "n", "p50 µs", "p99 µs", "média µs"]
    linhas = [[m.nome, str(m.n), numero(m.p50_us), numero(m.p99_us), numero(m.media_us)] for m in medidas]
    if any(m.nota for m in medidas):
        cabecalho.append("só o SQL: p50 µs (rota ÷ SQL)")
        for linha, m in zip(linhas, medidas):
            linha.append(m.nota or "")
    return cabecalho, linhas


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("-n", type=int, default=2000, help="requests por medição (padrão: 2000)")
    parser.add_argument("--sem-partida", action="store_true", help="não mede a partida a frio (parte 2)")
    parser.add_argument("--sem-gateway", action="store_true", help="não mede o custo do gateway (parte 3)")
    parser.add_argument("--sem-busca", action="store_true", help="não mede a busca de clientes (parte 4)")
    parser.add_argument("--so-busca", action="store_true", help="mede só a busca de clientes (parte 4)")
    parser.add_argument("--n-busca", type=int, default=500, help="requests por busca na parte 4 (padrão: 500)")
    parser.add_argument("--sem-financeiro", action="store_true", help="não mede o financeiro (parte 5)")
    parser.add_argument("--so-financeiro", action="store_true", help="mede só o financeiro (parte 5)")
    parser.add_argument("--n-financeiro", type=int, default=200,
                        help="requests por lista ou totais na parte 5 (padrão: 200)")
    parser.add_argument("--n-lancamentos", type=int, default=1_000_000,
                        help="lançamentos da empresa medida na parte 5 (padrão: 1000000)")
    parser.add_argument("--n-outras-empresas", type=int, default=4,
                        help="outras empresas na parte 5, cada uma com 1/5 dos lançamentos (padrão: 4)")
    parser.add_argument("--n-ofx", type=int, default=50_000, help="transações do OFX da parte 5 (padrão: 50000)")
    parser.add_argument("--n-ofx-vezes", type=int, default=3,
                        help="arquivos OFX lidos e enviados na parte 5 (padrão: 3)")
    parser.add_argument("--sem-conciliacao", action="store_true", help="não mede a conciliação (parte 6)")
    parser.add_argument("--so-conciliacao", action="store_true", help="mede só a conciliação (parte 6)")
    parser.add_argument("--n-sugestoes", type=int, default=500,
                        help="requests de sugestões na parte 6 (padrão: 500)")
    parser.add_argument("--n-transacoes", type=int, default=10_000,
                        help="transações do extrato conciliado automaticamente na parte 6 (padrão: 10000)")
    parser.add_argument("--sem-dashboard", action="store_true", help="não mede o dashboard (parte 7)")
    parser.add_argument("--so-dashboard", action="store_true", help="mede só o dashboard (parte 7)")
    parser.add_argument("--n-dashboard", type=int, default=500, help="requests por linha na parte 7 (padrão: 500)")
    parser.add_argument("--n-streams", type=int, default=300,
                        help="streams SSE abertos ao mesmo tempo na parte 7 (padrão: 300)")
    parser.add_argument("--sem-carga", action="store_true", help="não mede a primeira carga do SPA (parte 8)")
    parser.add_argument("--so-carga", action="store_true", help="mede só a primeira carga do SPA (parte 8)")
    parser.add_argument("--sem-relatorios", action="store_true", help="não mede os relatórios (parte 9)")
    parser.add_argument("--so-relatorios", action="store_true", help="mede só os relatórios (parte 9)")
    parser.add_argument("--n-relatorios", type=int, default=200,
                        help="requests quentes por linha na parte 9 (padrão: 200; frios: um décimo, 20 no mínimo)")
    parser.add_argument("--sem-operacional", action="store_true",
                        help="não mede equipamentos e agenda (parte 10)")
    parser.add_argument("--so-operacional", action="store_true", help="mede só equipamentos e agenda (parte 10)")
    parser.add_argument("--n-operacional", type=int, default=500, help="requests por linha na parte 10 (padrão: 500)")
    parser.add_argument("--n-sessoes", type=int, default=100_000,
                        help="sessões da empresa medida na parte 10 (padrão: 100000)")
    parser.add_argument("--sem-cobranca", action="store_true", help="não mede remessas e retornos (parte 11)")
    parser.add_argument("--so-cobranca", action="store_true", help="mede só remessas e retornos (parte 11)")
    parser.add_argument("--n-titulos", type=int, default=10_000,
                        help="títulos por remessa e por retorno na parte 11 (padrão: 10000)")
    parser.add_argument("--n-cobranca-vezes", type=int, default=3,
                        help="remessas (e seus retornos) por banco na parte 11 (padrão: 3)")
    parser.add_argument("--sem-rh", action="store_true", help="não mede a folha de pagamento (parte 12)")
    parser.add_argument("--so-rh", action="store_true", help="mede só a folha de pagamento (parte 12)")
    parser.add_argument("--n-funcionarios", type=int, default=6000,
                        help="funcionários da empresa medida na parte 12 (padrão: 6000)")
    parser.add_argument("--sem-carga-dia", action="store_true", help="não mede o dia de estúdio sob carga (parte 13)")
    parser.add_argument("--so-carga-dia", action="store_true", help="mede só o dia de estúdio sob carga (parte 13)")
    parser.add_argument("--n-usuarios", type=int, default=50,
                        help="pessoas da equipe (usuários do Locust) na parte 13 (padrão: 50)")
    parser.add_argument("--segundos-carga", type=float, default=120,
                        help="segundos de cada uma das duas rodadas da parte 13 (padrão: 120)")
    opcoes = parser.parse_args(argv)
    # The --so-* options together run those parts.
    so = (opcoes.so_busca or opcoes.so_financeiro or opcoes.so_conciliacao or opcoes.so_dashboard or opcoes.so_carga
          or opcoes.so_relatorios or opcoes.so_operacional or opcoes.so_cobranca or opcoes.so_rh or opcoes.so_carga_dia)
    busca_ = not opcoes.sem_busca and (opcoes.so_busca or not so)
    financeiro_ = not opcoes.sem_financeiro and (opcoes.so_financeiro or not so)
    conciliacao_ = not opcoes.sem_conciliacao and (opcoes.so_conciliacao or not so)
    dashboard_ = not opcoes.sem_dashboard and (opcoes.so_dashboard or not so)
    carga_ = not opcoes.sem_carga and (opcoes.so_carga or not so)
    relatorios_ = not opcoes.sem_relatorios and (opcoes.so_relatorios or not so)
    operacional_ = not opcoes.sem_operacional and (opcoes.so_operacional or not so)
    cobranca_ = not opcoes.sem_cobranca and (opcoes.so_cobranca or not so)
    rh_ = not opcoes.sem_rh and (opcoes.so_rh or not so)
    dia_ = not opcoes.sem_carga_dia and (opcoes.so_carga_dia or not so)

    inicio = time.monotonic()
    saida = []
    fatos = {}
    cargas = [carga()]

    comando = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
    # The report holds the sizes the targets are set for: a smaller run only prints its tables.
    reduzidos = [nome for nome, valor in vars(opcoes).items()
                 if (nome == "n" or nome.startswith(("n_", "segundos_"))) and valor != parser.get_default(nome)]
    if reduzidos:
        print(f"bench: tamanhos fora do padrão ({', '.join(reduzidos)}): {RELATORIO.name} não é atualizado",
              file=sys.stderr, flush=True)
    # The load when the part being measured began: the previous table's end.
    carga_da_parte = [cargas[0]]

    def mostrar(texto: str):
        print(texto, flush=True)
        saida.append(texto)
        if isinstance(texto, Tabela) and not reduzidos:
            # Each part goes into the report as it ends: a run stopped later keeps it.
            medias = [f"no início: {carga_da_parte[0].split(': ', 1)[-1]}", f"ao fim: {carga().split(': ', 1)[-1]}"]
            relatorio_md.atualizar(RELATORIO, fatos, comando, f"{datetime.now():%Y-%m-%d %H:%M}", medias, [texto])
            carga_da_parte[0] = carga()

    infra = Infra()
    try:
        print("bench: iniciando PostgreSQL e Redis próprios ...", file=sys.stderr, flush=True)
        infra.iniciar()
        fatos = relatorio_md.fatos_da_maquina(infra.versoes())
        mostrar(f"ERP Web — bench, {datetime.now():%Y-%m-%d %H:%M}\n{maquina(fatos)}\n")

        if not so:
            print(f"bench: parte 1, autenticação (n={opcoes.n} por linha) ...", file=sys.stderr, flush=True)
            medidas, notas = autenticacao.medir(infra, opcoes.n)
            mostrar(formatar(
                "1. Autenticação por request: verificação local (desenho) x ida ao auth-api (plano)",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if not (opcoes.sem_partida or so):
            print("bench: parte 2, partida a frio (3 partidas do runner) ...", file=sys.stderr, flush=True)
            linhas, notas = partida.medir(infra)
            mostrar(formatar(
                "2. Partida a frio: do lançamento do runner até os 8 serviços em /health 200",
                ["partida", "todos prontos s", "primeiro s", "último serviço s", "parada s"],
                linhas, notas,
            ))

        if not (opcoes.sem_gateway or so):
            print(f"bench: parte 3, gateway (n={opcoes.n} por linha) ...", file=sys.stderr, flush=True)
            medidas, notas = gateway.medir(infra, opcoes.n)
            mostrar(formatar(
                "3. Gateway: o mesmo request direto ao serviço e pelo frontend (porta 5000)",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if busca_:
            print(f"bench: parte 4, busca de clientes (gera 1,1 milhão; n={opcoes.n_busca} por linha) ...",
                  file=sys.stderr, flush=True)
            medidas, notas = busca.medir(infra, opcoes.n_busca)
            mostrar(formatar(
                "4. Busca de clientes: GET /api/clientes?q=... com 100 mil clientes e 10 outras empresas de 100 mil",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if financeiro_:
            print(f"bench: parte 5, financeiro (gera {opcoes.n_lancamentos:,} lançamentos e mais "
                  f"{opcoes.n_outras_empresas} empresas; n={opcoes.n_financeiro} por linha) ...",
                  file=sys.stderr, flush=True)
            medidas, notas = financeiro.medir(infra, opcoes.n_financeiro, opcoes.n_lancamentos,
                                              opcoes.n_outras_empresas, None, opcoes.n_ofx, opcoes.n_ofx_vezes)
            mostrar(formatar(
                f"5. Financeiro: o livro de lançamentos com {opcoes.n_lancamentos:,} lançamentos".replace(",", ".")
                + f" e {opcoes.n_outras_empresas} outras empresas; importação de OFX",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if conciliacao_:
            print(f"bench: parte 6, conciliação (gera {opcoes.n_lancamentos:,} lançamentos e um extrato de "
                  f"{opcoes.n_transacoes:,} transações; n={opcoes.n_sugestoes}) ...", file=sys.stderr, flush=True)
            medidas, notas = conciliacao.medir(infra, opcoes.n_sugestoes, opcoes.n_lancamentos, opcoes.n_transacoes)
            mostrar(formatar(
                f"6. Conciliação: sugestões e conciliação automática de {opcoes.n_transacoes:,} transações contra "
                f"{opcoes.n_lancamentos:,} lançamentos".replace(",", "."),
                *tabela_de_medidas(medidas),
                notas,
            ))

        if dashboard_:
            print(f"bench: parte 7, dashboard (gera {opcoes.n_lancamentos:,} lançamentos; n={opcoes.n_dashboard}, "
                  f"{opcoes.n_streams} streams) ...", file=sys.stderr, flush=True)
            medidas, notas = dashboard.medir(infra, opcoes.n_dashboard, opcoes.n_lancamentos, opcoes.n_streams)
            mostrar(formatar(
                "7. Dashboard: GET /api/dashboard frio e quente; frescor depois de uma baixa; streams SSE "
                f"parados; com {milhares(opcoes.n_lancamentos)} lançamentos",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if carga_:
            print("bench: parte 8, primeira carga do SPA em 'Fast 3G' (sobe o runner com a demonstração) ...",
                  file=sys.stderr, flush=True)
            linhas, notas = primeira_carga.medir(infra)
            mostrar(formatar(
                "8. Primeira carga do SPA em 'Fast 3G': visita nova, login, e a volta com o cache do navegador",
                ["etapa", "s", "requests", "na rede", "KiB"], linhas, notas,
            ))

        if relatorios_:
            print(f"bench: parte 9, relatórios (gera {opcoes.n_lancamentos:,} lançamentos; "
                  f"n={opcoes.n_relatorios} por linha) ...", file=sys.stderr, flush=True)
            medidas, notas = relatorios.medir(infra, opcoes.n_relatorios, opcoes.n_lancamentos)
            mostrar(formatar(
                "9. Relatórios: cada um frio e quente, e uma exportação XLSX de ponta a ponta; com "
                f"{milhares(opcoes.n_lancamentos)} lançamentos",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if operacional_:
            print(f"bench: parte 10, equipamentos e agenda (gera {opcoes.n_sessoes:,} sessões; "
                  f"n={opcoes.n_operacional} por linha) ...", file=sys.stderr, flush=True)
            medidas, notas = operacional.medir(infra, opcoes.n_operacional, opcoes.n_sessoes)
            mostrar(formatar(
                f"10. Equipamentos e agenda: disponibilidade, alocação de kit e o mês da agenda com "
                f"{milhares(opcoes.n_sessoes)} sessões e {milhares(operacional.ITENS)} equipamentos",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if cobranca_:
            print(f"bench: parte 11, cobrança (gera {opcoes.n_lancamentos:,} lançamentos e "
                  f"{opcoes.n_cobranca_vezes} lotes de {opcoes.n_titulos:,} títulos por banco) ...",
                  file=sys.stderr, flush=True)
            medidas, notas = cobranca.medir(infra, opcoes.n_lancamentos, opcoes.n_titulos, opcoes.n_cobranca_vezes)
            mostrar(formatar(
                f"11. Cobrança: remessa de {milhares(opcoes.n_titulos)} títulos e o retorno que a liquida, BB CNAB 240 "
                f"e Itaú CNAB 400, por HTTP e sem; com {milhares(opcoes.n_lancamentos)} lançamentos",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if rh_:
            print(f"bench: parte 12, folha de pagamento (gera {opcoes.n_funcionarios:,} funcionários) ...",
                  file=sys.stderr, flush=True)
            medidas, notas = rh.medir(infra, opcoes.n_funcionarios)
            mostrar(formatar(
                f"12. Folha de pagamento: a prévia, o processamento e o reprocessamento do mês de "
                f"{milhares(opcoes.n_funcionarios)} funcionários, com as contas a pagar no financeiro",
                *tabela_de_medidas(medidas),
                notas,
            ))

        if dia_:
            print(f"bench: parte 13, um dia de estúdio sob carga ({opcoes.n_usuarios} pessoas, 2 rodadas de "
                  f"{opcoes.segundos_carga:.0f} s) ...", file=sys.stderr, flush=True)
            inicio_da_parte = carga_da_parte[0]
            for titulo, linhas, notas in dia.medir(infra, opcoes.n_usuarios, opcoes.segundos_carga):
                carga_da_parte[0] = inicio_da_parte  # both rounds' tables come at the part's end
                mostrar(formatar(titulo, dia.CABECALHO, linhas, notas))
    finally:
        infra.parar()
    cargas.append(carga())
    mostrar(f"(bench em {time.monotonic() - inicio:.0f} s; ao fim, {cargas[-1]})")
    if fatos and not reduzidos:
        print(f"bench: relatório em {RELATORIO}", file=sys.stderr, flush=True)
    try:
        RESULTADOS.mkdir(exist_ok=True)
        (RESULTADOS / f"{datetime.now():%Y%m%d-%H%M%S}.txt").write_text("\n".join(saida) + "\n", encoding="utf-8")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
