// Folha do mês, for the competência in the address. Before the month is processed: the preview
// of its payroll (GET /api/folha/calcular) — the table and holerites of holerites.js — with
// "Variáveis" (variaveis.js) for the month's overtime, commissions, absences and advance, and
// "Processar folha" (rh:escrever with financeiro:escrever), which closes the month and creates its
// payables in Financeiro (POST /api/folha/processar). Once processed: the stored folha
// (processada.js) instead of the preview. "Configuração" (configuracao.js) says where the payables go;
// "13º salário" (decimo-terceiro.js) previews and processes a parcela of the 13º for the competência.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { SeletorDePeriodo, lerMes, mesAtual, nomeDoMes } from "../../ui/periodo.js";
import { plural } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { ConfiguracaoDaFolha } from "./configuracao.js";
import { DecimoTerceiro } from "./decimo-terceiro.js";
import { TabelaDaFolha } from "./holerites.js";
import { FolhaProcessada } from "./processada.js";
import { VariaveisDoMes } from "./variaveis.js";

/** A 400's fields in one sentence, where a confirmation shows only the message. */
function comOsCampos(falha) {
  const campos = Object.values(falha.campos ?? {});
  if (!(falha instanceof ErroApi) || !campos.length) return falha;
  return new ErroApi(falha.status, { ...falha.corpo, error: `${campos.join(". ")}.` });
}

/**
 * The month not processed yet: the live preview, its variables and "Processar folha" — offered to
 * whoever may also write in Financeiro (`lanca`), which takes the payables in that person's name.
 */
function Previa({ competencia, escreve, lanca, aoProcessar }) {
  const [versao, setVersao] = useState(0);
  const [variaveisDe, setVariaveisDe] = useState(null); // the item whose variables are open
  const [processando, setProcessando] = useState(false);
  const { dados, erro, recarregar } = useConsulta("/api/folha/calcular", { competencia }, versao);
  // The answer on screen may be the previous month's while this one's comes.
  const atual = dados?.competencia?.startsWith(competencia) ? dados : null;

  async function processar() {
    let resposta;
    try {
      resposta = await api.post("/api/folha/processar", { competencia });
    } catch (falha) {
      throw comOsCampos(falha);
    }
    setProcessando(false);
    aoProcessar(resposta);
  }

  if (erro) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  if (!atual) return html`<${Carregando} texto="Calculando a folha…" />`;
  if (!atual.itens.length) {
    return html`
      <${EstadoVazio} titulo=${`Ninguém na folha de ${nomeDoMes(competencia)}.`}
        acao=${escreve && { rotulo: "Cadastrar funcionários", href: "/rh" }}>
        A folha traz quem estava contratado no mês (admitido até o último dia e não demitido antes do primeiro),
        exceto os autônomos.<//>`;
  }
  return html`
    <p class="resumo-relatorio">
      Prévia de ${nomeDoMes(competencia)}: ${plural(atual.itens.length, "pessoa", "pessoas")}, pelas tabelas de
      INSS e IRRF em vigor. Nada é lançado no Financeiro até a folha ser processada.
    </p>
    ${lanca && html`
      <div class="acoes-registro">
        <button type="button" class="botao primario" onClick=${() => setProcessando(true)}>Processar folha</button>
      </div>`}
    ${escreve && !lanca && html`
      <p class="ajuda">Processar a folha cria as contas a pagar no Financeiro: só quem também lança no Financeiro
        pode processá-la.</p>`}
    <${TabelaDaFolha} competencia=${atual.competencia} itens=${atual.itens} totais=${atual.totais}
      aoVariaveis=${escreve && setVariaveisDe} />
    ${variaveisDe && html`
      <${VariaveisDoMes} funcionario=${{ id: variaveisDe.funcionario_id, nome: variaveisDe.nome }} competencia=${competencia}
        aoFechar=${() => setVariaveisDe(null)}
        aoSalvar=${() => { setVariaveisDe(null); setVersao((v) => v + 1); }} />`}
    ${processando && html`
      <${Confirmacao} titulo=${`Processar a folha de ${nomeDoMes(competencia)}`} rotuloConfirmar="Processar folha"
        aoConfirmar=${processar} aoFechar=${() => setProcessando(false)}>
        Isto cria no Financeiro as contas a pagar da folha — o salário líquido de cada pessoa, a guia do INSS e do
        IRRF (DARF) e a do FGTS — e fecha o mês: os holerites ficam guardados como estão agora, e depois só um
        reprocessamento os muda.
      <//>`}`;
}

