// The button that completes the empresa's chart of categories with the one suggested for a
// photography studio (POST /api/categorias/modelo: only what is missing is created), offered by
// Categorias while it is empty and by the dashboard's "Primeiros passos".

import { html, useState } from "../../vendor/htm-preact/standalone.module.js";
import { api, ErroApi } from "../api.js";
import { notificar } from "./componentes.js";
import { plural } from "./valores.js";

/** `aoAplicar()` once the categories are there (reload what shows them). */
export function BotaoModeloDeCategorias({ aoAplicar }) {
  const [ocupado, setOcupado] = useState(false);
  async function aplicar() {
    setOcupado(true);
    try {
      const { criadas } = await api.post("/api/categorias/modelo", {});
      notificar(criadas ? `Plano de contas pronto: ${plural(criadas, "categoria criada", "categorias criadas")}.`
        : "O plano de contas já tinha todas as categorias sugeridas.");
      aoAplicar();
    } catch (falha) {
      if (!(falha instanceof ErroApi)) throw falha;
      notificar(falha.message, "erro");
    } finally {
      setOcupado(false);
    }
  }
  return html`
    <button type="button" class="botao primario" disabled=${ocupado} onClick=${aplicar}>
      ${ocupado ? "Criando as categorias…" : "Usar o plano de contas sugerido"}
    </button>`;
}
