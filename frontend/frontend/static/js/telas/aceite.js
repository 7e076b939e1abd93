// The client's acceptance page (/aceite/<token>), public: whoever has the secret link reads the
// contract, opens its PDF, types name and CPF and accepts — no login, no session. The token in the
// address is the only credential; the API finds the studio and the contract by it (a wrong or
// replaced link is a 404). After accepting, the page shows the record with the PDF's SHA-256.

import { html, useEffect, useState } from "../../vendor/htm-preact/standalone.module.js";
import { api } from "../api.js";
import { formatarDataHora } from "../formatos.js";
import { Aviso, Carregando } from "../ui/componentes.js";
import { CampoCpfCnpj, CampoTexto, Formulario, useFormulario } from "../ui/formulario.js";
import { Dinheiro } from "../ui/valores.js";

function Confirmado({ registro }) {
  return html`
    <${Aviso} tipo="sucesso" titulo="Contrato aceito">
      Aceite registrado em ${formatarDataHora(registro.aceito_em)} por ${registro.nome}.
      Resumo criptográfico (SHA-256) do PDF aceito: <code data-sha256>${registro.pdf_sha256}</code>.
      Guarde o PDF: ele pode ser conferido com o estúdio a qualquer momento pelo resumo.
    <//>`;
}

export function PaginaDeAceite({ token }) {
  const caminho = `/api/aceite/${encodeURIComponent(token)}`;
  const [estado, setEstado] = useState({ dados: null, erro: null });
  const [registro, setRegistro] = useState(null);
  const form = useFormulario({ nome: "", cpf: null });
  useEffect(() => {
    document.title = "Aceite de contrato · ERP Web";
    const controle = new AbortController();
    api.get(caminho, { sinal: controle.signal })
      .then((dados) => setEstado({ dados, erro: null }))
      .catch((erro) => { if (erro.name !== "AbortError") setEstado({ dados: null, erro }); });
    return () => controle.abort();
  }, [caminho]);

  async function aceitar({ nome, cpf }) {
    setRegistro(await api.post(caminho, { nome: nome.trim(), cpf: cpf ?? "" }));
  }
  const { dados, erro } = estado;
  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo="erro" titulo="Link inválido">${erro.status === 404
      ? "Este link de aceite não existe ou foi substituído por um novo. Peça ao estúdio o link atual." : erro.message}<//>`;
  } else if (!dados) {
    conteudo = html`<${Carregando} texto="Abrindo o contrato…" />`;
  } else {
    const { contrato, empresa } = dados;
    const aceito = registro || (dados.status === "aceito" ? { ...dados } : null);
    conteudo = html`
      <h1>Contrato nº ${contrato.id} · ${empresa.nome}</h1>
      <p>${contrato.descricao}${contrato.evento_nome ? ` · ${contrato.evento_nome}` : ""} · valor
        <${Dinheiro} valor=${contrato.valor} /> em ${contrato.parcelas.length} pagamento(s):
        ${contrato.parcelas.map((p) => html`<span key=${p.numero}> <${Dinheiro} valor=${p.valor} /> em ${p.vencimento};</span>`)}</p>
      <p><a href=${`${caminho}/pdf`} target="_blank" rel="noopener">Abrir o contrato em PDF</a>
        (SHA-256 <code>${dados.pdf_sha256}</code>)</p>
      <div class="detalhes-tecnicos"><pre data-texto-contrato>${dados.texto}</pre></div>
      ${aceito ? html`<${Confirmado} registro=${aceito} />` : html`
        <h2>Aceite</h2>
        <p>Ao clicar em “Li e aceito”, você declara que leu o contrato acima e concorda com ele. Ficam registrados a data e
          a hora, o seu endereço IP, o navegador e o resumo (SHA-256) do PDF.</p>
        <${Formulario} form=${form} aoEnviar=${aceitar} rotuloEnviar="Li e aceito">
          <${CampoTexto} ...${form.campo("nome")} rotulo="Nome completo" obrigatorio autocomplete="name" maxlength="200" />
          <${CampoCpfCnpj} ...${form.campo("cpf")} rotulo="CPF" obrigatorio inputmode="numeric" />
        <//>`}`;
  }
  return html`<main class="pagina-aceite" id="conteudo">${conteudo}</main>`;
}
