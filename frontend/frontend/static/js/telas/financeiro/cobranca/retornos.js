// Retornos: the bank's answer to a remessa, uploaded into its conta, and the report of what it did —
// boletos paid (each one a recebimento in the ledger, with juros, desconto and the bank's tarifa),
// registered, rejected, taken down, the nossos números the system does not know, the bank's
// warnings — or that the same file had already been imported and nothing changed.

import { html, useState } from "../../../../vendor/htm-preact/standalone.module.js";
import { useFiltrosNaUrl } from "../../../roteador.js";
import { pode } from "../../../sessao.js";
import { FiltroSelecao } from "../../../ui/campos.js";
import { Aviso, Carregando, notificar } from "../../../ui/componentes.js";
import { plural } from "../../../ui/valores.js";
import { EstadoVazio } from "../../../ui/vazio.js";
import { FormularioDeEnvio, useEnvioDeArquivo } from "../envio.js";
import { contagens, opcoesDeConta, useContasDeCobranca } from "./comum.js";

function Relatorio({ resultado }) {
  const naoEncontrados = resultado.nao_encontrados_lista ?? [];
  const avisos = resultado.avisos ?? [];
  return html`
    <section class="relatorio-extrato" aria-label="Resultado do retorno" aria-live="polite">
      <h2>${resultado.ja_importado ? "Este retorno já tinha sido importado" : "Retorno importado"}</h2>
      ${resultado.ja_importado && html`<p class="ajuda">Nada mudou: o que ele informa já foi aplicado aos lançamentos.</p>`}
      <ul class="contagens">
        ${contagens(resultado).map(([chave, numero, texto]) => html`
          <li key=${chave} class="contagem" data-contagem=${chave}><strong>${numero}</strong> ${texto}</li>`)}
      </ul>
      ${resultado.liquidados > 0 && !resultado.ja_importado && html`<p class="ajuda">
        ${plural(resultado.liquidados, "título pago foi baixado como recebido", "títulos pagos foram baixados como recebidos")}
        no Financeiro, com juros, descontos e a tarifa do banco.</p>`}
      ${naoEncontrados.length > 0 && html`
        <div>
          <h3>Nossos números não encontrados</h3>
          <p class="ajuda">O banco informou títulos que não estão no sistema (de outro sistema, ou de outra conta):</p>
          <ul data-nao-encontrados>${naoEncontrados.map((n) => html`<li key=${n}><code>${n}</code></li>`)}</ul>
        </div>`}
      ${avisos.length > 0 && html`
        <div>
          <h3>Avisos</h3>
          <ul>${avisos.map((a, i) => html`<li key=${i}>${a}</li>`)}</ul>
        </div>`}
      <p><a href=${`/financeiro/cobranca/arquivos/${resultado.id}`}>Ver cada linha do arquivo e o que ela fez</a></p>
    </section>`;
}

// A malformed file is about the file: its reason goes under the field.
function lerFalha(falha) {
  const campos = falha.campos || {};
  return { erros: campos.arquivo || campos.conta_id ? campos : { arquivo: falha.message }, geral: campos.conta_id };
}

function Envio({ contaId, aoImportar }) {
  const envio = useEnvioDeArquivo({
    caminho: "/api/remessas/retorno", contaId, lerFalha,
    faltando: { conta_id: "Escolha a conta do retorno.", arquivo: "Escolha o arquivo de retorno que o banco enviou." },
    aoEnviar: (resultado) => {
      notificar(resultado.ja_importado ? "Retorno já importado: nada mudou."
        : `Retorno importado: ${plural(resultado.liquidados, "título liquidado", "títulos liquidados")}.`);
      aoImportar(resultado);
    },
  });
  return html`<${FormularioDeEnvio} envio=${envio} rotulo="Arquivo de retorno (CNAB 240 ou 400)" botao="Importar retorno"
    ajuda="O arquivo que o banco devolve (.ret, .txt). Importar o mesmo arquivo de novo não paga nada duas vezes." />`;
}

export function Retornos({ usuario }) {
  const escreve = pode(usuario, "financeiro:escrever");
  const contas = useContasDeCobranca();
  const [f, definir] = useFiltrosNaUrl({ conta_id: "" });
  const [resultado, setResultado] = useState(null);

  if (!escreve) return html`<${Aviso} tipo="info">Importar retornos precisa da permissão de escrever no Financeiro.<//>`;
  if (!contas) return html`<${Carregando} />`;
  if (contas.erro) return html`<${Aviso} tipo="erro">${contas.erro}<//>`;
  if (!contas.length) {
    return html`<${EstadoVazio} titulo="Nenhuma conta com cobrança configurada.">
      O retorno é a resposta do banco a uma remessa: configure antes a cobrança da conta em Cadastros › Contas.<//>`;
  }
  const contaId = f.conta_id || String(contas[0].id);
  return html`
    <div class="barra">
      <div class="filtros">
        <${FiltroSelecao} rotulo="Conta" valor=${contaId} opcoes=${opcoesDeConta(contas).slice(1)}
          aoMudar=${(id) => { setResultado(null); definir({ conta_id: id === String(contas[0].id) ? "" : id }); }} />
      </div>
    </div>
    <${Envio} key=${contaId} contaId=${contaId} aoImportar=${setResultado} />
    <div>${resultado && html`<${Relatorio} resultado=${resultado} />`}</div>`;
}
