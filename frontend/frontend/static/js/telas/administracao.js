// Administração: the empresa's users and audit trail (permission `admin`); empresas, for the
// platform administrator only.

import { html } from "../../vendor/htm-preact/standalone.module.js";
import { TituloDaTela } from "../ui/ajuda.js";
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
  const atual = secoes.find((s) => rota.caminho === s.rota) || secoes[0];
  const Tela = atual.tela;
  return html`
    <${TituloDaTela} ajuda=${atual.rota}>Administração<//>
    <nav class="abas" aria-label="Seções da administração">
      ${secoes.map((s) => html`
        <a key=${s.rota} href=${s.rota} aria-current=${s === atual ? "page" : undefined}>${s.nome}</a>`)}
    </nav>
    <section aria-label=${atual.nome}>
      <${Tela} usuario=${usuario} rota=${rota} />
    </section>`;
}
