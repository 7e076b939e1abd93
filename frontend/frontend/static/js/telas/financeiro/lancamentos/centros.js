// A lançamento's centros de custo in its forms: one centro for the whole valor, or "Dividir entre
// centros de custo" by % or by R$, with what is left to split shown as one types. The server turns
// percentages into cents that add up to the valor exactly and answers each line's part.

import { html } from "../../../../vendor/htm-preact/standalone.module.js";
import { formatarMoeda } from "../../../formatos.js";
import { CampoCaixa, CampoMoeda, CampoSelecao, CampoTexto, Opcoes } from "../../../ui/formulario.js";
import { Icone } from "../../../ui/icone.js";
import { centavos, deCentavos } from "../../../ui/valores.js";

const MODOS = [{ valor: "PERCENTUAL", rotulo: "Em %" }, { valor: "VALOR", rotulo: "Em R$" }];
const linhaVazia = () => ({ centro_custo_id: "", quantia: null });

/** "70", "33,33" → "33.33"; null when it is not a percentage with at most two decimals. */
function lerPercentual(texto) {
  const normal = String(texto ?? "").trim().replace("%", "").trim().replace(",", ".");
  return /^\d{1,3}(\.\d{1,2})?$/.test(normal) ? deCentavos(centavos(normal)) : null;
}

const formatarPercentual = (valor) => `${valor.replace(".", ",")}%`;

/** The form's starting values for a lançamento's centros (none, for a new one). */
export function valoresDoCentro(lancamento) {
  const rateio = lancamento?.rateio ?? [];
  if (rateio.length < 2) {
    return { centro_custo_id: rateio.length ? String(rateio[0].centro_custo_id) : "", dividir: false,
      "rateio.modo": "PERCENTUAL", rateio: [linhaVazia(), linhaVazia()] };
  }
  // Shown as percentages when they add up to 100 as the server rounded them, else as amounts.
  const porPercentual = rateio.reduce((soma, l) => soma + centavos(l.percentual), 0n) === 10000n;
  return {
    centro_custo_id: "", dividir: true, "rateio.modo": porPercentual ? "PERCENTUAL" : "VALOR",
    rateio: rateio.map((l) => ({ centro_custo_id: String(l.centro_custo_id),
      quantia: porPercentual ? l.percentual.replace(".", ",") : l.valor })),
  };
}

/** The request's `centro_custo_id` or `rateio` from the form's values. */
export function corpoDoCentro(v) {
  if (!v.dividir) return { centro_custo_id: v.centro_custo_id ? Number(v.centro_custo_id) : null };
  const campo = v["rateio.modo"] === "PERCENTUAL" ? "percentual" : "valor";
  return {
    rateio: v.rateio.map((l) => ({
      centro_custo_id: l.centro_custo_id ? Number(l.centro_custo_id) : null,
      [campo]: campo === "percentual" ? lerPercentual(l.quantia) ?? l.quantia : l.quantia,
    })),
  };
}

/** What is left to split (or split too much), in words, or null while nothing can be said. */
function restante(v) {
  const porPercentual = v["rateio.modo"] === "PERCENTUAL";
  const total = porPercentual ? 10000n : centavos(v.valor);
  if (total == null) return { texto: "Preencha o valor do lançamento para dividir em R$.", classe: "" };
  const partes = v.rateio.map((l) => (porPercentual ? centavos(lerPercentual(l.quantia)) : centavos(l.quantia)) ?? 0n);
  const falta = total - partes.reduce((a, b) => a + b, 0n);
  const mostrar = (q) => (porPercentual ? formatarPercentual(deCentavos(q)) : formatarMoeda(deCentavos(q)));
  if (falta === 0n) return { texto: "Tudo distribuído.", classe: "certo" };
  return falta > 0n
    ? { texto: `Falta distribuir ${mostrar(falta)}.`, classe: "" }
    : { texto: `Passou ${mostrar(-falta)} do total.`, classe: "passou" };
}

