// A lançamento's place in cobrança, shown in its detail: for a receita, its boleto — the título's
// situação at the bank (and the bank's reason when rejected), the linha digitável to copy, the PDF
// and, when the conta has a chave PIX, the PIX code to copy and its QR; for a despesa, how its
// payment by bank file went.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../../formatos.js";
import { Aviso, Carregando, Detalhes } from "../../../ui/componentes.js";
import { useConsulta } from "../../../ui/consulta.js";
import { Icone } from "../../../ui/icone.js";
import { useContas } from "../../../ui/registros.js";
import { Dinheiro } from "../../../ui/valores.js";
import { BotaoCopiar, FORMAS, ROTA, SeloSituacao } from "./comum.js";

/** A code to read and copy: a read-only field (selectable by hand too) and its button. */
function Codigo({ id, rotulo, valor, rotuloCopiar }) {
  return html`
    <div class="campo">
      <label for=${id}>${rotulo}</label>
      <input id=${id} type="text" readonly value=${valor} onFocus=${(e) => e.currentTarget.select()} />
      <div class="acoes-linha"><${BotaoCopiar} texto=${valor} rotulo=${rotuloCopiar} selecionar=${id} /></div>
    </div>`;
}

/** The QR of the boleto's PIX, asked for (an SVG from the server) only when shown, and never put in the page as markup. */
function QrDoPix({ lancamentoId }) {
  const { dados: pix, erro } = useConsulta(`/api/lancamentos/${lancamentoId}/pix`);
  if (erro) return html`<p class="ajuda">${erro.message}</p>`;
  if (!pix) return html`<${Carregando} texto="Carregando o QR…" />`;
  return html`<p><img alt="QR code do PIX deste boleto" width="220" height="220"
    src=${`data:image/svg+xml;charset=utf-8,${encodeURIComponent(pix.qr_svg)}`} /></p>`;
}

function Boleto({ lancamento }) {
  const { dados: boleto, erro, recarregar } = useConsulta(`/api/lancamentos/${lancamento.id}/boleto`);
  const [qr, setQr] = useState(false);
  if (erro) return html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${recarregar}>${erro.message}<//>`;
  if (!boleto) return html`<${Carregando} texto="Carregando o boleto…" />`;
  return html`
    <${Detalhes} pares=${[
      ["Situação", html`<${SeloSituacao} situacao=${boleto.situacao} />`],
      ...(boleto.motivo ? [["Motivo do banco", boleto.motivo]] : []),
      ["Nosso número", html`<code>${boleto.nosso_numero}</code>`],
      ["Vencimento", formatarData(boleto.vencimento)],
      ["Valor", html`<${Dinheiro} valor=${boleto.valor} />`],
    ]} />
    <${Codigo} id=${`linha-digitavel-${lancamento.id}`} rotulo="Linha digitável" valor=${boleto.linha_digitavel}
      rotuloCopiar="Copiar" />
    <p class="acoes-registro">
      <a class="botao secundario pequeno" href=${`/api/lancamentos/${lancamento.id}/boleto.pdf`} target="_blank"
        rel="noopener"><${Icone} nome="download" />Baixar PDF</a>
      ${boleto.pix && html`
        <button type="button" class="botao secundario pequeno" aria-expanded=${qr ? "true" : "false"} onClick=${() => setQr(!qr)}>
          ${qr ? "Esconder QR" : "Mostrar QR"}</button>`}
    </p>
    ${boleto.pix && html`<${Codigo} id=${`pix-${lancamento.id}`} rotulo="PIX copia e cola" valor=${boleto.pix.copia_e_cola}
      rotuloCopiar="Copiar código PIX" />`}
    ${qr && html`<${QrDoPix} lancamentoId=${lancamento.id} />`}`;
}

/**
 * A receita's boleto. Reading it the first time issues the título (draws its nosso número), so
 * that is asked for with a button; once issued, it shows by itself.
 */
function BoletoDaReceita({ lancamento, escreve }) {
  const contas = useContas({ todas: true });
  const [emitir, setEmitir] = useState(false);
  if (lancamento.cobranca || emitir) return html`<${Boleto} lancamento=${lancamento} />`;
  const conta = (contas || []).find((c) => c.id === lancamento.conta_id);
  if (contas && !contas.erro && !conta?.cobranca) {
    return html`<p class="ajuda">A conta ${lancamento.conta_nome} não tem cobrança configurada: configure-a em Cadastros › Contas
      para emitir boletos.</p>`;
  }
  const aberto = lancamento.status === "PENDENTE" || lancamento.status === "PARCIAL";
  return html`
    <p class="ajuda">Boleto ainda não emitido. Ele é registrado no banco por uma remessa, em${" "}
      <a href=${`${ROTA}?conta_id=${lancamento.conta_id}`}>Financeiro › Cobrança</a>.</p>
    ${escreve && aberto && html`
      <p><button type="button" class="botao secundario pequeno" onClick=${() => setEmitir(true)}>Emitir boleto</button></p>`}`;
}

function PagamentoDaDespesa({ pagamento }) {
  return html`
    <${Detalhes} pares=${[
      ["Forma", FORMAS[pagamento.forma] ?? pagamento.forma],
      ["Situação", html`<${SeloSituacao} situacao=${pagamento.situacao} />`],
      ...(pagamento.motivo ? [["Motivo do banco", pagamento.motivo]] : []),
    ]} />`;
}

/** The panel under a lançamento's data: "Boleto" for a receita, "Pagamento por arquivo" for a despesa that went in one. */
export function PainelDeCobranca({ lancamento, escreve }) {
  const receita = lancamento.tipo === "RECEITA";
  if (!receita && !lancamento.cobranca) return null;
  return html`
    <section class="baixas" aria-labelledby="titulo-cobranca">
      <h3 id="titulo-cobranca">${receita ? "Boleto" : "Pagamento por arquivo"}</h3>
      ${receita ? html`<${BoletoDaReceita} lancamento=${lancamento} escreve=${escreve} />`
        : html`<${PagamentoDaDespesa} pagamento=${lancamento.cobranca} />`}
    </section>`;
}
