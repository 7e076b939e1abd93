// A searchable select (the ARIA 1.2 combobox with a listbox): the staff type part of a name or a
// code, the server answers with the matches, and one of them is chosen with the mouse or with the
// arrows and Enter. The form holds the API value (e.g. a bank's COMPE code), never the text.

import { html, useEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../api.js";
import { useAdiado } from "./lista.js";

const MAXIMO = 50; // options shown at once; typing more narrows the rest

/**
 * `<${CampoEscolha} ...${form.campo("banco")} rotulo="Banco" rotuloInicial="341 — Itaú"
 *    buscar=${(texto, sinal) => promessa de [{valor, rotulo}]} vazio="Nenhum banco encontrado" />`
 * `rotuloInicial`: what the field shows for the value it starts with (a record being edited).
 */
export function CampoEscolha({ nome, rotulo, valor, aoMudar, erro, ajuda, obrigatorio, buscar, rotuloInicial = "",
  vazio = "Nada encontrado.", placeholder = "Digite para buscar" }) {
  const id = `campo-${nome}`;
  const idLista = `${id}-opcoes`;
  const [texto, setTexto] = useState(rotuloInicial);
  const [aberta, setAberta] = useState(false);
  const [opcoes, setOpcoes] = useState([]);
  const [ativa, setAtiva] = useState(-1);
  const [estado, setEstado] = useState("pronto"); // pronto | buscando | erro
  const [falha, setFalha] = useState("");
  const termo = useAdiado(texto.trim(), 200);
  const lista = useRef(null);
  // The query the options on screen answer: reopening the list for the same query asks nothing
  // again, and so never moves the highlight out from under the arrow keys.
  const respondida = useRef(null);

  // The text shown for the chosen value is the option's label; searching uses what was typed.
  const [escolhido, setEscolhido] = useState(valor != null ? rotuloInicial : null);
  const consulta = escolhido !== null && texto === escolhido ? "" : termo;

  useEffect(() => {
    if (!aberta || respondida.current === consulta) return undefined;
    const controle = new AbortController();
    setEstado("buscando");
    buscar(consulta, controle.signal)
      .then((achadas) => {
        if (controle.signal.aborted) return; // a newer search is under way
        respondida.current = consulta;
        setOpcoes(achadas);
        setAtiva(achadas.length ? 0 : -1);
        setEstado("pronto");
      })
      .catch((e) => {
        if (e.name === "AbortError" || controle.signal.aborted) return;
        setFalha(e instanceof ErroApi ? e.message : "Não foi possível buscar as opções.");
        setEstado("erro");
      });
    return () => controle.abort();
  }, [aberta, consulta]);

  useEffect(() => {
    lista.current?.querySelector("[aria-selected='true']")?.scrollIntoView({ block: "nearest" });
  }, [ativa]);

  function escolher(opcao) {
    setTexto(opcao.rotulo);
    setEscolhido(opcao.rotulo);
    setAberta(false);
    aoMudar(opcao.valor, opcao);
  }

  function digitar(evento) {
    const novo = evento.currentTarget.value;
    setTexto(novo);
    setEscolhido(null);
    setAberta(true);
    if (valor != null) aoMudar(null, null);
  }

  function teclar(evento) {
    const visiveis = opcoes.slice(0, MAXIMO);
    if (evento.key === "ArrowDown" || evento.key === "ArrowUp") {
      evento.preventDefault();
      if (!aberta) {
        setAberta(true);
        return;
      }
      if (!visiveis.length) return;
      const passo = evento.key === "ArrowDown" ? 1 : -1;
      setAtiva((atual) => (atual + passo + visiveis.length) % visiveis.length);
    } else if (evento.key === "Enter" && aberta) {
      // Enter picks the highlighted option instead of submitting the form.
      evento.preventDefault();
      if (visiveis[ativa]) escolher(visiveis[ativa]);
    } else if (evento.key === "Escape" && aberta) {
      // Closes the options only, not the dialog around the form.
      evento.preventDefault();
      evento.stopPropagation();
      setAberta(false);
    }
  }

  function sair() {
    setAberta(false);
    if (!texto.trim() && valor != null) aoMudar(null, null);
  }

  const descrito = [erro ? `${id}-erro` : ajuda ? `${id}-ajuda` : null].filter(Boolean).join(" ") || undefined;
  const visiveis = opcoes.slice(0, MAXIMO);
  return html`
    <div class=${`campo campo-escolha${erro ? " com-erro" : ""}`}>
      <label for=${id}>${rotulo}${obrigatorio && html`<span class="obrigatorio" aria-hidden="true"> *</span>`}</label>
      <div class="escolha">
        <input id=${id} name=${nome} type="text" role="combobox" autocomplete="off" spellcheck="false"
          value=${texto} placeholder=${placeholder} required=${obrigatorio}
          aria-autocomplete="list" aria-expanded=${aberta ? "true" : "false"} aria-controls=${idLista}
          aria-activedescendant=${aberta && ativa >= 0 && visiveis[ativa] ? `${idLista}-${ativa}` : undefined}
          aria-invalid=${erro ? "true" : "false"} aria-describedby=${descrito}
          onInput=${digitar} onKeyDown=${teclar} onBlur=${sair} onClick=${() => setAberta(true)} />
        <ul id=${idLista} ref=${lista} role="listbox" aria-label=${rotulo} class="escolha-opcoes" hidden=${!aberta}>
          ${aberta && estado === "buscando" && !visiveis.length && html`<li class="escolha-estado" role="presentation">Buscando…</li>`}
          ${aberta && estado === "erro" && html`<li class="escolha-estado" role="presentation">${falha}</li>`}
          ${aberta && estado === "pronto" && !visiveis.length && html`<li class="escolha-estado" role="presentation">${vazio}</li>`}
          ${aberta && visiveis.map((opcao, indice) => html`
            <li key=${opcao.valor} id=${`${idLista}-${indice}`} role="option"
              aria-selected=${indice === ativa ? "true" : "false"}
              onMouseDown=${(e) => e.preventDefault()} onClick=${() => escolher(opcao)}>${opcao.rotulo}</li>`)}
          ${aberta && opcoes.length > MAXIMO && html`
            <li class="escolha-estado" role="presentation">Mais ${opcoes.length - MAXIMO} opções: continue digitando para filtrar.</li>`}
        </ul>
      </div>
      ${ajuda && !erro && html`<p class="ajuda" id=${`${id}-ajuda`}>${ajuda}</p>`}
      ${erro && html`<p class="erro-campo" id=${`${id}-erro`}>${erro}</p>`}
    </div>`;
}
