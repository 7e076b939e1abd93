// Resultado por evento: what each job earned — receita, custo and margem of the eventos that began
// in the period, each counted over its whole life (all of its centro de custo's money, whatever
// the date) — per evento, per tipo de evento or per fotógrafo principal, by competência or caixa.
// Bars of receita, custo and margem per line, then the table; an evento opens its lançamentos in
// the ledger (its centro de custo, every date). Every filter lives in the address; the export is
// the same table.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData, formatarMoeda } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, intervalo, mesAtual } from "../../ui/periodo.js";
import { Dinheiro, plural } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { Cartoes, EstadoDaConsulta, FiltroRegime, rotaDoRazao } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const AGRUPAR = [
  { valor: "evento", rotulo: "Por evento" },
  { valor: "tipo", rotulo: "Por tipo de evento" },
  { valor: "fotografo", rotulo: "Por fotógrafo principal" },
];
const TITULO = { evento: "Evento", tipo: "Tipo de evento", fotografo: "Fotógrafo principal" };
const ETAPAS = {
  lead: "Lead", orcamento: "Orçamento", contratado: "Contratado", em_producao: "Em produção", entregue: "Entregue",
  concluido: "Concluído", perdido: "Perdido", cancelado: "Cancelado",
};
// Bars for this many lines at most: past it they would be slivers; the table has them all.
const BARRAS_NO_MAXIMO = 24;

const percentual = (valor) => (valor == null ? "—" : `${String(valor).replace(".", ",")}%`);

/** An evento's lançamentos: its centro de custo, every date (its whole life, as the report counts). */
const rotaDoEvento = (linha) => rotaDoRazao({ periodo: "tudo", centro_custo_id: linha.centro_custo_id });

/**
 * Bars per line: receita, custo and margem from a zero line, a loss below it (the DRE's drawing).
 * The figures as text are in the table under it.
 */
function BarrasDoResultado({ linhas }) {
  const mostradas = linhas.slice(0, BARRAS_NO_MAXIMO);
  const series = [
    { rotulo: "Receita", classe: "receita", campo: "receita" },
    { rotulo: "Custo", classe: "despesa", campo: "custo" },
    { rotulo: "Margem", classe: "resultado", campo: "margem" },
  ];
  const numeros = mostradas.flatMap((l) => series.map((s) => Number(l[s.campo])));
  const alto = Math.max(0, ...numeros);
  const baixo = Math.max(0, ...numeros.map((n) => -n));
  const faixa = alto + baixo || 1;
  const zero = (alto / faixa) * 100;
  const barra = (linha, s, n) => {
    const valor = Number(linha[s.campo]);
    const altura = (Math.abs(valor) / faixa) * 100;
    return html`<span key=${s.classe} class=${`dre-barra dre-barra-${s.classe}${valor < 0 ? " negativa" : ""}`}
      style=${{ top: `${valor >= 0 ? zero - altura : zero}%`, height: `${altura}%`, left: `${6 + n * 30}%` }}
      title=${`${s.rotulo} — ${linha.rotulo}: ${formatarMoeda(linha[s.campo])}`}></span>`;
  };
  return html`
    <figure class="dre-grafico">
      <div class="dre-barras" role="img" aria-label="Gráfico de barras: receita, custo e margem de cada linha">
        ${mostradas.map((linha) => html`
          <div key=${linha.chave} class="dre-barras-coluna">
            <div class="dre-area">
              <span class="dre-zero" style=${{ top: `${zero}%` }}></span>
              ${series.map((s, n) => barra(linha, s, n))}
            </div>
            <span class="dre-rotulo" title=${linha.rotulo}>${linha.rotulo}</span>
          </div>`)}
      </div>
      <figcaption class="dre-legenda">
        ${series.map((s) => html`<span key=${s.classe}><i class=${`dre-barra-${s.classe}`}></i>${s.rotulo}</span>`)}
        ${linhas.length > BARRAS_NO_MAXIMO && html`<span>(as ${BARRAS_NO_MAXIMO} primeiras linhas da tabela)</span>`}
      </figcaption>
    </figure>`;
}

/** A line's name: an evento with a centro de custo opens its lançamentos; its date, etapa and fotógrafo under it. */
function Nome({ linha, porEvento }) {
  if (!porEvento) return linha.rotulo;
  const detalhe = [formatarData(linha.data_inicio), ETAPAS[linha.etapa] ?? linha.etapa, linha.tipo, linha.fotografo]
    .filter(Boolean).join(" · ");
  return html`
    ${linha.centro_custo_id
      ? html`<a href=${rotaDoEvento(linha)} title="Abrir os lançamentos do evento no Financeiro">${linha.rotulo}</a>`
      : linha.rotulo}
    <small class="resultado-evento-detalhe">${detalhe}</small>`;
}

