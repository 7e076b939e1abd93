// Bank statements (OFX): upload one into a conta and read the import report — how many
// transactions came in, how many were already there, how many look like ones already there and
// wait for someone to keep or discard them, and whether the bank's balance matches the system's —
// then the statements of the conta, and one statement's transactions.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../../api.js";
import { formatarData, formatarDataHora } from "../../../formatos.js";
import { navegar, useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao } from "../../../ui/campos.js";
import { Aviso, Carregando, Confirmacao, Detalhes, notificar } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Lista } from "../../../ui/lista.js";
import { useContas } from "../../../ui/registros.js";
import { Dinheiro, plural } from "../../../ui/valores.js";
import { EstadoVazio } from "../../../ui/vazio.js";
import { periodo, tipoDaTransacaoOfx } from "../comum.js";
import { FormularioDeEnvio, useEnvioDeArquivo } from "../envio.js";

/** The bank's balance next to the system's; a difference is said out loud, never hidden. */
function ComparacaoDeSaldo({ extrato }) {
  if (extrato.saldo_extrato == null) {
    return html`<p class="ajuda">O arquivo não informa o saldo da conta; não há o que comparar.</p>`;
  }
  const diferente = extrato.diferenca != null && /[1-9]/.test(extrato.diferenca);
  return html`
    <dl class="comparacao-saldo">
      <div><dt>Saldo do extrato${extrato.data_saldo ? ` em ${formatarData(extrato.data_saldo)}` : ""}</dt>
        <dd><${Dinheiro} valor=${extrato.saldo_extrato} /></dd></div>
      <div><dt>Saldo do sistema${extrato.data_saldo_sistema ? ` em ${formatarData(extrato.data_saldo_sistema)}` : ""}</dt>
        <dd><${Dinheiro} valor=${extrato.saldo_sistema} /></dd></div>
      <div class=${`diferenca${diferente ? " diferenca-alerta" : " diferenca-zero"}`}>
        <dt>Diferença</dt>
        <dd><${Dinheiro} valor=${extrato.diferenca} /></dd>
      </div>
    </dl>
    ${diferente && html`<p class="aviso aviso-indisponivel diferenca-aviso" role="alert">
      O saldo do banco difere do saldo do sistema em <strong><${Dinheiro} valor=${extrato.diferenca} /></strong>:
      há lançamentos ou pagamentos faltando, ou a mais, nesta conta até ${formatarData(extrato.data_saldo)}.</p>`}`;
}

function Relatorio({ resultado }) {
  const repetido = resultado.repetido;
  return html`
    <section class="relatorio-extrato" aria-label="Resultado da importação" aria-live="polite">
      <h2>${repetido ? "Este arquivo já tinha sido importado nesta conta" : "Extrato importado"}</h2>
      <ul class="contagens">
        <li class="contagem importadas"><strong>${resultado.importadas}</strong> ${resultado.importadas === 1 ? "importada" : "importadas"}</li>
        <li class="contagem duplicadas"><strong>${resultado.duplicadas}</strong> ${resultado.duplicadas === 1 ? "duplicada" : "duplicadas"}</li>
        <li class="contagem a-revisar"><strong>${resultado.a_revisar}</strong> a revisar</li>
      </ul>
      ${repetido && html`<p class="ajuda">Nada foi gravado de novo: as transações dele já estão no sistema.</p>`}
      ${resultado.saldos_ignorados > 0 && html`<p class="ajuda">
        ${plural(resultado.saldos_ignorados, "linha de saldo que o banco listou como transação foi ignorada", "linhas de saldo que o banco listou como transações foram ignoradas")}.</p>`}
      ${resultado.a_revisar > 0 && html`<p class="ajuda">
        ${plural(resultado.a_revisar, "transação parece repetir", "transações parecem repetir")} outra de um extrato anterior
        (mesma data e valor): confira e mantenha ou descarte.</p>`}
      <${ComparacaoDeSaldo} extrato=${resultado} />
      <p><a href=${`/financeiro/extratos/${resultado.extrato_id}`}>Ver as transações do extrato</a></p>
    </section>`;
}

