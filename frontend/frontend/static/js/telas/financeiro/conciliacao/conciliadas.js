// The statement's reconciled transactions: who or what matched each one and why, and "Desfazer",
// which takes back exactly what the conciliação added (its baixas, the lançamento it created) and
// returns the transaction to the list to reconcile.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData, formatarDataHora, formatarMoeda } from "../../../formatos.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Lista } from "../../../ui/lista.js";
import { Dinheiro, somar } from "../../../ui/valores.js";

/** Who matched it: a person, the automatic run, or a rule (by the name it had then). */
export function origemDa(conciliacao) {
  if (conciliacao.origem === "REGRA") return `Regra “${conciliacao.regra_nome}”`;
  return conciliacao.origem === "AUTOMATICA" ? "Conciliação automática" : "Manual";
}

function Baixas({ baixas }) {
  return html`
    <div class="lista">
      <table>
        <caption class="so-leitor">Baixas da conciliação</caption>
        <thead><tr>
          <th scope="col">Lançamento</th><th scope="col">Data</th><th scope="col" class="numero">Valor</th>
          <th scope="col" class="numero">Juros e multa</th><th scope="col" class="numero">Desconto</th>
          <th scope="col" class="numero">Movimentado</th><th scope="col">Registrada</th>
        </tr></thead>
        <tbody>
          ${baixas.map((b) => html`
            <tr key=${b.id}>
              <td>${b.lancamento_descricao}</td>
              <td>${formatarData(b.data)}</td>
              <td class="numero">${formatarMoeda(b.valor)}</td>
              <td class="numero">${formatarMoeda(somar([b.juros, b.multa]))}</td>
              <td class="numero">${formatarMoeda(b.desconto)}</td>
              <td class="numero">${formatarMoeda(b.valor_movimentado)}</td>
              <td>${b.registrada_na_conciliacao ? "Pela conciliação" : "Já existia"}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

function DetalheDaConciliacao({ id, escreve, aoFechar, aoDesfazer }) {
  const { dados: c, erro, recarregar } = useConsulta(`/api/extratos/conciliacao/${id}`);
  let conteudo;
  if (erro && !c) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!c) {
    conteudo = html`<${Carregando} />`;
  } else {
    conteudo = html`
      <${Detalhes} pares=${[
        ["Origem", origemDa(c)],
        ["Pontuação", c.score == null ? null : `${Math.round(Number(c.score) * 100)}%`],
        ["Conciliada em", formatarDataHora(c.criado_em)],
        ["Transações", c.transacoes.map((t) => `${formatarData(t.data)} ${t.memo} (${formatarMoeda(t.valor)})`).join("; ")],
        ["Lançamento criado", c.lancamento_criado_id ? "Sim: desfazer a conciliação o exclui" : null],
      ]} />
      ${c.motivos.length > 0 && html`
        <ul class="motivos" aria-label="Motivos">${c.motivos.map((m) => html`<li key=${m} class="motivo">${m}</li>`)}</ul>`}
      <${Baixas} baixas=${c.baixas} />
      ${escreve && html`
        <div class="acoes-registro">
          <button type="button" class="botao perigo" onClick=${() => aoDesfazer(c)}>Desfazer conciliação</button>
        </div>`}`;
  }
  return html`
    <${Modal} titulo="Conciliação" aoFechar=${aoFechar}>
      <div class="detalhe-conciliacao">${conteudo}</div>
    <//>`;
}

export function Conciliadas({ extrato, escreve, versao, aoMudar }) {
  const [aberta, setAberta] = useState(null); // the id of the conciliação in the detail dialog
  const [desfazendo, setDesfazendo] = useState(null); // {conciliacao_id, memo, data, valor}
  const carregar = ({ cursor, signal }) => api.get(`/api/extratos/${extrato.id}/transacoes`, {
    query: { conciliado: "true", cursor }, sinal: signal,
  });

  async function desfazer() {
    await api.excluir(`/api/extratos/conciliacao/${desfazendo.conciliacao_id}`);
    notificar(`Conciliação de ${desfazendo.memo} desfeita.`);
    setDesfazendo(null);
    setAberta(null);
    aoMudar();
  }

  const colunas = [
    { titulo: "Data", valor: (t) => formatarData(t.data) },
    { titulo: "Histórico", valor: (t) => t.memo },
    { titulo: "Valor", classe: "numero", valor: (t) => html`<${Dinheiro} valor=${t.valor} />` },
    {
      titulo: html`<span class="so-leitor">Ações</span>`,
      valor: (t) => html`
        <span class="acoes-linha">
          <button type="button" class="botao secundario pequeno" aria-label=${`Ver a conciliação de ${t.memo} de ${formatarData(t.data)}`}
            onClick=${() => setAberta(t.conciliacao_id)}>Ver</button>
          ${escreve && html`
            <button type="button" class="botao secundario pequeno" aria-label=${`Desfazer a conciliação de ${t.memo} de ${formatarData(t.data)}`}
              onClick=${() => setDesfazendo(t)}>Desfazer</button>`}
        </span>`,
    },
  ];
  return html`
    <${Lista} rotulo="Transações conciliadas" carregar=${carregar} colunas=${colunas} versao=${versao}
      vazio="Nenhuma transação deste extrato foi conciliada ainda." />
    ${aberta && html`<${DetalheDaConciliacao} id=${aberta} escreve=${escreve} aoFechar=${() => setAberta(null)}
      aoDesfazer=${(c) => setDesfazendo({ conciliacao_id: c.id, memo: c.transacoes[0]?.memo ?? "", valor: c.transacoes[0]?.valor })} />`}
    ${desfazendo && html`
      <${Confirmacao} titulo="Desfazer conciliação" rotuloConfirmar="Desfazer" perigo aoConfirmar=${desfazer}
        aoFechar=${() => setDesfazendo(null)}>
        Desfazer a conciliação de ${desfazendo.memo} (${formatarMoeda(desfazendo.valor)})? As baixas que ela registrou são
        apagadas, o lançamento que ela criou é excluído e a transação volta para “A conciliar”.
      <//>`}`;
}
