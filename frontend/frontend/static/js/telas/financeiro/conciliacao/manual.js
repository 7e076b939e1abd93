// When no suggestion fits: the open lançamentos chosen by hand (one deposit paying several of
// them, with the running sum against the transaction), or a lançamento created from the
// transaction itself (a fee, a purchase nobody recorded), paid and reconciled at once.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData, formatarMoeda } from "../../../formatos.js";
import { Carregando, Modal, notificar } from "../../../ui/componentes.js";
import { consulta, useConsulta } from "../../../ui/consulta.js";
import { CampoEscolha } from "../../../ui/escolha.js";
import { CampoSelecao, CampoTexto, Formulario, limpar, useFormulario } from "../../../ui/formulario.js";
import { Filtro, Lista, useAdiado } from "../../../ui/lista.js";
import { buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias } from "../../../ui/registros.js";
import { centavos, deCentavos, plural, somar } from "../../../ui/valores.js";
import { TratarDiferenca, tipoDaTransacao, tratamentoPadrao, valorAbsoluto } from "./comum.js";

const POR_PAGINA = 20;

const rotuloDoLancamento = (l) => `${l.descricao}${l.serie ? ` ${l.serie.numero}/${l.serie.quantidade}` : ""}`;

/** The selected sum against the transaction, said in words (and announced as it changes). */
function Soma({ selecionados, transacao, diferenca }) {
  const quantia = centavos(diferenca);
  let conferencia;
  if (!selecionados.length) conferencia = "Marque os lançamentos que esta transação paga.";
  else if (quantia === 0n) conferencia = "Confere com a transação.";
  else if (quantia > 0n) conferencia = `Faltam ${formatarMoeda(diferenca)} para chegar ao valor da transação.`;
  else conferencia = `Passa ${formatarMoeda(deCentavos(-quantia))} do valor da transação.`;
  return html`
    <p class="soma-selecionados" role="status" aria-live="polite">
      <span>${plural(selecionados.length, "selecionado", "selecionados")}: <strong>${
        formatarMoeda(somar(selecionados.map((l) => l.valor_aberto)))}</strong> de ${formatarMoeda(valorAbsoluto(transacao.valor))}.</span>
      <span class=${quantia === 0n && selecionados.length ? "confere" : ""}>${conferencia}</span>
    </p>`;
}

/** Open lançamentos of the transaction's tipo, searched and ticked; the sum follows every tick. */
export function EscolhaManual({ transacao, aoConciliar }) {
  const tipo = tipoDaTransacao(transacao);
  const receita = tipo === "RECEITA";
  const [busca, setBusca] = useState("");
  const [pessoa, setPessoa] = useState(null);
  const [selecionados, setSelecionados] = useState(() => new Map());
  const [tratamento, setTratamento] = useState(null);
  const [ocupado, setOcupado] = useState(false);
  const [falha, setFalha] = useState("");

  const filtros = {
    tipo, status: ["PENDENTE", "PARCIAL"], q: useAdiado(busca.trim()),
    [receita ? "cliente_id" : "fornecedor_id"]: pessoa,
  };
  const carregar = ({ cursor, signal }) => api.get(`/api/lancamentos?${consulta({ ...filtros, limit: POR_PAGINA, cursor })}`, { sinal: signal });

  const lista = [...selecionados.values()];
  const diferenca = deCentavos(centavos(valorAbsoluto(transacao.valor)) - centavos(somar(lista.map((l) => l.valor_aberto))));
  const tratar = tratamento ?? tratamentoPadrao(diferenca);

  function alternar(lancamento) {
    setSelecionados((atuais) => {
      const novos = new Map(atuais);
      if (novos.has(lancamento.id)) novos.delete(lancamento.id);
      else novos.set(lancamento.id, lancamento);
      return novos;
    });
    setTratamento(null);
  }

  async function conciliar() {
    setOcupado(true);
    setFalha("");
    try {
      await api.post("/api/extratos/conciliacao", {
        transacao_id: transacao.id, lancamento_ids: lista.map((l) => l.id),
        ...(tratar ? { tratar_diferenca: tratar } : {}),
      });
      notificar(`${transacao.memo} conciliada com ${plural(lista.length, "lançamento", "lançamentos")}.`);
      aoConciliar([transacao.id]);
    } catch (erro) {
      if (!(erro instanceof ErroApi)) throw erro;
      setFalha(erro.message);
    } finally {
      setOcupado(false);
    }
  }

  const colunas = [
    {
      titulo: html`<span class="so-leitor">Selecionar</span>`, rotulo: "Selecionar",
      valor: (l) => html`<input type="checkbox" checked=${selecionados.has(l.id)} onChange=${() => alternar(l)}
        aria-label=${`Selecionar ${rotuloDoLancamento(l)}`} />`,
    },
    { titulo: "Vencimento", valor: (l) => formatarData(l.data_vencimento) },
    {
      titulo: "Descrição",
      valor: (l) => html`
        <span class="descricao-lancamento">
          <span class="descricao">${rotuloDoLancamento(l)}</span>
          ${(l.cliente_nome || l.fornecedor_nome) && html`<span class="pessoa">${l.cliente_nome || l.fornecedor_nome}</span>`}
        </span>`,
    },
    { titulo: "Conta", valor: (l) => l.conta_nome },
    { titulo: "Em aberto", classe: "numero", valor: (l) => formatarMoeda(l.valor_aberto) },
  ];
  return html`
    <section class="escolha-manual" aria-label="Escolher lançamentos em aberto">
      <h3>${receita ? "Receitas" : "Despesas"} em aberto</h3>
      <div class="filtros">
        <${Filtro} rotulo="Buscar lançamento" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Descrição ou documento" />
        <div class="filtro-escolha">
          <${CampoEscolha} nome="manual-pessoa" rotulo=${receita ? "Cliente" : "Fornecedor"} valor=${pessoa} aoMudar=${setPessoa}
            buscar=${receita ? buscarClientes : buscarFornecedores} placeholder="Todos"
            vazio=${receita ? "Nenhum cliente encontrado." : "Nenhum fornecedor encontrado."} />
        </div>
      </div>
      <${Lista} rotulo="Lançamentos em aberto" carregar=${carregar} colunas=${colunas} filtros=${filtros}
        vazio="Nenhum lançamento em aberto com esses filtros." />
      <${Soma} selecionados=${lista} transacao=${transacao} diferenca=${diferenca} />
      ${lista.length > 0 && html`<${TratarDiferenca} nome="diferenca-manual" diferenca=${diferenca} valor=${tratar} aoMudar=${setTratamento} />`}
      ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
      <div class="acoes">
        <button type="button" class="botao primario" disabled=${ocupado || !lista.length} onClick=${conciliar}>
          Conciliar com os selecionados
        </button>
      </div>
    </section>`;
}

