// Cadastros: the records the other modules point at — contas bancárias, the chart of accounts
// (categorias), centros de custo, clientes and fornecedores. Reading needs `cadastros:ler`; the buttons that change
// anything appear only with `cadastros:escrever`.

import { html, useEffect, useRef } from "../../../vendor/htm-preact/standalone.module.js";
import { TituloDaTela } from "../../ui/ajuda.js";
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
  const atual = SECOES.find((s) => rota.caminho === s.rota) || SECOES[0];
  const Tela = atual.tela;
  // Where the tabs scroll in their strip (a narrow phone, a larger text), the current one is shown.
  const abas = useRef(null);
  useEffect(() => {
    abas.current.querySelector("[aria-current='page']")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [atual]);
  return html`
    <${TituloDaTela} ajuda=${atual.rota}>Cadastros<//>
    <nav class="abas" aria-label="Seções de cadastros" ref=${abas}>
      ${SECOES.map((s) => html`
        <a key=${s.rota} href=${s.rota} aria-current=${s === atual ? "page" : undefined}>${s.nome}</a>`)}
    </nav>
    <section aria-label=${atual.nome} key=${atual.rota}>
      <${Tela} usuario=${usuario} rota=${rota} />
    </section>`;
}
