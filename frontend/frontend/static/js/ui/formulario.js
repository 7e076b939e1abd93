// The form pattern every screen uses: fields hold the API's values, the server validates, and its
// errors (`campos` of the 400 envelope, in pt-BR) appear next to the field they name, brought into
// view with the focus on the first one. `limpar` and `semNulos` turn the values into a request body.

import { html, useEffect, useState, useRef, useLayoutEffect } from "../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../api.js";
import {
  formatarData, formatarMoeda, lerData, lerMoeda, mascararCnpj, mascararCpfCnpj, mascararData, lerCpfCnpj, formatarCpfCnpj,
  mensagemDoCampo,
} from "../formatos.js";

/** Whether the server's error key is about the field `nome` ("empresas.0" is about "empresas"). */
const sobre = (chave, nome) => chave === nome || chave.startsWith(`${nome}.`);

/** The error for `nome`, or for anything inside it. */
function erroDe(erros, nome) {
  if (erros[nome]) return erros[nome];
  const chave = Object.keys(erros).find((c) => sobre(c, nome));
  return chave ? erros[chave] : "";
}

/**
 * Where to fix a refused form: its first field in error (inside a closed "Avançado" too) is
 * brought whole into view — label, box and message, below a dialog's or the page's sticky header —
 * and given the focus; with no field in error, the form's first alert (its general message).
 */
export function apontarErro(raiz) {
  const campo = raiz?.querySelector("[aria-invalid='true']");
  if (campo) {
    campo.closest("details:not([open])")?.setAttribute("open", "");
    (campo.closest(".campo, fieldset") ?? campo).scrollIntoView({ block: "nearest" });
    campo.focus({ preventScroll: true });
    return;
  }
  raiz?.querySelector("[role='alert']")?.scrollIntoView({ block: "nearest" });
}

/**
 * `[raiz, apontar]`: `ref=${raiz}` on a form (or a block of a dialog); `apontar()` after a refusal
 * calls `apontarErro` once the messages are on screen.
 */
export function useApontarErro() {
  const raiz = useRef(null);
  const [vez, setVez] = useState(0);
  useEffect(() => {
    if (vez) apontarErro(raiz.current);
  }, [vez]);
  return [raiz, () => setVez((v) => v + 1)];
}

export function useFormulario(inicial) {
  const [valores, setValores] = useState(inicial);
  const [erros, setErros] = useState({});
  const [erroGeral, setErroGeral] = useState("");
  const [enviando, setEnviando] = useState(false);
  const [raiz, apontar] = useApontarErro();
  // The names this form shows a field for: a server's message about any other one would have
  // nowhere to appear, so it joins the general message at the top.
  const mostrados = useRef(new Set()).current;

  function definir(nome, valor) {
    setValores((atuais) => ({ ...atuais, [nome]: valor }));
    setErros((atuais) => ({ ...atuais, [nome]: "" }));
  }

  /** `{...campo("nome")}` wires a field component to this form. */
  function campo(nome) {
    mostrados.add(nome);
    return { nome, valor: valores[nome], erro: erroDe(erros, nome), aoMudar: (valor) => definir(nome, valor) };
  }

  /** Runs `acao(valores)`; a 4xx becomes messages on the form instead of an exception. */
  async function enviar(acao) {
    setEnviando(true);
    setErros({});
    setErroGeral("");
    try {
      return await acao(valores);
    } catch (erro) {
      if (!(erro instanceof ErroApi)) throw erro;
      const semCampo = Object.entries(erro.campos)
        .filter(([chave]) => ![...mostrados].some((nome) => sobre(chave, nome)))
        .map(([, mensagem]) => mensagemDoCampo(mensagem));
      setErros(erro.campos);
      setErroGeral(semCampo.length ? `${erro.message.replace(/\.$/, "")}: ${semCampo.join("; ")}` : erro.message);
      apontar();
      return undefined;
    } finally {
      setEnviando(false);
    }
  }

  return { valores, definir, campo, enviar, enviando, erroGeral, raiz };
}

