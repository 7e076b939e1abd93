// The empresa's audit trail: who did what, when, in which service, with the before and after.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarDataHora, lerData, mascararData } from "../../formatos.js";
import { Modal } from "../../ui/componentes.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";

function Detalhes({ registro, aoFechar }) {
  const json = (valor) => (valor == null ? "—" : JSON.stringify(valor, null, 2));
  return html`
    <${Modal} titulo=${`${registro.acao} · ${registro.entidade}`} aoFechar=${aoFechar}>
      <dl class="detalhes">
        <dt>Quando</dt><dd>${formatarDataHora(registro.em)}</dd>
        <dt>Quem</dt><dd>${registro.username ?? "—"}</dd>
        <dt>Serviço</dt><dd>${registro.servico}</dd>
        <dt>Registro</dt><dd>${registro.entidade} ${registro.entidade_id ?? ""}</dd>
        <dt>Correlation id</dt><dd><code>${registro.correlation_id ?? "—"}</code></dd>
      </dl>
      <h3>Antes</h3><pre>${json(registro.antes)}</pre>
      <h3>Depois</h3><pre>${json(registro.depois)}</pre>
    <//>`;
}

export function Auditoria() {
  const [entidade, setEntidade] = useState("");
  const [de, setDe] = useState("");
  const [ate, setAte] = useState("");
  const [aberto, setAberto] = useState(null);
  // Dates filter only once complete and valid: half a date is not a reason to reload.
  const filtros = {
    entidade: useAdiado(entidade.trim()) || undefined,
    de: lerData(de) || undefined,
    ate: lerData(ate) || undefined,
  };
  const carregar = ({ cursor, signal }) => api.get("/api/auditoria", { query: { ...filtros, cursor }, sinal: signal });
  const colunas = [
    { titulo: "Quando", valor: (r) => formatarDataHora(r.em) },
    { titulo: "Quem", valor: (r) => r.username ?? "—" },
    { titulo: "Ação", valor: (r) => r.acao },
    { titulo: "Registro", valor: (r) => `${r.entidade} ${r.entidade_id ?? ""}` },
    { titulo: "Serviço", valor: (r) => r.servico },
  ];
  return html`
    <div class="barra">
      <${Filtro} rotulo="Entidade" valor=${entidade} aoMudar=${setEntidade} placeholder="usuario, empresa, sessao…" />
      <${Filtro} rotulo="De" valor=${de} aoMudar=${(v) => setDe(mascararData(v))} placeholder="dd/mm/aaaa" inputmode="numeric" />
      <${Filtro} rotulo="Até" valor=${ate} aoMudar=${(v) => setAte(mascararData(v))} placeholder="dd/mm/aaaa" inputmode="numeric" />
    </div>
    <${Lista} rotulo="Trilha de auditoria" carregar=${carregar} colunas=${colunas} filtros=${filtros}
      vazio="Nenhum registro de auditoria para estes filtros." aoSelecionar=${setAberto} />
    ${aberto && html`<${Detalhes} registro=${aberto} aoFechar=${() => setAberto(null)} />`}`;
}
