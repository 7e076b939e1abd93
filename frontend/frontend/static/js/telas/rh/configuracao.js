// Where the processed folha's payables go in Financeiro (GET/PUT /api/folha/configuracao): the
// conta the salaries are paid from, the despesa categoria of the salaries and the one of the
// encargos (the INSS/IRRF guide and the FGTS), and an optional centro de custo — picked from
// Cadastros as the lançamento form picks them. A field left on "Automática" is found by its name
// when a month is processed, and the processing says which was used.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { Aviso, Carregando, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoSelecao, Formulario, useFormulario } from "../../ui/formulario.js";
import { rotuloDaCategoria, useCategorias, useCentrosCusto, useContas } from "../../ui/registros.js";

const CAMPOS = ["conta_id", "categoria_salarios_id", "categoria_encargos_id", "centro_custo_id"];

/** A select's options: the automatic choice first (its words), then the records (null while loading). */
function opcoes(registros, automatica, rotulo) {
  return [{ valor: "", rotulo: registros ? automatica : "Carregando…" },
    ...(registros || []).map((r) => ({ valor: String(r.id), rotulo: rotulo(r) }))];
}

function FormularioDaConfiguracao({ atual, aoFechar }) {
  const form = useFormulario(Object.fromEntries(CAMPOS.map((c) => [c, atual[c] == null ? "" : String(atual[c])])));
  const contas = useContas();
  const categorias = useCategorias("DESPESA");
  const centros = useCentrosCusto();

  async function salvar(valores) {
    await api.put("/api/folha/configuracao", Object.fromEntries(CAMPOS.map((c) => [c, valores[c] ? Number(valores[c]) : null])));
    notificar("Configuração da folha salva.");
    aoFechar();
  }

  const categoria = (automatica) => opcoes(categorias, automatica, rotuloDaCategoria);
  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar configuração" aoCancelar=${aoFechar}>
      <p class="ajuda">Vale para os próximos processamentos e reprocessamentos; o que já está no Financeiro não muda.</p>
      <${CampoSelecao} ...${form.campo("conta_id")} rotulo="Conta de pagamento"
        opcoes=${opcoes(contas, "Automática: a primeira conta corrente ativa", (c) => c.nome)}
        ajuda=${contas?.erro || "De onde saem os salários e as guias"} />
      <${CampoSelecao} ...${form.campo("categoria_salarios_id")} rotulo="Categoria dos salários"
        opcoes=${categoria("Automática: a de despesa com salário, folha ou pessoal no nome")} ajuda=${categorias?.erro} />
      <${CampoSelecao} ...${form.campo("categoria_encargos_id")} rotulo="Categoria dos encargos"
        opcoes=${categoria("Automática: a de despesa com encargo, INSS ou FGTS no nome")}
        ajuda=${categorias?.erro || "A guia do INSS e do IRRF (DARF) e a do FGTS"} />
      <${CampoSelecao} ...${form.campo("centro_custo_id")} rotulo="Centro de custo"
        opcoes=${opcoes(centros, "Nenhum", (c) => c.nome)} ajuda=${centros?.erro || "Opcional"} />
    <//>`;
}

export function ConfiguracaoDaFolha({ aoFechar }) {
  const { dados, erro, recarregar } = useConsulta("/api/folha/configuracao");
  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  } else if (!dados) {
    conteudo = html`<${Carregando} />`;
  } else {
    conteudo = html`<${FormularioDaConfiguracao} atual=${dados} aoFechar=${aoFechar} />`;
  }
  return html`<${Modal} titulo="Configuração da folha" aoFechar=${aoFechar}>${conteudo}<//>`;
}
