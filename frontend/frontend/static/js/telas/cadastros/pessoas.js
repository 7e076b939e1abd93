// Clientes and fornecedores: one screen for both (the API gives them the same shape, a fornecedor
// also how it is paid: bank account and PIX key; and, as a freelancer, its cachê per evento and
// whether it is an autônomo paid by RPA). List with search by name, CPF/CNPJ or e-mail;
// create and edit with the document checked by the server; deactivate; delete; import a CSV (all
// or nothing, with the refused lines listed).

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarCpfCnpj, formatarMoeda } from "../../formatos.js";
import { pode } from "../../sessao.js";
import { CampoArquivo } from "../../ui/arquivo.js";
import { Detalhes, Modal, notificar } from "../../ui/componentes.js";
import {
  CampoAreaTexto, CampoCep, CampoTelefone, CampoUf, FiltroSelecao, formatarCep, formatarTelefone, situacoes,
} from "../../ui/campos.js";
import {
  CampoCaixa, CampoCpfCnpj, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar, useApontarErro, useFormulario,
} from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { DadosBancarios, paresBancarios, valoresBancarios } from "../../ui/dados-bancarios.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { AcoesDoRegistro, situacao } from "./comum.js";

export const CLIENTES = { caminho: "/api/clientes", singular: "cliente", plural: "clientes" };
// `pagamento`: the kind has the bank account and PIX key it is paid by.
export const FORNECEDORES = { caminho: "/api/fornecedores", singular: "fornecedor", plural: "fornecedores", pagamento: true };

const maiuscula = (texto) => texto.charAt(0).toUpperCase() + texto.slice(1);
const TIPOS_DE_PESSOA = [{ valor: "FISICA", rotulo: "Pessoa física" }, { valor: "JURIDICA", rotulo: "Pessoa jurídica" }];
const ENDERECO = ["cep", "logradouro", "numero", "complemento", "bairro", "cidade", "uf"];
const ROTULOS = {
  nome: "Nome", cpf_cnpj: "CPF/CNPJ", tipo_pessoa: "Tipo de pessoa", email: "E-mail", telefone: "Telefone",
  cep: "CEP", logradouro: "Logradouro", numero: "Número", complemento: "Complemento", bairro: "Bairro",
  cidade: "Cidade", uf: "UF", observacoes: "Observações", endereco: "Endereço",
};
const MAXIMO_DE_LINHAS_NO_RELATORIO = 200;
const COLUNAS_OPCIONAIS = ["cpf_cnpj", "email", "telefone", ...ENDERECO, "observacoes"];

function valoresIniciais(config, pessoa) {
  const endereco = pessoa?.endereco || {};
  return {
    ...(config.pagamento && valoresBancarios(pessoa)),
    ...(config.pagamento && { cache_valor: pessoa?.cache_valor ?? null, cache_rpa: pessoa?.cache_rpa ?? false }),
    nome: pessoa?.nome ?? "",
    cpf_cnpj: pessoa?.cpf_cnpj ?? null,
    tipo_pessoa: pessoa?.tipo_pessoa ?? "FISICA",
    email: pessoa?.email ?? "",
    telefone: pessoa?.telefone ?? null,
    observacoes: pessoa?.observacoes ?? "",
    ...Object.fromEntries(ENDERECO.map((c) => [`endereco.${c}`, endereco[c] ?? ""])),
  };
}

function corpoDaPessoa(valores) {
  const limpos = limpar(valores);
  const endereco = Object.fromEntries(ENDERECO.map((c) => [c, limpos[`endereco.${c}`]]));
  const corpo = Object.fromEntries(Object.entries(limpos).filter(([chave]) => !chave.startsWith("endereco.")));
  corpo.endereco = Object.values(endereco).some((v) => v != null) ? endereco : null;
  return corpo;
}

function cidadeUf(pessoa) {
  const { cidade, uf } = pessoa.endereco || {};
  return [cidade, uf].filter(Boolean).join("/") || "—";
}

