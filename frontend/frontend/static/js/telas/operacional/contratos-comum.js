// What the contratos screens share: the status in pt-BR with its chip, each parcela's situation in
// Financeiro, and the form that creates or edits a contract with its payment plan (parcelas,
// sinal, due dates fixed or relative to the signature or to the evento).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData } from "../../formatos.js";
import { Modal, notificar } from "../../ui/componentes.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { CampoCaixa, CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar,
  useFormulario } from "../../ui/formulario.js";
import { buscarClientes, rotuloDaCategoria, useCategorias, useContas } from "../../ui/registros.js";
import { useConsulta } from "../../ui/consulta.js";

export const STATUS = [
  { valor: "proposta", rotulo: "Proposta" },
  { valor: "assinado", rotulo: "Assinado" },
  { valor: "em_execucao", rotulo: "Em execução" },
  { valor: "concluido", rotulo: "Concluído" },
  { valor: "cancelado", rotulo: "Cancelado" },
];
export const rotuloDoStatus = (status) => STATUS.find((s) => s.valor === status)?.rotulo ?? status;
const CLASSE_DO_STATUS = { assinado: "status-pago", em_execucao: "status-pago", concluido: "status-pago",
  cancelado: "status-cancelado" };

export function SeloStatus({ status }) {
  return html`<span class=${`status ${CLASSE_DO_STATUS[status] || "status-pendente"}`}>${rotuloDoStatus(status)}</span>`;
}

const PARCELA = {
  paga: ["Paga", "status-pago"], aberta: ["Em aberto", "status-pendente"], vencida: ["Vencida", "status-vencido"],
  cancelada: ["Cancelada", "status-cancelado"], nao_lancada: ["Não lançada", "status-pendente"],
};

export function SeloParcela({ status }) {
  const [rotulo, classe] = PARCELA[status] || [status, "status-pendente"];
  return html`<span class=${`status ${classe}`}>${rotulo}</span>`;
}

export const BASES = [
  { valor: "data", rotulo: "Numa data" },
  { valor: "assinatura", rotulo: "Dias após a assinatura" },
  { valor: "evento", rotulo: "Dias antes/depois do evento" },
];

/** A CampoEscolha search over the empresa's eventos, by name. */
async function buscarEventos(texto, sinal) {
  const { items } = await api.get("/api/eventos", { query: { q: texto, limit: 50 }, sinal });
  return items.map((e) => ({ valor: e.id, rotulo: `${e.nome} (${formatarData(e.data_inicio)})` }));
}

function valoresDe(c) {
  return {
    cliente_id: c?.cliente_id ?? null, evento_id: c?.evento_id ?? null, descricao: c?.descricao ?? "",
    valor: c?.valor ?? null, parcelas: String(c?.parcelas ?? 1), vencimento_base: c?.vencimento_base ?? "data",
    primeiro_vencimento: c?.primeiro_vencimento ?? null, dias: String(c?.dias ?? 0),
    com_sinal: !!c?.sinal, sinal_valor: c?.sinal?.valor ?? null, sinal_vencimento: c?.sinal?.vencimento ?? null,
    conta_id: c?.conta_id ? String(c.conta_id) : "", categoria_id: c?.categoria_id ? String(c.categoria_id) : "",
    modelo_id: c?.modelo_id ? String(c.modelo_id) : "",
  };
}

const inteiro = (texto) => (texto === "" || texto == null ? null : Number(texto));

/** The API's body from the form: the plan's fields only where they apply. */
function corpo(valores) {
  const v = limpar(valores);
  return {
    cliente_id: v.cliente_id, evento_id: v.evento_id, descricao: v.descricao, valor: v.valor,
    parcelas: inteiro(v.parcelas), vencimento_base: v.vencimento_base,
    primeiro_vencimento: v.vencimento_base === "data" ? v.primeiro_vencimento : null,
    dias: v.vencimento_base === "data" ? 0 : inteiro(v.dias) ?? 0,
    sinal: v.com_sinal ? { valor: v.sinal_valor, vencimento: v.sinal_vencimento } : null,
    conta_id: inteiro(v.conta_id), categoria_id: inteiro(v.categoria_id), modelo_id: inteiro(v.modelo_id),
  };
}

const opcoes = (itens, rotulo, vazio) => [{ valor: "", rotulo: vazio },
  ...(Array.isArray(itens) ? itens : []).map((i) => ({ valor: String(i.id), rotulo: rotulo(i) }))];

/** A pending sync is not a failure of the save: the contract is kept, Financeiro gets it later. */
export function avisarSincronizacao(contrato) {
  if (contrato.sincronizacao === "pendente") notificar(contrato.mensagem_sincronizacao, "erro");
}

