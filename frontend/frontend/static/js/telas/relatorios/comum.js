// What the reports' screens share: the figures on top as cards, the answer's loading and error
// states, the conta, centro de custo and regime filters, and the ledger link that shows what a figure sums.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { Aviso, Carregando } from "../../ui/componentes.js";
import { consulta } from "../../ui/consulta.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { useCentrosCusto, useContas } from "../../ui/registros.js";
import { Dinheiro, diasNoMes } from "../../ui/valores.js";

export const ABERTOS = ["PENDENTE", "PARCIAL"];

/** The ledger (/financeiro) filtered by `filtro` ({de, ate, data, tipo, status, conta_id, categoria_id —
 * its subcategorias included —, centro_custo_id — "0": sem centro de custo —...}). */
export function rotaDoRazao(filtro) {
  const texto = consulta(filtro);
  return `/financeiro${texto ? `?${texto}` : ""}`;
}

/** cartoes: [{id, rotulo, valor, detalhe?, href?}] — a card leads to the ledger when it has `href`. */
export function Cartoes({ rotulo, cartoes }) {
  return html`
    <section class="cartoes cartoes-relatorio" aria-label=${rotulo}>
      ${cartoes.map((c) => {
        const dentro = html`
          <span class="cartao-rotulo">${c.rotulo}</span>
          <strong class="cartao-valor"><${Dinheiro} valor=${c.valor} /></strong>
          ${c.detalhe && html`<span class="cartao-detalhe">${c.detalhe}</span>`}`;
        return c.href
          ? html`<a key=${c.id} class=${`cartao cartao-${c.id}`} href=${c.href}>${dentro}</a>`
          : html`<div key=${c.id} class=${`cartao cartao-${c.id}`}>${dentro}</div>`;
      })}
    </section>`;
}

/** While the report loads, or why it could not. */
export function EstadoDaConsulta({ erro, recarregar }) {
  if (erro) {
    return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  }
  return html`<${Carregando} texto="Calculando o relatório…" />`;
}

/** The conta filter: every conta (inactive ones too: their money moved), or one. */
export function FiltroConta({ valor, aoMudar }) {
  const contas = useContas({ todas: true });
  const opcoes = [{ valor: "", rotulo: "Todas as contas" },
    ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.ativa === false ? `${c.nome} (inativa)` : c.nome }))];
  return html`<${FiltroSelecao} rotulo="Conta" valor=${valor} aoMudar=${aoMudar} opcoes=${opcoes} />`;
}

/** The centro de custo filter: every centro (inactive ones too: their money moved), none ("0": what
 * has no centro de custo), or one. */
const REGIMES = [
  { valor: "competencia", rotulo: "Competência (mês a que pertence)" },
  { valor: "caixa", rotulo: "Caixa (data do pagamento)" },
];

/** Competência (the month a revenue or expense belongs to) or caixa (when the money moved). */
export function FiltroRegime({ valor, aoMudar }) {
  return html`<${FiltroSelecao} rotulo="Regime" valor=${valor} opcoes=${REGIMES} aoMudar=${aoMudar} />`;
}

export function FiltroCentro({ valor, aoMudar }) {
  const centros = useCentrosCusto({ todos: true });
  const opcoes = [{ valor: "", rotulo: "Todos os centros" }, { valor: "0", rotulo: "Sem centro de custo" },
    ...(centros || []).map((c) => ({ valor: String(c.id), rotulo: c.ativo === false ? `${c.nome} (inativo)` : c.nome }))];
  return html`<${FiltroSelecao} rotulo="Centro de custo" valor=${valor} aoMudar=${aoMudar} opcoes=${opcoes} />`;
}

/** Why a cash flow by centro de custo starts at zero (shown while one is chosen). */
export function NotaDoCentro({ centro }) {
  return centro ? html`<p class="resumo-relatorio nota-centro">
    Por centro de custo o saldo começa em zero: é o resultado de caixa acumulado do centro.</p>` : null;
}

/** A period of a report in words: "05/12/2026", "dezembro de 2026", "01/12/2026 a 07/12/2026". */
export function nomeDoPeriodo({ inicio, fim }) {
  if (inicio === fim) return formatarData(inicio);
  const [ano, mes] = inicio.split("-").map(Number);
  if (inicio.endsWith("-01") && fim === `${inicio.slice(0, 8)}${diasNoMes(ano, mes)}`) return nomeDoMes(inicio.slice(0, 7));
  return `${formatarData(inicio)} a ${formatarData(fim)}`;
}

/**
 * A report's table, laid out as cards on a phone: one row per period or day — its name a link to
 * the ledger, then money — and the totals in the foot. colunas: the headings; linhas: [{chave,
 * rotulo, href, titulo (the link's tooltip), selo? (words after the link), classe?, valores}];
 * total: the foot's money, one per money column.
 */
export function TabelaDoRelatorio({ rotulo, colunas, linhas, total }) {
  const dinheiro = (valores) => valores.map((v, i) => html`
    <td role="cell" class="numero" data-label=${colunas[i + 1]}><${Dinheiro} valor=${v} /></td>`);
  return html`
    <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table">
      <caption class="so-leitor">${rotulo}</caption>
      <thead role="rowgroup"><tr role="row">
        ${colunas.map((c, i) => html`<th scope="col" role="columnheader" class=${i ? "numero" : ""}>${c}</th>`)}
      </tr></thead>
      <tbody role="rowgroup">
        ${linhas.map((l) => html`
          <tr key=${l.chave} role="row" class=${l.classe || ""}>
            <td role="cell" data-label=${colunas[0]}><a href=${l.href} title=${l.titulo}>${l.rotulo}</a>${l.selo}</td>
            ${dinheiro(l.valores)}
          </tr>`)}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row" class="linha-total">
          <th scope="row" role="rowheader">Total</th>
          ${dinheiro(total)}
        </tr>
      </tfoot>
    </table></div>`;
}