function FormularioDePessoa({ config, pessoa, aoFechar, aoSalvar }) {
  const form = useFormulario(valoresIniciais(config, pessoa));
  const { singular } = config;
  const campoDocumento = form.campo("cpf_cnpj");
  // The document decides the kind of person: 11 digits are a CPF, 14 characters a CNPJ.
  function mudarDocumento(valor) {
    campoDocumento.aoMudar(valor);
    if (/^\d{11}$/.test(valor ?? "")) form.definir("tipo_pessoa", "FISICA");
    else if (/^[0-9A-Z]{14}$/.test(valor ?? "")) form.definir("tipo_pessoa", "JURIDICA");
  }
  // An error about the address as a whole (not one of its fields) shows above its fields.
  const erroDoEndereco = form.campo("endereco").erro;
  const erroSoDoEndereco = erroDoEndereco && !ENDERECO.some((c) => form.campo(`endereco.${c}`).erro) ? erroDoEndereco : "";

  async function salvar(valores) {
    const corpo = corpoDaPessoa(valores);
    const salva = pessoa
      ? await api.put(`${config.caminho}/${pessoa.id}`, corpo)
      : await api.post(config.caminho, corpo);
    notificar(`${maiuscula(singular)} ${salva.nome} ${pessoa ? "atualizado" : "cadastrado"}.`);
    aoSalvar();
  }
  async function alternar() {
    const salva = await api.put(`${config.caminho}/${pessoa.id}`, { ativo: !pessoa.ativo });
    notificar(`${maiuscula(singular)} ${salva.nome} ${salva.ativo ? "reativado" : "desativado"}.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`${config.caminho}/${pessoa.id}`);
    notificar(`${maiuscula(singular)} ${pessoa.nome} excluído.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${pessoa ? `Editar ${singular} ${pessoa.nome}` : `Novo ${singular}`} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${pessoa ? "Salvar" : `Cadastrar ${singular}`}
        aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="200" />
        <div class="linha-campos">
          <${CampoCpfCnpj} ...${campoDocumento} aoMudar=${mudarDocumento} rotulo="CPF ou CNPJ"
            ajuda="Opcional; o CNPJ pode ter letras" />
          <${CampoSelecao} ...${form.campo("tipo_pessoa")} rotulo="Tipo de pessoa" opcoes=${TIPOS_DE_PESSOA} />
        </div>
        <div class="linha-campos">
          <${CampoTexto} ...${form.campo("email")} rotulo="E-mail" tipo="email" autocomplete="off" maxlength="254" />
          <${CampoTelefone} ...${form.campo("telefone")} rotulo="Telefone" ajuda="Com DDD" />
        </div>
        <fieldset class=${`endereco${erroSoDoEndereco ? " com-erro" : ""}`}>
          <legend>Endereço</legend>
          ${erroSoDoEndereco && html`<p class="erro-campo" role="alert">${erroSoDoEndereco}</p>`}
          <div class="linha-campos">
            <${CampoCep} ...${form.campo("endereco.cep")} rotulo="CEP" />
            <${CampoUf} ...${form.campo("endereco.uf")} rotulo="UF" />
          </div>
          <${CampoTexto} ...${form.campo("endereco.logradouro")} rotulo="Logradouro" maxlength="200" />
          <div class="linha-campos">
            <${CampoTexto} ...${form.campo("endereco.numero")} rotulo="Número" maxlength="20" />
            <${CampoTexto} ...${form.campo("endereco.complemento")} rotulo="Complemento" maxlength="100" />
          </div>
          <div class="linha-campos">
            <${CampoTexto} ...${form.campo("endereco.bairro")} rotulo="Bairro" maxlength="100" />
            <${CampoTexto} ...${form.campo("endereco.cidade")} rotulo="Cidade" maxlength="100" />
          </div>
        </fieldset>
        ${config.pagamento && html`
          <${DadosBancarios} form=${form} registro=${pessoa}
            ajuda="Para pagar por arquivo do banco (TED ou PIX): a conta bancária, a chave PIX, ou as duas." />
          <fieldset>
            <legend>Freelancer</legend>
            <p class="ajuda">O RH paga o cachê de quem está na equipe de um evento; o valor da equipe vale mais que este.</p>
            <div class="linha-campos">
              <${CampoMoeda} ...${form.campo("cache_valor")} rotulo="Cachê por evento" ajuda="Opcional" />
              <${CampoCaixa} ...${form.campo("cache_rpa")} rotulo="Autônomo (RPA)" />
            </div>
            <p class="ajuda">Autônomo: pessoa física com CPF, paga por RPA com INSS e IRRF retidos.</p>
          </fieldset>`}
        <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} />
      <//>
      ${pessoa && html`
        <${AcoesDoRegistro} nome=${singular} entidade=${`o ${singular} ${pessoa.nome}`} ativo=${pessoa.ativo}
          aoAlternar=${alternar} aoExcluir=${excluir} />`}
    <//>`;
}

function DetalhesDaPessoa({ config, pessoa, aoFechar }) {
  const e = pessoa.endereco || {};
  const endereco = [[e.logradouro, e.numero, e.complemento].filter(Boolean).join(", "), e.bairro, cidadeUf(pessoa),
    e.cep && formatarCep(e.cep)].filter((p) => p && p !== "—").join(" · ");
  return html`
    <${Modal} titulo=${`${maiuscula(config.singular)} ${pessoa.nome}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["CPF/CNPJ", pessoa.cpf_cnpj_formatado || formatarCpfCnpj(pessoa.cpf_cnpj ?? "")],
        ["Tipo", TIPOS_DE_PESSOA.find((t) => t.valor === pessoa.tipo_pessoa)?.rotulo],
        ["E-mail", pessoa.email],
        ["Telefone", formatarTelefone(pessoa.telefone)],
        ["Endereço", endereco],
        ...(config.pagamento ? paresBancarios(pessoa) : []),
        ...(config.pagamento ? [["Cachê por evento", pessoa.cache_valor && formatarMoeda(pessoa.cache_valor)],
          ["Autônomo (RPA)", pessoa.cache_rpa ? "Sim" : "Não"]] : []),
        ["Observações", pessoa.observacoes],
        ["Situação", pessoa.ativo ? "Ativo" : "Inativo"],
      ]} />
    <//>`;
}

