// A file field as a drop zone: the file is dragged onto it, or chosen with a click or from the
// keyboard. The native file input stays, transparent over the whole zone, so a click anywhere in
// it, a phone's own picker and a screen reader work as with any file field; the kind and the size
// are checked before anything is sent, and what is wrong is said in pt-BR next to the field.

import { html, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";

/** The services' upload limit (MAX_UPLOAD_BYTES by default): a larger file would be refused only after its upload. */
export const LIMITE_DE_ENVIO = 20 * 1024 * 1024;

const numero = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });
const ou = new Intl.ListFormat("pt-BR", { type: "disjunction" });

/** 850 → "850 bytes"; 12700 → "12,4 KB"; 20971520 → "20 MB". */
export function formatarTamanho(bytes) {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${numero.format(bytes / 1024)} KB`;
  return `${numero.format(bytes / 1024 / 1024)} MB`;
}

/** Why this field cannot take `arquivo`, or "". */
function recusa(arquivo, extensoes, maximo) {
  const tipos = ou.format(extensoes);
  if (extensoes.length && !extensoes.some((e) => arquivo.name.toLowerCase().endsWith(e.toLowerCase()))) {
    return `“${arquivo.name}” não é um arquivo ${tipos}. Escolha um arquivo ${tipos}.`;
  }
  if (arquivo.size === 0) return `“${arquivo.name}” está vazio. Escolha outro arquivo.`;
  if (arquivo.size > maximo) {
    return `“${arquivo.name}” tem ${formatarTamanho(arquivo.size)}; o limite é ${formatarTamanho(maximo)}.`;
  }
  return "";
}

/**
 * `<${CampoArquivo} nome="arquivo" rotulo="Arquivo OFX" extensoes=${[".ofx"]} valor=${arquivo}
 *    aoMudar=${setArquivo} erro=${erros.arquivo} ajuda="…" />`: `valor` is the chosen File (null:
 * none; setting it to null empties the field). A file of another kind, empty or larger than
 * `maximo` is refused here with its reason, and `aoMudar` receives null.
 */
export function CampoArquivo({ nome, rotulo, valor, aoMudar, erro, ajuda, obrigatorio, extensoes = [],
  maximo = LIMITE_DE_ENVIO }) {
  const id = `campo-${nome}`;
  const entrada = useRef(null);
  const [motivo, setMotivo] = useState("");
  const [arrastando, setArrastando] = useState(false);

  function escolher(arquivo) {
    // The form holds the file; the input is emptied, so choosing the same file again (corrected
    // after a refusal) is a change too.
    entrada.current.value = "";
    const problema = arquivo ? recusa(arquivo, extensoes, maximo) : "";
    setMotivo(problema);
    aoMudar(arquivo && !problema ? arquivo : null);
  }
  function soltar(evento) {
    evento.preventDefault();
    setArrastando(false);
    escolher(evento.dataTransfer.files[0] ?? null);
  }
  // Space opens the system's picker, as on any file field; Enter too, as on a button.
  function teclar(evento) {
    if (evento.key !== "Enter") return;
    evento.preventDefault();
    evento.currentTarget.click();
  }
  function sobre(evento) {
    evento.preventDefault(); // without it the browser would open the file instead of dropping it here
    evento.dataTransfer.dropEffect = "copy";
  }

  const mensagem = erro || motivo;
  const descrito = [valor && `${id}-escolhido`, mensagem ? `${id}-erro` : ajuda && `${id}-ajuda`]
    .filter(Boolean).join(" ") || undefined;
  return html`
    <div class=${`campo campo-arquivo${mensagem ? " com-erro" : ""}`}>
      <label for=${id}>${rotulo}${obrigatorio && html`<span class="obrigatorio" aria-hidden="true"> *</span>`}</label>
      <div class=${`zona-arquivo${arrastando ? " arrastando" : ""}`} onDragEnter=${() => setArrastando(true)}
        onDragOver=${sobre} onDragLeave=${() => setArrastando(false)} onDrop=${soltar}>
        <input ref=${entrada} id=${id} type="file" name=${nome} accept=${extensoes.join(",")} title=""
          aria-invalid=${mensagem ? "true" : "false"} aria-describedby=${descrito} onKeyDown=${teclar}
          onChange=${(e) => escolher(e.currentTarget.files[0] ?? null)} />
        <p class="convite-arrastar">${valor ? "Arraste outro arquivo aqui ou clique para trocar"
          : "Arraste o arquivo aqui ou clique para escolher"}</p>
        <p class="convite-tocar">${valor ? "Toque para trocar o arquivo" : "Toque para escolher o arquivo"}</p>
        ${valor && html`<p class="arquivo-escolhido" id=${`${id}-escolhido`}>
          <strong>${valor.name}</strong> · ${formatarTamanho(valor.size)}</p>`}
      </div>
      ${ajuda && !mensagem && html`<p class="ajuda" id=${`${id}-ajuda`}>${ajuda}</p>`}
      ${mensagem && html`<p class="erro-campo" id=${`${id}-erro`} role="alert">${mensagem}</p>`}
    </div>`;
}
