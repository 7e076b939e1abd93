// What every uPlot chart of the app needs besides its own options: uPlot's stylesheet, and a chart
// that fills its box, follows the box's width and reports clicks.

import uPlot from "../../vendor/uplot/uPlot.esm.js";

/**
 * uPlot's own stylesheet, linked once when the first chart appears: the page's <head> is fixed (no
 * inline styles under the CSP), and only the screens with charts need it.
 */
function carregarEstilo() {
  if (document.querySelector("link[data-uplot]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = import.meta.resolve("../../vendor/uplot/uPlot.min.css"); // its content-named URL, by the import map
  link.dataset.uplot = "";
  document.head.append(link);
}

/**
 * A uPlot chart drawn in `elemento`: `opcoes(largura)` → uPlot's options for that width (the box's,
 * 240 px at least, followed when the window changes); `aoClicar(indice | null)` with the point
 * under the cursor. → the function that removes it (an effect's cleanup).
 */
export function montarGrafico(elemento, opcoes, dados, aoClicar) {
  carregarEstilo();
  const largura = () => Math.max(240, elemento.clientWidth);
  const grafico = new uPlot(opcoes(largura()), dados, elemento);
  grafico.over.addEventListener("click", () => aoClicar(grafico.cursor.idx ?? null));
  const observador = new ResizeObserver(() => {
    if (grafico.width !== largura()) grafico.setSize({ width: largura(), height: grafico.height });
  });
  observador.observe(elemento);
  return () => {
    observador.disconnect();
    grafico.destroy();
  };
}
