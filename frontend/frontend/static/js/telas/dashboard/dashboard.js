// The dashboard: the empresa's figures for a period (this month, to begin with) and one conta or
// all — summary cards and a chart per widget — kept current by the live stream, each card and
// widget leading to the ledger filtered the same way. The screen the studio leaves open all day.

import { html, useEffect, useRef, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarDataHora } from "../../formatos.js";
import { navegar } from "../../roteador.js";
import { FiltroSelecao } from "../../ui/campos.js";
import { TituloDaTela } from "../../ui/ajuda.js";
import { Aviso, Carregando } from "../../ui/componentes.js";
import { consulta } from "../../ui/consulta.js";
import { useContas } from "../../ui/registros.js";
import { Dinheiro, FiltroData, mesDe } from "../../ui/valores.js";
import { useAoVivo } from "./ao-vivo.js";
import { TrabalhoDoEstudio } from "./operacional.js";
import { PrimeirosPassos } from "./primeiros-passos.js";
import { Widget, rotaDoRazao } from "./widgets.js";

const ABERTOS = ["PENDENTE", "PARCIAL"];

/** The summary cards: label, figure, a detail line and the ledger behind each. */
function cartoes(resumo, filtros) {
  const { de, ate, conta_id } = filtros;
  return [
    { id: "saldo", rotulo: "Saldo total", valor: resumo.saldo_total, filtro: { conta_id } },
    {
      id: "receitas", rotulo: "Receitas do período", valor: resumo.receitas_mes,
      detalhe: html`<${Dinheiro} valor=${resumo.recebido_mes} /> recebido`, filtro: { tipo: "RECEITA", de, ate, conta_id },
    },
    {
      id: "despesas", rotulo: "Despesas do período", valor: resumo.despesas_mes,
      detalhe: html`<${Dinheiro} valor=${resumo.pago_mes} /> pago`, filtro: { tipo: "DESPESA", de, ate, conta_id },
    },
    { id: "a-receber", rotulo: "A receber", valor: resumo.a_receber, filtro: { tipo: "RECEITA", status: ABERTOS, conta_id } },
    { id: "a-pagar", rotulo: "A pagar", valor: resumo.a_pagar, filtro: { tipo: "DESPESA", status: ABERTOS, conta_id } },
    {
      id: "vencidos", rotulo: "Vencidos a receber", valor: resumo.vencidos,
      detalhe: html`<${Dinheiro} valor=${resumo.vencidos_a_pagar} /> vencido a pagar`, filtro: { tipo: "RECEITA", vencido: "true", conta_id },
    },
  ];
}

function Cartoes({ resumo, filtros }) {
  return html`
    <section class="cartoes" aria-label="Resumo">
      ${cartoes(resumo, filtros).map((c) => html`
        <a key=${c.id} class=${`cartao cartao-${c.id}`} href=${rotaDoRazao(c.filtro)} data-cartao=${c.id}>
          <span class="cartao-rotulo">${c.rotulo}</span>
          <strong class="cartao-valor"><${Dinheiro} valor=${c.valor} /></strong>
          ${c.detalhe && html`<span class="cartao-detalhe">${c.detalhe}</span>`}
        </a>`)}
    </section>`;
}

function EstadoAoVivo({ aoVivo, atualizadoEm }) {
  const quando = atualizadoEm && `Atualizado em ${formatarDataHora(atualizadoEm)}`;
  if (aoVivo === false) {
    return html`<p class="ao-vivo pausado" role="status">Atualizações ao vivo pausadas${quando && html` · ${quando}`}</p>`;
  }
  return html`<p class="ao-vivo" role="status">${aoVivo ? "Ao vivo" : "Conectando…"}${quando && html` · ${quando}`}</p>`;
}

