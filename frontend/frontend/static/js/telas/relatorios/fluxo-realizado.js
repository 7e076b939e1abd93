// Fluxo de caixa realizado: what entered and left the contas in a period, per day, week or month,
// with the balance at the end of each — a chart, a table with totals, and each period leading to
// the ledger's payments of those days. Filters live in the address (a link shares them). By centro
// de custo, the centro's part of each payment, from a balance of zero.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData, hoje } from "../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../roteador.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, intervalo, mesAtual } from "../../ui/periodo.js";
import { EstadoVazio } from "../../ui/vazio.js";
import {
  Cartoes, EstadoDaConsulta, FiltroCentro, FiltroConta, NotaDoCentro, TabelaDoRelatorio, nomeDoPeriodo, rotaDoRazao,
} from "./comum.js";
import { BotaoExportar } from "./exportar.js";
import { CORES, GraficoDeLinhas } from "./grafico.js";

const AGRUPAMENTOS = [
  { valor: "dia", rotulo: "Por dia" },
  { valor: "semana", rotulo: "Por semana" },
  { valor: "mes", rotulo: "Por mês" },
];
const PERIODOS = ["mes", "12meses", "personalizado"];
const PADRAO = { periodo: "12meses", mes: "", de: "", ate: "", agrupamento: "mes", conta_id: "", centro_custo_id: "" };

function periodoDe(f) {
  const tipo = PERIODOS.includes(f.periodo) ? f.periodo : "12meses";
  return { tipo, mes: f.mes || mesAtual(), de: f.de, ate: f.ate };
}

/** The period's dates for the API, ending today at the latest when it has begun: no money has
 * moved after today yet, and the last balance shown is then the contas' saldo atual. */
function datas(periodo) {
  const { de, ate } = intervalo(periodo);
  const dia = hoje();
  return { de: de || undefined, ate: (de || "") <= dia && (!ate || ate > dia) ? dia : ate || undefined };
}

/** The payments of those days in the ledger (by payment date), of that conta and centro (f). */
const razaoDoPeriodo = (p, f) => rotaDoRazao({ data: "pagamento", de: p.inicio, ate: p.fim, conta_id: f.conta_id,
  centro_custo_id: f.centro_custo_id });

function Tabela({ relatorio, f }) {
  return html`<${TabelaDoRelatorio} rotulo="Fluxo de caixa por período" colunas=${["Período", "Entradas", "Saídas", "Saldo no fim"]}
    linhas=${relatorio.periodos.map((p) => ({
      chave: p.inicio, rotulo: nomeDoPeriodo(p), href: razaoDoPeriodo(p, f),
      titulo: "Ver os pagamentos e recebimentos destes dias", valores: [p.entradas, p.saidas, p.saldo_final],
    }))}
    total=${[relatorio.entradas, relatorio.saidas, relatorio.saldo_final]} />`;
}

export function FluxoRealizado() {
  const [f, definir] = useFiltrosNaUrl(PADRAO);
  const periodo = periodoDe(f);
  const { de, ate } = datas(periodo);
  const parametros = { de, ate, agrupamento: f.agrupamento, conta_id: f.conta_id || undefined,
    centro_custo_id: f.centro_custo_id || undefined };
  const { dados: relatorio, erro, recarregar } = useConsulta("/api/relatorios/fluxo-caixa", parametros);

  function mudarPeriodo(p) {
    definir({ periodo: p.tipo, mes: p.tipo === "mes" ? p.mes : "", de: p.tipo === "personalizado" ? p.de : "",
      ate: p.tipo === "personalizado" ? p.ate : "" });
  }

  const filtros = html`
    <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${PERIODOS} rotulo="Período do fluxo de caixa" />
    <${PainelDeFiltros} id="filtros-fluxo"
      emUso=${[f.conta_id, f.centro_custo_id, f.agrupamento !== "mes"].filter(Boolean).length}>
      <${FiltroSelecao} rotulo="Agrupar" valor=${f.agrupamento} aoMudar=${(agrupamento) => definir({ agrupamento })}
        opcoes=${AGRUPAMENTOS} />
      <${FiltroConta} valor=${f.conta_id} aoMudar=${(conta_id) => definir({ conta_id })} />
      <${FiltroCentro} valor=${f.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
    <//>
    <${BotaoExportar} relatorio="fluxo-caixa" parametros=${parametros} />
    <${NotaDoCentro} centro=${f.centro_custo_id} />`;
  if (!relatorio) return html`${filtros}<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;

  const semMovimento = relatorio.periodos.every((p) => !/[1-9]/.test(p.entradas + p.saidas));
  const doPeriodo = { data: "pagamento", de: relatorio.periodos[0].inicio, ate: relatorio.periodos.at(-1).fim,
    conta_id: f.conta_id, centro_custo_id: f.centro_custo_id };
  return html`
    ${filtros}
    ${erro && html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`}
    <${Cartoes} rotulo="Resumo do fluxo de caixa" cartoes=${[
      { id: "saldo-inicial", rotulo: `Saldo em ${formatarData(doPeriodo.de)}`, valor: relatorio.saldo_inicial,
        detalhe: "no começo do dia" },
      { id: "receitas", rotulo: "Entradas", valor: relatorio.entradas, href: rotaDoRazao({ ...doPeriodo, tipo: "RECEITA" }) },
      { id: "despesas", rotulo: "Saídas", valor: relatorio.saidas, href: rotaDoRazao({ ...doPeriodo, tipo: "DESPESA" }) },
      { id: "saldo", rotulo: `Saldo em ${formatarData(doPeriodo.ate)}`, valor: relatorio.saldo_final,
        detalhe: "no fim do dia" },
    ]} />
    ${semMovimento
      ? html`<${EstadoVazio} titulo="Nenhum dinheiro entrou ou saiu das contas neste período."
          acao=${{ rotulo: "Ver lançamentos", href: "/financeiro" }}>
          O fluxo de caixa mostra o que foi recebido e pago. Registre os recebimentos e pagamentos nos lançamentos
          (botões “Receber” e “Pagar”) ou escolha outro período.<//>`
      : html`
        <${GraficoDeLinhas} rotulo=${`Gráfico do fluxo de caixa: entradas, saídas e saldo no fim de cada período`}
          datas=${relatorio.periodos.map((p) => p.inicio)}
          series=${[
            { rotulo: "Entradas", cor: CORES.entradas, valores: relatorio.periodos.map((p) => p.entradas) },
            { rotulo: "Saídas", cor: CORES.saidas, valores: relatorio.periodos.map((p) => p.saidas) },
            { rotulo: "Saldo no fim", cor: CORES.saldo, valores: relatorio.periodos.map((p) => p.saldo_final) },
          ]}
          aoClicar=${(i) => navegar(razaoDoPeriodo(relatorio.periodos[i], f))} />
        <${Tabela} relatorio=${relatorio} f=${f} />`}`;
}
