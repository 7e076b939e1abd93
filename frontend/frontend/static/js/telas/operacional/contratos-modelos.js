// The templates of a contract's text (/operacional/contratos/modelos): the default one the empresa
// got, and its own. A template is text with variables ({{ cliente.nome }}, {{ contrato.valor }}…);
// the server refuses an unknown one when saving, naming it.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { pode } from "../../sessao.js";
import { CampoAreaTexto } from "../../ui/campos.js";
import { Aviso, Carregando, Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { Icone } from "../../ui/icone.js";
import { CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";

function Variaveis() {
  const { dados } = useConsulta("/api/contratos/modelos/variaveis");
  if (!dados) return null;
  return html`
    <p class="ajuda">Variáveis: ${Object.entries(dados.variaveis).map(([nome, campos]) => html`
      <span key=${nome}>${campos.map((c) => html`<code>{{ ${nome}.${c} }}</code> `)}</span>`)}
      — as parcelas em <code>{% for p in contrato.parcelas %}{{ p.numero }}: {{ p.valor }} em {{ p.vencimento }}{% endfor %}</code>.</p>`;
}

function FormularioDeModelo({ modelo, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: modelo?.nome ?? "", corpo: modelo?.corpo ?? "" });
  async function salvar(valores) {
    const salvo = modelo
      ? await api.put(`/api/contratos/modelos/${modelo.id}`, valores)
      : await api.post("/api/contratos/modelos", valores);
    notificar(`Modelo ${salvo.nome} salvo.`);
    aoSalvar();
  }
  return html`
    <${Modal} titulo=${modelo ? `Editar modelo ${modelo.nome}` : "Novo modelo de contrato"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio maxlength="120" />
        <${CampoAreaTexto} ...${form.campo("corpo")} rotulo="Texto" maximo=${50000} linhas=${16} />
        <${Variaveis} />
      <//>
    <//>`;
}

export function ModelosDeContrato({ usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [versao, setVersao] = useState(0);
  const { dados, erro, recarregar } = useConsulta("/api/contratos/modelos", {}, versao);
  const [editando, setEditando] = useState(null); // a modelo, or {} for a new one
  const [excluindo, setExcluindo] = useState(null);
  const atualizar = () => setVersao((v) => v + 1);
  if (erro) return html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  if (!dados) return html`<${Carregando} />`;
  async function excluir() {
    await api.excluir(`/api/contratos/modelos/${excluindo.id}`);
    notificar(`Modelo ${excluindo.nome} excluído.`);
    atualizar();
  }
  return html`
    <p><a href="/operacional/contratos">← Contratos</a></p>
    <div class="barra">
      <h2>Modelos de contrato</h2>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setEditando({})}><${Icone} nome="plus" />Novo modelo</button>`}
    </div>
    <ul class="itens">
      ${dados.items.map((m) => html`
        <li key=${m.id}>
          <strong>${m.nome}</strong>${m.padrao && " (padrão)"}
          ${escreve && html` <button type="button" class="botao-link" onClick=${() => setEditando(m)}>editar</button>`}
          ${escreve && !m.padrao && html` <button type="button" class="botao-link" onClick=${() => setExcluindo(m)}>excluir</button>`}
        </li>`)}
    </ul>
    ${editando && html`
      <${FormularioDeModelo} modelo=${editando.id ? editando : null} aoFechar=${() => setEditando(null)}
        aoSalvar=${() => { setEditando(null); atualizar(); }} />`}
    ${excluindo && html`
      <${Confirmacao} titulo="Excluir modelo" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(null)}>
        Excluir o modelo ${excluindo.nome}? Os contratos feitos com ele guardam o texto que já têm.
      <//>`}`;
}
