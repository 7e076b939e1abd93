// The users of the current empresa: list, create, change permissions per module, reset a password,
// deactivate, remove. An empresa admin grants only what they hold (the server refuses the rest with
// 403) and creates people only in the empresas they administer. A password given here (typed, or
// generated and shown once), or a reset's temporary one, must be changed by its user at the next login.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { pode } from "../../sessao.js";
import { Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { CampoCaixa, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";

const MODULOS_PERMISSAO = [
  ["dashboard", "Dashboard"], ["financeiro", "Financeiro"], ["relatorios", "Relatórios"],
  ["cadastros", "Cadastros"], ["operacional", "Operacional"], ["rh", "RH"],
];
const NIVEIS = [["", "Sem acesso"], ["ler", "Ler"], ["escrever", "Escrever"]];

function nivel(permissoes, modulo) {
  if (permissoes.includes(`${modulo}:escrever`)) return "escrever";
  return permissoes.includes(`${modulo}:ler`) ? "ler" : "";
}

function comNivel(permissoes, modulo, novo) {
  const outras = permissoes.filter((p) => !p.startsWith(`${modulo}:`));
  // Writing includes reading; both are stored so the list reads plainly.
  const deste = { "": [], ler: [`${modulo}:ler`], escrever: [`${modulo}:ler`, `${modulo}:escrever`] }[novo];
  return [...outras, ...deste].sort();
}

export function resumoDePermissoes(item) {
  if (item.plataforma_admin) return "Administrador da plataforma";
  const partes = MODULOS_PERMISSAO.map(([id, nome]) => {
    const n = nivel(item.permissoes, id);
    return n && `${nome} (${n})`;
  }).filter(Boolean);
  if (item.permissoes.includes("admin")) partes.push("Administração");
  return partes.join(", ") || "Sem acesso";
}

function EditorDePermissoes({ valor, aoMudar, erro, concedente }) {
  return html`
    <fieldset class=${`permissoes${erro ? " com-erro" : ""}`}>
      <legend>Permissões nesta empresa</legend>
      <table>
        <thead><tr><th scope="col">Módulo</th>${NIVEIS.map(([, r]) => html`<th scope="col">${r}</th>`)}</tr></thead>
        <tbody>
          ${MODULOS_PERMISSAO.map(([id, nome]) => html`
            <tr key=${id}>
              <th scope="row">${nome}</th>
              ${NIVEIS.map(([n, rotulo]) => html`
                <td>
                  <input type="radio" name=${`perm-${id}`} value=${n} checked=${nivel(valor, id) === n}
                    aria-label=${`${nome}: ${rotulo}`}
                    disabled=${n && !pode(concedente, `${id}:${n}`)}
                    onChange=${() => aoMudar(comNivel(valor, id, n))} />
                </td>`)}
            </tr>`)}
        </tbody>
      </table>
      <${CampoCaixa} nome="perm-admin" rotulo="Administração da empresa (usuários e auditoria)"
        valor=${valor.includes("admin")}
        aoMudar=${(marcado) => aoMudar(marcado ? [...valor, "admin"].sort() : valor.filter((p) => p !== "admin"))} />
      ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
    </fieldset>`;
}

/** The empresas where this admin may add people (all active ones for the platform admin). */
function useEmpresasAdministradas() {
  const [empresas, setEmpresas] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    (async () => {
      const todas = [];
      let cursor;
      do {
        const pagina = await api.get("/api/empresas", { query: { administradas: true, limit: 500, cursor },
          sinal: controle.signal });
        todas.push(...pagina.items);
        cursor = pagina.next_cursor;
      } while (cursor);
      setEmpresas(todas);
    })().catch(() => setEmpresas([]));
    return () => controle.abort();
  }, []);
  return empresas;
}

function EscolhaDeEmpresas({ valor, aoMudar, erro, empresas, atual }) {
  function alternar(id, marcado) {
    aoMudar(marcado ? [...valor, id] : valor.filter((e) => e !== id));
  }
  const caixa = (e) => html`
    <${CampoCaixa} key=${e.id} nome=${`empresa-${e.id}`} rotulo=${e.nome} valor=${valor.includes(e.id)}
      aoMudar=${(marcado) => alternar(e.id, marcado)} />`;
  const daqui = empresas.filter((e) => e.id === atual);
  const outras = empresas.filter((e) => e.id !== atual);
  return html`
    <fieldset class=${`empresas${erro ? " com-erro" : ""}`}>
      <legend>Empresas</legend>
      ${daqui.map(caixa)}
      ${outras.length > 0 && html`
        <details class="outras-empresas" open=${valor.some((id) => id !== atual)}>
          <summary>Incluir também em outras empresas que você administra (${outras.length})</summary>
          ${outras.map(caixa)}
        </details>`}
      ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
    </fieldset>`;
}