function Envio({ contaId, aoImportar }) {
  // The server's warning that the file is of another bank or account, until sent again knowingly.
  const [divergente, setDivergente] = useState("");
  function lerFalha(falha) {
    if (falha.code === "conta_divergente") {
      setDivergente(falha.message);
      return null;
    }
    const campos = falha.campos || {};
    const grande = falha.status === 413;
    return {
      erros: grande ? { arquivo: falha.message, ...campos } : campos,
      geral: !campos.arquivo && !campos.conta_id && !grande ? falha.message : "",
    };
  }
  const envio = useEnvioDeArquivo({
    caminho: "/api/extratos/upload", contaId, lerFalha, limpar: () => setDivergente(""),
    faltando: { conta_id: "Escolha a conta do extrato.", arquivo: "Escolha um arquivo OFX." },
    aoEnviar: (resultado) => {
      // The same file again, recognised by its content: nothing stored.
      const repetido = resultado.ja_importado;
      notificar(repetido ? "Arquivo já importado: nada novo." : `${plural(resultado.importadas, "transação importada", "transações importadas")}.`);
      aoImportar({ ...resultado, repetido });
    },
  });

  return html`
    <${FormularioDeEnvio} envio=${envio} rotulo="Arquivo OFX" extensoes=${[".ofx"]} botao="Importar extrato"
      ajuda="O extrato exportado do internet banking, em OFX. Importar o mesmo arquivo de novo não duplica nada.">
      ${divergente && html`<div class="aviso aviso-erro conta-divergente" role="alert">
        <p>${divergente}</p>
        <div class="acoes">
          <button type="button" class="botao secundario" disabled=${envio.enviando}
            onClick=${(e) => envio.enviar(e, { confirmar_conta: "true" })}>Importar mesmo assim</button>
        </div>
      </div>`}
      ${envio.erros.conta_id && html`<p class="erro-campo" role="alert">${envio.erros.conta_id}</p>`}
    <//>`;
}

