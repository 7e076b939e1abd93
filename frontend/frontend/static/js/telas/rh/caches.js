// Cachês: paying the freelancers of an evento's team. Choosing the evento (or arriving from its
// page, /rh/caches?evento_id=N) shows the preview (GET /api/caches/calcular): each freelancer with
// the cachê, and for the autônomos the RPA's INSS and IRRF with how they were calculated.
// "Pagar cachês" (rh:escrever with financeiro:escrever) stores them and creates the payables in
// Financeiro (POST /api/caches). Below, the cachês registered (GET /api/caches): each opens its
// detail, with the RPA in PDF, "Tentar de novo" when Financeiro was down, and "Cancelar cachê".
// "Configuração" sets the cota patronal and the categoria (GET/PUT /api/caches/configuracao).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarData, hoje } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { useAlternaveis } from "../../ui/alternaveis.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { CampoData, CampoSelecao, Formulario, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Lista } from "../../ui/lista.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { rotuloDaCategoria, useCategorias } from "../../ui/registros.js";
import { Dinheiro, negar, plural } from "../../ui/valores.js";

const SITUACOES = { PROCESSADA: "Lançado", PENDENTE_FINANCEIRO: "Pendente no Financeiro", CANCELADO: "Cancelado" };
const COTAS = [
  { valor: "SIMPLES_NACIONAL", rotulo: "Simples Nacional: já está no DAS" },
  { valor: "20", rotulo: "20 % sobre o cachê, na guia do INSS" },
];
const VALORES = [["bruto", "Cachê"], ["inss", "INSS"], ["irrf", "IRRF"], ["liquido", "Líquido"]];

async function buscarEventos(texto, sinal) {
  const { items } = await api.get("/api/eventos", { query: { q: texto, limit: 50 }, sinal });
  return items.map((e) => ({ valor: e.id, rotulo: `${e.nome} (${formatarData(e.data_inicio)})` }));
}

/** The 400's fields in one sentence, where a confirmation shows only the message. */
function comOsCampos(falha) {
  const campos = Object.values(falha.campos ?? {});
  if (!(falha instanceof ErroApi) || !campos.length) return falha;
  return new ErroApi(falha.status, { ...falha.corpo, error: `${campos.join(". ")}.` });
}

function Memoria({ rubricas }) {
  return html`
    <ul class="problemas">
      ${rubricas.map((r) => html`
        <li key=${r.codigo}>
          <strong>${r.descricao}:</strong> <${Dinheiro} valor=${r.tipo === "DESCONTO" ? negar(r.valor) : r.valor} />
          <details class="widget-detalhes detalhes-tecnicos">
            <summary>Como foi calculado</summary>
            <pre>${r.memo}</pre>
          </details>
        </li>`)}
    </ul>`;
}

