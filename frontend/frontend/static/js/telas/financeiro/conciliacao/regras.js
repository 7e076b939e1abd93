// The staff's reconciliation rules: conditions on a transaction (memo text, amount range,
// direction, conta and, under "Avançado", a regular expression) and what to do with one that meets
// them. A rule is tried on the past transactions before it is saved ("Esta regra teria encontrado
// 14 transações"), and the rules apply in the order of the list, which the staff arrange.

import { html, useEffect, useRef, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData, formatarMoeda } from "../../../formatos.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { CampoEscolha } from "../../../ui/escolha.js";
import {
  CampoCaixa, CampoMoeda, CampoSelecao, CampoTexto, Formulario, Opcoes, limpar, useFormulario,
} from "../../../ui/formulario.js";
import { Icone } from "../../../ui/icone.js";
import { buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias, useContas } from "../../../ui/registros.js";
import { Dinheiro, centavos } from "../../../ui/valores.js";
import { exigirPorcentagem } from "./comum.js";

const ACOES = [
  { valor: "SUGERIR", rotulo: "Sugerir um lançamento" },
  { valor: "CRIAR_LANCAMENTO", rotulo: "Criar o lançamento na conciliação automática" },
  { valor: "CONCILIAR", rotulo: "Confirmar a melhor sugestão na conciliação automática" },
];
const DIRECOES = [
  { valor: "", rotulo: "Entradas e saídas" },
  { valor: "ENTRADA", rotulo: "Entradas" },
  { valor: "SAIDA", rotulo: "Saídas" },
];
const TIPO_DA_DIRECAO = { ENTRADA: "RECEITA", SAIDA: "DESPESA", "": "" };

const VAZIA = {
  nome: "", memo_contem: "", memo_regex: "", valor_minimo: null, valor_maximo: null, direcao: "", conta_id: "",
  acao: "SUGERIR", categoria_id: "", cliente_id: null, fornecedor_id: null, descricao: "", score_minimo: "90", ativa: true,
};

/**
 * The memo's longest stretch without digits, trimmed to its letters: what repeats from one month
 * to the next (the numbers are dates, documents, ids), as one piece of text for "contém".
 */
function trechoSemNumeros(memo) {
  const trechos = memo.split(/\d+/)
    .map((t) => t.replace(/\s+/g, " ").replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""))
    .filter(Boolean);
  return trechos.reduce((maior, t) => (t.length > maior.length ? t : maior), "");
}

/** A new rule's fields taken from a transaction: its memo's text, its direction, its conta. */
export function regraDaTransacao(transacao, extrato) {
  const texto = trechoSemNumeros(transacao.memo).slice(0, 200);
  return {
    ...VAZIA, nome: texto.slice(0, 100), memo_contem: texto,
    direcao: centavos(transacao.valor) < 0n ? "SAIDA" : "ENTRADA", conta_id: String(extrato.conta_id),
  };
}

function valoresDaRegra(r) {
  return {
    nome: r.nome, memo_contem: r.memo_contem ?? "", memo_regex: r.memo_regex ?? "", valor_minimo: r.valor_minimo,
    valor_maximo: r.valor_maximo, direcao: r.direcao ?? "", conta_id: r.conta_id ? String(r.conta_id) : "",
    acao: r.acao, categoria_id: r.categoria_id ? String(r.categoria_id) : "", cliente_id: r.cliente_id,
    fornecedor_id: r.fornecedor_id, descricao: r.descricao ?? "",
    score_minimo: r.score_minimo == null ? "90" : String(Math.round(r.score_minimo * 100)), ativa: r.ativa,
  };
}

