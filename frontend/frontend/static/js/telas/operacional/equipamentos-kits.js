// Kits: sets of items (created with a multi-select of the items), and allocating a kit — or one
// item — to a sessão of the next 30 days. A refusal (409) shows the server's pt-BR message, which
// names the sessão that already has an item, and every conflict under it.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { hoje } from "../../formatos.js";
import { Aviso, Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { CampoAreaTexto } from "../../ui/campos.js";
import { consulta, useConsulta } from "../../ui/consulta.js";
import { CampoSelecao, CampoTexto, Formulario, limpar, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Lista } from "../../ui/lista.js";
import { somarDias } from "../../ui/periodo.js";
import { plural } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { faixa, rotuloDaCategoria } from "./equipamentos-comum.js";

/** Checkboxes of the empresa's items (the first 500 by name), in a fieldset that shows the server's error. */
function EscolhaDeItens({ valor, aoMudar, erro }) {
  const { dados } = useConsulta("/api/equipamentos", { limit: 500 });
  const marcar = (id, sim) => aoMudar(sim ? [...valor, id] : valor.filter((v) => v !== id));
  return html`
    <fieldset class=${`opcoes${erro ? " com-erro" : ""}`}>
      <legend>Equipamentos do kit</legend>
      ${!dados && html`<p>Carregando…</p>`}
      ${dados?.items.map((item) => html`
        <label key=${item.id} class="opcao">
          <input type="checkbox" checked=${valor.includes(item.id)} aria-invalid=${erro ? "true" : undefined}
            onChange=${(e) => marcar(item.id, e.currentTarget.checked)} />
          ${item.nome} <span class="selo-tipo">${rotuloDaCategoria(item.categoria)}</span>
        </label>`)}
      ${erro && html`<p class="erro-campo">${erro}</p>`}
    </fieldset>`;
}

export function FormularioDeKit({ kit, aoFechar, aoSalvar }) {
  const [excluindo, setExcluindo] = useState(false);
  const form = useFormulario({ nome: kit?.nome ?? "", descricao: kit?.descricao ?? "",
    equipamento_ids: kit?.equipamento_ids ?? [] });
  async function salvar(valores) {
    const corpo = limpar(valores);
    const salvo = kit ? await api.put(`/api/kits/${kit.id}`, corpo) : await api.post("/api/kits", corpo);
    notificar(kit ? `Kit ${salvo.nome} atualizado.` : `Kit ${salvo.nome} criado.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`/api/kits/${kit.id}`);
    notificar(`Kit ${kit.nome} excluído.`);
    aoSalvar();
  }
  return html`
    <${Modal} titulo=${kit ? `Editar kit ${kit.nome}` : "Novo kit"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${kit ? "Salvar" : "Criar kit"} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome do kit" obrigatorio autofocus maxlength="120"
          ajuda="Por exemplo Casamento completo ou Ensaio externo" />
        <${CampoAreaTexto} ...${form.campo("descricao")} rotulo="Descrição" maximo=${2000} />
        <${EscolhaDeItens} ...${form.campo("equipamento_ids")} />
      <//>
      ${kit && html`
        <div class="acoes-registro">
          <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}>Excluir kit</button>
        </div>`}
      ${excluindo && html`
        <${Confirmacao} titulo="Excluir kit" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
          aoFechar=${() => setExcluindo(false)}>
          Excluir o kit ${kit.nome}? O que ele já alocou continua alocado.
        <//>`}
    <//>`;
}

/** The sessões of the next 30 days, as options of a select. */
function useSessoesProximas() {
  const de = hoje();
  const { dados } = useConsulta(`/api/agenda?${consulta({ de, ate: somarDias(de, 30), limit: 500 })}`);
  return [{ valor: "", rotulo: dados ? "Escolha a sessão…" : "Carregando…" },
    ...(dados?.items ?? []).map((s) => ({ valor: String(s.id), rotulo: `${faixa(s.inicio, s.fim)} · ${s.titulo}` }))];
}

function AlocacoesDaSessao({ sessaoId, versao, aoMudar }) {
  const { dados } = useConsulta(sessaoId ? "/api/kits/alocacoes" : null, { sessao_id: sessaoId }, versao);
  if (!dados) return null;
  async function desalocar(a) {
    await api.excluir(`/api/kits/alocacoes/${a.id}`);
    notificar(`${a.equipamento} desalocado.`);
    aoMudar();
  }
  return html`
    <h3>Equipamentos desta sessão</h3>
    ${dados.items.length ? html`
      <ul class="itens">
        ${dados.items.map((a) => html`
          <li key=${a.id}>${a.equipamento}${a.kit && html` <span class="selo-tipo">${a.kit}</span>`}
            <button type="button" class="botao secundario" onClick=${() => desalocar(a)}>Desalocar</button></li>`)}
      </ul>` : html`<p>Nenhum equipamento alocado.</p>`}`;
}

/** Allocates `kit` (or `item`) to a sessão chosen among the next 30 days'. */
export function AlocarNaSessao({ kit, item, aoFechar }) {
  const sessoes = useSessoesProximas();
  const [sessao, setSessao] = useState("");
  const [recusa, setRecusa] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const [versao, setVersao] = useState(0);
  const nome = kit ? `o kit ${kit.nome}` : `o equipamento ${item.nome}`;
  async function alocar() {
    setRecusa(null);
    setEnviando(true);
    try {
      const resposta = kit
        ? await api.post("/api/kits/alocar", { kit_id: kit.id, sessao_id: Number(sessao) })
        : await api.post("/api/equipamentos/alocar", { equipamento_id: item.id, sessao_id: Number(sessao) });
      notificar(`${plural(resposta.alocacoes.length, "equipamento alocado", "equipamentos alocados")} à sessão.`);
      setVersao((n) => n + 1);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setRecusa(falha);
    } finally {
      setEnviando(false);
    }
  }
  return html`
    <${Modal} titulo=${`Alocar ${nome}`} aoFechar=${aoFechar}>
      <${CampoSelecao} nome="sessao" rotulo="Sessão (próximos 30 dias)" valor=${sessao} opcoes=${sessoes}
        aoMudar=${(v) => { setSessao(v); setRecusa(null); }} erro=${recusa?.campos?.sessao_id} />
      ${recusa && html`
        <${Aviso} tipo="erro" titulo="Não foi possível alocar">${recusa.message}<//>
        ${recusa.corpo.conflitos?.length > 1 && html`
          <ul class="itens">${recusa.corpo.conflitos.map((c) => html`<li key=${c.reserva_id}>${c.mensagem}</li>`)}</ul>`}`}
      <div class="acoes">
        <button type="button" class="botao secundario" onClick=${aoFechar}>Concluir</button>
        <button type="button" class="botao primario" disabled=${!sessao || enviando} onClick=${alocar}>
          ${enviando ? "Aguarde…" : "Alocar"}
        </button>
      </div>
      ${sessao && html`<${AlocacoesDaSessao} sessaoId=${sessao} versao=${versao} aoMudar=${() => setVersao((n) => n + 1)} />`}
    <//>`;
}

export function Kits({ escreve }) {
  const [versao, setVersao] = useState(0);
  const [editando, setEditando] = useState(null); // a kit, or {} for a new one
  const [alocando, setAlocando] = useState(null);
  const carregar = ({ cursor, signal }) => api.get("/api/kits", { query: { cursor }, sinal: signal });
  const salvo = () => { setEditando(null); setVersao((v) => v + 1); };
  const colunas = [
    { titulo: "Kit", valor: (k) => k.nome },
    { titulo: "Equipamentos", valor: (k) => k.itens.map((i) => i.nome).join(", ") || "—" },
    ...(escreve ? [{ titulo: "", rotulo: "", valor: (k) => html`
      <button type="button" class="botao secundario" onClick=${(e) => { e.stopPropagation(); setAlocando(k); }}>
        Alocar a uma sessão</button>` }] : []),
  ];
  return html`
    ${escreve && html`
      <div class="barra"><span></span>
        <button type="button" class="botao primario" onClick=${() => setEditando({})}><${Icone} nome="plus" />Novo kit</button>
      </div>`}
    <${Lista} rotulo="Kits" carregar=${carregar} colunas=${colunas} versao=${versao}
      aoSelecionar=${escreve ? setEditando : undefined}
      vazio=${html`<${EstadoVazio} titulo="Nenhum kit montado ainda."
        acao=${escreve && { rotulo: "Montar o primeiro kit", aoClicar: () => setEditando({}) }}>
        Um kit junta os equipamentos que saem juntos — corpos, lentes, flashes — para alocá-los a uma sessão de uma vez.<//>`} />
    ${editando && html`<${FormularioDeKit} kit=${editando.id ? editando : null} aoFechar=${() => setEditando(null)}
      aoSalvar=${salvo} />`}
    ${alocando && html`<${AlocarNaSessao} kit=${alocando} aoFechar=${() => setAlocando(null)} />`}`;
}
