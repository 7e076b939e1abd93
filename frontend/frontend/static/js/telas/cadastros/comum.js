// What the Cadastros screens share: the bottom of an edit dialog (deactivate or reactivate, delete
// after a confirmation, the server's refusal shown) and the Ativo/Inativo text of a list.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../../api.js";
import { Aviso, Confirmacao } from "../../ui/componentes.js";
import { useApontarErro } from "../../ui/formulario.js";

/**
 * The bottom of an edit dialog. `entidade`: "a conta Caixa" (as the sentence needs it); `aoAlternar`
 * and `aoExcluir` are async and may throw ErroApi, whose message (a 409's explanation) shows here.
 */
export function AcoesDoRegistro({ nome, entidade, ativo, aoAlternar, aoExcluir }) {
  const [confirmando, setConfirmando] = useState(false);
  const [erro, setErro] = useState("");
  const [ocupado, setOcupado] = useState(false);
  // At the bottom of a long dialog: the refusal is brought into view.
  const [zona, apontar] = useApontarErro();

  async function tentar(acao) {
    setErro("");
    setOcupado(true);
    try {
      await acao();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      // A 400 names the field (e.g. `ativa`: the parent is inactive); a 409 explains in its message.
      setErro(Object.values(falha.campos).filter(Boolean).join(" ") || falha.message);
      apontar();
    } finally {
      setOcupado(false);
    }
  }

  async function excluir() {
    await tentar(aoExcluir);
    setConfirmando(false);
  }

  return html`
    <div class="zona-perigo" ref=${zona}>
      ${erro && html`<${Aviso} tipo="erro" titulo="Não foi possível">${erro}<//>`}
      <div class="acoes-registro">
        ${aoAlternar && html`
          <button type="button" class="botao secundario" disabled=${ocupado} onClick=${() => tentar(aoAlternar)}>
            ${ativo ? `Desativar ${nome}` : `Reativar ${nome}`}
          </button>`}
        <button type="button" class="botao perigo" disabled=${ocupado} onClick=${() => setConfirmando(true)}>
          Excluir ${nome}
        </button>
      </div>
      ${confirmando && html`
        <${Confirmacao} titulo=${`Excluir ${nome}`} rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
          aoFechar=${() => setConfirmando(false)}>
          Excluir ${entidade}? Esta ação não pode ser desfeita.
        <//>`}
    </div>`;
}

/** "Ativo"/"Inativo" (or the feminine) as a badge-like text in a list. */
export function situacao(ativo, feminino = false) {
  const a = feminino ? "a" : "o";
  return html`<span class=${`situacao ${ativo ? "ativa" : "inativa"}`}>${ativo ? `Ativ${a}` : `Inativ${a}`}</span>`;
}
