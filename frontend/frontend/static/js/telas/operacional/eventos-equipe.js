// An evento's team: who works it and in which papel — a usuário of the empresa, a freelancer
// (fornecedor) or a funcionário of RH who need not log in — with the freelancer's cachê. Edited as a
// whole and saved with one button.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarMoeda, mensagemDoCampo } from "../../formatos.js";
import { Aviso, Carregando, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoMoeda, CampoSelecao } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";

export const PAPEIS = [
  { valor: "fotografo_principal", rotulo: "Fotógrafo principal" },
  { valor: "segundo_fotografo", rotulo: "Segundo fotógrafo" },
  { valor: "assistente", rotulo: "Assistente" },
  { valor: "videomaker", rotulo: "Videomaker" },
  { valor: "outro", rotulo: "Outro" },
];
const rotuloDoPapel = (papel) => PAPEIS.find((p) => p.valor === papel)?.rotulo ?? papel;

/** After a name in the team pickers: what a person who is not a usuário is (GET /api/eventos/membros' tipo). */
export const sufixoDaPessoa = (tipo) => ({ fornecedor: " (freelancer)", funcionario: " (funcionário)" })[tipo] ?? "";

// A person as one select value: "usuario:3", "fornecedor:7" or "funcionario:2".
const chaveDe = (m) => (m.usuario_id ? `usuario:${m.usuario_id}` : m.fornecedor_id ? `fornecedor:${m.fornecedor_id}`
  : m.funcionario_id ? `funcionario:${m.funcionario_id}` : "");

function paraApi(linha) {
  const [tipo, id] = linha.pessoa.split(":");
  return { papel: linha.papel, [`${tipo}_id`]: Number(id), cache: linha.cache || null };
}

function Edicao({ eventoId, equipe, aoSalvar }) {
  const { dados: membros } = useConsulta("/api/eventos/membros");
  const [linhas, setLinhas] = useState(() => equipe.map((m) => ({ papel: m.papel, pessoa: chaveDe(m), cache: m.cache })));
  const [erros, setErros] = useState({});
  const [erroGeral, setErroGeral] = useState("");
  const [salvando, setSalvando] = useState(false);
  // Everyone offered, plus whoever is in the team already but no longer offered (left the empresa).
  const conhecidos = new Map((membros?.items || []).map((m) => [`${m.tipo}:${m.id}`,
    `${m.nome}${m.tipo === "usuario" ? " (equipe)" : sufixoDaPessoa(m.tipo)}`]));
  equipe.forEach((m) => conhecidos.has(chaveDe(m)) || conhecidos.set(chaveDe(m), m.nome || "Pessoa removida"));
  const opcoes = [{ valor: "", rotulo: "Escolha a pessoa" }, ...[...conhecidos].map(([valor, rotulo]) => ({ valor, rotulo }))];

  const mudar = (i, campo) => (valor) => setLinhas((atuais) => atuais.map((l, j) => (j === i ? { ...l, [campo]: valor } : l)));
  const erroDe = (i, campo) => mensagemDoCampo(erros[`equipe.${i}.${campo}`] || "");

  async function salvar() {
    const faltando = linhas.findIndex((l) => !l.pessoa);
    if (faltando >= 0) {
      setErros({ [`equipe.${faltando}.pessoa`]: "Escolha a pessoa" });
      return;
    }
    setSalvando(true);
    setErros({});
    setErroGeral("");
    try {
      const salvo = await api.put(`/api/eventos/${eventoId}/equipe`, { equipe: linhas.map(paraApi) });
      notificar("Equipe salva.");
      aoSalvar(salvo.equipe);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErros(falha.campos);
      setErroGeral(falha.message);
    } finally {
      setSalvando(false);
    }
  }

  return html`
    ${erroGeral && html`<p class="aviso aviso-erro" role="alert">${erroGeral}</p>`}
    ${!linhas.length && html`<p>Ninguém na equipe ainda.</p>`}
    ${linhas.map((l, i) => html`
      <fieldset class="linha-campos" key=${i}>
        <legend class="so-leitor">Pessoa ${i + 1} da equipe</legend>
        <${CampoSelecao} nome=${`equipe-${i}-papel`} rotulo="Papel" valor=${l.papel} aoMudar=${mudar(i, "papel")}
          opcoes=${PAPEIS} erro=${erroDe(i, "papel")} />
        <${CampoSelecao} nome=${`equipe-${i}-pessoa`} rotulo="Pessoa" valor=${l.pessoa} aoMudar=${mudar(i, "pessoa")}
          opcoes=${opcoes} erro=${erroDe(i, "pessoa") || erroDe(i, "usuario_id") || erroDe(i, "fornecedor_id")
            || erroDe(i, "funcionario_id") || erros[`equipe.${i}`]} />
        <${CampoMoeda} nome=${`equipe-${i}-cache`} rotulo="Cachê (opcional)" valor=${l.cache} aoMudar=${mudar(i, "cache")}
          erro=${erroDe(i, "cache")} />
        <button type="button" class="botao secundario" aria-label=${`Remover pessoa ${i + 1} da equipe`}
          onClick=${() => setLinhas((atuais) => atuais.filter((_, j) => j !== i))}><${Icone} nome="trash" /></button>
      </fieldset>`)}
    <div class="acoes">
      <button type="button" class="botao secundario"
        onClick=${() => setLinhas((atuais) => [...atuais, { papel: atuais.length ? "assistente" : "fotografo_principal", pessoa: "", cache: null }])}>
        <${Icone} nome="plus" />Adicionar pessoa</button>
      <button type="button" class="botao primario" disabled=${salvando} onClick=${salvar}>
        ${salvando ? "Aguarde…" : "Salvar equipe"}</button>
    </div>`;
}

export function EquipeDoEvento({ eventoId, escreve }) {
  const { dados, erro, recarregar } = useConsulta(`/api/eventos/${eventoId}/equipe`);
  const [editando, setEditando] = useState(false);
  if (erro) return html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  if (!dados) return html`<${Carregando} />`;
  if (editando) {
    return html`<${Edicao} eventoId=${eventoId} equipe=${dados.equipe}
      aoSalvar=${() => { setEditando(false); recarregar(); }} />`;
  }
  return html`
    ${dados.equipe.length ? html`
      <ul class="itens">
        ${dados.equipe.map((m) => html`
          <li key=${chaveDe(m)}>
            <strong>${rotuloDoPapel(m.papel)}</strong>: ${m.nome || "Pessoa removida"}
            ${m.fornecedor_id && " (freelancer)"}${m.funcionario_id && " (funcionário)"}${m.cache && ` — cachê ${formatarMoeda(m.cache)}`}
          </li>`)}
      </ul>` : html`<p>Ninguém na equipe ainda.</p>`}
    ${escreve && html`
      <div class="acoes"><button type="button" class="botao secundario" onClick=${() => setEditando(true)}>Editar equipe</button></div>`}`;
}
