// Fluxo de caixa projetado: from today's balance, what the contas will hold each day of the next
// weeks if everything open is received and paid on its due date — the lowest day marked on the
// chart, what is overdue counted today or set apart, and a scenario of clientes paying late.
// The report the owner opens every Monday. Filters live in the address (a link shares them). By
// centro de custo, the centro's part of each open item, from a balance of zero.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData, formatarMoeda } from "../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../roteador.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { consulta, useConsulta, useRegistros } from "../../ui/consulta.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { buscarClientes } from "../../ui/registros.js";
import { plural, somar } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import {
  ABERTOS, Cartoes, EstadoDaConsulta, FiltroCentro, FiltroConta, NotaDoCentro, TabelaDoRelatorio, rotaDoRazao,
} from "./comum.js";
import { BotaoExportar } from "./exportar.js";
import { CORES, GraficoDeLinhas } from "./grafico.js";

const HORIZONTES = [30, 60, 90, 180, 365].map((d) => ({ valor: String(d), rotulo: `Próximos ${d} dias` }));
const VENCIDOS = [
  { valor: "hoje", rotulo: "Contar como de hoje" },
  { valor: "excluir", rotulo: "Deixar de fora" },
];
const ATRASOS = [0, 7, 15, 30, 60].map((d) => ({ valor: String(d), rotulo: d ? `${d} dias` : "Sem atraso" }));
const PADRAO = { dias: "90", conta_id: "", centro_custo_id: "", vencidos: "hoje", atraso_dias: "0", clientes: [] };

/** The open lançamentos due that day in the ledger, of that conta and centro (f). */
const razaoDoDia = (data, f) => rotaDoRazao({ de: data, ate: data, status: ABERTOS, conta_id: f.conta_id,
  centro_custo_id: f.centro_custo_id });

/** The scenario: which clientes pay how many days late (all of them when none is chosen). */
function Cenario({ f, definir }) {
  const nomes = useRegistros(f.clientes.map((id) => `/api/clientes/${id}`));
  const nome = (id) => nomes.get(`/api/clientes/${id}`)?.nome || `Cliente ${id}`;
  const atrasando = f.atraso_dias !== "0";
  return html`
    <fieldset class="cenario">
      <legend>E se os clientes atrasarem?</legend>
      <${FiltroSelecao} rotulo="Atraso" valor=${f.atraso_dias} opcoes=${ATRASOS}
        aoMudar=${(atraso_dias) => definir(atraso_dias === "0" ? { atraso_dias, clientes: [] } : { atraso_dias })} />
      ${atrasando && html`
        <div class="filtro-escolha">
          <${CampoEscolha} key=${f.clientes.join(",")} nome="cliente-cenario" rotulo="Só estes clientes"
            valor=${null} buscar=${buscarClientes} placeholder="Todos os clientes"
            aoMudar=${(id) => id != null && !f.clientes.includes(String(id)) && definir({ clientes: [...f.clientes, String(id)] })} />
        </div>
        ${f.clientes.length > 0 && html`
          <ul class="cenario-clientes" aria-label="Clientes do cenário">
            ${f.clientes.map((id) => html`
              <li key=${id}>${nome(id)}
                <button type="button" class="botao-link" aria-label=${`Tirar ${nome(id)} do cenário`}
                  onClick=${() => definir({ clientes: f.clientes.filter((c) => c !== id) })}>×</button>
              </li>`)}
          </ul>`}`}
    </fieldset>`;
}

function Tabela({ relatorio, f }) {
  const menor = relatorio.menor_saldo.data;
  // Only the days something is due, and today: a year of empty days says nothing.
  const dias = relatorio.dias.filter((d, i) => i === 0 || /[1-9]/.test(d.entradas + d.saidas));
  return html`<${TabelaDoRelatorio} rotulo="Saldo previsto dia a dia" colunas=${["Dia", "A receber", "A pagar", "Saldo previsto"]}
    linhas=${dias.map((d) => ({
      chave: d.data, rotulo: formatarData(d.data), href: razaoDoDia(d.data, f), titulo: "Ver o que vence neste dia",
      classe: d.data === menor ? "linha-menor-saldo" : "", valores: [d.entradas, d.saidas, d.saldo],
      selo: d.data === menor && html` <span class="selo selo-menor-saldo">menor saldo</span>`,
    }))}
    total=${[somar(relatorio.dias.map((d) => d.entradas)), somar(relatorio.dias.map((d) => d.saidas)),
      relatorio.dias.at(-1).saldo]} />`;
}

