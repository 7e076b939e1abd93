// Icons and the brand. The icons are Lucide's (vendor/lucide/icones.svg: only those the app uses,
// one file), drawn in the text's colour; each sits beside words that say what it means, so it is
// hidden from screen readers. `import.meta.resolve` goes through the page's import map: both files
// are fetched by their content-named URLs, which the browser keeps for a year.

import { html } from "../../vendor/htm-preact/standalone.module.js";

const ICONES = import.meta.resolve("../../vendor/lucide/icones.svg");
const MARCA = import.meta.resolve("../../icone.svg");

/** `<${Icone} nome="plus" />`: `nome` is a symbol of vendor/lucide/icones.svg. */
export function Icone({ nome }) {
  return html`<svg class="icone" aria-hidden="true" focusable="false"><use href=${`${ICONES}#${nome}`} /></svg>`;
}

/** The ERP Web mark (the same drawing as the favicon) and its name (on a phone's header, for screen readers only). */
export function Marca() {
  return html`<span class="marca-erp"><img src=${MARCA} alt="" width="28" height="28" /><span class="marca-nome">ERP Web</span></span>`;
}
