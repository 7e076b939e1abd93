// One transaction and what it may be: the server's suggestions, best first, each with how sure
// the server is of it (its score, shown as "confiança"),
// what it would record and the reasons it was found (so the staff can tell why, and trust it).
// Confirmed with a click or from the keyboard; when nothing fits, the open lançamentos are chosen
// by hand, a lançamento is created from the transaction, or a rule is written for next time.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData, formatarMoeda } from "../../../formatos.js";
import { Aviso, Carregando, notificar } from "../../../ui/componentes.js";
import { useConsulta, useRegistros } from "../../../ui/consulta.js";
import { semNulos } from "../../../ui/formulario.js";
import { Dinheiro, plural } from "../../../ui/valores.js";
import { TratarDiferenca, tipoDaTransacao } from "./comum.js";
import { EscolhaManual, LancamentoDaTransacao } from "./manual.js";
import { EditorDeRegra, regraDaTransacao } from "./regras.js";

const LIMITE = 5;

/** The records a new lançamento suggested by a rule names, to show them by name (the lançamentos and
 * baixas of the other suggestions come summarised in the suggestion itself). */
function caminhosDe(sugestoes) {
  return sugestoes.flatMap((s) => {
    if (s.tipo !== "NOVO_LANCAMENTO") return [];
    const novo = s.novo_lancamento || {};
    return [
      novo.categoria_id && `/api/categorias/${novo.categoria_id}`,
      novo.cliente_id && `/api/clientes/${novo.cliente_id}`,
      novo.fornecedor_id && `/api/fornecedores/${novo.fornecedor_id}`,
    ].filter(Boolean);
  });
}

/** The request that confirms a suggestion (the 1:1, 1:N and N:1 ones; baixas already recorded). */
function corpoDaSugestao(transacao, sugestao, tratarDiferenca) {
  const corpo = { score: sugestao.score, motivos: sugestao.motivos };
  if (sugestao.transacao_ids.length > 1) corpo.transacao_ids = sugestao.transacao_ids;
  else corpo.transacao_id = transacao.id;
  // A BAIXAS suggestion names its baixas' lançamentos only to show them: no new baixa is recorded.
  if (sugestao.tipo === "BAIXAS") corpo.baixa_ids = sugestao.baixa_ids;
  else corpo.lancamento_ids = sugestao.lancamento_ids;
  if (tratarDiferenca) corpo.tratar_diferenca = tratarDiferenca;
  return corpo;
}

function LancamentoDaSugestao({ lancamento: l, baixas, receita }) {
  const pagamento = receita ? "recebimento" : "pagamento";
  const pessoa = l.cliente_nome || l.fornecedor_nome;
  return html`
    <li class="item-sugestao">
      <span class="descricao">${l.descricao}${l.serie_numero && html` <span class="parcela">${l.serie_numero}/${l.serie_quantidade}</span>`}</span>
      ${pessoa && html`<span class="pessoa">${pessoa}</span>`}
      <span class="vencimento">vence ${formatarData(l.data_vencimento)}</span>
      ${baixas.length
        ? baixas.map((b) => html`<span key=${b.id} class="baixa">${pagamento} de ${formatarMoeda(b.valor_movimentado)} em ${formatarData(b.data)}</span>`)
        : html`<span class="em-aberto">em aberto ${formatarMoeda(l.valor_aberto)}</span>`}
    </li>`;
}

