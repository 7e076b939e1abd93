// The user's own password: the form (current, new, confirmation), the dialog the header's account
// menu opens, and the "Troque a sua senha" step the login page shows when the password was not
// chosen by the user (generated, or reset by an administrator) — the app waits for it.

import { html, useEffect } from "../../../vendor/htm-preact/standalone.module.js";
import { ErroApi } from "../../api.js";
import { sair, trocarSenha } from "../../sessao.js";
import { Modal, notificar } from "../../ui/componentes.js";
import { CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";

const AJUDA_NOVA = "Pelo menos 8 caracteres. Não use seu nome, seu usuário nem senhas comuns como 12345678.";

function FormularioDeSenha({ rotuloAtual, rotuloEnviar, aoConcluir, aoCancelar }) {
  const form = useFormulario({ senha_atual: "", nova_senha: "", confirmacao: "" });
  async function enviar({ senha_atual, nova_senha, confirmacao }) {
    // Typing mistakes are caught here; every other rule is the server's, next to its field.
    if (nova_senha && nova_senha !== confirmacao) {
      throw new ErroApi(400, { error: "Verifique os campos destacados",
        campos: { confirmacao: "A confirmação não é igual à nova senha" } });
    }
    const usuario = await trocarSenha(senha_atual, nova_senha);
    aoConcluir?.(usuario);
  }
  return html`
    <${Formulario} form=${form} aoEnviar=${enviar} rotuloEnviar=${rotuloEnviar} aoCancelar=${aoCancelar}>
      <${CampoTexto} ...${form.campo("senha_atual")} rotulo=${rotuloAtual} tipo="password" obrigatorio autofocus
        autocomplete="current-password" />
      <${CampoTexto} ...${form.campo("nova_senha")} rotulo="Nova senha" tipo="password" obrigatorio
        autocomplete="new-password" ajuda=${AJUDA_NOVA} />
      <${CampoTexto} ...${form.campo("confirmacao")} rotulo="Confirme a nova senha" tipo="password" obrigatorio
        autocomplete="new-password" />
    <//>`;
}

/** From the header: the signed-in user changes their password; the other sessions end. */
export function DialogoTrocarSenha({ aoFechar }) {
  function concluido() {
    notificar("Senha alterada. Suas sessões em outros aparelhos foram encerradas.");
    aoFechar();
  }
  return html`
    <${Modal} titulo="Trocar senha" aoFechar=${aoFechar}>
      <${FormularioDeSenha} rotuloAtual="Senha atual" rotuloEnviar="Trocar senha" aoConcluir=${concluido}
        aoCancelar=${aoFechar} />
    <//>`;
}

/** Right after a login with a password someone else chose: nothing else until it is changed. */
export function TrocaObrigatoria({ perfil }) {
  useEffect(() => {
    document.title = "Troque a sua senha · ERP Web";
  }, []);
  return html`
    <main class="pagina-login" id="conteudo">
      <div class="cartao-login troca-obrigatoria">
        <h1>Troque a sua senha</h1>
        <p class="subtitulo">Olá, ${perfil.nome}. A senha que você usou foi criada pelo sistema ou por um
          administrador. Para continuar, escolha uma senha só sua.</p>
        <${FormularioDeSenha} rotuloAtual="Senha atual (a que você acabou de usar)" rotuloEnviar="Salvar e continuar" />
        <p class="outra-saida">
          <button type="button" class="botao-link" onClick=${() => sair().catch(() => {})}>Sair sem trocar</button>
        </p>
      </div>
    </main>`;
}
