// Conciliação, at /financeiro/conciliacao?extrato=<id>: a statement's transactions matched with
// the ledger. "A conciliar" lists what is still open, each with the suggestions and their reasons;
// "Conciliadas" lists what was matched (and undoes it); "Regras" are the staff's own rules. Reading
// needs `financeiro:ler`; confirming, undoing, the rules and the automatic run `financeiro:escrever`.

import { html, useEffect, useRef, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { navegar, useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao } from "../../../ui/campos.js";
import { Aviso, Carregando, Detalhes } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { EstadoVazio } from "../../../ui/vazio.js";
import { periodo } from "../comum.js";
import { IniciarConciliacaoAutomatica, ProgressoDaExecucao, useExecucao } from "./automatica.js";
import { Conciliadas } from "./conciliadas.js";
import { Pendentes } from "./pendentes.js";
import { Regras } from "./regras.js";

const ROTA = "/financeiro/conciliacao";
const ABAS = [
  { id: "pendentes", nome: "A conciliar" },
  { id: "conciliadas", nome: "Conciliadas" },
  { id: "regras", nome: "Regras" },
];

const rotuloDoExtrato = (e) => `${e.arquivo_nome} · ${e.conta_nome} · ${periodo(e)}`;

/** Tabs of the ARIA pattern: arrows move between them, only the chosen one is in the Tab order. */
function Abas({ atual, aoEscolher }) {
  const lista = useRef(null);
  function teclar(evento) {
    const passo = { ArrowRight: 1, ArrowLeft: -1 }[evento.key];
    if (!passo) return;
    evento.preventDefault();
    const indice = (ABAS.findIndex((a) => a.id === atual) + passo + ABAS.length) % ABAS.length;
    // Going through the tabs with the arrows is not a step for the back button; a click is.
    aoEscolher(ABAS[indice].id, { substituir: true });
    requestAnimationFrame(() => lista.current?.querySelector("[aria-selected='true']")?.focus());
  }
  return html`
    <div class="abas-internas" role="tablist" aria-label="Conciliação do extrato" ref=${lista} onKeyDown=${teclar}>
      ${ABAS.map((a) => html`
        <button key=${a.id} type="button" role="tab" id=${`aba-${a.id}`} aria-controls=${`painel-${a.id}`}
          aria-selected=${a.id === atual ? "true" : "false"} tabindex=${a.id === atual ? 0 : -1}
          onClick=${() => aoEscolher(a.id)}>${a.nome}</button>`)}
    </div>`;
}

function ConciliacaoDoExtrato({ id, escreve }) {
  const [versao, setVersao] = useState(0);
  // The tab in the address (aba=conciliadas), so a reload or the back button keeps it.
  const [endereco, definir] = useFiltrosNaUrl({ aba: "pendentes" });
  const aba = ABAS.some((a) => a.id === endereco.aba) ? endereco.aba : "pendentes";
  const setAba = (nova, opcoes) => definir({ aba: nova }, opcoes);
  const [iniciando, setIniciando] = useState(false);
  const mudou = () => setVersao((v) => v + 1);
  const { dados: extrato, erro } = useConsulta(`/api/extratos/${id}`, {}, versao);
  const { execucao, erro: erroExecucao, acompanhar } = useExecucao(id, mudou);

  if (erro && !extrato) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${mudou}>${erro.message}<//>`;
  if (!extrato) return html`<${Carregando} />`;
  const rodando = execucao && ["PENDENTE", "EXECUTANDO"].includes(execucao.status);
  return html`
    <section class="resumo-extrato" aria-label="Extrato">
      <${Detalhes} pares=${[
        ["Conta", extrato.conta_nome],
        ["Período", periodo(extrato)],
        ["Transações", `${extrato.importadas} importadas · ${extrato.conciliadas} conciliadas · ${extrato.em_revisao} a revisar`],
      ]} />
      <div class="acoes-barra">
        <a class="botao secundario" href=${`/financeiro/extratos/${extrato.id}`}>Ver o extrato ${extrato.arquivo_nome}</a>
        ${escreve && html`
          <button type="button" class="botao primario" disabled=${rodando} onClick=${() => setIniciando(true)}>
            ${rodando ? "Conciliação automática em andamento…" : "Conciliar automaticamente"}
          </button>`}
      </div>
    </section>
    <${ProgressoDaExecucao} execucao=${execucao} erro=${erroExecucao} />
    <${Abas} atual=${aba} aoEscolher=${setAba} />
    <div role="tabpanel" id=${`painel-${aba}`} aria-labelledby=${`aba-${aba}`} class="painel-conciliacao">
      ${aba === "pendentes" && html`<${Pendentes} extrato=${extrato} escreve=${escreve} versao=${versao} aoMudar=${mudou} />`}
      ${aba === "conciliadas" && html`<${Conciliadas} extrato=${extrato} escreve=${escreve} versao=${versao} aoMudar=${mudou} />`}
      ${aba === "regras" && html`<${Regras} escreve=${escreve} />`}
    </div>
    ${iniciando && html`<${IniciarConciliacaoAutomatica} extrato=${extrato} aoFechar=${() => setIniciando(false)}
      aoIniciar=${(nova) => { setIniciando(false); acompanhar(nova); }} />`}`;
}

export function Conciliacao({ usuario, rota }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const pedido = rota.busca.get("extrato");
  const { dados, erro, recarregar } = useConsulta("/api/extratos", { limit: 100 });
  const extratos = dados?.items;

  // Without a statement in the address, the newest one: usually the one just imported.
  useEffect(() => {
    if (!pedido && extratos?.length) navegar(`${ROTA}?extrato=${extratos[0].id}`, { substituir: true });
  }, [pedido, extratos]);

  if (erro && !extratos) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  if (!extratos) return html`<${Carregando} />`;
  if (!extratos.length) {
    return html`<${EstadoVazio} titulo="Nenhum extrato importado ainda."
      acao=${escreve && { rotulo: "Importar extrato", href: "/financeiro/extratos" }}>
      Conciliar é conferir o extrato do banco com os lançamentos: importe antes o arquivo OFX da conta em Extratos.<//>`;
  }
  if (!pedido) return html`<${Carregando} />`;
  const opcoes = extratos.map((e) => ({ valor: String(e.id), rotulo: rotuloDoExtrato(e) }));
  if (!opcoes.some((o) => o.valor === pedido)) opcoes.unshift({ valor: pedido, rotulo: `Extrato nº ${pedido}` });
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Extrato" valor=${pedido} opcoes=${opcoes}
          aoMudar=${(novo) => navegar(`${ROTA}?extrato=${novo}`)} />
      </div>
    </div>
    <${ConciliacaoDoExtrato} key=${pedido} id=${pedido} escreve=${escreve} />`;
}