function ListaDeExtratos({ contaId, versao, escreve }) {
  const carregar = ({ cursor, signal }) => api.get("/api/extratos", { query: { conta_id: contaId, cursor }, sinal: signal });
  const colunas = [
    { titulo: "Importado em", valor: (e) => formatarDataHora(e.importado_em) },
    ...(contaId ? [] : [{ titulo: "Conta", valor: (e) => e.conta_nome }]),
    { titulo: "Arquivo", valor: (e) => e.arquivo_nome },
    { titulo: "Período", valor: periodo },
    { titulo: "Importadas", classe: "numero", valor: (e) => e.importadas },
    { titulo: "Duplicadas", classe: "numero", valor: (e) => e.duplicadas },
    {
      titulo: "A revisar", classe: "numero",
      valor: (e) => html`<span class=${(e.em_revisao ?? e.a_revisar) > 0 ? "destaque-revisar" : ""}>${e.em_revisao ?? e.a_revisar}</span>`,
    },
    { titulo: "Saldo do extrato", classe: "numero", valor: (e) => (e.saldo_extrato == null ? "—" : html`<${Dinheiro} valor=${e.saldo_extrato} />`) },
    {
      titulo: "Diferença", classe: "numero",
      valor: (e) => (e.diferenca == null ? "—" : html`<${Dinheiro} valor=${e.diferenca}
        classe=${/[1-9]/.test(e.diferenca) ? "diferenca-alerta" : ""} />`),
    },
  ];
  return html`
    <h2 class="titulo-secao">Extratos importados</h2>
    <div>
      <${Lista} rotulo="Extratos importados" carregar=${carregar} colunas=${colunas} filtros=${{ conta_id: contaId }}
        versao=${versao} vazio=${html`<${EstadoVazio}
          titulo=${contaId ? "Nenhum extrato importado nesta conta ainda." : "Nenhum extrato importado ainda."}
          acao=${escreve && contaId && { rotulo: "Escolher o arquivo OFX", aoClicar: () => document.getElementById("campo-arquivo")?.click() }}>
          Baixe o extrato em OFX no internet banking do banco e importe-o aqui: é por ele que se confere o que entrou e saiu da conta.<//>`}
        aoSelecionar=${(e) => navegar(`/financeiro/extratos/${e.id}`)} />
    </div>`;
}

const TODAS = "todas"; // the address's word for every conta

export function Extratos({ usuario }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const contas = useContas();
  // The conta in the address (conta_id=7, or conta_id=todas); without it, the first conta: most
  // studios have one bank account. Without any (or without access to Cadastros), every conta.
  const [filtros, definir] = useFiltrosNaUrl({ conta_id: "" });
  const [resultado, setResultado] = useState(null);
  const [versao, setVersao] = useState(0);
  if (!contas) return html`<${Carregando} />`;
  const primeira = contas[0] ? String(contas[0].id) : "";
  const contaId = filtros.conta_id === TODAS ? "" : filtros.conta_id || primeira;

  function mudarConta(id) {
    definir({ conta_id: id === primeira ? "" : id || TODAS });
    setResultado(null);
  }
  const opcoes = [...contas.map((c) => ({ valor: String(c.id), rotulo: c.nome })), { valor: "", rotulo: "Todas as contas" }];
  let envio = null;
  if (escreve && contas.erro) {
    envio = html`<${Aviso} tipo="info" titulo="Importação indisponível">${contas.erro}<//>`;
  } else if (escreve && !contas.length) {
    envio = html`<${EstadoVazio} titulo="Nenhuma conta ativa." acao=${{ rotulo: "Cadastrar a conta", href: "/cadastros/contas" }}>
      Cadastre a conta bancária em Cadastros › Contas para importar os extratos dela.<//>`;
  } else if (escreve && contaId) {
    envio = html`<${Envio} contaId=${contaId} aoImportar=${(r) => { setResultado(r); setVersao((v) => v + 1); }} />`;
  } else if (escreve) {
    envio = html`<p class="ajuda">Escolha a conta para importar um extrato nela.</p>`;
  }
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} aoMudar=${mudarConta} opcoes=${opcoes} />
      </div>
    </div>
    <div>${envio}</div>
    <div>${resultado && html`<${Relatorio} resultado=${resultado} />`}</div>
    <${ListaDeExtratos} key=${contaId} contaId=${contaId} versao=${versao} escreve=${escreve} />`;
}

const FILTROS_DE_TRANSACOES = [
  { valor: "", rotulo: "Todas" },
  { valor: "revisar", rotulo: "A revisar" },
  { valor: "conciliadas", rotulo: "Conciliadas" },
  { valor: "pendentes", rotulo: "Não conciliadas" },
];

/** One statement and its transactions, at /financeiro/extratos/<id>. */
export function ExtratoDetalhe({ usuario, id }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const [versao, setVersao] = useState(0);
  const { dados: extrato, erro } = useConsulta(`/api/extratos/${id}`, {}, versao);
  const [endereco, definir] = useFiltrosNaUrl({ transacoes: "" });
  const filtro = FILTROS_DE_TRANSACOES.some((f) => f.valor === endereco.transacoes) ? endereco.transacoes : "";
  const setFiltro = (valor) => definir({ transacoes: valor });
  const [descartando, setDescartando] = useState(null);
  const [desfazendo, setDesfazendo] = useState(false);

  const filtros = {
    revisar: filtro === "revisar" ? "true" : undefined,
    conciliado: { conciliadas: "true", pendentes: "false" }[filtro],
  };
  const carregar = ({ cursor, signal }) => api.get(`/api/extratos/${id}/transacoes`, { query: { ...filtros, cursor }, sinal: signal });

  async function manter(transacao) {
    try {
      await api.post(`/api/extratos/transacoes/${transacao.id}/manter`);
      notificar("Transação mantida no extrato.");
      setVersao((v) => v + 1);
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      notificar(falha.message, "erro");
    }
  }
  // Undoing the import: the server refuses (409, shown in the dialog) while any is reconciled.
  async function desfazer() {
    await api.excluir(`/api/extratos/${id}`);
    notificar("Importação desfeita: o extrato e suas transações foram removidos.");
    navegar(`/financeiro/extratos?conta_id=${extrato.conta_id}`);
  }
  async function descartar() {
    await api.excluir(`/api/extratos/transacoes/${descartando.id}`);
    notificar("Transação descartada.");
    setDescartando(null);
    setVersao((v) => v + 1);
  }

  const colunas = [
    { titulo: "Data", valor: (t) => formatarData(t.data) },
    {
      titulo: "Descrição",
      valor: (t) => html`${t.memo}${t.revisar && html` <span class="status status-revisar">A revisar</span>`}`,
    },
    { titulo: "Tipo", valor: tipoDaTransacaoOfx },
    { titulo: "Valor", classe: "numero", valor: (t) => html`<${Dinheiro} valor=${t.valor} />` },
    { titulo: "Conciliada", valor: (t) => (t.conciliado ? html`<span class="status status-pago">Sim</span>` : "Não") },
  ];
  if (escreve) {
    colunas.push({
      titulo: html`<span class="so-leitor">Ações</span>`,
      valor: (t) => t.revisar && html`
        <span class="acoes-linha">
          <button type="button" class="botao secundario pequeno" aria-label=${`Manter ${t.memo} de ${formatarData(t.data)}`}
            onClick=${() => manter(t)}>Manter</button>
          <button type="button" class="botao perigo pequeno" aria-label=${`Descartar ${t.memo} de ${formatarData(t.data)}`}
            onClick=${() => setDescartando(t)}>Descartar</button>
        </span>`,
    });
  }

  let cabecalho;
  if (erro) {
    cabecalho = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => setVersao((v) => v + 1)}>${erro.message}<//>`;
  } else if (!extrato) {
    cabecalho = html`<${Carregando} />`;
  } else {
    const contaOfx = [extrato.banco_ofx && `banco ${extrato.banco_ofx}`, extrato.agencia_ofx && `ag. ${extrato.agencia_ofx}`,
      extrato.conta_ofx && `conta ${extrato.conta_ofx}`].filter(Boolean).join(" · ");
    cabecalho = html`
      <h2>Extrato ${extrato.arquivo_nome}</h2>
      <${Detalhes} pares=${[
        ["Conta", extrato.conta_nome],
        ["No arquivo", contaOfx],
        ["Período", periodo(extrato)],
        ["Importado em", formatarDataHora(extrato.importado_em)],
        ["Transações", `${extrato.importadas} importadas · ${extrato.duplicadas} duplicadas · ${extrato.em_revisao ?? extrato.a_revisar} a revisar · ${extrato.conciliadas ?? 0} conciliadas`],
      ]} />
      <${ComparacaoDeSaldo} extrato=${extrato} />
      <p class="acoes">
        <a class="botao secundario" href=${`/financeiro/conciliacao?extrato=${extrato.id}`}>Conciliar</a>
        ${escreve && html`<button type="button" class="botao perigo" onClick=${() => setDesfazendo(true)}>Desfazer importação</button>`}
      </p>`;
  }
  return html`
    <p><a href="/financeiro/extratos">‹ Voltar aos extratos</a></p>
    <section class="extrato-cabecalho" aria-label="Extrato">${cabecalho}</section>
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Transações" valor=${filtro} aoMudar=${setFiltro} opcoes=${FILTROS_DE_TRANSACOES} />
      </div>
    </div>
    <div>
      <${Lista} rotulo="Transações do extrato" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
        classeDaLinha=${(t) => (t.revisar ? "linha-revisar" : "")}
        vazio=${filtro ? "Nenhuma transação com esse filtro." : "Este extrato não tem transações."} />
    </div>
    ${desfazendo && extrato && html`
      <${Confirmacao} titulo="Desfazer importação" rotuloConfirmar="Desfazer importação" perigo aoConfirmar=${desfazer}
        aoFechar=${() => setDesfazendo(false)}>
        Remover o extrato ${extrato.arquivo_nome} e ${plural(extrato.importadas, "transação importada", "transações importadas")} dele?
        O arquivo poderá ser importado de novo depois.
      <//>`}
    ${descartando && html`
      <${Confirmacao} titulo="Descartar transação" rotuloConfirmar="Descartar" perigo aoConfirmar=${descartar}
        aoFechar=${() => setDescartando(null)}>
        Descartar ${descartando.memo} de ${formatarData(descartando.data)} (<${Dinheiro} valor=${descartando.valor} />)? Ela sai do extrato
        por ser repetição de outra já importada.
      <//>`}`;
}
