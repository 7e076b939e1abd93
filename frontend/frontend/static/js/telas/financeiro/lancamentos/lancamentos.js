// The ledger: receitas and despesas of a period (this month by due date, to begin with), filtered
// by tipo, situação, conta, categoria, cliente or fornecedor and text; the totals of everything
// the filters select (not only of the rows loaded so far), a quick "Baixar" on each open row, the
// next pages as one scrolls, and the same selection as a CSV file.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData, formatarMoeda } from "../../../formatos.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao } from "../../../ui/campos.js";
import { consulta } from "../../../ui/consulta.js";
import { CampoEscolha } from "../../../ui/escolha.js";
import { Filtro, Lista, useAdiado } from "../../../ui/lista.js";
import { buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias, useContas } from "../../../ui/registros.js";
import { Dinheiro, FiltroData, mesDe } from "../../../ui/valores.js";
import { SeloStatus } from "../comum.js";
import { BaixaRapida } from "./baixa.js";
import { DetalheDoLancamento } from "./detalhe.js";
import { NovoLancamento } from "./novo.js";

const CAMPOS_DE_DATA = [
  { valor: "vencimento", rotulo: "Vencimento" },
  { valor: "pagamento", rotulo: "Pagamento" },
  { valor: "competencia", rotulo: "Competência" },
];
const SITUACOES = [
  { valor: "", rotulo: "Todas" },
  { valor: "ABERTOS", rotulo: "Em aberto" },
  { valor: "VENCIDOS", rotulo: "Vencidos" },
  { valor: "PENDENTE", rotulo: "Pendentes" },
  { valor: "PARCIAL", rotulo: "Parciais" },
  { valor: "PAGO", rotulo: "Pagos" },
  { valor: "CANCELADO", rotulo: "Cancelados" },
  { valor: "VALIDOS", rotulo: "Não cancelados" },
];

/** The filters on screen → the API's query (status repeats; "vencidos" is its own flag). */
function parametros(f) {
  const situacao = {
    ABERTOS: { status: ["PENDENTE", "PARCIAL"] },
    VENCIDOS: { vencido: "true" },
    VALIDOS: { status: ["PENDENTE", "PARCIAL", "PAGO"] },
  }[f.situacao] ?? { status: f.situacao || undefined };
  return {
    de: f.de, ate: f.ate, data: f.data, tipo: f.tipo, ...situacao, conta_id: f.conta_id, categoria_id: f.categoria_id,
    cliente_id: f.cliente_id, fornecedor_id: f.fornecedor_id, q: f.q,
  };
}

/**
 * The filters a link brings (/financeiro?tipo=RECEITA&status=PENDENTE&status=PARCIAL, as the
 * dashboard's cards and widgets open the ledger): with any, the period is only what it says;
 * without, this month by due date.
 */
function filtrosDoEndereco(busca) {
  const mes = mesDe();
  if (![...busca.keys()].length) return { de: mes.de, ate: mes.ate };
  const status = [...new Set(busca.getAll("status"))].sort().join(",");
  const situacao = busca.get("vencido") === "true" ? "VENCIDOS"
    : { "PARCIAL,PENDENTE": "ABERTOS", "PAGO,PARCIAL,PENDENTE": "VALIDOS" }[status]
    ?? (SITUACOES.some((s) => s.valor === status) ? status : "");
  return {
    de: busca.get("de") || "", ate: busca.get("ate") || "", data: busca.get("data") || undefined, tipo: busca.get("tipo") || "",
    situacao, conta_id: busca.get("conta_id") || "", categoria_id: busca.get("categoria_id") || "",
  };
}

