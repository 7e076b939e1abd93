// What the eventos screens share: the etapas in pt-BR with their chip, the tipos de evento, and the
// form that creates or edits an evento (nome, tipo, cliente, datas, local, etapa, observações).

import { html, useEffect, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { CampoAreaTexto } from "../../ui/campos.js";
import { Modal, notificar } from "../../ui/componentes.js";
import { CampoEscolha } from "../../ui/escolha.js";
import { CampoData, CampoSelecao, CampoTexto, Formulario, limpar, useFormulario } from "../../ui/formulario.js";
import { buscarClientes } from "../../ui/registros.js";

export const ETAPAS = [
  { valor: "lead", rotulo: "Lead" },
  { valor: "orcamento", rotulo: "Orçamento" },
  { valor: "contratado", rotulo: "Contratado" },
  { valor: "em_producao", rotulo: "Em produção" },
  { valor: "entregue", rotulo: "Entregue" },
  { valor: "concluido", rotulo: "Concluído" },
  { valor: "perdido", rotulo: "Perdido" },
  { valor: "cancelado", rotulo: "Cancelado" },
];
export const ABERTAS = ETAPAS.slice(0, 5).map((e) => e.valor);
export const rotuloDaEtapa = (etapa) => ETAPAS.find((e) => e.valor === etapa)?.rotulo ?? etapa;

// The list's status chips carry the etapa's meaning: open (blue), done (green), ended without the job (struck).
const CLASSE_DA_ETAPA = { concluido: "status-pago", entregue: "status-pago", perdido: "status-cancelado",
  cancelado: "status-cancelado" };

export function SeloEtapa({ etapa }) {
  return html`<span class=${`status ${CLASSE_DA_ETAPA[etapa] || "status-pendente"}`}>${rotuloDaEtapa(etapa)}</span>`;
}

/** The empresa's tipos de evento (null while loading); `ativo`: "true" for the active ones only. */
export function useTipos(ativo = "", versao = 0) {
  const [tipos, setTipos] = useState(null);
  useEffect(() => {
    const controle = new AbortController();
    api.get("/api/eventos/tipos", { query: { ativo }, sinal: controle.signal })
      .then(({ items }) => setTipos(items))
      .catch((falha) => {
        if (falha.name !== "AbortError") setTipos([]);
      });
    return () => controle.abort();
  }, [ativo, versao]);
  return tipos;
}

const EDITAVEIS = ["nome", "tipo_id", "cliente_id", "data_inicio", "data_fim", "local", "etapa", "observacoes"];

function valoresDe(evento) {
  return {
    nome: evento?.nome ?? "", tipo_id: evento?.tipo_id ? String(evento.tipo_id) : "", cliente_id: evento?.cliente_id ?? null,
    data_inicio: evento?.data_inicio ?? null, data_fim: evento?.data_fim ?? null, local: evento?.local ?? "",
    etapa: evento?.etapa ?? "lead", observacoes: evento?.observacoes ?? "",
  };
}

function corpo(valores) {
  const limpos = limpar(valores);
  return { ...limpos, tipo_id: limpos.tipo_id ? Number(limpos.tipo_id) : null };
}

/** The create/edit dialog; `aoSalvar(evento)` with what the API answered. */
export function FormularioDeEvento({ evento, aoFechar, aoSalvar }) {
  const form = useFormulario(valoresDe(evento));
  const tipos = useTipos();
  // A tipo deactivated since stays offered to the evento that has it.
  const opcoesDeTipo = [{ valor: "", rotulo: "Sem tipo" }, ...(tipos || [])
    .filter((t) => t.ativo || t.id === evento?.tipo_id)
    .map((t) => ({ valor: String(t.id), rotulo: t.nome }))];

  async function salvar(valores) {
    let salvo;
    if (evento) {
      // Only what changed: an unchanged field is not the person's decision now.
      const novo = corpo(valores);
      const antigo = corpo(valoresDe(evento));
      const mudancas = Object.fromEntries(EDITAVEIS.filter((c) => novo[c] !== antigo[c]).map((c) => [c, novo[c]]));
      salvo = await api.put(`/api/eventos/${evento.id}`, mudancas);
      notificar(`Evento ${salvo.nome} atualizado.`);
    } else {
      const novo = Object.fromEntries(Object.entries(corpo(valores)).filter(([, v]) => v !== null));
      salvo = await api.post("/api/eventos", novo);
      notificar(`Evento ${salvo.nome} criado.`);
    }
    if (salvo.centro_custo_pendente) {
      notificar("O centro de custo do evento será criado em Cadastros assim que o módulo responder.", "erro");
    }
    aoSalvar(salvo);
  }

  return html`
    <${Modal} titulo=${evento ? `Editar evento ${evento.nome}` : "Novo evento"} aoFechar=${aoFechar}>
      <${Formulario} form=${form} aoEnviar=${salvar} rotuloEnviar=${evento ? "Salvar" : "Criar evento"} aoCancelar=${aoFechar}>
        <${CampoTexto} ...${form.campo("nome")} rotulo="Nome" obrigatorio autofocus maxlength="120"
          ajuda="Como o estúdio chama o trabalho, por exemplo Casamento Ana e Bruno" />
        <div class="linha-campos">
          <${CampoSelecao} ...${form.campo("tipo_id")} rotulo="Tipo" opcoes=${opcoesDeTipo}
            ajuda=${evento ? "" : "O checklist do tipo vem junto com o evento"} />
          <${CampoSelecao} ...${form.campo("etapa")} rotulo="Etapa" opcoes=${ETAPAS} />
        </div>
        <${CampoEscolha} ...${form.campo("cliente_id")} rotulo="Cliente" buscar=${buscarClientes}
          rotuloInicial=${evento?.cliente ?? ""} vazio="Nenhum cliente encontrado" />
        <div class="linha-campos">
          <${CampoData} ...${form.campo("data_inicio")} rotulo="Data" obrigatorio />
          <${CampoData} ...${form.campo("data_fim")} rotulo="Até (se durar mais de um dia)" />
        </div>
        <${CampoTexto} ...${form.campo("local")} rotulo="Local" maxlength="200" />
        <${CampoAreaTexto} ...${form.campo("observacoes")} rotulo="Observações" maximo=${2000} />
      <//>
    <//>`;
}