function TabelaDoResultado({ dados }) {
  const porEvento = dados.agrupar === "evento";
  const colunas = [TITULO[dados.agrupar], ...(porEvento ? [] : ["Eventos"]), "Receita", "Custo", "Margem", "Margem %"];
  const figuras = (l) => [
    ...(porEvento ? [] : [html`<td role="cell" class="numero" data-label="Eventos">${l.quantidade}</td>`]),
    ...["receita", "custo", "margem"].map((campo, i) => html`
      <td role="cell" class="numero" data-label=${colunas[(porEvento ? 1 : 2) + i]}><${Dinheiro} valor=${l[campo]} /></td>`),
    html`<td role="cell" class="numero" data-label="Margem %">${percentual(l.margem_percentual)}</td>`,
  ];
  return html`
    <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table">
      <caption class="so-leitor">Resultado ${AGRUPAR.find((a) => a.valor === dados.agrupar).rotulo.toLowerCase()}</caption>
      <thead role="rowgroup"><tr role="row">
        ${colunas.map((c, i) => html`<th scope="col" role="columnheader" class=${i ? "numero" : ""}>${c}</th>`)}
      </tr></thead>
      <tbody role="rowgroup">
        ${dados.linhas.map((l) => html`
          <tr key=${l.chave} role="row" data-chave=${l.chave}>
            <td role="cell" data-label=${colunas[0]}><${Nome} linha=${l} porEvento=${porEvento} /></td>
            ${figuras(l)}
          </tr>`)}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row" class="linha-total">
          <th scope="row" role="rowheader">Total${porEvento ? ` (${plural(dados.total.quantidade, "evento", "eventos")})` : ""}</th>
          ${figuras(dados.total)}
        </tr>
      </tfoot>
    </table></div>`;
}

export function ResultadoEventos() {
  const [f, definir] = useFiltrosNaUrl({ periodo: "", mes: mesAtual(), de: "", ate: "", agrupar: "evento",
    regime: "competencia" });
  const periodo = { tipo: f.periodo || "12meses", mes: f.mes, de: f.de, ate: f.ate };
  const { de, ate } = intervalo(periodo);
  const parametros = { de: de || undefined, ate: ate || undefined, agrupar: f.agrupar, regime: f.regime };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/eventos", parametros);

  function mudarPeriodo(p) {
    const personalizado = p.tipo === "personalizado";
    definir({ periodo: p.tipo === "12meses" ? "" : p.tipo, mes: p.tipo === "mes" ? p.mes : "",
      de: personalizado ? p.de : "", ate: personalizado ? p.ate : "" });
  }

  let corpo = html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  if (dados && !dados.linhas.length) {
    corpo = html`
      <${EstadoVazio} titulo="Nenhum evento neste período">
        Entram aqui os eventos que começam no período e já foram contratados, ou que já têm receitas ou despesas
        no centro de custo deles. Escolha outro período ou cadastre os eventos em Operacional.
      <//>`;
  } else if (dados) {
    const { total } = dados;
    corpo = html`
      <p class="resumo-relatorio">
        ${`Eventos com início de ${formatarData(dados.de)} a ${formatarData(dados.ate)} — ${
          f.regime === "caixa" ? "por caixa" : "por competência"}, com todos os valores de cada evento, de qualquer data.`}
      </p>
      <${Cartoes} rotulo="Resultado dos eventos" cartoes=${[
        { id: "receitas", rotulo: "Receita", valor: total.receita, detalhe: plural(total.quantidade, "evento", "eventos") },
        { id: "despesas", rotulo: "Custo", valor: total.custo },
        { id: "margem", rotulo: "Margem", valor: total.margem, detalhe: `${percentual(total.margem_percentual)} da receita` },
      ]} />
      ${dados.sem_centro_custo > 0 && html`
        <p class="aviso" role="status">${plural(dados.sem_centro_custo, "evento ainda não tem", "eventos ainda não têm")}
          centro de custo: os valores ${dados.sem_centro_custo === 1 ? "dele" : "deles"} aparecem quando o centro for
          criado (abra o evento em Operacional).</p>`}
      <${BarrasDoResultado} linhas=${dados.linhas} />
      <${TabelaDoResultado} dados=${dados} />`;
  }
  return html`
    <div class="barra">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${["12meses", "mes", "personalizado"]} />
      <${FiltroSelecao} rotulo="Agrupar" valor=${f.agrupar} opcoes=${AGRUPAR} aoMudar=${(agrupar) => definir({ agrupar })} />
      <${FiltroRegime} valor=${f.regime} aoMudar=${(regime) => definir({ regime })} />
      <${BotaoExportar} relatorio="resultado-eventos" parametros=${parametros} />
    </div>
    ${corpo}`;
}
