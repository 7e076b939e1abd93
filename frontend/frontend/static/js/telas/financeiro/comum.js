// What the Financeiro screens share: the records a lançamento points at (contas, categorias,
// clientes, fornecedores) as options, the status badge, a date filter, and money in whole cents.
//
// Money is split and added in integer cents (BigInt), from the decimal string the API speaks:
// a parcela preview computed with floats could differ by a cent from what the server stores.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData, formatarMoeda, hoje, lerData, mascararData } from "../../formatos.js";

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

/** Money with its sign in red when negative (a statement's debit, a negative balance). */
export function Dinheiro({ valor, classe = "" }) {
  const negativo = String(valor ?? "").startsWith("-") && /[1-9]/.test(String(valor));
  return html`<span class=${`${classe}${negativo ? " negativo" : ""}`.trim()}>${formatarMoeda(valor)}</span>`;
}

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

/** The sum of money strings, exactly: ["33.34", "33.33"] → "66.67". */
export function somar(valores) {
  return deCentavos(valores.reduce((soma, v) => soma + (centavos(v) ?? 0n), 0n));
}

// ---------------------------------------------------------------- dates

function diasNoMes(ano, mes) {
  return new Date(Date.UTC(ano, mes, 0)).getUTCDate(); // mes 1..12: day 0 of the next month
}

function iso(ano, mes, dia) {
  return `${String(ano).padStart(4, "0")}-${String(mes).padStart(2, "0")}-${String(dia).padStart(2, "0")}`;
}

/**
 * The `indice`-th date after `inicio` ("AAAA-MM-DD") in steps of `frequencia`, always counted
 * from the first date: a day the month lacks becomes its last day (31/01 → 28/02 → 31/03).
 */
export function passoDeData(inicio, frequencia, indice) {
  const [ano, mes, dia] = inicio.split("-").map(Number);
  if (frequencia === "SEMANAL") {
    const data = new Date(Date.UTC(ano, mes - 1, dia + 7 * indice));
    return iso(data.getUTCFullYear(), data.getUTCMonth() + 1, data.getUTCDate());
  }
  const meses = (mes - 1) + (frequencia === "ANUAL" ? 12 * indice : indice);
  const novoAno = ano + Math.floor(meses / 12);
  const novoMes = (meses % 12) + 1;
  return iso(novoAno, novoMes, Math.min(dia, diasNoMes(novoAno, novoMes)));
}

/** The first and last days of the month `data` ("AAAA-MM-DD") is in. */
export function mesDe(data = hoje()) {
  const [ano, mes] = data.split("-").map(Number);
  return { de: iso(ano, mes, 1), ate: iso(ano, mes, diasNoMes(ano, mes)) };
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

// ---------------------------------------------------------------- records

// The records come from Cadastros (which lets financeiro's users read them); when they cannot be
// loaded, an empty list says why (`lista.erro`) and the screens fall back on what the lançamento
// itself names.
function falhou(falha) {
  return Object.assign([], { erro: falha.message || "Não foi possível carregar os cadastros." });
}

/** The empresa's contas (null while loading); inactive ones only when asked. */
export function useContas({ todas = false } = {}) {
  const [contas, setContas] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    api.get("/api/contas", { query: { limit: 500, ativa: todas ? undefined : "true" }, sinal: controle.signal })
      .then(({ items }) => setContas(items))
      .catch((falha) => {
        if (falha.name !== "AbortError") setContas(falhou(falha));
      });
    return () => controle.abort();
  }, [todas]);
  return contas;
}

/** The chart of accounts flattened in code order, each with its level, for a select. */
export function achatarCategorias(arvore, saida = []) {
  for (const categoria of arvore) {
    saida.push(categoria);
    achatarCategorias(categoria.filhos || [], saida);
  }
  return saida;
}

/** Indented by level with non-breaking spaces, so the select reads like the tree. */
export function rotuloDaCategoria(categoria) {
  return `${"\u00a0\u00a0\u00a0".repeat(Math.max(0, (categoria.nivel || 1) - 1))}${categoria.codigo} ${categoria.nome}`;
}

/** The active categorias of `tipo` ("" for both), flattened; null while loading. */
export function useCategorias(tipo) {
  const [categorias, setCategorias] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    setCategorias(null);
    api.get("/api/categorias/arvore", { query: { tipo, ativa: "true" }, sinal: controle.signal })
      .then(({ items }) => setCategorias(achatarCategorias(items)))
      .catch((falha) => {
        if (falha.name !== "AbortError") setCategorias(falhou(falha));
      });
    return () => controle.abort();
  }, [tipo]);
  return categorias;
}

/** A CampoEscolha search over clientes or fornecedores (`caminho`). */
export function buscarPessoas(caminho) {
  return async (texto, sinal) => {
    const { items } = await api.get(caminho, { query: { q: texto, ativo: "true", limit: 50 }, sinal });
    return items.map((p) => ({ valor: p.id, rotulo: p.nome }));
  };
}

export const buscarClientes = buscarPessoas("/api/clientes");
export const buscarFornecedores = buscarPessoas("/api/fornecedores");

/** A query string with repeated keys for arrays (status=PENDENTE&status=PARCIAL); empty values left out. */
export function consulta(parametros) {
  const busca = new URLSearchParams();
  for (const [chave, valor] of Object.entries(parametros)) {
    for (const item of Array.isArray(valor) ? valor : [valor]) {
      if (item !== undefined && item !== null && item !== "") busca.append(chave, item);
    }
  }
  return busca.toString();
}

/** "1 transação", "3 transações". */
export const plural = (n, um, varios) => `${n} ${n === 1 ? um : varios}`;

export function periodo(extrato) {
  if (!extrato.data_inicio && !extrato.data_fim) return "—";
  return `${formatarData(extrato.data_inicio)} a ${formatarData(extrato.data_fim)}`;
}
