// RH: the studio's funcionários, the month's payroll (its preview, processing it into Financeiro,
// the 13º's parcelas), the processed months, each funcionário's férias and the freelancers' cachês
// per evento. Reading needs `rh:ler`; each section is its own file.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../../ui/secoes.js";
import { Caches } from "./caches.js";
import { Ferias } from "./ferias.js";
import { Folha } from "./folha.js";
import { Funcionarios } from "./funcionarios.js";
import { Historico } from "./historico.js";
import { PaginaDaFolha } from "./processada.js";

// One line per section; the first is where /rh opens.
const SECOES = [
  { rota: "/rh", nome: "Funcionários", tela: Funcionarios },
  { rota: "/rh/folha", nome: "Folha do mês", tela: Folha },
  { rota: "/rh/folha/historico", nome: "Histórico", tela: Historico },
  { rota: "/rh/ferias", nome: "Férias", tela: Ferias },
  { rota: "/rh/caches", nome: "Cachês", tela: Caches },
];
const HISTORICO = SECOES[2]; // a processed folha's page lives under it

export function RH({ usuario, rota }) {
  const folha = /^\/rh\/folha\/(\d+)$/.exec(rota.caminho);
  const atual = folha ? HISTORICO : secaoAtual(SECOES, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="RH" rotulo="Seções de RH" secoes=${SECOES} atual=${atual} chave=${folha ? rota.caminho : atual.rota}>
      ${folha
        ? html`<${PaginaDaFolha} usuario=${usuario} id=${folha[1]} />`
        : html`<${Tela} usuario=${usuario} rota=${rota} />`}
    <//>`;
}
