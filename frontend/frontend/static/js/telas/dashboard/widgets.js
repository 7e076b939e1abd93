// The dashboard's widgets as GET /api/dashboard/widgets sends them ({id, titulo, tipo, dados,
// filtro}): each one a chart, the same figures as a small table to read (and for screen readers),
// and the way to the ledger behind them — the widget's `filtro`, or a narrower one for the bar
// clicked (one conta, one categoria, one month).

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { navegar } from "../../roteador.js";
import { consulta } from "../../ui/consulta.js";
import { Dinheiro, formatarCompetencia, plural } from "../../ui/valores.js";
import { CORES, Grafico, semDados } from "./grafico.js";

/**
 * The ledger screen with these filters (the query /api/lancamentos takes, or `mes`: one month in
 * its navigator). Without a date the ledger shows this month, so a filter with none asks for every
 * date (`periodo=tudo`); `vencido` is its quick period "Vencidos".
 */
export const rotaDoRazao = (filtro) => {
  const { vencido, ...resto } = filtro || {};
  let periodo;
  if (vencido === "true") periodo = "vencidos";
  else if (!resto.de && !resto.ate && !resto.mes) periodo = "tudo";
  const busca = consulta({ periodo, ...resto });
  return busca ? `/financeiro?${busca}` : "/financeiro";
};

const lancamentos = (n) => plural(n, "lançamento", "lançamentos");

/** "12.5" → "+12,5%", "-3" → "-3%" (the app's one minus sign); null → "—" (no result last year to compare with). */
export function formatarVariacao(percentual) {
  if (percentual === null || percentual === undefined || percentual === "") return "—";
  const texto = String(percentual);
  const sinal = texto.startsWith("-") ? "-" : /[1-9]/.test(texto) ? "+" : "";
  return `${sinal}${texto.replace(/^[-+]/, "").replace(".", ",")}%`;
}

function Tabela({ rotulo, colunas, linhas, recolhida }) {
  // In a box of its own: on a phone, a table wider than the widget scrolls there, not the page.
  const tabela = html`
    <div class="widget-tabela-caixa"><table class="widget-tabela">
      <caption class="so-leitor">${rotulo}</caption>
      <thead><tr>${colunas.map((c, i) => html`<th scope="col" class=${i ? "numero" : ""}>${c}</th>`)}</tr></thead>
      <tbody>
        ${linhas.map((celulas, n) => html`
          <tr key=${n}>${celulas.map((c, i) => (i ? html`<td class="numero">${c}</td>` : html`<th scope="row">${c}</th>`))}</tr>`)}
      </tbody>
    </table></div>`;
  // Twelve rows under a chart that already shows them: there when wanted.
  return recolhida ? html`<details class="widget-detalhes"><summary>${recolhida}</summary>${tabela}</details>` : tabela;
}

// ---------------------------------------------------------------- one function per widget id
// Each → {eixo, categorias, series, tipo?, agrupado?, tabela: {colunas, linhas, recolhida?},
// filtroDoItem?(indice), extra?}

function saldosPorConta(dados, filtro) {
  return {
    eixo: "Conta",
    categorias: dados.map((c) => c.nome),
    series: [{ rotulo: "Saldo", cor: CORES.neutra, valores: dados.map((c) => c.saldo) }],
    tabela: { colunas: ["Conta", "Saldo"], linhas: dados.map((c) => [c.nome, html`<${Dinheiro} valor=${c.saldo} />`]) },
    filtroDoItem: (i) => ({ ...filtro, conta_id: dados[i].conta_id }),
  };
}

function receitasDespesas(dados, filtro) {
  const meses = dados.map((m) => formatarCompetencia(m.mes));
  const serie = (rotulo, cor, campo) => ({ rotulo, cor, valores: dados.map((m) => m[campo]) });
  return {
    eixo: "Mês",
    tipo: "linhas",
    categorias: meses,
    series: [
      serie("Receitas", CORES.receita, "receitas"), serie("Despesas", CORES.despesa, "despesas"),
      serie("Recebido", CORES.recebido, "recebido"), serie("Pago", CORES.pago, "pago"),
    ],
    tabela: {
      recolhida: "Valores mês a mês",
      colunas: ["Mês", "Receitas", "Despesas", "Recebido", "Pago"],
      linhas: dados.map((m, i) => [meses[i], ...["receitas", "despesas", "recebido", "pago"].map((campo) => html`<${Dinheiro} valor=${m[campo]} />`)]),
    },
    // That month in the ledger's month navigator.
    filtroDoItem: (i) => ({ ...filtro, de: undefined, ate: undefined, mes: dados[i].mes }),
  };
}

