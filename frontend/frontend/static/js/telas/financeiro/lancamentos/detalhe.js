// One lançamento: what it is, its payments (the API's baixas: register one, undo one), its boleto
// (a receita) or its payment by bank file (a despesa), editing (for a parcela or an occurrence:
// this one alone, or this one and the following), the way to every parcela of its série, cancel,
// reactivate, delete.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData, formatarDataHora, formatarMoeda } from "../../../formatos.js";
import { navegar } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { CampoAreaTexto } from "../../../ui/campos.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { CampoEscolha } from "../../../ui/escolha.js";
import {
  CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, Opcoes, limpar, useFormulario,
} from "../../../ui/formulario.js";
import { Icone } from "../../../ui/icone.js";
import {
  buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias, useCentrosCusto, useContas,
} from "../../../ui/registros.js";
import { SeloStatus } from "../../../ui/status-lancamento.js";
import { Dinheiro, formatarCompetencia, lerCompetencia, mascararCompetencia } from "../../../ui/valores.js";
import { PainelDeCobranca } from "../cobranca/boleto.js";
import { nomeDoPagamento, nomeDoTipo, rotaDaSerie } from "../comum.js";
import { FormularioDeBaixa } from "./baixa.js";
import { CamposDeCentro, CentrosDoLancamento, corpoDoCentro, valoresDoCentro } from "./centros.js";
import { CampoCodigoDeBarras } from "./novo.js";

const ESCOPOS = [{ valor: "ESTE", rotulo: "Só este" }, { valor: "SEGUINTES", rotulo: "Este e os seguintes" }];
const EDITAVEIS = ["descricao", "valor", "data_vencimento", "competencia", "categoria_id", "conta_id", "cliente_id",
  "fornecedor_id", "documento", "observacoes", "codigo_barras_pagamento"];

function descricaoDaSerie(serie) {
  if (!serie) return null;
  const nome = serie.tipo === "PARCELAMENTO" ? "Parcela" : "Repetição";
  return `${nome} ${serie.numero} de ${serie.quantidade}`;
}

function valoresDeEdicao(l) {
  return {
    descricao: l.descricao, valor: l.valor, data_vencimento: l.data_vencimento,
    competencia: l.competencia ? formatarCompetencia(l.competencia) : "",
    categoria_id: String(l.categoria_id), conta_id: String(l.conta_id), cliente_id: l.cliente_id ?? null,
    fornecedor_id: l.fornecedor_id ?? null, documento: l.documento ?? "", observacoes: l.observacoes ?? "",
    codigo_barras_pagamento: l.codigo_barras_pagamento ?? "", escopo: "ESTE", ...valoresDoCentro(l),
  };
}

