// What the reconciliation screens share: a statement transaction read as the ledger reads it —
// money in (valor > 0) pays receitas, money out pays despesas, and what moved is the absolute
// valor — and what to do with money that does not match what is open.

import { html } from "../../../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../../../api.js";
import { formatarData, formatarMoeda } from "../../../formatos.js";
import { Opcoes } from "../../../ui/formulario.js";
import { centavos, deCentavos, Dinheiro } from "../../../ui/valores.js";

/** The tipo of lançamento a transaction pays: money in, receitas; money out, despesas. */
export function tipoDaTransacao(transacao) {
  return centavos(transacao.valor) < 0n ? "DESPESA" : "RECEITA";
}

/** The money that moved, without its sign: "-29.90" → "29.90". */
export function valorAbsoluto(valor) {
  const quantia = centavos(valor) ?? 0n;
  return deCentavos(quantia < 0n ? -quantia : quantia);
}

/** The transaction in one line: date, memo, signed amount. */
export function ResumoDaTransacao({ transacao }) {
  return html`
    <span class="resumo-transacao">
      <span class="data">${formatarData(transacao.data)}</span>
      <span class="memo">${transacao.memo}</span>
      <${Dinheiro} valor=${transacao.valor} classe="valor" />
    </span>`;
}

/**
 * A threshold typed as a whole percentage ("90") → the fraction the API takes (0.9). Anything
 * else is refused as the server refuses a field, so the form shows it next to `campo`.
 */
export function exigirPorcentagem(texto, campo) {
  const limpo = String(texto ?? "").trim();
  if (!/^\d{1,3}$/.test(limpo) || Number(limpo) > 100) {
    throw new ErroApi(400, { error: "Verifique os campos destacados", campos: { [campo]: "Informe um número inteiro de 0 a 100" } });
  }
  return Number(limpo) / 100;
}

export const TRATAMENTOS = { PARCIAL: "PAGAMENTO_PARCIAL", JUROS_OU_DESCONTO: "JUROS_OU_DESCONTO" };

/** How the API must treat `diferenca` (transação − em aberto): null when they are equal. */
export function tratamentoPadrao(diferenca) {
  const quantia = centavos(diferenca) ?? 0n;
  if (quantia === 0n) return null;
  // More money than was open can only be juros; less is a partial payment unless said otherwise.
  return quantia > 0n ? TRATAMENTOS.JUROS_OU_DESCONTO : TRATAMENTOS.PARCIAL;
}

/**
 * What to do with money that does not match what is open. Less money: a partial payment (what is
 * missing stays open) or a discount on the last lançamento; more money: juros on the last one.
 */
export function TratarDiferenca({ nome, diferenca, valor, aoMudar }) {
  const quantia = centavos(diferenca) ?? 0n;
  if (quantia === 0n) return null;
  const falta = formatarMoeda(valorAbsoluto(diferenca));
  if (quantia > 0n) {
    return html`<p class="diferenca-conciliacao">A transação tem ${falta} a mais que o em aberto: entram como juros no último lançamento.</p>`;
  }
  return html`
    <div class="diferenca-conciliacao">
      <${Opcoes} nome=${nome} rotulo=${`A transação tem ${falta} a menos que o em aberto`} valor=${valor} aoMudar=${aoMudar}
        opcoes=${[
          { valor: TRATAMENTOS.PARCIAL, rotulo: `Pagamento parcial: ${falta} ficam em aberto` },
          { valor: TRATAMENTOS.JUROS_OU_DESCONTO, rotulo: `Desconto de ${falta} no último lançamento` },
        ]} />
    </div>`;
}
