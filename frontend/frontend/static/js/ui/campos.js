// More fields for ui/formulario.js's forms (same props: nome, rotulo, valor, aoMudar, erro, ajuda),
// and a list's filters: a select, and the panel that holds them. Telephone and CEP hold digits
// only, as the API stores them, and show them masked.

import { html, useState } from "../../vendor/htm-preact/standalone.module.js";
import { CampoSelecao, CampoTexto } from "./formulario.js";

const digitos = (texto, maximo) => String(texto ?? "").replace(/\D/g, "").slice(0, maximo);

/** "11987654321" → "(11) 98765-4321"; "1134567890" → "(11) 3456-7890"; partial while typing. */
export function formatarTelefone(valor) {
  const d = digitos(valor, 11);
  if (d.length <= 2) return d ? `(${d}` : "";
  const corte = d.length === 11 ? 7 : 6;
  const meio = d.slice(2, corte);
  const fim = d.slice(corte);
  return `(${d.slice(0, 2)}) ${meio}${fim ? `-${fim}` : ""}`;
}

/** "01310100" → "01310-100"; partial while typing. */
export function formatarCep(valor) {
  const d = digitos(valor, 8);
  return d.length > 5 ? `${d.slice(0, 5)}-${d.slice(5)}` : d;
}

export function CampoTelefone({ valor, aoMudar, ...resto }) {
  return html`<${CampoTexto} ...${resto} tipo="tel" inputmode="tel" autocomplete="off" placeholder="(11) 98765-4321"
    valor=${formatarTelefone(valor)} aoMudar=${(t) => aoMudar(digitos(t, 11) || null)} />`;
}

export function CampoCep({ valor, aoMudar, ...resto }) {
  return html`<${CampoTexto} ...${resto} inputmode="numeric" autocomplete="off" placeholder="00000-000"
    valor=${formatarCep(valor)} aoMudar=${(t) => aoMudar(digitos(t, 8) || null)} />`;
}

export const UFS = [
  "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR",
  "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
];

export function CampoUf(props) {
  const opcoes = [{ valor: "", rotulo: "—" }, ...UFS.map((uf) => ({ valor: uf, rotulo: uf }))];
  return html`<${CampoSelecao} ...${props} aoMudar=${(v) => props.aoMudar(v || null)} opcoes=${opcoes} />`;
}

/** A multi-line text (observações); `maximo` shows how many characters are left. */
export function CampoAreaTexto({ nome, rotulo, valor, aoMudar, erro, ajuda, maximo, linhas = 3 }) {
  const id = `campo-${nome}`;
  const restante = maximo ? `${maximo - (valor ?? "").length} caracteres restantes` : "";
  const dica = ajuda || restante;
  const descrito = erro ? `${id}-erro` : dica ? `${id}-ajuda` : undefined;
  return html`
    <div class=${`campo${erro ? " com-erro" : ""}`}>
      <label for=${id}>${rotulo}</label>
      <textarea id=${id} name=${nome} rows=${linhas} maxlength=${maximo} value=${valor ?? ""}
        aria-invalid=${erro ? "true" : "false"} aria-describedby=${descrito}
        onInput=${(e) => aoMudar(e.currentTarget.value)}></textarea>
      ${dica && !erro && html`<p class="ajuda" id=${`${id}-ajuda`}>${dica}</p>`}
      ${erro && html`<p class="erro-campo" id=${`${id}-erro`}>${erro}</p>`}
    </div>`;
}

/** A labelled select above a list, next to `Filtro`: opcoes [{valor, rotulo}]. */
export function FiltroSelecao({ rotulo, valor, aoMudar, opcoes }) {
  return html`
    <label class="filtro">
      <span>${rotulo}</span>
      <select value=${valor} onChange=${(e) => aoMudar(e.currentTarget.value)}>
        ${opcoes.map((o) => html`<option key=${o.valor} value=${o.valor}>${o.rotulo}</option>`)}
      </select>
    </label>`;
}

/**
 * A list's filters (`<${PainelDeFiltros} id="filtros-x" emUso=${2}>…filtros…<//>`): on a wide screen
 * always shown; on a phone behind a "Filtros" button that tells how many are in use, so the list
 * is not pushed a screenful down.
 */
export function PainelDeFiltros({ id, emUso = 0, classe = "", children }) {
  const [aberto, setAberto] = useState(false);
  return html`
    <div class="painel-filtros">
      <button type="button" class="botao secundario botao-filtros" aria-expanded=${aberto ? "true" : "false"}
        aria-controls=${id} onClick=${() => setAberto(!aberto)}>
        Filtros${emUso > 0 && html` <span class="filtros-em-uso">${emUso}</span><span class="so-leitor"> em uso</span>`}
      </button>
      <div id=${id} class=${`filtros ${classe}${aberto ? "" : " recolhidos"}`}>${children}</div>
    </div>`;
}

/** Situação filter values → the list's boolean query parameter ("" : all); `feminino` for contas. */
export function situacoes(feminino = false) {
  const a = feminino ? "a" : "o";
  return [{ valor: "true", rotulo: `Ativ${a}s` }, { valor: "false", rotulo: `Inativ${a}s` }, { valor: "", rotulo: `Tod${a}s` }];
}
