// The help of each screen: a "?" beside its title opens a side panel (a sheet from the bottom on a
// phone) with a few plain sentences on what the screen is for. The texts are ajuda/textos.js's,
// by route. The panel does not block the page — one reads it while doing what it says —, so a
// click elsewhere leaves it open; as with ui/menu.js, opening it moves the focus into it, and Esc
// (inside it) or its × closes it and gives the focus back to what opened it.

import { html, useLayoutEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { TEXTOS } from "../ajuda/textos.js";

let sequencia = 0;

/** The panel of `chave` (a route of ajuda/textos.js); `aoFechar` removes it. */
export function PainelDeAjuda({ chave, id, aoFechar }) {
  const { titulo, paragrafos } = TEXTOS[chave];
  const painel = useRef(null);
  const anterior = useRef(null);
  const [idTitulo] = useState(() => `ajuda-titulo-${++sequencia}`);
  useLayoutEffect(() => {
    anterior.current = document.activeElement;
    painel.current.focus();
  }, []);

  function fechar() {
    anterior.current?.focus?.();
    aoFechar();
  }
  function teclar(evento) {
    if (evento.key !== "Escape") return;
    evento.preventDefault();
    evento.stopPropagation(); // a menu or dialog around it stays as it was
    fechar();
  }
  return html`
    <aside id=${id} class="painel-ajuda" ref=${painel} tabindex="-1" aria-labelledby=${idTitulo} onKeyDown=${teclar}>
      <header>
        <h2 id=${idTitulo}>Ajuda: ${titulo}</h2>
        <button type="button" class="fechar" aria-label="Fechar a ajuda" onClick=${fechar}>×</button>
      </header>
      ${paragrafos.map((p) => html`<p>${p}</p>`)}
    </aside>`;
}

/** The "?" button and its panel; nothing when `chave` has no text. */
export function Ajuda({ chave }) {
  const [aberta, setAberta] = useState(false);
  const [id] = useState(() => `ajuda-${++sequencia}`);
  if (!TEXTOS[chave]) return null;
  return html`
    <button type="button" class="botao-ajuda" aria-expanded=${aberta ? "true" : "false"} aria-controls=${id}
      aria-label=${`Ajuda: ${TEXTOS[chave].titulo}`} title="Ajuda" onClick=${() => setAberta(!aberta)}>?</button>
    ${aberta && html`<${PainelDeAjuda} chave=${chave} id=${id} aoFechar=${() => setAberta(false)} />`}`;
}

/** A screen's title with its help: `<${TituloDaTela} ajuda="/cadastros/contas">Cadastros<//>`. */
export function TituloDaTela({ ajuda, children }) {
  return html`
    <div class="titulo-tela">
      <h1>${children}</h1>
      <${Ajuda} chave=${ajuda} />
    </div>`;
}
