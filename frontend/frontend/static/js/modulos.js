// The modules in the navigation, who may see each, and the screen each shows. A module whose
// screens are not built yet says so; one whose service is down says that instead.

import { useEffect, useState } from "../vendor/htm-preact/standalone.module.js";
import { api, ouvirIndisponivel } from "./api.js";
import { Administracao } from "./telas/administracao.js";
import { Cadastros } from "./telas/cadastros/cadastros.js";
import { Dashboard } from "./telas/dashboard/dashboard.js";
import { Financeiro } from "./telas/financeiro/financeiro.js";
import { Operacional } from "./telas/operacional/operacional.js";
import { Relatorios } from "./telas/relatorios/relatorios.js";
import { RH } from "./telas/rh/rh.js";

const INTERVALO_MS = 30_000;
// While a module is out, asked more often, so that it shows back within seconds of being back.
const INTERVALO_FORA_MS = 5_000;

// `servico` is the module id the gateway's /api/modulos reports for the service behind it;
// `tela` is null until the module's screens exist.
export const MODULOS = [
  { id: "dashboard", nome: "Dashboard", rota: "/dashboard", permissao: "dashboard:ler", servico: "dashboard", tela: Dashboard },
  { id: "financeiro", nome: "Financeiro", rota: "/financeiro", permissao: "financeiro:ler", servico: "financeiro", tela: Financeiro },
  { id: "relatorios", nome: "Relatórios", rota: "/relatorios", permissao: "relatorios:ler", servico: "relatorios", tela: Relatorios },
  { id: "cadastros", nome: "Cadastros", rota: "/cadastros", permissao: "cadastros:ler", servico: "cadastros", tela: Cadastros },
  { id: "operacional", nome: "Operacional", rota: "/operacional", permissao: "operacional:ler", servico: "operacional", tela: Operacional },
  { id: "rh", nome: "RH", rota: "/rh", permissao: "rh:ler", servico: "rh", tela: RH },
  { id: "administracao", nome: "Administração", rota: "/administracao", permissao: "admin", servico: "autenticacao", tela: Administracao },
];

export function moduloDaRota(caminho) {
  return MODULOS.find((m) => caminho === m.rota || caminho.startsWith(`${m.rota}/`)) || null;
}

/**
 * {servico: disponivel} from the gateway, asked again on entering another module (`moduloAtual`)
 * and every 30 s while the shell is open (5 s while one is out). Any answer that a module is
 * unavailable (api.js) marks it at once, without waiting for the next question.
 */
export function useDisponibilidade(moduloAtual) {
  const [disponivel, setDisponivel] = useState({});
  useEffect(() => {
    let ativo = true;
    let proxima = null;
    function depois(ms) {
      clearTimeout(proxima);
      proxima = setTimeout(consultar, ms);
    }
    async function consultar() {
      let fora = false;
      try {
        const { items } = await api.get("/api/modulos");
        fora = items.some((m) => !m.disponivel);
        if (ativo) setDisponivel(Object.fromEntries(items.map((m) => [m.modulo, m.disponivel])));
      } catch {
        // The gateway itself unreachable: every request will say so; keep the last answer.
      }
      if (ativo) depois(fora ? INTERVALO_FORA_MS : INTERVALO_MS);
    }
    const parar = ouvirIndisponivel((modulo) => {
      setDisponivel((atual) => (atual[modulo] === false ? atual : { ...atual, [modulo]: false }));
      depois(INTERVALO_FORA_MS);
    });
    consultar();
    return () => {
      ativo = false;
      clearTimeout(proxima);
      parar();
    };
  }, [moduloAtual]);
  return disponivel;
}