function problemasDaLinha(erros) {
  return Object.entries(erros).map(([campo, mensagem]) => {
    const nome = campo.replace(/^endereco\./, "");
    return html`<li key=${campo}><strong>${ROTULOS[nome] ?? nome}:</strong> ${mensagem}</li>`;
  });
}

function Importacao({ config, aoFechar, aoImportar }) {
  const [arquivo, setArquivo] = useState(null);
  const [erro, setErro] = useState("");
  const [linhas, setLinhas] = useState([]);
  const [enviando, setEnviando] = useState(false);
  const [raiz, apontar] = useApontarErro();

  async function importar(evento) {
    evento.preventDefault();
    setErro("");
    setLinhas([]);
    if (!arquivo) {
      setErro("Escolha um arquivo CSV.");
      apontar();
      return;
    }
    const dados = new FormData();
    dados.append("arquivo", arquivo);
    setEnviando(true);
    try {
      const { importados } = await api.post(`${config.caminho}/importar`, dados);
      notificar(`${importados} ${importados === 1 ? config.singular : config.plural} importado${importados === 1 ? "" : "s"}.`);
      aoImportar();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      setErro(falha.campos.arquivo || falha.message);
      setLinhas(Array.isArray(falha.corpo?.linhas) ? falha.corpo.linhas : []);
      apontar();
    } finally {
      setEnviando(false);
    }
  }

  const mostradas = linhas.slice(0, MAXIMO_DE_LINHAS_NO_RELATORIO);
  return html`
    <${Modal} titulo=${`Importar ${config.plural}`} aoFechar=${aoFechar}>
      <form ref=${raiz} class="formulario" onSubmit=${importar} novalidate>
        <p>
          Um arquivo CSV com a primeira linha de títulos: <code>nome</code> (obrigatória)${COLUNAS_OPCIONAIS.map(
            (c) => html`, <code>${c}</code>`)}. Separado por ponto e vírgula ou vírgula, como o Excel salva. Se
          alguma linha tiver problema, nada é importado e as linhas aparecem aqui para corrigir.
        </p>
        <p><a href=${`${config.caminho}/importar/modelo`} download>Baixar o modelo (CSV)</a></p>
        <${CampoArquivo} nome="arquivo" rotulo="Arquivo CSV" extensoes=${[".csv"]} valor=${arquivo} erro=${erro}
          aoMudar=${(novo) => { setArquivo(novo); setErro(""); setLinhas([]); }} />
        ${mostradas.length > 0 && html`
          <div class="lista relatorio-importacao">
            <table>
              <caption>Linhas com problemas</caption>
              <thead><tr><th scope="col" class="numero">Linha</th><th scope="col">Problemas</th></tr></thead>
              <tbody>
                ${mostradas.map((l) => html`
                  <tr key=${l.linha}>
                    <td class="numero">${l.linha}</td>
                    <td><ul class="problemas">${problemasDaLinha(l.erros || {})}</ul></td>
                  </tr>`)}
              </tbody>
            </table>
            ${linhas.length > mostradas.length && html`
              <p class="ajuda">E mais ${linhas.length - mostradas.length} linhas com problemas.</p>`}
          </div>`}
        <div class="acoes">
          <button type="button" class="botao secundario" onClick=${aoFechar}>Cancelar</button>
          <button type="submit" class="botao primario" disabled=${enviando}>${enviando ? "Importando…" : "Importar"}</button>
        </div>
      </form>
    <//>`;
}

