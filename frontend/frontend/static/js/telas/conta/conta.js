// The signed-in user's corner of the header: their name opens a small menu (the disclosure
// pattern, as the modules' "Menu": aria-expanded, Esc or a click elsewhere closes it and the focus
// goes back to the button) with what they do to their own account. On a phone the button shows
// their initials; the name stays its accessible name (visually hidden, never display: none).

import { html, useRef, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { PainelDeAjuda } from "../../ui/ajuda.js";
import { Icone } from "../../ui/icone.js";
import { useMenu } from "../../ui/menu.js";
import { DialogoTrocarSenha } from "./senha.js";

function iniciais(nome) {
  const partes = nome.trim().split(/\s+/).filter(Boolean);
  const letras = partes.length > 1 ? partes[0][0] + partes[partes.length - 1][0] : (partes[0] || "?").slice(0, 2);
  return letras.toUpperCase();
}

export function MenuDaConta({ usuario }) {
  const [trocando, setTrocando] = useState(false);
  const [ajudando, setAjudando] = useState(false);
  const raiz = useRef(null);
  const { aberto, setAberto, botao, teclar, saiu } = useMenu(
    raiz, (elemento) => elemento.querySelector(".menu-da-conta button"));

  function abrir(definir) {
    setAberto(false);
    // The dialog (or the help) gives the focus back to what had it when it opened: the button, not the item.
    botao.current.focus();
    definir(true);
  }

  return html`
    <div class="menu-conta" ref=${raiz} onKeyDown=${teclar} onFocusOut=${saiu}>
      <button type="button" class="botao-conta" ref=${botao} aria-expanded=${aberto ? "true" : "false"}
        aria-controls="menu-da-conta" title=${usuario.username} onClick=${() => setAberto(!aberto)}>
        <span class="iniciais" aria-hidden="true">${iniciais(usuario.nome)}</span>
        <span class="nome-usuario">${usuario.nome}</span>
      </button>
      <div id="menu-da-conta" class="menu-da-conta" hidden=${!aberto}>
        <p class="quem"><strong>${usuario.nome}</strong><span>${usuario.username}</span></p>
        <button type="button" class="item-menu" onClick=${() => abrir(setTrocando)}><${Icone} nome="key-round" />Trocar senha</button>
        <button type="button" class="item-menu" onClick=${() => abrir(setAjudando)}><${Icone} nome="circle-question-mark" />Ajuda com a minha conta</button>
      </div>
      ${trocando && html`<${DialogoTrocarSenha} aoFechar=${() => setTrocando(false)} />`}
      ${ajudando && html`<${PainelDeAjuda} chave="/conta" aoFechar=${() => setAjudando(false)} />`}
    </div>`;
}
