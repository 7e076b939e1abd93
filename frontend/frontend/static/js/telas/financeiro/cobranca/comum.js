// What the Cobrança screens share: their own tabs (Remessas, Retornos, Arquivos, Pagamentos, each
// with its address), the contas a bank file can go to, the words for a file's direção, finalidade
// and a título's or a payment's situação, how a despesa would be paid by a bank file, and copying a
// code to the clipboard.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { useContas } from "../../../ui/registros.js";

export const ROTA = "/financeiro/cobranca";

export const ABAS = [
  { rota: ROTA, nome: "Remessas" },
  { rota: `${ROTA}/retornos`, nome: "Retornos" },
  { rota: `${ROTA}/arquivos`, nome: "Arquivos" },
  { rota: `${ROTA}/pagamentos`, nome: "Pagamentos" },
];

/** The tab `caminho` is under (a file's page is under Arquivos). */
export function abaAtual(caminho) {
  return [...ABAS].reverse().find((a) => caminho === a.rota || caminho.startsWith(`${a.rota}/`)) || ABAS[0];
}

export function AbasDaCobranca({ atual }) {
  return html`
    <nav class="abas" aria-label="Seções da cobrança">
      ${ABAS.map((a) => html`
        <a key=${a.rota} href=${a.rota} aria-current=${a === atual ? "page" : undefined}>${a.nome}</a>`)}
    </nav>`;
}

/**
 * The active contas whose bank settings for boletos and bank files are filled in (Cadastros ›
 * Contas › Cobrança); null while loading; a list that could not load carries `.erro`.
 */
export function useContasDeCobranca() {
  const contas = useContas();
  if (!contas || contas.erro) return contas;
  return contas.filter((c) => c.cobranca);
}

export const opcoesDeConta = (contas, primeira = "Escolha a conta") =>
  [{ valor: "", rotulo: primeira }, ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];

export const DIRECOES = [{ valor: "REMESSA", rotulo: "Remessa" }, { valor: "RETORNO", rotulo: "Retorno" }];
export const FINALIDADES = [{ valor: "COBRANCA", rotulo: "Cobrança" }, { valor: "PAGAMENTOS", rotulo: "Pagamentos" }];
export const LAYOUTS = [{ valor: "CNAB240", rotulo: "CNAB 240" }, { valor: "CNAB400", rotulo: "CNAB 400" }];

const nome = (opcoes, valor) => opcoes.find((o) => o.valor === valor)?.rotulo ?? valor ?? "—";
export const nomeDaDirecao = (valor) => nome(DIRECOES, valor);
export const nomeDaFinalidade = (valor) => nome(FINALIDADES, valor);
export const nomeDoLayout = (valor) => nome(LAYOUTS, valor);

// A título's and a payment's situação, with the class of the badge that shows it.
const SITUACOES = {
  EMITIDO: ["Emitido", "pendente"], REGISTRADO: ["Registrado no banco", "parcial"], REJEITADO: ["Rejeitado", "vencido"],
  LIQUIDADO: ["Liquidado", "pago"], BAIXADO: ["Baixado", "cancelado"],
  ENVIADO: ["Enviado ao banco", "pendente"], AGENDADO: ["Agendado", "parcial"], PAGO: ["Pago pelo banco", "pago"],
  EM_ANALISE: ["Em análise no banco", "pendente"],
};

export function SeloSituacao({ situacao }) {
  const [texto, classe] = SITUACOES[situacao] ?? [situacao, "pendente"];
  return html`<span class=${`status status-${classe}`}>${texto}</span>`;
}

// What a retorno did, counted: the cobrança ones always, the pagamentos ones when they happened.
const CONTAGENS = [
  ["liquidados", "liquidado", "liquidados", true],
  ["confirmados", "registro confirmado", "registros confirmados", true],
  ["rejeitados", "rejeitado", "rejeitados", true],
  ["baixados", "baixado", "baixados", true],
  ["nao_encontrados", "não encontrado", "não encontrados", true],
  ["pagos", "pago", "pagos", false],
  ["agendados", "agendado", "agendados", false],
  ["em_analise", "em análise", "em análise", false],
];

/** A retorno's counts (its import's answer, or a file's `resumo`) as [[chave, número, "liquidados"]]. */
export function contagens(resumo) {
  return CONTAGENS.filter(([chave, , , sempre]) => sempre || resumo[chave] > 0)
    .map(([chave, um, varios]) => [chave, resumo[chave] ?? 0, (resumo[chave] ?? 0) === 1 ? um : varios]);
}

export const FORMAS = { BOLETO: "Boleto", PIX: "PIX", TED: "TED", CREDITO_CONTA: "Crédito em conta" };

/**
 * How the bank would pay `lancamento` (a despesa) from `conta`: {forma} — BOLETO when it carries
 * the boleto's barcode, else PIX by the fornecedor's key, else a credit to their account (same
 * bank) or a TED; a despesa another module created for someone who is not a fornecedor (a salary)
 * carries that `favorecido` instead — or {motivo} when nothing tells where to send the money.
 */
export function formaDePagamento(lancamento, fornecedor, conta) {
  if (lancamento.codigo_barras_pagamento) return { forma: "BOLETO" };
  const favorecido = lancamento.favorecido;
  if (!lancamento.fornecedor_id && favorecido) {
    if (favorecido.chave_pix) return { forma: "PIX" };
    if (favorecido.banco) return { forma: conta && favorecido.banco === conta.banco ? "CREDITO_CONTA" : "TED" };
    return { motivo: `${favorecido.nome} não tem conta bancária nem chave PIX: complete o cadastro de quem criou o lançamento (em RH, o funcionário).` };
  }
  if (!lancamento.fornecedor_id) {
    return { motivo: "Sem fornecedor: informe-o no lançamento ou cole nele o código de barras do boleto." };
  }
  if (!fornecedor) return { motivo: "Carregando o fornecedor…" };
  if (!fornecedor.cpf_cnpj) {
    return { motivo: `${fornecedor.nome} não tem CPF/CNPJ: o banco o exige para pagar. Complete em Cadastros › Fornecedores.` };
  }
  if (fornecedor.chave_pix) return { forma: "PIX" };
  if (fornecedor.banco) return { forma: conta && fornecedor.banco === conta.banco ? "CREDITO_CONTA" : "TED" };
  return {
    motivo: `${fornecedor.nome} não tem conta bancária nem chave PIX: complete em Cadastros › Fornecedores, ou cole o código de barras do boleto no lançamento.`,
  };
}

/**
 * A button that copies `texto` and says so; without a clipboard (an insecure origin, a denied
 * permission) the field `selecionar` names is selected, to copy by hand.
 */
export function BotaoCopiar({ texto, rotulo, selecionar }) {
  const [copiado, setCopiado] = useState(false);
  async function copiar() {
    try {
      await navigator.clipboard.writeText(texto);
      setCopiado(true);
      setTimeout(() => setCopiado(false), 3000);
    } catch {
      document.getElementById(selecionar)?.select();
    }
  }
  return html`<button type="button" class="botao secundario pequeno" onClick=${copiar}>${copiado ? "Copiado" : rotulo}</button>`;
}