/** Trims texts; an empty text becomes null (the API's "not given"). */
export function limpar(valores) {
  return Object.fromEntries(Object.entries(valores).map(([chave, valor]) => {
    if (typeof valor !== "string") return [chave, valor];
    const texto = valor.trim();
    return [chave, texto === "" ? null : texto];
  }));
}

/** Leaves out the keys whose value is null (fields the API defaults when absent). */
export function semNulos(valores) {
  return Object.fromEntries(Object.entries(valores).filter(([, valor]) => valor != null));
}

/** `<${Formulario} form=${f} aoEnviar=${salvar} rotuloEnviar="Salvar">...campos...</${Formulario}>` */
export function Formulario({ form, aoEnviar, rotuloEnviar = "Salvar", aoCancelar, children }) {
  function submeter(evento) {
    evento.preventDefault();
    form.enviar(aoEnviar);
  }
  return html`
    <form ref=${form.raiz} class="formulario" onSubmit=${submeter} novalidate>
      ${form.erroGeral && html`<p class="aviso aviso-erro" role="alert">${form.erroGeral}</p>`}
      ${children}
      <div class="acoes">
        ${aoCancelar && html`<button type="button" class="botao secundario" onClick=${aoCancelar}>Cancelar</button>`}
        <button type="submit" class="botao primario" disabled=${form.enviando}>
          ${form.enviando ? "Aguarde…" : rotuloEnviar}
        </button>
      </div>
    </form>`;
}

function Rotulado({ id, rotulo, erro: mensagem, ajuda, obrigatorio, children }) {
  const erro = mensagem && mensagemDoCampo(mensagem);
  return html`
    <div class=${`campo${erro ? " com-erro" : ""}`}>
      <label for=${id}>${rotulo}${obrigatorio && html`<span class="obrigatorio" aria-hidden="true"> *</span>`}</label>
      ${children}
      ${ajuda && !erro && html`<p class="ajuda" id=${`${id}-ajuda`}>${ajuda}</p>`}
      ${erro && html`<p class="erro-campo" id=${`${id}-erro`}>${erro}</p>`}
    </div>`;
}

function atributosAcessiveis(id, erro, ajuda) {
  const descrito = erro ? `${id}-erro` : ajuda ? `${id}-ajuda` : undefined;
  return { id, "aria-invalid": erro ? "true" : "false", "aria-describedby": descrito };
}

export function CampoTexto({ nome, rotulo, valor, aoMudar, erro, ajuda, obrigatorio, tipo = "text", ...resto }) {
  const id = `campo-${nome}`;
  return html`
    <${Rotulado} id=${id} rotulo=${rotulo} erro=${erro} ajuda=${ajuda} obrigatorio=${obrigatorio}>
      <input type=${tipo} name=${nome} value=${valor ?? ""} required=${obrigatorio}
        onInput=${(e) => aoMudar(e.currentTarget.value)} ...${atributosAcessiveis(id, erro, ajuda)} ...${resto} />
    <//>`;
}

export function CampoSelecao({ nome, rotulo, valor, aoMudar, erro, ajuda, opcoes, obrigatorio }) {
  const id = `campo-${nome}`;
  return html`
    <${Rotulado} id=${id} rotulo=${rotulo} erro=${erro} ajuda=${ajuda} obrigatorio=${obrigatorio}>
      <select name=${nome} value=${valor ?? ""} onChange=${(e) => aoMudar(e.currentTarget.value)}
        ...${atributosAcessiveis(id, erro, ajuda)}>
        ${opcoes.map((o) => html`<option value=${o.valor}>${o.rotulo}</option>`)}
      </select>
    <//>`;
}

export function CampoCaixa({ nome, rotulo, valor, aoMudar, erro }) {
  const id = `campo-${nome}`;
  return html`
    <div class=${`campo campo-caixa${erro ? " com-erro" : ""}`}>
      <input type="checkbox" name=${nome} checked=${!!valor} onChange=${(e) => aoMudar(e.currentTarget.checked)}
        ...${atributosAcessiveis(id, erro)} />
      <label for=${id}>${rotulo}</label>
      ${erro && html`<p class="erro-campo" id=${`${id}-erro`}>${erro}</p>`}
    </div>`;
}