function Previa({ eventoId, dataPagamento, lanca, aoPagar }) {
  const { dados, erro, recarregar } = useConsulta("/api/caches/calcular",
    { evento_id: eventoId, data_pagamento: dataPagamento || undefined });
  const [pagando, setPagando] = useState(false);
  const [abertos, alternar] = useAlternaveis();

  async function pagar() {
    let resposta;
    try {
      resposta = await api.post("/api/caches", { evento_id: Number(eventoId), data_pagamento: dataPagamento || null });
    } catch (falha) {
      throw comOsCampos(falha);
    }
    setPagando(false);
    aoPagar(resposta);
  }

  if (erro) {
    const campos = Object.values(erro.campos ?? {});
    return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>
      ${campos.length ? campos.join(". ") : erro.message}<//>`;
  }
  if (!dados || String(dados.evento_id) !== String(eventoId)) return html`<${Carregando} texto="Calculando os cachês…" />`;
  const aPagar = dados.itens.filter((i) => i.cache_id == null).length;
  return html`
    <p class="resumo-relatorio">
      Prévia dos cachês de ${dados.evento_nome}, pagos em ${formatarData(dados.data_pagamento)}: ${
        plural(dados.itens.length, "freelancer", "freelancers")}. Nada é lançado no Financeiro até pagar.
    </p>
    ${aPagar === 0 && html`<p class="ajuda">Os cachês de toda a equipe deste evento já foram registrados (abaixo).</p>`}
    ${lanca && aPagar > 0 && html`
      <div class="acoes-registro">
        <button type="button" class="botao primario" onClick=${() => setPagando(true)}>Pagar cachês</button>
      </div>`}
    <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table">
      <caption class="so-leitor">Cachês de ${dados.evento_nome}</caption>
      <thead role="rowgroup"><tr role="row">
        <th scope="col" role="columnheader">Freelancer</th>
        ${VALORES.map(([, t]) => html`<th scope="col" role="columnheader" class="numero">${t}</th>`)}
        <th scope="col" role="columnheader"><span class="so-leitor">Ações</span></th>
      </tr></thead>
      <tbody role="rowgroup">
        ${dados.itens.map((item) => html`
          <tr role="row" key=${item.fornecedor_id}>
            <td role="cell" data-label="Freelancer">
              ${item.nome} <span class="selo-tipo">${item.rpa ? "RPA" : "Sem retenção"}</span>
              ${item.cache_id != null && html` <span class="selo-tipo">Registrado</span>`}
              <br /><small>${item.papel}</small>
            </td>
            ${VALORES.map(([c, t]) => html`
              <td role="cell" class="numero" data-label=${t}><${Dinheiro} valor=${item[c]} /></td>`)}
            <td role="cell">
              <button type="button" class="botao secundario pequeno" aria-expanded=${abertos.has(item.fornecedor_id) ? "true" : "false"}
                onClick=${() => alternar(item.fornecedor_id)}>
                ${abertos.has(item.fornecedor_id) ? "Fechar cálculo" : "Ver cálculo"}<span class="so-leitor"> de ${item.nome}</span>
              </button>
            </td>
          </tr>
          ${abertos.has(item.fornecedor_id) && html`
            <tr role="row"><td role="cell" colspan="6">
              <${Memoria} rubricas=${item.rubricas} />
              ${item.avisos.length > 0 && html`<p class="ajuda">${item.avisos.join(" ")}</p>`}
            </td></tr>`}`)}
      </tbody>
      <tfoot role="rowgroup">
        <tr role="row" class="linha-total">
          <th scope="row" role="rowheader">Total</th>
          ${VALORES.map(([c, t]) => html`<td role="cell" class="numero" data-label=${t}><${Dinheiro} valor=${dados.totais[c]} /></td>`)}
          <td role="cell"></td>
        </tr>
      </tfoot>
    </table></div>
    ${pagando && html`
      <${Confirmacao} titulo=${`Pagar os cachês de ${dados.evento_nome}`} rotuloConfirmar="Pagar cachês"
        aoConfirmar=${pagar} aoFechar=${() => setPagando(false)}>
        Isto registra ${plural(aPagar, "cachê", "cachês")} (quem ainda não tem o deste evento), numera os RPAs dos
        autônomos e cria no Financeiro a conta a pagar do líquido de cada um, no centro de custo do evento, e a guia
        do INSS e do IRRF retidos.
      <//>`}`;
}

