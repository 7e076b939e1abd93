// The extrato do cliente, inside the inadimplência's dialog: what the cliente was charged and paid
// in the 12 months up to the data base, with the balance after each line — what the office reads
// to a cliente on the phone, or sends: "Exportar" makes the same extrato a PDF (or XLSX) addressed
// to the cliente. The Desconto column only when the period had one, as in the file.

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarData } from "../../formatos.js";
import { useConsulta } from "../../ui/consulta.js";
import { Lista } from "../../ui/lista.js";
import { Dinheiro } from "../../ui/valores.js";
import { EstadoDaConsulta } from "./comum.js";
import { BotaoExportar } from "./exportar.js";

const TIPOS = { cobranca: "Cobrança", pagamento: "Pagamento" };

export function ExtratoDoCliente({ clienteId, ate }) {
  const { dados, erro, recarregar } = useConsulta(`/api/relatorios/extrato-cliente/${clienteId}`, { ate });
  if (!dados) return html`<${EstadoDaConsulta} erro=${erro} recarregar=${recarregar} />`;
  const comDesconto = dados.desconto !== "0.00";
  const desconto = { titulo: "Desconto", classe: "numero", valor: (m) => html`<${Dinheiro} valor=${m.desconto} />` };
  const parametros = { cliente_id: clienteId, de: dados.de, ate: dados.ate };
  return html`
    <div class="barra">
      <p>De ${formatarData(dados.de)} a ${formatarData(dados.ate)}. Saldo anterior:${" "}
        <strong><${Dinheiro} valor=${dados.saldo_anterior} /></strong></p>
      <${BotaoExportar} relatorio="extrato-cliente" parametros=${parametros} />
    </div>
    <${Lista} rotulo="Extrato do cliente" filtros=${dados}
      carregar=${async () => ({ items: dados.movimentos, next_cursor: null })}
      chave=${(m) => `${m.tipo}-${m.lancamento_id}-${m.data}-${m.saldo}`} vazio="Nenhuma cobrança ou pagamento no período."
      colunas=${[
        { titulo: "Data", valor: (m) => formatarData(m.data) },
        { titulo: "Descrição", valor: (m) => `${TIPOS[m.tipo]}: ${m.descricao}` },
        { titulo: "Cobrado", classe: "numero", valor: (m) => html`<${Dinheiro} valor=${m.cobrado} />` },
        { titulo: "Pago", classe: "numero", valor: (m) => html`<${Dinheiro} valor=${m.pago} />` },
        ...(comDesconto ? [desconto] : []),
        { titulo: "Saldo", classe: "numero", valor: (m) => html`<${Dinheiro} valor=${m.saldo} />` },
      ]} />
    <p>Cobrado <strong><${Dinheiro} valor=${dados.cobrado} /></strong>, pago <strong><${Dinheiro} valor=${dados.pago} /></strong>
      ${comDesconto && html`, descontos <strong><${Dinheiro} valor=${dados.desconto} /></strong>`}.${" "}
      Saldo em ${formatarData(dados.ate)}: <strong><${Dinheiro} valor=${dados.saldo_final} /></strong></p>`;
}
