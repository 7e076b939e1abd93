// How a person is paid by a bank file: the bank picked from the Brazilian banks list
// (/api/bancos), the account and its kind, the PIX key and its kind — the same fields, by the same
// names, on a fornecedor (Cadastros) and on a funcionário (RH).

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { api } from "../api.js";
import { CampoEscolha } from "./escolha.js";
import { CampoSelecao, CampoTexto } from "./formulario.js";

/** The fields of `DadosBancarios`, as the APIs name them. */
export const CAMPOS_BANCARIOS = ["banco", "agencia", "conta_bancaria", "tipo_conta_bancaria", "chave_pix", "tipo_chave_pix"];

export const TIPOS_DE_CONTA_BANCARIA = [
  { valor: "", rotulo: "—" },
  { valor: "CORRENTE", rotulo: "Conta corrente" },
  { valor: "POUPANCA", rotulo: "Poupança" },
  { valor: "PAGAMENTO", rotulo: "Conta de pagamento" },
];

/** The kinds of a PIX key; an empty one lets the server read it from the key. */
export const TIPOS_DE_CHAVE_PIX = [
  { valor: "", rotulo: "Descobrir pela chave" },
  { valor: "CPF", rotulo: "CPF" },
  { valor: "CNPJ", rotulo: "CNPJ" },
  { valor: "EMAIL", rotulo: "E-mail" },
  { valor: "TELEFONE", rotulo: "Celular (+55 e DDD)" },
  { valor: "ALEATORIA", rotulo: "Chave aleatória" },
];

/** "341 — Itaú Unibanco S.A."; the code alone when the name is not known; "" without a bank. */
export function rotuloDoBanco(codigo, nome) {
  if (!codigo) return "";
  return nome ? `${codigo} — ${nome}` : codigo;
}

/** A `CampoEscolha`'s search over the banks, by code or name. */
export async function buscarBancos(texto, sinal) {
  const { items } = await api.get("/api/bancos", { query: { q: texto }, sinal });
  return items.map((b) => ({ valor: b.codigo, rotulo: rotuloDoBanco(b.codigo, b.nome) }));
}

/** The form's starting values of these fields: a record's, else empty. */
export function valoresBancarios(registro) {
  return Object.fromEntries(CAMPOS_BANCARIOS.map((c) => [c, registro?.[c] ?? (c === "banco" ? null : "")]));
}

/** A fieldset with the bank account and the PIX key, wired to a `useFormulario` form. */
export function DadosBancarios({ form, registro, legenda = "Dados para pagamento", ajuda }) {
  return html`
    <fieldset class="pagamento">
      <legend>${legenda}</legend>
      ${ajuda && html`<p class="ajuda">${ajuda}</p>`}
      <${CampoEscolha} ...${form.campo("banco")} rotulo="Banco" buscar=${buscarBancos}
        rotuloInicial=${registro ? rotuloDoBanco(registro.banco, registro.banco_nome) : ""}
        placeholder="Código ou nome do banco" vazio="Nenhum banco encontrado." />
      <div class="linha-campos">
        <${CampoTexto} ...${form.campo("agencia")} rotulo="Agência" inputmode="numeric" maxlength="10"
          ajuda="Com o dígito, se houver: 1234-5" />
        <${CampoTexto} ...${form.campo("conta_bancaria")} rotulo="Conta" inputmode="numeric" maxlength="20"
          ajuda="Com o dígito: 12345-6" />
        <${CampoSelecao} ...${form.campo("tipo_conta_bancaria")} rotulo="Tipo de conta" opcoes=${TIPOS_DE_CONTA_BANCARIA} />
      </div>
      <div class="linha-campos">
        <${CampoTexto} ...${form.campo("chave_pix")} rotulo="Chave PIX" maxlength="77"
          ajuda="CPF, CNPJ, e-mail, celular com +55 ou chave aleatória" />
        <${CampoSelecao} ...${form.campo("tipo_chave_pix")} rotulo="Tipo da chave" opcoes=${TIPOS_DE_CHAVE_PIX} />
      </div>
    </fieldset>`;
}

/** A record's bank account and PIX key as `Detalhes` pairs. */
export function paresBancarios(registro) {
  const conta = registro.banco && [rotuloDoBanco(registro.banco, registro.banco_nome), `Ag. ${registro.agencia}`,
    `Conta ${registro.conta_bancaria}`, TIPOS_DE_CONTA_BANCARIA.find((t) => t.valor === registro.tipo_conta_bancaria)?.rotulo]
    .filter(Boolean).join(" · ");
  return [["Conta para pagamento", conta], ["Chave PIX", registro.chave_pix]];
}
