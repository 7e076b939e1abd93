// Comparativo: the receitas and despesas of two periods side by side, per categoria of the plano de
// contas (each with its subcategorias), with the variation in R$ and in %. A is the base, B the
// period looked at: unless chosen, B is this month and A the same dates a year earlier (a studio's
// months are seasonal). A categoria opens the ledger with period B's dates. Both periods, the
// regime and the centro de custo live in the address.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, intervalo, lerMes, mesAtual, somarMeses } from "../../ui/periodo.js";
import { Dinheiro, dataIso, diasNoMes } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { Cartoes, EstadoDaConsulta, FiltroCentro, FiltroRegime, rotaDoRazao } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const OPCOES_B = ["mes", "12meses", "personalizado"];
const OPCOES_A = [{ id: "mes", rotulo: "Um ano antes de B" }, "personalizado"];
const COLUNAS = ["Categoria", "Período A", "Período B", "Variação (R$)", "Variação (%)"];

/** "2026-03-31" → "2025-03-31": the same day a year before, a month's last day to that month's last. */
function umAnoAntes(data) {
  if (!data) return "";
  const [ano, mes, dia] = data.split("-").map(Number);
  const fim = diasNoMes(ano - 1, mes);
  return dataIso(ano - 1, mes, dia === diasNoMes(ano, mes) ? fim : Math.min(dia, fim));
}

const percentual = (valor) => `${valor.startsWith("-") ? "" : "+"}${valor.replace(".", ",")}%`;

/** The variation in %: an arrow up or down, green when good (receitas up, despesas down), red when not. */
function Variacao({ comparacao, despesa }) {
  const valor = comparacao.variacao_percentual;
  if (valor === null) return html`<span class="variacao" title="Sem valor no período A para comparar">—</span>`;
  const sinal = Math.sign(Number(comparacao.variacao));
  if (!sinal) return html`<span class="variacao">0,00%</span>`;
  const boa = despesa ? sinal < 0 : sinal > 0;
  return html`<span class=${`variacao ${sinal > 0 ? "sobe" : "desce"} ${boa ? "boa" : "ruim"}`}>
    <span aria-hidden="true">${sinal > 0 ? "▲" : "▼"} </span>${percentual(valor)}</span>`;
}

function celulas(comparacao, despesa) {
  return html`
    <td role="cell" class="numero" data-label=${COLUNAS[1]}><${Dinheiro} valor=${comparacao.a} /></td>
    <td role="cell" class="numero" data-label=${COLUNAS[2]}><${Dinheiro} valor=${comparacao.b} /></td>
    <td role="cell" class="numero" data-label=${COLUNAS[3]}><${Dinheiro} valor=${comparacao.variacao} /></td>
    <td role="cell" class="numero" data-label=${COLUNAS[4]}>
      <${Variacao} comparacao=${comparacao} despesa=${despesa} />
    </td>`;
}

/** One tipo's categorias in tree order, each name a link to its ledger; the tipo's total in the foot. */
function TabelaDoTipo({ titulo, tipo, dados, rota }) {
  const despesa = tipo === "DESPESA";
  return html`
    <h2 class="relatorio-secao">${titulo}</h2>
    <div class="lista"><table class="tabela-cartoes tabela-relatorio tabela-comparativo" role="table">
      <caption class="so-leitor">${`${titulo}: período A, período B e variação`}</caption>
      <thead role="rowgroup"><tr role="row">
        ${COLUNAS.map((c, i) => html`<th scope="col" role="columnheader" class=${i ? "numero" : ""}>${c}</th>`)}
      </tr></thead>
      <tbody role="rowgroup">
        ${dados.itens.map((i) => html`
          <tr key=${i.categoria_id} role="row" class=${`analise-nivel-${Math.min(i.nivel, 4)}`}>
            <td role="cell" data-label=${COLUNAS[0]}>
              <a class="analise-nome" href=${rota(tipo, i.categoria_id)}
                title=${`Ver no Financeiro os lançamentos de ${i.nome} no período B`}>${i.nome}</a>
            </td>
            ${celulas(i, despesa)}
          </tr>`)}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row" class="linha-total">
          <th scope="row" role="rowheader">Total</th>
          ${celulas(dados.total, despesa)}
        </tr>
      </tfoot>
    </table></div>`;
}

const detalhe = (comparacao) => html`Em A: <${Dinheiro} valor=${comparacao.a} />${comparacao.variacao_percentual === null
  ? "" : ` (${percentual(comparacao.variacao_percentual)})`}`;