/** The create/edit dialog; `aoSalvar(contrato)` with what the API answered. */
export function FormularioDeContrato({ contrato, aoFechar, aoSalvar }) {
  const form = useFormulario(valoresDe(contrato));
  const [base, setBase] = useState(form.valores.vencimento_base);
  const contas = useContas();
  const categorias = useCategorias("RECEITA");
  const { dados: modelos } = useConsulta("/api/contratos/modelos");
  const v = form.valores;

  async function salvar(valores) {
    let salvo;
    if (contrato) {
      const novo = corpo(valores);
      const antigo = corpo(valoresDe(contrato));
      const mudancas = Object.fromEntries(Object.keys(novo)
        .filter((c) => JSON.stringify(novo[c]) !== JSON.stringify(antigo[c])).map((c) => [c, novo[c]]));
      salvo = await api.put(`/api/contratos/${contrato.id}`, mudancas);
      notificar("Contrato atualizado.");
    } else {
      const novo = Object.fromEntries(Object.entries(corpo(valores)).filter(([, valor]) => valor !== null));
      salvo = await api.post("/api/contratos", novo);
      notificar(`Contrato criado com ${salvo.plano.length} parcela(s).`);
    }
    avisarSincronizacao(salvo);
    aoSalvar(salvo);
  }
  const mudarBase = (valor) => { setBase(valor); form.definir("vencimento_base", valor); };

  return html`
    <${Modal} titulo=${contrato ? `Editar contrato nº ${contrato.id}` : "Novo contrato"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${contrato ? "Salvar" : "Criar contrato"} aoCancelar=${aoFechar}>
        <${CampoEscolha} ...${form.campo("cliente_id")} rotulo="Cliente" obrigatorio buscar=${buscarClientes}
          rotuloInicial=${contrato?.cliente_nome ?? ""} vazio="Nenhum cliente encontrado" />
        <${CampoEscolha} ...${form.campo("evento_id")} rotulo="Evento" buscar=${buscarEventos}
          rotuloInicial=${contrato?.evento_nome ?? ""} vazio="Nenhum evento encontrado"
          ajuda="As parcelas recebem o centro de custo do evento" />
        <${CampoTexto} ...${form.campo("descricao")} rotulo="Descrição" obrigatorio maxlength="200"
          ajuda="O serviço contratado, por exemplo Cobertura fotográfica do casamento" />
        <div class="linha-campos">
          <${CampoMoeda} ...${form.campo("valor")} rotulo="Valor total" obrigatorio />
          <${CampoTexto} ...${form.campo("parcelas")} rotulo="Parcelas" tipo="number" min="1" max="120" obrigatorio />
        </div>
        <div class="linha-campos">
          <${CampoSelecao} nome="vencimento_base" rotulo="Primeiro vencimento" valor=${base} aoMudar=${mudarBase}
            opcoes=${BASES} erro=${form.campo("vencimento_base").erro} />
          ${base === "data"
            ? html`<${CampoData} ...${form.campo("primeiro_vencimento")} rotulo="Data do primeiro vencimento" obrigatorio
                ajuda="As outras vencem no mesmo dia dos meses seguintes" />`
            : html`<${CampoTexto} ...${form.campo("dias")} rotulo=${base === "evento" ? "Dias (−30 = 30 dias antes)" : "Dias após a assinatura"}
                tipo="number" min="-3650" max="3650" />`}
        </div>
        <${CampoCaixa} ...${form.campo("com_sinal")} rotulo="Com sinal (entrada)" />
        ${v.com_sinal && html`
          <div class="linha-campos">
            <${CampoMoeda} ...${form.campo("sinal_valor")} rotulo="Valor do sinal" obrigatorio erro=${form.campo("sinal.valor").erro} />
            <${CampoData} ...${form.campo("sinal_vencimento")} rotulo="Vencimento do sinal" obrigatorio
              erro=${form.campo("sinal.vencimento").erro} />
          </div>`}
        <div class="linha-campos">
          <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta de recebimento" obrigatorio
            opcoes=${opcoes(contas, (c) => c.nome, "Escolha a conta")} />
          <${CampoSelecao} ...${form.campo("categoria_id")} rotulo="Categoria de receita" obrigatorio
            opcoes=${opcoes(categorias, rotuloDaCategoria, "Escolha a categoria")} />
        </div>
        <${CampoSelecao} ...${form.campo("modelo_id")} rotulo="Modelo do texto"
          opcoes=${opcoes(modelos?.items, (m) => m.nome, "O modelo padrão")} />
      <//>
    <//>`;
}