// Always the same root element, whatever it shows: the bundled Preact misplaces a sibling whose
// root element changes type inside a fragment (the list ended up above the filters).
function Totais({ totais }) {
  if (!totais) return html`<section class="totais totais-carregando" aria-label="Totais do filtro" aria-busy="true"></section>`;
  const item = (rotulo, valor, detalhe, classe = "") => html`
    <div class=${`total ${classe}`}>
      <span class="total-rotulo">${rotulo}</span>
      <strong class="total-valor"><${Dinheiro} valor=${valor} /></strong>
      ${detalhe && html`<span class="total-detalhe">${detalhe}</span>`}
    </div>`;
  return html`
    <section class="totais" aria-label="Totais do filtro">
      ${item("Receitas", totais.receitas,
        `${formatarMoeda(totais.receitas_pagas)} recebidas · ${formatarMoeda(totais.receitas_abertas)} a receber`, "receitas")}
      ${item("Despesas", totais.despesas,
        `${formatarMoeda(totais.despesas_pagas)} pagas · ${formatarMoeda(totais.despesas_abertas)} a pagar`, "despesas")}
      ${item("Saldo", totais.saldo, `${totais.quantidade} ${totais.quantidade === 1 ? "lançamento" : "lançamentos"}`, "saldo")}
    </section>`;
}

/** A button inside a selectable row: its click and its keys are its own, not the row's. */
function AcaoNaLinha({ children }) {
  const parar = (evento) => evento.stopPropagation();
  return html`<span class="acao-linha" onClick=${parar} onKeyDown=${parar}>${children}</span>`;
}

