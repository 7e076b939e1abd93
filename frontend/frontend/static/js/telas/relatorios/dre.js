// DRE gerencial: the period's result as an income statement — receita bruta down to the resultado
// do período — month by month, by centro de custo or in one total, with the vertical analysis (% of
// the receita líquida) and the horizontal one (the variation against the month before, or the
// previous period), and bars of receita líquida, custos e despesas and resultado. A group line opens
// into its categorias; a categoria opens the ledger with the same dates, tipo and centro. Every
// filter lives in the address; the export is the same table.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarMoeda } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { useAlternaveis } from "../../ui/alternaveis.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, descreverPeriodo, intervalo, mesAtual } from "../../ui/periodo.js";
import { useCentrosCusto } from "../../ui/registros.js";
import { Dinheiro, somar } from "../../ui/valores.js";
import { Cartoes, EstadoDaConsulta, FiltroRegime, rotaDoRazao } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const COLUNAS = [
  { valor: "mes", rotulo: "Mês a mês" },
  { valor: "centro", rotulo: "Por centro de custo" },
  { valor: "total", rotulo: "Só o total" },
];
const ANALISES = [
  { valor: "vertical", rotulo: "% da receita líquida (vertical)" },
  { valor: "horizontal", rotulo: "Variação (horizontal)" },
  { valor: "ambas", rotulo: "As duas análises" },
  { valor: "nenhuma", rotulo: "Só os valores" },
];
// The lines whose categorias are receitas; every other group line's are despesas.
const RECEITAS = new Set(["receita_bruta", "receitas_financeiras", "outras_receitas", "nao_operacional_entradas"]);
const DESPESAS = ["custos_servicos", "despesas_operacionais", "despesas_financeiras", "outras_despesas"];

const percentual = (valor) => (valor == null ? "—" : `${String(valor).replace(".", ",")}%`);

/** The ledger with what a categoria of a line sums: its dates by the regime, its tipo, the centro. */
function rotaDaCategoria(dados, linha, categoria) {
  const caixa = dados.regime === "caixa";
  return rotaDoRazao({
    periodo: "personalizado", de: caixa ? dados.de : `${dados.de.slice(0, 8)}01`, ate: dados.ate,
    data: caixa ? "pagamento" : "competencia", tipo: RECEITAS.has(linha.chave) ? "RECEITA" : "DESPESA",
    // By competência a cancelled lançamento counts nowhere; by caixa only what was paid is listed.
    status: caixa ? undefined : ["PENDENTE", "PARCIAL", "PAGO"],
    categoria_id: categoria.categoria_id, centro_custo_id: dados.centro_custo_id ?? undefined,
  });
}

/** A figure with the analyses asked for under it. */
function Celula({ valor, vertical, horizontal, analise, rotulo }) {
  const variacao = horizontal && (horizontal.percentual == null ? "—" : `${horizontal.percentual.startsWith("-") ? "▼" : "▲"} ${
    percentual(horizontal.percentual.replace("-", ""))}`);
  return html`
    <td class="numero" data-label=${rotulo}>
      <${Dinheiro} valor=${valor} />
      ${(analise === "vertical" || analise === "ambas") && html`
        <small class="dre-av" title="Da receita líquida">${percentual(vertical)}</small>`}
      ${(analise === "horizontal" || analise === "ambas") && html`
        <small class=${`dre-ah${horizontal.valor.startsWith("-") ? " queda" : ""}`}
          title=${`Antes: ${formatarMoeda(horizontal.anterior)}; diferença: ${formatarMoeda(horizontal.valor)}`}>${variacao}</small>`}
    </td>`;
}

/** A line's figures: one per column, then the total when there are several columns. */
function celulas(linha, dados, analise, comTotal) {
  return [
    ...dados.colunas.map((c, i) => html`<${Celula} key=${c.chave} rotulo=${c.rotulo} valor=${linha.valores[i]}
      vertical=${linha.vertical[i]} horizontal=${linha.horizontal[i]} analise=${analise} />`),
    comTotal && html`<${Celula} key="total" rotulo="Total" valor=${linha.total} vertical=${linha.vertical_total}
      horizontal=${linha.horizontal_total} analise=${analise} />`,
  ];
}

