// A chart for the dashboard's widgets: uPlot (vendored from npm) drawing bars or lines over a few
// named categories (contas, months, categorias), money on the value axis, the series named in the legend.
//
// The figures arrive as decimal strings; the chart draws them as numbers (a pixel has no cents),
// while every figure the user reads as text goes through formatarMoeda from the string itself. The
// axis speaks the same money ("-R$ 2,3 mil", formatos.js), the labels under the bars are cut or
// thinned out to fit a phone, and a chart of nothing is not drawn at all (`semDados`).

import { html, useEffect, useRef } from "../../../vendor/htm-preact/standalone.module.js";
import uPlot from "../../../vendor/uplot/uPlot.esm.js";
import { formatarMoedaCompacta } from "../../formatos.js";
import { montarGrafico } from "../../ui/uplot.js";

export const CORES = {
  receita: "#1a7f37", despesa: "#b42318", recebido: "#6cc48a", pago: "#f08a80", neutra: "#1f4e79", suave: "#8aa9c6",
};

const numero = (valor) => (valor === null || valor === undefined || valor === "" ? null : Number(valor));

/** True when no series has a figure other than zero: nothing to draw. */
export function semDados(series) {
  return !series.some((s) => s.valores.some((v) => v != null && /[1-9]/.test(String(v))));
}

// uPlot's axis font (12px, the system's sans-serif), to measure the labels before drawing them.
const FONTE = "12px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
let contexto = null;
function medir(texto) {
  contexto ??= document.createElement("canvas").getContext("2d");
  contexto.font = FONTE;
  return contexto.measureText(texto).width;
}

function abreviar(texto, largura) {
  if (medir(texto) <= largura) return texto;
  let curto = texto;
  while (curto.length > 1 && medir(`${curto}…`) > largura) curto = curto.slice(0, -1);
  return `${curto.trimEnd()}…`;
}

/**
 * The category labels that fit under their bars (`espaco` px each): all of them when they fit;
 * names cut short with "…" while a few letters fit; otherwise one in every few (months), always
 * keeping the last (the current month). The full names are in the table under the chart.
 */
function rotulosQueCabem(rotulos, espaco) {
  const folga = 10;
  const maior = Math.max(0, ...rotulos.map(medir));
  if (maior + folga <= espaco) return rotulos;
  if (espaco >= 52 && !rotulos.every((r) => /^\d{2}\/\d{4}$/.test(r))) return rotulos.map((r) => abreviar(r, espaco - folga));
  const passo = Math.ceil((maior + folga) / espaco);
  return rotulos.map((r, i) => ((rotulos.length - 1 - i) % passo === 0 ? r : ""));
}

/** Bars start at zero, whatever the sign of the figures; an all-zero chart still has a scale. */
function faixaDeValores(_u, minimo, maximo) {
  const baixo = Math.min(0, minimo ?? 0);
  const alto = Math.max(0, maximo ?? 0);
  if (baixo === alto) return [0, 1];
  const folga = (alto - baixo) * 0.08;
  return [baixo < 0 ? baixo - folga : 0, alto > 0 ? alto + folga : 0];
}

function opcoes({ eixo, categorias, series, tipo, agrupado, largura, altura }) {
  const barras = tipo === "barras";
  // Two series side by side on each category (a receber | a pagar); one series centred, and so
  // are series that never share a category (receitas and despesas of the top categorias).
  const lado = agrupado && series.length === 2 ? [-1, 1] : [0, 0];
  return {
    width: largura,
    height: altura,
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: faixaDeValores } },
    axes: [
      {
        splits: () => categorias.map((_, i) => i),
        values: (u, marcas) => {
          const espaco = u.bbox.width / (window.devicePixelRatio || 1) / Math.max(categorias.length, 1);
          const rotulos = rotulosQueCabem(categorias, espaco);
          return marcas.map((i) => rotulos[i] ?? "");
        },
        grid: { show: false },
        size: 40,
      },
      {
        values: (_u, marcas) => marcas.map((v) => formatarMoedaCompacta(v)),
        // As wide as its longest label: on a phone every pixel goes to the bars.
        size: (_u, valores) => Math.ceil(Math.max(24, ...(valores || []).map(medir))) + 16,
      },
    ],
    series: [
      { label: eixo, value: (_u, i) => categorias[i] ?? "" },
      ...series.map((s, n) => ({
        label: s.rotulo,
        stroke: s.cor,
        fill: barras ? s.cor : undefined,
        width: barras ? 0 : 2,
        points: { show: !barras },
        paths: barras ? uPlot.paths.bars({ size: [lado[0] ? 0.4 : 0.6, 80], align: lado[n] ?? 0 }) : undefined,
      })),
    ],
    cursor: { drag: { x: false, y: false }, points: { show: !barras } },
    // The legend names the series only: the figures are in the table under the chart (a live
    // legend showed "Receitas: —" until the pointer went over a bar).
    legend: { show: true, live: false },
  };
}

/**
 * eixo: what the categories are ("Conta", "Mês"); categorias: the x labels; series: [{rotulo, cor,
 * valores: ["12.50", null, …]}]; tipo "barras" | "linhas"; agrupado: false when no two series
 * share a category; aoClicar(indice | null) when the chart is clicked (the category under the
 * cursor).
 */
export function Grafico({ rotulo, eixo, categorias, series, tipo = "barras", agrupado = true, altura = 220, aoClicar }) {
  const caixa = useRef(null);
  const clique = useRef(aoClicar);
  clique.current = aoClicar;
  const chave = JSON.stringify([eixo, categorias, series, tipo, agrupado]);

  // The dashboard's grid decides the width; the chart follows it when the window changes.
  useEffect(() => {
    const dados = [categorias.map((_, i) => i), ...series.map((s) => s.valores.map(numero))];
    return montarGrafico(caixa.current, (largura) => opcoes({ eixo, categorias, series, tipo, agrupado, largura, altura }),
      dados, (indice) => clique.current?.(indice));
  }, [chave, altura]);

  return html`<div class="grafico" ref=${caixa} role="img" aria-label=${rotulo}></div>`;
}
