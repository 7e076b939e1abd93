import { html, useEffect, useState } from "../../vendor/htm-preact/standalone.module.js";
import { entrar, estadoDaSessao, ouvir } from "../sessao.js";
import { Aviso } from "../ui/componentes.js";
import { CampoTexto, Formulario, useFormulario } from "../ui/formulario.js";
import { Marca } from "../ui/icone.js";
import { TrocaObrigatoria } from "./conta/senha.js";

export function Login({ aviso }) {
  // A login with a password someone else chose opens a session that may only choose a new one:
  // this page then asks for it (sessao.js keeps the app closed until then).
  const [pendente, setPendente] = useState(() => estadoDaSessao().trocaPendente);
  useEffect(() => ouvir((estado) => setPendente(estado.trocaPendente)), []);
  if (pendente) return html`<${TrocaObrigatoria} perfil=${pendente} />`;
  return html`<${Entrada} aviso=${aviso} />`;
}

function Entrada({ aviso }) {
  const form = useFormulario({ username: "", password: "" });
  useEffect(() => {
    document.title = "Entrar · ERP Web";
  }, []);
  // On success the session store changes and the app leaves this page by itself.
  const enviar = ({ username, password }) => entrar(username.trim(), password);
  return html`
    <main class="pagina-login" id="conteudo">
      <div class="cartao-login">
        <h1><${Marca} /></h1>
        <p class="subtitulo">Entre com seu usuário e senha.</p>
        ${aviso && html`<${Aviso} tipo="info">${aviso}<//>`}
        <${Formulario} form=${form} aoEnviar=${enviar} rotuloEnviar="Entrar">
          <${CampoTexto} ...${form.campo("username")} rotulo="Usuário" autocomplete="username" autofocus
            autocapitalize="none" spellcheck="false" obrigatorio />
          <${CampoTexto} ...${form.campo("password")} rotulo="Senha" tipo="password"
            autocomplete="current-password" obrigatorio />
        <//>
      </div>
    </main>`;
}
