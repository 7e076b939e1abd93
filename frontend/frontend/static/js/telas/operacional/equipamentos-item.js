// One item: the form to create or edit it, and its dialog — who has it (check-out / check-in), its
// maintenance windows and what takes it in the coming weeks.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData, formatarMoeda, hoje } from "../../formatos.js";
import { Aviso, Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { CampoAreaTexto } from "../../ui/campos.js";
import { consulta, useConsulta } from "../../ui/consulta.js";
import {
  CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar, useFormulario,
} from "../../ui/formulario.js";
import { somarDias } from "../../ui/periodo.js";
import {
  CATEGORIAS, CONDICOES, ComQuem, ESTADOS, SeloEstado, faixa, instante, rotuloDaCategoria,
} from "./equipamentos-comum.js";
import { sufixoDaPessoa } from "./eventos-equipe.js";

export function FormularioDeEquipamento({ item, aoFechar, aoSalvar }) {
  const [excluindo, setExcluindo] = useState(false);
  const form = useFormulario({
    nome: item?.nome ?? "", categoria: item?.categoria ?? "camera", marca: item?.marca ?? "",
    modelo: item?.modelo ?? "", numero_serie: item?.numero_serie ?? "", valor: item?.valor ?? null,
    data_aquisicao: item?.data_aquisicao ?? null, estado: item?.estado ?? "disponivel",
    observacoes: item?.observacoes ?? "",
  });
  async function salvar(valores) {
    const corpo = limpar(valores);
    const salvo = item ? await api.put(`/api/equipamentos/${item.id}`, corpo) : await api.post("/api/equipamentos", corpo);
    notificar(item ? `Equipamento ${salvo.nome} atualizado.` : `Equipamento ${salvo.nome} cadastrado.`);
    aoSalvar(salvo);
  }
  async function excluir() {
    await api.excluir(`/api/equipamentos/${item.id}`);
    notificar(`Equipamento ${item.nome} excluído.`);
    aoSalvar(null);
  }
  return html`
    <${Modal} titulo=${item ? `Editar ${item.nome}` : "Novo equipamento"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${item ? "Salvar" : "Cadastrar equipamento"}
        aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="120"
          ajuda="Como a equipe chama o item, por exemplo Canon R6 #2" />
        <${CampoSelecao} ...${form.campo("categoria")} rotulo="Categoria" opcoes=${CATEGORIAS} />
        <${CampoTexto} ...${form.campo("marca")} rotulo="Marca" maxlength="60" />
        <${CampoTexto} ...${form.campo("modelo")} rotulo="Modelo" maxlength="60" />
        <${CampoTexto} ...${form.campo("numero_serie")} rotulo="Número de série" maxlength="80"
          ajuda="Único no estúdio" />
        <${CampoMoeda} ...${form.campo("valor")} rotulo="Valor (R$)" />
        <${CampoData} ...${form.campo("data_aquisicao")} rotulo="Data de aquisição" />
        <${CampoSelecao} ...${form.campo("estado")} rotulo="Estado" opcoes=${ESTADOS}
          ajuda="Baixado: vendido, perdido ou inutilizado; não pode mais ser alocado" />
        <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} />
      <//>
      ${item && html`
        <div class="acoes-registro">
          <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}>Excluir equipamento</button>
        </div>`}
      ${excluindo && html`
        <${Confirmacao} titulo="Excluir equipamento" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
          aoFechar=${() => setExcluindo(false)}>
          Excluir o equipamento ${item.nome}? Um equipamento com histórico não é excluído: marque-o como baixado.
        <//>`}
    <//>`;
}

function FormularioDeSaida({ item, aoSalvar }) {
  const { dados: membros } = useConsulta("/api/eventos/membros");
  const form = useFormulario({ responsavel: "", observacao: "" });
  const opcoes = [{ valor: "", rotulo: "Escolha…" }, ...(membros?.items ?? []).map((m) => ({
    valor: `${m.tipo}:${m.id}`, rotulo: `${m.nome}${sufixoDaPessoa(m.tipo)}` }))];
  async function sair(valores) {
    const [tipo, id] = valores.responsavel.split(":");
    await api.post(`/api/equipamentos/${item.id}/saida`, {
      responsavel: id ? { [`${tipo}_id`]: Number(id) } : {}, observacao: limpar(valores).observacao,
    });
    notificar(`Saída de ${item.nome} registrada.`);
    aoSalvar();
  }
  return html`
    <h3>Registrar saída</h3>
    <${Formulario} form=${form} aoEnviar=${sair} rotuloEnviar="Registrar saída">
      <${CampoSelecao} ...${form.campo("responsavel")} rotulo="Com quem vai" opcoes=${opcoes} obrigatorio />
      <${CampoTexto} ...${form.campo("observacao")} rotulo="Observação" maxlength="1000" />
    <//>`;
}

function FormularioDeRetorno({ item, aoSalvar }) {
  const form = useFormulario({ condicao: "ok", observacao: "" });
  async function voltar(valores) {
    await api.post(`/api/equipamentos/${item.id}/retorno`, limpar(valores));
    notificar(`Retorno de ${item.nome} registrado.`);
    aoSalvar();
  }
  return html`
    <h3>Registrar retorno</h3>
    <${Formulario} form=${form} aoEnviar=${voltar} rotuloEnviar="Registrar retorno">
      <${CampoSelecao} ...${form.campo("condicao")} rotulo="Condição" opcoes=${CONDICOES} />
      <${CampoTexto} ...${form.campo("observacao")} rotulo="Observação" maxlength="1000" />
    <//>`;
}

