// Relatórios: the reports a studio's owner and accountant read — each a tab with its filters in the
// address, a chart, a table with totals and links down to the ledger. Reading needs `relatorios:ler`.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { TituloDaTela } from "../../ui/ajuda.js";
import { Analise } from "./analise.js";
import { FluxoProjetado } from "./fluxo-projetado.js";
import { FluxoRealizado } from "./fluxo-realizado.js";
import { Inadimplencia } from "./inadimplencia.js";

// One line per report; the first is where /relatorios opens.
const SECOES = [
  { rota: "/relatorios", nome: "Fluxo de caixa", tela: FluxoRealizado },
  { rota: "/relatorios/projecao", nome: "Projeção de caixa", tela: FluxoProjetado },
  { rota: "/relatorios/inadimplencia", nome: "Inadimplência", tela: Inadimplencia },
  { rota: "/relatorios/analise", nome: "Por categoria", tela: Analise },
];

export function Relatorios({ usuario, rota }) {
  const atual = SECOES.find((s) => rota.caminho === s.rota) || SECOES[0];
  const Tela = atual.tela;
  return html`
    <${TituloDaTela} ajuda=${atual.rota}>Relatórios<//>
    <nav class="abas" aria-label="Relatórios">
      ${SECOES.map((s) => html`
        <a key=${s.rota} href=${s.rota} aria-current=${s === atual ? "page" : undefined}>${s.nome}</a>`)}
    </nav>
    <section aria-label=${atual.nome} key=${atual.rota}>
      <${Tela} usuario=${usuario} rota=${rota} />
    </section>`;
}
