// The ledger: receitas and despesas of a period — a month with its navigator (‹ dezembro de
// 2026 ›), the next 30 days, what is overdue, the last 12 months, any dates — filtered by tipo,
// situação, conta, categoria, centro de custo, cliente or fornecedor and text, or the parcelas of one sale together;
// the totals of everything the filters select (not only of the rows loaded so far), a quick
// "Receber" or "Pagar" on each open row, the next pages as one scrolls, and the same selection as
// a CSV file, or as an Excel or PDF file made in the background by relatorios-api (its razão
// export, which needs a period with both ends). Every filter lives in the address: a link shares it, a reload keeps it, the back
// button returns to the previous one.

import { html, useEffect, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData } from "../../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../../ui/campos.js";
import { consulta } from "../../../ui/consulta.js";
import { BotaoExportar } from "../../../ui/exportar.js";
import { Icone } from "../../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../../ui/lista.js";
import { SeletorDePeriodo, intervalo, mesAtual } from "../../../ui/periodo.js";
import { SeloStatus } from "../../../ui/status-lancamento.js";
import {
  buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias, useCentrosCusto, useContas,
} from "../../../ui/registros.js";
import { Dinheiro, negar } from "../../../ui/valores.js";
import { EstadoVazio, useNadaAinda } from "../../../ui/vazio.js";
import { FiltroPessoa, acaoDePagar, rotaDaSerie, textoDoPagamento } from "../comum.js";
import { BaixaRapida } from "./baixa.js";
import { DetalheDoLancamento } from "./detalhe.js";
import { NovoLancamento } from "./novo.js";

const CAMPOS_DE_DATA = [
  { valor: "vencimento", rotulo: "Vencimento" },
  { valor: "pagamento", rotulo: "Pagamento" },
  { valor: "competencia", rotulo: "Competência" },
];
// Each situação as the API's status (repeated in the address as in the request).
const SITUACOES = [
  { valor: "", rotulo: "Todas", status: [] },
  { valor: "ABERTOS", rotulo: "Em aberto", status: ["PENDENTE", "PARCIAL"] },
  { valor: "PENDENTE", rotulo: "Pendentes", status: ["PENDENTE"] },
  { valor: "PARCIAL", rotulo: "Pagos em parte", status: ["PARCIAL"] },
  { valor: "PAGO", rotulo: "Pagos ou recebidos", status: ["PAGO"] },
  { valor: "CANCELADO", rotulo: "Cancelados", status: ["CANCELADO"] },
  { valor: "VALIDOS", rotulo: "Não cancelados", status: ["PENDENTE", "PARCIAL", "PAGO"] },
];
const chaveDeStatus = (status) => [...new Set(status)].sort().join(",");
const situacaoDe = (status) => SITUACOES.find((s) => chaveDeStatus(s.status) === chaveDeStatus(status))?.valor ?? "";
const PERIODOS = ["mes", "30dias", "vencidos", "12meses", "tudo", "personalizado"];

/**
 * The address's filters, each omitted while at its default: this month by due date, everything
 * else open. `periodo` names a quick period (30dias, vencidos, 12meses, tudo, personalizado); a
 * month is `mes=AAAA-MM`. As the dashboard's links write them, `de`/`ate` alone are a chosen
 * period and `vencido=true` alone the overdue ones.
 */
const padrao = () => ({
  periodo: "", mes: mesAtual(), de: "", ate: "", vencido: "", data: "vencimento", tipo: "", status: [], conta_id: "",
  categoria_id: "", centro_custo_id: "", cliente_id: "", fornecedor_id: "", serie_id: "", q: "",
});

function periodoDe(f) {
  let tipo = "mes";
  if (PERIODOS.includes(f.periodo)) tipo = f.periodo;
  else if (f.de || f.ate) tipo = "personalizado";
  else if (f.vencido === "true") tipo = "vencidos";
  return { tipo, mes: f.mes, de: f.de, ate: f.ate };
}

/** The period as the address keeps it (what belongs to another period leaves it). */
function enderecoDoPeriodo(p) {
  return {
    periodo: p.tipo === "mes" ? "" : p.tipo, mes: p.tipo === "mes" ? p.mes : "",
    de: p.tipo === "personalizado" ? p.de : "", ate: p.tipo === "personalizado" ? p.ate : "", vencido: "",
  };
}