export function Lancamentos({ usuario, rota }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const [inicial] = useState(() => filtrosDoEndereco(rota.busca));
  const [de, setDe] = useState(inicial.de);
  const [ate, setAte] = useState(inicial.ate);
  const [data, setData] = useState(inicial.data ?? "vencimento");
  const [tipo, setTipo] = useState(inicial.tipo ?? "");
  const [situacao, setSituacao] = useState(inicial.situacao ?? "");
  const [contaId, setContaId] = useState(inicial.conta_id ?? "");
  const [categoriaId, setCategoriaId] = useState(inicial.categoria_id ?? "");
  const [clienteId, setClienteId] = useState(null);
  const [fornecedorId, setFornecedorId] = useState(null);
  const [busca, setBusca] = useState("");
  const [versao, setVersao] = useState(0);
  const [totais, setTotais] = useState(null);
  const [novo, setNovo] = useState(false);
  const [aberto, setAberto] = useState(null); // the id of the lançamento in the detail dialog
  const [baixando, setBaixando] = useState(null);
  const contas = useContas({ todas: true });
  const categorias = useCategorias(tipo);

  const filtros = parametros({
    de, ate, data, tipo, situacao, conta_id: contaId, categoria_id: categoriaId, cliente_id: clienteId,
    fornecedor_id: fornecedorId, q: useAdiado(busca.trim()),
  });
  const query = consulta(filtros);

  async function carregar({ cursor, signal }) {
    if (!cursor) setTotais(null);
    const pagina = await api.get(`/api/lancamentos?${consulta({ ...filtros, cursor })}`, { sinal: signal });
    // The totals come with the first page only, and cover the whole filtered set.
    if (!cursor) setTotais(pagina.totais);
    return pagina;
  }
  function mudou() {
    setVersao((v) => v + 1);
  }
  function mudarTipo(valor) {
    setTipo(valor);
    setCategoriaId("");
  }

  const colunas = [
    { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
    {
      titulo: "Descrição",
      valor: (l) => html`
        <span class="descricao-lancamento">
          <span class="descricao">${l.descricao}${l.serie && html` <span class="parcela">${l.serie.numero}/${l.serie.quantidade}</span>`}</span>
          ${(l.cliente_nome || l.fornecedor_nome) && html`<span class="pessoa">${l.cliente_nome || l.fornecedor_nome}</span>`}
        </span>`,
    },
    { titulo: "Categoria", valor: (l) => l.categoria_nome },
    { titulo: "Conta", valor: (l) => l.conta_nome },
    {
      titulo: "Valor", classe: "numero",
      valor: (l) => html`<span class=${`valor-${l.tipo.toLowerCase()}`}>${l.tipo === "DESPESA" ? "−" : ""}${formatarMoeda(l.valor)}</span>`,
    },
    { titulo: "Em aberto", classe: "numero", valor: (l) => (l.status === "CANCELADO" ? "—" : formatarMoeda(l.valor_aberto)) },
    {
      titulo: "Situação",
      valor: (l) => html`<${SeloStatus} lancamento=${l} />${l.data_pagamento && html`
        <span class="pago-em">${l.status === "PAGO" ? "pago" : "últ. baixa"} em ${formatarData(l.data_pagamento)}</span>`}`,
    },
  ];
  if (escreve) {
    colunas.push({
      titulo: html`<span class="so-leitor">Ações</span>`,
      valor: (l) => (l.status === "PENDENTE" || l.status === "PARCIAL") && html`
        <${AcaoNaLinha}>
          <button type="button" class="botao secundario pequeno" aria-label=${`Baixar ${l.descricao}${l.serie ? ` ${l.serie.numero}/${l.serie.quantidade}` : ""}`}
            onClick=${() => setBaixando(l)}>Baixar</button>
        <//>`,
    });
  }

  const opcoesConta = [{ valor: "", rotulo: "Todas" }, ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const opcoesCategoria = [{ valor: "", rotulo: "Todas" },
    ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))];
  const filtrando = tipo || situacao || contaId || categoriaId || clienteId || fornecedorId || busca.trim();
  return html`
    <div class="barra">
      <div class="filtros filtros-lancamentos">
        <${FiltroSelecao} rotulo="Período por" valor=${data} aoMudar=${setData} opcoes=${CAMPOS_DE_DATA} />
        <${FiltroData} rotulo="De" valor=${de} aoMudar=${setDe} />
        <${FiltroData} rotulo="Até" valor=${ate} aoMudar=${setAte} />
        <${FiltroSelecao} rotulo="Tipo" valor=${tipo} aoMudar=${mudarTipo}
          opcoes=${[{ valor: "", rotulo: "Receitas e despesas" }, { valor: "RECEITA", rotulo: "Receitas" }, { valor: "DESPESA", rotulo: "Despesas" }]} />
        <${FiltroSelecao} rotulo="Situação" valor=${situacao} aoMudar=${setSituacao} opcoes=${SITUACOES} />
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} aoMudar=${setContaId} opcoes=${opcoesConta} />
        <${FiltroSelecao} rotulo="Categoria" valor=${categoriaId} aoMudar=${setCategoriaId} opcoes=${opcoesCategoria} />
        <div class="filtro-escolha">
          <${CampoEscolha} nome="filtro-cliente" rotulo="Cliente" valor=${clienteId} aoMudar=${setClienteId}
            buscar=${buscarClientes} placeholder="Todos" vazio="Nenhum cliente encontrado." />
        </div>
        <div class="filtro-escolha">
          <${CampoEscolha} nome="filtro-fornecedor" rotulo="Fornecedor" valor=${fornecedorId} aoMudar=${setFornecedorId}
            buscar=${buscarFornecedores} placeholder="Todos" vazio="Nenhum fornecedor encontrado." />
        </div>
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Descrição ou documento" />
      </div>
      <div class="acoes-barra">
        <a class="botao secundario" href=${`/api/lancamentos/exportar?${query}`} download>Exportar CSV</a>
        ${escreve && html`<button type="button" class="botao primario" onClick=${() => setNovo(true)}>Novo lançamento</button>`}
      </div>
    </div>
    <${Totais} totais=${totais} />
    <div class="lista-lancamentos">
      <${Lista} rotulo="Lançamentos" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
        classeDaLinha=${(l) => [l.vencido ? "linha-vencida" : "", l.status === "CANCELADO" ? "linha-cancelada" : ""].filter(Boolean).join(" ")}
        vazio=${filtrando ? "Nenhum lançamento encontrado com esses filtros." : "Nenhum lançamento neste período."}
        aoSelecionar=${(l) => setAberto(l.id)} />
    </div>
    ${novo && html`<${NovoLancamento} tipoInicial=${tipo || "RECEITA"} aoFechar=${() => setNovo(false)}
      aoSalvar=${() => { setNovo(false); mudou(); }} />`}
    ${aberto && html`<${DetalheDoLancamento} id=${aberto} usuario=${usuario} aoFechar=${() => setAberto(null)} aoMudar=${mudou} />`}
    ${baixando && html`<${BaixaRapida} lancamento=${baixando} aoFechar=${() => setBaixando(null)}
      aoSalvar=${() => { setBaixando(null); mudou(); }} />`}`;
}
