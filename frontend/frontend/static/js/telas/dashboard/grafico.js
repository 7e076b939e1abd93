// A chart for the dashboard's widgets: uPlot (vendored from npm) drawing bars or lines over a few
// named categories (contas, months, categorias), money on the value axis and in the legend.
//
// The figures arrive as decimal strings; the chart draws them as numbers (a pixel has no cents),
// while every figure the user reads as text goes through formatarMoeda from the string itself.

import { html, useEffect, useRef } from "../../../vendor/htm-preact/standalone.module.js";
import uPlot from "../../../vendor/uplot/uPlot.esm.js";
import { formatarMoeda } from "../../formatos.js";

export const CORES = {
  receita: "#1a7f37", despesa: "#b42318", recebido: "#6cc48a", pago: "#f08a80", neutra: "#1f4e79", suave: "#8aa9c6",
};

// uPlot's own stylesheet, linked once when the first chart appears: the page's <head> is fixed
// (no inline styles under the CSP), and only the dashboard needs it.
function carregarEstilo() {
  if (document.querySelector("link[data-uplot]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/static/vendor/uplot/uPlot.min.css";
  link.dataset.uplot = "";
  document.head.append(link);
}

const compacto = new Intl.NumberFormat("pt-BR", {
  style: "currency", currency: "BRL", notation: "compact", maximumFractionDigits: 1,
});

const numero = (valor) => (valor === null || valor === undefined || valor === "" ? null : Number(valor));

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
        values: (_u, marcas) => marcas.map((i) => categorias[i] ?? ""),
        grid: { show: false },
        size: 40,
      },
      { values: (_u, marcas) => marcas.map((v) => compacto.format(v)), size: 80 },
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
        value: (_u, v) => (v === null || v === undefined ? "—" : formatarMoeda(v)),
      })),
    ],
    cursor: { drag: { x: false, y: false }, points: { show: !barras } },
    legend: { show: true },
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

  useEffect(() => {
    carregarEstilo();
    const elemento = caixa.current;
    const largura = () => Math.max(240, elemento.clientWidth);
    const dados = [categorias.map((_, i) => i), ...series.map((s) => s.valores.map(numero))];
    const grafico = new uPlot(opcoes({ eixo, categorias, series, tipo, agrupado, largura: largura(), altura }), dados, elemento);
    grafico.over.addEventListener("click", () => clique.current?.(grafico.cursor.idx ?? null));
    // The dashboard's grid decides the width; the chart follows it when the window changes.
    const observador = new ResizeObserver(() => {
      if (grafico.width !== largura()) grafico.setSize({ width: largura(), height: altura });
    });
    observador.observe(elemento);
    return () => {
      observador.disconnect();
      grafico.destroy();
    };
  }, [chave, altura]);

  return html`<div class="grafico" ref=${caixa} role="img" aria-label=${rotulo}></div>`;
}
