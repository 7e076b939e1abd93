// 13º salário, from "Folha do mês": a dialog for the competência on screen where the parcela is
// chosen (1ª from February to November, 2ª in December), its preview with the memo (GET
// /api/folha/calcular?tipo=...) — the table and holerites of holerites.js — and "Processar 13º"
// (rh:escrever with financeiro:escrever), which stores it and creates its payables in Financeiro
// (POST /api/folha/processar with the tipo), then opens the processed folha's page.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { navegar } from "../../roteador.js";
import { Aviso, Carregando, Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { CampoSelecao } from "../../ui/formulario.js";
import { nomeDoMes } from "../../ui/periodo.js";
import { plural } from "../../ui/valores.js";
import { TabelaDaFolha } from "./holerites.js";
import { rotaDaFolha } from "./processada.js";

export const TIPOS_DA_FOLHA = {
  MENSAL: "Folha do mês",
  DECIMO_TERCEIRO_1: "13º salário — 1ª parcela",
  DECIMO_TERCEIRO_2: "13º salário — 2ª parcela",
};

const PARCELAS = [
  { valor: "DECIMO_TERCEIRO_1", rotulo: TIPOS_DA_FOLHA.DECIMO_TERCEIRO_1 },
  { valor: "DECIMO_TERCEIRO_2", rotulo: TIPOS_DA_FOLHA.DECIMO_TERCEIRO_2 },
];

/** "Folha de novembro de 2026", "13º salário — 1ª parcela de novembro de 2026". */
export function nomeDaFolha(folha) {
  const mes = nomeDoMes(folha.competencia.slice(0, 7));
  return (folha.tipo ?? "MENSAL") === "MENSAL" ? `Folha de ${mes}` : `${TIPOS_DA_FOLHA[folha.tipo]} de ${mes}`;
}

function Previa({ competencia, tipo, lanca }) {
  const { dados, erro, recarregar } = useConsulta("/api/folha/calcular", { competencia, tipo });
  const [processando, setProcessando] = useState(false);
  const atual = dados?.tipo === tipo && dados.competencia.startsWith(competencia) ? dados : null;

  async function processar() {
    let resposta;
    try {
      resposta = await api.post("/api/folha/processar", { competencia, tipo });
    } catch (falha) {
      const campos = Object.values(falha.campos ?? {});
      if (!(falha instanceof ErroApi) || !campos.length) throw falha;
      throw new ErroApi(falha.status, { ...falha.corpo, error: `${campos.join(". ")}.` });
    }
    if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(`${nomeDaFolha(resposta)} processado. ${resposta.aviso}`, "erro");
    else notificar(`${nomeDaFolha(resposta)} processado: ${plural(resposta.lancamento_ids.length, "conta a pagar criada",
      "contas a pagar criadas")} no Financeiro.`);
    navegar(rotaDaFolha(resposta.id));
  }

  if (erro) {
    const campos = Object.values(erro.campos ?? {});
    return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${!campos.length && recarregar}>
      ${campos.length ? campos[0] : erro.message}<//>`;
  }
  if (!atual) return html`<${Carregando} texto="Calculando o 13º…" />`;
  if (!atual.itens.length) return html`<p class="ajuda">Nenhum funcionário CLT ativo em ${nomeDoMes(competencia)}.</p>`;
  return html`
    <p class="resumo-relatorio">
      ${plural(atual.itens.length, "pessoa", "pessoas")}. Média de variáveis: horas extras, adicional noturno,
      comissões e DSR das folhas mensais processadas no ano, divididas pelos meses trabalhados (avos).
      ${tipo === "DECIMO_TERCEIRO_2" && " A 1ª parcela já paga é descontada."} Veja a memória em cada holerite.
    </p>
    ${lanca && html`
      <div class="acoes-registro">
        <button type="button" class="botao primario" onClick=${() => setProcessando(true)}>Processar 13º</button>
      </div>`}
    <${TabelaDaFolha} competencia=${atual.competencia} itens=${atual.itens} totais=${atual.totais} />
    ${processando && html`
      <${Confirmacao} titulo=${`Processar o ${TIPOS_DA_FOLHA[tipo]}`} rotuloConfirmar="Processar 13º"
        aoConfirmar=${processar} aoFechar=${() => setProcessando(false)}>
        Isto guarda os holerites do 13º e cria no Financeiro o líquido de cada pessoa e as guias
        ${tipo === "DECIMO_TERCEIRO_2" ? "do INSS (até 20/12), do IRRF e do FGTS" : "do FGTS"}.
      <//>`}`;
}

/** The dialog for `competencia` ("2026-11"); `lanca`: may process (writes in Financeiro too). */
export function DecimoTerceiro({ competencia, lanca, aoFechar }) {
  const [tipo, setTipo] = useState(competencia.endsWith("-12") ? "DECIMO_TERCEIRO_2" : "DECIMO_TERCEIRO_1");
  return html`
    <${Modal} titulo=${`13º salário — ${nomeDoMes(competencia)}`} aoFechar=${aoFechar}>
      <${CampoSelecao} nome="tipo" rotulo="Parcela" valor=${tipo} aoMudar=${setTipo} opcoes=${PARCELAS}
        ajuda="A 1ª parcela é paga de fevereiro a novembro (até 30/11); a 2ª, em dezembro (até 20/12)" />
      <${Previa} key=${tipo} competencia=${competencia} tipo=${tipo} lanca=${lanca} />
    <//>`;
}