/**
 * A text field that shows a pt-BR form and hands the form the API's form: `ler` turns what was
 * typed into the API value (null when it is not one yet), `mostrar` the API value into text.
 */
function CampoConvertido({ nome, rotulo, valor, aoMudar, erro, ajuda, obrigatorio, ler, mostrar, mascarar,
  invalido, ...resto }) {
  const [texto, setTexto] = useState(() => (valor == null ? "" : mostrar(valor)));
  const [erroLocal, setErroLocal] = useState("");
  // What this field last handed the form: a different value came from outside (a record loaded
  // for editing, a reset) and replaces what is shown. What the person typed, valid or not (half a
  // date, 31/02), stays as typed, so an error never empties the field. A layout effect: it runs
  // in the same task as the render, before the next key typed, so it never compares a keystroke's
  // value with the one before it (that emptied a date typed quickly).
  const entregue = useRef(valor);
  useLayoutEffect(() => {
    if (valor === entregue.current) return;
    entregue.current = valor;
    setTexto(valor == null ? "" : mostrar(valor));
  }, [valor]);
  function digitar(digitado) {
    const novo = mascarar ? mascarar(digitado) : digitado;
    setTexto(novo);
    setErroLocal("");
    const lido = ler(novo);
    entregue.current = lido ?? (novo.trim() ? novo : null);
    aoMudar(entregue.current);
  }
  function sair() {
    if (texto.trim() && ler(texto) == null) setErroLocal(invalido);
    else if (texto.trim()) setTexto(mostrar(ler(texto)));
  }
  return html`<${CampoTexto} nome=${nome} rotulo=${rotulo} valor=${texto} erro=${erro || erroLocal} ajuda=${ajuda}
    obrigatorio=${obrigatorio} aoMudar=${digitar} onBlur=${sair} ...${resto} />`;
}

export function CampoMoeda(props) {
  return html`<${CampoConvertido} ...${props} inputmode="decimal" ler=${lerMoeda}
    mostrar=${(v) => formatarMoeda(v).replace(/R\$\s/, "")}
    invalido="Valor inválido; use por exemplo 1.234,56" />`;
}

export function CampoData(props) {
  return html`<${CampoConvertido} ...${props} inputmode="numeric" placeholder="dd/mm/aaaa" maxlength="10"
    ler=${lerData} mostrar=${(v) => formatarData(v)} mascarar=${mascararData}
    invalido="Data inválida; use dd/mm/aaaa" />`;
}

// Check digits are the server's to judge: its 400 names the field, and shows next to it.
function campoDeDocumento(mascarar) {
  return (props) => html`<${CampoConvertido} ...${props} autocomplete="off" maxlength="18"
    ler=${(t) => lerCpfCnpj(t) || null} mostrar=${(v) => formatarCpfCnpj(v ?? "")} mascarar=${mascarar}
    invalido="" />`;
}

export const CampoCpfCnpj = campoDeDocumento(mascararCpfCnpj);
export const CampoCnpj = campoDeDocumento(mascararCnpj);

/** A set of radio buttons in a fieldset (one choice among few, all visible). */
export function Opcoes({ nome, rotulo, valor, aoMudar, opcoes, erro }) {
  return html`
    <fieldset class=${`opcoes${erro ? " com-erro" : ""}`}>
      <legend>${rotulo}</legend>
      ${opcoes.map((o) => html`
        <label key=${o.valor} class="opcao">
          <input type="radio" name=${nome} value=${o.valor} checked=${valor === o.valor}
            aria-invalid=${erro ? "true" : undefined} aria-describedby=${erro ? `campo-${nome}-erro` : undefined}
            onChange=${() => aoMudar(o.valor)} />
          ${o.rotulo}
        </label>`)}
      ${erro && html`<p class="erro-campo" id=${`campo-${nome}-erro`}>${erro}</p>`}
    </fieldset>`;
}
