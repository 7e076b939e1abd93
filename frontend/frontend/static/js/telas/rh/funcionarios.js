// Funcionários: who the studio pays a salary or pró-labore to. The list (name or CPF, situação and
// vínculo kept in the address), "Novo funcionário", a row opens its form (or, for whoever only
// reads, its details); delete after a confirmation. The server checks CPF, PIS, dates, bank data
// and PIX key, and its 400 names the field the message shows under.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarCpfCnpj, formatarData } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { pode } from "../../sessao.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { Confirmacao, Detalhes, Modal, notificar } from "../../ui/componentes.js";
import { DadosBancarios, paresBancarios, valoresBancarios } from "../../ui/dados-bancarios.js";
import {
  CampoCaixa, CampoCpfCnpj, CampoData, CampoMoeda, CampoSelecao, CampoTexto, Formulario, limpar, semNulos, useFormulario,
} from "../../ui/formulario.js";
import { Icone } from "../../ui/icone.js";
import { Filtro, Lista, useAdiado } from "../../ui/lista.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoVazio } from "../../ui/vazio.js";
import { CampoPis, VINCULOS, formatarPis, lerInteiro, lerNumero, mostrarNumero, nomeDoVinculo } from "./comum.js";

// The situação in the address (a word, so that "todos" is not taken for the default) and the
// list's `ativos` it asks for.
const SITUACOES = [
  { valor: "ativos", rotulo: "Ativos", ativos: "true" },
  { valor: "desligados", rotulo: "Desligados", ativos: "false" },
  { valor: "todos", rotulo: "Todos", ativos: "" },
];

function valoresIniciais(f) {
  return {
    nome: f?.nome ?? "",
    cpf: f?.cpf ?? null,
    pis: f?.pis ?? null,
    cargo: f?.cargo ?? "",
    data_admissao: f?.data_admissao ?? null,
    data_demissao: f?.data_demissao ?? null,
    salario: f?.salario ?? null,
    dependentes: String(f?.dependentes ?? 0),
    vinculo: f?.vinculo ?? "CLT",
    jornada_mensal_horas: mostrarNumero(f?.jornada_mensal_horas ?? "220"),
    vale_transporte: f?.vale_transporte ?? false,
    custo_vale_transporte: f?.custo_vale_transporte ?? null,
    ...valoresBancarios(f),
  };
}

function corpoDoFuncionario(valores) {
  const limpos = limpar(valores);
  // Dependentes and jornada left empty take the server's default (0, 220 h) or keep the record's.
  const { dependentes, jornada_mensal_horas: jornada, ...resto } = limpos;
  return {
    ...resto,
    custo_vale_transporte: limpos.vale_transporte ? limpos.custo_vale_transporte : null,
    ...semNulos({ dependentes: lerInteiro(dependentes), jornada_mensal_horas: lerNumero(jornada) }),
  };
}

function FormularioDeFuncionario({ funcionario, aoFechar, aoSalvar }) {
  const form = useFormulario(valoresIniciais(funcionario));
  const [excluindo, setExcluindo] = useState(false);

  async function salvar(valores) {
    const corpo = corpoDoFuncionario(valores);
    const salvo = funcionario
      ? await api.put(`/api/funcionarios/${funcionario.id}`, corpo)
      : await api.post("/api/funcionarios", corpo);
    notificar(`Funcionário ${salvo.nome} ${funcionario ? "atualizado" : "cadastrado"}.`);
    aoSalvar();
  }
  async function excluir() {
    await api.excluir(`/api/funcionarios/${funcionario.id}`);
    notificar(`Funcionário ${funcionario.nome} excluído.`);
    aoSalvar();
  }

  return html`
    <${Modal} titulo=${funcionario ? `Editar funcionário ${funcionario.nome}` : "Novo funcionário"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${funcionario ? "Salvar" : "Cadastrar funcionário"}
        aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="200" />
        <div class="linha-campos">
          <${CampoCpfCnpj} ...${form.campo("cpf")} rotulo="CPF" obrigatorio />
          <${CampoPis} ...${form.campo("pis")} rotulo="PIS/PASEP/NIT" ajuda="Opcional; está na carteira de trabalho" />
        </div>
        <div class="linha-campos">
          <${CampoTexto} ...${form.campo("cargo")} rotulo="Cargo" maxlength="100" />
          <${CampoSelecao} ...${form.campo("vinculo")} rotulo="Vínculo" opcoes=${VINCULOS} />
        </div>
        <div class="linha-campos">
          <${CampoData} ...${form.campo("data_admissao")} rotulo="Admissão" obrigatorio />
          <${CampoData} ...${form.campo("data_demissao")} rotulo="Demissão" ajuda="Só quando sair do estúdio" />
        </div>
        <div class="linha-campos">
          <${CampoMoeda} ...${form.campo("salario")} rotulo="Salário (R$)" obrigatorio ajuda="Do mês inteiro" />
          <${CampoTexto} ...${form.campo("dependentes")} rotulo="Dependentes" inputmode="numeric" maxlength="2"
            ajuda="Para o imposto de renda" />
          <${CampoTexto} ...${form.campo("jornada_mensal_horas")} rotulo="Jornada mensal (horas)" inputmode="decimal"
            maxlength="6" ajuda="220 para 44 h por semana" />
        </div>
        <${CampoCaixa} ...${form.campo("vale_transporte")} rotulo="Recebe vale-transporte (desconto de até 6 % do salário)" />
        ${form.valores.vale_transporte && html`
          <${CampoMoeda} ...${form.campo("custo_vale_transporte")} rotulo="Custo do vale-transporte no mês (R$)"
            ajuda="Opcional: o desconto não passa do que o estúdio gasta" />`}
        <${DadosBancarios} form=${form} registro=${funcionario} legenda="Dados bancários para o salário"
          ajuda="Onde o salário é pago: a conta bancária, a chave PIX, ou as duas." />
      <//>
      ${funcionario && html`
        <div class="zona-perigo">
          <div class="acoes-registro">
            <button type="button" class="botao perigo" onClick=${() => setExcluindo(true)}>Excluir funcionário</button>
          </div>
          ${excluindo && html`
            <${Confirmacao} titulo="Excluir funcionário" rotuloConfirmar="Excluir" perigo aoConfirmar=${excluir}
              aoFechar=${() => setExcluindo(false)}>
              Excluir ${funcionario.nome} e as variáveis dos meses dele? Para quem saiu do estúdio, informe a
              demissão em vez de excluir.
            <//>`}
        </div>`}
    <//>`;
}