/** The form's values as the API takes a rule: every field, null when not set. */
function corpoDaRegra(v, receita) {
  const l = limpar(v);
  const conciliar = l.acao === "CONCILIAR";
  return {
    nome: l.nome, ativa: !!v.ativa,
    memo_contem: l.memo_contem, memo_regex: l.memo_regex, valor_minimo: l.valor_minimo, valor_maximo: l.valor_maximo,
    direcao: l.direcao, conta_id: l.conta_id ? Number(l.conta_id) : null,
    acao: l.acao,
    categoria_id: !conciliar && l.categoria_id ? Number(l.categoria_id) : null,
    cliente_id: !conciliar && receita !== false ? l.cliente_id : null,
    fornecedor_id: !conciliar && receita !== true ? l.fornecedor_id : null,
    descricao: conciliar ? null : l.descricao,
    score_minimo: conciliar ? exigirPorcentagem(l.score_minimo, "score_minimo") : null,
  };
}

function ResultadoDoTeste({ resultado, desatualizado }) {
  const { total, mensagem, exemplos } = resultado;
  return html`
    <section class="resultado-teste" aria-label="Resultado do teste" aria-live="polite">
      <p><strong>${mensagem}.</strong>
        ${desatualizado && html` <span class="ajuda">As condições mudaram desde o teste: teste de novo.</span>`}</p>
      ${exemplos.length > 0 && html`
        <div class="lista">
          <table>
            <caption class="so-leitor">Transações que a regra encontra</caption>
            <thead><tr>
              <th scope="col">Data</th><th scope="col">Histórico</th><th scope="col" class="numero">Valor</th>
              <th scope="col">Conciliada</th>
            </tr></thead>
            <tbody>
              ${exemplos.map((t) => html`
                <tr key=${t.id}>
                  <td>${formatarData(t.data)}</td><td>${t.memo}</td>
                  <td class="numero"><${Dinheiro} valor=${t.valor} /></td><td>${t.conciliado ? "Sim" : "Não"}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>
        ${total > exemplos.length && html`<p class="ajuda">Mostrando ${exemplos.length} de ${total}.</p>`}`}
    </section>`;
}

/** Creates (`inicial`) or edits (`regra`) a rule, with the dry run on the past transactions. */
export function EditorDeRegra({ regra, inicial = VAZIA, aoFechar, aoSalvar }) {
  const form = useFormulario(regra ? valoresDaRegra(regra) : inicial);
  const { valores } = form;
  const contas = useContas({ todas: true });
  const categorias = useCategorias(TIPO_DA_DIRECAO[valores.direcao]);
  const [teste, setTeste] = useState(null); // {resultado, corpo}
  // "Avançado" opens by itself for a rule that has a pattern, or when the server refuses it.
  const [avancado, setAvancado] = useState(!!valores.memo_regex);
  const campoRegex = form.campo("memo_regex");

  // Without a direction, the categoria says whose rule it is (a receita's client, a despesa's supplier).
  const categoria = (categorias || []).find((c) => String(c.id) === valores.categoria_id);
  const tipo = TIPO_DA_DIRECAO[valores.direcao] || categoria?.tipo || "";
  const receita = tipo ? tipo === "RECEITA" : null;
  const conciliar = valores.acao === "CONCILIAR";

  function mudarDirecao(direcao) {
    form.definir("direcao", direcao);
    form.definir("categoria_id", ""); // the other direction has the other tree
  }

  async function testar(v) {
    const corpo = corpoDaRegra(v, receita);
    const resultado = await api.post("/api/extratos/regras/testar", corpo);
    setTeste({ resultado, corpo: JSON.stringify(corpo) });
  }

  // Another rule with these same conditions, as the server named it: {id, nome, mensagem}.
  const [duplicada, setDuplicada] = useState(null);

  async function salvar(v, confirmarDuplicada = false) {
    const corpo = { ...corpoDaRegra(v, receita), ...(confirmarDuplicada ? { confirmar_duplicada: true } : {}) };
    setDuplicada(null);
    let salva;
    try {
      salva = regra
        ? await api.put(`/api/extratos/regras/${regra.id}`, corpo)
        : await api.post("/api/extratos/regras", corpo);
    } catch (falha) {
      if (!(falha instanceof ErroApi) || falha.code !== "regra_duplicada") throw falha;
      setDuplicada({ id: falha.corpo.regra_id, nome: falha.corpo.regra_nome, mensagem: falha.message });
      return;
    }
    notificar(`Regra ${salva.nome} salva.`);
    aoSalvar(salva);
  }

  let atual = null;
  try {
    atual = JSON.stringify(corpoDaRegra(valores, receita));
  } catch {
    // A threshold still being typed: the test is out of date, which is all this needs to know.
  }

  const opcoesConta = [{ valor: "", rotulo: "Qualquer conta" }, ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const opcoesCategoria = [{ valor: "", rotulo: categorias ? "Escolha a categoria" : "Carregando…" },
    ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))];
  return html`
    <${Modal} titulo=${regra ? `Editar regra ${regra.nome}` : "Nova regra"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar regra" aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome da regra" obrigatorio maxlength="100" />
        <fieldset class="condicoes">
          <legend>Quando a transação</legend>
          <${CampoTexto} ...${form.campo("memo_contem")} rotulo="Histórico contém" maxlength="200"
            ajuda="Sem diferença entre maiúsculas, minúsculas e acentos" />
          <div class="linha-campos">
            <${CampoMoeda} ...${form.campo("valor_minimo")} rotulo="Valor mínimo (R$)" />
            <${CampoMoeda} ...${form.campo("valor_maximo")} rotulo="Valor máximo (R$)" />
          </div>
          <div class="linha-campos">
            <${CampoSelecao} ...${form.campo("direcao")} aoMudar=${mudarDirecao} rotulo="Direção" opcoes=${DIRECOES} />
            <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta" opcoes=${opcoesConta} />
          </div>
          <details class="avancado" open=${avancado || !!campoRegex.erro} onToggle=${(e) => setAvancado(e.currentTarget.open)}>
            <summary>Avançado</summary>
            <${CampoTexto} ...${campoRegex} rotulo="Padrão avançado (expressão regular)" maxlength="200"
              ajuda="Para quem conhece expressões regulares; por exemplo ^TARIFA (PACOTE|AVULSA). Quase sempre “Histórico contém” basta." />
          </details>
        </fieldset>
        <${Opcoes} ...${form.campo("acao")} rotulo="Então" opcoes=${ACOES} />
        ${conciliar
          ? html`<${CampoTexto} ...${form.campo("score_minimo")} rotulo="Confiança mínima para conciliar sozinho (%)" inputmode="numeric"
              maxlength="3" ajuda="De 0 a 100. A melhor sugestão só é confirmada sem você quando o sistema tem pelo menos esta certeza; 90 é um bom começo." />`
          : html`
            <div class="linha-campos">
              <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria" obrigatorio opcoes=${opcoesCategoria}
                ajuda=${categorias?.erro} />
              <${CampoTexto} ...${form.campo("descricao")} rotulo="Descrição do lançamento" maxlength="200"
                ajuda="Vazia, o histórico da transação" />
            </div>
            ${receita === true && html`<${CampoEscolha} key="cliente" ...${form.campo("cliente_id")}
              rotulo="Cliente" buscar=${buscarClientes} rotuloInicial=${regra?.cliente_nome ?? ""} placeholder="Opcional"
              vazio="Nenhum cliente encontrado." />`}
            ${receita === false && html`<${CampoEscolha} key="fornecedor" ...${form.campo("fornecedor_id")}
              rotulo="Fornecedor" buscar=${buscarFornecedores} rotuloInicial=${regra?.fornecedor_nome ?? ""} placeholder="Opcional"
              vazio="Nenhum fornecedor encontrado." />`}`}
        <${CampoCaixa} ...${form.campo("ativa")} rotulo="Regra ativa" />
        ${duplicada && html`<${AvisoDeDuplicada} duplicada=${duplicada} enviando=${form.enviando}
          aoSalvarMesmoAssim=${() => form.enviar((v) => salvar(v, true))} />`}
        <div class="testar-regra">
          <button type="button" class="botao secundario" disabled=${form.enviando} onClick=${() => form.enviar(testar)}>
            Testar
          </button>
          <span class="ajuda">Procura nas transações já importadas, sem mudar nada.</span>
        </div>
        ${teste && html`<${ResultadoDoTeste} resultado=${teste.resultado} desatualizado=${teste.corpo !== atual} />`}
      <//>
    <//>`;
}

/**
 * Saving was refused because another rule has the same conditions (only the first of the two
 * would ever act): that rule can be looked at here, without leaving the form, or this one saved
 * anyway.
 */
function AvisoDeDuplicada({ duplicada, enviando, aoSalvarMesmoAssim }) {
  const [vendo, setVendo] = useState(false);
  // Below the fields of a long form (a phone, a test's results): brought into view.
  const raiz = useRef(null);
  useEffect(() => {
    raiz.current?.scrollIntoView?.({ block: "nearest" });
  }, []);
  const { dados: existente, erro } = useConsulta(vendo ? `/api/extratos/regras/${duplicada.id}` : null);
  let detalhe = null;
  if (vendo && erro) detalhe = html`<p>${erro.message}</p>`;
  else if (vendo && !existente) detalhe = html`<${Carregando} />`;
  else if (vendo) {
    detalhe = html`<${Detalhes} pares=${[["Nome", existente.nome], ["Condições", condicoes(existente)],
      ["Ação", acao(existente)], ["Situação", existente.ativa ? "Ativa" : "Inativa"]]} />`;
  }
  return html`
    <div class="aviso aviso-erro regra-duplicada" role="alert" ref=${raiz}>
      <p>${duplicada.mensagem}. Numa transação, só a primeira das duas regras na lista age.</p>
      <div class="acoes">
        <button type="button" class="botao secundario" aria-expanded=${vendo ? "true" : "false"}
          onClick=${() => setVendo(!vendo)}>Ver a regra existente</button>
        <button type="button" class="botao secundario" disabled=${enviando} onClick=${aoSalvarMesmoAssim}>Salvar mesmo assim</button>
      </div>
      ${detalhe && html`<section class="regra-existente" aria-label=${`Regra ${duplicada.nome}`}>${detalhe}</section>`}
    </div>`;
}

function condicoes(r) {
  const partes = [];
  if (r.memo_contem) partes.push(`histórico contém “${r.memo_contem}”`);
  if (r.memo_regex) partes.push(`padrão avançado ${r.memo_regex}`);
  if (r.valor_minimo && r.valor_maximo) partes.push(`valor de ${formatarMoeda(r.valor_minimo)} a ${formatarMoeda(r.valor_maximo)}`);
  else if (r.valor_minimo) partes.push(`valor a partir de ${formatarMoeda(r.valor_minimo)}`);
  else if (r.valor_maximo) partes.push(`valor até ${formatarMoeda(r.valor_maximo)}`);
  if (r.direcao) partes.push(r.direcao === "ENTRADA" ? "entradas" : "saídas");
  if (r.conta_id) partes.push(`conta ${r.conta_nome}`);
  return partes.join(" · ");
}

function acao(r) {
  if (r.acao === "CONCILIAR") return `Confirmar a melhor sugestão com confiança a partir de ${Math.round(r.score_minimo * 100)}%`;
  const pessoa = r.cliente_nome || r.fornecedor_nome;
  return `${r.acao === "SUGERIR" ? "Sugerir" : "Criar"} lançamento em ${r.categoria_nome}${pessoa ? ` para ${pessoa}` : ""}`;
}

/** The rules in the order they apply, to arrange, edit and delete. */
export function Regras({ escreve }) {
  const [versao, setVersao] = useState(0);
  const { dados, erro, recarregar } = useConsulta("/api/extratos/regras", {}, versao);
  const [editando, setEditando] = useState(null); // a rule, or "nova"
  const [excluindo, setExcluindo] = useState(null);
  const [falha, setFalha] = useState("");
  const mudou = () => setVersao((v) => v + 1);

  async function mover(indice, passo) {
    const ids = dados.items.map((r) => r.id);
    [ids[indice], ids[indice + passo]] = [ids[indice + passo], ids[indice]];
    setFalha("");
    try {
      await api.put("/api/extratos/regras/ordem", { ids });
      mudou();
    } catch (erroApi) {
      if (!(erroApi instanceof ErroApi)) throw erroApi;
      // Someone else added or removed a rule meanwhile: the list is read again.
      setFalha(erroApi.message);
      mudou();
    }
  }
  async function excluir() {
    await api.excluir(`/api/extratos/regras/${excluindo.id}`);
    notificar(`Regra ${excluindo.nome} excluída.`);
    setExcluindo(null);
    mudou();
  }

  let conteudo;
  if (erro && !dados) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!dados) {
    conteudo = html`<${Carregando} />`;
  } else if (!dados.items.length) {
    conteudo = html`<p class="vazio">Nenhuma regra ainda. ${escreve && "Crie uma a partir de uma transação, em “A conciliar”, ou aqui."}</p>`;
  } else {
    const regras = dados.items;
    conteudo = html`
      <div class="lista">
        <table>
          <caption class="so-leitor">Regras de conciliação</caption>
          <thead><tr>
            <th scope="col" class="numero">Ordem</th><th scope="col">Nome</th><th scope="col">Condições</th>
            <th scope="col">Ação</th><th scope="col">Situação</th>
            ${escreve && html`<th scope="col"><span class="so-leitor">Ações</span></th>`}
          </tr></thead>
          <tbody>
            ${regras.map((r, i) => html`
              <tr key=${r.id} class=${r.ativa ? "" : "linha-cancelada"}>
                <td class="numero">${i + 1}</td>
                <td>${r.nome}</td>
                <td>${condicoes(r)}</td>
                <td>${acao(r)}</td>
                <td>${r.ativa ? "Ativa" : "Inativa"}</td>
                ${escreve && html`
                  <td>
                    <span class="acoes-linha">
                      <button type="button" class="botao secundario pequeno" disabled=${i === 0}
                        aria-label=${`Subir a regra ${r.nome}`} onClick=${() => mover(i, -1)}>↑</button>
                      <button type="button" class="botao secundario pequeno" disabled=${i === regras.length - 1}
                        aria-label=${`Descer a regra ${r.nome}`} onClick=${() => mover(i, 1)}>↓</button>
                      <button type="button" class="botao secundario pequeno" aria-label=${`Editar a regra ${r.nome}`}
                        onClick=${() => setEditando(r)}>Editar</button>
                      <button type="button" class="botao perigo pequeno" aria-label=${`Excluir a regra ${r.nome}`}
                        onClick=${() => setExcluindo(r)}>Excluir</button>
                    </span>
                  </td>`}
              </tr>`)}
          </tbody>
        </table>
      </div>`;
  }
  return html`
    <div class="barra">
      <p class="ajuda">As regras valem na ordem da lista: numa transação, a primeira que servir decide.</p>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setEditando("nova")}><${Icone} nome="plus" />Nova regra</button>`}
    </div>
    ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
    ${conteudo}
    ${editando && html`<${EditorDeRegra} regra=${editando === "nova" ? null : editando}
      aoFechar=${() => setEditando(null)} aoSalvar=${() => { setEditando(null); mudou(); }} />`}
    ${excluindo && html`
      <${Confirmacao} titulo="Excluir regra" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(null)}>
        Excluir a regra ${excluindo.nome}? As conciliações que ela já fez continuam, com o nome dela.
      <//>`}`;
}
