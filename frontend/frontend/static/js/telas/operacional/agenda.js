// Operacional › Agenda: the studio's sessões in a month, week or day view
// (/operacional/agenda?vista=semana&data=AAAA-MM-DD), each a block with its time and title coloured
// by tipo. Clicking one opens it; "Nova sessão" creates one (agenda-sessao.js); the feed to
// subscribe in a calendar app and the .ics import are in agenda-ics.js. On a phone the week and the
// month become a list of days (app.css), and the day view is the list itself.
//
// Times are the studio's (São Paulo): the API answers with that offset, so a sessão's date and
// hour are read straight from its text, whatever the browser's own zone.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { hoje } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando } from "../../ui/componentes.js";
import { Icone } from "../../ui/icone.js";
import { somarDias } from "../../ui/periodo.js";
import { ImportarIcs, PainelDoFeed } from "./agenda-ics.js";
import { DetalhesDaSessao, FormularioDeSessao, hora, ROTULOS_DOS_TIPOS } from "./agenda-sessao.js";

const VISTAS = [{ valor: "mes", rotulo: "Mês" }, { valor: "semana", rotulo: "Semana" }, { valor: "dia", rotulo: "Dia" }];
const DIAS_DA_SEMANA = ["Dom", "Seg", "Ter", "Qua", "Qui", "Sex", "Sáb"]; // by getUTCDay()
// Weeks run Monday to Sunday, as the dashboard's "Sessões desta semana" does.
const COLUNAS_DO_MES = [...DIAS_DA_SEMANA.slice(1), DIAS_DA_SEMANA[0]];
const datas = new Intl.DateTimeFormat("pt-BR", { day: "2-digit", month: "2-digit", timeZone: "UTC" });
const diaLongo = new Intl.DateTimeFormat("pt-BR", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
const mesLongo = new Intl.DateTimeFormat("pt-BR", { month: "long", year: "numeric", timeZone: "UTC" });

const utc = (data) => new Date(`${data}T00:00:00Z`);
const diaDaSemana = (data) => utc(data).getUTCDay();
const diasDesdeSegunda = (data) => (diaDaSemana(data) + 6) % 7;
const valida = (data) => /^\d{4}-\d{2}-\d{2}$/.test(data ?? "") && !Number.isNaN(utc(data).getTime());

/** The days a view shows around `data`: [primeiro, último] "AAAA-MM-DD". */
function periodoDaVista(vista, data) {
  if (vista === "dia") return [data, data];
  if (vista === "semana") {
    const segunda = somarDias(data, -diasDesdeSegunda(data));
    return [segunda, somarDias(segunda, 6)];
  }
  // A month: whole weeks, from the Monday on or before the 1st to the Sunday on or after its end.
  const primeiro = `${data.slice(0, 8)}01`;
  const ultimo = somarDias(`${somarDias(primeiro, 32).slice(0, 8)}01`, -1);
  return [somarDias(primeiro, -diasDesdeSegunda(primeiro)), somarDias(ultimo, 6 - diasDesdeSegunda(ultimo))];
}

function diasEntre(de, ate) {
  const dias = [];
  for (let d = de; d <= ate; d = somarDias(d, 1)) dias.push(d);
  return dias;
}

/** Whether a sessão happens on `dia`: its [inicio, fim) touches that day. */
const noDia = (sessao, dia) => sessao.inicio.slice(0, 16) < `${somarDias(dia, 1)}T00:00` && sessao.fim.slice(0, 16) > `${dia}T00:00`;

function titulo(vista, data, [de, ate]) {
  if (vista === "dia") return diaLongo.format(utc(data));
  if (vista === "mes") return mesLongo.format(utc(data));
  return `Semana de ${datas.format(utc(de))} a ${datas.format(utc(ate))}/${ate.slice(0, 4)}`;
}

/** Every page of GET /api/agenda for the days de..ate. */
async function sessoesEntre(de, ate, sinal) {
  const todas = [];
  let cursor = null;
  do {
    const pagina = await api.get("/api/agenda", { query: { de, ate, limit: 500, cursor }, sinal });
    todas.push(...pagina.items);
    cursor = pagina.next_cursor;
  } while (cursor);
  return todas;
}

function BlocoDaSessao({ sessao, aoAbrir, detalhado }) {
  const local = detalhado && sessao.local;
  const equipe = detalhado && sessao.equipe.map((m) => m.nome).filter(Boolean).join(", ");
  return html`
    <li>
      <button type="button" class=${`sessao-agenda tipo-${sessao.tipo}`} onClick=${() => aoAbrir(sessao)}
        title=${`${ROTULOS_DOS_TIPOS[sessao.tipo]}: ${sessao.titulo}`}>
        <span class="sessao-horario">${hora(sessao.inicio)}–${hora(sessao.fim)}</span>
        <span class="sessao-titulo">${sessao.titulo}</span>
        ${detalhado && html`<span class="sessao-detalhe">${[ROTULOS_DOS_TIPOS[sessao.tipo], sessao.evento, local, equipe]
          .filter(Boolean).join(" · ")}</span>`}
      </button>
    </li>`;
}

function Dia({ dia, sessoes, aoAbrir, fora, detalhado, maximo = Infinity }) {
  const doDia = sessoes.filter((s) => noDia(s, dia));
  const mostradas = doDia.slice(0, maximo);
  const classe = `dia-agenda${fora ? " fora-do-mes" : ""}${dia === hoje() ? " hoje" : ""}${doDia.length ? "" : " sem-sessoes"}`;
  return html`
    <div class=${classe} role="listitem" aria-label=${diaLongo.format(utc(dia))}>
      <p class="dia-agenda-titulo">
        <span class="dia-semana">${DIAS_DA_SEMANA[diaDaSemana(dia)]}</span> ${datas.format(utc(dia))}
      </p>
      <ul class="sessoes-do-dia">
        ${mostradas.map((s) => html`<${BlocoDaSessao} key=${s.id} sessao=${s} aoAbrir=${aoAbrir} detalhado=${detalhado} />`)}
      </ul>
      ${doDia.length > mostradas.length && html`<p class="mais-sessoes">+${doDia.length - mostradas.length} sessões</p>`}
      ${detalhado && !doDia.length && html`<p class="sem-sessoes-texto">Nenhuma sessão neste dia.</p>`}
    </div>`;
}

export function Agenda({ usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [filtros, definir] = useFiltrosNaUrl({ vista: "semana", data: hoje() });
  const vista = VISTAS.some((v) => v.valor === filtros.vista) ? filtros.vista : "semana";
  const data = valida(filtros.data) ? filtros.data : hoje();
  const [de, ate] = periodoDaVista(vista, data);
  const [estado, setEstado] = useState({ sessoes: null, erro: null });
  const [versao, setVersao] = useState(0);
  const [aberta, setAberta] = useState(null); // a sessão, or {} for a new one
  const [painel, setPainel] = useState(null); // "feed" | "importar"

  useEffect(() => {
    const controle = new AbortController();
    sessoesEntre(de, ate, controle.signal)
      .then((sessoes) => setEstado({ sessoes, erro: null }))
      .catch((falha) => {
        if (falha.name !== "AbortError") setEstado({ sessoes: null, erro: falha instanceof ErroApi ? falha : new ErroApi(0) });
      });
    return () => controle.abort();
  }, [de, ate, versao]);

  function mover(sentido) {
    if (vista === "dia") definir({ data: somarDias(data, sentido) });
    else if (vista === "semana") definir({ data: somarDias(data, 7 * sentido) });
    else definir({ data: `${somarDias(`${data.slice(0, 8)}01`, sentido > 0 ? 32 : -1).slice(0, 8)}01` });
  }
  function salvo() {
    setAberta(null);
    setPainel(null);
    setVersao((v) => v + 1);
  }

  const sessoes = estado.sessoes ?? [];
  const dias = diasEntre(de, ate);
  return html`
    <div class="barra barra-agenda">
      <div class="navegacao-agenda">
        <button type="button" class="botao secundario" onClick=${() => mover(-1)} aria-label="Anterior">
          <${Icone} nome="chevron-left" /></button>
        <button type="button" class="botao secundario" onClick=${() => definir({ data: hoje() })}>Hoje</button>
        <button type="button" class="botao secundario" onClick=${() => mover(1)} aria-label="Próximo">
          <${Icone} nome="chevron-right" /></button>
        <h2 class="titulo-agenda" aria-live="polite">${titulo(vista, data, [de, ate])}</h2>
      </div>
      <div class="vistas-agenda" role="group" aria-label="Visualização">
        ${VISTAS.map((v) => html`
          <button key=${v.valor} type="button" class=${`botao ${v.valor === vista ? "primario" : "secundario"}`}
            aria-pressed=${v.valor === vista ? "true" : "false"} onClick=${() => definir({ vista: v.valor })}>${v.rotulo}</button>`)}
      </div>
      <div class="acoes-agenda">
        <button type="button" class="botao secundario" onClick=${() => setPainel("feed")}>
          <${Icone} nome="calendar" />Assinar agenda</button>
        ${escreve && html`
          <button type="button" class="botao secundario" onClick=${() => setPainel("importar")}>
            <${Icone} nome="upload" />Importar .ics</button>
          <button type="button" class="botao primario" onClick=${() => setAberta({})}><${Icone} nome="plus" />Nova sessão</button>`}
      </div>
    </div>
    ${estado.erro && html`<${Aviso} tipo=${estado.erro.indisponivel ? "indisponivel" : "erro"}
      acao=${() => setVersao((v) => v + 1)}>${estado.erro.message}<//>`}
    ${!estado.sessoes && !estado.erro && html`<${Carregando} />`}
    ${estado.sessoes && html`
      <div class=${`calendario vista-${vista}`} role="list" aria-label=${`Agenda: ${titulo(vista, data, [de, ate])}`}>
        ${vista === "mes" && COLUNAS_DO_MES.map((d) => html`<p key=${d} class="cabecalho-dia" aria-hidden="true">${d}</p>`)}
        ${dias.map((dia) => html`<${Dia} key=${dia} dia=${dia} sessoes=${sessoes} aoAbrir=${setAberta}
          fora=${vista === "mes" && dia.slice(0, 7) !== data.slice(0, 7)} detalhado=${vista === "dia"}
          maximo=${vista === "mes" ? 3 : Infinity} />`)}
      </div>
      ${!sessoes.length && html`<p class="vazio-agenda">Nenhuma sessão neste período.${escreve ? " Use “Nova sessão” para marcar uma." : ""}</p>`}`}
    ${aberta && escreve && html`<${FormularioDeSessao} sessao=${aberta.id ? aberta : null} dia=${data}
      aoFechar=${() => setAberta(null)} aoSalvar=${salvo} />`}
    ${aberta && !escreve && html`<${DetalhesDaSessao} sessao=${aberta} aoFechar=${() => setAberta(null)} />`}
    ${painel === "feed" && html`<${PainelDoFeed} escreve=${escreve} aoFechar=${() => setPainel(null)} />`}
    ${painel === "importar" && html`<${ImportarIcs} aoFechar=${() => setPainel(null)} aoImportar=${() => setVersao((v) => v + 1)} />`}`;
}
