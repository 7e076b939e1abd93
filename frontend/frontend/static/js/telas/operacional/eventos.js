// Eventos (jobs): the studio's work from the first contact to the delivered album. The list, by
// date, filtered by etapa, tipo, período and name (kept in the address, so the dashboard's "eventos
// por etapa" links land here filtered); "Novo evento"; a row opens the evento's page
// (/operacional/eventos/<id>: eventos-pagina.js); "Tipos e checklists" edits the tipos (eventos-tipos.js).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData } from "../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { consulta } from "../../ui/consulta.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { FiltroData, plural } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { ABERTAS, ETAPAS, FormularioDeEvento, SeloEtapa, useTipos } from "./eventos-comum.js";
import { PaginaDoEvento } from "./eventos-pagina.js";
import { TiposDeEvento } from "./eventos-tipos.js";

const PAGINA = /^\/operacional\/eventos\/(\d+)$/;

// The etapa filter: every etapa, the open ones together, or one; the address holds the list.
const OPCOES_DE_ETAPA = [{ valor: "", rotulo: "Todas" }, { valor: "abertos", rotulo: "Em andamento" }, ...ETAPAS];

function etapaEscolhida(etapas) {
  if (!etapas.length) return "";
  if (etapas.length === ABERTAS.length && ABERTAS.every((e) => etapas.includes(e))) return "abertos";
  return etapas[0];
}

function Periodo({ evento }) {
  const fim = evento.data_fim && evento.data_fim !== evento.data_inicio ? ` a ${formatarData(evento.data_fim)}` : "";
  return `${formatarData(evento.data_inicio)}${fim}`;
}

function Tarefas({ evento }) {
  if (!evento.tarefas_pendentes) return "—";
  return html`
    <span>${plural(evento.tarefas_pendentes, "pendente", "pendentes")}</span>
    ${evento.tarefas_atrasadas > 0 && html` <span class="status status-vencido">${plural(evento.tarefas_atrasadas, "atrasada", "atrasadas")}</span>`}`;
}

function ListaDeEventos({ usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [f, definir] = useFiltrosNaUrl({ etapa: [], tipo_id: "", de: "", ate: "", q: "" });
  const [busca, setBusca] = useState(f.q);
  const [novo, setNovo] = useState(false);
  const [editandoTipos, setEditandoTipos] = useState(false);
  const [versaoDosTipos, setVersaoDosTipos] = useState(0);
  const tipos = useTipos("", versaoDosTipos);
  const q = useAdiado(busca.trim());
  const filtros = { etapa: f.etapa, tipo_id: f.tipo_id, de: f.de, ate: f.ate, q };
  // consulta(): the etapas as a repeated key (etapa=lead&etapa=orcamento).
  const carregar = ({ cursor, signal }) => api.get(`/api/eventos?${consulta({ ...filtros, cursor })}`, { sinal: signal });
  const mudarEtapa = (valor) => definir({ etapa: valor === "abertos" ? ABERTAS : valor ? [valor] : [] });
  const opcoesDeTipo = [{ valor: "", rotulo: "Todos" }, ...(tipos || []).map((t) => ({ valor: String(t.id), rotulo: t.nome }))];
  const emUso = [f.etapa.length, f.tipo_id, f.de, f.ate, q].filter(Boolean).length;
  const colunas = [
    { titulo: "Data", valor: (e) => html`<${Periodo} evento=${e} />` },
    { titulo: "Evento", valor: (e) => html`<a href=${`/operacional/eventos/${e.id}`}>${e.nome}</a>` },
    { titulo: "Tipo", valor: (e) => e.tipo || "—" },
    { titulo: "Cliente", valor: (e) => e.cliente || "—" },
    { titulo: "Etapa", valor: (e) => html`<${SeloEtapa} etapa=${e.etapa} />` },
    { titulo: "Tarefas", valor: (e) => html`<${Tarefas} evento=${e} />` },
  ];
  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-eventos" emUso=${emUso}>
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} placeholder="Nome do evento"
          aoMudar=${(v) => { setBusca(v); definir({ q: v.trim() }, { substituir: true }); }} />
        <${FiltroSelecao} rotulo="Etapa" valor=${etapaEscolhida(f.etapa)} aoMudar=${mudarEtapa} opcoes=${OPCOES_DE_ETAPA} />
        <${FiltroSelecao} rotulo="Tipo" valor=${f.tipo_id} aoMudar=${(v) => definir({ tipo_id: v })} opcoes=${opcoesDeTipo} />
        <${FiltroData} rotulo="De" valor=${f.de} aoMudar=${(v) => definir({ de: v })} />
        <${FiltroData} rotulo="Até" valor=${f.ate} aoMudar=${(v) => definir({ ate: v })} />
      <//>
      ${escreve && html`
        <div class="acoes-linha">
          <button type="button" class="botao secundario" onClick=${() => setEditandoTipos(true)}>Tipos e checklists</button>
          <button type="button" class="botao primario" onClick=${() => setNovo(true)}><${Icone} nome="plus" />Novo evento</button>
        </div>`}
    </div>
    <${Lista} rotulo="Eventos" carregar=${carregar} colunas=${colunas} filtros=${filtros}
      aoSelecionar=${(e) => navegar(`/operacional/eventos/${e.id}`)}
      vazio=${emUso ? "Nenhum evento encontrado com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhum evento cadastrado ainda."
          acao=${escreve && { rotulo: "Cadastrar o primeiro evento", aoClicar: () => setNovo(true) }}>
          Cada trabalho do estúdio — um casamento, um ensaio, uma formatura — é um evento: com cliente, datas, equipe,
          checklist de tarefas e o resultado financeiro.<//>`} />
    ${novo && html`
      <${FormularioDeEvento} aoFechar=${() => setNovo(false)}
        aoSalvar=${(evento) => navegar(`/operacional/eventos/${evento.id}`)} />`}
    ${editandoTipos && html`
      <${TiposDeEvento} aoFechar=${() => { setEditandoTipos(false); setVersaoDosTipos((v) => v + 1); }} />`}`;
}

export function Eventos({ usuario, rota }) {
  const pagina = PAGINA.exec(rota.caminho);
  if (pagina) return html`<${PaginaDoEvento} key=${pagina[1]} id=${Number(pagina[1])} usuario=${usuario} />`;
  return html`<${ListaDeEventos} usuario=${usuario} />`;
}
