// Empresas of the platform (platform administrator): list and create.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarCpfCnpj, formatarDataHora } from "../../formatos.js";
import { renovar } from "../../sessao.js";
import { Modal, notificar } from "../../ui/componentes.js";
import { CampoCnpj, CampoTexto, Formulario, useFormulario } from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Lista } from "../../ui/lista.js";

function NovaEmpresa({ aoFechar, aoSalvar }) {
  const form = useFormulario({ nome: "", cnpj: null });
  async function salvar(valores) {
    const criada = await api.post("/api/empresas", valores);
    // The session's list of empresas is read at each renewal: renew so the header offers the new one.
    await renovar().catch(() => {});
    notificar(`Empresa ${criada.nome} criada. Ela já aparece no seletor de empresas.`);
    aoSalvar();
  }
  return html`
    <${Modal} titulo="Nova empresa" aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Criar empresa" aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus />
        <${CampoCnpj} ...${form.campo("cnpj")} rotulo="CNPJ"
          ajuda="Opcional. Os dígitos verificadores são conferidos; aceita o CNPJ alfanumérico." />
      <//>
    <//>`;
}

export function Empresas() {
  const [versao, setVersao] = useState(0);
  const [criando, setCriando] = useState(false);
  const carregar = ({ cursor, signal }) => api.get("/api/empresas", { query: { cursor }, sinal: signal });
  const colunas = [
    { titulo: "Nome", valor: (e) => e.nome },
    { titulo: "CNPJ", valor: (e) => (e.cnpj ? formatarCpfCnpj(e.cnpj) : "—") },
    { titulo: "Situação", valor: (e) => (e.ativa ? "Ativa" : "Inativa") },
    { titulo: "Criada em", valor: (e) => formatarDataHora(e.criada_em) },
  ];
  function salvo() {
    setCriando(false);
    setVersao((v) => v + 1);
  }
  return html`
    <div class="barra">
      <span></span>
      <button type="button" class="botao primario" onClick=${() => setCriando(true)}><${Icone} nome="plus" />Nova empresa</button>
    </div>
    <${Lista} rotulo="Empresas" carregar=${carregar} colunas=${colunas} versao=${versao}
      vazio="Nenhuma empresa cadastrada." />
    ${criando && html`<${NovaEmpresa} aoFechar=${() => setCriando(false)} aoSalvar=${salvo} />`}`;
}
