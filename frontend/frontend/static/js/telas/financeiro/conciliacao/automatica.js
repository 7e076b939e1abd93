// The automatic conciliação of a whole statement: started here, run by the server in the
// background, its progress read every second until it ends. Only matches above the threshold (and
// what the rules say) are confirmed; the rest stays for someone to review.

import { html, useEffect, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarDataHora } from "../../../formatos.js";
import { useAcompanhar } from "../../../ui/acompanhar.js";
import { Modal, notificar } from "../../../ui/componentes.js";
import { CampoTexto, Formulario, useFormulario } from "../../../ui/formulario.js";
import { plural } from "../../../ui/valores.js";
import { exigirPorcentagem } from "./comum.js";

const EM_ANDAMENTO = new Set(["PENDENTE", "EXECUTANDO"]);

/**
 * The statement's latest run (null while none), followed while it runs; `aoTerminar` once it ends
 * here (the lists then have something new to show).
 */
export function useExecucao(extratoId, aoTerminar) {
  const [execucao, setExecucao] = useState(null);
  const [erro, setErro] = useState("");

  useEffect(() => {
    const controle = new AbortController();
    api.get(`/api/extratos/${extratoId}/conciliacao-automatica`, { sinal: controle.signal })
      // null: this statement was never reconciled automatically; nothing to show.
      .then(setExecucao)
      .catch((falha) => {
        if (falha.name !== "AbortError") setErro(falha.message);
      });
    return () => controle.abort();
  }, [extratoId]);

  const andamento = execucao && EM_ANDAMENTO.has(execucao.status) ? execucao.id : null;
  useAcompanhar(andamento && `/api/extratos/conciliacao-automatica/${andamento}`, {
    aoLer(atual) {
      setErro("");
      setExecucao(atual);
      if (EM_ANDAMENTO.has(atual.status)) return true;
      aoTerminar();
      return false;
    },
    aoFalhar: setErro,
    falha: "Não foi possível ler o andamento.",
  });

  return { execucao, erro, acompanhar: setExecucao };
}

const SITUACOES = {
  PENDENTE: "Aguardando início",
  EXECUTANDO: "Em andamento",
  CONCLUIDA: "Concluída",
  FALHOU: "Falhou",
};

/** The run's progress bar and counts. */
export function ProgressoDaExecucao({ execucao, erro }) {
  if (!execucao) return erro ? html`<p class="aviso aviso-erro" role="alert">${erro}</p>` : null;
  const e = execucao;
  const terminou = !EM_ANDAMENTO.has(e.status);
  // An empty statement is done from the start: its bar is full, not empty.
  const maximo = Math.max(e.total, 1);
  const feito = e.total ? e.processadas : (terminou ? 1 : 0);
  return html`
    <section class=${`execucao execucao-${e.status.toLowerCase()}`} aria-label="Conciliação automática">
      <div class="execucao-topo">
        <h2>Conciliação automática</h2>
        <span class="execucao-situacao" role="status">${SITUACOES[e.status] ?? e.status}${
          e.concluido_em ? ` em ${formatarDataHora(e.concluido_em)}` : ""}</span>
      </div>
      <progress max=${maximo} value=${feito} aria-label="Progresso da conciliação automática"></progress>
      <p class="execucao-contagens">${[
        `${e.processadas} de ${plural(e.total, "transação processada", "transações processadas")}`,
        plural(e.conciliadas, "conciliada", "conciliadas"),
        plural(e.criadas, "lançamento criado por regra", "lançamentos criados por regras"),
        `${plural(e.deixadas, "deixada", "deixadas")} para revisão`,
        `confiança mínima ${Math.round(e.score_minimo * 100)}%`,
      ].join(" · ")}</p>
      ${e.erro && html`<p class="aviso aviso-erro" role="alert">${e.erro}</p>`}
      ${erro && html`<p class="aviso aviso-indisponivel" role="alert">${erro}</p>`}
    </section>`;
}

/** Asks for the threshold and starts the run; `aoIniciar(execucao)` with the server's answer. */
export function IniciarConciliacaoAutomatica({ extrato, aoIniciar, aoFechar }) {
  const form = useFormulario({ score_minimo: "90" });
  async function iniciar({ score_minimo: porcentagem }) {
    const score = exigirPorcentagem(porcentagem, "score_minimo");
    try {
      const execucao = await api.post(`/api/extratos/${extrato.id}/conciliacao-automatica`, { score_minimo: score });
      notificar("Conciliação automática iniciada.");
      aoIniciar(execucao);
    } catch (falha) {
      if (!(falha instanceof ErroApi) || falha.status !== 409) throw falha;
      // Another run of this statement is under way (started elsewhere): follow that one.
      notificar(falha.message, "erro");
      aoIniciar(await api.get(`/api/extratos/${extrato.id}/conciliacao-automatica`));
    }
  }
  return html`
    <${Modal} titulo="Conciliar automaticamente" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${iniciar} rotuloEnviar="Iniciar" aoCancelar=${aoFechar}>
        <p class="ajuda">
          Cada transação ainda não conciliada de ${extrato.arquivo_nome} recebe a melhor sugestão quando o sistema tem
          confiança suficiente nela e ela fica bem à frente da segunda; as regras criam ou conciliam o que lhes cabe. O
          resto fica para você revisar, e tudo pode ser desfeito.
        </p>
        <${CampoTexto} ...${form.campo("score_minimo")} rotulo="Confiança mínima para conciliar sozinho (%)" inputmode="numeric"
          maxlength="3" ajuda="De 0 a 100. Quanto maior, mais certeza o sistema precisa ter, e menos transações ele concilia sem você; 90 é um bom começo." />
      <//>
    <//>`;
}