function topCategorias(dados, filtro) {
  const de = (tipo) => dados.map((c) => (c.tipo === tipo ? c.valor : null));
  return {
    eixo: "Categoria",
    agrupado: false,
    categorias: dados.map((c) => c.nome),
    series: [
      { rotulo: "Receitas", cor: CORES.receita, valores: de("RECEITA") },
      { rotulo: "Despesas", cor: CORES.despesa, valores: de("DESPESA") },
    ].filter((s) => s.valores.some((v) => v !== null)),
    tabela: {
      colunas: ["Categoria", "Valor"],
      linhas: dados.map((c) => [c.nome, html`<${Dinheiro} valor=${c.valor} classe=${`valor-${c.tipo.toLowerCase()}`} />`]),
    },
    filtroDoItem: (i) => ({ ...filtro, tipo: dados[i].tipo, categoria_id: dados[i].categoria_id }),
  };
}

function proximosVencimentos(dados) {
  const dias = [["Próximos 7 dias", "7"], ["Próximos 30 dias", "30"]];
  return {
    eixo: "Prazo",
    categorias: dias.map(([rotulo]) => rotulo),
    series: [
      { rotulo: "A receber", cor: CORES.receita, valores: dias.map(([, d]) => dados[`receber_${d}`]?.valor) },
      { rotulo: "A pagar", cor: CORES.despesa, valores: dias.map(([, d]) => dados[`pagar_${d}`]?.valor) },
    ],
    tabela: {
      colunas: ["Prazo", "A receber", "A pagar"],
      linhas: dias.map(([rotulo, d]) => [rotulo, ...["receber", "pagar"].map((lado) => {
        const item = dados[`${lado}_${d}`] || { quantidade: 0, valor: "0" };
        return html`<${Dinheiro} valor=${item.valor} /> <span class="widget-contagem">(${lancamentos(item.quantidade)})</span>`;
      })]),
    },
  };
}

function vencidos(dados, filtro) {
  const lados = [["A receber", "receber", "RECEITA"], ["A pagar", "pagar", "DESPESA"]];
  return {
    eixo: "Vencidos",
    categorias: lados.map(([rotulo]) => rotulo),
    series: [{ rotulo: "Vencido", cor: CORES.despesa, valores: lados.map(([, lado]) => dados[lado]?.valor) }],
    tabela: {
      colunas: ["Vencidos", "Valor", "Quantidade"],
      linhas: lados.map(([rotulo, lado]) => [rotulo, html`<${Dinheiro} valor=${dados[lado]?.valor ?? "0"} />`, lancamentos(dados[lado]?.quantidade ?? 0)]),
    },
    filtroDoItem: (i) => ({ ...filtro, tipo: lados[i][2] }),
  };
}

function resultadoComparado(dados) {
  const meses = [formatarCompetencia(dados.mes_ano_passado), formatarCompetencia(dados.mes)];
  return {
    eixo: "Mês",
    categorias: meses,
    series: [{ rotulo: "Resultado", cor: CORES.neutra, valores: [dados.resultado_ano_passado, dados.resultado] }],
    tabela: {
      colunas: ["Mês", "Resultado"],
      linhas: [[meses[0], html`<${Dinheiro} valor=${dados.resultado_ano_passado} />`],
        [meses[1], html`<${Dinheiro} valor=${dados.resultado} />`]],
    },
    extra: html`<p class="widget-variacao">Variação: <strong>${formatarVariacao(dados.variacao_percentual)}</strong></p>`,
  };
}

const MONTAGENS = {
  saldos_por_conta: saldosPorConta,
  receitas_despesas_12_meses: receitasDespesas,
  top_categorias: topCategorias,
  proximos_vencimentos: proximosVencimentos,
  vencidos,
  resultado_comparado: resultadoComparado,
};

export function Widget({ widget }) {
  const montar = MONTAGENS[widget.id];
  if (!montar || widget.dados == null) return null;
  const { eixo, categorias, series, tipo = "barras", agrupado = true, tabela, filtroDoItem, extra } = montar(widget.dados, widget.filtro || {});
  const destino = rotaDoRazao(widget.filtro);
  const titulo = `titulo-widget-${widget.id}`;
  // A chart of nothing (no categories, or every figure zero or missing) says so instead of
  // drawing axes from R$ 0 to R$ 1 around an empty plot.
  const vazio = !categorias.length || semDados(series);
  return html`
    <section class=${`widget widget-${widget.id}`} aria-labelledby=${titulo} data-widget=${widget.id}>
      <header class="widget-cabecalho">
        <h2 id=${titulo}>${widget.titulo}</h2>
        <a href=${destino} class="widget-link">Ver lançamentos<span class="so-leitor"> de ${widget.titulo}</span></a>
      </header>
      ${vazio
        ? html`<p class="vazio grafico-vazio">Sem lançamentos no período.</p>`
        : html`<${Grafico} rotulo=${`Gráfico: ${widget.titulo}`} eixo=${eixo} categorias=${categorias} series=${series} tipo=${tipo} agrupado=${agrupado}
            aoClicar=${(i) => navegar(rotaDoRazao(i !== null && filtroDoItem ? filtroDoItem(i) : widget.filtro))} />`}
      ${!vazio && extra}
      ${!vazio && html`<${Tabela} rotulo=${widget.titulo} ...${tabela} />`}
    </section>`;
}
