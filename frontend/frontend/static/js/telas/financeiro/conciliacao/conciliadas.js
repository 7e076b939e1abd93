// The statement's reconciled transactions, of a period of it: who or what matched each one and
// why, and "Desfazer", which takes back exactly what the conciliação added (the payments it
// registered, the lançamento it created) and returns the transaction to the list to reconcile.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData, formatarDataHora, formatarMoeda, hoje } from "../../../formatos.js";
import { useFiltrosNaUrl } from "../../../roteador.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Lista } from "../../../ui/lista.js";
import { SeletorDePeriodo, intervalo, lerMes, noPeriodo } from "../../../ui/periodo.js";
import { Dinheiro, somar } from "../../../ui/valores.js";

/** Who matched it: a person, the automatic run, or a rule (by the name it had then). */
export function origemDa(conciliacao) {
  if (conciliacao.origem === "REGRA") return `Regra “${conciliacao.regra_nome}”`;
  return conciliacao.origem === "AUTOMATICA" ? "Conciliação automática" : "Manual";
}

/** The payments (the API's baixas) the conciliação stands for. */
function Baixas({ baixas }) {
  return html`
    <div class="lista">
      <table>
        <caption class="so-leitor">Pagamentos da conciliação</caption>
        <thead><tr>
          <th scope="col">Lançamento</th><th scope="col">Data</th><th scope="col" class="numero">Valor</th>
          <th scope="col" class="numero">Juros e multa</th><th scope="col" class="numero">Desconto</th>
          <th scope="col" class="numero">Movimentado</th><th scope="col">Registrado</th>
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
        ["Confiança", c.score == null ? null : `${Math.round(Number(c.score) * 100)}%`],
        ["Conciliada em", formatarDataHora(c.criado_em)],
        ["Transações", html`<ul class="itens">${c.transacoes.map((t) => html`
          <li key=${t.id}>${formatarData(t.data)} ${t.memo} (<${Dinheiro} valor=${t.valor} />)</li>`)}</ul>`],
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

const OPCOES_DE_PERIODO = [{ id: "tudo", rotulo: "Todo o extrato" }, { id: "mes", rotulo: "Mês a mês", qualquerMes: true }, "personalizado"];

/** The period in the address (periodo=mes&mes=2026-11, periodo=personalizado&de=…&ate=…); the whole statement by default. */
function usePeriodo(extrato) {
  const [f, definir] = useFiltrosNaUrl({ periodo: "tudo", mes: "", de: "", ate: "" });
  const mesDoExtrato = (extrato.data_fim || extrato.data_inicio || hoje()).slice(0, 7);
  const tipo = ["mes", "personalizado"].includes(f.periodo) ? f.periodo : "tudo";
  const periodo = { tipo, mes: lerMes(f.mes) || mesDoExtrato, de: f.de, ate: f.ate };
  function mudar(p) {
    definir({
      periodo: p.tipo, mes: p.tipo === "mes" ? p.mes : "",
      de: p.tipo === "personalizado" ? p.de : "", ate: p.tipo === "personalizado" ? p.ate : "",
    });
  }
  return { periodo, mudar, mesDoExtrato };
}

export function Conciliadas({ extrato, escreve, versao, aoMudar }) {
  const [aberta, setAberta] = useState(null); // the id of the conciliação in the detail dialog
  const [desfazendo, setDesfazendo] = useState(null); // {conciliacao_id, memo, data, valor}
  const { periodo, mudar, mesDoExtrato } = usePeriodo(extrato);
  const { de, ate } = intervalo(periodo);
  // The API lists a statement's transactions in date order without a date filter: the period is
  // kept here, page by page.
  const carregar = noPeriodo(({ cursor, signal }) => api.get(`/api/extratos/${extrato.id}/transacoes`, {
    query: { conciliado: "true", cursor }, sinal: signal,
  }), { de, ate });

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
  const vazio = periodo.tipo === "tudo"
    ? `Nenhuma transação deste extrato foi conciliada ainda.${escreve ? " Confirme as sugestões em “A conciliar” ou use “Conciliar automaticamente”." : ""}`
    : "Nenhuma transação conciliada neste período do extrato.";
  return html`
    <div class="barra barra-periodo">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudar} opcoes=${OPCOES_DE_PERIODO} mesInicial=${mesDoExtrato}
        rotulo="Período das transações" />
    </div>
    <${Lista} rotulo="Transações conciliadas" carregar=${carregar} colunas=${colunas} versao=${versao}
      filtros=${{ de, ate }} vazio=${vazio} />
    ${aberta && html`<${DetalheDaConciliacao} id=${aberta} escreve=${escreve} aoFechar=${() => setAberta(null)}
      aoDesfazer=${(c) => setDesfazendo({ conciliacao_id: c.id, memo: c.transacoes[0]?.memo ?? "", valor: c.transacoes[0]?.valor })} />`}
    ${desfazendo && html`
      <${Confirmacao} titulo="Desfazer conciliação" rotuloConfirmar="Desfazer" perigo aoConfirmar=${desfazer}
        aoFechar=${() => setDesfazendo(null)}>
        Desfazer a conciliação de ${desfazendo.memo} (<${Dinheiro} valor=${desfazendo.valor} />)? Os pagamentos que ela registrou
        são apagados, o lançamento que ela criou é excluído e a transação volta para “A conciliar”.
      <//>`}`;
}
