// The reports' export button lives in ui/exportar.js, shared with financeiro's ledger.
export { BotaoExportar } from "../../ui/exportar.js";
