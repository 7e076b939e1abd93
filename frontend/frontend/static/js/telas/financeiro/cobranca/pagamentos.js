// Pagamentos: the open despesas of a conta, each with the way the bank would pay it — the boleto's
// barcode, PIX to the fornecedor's key, a credit to their account in the same bank or a TED — or,
// disabled, why it cannot go by file; the chosen ones become one pagamentos remessa to download.

import { html } from "../../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../../formatos.js";
import { useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../../ui/campos.js";
import { Aviso, Carregando } from "../../../ui/componentes.js";
import { useRegistros } from "../../../ui/consulta.js";
import { Lista } from "../../../ui/lista.js";
import { buscarFornecedores } from "../../../ui/registros.js";
import { Dinheiro, FiltroData } from "../../../ui/valores.js";
import { EstadoVazio } from "../../../ui/vazio.js";
import { FiltroPessoa } from "../comum.js";
import { FORMAS, formaDePagamento, opcoesDeConta, useContasDeCobranca } from "./comum.js";
import { ArquivoGerado, Gerar, useEscolha } from "./geracao.js";

export function Pagamentos({ usuario }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const contas = useContasDeCobranca();
  const [f, definir] = useFiltrosNaUrl({ conta_id: "", de: "", ate: "", fornecedor_id: "" });
  const escolha = useEscolha(definir);
  const fornecedores = useRegistros(escolha.naTela.filter((l) => l.fornecedor_id)
    .map((l) => `/api/fornecedores/${l.fornecedor_id}`));
  const primeira = contas?.length ? String(contas[0].id) : "";
  const contaId = f.conta_id || primeira;
  const conta = (contas || []).find((c) => String(c.id) === contaId);
  const forma = (l) => formaDePagamento(l, fornecedores.get(`/api/fornecedores/${l.fornecedor_id}`), conta);

  if (!escreve) return html`<${Aviso} tipo="info">Gerar remessas de pagamentos precisa da permissão de escrever no Financeiro.<//>`;
  if (!contas) return html`<${Carregando} />`;
  if (contas.erro) return html`<${Aviso} tipo="erro">${contas.erro}<//>`;
  if (!contas.length) {
    return html`<${EstadoVazio} titulo="Nenhuma conta com cobrança configurada.">
      Pagar por arquivo usa o convênio que o banco deu à conta: configure-o em Cadastros › Contas.<//>`;
  }
  const filtros = { tipo: "DESPESA", status: ["PENDENTE", "PARCIAL"], conta_id: contaId, de: f.de, ate: f.ate, fornecedor_id: f.fornecedor_id };


  const colunas = [
    escolha.coluna((l) => !!forma(l).forma),
    { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
    {
      titulo: "Descrição",
      valor: (l) => html`<span class="descricao-lancamento">
        <span class="descricao">${l.descricao}</span>
        ${l.fornecedor_nome && html`<span class="pessoa">${l.fornecedor_nome}</span>`}</span>`,
    },
    { titulo: "Em aberto", classe: "numero", valor: (l) => html`<${Dinheiro} valor=${l.valor_aberto} />` },
    {
      titulo: "Pagar por",
      valor: (l) => {
        const { forma: escolhida, motivo } = forma(l);
        return escolhida ? FORMAS[escolhida]
          : html`<strong>Sem dados para pagamento</strong> <span class="ajuda">${motivo}</span>`;
      },
    },
  ];

  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-pagamentos" emUso=${[f.de, f.ate, f.fornecedor_id].filter(Boolean).length}>
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} opcoes=${opcoesDeConta(contas).slice(1)}
          aoMudar=${(id) => escolha.mudar({ conta_id: id === primeira ? "" : id })} />
        <${FiltroData} rotulo="Vencimento de" valor=${f.de} aoMudar=${(de) => escolha.mudar({ de })} />
        <${FiltroData} rotulo="Vencimento até" valor=${f.ate} aoMudar=${(ate) => escolha.mudar({ ate })} />
        <${FiltroPessoa} nome="filtro-fornecedor" rotulo="Fornecedor" valor=${f.fornecedor_id} caminho="/api/fornecedores"
          buscar=${buscarFornecedores} aoMudar=${(id) => escolha.mudar({ fornecedor_id: id })} vazio="Nenhum fornecedor encontrado." />
      <//>
    </div>
    <div>${escolha.arquivo && html`<${ArquivoGerado} arquivo=${escolha.arquivo} titulo="Remessa de pagamentos gerada" />`}</div>
    <${Gerar} key=${contaId} contaId=${contaId} escolhidos=${escolha.escolhidos} rotulo="Gerar remessa de pagamentos"
      aoGerar=${escolha.gerado} />
    <div class="lista-lancamentos">
      <${Lista} rotulo="Despesas a pagar" carregar=${escolha.carregar(filtros)} colunas=${colunas} filtros=${filtros}
        versao=${escolha.versao}
        vazio=${`Nenhuma despesa em aberto na conta ${conta?.nome ?? ""} com esses filtros.`} />
    </div>`;
}