/** `<${Pessoas} config=${CLIENTES} usuario=${usuario} />` */
export function Pessoas({ config, usuario }) {
  const escreve = pode(usuario, "cadastros:escrever");
  const [busca, setBusca] = useState("");
  const [tipoPessoa, setTipoPessoa] = useState("");
  const [ativo, setAtivo] = useState("true");
  const [versao, setVersao] = useState(0);
  const [aberta, setAberta] = useState(null); // a pessoa, or {} for a new one
  const [importando, setImportando] = useState(false);
  const filtros = { q: useAdiado(busca.trim()), tipo_pessoa: tipoPessoa, ativo };
  const carregar = ({ cursor, signal }) => api.get(config.caminho, { query: { ...filtros, cursor }, sinal: signal });
  function salvo() {
    setAberta(null);
    setImportando(false);
    setVersao((v) => v + 1);
  }
  const colunas = [
    { titulo: "Nome", valor: (p) => p.nome },
    { titulo: "CPF/CNPJ", valor: (p) => p.cpf_cnpj_formatado || (p.cpf_cnpj ? formatarCpfCnpj(p.cpf_cnpj) : "—") },
    { titulo: "E-mail", valor: (p) => p.email || "—" },
    { titulo: "Telefone", valor: (p) => formatarTelefone(p.telefone) || "—" },
    { titulo: "Cidade", valor: cidadeUf },
    { titulo: "Situação", valor: (p) => situacao(p.ativo) },
  ];
  const filtrando = filtros.q || tipoPessoa || ativo !== "true";
  return html`
    <div class="barra">
      <div class="filtros">
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca}
          placeholder="Nome, CPF/CNPJ ou e-mail" />
        <${FiltroSelecao} rotulo="Tipo" valor=${tipoPessoa} aoMudar=${setTipoPessoa}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...TIPOS_DE_PESSOA]} />
        <${FiltroSelecao} rotulo="Situação" valor=${ativo} aoMudar=${setAtivo} opcoes=${situacoes()} />
      </div>
      ${escreve && html`
        <div class="acoes-barra">
          <button type="button" class="botao secundario" onClick=${() => setImportando(true)}><${Icone} nome="upload" />Importar CSV</button>
          <button type="button" class="botao primario" onClick=${() => setAberta({})}><${Icone} nome="plus" />Novo ${config.singular}</button>
        </div>`}
    </div>
    <${Lista} rotulo=${maiuscula(config.plural)} carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
      vazio=${filtrando ? `Nenhum ${config.singular} encontrado com esses filtros.` : html`
        <${EstadoVazio} titulo=${`Nenhum ${config.singular} cadastrado ainda.`}
          acao=${escreve && { rotulo: `Importar planilha de ${config.plural}`, aoClicar: () => setImportando(true) }}>
          Traga de uma vez a planilha que você já tem (CSV, do Excel), ou cadastre um a um em “Novo ${config.singular}”.<//>`}
      aoSelecionar=${setAberta} />
    ${aberta && escreve && html`
      <${FormularioDePessoa} config=${config} pessoa=${aberta.id ? aberta : null} aoFechar=${() => setAberta(null)}
        aoSalvar=${salvo} />`}
    ${aberta && !escreve && html`<${DetalhesDaPessoa} config=${config} pessoa=${aberta} aoFechar=${() => setAberta(null)} />`}
    ${importando && html`<${Importacao} config=${config} aoFechar=${() => setImportando(false)} aoImportar=${salvo} />`}`;
}
