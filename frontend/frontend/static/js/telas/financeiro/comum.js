// What the Financeiro screens share: the tipos and status of a lançamento, the rules of a série
// (its parcelas split in cents, its dates) as the server applies them, and a statement's period.
// Money in cents, dates and the records a lançamento points at live in ui/ (valores.js,
// registros.js): other modules show them too.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { centavos, dataIso, deCentavos, diasNoMes } from "../../ui/valores.js";

export const TIPOS = [{ valor: "RECEITA", rotulo: "Receita" }, { valor: "DESPESA", rotulo: "Despesa" }];
export const nomeDoTipo = (tipo) => TIPOS.find((t) => t.valor === tipo)?.rotulo ?? tipo;

export const FREQUENCIAS = [
  { valor: "MENSAL", rotulo: "Mensal" },
  { valor: "SEMANAL", rotulo: "Semanal" },
  { valor: "ANUAL", rotulo: "Anual" },
];

const STATUS = { PENDENTE: "Pendente", PARCIAL: "Parcial", PAGO: "Pago", CANCELADO: "Cancelado" };

/** The status as a badge; an open lançamento past its due date says "Vencido" too. */
export function SeloStatus({ lancamento }) {
  const { status, vencido } = lancamento;
  return html`
    <span class="selos-status">
      <span class=${`status status-${status.toLowerCase()}`}>${STATUS[status] ?? status}</span>
      ${vencido && html`<span class="status status-vencido">Vencido</span>`}
    </span>`;
}

/**
 * `total` ("100.00") in `quantidade` parcelas that add up to it exactly: each gets the whole
 * cents of the division, and the cents left over go to the first or the last (`resto`).
 * → ["33.34", "33.33", "33.33"], or null when the total is not an amount.
 */
export function dividirEmParcelas(total, quantidade, resto = "PRIMEIRA") {
  const quantia = centavos(total);
  const n = BigInt(quantidade);
  if (quantia == null || quantia <= 0n || n < 1n) return null;
  const base = quantia / n;
  const sobra = quantia - base * n;
  const valores = Array.from({ length: quantidade }, () => base);
  valores[resto === "ULTIMA" ? quantidade - 1 : 0] += sobra;
  return valores.map(deCentavos);
}

/**
 * The `indice`-th date after `inicio` ("AAAA-MM-DD") in steps of `frequencia`, always counted
 * from the first date: a day the month lacks becomes its last day (31/01 → 28/02 → 31/03).
 */
export function passoDeData(inicio, frequencia, indice) {
  const [ano, mes, dia] = inicio.split("-").map(Number);
  if (frequencia === "SEMANAL") {
    const data = new Date(Date.UTC(ano, mes - 1, dia + 7 * indice));
    return dataIso(data.getUTCFullYear(), data.getUTCMonth() + 1, data.getUTCDate());
  }
  const meses = (mes - 1) + (frequencia === "ANUAL" ? 12 * indice : indice);
  const novoAno = ano + Math.floor(meses / 12);
  const novoMes = (meses % 12) + 1;
  return dataIso(novoAno, novoMes, Math.min(dia, diasNoMes(novoAno, novoMes)));
}

export function periodo(extrato) {
  if (!extrato.data_inicio && !extrato.data_fim) return "—";
  return `${formatarData(extrato.data_inicio)} a ${formatarData(extrato.data_fim)}`;
}
