// The chart of accounts (plano de contas): receitas and despesas in a tree of up to four levels,
// with the codes the server derives from the positions ("1", "1.01", "1.01.02"). Add a category or
// a subcategory, rename, move up and down among its siblings or under another parent, choose the
// DRE line its amounts go to, deactivate (with its descendants), delete.

import { html, useEffect, useMemo, useRef, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Modal, notificar } from "../../ui/componentes.js";
import { Arvore } from "../../ui/arvore.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoSelecao, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { BotaoModeloDeCategorias } from "../../ui/modelo-de-categorias.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { AcoesDoRegistro } from "./comum.js";

const NIVEL_MAXIMO = 4;
const TIPOS = [{ valor: "RECEITA", rotulo: "Receita" }, { valor: "DESPESA", rotulo: "Despesa" }];
const nomeDoTipo = (tipo) => TIPOS.find((t) => t.valor === tipo)?.rotulo ?? tipo;

// The lines of the income statement (DRE) a categoria may go to, per tipo (the server's GRUPOS_DRE).
const FORA_DO_RESULTADO = { valor: "nao_operacional", rotulo: "Fora do resultado (transferências, aportes, retiradas, empréstimos)" };
const GRUPOS_DRE = {
  RECEITA: [
    { valor: "receita_bruta", rotulo: "Receita bruta (vendas e serviços)" },
    { valor: "receitas_financeiras", rotulo: "Receitas financeiras (rendimentos, juros recebidos)" },
    { valor: "outras_receitas", rotulo: "Outras receitas (venda de equipamento usado...)" },
    FORA_DO_RESULTADO,
  ],
  DESPESA: [
    { valor: "deducoes", rotulo: "Deduções da receita (impostos sobre vendas, devoluções)" },
    { valor: "custos_servicos", rotulo: "Custos dos serviços (freelancers, laboratório, álbuns)" },
    { valor: "despesas_operacionais", rotulo: "Despesas operacionais (aluguel, marketing, pró-labore...)" },
    { valor: "despesas_financeiras", rotulo: "Despesas financeiras (tarifas, juros, taxas de cartão)" },
    { valor: "outras_despesas", rotulo: "Outras despesas (fora da operação)" },
    FORA_DO_RESULTADO,
  ],
};

/** id → {item, pai, irmaos} over the whole tree (inactive ones included: positions are the server's). */
function indexar(raizes) {
  const mapa = new Map();
  const visitar = (lista, pai) => lista.forEach((item) => {
    mapa.set(item.id, { item, pai, irmaos: lista });
    visitar(item.filhos || [], item);
  });
  visitar(raizes, null);
  return mapa;
}

function filtrar(lista, visivel) {
  return lista.filter(visivel).map((item) => ({ ...item, filhos: filtrar(item.filhos || [], visivel) }));
}

/** How many levels hang below `item` (0 for a leaf). */
function altura(item) {
  return Math.max(0, ...(item.filhos || []).map((f) => 1 + altura(f)));
}

function descendentes(item, saida = new Set()) {
  (item.filhos || []).forEach((f) => {
    saida.add(f.id);
    descendentes(f, saida);
  });
  return saida;
}

function NovaCategoria({ pai, tipoInicial, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: "", tipo: pai ? pai.tipo : tipoInicial });
  async function salvar({ nome, tipo }) {
    const criada = await api.post("/api/categorias", { nome: nome.trim(), tipo, parent_id: pai ? pai.id : null });
    notificar(`Categoria ${criada.codigo} ${criada.nome} criada.`);
    aoSalvar(criada.id);
  }
  const titulo = pai ? `Nova subcategoria em ${pai.codigo} ${pai.nome}` : "Nova categoria";
  return html`
    <${Modal} titulo=${titulo} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar categoria" aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="100" />
        ${pai
          ? html`<p class="ajuda">Tipo: ${nomeDoTipo(pai.tipo)}, como a categoria de cima.</p>`
          : html`<${CampoSelecao} ...${form.campo("tipo")} rotulo="Tipo" opcoes=${TIPOS} />`}
      <//>
    <//>`;
}

