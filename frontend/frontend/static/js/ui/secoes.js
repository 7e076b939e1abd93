// A module's page: its title (with the help panel), its sections as tabs — links, so each section
// has its own address — and the current section's screen below them.

import { html, useEffect, useRef } from "../../vendor/htm-preact/standalone.module.js";
import { TituloDaTela } from "./ajuda.js";

/** The section whose address is `caminho`, or the first. */
export function secaoAtual(secoes, caminho) {
  return secoes.find((s) => caminho === s.rota) || secoes[0];
}

/**
 * `<${Secoes} titulo="Cadastros" rotulo="Seções de cadastros" secoes=${SECOES} atual=${atual}>tela<//>`;
 * `chave` (the section's address by default) remounts the screen when it changes.
 */
export function Secoes({ titulo, rotulo, secoes, atual, chave = atual.rota, children }) {
  // Where the tabs scroll in their strip (a narrow window, a larger text), the current one is shown.
  const abas = useRef(null);
  useEffect(() => {
    const faixa = abas.current;
    const aba = faixa.querySelector("[aria-current='page']");
    // Only the strip scrolls (scrollIntoView would also move the page, and with it where Tab starts).
    if (aba && faixa.scrollWidth > faixa.clientWidth) {
      faixa.scrollLeft = aba.offsetLeft - (faixa.clientWidth - aba.offsetWidth) / 2; // .abas is their offsetParent
    }
  }, [atual]);
  return html`
    <${TituloDaTela} ajuda=${atual.rota}>${titulo}<//>
    <nav class="abas" aria-label=${rotulo} ref=${abas}>
      ${secoes.map((s) => html`
        <a key=${s.rota} href=${s.rota} aria-current=${s === atual ? "page" : undefined}>${s.nome}</a>`)}
    </nav>
    <section aria-label=${atual.nome} key=${chave}>${children}</section>`;
}
