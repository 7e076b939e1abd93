// Contas bancárias (and the cash box, cards, investments): list with the current balance, create,
// edit, deactivate, delete. The bank comes from the Brazilian banks list (/api/bancos).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData, hoje } from "../../formatos.js";
import { pode } from "../../sessao.js";
import { Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { FiltroSelecao, situacoes } from "../../ui/campos.js";
import { CampoEscolha } from "../../ui/escolha.js";
import {
  CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar, semNulos, useFormulario,
} from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { AcoesDoRegistro, situacao } from "./comum.js";

export const TIPOS_DE_CONTA = [
  { valor: "CORRENTE", rotulo: "Conta corrente" },
  { valor: "POUPANCA", rotulo: "Poupança" },
  { valor: "CAIXA", rotulo: "Caixa (dinheiro)" },
  { valor: "CARTAO", rotulo: "Cartão de crédito" },
  { valor: "INVESTIMENTO", rotulo: "Investimento" },
];
const nomeDoTipo = (tipo) => TIPOS_DE_CONTA.find((t) => t.valor === tipo)?.rotulo ?? tipo;

export const rotuloDoBanco = (codigo, nome) => (codigo ? `${codigo} — ${nome ?? ""}`.trim() : "");

export async function buscarBancos(texto, sinal) {
  const { items } = await api.get("/api/bancos", { query: { q: texto }, sinal });
  return items.map((b) => ({ valor: b.codigo, rotulo: rotuloDoBanco(b.codigo, b.nome) }));
}

function agenciaEConta(conta) {
  return [conta.agencia && `Ag. ${conta.agencia}`, conta.numero && `C/C ${conta.numero}`].filter(Boolean).join(" · ") || "—";
}

function corpoDaConta(valores) {
  const limpos = limpar(valores);
  if (limpos.tipo === "CAIXA") {
    Object.assign(limpos, { banco: null, agencia: null, numero: null });
  }
  // Balance and date are never null: absent, the server keeps (or defaults) them.
  const { saldo_inicial: saldo, data_saldo_inicial: data, ...resto } = limpos;
  return { ...resto, ...semNulos({ saldo_inicial: saldo, data_saldo_inicial: data }) };
}

function FormularioDeConta({ conta, aoFechar, aoSalvar }) {
  const form = useFormulario(conta
    ? {
      nome: conta.nome, tipo: conta.tipo, banco: conta.banco, agencia: conta.agencia ?? "", numero: conta.numero ?? "",
      saldo_inicial: conta.saldo_inicial, data_saldo_inicial: conta.data_saldo_inicial,
    }
    : { nome: "", tipo: "CORRENTE", banco: null, agencia: "", numero: "", saldo_inicial: "0.00", data_saldo_inicial: hoje() });
  const caixa = form.valores.tipo === "CAIXA";
  // The chosen bank's label outlives the picker, which leaves the form while the tipo is Caixa.
  const [rotuloBanco, setRotuloBanco] = useState(conta ? rotuloDoBanco(conta.banco, conta.banco_nome) : "");
  const campoBanco = form.campo("banco");
  function escolherBanco(codigo, opcao) {
    campoBanco.aoMudar(codigo);
    setRotuloBanco(opcao ? opcao.rotulo : "");
  }

  async function salvar(valores) {
    const corpo = corpoDaConta(valores);
    const salva = conta ? await api.put(`/api/contas/${conta.id}`, corpo) : await api.post("/api/contas", corpo);
    notificar(conta ? `Conta ${salva.nome} atualizada.` : `Conta ${salva.nome} criada.`);
    aoSalvar();
  }
  async function alternar() {
    const salva = await api.put(`/api/contas/${conta.id}`, { ativa: !conta.ativa });
    notificar(salva.ativa ? `Conta ${salva.nome} reativada.` : `Conta ${salva.nome} desativada.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`/api/contas/${conta.id}`);
    notificar(`Conta ${conta.nome} excluída.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${conta ? `Editar conta ${conta.nome}` : "Nova conta"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${conta ? "Salvar" : "Criar conta"} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="100"
          ajuda="Como a conta aparece nos lançamentos, por exemplo Itaú movimento" />
        <${CampoSelecao} ...${form.campo("tipo")} rotulo="Tipo" opcoes=${TIPOS_DE_CONTA} />
        ${!caixa && html`
          <${CampoEscolha} ...${campoBanco} aoMudar=${escolherBanco} rotulo="Banco" obrigatorio buscar=${buscarBancos}
            rotuloInicial=${rotuloBanco}
            placeholder="Código ou nome do banco" vazio="Nenhum banco encontrado." />
          <div class="linha-campos">
            <${CampoTexto} ...${form.campo("agencia")} rotulo="Agência" inputmode="numeric" maxlength="10"
              ajuda="Com o dígito, se houver: 1234-5" />
            <${CampoTexto} ...${form.campo("numero")} rotulo="Número da conta" inputmode="numeric" maxlength="20"
              ajuda="Com o dígito: 12345-6" />
          </div>`}
        <div class="linha-campos">
          <${CampoMoeda} ...${form.campo("saldo_inicial")} rotulo="Saldo inicial (R$)"
            ajuda="Pode ser negativo: -1.234,56" />
          <${CampoData} ...${form.campo("data_saldo_inicial")} rotulo="Data do saldo inicial" />
        </div>
      <//>
      ${conta && html`
        <${AcoesDoRegistro} nome="conta" entidade=${`a conta ${conta.nome}`} ativo=${conta.ativa}
          aoAlternar=${alternar} aoExcluir=${excluir} />`}
    <//>`;
}

function DetalhesDaConta({ conta, aoFechar }) {
  return html`
    <${Modal} titulo=${`Conta ${conta.nome}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["Tipo", nomeDoTipo(conta.tipo)],
        ["Banco", rotuloDoBanco(conta.banco, conta.banco_nome)],
        ["Agência", conta.agencia],
        ["Conta", conta.numero],
        ["Saldo inicial", html`<${Dinheiro} valor=${conta.saldo_inicial} /> em ${formatarData(conta.data_saldo_inicial)}`],
        ["Saldo atual", html`<${Dinheiro} valor=${conta.saldo_atual} />`],
        ["Situação", conta.ativa ? "Ativa" : "Inativa"],
      ]} />
    <//>`;
}

export function Contas({ usuario }) {
  const escreve = pode(usuario, "cadastros:escrever");
  const [busca, setBusca] = useState("");
  const [tipo, setTipo] = useState("");
  const [ativa, setAtiva] = useState("true");
  const [versao, setVersao] = useState(0);
  const [aberta, setAberta] = useState(null); // a conta, or {} for a new one
  const filtros = { q: useAdiado(busca.trim()), tipo, ativa };
  const carregar = ({ cursor, signal }) => api.get("/api/contas", { query: { ...filtros, cursor }, sinal: signal });
  function salvo() {
    setAberta(null);
    setVersao((v) => v + 1);
  }
  const colunas = [
    { titulo: "Nome", valor: (c) => c.nome },
    { titulo: "Tipo", valor: (c) => nomeDoTipo(c.tipo) },
    { titulo: "Banco", valor: (c) => rotuloDoBanco(c.banco, c.banco_nome) || "—" },
    { titulo: "Agência e conta", valor: agenciaEConta },
    { titulo: "Saldo atual", classe: "numero", valor: (c) => html`<${Dinheiro} valor=${c.saldo_atual} />` },
    { titulo: "Situação", valor: (c) => situacao(c.ativa, true) },
  ];
  return html`
    <div class="barra">
      <div class="filtros">
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Nome da conta" />
        <${FiltroSelecao} rotulo="Tipo" valor=${tipo} aoMudar=${setTipo}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...TIPOS_DE_CONTA]} />
        <${FiltroSelecao} rotulo="Situação" valor=${ativa} aoMudar=${setAtiva} opcoes=${situacoes(true)} />
      </div>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setAberta({})}><${Icone} nome="plus" />Nova conta</button>`}
    </div>
    <${Lista} rotulo="Contas" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
      vazio=${filtros.q || tipo || ativa !== "true" ? "Nenhuma conta encontrada com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhuma conta cadastrada ainda." acao=${escreve && { rotulo: "Cadastrar a primeira conta", aoClicar: () => setAberta({}) }}>
          Cadastre as contas do banco, o caixa do estúdio e os cartões: os lançamentos e os extratos ficam nelas.<//>`}
      aoSelecionar=${setAberta} />
    ${aberta && escreve && html`
      <${FormularioDeConta} conta=${aberta.id ? aberta : null} aoFechar=${() => setAberta(null)} aoSalvar=${salvo} />`}
    ${aberta && !escreve && html`<${DetalhesDaConta} conta=${aberta} aoFechar=${() => setAberta(null)} />`}`;
}