/**
 * A lançamento made from the transaction: its date, conta and amount; the staff say what it is.
 * It opens with what the server proposes (the cliente or fornecedor the memo surely names), or,
 * should that fail, empty: the proposal only saves typing.
 */
export function LancamentoDaTransacao({ transacao, aoFechar, aoSalvar }) {
  const { dados: proposta, erro } = useConsulta(`/api/extratos/transacoes/${transacao.id}/lancamento`);
  return html`
    <${Modal} titulo="Criar lançamento da transação" aoFechar=${aoFechar}>
      ${proposta || erro
        ? html`<${FormularioDoLancamento} transacao=${transacao} proposta=${proposta} aoFechar=${aoFechar} aoSalvar=${aoSalvar} />`
        : html`<${Carregando} />`}
    <//>`;
}

function FormularioDoLancamento({ transacao, proposta, aoFechar, aoSalvar }) {
  const tipo = tipoDaTransacao(transacao);
  const receita = tipo === "RECEITA";
  const categorias = useCategorias(tipo);
  const form = useFormulario({
    categoria_id: "", cliente_id: proposta?.cliente_id ?? null, fornecedor_id: proposta?.fornecedor_id ?? null,
    descricao: proposta?.descricao ?? transacao.memo.slice(0, 200), documento: "",
  });
  const pessoa = receita ? "cliente_id" : "fornecedor_id";
  // Said while the proposed pessoa is still the one chosen.
  const reconhecida = proposta?.motivo && form.valores[pessoa] === proposta[pessoa]
    ? `Preenchido pelo ${proposta.motivo}; troque se não for.` : undefined;
  async function salvar(v) {
    const l = limpar(v);
    const corpo = { categoria_id: l.categoria_id ? Number(l.categoria_id) : null, descricao: l.descricao };
    if (l.documento) corpo.documento = l.documento;
    if (receita && l.cliente_id) corpo.cliente_id = l.cliente_id;
    if (!receita && l.fornecedor_id) corpo.fornecedor_id = l.fornecedor_id;
    await api.post(`/api/extratos/transacoes/${transacao.id}/lancamento`, corpo);
    notificar(`Lançamento ${l.descricao ?? transacao.memo} criado e conciliado.`);
    aoSalvar([transacao.id]);
  }
  const opcoesCategoria = [{ valor: "", rotulo: categorias ? "Escolha a categoria" : "Carregando…" },
    ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))];
  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar e conciliar" aoCancelar=${aoFechar}>
      <p class="ajuda">
        ${receita ? "Uma receita" : "Uma despesa"} de ${formatarMoeda(valorAbsoluto(transacao.valor))} em ${formatarData(transacao.data)},
        já ${receita ? "recebida" : "paga"} nesta conta e conciliada com a transação.
      </p>
      <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria" obrigatorio opcoes=${opcoesCategoria}
        ajuda=${categorias?.erro} />
      ${receita
        ? html`<${CampoEscolha} key="cliente" ...${form.campo("cliente_id")} rotulo="Cliente" buscar=${buscarClientes}
            rotuloInicial=${proposta?.cliente_nome ?? ""} placeholder="Opcional" vazio="Nenhum cliente encontrado."
            ajuda=${reconhecida} />`
        : html`<${CampoEscolha} key="fornecedor" ...${form.campo("fornecedor_id")} rotulo="Fornecedor" buscar=${buscarFornecedores}
            rotuloInicial=${proposta?.fornecedor_nome ?? ""} placeholder="Opcional" vazio="Nenhum fornecedor encontrado."
            ajuda=${reconhecida} />`}
      <${CampoTexto} ...${form.campo("descricao")} rotulo="Descrição" obrigatorio maxlength="200" />
      <${CampoTexto} ...${form.campo("documento")} rotulo="Documento" maxlength="60" ajuda="Nota fiscal, recibo, boleto" />
    <//>`;
}