function Manutencoes({ item, escreve, aoMudar }) {
  const [versao, setVersao] = useState(0);
  const { dados } = useConsulta(`/api/equipamentos/${item.id}/manutencoes`, {}, versao);
  const form = useFormulario({ dia: hoje(), inicio: "09:00", dia_fim: hoje(), fim: "18:00", motivo: "" });
  async function agendar(v) {
    await api.post(`/api/equipamentos/${item.id}/manutencoes`, {
      inicio: v.dia && instante(v.dia, v.inicio), fim: v.dia_fim && instante(v.dia_fim, v.fim), motivo: limpar(v).motivo,
    });
    notificar("Manutenção agendada.");
    setVersao((n) => n + 1);
    aoMudar();
  }
  async function cancelar(m) {
    await api.excluir(`/api/equipamentos/${item.id}/manutencoes/${m.id}`);
    setVersao((n) => n + 1);
    aoMudar();
  }
  return html`
    <h3>Manutenções</h3>
    ${dados?.items.length ? html`
      <ul class="itens">
        ${dados.items.map((m) => html`
          <li key=${m.id}>${faixa(m.inicio, m.fim)} — ${m.motivo}
            ${escreve && html` <button type="button" class="botao secundario" onClick=${() => cancelar(m)}>Cancelar</button>`}
          </li>`)}
      </ul>` : html`<p>Nenhuma manutenção agendada.</p>`}
    ${escreve && html`
      <${Formulario} form=${form} aoEnviar=${agendar} rotuloEnviar="Agendar manutenção">
        <${CampoData} ...${form.campo("dia")} rotulo="Início (dia)" obrigatorio />
        <${CampoTexto} ...${form.campo("inicio")} rotulo="Início (hora)" tipo="time" obrigatorio />
        <${CampoData} ...${form.campo("dia_fim")} rotulo="Fim (dia)" obrigatorio />
        <${CampoTexto} ...${form.campo("fim")} rotulo="Fim (hora)" tipo="time" obrigatorio />
        <${CampoTexto} ...${form.campo("motivo")} rotulo="Motivo" obrigatorio maxlength="500"
          ajuda="Nesse intervalo o equipamento não pode ser alocado a sessões" />
      <//>`}`;
}

function ProximosCompromissos({ item, versao }) {
  const de = hoje();
  const { dados } = useConsulta(`/api/equipamentos/${item.id}/agenda?${consulta({ de, ate: somarDias(de, 60) })}`, {}, versao);
  if (!dados) return null;
  return html`
    <h3>Próximos 60 dias</h3>
    ${dados.items.length ? html`
      <ul class="itens">
        ${dados.items.map((c) => html`
          <li key=${c.id}>${faixa(c.inicio, c.fim)} — ${c.manutencao ? `Manutenção: ${c.motivo}` : c.sessao}
            ${c.kit && html` <span class="selo-tipo">${c.kit}</span>`}</li>`)}
      </ul>` : html`<p>Livre nos próximos 60 dias.</p>`}`;
}

/** The item's dialog: its details, check-out / check-in, maintenance and agenda. */
export function DialogoDoEquipamento({ id, escreve, aoFechar, aoMudar }) {
  const [versao, setVersao] = useState(0);
  const [editando, setEditando] = useState(false);
  const { dados: item, erro } = useConsulta(`/api/equipamentos/${id}`, {}, versao);
  const mudou = () => { setVersao((n) => n + 1); aoMudar(); };
  if (erro) return html`<${Modal} titulo="Equipamento" aoFechar=${aoFechar}><${Aviso} tipo="erro">${erro.message}<//><//>`;
  if (!item) return null;
  if (editando) {
    return html`<${FormularioDeEquipamento} item=${item} aoFechar=${() => setEditando(false)}
      aoSalvar=${(salvo) => { setEditando(false); if (salvo) mudou(); else { aoMudar(); aoFechar(); } }} />`;
  }
  return html`
    <${Modal} titulo=${item.nome} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["Categoria", rotuloDaCategoria(item.categoria)], ["Marca / modelo", [item.marca, item.modelo].filter(Boolean).join(" ")],
        ["Número de série", item.numero_serie], ["Valor", item.valor && formatarMoeda(item.valor)],
        ["Aquisição", formatarData(item.data_aquisicao)], ["Estado", html`<${SeloEstado} item=${item} />`],
        ["Com quem está", html`<${ComQuem} item=${item} />`], ["Observações", item.observacoes],
      ]} />
      ${escreve && html`<button type="button" class="botao secundario" onClick=${() => setEditando(true)}>Editar</button>`}
      ${escreve && item.estado !== "baixado" && (item.com
        ? html`<${FormularioDeRetorno} item=${item} aoSalvar=${mudou} />`
        : html`<${FormularioDeSaida} item=${item} aoSalvar=${mudou} />`)}
      <${Manutencoes} item=${item} escreve=${escreve} aoMudar=${mudou} />
      <${ProximosCompromissos} item=${item} versao=${versao} />
    <//>`;
}