const AJUDA_SENHA_INICIAL = "Deixe em branco para o sistema gerar uma, mostrada uma única vez; ou digite uma com "
  + "pelo menos 8 caracteres, sem senhas comuns. No primeiro acesso, a pessoa troca por uma só dela.";

function NovoUsuario({ usuario, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: "", username: "", password: "", permissoes: [], empresas: [usuario.empresa_id] });
  const administradas = useEmpresasAdministradas();
  const [criado, setCriado] = useState(null);
  async function salvar({ password, ...valores }) {
    // Left blank, the server generates the initial password; either way the person replaces it
    // with one of their own at the first login.
    const corpo = { ...valores, trocar_senha: true };
    const novo = await api.post("/api/usuarios", password ? { ...corpo, password } : corpo);
    if (novo.senha_temporaria) {
      setCriado(novo);
      return;
    }
    notificar(`Usuário ${novo.username} criado. No primeiro acesso, ele escolherá a própria senha.`);
    aoSalvar();
  }
  if (criado) {
    return html`<${SenhaTemporaria} alvo=${criado} senha=${criado.senha_temporaria} criacao aoFechar=${aoSalvar} />`;
  }
  return html`
    <${Modal} titulo="Novo usuário" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar usuário" aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus />
        <${CampoTexto} ...${form.campo("username")} rotulo="Usuário (login)" obrigatorio autocomplete="off"
          autocapitalize="none" spellcheck="false" ajuda="Letras minúsculas, números, ponto, hífen ou sublinhado" />
        <${CampoTexto} ...${form.campo("password")} rotulo="Senha inicial" tipo="password" autocomplete="new-password"
          ajuda=${AJUDA_SENHA_INICIAL} />
        ${administradas?.length > 1 && html`
          <${EscolhaDeEmpresas} ...${form.campo("empresas")} empresas=${administradas} atual=${usuario.empresa_id} />`}
        <${EditorDePermissoes} ...${form.campo("permissoes")} concedente=${usuario} />
      <//>
    <//>`;
}

/** A generated password (a reset's, or a new user's with `criacao`), shown once, with a way to copy it. */
function SenhaTemporaria({ alvo, senha, aoFechar, criacao = false }) {
  const [copiada, setCopiada] = useState(false);
  async function copiar() {
    try {
      await navigator.clipboard.writeText(senha);
      setCopiada(true);
    } catch {
      notificar("Não foi possível copiar; selecione a senha e copie manualmente.", "erro");
    }
  }
  return html`
    <${Modal} titulo="Senha temporária" aoFechar=${aoFechar}>
      <p>${criacao ? "A senha inicial" : "A nova senha"} de <strong>${alvo.nome}</strong> (${alvo.username}) é:</p>
      <p class="senha-temporaria"><code aria-label="Senha temporária">${senha}</code></p>
      <p class="ajuda">Anote ou copie agora: ela não será mostrada de novo. Entregue-a à pessoa; no
        ${criacao ? "primeiro" : "próximo"} acesso ela escolherá uma senha só dela.
        ${criacao ? "" : "As sessões abertas dela foram encerradas."}</p>
      <div class="acoes">
        <button type="button" class="botao secundario" onClick=${copiar}>${copiada ? "Copiada" : "Copiar"}</button>
        <button type="button" class="botao primario" onClick=${aoFechar}>Concluir</button>
      </div>
    <//>`;
}

