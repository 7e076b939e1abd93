// The list every screen uses for the contract's cursor pagination: the first page on mount and on
// every change of filters, the next pages by "Carregar mais" or by scrolling to the end, and an
// honest state for loading, empty, error and an unavailable module.

import { html, useEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../api.js";
import { Aviso, Carregando } from "./componentes.js";
import { mostrarVazio } from "./vazio.js";

/**
 * carregar({cursor, signal}) → {items, next_cursor}; colunas [{titulo, valor: item => conteúdo, classe?,
 * rotulo?}]; `filtros` and `versao` (bump it after a change) reload from the first page;
 * `classeDaLinha(item)` marks a row (an overdue one, say); `vazio`: a sentence, or an EstadoVazio
 * (ui/vazio.js) when the empresa has nothing there yet.
 *
 * On a phone (under 640 px) each row becomes a card, each cell under its column's name: the
 * `data-label` of the cell, the column's `titulo` when it is text, else its `rotulo` (none for a
 * column of buttons).
 */
export function Lista({ rotulo, carregar, colunas, filtros = {}, versao = 0, vazio = "Nada encontrado.",
  aoSelecionar, chave = (item) => item.id, classeDaLinha = () => "" }) {
  const [itens, setItens] = useState([]);
  const [proximo, setProximo] = useState(null);
  const [estado, setEstado] = useState("carregando"); // carregando | pronto | erro | mais
  const [erro, setErro] = useState(null);
  const controle = useRef(null);
  const sentinela = useRef(null);
  const chaveFiltros = JSON.stringify(filtros);

  async function buscar(cursor) {
    controle.current?.abort();
    const atual = new AbortController();
    controle.current = atual;
    setEstado(cursor ? "mais" : "carregando");
    try {
      const pagina = await carregar({ cursor, signal: atual.signal, filtros });
      if (atual.signal.aborted) return; // a newer request (other filters) owns the list now
      setItens((anteriores) => (cursor ? [...anteriores, ...pagina.items] : pagina.items));
      setProximo(pagina.next_cursor);
      setEstado("pronto");
    } catch (falha) {
      if (falha.name === "AbortError") return;
      setErro(falha instanceof ErroApi ? falha : new ErroApi(0));
      setEstado("erro");
    }
  }

  useEffect(() => {
    setItens([]);
    setProximo(null);
    buscar(null);
    return () => controle.current?.abort();
  }, [chaveFiltros, versao]);

  // Infinite scroll: the sentinel under the table asks for the next page when it comes into view.
  useEffect(() => {
    if (!sentinela.current || !proximo || estado !== "pronto") return undefined;
    const observador = new IntersectionObserver((entradas) => {
      if (entradas.some((e) => e.isIntersecting)) buscar(proximo);
    });
    observador.observe(sentinela.current);
    return () => observador.disconnect();
  }, [proximo, estado]);

  if (estado === "carregando") return html`<${Carregando} />`;
  if (estado === "erro" && !itens.length) {
    return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => buscar(null)}>${erro.message}<//>`;
  }
  if (!itens.length) return mostrarVazio(vazio);

  function teclar(evento, item) {
    if (evento.key === "Enter" || evento.key === " ") {
      evento.preventDefault();
      aoSelecionar(item);
    }
  }

  const rotulos = colunas.map((c) => c.rotulo ?? (typeof c.titulo === "string" ? c.titulo : ""));
  // The table's roles written out: a table whose rows are laid out as cards (display: block) would
  // otherwise stop being a table to some screen readers.
  return html`
    <div class="lista" aria-busy=${estado === "mais"}>
      <table class="tabela-cartoes" role="table">
        <caption class="so-leitor">${rotulo}</caption>
        <thead role="rowgroup"><tr role="row">${colunas.map((c) => html`<th scope="col" role="columnheader" class=${c.classe}>${c.titulo}</th>`)}</tr></thead>
        <tbody role="rowgroup">
          ${itens.map((item) => html`
            <tr key=${chave(item)} role="row" class=${[aoSelecionar ? "selecionavel" : "", classeDaLinha(item)].filter(Boolean).join(" ")}
              tabindex=${aoSelecionar ? 0 : undefined}
              onClick=${aoSelecionar && (() => aoSelecionar(item))}
              onKeyDown=${aoSelecionar && ((e) => teclar(e, item))}>
              ${colunas.map((c, i) => html`<td role="cell" class=${c.classe} data-label=${rotulos[i] || undefined}>${c.valor(item)}</td>`)}
            </tr>`)}
        </tbody>
      </table>
      ${estado === "erro" && html`<${Aviso} tipo="erro" acao=${() => buscar(proximo)}>${erro.message}<//>`}
      ${proximo && estado !== "erro" && html`
        <div class="carregar-mais" ref=${sentinela}>
          <button type="button" class="botao secundario" disabled=${estado === "mais"} onClick=${() => buscar(proximo)}>
            ${estado === "mais" ? "Carregando…" : "Carregar mais"}
          </button>
        </div>`}
    </div>`;
}

/** A value that follows `valor` after `ms` without changes: text filters search as one types. */
export function useAdiado(valor, ms = 300) {
  const [adiado, setAdiado] = useState(valor);
  useEffect(() => {
    const t = setTimeout(() => setAdiado(valor), ms);
    return () => clearTimeout(t);
  }, [valor, ms]);
  return adiado;
}

/** One filter above a list: a labelled text box (`tipo="search"` for free text). */
export function Filtro({ rotulo, valor, aoMudar, tipo = "text", ...resto }) {
  return html`
    <label class="filtro">
      <span>${rotulo}</span>
      <input type=${tipo} value=${valor} onInput=${(e) => aoMudar(e.currentTarget.value)} ...${resto} />
    </label>`;
}
