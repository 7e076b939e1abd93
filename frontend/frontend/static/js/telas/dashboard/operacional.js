// The studio's own work on the dashboard (issue 17), from GET /api/dashboard's `semana` and
// `eventos_por_etapa` — there only for a user who may read operacional: "Sessões desta semana",
// day by day with their hours, each day leading to the agenda's week view; and "Eventos por
// etapa", the open eventos counted by stage (each leading to the eventos of that stage) with the
// next ones. They share the widgets' look and grid, and refresh with them on the live stream.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { consulta } from "../../ui/consulta.js";
import { plural } from "../../ui/valores.js";

const DIAS = ["Segunda", "Terça", "Quarta", "Quinta", "Sexta", "Sábado", "Domingo"];
const TIPOS_DE_SESSAO = {
  ensaio: "Ensaio", cerimonia: "Cerimônia", festa: "Festa", reuniao: "Reunião", entrega: "Entrega", outro: "Outro",
};
const ETAPAS = {
  lead: "Lead", orcamento: "Orçamento", contratado: "Contratado", em_producao: "Em produção", entregue: "Entregue",
};

const hora = new Intl.DateTimeFormat("pt-BR", { timeZone: "America/Sao_Paulo", hour: "2-digit", minute: "2-digit" });
const dataCurta = new Intl.DateTimeFormat("pt-BR", { timeZone: "America/Sao_Paulo", day: "2-digit", month: "2-digit" });

/** "2026-12-07T14:00:00-03:00" → "14:00", in the studio's time zone. */
function formatarHora(iso) {
  const data = new Date(iso);
  return Number.isNaN(data.getTime()) ? "" : hora.format(data);
}

/** The day after "AAAA-MM-DD", as "AAAA-MM-DD" (calendar arithmetic, no time zone involved). */
function diaSeguinte(iso) {
  const [ano, mes, dia] = iso.split("-").map(Number);
  return new Date(Date.UTC(ano, mes - 1, dia + 1)).toISOString().slice(0, 10);
}

const rotaDaAgenda = (dia) => `/operacional/agenda?${consulta({ vista: "semana", data: dia })}`;
const rotaDosEventos = (etapa) => `/operacional?${consulta({ etapa })}`;

/** A sessão's hours: "14:00–18:00", or with the end's date when it ends on another day. */
function horario(sessao) {
  const inicio = formatarHora(sessao.inicio);
  const fimNoMesmoDia = dataCurta.format(new Date(sessao.inicio)) === dataCurta.format(new Date(sessao.fim));
  const fim = fimNoMesmoDia ? formatarHora(sessao.fim) : `${dataCurta.format(new Date(sessao.fim))} ${formatarHora(sessao.fim)}`;
  return `${inicio}–${fim}`;
}

function SessoesDaSemana({ semana }) {
  const dias = DIAS.map((nome, i) => {
    let data = semana.de;
    for (let n = 0; n < i; n += 1) data = diaSeguinte(data);
    return { nome, data, sessoes: semana.sessoes.filter((s) => s.dia === data) };
  });
  const periodo = `${formatarData(semana.de)} a ${formatarData(semana.ate)}`;
  const faltam = semana.quantidade - semana.sessoes.length;
  return html`
    <section class="widget widget-semana" aria-labelledby="titulo-widget-semana" data-widget="semana">
      <header class="widget-cabecalho">
        <h2 id="titulo-widget-semana">Sessões desta semana</h2>
        <a href=${rotaDaAgenda(semana.de)} class="widget-link">Ver agenda<span class="so-leitor"> da semana</span></a>
      </header>
      <p class="widget-contagem">${periodo} · ${plural(semana.quantidade, "sessão", "sessões")}</p>
      ${semana.quantidade === 0
        ? html`<p class="vazio grafico-vazio">Nenhuma sessão nesta semana.</p>`
        : html`
          <ol class="semana-dias">
            ${dias.filter((d) => d.sessoes.length).map((d) => html`
              <li key=${d.data} class="semana-dia" data-dia=${d.data}>
                <a class="semana-dia-titulo" href=${rotaDaAgenda(d.data)}>${d.nome}, ${formatarData(d.data).slice(0, 5)}</a>
                <ul class="semana-sessoes">
                  ${d.sessoes.map((s) => html`
                    <li key=${s.id} class="semana-sessao" data-sessao=${s.id}>
                      <span class="semana-horario">${horario(s)}</span>
                      <span class="semana-titulo">${s.titulo}</span>
                      <span class="widget-contagem">
                        ${[TIPOS_DE_SESSAO[s.tipo] ?? s.tipo, s.evento, s.local].filter(Boolean).join(" · ")}
                      </span>
                    </li>`)}
                </ul>
              </li>`)}
          </ol>
          ${faltam > 0 && html`<p class="widget-contagem">E mais ${plural(faltam, "sessão", "sessões")} na agenda.</p>`}`}
    </section>`;
}

function EventosPorEtapa({ dados }) {
  return html`
    <section class="widget widget-eventos_por_etapa" aria-labelledby="titulo-widget-eventos" data-widget="eventos_por_etapa">
      <header class="widget-cabecalho">
        <h2 id="titulo-widget-eventos">Eventos por etapa</h2>
        <a href="/operacional" class="widget-link">Ver eventos</a>
      </header>
      ${dados.total === 0
        ? html`<p class="vazio grafico-vazio">Nenhum evento em aberto.</p>`
        : html`
          <ul class="etapas">
            ${dados.etapas.map((e) => html`
              <li key=${e.etapa}>
                <a class="etapa" href=${rotaDosEventos(e.etapa)} data-etapa=${e.etapa}>
                  <strong class="etapa-quantidade">${e.quantidade}</strong>
                  <span>${ETAPAS[e.etapa] ?? e.etapa}</span>
                </a>
              </li>`)}
          </ul>
          <h3 class="widget-subtitulo">Próximos eventos</h3>
          ${dados.proximos.length === 0
            ? html`<p class="vazio">Nenhum evento em aberto daqui para a frente.</p>`
            : html`
              <div class="widget-tabela-caixa"><table class="widget-tabela">
                <caption class="so-leitor">Próximos eventos</caption>
                <thead><tr><th scope="col">Data</th><th scope="col">Evento</th><th scope="col">Etapa</th></tr></thead>
                <tbody>
                  ${dados.proximos.map((e) => html`
                    <tr key=${e.id} data-evento=${e.id}>
                      <td>${formatarData(e.data_inicio)}</td>
                      <th scope="row">
                        <a href=${`/operacional/eventos/${e.id}`}>${e.nome}</a>
                        ${(e.cliente || e.tipo) && html`<span class="widget-contagem"> · ${[e.tipo, e.cliente].filter(Boolean).join(" · ")}</span>`}
                      </th>
                      <td>${ETAPAS[e.etapa] ?? e.etapa}</td>
                    </tr>`)}
                </tbody>
              </table></div>`}`}
    </section>`;
}

/** Both widgets, for whoever the dashboard sent them to; nothing otherwise. */
export function TrabalhoDoEstudio({ resumo }) {
  if (!resumo?.semana && !resumo?.eventos_por_etapa) return null;
  return html`
    <div class="widgets widgets-operacional">
      ${resumo.semana && html`<${SessoesDaSemana} semana=${resumo.semana} />`}
      ${resumo.eventos_por_etapa && html`<${EventosPorEtapa} dados=${resumo.eventos_por_etapa} />`}
    </div>`;
}
