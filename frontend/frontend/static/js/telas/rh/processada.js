// A processed folha (GET /api/folha/<id>): when and in which versão it was closed, the payables it
// has in Financeiro (GET /api/lancamentos?origem=folha:<id>, each a link to the ledger), and the
// holerites as they were stored — not the live preview. "Reprocessar" (rh:escrever with
// financeiro:escrever, after a confirmation) computes the month again from today's data and names
// the payables Financeiro could not change because they were already paid; while Financeiro has
// not taken the payables (PENDENTE_FINANCEIRO), "Tentar de novo" sends them again. Its files
// (rh-api's exports: holerites PDF, resumo XLSX, the accounting journal and the accountant's
// variables) are plain links, which carry the session's cookie as any link does. Shown by
// "Folha do mês" for a processed month and on its own page, /rh/folha/<id>, from the history.
// "Arquivo de pagamento (CNAB 240)" makes the salaries' bank file in Financeiro (./pagamento.js).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData, formatarDataHora } from "../../formatos.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, notificar } from "../../ui/componentes.js";
import { consulta, useConsulta } from "../../ui/consulta.js";
import { Icone } from "../../ui/icone.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { Dinheiro, plural, somar } from "../../ui/valores.js";
import { SeloStatus } from "../../ui/status-lancamento.js";
import { nomeDaFolha } from "./decimo-terceiro.js";
import { TabelaDaFolha } from "./holerites.js";
import { ArquivoDePagamento } from "./pagamento.js";

export const rotaDaFolha = (id) => `/rh/folha/${id}`;

/** The ledger narrowed to one payable: every date, searched by its description. */
const rotaDoLancamento = (l) => `/financeiro?${consulta({ periodo: "tudo", q: l.descricao.slice(0, 100) })}`;

// What Financeiro keeps of a folha: the cancelled ones (of an earlier versão) are history.
const VALIDOS = ["PENDENTE", "PARCIAL", "PAGO"];

/** The folha's payables in Financeiro (which someone without `financeiro:ler` is not shown). */
function ContasAPagar({ folha, versao, naoAlterados }) {
  const caminho = `/api/lancamentos?${consulta({ origem: `folha:${folha.id}`, status: VALIDOS, limit: 500 })}`;
  const { dados, erro, recarregar } = useConsulta(caminho, {}, versao);
  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!dados) {
    conteudo = html`<${Carregando} texto="Carregando as contas a pagar…" />`;
  } else if (!dados.items.length) {
    conteudo = html`<p class="ajuda">Nenhuma conta a pagar desta folha no Financeiro ainda.</p>`;
  } else {
    conteudo = html`
      <div class="lista"><table class="tabela-cartoes" role="table">
        <caption class="so-leitor">Contas a pagar da folha de ${nomeDoMes(folha.competencia.slice(0, 7))}</caption>
        <thead role="rowgroup"><tr role="row">
          <th scope="col" role="columnheader">Descrição</th>
          <th scope="col" role="columnheader">Vencimento</th>
          <th scope="col" role="columnheader">Situação</th>
          <th scope="col" role="columnheader" class="numero">Valor</th>
        </tr></thead>
        <tbody role="rowgroup">
          ${dados.items.map((l) => html`
            <tr key=${l.id} role="row">
              <td role="cell" data-label="Descrição">
                <a href=${rotaDoLancamento(l)}>${l.descricao}</a>
                ${naoAlterados.has(l.id) && html` <span class="selo-tipo">Não alterada: já paga</span>`}
              </td>
              <td role="cell" data-label="Vencimento">${formatarData(l.data_vencimento)}</td>
              <td role="cell" data-label="Situação"><${SeloStatus} lancamento=${l} /></td>
              <td role="cell" class="numero" data-label="Valor"><${Dinheiro} valor=${l.valor} /></td>
            </tr>`)}
        </tbody>
      </table></div>`;
  }
  return conteudo;
}

/** What Financeiro kept as it was because it was paid already (a reprocessing's answer); the rows below say which. */
function NaoAlterados({ lancamentos }) {
  if (!lancamentos.length) return null;
  const um = lancamentos.length === 1;
  return html`
    <${Aviso} titulo="Contas já pagas não foram alteradas">
      ${um ? "Uma conta a pagar já paga (no todo ou em parte) ficou como estava" : `${lancamentos.length} contas a pagar
      já pagas (no todo ou em parte) ficaram como estavam`} no Financeiro, somando <${Dinheiro}
      valor=${somar(lancamentos.map((l) => l.valor))} />: ${um ? "está marcada" : "estão marcadas"} abaixo. Acerte a
      diferença no Financeiro.
    <//>`;
}

// rh-api's HOLERITES_POR_ARQUIVO: a larger folha's holerites come in parts of this many.
const HOLERITES_POR_ARQUIVO = 500;

/** The holerites' PDF: one file, or one per part of HOLERITES_POR_ARQUIVO, by name. */
function pdfsDosHolerites(quantos) {
  const partes = Math.ceil(quantos / HOLERITES_POR_ARQUIVO);
  if (partes <= 1) return [["holerites.pdf", "Holerites (PDF)"]];
  return Array.from({ length: partes }, (_, i) => [
    `holerites.pdf?parte=${i + 1}`,
    `Holerites ${i * HOLERITES_POR_ARQUIVO + 1}–${Math.min((i + 1) * HOLERITES_POR_ARQUIVO, quantos)} (PDF)`,
  ]);
}