function Edicao({ lancamento, aoCancelar, aoSalvar }) {
  const form = useFormulario(valoresDeEdicao(lancamento));
  const categorias = useCategorias(lancamento.tipo);
  const contas = useContas({ todas: true });
  const centros = useCentrosCusto({ todos: true });
  const receita = lancamento.tipo === "RECEITA";

  async function salvar(v) {
    const novos = limpar({
      ...v,
      competencia: lerCompetencia(v.competencia) ?? (v.competencia || null),
      categoria_id: v.categoria_id ? Number(v.categoria_id) : null,
      conta_id: v.conta_id ? Number(v.conta_id) : null,
    });
    const antigos = limpar({ ...valoresDeEdicao(lancamento), competencia: lancamento.competencia ?? null,
      categoria_id: lancamento.categoria_id, conta_id: lancamento.conta_id });
    // Only what changed: "este e os seguintes" then carries just the change to the others.
    const corpo = Object.fromEntries(EDITAVEIS.filter((c) => novos[c] !== antigos[c]).map((c) => [c, novos[c]]));
    const centro = corpoDoCentro(v);
    if (JSON.stringify(centro) !== JSON.stringify(corpoDoCentro(valoresDoCentro(lancamento)))) Object.assign(corpo, centro);
    if (!Object.keys(corpo).length) {
      aoCancelar();
      return;
    }
    const query = lancamento.serie ? { escopo: v.escopo } : undefined;
    await api.put(`/api/lancamentos/${lancamento.id}`, corpo, { query });
    notificar(`Lançamento ${novos.descricao} salvo.`);
    aoSalvar();
  }
  const opcoesCategoria = (categorias || [{ id: lancamento.categoria_id, nome: lancamento.categoria_nome, codigo: "" }])
    .map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }));
  if (!opcoesCategoria.some((o) => o.valor === String(lancamento.categoria_id))) {
    opcoesCategoria.unshift({ valor: String(lancamento.categoria_id), rotulo: lancamento.categoria_nome });
  }
  const opcoesConta = (contas || [{ id: lancamento.conta_id, nome: lancamento.conta_nome }])
    .map((c) => ({ valor: String(c.id), rotulo: c.nome }));
  const campoCompetencia = form.campo("competencia");
  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} aoCancelar=${aoCancelar}>
      <${CampoTexto} ...${form.campo("descricao")} rotulo="Descrição" obrigatorio maxlength="200" />
      <div class="linha-campos">
        <${CampoMoeda} ...${form.campo("valor")} rotulo="Valor (R$)" obrigatorio />
        <${CampoData} ...${form.campo("data_vencimento")} rotulo="Vencimento" obrigatorio />
        <${CampoTexto} ...${campoCompetencia} aoMudar=${(t) => campoCompetencia.aoMudar(mascararCompetencia(t))}
          rotulo="Competência" inputmode="numeric" placeholder="mm/aaaa" maxlength="7" />
      </div>
      <div class="linha-campos">
        <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria" opcoes=${opcoesCategoria} />
        <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta" opcoes=${opcoesConta} />
      </div>
      <${CamposDeCentro} form=${form} centros=${centros} emUso=${lancamento.rateio.map((r) => r.centro_custo_id)} />
      ${receita
        ? html`<${CampoEscolha} ...${form.campo("cliente_id")} rotulo="Cliente" buscar=${buscarClientes}
            rotuloInicial=${lancamento.cliente_nome ?? ""} vazio="Nenhum cliente encontrado." />`
        : html`<${CampoEscolha} ...${form.campo("fornecedor_id")} rotulo="Fornecedor" buscar=${buscarFornecedores}
            rotuloInicial=${lancamento.fornecedor_nome ?? ""} vazio="Nenhum fornecedor encontrado." />`}
      <${CampoTexto} ...${form.campo("documento")} rotulo="Documento" maxlength="60" />
      ${!receita && html`<${CampoCodigoDeBarras} ...${form.campo("codigo_barras_pagamento")} />`}
      <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} linhas=${2} />
      ${lancamento.serie && html`
        <${Opcoes} ...${form.campo("escopo")} rotulo=${`Aplicar a (${descricaoDaSerie(lancamento.serie).toLowerCase()})`}
          opcoes=${ESCOPOS} />`}
    <//>`;
}

/** A yes/no question that, for a lançamento in a série, also asks "só este / este e os seguintes". */
function ConfirmacaoComEscopo({ titulo, pergunta, serie, rotuloConfirmar, perigo, aoConfirmar, aoFechar }) {
  const [escopo, setEscopo] = useState("ESTE");
  return html`
    <${Confirmacao} titulo=${titulo} rotuloConfirmar=${rotuloConfirmar} perigo=${perigo}
      aoConfirmar=${() => aoConfirmar(serie ? escopo : undefined)} aoFechar=${aoFechar}>
      ${pergunta}
      ${serie && html`<${Opcoes} nome="escopo-acao" rotulo="Aplicar a" valor=${escopo} aoMudar=${setEscopo} opcoes=${ESCOPOS} />`}
    <//>`;
}

