// Live updates: GET /api/dashboard/stream (Server-Sent Events, same origin, the session cookie)
// says which widgets a write in the empresa changed; the dashboard re-fetches those.
//
// The stream opens before the dashboard's first fetch, which waits for it to be listening (its
// first `estado`): a write made before that moment is in the fetch, any later one reaches the
// stream, so nothing falls between them and one visit fetches once. A stream that says nothing
// for a while (a proxy holding it back) or fails does not keep the figures waiting.
//
// The browser's EventSource reconnects by itself after a dropped connection or a restart of the
// service, sending the last event's id (the empresa's generations): the server then answers at
// once if anything changed meanwhile. A refused connection (the access token expired: 401) is the
// one case it gives up on; a request through api.js renews the session, and the stream reopens.

import { useEffect, useRef, useState } from "../../../vendor/htm-preact/standalone.module.js";

const ENDERECO = "/api/dashboard/stream";
const AGRUPAR_MS = 200; // a burst of writes (an import, a série) costs one re-fetch
// Every open dashboard of the empresa hears a write at the same moment; each waits a random part
// of this more, so 50 tabs' re-fetches arrive over a second instead of in one millisecond (bench
// part 13: all at once, they queued up in dashboard-api and opened the gateway's breaker). With
// the cache's single-flight one of them computes and the rest are hits of ~20 ms: a second holds
// 100 of those to about two at a time, what two cores serve; a longer spread gains little and
// every tab would wait it. A write still shows within about 1.2 s plus the fetch.
const ESPALHAR_MS = 1000;
const REABRIR_MS = 5000;
const ESPERA_MS = 3000; // how long the first fetch waits for the stream

function lerJson(texto) {
  try {
    return JSON.parse(texto);
  } catch {
    return {};
  }
}

/**
 * Calls `aoAtualizar(ids)` (ids of the widgets to re-fetch; [] for all) 200 ms to 1.2 s (at
 * random, per tab) after an event, once for all the events meanwhile. → {aoVivo, ouvindo}: aoVivo
 * is null while connecting, then true / false ("pausadas": Redis down on the server, or no
 * connection); ouvindo turns true once the page may make its first fetch.
 */
export function useAoVivo(aoAtualizar) {
  const [aoVivo, setAoVivo] = useState(null);
  const [ouvindo, setOuvindo] = useState(false);
  const atualizar = useRef(aoAtualizar);
  atualizar.current = aoAtualizar;

  useEffect(() => {
    let fonte = null;
    let agrupando = null;
    let reabrindo = null;
    let todos = false;
    let conectou = false;
    let liberado = false;
    const pendentes = new Set();

    /** Lets the page fetch; false when it already had (the stream came late, or came back). */
    function liberar() {
      if (liberado) return false;
      liberado = true;
      clearTimeout(esperando);
      setOuvindo(true);
      return true;
    }
    const esperando = setTimeout(liberar, ESPERA_MS);

    function agendar(ids) {
      if (!ids || !ids.length) todos = true;
      else ids.forEach((id) => pendentes.add(id));
      // Not restarted by each event: under a steady flow of writes the screen still refreshes.
      agrupando ??= setTimeout(() => {
        const lista = todos ? [] : [...pendentes];
        agrupando = null;
        todos = false;
        pendentes.clear();
        atualizar.current(lista);
      }, AGRUPAR_MS + Math.random() * ESPALHAR_MS);
    }

    function abrir() {
      fonte = new EventSource(ENDERECO);
      fonte.addEventListener("estado", (evento) => {
        setAoVivo(lerJson(evento.data).ao_vivo !== false);
        // A fetch made before this connection may miss a write that came between them: then one
        // re-fetch (answered from the cache when nothing changed) closes that gap.
        if (!conectou && !liberar()) agendar([]);
        conectou = true;
      });
      fonte.addEventListener("atualizado", (evento) => {
        setAoVivo(true);
        agendar(lerJson(evento.data).widgets);
      });
      fonte.addEventListener("error", () => {
        setAoVivo(false);
        liberar();
        if (fonte.readyState !== EventSource.CLOSED) return; // the browser is already reconnecting
        fonte.close();
        reabrindo = setTimeout(async () => {
          // The re-fetch goes through api.js, which renews an expired session; it also brings
          // whatever changed while the stream was closed.
          await Promise.resolve(atualizar.current([])).catch(() => {});
          abrir();
        }, REABRIR_MS);
      });
    }

    abrir();
    return () => {
      clearTimeout(esperando);
      clearTimeout(agrupando);
      clearTimeout(reabrindo);
      fonte?.close();
    };
  }, []);

  return { aoVivo, ouvindo };
}