function EdicaoDeUsuario({ usuario, alvo, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: alvo.nome, permissoes: alvo.permissoes, ativo: alvo.ativo });
  const [excluindo, setExcluindo] = useState(false);
  const [redefinindo, setRedefinindo] = useState(false);
  const [temporaria, setTemporaria] = useState(null);
  async function salvar(valores) {
    await api.put(`/api/usuarios/${alvo.id}`, valores);
    notificar(`Usuário ${alvo.username} atualizado.`);
    aoSalvar();
  }
  async function redefinir() {
    const { senha_temporaria } = await api.post(`/api/usuarios/${alvo.id}/redefinir-senha`);
    setRedefinindo(false);
    setTemporaria(senha_temporaria);
  }
  async function excluir() {
    try {
      await api.excluir(`/api/usuarios/${alvo.id}`);
      notificar(`Usuário ${alvo.username} removido desta empresa.`);
      aoSalvar();
    } catch (erro) {
      notificar(erro.message, "erro");
      setExcluindo(false);
    }
  }
  if (temporaria) return html`<${SenhaTemporaria} alvo=${alvo} senha=${temporaria} aoFechar=${aoSalvar} />`;
  if (redefinindo) {
    return html`
      <${Confirmacao} titulo="Redefinir senha" rotuloConfirmar="Gerar senha temporária" aoConfirmar=${redefinir}
        aoFechar=${() => setRedefinindo(false)}>
        Gerar uma senha temporária para ${alvo.nome} (${alvo.username})? A senha atual deixa de valer, as sessões
        abertas terminam agora e, no próximo acesso, a pessoa escolhe uma senha nova.
      <//>`;
  }
  if (excluindo) {
    return html`
      <${Confirmacao} titulo="Remover usuário" rotuloConfirmar="Remover" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(false)}>
        Remover ${alvo.nome} (${alvo.username}) desta empresa? As sessões abertas dele terminam agora.
      <//>`;
  }
  const proprio = alvo.id === usuario.id;
  // A platform admin is the platform administration's to reset; one's own password is changed
  // with the current one, from the header's account menu.
  const podeRedefinir = !proprio && (usuario.plataforma_admin || !alvo.plataforma_admin);
  return html`
    <${Modal} titulo=${`Editar ${alvo.username}`} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus />
        <div class="campo-senha">
          <span class="rotulo">Senha</span>
          ${proprio ? html`<p class="ajuda">Para trocar a sua, use “Trocar senha” no menu com o seu nome, no topo.</p>`
            : html`<p class="ajuda">${alvo.trocar_senha ? "Aguardando a pessoa trocar a senha temporária."
              : "A pessoa escolhe a própria senha."} Esqueceu? Gere uma senha temporária.</p>`}
          ${podeRedefinir && html`<button type="button" class="botao secundario"
            onClick=${() => setRedefinindo(true)}>Redefinir senha…</button>`}
        </div>
        ${!alvo.plataforma_admin && html`<${EditorDePermissoes} ...${form.campo("permissoes")} concedente=${usuario} />`}
        ${!proprio && html`<${CampoCaixa} ...${form.campo("ativo")} rotulo="Usuário ativo" />`}
      <//>
      ${!proprio && html`
        <div class="zona-perigo">
          <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}>Remover usuário</button>
        </div>`}
    <//>`;
}

export function Usuarios({ usuario }) {
  const [busca, setBusca] = useState("");
  const q = useAdiado(busca.trim());
  const [versao, setVersao] = useState(0);
  const [criando, setCriando] = useState(false);
  const [editando, setEditando] = useState(null);
  const recarregar = () => {
    setCriando(false);
    setEditando(null);
    setVersao((v) => v + 1);
  };
  const carregar = ({ cursor, signal }) => api.get("/api/usuarios", { query: { q, cursor }, sinal: signal });
  const colunas = [
    { titulo: "Nome", valor: (u) => u.nome },
    { titulo: "Usuário", valor: (u) => u.username },
    { titulo: "Permissões", valor: resumoDePermissoes },
    { titulo: "Situação", valor: (u) => (!u.ativo ? "Inativo" : u.trocar_senha ? "Ativo · troca de senha pendente" : "Ativo") },
  ];
  return html`
    <div class="barra">
      <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Nome ou usuário" />
      <button type="button" class="botao primario" onClick=${() => setCriando(true)}><${Icone} nome="plus" />Novo usuário</button>
    </div>
    <${Lista} rotulo="Usuários da empresa" carregar=${carregar} colunas=${colunas} filtros=${{ q }} versao=${versao}
      vazio=${q ? "Nenhum usuário encontrado com essa busca." : "Nenhum usuário nesta empresa ainda."}
      aoSelecionar=${setEditando} />
    ${criando && html`<${NovoUsuario} usuario=${usuario} aoFechar=${() => setCriando(false)} aoSalvar=${recarregar} />`}
    ${editando && html`<${EdicaoDeUsuario} usuario=${usuario} alvo=${editando} aoFechar=${() => setEditando(null)}
      aoSalvar=${recarregar} />`}`;
}