/** The lançamento's payments (received, for a receita), each to undo. */
function Baixas({ lancamento, escreve, aoMudar }) {
  const [estornando, setEstornando] = useState(null);
  const { baixas = [] } = lancamento;
  const receita = lancamento.tipo === "RECEITA";
  const nome = nomeDoPagamento(lancamento); // recebimento | pagamento
  const desfazer = `Desfazer ${nome}`;
  async function estornar() {
    await api.excluir(`/api/baixas/${estornando.id}`);
    notificar(`${receita ? "Recebimento" : "Pagamento"} de ${formatarMoeda(estornando.valor)} desfeito.`);
    setEstornando(null);
    aoMudar();
  }
  return html`
    <section class="baixas" aria-labelledby="titulo-baixas">
      <h3 id="titulo-baixas">${receita ? "Recebimentos" : "Pagamentos"}</h3>
      ${!baixas.length
        ? html`<p class="vazio">${receita ? "Nenhum recebimento registrado." : "Nenhum pagamento registrado."}</p>`
        : html`
          <div class="lista">
            <table aria-labelledby="titulo-baixas">
              <thead><tr>
                <th scope="col">Data</th><th scope="col">Conta</th><th scope="col" class="numero">Valor</th>
                <th scope="col" class="numero">Juros</th><th scope="col" class="numero">Multa</th>
                <th scope="col" class="numero">Desconto</th><th scope="col" class="numero">Movimentado</th>
                ${escreve && html`<th scope="col"><span class="so-leitor">Ações</span></th>`}
              </tr></thead>
              <tbody>
                ${baixas.map((b) => html`
                  <tr key=${b.id} title=${b.observacao || undefined}>
                    <td>${formatarData(b.data)}</td>
                    <td>${b.conta_nome}</td>
                    <td class="numero">${formatarMoeda(b.valor)}</td>
                    <td class="numero">${formatarMoeda(b.juros)}</td>
                    <td class="numero">${formatarMoeda(b.multa)}</td>
                    <td class="numero">${formatarMoeda(b.desconto)}</td>
                    <td class="numero">${formatarMoeda(b.valor_movimentado)}</td>
                    ${escreve && html`<td>
                      <button type="button" class="botao secundario pequeno"
                        aria-label=${`${desfazer} de ${formatarMoeda(b.valor)} em ${formatarData(b.data)}`}
                        onClick=${() => setEstornando(b)}>${desfazer}</button>
                    </td>`}
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
      ${estornando && html`
        <${Confirmacao} titulo=${desfazer} rotuloConfirmar=${desfazer} perigo aoConfirmar=${estornar}
          aoFechar=${() => setEstornando(null)}>
          Desfazer o ${nome} de <${Dinheiro} valor=${estornando.valor} /> de ${formatarData(estornando.data)}? O valor volta a
          ficar ${receita ? "a receber" : "a pagar"}.
        <//>`}
    </section>`;
}

export function DetalheDoLancamento({ id, usuario, aoFechar, aoMudar }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const [versao, setVersao] = useState(0);
  const { dados: lancamento, erro } = useConsulta(`/api/lancamentos/${id}`, {}, versao);
  const [modo, setModo] = useState("ver"); // ver | editar | baixar
  const [acao, setAcao] = useState(null); // cancelar | excluir

  function mudou() {
    setModo("ver");
    setAcao(null);
    setVersao((v) => v + 1);
    aoMudar();
  }

  async function cancelar(escopo) {
    await api.post(`/api/lancamentos/${id}/cancelar`, undefined, { query: { escopo } });
    notificar(`Lançamento ${lancamento.descricao} cancelado.`);
    mudou();
  }
  async function reativar() {
    try {
      await api.post(`/api/lancamentos/${id}/reativar`);
      notificar(`Lançamento ${lancamento.descricao} reativado.`);
      mudou();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      notificar(falha.message, "erro");
    }
  }
  async function excluir(escopo) {
    await api.excluir(`/api/lancamentos/${id}`, { query: { escopo } });
    notificar(`Lançamento ${lancamento.descricao} excluído.`);
    setAcao(null);
    aoMudar();
    aoFechar();
  }

  /** The whole série in the ledger: this dialog closes, the list becomes its parcelas. */
  function verSerie(evento) {
    if (evento.button !== 0 || evento.metaKey || evento.ctrlKey || evento.shiftKey || evento.altKey) return;
    evento.preventDefault();
    aoFechar();
    navegar(rotaDaSerie(lancamento.serie.id));
  }

  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => setVersao((v) => v + 1)}>${erro.message}<//>`;
  } else if (!lancamento) {
    conteudo = html`<${Carregando} />`;
  } else {
    const l = lancamento;
    const aberto = l.status === "PENDENTE" || l.status === "PARCIAL";
    const pessoa = l.tipo === "RECEITA" ? ["Cliente", l.cliente_nome] : ["Fornecedor", l.fornecedor_nome];
    conteudo = html`
      <div class="cabecalho-lancamento">
        <span class=${`selo-tipo ${l.tipo.toLowerCase()}`}>${nomeDoTipo(l.tipo)}</span>
        <${SeloStatus} lancamento=${l} />
        ${l.serie && html`
          <span class="serie-do-lancamento">
            <span class="ajuda">${descricaoDaSerie(l.serie)}</span>
            <a href=${rotaDaSerie(l.serie.id)} onClick=${verSerie}>${
              l.serie.tipo === "PARCELAMENTO" ? "Ver todas as parcelas" : "Ver todas as repetições"}</a>
          </span>`}
      </div>
      <div class="corpo-lancamento">${modo === "editar"
        ? html`<${Edicao} lancamento=${l} aoCancelar=${() => setModo("ver")} aoSalvar=${mudou} />`
        : html`
          <${Detalhes} pares=${[
            ["Valor", html`<${Dinheiro} valor=${l.valor} />`],
            [l.tipo === "RECEITA" ? "Recebido" : "Pago", html`<${Dinheiro} valor=${l.valor_pago} />`],
            ["Em aberto", html`<${Dinheiro} valor=${l.valor_aberto} />`],
            ["Vencimento", formatarData(l.data_vencimento)],
            [l.tipo === "RECEITA" ? "Último recebimento" : "Último pagamento", formatarData(l.data_pagamento)],
            ["Competência", formatarCompetencia(l.competencia)],
            ["Categoria", l.categoria_nome],
            ["Conta", l.conta_nome],
            [l.rateio.length > 1 ? "Centros de custo" : "Centro de custo", l.rateio.length ? html`<${CentrosDoLancamento} rateio=${l.rateio} />` : null],
            pessoa,
            ["Documento", l.documento],
            ...(l.tipo === "DESPESA" ? [["Boleto a pagar", l.codigo_barras_pagamento && html`<code>${l.codigo_barras_pagamento}</code>`]] : []),
            ["Observações", l.observacoes],
            ["Criado em", formatarDataHora(l.criado_em)],
          ]} />
          ${escreve && html`
            <div class="acoes-registro">
              ${aberto && modo !== "baixar" && html`
                <button type="button" class="botao primario" onClick=${() => setModo("baixar")}>Registrar ${nomeDoPagamento(l)}</button>`}
              <button type="button" class="botao secundario" onClick=${() => setModo("editar")}>Editar</button>
              ${l.status === "CANCELADO"
                ? html`<button type="button" class="botao secundario" onClick=${reativar}>Reativar lançamento</button>`
                : html`<button type="button" class="botao secundario" onClick=${() => setAcao("cancelar")}>Cancelar lançamento</button>`}
              <button type="button" class="botao perigo" onClick=${() => setAcao("excluir")}><${Icone} nome="trash" />Excluir lançamento</button>
            </div>`}
          <${PainelDeCobranca} lancamento=${l} escreve=${escreve} />
          ${modo === "baixar" && html`
            <section class="nova-baixa" aria-label=${`Novo ${nomeDoPagamento(l)}`}>
              <h3>Novo ${nomeDoPagamento(l)}</h3>
              <${FormularioDeBaixa} lancamento=${l} aoSalvar=${mudou} aoCancelar=${() => setModo("ver")} />
            </section>`}
          <${Baixas} lancamento=${l} escreve=${escreve} aoMudar=${mudou} />`}</div>
      ${acao === "cancelar" && html`
        <${ConfirmacaoComEscopo} titulo="Cancelar lançamento" rotuloConfirmar="Cancelar lançamento" serie=${l.serie}
          pergunta=${`Cancelar ${l.descricao}? Ele deixa de contar nos totais em aberto; pode ser reativado depois.`}
          aoConfirmar=${cancelar} aoFechar=${() => setAcao(null)} />`}
      ${acao === "excluir" && html`
        <${ConfirmacaoComEscopo} titulo="Excluir lançamento" rotuloConfirmar="Excluir" perigo serie=${l.serie}
          pergunta=${`Excluir ${l.descricao}? Esta ação não pode ser desfeita.`}
          aoConfirmar=${excluir} aoFechar=${() => setAcao(null)} />`}`;
  }
  return html`
    <${Modal} titulo=${lancamento ? `Lançamento ${lancamento.descricao}` : "Lançamento"} aoFechar=${aoFechar}>
      <div class="detalhe-lancamento">${conteudo}</div>
    <//>`;
}