export function Folha({ usuario }) {
  const escreve = pode(usuario, "rh:escrever");
  const [f, definir] = useFiltrosNaUrl({ competencia: mesAtual() });
  const competencia = lerMes(f.competencia) || mesAtual();
  const [versao, setVersao] = useState(0);
  const [configurando, setConfigurando] = useState(false);
  const [decimoTerceiro, setDecimoTerceiro] = useState(false);
  const [avisos, setAvisos] = useState([]); // where the last processing found the payables' conta and categorias
  // Whether the month was processed: the history has every processed month (one a month), and
  // the 13º's parcelas apart.
  const historico = useConsulta("/api/folha/historico", { limit: 500 }, versao);
  const processada = historico.dados?.items.find((x) => x.competencia.slice(0, 7) === competencia
    && (x.tipo ?? "MENSAL") === "MENSAL");

  function processou(resposta) {
    const mes = nomeDoMes(competencia);
    if (resposta.situacao === "PENDENTE_FINANCEIRO") {
      notificar(`Folha de ${mes} processada. ${resposta.aviso}`, "erro");
    } else {
      notificar(`Folha de ${mes} processada: ${plural(resposta.lancamento_ids.length, "conta a pagar criada",
        "contas a pagar criadas")} no Financeiro.`);
    }
    setAvisos(resposta.configuracao_usada);
    setVersao((v) => v + 1);
  }

  let conteudo;
  if (historico.erro) {
    const { erro } = historico;
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${historico.recarregar}>${erro.message}<//>`;
  } else if (!historico.dados) {
    conteudo = html`<${Carregando} />`;
  } else if (processada) {
    conteudo = html`
      ${avisos.length > 0 && html`
        <${Aviso} titulo="Sem configuração, as contas a pagar foram lançadas assim">
          <ul class="problemas">${avisos.map((a) => html`<li key=${a}>${a}</li>`)}</ul>
        <//>`}
      <${FolhaProcessada} key=${processada.id} id=${processada.id} usuario=${usuario}
        aoMudar=${() => setVersao((v) => v + 1)} />`;
  } else {
    conteudo = html`<${Previa} key=${competencia} competencia=${competencia} escreve=${escreve}
      lanca=${escreve && pode(usuario, "financeiro:escrever")} aoProcessar=${processou} />`;
  }

  return html`
    <div class="barra">
      <${SeletorDePeriodo} rotulo="Competência" periodo=${{ tipo: "mes", mes: competencia }}
        opcoes=${[{ id: "mes", rotulo: "Mês atual" }]} aoMudar=${(p) => { setAvisos([]); definir({ competencia: p.mes }); }} />
      <button type="button" class="botao secundario" onClick=${() => setDecimoTerceiro(true)}>13º salário</button>
      ${escreve && html`
        <button type="button" class="botao secundario" onClick=${() => setConfigurando(true)}>Configuração</button>`}
    </div>
    ${conteudo}
    ${configurando && html`<${ConfiguracaoDaFolha} aoFechar=${() => setConfigurando(false)} />`}
    ${decimoTerceiro && html`<${DecimoTerceiro} competencia=${competencia} lanca=${escreve && pode(usuario, "financeiro:escrever")}
      aoFechar=${() => setDecimoTerceiro(false)} />`}`;
}
