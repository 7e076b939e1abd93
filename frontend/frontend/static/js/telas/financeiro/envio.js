// Uploading a bank file into a conta — an OFX statement, a CNAB retorno —: the chosen file, the
// missing conta or file said before anything is sent, the server's refusal as each screen reads it,
// and the form with the file field and its busy button.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { CampoArquivo } from "../../ui/arquivo.js";
import { useApontarErro } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";

/**
 * Posts `conta_id` and `arquivo` (plus the `extras` given to `enviar`) to `caminho`; `faltando`
 * holds the messages for a missing conta_id and arquivo; `lerFalha(falha)` turns an ErroApi into
 * `{erros, geral}` (nothing: it was handled otherwise); `aoEnviar(resultado)` after success;
 * `limpar` clears whatever else the form shows about the last attempt, with its errors.
 */
export function useEnvioDeArquivo({ caminho, contaId, faltando, lerFalha, aoEnviar, limpar = () => {} }) {
  const [arquivo, setArquivo] = useState(null);
  const [erros, setErros] = useState({});
  const [erroGeral, setErroGeral] = useState("");
  const [enviando, setEnviando] = useState(false);
  const [raiz, apontar] = useApontarErro();

  function escolher(novo) {
    setArquivo(novo);
    setErros({});
    limpar();
  }

  async function enviar(evento, extras = {}) {
    evento.preventDefault();
    setErros({});
    setErroGeral("");
    limpar();
    if (!contaId || !arquivo) {
      setErros(contaId ? { arquivo: faltando.arquivo } : { conta_id: faltando.conta_id });
      apontar();
      return;
    }
    const dados = new FormData();
    dados.append("conta_id", contaId);
    dados.append("arquivo", arquivo);
    for (const [nome, valor] of Object.entries(extras)) dados.append(nome, valor);
    setEnviando(true);
    try {
      const resultado = await api.post(caminho, dados);
      setArquivo(null);
      aoEnviar(resultado);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      const { erros: lidos = {}, geral = "" } = lerFalha(falha) ?? {};
      setErros(lidos);
      setErroGeral(geral);
      apontar();
    } finally {
      setEnviando(false);
    }
  }

  return { raiz, arquivo, erros, erroGeral, enviando, escolher, enviar };
}

/** The upload form of `envio` (from useEnvioDeArquivo); `children` go between its alert and the field. */
export function FormularioDeEnvio({ envio, rotulo, extensoes, ajuda, botao, children }) {
  return html`
    <form ref=${envio.raiz} class="formulario envio-extrato" onSubmit=${envio.enviar} novalidate>
      ${envio.erroGeral && html`<p class="aviso aviso-erro" role="alert">${envio.erroGeral}</p>`}
      ${children}
      <${CampoArquivo} nome="arquivo" rotulo=${rotulo} extensoes=${extensoes} valor=${envio.arquivo}
        erro=${envio.erros.arquivo} aoMudar=${envio.escolher} ajuda=${ajuda} />
      <div class="acoes">
        <button type="submit" class="botao primario" disabled=${envio.enviando}><${Icone} nome="upload" />${envio.enviando ? "Importando…" : botao}</button>
      </div>
    </form>`;
}
