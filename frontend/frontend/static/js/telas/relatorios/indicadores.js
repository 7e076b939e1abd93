// Indicadores: the studio's figures of a period — margens, custos fixos e variáveis, margem de
// contribuição, ponto de equilíbrio, ticket médio, prazos médios and inadimplência — each on a card
// with its formula written out with the numbers that made it, so it can be checked against the DRE
// and the ledger. Inadimplência leads to its tab, the PMR to the open receivables in the ledger.
// Period, regime and centro de custo live in the address.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { consulta, useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, descreverPeriodo, intervalo, mesAtual } from "../../ui/periodo.js";
import { Dinheiro } from "../../ui/valores.js";
import { ABERTOS, EstadoDaConsulta, FiltroCentro, FiltroRegime, rotaDoRazao } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const numero = (valor) => String(valor).replace(".", ",");

/** The figure as its unit reads: money, "27,03%", "37 dias", "26"; "—" without one. */
function Valor({ indicador }) {
  const { valor, unidade } = indicador;
  if (valor === null) return html`<span class="indicador-sem-valor">—</span>`;
  if (unidade === "dinheiro") return html`<${Dinheiro} valor=${valor} />`;
  if (unidade === "percentual") return `${numero(valor)}%`;
  if (unidade === "dias") return `${valor} ${valor === "1" ? "dia" : "dias"}`;
  return valor;
}

/** Where a card leads: the report or the ledger that shows what it counts. */
function destino(chave, { posicao, centro }) {
  if (chave === "inadimplencia") {
    return { href: `/relatorios/inadimplencia?${consulta({ data_base: posicao, centro_custo_id: centro })}`,
      texto: "Ver a inadimplência por faixa e cliente" };
  }
  if (chave === "prazo_medio_recebimento") {
    // The ledger knows no data base: it shows what is open today.
    return { href: rotaDoRazao({ periodo: "tudo", tipo: "RECEITA", status: ABERTOS, centro_custo_id: centro }),
      texto: "Ver as receitas em aberto hoje no Financeiro" };
  }
  return null;
}

function Cartao({ indicador, filtros }) {
  const link = destino(indicador.chave, filtros);
  return html`
    <article class=${`cartao indicador indicador-${indicador.chave}`} aria-labelledby=${`indicador-${indicador.chave}`}>
      <h3 class="cartao-rotulo" id=${`indicador-${indicador.chave}`}>${indicador.nome}</h3>
      <strong class="cartao-valor"><${Valor} indicador=${indicador} /></strong>
      <p class="indicador-formula">${indicador.formula}</p>
      ${link && html`<a class="indicador-link" href=${link.href}>${link.texto}</a>`}
    </article>`;
}

export function Indicadores() {
  const [f, definir] = useFiltrosNaUrl({ periodo: "", mes: mesAtual(), de: "", ate: "", regime: "competencia",
    centro_custo_id: "" });
  const periodo = { tipo: f.periodo || "mes", mes: f.mes, de: f.de, ate: f.ate };
  const { de, ate } = intervalo(periodo);
  const parametros = { de, ate, regime: f.regime, centro_custo_id: f.centro_custo_id || undefined };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/indicadores", parametros);

  function mudarPeriodo(p) {
    const personalizado = p.tipo === "personalizado";
    definir({ periodo: p.tipo === "mes" ? "" : p.tipo, mes: p.tipo === "mes" ? p.mes : "",
      de: personalizado ? p.de : "", ate: personalizado ? p.ate : "" });
  }

  const corpo = dados
    ? html`
      <p class="resumo-relatorio">${descreverPeriodo(periodo)}. As posições em aberto (prazos médios e
        inadimplência) são as de ${formatarData(dados.posicao)}; a receita e as despesas vêm da DRE do mesmo período.</p>
      <section class="cartoes cartoes-relatorio indicadores" aria-label="Indicadores">
        ${dados.indicadores.map((i) => html`
          <${Cartao} key=${i.chave} indicador=${i} filtros=${{ posicao: dados.posicao, centro: parametros.centro_custo_id }} />`)}
      </section>`
    : html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  return html`
    <div class="barra">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${["mes", "12meses", "personalizado"]} />
      <${FiltroRegime} valor=${f.regime} aoMudar=${(regime) => definir({ regime })} />
      <${FiltroCentro} valor=${f.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
      <${BotaoExportar} relatorio="indicadores" parametros=${parametros} />
    </div>
    ${corpo}`;
}
