// The empty state of a list when the empresa has nothing there yet: what is missing, one sentence
// on what to do, and the button that does it — instead of a bare "nothing found". ui/lista.js and
// ui/arvore.js show it as their `vazio`; a filtered list keeps its plain sentence.

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { useConsulta } from "./consulta.js";

/**
 * `<${EstadoVazio} titulo="Nenhuma conta cadastrada" acao=${{ rotulo: "Nova conta", aoClicar }}>Frase.<//>`
 * `acao`: {rotulo, aoClicar} (a button), {rotulo, href} (a link), or an element of the screen's
 * own; none for whoever may not do it.
 */
export function EstadoVazio({ titulo, acao, children }) {
  let botao = acao;
  if (acao?.href) {
    botao = html`<a class="botao primario" href=${acao.href}>${acao.rotulo}</a>`;
  } else if (acao?.aoClicar) {
    botao = html`<button type="button" class="botao primario" onClick=${acao.aoClicar}>${acao.rotulo}</button>`;
  }
  return html`
    <div class="estado-vazio">
      <p class="estado-vazio-titulo">${titulo}</p>
      <p>${children}</p>
      ${botao}
    </div>`;
}

/** Whether `caminho` (a list of the contract) has nothing at all, asked only once `perguntar`:
 * a list that came back empty under a period may still have rows in other months. */
export function useNadaAinda(caminho, perguntar) {
  const { dados } = useConsulta(perguntar ? caminho : null, { limit: 1 });
  return perguntar && dados ? dados.items.length === 0 : false;
}

/** `vazio` as a list shows it: the empty state as it is, a plain sentence in a paragraph. */
export function mostrarVazio(vazio) {
  return vazio?.type === EstadoVazio ? vazio : html`<p class="vazio">${vazio}</p>`;
}
