// Análise por categoria: the receitas or despesas of a period as the plano de contas' tree, each
// categoria with its subcategorias included and its share of the total — by competência (the month
// the revenue or expense belongs to) or by caixa (when the money moved). A categoria opens the
// ledger with the same filter (its subcategorias included there too). Period, tipo, regime and
// centro de custo live in the address.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { navegar, useFiltrosNaUrl } from "../../roteador.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { Lista } from "../../ui/lista.js";
import { SeletorDePeriodo, descreverPeriodo, intervalo, mesAtual } from "../../ui/periodo.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { EstadoDaConsulta, FiltroCentro, FiltroRegime, rotaDoRazao } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const TIPOS = [{ valor: "RECEITA", rotulo: "Receitas" }, { valor: "DESPESA", rotulo: "Despesas" }];
const percentual = (valor) => `${String(valor).replace(".", ",")}%`;

export function Analise() {
  const [f, definir] = useFiltrosNaUrl({ periodo: "", mes: mesAtual(), de: "", ate: "", tipo: "RECEITA",
    regime: "competencia", centro_custo_id: "" });
  const periodo = { tipo: f.periodo || "mes", mes: f.mes, de: f.de, ate: f.ate };
  const { de, ate } = intervalo(periodo);
  const parametros = { de, ate, tipo: f.tipo, regime: f.regime, centro_custo_id: f.centro_custo_id || undefined };
  const { dados, erro, recarregar } = useConsulta("/api/relatorios/analise", parametros);

  function mudarPeriodo(p) {
    const personalizado = p.tipo === "personalizado";
    definir({ periodo: p.tipo === "mes" ? "" : p.tipo, mes: p.tipo === "mes" ? p.mes : "",
      de: personalizado ? p.de : "", ate: personalizado ? p.ate : "" });
  }
  // The ledger with the categoria, the tipo and the same dates: competência or payment dates.
  const abrirNoRazao = (item) => navegar(rotaDoRazao({
    periodo: "personalizado", de, ate, data: f.regime === "caixa" ? "pagamento" : "competencia", tipo: f.tipo,
    categoria_id: item.categoria_id, centro_custo_id: f.centro_custo_id,
  }));

  let corpo = html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  if (dados && !dados.itens.length) {
    corpo = html`
      <${EstadoVazio} titulo=${`Nenhuma ${f.tipo === "RECEITA" ? "receita" : "despesa"} neste período`}>
        Escolha outro período, ou troque entre competência e caixa: um valor lançado pode ter sido pago em outro mês.
      <//>`;
  } else if (dados) {
    corpo = html`
      <p class="resumo-relatorio">${descreverPeriodo(periodo)} — total:${" "}
        <strong><${Dinheiro} valor=${dados.total} /></strong></p>
      <${Lista} rotulo="Valores por categoria" filtros=${dados}
        carregar=${async () => ({ items: dados.itens, next_cursor: null })}
        chave=${(i) => i.categoria_id} aoSelecionar=${abrirNoRazao}
        classeDaLinha=${(i) => `analise-nivel-${Math.min(i.nivel, 4)}`}
        colunas=${[
          { titulo: "Categoria", valor: (i) => html`<span class="analise-nome">${i.nome}</span>` },
          { titulo: "Valor", classe: "numero", valor: (i) => html`<${Dinheiro} valor=${i.valor} />` },
          { titulo: "% do total", classe: "numero", valor: (i) => html`
            <span class="analise-percentual">
              <span class="analise-barra" aria-hidden="true"><span style=${{ width: `${i.percentual}%` }}></span></span>
              ${percentual(i.percentual)}
            </span>` },
        ]} />`;
  }
  return html`
    <div class="barra">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${["mes", "12meses", "personalizado"]} />
      <${FiltroSelecao} rotulo="Mostrar" valor=${f.tipo} opcoes=${TIPOS} aoMudar=${(tipo) => definir({ tipo })} />
      <${FiltroRegime} valor=${f.regime} aoMudar=${(regime) => definir({ regime })} />
      <${FiltroCentro} valor=${f.centro_custo_id} aoMudar=${(centro_custo_id) => definir({ centro_custo_id })} />
      <${BotaoExportar} relatorio="analise" parametros=${parametros} />
    </div>
    ${corpo}`;
}
