// Small pieces every screen shares: messages, loading, a record read-only, the modal, confirmation
// and notifications.

import { html, useEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../api.js";

export function Carregando({ texto = "Carregando…" }) {
  return html`<p class="carregando" role="status" aria-live="polite">${texto}</p>`;
}

const TITULOS = { erro: "Algo deu errado", indisponivel: "Módulo indisponível", info: "", sucesso: "" };

/** tipo: erro | indisponivel | info | sucesso; `acao` adds a "Tentar novamente" button. */
export function Aviso({ tipo = "info", titulo, acao, rotuloAcao = "Tentar novamente", children }) {
  const cabecalho = titulo ?? TITULOS[tipo];
  return html`
    <div class=${`aviso aviso-${tipo}`} role=${tipo === "erro" || tipo === "indisponivel" ? "alert" : "status"}>
      ${cabecalho && html`<strong>${cabecalho}</strong>`}
      <p>${children}</p>
      ${acao && html`<button type="button" class="botao secundario" onClick=${acao}>${rotuloAcao}</button>`}
    </div>`;
}

/** A read-only view of a record (for users who may only read it): [[rótulo, valor], ...]; "—" when empty. */
export function Detalhes({ pares }) {
  return html`
    <dl class="detalhes">
      ${pares.map(([rotulo, valor]) => html`<dt>${rotulo}</dt><dd>${valor == null || valor === "" ? "—" : valor}</dd>`)}
    </dl>`;
}

let sequencia = 0;

/**
 * A native <dialog>: the browser traps the focus inside, Esc closes it, and the focus returns to
 * what opened it.
 */
export function Modal({ titulo, aoFechar, children }) {
  const dialogo = useRef(null);
  const [id] = useState(() => `modal-${++sequencia}`);
  useEffect(() => {
    const aberto = dialogo.current;
    const anterior = document.activeElement;
    aberto.showModal();
    return () => {
      // Closed before it leaves the page: while a modal is open, the rest of the page is inert
      // and could not take the focus back.
      aberto.close();
      anterior?.focus?.();
    };
  }, []);
  function cancelar(evento) {
    evento.preventDefault();
    aoFechar();
  }
  return html`
    <dialog ref=${dialogo} class="modal" aria-labelledby=${id} onCancel=${cancelar}>
      <header>
        <h2 id=${id}>${titulo}</h2>
        <button type="button" class="fechar" aria-label="Fechar" onClick=${aoFechar}>×</button>
      </header>
      ${children}
    </dialog>`;
}

/** A yes/no question in a modal; `aoConfirmar` may be async (the button waits for it). */
export function Confirmacao({ titulo, children, rotuloConfirmar = "Confirmar", perigo, aoConfirmar, aoFechar }) {
  const [ocupado, setOcupado] = useState(false);
  const [erro, setErro] = useState("");
  async function confirmar() {
    setOcupado(true);
    setErro("");
    try {
      await aoConfirmar();
    } catch (falha) {
      // The server's refusal (a 409's explanation) is shown here, where the question was asked.
      if (!(falha instanceof ErroApi)) throw falha;
      setErro(falha.message);
    } finally {
      setOcupado(false);
    }
  }
  return html`
    <${Modal} titulo=${titulo} aoFechar=${aoFechar}>
      <p>${children}</p>
      ${erro && html`<p class="aviso aviso-erro" role="alert">${erro}</p>`}
      <div class="acoes">
        <button type="button" class="botao secundario" onClick=${aoFechar}>Cancelar</button>
        <button type="button" class=${`botao ${perigo ? "perigo" : "primario"}`} disabled=${ocupado} onClick=${confirmar}>
          ${rotuloConfirmar}
        </button>
      </div>
    <//>`;
}

// Notifications: `notificar("Usuário criado")` from anywhere; <Notificacoes/> in the shell shows
// them in a polite live region, so screen readers announce them too.
const ouvintesNotificacao = new Set();

export function notificar(texto, tipo = "sucesso") {
  const aviso = { id: ++sequencia, texto, tipo };
  ouvintesNotificacao.forEach((ouvinte) => ouvinte(aviso));
}

export function Notificacoes() {
  const [avisos, setAvisos] = useState([]);
  useEffect(() => {
    const ouvinte = (aviso) => {
      setAvisos((atuais) => [...atuais, aviso]);
      setTimeout(() => setAvisos((atuais) => atuais.filter((a) => a.id !== aviso.id)), 5000);
    };
    ouvintesNotificacao.add(ouvinte);
    return () => ouvintesNotificacao.delete(ouvinte);
  }, []);
  return html`
    <div class="notificacoes" role="status" aria-live="polite">
      ${avisos.map((a) => html`<p key=${a.id} class=${`notificacao notificacao-${a.tipo}`}>${a.texto}</p>`)}
    </div>`;
}