function EdicaoDeCategoria({ categoria, indice, aoFechar, aoSalvar }) {
  const { pai } = indice.get(categoria.id);
  const form = useFormulario({ nome: categoria.nome, grupo_dre: categoria.grupo_dre, parent_id: pai ? String(pai.id) : "" });
  // Possible parents: same tipo, not itself nor below it, and deep enough room for its subtree.
  const proibidos = descendentes(categoria).add(categoria.id);
  const profundidade = altura(categoria);
  const opcoes = [{ valor: "", rotulo: "Nenhuma (categoria principal)" }];
  for (const { item } of indice.values()) {
    if (item.tipo === categoria.tipo && !proibidos.has(item.id) && item.nivel + 1 + profundidade <= NIVEL_MAXIMO) {
      opcoes.push({ valor: String(item.id), rotulo: `${item.codigo} ${item.nome}${item.ativa ? "" : " (inativa)"}` });
    }
  }

  async function salvar({ nome, grupo_dre: grupo, parent_id: destino }) {
    const novoNome = nome.trim();
    const mudancas = {
      ...(novoNome !== categoria.nome && { nome: novoNome }),
      ...(grupo !== categoria.grupo_dre && { grupo_dre: grupo }),
    };
    if (Object.keys(mudancas).length) await api.put(`/api/categorias/${categoria.id}`, mudancas);
    const atual = pai ? String(pai.id) : "";
    if (destino !== atual) {
      const novoPai = destino ? indice.get(Number(destino)).item : null;
      const irmaos = novoPai ? novoPai.filhos || [] : [...indice.values()].filter((n) => !n.pai).map((n) => n.item);
      try {
        await api.post(`/api/categorias/${categoria.id}/mover`, {
          parent_id: novoPai ? novoPai.id : null, posicao: irmaos.length,
        });
      } catch (erro) {
        // The parent's error goes under the field that chooses it.
        if (erro instanceof ErroApi && erro.campos.posicao) erro.campos.parent_id = erro.campos.posicao;
        throw erro;
      }
    }
    notificar(`Categoria ${novoNome} salva.`);
    aoSalvar(categoria.id);
  }
  async function alternar() {
    await api.put(`/api/categorias/${categoria.id}`, { ativa: !categoria.ativa });
    notificar(categoria.ativa ? `Categoria ${categoria.nome} desativada.` : `Categoria ${categoria.nome} reativada.`);
    aoSalvar(categoria.id);
  }
  async function excluir() {
    await api.excluir(`/api/categorias/${categoria.id}`);
    notificar(`Categoria ${categoria.nome} excluída.`);
    aoSalvar(null);
  }
  return html`
    <${Modal} titulo=${`Editar categoria ${categoria.codigo} ${categoria.nome}`} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="100" />
        <${CampoSelecao} ...${form.campo("grupo_dre")} rotulo="Grupo no DRE" opcoes=${GRUPOS_DRE[categoria.tipo]}
          ajuda="Em que linha do demonstrativo de resultado (DRE) os valores desta categoria entram" />
        <${CampoSelecao} ...${form.campo("parent_id")} rotulo="Dentro de" opcoes=${opcoes}
          ajuda="Mover para outra categoria do mesmo tipo (vai para o fim da lista dela)" />
      <//>
      ${categoria.ativa && (categoria.filhos || []).length > 0 && html`
        <p class="ajuda">Desativar esta categoria desativa também as subcategorias dela.</p>`}
      <${AcoesDoRegistro} nome="categoria" entidade=${`a categoria ${categoria.codigo} ${categoria.nome}`}
        ativo=${categoria.ativa} aoAlternar=${alternar} aoExcluir=${excluir} />
    <//>`;
}