export function Dashboard({ usuario, rota }) {
  const mes = mesDe();
  const inicial = rota.busca;
  const [de, setDe] = useState(inicial.get("de") || mes.de);
  const [ate, setAte] = useState(inicial.get("ate") || mes.ate);
  const [contaId, setContaId] = useState(inicial.get("conta_id") || "");
  const [resumo, setResumo] = useState(null);
  const [widgets, setWidgets] = useState(null);
  const [erro, setErro] = useState(null);
  const contas = useContas();
  // Without cadastros' permission the contas cannot be listed: the balance widget names them.
  const [contasDoWidget, setContasDoWidget] = useState([]);

  const filtros = { de, ate, conta_id: contaId || undefined };
  const atuais = useRef(filtros);
  atuais.current = filtros;
  const pedido = useRef(0);

  /** Re-fetches the summary and the widgets `ids` ([] for all) for the filters on screen now. */
  async function carregar(ids = []) {
    const numero = ++pedido.current;
    const query = atuais.current;
    try {
      const [novoResumo, { items }] = await Promise.all([
        api.get("/api/dashboard", { query }), api.get("/api/dashboard/widgets", { query }),
      ]);
      if (numero !== pedido.current) return; // newer filters (or a newer event) own the screen
      setErro(null);
      setResumo(novoResumo);
      // Only the affected widgets change: the other charts are not redrawn.
      setWidgets((antes) => (!ids.length || !antes ? items
        : antes.map((w) => (ids.includes(w.id) ? items.find((n) => n.id === w.id) ?? w : w))));
      const saldos = items.find((w) => w.id === "saldos_por_conta");
      if (saldos && !query.conta_id) setContasDoWidget(saldos.dados.map((c) => ({ id: c.conta_id, nome: c.nome })));
    } catch (falha) {
      if (numero === pedido.current) setErro(falha);
    }
  }

  const periodoInvalido = de && ate && de > ate;
  const { aoVivo, ouvindo } = useAoVivo(carregar);
  useEffect(() => {
    if (periodoInvalido) return;
    // The filters in the address (the current month left implicit): a reload or a bookmark shows
    // the same dashboard.
    const outroPeriodo = de !== mes.de || ate !== mes.ate;
    const busca = consulta({ de: outroPeriodo ? de : "", ate: outroPeriodo ? ate : "", conta_id: contaId });
    navegar(`/dashboard${busca ? `?${busca}` : ""}`, { substituir: true });
  }, [de, ate, contaId]);
  useEffect(() => {
    if (periodoInvalido || !ouvindo) return; // the first fetch waits for the stream (ao-vivo.js)
    setResumo(null);
    setWidgets(null);
    carregar();
  }, [de, ate, contaId, ouvindo]);

  const listaDeContas = contas && !contas.erro ? contas : contasDoWidget;
  const opcoesConta = [{ valor: "", rotulo: "Todas" }, ...listaDeContas.map((c) => ({ valor: String(c.id), rotulo: c.nome }))];

  let corpo;
  if (erro && !resumo) {
    corpo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => carregar()}>${erro.message}<//>`;
  } else if (!resumo || !widgets) {
    corpo = html`<${Carregando} texto="Carregando o dashboard…" />`;
  } else {
    corpo = html`
      ${erro && html`<${Aviso} tipo="erro" acao=${() => carregar()}>${erro.message}<//>`}
      <${Cartoes} resumo=${resumo} filtros=${filtros} />
      <${TrabalhoDoEstudio} resumo=${resumo} />
      <div class="widgets">${widgets.map((w) => html`<${Widget} key=${w.id} widget=${w} />`)}</div>`;
  }

  return html`
    <${TituloDaTela} ajuda="/dashboard">Dashboard<//>
    <${PrimeirosPassos} usuario=${usuario} />
    <div class="barra barra-dashboard">
      <div class="filtros filtros-dashboard">
        <${FiltroData} rotulo="De" valor=${de} aoMudar=${setDe} />
        <${FiltroData} rotulo="Até" valor=${ate} aoMudar=${setAte} />
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} aoMudar=${setContaId} opcoes=${opcoesConta} />
        ${(de !== mes.de || ate !== mes.ate) && html`
          <button type="button" class="botao secundario" onClick=${() => { setDe(mes.de); setAte(mes.ate); }}>Este mês</button>`}
      </div>
      <${EstadoAoVivo} aoVivo=${aoVivo} atualizadoEm=${resumo?.atualizado_em} />
    </div>
    ${periodoInvalido && html`<p class="aviso aviso-erro" role="alert">A data inicial é posterior à final.</p>`}
    ${corpo}`;
}
