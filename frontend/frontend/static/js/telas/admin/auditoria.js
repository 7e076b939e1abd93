// The empresa's audit trail as the studio's owner reads it: who (by name) did what (a sentence) to
// which record (by its name), with what changed; filtered by period, person, kind of record and
// action, all kept in the address. An entry opens with its before → after and, behind "Detalhes
// técnicos", the ids a technician needs.

import { html, useState } from "../../../vendor/htm-preact/standalone.module.js";
import { api } from "../../api.js";
import { formatarDataHora } from "../../formatos.js";
import { useFiltrosNaUrl } from "../../roteador.js";
import { FiltroSelecao, PainelDeFiltros } from "../../ui/campos.js";
import { useConsulta } from "../../ui/consulta.js";
import { Lista } from "../../ui/lista.js";
import { SeletorDePeriodo, intervalo, lerMes, mesAtual } from "../../ui/periodo.js";
import { AntesDepois, RegistroDeAuditoria } from "./auditoria-registro.js";
import { OPCOES_DE_ACAO, OPCOES_DE_TIPO, campos, frase, quem } from "./auditoria-textos.js";

const PERIODOS = ["tudo", "mes", "12meses", "personalizado"];
const PADRAO = { periodo: "tudo", mes: "", de: "", ate: "", usuario_id: "", entidade: "", acao: "" };
// A row shows this many changed fields; the entry opened shows them all.
const MUDANCAS_NA_LINHA = 3;

function Mudancas({ registro }) {
  const { alteracao, linhas } = campos(registro);
  if (!alteracao || !linhas.length) return "";
  const mais = linhas.length - MUDANCAS_NA_LINHA;
  return html`
    <ul class="mudancas">
      ${linhas.slice(0, MUDANCAS_NA_LINHA).map((l) => html`
        <li key=${l.campo}><span class="campo">${l.rotulo}:</span> <${AntesDepois} ...${l} /></li>`)}
      ${mais > 0 && html`<li class="mais">e mais ${mais} ${mais === 1 ? "campo" : "campos"}</li>`}
    </ul>`;
}

/** The empresa's people, for the filter (someone who has left keeps their entries under "Todas"). */
function usePessoas() {
  const { dados } = useConsulta("/api/usuarios", { limit: 500 });
  return [{ valor: "", rotulo: "Todas as pessoas" },
    ...(dados?.items ?? []).map((u) => ({ valor: String(u.id), rotulo: u.nome }))];
}

export function Auditoria() {
  const [f, definir] = useFiltrosNaUrl(PADRAO);
  const [aberto, setAberto] = useState(null);
  const pessoas = usePessoas();
  const periodo = { tipo: PERIODOS.includes(f.periodo) ? f.periodo : "tudo", mes: lerMes(f.mes) || mesAtual(), de: f.de, ate: f.ate };
  const mudarPeriodo = (p) => definir({ periodo: p.tipo, mes: p.tipo === "mes" ? p.mes : "", de: p.de ?? "", ate: p.ate ?? "" });
  const mudar = (chave) => (valor) => definir({ [chave]: valor });
  const { de, ate } = intervalo(periodo);
  const filtros = { de, ate, usuario_id: f.usuario_id, entidade: f.entidade, acao: f.acao };
  const carregar = ({ cursor, signal }) => api.get("/api/auditoria", { query: { ...filtros, cursor }, sinal: signal });
  const emUso = [f.usuario_id, f.entidade, f.acao].filter(Boolean).length;

  const colunas = [
    { titulo: "Quando", classe: "quando", valor: (r) => formatarDataHora(r.em) },
    { titulo: "Quem", valor: quem },
    { titulo: "O que", valor: frase },
    { titulo: "Registro", valor: (r) => r.rotulo ?? "" },
    { titulo: "Mudanças", valor: (r) => html`<${Mudancas} registro=${r} />` },
  ];
  return html`
    <div class="barra barra-periodo">
      <${SeletorDePeriodo} periodo=${periodo} aoMudar=${mudarPeriodo} opcoes=${PERIODOS} rotulo="Período da auditoria" />
    </div>
    <div class="barra">
      <${PainelDeFiltros} id="filtros-auditoria" classe="filtros-auditoria" emUso=${emUso}>
        <${FiltroSelecao} rotulo="Pessoa" valor=${f.usuario_id} aoMudar=${mudar("usuario_id")} opcoes=${pessoas} />
        <${FiltroSelecao} rotulo="Tipo de registro" valor=${f.entidade} aoMudar=${mudar("entidade")}
          opcoes=${[{ valor: "", rotulo: "Todos" }, ...OPCOES_DE_TIPO]} />
        <${FiltroSelecao} rotulo="Ação" valor=${f.acao} aoMudar=${mudar("acao")}
          opcoes=${[{ valor: "", rotulo: "Todas" }, ...OPCOES_DE_ACAO]} />
      <//>
    </div>
    <${Lista} rotulo="Trilha de auditoria" carregar=${carregar} colunas=${colunas} filtros=${filtros}
      vazio="Nada foi registrado com estes filtros." aoSelecionar=${setAberto} />
    ${aberto && html`<${RegistroDeAuditoria} registro=${aberto} aoFechar=${() => setAberto(null)} />`}`;
}
