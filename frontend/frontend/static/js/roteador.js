// Real paths (/cadastros/clientes), not #fragments: the frontend answers the SPA for any path
// outside /api and /static, so a link can be opened, bookmarked and reloaded.

import { useEffect, useState } from "../vendor/htm-preact/standalone.module.js";

const ouvintes = new Set();

function local() {
  return { caminho: location.pathname, busca: new URLSearchParams(location.search) };
}

function avisar() {
  const atual = local();
  ouvintes.forEach((ouvinte) => ouvinte(atual));
}

export function navegar(destino, { substituir = false } = {}) {
  if (destino === location.pathname + location.search) return;
  history[substituir ? "replaceState" : "pushState"](null, "", destino);
  avisar();
  window.scrollTo(0, 0);
}

/** The current location, re-rendering the component when it changes. */
export function useRota() {
  const [atual, definir] = useState(local);
  useEffect(() => {
    ouvintes.add(definir);
    return () => ouvintes.delete(definir);
  }, []);
  return atual;
}

window.addEventListener("popstate", avisar);

// Same-origin links navigate inside the app; a modified click (new tab) or a download does not.
document.addEventListener("click", (evento) => {
  const link = evento.target.closest("a[href]");
  if (!link || evento.defaultPrevented || evento.button !== 0) return;
  if (evento.metaKey || evento.ctrlKey || evento.shiftKey || evento.altKey) return;
  if (link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
  if (link.pathname.startsWith("/api/") || link.pathname.startsWith("/static/")) return;
  if (link.hash && link.pathname === location.pathname) return; // "#conteudo": the skip link
  evento.preventDefault();
  navegar(link.pathname + link.search);
});
