// The reports' line chart: money over dates (uPlot, vendored), one line per series, the x axis in
// the studio's dd/mm, and optionally one point marked and named on the chart (the projection's
// lowest balance). Figures arrive as decimal strings and are drawn as numbers (a pixel has no
// cents); every figure read as text is in the table under the chart.

import { html, useEffect, useRef } from "../../../vendor/htm-preact/standalone.module.js";
import uPlot from "../../../vendor/uplot/uPlot.esm.js";
import { formatarMoeda, formatarMoedaCompacta } from "../../formatos.js";
import { montarGrafico } from "../../ui/uplot.js";

export const CORES = { entradas: "#1a7f37", saidas: "#b42318", saldo: "#1f4e79", destaque: "#b42318" };

const segundos = (iso) => Date.UTC(...iso.split("-").map((n, i) => Number(n) - (i === 1 ? 1 : 0))) / 1000;
const diaMes = (s) => {
  const d = new Date(s * 1000);
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
};

/** Money on the value axis, short ("R$ 1,5 mil") unless two marks would then read the same. */
function rotulosDeValor(marcas) {
  const curtos = marcas.map((v) => formatarMoedaCompacta(v));
  return new Set(curtos).size === curtos.length ? curtos : marcas.map((v) => formatarMoeda(Math.round(v)).replace(/,00$/, ""));
}

/** The marked point: a filled circle and its words above it, kept inside the plot. */
function marcar(destaque) {
  return (u) => {
    if (!destaque) return;
    const x = u.valToPos(u.data[0][destaque.indice], "x", true);
    const y = u.valToPos(u.data[destaque.serie + 1][destaque.indice], "y", true);
    const escala = window.devicePixelRatio || 1;
    const { ctx } = u;
    ctx.save();
    ctx.fillStyle = CORES.destaque;
    ctx.beginPath();
    ctx.arc(x, y, 5 * escala, 0, 2 * Math.PI);
    ctx.fill();
    ctx.font = `600 ${12 * escala}px system-ui, sans-serif`;
    // Beside the point, on the side with room, and above it unless that leaves the plot.
    const largura = ctx.measureText(destaque.texto).width;
    const cabe = x + 10 * escala + largura <= u.bbox.left + u.bbox.width;
    const acima = y - 10 * escala > u.bbox.top + 12 * escala;
    ctx.fillText(destaque.texto, cabe ? x + 10 * escala : x - 10 * escala - largura, acima ? y - 10 * escala : y + 20 * escala);
    ctx.restore();
  };
}

/**
 * datas: ["AAAA-MM-DD", …]; series: [{rotulo, cor, valores: ["12.50", …]}]; destaque: {indice,
 * serie, texto} or null; aoClicar(indice) with the date under the pointer.
 */
export function GraficoDeLinhas({ rotulo, datas, series, destaque = null, altura = 240, aoClicar }) {
  const caixa = useRef(null);
  const clique = useRef(aoClicar);
  clique.current = aoClicar;
  const chave = JSON.stringify([datas, series, destaque]);

  useEffect(() => {
    const opcoes = (largura) => ({
      width: largura,
      height: altura,
      scales: { x: { time: true } },
      axes: [
        { values: (_u, marcas) => marcas.map(diaMes), grid: { show: false } },
        {
          values: (_u, marcas) => rotulosDeValor(marcas),
          size: (_u, valores) => 8 * Math.max(4, ...(valores || []).map((v) => v.length)) + 12,
        },
      ],
      series: [
        { label: "Data", value: (_u, s) => (s == null ? "" : diaMes(s)) },
        ...series.map((s) => ({ label: s.rotulo, stroke: s.cor, width: 2, points: { show: datas.length <= 31 } })),
      ],
      tzDate: (s) => uPlot.tzDate(new Date(s * 1000), "Etc/UTC"),
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: false },
      hooks: { draw: [marcar(destaque)] },
    });
    const dados = [datas.map(segundos), ...series.map((s) => s.valores.map(Number))];
    return montarGrafico(caixa.current, opcoes, dados, (indice) => indice != null && clique.current?.(indice));
  }, [chave, altura]);

  return html`<div class="grafico" ref=${caixa} role="img" aria-label=${rotulo}></div>`;
}