function LinhasDaDre({ linhas, dados, analise, comTotal, abertas, alternar }) {
  return linhas.map((linha) => {
    const aberta = abertas.has(linha.chave);
    const nome = linha.categorias.length
      ? html`<button type="button" class="dre-abrir" aria-expanded=${aberta ? "true" : "false"}
          onClick=${() => alternar(linha.chave)}>${linha.rotulo}</button>`
      : linha.rotulo;
    return [
      html`<tr key=${linha.chave} class=${`dre-${linha.tipo}`} data-chave=${linha.chave}>
        <th scope="row">${nome}</th>${celulas(linha, dados, analise, comTotal)}</tr>`,
      ...(aberta ? linha.categorias.map((c) => html`
        <tr key=${`${linha.chave}-${c.categoria_id}`} class=${`dre-categoria dre-nivel-${Math.min(c.nivel, 4)}`}>
          <th scope="row"><a href=${rotaDaCategoria(dados, linha, c)} title="Abrir os lançamentos no Financeiro">${c.nome}</a></th>
          ${celulas({ ...c, vertical: [], horizontal: [] }, dados, "nenhuma", comTotal)}
        </tr>`) : []),
    ];
  });
}

function TabelaDaDre({ dados, analise }) {
  const [abertas, alternar] = useAlternaveis();
  const comTotal = dados.colunas.length > 1;
  const titulos = [...dados.colunas.map((c) => c.rotulo), ...(comTotal ? ["Total"] : [])];
  const props = { dados, analise, comTotal, abertas, alternar };
  return html`
    <div class="lista dre-rolagem" tabindex="0" role="region" aria-label="DRE gerencial (role para os lados)">
      <table class="tabela-relatorio tabela-dre">
        <caption class="so-leitor">DRE gerencial</caption>
        <thead><tr>
          <th scope="col">Linha</th>
          ${titulos.map((t) => html`<th key=${t} scope="col" class="numero">${t}</th>`)}
        </tr></thead>
        <tbody><${LinhasDaDre} linhas=${dados.linhas} ...${props} /></tbody>
        <tbody class="dre-fora">
          <tr><th scope="rowgroup" colspan=${titulos.length + 1}>Fora do resultado: aportes e retiradas</th></tr>
          <${LinhasDaDre} linhas=${dados.fora_do_resultado} ...${props} />
        </tbody>
      </table>
    </div>`;
}

/**
 * Bars per column (month or centro): receita líquida, custos e despesas, resultado — from a zero
 * line, a loss below it. The figures as text are in the table under it.
 */
function BarrasDaDre({ dados }) {
  const linha = Object.fromEntries(dados.linhas.map((l) => [l.chave, l]));
  const series = [
    { rotulo: "Receita líquida", classe: "receita", valores: linha.receita_liquida.valores },
    { rotulo: "Custos e despesas", classe: "despesa",
      valores: dados.colunas.map((_, i) => somar(DESPESAS.map((chave) => linha[chave].valores[i]))) },
    { rotulo: "Resultado", classe: "resultado", valores: linha.resultado_do_periodo.valores },
  ];
  const numeros = series.flatMap((s) => s.valores.map(Number));
  const alto = Math.max(0, ...numeros);
  const baixo = Math.max(0, ...numeros.map((n) => -n));
  const faixa = alto + baixo || 1;
  const zero = (alto / faixa) * 100;
  const barra = (valor, n, coluna, s) => {
    const altura = (Math.abs(Number(valor)) / faixa) * 100;
    const topo = Number(valor) >= 0 ? zero - altura : zero;
    return html`<span key=${n} class=${`dre-barra dre-barra-${s.classe}${Number(valor) < 0 ? " negativa" : ""}`}
      style=${{ top: `${topo}%`, height: `${altura}%`, left: `${6 + n * 30}%` }}
      title=${`${s.rotulo} — ${coluna.rotulo}: ${formatarMoeda(valor)}`}></span>`;
  };
  return html`
    <figure class="dre-grafico">
      <div class="dre-barras" role="img"
        aria-label=${`Gráfico de barras: receita líquida, custos e despesas e resultado por ${
          dados.colunas[0]?.centro_custo_id != null ? "centro de custo" : "mês"}`}>
        ${dados.colunas.map((coluna, i) => html`
          <div key=${coluna.chave} class="dre-barras-coluna">
            <div class="dre-area">
              <span class="dre-zero" style=${{ top: `${zero}%` }}></span>
              ${series.map((s, n) => barra(s.valores[i], n, coluna, s))}
            </div>
            <span class="dre-rotulo" title=${coluna.rotulo}>${coluna.centro_custo_id != null ? coluna.rotulo
              : coluna.rotulo.slice(0, 3)}</span>
          </div>`)}
      </div>
      <figcaption class="dre-legenda">
        ${series.map((s) => html`<span key=${s.classe}><i class=${`dre-barra-${s.classe}`}></i>${s.rotulo}</span>`)}
      </figcaption>
    </figure>`;
}

