// Registering a payment of all or part of a lançamento — a receita received, a despesa paid (the
// API's "baixa"): the open amount, today and the lançamento's conta come filled in; juros and multa
// are paid on top, desconto off it, and the money that moves in the conta is shown as it is typed,
// added in cents.

import { html } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarMoeda, hoje } from "../../../formatos.js";
import { CampoAreaTexto } from "../../../ui/campos.js";
import { Modal, notificar } from "../../../ui/componentes.js";
import {
  CampoData, CampoMoeda, CampoSelecao, Formulario, limpar, semNulos, useFormulario,
} from "../../../ui/formulario.js";
import { useContas } from "../../../ui/registros.js";
import { centavos, deCentavos, Dinheiro } from "../../../ui/valores.js";
import { acaoDePagar, nomeDoPagamento } from "../comum.js";

function movimentado({ valor, juros, multa, desconto }) {
  const partes = [valor, juros, multa, desconto].map((v) => (v ? centavos(v) : 0n));
  if (partes.some((p) => p == null)) return null;
  const [v, j, m, d] = partes;
  return deCentavos(v + j + m - d);
}

/** The form alone, for the detail dialog; `aoSalvar(baixa)` after the server took it. */
export function FormularioDeBaixa({ lancamento, aoSalvar, aoCancelar }) {
  const contas = useContas();
  const entra = lancamento.tipo === "RECEITA";
  const form = useFormulario({
    valor: lancamento.valor_aberto, data: hoje(), conta_id: String(lancamento.conta_id),
    juros: null, multa: null, desconto: null, observacao: "",
  });
  async function salvar(valores) {
    const corpo = semNulos(limpar({ ...valores, conta_id: valores.conta_id ? Number(valores.conta_id) : null }));
    const baixa = await api.post(`/api/lancamentos/${lancamento.id}/baixas`, corpo);
    notificar(`${entra ? "Recebimento" : "Pagamento"} de ${formatarMoeda(baixa.valor)} registrado.`);
    aoSalvar(baixa);
  }
  const opcoesConta = (contas || [{ id: lancamento.conta_id, nome: lancamento.conta_nome }])
    .map((c) => ({ valor: String(c.id), rotulo: c.nome }));
  if (!opcoesConta.some((o) => o.valor === String(lancamento.conta_id))) {
    opcoesConta.unshift({ valor: String(lancamento.conta_id), rotulo: lancamento.conta_nome });
  }
  const total = movimentado(form.valores);
  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${`Registrar ${nomeDoPagamento(lancamento)}`} aoCancelar=${aoCancelar}>
      <p class="ajuda">Em aberto: <strong><${Dinheiro} valor=${lancamento.valor_aberto} /></strong> de <${Dinheiro} valor=${lancamento.valor} />.</p>
      <div class="linha-campos">
        <${CampoMoeda} ...${form.campo("valor")} rotulo=${entra ? "Valor recebido (R$)" : "Valor pago (R$)"} obrigatorio
          ajuda=${`Menos que o em aberto: o restante continua ${entra ? "a receber" : "a pagar"}`} />
        <${CampoData} ...${form.campo("data")} rotulo=${entra ? "Data do recebimento" : "Data do pagamento"} obrigatorio />
      </div>
      <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta" opcoes=${opcoesConta} />
      <div class="linha-campos">
        <${CampoMoeda} ...${form.campo("juros")} rotulo="Juros (R$)" />
        <${CampoMoeda} ...${form.campo("multa")} rotulo="Multa (R$)" />
        <${CampoMoeda} ...${form.campo("desconto")} rotulo="Desconto (R$)" />
      </div>
      <${CampoAreaTexto} ...${form.campo("observacao")} rotulo="Observação" maximo=${500} linhas=${2} />
      ${total && html`<p class="ajuda" aria-live="polite">
        ${entra ? "Entra na conta" : "Sai da conta"}: <strong><${Dinheiro} valor=${total} /></strong></p>`}
    <//>`;
}

/** The quick "Receber" or "Pagar" of the ledger's rows, in its own dialog. */
export function BaixaRapida({ lancamento, aoFechar, aoSalvar }) {
  return html`
    <${Modal} titulo=${`${acaoDePagar(lancamento)} ${lancamento.descricao}`} aoFechar=${aoFechar}>
      <${FormularioDeBaixa} lancamento=${lancamento} aoSalvar=${aoSalvar} aoCancelar=${aoFechar} />
    <//>`;
}
