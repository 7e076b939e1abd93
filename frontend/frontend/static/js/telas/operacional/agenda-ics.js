// The agenda outside the ERP: the secret address a calendar app (Google Agenda, Outlook, Apple)
// subscribes to — the studio's whole agenda or one person's — with a copy button and "Gerar novo
// endereço" (the old one stops working); and the import of an .ics file exported by another
// calendar, which creates or updates sessões by their UID (importing again duplicates nothing).

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { CampoArquivo } from "../../ui/arquivo.js";
import { Aviso, Carregando, Confirmacao, Modal, notificar } from "../../ui/componentes.js";
import { useConsulta } from "../../ui/consulta.js";
import { Icone } from "../../ui/icone.js";
import { sufixoDaPessoa } from "./eventos-equipe.js";

const LIMITE_DO_ICS = 2 * 1024 * 1024;

export function PainelDoFeed({ escreve, aoFechar }) {
  const membros = useConsulta("/api/eventos/membros").dados?.items ?? [];
  const [membro, setMembro] = useState("");
  const [estado, setEstado] = useState({ endereco: "", erro: null });
  const [versao, setVersao] = useState(0);
  const [renovando, setRenovando] = useState(false);
  const [copiado, setCopiado] = useState(false);

  useEffect(() => {
    const controle = new AbortController();
    setEstado({ endereco: "", erro: null });
    setCopiado(false);
    api.get("/api/agenda/feed", { query: { membro }, sinal: controle.signal })
      // The address as this browser reaches the ERP: the service behind the gateway cannot know it.
      .then((feed) => setEstado({ endereco: `${location.origin}${feed.caminho}`, erro: null }))
      .catch((falha) => {
        if (falha.name !== "AbortError") setEstado({ endereco: "", erro: falha instanceof ErroApi ? falha : new ErroApi(0) });
      });
    return () => controle.abort();
  }, [membro, versao]);

  async function copiar() {
    try {
      await navigator.clipboard.writeText(estado.endereco);
      setCopiado(true);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the address is selected to copy by hand.
      document.getElementById("endereco-feed")?.select();
    }
  }
  async function renovar() {
    await api.excluir("/api/agenda/feed", { query: { membro } });
    setRenovando(false);
    notificar("Endereço antigo desativado; use o novo endereço no seu aplicativo de agenda.");
    setVersao((v) => v + 1);
  }

  return html`
    <${Modal} titulo="Assinar no Google Agenda / Outlook / Apple" aoFechar=${aoFechar}>
      <div class="painel-feed">
        <label class="filtro">
          <span>Agenda de</span>
          <select value=${membro} onChange=${(e) => setMembro(e.currentTarget.value)}>
            <option value="">Estúdio inteiro</option>
            ${membros.map((m) => html`<option key=${`${m.tipo}:${m.id}`} value=${`${m.tipo}:${m.id}`}>${m.nome}${sufixoDaPessoa(m.tipo)}</option>`)}
          </select>
        </label>
        ${estado.erro && html`<${Aviso} tipo="erro">${estado.erro.message}<//>`}
        ${!estado.endereco && !estado.erro && html`<${Carregando} />`}
        ${estado.endereco && html`
          <div class="campo">
            <label for="endereco-feed">Endereço secreto da agenda</label>
            <div class="endereco-feed">
              <input id="endereco-feed" type="text" readonly value=${estado.endereco} onFocus=${(e) => e.currentTarget.select()} />
              <button type="button" class="botao primario" onClick=${copiar}>${copiado ? "Copiado" : "Copiar"}</button>
            </div>
            <p class="ajuda">Quem tiver este endereço vê a agenda sem senha: compartilhe só com quem deve vê-la.</p>
          </div>
          <ul class="instrucoes-feed">
            <li><strong>Google Agenda:</strong> Outras agendas › “+” › Do URL, cole o endereço e clique em Adicionar agenda.</li>
            <li><strong>Outlook:</strong> Adicionar calendário › Assinar da Web, cole o endereço.</li>
            <li><strong>Apple (iPhone, Mac):</strong> Calendário › Arquivo › Nova Assinatura de Calendário (no iPhone: Ajustes › Calendário › Contas › Adicionar Conta › Outra › Calendário Assinado).</li>
          </ul>
          <p class="ajuda">O aplicativo busca as novidades sozinho, de tempos em tempos (o Google pode levar algumas horas).</p>
          ${escreve && html`<button type="button" class="botao secundario" onClick=${() => setRenovando(true)}>
            <${Icone} nome="refresh-cw" />Gerar novo endereço</button>`}`}
      </div>
      ${renovando && html`
        <${Confirmacao} titulo="Gerar novo endereço" perigo rotuloConfirmar="Gerar novo endereço" aoConfirmar=${renovar}
          aoFechar=${() => setRenovando(false)}>
          O endereço atual deixa de funcionar: quem assinou com ele precisa assinar de novo com o novo endereço.
        <//>`}
    <//>`;
}

export function ImportarIcs({ aoFechar, aoImportar }) {
  const [arquivo, setArquivo] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const [erro, setErro] = useState("");
  const [resultado, setResultado] = useState(null);

  async function importar(evento) {
    evento.preventDefault();
    if (!arquivo) {
      setErro("Escolha um arquivo .ics");
      return;
    }
    const corpo = new FormData();
    corpo.append("arquivo", arquivo);
    setEnviando(true);
    setErro("");
    try {
      setResultado(await api.post("/api/agenda/importar", corpo));
      aoImportar();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErro(falha.campos.arquivo && falha.status === 400 ? `${falha.message}: ${falha.campos.arquivo}` : falha.message);
    } finally {
      setEnviando(false);
    }
  }

  return html`
    <${Modal} titulo="Importar .ics" aoFechar=${aoFechar}>
      <form class="formulario" onSubmit=${importar} novalidate>
        <p>Traga eventos de outra agenda (Google Agenda › Configurações › Importar e exportar › Exportar).
          Cada evento vira uma sessão; importar o mesmo arquivo de novo não duplica nada, e um evento alterado
          atualiza a sessão.</p>
        <${CampoArquivo} nome="arquivo" rotulo="Arquivo .ics" extensoes=${[".ics"]} maximo=${LIMITE_DO_ICS}
          valor=${arquivo} aoMudar=${(a) => { setArquivo(a); setErro(""); }} erro=${erro} obrigatorio />
        ${resultado && html`
          <${Aviso} tipo="info" titulo="Importação concluída">
            ${resultado.criadas} criada(s), ${resultado.atualizadas} atualizada(s), ${resultado.inalteradas} já igual(is).
            ${resultado.ignoradas.length > 0 && html` ${resultado.ignoradas.length} ignorada(s):`}
          <//>
          ${resultado.ignoradas.length > 0 && html`
            <ul class="ignoradas-ics">
              ${resultado.ignoradas.map((i, n) => html`<li key=${n}>${i.uid ?? "(sem UID)"}: ${i.motivo}</li>`)}
            </ul>`}
          ${resultado.avisos.length > 0 && html`
            <${Aviso} tipo="info" titulo="Conflitos de equipe">${resultado.avisos.map((a) => a.mensagem).join("; ")}<//>`}`}
        <div class="acoes">
          <button type="button" class="botao secundario" onClick=${aoFechar}>${resultado ? "Fechar" : "Cancelar"}</button>
          <button type="submit" class="botao primario" disabled=${enviando}>${enviando ? "Importando…" : "Importar"}</button>
        </div>
      </form>
    <//>`;
}
