// Real paths (/cadastros/clientes), not #fragments: the frontend answers the SPA for any path
// outside /api and /static, so a link can be opened, bookmarked and reloaded; a list's filters
// live in the query string (useFiltrosNaUrl).

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
    // The address may have changed between the first render and this effect (a select changed
    // before the screen finished mounting): take it up, or that change would never be seen.
    definir((anterior) => {
      const agora = local();
      return agora.caminho === anterior.caminho && agora.busca.toString() === anterior.busca.toString() ? anterior : agora;
    });
    return () => ouvintes.delete(definir);
  }, []);
  return atual;
}

/**
 * A new query string for this same page, without scrolling: `pushState` (a step the back button
 * undoes) or, with `substituir`, `replaceState` (what is being typed). `busca`: URLSearchParams.
 */
export function mudarBusca(busca, { substituir = false } = {}) {
  const texto = busca.toString();
  const destino = location.pathname + (texto ? `?${texto}` : "");
  if (destino === location.pathname + location.search) return;
  history[substituir ? "replaceState" : "pushState"](null, "", destino);
  avisar();
}

const lista = (valor) => (Array.isArray(valor) ? valor : [valor])
  .filter((v) => v !== undefined && v !== null && v !== "").map(String);

/**
 * A list screen's filters kept in the address, so a link shares them, a reload keeps them and the
 * back button returns to the previous ones. `padrao`: {chave: valor} — a string, or an array for a
 * repeated key (status=PENDENTE&status=PARCIAL). → [filtros, definir]: `filtros` holds every key of
 * `padrao`, from the address or else the default; `definir({chave: valor, ...}, {substituir})`
 * writes the changes — a value equal to its default (or empty) leaves the address, keys this
 * screen does not know stay — with pushState, or replaceState for typing (`substituir`).
 */
export function useFiltrosNaUrl(padrao) {
  const { busca } = useRota();
  const filtros = {};
  for (const [chave, valorPadrao] of Object.entries(padrao)) {
    if (Array.isArray(valorPadrao)) filtros[chave] = busca.has(chave) ? busca.getAll(chave) : valorPadrao;
    else filtros[chave] = busca.has(chave) ? busca.get(chave) : valorPadrao;
  }
  function definir(mudancas, { substituir = false } = {}) {
    const nova = new URLSearchParams(location.search);
    for (const [chave, valor] of Object.entries(mudancas)) {
      nova.delete(chave);
      const valores = lista(valor);
      if (chave in padrao && valores.join("\n") === lista(padrao[chave]).join("\n")) continue;
      valores.forEach((v) => nova.append(chave, v));
    }
    mudarBusca(nova, { substituir });
  }
  return [filtros, definir];
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
