// One contract's page (/operacional/contratos/<id>): its data, its parcelas with their situation in
// Financeiro (and "Tentar de novo" while they are not there yet; their boletos as one carnê, and the
// way to send them to the bank in a remessa), the PDF, the electronic
// acceptance (the secret link to send, then who accepted, when and the PDF's hash, and a check of
// any PDF against it), and its text. Editing, cancelling and deleting are here too.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarData, formatarDataHora } from "../../formatos.js";
import { navegar } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, Detalhes, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { Dinheiro } from "../../ui/valores.js";
import { avisarSincronizacao, FormularioDeContrato, SeloParcela, SeloStatus } from "./contratos-comum.js";

const ROTULO_DA_BASE = { data: "", assinatura: "da assinatura", evento: "do evento" };

function relativo(p) {
  if (p.base === "data") return "";
  const dias = p.dias === 0 ? "no dia" : p.dias < 0 ? `${-p.dias} dias antes` : `${p.dias} dias depois`;
  return ` (${dias} ${ROTULO_DA_BASE[p.base]}${p.provisorio ? "; provisório até a assinatura" : ""})`;
}

function Plano({ contrato, usuario }) {
  return html`
    <div class="lista"><table class="tabela-cartoes tabela-relatorio" role="table" aria-label="Parcelas do contrato">
      <thead><tr><th>Parcela</th><th>Vencimento</th><th class="numero">Valor</th><th class="numero">Pago</th><th>Situação</th></tr></thead>
      <tbody>
        ${contrato.plano.map((p) => html`
          <tr key=${p.numero}>
            <td data-label="Parcela">${p.numero === 0 ? "Sinal" : `${p.numero} de ${contrato.parcelas}`}</td>
            <td data-label="Vencimento">${formatarData(p.vencimento)}${relativo(p)}</td>
            <td data-label="Valor" class="numero"><${Dinheiro} valor=${p.valor} /></td>
            <td data-label="Pago" class="numero"><${Dinheiro} valor=${p.valor_pago} /></td>
            <td data-label="Situação"><${SeloParcela} status=${p.status} /></td>
          </tr>`)}
      </tbody>
    </table></div>
    ${contrato.lancamento_ids.length > 0 && html`
      <p><a href=${`/financeiro?periodo=tudo&cliente_id=${contrato.cliente_id}`}>Ver os lançamentos do cliente no Financeiro</a></p>
      ${pode(usuario, "financeiro:ler") && html`
        <p class="acoes-registro">
          <a class="botao secundario pequeno" href=${`/api/lancamentos/carne.pdf?contrato_id=${contrato.id}`} target="_blank"
            rel="noopener">Carnê (PDF)</a>
          ${pode(usuario, "financeiro:escrever") && html`
            <a class="botao secundario pequeno" href=${`/financeiro/cobranca?contrato_id=${contrato.id}`}>Gerar remessa</a>`}
        </p>`}`}`;
}

function Pendente({ contrato, aoSincronizar }) {
  const [tentando, setTentando] = useState(false);
  async function tentar(calado = false) {
    setTentando(true);
    try {
      const salvo = await api.post(`/api/contratos/${contrato.id}/sincronizar`);
      if (salvo.sincronizacao === "sincronizado") notificar("Parcelas lançadas no Financeiro.");
      else if (!calado) avisarSincronizacao(salvo);
      aoSincronizar();
    } catch (e) {
      if (!calado) notificar(e.message, "erro");
    } finally {
      setTentando(false);
    }
  }
  // Opening the page tries once by itself: a contract the client signed through the link (which
  // carries no credential financeiro takes) gets its new dates there as soon as staff look at it.
  useEffect(() => {
    tentar(true);
  }, [contrato.id]);
  return html`
    <${Aviso} tipo="indisponivel" titulo="Parcelas ainda não lançadas no Financeiro"
      rotuloAcao=${tentando ? "Tentando…" : "Tentar de novo"} acao=${() => tentar()}>
      ${contrato.mensagem_sincronizacao} O contrato está salvo; as parcelas serão lançadas uma vez só, sem duplicar.
    <//>`;
}

