// The empresa's tipos de evento and each one's checklist model — the tarefas, in days from the
// evento's first day, that a new evento of the tipo receives. Opened from the eventos list.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { mensagemDoCampo } from "../../formatos.js";
import { Aviso, Carregando, Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoTexto, Formulario, limpar, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { plural } from "../../ui/valores.js";

function NovoTipo({ aoCriar }) {
  const form = useFormulario({ nome: "" });
  async function criar(valores) {
    const tipo = await api.post("/api/eventos/tipos", limpar(valores));
    notificar(`Tipo ${tipo.nome} criado.`);
    form.definir("nome", "");
    aoCriar();
  }
  return html`
    <${Formulario} form=${form} aoEnviar=${criar} rotuloEnviar="Criar tipo">
      <${CampoTexto} ...${form.campo("nome")} rotulo="Novo tipo" maxlength="60" ajuda="Por exemplo Bodas ou Evento religioso" />
    <//>`;
}

/** The checklist model of one tipo, edited as rows and saved at once. */
function ChecklistDoTipo({ tipo, aoFechar }) {
  const { dados, erro } = useConsulta(`/api/eventos/tipos/${tipo.id}/checklist`);
  const [linhas, setLinhas] = useState(null);
  const [erros, setErros] = useState({});
  const [falha, setFalha] = useState("");
  const atuais = linhas ?? dados?.tarefas.map((t) => ({ titulo: t.titulo, dias: String(t.dias) }));
  const mudar = (i, campo) => (e) => {
    const valor = e.currentTarget.value;
    setLinhas(atuais.map((l, j) => (j === i ? { ...l, [campo]: valor } : l)));
  };
  async function salvar() {
    setErros({});
    setFalha("");
    try {
      await api.put(`/api/eventos/tipos/${tipo.id}/checklist`, {
        tarefas: atuais.map((l) => ({ titulo: l.titulo.trim(), dias: Number(l.dias) })) });
      notificar(`Checklist de ${tipo.nome} salvo.`);
      aoFechar();
    } catch (e) {
      if (!(e instanceof ErroApi)) throw e;
      setErros(e.campos);
      setFalha(e.message);
    }
  }
  const erroDe = (i, campo) => mensagemDoCampo(erros[`tarefas.${i}.${campo}`] || "");
  return html`
    <${Modal} titulo=${`Checklist de ${tipo.nome}`} aoFechar=${aoFechar}>
      <p>Dias contados a partir do primeiro dia do evento: −30 é um mês antes, 20 é vinte dias depois. Eventos já
        criados mantêm as tarefas que receberam.</p>
      ${erro && html`<${Aviso} tipo="erro">${erro.message}<//>`}
      ${!atuais && !erro && html`<${Carregando} />`}
      ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
      ${atuais && atuais.map((l, i) => html`
        <div class="linha-campos" key=${i}>
          <div class=${`campo${erroDe(i, "titulo") ? " com-erro" : ""}`}>
            <label for=${`modelo-${i}-titulo`}>Tarefa ${i + 1}</label>
            <input id=${`modelo-${i}-titulo`} type="text" maxlength="120" value=${l.titulo} onInput=${mudar(i, "titulo")}
              aria-invalid=${erroDe(i, "titulo") ? "true" : "false"} />
            ${erroDe(i, "titulo") && html`<p class="erro-campo">${erroDe(i, "titulo")}</p>`}
          </div>
          <div class=${`campo${erroDe(i, "dias") ? " com-erro" : ""}`}>
            <label for=${`modelo-${i}-dias`}>Dias do evento</label>
            <input id=${`modelo-${i}-dias`} type="number" min="-365" max="365" value=${l.dias} onInput=${mudar(i, "dias")}
              aria-invalid=${erroDe(i, "dias") ? "true" : "false"} />
            ${erroDe(i, "dias") && html`<p class="erro-campo">${erroDe(i, "dias")}</p>`}
          </div>
          <button type="button" class="botao secundario" aria-label=${`Remover a tarefa ${i + 1}`}
            onClick=${() => setLinhas(atuais.filter((_, j) => j !== i))}><${Icone} nome="trash" /></button>
        </div>`)}
      ${atuais && html`
        <div class="acoes">
          <button type="button" class="botao secundario" onClick=${() => setLinhas([...atuais, { titulo: "", dias: "0" }])}>
            <${Icone} nome="plus" />Adicionar tarefa</button>
          <button type="button" class="botao primario" onClick=${salvar}>Salvar checklist</button>
        </div>`}
    <//>`;
}

/** A tipo's new name, typed in place of its line. */
function Renomear({ tipo, aoSalvar, aoCancelar }) {
  const form = useFormulario({ nome: tipo.nome });
  async function salvar(valores) {
    const salvo = await api.put(`/api/eventos/tipos/${tipo.id}`, limpar(valores));
    notificar(`Tipo renomeado para ${salvo.nome}.`);
    aoSalvar();
  }
  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar nome" aoCancelar=${aoCancelar}>
      <${CampoTexto} ...${form.campo("nome")} rotulo=${`Novo nome de ${tipo.nome}`} maxlength="60" autofocus />
    <//>`;
}

/** The tipos: create, rename, deactivate or reactivate, delete one no evento uses, edit its checklist. */
export function TiposDeEvento({ aoFechar }) {
  const [versao, setVersao] = useState(0);
  const { dados, erro } = useConsulta("/api/eventos/tipos", {}, versao);
  const [checklist, setChecklist] = useState(null);
  const [renomeando, setRenomeando] = useState(null);
  const [excluindo, setExcluindo] = useState(null);
  const [falha, setFalha] = useState("");
  const recarregar = () => setVersao((v) => v + 1);
  async function alternar(tipo) {
    setFalha("");
    try {
      await api.put(`/api/eventos/tipos/${tipo.id}`, { ativo: !tipo.ativo });
      notificar(tipo.ativo ? `Tipo ${tipo.nome} desativado.` : `Tipo ${tipo.nome} reativado.`);
      recarregar();
    } catch (e) {
      if (!(e instanceof ErroApi)) throw e;
      setFalha(e.message);
    }
  }
  async function excluir() {
    await api.excluir(`/api/eventos/tipos/${excluindo.id}`);
    notificar(`Tipo ${excluindo.nome} excluído.`);
    setExcluindo(null);
    recarregar();
  }
  if (checklist) {
    return html`<${ChecklistDoTipo} tipo=${checklist} aoFechar=${() => { setChecklist(null); recarregar(); }} />`;
  }
  if (excluindo) {
    return html`
      <${Confirmacao} titulo="Excluir tipo de evento" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(null)}>
        Excluir o tipo ${excluindo.nome} e o seu checklist? Um tipo que algum evento usa não pode ser excluído: desative-o.
      <//>`;
  }
  return html`
    <${Modal} titulo="Tipos de evento" aoFechar=${aoFechar}>
      ${erro && html`<${Aviso} tipo="erro">${erro.message}<//>`}
      ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
      ${!dados && !erro && html`<${Carregando} />`}
      ${dados && html`
        <ul class="itens" aria-label="Tipos de evento">
          ${dados.items.map((t) => (renomeando === t.id ? html`
            <li key=${t.id}><${Renomear} tipo=${t} aoCancelar=${() => setRenomeando(null)}
              aoSalvar=${() => { setRenomeando(null); recarregar(); }} /></li>` : html`
            <li key=${t.id}>
              <strong>${t.nome}</strong>${!t.ativo && " (inativo)"} — ${plural(t.tarefas, "tarefa", "tarefas")} no checklist
              <span class="acoes-linha">
                <button type="button" class="botao-link" onClick=${() => setChecklist(t)}>Checklist</button>
                <button type="button" class="botao-link" onClick=${() => setRenomeando(t.id)}>Renomear</button>
                <button type="button" class="botao-link" onClick=${() => alternar(t)}>${t.ativo ? "Desativar" : "Reativar"}</button>
                <button type="button" class="botao-link" onClick=${() => setExcluindo(t)}>Excluir</button>
              </span>
            </li>`))}
        </ul>`}
      <${NovoTipo} aoCriar=${recarregar} />
    <//>`;
}
