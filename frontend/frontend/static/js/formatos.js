// pt-BR presentation of the contract's values, and reading them back from what the staff type.
// Money arrives as a decimal string ("1234.56") and is formatted from its digits, never through a
// float, so what the screen shows is exactly what the server holds.

const FUSO = "America/Sao_Paulo";

function agruparMilhares(inteiro) {
  return inteiro.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

// Money is written exactly as pt-BR's Intl writes it, in one form for the whole app: "R$", a
// no-break space (U+00A0: "R$" never ends a line alone) and one minus sign, the hyphen before it
// ("-R$ 5,00"). On screen it goes in ui/valores.js's Dinheiro, which keeps "-" and "R$" together.
const ESPACO_FIXO = "\u00a0";

/** "1234.56" (or a number) → "R$ 1.234,56"; "-5" → "-R$ 5,00"; anything else → "". */
export function formatarMoeda(valor) {
  const texto = typeof valor === "number" ? valor.toFixed(2) : String(valor ?? "").trim();
  const partes = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(texto);
  if (!partes) return "";
  const [, sinal, inteiro, centavos = ""] = partes;
  const normal = inteiro.replace(/^0+(?=\d)/, "");
  const negativo = sinal && /[1-9]/.test(normal + centavos);
  return `${negativo ? "-" : ""}R$${ESPACO_FIXO}${agruparMilhares(normal)},${centavos.padEnd(2, "0")}`;
}

const compacta = new Intl.NumberFormat("pt-BR", {
  style: "currency", currency: "BRL", notation: "compact", maximumFractionDigits: 1,
});

/** A number → "R$ 1,2 mil", "-R$ 500" (a chart's axis, where a pixel has no cents). */
export function formatarMoedaCompacta(numero) {
  return compacta.format(numero);
}

/** What a person types ("1.234,56", "R$ 10", "-3,5", "1234.56") → "1234.56"; null when it is no amount. */
export function lerMoeda(digitado) {
  let texto = String(digitado ?? "").replace(/R\$|\s/g, "");
  if (!texto) return null;
  const negativo = texto.startsWith("-");
  texto = texto.replace(/^[-+]/, "");
  if (texto.includes(",")) {
    // pt-BR: dots group thousands, the comma separates the cents.
    if (!/^\d{1,3}(\.\d{3})*(,\d{0,2})?$|^\d+(,\d{0,2})?$/.test(texto)) return null;
    texto = texto.replace(/\./g, "").replace(",", ".");
  } else if (/^\d{1,3}(\.\d{3})+$/.test(texto)) {
    texto = texto.replace(/\./g, ""); // "1.234" is a thousand and something, not one real
  } else if (!/^\d+(\.\d{0,2})?$/.test(texto)) {
    return null;
  }
  const [inteiro, centavos = ""] = texto.split(".");
  const valor = `${inteiro.replace(/^0+(?=\d)/, "")}.${centavos.padEnd(2, "0")}`;
  return negativo && /[1-9]/.test(valor) ? `-${valor}` : valor;
}

/** "2026-11-23" → "23/11/2026"; anything else → "". */
export function formatarData(iso) {
  const partes = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ""));
  return partes ? `${partes[3]}/${partes[2]}/${partes[1]}` : "";
}

/** "23/11/2026" → "2026-11-23"; null for an impossible or incomplete date. */
export function lerData(digitado) {
  const partes = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(digitado ?? "").trim());
  if (!partes) return null;
  const [, dia, mes, ano] = partes.map(Number);
  const data = new Date(Date.UTC(ano, mes - 1, dia));
  if (data.getUTCFullYear() !== ano || data.getUTCMonth() !== mes - 1 || data.getUTCDate() !== dia) return null;
  return `${partes[3]}-${partes[2]}-${partes[1]}`;
}

/**
 * A server's message about a field, in the form the staff type: its dates are dd/mm/aaaa and its
 * money 1.234,56, whatever the contract's own form ("AAAA-MM-DD", "1234.56") the API names.
 */
export function mensagemDoCampo(mensagem) {
  return String(mensagem ?? "").replace(/AAAA-MM-DD/g, "dd/mm/aaaa").replace(/\b1234\.56\b/g, "1.234,56");
}

/** Progressive mask while typing a date: "2311" → "23/11". */
export function mascararData(digitado) {
  const d = String(digitado ?? "").replace(/\D/g, "").slice(0, 8);
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4)].filter(Boolean).join("/");
}

const dataHora = new Intl.DateTimeFormat("pt-BR", {
  timeZone: FUSO, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
});

/** An ISO 8601 timestamp → "23/11/2026 14:05", in the studio's time zone. */
export function formatarDataHora(iso) {
  const data = new Date(iso);
  return Number.isNaN(data.getTime()) ? "" : dataHora.format(data).replace(",", "");
}

/** Today in the studio's time zone, as "AAAA-MM-DD". */
export function hoje() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: FUSO }).format(new Date());
}

// A CNPJ's first twelve characters may be letters since July 2026 (Receita Federal); its two check
// characters and every character of a CPF are digits.
function normalizarDocumento(texto) {
  return String(texto ?? "").toUpperCase().replace(/[^0-9A-Z]/g, "");
}

function aplicarMascara(valor, grupos) {
  let resto = valor;
  let saida = "";
  for (const [tamanho, separador] of grupos) {
    if (!resto) break;
    saida += resto.slice(0, tamanho);
    resto = resto.slice(tamanho);
    if (resto && separador) saida += separador;
  }
  return saida;
}

const MASCARA_CPF = [[3, "."], [3, "."], [3, "-"], [2, ""]];
const MASCARA_CNPJ = [[2, "."], [3, "."], [3, "/"], [4, "-"], [2, ""]];

/** Progressive mask while typing: a CPF up to 11 digits, a CNPJ (numeric or alphanumeric) beyond. */
export function mascararCpfCnpj(digitado) {
  const valor = normalizarDocumento(digitado).slice(0, 14);
  const cpf = valor.length <= 11 && /^\d*$/.test(valor);
  return aplicarMascara(valor, cpf ? MASCARA_CPF : MASCARA_CNPJ);
}

/** Progressive mask for a CNPJ alone (an empresa's): never read as a CPF while it is short. */
export function mascararCnpj(digitado) {
  return aplicarMascara(normalizarDocumento(digitado).slice(0, 14), MASCARA_CNPJ);
}

/** A stored (normalized) CPF or CNPJ → its usual written form; anything else as it came. */
export function formatarCpfCnpj(documento) {
  const valor = normalizarDocumento(documento);
  if (/^\d{11}$/.test(valor)) return aplicarMascara(valor, MASCARA_CPF);
  if (/^[0-9A-Z]{12}\d{2}$/.test(valor)) return aplicarMascara(valor, MASCARA_CNPJ);
  return String(documento ?? "");
}

/** What the API stores: the characters without punctuation. */
export function lerCpfCnpj(digitado) {
  return normalizarDocumento(digitado);
}