function Aceite({ contrato, escreve }) {
  const { dados: registro, erro, recarregar } = useConsulta(`/api/contratos/${contrato.id}/aceite`);
  const [link, setLink] = useState(null);
  const [conferido, setConferido] = useState(null);
  const semRegistro = erro?.status === 404;
  async function gerar() {
    try {
      const novo = await api.post(`/api/contratos/${contrato.id}/aceite`);
      setLink(`${location.origin}${novo.caminho}`);
      recarregar();
    } catch (e) {
      notificar(e.message, "erro");
    }
  }
  async function conferir(evento) {
    const arquivo = evento.currentTarget.files[0];
    if (!arquivo) return;
    const dados = new FormData();
    dados.append("arquivo", arquivo);
    try {
      setConferido(await api.post(`/api/contratos/${contrato.id}/aceite/verificar`, dados));
    } catch (e) {
      if (!(e instanceof ErroApi)) throw e;
      notificar(e.message, "erro");
    }
  }
  if (erro && !semRegistro) return html`<${Aviso} tipo="erro" acao=${recarregar}>${erro.message}<//>`;
  if (!registro && !semRegistro) return html`<${Carregando} />`;
  const aceito = registro?.status === "aceito";
  return html`
    ${aceito ? html`
      <${Detalhes} pares=${[["Aceito por", registro.nome], ["CPF", registro.cpf], ["Em", formatarDataHora(registro.aceito_em)],
        ["Endereço IP", registro.ip], ["Navegador", registro.user_agent], ["SHA-256 do PDF aceito", html`<code>${registro.pdf_sha256}</code>`]]} />
      <p><a href=${`/api/contratos/${contrato.id}/aceite/pdf`} target="_blank" rel="noopener">Baixar o PDF aceito</a></p>
      <div class="campo">
        <label for="conferir-pdf">Conferir um PDF (é exatamente o aceito?)</label>
        <input id="conferir-pdf" type="file" accept="application/pdf,.pdf" onChange=${conferir} />
      </div>
      ${conferido && html`<${Aviso} tipo=${conferido.confere ? "sucesso" : "erro"}>
        ${conferido.confere ? "O arquivo é exatamente o PDF aceito." : "O arquivo NÃO é o PDF aceito: foi alterado ou é outro."}
        SHA-256 do arquivo: <code>${conferido.sha256}</code><//>`}`
    : html`
      <p>${registro ? `Link enviado em ${formatarDataHora(registro.gerado_em)}; aguardando o aceite do cliente.`
        : "O cliente ainda não recebeu o link de aceite."}</p>
      ${link && html`<p class="aviso aviso-sucesso">Envie este link ao cliente (ele só vale até gerar outro):
        <br /><a href=${link} target="_blank" rel="noopener" data-link-aceite>${link}</a></p>`}
      ${escreve && contrato.status === "proposta" && html`
        <button type="button" class="botao secundario" onClick=${gerar}>${registro ? "Gerar novo link" : "Gerar link de aceite"}</button>`}`}`;
}

// The next step of a contract's life, as a button (cancelling has its own, with a confirmation).
const PROXIMO = {
  proposta: ["assinado", "Marcar como assinado (em papel)"],
  assinado: ["em_execucao", "Iniciar execução"],
  em_execucao: ["concluido", "Concluir contrato"],
};