/** The filters → the API's query. */
function parametros(f, periodo, q) {
  const { de, ate, vencido } = intervalo(periodo);
  return {
    de: de || undefined, ate: ate || undefined, vencido, data: f.data === "vencimento" ? undefined : f.data, tipo: f.tipo,
    status: f.status, conta_id: f.conta_id, categoria_id: f.categoria_id, centro_custo_id: f.centro_custo_id,
    cliente_id: f.cliente_id,
    fornecedor_id: f.fornecedor_id, serie_id: f.serie_id, q,
  };
}

/** The parcela's "2/10", a link to the whole série (its click and keys are not the row's). */
function ParcelaDaSerie({ lancamento: l }) {
  const destino = rotaDaSerie(l.serie.id);
  const todas = l.serie.tipo === "PARCELAMENTO" ? "todas as parcelas" : "todas as repetições";
  function clicar(evento) {
    evento.stopPropagation();
    if (evento.button !== 0 || evento.metaKey || evento.ctrlKey || evento.shiftKey || evento.altKey) return;
    evento.preventDefault();
    navegar(destino);
  }
  return html`<a class="parcela" href=${destino} title=${`Ver ${todas}`}
    aria-label=${`${l.serie.numero}/${l.serie.quantidade}: ver ${todas} de ${l.descricao}`}
    onClick=${clicar} onKeyDown=${(e) => e.stopPropagation()}>${l.serie.numero}/${l.serie.quantidade}</a>`;
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
      ${item("Receitas", totais.receitas, html`<${Dinheiro} valor=${totais.receitas_pagas} /> recebidas · <${Dinheiro}
        valor=${totais.receitas_abertas} /> a receber`, "receitas")}
      ${item("Despesas", totais.despesas, html`<${Dinheiro} valor=${totais.despesas_pagas} /> pagas · <${Dinheiro}
        valor=${totais.despesas_abertas} /> a pagar`, "despesas")}
      ${item("Saldo", totais.saldo, `${totais.quantidade} ${totais.quantidade === 1 ? "lançamento" : "lançamentos"}`, "saldo")}
    </section>`;
}

/** A button inside a selectable row: its click and its keys are its own, not the row's. */
function AcaoNaLinha({ children }) {
  const parar = (evento) => evento.stopPropagation();
  return html`<span class="acao-linha" onClick=${parar} onKeyDown=${parar}>${children}</span>`;
}

export function Lancamentos({ usuario }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const [f, definir] = useFiltrosNaUrl(padrao());
  const periodo = periodoDe(f);
  const [busca, setBusca] = useState(f.q);
  const [versao, setVersao] = useState(0);
  const [totais, setTotais] = useState(null);
  const [serie, setSerie] = useState(null); // a lançamento of the série on screen, to name it
  const [novo, setNovo] = useState(false);
  const [aberto, setAberto] = useState(null); // the id of the lançamento in the detail dialog
  const [baixando, setBaixando] = useState(null);
  const contas = useContas({ todas: true });
  const categorias = useCategorias(f.tipo);
  const centros = useCentrosCusto({ todos: true });

  // The search box writes the address as one types (replaceState: typing is not a step back);
  // the back button writes the box.
  const q = useAdiado(busca.trim());
  useEffect(() => {
    if (q !== f.q) definir({ q }, { substituir: true });
  }, [q]);
  useEffect(() => {
    if (f.q !== busca.trim()) setBusca(f.q);
  }, [f.q]);

  const filtros = parametros(f, periodo, f.q);
  const query = consulta(filtros);

  async function carregar({ cursor, signal }) {
    if (!cursor) setTotais(null);
    const pagina = await api.get(`/api/lancamentos?${consulta({ ...filtros, cursor })}`, { sinal: signal });
    // The totals come with the first page only, and cover the whole filtered set.
    if (!cursor) {
      setTotais(pagina.totais);
      if (filtros.serie_id) setSerie(pagina.items[0] ?? null);
    }
    return pagina;
  }
  function mudou() {
    setVersao((v) => v + 1);
  }
  const mudar = (chave) => (valor) => definir({ [chave]: valor });
  function limparFiltros() {
    setBusca("");
    definir({ tipo: "", status: [], conta_id: "", categoria_id: "", centro_custo_id: "", cliente_id: "", fornecedor_id: "",
      serie_id: "", q: "" });
  }

  const colunas = [
    { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
    {
      titulo: "Descrição",
      valor: (l) => html`
        <span class="descricao-lancamento">
          <span class="descricao">${l.descricao}${l.serie && html` <${ParcelaDaSerie} lancamento=${l} />`}</span>
          ${(l.cliente_nome || l.fornecedor_nome) && html`<span class="pessoa">${l.cliente_nome || l.fornecedor_nome}</span>`}
        </span>`,
    },
    { titulo: "Categoria", valor: (l) => l.categoria_nome },
    { titulo: "Conta", valor: (l) => l.conta_nome },
    {
      titulo: "Valor", classe: "numero",
      // A despesa is money going out: "-R$", the app's one minus sign.
      valor: (l) => html`<${Dinheiro} valor=${l.tipo === "DESPESA" ? negar(l.valor) : l.valor} classe=${`valor-${l.tipo.toLowerCase()}`} />`,
    },
    { titulo: "Em aberto", classe: "numero", valor: (l) => (l.status === "CANCELADO" ? "—" : html`<${Dinheiro} valor=${l.valor_aberto} />`) },
    {
      titulo: "Situação",
      valor: (l) => html`<${SeloStatus} lancamento=${l} />${l.data_pagamento && html`
        <span class="pago-em">${textoDoPagamento(l)} em ${formatarData(l.data_pagamento)}</span>`}`,
    },
  ];
  if (escreve) {
    colunas.push({
      titulo: html`<span class="so-leitor">Ações</span>`,
      valor: (l) => (l.status === "PENDENTE" || l.status === "PARCIAL") && html`
        <${AcaoNaLinha}>
          <button type="button" class="botao secundario pequeno"
            aria-label=${`${acaoDePagar(l)} ${l.descricao}${l.serie ? ` ${l.serie.numero}/${l.serie.quantidade}` : ""}`}
            onClick=${() => setBaixando(l)}>${acaoDePagar(l)}</button>
        <//>`,
    });
  }

  const opcoesConta = [{ valor: "", rotulo: "Todas" }, ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const opcoesCategoria = [{ valor: "", rotulo: "Todas" },
    ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))];
  // "0": what has no centro de custo (a report's "Sem centro de custo" lands here).
  const opcoesCentro = [{ valor: "", rotulo: "Todos" }, { valor: "0", rotulo: "Sem centro de custo" },
    ...(centros || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const emUso = [f.tipo, f.status.length, f.conta_id, f.categoria_id, f.centro_custo_id, f.cliente_id, f.fornecedor_id, f.q]
    .filter(Boolean).length;
  const filtrando = emUso > 0;
  // Nothing in this period: is there nothing at all yet? Then say where to begin.
  const nadaAinda = useNadaAinda("/api/lancamentos", !filtrando && totais?.quantidade === 0);
  let vazio;
  if (filtrando) {
    vazio = html`Nenhum lançamento encontrado com esses filtros.${" "}<button type="button" class="botao-link"
      onClick=${limparFiltros}>Limpar os filtros</button>`;
  } else if (nadaAinda) {
    vazio = html`<${EstadoVazio} titulo="Nenhum lançamento ainda."
      acao=${escreve && { rotulo: "Criar o primeiro lançamento", aoClicar: () => setNovo(true) }}>
      Registre o que o estúdio tem a receber e a pagar, ou importe o extrato do banco e crie os lançamentos a partir dele.<//>`;
  } else if (periodo.tipo === "vencidos") {
    vazio = "Nenhum lançamento vencido: tudo em dia.";
  } else if (escreve) {
    vazio = html`Nenhum lançamento neste período. Crie um em “Novo lançamento” ou${" "}<a
      href="/financeiro/extratos">importe um extrato</a>.`;
  } else {
    vazio = "Nenhum lançamento neste período.";
  }
  const nomeDaSerie = serie && String(serie.serie?.id) === f.serie_id ? serie.descricao : null;
  return html`
    <div class="barra barra-periodo">
      <${SeletorDePeriodo} periodo=${periodo} opcoes=${PERIODOS} aoMudar=${(p) => definir(enderecoDoPeriodo(p))} />
      <div class="acoes-barra">
        <a class="botao secundario" href=${`/api/lancamentos/exportar?${query}`} download><${Icone} nome="download" />Exportar CSV</a>
        <${BotaoExportar} relatorio="razao" parametros=${filtros} indisponivel=${filtros.de && filtros.ate ? ""
          : "Para exportar em Excel ou PDF, escolha um período com início e fim (de até 5 anos)."} />
        ${escreve && html`<button type="button" class="botao primario" onClick=${() => setNovo(true)}><${Icone} nome="plus" />Novo lançamento</button>`}
      </div>
    </div>
    <div class="barra">
      <${PainelDeFiltros} id="filtros-lancamentos" classe="filtros-lancamentos"
        emUso=${emUso + (f.data === "vencimento" ? 0 : 1)}>
        <${FiltroSelecao} rotulo="Período por" valor=${f.data} aoMudar=${mudar("data")} opcoes=${CAMPOS_DE_DATA} />
        <${FiltroSelecao} rotulo="Tipo" valor=${f.tipo} aoMudar=${(tipo) => definir({ tipo, categoria_id: "" })}
          opcoes=${[{ valor: "", rotulo: "Receitas e despesas" }, { valor: "RECEITA", rotulo: "Receitas" }, { valor: "DESPESA", rotulo: "Despesas" }]} />
        <${FiltroSelecao} rotulo="Situação" valor=${situacaoDe(f.status)} opcoes=${SITUACOES}
          aoMudar=${(valor) => definir({ status: SITUACOES.find((s) => s.valor === valor)?.status ?? [] })} />
        <${FiltroSelecao} rotulo="Conta" valor=${f.conta_id} aoMudar=${mudar("conta_id")} opcoes=${opcoesConta} />
        <${FiltroSelecao} rotulo="Categoria" valor=${f.categoria_id} aoMudar=${mudar("categoria_id")} opcoes=${opcoesCategoria} />
        <${FiltroSelecao} rotulo="Centro de custo" valor=${f.centro_custo_id} aoMudar=${mudar("centro_custo_id")}
          opcoes=${opcoesCentro} />
        <${FiltroPessoa} nome="filtro-cliente" rotulo="Cliente" valor=${f.cliente_id} aoMudar=${mudar("cliente_id")}
          buscar=${buscarClientes} caminho="/api/clientes" vazio="Nenhum cliente encontrado." />
        <${FiltroPessoa} nome="filtro-fornecedor" rotulo="Fornecedor" valor=${f.fornecedor_id} aoMudar=${mudar("fornecedor_id")}
          buscar=${buscarFornecedores} caminho="/api/fornecedores" vazio="Nenhum fornecedor encontrado." />
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Descrição ou documento" />
      <//>
    </div>
    <div class="filtro-serie-caixa">${f.serie_id && html`
      <p class="filtro-serie" role="status">
        <span>${nomeDaSerie ? html`Todas as ${serie.serie.tipo === "PARCELAMENTO" ? "parcelas" : "repetições"} de <strong>${nomeDaSerie}</strong>`
          : "Todas as parcelas da venda"}</span>
        <button type="button" class="botao secundario pequeno" onClick=${() => definir({ serie_id: "", ...enderecoDoPeriodo({ tipo: "mes", mes: mesAtual() }) })}>
          Ver todos os lançamentos</button>
      </p>`}</div>
    <${Totais} totais=${totais} />
    <div class="lista-lancamentos">
      <${Lista} rotulo="Lançamentos" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
        classeDaLinha=${(l) => [l.vencido ? "linha-vencida" : "", l.status === "CANCELADO" ? "linha-cancelada" : ""].filter(Boolean).join(" ")}
        vazio=${vazio} aoSelecionar=${(l) => setAberto(l.id)} />
    </div>
    ${novo && html`<${NovoLancamento} tipoInicial=${f.tipo || "RECEITA"} aoFechar=${() => setNovo(false)}
      aoSalvar=${() => { setNovo(false); mudou(); }} />`}
    ${aberto && html`<${DetalheDoLancamento} id=${aberto} usuario=${usuario} aoFechar=${() => setAberto(null)} aoMudar=${mudou} />`}
    ${baixando && html`<${BaixaRapida} lancamento=${baixando} aoFechar=${() => setBaixando(null)}
      aoSalvar=${() => { setBaixando(null); mudou(); }} />`}`;
}
