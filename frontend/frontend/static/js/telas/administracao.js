// Administração: the empresa's users and audit trail (permission `admin`); empresas, for the
// platform administrator only.

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { Secoes, secaoAtual } from "../ui/secoes.js";
import { Auditoria } from "./admin/auditoria.js";
import { Empresas } from "./admin/empresas.js";
import { Usuarios } from "./admin/usuarios.js";

const SECOES = [
  { rota: "/administracao/usuarios", nome: "Usuários", tela: Usuarios },
  { rota: "/administracao/empresas", nome: "Empresas", tela: Empresas, soPlataforma: true },
  { rota: "/administracao/auditoria", nome: "Auditoria", tela: Auditoria },
];

export function Administracao({ usuario, rota }) {
  const secoes = SECOES.filter((s) => !s.soPlataforma || usuario.plataforma_admin);
  const atual = secaoAtual(secoes, rota.caminho);
  const Tela = atual.tela;
  return html`
    <${Secoes} titulo="Administração" rotulo="Seções da administração" secoes=${secoes} atual=${atual}>
      <${Tela} usuario=${usuario} rota=${rota} />
    <//>`;
}
