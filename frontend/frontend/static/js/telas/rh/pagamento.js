// "Arquivo de pagamento (CNAB 240)" of a processed folha: the conta the salaries leave from (those
// with bank settings, Cadastros › Contas › Cobrança), POST /api/folha/<id>/pagamento, and the file
// Financeiro made, downloaded from /api/remessas/<id>/arquivo. A funcionário without bank account
// nor chave PIX is named in the refusal, one line each; nothing is made then.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { Aviso, Carregando, Modal, notificar } from "../../ui/componentes.js";
import { CampoSelecao } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { useContas } from "../../ui/registros.js";
import { Dinheiro, plural } from "../../ui/valores.js";

/** The active contas with bank settings for bank files; null while loading, `.erro` when it failed. */
function useContasComBanco() {
  const contas = useContas();
  return !contas || contas.erro ? contas : contas.filter((c) => c.cobranca);
}

/** The modal that makes the file; `folha` as GET /api/folha/<id> answers it. */
export function ArquivoDePagamento({ folha, aoFechar }) {
  const contas = useContasComBanco();
  const [contaId, setContaId] = useState("");
  const [gerando, setGerando] = useState(false);
  const [erro, setErro] = useState(null);
  const [arquivo, setArquivo] = useState(null);
  const escolhida = contaId || (contas?.length ? String(contas[0].id) : "");

  async function gerar() {
    setErro(null);
    setGerando(true);
    try {
      const feito = await api.post(`/api/folha/${folha.id}/pagamento`, { conta_id: Number(escolhida) });
      setArquivo(feito);
      notificar(`Arquivo ${feito.nome_arquivo} gerado com ${plural(feito.quantidade, "salário", "salários")}.`);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErro({ mensagem: falha.message, recusas: Object.values(falha.campos || {}) });
    } finally {
      setGerando(false);
    }
  }

  let conteudo;
  if (!contas) conteudo = html`<${Carregando} texto="Carregando as contas…" />`;
  else if (contas.erro) conteudo = html`<${Aviso} tipo="erro">${contas.erro}<//>`;
  else if (!contas.length) {
    conteudo = html`<${Aviso} titulo="Nenhuma conta com cobrança configurada">
      O arquivo de pagamento usa o convênio que o banco deu à conta: configure-o em Cadastros › Contas.<//>`;
  } else if (arquivo) {
    conteudo = html`
      <dl class="detalhes" data-arquivo-pagamento>
        <dt>Arquivo</dt><dd>${arquivo.nome_arquivo}</dd>
        <dt>Conta</dt><dd>${arquivo.conta_nome}</dd>
        <dt>Salários</dt><dd>${arquivo.quantidade}</dd>
        <dt>Valor total</dt><dd><${Dinheiro} valor=${arquivo.valor_total} /></dd>
      </dl>
      <p class="ajuda">Envie o arquivo ao banco pelo internet banking; o retorno do banco dá baixa nos salários
        pagos, em Financeiro › Cobrança › Retornos.</p>
      <div class="acoes">
        <button type="button" class="botao secundario" onClick=${aoFechar}>Fechar</button>
        <a class="botao primario" href=${`/api/remessas/${arquivo.id}/arquivo`} download=${arquivo.nome_arquivo}>
          <${Icone} nome="download" />Baixar arquivo</a>
      </div>`;
  } else {
    conteudo = html`
      <p>Os salários líquidos da folha (${plural(folha.holerites.length, "holerite", "holerites")}, <${Dinheiro}
        valor=${folha.totais.liquido} />) vão por PIX a quem tem chave, e por crédito em conta ou TED a quem tem
        conta bancária, como no cadastro de cada funcionário hoje.</p>
      <${CampoSelecao} nome="conta-pagamento" rotulo="Conta de onde saem os salários" valor=${escolhida}
        aoMudar=${setContaId} opcoes=${contas.map((c) => ({ valor: String(c.id), rotulo: c.nome }))} />
      ${erro && html`
        <div class="aviso aviso-erro" role="alert" data-recusas>
          <strong>${erro.mensagem}</strong>
          ${erro.recusas.length > 0 && html`<ul>${erro.recusas.map((motivo, i) => html`<li key=${i}>${motivo}</li>`)}</ul>`}
        </div>`}
      <div class="acoes">
        <button type="button" class="botao secundario" onClick=${aoFechar}>Cancelar</button>
        <button type="button" class="botao primario" disabled=${gerando || !escolhida} onClick=${gerar}>
          ${gerando ? "Gerando…" : "Gerar arquivo"}</button>
      </div>`;
  }
  return html`<${Modal} titulo="Arquivo de pagamento (CNAB 240)" aoFechar=${aoFechar}>${conteudo}<//>`;
}