export function FluxoProjetado() {
  const [f, definir] = useFiltrosNaUrl(PADRAO);
  // clientes repeats its key (clientes=3&clientes=8): the query string is written here.
  const parametros = { dias: f.dias, conta_id: f.conta_id, centro_custo_id: f.centro_custo_id, vencidos: f.vencidos,
    atraso_dias: f.atraso_dias === "0" ? "" : f.atraso_dias, clientes: f.clientes };
  const { dados: relatorio, erro, recarregar } = useConsulta(`/api/relatorios/fluxo-caixa/projetado?${consulta(parametros)}`);

  const emUso = [f.conta_id, f.centro_custo_id, f.vencidos !== "hoje", f.atraso_dias !== "0"].filter(Boolean).length;
  const filtros = html`
    <${PainelDeFiltros} id="filtros-projecao" classe="filtros-projecao" emUso=${emUso}>
      <${FiltroSelecao} rotulo="Período" valor=${f.dias} opcoes=${HORIZONTES} aoMudar=${(dias) => definir({ dias })} />
      <${FiltroConta} valor=${f.conta_id} aoMudar=${(conta_id) => definir({ conta_id })} />
      <${FiltroCentro} valor=${f.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
      <${FiltroSelecao} rotulo="O que já venceu" valor=${f.vencidos} opcoes=${VENCIDOS}
        aoMudar=${(vencidos) => definir({ vencidos })} />
      <${Cenario} f=${f} definir=${definir} />
    <//>
    <${BotaoExportar} relatorio="fluxo-caixa-projetado" parametros=${parametros} />
    <${NotaDoCentro} centro=${f.centro_custo_id} />`;
  if (!relatorio) return html`${filtros}<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;

  const { menor_saldo: menor, vencidos } = relatorio;
  const indiceDoMenor = relatorio.dias.findIndex((d) => d.data === menor.data);
  const nadaPrevisto = relatorio.dias.every((d) => !/[1-9]/.test(d.entradas + d.saidas));
  const vencidosDe = (tipo) => rotaDoRazao({ tipo, vencido: "true", status: ABERTOS, conta_id: f.conta_id,
    centro_custo_id: f.centro_custo_id });
  const contados = f.vencidos === "hoje" ? "contado em hoje" : "fora da projeção";
  return html`
    ${filtros}
    ${erro && html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`}
    <${Cartoes} rotulo="Resumo da projeção" cartoes=${[
      { id: "saldo", rotulo: "Saldo hoje", valor: relatorio.saldo_atual,
        detalhe: f.centro_custo_id ? "por centro de custo, começa em zero" : "nas contas" },
      { id: "menor-saldo", rotulo: "Menor saldo previsto", valor: menor.valor, detalhe: `em ${formatarData(menor.data)}`,
        href: razaoDoDia(menor.data, f) },
      { id: "saldo-final", rotulo: `Saldo em ${formatarData(relatorio.dias.at(-1).data)}`,
        valor: relatorio.dias.at(-1).saldo },
      { id: "vencidos", rotulo: "Vencido a receber", valor: vencidos.receber.valor, href: vencidosDe("RECEITA"),
        detalhe: `${plural(vencidos.receber.quantidade, "lançamento", "lançamentos")}, ${contados}` },
      { id: "a-pagar", rotulo: "Vencido a pagar", valor: vencidos.pagar.valor, href: vencidosDe("DESPESA"),
        detalhe: `${plural(vencidos.pagar.quantidade, "lançamento", "lançamentos")}, ${contados}` },
    ]} />
    ${nadaPrevisto
      ? html`<${EstadoVazio} titulo="Nada a receber nem a pagar nestes dias."
          acao=${{ rotulo: "Ver lançamentos", href: "/financeiro" }}>
          A projeção soma as receitas e despesas em aberto pelo vencimento. Registre o que o estúdio tem a receber e a
          pagar nos lançamentos, ou escolha um período maior.<//>`
      : html`
        <${GraficoDeLinhas}
          rotulo=${`Saldo previsto dia a dia; o menor é ${formatarMoeda(menor.valor)} em ${formatarData(menor.data)}`}
          datas=${relatorio.dias.map((d) => d.data)}
          series=${[{ rotulo: "Saldo previsto", cor: CORES.saldo, valores: relatorio.dias.map((d) => d.saldo) }]}
          destaque=${{ indice: indiceDoMenor, serie: 0, texto: `Menor: ${formatarMoeda(menor.valor)}` }}
          aoClicar=${(i) => navegar(razaoDoDia(relatorio.dias[i].data, f))} />
        <${Tabela} relatorio=${relatorio} f=${f} />`}`;
}
