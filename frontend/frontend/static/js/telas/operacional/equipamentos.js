// Equipamentos: the studio's gear. Three views (kept in the address, ?ver=): the items — filtered
// by categoria, estado and who has them, each opening its dialog (check-out / check-in,
// maintenance, its next sessões: equipamentos-item.js) —, the kits (equipamentos-kits.js, with the
// allocation to a sessão), and "Disponíveis entre X e Y".

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { hoje } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { FiltroData } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { CATEGORIAS, ComQuem, ESTADOS, SeloEstado, instante, rotuloDaCategoria } from "./equipamentos-comum.js";
import { DialogoDoEquipamento, FormularioDeEquipamento } from "./equipamentos-item.js";
import { AlocarNaSessao, Kits } from "./equipamentos-kits.js";

const VISTAS = [
  { valor: "itens", rotulo: "Equipamentos" }, { valor: "kits", rotulo: "Kits" },
  { valor: "disponiveis", rotulo: "Disponíveis" },
];
const TODAS = { valor: "", rotulo: "Todas" };

function colunasDeItem(escreve, alocar) {
  return [
    { titulo: "Equipamento", valor: (i) => i.nome },
    { titulo: "Categoria", valor: (i) => rotuloDaCategoria(i.categoria) },
    { titulo: "Marca / modelo", valor: (i) => [i.marca, i.modelo].filter(Boolean).join(" ") || "—" },
    { titulo: "Estado", valor: (i) => html`<${SeloEstado} item=${i} />` },
    ...(alocar ? [] : [{ titulo: "Com quem", valor: (i) => html`<${ComQuem} item=${i} />` }]),
    ...(escreve && alocar ? [{ titulo: "", rotulo: "", valor: (i) => html`
      <button type="button" class="botao secundario" onClick=${(e) => { e.stopPropagation(); alocar(i); }}>
        Alocar a uma sessão</button>` }] : []),
  ];
}

function Itens({ escreve }) {
  const [f, definir] = useFiltrosNaUrl({ categoria: "", estado: "", fora: "", q: "" });
  const [busca, setBusca] = useState(f.q);
  const [novo, setNovo] = useState(false);
  const [aberto, setAberto] = useState(null);
  const [versao, setVersao] = useState(0);
  const q = useAdiado(busca.trim());
  const filtros = { categoria: f.categoria, estado: f.estado, fora: f.fora, q };
  const carregar = ({ cursor, signal }) => api.get("/api/equipamentos", { query: { ...filtros, cursor }, sinal: signal });
  const emUso = [f.categoria, f.estado, f.fora, q].filter(Boolean).length;
  const mudou = () => setVersao((v) => v + 1);
  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-equipamentos" emUso=${emUso}>
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} placeholder="Nome, marca, modelo ou série"
          aoMudar=${(v) => { setBusca(v); definir({ q: v.trim() }, { substituir: true }); }} />
        <${FiltroSelecao} rotulo="Categoria" valor=${f.categoria} aoMudar=${(v) => definir({ categoria: v })}
          opcoes=${[TODAS, ...CATEGORIAS]} />
        <${FiltroSelecao} rotulo="Estado" valor=${f.estado} aoMudar=${(v) => definir({ estado: v })}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...ESTADOS]} />
        <${FiltroSelecao} rotulo="Onde está" valor=${f.fora} aoMudar=${(v) => definir({ fora: v })}
          opcoes=${[{ valor: "", rotulo: "Todos" }, { valor: "true", rotulo: "Fora (com alguém)" },
            { valor: "false", rotulo: "No estúdio" }]} />
      <//>
      ${escreve && html`
        <button type="button" class="botao primario" onClick=${() => setNovo(true)}><${Icone} nome="plus" />Novo equipamento</button>`}
    </div>
    <${Lista} rotulo="Equipamentos" carregar=${carregar} colunas=${colunasDeItem(escreve)} filtros=${filtros}
      versao=${versao} aoSelecionar=${(i) => setAberto(i.id)}
      vazio=${emUso ? "Nenhum equipamento encontrado com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhum equipamento cadastrado ainda."
          acao=${escreve && { rotulo: "Cadastrar o primeiro equipamento", aoClicar: () => setNovo(true) }}>
          Cadastre câmeras, lentes, flashes e o resto do equipamento para montar kits, alocá-los às sessões sem
          conflito de horário e saber com quem cada item está.<//>`} />
    ${novo && html`<${FormularioDeEquipamento} aoFechar=${() => setNovo(false)}
      aoSalvar=${() => { setNovo(false); mudou(); }} />`}
    ${aberto && html`<${DialogoDoEquipamento} id=${aberto} escreve=${escreve} aoFechar=${() => setAberto(null)}
      aoMudar=${mudou} />`}`;
}

function Disponiveis({ escreve }) {
  const [f, definir] = useFiltrosNaUrl({ dia: hoje(), de: "08:00", dia_fim: hoje(), ate: "18:00", categoria: "" });
  const [alocando, setAlocando] = useState(null);
  const completos = f.dia && f.dia_fim && f.de && f.ate;
  const filtros = completos ? { inicio: instante(f.dia, f.de), fim: instante(f.dia_fim, f.ate), categoria: f.categoria } : null;
  const carregar = ({ cursor, signal }) => (filtros
    ? api.get("/api/equipamentos/disponiveis", { query: { ...filtros, cursor }, sinal: signal })
    : Promise.resolve({ items: [], next_cursor: null }));
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroData} rotulo="Disponíveis de (dia)" valor=${f.dia} aoMudar=${(v) => definir({ dia: v })} />
        <${Filtro} rotulo="às" tipo="time" valor=${f.de} aoMudar=${(v) => definir({ de: v })} />
        <${FiltroData} rotulo="até (dia)" valor=${f.dia_fim} aoMudar=${(v) => definir({ dia_fim: v })} />
        <${Filtro} rotulo="às" tipo="time" valor=${f.ate} aoMudar=${(v) => definir({ ate: v })} />
        <${FiltroSelecao} rotulo="Categoria" valor=${f.categoria} aoMudar=${(v) => definir({ categoria: v })}
          opcoes=${[TODAS, ...CATEGORIAS]} />
      </div>
    </div>
    <${Lista} rotulo="Equipamentos disponíveis" carregar=${carregar} colunas=${colunasDeItem(escreve, setAlocando)}
      filtros=${filtros ?? {}} vazio=${completos ? "Nenhum equipamento livre nesse intervalo." : "Informe o intervalo."} />
    ${alocando && html`<${AlocarNaSessao} item=${alocando} aoFechar=${() => setAlocando(null)} />`}`;
}

export function Equipamentos({ usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [f, definir] = useFiltrosNaUrl({ ver: "itens" });
  const Vista = { itens: Itens, kits: Kits, disponiveis: Disponiveis }[f.ver] ?? Itens;
  return html`
    <div class="botoes-vista" role="group" aria-label="Ver">
      ${VISTAS.map((v) => html`
        <button key=${v.valor} type="button" class=${`botao ${f.ver === v.valor ? "primario" : "secundario"}`}
          aria-pressed=${f.ver === v.valor ? "true" : "false"} onClick=${() => definir({ ver: v.valor })}>${v.rotulo}</button>`)}
    </div>
    <${Vista} key=${f.ver} escreve=${escreve} />`;
}
