// A new lançamento: one receita or despesa, or a sale in parcelas (the total split in cents, the
// remainder on the first or the last), or a recurrence (every week, month or year, until a date
// or a number of times). The preview is computed here exactly as the server will store it. A
// despesa may carry the barcode of the boleto that pays it, for a pagamentos remessa.

import { html, useMemo } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData, formatarMoeda, hoje } from "../../../formatos.js";
import { CampoAreaTexto } from "../../../ui/campos.js";
import { Modal, notificar } from "../../../ui/componentes.js";
import { CampoEscolha } from "../../../ui/escolha.js";
import {
  CampoCaixa, CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, Opcoes, limpar, useFormulario,
} from "../../../ui/formulario.js";
import {
  buscarClientes, buscarFornecedores, rotuloDaCategoria, useCategorias, useCentrosCusto, useContas,
} from "../../../ui/registros.js";
import { formatarCompetencia, lerCompetencia, mascararCompetencia, somar } from "../../../ui/valores.js";
import { FREQUENCIAS, TIPOS, dividirEmParcelas, nomeDoTipo, passoDeData } from "../comum.js";
import { CamposDeCentro, corpoDoCentro, valoresDoCentro } from "./centros.js";

const FORMAS = [
  { valor: "UNICO", rotulo: "Único" },
  { valor: "PARCELAR", rotulo: "Parcelar" },
  { valor: "REPETIR", rotulo: "Repetir" },
];
const RESTOS = [{ valor: "PRIMEIRA", rotulo: "Na primeira parcela" }, { valor: "ULTIMA", rotulo: "Na última parcela" }];
const MAXIMO_NA_PREVIA = 24; // recurrence dates shown before "e mais N"

/** A month typed as mm/aaaa, handed to the form as "AAAA-MM". */
function CampoCompetencia({ valor, aoMudar, ...resto }) {
  return html`<${CampoTexto} ...${resto} inputmode="numeric" placeholder="mm/aaaa" maxlength="7"
    valor=${valor && /^\d{4}-\d{2}$/.test(valor) ? formatarCompetencia(valor) : valor ?? ""}
    aoMudar=${(t) => {
      const texto = mascararCompetencia(t);
      aoMudar(lerCompetencia(texto) ?? texto);
    }} />`;
}

/**
 * The barcode of the boleto a despesa pays: the linha digitável pasted as the bank prints it (dots
 * and spaces too) or the 44 digits; the server reads it and says what is wrong under the field.
 */
export function CampoCodigoDeBarras(props) {
  return html`<${CampoTexto} ...${props} rotulo="Código de barras do boleto (para pagar)" inputmode="numeric"
    maxlength="80" autocomplete="off" ajuda="Cole a linha digitável do boleto; usada ao pagar por remessa ao banco" />`;
}

function inteiro(texto) {
  return /^\d+$/.test(String(texto ?? "").trim()) ? Number(texto) : null;
}

/** [{numero, vencimento, valor}] for the preview, or null when the form cannot tell yet. */
export function previa(valores) {
  const vencimento = /^\d{4}-\d{2}-\d{2}$/.test(valores.data_vencimento ?? "") ? valores.data_vencimento : null;
  if (!vencimento || !/^\d+\.\d{2}$/.test(valores.valor ?? "")) return null;
  if (valores.forma === "PARCELAR") {
    const quantidade = inteiro(valores["parcelas.quantidade"]);
    if (!quantidade || quantidade < 2 || quantidade > 360) return null;
    const partes = dividirEmParcelas(valores.valor, quantidade, valores["parcelas.resto"]);
    if (!partes) return null;
    return partes.map((valor, i) => ({
      numero: i + 1, vencimento: passoDeData(vencimento, valores["parcelas.frequencia"], i), valor,
    }));
  }
  if (valores.forma === "REPETIR") {
    const frequencia = valores["recorrencia.frequencia"];
    const datas = [];
    if (valores["recorrencia.fim"] === "QUANTIDADE") {
      const quantidade = inteiro(valores["recorrencia.quantidade"]);
      if (!quantidade || quantidade < 2 || quantidade > 360) return null;
      for (let i = 0; i < quantidade; i += 1) datas.push(passoDeData(vencimento, frequencia, i));
    } else {
      const ate = valores["recorrencia.ate"];
      if (!ate || !/^\d{4}-\d{2}-\d{2}$/.test(ate) || ate < vencimento) return null;
      for (let i = 0; i < 361; i += 1) {
        const data = passoDeData(vencimento, frequencia, i);
        if (data > ate) break;
        datas.push(data);
      }
    }
    return datas.map((data, i) => ({ numero: i + 1, vencimento: data, valor: valores.valor }));
  }
  return null;
}