export function Categorias({ usuario }) {
  const escreve = pode(usuario, "cadastros:escrever");
  const [versao, setVersao] = useState(0);
  const [tipo, setTipo] = useState("");
  const [inativas, setInativas] = useState("nao");
  const [criando, setCriando] = useState(null); // {pai} (pai null: a main category)
  const [editando, setEditando] = useState(null);
  const [movendo, setMovendo] = useState(false);
  const focarDepois = useRef(null); // the id of the element to focus once the tree is back

  const { dados, erro } = useConsulta("/api/categorias/arvore", {}, versao);
  const arvore = dados?.items ?? null;

  useEffect(() => {
    const alvo = focarDepois.current;
    if (!alvo || !arvore) return;
    focarDepois.current = null;
    const primeiro = alvo.map((id) => document.getElementById(id)).find((el) => el && !el.disabled);
    primeiro?.focus();
  }, [arvore]);

  const indice = useMemo(() => indexar(arvore || []), [arvore]);
  const visivel = (c) => (!tipo || c.tipo === tipo) && (inativas === "sim" || c.ativa);
  const visiveis = useMemo(() => filtrar(arvore || [], visivel), [arvore, tipo, inativas]);
  const indiceVisivel = useMemo(() => indexar(visiveis), [visiveis]);

  function recarregar(focar) {
    setCriando(null);
    setEditando(null);
    if (focar) focarDepois.current = [`editar-categoria-${focar}`];
    setVersao((v) => v + 1);
  }

  /** Up or down past the neighbour the staff see (a hidden one in between is passed over too). */
  async function mover(categoria, passo) {
    const { irmaos: vistos } = indiceVisivel.get(categoria.id);
    const { irmaos, pai } = indice.get(categoria.id);
    const vizinho = vistos[vistos.findIndex((c) => c.id === categoria.id) + passo];
    if (!vizinho) return;
    const posicao = irmaos.findIndex((c) => c.id === vizinho.id);
    setMovendo(true);
    try {
      const movida = await api.post(`/api/categorias/${categoria.id}/mover`, { parent_id: pai ? pai.id : null, posicao });
      notificar(`${movida.nome} agora é ${movida.codigo}.`);
      const direcao = passo < 0 ? "subir" : "descer";
      const outra = passo < 0 ? "descer" : "subir";
      focarDepois.current = [`${direcao}-categoria-${categoria.id}`, `${outra}-categoria-${categoria.id}`,
        `editar-categoria-${categoria.id}`];
      setVersao((v) => v + 1);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      notificar(Object.values(falha.campos).join(" ") || falha.message, "erro");
    } finally {
      setMovendo(false);
    }
  }

  function linha(categoria, { nivel }) {
    const { irmaos } = indiceVisivel.get(categoria.id);
    const posicao = irmaos.findIndex((c) => c.id === categoria.id);
    return html`
      <span class="categoria">
        <span class="codigo">${categoria.codigo}</span>
        <span class="nome">${categoria.nome}</span>
        ${nivel === 1 && html`<span class=${`selo-tipo ${categoria.tipo.toLowerCase()}`}>${nomeDoTipo(categoria.tipo)}</span>`}
        ${!categoria.ativa && html`<span class="situacao inativa">Inativa</span>`}
      </span>
      ${escreve && html`
        <span class="acoes-no">
          <button type="button" class="botao secundario pequeno" id=${`subir-categoria-${categoria.id}`}
            aria-label=${`Subir ${categoria.nome}`} disabled=${movendo || posicao === 0}
            onClick=${() => mover(categoria, -1)}>Subir</button>
          <button type="button" class="botao secundario pequeno" id=${`descer-categoria-${categoria.id}`}
            aria-label=${`Descer ${categoria.nome}`} disabled=${movendo || posicao === irmaos.length - 1}
            onClick=${() => mover(categoria, 1)}>Descer</button>
          ${nivel < NIVEL_MAXIMO && html`
            <button type="button" class="botao secundario pequeno" aria-label=${`Adicionar subcategoria em ${categoria.nome}`}
              onClick=${() => setCriando({ pai: categoria })}>+ Subcategoria</button>`}
          <button type="button" class="botao secundario pequeno" id=${`editar-categoria-${categoria.id}`}
            aria-label=${`Editar ${categoria.nome}`} onClick=${() => setEditando(categoria)}>Editar</button>
        </span>`}`;
  }

  let conteudo;
  if (erro && !arvore) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => setVersao((v) => v + 1)}>
      ${erro.message}<//>`;
  } else if (!arvore) {
    conteudo = html`<${Carregando} />`;
  } else {
    const vazio = arvore.length ? "Nenhuma categoria com esses filtros." : html`
      <${EstadoVazio} titulo="Nenhuma categoria cadastrada ainda."
        acao=${escreve && html`<${BotaoModeloDeCategorias} aoAplicar=${() => setVersao((v) => v + 1)} />`}>
        As categorias dizem de que é cada receita e despesa; o plano sugerido traz as de um estúdio de fotografia, que você pode mudar depois.<//>`;
    conteudo = html`<${Arvore} rotulo="Plano de contas" itens=${visiveis} nomeDe=${(c) => `${c.codigo} ${c.nome}`}
      linha=${linha} vazio=${vazio} />`;
  }
  // The category being edited, as the last load of the tree has it (with its children).
  const emEdicao = editando && indice.get(editando.id)?.item;
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Tipo" valor=${tipo} aoMudar=${setTipo}
          opcoes=${[{ valor: "", rotulo: "Receitas e despesas" }, { valor: "RECEITA", rotulo: "Receitas" }, { valor: "DESPESA", rotulo: "Despesas" }]} />
        <${FiltroSelecao} rotulo="Inativas" valor=${inativas} aoMudar=${setInativas}
          opcoes=${[{ valor: "nao", rotulo: "Ocultar" }, { valor: "sim", rotulo: "Mostrar" }]} />
      </div>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setCriando({ pai: null })}><${Icone} nome="plus" />Nova categoria</button>`}
    </div>
    ${conteudo}
    ${criando && html`<${NovaCategoria} pai=${criando.pai} tipoInicial=${tipo || "RECEITA"}
      aoFechar=${() => setCriando(null)} aoSalvar=${recarregar} />`}
    ${emEdicao && html`<${EdicaoDeCategoria} categoria=${emEdicao} indice=${indice}
      aoFechar=${() => setEditando(null)} aoSalvar=${recarregar} />`}`;
}
