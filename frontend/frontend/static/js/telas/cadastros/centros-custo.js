// Centros de custo: what each receita and despesa belongs to besides its categoria — a line of
// business (Casamentos, Ensaios), the studio's structure, later each evento — so the reports can be
// read per centro. List, create, edit, deactivate, delete.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { pode } from "../../sessao.js";
import { Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { FiltroSelecao, situacoes } from "../../ui/campos.js";
import { CampoTexto, Formulario, limpar, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { AcoesDoRegistro, situacao } from "./comum.js";

function FormularioDeCentro({ centro, aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: centro?.nome ?? "", codigo: centro?.codigo ?? "" });

  async function salvar(valores) {
    const corpo = limpar(valores);
    const salvo = centro
      ? await api.put(`/api/centros-custo/${centro.id}`, corpo)
      : await api.post("/api/centros-custo", corpo);
    notificar(centro ? `Centro de custo ${salvo.nome} atualizado.` : `Centro de custo ${salvo.nome} criado.`);
    aoSalvar();
  }
  async function alternar() {
    const salvo = await api.put(`/api/centros-custo/${centro.id}`, { ativo: !centro.ativo });
    notificar(salvo.ativo ? `Centro de custo ${salvo.nome} reativado.` : `Centro de custo ${salvo.nome} desativado.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`/api/centros-custo/${centro.id}`);
    notificar(`Centro de custo ${centro.nome} excluído.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${centro ? `Editar centro de custo ${centro.nome}` : "Novo centro de custo"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${centro ? "Salvar" : "Criar centro de custo"}
        aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="100"
          ajuda="Uma linha de trabalho ou parte do estúdio, por exemplo Casamentos ou Estúdio (estrutura)" />
        <${CampoTexto} ...${form.campo("codigo")} rotulo="Código (opcional)" maxlength="20"
          ajuda="Se o seu contador usa códigos, como CC01" />
      <//>
      ${centro && html`
        <${AcoesDoRegistro} nome="centro de custo" entidade=${`o centro de custo ${centro.nome}`} ativo=${centro.ativo}
          aoAlternar=${alternar} aoExcluir=${excluir} />`}
    <//>`;
}

function DetalhesDoCentro({ centro, aoFechar }) {
  return html`
    <${Modal} titulo=${`Centro de custo ${centro.nome}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[["Código", centro.codigo], ["Situação", centro.ativo ? "Ativo" : "Inativo"]]} />
    <//>`;
}

export function CentrosDeCusto({ usuario }) {
  const escreve = pode(usuario, "cadastros:escrever");
  const [busca, setBusca] = useState("");
  const [ativo, setAtivo] = useState("true");
  const [versao, setVersao] = useState(0);
  const [aberto, setAberto] = useState(null); // a centro, or {} for a new one
  const filtros = { q: useAdiado(busca.trim()), ativo };
  const carregar = ({ cursor, signal }) => api.get("/api/centros-custo", { query: { ...filtros, cursor }, sinal: signal });
  function salvo() {
    setAberto(null);
    setVersao((v) => v + 1);
  }
  const colunas = [
    { titulo: "Nome", valor: (c) => c.nome },
    { titulo: "Código", valor: (c) => c.codigo || "—" },
    { titulo: "Situação", valor: (c) => situacao(c.ativo) },
  ];
  return html`
    <div class="barra">
      <div class="filtros">
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Nome ou código" />
        <${FiltroSelecao} rotulo="Situação" valor=${ativo} aoMudar=${setAtivo} opcoes=${situacoes(false)} />
      </div>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setAberto({})}><${Icone} nome="plus" />Novo centro de custo</button>`}
    </div>
    <${Lista} rotulo="Centros de custo" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
      vazio=${filtros.q || ativo !== "true" ? "Nenhum centro de custo encontrado com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhum centro de custo cadastrado ainda."
          acao=${escreve && { rotulo: "Cadastrar o primeiro centro de custo", aoClicar: () => setAberto({}) }}>
          Centros de custo separam os resultados por linha de trabalho — casamentos, ensaios, formaturas — para você
          ver quanto cada uma dá de lucro.<//>`}
      aoSelecionar=${setAberto} />
    ${aberto && escreve && html`
      <${FormularioDeCentro} centro=${aberto.id ? aberto : null} aoFechar=${() => setAberto(null)} aoSalvar=${salvo} />`}
    ${aberto && !escreve && html`<${DetalhesDoCentro} centro=${aberto} aoFechar=${() => setAberto(null)} />`}`;
}
