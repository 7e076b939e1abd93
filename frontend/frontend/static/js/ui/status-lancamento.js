// A lançamento's status as the staff read it, wherever one is shown: the ledger, its detail, the
// payables a processed payroll created in RH.

import { html } from "../../vendor/htm-preact/standalone.module.js";

const STATUS = { PENDENTE: "Pendente", PARCIAL: "Pago em parte", PAGO: "Pago", CANCELADO: "Cancelado" };
const STATUS_DA_RECEITA = { ...STATUS, PARCIAL: "Recebido em parte", PAGO: "Recebido" };

/** The status in words: a receita is "Recebido", a despesa "Pago". */
export function nomeDoStatus(lancamento) {
  const { status, tipo } = lancamento;
  return (tipo === "RECEITA" ? STATUS_DA_RECEITA : STATUS)[status] ?? status;
}

/** The status as a badge; an open lançamento past its due date says "Vencido" too. */
export function SeloStatus({ lancamento }) {
  const { status, vencido } = lancamento;
  return html`
    <span class="selos-status">
      <span class=${`status status-${status.toLowerCase()}`}>${nomeDoStatus(lancamento)}</span>
      ${vencido && html`<span class="status status-vencido">Vencido</span>`}
    </span>`;
}
