// What the RH screens share: the kinds of vínculo, hours and whole numbers as the staff type them
// (pt-BR) and as the API takes them, and the PIS mask.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { CampoTexto } from "../../ui/formulario.js";

export const VINCULOS = [
  { valor: "CLT", rotulo: "CLT" },
  { valor: "ESTAGIARIO", rotulo: "Estagiário" },
  { valor: "PRO_LABORE", rotulo: "Pró-labore" },
  { valor: "AUTONOMO", rotulo: "Autônomo" },
];

export const nomeDoVinculo = (vinculo) => VINCULOS.find((v) => v.valor === vinculo)?.rotulo ?? vinculo;

/** "10.50" (the API) → "10,5"; "220.00" → "220": hours and quantities as the staff read them. */
export function mostrarNumero(valor) {
  if (valor == null || valor === "") return "";
  const texto = String(valor);
  if (!/^\d+\.\d+$/.test(texto)) return texto;
  return texto.replace(/0+$/, "").replace(/\.$/, "").replace(".", ",");
}

/**
 * What was typed ("10,5", "10.5", " 8 ") → "10.5" for the body; empty → null (absent); anything
 * else goes as typed, for the server to name the field.
 */
export function lerNumero(texto) {
  const limpo = String(texto ?? "").trim();
  if (!limpo) return null;
  return /^\d+([.,]\d+)?$/.test(limpo) ? limpo.replace(",", ".") : limpo;
}

/** A whole number typed ("2") → 2; empty → null; anything else as typed, for the server to refuse. */
export function lerInteiro(texto) {
  const limpo = String(texto ?? "").trim();
  if (!limpo) return null;
  return /^\d+$/.test(limpo) ? Number(limpo) : limpo;
}

const digitos = (texto) => String(texto ?? "").replace(/\D/g, "").slice(0, 11);

/** "12345678919" → "123.45678.91-9" (PIS/PASEP/NIT); partial while typing. */
export function formatarPis(valor) {
  const d = digitos(valor);
  return [d.slice(0, 3), d.slice(3, 8), d.slice(8, 10)].filter(Boolean).join(".") + (d.length > 10 ? `-${d.slice(10)}` : "");
}

/** The PIS field: digits in the form (as the API stores them), masked on screen. */
export function CampoPis({ valor, aoMudar, ...resto }) {
  return html`<${CampoTexto} ...${resto} inputmode="numeric" autocomplete="off" placeholder="000.00000.00-0"
    valor=${formatarPis(valor)} aoMudar=${(t) => aoMudar(digitos(t) || null)} />`;
}
