// Operacional: the studio's own work — eventos (jobs), contratos, the agenda and the equipment.
// Reading needs `operacional:ler`; each tab is its own file.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../../ui/secoes.js";
import { Agenda } from "./agenda.js";
import { Contratos } from "./contratos.js";
import { Equipamentos } from "./equipamentos.js";
import { Eventos } from "./eventos.js";

// One line per tab; the first is where /operacional opens.
const SECOES = [
  { rota: "/operacional", nome: "Eventos", tela: Eventos },
  { rota: "/operacional/agenda", nome: "Agenda", tela: Agenda },
  { rota: "/operacional/contratos", nome: "Contratos", tela: Contratos },
  { rota: "/operacional/equipamentos", nome: "Equipamentos", tela: Equipamentos },
];

export function Operacional({ usuario, rota }) {
  // A tab's own pages (/operacional/contratos/12) belong to it; /operacional/eventos/<id> falls to
  // the first tab, Eventos, as any other unknown path does.
  const atual = SECOES.slice(1).find((s) => rota.caminho.startsWith(`${s.rota}/`)) || secaoAtual(SECOES, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="Operacional" rotulo="Operacional" secoes=${SECOES} atual=${atual}>
      <${Tela} usuario=${usuario} rota=${rota} />
    <//>`;
}
