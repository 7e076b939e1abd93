// The folha's table and each holerite opened in place, for the preview (folha.js) and for a
// processed folha's stored holerites (processada.js): per funcionário bruto, INSS, IRRF, FGTS,
// descontos and líquido, the totals below; a holerite shows each rubrica with how it was
// calculated, the IRRF deduction chosen and the warnings. A processed folha's rows also download
// the holerite as a PDF.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { useAlternaveis } from "../../ui/alternaveis.js";
import { Aviso } from "../../ui/componentes.js";
import { Icone } from "../../ui/icone.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { Dinheiro, negar, plural } from "../../ui/valores.js";
import { nomeDoVinculo } from "./comum.js";

const COLUNAS = ["Funcionário", "Bruto", "INSS", "IRRF", "FGTS", "Descontos", "Líquido"];
const VALORES = ["bruto", "inss", "irrf", "fgts", "descontos", "liquido"];

const TIPOS_DE_RUBRICA = { PROVENTO: "Provento", DESCONTO: "Desconto", INFORMATIVO: "Informativo" };

const DEDUCOES = {
  LEGAL: "Dedução legal (INSS e dependentes): maior que a simplificada.",
  SIMPLIFICADA: "Desconto simplificado: maior que a dedução legal (INSS e dependentes).",
  NENHUMA: "Sem dedução: não há imposto de renda neste holerite.",
};

function dinheiro(valores, colunas) {
  return valores.map((v, i) => html`
    <td role="cell" class="numero" data-label=${colunas[i]}><${Dinheiro} valor=${v} /></td>`);
}

/** A rubrica's value as the holerite reads: a desconto as money out; an informativo (FGTS) as it is. */
const valorDaRubrica = (r) => (r.tipo === "DESCONTO" ? negar(r.valor) : r.valor);

function Holerite({ item, id }) {
  return html`
    <div id=${id}>
      <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table">
        <caption class="so-leitor">Holerite de ${item.nome}</caption>
        <thead role="rowgroup"><tr role="row">
          <th scope="col" role="columnheader">Rubrica</th>
          <th scope="col" role="columnheader">Tipo</th>
          <th scope="col" role="columnheader">Referência</th>
          <th scope="col" role="columnheader" class="numero">Valor</th>
        </tr></thead>
        <tbody role="rowgroup">
          ${item.rubricas.map((r) => html`
            <tr key=${r.codigo} role="row">
              <td role="cell" data-label="Rubrica">
                ${r.descricao}
                ${r.memo && html`
                  <details class="widget-detalhes detalhes-tecnicos">
                    <summary>Como foi calculado</summary>
                    <pre>${r.memo}</pre>
                  </details>`}
              </td>
              <td role="cell" data-label="Tipo">${TIPOS_DE_RUBRICA[r.tipo] ?? r.tipo}</td>
              <td role="cell" data-label="Referência">${r.referencia || "—"}</td>
              <td role="cell" class="numero" data-label="Valor"><${Dinheiro} valor=${valorDaRubrica(r)} /></td>
            </tr>`)}
        </tbody>
        <tfoot role="rowgroup">
          <tr role="row" class="linha-total">
            <th scope="row" role="rowheader" colspan="3">Líquido a receber</th>
            <td role="cell" class="numero" data-label="Líquido"><${Dinheiro} valor=${item.liquido} /></td>
          </tr>
        </tfoot>
      </table></div>
      <p class="ajuda">${DEDUCOES[item.deducao_irrf] ?? ""} O FGTS é depositado pelo estúdio e não sai do salário.</p>
      ${item.avisos?.length > 0 && html`
        <${Aviso} titulo="Atenção"><ul class="problemas">${item.avisos.map((a) => html`<li key=${a}>${a}</li>`)}</ul><//>`}
    </div>`;
}

function LinhaDoFuncionario({ item, aberto, aoAlternar, aoVariaveis, pdf }) {
  const id = `holerite-${item.funcionario_id}`;
  return html`
    <tr role="row">
      <td role="cell" data-label=${COLUNAS[0]}>
        ${item.nome}${item.vinculo && item.vinculo !== "CLT" && html` <span class="selo-tipo">${nomeDoVinculo(item.vinculo)}</span>`}
        ${item.avisos?.length > 0 && html` <span class="selo-tipo">${plural(item.avisos.length, "aviso", "avisos")}</span>`}
      </td>
      ${dinheiro(VALORES.map((v) => item[v]), COLUNAS.slice(1))}
      <td role="cell">
        <div class="acoes-linha">
          <button type="button" class="botao secundario pequeno" aria-expanded=${aberto ? "true" : "false"}
            aria-controls=${aberto ? id : undefined} onClick=${aoAlternar}>
            ${aberto ? "Fechar holerite" : "Ver holerite"}<span class="so-leitor"> de ${item.nome}</span>
          </button>
          ${aoVariaveis && html`
            <button type="button" class="botao secundario pequeno" onClick=${aoVariaveis}>
              Variáveis<span class="so-leitor"> de ${item.nome}</span>
            </button>`}
          ${pdf && html`
            <a class="botao secundario pequeno" href=${pdf} download>
              <${Icone} nome="download" />PDF<span class="so-leitor"> do holerite de ${item.nome}</span>
            </a>`}
        </div>
      </td>
    </tr>
    ${aberto && html`
      <tr role="row">
        <td role="cell" colspan=${COLUNAS.length + 1}><${Holerite} item=${item} id=${id} /></td>
      </tr>`}`;
}

/**
 * The folha's table: one row per holerite (`itens`: the preview's items or a processed folha's
 * holerites, the same shape), the `totais` in the foot; "Variáveis" only when `aoVariaveis` is given,
 * the holerite's PDF only when `holeritePdf(item)` (its URL) is.
 */
export function TabelaDaFolha({ competencia, itens, totais, aoVariaveis, holeritePdf }) {
  const [abertos, alternar] = useAlternaveis();
  return html`
    <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table">
      <caption class="so-leitor">Folha de ${nomeDoMes(competencia.slice(0, 7))}</caption>
      <thead role="rowgroup"><tr role="row">
        ${COLUNAS.map((c, i) => html`<th scope="col" role="columnheader" class=${i ? "numero" : ""}>${c}</th>`)}
        <th scope="col" role="columnheader"><span class="so-leitor">Ações</span></th>
      </tr></thead>
      <tbody role="rowgroup">
        ${itens.map((item) => html`
          <${LinhaDoFuncionario} key=${item.funcionario_id} item=${item} aberto=${abertos.has(item.funcionario_id)}
            aoAlternar=${() => alternar(item.funcionario_id)} aoVariaveis=${aoVariaveis && (() => aoVariaveis(item))}
            pdf=${holeritePdf?.(item)} />`)}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row" class="linha-total">
          <th scope="row" role="rowheader">Total</th>
          ${dinheiro(VALORES.map((v) => totais[v]), COLUNAS.slice(1))}
          <td role="cell"></td>
        </tr>
      </tfoot>
    </table></div>`;
}
