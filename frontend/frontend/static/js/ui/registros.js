// The records many screens point at and pick from — contas, categorias, clientes, fornecedores —
// as options for a select or a CampoEscolha search.
//
// The records come from Cadastros (which lets other modules' users read them); when they cannot be
// loaded, an empty list says why (`lista.erro`) and the screens fall back on what their own record
// names.

import { useEffect, useState } from "../../vendor/htm-preact/standalone.module.js";
import { api } from "../api.js";

function falhou(falha) {
  return Object.assign([], { erro: falha.message || "Não foi possível carregar os cadastros." });
}

/** The records of a list route (`caminho`, with `query`), null while loading; again when `chave` changes. */
function useItens(caminho, query, chave) {
  const [itens, setItens] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    api.get(caminho, { query, sinal: controle.signal })
      .then(({ items }) => setItens(items))
      .catch((falha) => {
        if (falha.name !== "AbortError") setItens(falhou(falha));
      });
    return () => controle.abort();
  }, [chave]);
  return itens;
}

/** The empresa's contas (null while loading); inactive ones only when asked. */
export function useContas({ todas = false } = {}) {
  return useItens("/api/contas", { limit: 500, ativa: todas ? undefined : "true" }, todas);
}

/** The empresa's centros de custo by name (null while loading); inactive ones only when asked. */
export function useCentrosCusto({ todos = false } = {}) {
  return useItens("/api/centros-custo", { limit: 500, ativo: todos ? undefined : "true" }, todos);
}

/** The chart of accounts flattened in code order, each with its level, for a select. */
export function achatarCategorias(arvore, saida = []) {
  for (const categoria of arvore) {
    saida.push(categoria);
    achatarCategorias(categoria.filhos || [], saida);
  }
  return saida;
}

/** Indented by level with non-breaking spaces, so the select reads like the tree. */
export function rotuloDaCategoria(categoria) {
  return `${"\u00a0\u00a0\u00a0".repeat(Math.max(0, (categoria.nivel || 1) - 1))}${categoria.codigo} ${categoria.nome}`;
}

/** The active categorias of `tipo` ("" for both), flattened; null while loading. */
export function useCategorias(tipo) {
  const [categorias, setCategorias] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    setCategorias(null);
    api.get("/api/categorias/arvore", { query: { tipo, ativa: "true" }, sinal: controle.signal })
      .then(({ items }) => setCategorias(achatarCategorias(items)))
      .catch((falha) => {
        if (falha.name !== "AbortError") setCategorias(falhou(falha));
      });
    return () => controle.abort();
  }, [tipo]);
  return categorias;
}

/** A CampoEscolha search over clientes or fornecedores (`caminho`). */
export function buscarPessoas(caminho) {
  return async (texto, sinal) => {
    const { items } = await api.get(caminho, { query: { q: texto, ativo: "true", limit: 50 }, sinal });
    return items.map((p) => ({ valor: p.id, rotulo: p.nome }));
  };
}

export const buscarClientes = buscarPessoas("/api/clientes");
export const buscarFornecedores = buscarPessoas("/api/fornecedores");
