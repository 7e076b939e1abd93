// A sessão of the agenda in a dialog: create or edit it (title, tipo, start and end as date + hour,
// travel/setup buffers, local, evento, team, notes), delete it, or only read it. A person of the team
// already in another sessão at that time makes the API answer 409 conflito_de_equipe: the dialog
// shows who and where, and "Salvar mesmo assim" saves with confirmar_conflitos.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarData } from "../../formatos.js";
import { CampoAreaTexto } from "../../ui/campos.js";
import { Aviso, Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoData, CampoSelecao, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { sufixoDaPessoa } from "./eventos-equipe.js";

export const ROTULOS_DOS_TIPOS = {
  ensaio: "Ensaio", cerimonia: "Cerimônia", festa: "Festa", reuniao: "Reunião", entrega: "Entrega", outro: "Outro",
};
const TIPOS = Object.entries(ROTULOS_DOS_TIPOS).map(([valor, rotulo]) => ({ valor, rotulo }));
const FUSO = "America/Sao_Paulo";
const deslocamento = new Intl.DateTimeFormat("en-US", { timeZone: FUSO, timeZoneName: "longOffset" });

/** "2026-12-07T14:00:00-03:00" → "14:00" (the API gives São Paulo's offset). */
export const hora = (instante) => instante.slice(11, 16);

/** A São Paulo date and hour as the API's ISO 8601 with offset: ("2026-12-07", "14:00") → "…T14:00:00-03:00". */
function instante(dia, horario) {
  const aproximado = new Date(`${dia}T${horario}:00Z`);
  const nome = deslocamento.formatToParts(aproximado).find((p) => p.type === "timeZoneName").value;
  const offset = nome === "GMT" ? "+00:00" : nome.replace("GMT", "");
  return `${dia}T${horario}:00${offset}`;
}

const chaveDoMembro = (m) => (m.usuario_id != null ? `usuario:${m.usuario_id}`
  : m.fornecedor_id != null ? `fornecedor:${m.fornecedor_id}` : `funcionario:${m.funcionario_id}`);

function inicial(sessao, dia) {
  if (!sessao) {
    return { titulo: "", tipo: "ensaio", inicio: dia, hora_inicio: "14:00", fim: dia, hora_fim: "16:00", antes_min: "0",
      depois_min: "0", local: "", evento_id: "", observacoes: "" };
  }
  return { titulo: sessao.titulo, tipo: sessao.tipo, inicio: sessao.inicio.slice(0, 10), hora_inicio: hora(sessao.inicio),
    fim: sessao.fim.slice(0, 10), hora_fim: hora(sessao.fim), antes_min: String(sessao.antes_min),
    depois_min: String(sessao.depois_min), local: sessao.local ?? "", evento_id: sessao.evento_id ? String(sessao.evento_id) : "",
    observacoes: sessao.observacoes ?? "" };
}

/** The request body from the form's values; a date or hour not filled leaves its field out (the API names it). */
function corpoDa(valores, equipe, confirmar) {
  const corpo = {
    titulo: valores.titulo.trim(), tipo: valores.tipo, local: valores.local.trim() || null,
    observacoes: valores.observacoes.trim() || null, evento_id: valores.evento_id ? Number(valores.evento_id) : null,
    antes_min: Number(valores.antes_min || 0), depois_min: Number(valores.depois_min || 0),
    equipe: equipe.map((m) => ({ usuario_id: m.usuario_id ?? null, fornecedor_id: m.fornecedor_id ?? null,
      funcionario_id: m.funcionario_id ?? null, papel: m.papel || null })),
    confirmar_conflitos: confirmar,
  };
  if (valores.inicio && valores.hora_inicio) corpo.inicio = instante(valores.inicio, valores.hora_inicio);
  if (valores.fim && valores.hora_fim) corpo.fim = instante(valores.fim, valores.hora_fim);
  return corpo;
}

function EditorDeEquipe({ equipe, aoMudar, erro }) {
  const membros = useConsulta("/api/eventos/membros").dados?.items ?? [];
  const [escolhido, setEscolhido] = useState("");
  const [papel, setPapel] = useState("");
  const usados = new Set(equipe.map(chaveDoMembro));
  const livres = membros.filter((m) => !usados.has(`${m.tipo}:${m.id}`));
  function adicionar() {
    const membro = membros.find((m) => `${m.tipo}:${m.id}` === escolhido);
    if (!membro) return;
    aoMudar([...equipe, { [`${membro.tipo}_id`]: membro.id, nome: membro.nome, papel: papel.trim() || null }]);
    setEscolhido("");
    setPapel("");
  }
  return html`
    <fieldset class=${`equipe-sessao${erro ? " com-erro" : ""}`}>
      <legend>Equipe</legend>
      ${equipe.length ? html`
        <ul class="equipe-lista">
          ${equipe.map((m) => html`
            <li key=${chaveDoMembro(m)}>
              <span>${m.nome ?? "Pessoa"}${m.papel && html` <span class="papel">(${m.papel})</span>`}</span>
              <button type="button" class="botao secundario" aria-label=${`Tirar ${m.nome ?? "pessoa"} da equipe`}
                onClick=${() => aoMudar(equipe.filter((o) => chaveDoMembro(o) !== chaveDoMembro(m)))}><${Icone} nome="x" /></button>
            </li>`)}
        </ul>` : html`<p class="ajuda">Ninguém na equipe ainda.</p>`}
      <div class="equipe-adicionar">
        <label>
          <span>Pessoa</span>
          <select value=${escolhido} onChange=${(e) => setEscolhido(e.currentTarget.value)} aria-label="Pessoa da equipe">
            <option value="">Escolha…</option>
            ${livres.map((m) => html`<option key=${`${m.tipo}:${m.id}`} value=${`${m.tipo}:${m.id}`}>
              ${m.nome}${sufixoDaPessoa(m.tipo)}</option>`)}
          </select>
        </label>
        <label>
          <span>Papel (opcional)</span>
          <input type="text" maxlength="60" value=${papel} onInput=${(e) => setPapel(e.currentTarget.value)}
            placeholder="Fotógrafo, assistente…" />
        </label>
        <button type="button" class="botao secundario" onClick=${adicionar} disabled=${!escolhido}>
          <${Icone} nome="plus" />Adicionar à equipe</button>
      </div>
      ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
    </fieldset>`;
}

function opcoesDeEventos(eventos, sessao) {
  const opcoes = [{ valor: "", rotulo: "Nenhum" }, ...eventos.map((e) => ({
    valor: String(e.id), rotulo: `${e.nome} (${formatarData(e.data_inicio)})` }))];
  if (sessao?.evento_id && !eventos.some((e) => e.id === sessao.evento_id)) {
    opcoes.push({ valor: String(sessao.evento_id), rotulo: sessao.evento ?? `Evento ${sessao.evento_id}` });
  }
  return opcoes;
}

export function FormularioDeSessao({ sessao, dia, aoFechar, aoSalvar }) {
  const form = useFormulario(inicial(sessao, dia));
  const [equipe, setEquipe] = useState(sessao?.equipe ?? []);
  const [conflitos, setConflitos] = useState(null);
  const [excluindo, setExcluindo] = useState(false);
  const eventos = useConsulta("/api/eventos", { limit: 500 }).dados?.items ?? [];
  const campoEquipe = form.campo("equipe");

  async function gravar(valores, confirmar) {
    setConflitos(null);
    const corpo = corpoDa(valores, equipe, confirmar);
    try {
      const salva = sessao ? await api.put(`/api/agenda/${sessao.id}`, corpo) : await api.post("/api/agenda", corpo);
      const aviso = salva.avisos.length ? ` Atenção: ${salva.avisos.map((a) => a.mensagem).join("; ")}.` : "";
      notificar(`Sessão ${salva.titulo} ${sessao ? "atualizada" : "criada"}.${aviso}`, salva.avisos.length ? "info" : "sucesso");
      aoSalvar();
    } catch (erro) {
      if (!(erro instanceof ErroApi) || erro.code !== "conflito_de_equipe") throw erro;
      setConflitos(erro.corpo.conflitos ?? [{ mensagem: erro.message }]);
    }
  }
  async function excluir() {
    await api.excluir(`/api/agenda/${sessao.id}`);
    notificar(`Sessão ${sessao.titulo} excluída.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${sessao ? `Sessão ${sessao.titulo}` : "Nova sessão"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${(v) => gravar(v, false)} rotuloEnviar=${sessao ? "Salvar" : "Criar sessão"}
        aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("titulo")} rotulo="Título" obrigatorio autofocus maxlength="120"
          ajuda="Por exemplo: Ensaio gestante da Ana" />
        <${CampoSelecao} ...${form.campo("tipo")} rotulo="Tipo" opcoes=${TIPOS} />
        <div class="linha-campos">
          <${CampoData} ...${form.campo("inicio")} rotulo="Início (data)" obrigatorio />
          <${CampoTexto} ...${form.campo("hora_inicio")} tipo="time" rotulo="Hora de início" obrigatorio />
        </div>
        <div class="linha-campos">
          <${CampoData} ...${form.campo("fim")} rotulo="Término (data)" obrigatorio />
          <${CampoTexto} ...${form.campo("hora_fim")} tipo="time" rotulo="Hora de término" obrigatorio />
        </div>
        <div class="linha-campos">
          <${CampoTexto} ...${form.campo("antes_min")} tipo="number" min="0" max="1440" rotulo="Folga antes (min)"
            ajuda="Deslocamento e montagem" />
          <${CampoTexto} ...${form.campo("depois_min")} tipo="number" min="0" max="1440" rotulo="Folga depois (min)"
            ajuda="Desmontagem e volta" />
        </div>
        <${CampoTexto} ...${form.campo("local")} rotulo="Local" maxlength="200" />
        <${CampoSelecao} ...${form.campo("evento_id")} rotulo="Evento" opcoes=${opcoesDeEventos(eventos, sessao)} />
        <${EditorDeEquipe} equipe=${equipe} aoMudar=${(nova) => { setEquipe(nova); setConflitos(null); }} erro=${campoEquipe.erro} />
        <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} />
        ${conflitos && html`
          <${Aviso} tipo="erro" titulo="Conflito de equipe" rotuloAcao="Salvar mesmo assim"
            acao=${() => form.enviar((v) => gravar(v, true))}>
            ${conflitos.map((c) => html`<span class="conflito-linha" key=${`${c.sessao_id}-${c.nome}`}>${c.mensagem}.</span>`)}
            ${" "}Ajuste o horário ou a equipe, ou salve mesmo assim.
          <//>`}
      <//>
      ${sessao && html`
        <div class="acoes acoes-registro">
          <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}><${Icone} nome="trash" />Excluir sessão</button>
        </div>`}
      ${excluindo && html`
        <${Confirmacao} titulo="Excluir sessão" perigo rotuloConfirmar="Excluir" aoConfirmar=${excluir}
          aoFechar=${() => setExcluindo(false)}>
          Excluir a sessão ${sessao.titulo}? A equipe e os equipamentos reservados para ela são liberados.
        <//>`}
    <//>`;
}

export function DetalhesDaSessao({ sessao, aoFechar }) {
  const quando = `${formatarData(sessao.inicio)} ${hora(sessao.inicio)} – ${formatarData(sessao.fim)} ${hora(sessao.fim)}`;
  return html`
    <${Modal} titulo=${`Sessão ${sessao.titulo}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["Tipo", ROTULOS_DOS_TIPOS[sessao.tipo]], ["Quando", quando],
        ["Folgas", `${sessao.antes_min} min antes, ${sessao.depois_min} min depois`], ["Local", sessao.local],
        ["Evento", sessao.evento],
        ["Equipe", sessao.equipe.map((m) => (m.papel ? `${m.nome} (${m.papel})` : m.nome)).join(", ")],
        ["Observações", sessao.observacoes]]} />
    <//>`;
}
