// The log of every bank file — remessas made here and retornos imported — and one file's page: the
// títulos or payments it carried, and each of its lines as the bank has it (monospace, scrolled
// sideways) with what the line did to the ledger. Any file can be downloaded again.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../../api.js";
import { formatarData, formatarDataHora } from "../../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../../roteador.js";
import { FiltroSelecao } from "../../../ui/campos.js";
import { Aviso, Carregando, Detalhes } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Icone } from "../../../ui/icone.js";
import { Lista } from "../../../ui/lista.js";
import { useContas } from "../../../ui/registros.js";
import { Dinheiro } from "../../../ui/valores.js";
import { DetalheDoLancamento } from "../lancamentos/detalhe.js";
import {
  DIRECOES, FINALIDADES, FORMAS, SeloSituacao, contagens, nomeDaDirecao, nomeDaFinalidade, nomeDoLayout, opcoesDeConta,
} from "./comum.js";

const todas = (opcoes, rotulo) => [{ valor: "", rotulo }, ...opcoes];
const nomeDaConta = (contas, id) => (contas || []).find((c) => c.id === id)?.nome ?? `Conta nº ${id}`;

export function Arquivos() {
  const contas = useContas({ todas: true });
  const [f, definir] = useFiltrosNaUrl({ conta_id: "", direcao: "", finalidade: "" });
  const carregar = ({ cursor, signal }) => api.get("/api/remessas", { query: { ...f, cursor }, sinal: signal });
  const colunas = [
    { titulo: "Data", valor: (a) => html`<span class="quando">${formatarDataHora(a.criado_em)}</span>` },
    { titulo: "Conta", valor: (a) => a.conta_nome ?? nomeDaConta(contas, a.conta_id) },
    { titulo: "Direção", valor: (a) => nomeDaDirecao(a.direcao) },
    { titulo: "Finalidade", valor: (a) => nomeDaFinalidade(a.finalidade) },
    { titulo: "Layout", valor: (a) => nomeDoLayout(a.layout) },
    { titulo: "NSA", classe: "numero", valor: (a) => a.nsa ?? "—" },
    { titulo: "Quantidade", classe: "numero", valor: (a) => a.quantidade },
    { titulo: "Valor", classe: "numero", valor: (a) => html`<${Dinheiro} valor=${a.valor_total} />` },
  ];
  const filtrando = f.conta_id || f.direcao || f.finalidade;
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Conta" valor=${f.conta_id} opcoes=${opcoesDeConta(contas, "Todas")}
          aoMudar=${(conta_id) => definir({ conta_id })} />
        <${FiltroSelecao} rotulo="Direção" valor=${f.direcao} opcoes=${todas(DIRECOES, "Remessas e retornos")}
          aoMudar=${(direcao) => definir({ direcao })} />
        <${FiltroSelecao} rotulo="Finalidade" valor=${f.finalidade} opcoes=${todas(FINALIDADES, "Todas")}
          aoMudar=${(finalidade) => definir({ finalidade })} />
      </div>
    </div>
    <div>
      <${Lista} rotulo="Arquivos CNAB" carregar=${carregar} colunas=${colunas} filtros=${f}
        aoSelecionar=${(a) => navegar(`/financeiro/cobranca/arquivos/${a.id}`)}
        vazio=${filtrando ? "Nenhum arquivo com esses filtros." : "Nenhum arquivo ainda: gere uma remessa ou importe um retorno."} />
    </div>`;
}

const RESULTADOS = {
  APLICADA: "Aplicada", JA_APLICADA: "Já aplicada antes", INFORMATIVA: "Informativa", NAO_ENCONTRADO: "Título não encontrado",
  REJEITADA: "Rejeitada",
};

/** A button to open a lançamento (its detail, in a dialog over this page). */
function BotaoLancamento({ id, aoAbrir }) {
  if (!id) return "—";
  const abrir = (evento) => {
    evento.stopPropagation();
    aoAbrir(id);
  };
  return html`<button type="button" class="botao-link" onClick=${abrir} onKeyDown=${(e) => e.stopPropagation()}>nº ${id}</button>`;
}

function Titulos({ titulos, aoAbrir }) {
  return html`
    <h3 class="titulo-secao">Títulos</h3>
    <div class="lista"><table class="tabela-cartoes" role="table" aria-label="Títulos do arquivo">
      <thead><tr><th>Lançamento</th><th>Nosso número</th><th>Vencimento</th><th class="numero">Valor</th><th>Situação</th></tr></thead>
      <tbody>${titulos.map((t) => html`
        <tr key=${t.lancamento_id}>
          <td data-label="Lançamento"><${BotaoLancamento} id=${t.lancamento_id} aoAbrir=${aoAbrir} /></td>
          <td data-label="Nosso número"><code>${t.nosso_numero}</code></td>
          <td data-label="Vencimento">${formatarData(t.vencimento)}</td>
          <td data-label="Valor" class="numero"><${Dinheiro} valor=${t.valor} /></td>
          <td data-label="Situação"><${SeloSituacao} situacao=${t.situacao} />${t.motivo ? ` ${t.motivo}` : ""}</td>
        </tr>`)}
      </tbody>
    </table></div>`;
}

function Pagamentos({ pagamentos, aoAbrir }) {
  return html`
    <h3 class="titulo-secao">Pagamentos</h3>
    <div class="lista"><table class="tabela-cartoes" role="table" aria-label="Pagamentos do arquivo">
      <thead><tr><th>Lançamento</th><th>Forma</th><th>Data</th><th class="numero">Valor</th><th>Situação</th></tr></thead>
      <tbody>${pagamentos.map((p) => html`
        <tr key=${p.id ?? p.lancamento_id}>
          <td data-label="Lançamento"><${BotaoLancamento} id=${p.lancamento_id} aoAbrir=${aoAbrir} /></td>
          <td data-label="Forma">${FORMAS[p.forma] ?? p.forma}</td>
          <td data-label="Data">${formatarData(p.data_pagamento)}</td>
          <td data-label="Valor" class="numero"><${Dinheiro} valor=${p.valor} /></td>
          <td data-label="Situação"><${SeloSituacao} situacao=${p.situacao} />${p.motivo ? ` ${p.motivo}` : ""}</td>
        </tr>`)}
      </tbody>
    </table></div>`;
}

/** One file, at /financeiro/cobranca/arquivos/<id>. */
export function ArquivoDetalhe({ usuario, id }) {
  const { dados: arquivo, erro, recarregar } = useConsulta(`/api/remessas/${id}`);
  const contas = useContas({ todas: true });
  const [aberto, setAberto] = useState(null);
  const carregar = ({ cursor, signal }) => api.get(`/api/remessas/${id}/linhas`, { query: { cursor }, sinal: signal });
  const colunas = [
    { titulo: "Nº", classe: "numero", valor: (l) => l.numero },
    { titulo: "Registro", valor: (l) => l.registro },
    { titulo: "Ocorrência", valor: (l) => l.ocorrencia ?? "—" },
    {
      titulo: "O que fez",
      valor: (l) => [l.resultado && RESULTADOS[l.resultado], l.acao].filter(Boolean).join(": ") || "—",
    },
    { titulo: "Lançamento", valor: (l) => html`<${BotaoLancamento} id=${l.lancamento_id} aoAbrir=${setAberto} />` },
    { titulo: "Linha", valor: (l) => html`<pre data-linha-cnab>${l.conteudo}</pre>` },
  ];

  let cabecalho;
  if (erro) {
    cabecalho = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"}
      acao=${erro.status === 404 ? undefined : recarregar}>${erro.message}<//>`;
  } else if (!arquivo) {
    cabecalho = html`<${Carregando} />`;
  } else {
    const resumo = arquivo.resumo ?? {};
    const naoEncontrados = resumo.nao_encontrados_lista ?? [];
    cabecalho = html`
      <h2>${nomeDaDirecao(arquivo.direcao)} ${arquivo.nome_arquivo}</h2>
      <${Detalhes} pares=${[
        ["Conta", arquivo.conta_nome ?? nomeDaConta(contas, arquivo.conta_id)],
        ["Finalidade", nomeDaFinalidade(arquivo.finalidade)],
        ["Layout", nomeDoLayout(arquivo.layout)],
        ["NSA", arquivo.nsa],
        ["Em", formatarDataHora(arquivo.criado_em)],
        ["Quantidade", arquivo.quantidade],
        ["Valor total", html`<${Dinheiro} valor=${arquivo.valor_total} />`],
        ...(arquivo.direcao === "RETORNO" ? [
          ["O que fez", contagens(resumo).map(([, numero, texto]) => `${numero} ${texto}`).join(" · ")],
          ["Nossos números não encontrados", naoEncontrados.join(", ")],
        ] : []),
      ]} />
      ${(resumo.avisos ?? []).length > 0 && html`
        <${Aviso} tipo="info" titulo="Avisos">${resumo.avisos.join(" ")}<//>`}
      <p class="acoes">
        <a class="botao secundario" href=${`/api/remessas/${arquivo.id}/arquivo`} download=${arquivo.nome_arquivo}>
          <${Icone} nome="download" />Baixar arquivo</a>
      </p>
      ${(arquivo.titulos ?? []).length > 0 && html`<${Titulos} titulos=${arquivo.titulos} aoAbrir=${setAberto} />`}
      ${(arquivo.pagamentos ?? []).length > 0 && html`<${Pagamentos} pagamentos=${arquivo.pagamentos} aoAbrir=${setAberto} />`}`;
  }
  return html`
    <p><a href="/financeiro/cobranca/arquivos">‹ Voltar aos arquivos</a></p>
    <section class="extrato-cabecalho" aria-label="Arquivo">${cabecalho}</section>
    <h3 class="titulo-secao">Linhas</h3>
    <div>
      <${Lista} rotulo="Linhas do arquivo" carregar=${carregar} colunas=${colunas} chave=${(l) => l.numero}
        vazio="O arquivo não tem linhas." />
    </div>
    ${aberto && html`<${DetalheDoLancamento} id=${aberto} usuario=${usuario} aoFechar=${() => setAberto(null)}
      aoMudar=${recarregar} />`}`;
}
