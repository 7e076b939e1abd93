// A menu behind a button (the disclosure pattern: aria-expanded, aria-controls), as the shell's
// modules on a phone and the user's account menu use it: opening it moves the focus into it, Esc
// closes it and gives the focus back to the button, and so does a click elsewhere or leaving it
// with Tab.

import { useEffect, useLayoutEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";

/**
 * raiz: the element holding the button and the menu; primeiroFoco(raiz) → the element to focus on
 * opening. Returns the state, a ref to the button, `abertoAgora` (a ref of the state, for handlers
 * registered once) and the handlers to put on raiz: onKeyDown=${teclar} onFocusOut=${saiu}.
 */
export function useMenu(raiz, primeiroFoco) {
  const [aberto, setAberto] = useState(false);
  const botao = useRef(null);
  const abertoAgora = useRef(false);
  abertoAgora.current = aberto;

  // A layout effect: the focus moves as the menu opens, before any next key (an Esc at once must
  // find it there, not have a late focus land on the menu it just closed).
  useLayoutEffect(() => {
    if (aberto) primeiroFoco(raiz.current)?.focus();
  }, [aberto]);

  // Listening all the time (not only once open): a click right after opening must close it too.
  useEffect(() => {
    function fora(evento) {
      if (abertoAgora.current && !raiz.current.contains(evento.target)) setAberto(false);
    }
    document.addEventListener("pointerdown", fora);
    return () => document.removeEventListener("pointerdown", fora);
  }, []);

  function teclar(evento) {
    if (evento.key === "Escape" && aberto) {
      evento.preventDefault();
      setAberto(false);
      botao.current.focus();
    }
  }
  function saiu(evento) {
    // Tab out of the open menu (the focus going to the page behind it) closes it.
    if (aberto && evento.relatedTarget && !raiz.current.contains(evento.relatedTarget)) setAberto(false);
  }

  return { aberto, setAberto, botao, abertoAgora, teclar, saiu };
}
