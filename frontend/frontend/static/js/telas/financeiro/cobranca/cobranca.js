// Cobrança, Financeiro's section for the bank files: Remessas (boletos to register), Retornos (the
// bank's answer, which pays the ledger), Arquivos (the log of every file, and each file's lines) and
// Pagamentos (despesas paid by file). Each has its own address under /financeiro/cobranca.

import { html } from "../../../../vendor/htm-preact/standalone.module.js";
import { ArquivoDetalhe, Arquivos } from "./arquivos.js";
import { ABAS, AbasDaCobranca, abaAtual } from "./comum.js";
import { Pagamentos } from "./pagamentos.js";
import { Remessas } from "./remessas.js";
import { Retornos } from "./retornos.js";

const TELAS = [Remessas, Retornos, Arquivos, Pagamentos];

export function Cobranca({ usuario, rota }) {
  const arquivo = /^\/financeiro\/cobranca\/arquivos\/(\d+)$/.exec(rota.caminho);
  const atual = abaAtual(rota.caminho);
  const Tela = TELAS[ABAS.indexOf(atual)];
  return html`
    <${AbasDaCobranca} atual=${atual} />
    <div key=${rota.caminho}>
      ${arquivo ? html`<${ArquivoDetalhe} usuario=${usuario} id=${arquivo[1]} />` : html`<${Tela} usuario=${usuario} rota=${rota} />`}
    </div>`;
}