function DetalheDoCache({ id, lanca, aoFechar, aoMudar }) {
  const { dados: c, erro, recarregar } = useConsulta(`/api/caches/${id}`);
  const [cancelando, setCancelando] = useState(false);
  async function enviar(resposta, feito) {
    if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(resposta.aviso, "erro");
    else notificar(feito);
    aoMudar();
  }
  async function sincronizar() {
    enviar(await api.post(`/api/caches/${id}/sincronizar`), "Contas a pagar dos cachês lançadas no Financeiro.");
  }
  async function cancelar() {
    const resposta = await api.excluir(`/api/caches/${id}`);
    setCancelando(false);
    enviar(resposta, `Cachê de ${c.nome} cancelado.`);
  }
  let conteudo;
  if (erro) conteudo = html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  else if (!c) conteudo = html`<${Carregando} />`;
  else {
    conteudo = html`
      <${Detalhes} pares=${[["Evento", c.evento_nome], ["Papel", c.papel], ["RPA", c.numero_rpa ? `nº ${c.numero_rpa}` : "Sem RPA"],
        ["Pagamento", formatarData(c.data_pagamento)], ["Situação", SITUACOES[c.situacao] ?? c.situacao]]} />
      <${Memoria} rubricas=${c.rubricas} />
      <div class="acoes-linha">
        ${c.numero_rpa && html`
          <a class="botao secundario" href=${`/api/caches/${id}/rpa.pdf`} download>
            <${Icone} nome="download" />RPA (PDF)
          </a>`}
        ${lanca && c.situacao === "PENDENTE_FINANCEIRO" && html`
          <button type="button" class="botao secundario" onClick=${sincronizar}>Tentar de novo</button>`}
        ${lanca && c.situacao !== "CANCELADO" && html`
          <button type="button" class="botao perigo" onClick=${() => setCancelando(true)}>Cancelar cachê</button>`}
      </div>
      ${cancelando && html`
        <${Confirmacao} titulo="Cancelar cachê" rotuloConfirmar="Cancelar cachê" perigo aoConfirmar=${cancelar}
          aoFechar=${() => setCancelando(false)}>
          Cancelar o cachê de ${c.nome} e a conta a pagar dele no Financeiro? Um cachê já pago não se cancela.
        <//>`}`;
  }
  return html`<${Modal} titulo=${c ? `Cachê de ${c.nome}` : "Cachê"} aoFechar=${aoFechar}>${conteudo}<//>`;
}

function Configuracao({ aoFechar }) {
  const { dados, erro, recarregar } = useConsulta("/api/caches/configuracao");
  const categorias = useCategorias("DESPESA");
  if (erro) return html`<${Modal} titulo="Configuração dos cachês" aoFechar=${aoFechar}><${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//><//>`;
  if (!dados) return html`<${Modal} titulo="Configuração dos cachês" aoFechar=${aoFechar}><${Carregando} /><//>`;
  return html`<${FormularioDaConfiguracao} atual=${dados} categorias=${categorias} aoFechar=${aoFechar} />`;
}

function FormularioDaConfiguracao({ atual, categorias, aoFechar }) {
  const form = useFormulario({ cota_patronal: atual.cota_patronal, categoria_id: atual.categoria_id ? String(atual.categoria_id) : "" });
  async function salvar(valores) {
    await api.put("/api/caches/configuracao", { cota_patronal: valores.cota_patronal,
      categoria_id: valores.categoria_id ? Number(valores.categoria_id) : null });
    notificar("Configuração dos cachês salva.");
    aoFechar();
  }
  return html`
    <${Modal} titulo="Configuração dos cachês" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar configuração" aoCancelar=${aoFechar}>
        <${CampoSelecao} ...${form.campo("cota_patronal")} rotulo="Cota patronal sobre autônomos" opcoes=${COTAS}
          ajuda="Lei 8.212, art. 22, III: 20 % sobre o que se paga ao contribuinte individual, salvo no Simples Nacional" />
        <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria dos cachês"
          opcoes=${[{ valor: "", rotulo: categorias ? "Automática: a de despesa com cachê, terceiros ou freela no nome" : "Carregando…" },
            ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))]}
          ajuda=${categorias?.erro || "A conta de pagamento e a categoria da guia são as da configuração da folha"} />
      <//>
    <//>`;
}

const COLUNAS = [
  { titulo: "Evento", valor: (c) => c.evento_nome },
  { titulo: "Freelancer", valor: (c) => c.nome },
  { titulo: "RPA", valor: (c) => (c.numero_rpa ? `nº ${c.numero_rpa}` : "—") },
  { titulo: "Mês", valor: (c) => nomeDoMes(c.competencia.slice(0, 7)) },
  ...VALORES.map(([campo, titulo]) => ({ titulo, classe: "numero", valor: (c) => html`<${Dinheiro} valor=${c[campo]} />` })),
  { titulo: "Situação", valor: (c) => SITUACOES[c.situacao] ?? c.situacao },
];

