// Cadastros: the records the other modules point at — contas bancárias, the chart of accounts
// (categorias), centros de custo, clientes and fornecedores. Reading needs `cadastros:ler`; the buttons that change
// anything appear only with `cadastros:escrever`.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../../ui/secoes.js";
import { Categorias } from "./categorias.js";
import { CentrosDeCusto } from "./centros-custo.js";
import { Contas } from "./contas.js";
import { CLIENTES, FORNECEDORES, Pessoas } from "./pessoas.js";

const Clientes = (props) => html`<${Pessoas} key="clientes" config=${CLIENTES} ...${props} />`;
const Fornecedores = (props) => html`<${Pessoas} key="fornecedores" config=${FORNECEDORES} ...${props} />`;

const SECOES = [
  { rota: "/cadastros/contas", nome: "Contas", tela: Contas },
  { rota: "/cadastros/categorias", nome: "Categorias", tela: Categorias },
  { rota: "/cadastros/centros-custo", nome: "Centros de custo", tela: CentrosDeCusto },
  { rota: "/cadastros/clientes", nome: "Clientes", tela: Clientes },
  { rota: "/cadastros/fornecedores", nome: "Fornecedores", tela: Fornecedores },
];

export function Cadastros({ usuario, rota }) {
  const atual = secaoAtual(SECOES, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="Cadastros" rotulo="Seções de cadastros" secoes=${SECOES} atual=${atual}>
      <${Tela} usuario=${usuario} rota=${rota} />
    <//>`;
}