/** What confirming the suggestion would record, in words. */
function OQueFaz({ sugestao, registros, receita }) {
  const s = sugestao;
  if (s.tipo === "NOVO_LANCAMENTO") {
    const novo = s.novo_lancamento || {};
    const categoria = registros.get(`/api/categorias/${novo.categoria_id}`);
    const pessoa = registros.get(novo.cliente_id ? `/api/clientes/${novo.cliente_id}` : `/api/fornecedores/${novo.fornecedor_id}`);
    return html`
      <p class="o-que-faz">
        Criar o lançamento <strong>${novo.descricao}</strong>${categoria && ` em ${categoria.codigo} ${categoria.nome}`}${
          pessoa && ` para ${pessoa.nome}`}, já pago por esta transação.
      </p>`;
  }
  const outras = s.transacao_ids.length - 1;
  const titulo = s.tipo === "BAIXAS"
    ? `${receita ? "Recebimento" : "Pagamento"} já registrado no sistema (${receita
      ? plural(s.baixa_ids.length, "recebimento", "recebimentos") : plural(s.baixa_ids.length, "pagamento", "pagamentos")})`
    : `${receita ? "Receber" : "Pagar"} ${plural(s.lancamento_ids.length, "lançamento", "lançamentos")}`;
  return html`
    <p class="o-que-faz">${titulo}${outras > 0 && ` com esta e mais ${plural(outras, "transação", "transações")} do extrato`}:</p>
    <ul class="itens">
      ${s.lancamentos.map((l) => html`<${LancamentoDaSugestao} key=${l.id} lancamento=${l} receita=${receita}
        baixas=${s.baixas.filter((b) => b.lancamento_id === l.id)} />`)}
    </ul>`;
}

function faixa(score) {
  if (score >= 0.9) return "alta";
  return score >= 0.6 ? "media" : "baixa";
}

function Sugestao({ sugestao, indice, destacada, escreve, ocupado, tratamento, aoTratar, aoDestacar, aoConfirmar, registros, receita }) {
  const s = sugestao;
  const porcentagem = Math.round(s.score * 100);
  return html`
    <li class=${`sugestao${destacada ? " destacada" : ""}`} aria-label=${`Sugestão ${indice + 1}: ${porcentagem}%`}
      aria-current=${destacada ? "true" : undefined} onClick=${aoDestacar}>
      <div class="sugestao-topo">
        <span class="atalho" aria-hidden="true">${indice + 1}</span>
        <span class=${`pontuacao pontuacao-${faixa(s.score)}`} title="Confiança da sugestão">${porcentagem}%</span>
      </div>
      <${OQueFaz} sugestao=${s} registros=${registros} receita=${receita} />
      <ul class="motivos" aria-label="Motivos">
        ${s.motivos.map((m) => html`<li key=${m} class="motivo">${m}</li>`)}
      </ul>
      ${escreve && s.tipo !== "NOVO_LANCAMENTO" && html`
        <${TratarDiferenca} nome=${`diferenca-${indice}`} diferenca=${s.diferenca} valor=${tratamento} aoMudar=${aoTratar} />`}
      ${escreve && html`
        <div class="acoes">
          <button type="button" class=${`botao ${destacada ? "primario" : "secundario"}`} disabled=${ocupado}
            aria-label=${`Confirmar sugestão ${indice + 1}`} onClick=${(e) => { e.stopPropagation(); aoConfirmar(); }}>
            ${s.tipo === "NOVO_LANCAMENTO" ? "Criar e conciliar" : "Confirmar"}
          </button>
        </div>`}
    </li>`;
}

