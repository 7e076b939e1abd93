// A report's export, "the file is the screen": a button whose menu offers Excel (XLSX) or PDF,
// asks relatorios-api for that file (POST /api/relatorios/export) with the screen's current
// filters, shows its progress while the
// server makes it in the background (ui/acompanhar.js), and downloads it once ready. The
// menu is the disclosure pattern of ui/menu.js (Esc or a click elsewhere closes it).

import { html, useRef, useState } from "../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../api.js";
import { useAcompanhar } from "./acompanhar.js";
import { notificar } from "./componentes.js";
import { Icone } from "./icone.js";
import { useMenu } from "./menu.js";

const FORMATOS = { xlsx: "Excel (XLSX)", pdf: "PDF" };
const EM_ANDAMENTO = new Set(["pendente", "processando"]);

function arquivoDe(exportacao) {
  return `/api/relatorios/export/${exportacao.id}/arquivo`;
}

/** Starts the browser's download of the file (the session's cookie goes with it, as with any link). */
function baixar(exportacao) {
  const link = document.createElement("a");
  link.href = arquivoDe(exportacao);
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}

/** The filters as the report's query takes them: an empty field is no filter. */
function semVazios(parametros) {
  return Object.fromEntries(Object.entries(parametros || {}).filter(
    ([, valor]) => valor !== undefined && valor !== null && valor !== "" && !(Array.isArray(valor) && !valor.length)));
}

/** The job asked for, followed until it ends; `aoFicarPronto(exportacao)` then, once. */
function useExportacao(aoFicarPronto) {
  const [exportacao, setExportacao] = useState(null);
  const [erro, setErro] = useState("");
  const andamento = exportacao && EM_ANDAMENTO.has(exportacao.status) ? exportacao.id : null;
  useAcompanhar(andamento && `/api/relatorios/export/${andamento}`, {
    aoLer(atual) {
      setErro("");
      setExportacao((anterior) => ({ ...anterior, ...atual }));
      if (atual.status === "pronto") aoFicarPronto(atual);
      return EM_ANDAMENTO.has(atual.status);
    },
    aoFalhar: setErro,
    falha: "Não foi possível ler o andamento do arquivo.",
  });
  return { exportacao, setExportacao, erro, setErro, emAndamento: Boolean(andamento) };
}

/**
 * `<${BotaoExportar} relatorio="fluxo-caixa" parametros=${filtros} />`: `relatorio` is the export's
 * name of the report (relatorios-api's catalogue), `parametros` the screen's current filters.
 * `indisponivel`: why these filters cannot be exported (said when a format is chosen), if so.
 */
export function BotaoExportar({ relatorio, parametros, indisponivel }) {
  const raiz = useRef(null);
  const { aberto, setAberto, botao, teclar, saiu } = useMenu(
    raiz, (elemento) => elemento.querySelector(".menu-exportar button"));
  const { exportacao, setExportacao, erro, setErro, emAndamento } = useExportacao((pronta) => {
    baixar(pronta);
    notificar("Arquivo pronto: o download começou.");
  });

  async function pedir(formato) {
    setAberto(false);
    botao.current.focus();
    setErro(indisponivel || "");
    if (indisponivel) return;
    try {
      const corpo = { relatorio, formato, parametros: semVazios(parametros) };
      const criada = await api.post("/api/relatorios/export", corpo);
      setExportacao({ ...criada, progresso: 0, formato });
    } catch (falha) {
      setExportacao(null);
      const campos = falha instanceof ErroApi && falha.campos ? Object.values(falha.campos).join(" ") : "";
      setErro(falha instanceof ErroApi ? [falha.message, campos].filter(Boolean).join(": ")
        : "Não foi possível pedir o arquivo.");
    }
  }

  const nome = exportacao && FORMATOS[exportacao.formato];
  return html`
    <div class="exportar" ref=${raiz} onKeyDown=${teclar} onFocusOut=${saiu}>
      <button type="button" class="botao secundario" ref=${botao} disabled=${emAndamento}
        aria-expanded=${aberto ? "true" : "false"} aria-controls=${`menu-exportar-${relatorio}`}
        onClick=${() => setAberto(!aberto)}>
        <${Icone} nome="download" />Exportar
      </button>
      <div id=${`menu-exportar-${relatorio}`} class="menu-exportar" hidden=${!aberto}>
        ${Object.entries(FORMATOS).map(([formato, rotulo]) => html`
          <button type="button" class="item-menu" onClick=${() => pedir(formato)}>${rotulo}</button>`)}
      </div>
      <div class="exportar-situacao" role="status">
        ${emAndamento && html`
          <span>Gerando o arquivo ${nome}… ${exportacao.progresso}%</span>
          <progress max="100" value=${exportacao.progresso} aria-label=${`Progresso do arquivo ${nome}`}></progress>`}
        ${exportacao?.status === "pronto" && html`
          <a href=${arquivoDe(exportacao)} download>Baixar de novo o arquivo ${nome}</a>`}
      </div>
      ${exportacao?.status === "erro" && html`
        <p class="aviso aviso-erro" role="alert">O arquivo não foi gerado: ${exportacao.erro}</p>`}
      ${erro && html`<p class="aviso aviso-erro" role="alert">${erro}</p>`}
    </div>`;
}
