// Money and dates as screens show, add and filter them: a money cell, amounts in whole cents, a
// month ("competência"), this month's first and last days, a date filter, and counted nouns.
//
// Money is split and added in integer cents (BigInt), from the decimal string the API speaks:
// a sum computed with floats could differ by a cent from what the server stores.

import { html, useEffect, useState } from "../../vendor/htm-preact/standalone.module.js";
import { formatarData, formatarMoeda, hoje, lerData, mascararData } from "../formatos.js";

/**
 * Money as every screen shows it: "R$ 1.234,56", "-R$ 5,00" in red when negative (a statement's
 * debit, a negative balance, a despesa in the ledger), never broken across two lines (class
 * `dinheiro`: Chrome would break between "-" and "R$").
 */
export function Dinheiro({ valor, classe = "" }) {
  const negativo = String(valor ?? "").startsWith("-") && /[1-9]/.test(String(valor));
  return html`<span class=${["dinheiro", classe, negativo && "negativo"].filter(Boolean).join(" ")}>${formatarMoeda(valor)}</span>`;
}

/** "1 transação", "3 transações". */
export const plural = (n, um, varios) => `${n} ${n === 1 ? um : varios}`;

// ---------------------------------------------------------------- cents

/** "1234.56" → 123456n; null when it is not a money string. */
export function centavos(valor) {
  const partes = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(valor ?? "").trim());
  if (!partes) return null;
  const [, sinal, inteiro, fracao = ""] = partes;
  const absoluto = BigInt(inteiro) * 100n + BigInt(fracao.padEnd(2, "0") || "0");
  return sinal ? -absoluto : absoluto;
}

/** 123456n → "1234.56". */
export function deCentavos(quantia) {
  const negativo = quantia < 0n;
  const absoluto = negativo ? -quantia : quantia;
  const texto = `${absoluto / 100n}.${String(absoluto % 100n).padStart(2, "0")}`;
  return negativo ? `-${texto}` : texto;
}

/** "12.50" → "-12.50", "-3" → "3.00": money going the other way (a despesa shown as money out). */
export function negar(valor) {
  const quantia = centavos(valor);
  return quantia == null ? valor : deCentavos(-quantia);
}

/** The sum of money strings, exactly: ["33.34", "33.33"] → "66.67". */
export function somar(valores) {
  return deCentavos(valores.reduce((soma, v) => soma + (centavos(v) ?? 0n), 0n));
}

// ---------------------------------------------------------------- dates

/** The days in month `mes` (1..12) of `ano`. */
export function diasNoMes(ano, mes) {
  return new Date(Date.UTC(ano, mes, 0)).getUTCDate(); // mes 1..12: day 0 of the next month
}

/** (2026, 3, 1) → "2026-03-01". */
export function dataIso(ano, mes, dia) {
  return `${String(ano).padStart(4, "0")}-${String(mes).padStart(2, "0")}-${String(dia).padStart(2, "0")}`;
}

/** The first and last days of the month `data` ("AAAA-MM-DD") is in. */
export function mesDe(data = hoje()) {
  const [ano, mes] = data.split("-").map(Number);
  return { de: dataIso(ano, mes, 1), ate: dataIso(ano, mes, diasNoMes(ano, mes)) };
}

/** "2026-03" → "03/2026"; "2026-03-01" also. */
export function formatarCompetencia(valor) {
  const partes = /^(\d{4})-(\d{2})/.exec(String(valor ?? ""));
  return partes ? `${partes[2]}/${partes[1]}` : "";
}

/** "03/2026" → "2026-03"; null when it is no month. */
export function lerCompetencia(digitado) {
  const partes = /^(\d{2})\/(\d{4})$/.exec(String(digitado ?? "").trim());
  if (!partes || Number(partes[1]) < 1 || Number(partes[1]) > 12) return null;
  return `${partes[2]}-${partes[1]}`;
}

export function mascararCompetencia(digitado) {
  const d = String(digitado ?? "").replace(/\D/g, "").slice(0, 6);
  return d.length > 2 ? `${d.slice(0, 2)}/${d.slice(2)}` : d;
}

/**
 * A date filter above a list: typed as dd/mm/aaaa, handed over as "AAAA-MM-DD" once complete
 * (and "" when emptied), so a half-typed date never reloads the list.
 */
export function FiltroData({ rotulo, valor, aoMudar }) {
  const [texto, setTexto] = useState(formatarData(valor));
  useEffect(() => {
    if (lerData(texto) !== valor) setTexto(formatarData(valor));
  }, [valor]);
  function digitar(evento) {
    const novo = mascararData(evento.currentTarget.value);
    setTexto(novo);
    if (!novo) aoMudar("");
    else if (lerData(novo)) aoMudar(lerData(novo));
  }
  const invalida = texto.length === 10 && !lerData(texto);
  return html`
    <label class="filtro filtro-data">
      <span>${rotulo}</span>
      <input type="text" inputmode="numeric" placeholder="dd/mm/aaaa" maxlength="10" value=${texto}
        aria-invalid=${invalida ? "true" : "false"} onInput=${digitar} />
    </label>`;
}