/** The chosen transaction: its suggestions and what else can be done with it. */
export function PainelDaTransacao({ transacao, extrato, escreve, painel, aoConciliar }) {
  const tipo = tipoDaTransacao(transacao);
  const { dados, erro, recarregar } = useConsulta(
    transacao.revisar ? null : `/api/extratos/transacoes/${transacao.id}/sugestoes`, { limite: LIMITE });
  const sugestoes = dados?.items ?? null;
  const registros = useRegistros(caminhosDe(sugestoes || []));
  const [destaque, setDestaque] = useState(0);
  const [tratamentos, setTratamentos] = useState({});
  const [ocupado, setOcupado] = useState(false);
  const [falha, setFalha] = useState("");
  const [modo, setModo] = useState(null); // manual | lancamento | regra

  async function confirmar(indice) {
    const s = sugestoes?.[indice];
    if (!s || ocupado) return;
    setOcupado(true);
    setFalha("");
    try {
      if (s.tipo === "NOVO_LANCAMENTO") {
        await api.post(`/api/extratos/transacoes/${transacao.id}/lancamento`, semNulos(s.novo_lancamento));
        notificar(`Lançamento ${s.novo_lancamento.descricao} criado e conciliado.`);
      } else {
        await api.post("/api/extratos/conciliacao", corpoDaSugestao(transacao, s, tratamentos[indice] ?? s.tratar_diferenca));
        notificar(`${transacao.memo} conciliada.`);
      }
      aoConciliar(s.transacao_ids.length ? s.transacao_ids : [transacao.id]);
    } catch (erroApi) {
      if (!(erroApi instanceof ErroApi)) throw erroApi;
      // Someone changed the ledger meanwhile, say: the suggestions are asked again.
      setFalha(erroApi.message);
      recarregar();
    } finally {
      setOcupado(false);
    }
  }

  // The keyboard of the list on the left acts on this panel.
  painel.current = {
    destacar: (indice) => sugestoes && indice < sugestoes.length && setDestaque(indice),
    confirmar: () => escreve && confirmar(destaque),
  };

  function concluido(ids) {
    setModo(null);
    aoConciliar(ids);
  }

  let lista;
  if (transacao.revisar) {
    lista = html`<${Aviso} tipo="info" titulo="Transação em revisão">
      Ela parece repetir outra de um extrato anterior: mantenha ou descarte em <a href=${`/financeiro/extratos/${extrato.id}`}>Extratos</a> antes de conciliar.<//>`;
  } else if (erro && !sugestoes) {
    lista = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!sugestoes) {
    lista = html`<${Carregando} texto="Procurando sugestões…" />`;
  } else if (!sugestoes.length) {
    lista = html`<p class="vazio">Nenhuma sugestão para esta transação${escreve ? ": escolha os lançamentos, crie um ou escreva uma regra." : "."}</p>`;
  } else {
    lista = html`
      <ol class="sugestoes" aria-label="Sugestões">
        ${sugestoes.map((s, i) => html`
          <${Sugestao} key=${i} sugestao=${s} indice=${i} destacada=${i === destaque} escreve=${escreve} ocupado=${ocupado}
            registros=${registros} receita=${tipo === "RECEITA"} tratamento=${tratamentos[i] ?? s.tratar_diferenca}
            aoTratar=${(valor) => setTratamentos((atuais) => ({ ...atuais, [i]: valor }))}
            aoDestacar=${() => setDestaque(i)} aoConfirmar=${() => confirmar(i)} />`)}
      </ol>`;
  }

  return html`
    <section class="painel-transacao" aria-label="Transação escolhida">
      <header class="cabecalho-transacao">
        <h2>${transacao.memo}</h2>
        <p>${formatarData(transacao.data)} · <${Dinheiro} valor=${transacao.valor} /> · ${
          tipo === "RECEITA" ? "entrada: paga receitas" : "saída: paga despesas"}</p>
      </header>
      ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
      ${lista}
      ${escreve && !transacao.revisar && html`
        <div class="acoes-transacao">
          <button type="button" class="botao secundario" aria-expanded=${modo === "manual" ? "true" : "false"}
            onClick=${() => setModo(modo === "manual" ? null : "manual")}>Escolher lançamentos em aberto</button>
          <button type="button" class="botao secundario" onClick=${() => setModo("lancamento")}>Criar lançamento</button>
          <button type="button" class="botao secundario" onClick=${() => setModo("regra")}>Criar regra a partir desta transação</button>
        </div>`}
      ${modo === "manual" && html`<${EscolhaManual} transacao=${transacao} aoConciliar=${concluido} />`}
      ${modo === "lancamento" && html`<${LancamentoDaTransacao} transacao=${transacao}
        aoFechar=${() => setModo(null)} aoSalvar=${concluido} />`}
      ${modo === "regra" && html`<${EditorDeRegra} inicial=${regraDaTransacao(transacao, extrato)}
        aoFechar=${() => setModo(null)} aoSalvar=${() => { setModo(null); recarregar(); }} />`}
    </section>`;
}
