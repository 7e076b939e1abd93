// A tree shown as nested lists, each node with children behind a disclosure button
// (aria-expanded), so the keyboard reaches every node and every action with Tab alone. Every node
// starts expanded; "Expandir tudo" and "Recolher tudo" act on all of them.

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { useAlternaveis } from "./alternaveis.js";
import { mostrarVazio } from "./vazio.js";

function todasAsChaves(itens, filhos, chave, saida = []) {
  for (const item of itens) {
    if (filhos(item).length) saida.push(chave(item));
    todasAsChaves(filhos(item), filhos, chave, saida);
  }
  return saida;
}

/**
 * `<${Arvore} rotulo="Plano de contas" itens=${raizes} filhos=${(c) => c.filhos} nomeDe=${(c) => c.nome}
 *    linha=${(item, {nivel}) => conteúdo} />`
 * `linha` renders a node's own row (its text and its buttons); the tree adds the disclosure button.
 * `vazio`: a sentence, or an EstadoVazio (ui/vazio.js).
 */
export function Arvore({ rotulo, itens, filhos = (item) => item.filhos || [], chave = (item) => item.id,
  nomeDe = (item) => String(chave(item)), linha, vazio = "Nada cadastrado." }) {
  const [recolhidos, alternar, setRecolhidos] = useAlternaveis();


  function nos(lista, nivel) {
    return lista.map((item) => {
      const id = chave(item);
      const descendentes = filhos(item);
      const aberto = !recolhidos.has(id);
      return html`
        <li key=${id} class=${`no nivel-${nivel}`}>
          <div class="no-linha">
            ${descendentes.length
              ? html`<button type="button" class="alternar" aria-expanded=${aberto ? "true" : "false"}
                  aria-label=${`${aberto ? "Recolher" : "Expandir"} ${nomeDe(item)}`}
                  onClick=${() => alternar(id)}><span aria-hidden="true">${aberto ? "▾" : "▸"}</span></button>`
              : html`<span class="alternar-vazio" aria-hidden="true"></span>`}
            ${linha(item, { nivel, aberto })}
          </div>
          ${descendentes.length > 0 && aberto && html`<ul class="arvore-filhos">${nos(descendentes, nivel + 1)}</ul>`}
        </li>`;
    });
  }

  if (!itens.length) return mostrarVazio(vazio);
  const comFilhos = todasAsChaves(itens, filhos, chave);
  return html`
    <div class="arvore">
      ${comFilhos.length > 0 && html`
        <div class="arvore-controles">
          <button type="button" class="botao secundario pequeno" onClick=${() => setRecolhidos(new Set())}>Expandir tudo</button>
          <button type="button" class="botao secundario pequeno" onClick=${() => setRecolhidos(new Set(comFilhos))}>Recolher tudo</button>
        </div>`}
      <ul class="arvore-raiz" aria-label=${rotulo}>${nos(itens, 1)}</ul>
    </div>`;
}
