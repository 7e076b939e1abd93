// Férias: each CLT funcionário's férias as a run of its own. The list (GET /api/ferias), newest
// início first; "Agendar férias" (rh:escrever with financeiro:escrever) asks for the funcionário,
// the início and the days, shows the preview with how each value was calculated (GET
// /api/ferias/calcular), and "Confirmar férias" stores them and creates their payables in Financeiro
// (POST /api/ferias). Each row opens its detail: the holerite, the payables and their status in
// Financeiro, "Tentar de novo" while Financeiro has not taken them, "Reprocessar" and "Cancelar
// férias" (DELETE /api/ferias/<id>).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData, formatarDataHora } from "../../formatos.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { consulta, useConsulta } from "../../ui/consulta.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { CampoData, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { Lista } from "../../ui/lista.js";
import { SeloStatus } from "../../ui/status-lancamento.js";
import { Dinheiro, negar } from "../../ui/valores.js";
import { lerInteiro } from "./comum.js";

const SITUACOES = { PROCESSADA: "Processada", PENDENTE_FINANCEIRO: "Pendente no Financeiro", CANCELADA: "Cancelada" };
const VALIDOS = ["PENDENTE", "PARCIAL", "PAGO"];

async function buscarFuncionarios(texto, sinal) {
  const { items } = await api.get("/api/funcionarios", { query: { q: texto, vinculo: "CLT", ativos: true, limit: 50 }, sinal });
  return items.map((f) => ({ valor: f.id, rotulo: f.nome }));
}

const periodo = (f) => `${formatarData(f.inicio)} a ${formatarData(f.fim)}`;

/** Each rubrica with its value and how it was calculated (open: the memo is the point here). */
function Memoria({ holerite }) {
  return html`
    <ul class="problemas">
      ${holerite.rubricas.map((r) => html`
        <li key=${r.codigo}>
          <strong>${r.descricao}</strong> (${r.referencia || "—"}):
          <${Dinheiro} valor=${r.tipo === "DESCONTO" ? negar(r.valor) : r.valor} />
          <details class="widget-detalhes detalhes-tecnicos" open>
            <summary>Como foi calculado</summary>
            <pre>${r.memo}</pre>
          </details>
        </li>`)}
    </ul>
    <${Detalhes} pares=${[["Bruto (férias + 1/3)", html`<${Dinheiro} valor=${holerite.bruto} />`],
      ["Descontos", html`<${Dinheiro} valor=${holerite.descontos} />`],
      ["Líquido", html`<${Dinheiro} valor=${holerite.liquido} />`],
      ["FGTS (encargo)", html`<${Dinheiro} valor=${holerite.fgts} />`]]} />
    ${holerite.avisos.length > 0 && html`<p class="ajuda">${holerite.avisos.join(" ")}</p>`}`;
}

function Agendar({ aoFechar, aoAgendar }) {
  const form = useFormulario({ funcionario_id: null, inicio: "", dias: "30" });
  const [previa, setPrevia] = useState(null);
  const corpo = (v) => ({ funcionario_id: v.funcionario_id, inicio: v.inicio, dias: lerInteiro(v.dias) });

  async function calcular(valores) {
    setPrevia(await api.get("/api/ferias/calcular", { query: corpo(valores) }));
  }
  async function confirmar(valores) {
    aoAgendar(await api.post("/api/ferias", corpo(valores)));
  }
  function mudar(nome) {
    const campo = form.campo(nome);
    return { ...campo, aoMudar: (valor) => { setPrevia(null); campo.aoMudar(valor); } };
  }
  return html`
    <${Modal} titulo="Agendar férias" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${previa ? confirmar : calcular}
        rotuloEnviar=${previa ? "Confirmar férias" : "Calcular"} aoCancelar=${aoFechar}>
        <${CampoEscolha} ...${mudar("funcionario_id")} rotulo="Funcionário" obrigatorio buscar=${buscarFuncionarios}
          vazio="Nenhum funcionário CLT ativo encontrado." />
        <div class="linha-campos">
          <${CampoData} ...${mudar("inicio")} rotulo="Início" obrigatorio />
          <${CampoTexto} ...${mudar("dias")} rotulo="Dias" inputmode="numeric" obrigatorio ajuda="De 5 a 30" />
        </div>
        ${previa && html`
          <p class="resumo-relatorio">
            Férias de ${periodo(previa)}, pagas em ${formatarData(previa.pagamento)} (até 2 dias antes do início).
            Nada é lançado no Financeiro até confirmar.
          </p>
          <${Memoria} holerite=${previa.holerite} />`}
      <//>
    <//>`;
}

function ContasAPagar({ ferias, versao }) {
  const caminho = `/api/lancamentos?${consulta({ origem: `ferias:${ferias.id}`, status: VALIDOS, limit: 100 })}`;
  const { dados, erro, recarregar } = useConsulta(caminho, {}, versao);
  if (erro) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  if (!dados) return html`<${Carregando} texto="Carregando as contas a pagar…" />`;
  if (!dados.items.length) return html`<p class="ajuda">Nenhuma conta a pagar destas férias no Financeiro.</p>`;
  return html`
    <ul class="problemas">
      ${dados.items.map((l) => html`
        <li key=${l.id}>${l.descricao}: <${Dinheiro} valor=${l.valor} />, vence ${formatarData(l.data_vencimento)}
          <${SeloStatus} lancamento=${l} /></li>`)}
    </ul>`;
}

