// "Primeiros passos": what a new empresa does before the dashboard has anything to show — its
// contas, its chart of categories, its clientes, its first bank statement and, for an admin, the
// team. Each step is done or not from the empresa's own data (the first rows of a list the API
// already serves: `limit` 1 or 2, a cheap question), and leads to the screen that does it. The
// list leaves the dashboard once the empresa is set up (every step done but the optional one), or
// when the person hides it; either is remembered, so a set-up empresa's dashboard asks nothing more.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { pode } from "../../sessao.js";
import { BotaoModeloDeCategorias } from "../../ui/modelo-de-categorias.js";

// `minimo`: how many rows make the step done (the team: someone besides the admin). `opcional`: a
// studio of one has no team to invite, so that step alone does not keep the list on the dashboard.
const PASSOS = [
  {
    id: "contas", titulo: "Cadastrar as contas bancárias", permissao: "cadastros:ler",
    texto: "As contas do banco, o caixa do estúdio e os cartões: é nelas que o dinheiro entra e sai.",
    caminho: "/api/contas", rota: "/cadastros/contas", acao: "Cadastrar contas",
  },
  {
    id: "categorias", titulo: "Montar o plano de contas", permissao: "cadastros:ler", modelo: true,
    texto: "As categorias das receitas e despesas. O plano sugerido já traz as de um estúdio de fotografia; ajuste depois.",
    caminho: "/api/categorias", rota: "/cadastros/categorias", acao: "Ver as categorias",
  },
  {
    id: "clientes", titulo: "Importar os clientes", permissao: "cadastros:ler",
    texto: "Da planilha que você já tem (CSV, do Excel) ou um a um.",
    caminho: "/api/clientes", rota: "/cadastros/clientes", acao: "Importar clientes",
  },
  {
    id: "extrato", titulo: "Importar o primeiro extrato", permissao: "financeiro:ler",
    texto: "O arquivo OFX do internet banking, para conferir o que entrou e saiu da conta.",
    caminho: "/api/extratos", rota: "/financeiro/extratos", acao: "Importar extrato",
  },
  {
    id: "equipe", titulo: "Convidar a equipe", permissao: "admin", minimo: 2, opcional: true,
    texto: "Um usuário para cada pessoa do estúdio, com o que ela pode ver e fazer.",
    caminho: "/api/usuarios", rota: "/administracao/usuarios", acao: "Convidar",
  },
];

/** The steps this user may see, each with `feito` (null when its list could not be read). */
async function verificar(usuario) {
  const visiveis = PASSOS.filter((p) => pode(usuario, p.permissao));
  const feitos = await Promise.all(visiveis.map(({ caminho, minimo = 1 }) => api.get(caminho, { query: { limit: minimo } })
    .then(({ items }) => items.length >= minimo, () => null)));
  return visiveis.map((p, i) => ({ ...p, feito: feitos[i] }));
}

// Hiding it is a preference of this person in this empresa, not data the studio shares: it stays
// in this browser (localStorage holds nothing else of the app, and nothing private).
const chaveOculto = (usuario) => `erp:primeiros-passos-ocultos:${usuario.id}:${usuario.empresa_id}`;

// Set up once, set up for good: an empresa whose steps were all read and found done is not asked
// again on every visit (a step that could not be read, or none to see, proves nothing).
const pronto = (passos) => passos.every((p) => p.feito || p.opcional);
const comprovadamentePronto = (passos) => passos.length > 0 && passos.every((p) => p.feito !== null) && pronto(passos);

function lembrarOculto(usuario) {
  try {
    localStorage.setItem(chaveOculto(usuario), "1");
  } catch {
    // not remembered: asked again on the next visit
  }
}

function lerOculto(usuario) {
  try {
    return localStorage.getItem(chaveOculto(usuario)) === "1";
  } catch {
    return false; // storage refused (a private window): the list shows, as for anyone new
  }
}

export function PrimeirosPassos({ usuario }) {
  const [oculto, setOculto] = useState(() => lerOculto(usuario));
  const [passos, setPassos] = useState(null);
  const [versao, setVersao] = useState(0);

  useEffect(() => {
    if (oculto) return undefined;
    let atual = true;
    verificar(usuario).then((v) => {
      if (!atual) return;
      if (comprovadamentePronto(v)) lembrarOculto(usuario);
      setPassos(v.filter((p) => p.feito !== null)); // a list that could not be read is left out
    });
    return () => {
      atual = false;
    };
  }, [oculto, versao]);

  function ocultar() {
    lembrarOculto(usuario);
    setOculto(true);
  }

  if (oculto || !passos || pronto(passos)) return null;
  const feitos = passos.filter((p) => p.feito).length;
  const escreveCategorias = pode(usuario, "cadastros:escrever");
  return html`
    <section class="primeiros-passos" aria-labelledby="primeiros-passos-titulo">
      <div class="primeiros-passos-topo">
        <h2 id="primeiros-passos-titulo">Primeiros passos</h2>
        <span class="primeiros-passos-progresso">${feitos} de ${passos.length} feitos</span>
        <button type="button" class="botao secundario pequeno" onClick=${ocultar}>Ocultar</button>
      </div>
      <p class="ajuda">Para o ERP mostrar os números do estúdio, comece por aqui.</p>
      <ol class="passos">
        ${passos.map((p) => html`
          <li key=${p.id} class=${p.feito ? "passo feito" : "passo"} data-passo=${p.id}>
            <span class="passo-marca" aria-hidden="true">${p.feito ? "✓" : ""}</span>
            <div class="passo-texto">
              <strong>${p.titulo}</strong><span class="so-leitor">${p.feito ? " (feito)" : " (a fazer)"}</span>
              ${!p.feito && html`<p>${p.texto}</p>`}
            </div>
            ${!p.feito && html`
              <div class="passo-acoes">
                ${p.modelo && escreveCategorias && html`<${BotaoModeloDeCategorias} aoAplicar=${() => setVersao((v) => v + 1)} />`}
                <a class="botao secundario" href=${p.rota}>${p.acao}</a>
              </div>`}
          </li>`)}
      </ol>
    </section>`;
}
