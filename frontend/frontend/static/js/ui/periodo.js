// The period a dated list shows, picked the same way on every screen: a month navigator
// (‹ dezembro de 2026 ›), quick periods ("Este mês", "Próximos 30 dias", "Vencidos", "Últimos 12
// meses", "Todas as datas") and "Personalizado" with De/Até typed as dd/mm/aaaa.
//
// A period is a plain object, so a screen can keep it in the address (roteador.js's
// useFiltrosNaUrl): {tipo, mes?, de?, ate?}, tipo one of
//   "mes"           one calendar month, `mes` "AAAA-MM"
//   "30dias"        today and the next 29 days
//   "vencidos"      open and past their due date (the ledger's `vencido=true`), whatever the date
//   "12meses"       the last 12 whole months, this one included
//   "personalizado" from `de` to `ate` ("AAAA-MM-DD", either may be empty)
//   "tudo"          no date at all
// `intervalo(periodo)` turns it into what an API filters by: {de, ate} and, for "vencidos",
// {vencido: "true"}.

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { formatarData, hoje } from "../formatos.js";
import { FiltroData, dataIso, diasNoMes, mesDe } from "./valores.js";

export const PERIODOS = {
  mes: "Este mês",
  "30dias": "Próximos 30 dias",
  vencidos: "Vencidos",
  "12meses": "Últimos 12 meses",
  tudo: "Todas as datas",
  personalizado: "Personalizado",
};

/** This month, "AAAA-MM", in the studio's calendar. */
export const mesAtual = () => hoje().slice(0, 7);

/** "2026-12" moved by `n` months: ("2026-12", 1) → "2027-01". */
export function somarMeses(mes, n) {
  const [ano, m] = mes.split("-").map(Number);
  const total = ano * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, "0")}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** "2026-12-31" moved by `n` days. */
