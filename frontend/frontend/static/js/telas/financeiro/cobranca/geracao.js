// Making a file for the bank from lançamentos chosen in a list — receivables for a cobrança
// remessa, payables for a pagamentos one: the checkboxes (kept across the list's pages), the count
// and total of what is chosen, the request, each refusal naming its lançamento, and the file made.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData } from "../../../formatos.js";
import { notificar } from "../../../ui/componentes.js";
import { consulta } from "../../../ui/consulta.js";
import { Icone } from "../../../ui/icone.js";
import { Dinheiro, plural, somar } from "../../../ui/valores.js";
import { nomeDoLayout } from "./comum.js";

/**
 * The choice of lançamentos in a `Lista`, and the file made from it: `carregar(filtros)` is the
 * Lista's loader of /api/lancamentos, keeping the rows on screen (`naTela`); `coluna(podeEscolher)`
 * is the checkbox column (a row it refuses shows its checkbox disabled); `escolhidos` the chosen
 * ones, in the order they were chosen; `mudar(mudancas)` changes the address's filters with
 * `definir`, forgetting the choice and the file; `gerado(arquivo)` keeps the file made, clears the
 * choice and reloads the list (`versao`).
 */
export function useEscolha(definir) {
  const [escolhidos, setEscolhidos] = useState(() => new Map());
  const [naTela, setNaTela] = useState([]);
  const [arquivo, setArquivo] = useState(null);
  const [versao, setVersao] = useState(0);

  function marcar(lancamentos, marcado) {
    setEscolhidos((atuais) => {
      const novos = new Map(atuais);
      lancamentos.forEach((l) => (marcado ? novos.set(l.id, l) : novos.delete(l.id)));
      return novos;
    });
  }
  function coluna(podeEscolher = () => true) {
    const disponiveis = naTela.filter(podeEscolher);
    const todos = disponiveis.length > 0 && disponiveis.every((l) => escolhidos.has(l.id));
    return {
      titulo: html`<input type="checkbox" aria-label="Escolher todos os da lista" checked=${todos}
        disabled=${!disponiveis.length} onChange=${(e) => marcar(disponiveis, e.currentTarget.checked)} />`,
      rotulo: "Escolher",
      valor: (l) => html`<input type="checkbox" checked=${escolhidos.has(l.id)} disabled=${!podeEscolher(l)}
        aria-label=${`Escolher ${l.descricao} de ${formatarData(l.data_vencimento)}`}
        onChange=${(e) => marcar([l], e.currentTarget.checked)} />`,
    };
  }
  const limpar = () => setEscolhidos(new Map());
  return {
    escolhidos: [...escolhidos.values()],
    naTela,
    coluna,
    arquivo,
    versao,
    carregar: (filtros) => async ({ cursor, signal }) => {
      const pagina = await api.get(`/api/lancamentos?${consulta({ ...filtros, cursor })}`, { sinal: signal });
      setNaTela((anteriores) => (cursor ? [...anteriores, ...pagina.items] : pagina.items));
      return pagina;
    },
    mudar: (mudancas) => {
      limpar();
      setArquivo(null);
      definir(mudancas);
    },
    gerado: (novo) => {
      setArquivo(novo);
      limpar();
      setVersao((v) => v + 1);
    },
  };
}

/** The refusals of a 400 as [[lançamento or null, motivo]]: a key names one by its id or its place in `lancamento_ids`. */
function recusas(falha, escolhidos) {
  return Object.entries(falha.campos || {}).map(([chave, motivo]) => {
    const numero = /(\d+)$/.exec(chave)?.[1];
    const porId = escolhidos.find((l) => String(l.id) === numero);
    const porPosicao = chave.startsWith("lancamento_ids.") ? escolhidos[Number(numero)] : null;
    return [porId || porPosicao || null, motivo];
  });
}

/**
 * The count and total of `escolhidos`, what `children` add to the request (layout, instrução), and
 * the button that asks for the file: POST /api/remessas/gerar {conta_id, lancamento_ids, ...corpo}.
 */
export function Gerar({ contaId, escolhidos, corpo = {}, rotulo, aoGerar, children }) {
  const [gerando, setGerando] = useState(false);
  const [erro, setErro] = useState(null);

  async function gerar() {
    setErro(null);
    setGerando(true);
    try {
      const arquivo = await api.post("/api/remessas/gerar", {
        conta_id: Number(contaId), lancamento_ids: escolhidos.map((l) => l.id), ...corpo,
      });
      notificar(`Arquivo ${arquivo.nome_arquivo} gerado com ${arquivo.quantidade} ${arquivo.quantidade === 1 ? "item" : "itens"}.`);
      aoGerar(arquivo);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErro({ mensagem: falha.message, itens: recusas(falha, escolhidos) });
    } finally {
      setGerando(false);
    }
  }

  return html`
    <section class="relatorio-extrato" aria-label=${rotulo}>
      <p role="status">
        <strong>${plural(escolhidos.length, "escolhido", "escolhidos")}</strong> · total${" "}
        <${Dinheiro} valor=${somar(escolhidos.map((l) => l.valor_aberto))} />
      </p>
      ${children}
      ${erro && html`
        <div class="aviso aviso-erro" role="alert" data-recusas>
          <strong>${erro.mensagem}</strong>
          ${erro.itens.length > 0 && html`
            <ul>${erro.itens.map(([lancamento, motivo], i) => html`
              <li key=${i}>${lancamento && html`<strong>${lancamento.descricao}</strong>
                (venc. ${formatarData(lancamento.data_vencimento)}): `}${motivo}</li>`)}
            </ul>`}
        </div>`}
      <div class="acoes">
        <button type="button" class="botao primario" disabled=${gerando || !escolhidos.length} onClick=${gerar}>
          ${gerando ? "Gerando…" : rotulo}</button>
      </div>
    </section>`;
}

/** The file just made: its name, what it holds, and the download. */
export function ArquivoGerado({ arquivo, titulo }) {
  return html`
    <section class="relatorio-extrato" aria-label=${titulo} aria-live="polite">
      <h2>${titulo}</h2>
      <dl class="detalhes">
        <dt>Arquivo</dt><dd data-nome-arquivo>${arquivo.nome_arquivo}</dd>
        <dt>Layout</dt><dd>${nomeDoLayout(arquivo.layout)}</dd>
        <dt>Quantidade</dt><dd>${arquivo.quantidade}</dd>
        <dt>Valor total</dt><dd><${Dinheiro} valor=${arquivo.valor_total} /></dd>
      </dl>
      <p class="acoes">
        <a class="botao primario" href=${`/api/remessas/${arquivo.id}/arquivo`} download=${arquivo.nome_arquivo}>
          <${Icone} nome="download" />Baixar arquivo</a>
        <a class="botao secundario" href=${`/financeiro/cobranca/arquivos/${arquivo.id}`}>Ver as linhas do arquivo</a>
      </p>
      <p class="ajuda">Envie o arquivo ao banco pelo internet banking; a resposta dele volta como retorno, em “Retornos”.</p>
    </section>`;
}
