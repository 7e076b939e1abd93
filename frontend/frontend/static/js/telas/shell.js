// The frame around every module: who is signed in and where, the modules this user may open, and
// the module's own screen (or an honest message when it cannot show one).

import { html, useEffect, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { MODULOS, moduloDaRota, useDisponibilidade } from "../modulos.js";
import { navegar } from "../roteador.js";
import { pode, renovar, sair } from "../sessao.js";
import { Aviso, Notificacoes, notificar } from "../ui/componentes.js";
import { Icone, Marca } from "../ui/icone.js";
import { useMenu } from "../ui/menu.js";
import { MenuDaConta } from "./conta/conta.js";

// Each module's icon in the navigation: a symbol of vendor/lucide/icones.svg.
const ICONES = {
  dashboard: "layout-dashboard", financeiro: "wallet", relatorios: "chart-column", cadastros: "book-user",
  operacional: "camera", rh: "users", administracao: "settings",
};

/** Where a user lands after the login: the first module they may open. */
export function rotaInicial(usuario) {
  return MODULOS.find((m) => pode(usuario, m.permissao))?.rota || "/sem-acesso";
}

function SeletorDeEmpresa({ usuario }) {
  const [trocando, setTrocando] = useState(false);
  const atual = usuario.empresas.find((e) => e.id === usuario.empresa_id);
  if (usuario.empresas.length < 2) {
    return html`<span class="empresa" title="Empresa"><${Icone} nome="building" />${atual?.nome ?? "Sem empresa"}</span>`;
  }
  async function trocar(evento) {
    const id = Number(evento.currentTarget.value);
    setTrocando(true);
    try {
      const novo = await renovar(id);
      const nome = novo.empresas.find((e) => e.id === novo.empresa_id)?.nome;
      notificar(`Agora você está em ${nome}.`);
      navegar(rotaInicial(novo));
    } catch (erro) {
      notificar(erro.message, "erro");
    } finally {
      setTrocando(false);
    }
  }
  return html`
    <label class="empresa">
      <${Icone} nome="building" />
      <span class="so-leitor">Empresa</span>
      <select value=${usuario.empresa_id} onChange=${trocar} disabled=${trocando}>
        ${usuario.empresas.map((e) => html`<option value=${e.id}>${e.nome}</option>`)}
      </select>
    </label>`;
}

/**
 * The modules this user may open. On a phone the list collapses behind a "Menu" button (the
 * disclosure pattern: aria-expanded, aria-controls) inside the same landmark: opening it moves the
 * focus to the current module, Esc closes it and gives the focus back to the button, and so does
 * choosing a module or leaving the list with Tab or a click elsewhere. On wider screens the button
 * is hidden and the list is always there, as a column.
 */
function Navegacao({ usuario, caminho, disponivel }) {
  const visiveis = MODULOS.filter((m) => pode(usuario, m.permissao));
  const nav = useRef(null);
  const { aberto, setAberto, botao, abertoAgora, teclar, saiu } = useMenu(
    nav, (raiz) => raiz.querySelector("ul a[aria-current='page']") || raiz.querySelector("ul a"));

  useEffect(() => {
    // A module chosen from the open menu: the list closes and the focus goes to the new screen
    // (the link that had it is hidden now).
    if (!abertoAgora.current) return;
    setAberto(false);
    document.getElementById("conteudo")?.focus();
  }, [caminho]);

  return html`
    <nav class=${`navegacao${aberto ? " aberta" : ""}`} aria-label="Módulos" ref=${nav} onKeyDown=${teclar} onFocusOut=${saiu}>
      <button type="button" class="botao-menu" ref=${botao} aria-expanded=${aberto ? "true" : "false"}
        aria-controls="lista-de-modulos" onClick=${() => setAberto(!aberto)}>
        <${Icone} nome="menu" />Menu
      </button>
      <ul id="lista-de-modulos">
        ${visiveis.map((m) => {
          const ativo = caminho === m.rota || caminho.startsWith(`${m.rota}/`);
          const fora = disponivel[m.servico] === false;
          return html`<li key=${m.id}>
            <a href=${m.rota} aria-current=${ativo ? "page" : undefined} class=${fora ? "fora-do-ar" : ""}>
              <${Icone} nome=${ICONES[m.id]} />${m.nome}${fora && html`<span class="selo">indisponível</span>`}
            </a>
          </li>`;
        })}
      </ul>
    </nav>`;
}

function TelaDoModulo({ usuario, rota, disponivel }) {
  const modulo = moduloDaRota(rota.caminho);
  // The module whose screen is showing: one that goes down while open keeps its screen — what was
  // loaded stays, the failed request says so in its place — and one entered while down says why.
  const aberto = useRef(null);
  useEffect(() => {
    document.title = `${modulo?.nome ?? "Página não encontrada"} · ERP Web`;
  }, [modulo]);
  if (rota.caminho === "/sem-acesso") {
    return html`<${Aviso} tipo="info" titulo="Nenhum módulo liberado">
      Seu usuário não tem acesso a nenhum módulo nesta empresa. Peça acesso a um administrador da empresa.<//>`;
  }
  if (!modulo) {
    return html`<${Aviso} tipo="info" titulo="Página não encontrada">
      Este endereço não existe no ERP Web. Use o menu para escolher um módulo.<//>`;
  }
  if (!pode(usuario, modulo.permissao)) {
    return html`<${Aviso} tipo="erro" titulo="Sem permissão">
      Você não tem acesso ao módulo ${modulo.nome}. Peça acesso a um administrador da empresa.<//>`;
  }
  if (disponivel[modulo.servico] === false && aberto.current !== modulo.id) {
    return html`<${Aviso} tipo="indisponivel" titulo=${`${modulo.nome} indisponível`}>
      O módulo ${modulo.nome} está fora do ar no momento; os demais seguem funcionando. Tente novamente em instantes.<//>`;
  }
  if (!modulo.tela) {
    return html`<${Aviso} tipo="info" titulo=${`${modulo.nome}: em construção`}>
      O módulo ${modulo.nome} ainda não está disponível nesta versão do ERP Web.<//>`;
  }
  aberto.current = modulo.id;
  const Tela = modulo.tela;
  return html`<${Tela} usuario=${usuario} rota=${rota} modulo=${modulo} />`;
}

export function Shell({ usuario, rota }) {
  const disponivel = useDisponibilidade(moduloDaRota(rota.caminho)?.id);
  const [saindo, setSaindo] = useState(false);
  async function encerrar() {
    setSaindo(true);
    // Whatever the server says, the session ends here: the app then shows only the login page.
    await sair().catch(() => {});
  }
  return html`
    <a class="pular" href="#conteudo">Pular para o conteúdo</a>
    <div class="shell">
      <header class="topo">
        <a class="marca" href=${rotaInicial(usuario)}><${Marca} /></a>
        <div class="conta">
          <${SeletorDeEmpresa} usuario=${usuario} />
          <${MenuDaConta} usuario=${usuario} />
          <button type="button" class="botao secundario" onClick=${encerrar} disabled=${saindo}>
            <${Icone} nome="log-out" />Sair
          </button>
        </div>
      </header>
      <${Navegacao} usuario=${usuario} caminho=${rota.caminho} disponivel=${disponivel} />
      <main id="conteudo" class="conteudo" tabindex="-1" key=${usuario.empresa_id}>
        <${TelaDoModulo} usuario=${usuario} rota=${rota} disponivel=${disponivel} />
      </main>
      <${Notificacoes} />
    </div>`;
}
