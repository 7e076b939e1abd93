// Inadimplência: what the studio had to receive on a data base (today unless chosen), as it stood
// on that day — a payment made later does not count —, in faixas of days overdue (bars) and per
// cliente (a table); a cliente opens its open lançamentos and, from there, the ledger filtered by
// that cliente. The data base and the centro de custo (its part of each open amount) live in the
// address.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData, hoje } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { Modal } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { Lista } from "../../ui/lista.js";
import { Dinheiro, FiltroData, plural } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { ABERTOS, EstadoDaConsulta, FiltroCentro, rotaDoRazao } from "./comum.js";
import { ExtratoDoCliente } from "./extrato-cliente.js";
import { BotaoExportar } from "./exportar.js";

const FAIXAS = [
  { faixa: "a_vencer", rotulo: "A vencer" },
  { faixa: "1_30", rotulo: "1 a 30 dias" },
  { faixa: "31_60", rotulo: "31 a 60 dias" },
  { faixa: "61_90", rotulo: "61 a 90 dias" },
  { faixa: "mais_90", rotulo: "Mais de 90 dias" },
];
const rotuloDaFaixa = (faixa) => FAIXAS.find((f) => f.faixa === faixa).rotulo;
const lancamentos = (n) => plural(n, "lançamento", "lançamentos");

/** The ledger with the cliente's receitas still open (today: the ledger knows no data base), of the centro. */
const rotaDoCliente = (clienteId, centroId) =>
  rotaDoRazao({ periodo: "tudo", tipo: "RECEITA", status: ABERTOS, cliente_id: clienteId, centro_custo_id: centroId });

/** One bar per faixa, its length against the largest; the amount and count written beside it. */
function BarrasDasFaixas({ faixas }) {
  const maior = Math.max(...faixas.map((f) => Number(f.valor)), 0);
  return html`
    <ul class="faixas-aging" aria-label="Em aberto por faixa de atraso">
      ${faixas.map((f) => html`
        <li key=${f.faixa} class=${`faixa-${f.faixa}`}>
          <span class="faixa-nome">${rotuloDaFaixa(f.faixa)}</span>
          <span class="faixa-barra" aria-hidden="true">
            <span style=${{ width: `${maior ? (Number(f.valor) / maior) * 100 : 0}%` }}></span>
          </span>
          <span class="faixa-valor"><${Dinheiro} valor=${f.valor} /> <small>${lancamentos(f.quantidade)}</small></span>
        </li>`)}
    </ul>`;
}

function EmAberto({ cliente, parametros }) {
  const { dados, erro, recarregar } = useConsulta(`/api/relatorios/inadimplencia/clientes/${cliente.cliente_id}`,
    parametros);
  if (!dados) return html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  return html`
    <p>Em aberto em ${formatarData(dados.data_base)}: <strong><${Dinheiro} valor=${dados.total} /></strong>${" "}
      (${lancamentos(dados.lancamentos.length)}).</p>
    <${Lista} rotulo=${`Lançamentos em aberto de ${cliente.nome}`} filtros=${dados}
      carregar=${async () => ({ items: dados.lancamentos, next_cursor: null })}
      chave=${(l) => l.lancamento_id} vazio="Nada em aberto nesta data."
      colunas=${[
        { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
        { titulo: "Descrição", valor: (l) => l.descricao + (l.documento ? ` (${l.documento})` : "") },
        { titulo: "Atraso", valor: (l) => (l.dias_atraso ? plural(l.dias_atraso, "dia", "dias") : "A vencer") },
        { titulo: "Em aberto", classe: "numero", valor: (l) => html`<${Dinheiro} valor=${l.aberto} />` },
      ]} />`;
}

/** The cliente's dialog: its open lançamentos on the data base, or its extrato up to that day. */
function DoCliente({ cliente, parametros, aoFechar }) {
  const [extrato, setExtrato] = useState(false);
  return html`
    <${Modal} titulo=${`${extrato ? "Extrato" : "Em aberto"}: ${cliente.nome}`} aoFechar=${aoFechar}>
      ${extrato
        ? html`<${ExtratoDoCliente} clienteId=${cliente.cliente_id} ate=${parametros.data_base} />`
        : html`<${EmAberto} cliente=${cliente} parametros=${parametros} />`}
      <div class="acoes acoes-cliente">
        <a href=${rotaDoCliente(cliente.cliente_id, parametros.centro_custo_id)}>Ver os lançamentos em aberto deste cliente</a>
        <button type="button" class="botao secundario" onClick=${() => setExtrato(!extrato)}>
          ${extrato ? "Ver o que está em aberto" : "Ver o extrato do cliente"}
        </button>
      </div>
    <//>`;
}

export function Inadimplencia() {
  const [filtros, definir] = useFiltrosNaUrl({ data_base: "", centro_custo_id: "", cliente: "" });
  const dataBase = filtros.data_base || hoje();
  const parametros = { data_base: dataBase, centro_custo_id: filtros.centro_custo_id || undefined };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/inadimplencia", parametros);
  const aberto = dados?.clientes.find((c) => String(c.cliente_id) === filtros.cliente);

  let corpo = html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  if (dados && !dados.clientes.length) {
    corpo = html`
      <${EstadoVazio} titulo="Nada a receber em aberto nesta data">
        Quando uma receita passar do vencimento sem ser recebida, ela aparece aqui, na faixa dos dias de atraso.
      <//>`;
  } else if (dados) {
    corpo = html`
      <p class="resumo-relatorio">Total em aberto em ${formatarData(dados.data_base)}:${" "}
        <strong><${Dinheiro} valor=${dados.total} /></strong></p>
      <${BarrasDasFaixas} faixas=${dados.faixas} />
      <h2 class="relatorio-secao">Por cliente</h2>
      <${Lista} rotulo="Em aberto por cliente" filtros=${dados}
        carregar=${async () => ({ items: dados.clientes, next_cursor: null })}
        chave=${(c) => c.cliente_id ?? "sem-cliente"}
        aoSelecionar=${(c) => c.cliente_id && definir({ cliente: String(c.cliente_id) })}
        colunas=${[
          { titulo: "Cliente", valor: (c) => c.nome },
          ...FAIXAS.map(({ faixa, rotulo }) => ({
            titulo: rotulo, classe: "numero", valor: (c) => html`<${Dinheiro} valor=${c.faixas[faixa]} />`,
          })),
          { titulo: "Total", classe: "numero", valor: (c) => html`<strong><${Dinheiro} valor=${c.total} /></strong>` },
        ]} />`;
  }
  return html`
    <div class="barra">
      <${FiltroData} rotulo="Data base" valor=${dataBase} aoMudar=${(d) => definir({ data_base: d })} />
      <${FiltroCentro} valor=${filtros.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
      <${BotaoExportar} relatorio="inadimplencia" parametros=${parametros} />
    </div>
    ${corpo}
    ${aberto && html`<${DoCliente} cliente=${aberto} parametros=${parametros} aoFechar=${() => definir({ cliente: "" })} />`}`;
}