export function Caches({ usuario }) {
  const escreve = pode(usuario, "rh:escrever");
  const lanca = escreve && pode(usuario, "financeiro:escrever");
  const [f, definir] = useFiltrosNaUrl({ evento_id: "" });
  const eventoId = /^\d+$/.test(f.evento_id) ? f.evento_id : "";
  const [dataPagamento, setDataPagamento] = useState(hoje());
  const [versao, setVersao] = useState(0);
  const [aberto, setAberto] = useState(null);
  const [configurando, setConfigurando] = useState(false);
  const [avisos, setAvisos] = useState([]);
  // The chosen evento's name, for the field when the page opens on it (from the evento's page).
  const evento = useConsulta(eventoId ? `/api/eventos/${eventoId}` : null).dados;
  const nomeDoEvento = evento && String(evento.id) === eventoId ? `${evento.nome} (${formatarData(evento.data_inicio)})` : "";

  function pagou(resposta) {
    const n = resposta.caches.length;
    if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(`${plural(n, "cachê registrado", "cachês registrados")}. ${resposta.aviso}`, "erro");
    else notificar(`${plural(n, "cachê registrado", "cachês registrados")}: contas a pagar criadas no Financeiro.`);
    setAvisos(resposta.configuracao_usada);
    setVersao((v) => v + 1);
  }
  const carregar = ({ cursor, signal }) => api.get("/api/caches", { query: { cursor, evento_id: eventoId || undefined }, sinal: signal });
  return html`
    <div class="barra">
      <div class="linha-campos">
        <${CampoEscolha} key=${nomeDoEvento} nome="evento_id" rotulo="Evento" valor=${eventoId ? Number(eventoId) : null}
          rotuloInicial=${nomeDoEvento}
          aoMudar=${(id) => { setAvisos([]); definir({ evento_id: id ? String(id) : "" }); }}
          buscar=${buscarEventos} vazio="Nenhum evento encontrado." />
        ${eventoId && html`<${CampoData} nome="data_pagamento" rotulo="Data do pagamento" valor=${dataPagamento}
          aoMudar=${(d) => setDataPagamento(d)} ajuda="O mês dela soma os cachês para o teto do INSS e o IRRF" />`}
      </div>
      ${escreve && html`
        <button type="button" class="botao secundario" onClick=${() => setConfigurando(true)}>Configuração</button>`}
    </div>
    ${avisos.length > 0 && html`
      <${Aviso} titulo="Sem configuração, as contas a pagar foram lançadas assim">
        <ul class="problemas">${avisos.map((a) => html`<li key=${a}>${a}</li>`)}</ul>
      <//>`}
    ${eventoId
      ? html`<${Previa} key=${`${eventoId}-${versao}-${dataPagamento}`} eventoId=${eventoId} dataPagamento=${/^\d{4}-\d{2}-\d{2}$/.test(dataPagamento ?? "") ? dataPagamento : ""}
          lanca=${lanca} aoPagar=${pagou} />`
      : html`<p class="ajuda">Escolha um evento para ver os cachês da equipe dele.</p>`}
    <h3 class="titulo-secao">Cachês registrados</h3>
    <${Lista} rotulo="Cachês registrados" carregar=${carregar} colunas=${COLUNAS} filtros=${{ evento_id: eventoId }}
      versao=${versao} aoSelecionar=${(c) => setAberto(c.id)}
      vazio="Nenhum cachê registrado ainda: pague os cachês de um evento para vê-los aqui." />
    ${aberto && html`<${DetalheDoCache} id=${aberto} lanca=${lanca} aoFechar=${() => setAberto(null)}
      aoMudar=${() => { setAberto(null); setVersao((v) => v + 1); }} />`}
    ${configurando && html`<${Configuracao} aoFechar=${() => setConfigurando(false)} />`}`;
}
