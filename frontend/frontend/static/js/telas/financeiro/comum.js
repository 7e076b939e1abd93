// What the Financeiro screens share: the tipos and status of a lançamento and the words for paying
// one (a receita is received, a despesa paid), the rules of a série (its parcelas split in cents,
// its dates) as the server applies them and the way to all of its lançamentos, a statement's
// period and its transactions' types in Portuguese, and the cliente or fornecedor filter kept in the
// address.
// Money in cents, dates, the records a lançamento points at and its status badge live in ui/
// (valores.js, registros.js, status-lancamento.js): other modules show them too.

import { html, useEffect, useRef, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { centavos, dataIso, deCentavos, diasNoMes } from "../../ui/valores.js";

export const TIPOS = [{ valor: "RECEITA", rotulo: "Receita" }, { valor: "DESPESA", rotulo: "Despesa" }];
export const nomeDoTipo = (tipo) => TIPOS.find((t) => t.valor === tipo)?.rotulo ?? tipo;

export const FREQUENCIAS = [
  { valor: "MENSAL", rotulo: "Mensal" },
  { valor: "SEMANAL", rotulo: "Semanal" },
  { valor: "ANUAL", rotulo: "Anual" },
];

// ---------------------------------------------------------------- paying, in the staff's words

/** The action on an open lançamento: "Receber" a receita, "Pagar" a despesa. */
export const acaoDePagar = (lancamento) => (lancamento.tipo === "RECEITA" ? "Receber" : "Pagar");

/** What one payment (a "baixa") is called: a receita's "recebimento", a despesa's "pagamento". */
export const nomeDoPagamento = (lancamento) => (lancamento.tipo === "RECEITA" ? "recebimento" : "pagamento");

/** Next to the last payment's date: "recebido em", "pago em", "parte recebida em", "parte paga em". */
export function textoDoPagamento(lancamento) {
  const receita = lancamento.tipo === "RECEITA";
  if (lancamento.status === "PAGO") return receita ? "recebido" : "pago";
  return receita ? "parte recebida" : "parte paga";
}

// ---------------------------------------------------------------- séries

/** The ledger with every lançamento of a série (a sale's parcelas), whatever their dates. */
export const rotaDaSerie = (serieId) => `/financeiro?periodo=tudo&serie_id=${serieId}`;

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

// ---------------------------------------------------------------- statement transactions

// OFX's TRNTYPE in Portuguese; a few banks write Brazilian names of their own there.
const TIPOS_OFX = {
  CREDIT: "Entrada", DEBIT: "Saída", INT: "Juros", DIV: "Rendimento", FEE: "Tarifa", SRVCHG: "Tarifa",
  DEP: "Depósito", ATM: "Saque", POS: "Compra no cartão", XFER: "Transferência", CHECK: "Cheque",
  PAYMENT: "Pagamento", CASH: "Saque", DIRECTDEP: "Depósito", DIRECTDEBIT: "Débito automático",
  REPEATPMT: "Pagamento recorrente", HOLD: "Valor bloqueado", OTHER: "Outros",
  PIX: "PIX", TED: "TED", DOC: "DOC", BOLETO: "Boleto", TARIFA: "Tarifa", JUROS: "Juros", IOF: "IOF",
};
// Types that say only which way the money went: the memo may say how.
const GENERICOS = new Set(["CREDIT", "DEBIT", "OTHER", "XFER", "PAYMENT", "DEP", "DIRECTDEP", "DIRECTDEBIT", "PIX", "TED", "DOC"]);
const PELO_HISTORICO = [
  [/\bPIX\b/i, "PIX"], [/\bTED\b/i, "TED"], [/\bDOC\b/i, "DOC"],
  [/\bBOLETO\b/i, "Boleto"], [/\bTARIFA|\bTAR\b/i, "Tarifa"], [/\bJUROS\b/i, "Juros"],
  [/\bIOF\b/i, "IOF"], [/\bRENDIMENT/i, "Rendimento"],
];

/**
 * A statement transaction's type as the staff say it: "Entrada", "Saída", "PIX recebido",
 * "PIX enviado", "TED recebida", "Boleto", "Tarifa", "Juros"… from its TRNTYPE and, when that only
 * says the direction, from its memo.
 */
export function tipoDaTransacaoOfx(transacao) {
  const tipo = String(transacao.tipo ?? "").toUpperCase();
  const entrada = !String(transacao.valor ?? "").startsWith("-");
  let nome = TIPOS_OFX[tipo];
  if (!nome || GENERICOS.has(tipo)) {
    const achado = PELO_HISTORICO.find(([padrao]) => padrao.test(transacao.memo ?? ""));
    if (achado) nome = achado[1];
  }
  if (!nome || nome === "Outros") return entrada ? "Entrada" : "Saída";
  if (nome === "PIX") return entrada ? "PIX recebido" : "PIX enviado";
  if (nome === "TED") return entrada ? "TED recebida" : "TED enviada";
  if (nome === "DOC") return entrada ? "DOC recebido" : "DOC enviado";
  return nome;
}

// ---------------------------------------------------------------- filters

/**
 * The cliente or fornecedor filter: a search whose value may also come from the address (a link,
 * the back button), then shown by the record's name.
 */
export function FiltroPessoa({ nome, rotulo, valor, aoMudar, buscar, caminho, vazio }) {
  const proprio = useRef(valor); // the last value chosen in the field itself
  const [vez, setVez] = useState(0);
  const [deFora, setDeFora] = useState(!!valor);
  useEffect(() => {
    if (valor === proprio.current) return;
    proprio.current = valor;
    setDeFora(!!valor);
    setVez((v) => v + 1);
  }, [valor]);
  const { dados } = useConsulta(deFora && valor ? `${caminho}/${valor}` : null);
  const nomeDeFora = deFora && dados && String(dados.id) === String(valor) ? dados.nome : "";
  function escolher(id) {
    proprio.current = id == null ? "" : String(id);
    setDeFora(false);
    aoMudar(proprio.current);
  }
  return html`
    <div class="filtro-escolha">
      <${CampoEscolha} key=${`${vez}-${nomeDeFora ? "nome" : ""}`} nome=${nome} rotulo=${rotulo}
        valor=${valor ? Number(valor) : null} aoMudar=${escolher} rotuloInicial=${nomeDeFora} buscar=${buscar}
        placeholder="Todos" vazio=${vazio} />
    </div>`;
}
