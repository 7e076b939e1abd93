// The users of the current empresa: list, create, change permissions per module, deactivate,
// remove. An empresa admin grants only what they hold (the server refuses the rest with 403).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { pode } from "../../sessao.js";
import { Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { CampoCaixa, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
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

function EscolhaDeEmpresas({ valor, aoMudar, erro, empresas }) {
  function alternar(id, marcado) {
    aoMudar(marcado ? [...valor, id] : valor.filter((e) => e !== id));
  }
  return html`
    <fieldset class=${`empresas${erro ? " com-erro" : ""}`}>
      <legend>Empresas</legend>
      ${empresas.map((e) => html`
        <${CampoCaixa} key=${e.id} nome=${`empresa-${e.id}`} rotulo=${e.nome} valor=${valor.includes(e.id)}
          aoMudar=${(marcado) => alternar(e.id, marcado)} />`)}
      ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
    </fieldset>`;
}

function NovoUsuario({ usuario, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: "", username: "", password: "", permissoes: [], empresas: [usuario.empresa_id] });
  async function salvar(valores) {
    const criado = await api.post("/api/usuarios", valores);
    notificar(`Usuário ${criado.username} criado.`);
    aoSalvar();
  }
  return html`
    <${Modal} titulo="Novo usuário" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar usuário" aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus />
        <${CampoTexto} ...${form.campo("username")} rotulo="Usuário (login)" obrigatorio autocomplete="off"
          autocapitalize="none" spellcheck="false" ajuda="Letras minúsculas, números, ponto, hífen ou sublinhado" />
        <${CampoTexto} ...${form.campo("password")} rotulo="Senha inicial" tipo="password" obrigatorio
          autocomplete="new-password" ajuda="Pelo menos 8 caracteres" />
        ${usuario.plataforma_admin && html`
          <${EscolhaDeEmpresas} ...${form.campo("empresas")} empresas=${usuario.empresas} />`}
        <${EditorDePermissoes} ...${form.campo("permissoes")} concedente=${usuario} />
      <//>
    <//>`;
}

function EdicaoDeUsuario({ usuario, alvo, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: alvo.nome, password: "", permissoes: alvo.permissoes, ativo: alvo.ativo });
  const [excluindo, setExcluindo] = useState(false);
  async function salvar({ password, ...resto }) {
    await api.put(`/api/usuarios/${alvo.id}`, password ? { ...resto, password } : resto);
    notificar(`Usuário ${alvo.username} atualizado.`);
    aoSalvar();
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
  if (excluindo) {
    return html`
      <${Confirmacao} titulo="Remover usuário" rotuloConfirmar="Remover" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(false)}>
        Remover ${alvo.nome} (${alvo.username}) desta empresa? As sessões abertas dele terminam agora.
      <//>`;
  }
  const proprio = alvo.id === usuario.id;
  return html`
    <${Modal} titulo=${`Editar ${alvo.username}`} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus />
        <${CampoTexto} ...${form.campo("password")} rotulo="Nova senha" tipo="password" autocomplete="new-password"
          ajuda="Deixe em branco para manter a senha atual" />
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
    { titulo: "Situação", valor: (u) => (u.ativo ? "Ativo" : "Inativo") },
  ];
  return html`
    <div class="barra">
      <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Nome ou usuário" />
      <button type="button" class="botao primario" onClick=${() => setCriando(true)}>Novo usuário</button>
    </div>
    <${Lista} rotulo="Usuários da empresa" carregar=${carregar} colunas=${colunas} filtros=${{ q }} versao=${versao}
      vazio=${q ? "Nenhum usuário encontrado com essa busca." : "Nenhum usuário nesta empresa ainda."}
      aoSelecionar=${setEditando} />
    ${criando && html`<${NovoUsuario} usuario=${usuario} aoFechar=${() => setCriando(false)} aoSalvar=${recarregar} />`}
    ${editando && html`<${EdicaoDeUsuario} usuario=${usuario} alvo=${editando} aoFechar=${() => setEditando(null)}
      aoSalvar=${recarregar} />`}`;
}
