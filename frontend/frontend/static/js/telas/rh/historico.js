// Histórico: the processed months and 13º parcelas (GET /api/folha/historico), newest first as the
// API lists them — competência, which run, situação, versão, totals and when it was processed —
// each opening its page (processada.js).

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarDataHora } from "../../formatos.js";
import { navegar } from "../../roteador.js";
import { Lista } from "../../ui/lista.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { Dinheiro, somar } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { TIPOS_DA_FOLHA } from "./decimo-terceiro.js";
import { rotaDaFolha } from "./processada.js";

export const SITUACOES_DA_FOLHA = {
  PROCESSADA: "Processada",
  PENDENTE_FINANCEIRO: "Pendente no Financeiro",
};

const dinheiro = (campo) => (f) => html`<${Dinheiro} valor=${f.totais?.[campo]} />`;

const COLUNAS = [
  { titulo: "Competência", valor: (f) => nomeDoMes(f.competencia.slice(0, 7)) },
  { titulo: "Folha", valor: (f) => TIPOS_DA_FOLHA[f.tipo] ?? f.tipo },
  { titulo: "Situação", valor: (f) => SITUACOES_DA_FOLHA[f.situacao] ?? f.situacao },
  { titulo: "Versão", classe: "numero", valor: (f) => String(f.versao) },
  { titulo: "Bruto", classe: "numero", valor: dinheiro("bruto") },
  { titulo: "Líquido", classe: "numero", valor: dinheiro("liquido") },
  { titulo: "INSS + IRRF", classe: "numero", valor: (f) => html`<${Dinheiro} valor=${somar([f.totais?.inss, f.totais?.irrf])} />` },
  { titulo: "FGTS", classe: "numero", valor: dinheiro("fgts") },
  { titulo: "Processada em", valor: (f) => formatarDataHora(f.processada_em) },
];

export function Historico() {
  const carregar = ({ cursor, signal }) => api.get("/api/folha/historico", { query: { cursor }, sinal: signal });
  return html`
    <${Lista} rotulo="Folhas processadas" carregar=${carregar} colunas=${COLUNAS}
      aoSelecionar=${(f) => navegar(rotaDaFolha(f.id))}
      vazio=${html`
        <${EstadoVazio} titulo="Nenhuma folha processada ainda." acao=${{ rotulo: "Ver a folha do mês", href: "/rh/folha" }}>
          Processar a folha de um mês cria as contas a pagar no Financeiro e guarda os holerites; os meses
          processados aparecem aqui.<//>`} />`;
}
