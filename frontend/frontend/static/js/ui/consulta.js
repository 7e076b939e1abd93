// Reading from the API in a screen: a GET that follows its inputs, several records fetched
// together, and the query string of a link or an export.

import { useEffect, useState } from "../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../api.js";

/**
 * `useConsulta(caminho, query, versao)` → {dados, erro, recarregar}: the GET again whenever the
 * path, the query or `versao` changes (the last answer stays on screen meanwhile); a null
 * `caminho` asks nothing.
 */
export function useConsulta(caminho, query = {}, versao = 0) {
  const [estado, setEstado] = useState({ dados: null, erro: null });
  const [vez, setVez] = useState(0);
  const chave = JSON.stringify(query);
  useEffect(() => {
    if (!caminho) return undefined;
    const controle = new AbortController();
    api.get(caminho, { query, sinal: controle.signal })
      .then((dados) => setEstado({ dados, erro: null }))
      .catch((falha) => {
        if (falha.name === "AbortError") return;
        setEstado((atual) => ({ dados: atual.dados, erro: falha instanceof ErroApi ? falha : new ErroApi(0) }));
      });
    return () => controle.abort();
  }, [caminho, chave, versao, vez]);
  return { ...estado, recarregar: () => setVez((v) => v + 1) };
}

/**
 * The records at `caminhos` (e.g. "/api/lancamentos/7"), fetched together: Map caminho → record.
 * One that cannot be read is left out; the screen then shows what it already knows of it.
 */
export function useRegistros(caminhos) {
  const [registros, setRegistros] = useState(() => new Map());
  const chave = [...new Set(caminhos)].sort().join(" ");
  useEffect(() => {
    const lista = chave ? chave.split(" ") : [];
    if (!lista.length) return undefined;
    const controle = new AbortController();
    const ler = (caminho) => api.get(caminho, { sinal: controle.signal }).then(
      (dados) => [caminho, dados],
      (falha) => {
        if (falha.name === "AbortError") throw falha;
        return null;
      });
    Promise.all(lista.map(ler))
      .then((pares) => setRegistros(new Map(pares.filter(Boolean))))
      .catch(() => {}); // abandoned: another set of records was asked for
    return () => controle.abort();
  }, [chave]);
  return registros;
}

/** A query string with repeated keys for arrays (status=PENDENTE&status=PARCIAL); empty values left out. */
export function consulta(parametros) {
  const busca = new URLSearchParams();
  for (const [chave, valor] of Object.entries(parametros)) {
    for (const item of Array.isArray(valor) ? valor : [valor]) {
      if (item !== undefined && item !== null && item !== "") busca.append(chave, item);
    }
  }
  return busca.toString();
}
