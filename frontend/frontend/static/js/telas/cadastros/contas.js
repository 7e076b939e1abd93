// Contas bancárias (and the cash box, cards, investments): list with the current balance, create,
// edit, deactivate, delete. The bank comes from the Brazilian banks list (/api/bancos). A bank
// conta's cobrança (boletos and PIX by file): its own dialog, whose fields and hints follow what
// the conta's bank takes (/api/bancos/cobranca); a "Cobrança" badge in the list.

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../../api.js";
import { formatarData, hoje } from "../../formatos.js";
import { pode } from "../../sessao.js";
import { Aviso, Carregando, Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { CampoAreaTexto, FiltroSelecao, situacoes } from "../../ui/campos.js";
import { buscarBancos, rotuloDoBanco, TIPOS_DE_CHAVE_PIX } from "../../ui/dados-bancarios.js";
import { CampoEscolha } from "../../ui/escolha.js";
import {
  CampoCpfCnpj, CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar, semNulos, useFormulario,
} from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { AcoesDoRegistro, situacao } from "./comum.js";

export const TIPOS_DE_CONTA = [
  { valor: "CORRENTE", rotulo: "Conta corrente" },
  { valor: "POUPANCA", rotulo: "Poupança" },
  { valor: "CAIXA", rotulo: "Caixa (dinheiro)" },
  { valor: "CARTAO", rotulo: "Cartão de crédito" },
  { valor: "INVESTIMENTO", rotulo: "Investimento" },
];
const nomeDoTipo = (tipo) => TIPOS_DE_CONTA.find((t) => t.valor === tipo)?.rotulo ?? tipo;

function agenciaEConta(conta) {
  return [conta.agencia && `Ag. ${conta.agencia}`, conta.numero && `C/C ${conta.numero}`].filter(Boolean).join(" · ") || "—";
}

function corpoDaConta(valores) {
  const limpos = limpar(valores);
  if (limpos.tipo === "CAIXA") {
    Object.assign(limpos, { banco: null, agencia: null, numero: null });
  }
  // Balance and date are never null: absent, the server keeps (or defaults) them.
  const { saldo_inicial: saldo, data_saldo_inicial: data, ...resto } = limpos;
  return { ...resto, ...semNulos({ saldo_inicial: saldo, data_saldo_inicial: data }) };
}

// ---------------------------------------------------------------- cobrança

const maiuscula = (texto) => texto.charAt(0).toUpperCase() + texto.slice(1);

/** "4, 6, 7 ou 8 dígitos", "de 1 a 20 dígitos", "7 dígitos", as the server's messages say them. */
function emDigitos(tamanhos) {
  if (tamanhos.length === 1) return `${tamanhos[0]} dígitos`;
  const seguidos = tamanhos.every((t, i) => i === 0 || t === tamanhos[i - 1] + 1);
  if (tamanhos.length > 4 && seguidos) return `de ${tamanhos[0]} a ${tamanhos.at(-1)} dígitos`;
  return `${tamanhos.slice(0, -1).join(", ")} ou ${tamanhos.at(-1)} dígitos`;
}

/** A whole number typed in a form, for the body: empty is absent (the server's default). */
function inteiro(texto) {
  if (texto == null || texto === "") return undefined;
  return /^\d+$/.test(texto) ? Number(texto) : texto;
}

const percentual = (texto) => (texto == null || texto === "" ? undefined : texto.replace(",", "."));

async function buscarDespesas(texto, sinal) {
  const { items } = await api.get("/api/categorias", { query: { tipo: "DESPESA", ativa: true, q: texto }, sinal });
  return items.map((c) => ({ valor: c.id, rotulo: c.nome }));
}

function valoresDaCobranca(atual, regra) {
  const texto = (valor) => (valor == null ? "" : String(valor));
  return {
    layout: atual?.layout ?? regra.layouts[0],
    convenio: texto(atual?.convenio),
    carteira: atual?.carteira ?? "",
    variacao: texto(atual?.variacao),
    posto: texto(atual?.posto),
    chave_pix: texto(atual?.chave_pix),
    tipo_chave_pix: atual?.tipo_chave_pix ?? "",
    juros_mes_percentual: texto(atual?.juros_mes_percentual ?? "0.00").replace(".", ","),
    multa_percentual: texto(atual?.multa_percentual ?? "0.00").replace(".", ","),
    dias_baixa: texto(atual?.dias_baixa),
    proximo_nosso_numero: texto(atual?.proximo_nosso_numero ?? 1),
    proximo_nsa: texto(atual?.proximo_nsa ?? 1),
    instrucoes: texto(atual?.instrucoes),
    beneficiario_nome: texto(atual?.beneficiario_nome),
    beneficiario_documento: atual?.beneficiario_documento ?? null,
    beneficiario_endereco: texto(atual?.beneficiario_endereco),
    categoria_tarifa_id: atual?.categoria_tarifa_id ?? null,
  };
}

function corpoDaCobranca(valores) {
  const limpos = limpar(valores);
  // A PUT replaces the whole settings: what is left out takes the server's default.
  return semNulos({
    ...limpos,
    juros_mes_percentual: percentual(limpos.juros_mes_percentual),
    multa_percentual: percentual(limpos.multa_percentual),
    dias_baixa: inteiro(limpos.dias_baixa),
    proximo_nosso_numero: inteiro(limpos.proximo_nosso_numero),
    proximo_nsa: inteiro(limpos.proximo_nsa),
  });
}

function FormularioDaCobranca({ conta, regra, atual, rotuloTarifas, aoFechar, aoSalvar }) {
  const form = useFormulario(valoresDaCobranca(atual, regra));
  const [removendo, setRemovendo] = useState(false);
  const { convenio, variacao } = regra;
  const exigeVariacao = variacao && variacao.exigida_nas_carteiras.includes(form.valores.carteira);

  async function salvar(valores) {
    await api.put(`/api/contas/${conta.id}/cobranca`, corpoDaCobranca(valores));
    notificar(`Cobrança da conta ${conta.nome} salva.`);
    aoSalvar();
  }
  async function remover() {
    await api.excluir(`/api/contas/${conta.id}/cobranca`);
    notificar(`Cobrança da conta ${conta.nome} removida.`);
    aoSalvar();
  }

  return html`
    <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar="Salvar cobrança" aoCancelar=${aoFechar}>
      <p class="ajuda">
        O que o ${regra.nome} pede para registrar boletos por arquivo (remessa), conforme o contrato de cobrança da
        conta. Agência ${conta.agencia}, conta ${conta.numero}.
      </p>
      <div class="linha-campos">
        <${CampoSelecao} ...${form.campo("layout")} rotulo="Layout do arquivo"
          opcoes=${regra.layouts.map((l) => ({ valor: l, rotulo: l.replace("CNAB", "CNAB ") }))}
          ajuda=${regra.layouts.length > 1 ? "Confira com o banco qual layout foi contratado" : "O único que o banco recebe"} />
        <${CampoSelecao} ...${form.campo("carteira")} rotulo="Carteira" obrigatorio
          opcoes=${[{ valor: "", rotulo: "Escolha" }, ...regra.carteiras.map((c) => ({ valor: c, rotulo: c }))]}
          ajuda="Está no contrato de cobrança" />
      </div>
      ${convenio ? html`
        <${CampoTexto} ...${form.campo("convenio")} rotulo=${maiuscula(convenio.nome)} obrigatorio inputmode="numeric"
          maxlength="20" ajuda=${`${maiuscula(emDigitos(convenio.tamanhos))}, como ${convenio.exemplo}`} />`
    : html`<p class="ajuda">O ${regra.nome} não usa convênio: a agência e a conta identificam o beneficiário.</p>`}
      ${variacao && html`
        <${CampoTexto} ...${form.campo("variacao")} rotulo=${maiuscula(variacao.nome)} obrigatorio=${exigeVariacao}
          inputmode="numeric" maxlength="3"
          ajuda=${variacao.valores
            ? `Use ${variacao.valores.join(", ")}, como ${variacao.exemplo}`
            : `3 dígitos, como ${variacao.exemplo}; exigida nas carteiras ${variacao.exigida_nas_carteiras.join(" e ")}`} />`}
      ${regra.posto && html`
        <${CampoTexto} ...${form.campo("posto")} rotulo="Posto da cooperativa" obrigatorio inputmode="numeric"
          maxlength="2" ajuda="2 dígitos, como 07" />`}
      <div class="linha-campos">
        <${CampoTexto} ...${form.campo("chave_pix")} rotulo="Chave PIX" maxlength="77"
          ajuda="Opcional: imprime o QR Code PIX no boleto (CNPJ, e-mail, celular ou chave aleatória)" />
        <${CampoSelecao} ...${form.campo("tipo_chave_pix")} rotulo="Tipo da chave" opcoes=${TIPOS_DE_CHAVE_PIX} />
      </div>
      <div class="linha-campos">
        <${CampoTexto} ...${form.campo("multa_percentual")} rotulo="Multa (%)" inputmode="decimal" ajuda="Após o vencimento, de 0 a 20" />
        <${CampoTexto} ...${form.campo("juros_mes_percentual")} rotulo="Juros ao mês (%)" inputmode="decimal" ajuda="De 0 a 20" />
        <${CampoTexto} ...${form.campo("dias_baixa")} rotulo="Baixa após (dias)" inputmode="numeric"
          ajuda="Dias após o vencimento até o banco devolver o título" />
      </div>
      <${CampoEscolha} ...${form.campo("categoria_tarifa_id")} rotulo="Categoria das tarifas" buscar=${buscarDespesas}
        rotuloInicial=${rotuloTarifas} placeholder="Uma categoria de despesa, como Tarifas bancárias"
        vazio="Nenhuma categoria de despesa encontrada." />
      <${CampoAreaTexto} ...${form.campo("instrucoes")} rotulo="Instruções no boleto" maximo=${400} />
      <details class="avancado">
        <summary>Numeração e beneficiário</summary>
        <div class="linha-campos">
          <${CampoTexto} ...${form.campo("proximo_nosso_numero")} rotulo="Próximo nosso número" inputmode="numeric"
            ajuda="Se a conta já emitia boletos em outro sistema, continue depois do último" />
          <${CampoTexto} ...${form.campo("proximo_nsa")} rotulo="Próximo arquivo (NSA)" inputmode="numeric"
            ajuda="Número sequencial da próxima remessa" />
        </div>
        <${CampoTexto} ...${form.campo("beneficiario_nome")} rotulo="Nome do beneficiário" maxlength="100"
          ajuda="Em branco: o nome da empresa" />
        <${CampoCpfCnpj} ...${form.campo("beneficiario_documento")} rotulo="CPF ou CNPJ do beneficiário"
          ajuda="Em branco: o CNPJ da empresa" />
        <${CampoTexto} ...${form.campo("beneficiario_endereco")} rotulo="Endereço do beneficiário" maxlength="200" />
      </details>
    <//>
    ${atual && html`
      <div class="zona-perigo">
        <div class="acoes-registro">
          <button type="button" class="botao perigo" onClick=${() => setRemovendo(true)}>Remover cobrança</button>
        </div>
        ${removendo && html`
          <${Confirmacao} titulo="Remover cobrança" rotuloConfirmar="Remover" perigo aoConfirmar=${remover}
            aoFechar=${() => setRemovendo(false)}>
            Remover a configuração de cobrança da conta ${conta.nome}? Os boletos já emitidos continuam no banco.
          <//>`}
      </div>`}`;
}

/** The cobrança dialog of a conta: its settings (if any) and its bank's rules, then the form. */
function CobrancaDaConta({ conta, aoFechar, aoSalvar }) {
  const [carregado, setCarregado] = useState(null); // {regra, atual, rotuloTarifas}
  const [erro, setErro] = useState(null);
  const [versao, setVersao] = useState(0);
  useEffect(() => {
    const controle = new AbortController();
    const sinal = controle.signal;
    setErro(null);
    (async () => {
      const { items } = await api.get("/api/bancos/cobranca", { sinal });
      let atual = null;
      try {
        atual = await api.get(`/api/contas/${conta.id}/cobranca`, { sinal });
      } catch (falha) {
        if (!(falha instanceof ErroApi) || falha.status !== 404) throw falha;
      }
      const tarifas = atual?.categoria_tarifa_id
        ? await api.get(`/api/categorias/${atual.categoria_tarifa_id}`, { sinal }) : null;
      setCarregado({ regra: items.find((b) => b.codigo === conta.banco) ?? null, atual, rotuloTarifas: tarifas?.nome ?? "" });
    })().catch((falha) => {
      if (falha instanceof ErroApi) setErro(falha);
      else if (falha.name !== "AbortError") throw falha;
    });
    return () => controle.abort();
  }, [conta.id, versao]);

  let conteudo;
  if (erro) {
    conteudo = html`<${Aviso} tipo=${erro.indisponivel ? "indisponivel" : "erro"} acao=${() => setVersao((v) => v + 1)}>
      ${erro.message}<//>`;
  } else if (!carregado) {
    conteudo = html`<${Carregando} />`;
  } else if (!carregado.regra) {
    conteudo = html`<${Aviso} titulo="Sem cobrança por arquivo">
      O banco ${rotuloDoBanco(conta.banco, conta.banco_nome)} não tem cobrança registrada por arquivo neste sistema.
      Os bancos com cobrança são Banco do Brasil, Santander, Caixa, Bradesco, Itaú, Sicredi e Sicoob.<//>`;
  } else if (!conta.agencia || !conta.numero) {
    conteudo = html`<${Aviso} titulo="Falta a agência ou o número">
      Informe a agência e o número da conta (em Editar conta) antes de configurar a cobrança.<//>`;
  } else {
    conteudo = html`<${FormularioDaCobranca} conta=${conta} ...${carregado} aoFechar=${aoFechar} aoSalvar=${aoSalvar} />`;
  }
  return html`<${Modal} titulo=${`Cobrança da conta ${conta.nome}`} aoFechar=${aoFechar}>${conteudo}<//>`;
}

function SeloCobranca() {
  return html`<span class="selo-tipo" title="Emite boletos e PIX por arquivo">Cobrança</span>`;
}

// ---------------------------------------------------------------- the conta

function FormularioDeConta({ conta, aoFechar, aoSalvar, aoCobranca }) {
  const form = useFormulario(conta
    ? {
      nome: conta.nome, tipo: conta.tipo, banco: conta.banco, agencia: conta.agencia ?? "", numero: conta.numero ?? "",
      saldo_inicial: conta.saldo_inicial, data_saldo_inicial: conta.data_saldo_inicial,
    }
    : { nome: "", tipo: "CORRENTE", banco: null, agencia: "", numero: "", saldo_inicial: "0.00", data_saldo_inicial: hoje() });
  const caixa = form.valores.tipo === "CAIXA";
  // The chosen bank's label outlives the picker, which leaves the form while the tipo is Caixa.
  const [rotuloBanco, setRotuloBanco] = useState(conta ? rotuloDoBanco(conta.banco, conta.banco_nome) : "");
  const campoBanco = form.campo("banco");
  function escolherBanco(codigo, opcao) {
    campoBanco.aoMudar(codigo);
    setRotuloBanco(opcao ? opcao.rotulo : "");
  }

  async function salvar(valores) {
    const corpo = corpoDaConta(valores);
    const salva = conta ? await api.put(`/api/contas/${conta.id}`, corpo) : await api.post("/api/contas", corpo);
    notificar(conta ? `Conta ${salva.nome} atualizada.` : `Conta ${salva.nome} criada.`);
    aoSalvar();
  }
  async function alternar() {
    const salva = await api.put(`/api/contas/${conta.id}`, { ativa: !conta.ativa });
    notificar(salva.ativa ? `Conta ${salva.nome} reativada.` : `Conta ${salva.nome} desativada.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`/api/contas/${conta.id}`);
    notificar(`Conta ${conta.nome} excluída.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${conta ? `Editar conta ${conta.nome}` : "Nova conta"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${conta ? "Salvar" : "Criar conta"} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="100"
          ajuda="Como a conta aparece nos lançamentos, por exemplo Itaú movimento" />
        <${CampoSelecao} ...${form.campo("tipo")} rotulo="Tipo" opcoes=${TIPOS_DE_CONTA} />
        ${!caixa && html`
          <${CampoEscolha} ...${campoBanco} aoMudar=${escolherBanco} rotulo="Banco" obrigatorio buscar=${buscarBancos}
            rotuloInicial=${rotuloBanco}
            placeholder="Código ou nome do banco" vazio="Nenhum banco encontrado." />
          <div class="linha-campos">
            <${CampoTexto} ...${form.campo("agencia")} rotulo="Agência" inputmode="numeric" maxlength="10"
              ajuda="Com o dígito, se houver: 1234-5" />
            <${CampoTexto} ...${form.campo("numero")} rotulo="Número da conta" inputmode="numeric" maxlength="20"
              ajuda="Com o dígito: 12345-6" />
          </div>`}
        <div class="linha-campos">
          <${CampoMoeda} ...${form.campo("saldo_inicial")} rotulo="Saldo inicial (R$)"
            ajuda="Pode ser negativo: -1.234,56" />
          <${CampoData} ...${form.campo("data_saldo_inicial")} rotulo="Data do saldo inicial" />
        </div>
      <//>
      ${conta?.banco && conta.tipo !== "CAIXA" && html`
        <div class="acoes-registro">
          <button type="button" class="botao secundario" onClick=${() => aoCobranca(conta)}>
            <${Icone} nome="wallet" />${conta.cobranca ? "Cobrança (boletos e PIX)" : "Configurar cobrança"}
          </button>
        </div>`}
      ${conta && html`
        <${AcoesDoRegistro} nome="conta" entidade=${`a conta ${conta.nome}`} ativo=${conta.ativa}
          aoAlternar=${alternar} aoExcluir=${excluir} />`}
    <//>`;
}

function DetalhesDaConta({ conta, aoFechar }) {
  return html`
    <${Modal} titulo=${`Conta ${conta.nome}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["Tipo", nomeDoTipo(conta.tipo)],
        ["Banco", rotuloDoBanco(conta.banco, conta.banco_nome)],
        ["Agência", conta.agencia],
        ["Conta", conta.numero],
        ["Saldo inicial", html`<${Dinheiro} valor=${conta.saldo_inicial} /> em ${formatarData(conta.data_saldo_inicial)}`],
        ["Saldo atual", html`<${Dinheiro} valor=${conta.saldo_atual} />`],
        ["Cobrança", conta.cobranca ? "Configurada (boletos e PIX)" : "Não configurada"],
        ["Situação", conta.ativa ? "Ativa" : "Inativa"],
      ]} />
    <//>`;
}

export function Contas({ usuario }) {
  const escreve = pode(usuario, "cadastros:escrever");
  const [busca, setBusca] = useState("");
  const [tipo, setTipo] = useState("");
  const [ativa, setAtiva] = useState("true");
  const [versao, setVersao] = useState(0);
  const [aberta, setAberta] = useState(null); // a conta, or {} for a new one
  const [cobrancaDe, setCobrancaDe] = useState(null); // the conta whose cobrança is open
  const filtros = { q: useAdiado(busca.trim()), tipo, ativa };
  const carregar = ({ cursor, signal }) => api.get("/api/contas", { query: { ...filtros, cursor }, sinal: signal });
  function salvo() {
    setAberta(null);
    setCobrancaDe(null);
    setVersao((v) => v + 1);
  }
  function abrirCobranca(conta) {
    setAberta(null);
    setCobrancaDe(conta);
  }
  const colunas = [
    { titulo: "Nome", valor: (c) => (c.cobranca ? html`${c.nome} <${SeloCobranca} />` : c.nome) },
    { titulo: "Tipo", valor: (c) => nomeDoTipo(c.tipo) },
    { titulo: "Banco", valor: (c) => rotuloDoBanco(c.banco, c.banco_nome) || "—" },
    { titulo: "Agência e conta", valor: agenciaEConta },
    { titulo: "Saldo atual", classe: "numero", valor: (c) => html`<${Dinheiro} valor=${c.saldo_atual} />` },
    { titulo: "Situação", valor: (c) => situacao(c.ativa, true) },
  ];
  return html`
    <div class="barra">
      <div class="filtros">
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} aoMudar=${setBusca} placeholder="Nome da conta" />
        <${FiltroSelecao} rotulo="Tipo" valor=${tipo} aoMudar=${setTipo}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...TIPOS_DE_CONTA]} />
        <${FiltroSelecao} rotulo="Situação" valor=${ativa} aoMudar=${setAtiva} opcoes=${situacoes(true)} />
      </div>
      ${escreve && html`<button type="button" class="botao primario" onClick=${() => setAberta({})}><${Icone} nome="plus" />Nova conta</button>`}
    </div>
    <${Lista} rotulo="Contas" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
      vazio=${filtros.q || tipo || ativa !== "true" ? "Nenhuma conta encontrada com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhuma conta cadastrada ainda." acao=${escreve && { rotulo: "Cadastrar a primeira conta", aoClicar: () => setAberta({}) }}>
          Cadastre as contas do banco, o caixa do estúdio e os cartões: os lançamentos e os extratos ficam nelas.<//>`}
      aoSelecionar=${setAberta} />
    ${aberta && escreve && html`
      <${FormularioDeConta} conta=${aberta.id ? aberta : null} aoFechar=${() => setAberta(null)} aoSalvar=${salvo}
        aoCobranca=${abrirCobranca} />`}
    ${cobrancaDe && html`<${CobrancaDaConta} conta=${cobrancaDe} aoFechar=${() => setCobrancaDe(null)} aoSalvar=${salvo} />`}
    ${aberta && !escreve && html`<${DetalhesDaConta} conta=${aberta} aoFechar=${() => setAberta(null)} />`}`;
}
