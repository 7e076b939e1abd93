// Financeiro: the ledger of receitas and despesas with their baixas, the bank statements (OFX)
// imported into each conta, their conciliação with the ledger, and cobrança: the bank files
// (CNAB remessas and retornos) of boletos and payments. Reading needs `financeiro:ler`;
// whatever writes appears only with `financeiro:escrever`.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../../ui/secoes.js";
import { Cobranca } from "./cobranca/cobranca.js";
import { Conciliacao } from "./conciliacao/conciliacao.js";
import { ExtratoDetalhe, Extratos } from "./extratos/extratos.js";
import { Lancamentos } from "./lancamentos/lancamentos.js";

const SECOES = [
  { rota: "/financeiro", nome: "Lançamentos", tela: Lancamentos },
  { rota: "/financeiro/extratos", nome: "Extratos", tela: Extratos },
  { rota: "/financeiro/conciliacao", nome: "Conciliação", tela: Conciliacao },
  { rota: "/financeiro/cobranca", nome: "Cobrança", tela: Cobranca },
];
const COBRANCA = SECOES[3]; // its own tabs and a file's page live under its address

export function Financeiro({ usuario, rota }) {
  const extrato = /^\/financeiro\/extratos\/(\d+)$/.exec(rota.caminho);
  const cobranca = rota.caminho.startsWith(`${COBRANCA.rota}/`);
  const atual = extrato ? SECOES[1] : cobranca ? COBRANCA : secaoAtual(SECOES, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="Financeiro" rotulo="Seções do financeiro" secoes=${SECOES} atual=${atual}
      chave=${extrato ? rota.caminho : atual.rota}>
      ${extrato
        ? html`<${ExtratoDetalhe} usuario=${usuario} id=${extrato[1]} />`
        : html`<${Tela} usuario=${usuario} rota=${rota} />`}
    <//>`;
}
