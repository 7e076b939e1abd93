// Contratos: what each cliente signed, its payment plan and whether its parcelas are in Financeiro.
// The list (newest first, filtered by status in the address); "Novo contrato"; a row opens the
// contract's page (/operacional/contratos/<id>: contratos-pagina.js); the templates of the text are
// at /operacional/contratos/modelos (contratos-modelos.js).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarData } from "../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { Icone } from "../../ui/icone.js";
import { Lista } from "../../ui/lista.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { FormularioDeContrato, SeloStatus, STATUS } from "./contratos-comum.js";
import { ModelosDeContrato } from "./contratos-modelos.js";
import { PaginaDoContrato } from "./contratos-pagina.js";

const PAGINA = /^\/operacional\/contratos\/(\d+)$/;
const OPCOES_DE_STATUS = [{ valor: "", rotulo: "Todos" }, ...STATUS];

function Sincronizacao({ contrato }) {
  return contrato.sincronizacao === "pendente"
    ? html`<span class="status status-vencido" title="O Financeiro ainda não tem a versão atual das parcelas">Pendente</span>`
    : html`<span class="status status-pago">Lançado</span>`;
}

function ListaDeContratos({ usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [f, definir] = useFiltrosNaUrl({ status: "" });
  const [novo, setNovo] = useState(false);
  const filtros = { status: f.status };
  const carregar = ({ cursor, signal }) => api.get("/api/contratos", { query: { ...filtros, cursor }, sinal: signal });
  const colunas = [
    { titulo: "Nº", valor: (c) => html`<a href=${`/operacional/contratos/${c.id}`}>${c.id}</a>` },
    { titulo: "Cliente", valor: (c) => c.cliente_nome || "—" },
    { titulo: "Descrição", valor: (c) => c.descricao },
    { titulo: "Evento", valor: (c) => c.evento_nome || "—" },
    { titulo: "Valor", classe: "numero", valor: (c) => html`<${Dinheiro} valor=${c.valor} />` },
    { titulo: "Status", valor: (c) => html`<${SeloStatus} status=${c.status} />` },
    { titulo: "Financeiro", valor: (c) => html`<${Sincronizacao} contrato=${c} />` },
    { titulo: "Criado em", valor: (c) => formatarData(c.criado_em) },
  ];
  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-contratos" emUso=${f.status ? 1 : 0}>
        <${FiltroSelecao} rotulo="Status" valor=${f.status} aoMudar=${(v) => definir({ status: v })} opcoes=${OPCOES_DE_STATUS} />
      <//>
      <div class="acoes-linha">
        <a class="botao secundario" href="/operacional/contratos/modelos">Modelos de contrato</a>
        ${escreve && html`<button type="button" class="botao primario" onClick=${() => setNovo(true)}><${Icone} nome="plus" />Novo contrato</button>`}
      </div>
    </div>
    <${Lista} rotulo="Contratos" carregar=${carregar} colunas=${colunas} filtros=${filtros}
      aoSelecionar=${(c) => navegar(`/operacional/contratos/${c.id}`)}
      vazio=${f.status ? "Nenhum contrato com esse status." : html`
        <${EstadoVazio} titulo="Nenhum contrato ainda."
          acao=${escreve && { rotulo: "Criar o primeiro contrato", aoClicar: () => setNovo(true) }}>
          O contrato gera o texto a partir de um modelo, lança as parcelas a receber no Financeiro e pode ser aceito
          pelo cliente por um link, sem papel.<//>`} />
    ${novo && html`
      <${FormularioDeContrato} aoFechar=${() => setNovo(false)}
        aoSalvar=${(contrato) => navegar(`/operacional/contratos/${contrato.id}`)} />`}`;
}

export function Contratos({ usuario, rota }) {
  if (rota.caminho === "/operacional/contratos/modelos") return html`<${ModelosDeContrato} usuario=${usuario} />`;
  const pagina = PAGINA.exec(rota.caminho);
  if (pagina) return html`<${PaginaDoContrato} key=${pagina[1]} id=${Number(pagina[1])} usuario=${usuario} />`;
  return html`<${ListaDeContratos} usuario=${usuario} />`;
}