function Previa({ itens, forma }) {
  if (!itens) {
    return html`<p class="ajuda previa-vazia">Preencha valor, vencimento e ${forma === "PARCELAR" ? "a quantidade de parcelas" : "o fim da repetição"} para ver ${forma === "PARCELAR" ? "as parcelas" : "as datas"}.</p>`;
  }
  const mostrados = forma === "PARCELAR" ? itens : itens.slice(0, MAXIMO_NA_PREVIA);
  const total = somar(itens.map((i) => i.valor));
  return html`
    <div class="lista previa">
      <table aria-label=${forma === "PARCELAR" ? "Prévia das parcelas" : "Prévia das repetições"}>
        <thead><tr>
          <th scope="col" class="numero">${forma === "PARCELAR" ? "Parcela" : "Nº"}</th>
          <th scope="col">Vencimento</th><th scope="col" class="numero">Valor</th>
        </tr></thead>
        <tbody>
          ${mostrados.map((i) => html`
            <tr key=${i.numero}>
              <td class="numero">${i.numero}/${itens.length}</td>
              <td>${formatarData(i.vencimento)}</td>
              <td class="numero">${formatarMoeda(i.valor)}</td>
            </tr>`)}
        </tbody>
        <tfoot><tr>
          <th scope="row" colspan="2">${itens.length > mostrados.length ? `E mais ${itens.length - mostrados.length}. ` : ""}Total de ${itens.length}</th>
          <td class="numero previa-total">${formatarMoeda(total)}</td>
        </tr></tfoot>
      </table>
    </div>`;
}

function corpoDoLancamento(v) {
  const l = limpar(v);
  const corpo = {
    tipo: l.tipo, descricao: l.descricao, valor: l.valor, data_vencimento: l.data_vencimento,
    categoria_id: l.categoria_id ? Number(l.categoria_id) : null, conta_id: l.conta_id ? Number(l.conta_id) : null,
    ...corpoDoCentro(v),
  };
  if (l.competencia) corpo.competencia = l.competencia;
  if (l.tipo === "RECEITA" && l.cliente_id) corpo.cliente_id = l.cliente_id;
  if (l.tipo === "DESPESA" && l.fornecedor_id) corpo.fornecedor_id = l.fornecedor_id;
  if (l.documento) corpo.documento = l.documento;
  if (l.tipo === "DESPESA" && l.codigo_barras_pagamento) corpo.codigo_barras_pagamento = l.codigo_barras_pagamento;
  if (l.observacoes) corpo.observacoes = l.observacoes;
  if (l.forma === "UNICO" && l.pago) {
    corpo.status = "PAGO";
    corpo.data_pagamento = l.data_pagamento;
  }
  if (l.forma === "PARCELAR") {
    corpo.parcelas = {
      quantidade: inteiro(l["parcelas.quantidade"]) ?? l["parcelas.quantidade"],
      frequencia: l["parcelas.frequencia"], resto: l["parcelas.resto"],
    };
  }
  if (l.forma === "REPETIR") {
    corpo.recorrencia = { frequencia: l["recorrencia.frequencia"] };
    if (l["recorrencia.fim"] === "QUANTIDADE") {
      corpo.recorrencia.quantidade = inteiro(l["recorrencia.quantidade"]) ?? l["recorrencia.quantidade"];
    } else {
      corpo.recorrencia.ate = l["recorrencia.ate"];
    }
  }
  return corpo;
}

