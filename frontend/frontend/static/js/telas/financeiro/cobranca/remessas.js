// Remessas: the open receivables of a conta with cobrança — by vencimento, cliente, or a
// contract's parcelas (?contrato_id=, from the contract's page) — chosen with checkboxes under a
// running total, then one file for the bank: boletos to register (Entrada), to take down (Pedido de
// baixa) or with a new due date. The result names the file to download; a refusal names each
// lançamento that cannot go and why, and makes no file.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../../formatos.js";
import { useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../../ui/campos.js";
import { Aviso, Carregando } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Lista } from "../../../ui/lista.js";
import { buscarClientes } from "../../../ui/registros.js";
import { Dinheiro, FiltroData } from "../../../ui/valores.js";
import { EstadoVazio } from "../../../ui/vazio.js";
import { FiltroPessoa } from "../comum.js";
import { LAYOUTS, opcoesDeConta, useContasDeCobranca } from "./comum.js";
import { ArquivoGerado, Gerar, useEscolha } from "./geracao.js";

const INSTRUCOES = [
  { valor: "ENTRADA", rotulo: "Entrada (registrar os boletos)" },
  { valor: "BAIXA", rotulo: "Pedido de baixa" },
  { valor: "ALTERACAO_VENCIMENTO", rotulo: "Alteração de vencimento" },
];

/** Layout (the conta's unless changed) and instrução, then "Gerar remessa". */
function GerarRemessa({ contaId, escolhidos, aoGerar }) {
  const { dados: ajustes } = useConsulta(`/api/contas/${contaId}/cobranca`);
  const [layout, setLayout] = useState("");
  const [instrucao, setInstrucao] = useState("ENTRADA");
  const escolhido = layout || ajustes?.layout || "";
  return html`
    <${Gerar} contaId=${contaId} escolhidos=${escolhidos} rotulo="Gerar remessa" aoGerar=${aoGerar}
      corpo=${{ instrucao, ...(escolhido ? { layout: escolhido } : {}) }}>
      <div class="filtros">
        <${FiltroSelecao} rotulo="Layout" valor=${escolhido} aoMudar=${setLayout}
          opcoes=${escolhido ? LAYOUTS : [{ valor: "", rotulo: "O da conta" }, ...LAYOUTS]} />
        <${FiltroSelecao} rotulo="Instrução" valor=${instrucao} aoMudar=${setInstrucao} opcoes=${INSTRUCOES} />
      </div>
    <//>`;
}

export function Remessas({ usuario }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const contas = useContasDeCobranca();
  const [f, definir] = useFiltrosNaUrl({ conta_id: "", de: "", ate: "", cliente_id: "", contrato_id: "" });
  const escolha = useEscolha(definir);

  if (!contas) return html`<${Carregando} />`;
  if (contas.erro) return html`<${Aviso} tipo="erro">${contas.erro}<//>`;
  if (!contas.length) {
    return html`<${EstadoVazio} titulo="Nenhuma conta com cobrança configurada."
      acao=${pode(usuario, "cadastros:escrever") && { rotulo: "Configurar em Cadastros › Contas", href: "/cadastros/contas" }}>
      Para gerar boletos e remessas, informe em Cadastros › Contas o convênio e a carteira que o banco deu à conta.<//>`;
  }
  const primeira = String(contas[0].id);
  const contaId = f.conta_id || primeira;
  const conta = contas.find((c) => String(c.id) === contaId);
  const filtros = {
    tipo: "RECEITA", status: ["PENDENTE", "PARCIAL"], conta_id: contaId, de: f.de, ate: f.ate, cliente_id: f.cliente_id,
    contrato_id: f.contrato_id,
  };


  const colunas = [
    ...(escreve ? [escolha.coluna()] : []),
    { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
    {
      titulo: "Descrição",
      valor: (l) => html`<span class="descricao-lancamento">
        <span class="descricao">${l.descricao}${l.serie ? ` ${l.serie.numero}/${l.serie.quantidade}` : ""}</span>
        ${l.cliente_nome && html`<span class="pessoa">${l.cliente_nome}</span>`}</span>`,
    },
    { titulo: "Em aberto", classe: "numero", valor: (l) => html`<${Dinheiro} valor=${l.valor_aberto} />` },
  ];

  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-remessas" emUso=${[f.de, f.ate, f.cliente_id].filter(Boolean).length}>
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} opcoes=${opcoesDeConta(contas).slice(1)}
          aoMudar=${(id) => escolha.mudar({ conta_id: id === primeira ? "" : id })} />
        <${FiltroData} rotulo="Vencimento de" valor=${f.de} aoMudar=${(de) => escolha.mudar({ de })} />
        <${FiltroData} rotulo="Vencimento até" valor=${f.ate} aoMudar=${(ate) => escolha.mudar({ ate })} />
        <${FiltroPessoa} nome="filtro-cliente" rotulo="Cliente" valor=${f.cliente_id} caminho="/api/clientes"
          buscar=${buscarClientes} aoMudar=${(id) => escolha.mudar({ cliente_id: id })} vazio="Nenhum cliente encontrado." />
      <//>
    </div>
    <div class="filtro-serie-caixa">${f.contrato_id && html`
      <p class="filtro-serie" role="status">
        <span>Parcelas em aberto do contrato nº ${f.contrato_id}</span>
        <button type="button" class="botao secundario pequeno" onClick=${() => escolha.mudar({ contrato_id: "" })}>
          Ver todos os títulos</button>
      </p>`}</div>
    <div>${escolha.arquivo && html`<${ArquivoGerado} arquivo=${escolha.arquivo} titulo="Remessa gerada" />`}</div>
    <div>${!escreve && html`<${Aviso} tipo="info">Gerar remessas precisa da permissão de escrever no Financeiro.<//>`}</div>
    <div>${escreve && html`<${GerarRemessa} key=${contaId} contaId=${contaId} escolhidos=${escolha.escolhidos}
      aoGerar=${escolha.gerado} />`}</div>
    <div class="lista-lancamentos">
      <${Lista} rotulo="Títulos a receber" carregar=${escolha.carregar(filtros)} colunas=${colunas} filtros=${filtros}
        versao=${escolha.versao}
        vazio=${`Nenhum título em aberto ${f.contrato_id ? "deste contrato " : ""}na conta ${conta?.nome ?? ""} com esses filtros.`} />
    </div>`;
}
