// One evento's page (/operacional/eventos/<id>): its data, its result from Financeiro (receita,
// custo, margem, with the ledger of its centro de custo a click away), its checklist with prazos
// (overdue in red) to tick, and its team (whose freelancers' cachês are paid in RH, a link away).
// Editing and deleting are here too.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarData } from "../../formatos.js";
import { navegar } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, Detalhes, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { Icone } from "../../ui/icone.js";
import { Dinheiro } from "../../ui/valores.js";
import { FormularioDeEvento, SeloEtapa } from "./eventos-comum.js";
import { EquipeDoEvento } from "./eventos-equipe.js";

/** "D−30", "D", "D+20": where a tarefa falls relative to the evento's first day. */
const relativo = (dias) => (dias === 0 ? "D" : dias < 0 ? `D−${-dias}` : `D+${dias}`);

function Resultado({ eventoId }) {
  const { dados: r, erro, recarregar } = useConsulta(`/api/eventos/${eventoId}/resultado`);
  if (erro) return html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  if (!r) return html`<${Carregando} />`;
  const razao = r.centro_custo_id ? `/financeiro?periodo=tudo&centro_custo_id=${r.centro_custo_id}` : null;
  return html`
    <div class="cartoes">
      <div class="cartao cartao-receitas">
        <span class="cartao-rotulo">Receita</span><span class="cartao-valor"><${Dinheiro} valor=${r.receita} /></span>
        <span class="cartao-detalhe">Recebido <${Dinheiro} valor=${r.recebido} /> · a receber <${Dinheiro} valor=${r.a_receber} /></span>
      </div>
      <div class="cartao cartao-despesas">
        <span class="cartao-rotulo">Custo</span><span class="cartao-valor"><${Dinheiro} valor=${r.custo} /></span>
        <span class="cartao-detalhe">Pago <${Dinheiro} valor=${r.pago} /> · a pagar <${Dinheiro} valor=${r.a_pagar} /></span>
      </div>
      <div class="cartao">
        <span class="cartao-rotulo">Margem</span><span class="cartao-valor"><${Dinheiro} valor=${r.margem} /></span>
        <span class="cartao-detalhe">${r.margem_percentual == null ? "Sem receita ainda" : `${r.margem_percentual.replace(".", ",")}% da receita`}</span>
      </div>
    </div>
    ${razao && html`<p><a href=${razao}>Ver os lançamentos do evento no Financeiro</a></p>`}`;
}

function NovaTarefa({ eventoId, aoCriar }) {
  const [titulo, setTitulo] = useState("");
  const [dias, setDias] = useState("0");
  const [erro, setErro] = useState("");
  async function criar(evento) {
    evento.preventDefault();
    setErro("");
    try {
      await api.post(`/api/eventos/${eventoId}/tarefas`, { titulo: titulo.trim(), dias: Number(dias) });
      setTitulo("");
      aoCriar();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErro(Object.values(falha.campos).join(" ") || falha.message);
    }
  }
  return html`
    <form class="barra" onSubmit=${criar}>
      <label class="filtro"><span>Nova tarefa</span>
        <input type="text" value=${titulo} maxlength="120" required onInput=${(e) => setTitulo(e.currentTarget.value)} /></label>
      <label class="filtro"><span>Dias do evento (−30 = 30 dias antes)</span>
        <input type="number" min="-365" max="365" value=${dias} onInput=${(e) => setDias(e.currentTarget.value)} /></label>
      <button type="submit" class="botao secundario"><${Icone} nome="plus" />Acrescentar</button>
      ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
    </form>`;
}

