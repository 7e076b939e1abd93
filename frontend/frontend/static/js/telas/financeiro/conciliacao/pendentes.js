// The statement's transactions still to reconcile, on the left, and the chosen one's suggestions
// on the right. Made for the keyboard: ↑/↓ go from one transaction to the next, 1–5 pick a
// suggestion and Enter confirms it; after a confirmation the next transaction is already chosen.

import { html, useEffect, useRef, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { Aviso, Carregando } from "../../../ui/componentes.js";
import { ResumoDaTransacao } from "./comum.js";
import { PainelDaTransacao } from "./sugestoes.js";

const POR_PAGINA = 200;
const CAMPOS = "input, select, textarea, dialog";

/** The unreconciled transactions, page after page ("Carregar mais"), reloaded on `versao`. */
function useTransacoes(extratoId, versao) {
  const [itens, setItens] = useState(null);
  const [proximo, setProximo] = useState(null);
  const [erro, setErro] = useState(null);
  const controle = useRef(null);

  async function buscar(cursor) {
    controle.current?.abort();
    const atual = new AbortController();
    controle.current = atual;
    try {
      const pagina = await api.get(`/api/extratos/${extratoId}/transacoes`, {
        query: { conciliado: "false", limit: POR_PAGINA, cursor }, sinal: atual.signal,
      });
      setItens((anteriores) => (cursor ? [...anteriores, ...pagina.items] : pagina.items));
      setProximo(pagina.next_cursor);
      setErro(null);
    } catch (falha) {
      if (falha.name !== "AbortError") setErro(falha instanceof ErroApi ? falha : new ErroApi(0));
    }
  }

  // Reloading keeps the list on screen until the new one arrives: the chosen row does not jump.
  useEffect(() => {
    buscar(null);
    return () => controle.current?.abort();
  }, [extratoId, versao]);

  /** Takes out at once what was just reconciled, before the reload confirms it. */
  function retirar(ids) {
    setItens((atuais) => atuais.filter((t) => !ids.includes(t.id)));
  }

  return { itens, proximo, erro, buscar, retirar };
}

export function Pendentes({ extrato, escreve, versao, aoMudar }) {
  const { itens, proximo, erro, buscar, retirar } = useTransacoes(extrato.id, versao);
  const [escolhida, setEscolhida] = useState(0);
  const lista = useRef(null);
  // What the chosen transaction's panel offers to the keyboard: {destacar(i), confirmar()}.
  const painel = useRef({});

  const total = itens?.length ?? 0;
  const indice = Math.min(escolhida, Math.max(total - 1, 0));
  const transacao = itens?.[indice];

  useEffect(() => {
    lista.current?.querySelector("[aria-selected='true']")?.scrollIntoView?.({ block: "nearest" });
  }, [transacao?.id]);

  function escolher(novo) {
    setEscolhida(Math.max(0, Math.min(novo, total - 1)));
  }

  function teclar(evento) {
    if (evento.target.closest(CAMPOS) || evento.altKey || evento.ctrlKey || evento.metaKey) return;
    const botao = evento.target.closest("button, a");
    if (evento.key === "ArrowDown" || evento.key === "ArrowUp") {
      evento.preventDefault();
      escolher(indice + (evento.key === "ArrowDown" ? 1 : -1));
      lista.current?.focus();
    } else if (/^[1-5]$/.test(evento.key)) {
      evento.preventDefault();
      painel.current.destacar?.(Number(evento.key) - 1);
    } else if (evento.key === "Enter" && !botao) {
      // A focused button answers Enter itself; elsewhere Enter confirms the highlighted suggestion.
      evento.preventDefault();
      painel.current.confirmar?.();
    }
  }

  function conciliou(ids) {
    // Without the transactions just reconciled, the same position holds the next one.
    retirar(ids);
    lista.current?.focus();
    aoMudar();
  }

  if (erro && !itens) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => buscar(null)}>${erro.message}<//>`;
  if (!itens) return html`<${Carregando} />`;
  if (!itens.length) {
    return html`<p class="vazio">Todas as transações deste extrato estão conciliadas.</p>`;
  }
  const idDaOpcao = (t) => `transacao-${t.id}`;
  return html`
    <div class="conciliacao" onKeyDown=${teclar}>
      <div class="coluna-transacoes">
        <p class="ajuda" id="atalhos-conciliacao">
          ${total}${proximo ? "+" : ""} ${total === 1 ? "transação" : "transações"} a conciliar.
          Teclado: ↑/↓ troca de transação${escreve ? ", 1–5 escolhe a sugestão, Enter confirma" : ""}.
        </p>
        <ul class="transacoes" role="listbox" aria-label="Transações a conciliar" tabindex="0" ref=${lista}
          aria-describedby="atalhos-conciliacao" aria-activedescendant=${transacao ? idDaOpcao(transacao) : undefined}>
          ${itens.map((t, i) => html`
            <li key=${t.id} id=${idDaOpcao(t)} role="option" aria-selected=${i === indice ? "true" : "false"}
              class=${`transacao${t.revisar ? " transacao-revisar" : ""}`}
              onClick=${() => { escolher(i); lista.current?.focus(); }}>
              <${ResumoDaTransacao} transacao=${t} />
              ${t.revisar && html`<span class="status status-revisar">A revisar</span>`}
            </li>`)}
        </ul>
        ${proximo && html`
          <div class="carregar-mais">
            <button type="button" class="botao secundario" onClick=${() => buscar(proximo)}>Carregar mais</button>
          </div>`}
      </div>
      <div class="coluna-sugestoes">
        ${transacao && html`<${PainelDaTransacao} key=${transacao.id} transacao=${transacao} extrato=${extrato}
          escreve=${escreve} painel=${painel} aoConciliar=${conciliou} />`}
      </div>
    </div>`;
}