export function Comparativo() {
  const [f, definir] = useFiltrosNaUrl({ b_periodo: "", b_mes: mesAtual(), b_de: "", b_ate: "",
    a_periodo: "", a_mes: "", a_de: "", a_ate: "", regime: "competencia", centro_custo_id: "" });
  const periodoB = { tipo: f.b_periodo || "mes", mes: f.b_mes, de: f.b_de, ate: f.b_ate };
  const b = intervalo(periodoB);
  const mesB = periodoB.tipo === "mes" ? lerMes(f.b_mes) || mesAtual() : null;
  const mesAntes = somarMeses(mesB || mesAtual(), -12);
  // Until A is chosen, it follows B a year before.
  const escolhido = f.a_periodo || f.a_mes;
  const periodoA = escolhido ? { tipo: f.a_periodo || "mes", mes: f.a_mes, de: f.a_de, ate: f.a_ate }
    : mesB ? { tipo: "mes", mes: mesAntes }
      : { tipo: "personalizado", de: umAnoAntes(b.de), ate: umAnoAntes(b.ate) };
  const a = intervalo(periodoA);
  const parametros = { a_de: a.de, a_ate: a.ate, b_de: b.de, b_ate: b.ate, regime: f.regime,
    centro_custo_id: f.centro_custo_id || undefined };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/comparativo", parametros);

  const mudar = (prefixo) => (p) => {
    const personalizado = p.tipo === "personalizado";
    // "Um ano antes de B" (or stepping back to that month) lets A follow B again.
    if (prefixo === "a_" && p.tipo === "mes" && p.mes === mesAntes) {
      definir({ a_periodo: "", a_mes: "", a_de: "", a_ate: "" });
      return;
    }
    definir({ [`${prefixo}periodo`]: p.tipo === "mes" ? "" : p.tipo, [`${prefixo}mes`]: p.tipo === "mes" ? p.mes : "",
      [`${prefixo}de`]: personalizado ? p.de : "", [`${prefixo}ate`]: personalizado ? p.ate : "" });
  };
  // The ledger with the categoria, its tipo and period B's dates: competência or payment dates.
  const rota = (tipo, categoriaId) => rotaDoRazao({
    periodo: "personalizado", de: dados.b.de, ate: dados.b.ate, data: f.regime === "caixa" ? "pagamento" : "competencia",
    tipo, categoria_id: categoriaId, centro_custo_id: f.centro_custo_id || undefined,
  });

  let corpo = html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  if (dados && !dados.receitas.itens.length && !dados.despesas.itens.length) {
    corpo = html`
      <${EstadoVazio} titulo="Nenhum lançamento nos dois períodos">
        Escolha outros períodos, ou troque entre competência e caixa: um valor lançado pode ter sido pago em outro mês.
      <//>`;
  } else if (dados) {
    corpo = html`
      <p class="resumo-relatorio">Período A (base): ${formatarData(dados.a.de)} a ${formatarData(dados.a.ate)}
        ${" · "}Período B (atual): ${formatarData(dados.b.de)} a ${formatarData(dados.b.ate)}.
        A variação é B menos A; em %, sobre o valor de A.</p>
      <${Cartoes} rotulo="Totais do período B" cartoes=${[
        { id: "receitas", rotulo: "Receitas em B", valor: dados.receitas.total.b, detalhe: detalhe(dados.receitas.total) },
        { id: "despesas", rotulo: "Despesas em B", valor: dados.despesas.total.b, detalhe: detalhe(dados.despesas.total) },
        { id: "resultado", rotulo: "Resultado em B", valor: dados.resultado.b, detalhe: detalhe(dados.resultado) },
      ]} />
      <${TabelaDoTipo} titulo="Receitas" tipo="RECEITA" dados=${dados.receitas} rota=${rota} />
      <${TabelaDoTipo} titulo="Despesas" tipo="DESPESA" dados=${dados.despesas} rota=${rota} />
      <p class="resumo-relatorio">O resultado é o da DRE: receitas menos despesas, sem aportes e retiradas dos sócios
        (<${Dinheiro} valor=${dados.fora_do_resultado.b} /> em B, <${Dinheiro} valor=${dados.fora_do_resultado.a} /> em A), que
        estão nos totais acima.</p>`;
  }
  return html`
    <div class="barra barra-comparativo">
      <${SeletorDePeriodo} rotulo="Período B (atual)" periodo=${periodoB} aoMudar=${mudar("b_")} opcoes=${OPCOES_B} />
      <${SeletorDePeriodo} rotulo="Período A (base)" periodo=${periodoA} aoMudar=${mudar("a_")} opcoes=${OPCOES_A}
        mesInicial=${mesAntes} />
      <${FiltroRegime} valor=${f.regime} aoMudar=${(regime) => definir({ regime })} />
      <${FiltroCentro} valor=${f.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
      <${BotaoExportar} relatorio="comparativo" parametros=${parametros} />
    </div>
    ${corpo}`;
}