function Checklist({ eventoId, escreve }) {
  const { dados, erro, recarregar } = useConsulta(`/api/eventos/${eventoId}/tarefas`);
  const [falha, setFalha] = useState("");
  async function agir(acao) {
    setFalha("");
    try {
      await acao();
      recarregar();
    } catch (e) {
      if (!(e instanceof ErroApi)) throw e;
      setFalha(e.message);
    }
  }
  if (erro) return html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  if (!dados) return html`<${Carregando} />`;
  const caminho = (t) => `/api/eventos/${eventoId}/tarefas/${t.id}`;
  return html`
    ${falha && html`<p class="aviso aviso-erro" role="alert">${falha}</p>`}
    ${dados.items.length ? html`
      <ul class="itens checklist" aria-label="Tarefas do evento">
        ${dados.items.map((t) => html`
          <li key=${t.id}>
            <label class="opcao">
              <input type="checkbox" checked=${t.concluida} disabled=${!escreve}
                onChange=${(e) => agir(() => api.put(caminho(t), { concluida: e.currentTarget.checked }))} />
              ${t.concluida ? html`<s>${t.titulo}</s>` : t.titulo}
            </label>
            ${" "}<span class=${t.atrasada ? "negativo" : ""}>${relativo(t.dias)} · ${formatarData(t.prazo)}</span>
            ${t.atrasada && html` <span class="status status-vencido">Atrasada</span>`}
            ${escreve && html` <button type="button" class="botao-link" aria-label=${`Remover a tarefa ${t.titulo}`}
              onClick=${() => agir(() => api.excluir(caminho(t)))}>remover</button>`}
          </li>`)}
      </ul>` : html`<p>Nenhuma tarefa. Escolha um tipo para o evento receber o checklist dele, ou acrescente abaixo.</p>`}
    ${escreve && html`<${NovaTarefa} eventoId=${eventoId} aoCriar=${recarregar} />`}`;
}

function CentroPendente({ eventoId, aoCriar }) {
  async function tentar() {
    await api.post(`/api/eventos/${eventoId}/centro-custo`);
    notificar("Centro de custo do evento criado em Cadastros.");
    aoCriar();
  }
  return html`
    <${Aviso} tipo="info" titulo="Centro de custo pendente" rotuloAcao="Tentar de novo"
      acao=${() => tentar().catch((e) => notificar(e.message, "erro"))}>
      Cadastros não respondeu quando o evento foi salvo; sem o centro de custo, o resultado do evento fica zerado.
    <//>`;
}

export function PaginaDoEvento({ id, usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [versao, setVersao] = useState(0);
  const { dados: evento, erro, recarregar } = useConsulta(`/api/eventos/${id}`, {}, versao);
  const [editando, setEditando] = useState(false);
  const [excluindo, setExcluindo] = useState(false);
  const atualizar = () => setVersao((v) => v + 1);
  if (erro) {
    return html`<p><a href="/operacional">← Eventos</a></p>
      <${Aviso} tipo="erro" acao=${erro.status === 404 ? undefined : recarregar}>${erro.message}<//>`;
  }
  if (!evento) return html`<${Carregando} />`;
  async function excluir() {
    await api.excluir(`/api/eventos/${id}`);
    notificar(`Evento ${evento.nome} excluído.`);
    navegar("/operacional");
  }
  const datas = formatarData(evento.data_inicio) + (evento.data_fim ? ` a ${formatarData(evento.data_fim)}` : "");
  return html`
    <p><a href="/operacional">← Eventos</a></p>
    <div class="barra">
      <h2>${evento.nome} <${SeloEtapa} etapa=${evento.etapa} /></h2>
      ${escreve && html`
        <div class="acoes-linha">
          <button type="button" class="botao secundario" onClick=${() => setEditando(true)}>Editar evento</button>
          <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}>Excluir</button>
        </div>`}
    </div>
    ${evento.centro_custo_pendente && escreve && html`<${CentroPendente} eventoId=${id} aoCriar=${atualizar} />`}
    <${Detalhes} pares=${[["Tipo", evento.tipo], ["Cliente", evento.cliente], ["Data", datas], ["Local", evento.local],
      ["Observações", evento.observacoes]]} />
    <h3 class="titulo-secao">Resultado</h3>
    <${Resultado} key=${versao} eventoId=${id} />
    <h3 class="titulo-secao">Checklist</h3>
    <${Checklist} key=${`c${versao}`} eventoId=${id} escreve=${escreve} />
    <h3 class="titulo-secao">Equipe</h3>
    <${EquipeDoEvento} eventoId=${id} escreve=${escreve} />
    ${pode(usuario, "rh:ler") && html`<p><a href=${`/rh/caches?evento_id=${id}`}>Pagar cachês da equipe</a></p>`}
    ${editando && html`
      <${FormularioDeEvento} evento=${evento} aoFechar=${() => setEditando(false)}
        aoSalvar=${() => { setEditando(false); atualizar(); }} />`}
    ${excluindo && html`
      <${Confirmacao} titulo="Excluir evento" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
        aoFechar=${() => setExcluindo(false)}>
        Excluir o evento ${evento.nome}, com a equipe e o checklist? Um evento com contrato ou sessões na agenda não
        pode ser excluído: mude a etapa para Cancelado.
      <//>`}`;
}