/**
 * The "Centro de custo" select and the rateio lines, wired to `form` (keys of valoresDoCentro).
 * `centros`: the empresa's (null while loading); `emUso`: ids this lançamento already has, kept
 * as options even when inactive. Empty while the empresa has no centro and the lançamento none.
 */
export function CamposDeCentro({ form, centros, emUso = [] }) {
  const { valores: v } = form;
  const lista = (centros || []).filter((c) => c.ativo !== false || emUso.includes(c.id));
  // Always this one root element (see Totais in lancamentos.js): empty while there is nothing to pick.
  if (centros && !centros.erro && !lista.length) return html`<div class="centros-de-custo"></div>`;
  const opcoes = (vazio) => [{ valor: "", rotulo: centros ? vazio : "Carregando…" },
    ...lista.map((c) => ({ valor: String(c.id), rotulo: c.nome }))];
  const erro = form.campo("rateio").erro;
  const linhas = v.rateio;
  const mudarLinha = (i, chave) => (valor) => form.definir("rateio", linhas.map((l, j) => (j === i ? { ...l, [chave]: valor } : l)));
  const porPercentual = v["rateio.modo"] === "PERCENTUAL";
  const situacao = v.dividir && restante(v);
  return html`
    <div class="centros-de-custo">
      ${!v.dividir && html`
        <${CampoSelecao} ...${form.campo("centro_custo_id")} rotulo="Centro de custo" opcoes=${opcoes("Nenhum")}
          ajuda=${centros?.erro} />`}
      <${CampoCaixa} ...${form.campo("dividir")} rotulo="Dividir entre centros de custo" />
      ${v.dividir && html`
        <fieldset class="serie rateio">
          <legend>Divisão entre centros de custo</legend>
          <${Opcoes} ...${form.campo("rateio.modo")} rotulo="Dividir" opcoes=${MODOS} aoMudar=${(modo) => {
            form.definir("rateio.modo", modo);
            form.definir("rateio", linhas.map((l) => ({ ...l, quantia: null }))); // % and R$ do not convert
          }} />
          ${linhas.map((l, i) => html`
            <div class="linha-campos rateio-linha" key=${i}>
              <${CampoSelecao} nome=${`rateio-${i}-centro`} rotulo=${`Centro ${i + 1}`} valor=${l.centro_custo_id}
                aoMudar=${mudarLinha(i, "centro_custo_id")} opcoes=${opcoes("Escolha o centro")} />
              ${porPercentual
                ? html`<${CampoTexto} nome=${`rateio-${i}-percentual`} rotulo="Percentual (%)" valor=${l.quantia ?? ""}
                    aoMudar=${mudarLinha(i, "quantia")} inputmode="decimal" maxlength="6" />`
                : html`<${CampoMoeda} nome=${`rateio-${i}-valor`} rotulo="Valor (R$)" valor=${l.quantia}
                    aoMudar=${mudarLinha(i, "quantia")} />`}
              ${linhas.length > 2 && html`
                <button type="button" class="botao secundario pequeno rateio-remover"
                  aria-label=${`Remover o centro ${i + 1}`} onClick=${() => form.definir("rateio", linhas.filter((_, j) => j !== i))}>
                  <${Icone} nome="trash" /></button>`}
            </div>`)}
          <button type="button" class="botao secundario pequeno" onClick=${() => form.definir("rateio", [...linhas, linhaVazia()])}>
            <${Icone} nome="plus" />Adicionar centro</button>
          <p class=${`rateio-restante ${situacao.classe}`} role="status">${situacao.texto}</p>
          ${erro && html`<p class="erro-campo" role="alert">${erro}</p>`}
        </fieldset>`}
    </div>`;
}

/** A lançamento's centros in words, for its detail: one name, or each with its part. */
export function CentrosDoLancamento({ rateio }) {
  if (rateio.length === 1) return rateio[0].nome;
  return html`
    <ul class="rateio-do-lancamento">
      ${rateio.map((l) => html`<li key=${l.centro_custo_id}>${l.nome}: ${formatarMoeda(l.valor)} (${formatarPercentual(l.percentual)})</li>`)}
    </ul>`;
}