export function somarDias(data, n) {
  const [ano, mes, dia] = data.split("-").map(Number);
  const d = new Date(Date.UTC(ano, mes - 1, dia + n));
  return dataIso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const nomes = new Intl.DateTimeFormat("pt-BR", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-12" → "dezembro de 2026". */
export function nomeDoMes(mes) {
  const [ano, m] = mes.split("-").map(Number);
  return nomes.format(new Date(Date.UTC(ano, m - 1, 1)));
}

/** A "AAAA-MM" that is a real month, else null. */
export function lerMes(texto) {
  const partes = /^(\d{4})-(\d{2})$/.exec(String(texto ?? ""));
  return partes && Number(partes[2]) >= 1 && Number(partes[2]) <= 12 ? texto : null;
}

/** The dates the period covers: {de, ate} ("" when open on that side), and `vencido` for "vencidos". */
export function intervalo(periodo) {
  const dia = hoje();
  switch (periodo.tipo) {
    case "mes": return mesDe(`${lerMes(periodo.mes) || mesAtual()}-01`);
    case "30dias": return { de: dia, ate: somarDias(dia, 29) };
    case "vencidos": return { de: "", ate: "", vencido: "true" };
    case "12meses": {
      const atual = mesAtual();
      const [ano, mes] = atual.split("-").map(Number);
      return { de: `${somarMeses(atual, -11)}-01`, ate: dataIso(ano, mes, diasNoMes(ano, mes)) };
    }
    case "personalizado": return { de: periodo.de || "", ate: periodo.ate || "" };
    default: return { de: "", ate: "" };
  }
}

/** The period in words: "dezembro de 2026", "Próximos 30 dias: 14/12/2026 a 12/01/2027". */
export function descreverPeriodo(periodo) {
  if (periodo.tipo === "mes") return nomeDoMes(lerMes(periodo.mes) || mesAtual());
  if (periodo.tipo === "vencidos") return `Vencidos até ${formatarData(somarDias(hoje(), -1))}`;
  const { de, ate } = intervalo(periodo);
  let datas = "";
  if (de && ate) datas = `${formatarData(de)} a ${formatarData(ate)}`;
  else if (de) datas = `a partir de ${formatarData(de)}`;
  else if (ate) datas = `até ${formatarData(ate)}`;
  if (periodo.tipo === "personalizado") return datas || "Todas as datas";
  return datas ? `${PERIODOS[periodo.tipo]}: ${datas}` : PERIODOS[periodo.tipo];
}

/**
 * The period picker above a dated list. `periodo` as above; `aoMudar(novo)` with the new one.
 * `opcoes`: the quick periods offered, in order, as ids of PERIODOS or {id, rotulo, qualquerMes?} (a
 * screen may name them its way: "Todo o extrato"); "mes" is the navigator's way back to
 * `mesInicial` (this month, unless told), shown as on for that month only unless `qualquerMes`. The month navigator shows while a month is shown; ← and → step it from the
 * keyboard too.
 */
export function SeletorDePeriodo({ periodo, aoMudar, opcoes = ["mes", "30dias", "vencidos", "12meses", "tudo", "personalizado"],
  mesInicial = mesAtual(), rotulo = "Período" }) {
  const rapidos = opcoes.map((o) => (typeof o === "string" ? { id: o, rotulo: PERIODOS[o] } : o));
  const mes = periodo.tipo === "mes" ? lerMes(periodo.mes) || mesInicial : null;

  function escolher(id) {
    if (id === "mes") aoMudar({ tipo: "mes", mes: mesInicial });
    else if (id === "personalizado") {
      // Starts from the dates on screen, to be adjusted.
      const { de, ate } = intervalo(periodo);
      aoMudar({ tipo: "personalizado", de: de || "", ate: ate || (periodo.tipo === "vencidos" ? somarDias(hoje(), -1) : "") });
    } else aoMudar({ tipo: id });
  }
  function passo(n) {
    aoMudar({ tipo: "mes", mes: somarMeses(mes, n) });
  }
  function teclar(evento) {
    const n = { ArrowLeft: -1, ArrowRight: 1 }[evento.key];
    if (!n) return;
    evento.preventDefault();
    passo(n);
  }
  // "Este mês" is on while this month is shown; a "mes" option with `qualquerMes` ("Mês a mês") while any is.
  const pressionado = (r) => (r.id === "mes" && !r.qualquerMes ? mes === mesInicial : periodo.tipo === r.id);
  return html`
    <div class="periodo" role="group" aria-label=${rotulo}>
      <div class="periodo-atual">
        ${mes
          ? html`
            <div class="periodo-mes" onKeyDown=${teclar}>
              <button type="button" class="botao secundario periodo-passo" aria-label="Mês anterior"
                title=${`Mês anterior: ${nomeDoMes(somarMeses(mes, -1))}`} onClick=${() => passo(-1)}>‹</button>
              <span class="periodo-nome" aria-live="polite">${nomeDoMes(mes)}</span>
              <button type="button" class="botao secundario periodo-passo" aria-label="Próximo mês"
                title=${`Próximo mês: ${nomeDoMes(somarMeses(mes, 1))}`} onClick=${() => passo(1)}>›</button>
            </div>`
          : html`<span class="periodo-nome" aria-live="polite">${descreverPeriodo(periodo)}</span>`}
      </div>
      <div class="periodo-rapidos" role="group" aria-label="Períodos rápidos">
        ${rapidos.map((r) => html`
          <button key=${r.id} type="button" class=${`botao pequeno periodo-rapido${pressionado(r) ? " ativo" : ""}`}
            aria-pressed=${pressionado(r) ? "true" : "false"} onClick=${() => escolher(r.id)}>${r.rotulo}</button>`)}
      </div>
      ${periodo.tipo === "personalizado" && html`
        <div class="periodo-datas">
          <${FiltroData} rotulo="De" valor=${periodo.de || ""} aoMudar=${(de) => aoMudar({ ...periodo, de })} />
          <${FiltroData} rotulo="Até" valor=${periodo.ate || ""} aoMudar=${(ate) => aoMudar({ ...periodo, ate })} />
        </div>`}
    </div>`;
}

/**
 * A list's `carregar` kept to the period, for an API that pages in date order but cannot filter by
 * date itself (a statement's transactions): pages before `de` are skipped, the list ends at the
 * first item after `ate`. `data(item)` is the item's "AAAA-MM-DD".
 */
export function noPeriodo(carregar, { de, ate }, data = (item) => item.data) {
  if (!de && !ate) return carregar;
  return async (pedido) => {
    let cursor = pedido.cursor;
    for (;;) {
      const pagina = await carregar({ ...pedido, cursor });
      const itens = [];
      let passou = false;
      for (const item of pagina.items) {
        const dia = data(item);
        if (ate && dia > ate) {
          passou = true;
          break;
        }
        if (!de || dia >= de) itens.push(item);
      }
      if (passou) return { ...pagina, items: itens, next_cursor: null };
      if (itens.length || !pagina.next_cursor) return { ...pagina, items: itens };
      cursor = pagina.next_cursor;
    }
  };
}
