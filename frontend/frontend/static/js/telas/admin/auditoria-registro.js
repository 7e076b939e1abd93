// One entry of the audit trail, opened: when, who, which record, what changed (before → after) or
// what the record held; the ids, the correlation id and the raw data behind "Detalhes técnicos".

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarDataHora } from "../../formatos.js";
import { Detalhes, Modal } from "../../ui/componentes.js";
import { campos, frase, quem } from "./auditoria-textos.js";

/** "R$ 2.300,00 → R$ 2.500,00", read aloud as "de … para …". */
export function AntesDepois({ antes, depois }) {
  return html`
    <span class="antes-depois">
      <span class="so-leitor">de </span><span class="antes">${antes}</span>
      <span class="seta" aria-hidden="true"> → </span><span class="so-leitor"> para </span><span class="depois">${depois}</span>
    </span>`;
}

const json = (valor) => (valor == null ? "—" : JSON.stringify(valor, null, 2));

function DetalhesTecnicos({ registro }) {
  return html`
    <details class="avancado detalhes-tecnicos">
      <summary>Detalhes técnicos</summary>
      <${Detalhes} pares=${[
        ["Nº na trilha", registro.id],
        ["Serviço", registro.servico],
        ["Ação", registro.acao],
        ["Tipo de registro", registro.entidade],
        [registro.entidade === "sessao" ? "Sessão" : "Código do registro", registro.entidade_id],
        ["Usuário (login)", registro.username],
        ["Identificador da operação", registro.correlation_id],
      ]} />
      <h4>Antes</h4><pre>${json(registro.antes)}</pre>
      <h4>Depois</h4><pre>${json(registro.depois)}</pre>
    </details>`;
}

function tituloDosCampos(registro, alteracao) {
  if (alteracao) return "O que mudou";
  return registro.depois ? "Dados registrados" : "Como estava";
}

export function RegistroDeAuditoria({ registro, aoFechar }) {
  const { alteracao, linhas } = campos(registro);
  return html`
    <${Modal} titulo=${`${quem(registro)} ${frase(registro)}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[["Quando", formatarDataHora(registro.em)], ["Quem", quem(registro)],
        ["Registro", registro.rotulo]]} />
      ${linhas.length > 0 && html`
        <h3>${tituloDosCampos(registro, alteracao)}</h3>
        <${Detalhes} pares=${linhas.map((l) => [l.rotulo, alteracao ? html`<${AntesDepois} ...${l} />` : l.valor])} />`}
      <${DetalhesTecnicos} registro=${registro} />
    <//>`;
}
