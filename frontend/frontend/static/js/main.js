// The app: the login page without a session, the shell with one. Everything private lives in the
// shell's components, so ending the session (logout, expiry, revocation) unmounts all of it: the
// back button then finds only the login page.

import { html, render, useEffect, useState } from "../vendor/htm-preact/standalone.module.js";
import { navegar, useRota } from "./roteador.js";
import { estadoDaSessao, ouvir, retomar } from "./sessao.js";
import { Carregando } from "./ui/componentes.js";
import { Login } from "./telas/login.js";
import { Shell, rotaInicial } from "./telas/shell.js";

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
  const rota = useRota();

  useEffect(() => {
    const parar = ouvir(setSessao);
    retomar().catch(() => {}).finally(() => setIniciando(false));
    return parar;
  }, []);

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
