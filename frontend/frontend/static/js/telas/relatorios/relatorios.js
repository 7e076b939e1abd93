// Relatórios: the reports a studio's owner and accountant read — each a tab with its filters in the
// address, a chart, a table with totals and links down to the ledger. Reading needs `relatorios:ler`.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../../ui/secoes.js";
import { Analise } from "./analise.js";
import { Comparativo } from "./comparativo.js";
import { Dre } from "./dre.js";
import { FluxoProjetado } from "./fluxo-projetado.js";
import { FluxoRealizado } from "./fluxo-realizado.js";
import { Inadimplencia } from "./inadimplencia.js";
import { Indicadores } from "./indicadores.js";
import { ResultadoEventos } from "./resultado-eventos.js";

// One line per report; the first is where /relatorios opens.
const SECOES = [
  { rota: "/relatorios", nome: "Fluxo de caixa", tela: FluxoRealizado },
  { rota: "/relatorios/projecao", nome: "Projeção de caixa", tela: FluxoProjetado },
  { rota: "/relatorios/inadimplencia", nome: "Inadimplência", tela: Inadimplencia },
  { rota: "/relatorios/analise", nome: "Por categoria", tela: Analise },
  { rota: "/relatorios/dre", nome: "DRE", tela: Dre },
  { rota: "/relatorios/comparativo", nome: "Comparativo", tela: Comparativo },
  { rota: "/relatorios/indicadores", nome: "Indicadores", tela: Indicadores },
  { rota: "/relatorios/eventos", nome: "Por evento", tela: ResultadoEventos },
];

export function Relatorios({ usuario, rota }) {
  const atual = secaoAtual(SECOES, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="Relatórios" rotulo="Relatórios" secoes=${SECOES} atual=${atual}>
      <${Tela} usuario=${usuario} rota=${rota} />
    <//>`;
}
