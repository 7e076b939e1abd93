// The month's variables of one funcionário (GET/PUT /api/funcionarios/<id>/variaveis/<AAAA-MM>):
// overtime at 50 % and 100 %, night hours, commissions, absences and the advance already paid. A
// PUT replaces them all; an empty field is zero.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { Aviso, Carregando, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoMoeda, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { lerInteiro, lerNumero, mostrarNumero } from "./comum.js";

const HORAS = ["horas_extras_50", "horas_extras_100", "horas_noturnas"];

function FormularioDasVariaveis({ caminho, atuais, aoFechar, aoSalvar }) {
  const form = useFormulario({
    ...Object.fromEntries(HORAS.map((c) => [c, mostrarNumero(atuais[c])])),
    faltas_dias: String(atuais.faltas_dias),
    comissoes: atuais.comissoes,
    adiantamento: atuais.adiantamento,
  });

  async function salvar(valores) {
    await api.put(caminho, {
      ...Object.fromEntries(HORAS.map((c) => [c, lerNumero(valores[c]) ?? "0"])),
      faltas_dias: lerInteiro(valores.faltas_dias) ?? 0,
      comissoes: valores.comissoes ?? "0",
      adiantamento: valores.adiantamento ?? "0",
    });
    aoSalvar();
  }

  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar e recalcular" aoCancelar=${aoFechar}>
      <p class="ajuda">Horas com vírgula, como 7,5. Um campo em branco vale zero.</p>
      <div class="linha-campos">
        <${CampoTexto} ...${form.campo("horas_extras_50")} rotulo="Horas extras 50 %" inputmode="decimal" maxlength="7"
          autofocus ajuda="Dias úteis" />
        <${CampoTexto} ...${form.campo("horas_extras_100")} rotulo="Horas extras 100 %" inputmode="decimal" maxlength="7"
          ajuda="Domingos e feriados" />
        <${CampoTexto} ...${form.campo("horas_noturnas")} rotulo="Horas noturnas" inputmode="decimal" maxlength="7"
          ajuda="Das 22 h às 5 h: adicional de 20 %" />
      </div>
      <div class="linha-campos">
        <${CampoMoeda} ...${form.campo("comissoes")} rotulo="Comissões (R$)" />
        <${CampoTexto} ...${form.campo("faltas_dias")} rotulo="Faltas (dias)" inputmode="numeric" maxlength="2"
          ajuda="Sem justificativa: descontadas com o descanso semanal" />
        <${CampoMoeda} ...${form.campo("adiantamento")} rotulo="Adiantamento (R$)" ajuda="Já pago no mês" />
      </div>
    <//>`;
}

/** `funcionario`: {id, nome}; `competencia`: "AAAA-MM". */
export function VariaveisDoMes({ funcionario, competencia, aoFechar, aoSalvar }) {
  const caminho = `/api/funcionarios/${funcionario.id}/variaveis/${competencia}`;
  const { dados, erro, recarregar } = useConsulta(caminho);
  function salvo() {
    notificar(`Variáveis de ${funcionario.nome} salvas; a folha foi recalculada.`);
    aoSalvar();
  }
  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!dados) {
    conteudo = html`<${Carregando} />`;
  } else {
    conteudo = html`<${FormularioDasVariaveis} caminho=${caminho} atuais=${dados} aoFechar=${aoFechar} aoSalvar=${salvo} />`;
  }
  return html`
    <${Modal} titulo=${`Variáveis de ${funcionario.nome} em ${nomeDoMes(competencia)}`} aoFechar=${aoFechar}>
      ${conteudo}
    <//>`;
}