export function NovoLancamento({ tipoInicial = "RECEITA", aoFechar, aoSalvar }) {
  const form = useFormulario({
    tipo: tipoInicial, descricao: "", valor: null, data_vencimento: hoje(), competencia: null,
    categoria_id: "", conta_id: "", cliente_id: null, fornecedor_id: null, documento: "", observacoes: "",
    codigo_barras_pagamento: "", pago: false, data_pagamento: hoje(), forma: "UNICO",
    "parcelas.quantidade": "2", "parcelas.frequencia": "MENSAL", "parcelas.resto": "PRIMEIRA",
    "recorrencia.frequencia": "MENSAL", "recorrencia.fim": "QUANTIDADE", "recorrencia.quantidade": "12",
    "recorrencia.ate": null, ...valoresDoCentro(),
  });
  const { valores } = form;
  const categorias = useCategorias(valores.tipo);
  const contas = useContas();
  const centros = useCentrosCusto();
  const itens = useMemo(() => previa(valores), [valores]);

  function mudarTipo(tipo) {
    form.definir("tipo", tipo);
    form.definir("categoria_id", ""); // the tree of the other tipo has other categorias
  }

  async function salvar(v) {
    const criado = await api.post("/api/lancamentos", corpoDoLancamento(v));
    const quantos = criado.serie ? ` (${criado.serie.quantidade} ${v.forma === "PARCELAR" ? "parcelas" : "lançamentos"})` : "";
    notificar(`${nomeDoTipo(criado.tipo)} ${criado.descricao} criada${quantos}.`);
    aoSalvar(criado);
  }

  const opcoesCategoria = [{ valor: "", rotulo: categorias ? "Escolha a categoria" : "Carregando…" },
    ...(categorias || []).map((c) => ({ valor: String(c.id), rotulo: rotuloDaCategoria(c) }))];
  const opcoesConta = [{ valor: "", rotulo: contas ? "Escolha a conta" : "Carregando…" },
    ...(contas || []).map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const receita = valores.tipo === "RECEITA";
  const rotuloValor = { UNICO: "Valor (R$)", PARCELAR: "Valor total (R$)", REPETIR: "Valor de cada um (R$)" }[valores.forma];
  const rotuloVencimento = valores.forma === "PARCELAR" ? "Vencimento da 1ª parcela"
    : valores.forma === "REPETIR" ? "Primeiro vencimento" : "Vencimento";

  return html`
    <${Modal} titulo="Novo lançamento" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar lançamento" aoCancelar=${aoFechar}>
        <${Opcoes} ...${form.campo("tipo")} aoMudar=${mudarTipo} rotulo="Tipo" opcoes=${TIPOS} />
        <${CampoTexto} ...${form.campo("descricao")} rotulo="Descrição" obrigatorio autofocus maxlength="200" />
        <div class="linha-campos">
          <${CampoMoeda} ...${form.campo("valor")} rotulo=${rotuloValor} obrigatorio />
          <${CampoData} ...${form.campo("data_vencimento")} rotulo=${rotuloVencimento} obrigatorio />
          <${CampoCompetencia} ...${form.campo("competencia")} rotulo="Competência"
            ajuda="mm/aaaa; vazio, o mês do vencimento" />
        </div>
        <div class="linha-campos">
          <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria" obrigatorio opcoes=${opcoesCategoria}
            ajuda=${categorias?.erro || (categorias && !categorias.length
              ? `Nenhuma categoria de ${receita ? "receita" : "despesa"} ativa: cadastre em Cadastros › Categorias` : undefined)} />
          <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta" obrigatorio opcoes=${opcoesConta}
            ajuda=${contas?.erro || (contas && !contas.length ? "Nenhuma conta ativa: cadastre em Cadastros › Contas" : undefined)} />
        </div>
        <${CamposDeCentro} form=${form} centros=${centros} />
        ${receita
          ? html`<${CampoEscolha} key="cliente" ...${form.campo("cliente_id")} rotulo="Cliente" buscar=${buscarClientes}
              placeholder="Nome, CPF/CNPJ ou e-mail (opcional)" vazio="Nenhum cliente encontrado." />`
          : html`<${CampoEscolha} key="fornecedor" ...${form.campo("fornecedor_id")} rotulo="Fornecedor" buscar=${buscarFornecedores}
              placeholder="Nome, CPF/CNPJ ou e-mail (opcional)" vazio="Nenhum fornecedor encontrado." />`}
        <div class="linha-campos">
          <${CampoTexto} ...${form.campo("documento")} rotulo="Documento" maxlength="60" ajuda="Nota fiscal, recibo, boleto" />
        </div>
        ${!receita && html`<${CampoCodigoDeBarras} ...${form.campo("codigo_barras_pagamento")} />`}
        <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} linhas=${2} />

        <${Opcoes} ...${form.campo("forma")} rotulo="Lançar como" opcoes=${FORMAS} />
        ${valores.forma === "UNICO" && html`
          <${CampoCaixa} ...${form.campo("pago")} rotulo=${receita ? "Já recebido" : "Já pago"} />
          ${valores.pago && html`<${CampoData} ...${form.campo("data_pagamento")} rotulo="Data do pagamento" obrigatorio />`}`}
        ${valores.forma === "PARCELAR" && html`
          <fieldset class="serie">
            <legend>Parcelas</legend>
            <div class="linha-campos">
              <${CampoTexto} ...${form.campo("parcelas.quantidade")} rotulo="Quantidade de parcelas" inputmode="numeric"
                maxlength="3" ajuda="De 2 a 360" />
              <${CampoSelecao} ...${form.campo("parcelas.frequencia")} rotulo="Frequência" opcoes=${FREQUENCIAS} />
              <${CampoSelecao} ...${form.campo("parcelas.resto")} rotulo="Centavos que sobram" opcoes=${RESTOS} />
            </div>
            <${Previa} itens=${itens} forma="PARCELAR" />
          </fieldset>`}
        ${valores.forma === "REPETIR" && html`
          <fieldset class="serie">
            <legend>Repetição</legend>
            <div class="linha-campos">
              <${CampoSelecao} ...${form.campo("recorrencia.frequencia")} rotulo="Frequência" opcoes=${FREQUENCIAS} />
              <${CampoSelecao} ...${form.campo("recorrencia.fim")} rotulo="Termina"
                opcoes=${[{ valor: "QUANTIDADE", rotulo: "Depois de um número de vezes" }, { valor: "ATE", rotulo: "Em uma data" }]} />
              ${valores["recorrencia.fim"] === "QUANTIDADE"
                ? html`<${CampoTexto} ...${form.campo("recorrencia.quantidade")} rotulo="Número de vezes" inputmode="numeric" maxlength="4" />`
                : html`<${CampoData} ...${form.campo("recorrencia.ate")} rotulo="Até" />`}
            </div>
            <${Previa} itens=${itens} forma="REPETIR" />
          </fieldset>`}
      <//>
    <//>`;
}
