// The app: the login page without a session, the shell with one. Everything private lives in the
// shell's components, so ending the session (logout, expiry, revocation) unmounts all of it: the
// back button then finds only the login page.

import { html, render, useEffect, useState } from "../vendor/htm-preact/standalone.module.js";
import { navegar, useRota } from "./roteador.js";
import { estadoDaSessao, ouvir, retomar } from "./sessao.js";
import { Aviso, Carregando } from "./ui/componentes.js";
import { Login } from "./telas/login.js";
import { PaginaDeAceite } from "./telas/aceite.js";

// The shell and every module's screens, asked for at once but not awaited by the login page, which
// shows as soon as its own few modules arrive; the rest keep arriving while the user types (the
// page preloads them all, after the login's).
const modulosDoShell = import("./telas/shell.js");

/** Only a path of this app may follow the login (never another site, never "//host"). */
function destinoSeguro(proximo) {
  return proximo && proximo.startsWith("/") && !proximo.startsWith("//") && proximo !== "/entrar" ? proximo : null;
}

function Redirecionar({ para }) {
  useEffect(() => navegar(para, { substituir: true }), [para]);
  return null;
}

function App() {
  const [sessao, setSessao] = useState(estadoDaSessao);
  const [iniciando, setIniciando] = useState(true);
  const [shell, setShell] = useState(null);
  const rota = useRota();

  useEffect(() => {
    const parar = ouvir(setSessao);
    retomar().catch(() => {}).finally(() => setIniciando(false));
    modulosDoShell.then(setShell, (erro) => setShell({ erro }));
    return parar;
  }, []);

  // The client's contract acceptance is public: the link's token is its only credential.
  const aceite = /^\/aceite\/([^/]+)$/.exec(rota.caminho);
  if (aceite) return html`<${PaginaDeAceite} token=${decodeURIComponent(aceite[1])} />`;
  if (iniciando) return html`<${Carregando} texto="Abrindo o ERP Web…" />`;

  const { usuario } = sessao;
  if (!usuario) {
    if (rota.caminho !== "/entrar") {
      const voltar = !sessao.saiu && rota.caminho !== "/";
      const atual = voltar ? `?proximo=${encodeURIComponent(rota.caminho + location.search)}` : "";
      return html`<${Redirecionar} para=${`/entrar${atual}`} />`;
    }
    return html`<${Login} aviso=${sessao.aviso} />`;
  }
  if (shell?.erro) {
    return html`
      <main class="pagina-login" id="conteudo">
        <${Aviso} tipo="erro" acao=${() => location.reload()} rotuloAcao="Recarregar a página">
          Não foi possível carregar o ERP Web. Verifique a conexão e recarregue a página.<//>
      </main>`;
  }
  if (!shell) return html`<${Carregando} texto="Abrindo o ERP Web…" />`;
  const { Shell, rotaInicial } = shell;
  if (rota.caminho === "/entrar" || rota.caminho === "/") {
    return html`<${Redirecionar} para=${destinoSeguro(rota.busca.get("proximo")) || rotaInicial(usuario)} />`;
  }
  return html`<${Shell} usuario=${usuario} rota=${rota} />`;
}

// A page restored from the back-forward cache would show what it showed before the logout.
window.addEventListener("pageshow", (evento) => {
  if (evento.persisted) location.reload();
});

render(html`<${App} />`, document.getElementById("app"));