export function Dre() {
  const [f, definir] = useFiltrosNaUrl({ periodo: "", mes: mesAtual(), de: "", ate: "", regime: "competencia",
    centro_custo_id: "", colunas: "mes", analise: "vertical" });
  const periodo = { tipo: f.periodo || "12meses", mes: f.mes, de: f.de, ate: f.ate };
  const { de, ate } = intervalo(periodo);
  const parametros = { de: de || undefined, ate: ate || undefined, regime: f.regime,
    centro_custo_id: f.centro_custo_id || undefined, colunas: f.colunas };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/dre", parametros);
  const centros = useCentrosCusto({ todos: true });
  const opcoesCentro = [{ valor: "", rotulo: "Todos os centros" },
    ...(centros || []).map((c) => ({ valor: String(c.id), rotulo: c.ativo === false ? `${c.nome} (inativo)` : c.nome })),
    { valor: "0", rotulo: "Sem centro de custo" }];

  function mudarPeriodo(p) {
    const personalizado = p.tipo === "personalizado";
    definir({ periodo: p.tipo === "12meses" ? "" : p.tipo, mes: p.tipo === "mes" ? p.mes : "",
      de: personalizado ? p.de : "", ate: personalizado ? p.ate : "" });
  }

  let corpo = html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  if (dados) {
    const linha = Object.fromEntries(dados.linhas.map((l) => [l.chave, l]));
    const resultado = linha.resultado_do_periodo;
    corpo = html`
      <p class="resumo-relatorio">${descreverPeriodo(periodo)} — ${f.regime === "caixa" ? "por caixa" : "por competência"}</p>
      <${Cartoes} rotulo="Resultado do período" cartoes=${[
        { id: "receita", rotulo: "Receita líquida", valor: linha.receita_liquida.total },
        { id: "resultado", rotulo: "Resultado do período", valor: resultado.total,
          detalhe: resultado.vertical_total == null ? "" : `${percentual(resultado.vertical_total)} da receita líquida` },
      ]} />
      ${dados.colunas.length > 1 && html`<${BarrasDaDre} dados=${dados} />`}
      <${TabelaDaDre} dados=${dados} analise=${f.analise} />`;
  }
  return html`
    <div class="barra">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${["12meses", "mes", "personalizado"]} />
      <${FiltroRegime} valor=${f.regime} aoMudar=${(regime) => definir({ regime })} />
      <${FiltroSelecao} rotulo="Centro de custo" valor=${f.centro_custo_id} opcoes=${opcoesCentro}
        aoMudar=${(centro) => definir({ centro_custo_id: centro })} />
      <${FiltroSelecao} rotulo="Colunas" valor=${f.colunas} opcoes=${COLUNAS} aoMudar=${(colunas) => definir({ colunas })} />
      <${FiltroSelecao} rotulo="Análise" valor=${f.analise} opcoes=${ANALISES} aoMudar=${(analise) => definir({ analise })} />
      <${BotaoExportar} relatorio="dre" parametros=${parametros} />
    </div>
    ${corpo}`;
}