/** The folha's files to download, as stored (a reprocessing changes them with the holerites). */
function Arquivos({ folha }) {
  const base = `/api/folha/${folha.id}`;
  const arquivos = [
    ...pdfsDosHolerites(folha.holerites.length),
    ["resumo.xlsx", "Resumo (Excel)"],
    ["diario.csv", "Lançamentos contábeis (CSV)"],
    ["variaveis.csv", "Variáveis para o contador (CSV)"],
  ];
  return html`
    <div class="acoes-registro">
      ${arquivos.map(([arquivo, rotulo]) => html`
        <a key=${arquivo} class="botao secundario" href=${`${base}/${arquivo}`} download>
          <${Icone} nome="download" />${rotulo}</a>`)}
    </div>
    <p class="ajuda">Os holerites trazem a memória de cálculo de cada rubrica. Os lançamentos contábeis (débito e
      crédito por rubrica) e as variáveis do mês vão para o escritório contábil; CSV com ponto e vírgula e vírgula
      decimal.</p>`;
}

/** `id`: the folha's; `aoMudar()` after it was reprocessed or sent again. */
export function FolhaProcessada({ id, usuario, aoMudar }) {
  // Reprocessing and sending again change Financeiro's payables in this person's name.
  const escreve = pode(usuario, "rh:escrever") && pode(usuario, "financeiro:escrever");
  const [versao, setVersao] = useState(0);
  const [reprocessando, setReprocessando] = useState(false);
  const [naoAlterados, setNaoAlterados] = useState([]);
  const [enviando, setEnviando] = useState(false);
  const [pagando, setPagando] = useState(false);
  const { dados: folha, erro, recarregar } = useConsulta(`/api/folha/${id}`, {}, versao);

  function mudou() {
    setVersao((v) => v + 1);
    aoMudar?.();
  }
  async function reprocessar() {
    const resposta = await api.post(`/api/folha/${id}/reprocessar`);
    setReprocessando(false);
    setNaoAlterados(resposta.lancamentos.filter((l) => l.diferente_do_pedido));
    notificar(`Folha de ${nomeDoMes(folha.competencia.slice(0, 7))} reprocessada (versão ${resposta.versao}).`);
    mudou();
  }
  async function tentarDeNovo() {
    setEnviando(true);
    try {
      const resposta = await api.post(`/api/folha/${id}/sincronizar`);
      if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(resposta.aviso, "erro");
      else notificar("Contas a pagar da folha enviadas ao Financeiro.");
      mudou();
    } catch (falha) {
      notificar(falha.message, "erro");
    } finally {
      setEnviando(false);
    }
  }

  if (erro) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  if (!folha) return html`<${Carregando} texto="Carregando a folha processada…" />`;
  const mes = nomeDoMes(folha.competencia.slice(0, 7));
  const pendente = folha.situacao === "PENDENTE_FINANCEIRO";
  return html`
    <${Aviso} tipo="sucesso" titulo=${`${nomeDaFolha(folha)} processada em ${formatarDataHora(folha.processada_em)} (versão ${folha.versao})`}>
      ${plural(folha.holerites.length, "holerite", "holerites")}, líquido total de <${Dinheiro} valor=${folha.totais.liquido} />.
      Os holerites abaixo são os guardados no processamento; mudanças nos funcionários ou nas variáveis só
      entram reprocessando.
    <//>
    ${pendente && html`
      <${Aviso} tipo="erro" titulo="Contas a pagar ainda não criadas no Financeiro"
        acao=${escreve && !enviando && tentarDeNovo} rotuloAcao="Tentar de novo">
        O Financeiro estava fora do ar ou recusou o envio quando a folha foi processada. A folha está guardada; as
        contas a pagar são criadas quando o envio der certo, uma vez só.
      <//>`}
    <${NaoAlterados} lancamentos=${naoAlterados} />
    ${escreve && html`
      <div class="acoes-registro">
        <button type="button" class="botao secundario" onClick=${() => setReprocessando(true)}>Reprocessar</button>
        ${!pendente && html`<button type="button" class="botao secundario" onClick=${() => setPagando(true)}>
          Arquivo de pagamento (CNAB 240)</button>`}
      </div>`}
    <h3 class="titulo-secao">Contas a pagar no Financeiro</h3>
    ${pode(usuario, "financeiro:ler")
      ? html`<${ContasAPagar} folha=${folha} versao=${versao}
          naoAlterados=${new Set(naoAlterados.map((l) => l.lancamento_id))} />`
      : html`<p class="ajuda">${plural(folha.lancamento_ids.length, "conta a pagar", "contas a pagar")} no
          Financeiro; quem tem acesso ao Financeiro as vê aqui.</p>`}
    <h3 class="titulo-secao">Holerites</h3>
    <${Arquivos} folha=${folha} />
    <${TabelaDaFolha} competencia=${folha.competencia} itens=${folha.holerites} totais=${folha.totais}
      holeritePdf=${(item) => `/api/folha/${folha.id}/holerites/${item.funcionario_id}.pdf`} />
    ${pagando && html`<${ArquivoDePagamento} folha=${folha} aoFechar=${() => setPagando(false)} />`}
    ${reprocessando && html`
      <${Confirmacao} titulo=${`Reprocessar a folha de ${mes}`} rotuloConfirmar="Reprocessar" perigo
        aoConfirmar=${reprocessar} aoFechar=${() => setReprocessando(false)}>
        A folha é calculada de novo com os dados de hoje (funcionários e variáveis) e passa à versão
        ${folha.versao + 1}; o reprocessamento fica na auditoria. As contas a pagar em aberto no Financeiro
        mudam para os novos valores; as já pagas não são alteradas.
      <//>`}`;
}

/** /rh/folha/<id>: a processed folha from the history. */
export function PaginaDaFolha({ usuario, id }) {
  return html`
    <p><a href="/rh/folha/historico">← Histórico</a></p>
    <${FolhaProcessada} id=${id} usuario=${usuario} />`;
}