function DetalhesDoFuncionario({ funcionario: f, aoFechar }) {
  return html`
    <${Modal} titulo=${`Funcionário ${f.nome}`} aoFechar=${aoFechar}>
      <${Detalhes} pares=${[
        ["CPF", formatarCpfCnpj(f.cpf)],
        ["PIS/PASEP/NIT", formatarPis(f.pis)],
        ["Cargo", f.cargo],
        ["Vínculo", nomeDoVinculo(f.vinculo)],
        ["Admissão", formatarData(f.data_admissao)],
        ["Demissão", formatarData(f.data_demissao)],
        ["Salário", html`<${Dinheiro} valor=${f.salario} />`],
        ["Dependentes", String(f.dependentes ?? 0)],
        ["Jornada mensal", `${mostrarNumero(f.jornada_mensal_horas)} h`],
        ["Vale-transporte", f.vale_transporte
          ? (f.custo_vale_transporte ? html`Sim, custo de <${Dinheiro} valor=${f.custo_vale_transporte} /> no mês` : "Sim")
          : "Não"],
        ...paresBancarios(f),
      ]} />
    <//>`;
}

export function Funcionarios({ usuario }) {
  const escreve = pode(usuario, "rh:escrever");
  const [f, definir] = useFiltrosNaUrl({ q: "", situacao: "ativos", vinculo: "" });
  const situacao = SITUACOES.find((s) => s.valor === f.situacao) ?? SITUACOES[0];
  const [busca, setBusca] = useState(f.q);
  const [versao, setVersao] = useState(0);
  const [aberto, setAberto] = useState(null); // a funcionário, or {} for a new one
  const filtros = { q: useAdiado(busca.trim()), ativos: situacao.ativos, vinculo: f.vinculo };
  const carregar = ({ cursor, signal }) => api.get("/api/funcionarios", { query: { ...filtros, cursor }, sinal: signal });
  const emUso = [filtros.q, situacao !== SITUACOES[0], f.vinculo].filter(Boolean).length;
  function salvo() {
    setAberto(null);
    setVersao((v) => v + 1);
  }
  const colunas = [
    { titulo: "Nome", valor: (x) => x.nome },
    { titulo: "Cargo", valor: (x) => x.cargo || "—" },
    { titulo: "Vínculo", valor: (x) => nomeDoVinculo(x.vinculo) },
    {
      titulo: "Admissão",
      valor: (x) => (x.data_demissao ? `${formatarData(x.data_admissao)} (saiu em ${formatarData(x.data_demissao)})`
        : formatarData(x.data_admissao)),
    },
    { titulo: "Salário", classe: "numero", valor: (x) => html`<${Dinheiro} valor=${x.salario} />` },
  ];
  return html`
    <div class="barra">
      <${PainelDeFiltros} id="filtros-funcionarios" emUso=${emUso}>
        <${Filtro} rotulo="Buscar" tipo="search" valor=${busca} placeholder="Nome ou CPF"
          aoMudar=${(v) => { setBusca(v); definir({ q: v.trim() }, { substituir: true }); }} />
        <${FiltroSelecao} rotulo="Situação" valor=${situacao.valor} aoMudar=${(v) => definir({ situacao: v })}
          opcoes=${SITUACOES} />
        <${FiltroSelecao} rotulo="Vínculo" valor=${f.vinculo} aoMudar=${(v) => definir({ vinculo: v })}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...VINCULOS]} />
      <//>
      ${escreve && html`
        <button type="button" class="botao primario" onClick=${() => setAberto({})}><${Icone} nome="plus" />Novo funcionário</button>`}
    </div>
    <${Lista} rotulo="Funcionários" carregar=${carregar} colunas=${colunas} filtros=${filtros} versao=${versao}
      aoSelecionar=${setAberto}
      vazio=${emUso ? "Nenhum funcionário encontrado com esses filtros." : html`
        <${EstadoVazio} titulo="Nenhum funcionário cadastrado ainda."
          acao=${escreve && { rotulo: "Cadastrar o primeiro funcionário", aoClicar: () => setAberto({}) }}>
          Cadastre quem recebe salário ou pró-labore do estúdio: a folha do mês é calculada a partir daqui.<//>`} />
    ${aberto && escreve && html`
      <${FormularioDeFuncionario} funcionario=${aberto.id ? aberto : null} aoFechar=${() => setAberto(null)}
        aoSalvar=${salvo} />`}
    ${aberto && !escreve && html`<${DetalhesDoFuncionario} funcionario=${aberto} aoFechar=${() => setAberto(null)} />`}`;
}