function DetalheDasFerias({ id, usuario, aoFechar, aoMudar }) {
  const lanca = pode(usuario, "rh:escrever") && pode(usuario, "financeiro:escrever");
  const [versao, setVersao] = useState(0);
  const [confirmando, setConfirmando] = useState(null); // "reprocessar" | "cancelar"
  const { dados: f, erro, recarregar } = useConsulta(`/api/ferias/${id}`, {}, versao);

  function enviado(resposta, feito) {
    if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(resposta.aviso, "erro");
    else notificar([feito, ...resposta.avisos.filter((a) => a.includes("reprocesse"))].join(" "));
    setConfirmando(null);
    setVersao((v) => v + 1);
    aoMudar();
  }
  let conteudo;
  if (erro) conteudo = html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  else if (!f) conteudo = html`<${Carregando} />`;
  else {
    const aberta = f.situacao !== "CANCELADA";
    conteudo = html`
      <${Detalhes} pares=${[["Período", `${periodo(f)} (${f.dias} dias)`], ["Pagamento", formatarData(f.pagamento)],
        ["Situação", SITUACOES[f.situacao] ?? f.situacao], ["Versão", String(f.versao)],
        ["Processada em", formatarDataHora(f.processada_em)]]} />
      ${f.situacao === "PENDENTE_FINANCEIRO" && html`
        <${Aviso} tipo="erro" titulo="Contas a pagar ainda não enviadas ao Financeiro" rotuloAcao="Tentar de novo"
          acao=${lanca && (async () => enviado(await api.post(`/api/ferias/${id}/sincronizar`), "Contas a pagar enviadas."))}>
          As férias estão guardadas; as contas a pagar são criadas quando o envio der certo, uma vez só.
        <//>`}
      ${lanca && aberta && html`
        <div class="acoes-linha">
          <button type="button" class="botao secundario" onClick=${() => setConfirmando("reprocessar")}>Reprocessar</button>
          <button type="button" class="botao perigo" onClick=${() => setConfirmando("cancelar")}>Cancelar férias</button>
        </div>`}
      <h3 class="titulo-secao">Contas a pagar no Financeiro</h3>
      ${pode(usuario, "financeiro:ler")
        ? html`<${ContasAPagar} ferias=${f} versao=${versao} />`
        : html`<p class="ajuda">Quem tem acesso ao Financeiro vê aqui as contas a pagar.</p>`}
      <h3 class="titulo-secao">Holerite de férias</h3>
      <${Memoria} holerite=${f.holerite} />
      ${confirmando === "reprocessar" && html`
        <${Confirmacao} titulo="Reprocessar férias" rotuloConfirmar="Reprocessar" perigo aoFechar=${() => setConfirmando(null)}
          aoConfirmar=${async () => enviado(await api.post(`/api/ferias/${id}/reprocessar`), "Férias reprocessadas.")}>
          As férias são calculadas de novo com os dados de hoje do funcionário; as contas em aberto no Financeiro
          mudam, as já pagas ficam como estão.
        <//>`}
      ${confirmando === "cancelar" && html`
        <${Confirmacao} titulo="Cancelar férias" rotuloConfirmar="Cancelar férias" perigo aoFechar=${() => setConfirmando(null)}
          aoConfirmar=${async () => enviado(await api.excluir(`/api/ferias/${id}`), "Férias canceladas.")}>
          As contas a pagar em aberto destas férias são canceladas no Financeiro; as já pagas ficam como estão.
        <//>`}`;
  }
  return html`<${Modal} titulo=${f ? `Férias de ${f.nome}` : "Férias"} aoFechar=${aoFechar}>${conteudo}<//>`;
}

const COLUNAS = [
  { titulo: "Funcionário", valor: (f) => f.nome },
  { titulo: "Período", valor: periodo },
  { titulo: "Dias", classe: "numero", valor: (f) => String(f.dias) },
  { titulo: "Pagamento", valor: (f) => formatarData(f.pagamento) },
  { titulo: "Bruto", classe: "numero", valor: (f) => html`<${Dinheiro} valor=${f.bruto} />` },
  { titulo: "Líquido", classe: "numero", valor: (f) => html`<${Dinheiro} valor=${f.liquido} />` },
  { titulo: "Situação", valor: (f) => SITUACOES[f.situacao] ?? f.situacao },
];

export function Ferias({ usuario }) {
  const lanca = pode(usuario, "rh:escrever") && pode(usuario, "financeiro:escrever");
  const [versao, setVersao] = useState(0);
  const [agendando, setAgendando] = useState(false);
  const [aberta, setAberta] = useState(null);

  function agendou(resposta) {
    setAgendando(false);
    if (resposta.situacao === "PENDENTE_FINANCEIRO") notificar(`Férias de ${resposta.nome} guardadas. ${resposta.aviso}`, "erro");
    else notificar([`Férias de ${resposta.nome} agendadas: contas a pagar criadas no Financeiro.`, ...resposta.avisos].join(" "));
    setVersao((v) => v + 1);
  }
  const carregar = ({ cursor, signal }) => api.get("/api/ferias", { query: { cursor }, sinal: signal });
  return html`
    ${lanca && html`
      <div class="acoes-registro">
        <button type="button" class="botao primario" onClick=${() => setAgendando(true)}>Agendar férias</button>
      </div>`}
    <${Lista} rotulo="Férias" carregar=${carregar} colunas=${COLUNAS} versao=${versao} aoSelecionar=${(f) => setAberta(f.id)}
      vazio="Nenhuma férias agendada ainda." />
    ${agendando && html`<${Agendar} aoFechar=${() => setAgendando(false)} aoAgendar=${agendou} />`}
    ${aberta && html`<${DetalheDasFerias} id=${aberta} usuario=${usuario} aoFechar=${() => setAberta(null)}
      aoMudar=${() => setVersao((v) => v + 1)} />`}`;
}
