// Following a background job the server runs (an automatic conciliação, a report's export): its
// state read every second while it runs, as each screen's progress bar wants it. A passing failure
// (the service restarting) is said, and the next look tries again.

import { useEffect } from "../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../api.js";

const INTERVALO_MS = 1000;

/**
 * `useAcompanhar(caminho, { aoLer, aoFalhar, falha })`: while `caminho` is set, GETs it every
 * second and gives each answer to `aoLer(atual)`, which returns true to go on reading; a failed
 * read gives `aoFalhar` the server's message (else `falha`). A new `caminho` starts over.
 */
export function useAcompanhar(caminho, { aoLer, aoFalhar, falha }) {
  useEffect(() => {
    if (!caminho) return undefined;
    const controle = new AbortController();
    let espera;
    async function consultar() {
      try {
        if (!aoLer(await api.get(caminho, { sinal: controle.signal }))) return;
      } catch (erro) {
        if (erro.name === "AbortError") return;
        aoFalhar(erro instanceof ErroApi ? erro.message : falha);
      }
      espera = setTimeout(consultar, INTERVALO_MS);
    }
    espera = setTimeout(consultar, INTERVALO_MS);
    return () => {
      controle.abort();
      clearTimeout(espera);
    };
  }, [caminho]);
}