export function PaginaDoContrato({ id, usuario }) {
  const escreve = pode(usuario, "operacional:escrever");
  const [versao, setVersao] = useState(0);
  const { dados: contrato, erro, recarregar } = useConsulta(`/api/contratos/${id}`, {}, versao);
  const [editando, setEditando] = useState(false);
  const [confirmando, setConfirmando] = useState(null); // "cancelar" | "excluir"
  const atualizar = () => setVersao((v) => v + 1);
  if (erro) {
    return html`<p><a href="/operacional/contratos">← Contratos</a></p>
      <${Aviso} tipo="erro" acao=${erro.status === 404 ? undefined : recarregar}>${erro.message}<//>`;
  }
  if (!contrato) return html`<${Carregando} />`;
  async function cancelar() {
    avisarSincronizacao(await api.put(`/api/contratos/${id}`, { status: "cancelado" }));
    notificar("Contrato cancelado.");
    atualizar();
  }
  async function excluir() {
    await api.excluir(`/api/contratos/${id}`);
    notificar("Contrato excluído.");
    navegar("/operacional/contratos");
  }
  async function avancar(status) {
    try {
      avisarSincronizacao(await api.put(`/api/contratos/${id}`, { status }));
      atualizar();
    } catch (e) {
      notificar(e.message, "erro");
    }
  }
  const ativo = contrato.status !== "cancelado";
  const proximo = PROXIMO[contrato.status];
  return html`
    <p><a href="/operacional/contratos">← Contratos</a></p>
    <div class="barra">
      <h2>Contrato nº ${contrato.id} <${SeloStatus} status=${contrato.status} /></h2>
      <div class="acoes-linha">
        <a class="botao secundario" href=${`/api/contratos/${id}/pdf`} target="_blank" rel="noopener">Ver PDF</a>
        ${escreve && proximo && html`
          <button type="button" class="botao secundario" onClick=${() => avancar(proximo[0])}>${proximo[1]}</button>`}
        ${escreve && ativo && html`
          <button type="button" class="botao secundario" onClick=${() => setEditando(true)}>Editar</button>
          ${contrato.status !== "concluido" && html`
            <button type="button" class="botao secundario" onClick=${() => setConfirmando("cancelar")}>Cancelar contrato</button>`}`}
        ${escreve && html`<button type="button" class="botao perigo" onClick=${() => setConfirmando("excluir")}>Excluir</button>`}
      </div>
    </div>
    ${contrato.sincronizacao === "pendente" && escreve && html`<${Pendente} contrato=${contrato} aoSincronizar=${atualizar} />`}
    <${Detalhes} pares=${[["Cliente", contrato.cliente_nome], ["Evento", contrato.evento_id
      ? html`<a href=${`/operacional/eventos/${contrato.evento_id}`}>${contrato.evento_nome}</a>` : null],
      ["Descrição", contrato.descricao], ["Valor", html`<${Dinheiro} valor=${contrato.valor} />`],
      ["Assinado em", contrato.assinado_em ? formatarDataHora(contrato.assinado_em) : null]]} />
    <h3 class="titulo-secao">Parcelas</h3>
    <${Plano} contrato=${contrato} usuario=${usuario} />
    <h3 class="titulo-secao">Aceite eletrônico</h3>
    <${Aceite} key=${versao} contrato=${contrato} escreve=${escreve} />
    <h3 class="titulo-secao">Texto do contrato</h3>
    <div class="detalhes-tecnicos"><pre data-texto-contrato>${contrato.texto}</pre></div>
    ${editando && html`
      <${FormularioDeContrato} contrato=${contrato} aoFechar=${() => setEditando(false)}
        aoSalvar=${() => { setEditando(false); atualizar(); }} />`}
    ${confirmando === "cancelar" && html`
      <${Confirmacao} titulo="Cancelar contrato" rotuloConfirmar="Cancelar contrato" perigo aoConfirmar=${cancelar}
        aoFechar=${() => setConfirmando(null)}>
        Cancelar o contrato nº ${contrato.id}? As parcelas em aberto serão canceladas no Financeiro; as já pagas ficam.
        Um contrato cancelado não pode ser reaberto.
      <//>`}
    ${confirmando === "excluir" && html`
      <${Confirmacao} titulo="Excluir contrato" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
        aoFechar=${() => setConfirmando(null)}>
        Excluir o contrato nº ${contrato.id}? As parcelas em aberto serão canceladas no Financeiro. Um contrato com
        parcela paga não pode ser excluído: cancele-o.
      <//>`}`;
}
