// What the equipment screens share: the categorias and estados in pt-BR, the São Paulo date and
// hour turned into the API's ISO 8601 with offset, and who has an item.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarDataHora } from "../../formatos.js";

export const CATEGORIAS = [
  { valor: "camera", rotulo: "Câmera" }, { valor: "lente", rotulo: "Lente" }, { valor: "flash", rotulo: "Flash" },
  { valor: "drone", rotulo: "Drone" }, { valor: "iluminacao", rotulo: "Iluminação" }, { valor: "audio", rotulo: "Áudio" },
  { valor: "suporte", rotulo: "Suporte" }, { valor: "outro", rotulo: "Outro" },
];
export const ESTADOS = [
  { valor: "disponivel", rotulo: "Disponível" }, { valor: "em_manutencao", rotulo: "Em manutenção" },
  { valor: "baixado", rotulo: "Baixado" },
];
export const CONDICOES = [
  { valor: "ok", rotulo: "OK" }, { valor: "avariado", rotulo: "Avariado (vai para manutenção)" },
  { valor: "incompleto", rotulo: "Incompleto" }, { valor: "extraviado", rotulo: "Extraviado (dá baixa)" },
];

const rotulo = (lista, valor) => lista.find((o) => o.valor === valor)?.rotulo ?? valor;
export const rotuloDaCategoria = (valor) => rotulo(CATEGORIAS, valor);

export function SeloEstado({ item }) {
  const manutencao = item.estado === "em_manutencao" || item.em_manutencao_agora;
  const classe = item.estado === "baixado" ? "status-cancelado" : manutencao ? "status-vencido" : "status-pago";
  const texto = item.estado === "disponivel" && item.em_manutencao_agora ? "Em manutenção agora" : rotulo(ESTADOS, item.estado);
  return html`<span class=${`status ${classe}`}>${texto}</span>`;
}

/** Who has the item out and since when, or "No estúdio". */
export function ComQuem({ item }) {
  if (!item.com) return "No estúdio";
  return `${item.com.nome || "Alguém"} desde ${formatarDataHora(item.com.desde)}`;
}

const FUSO = "America/Sao_Paulo";
const deslocamento = new Intl.DateTimeFormat("en-US", { timeZone: FUSO, timeZoneName: "longOffset" });

/** A São Paulo day and hour as ISO 8601 with its offset: ("2026-12-07", "14:00") → "2026-12-07T14:00:00-03:00". */
export function instante(dia, horario) {
  const nome = deslocamento.formatToParts(new Date(`${dia}T${horario}:00Z`)).find((p) => p.type === "timeZoneName").value;
  return `${dia}T${horario}:00${nome === "GMT" ? "+00:00" : nome.replace("GMT", "")}`;
}

/** "07/12/2026 10:00 – 12:00" (the end's day only when it differs). */
export function faixa(inicio, fim) {
  const [a, b] = [formatarDataHora(inicio), formatarDataHora(fim)];
  return `${a} – ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}
