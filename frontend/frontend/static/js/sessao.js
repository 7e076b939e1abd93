// The signed-in user, kept in memory only: a reload asks auth-api again (renovar-sessao), which
// also tells how long the new access token lasts, so it is renewed a minute before it expires.
//
// A session whose password was not chosen by the user (generated, reset by an administrator) may
// do nothing but choose one: until then `usuario` stays null (the app shows only the login page)
// and `trocaPendente` holds the profile, for the login page's "Troque a sua senha" step.

import { api, configurarSessao, temSessaoNoNavegador } from "./api.js";

const ANTECEDENCIA_S = 60; // renew this long before the access token expires
const MINIMO_S = 5;

// `saiu`: the user logged out on purpose, so the login page does not offer to return where they were.
let estado = { usuario: null, trocaPendente: null, aviso: "", saiu: false };
const ouvintes = new Set();
let temporizador = null;
let expiraEm = 0;

function definir(mudancas) {
  estado = { ...estado, ...mudancas };
  ouvintes.forEach((ouvinte) => ouvinte(estado));
}

export function estadoDaSessao() {
  return estado;
}

/** `ouvir(fn)` → a function that stops listening. */
export function ouvir(ouvinte) {
  ouvintes.add(ouvinte);
  return () => ouvintes.delete(ouvinte);
}

function agendarRenovacao(expiresIn) {
  clearTimeout(temporizador);
  expiraEm = Date.now() + expiresIn * 1000;
  const espera = Math.max(MINIMO_S, expiresIn - ANTECEDENCIA_S) * 1000;
  temporizador = setTimeout(() => renovar().catch(() => {}), espera);
}

function aplicar(resposta) {
  agendarRenovacao(resposta.expires_in);
  const { usuario } = resposta;
  if (usuario.trocar_senha) definir({ usuario: null, trocaPendente: usuario, aviso: "", saiu: false });
  else definir({ usuario, trocaPendente: null, aviso: "", saiu: false });
  return usuario;
}

function encerrar(aviso, saiu = false) {
  clearTimeout(temporizador);
  definir({ usuario: null, trocaPendente: null, aviso, saiu });
}

const emSessao = () => Boolean(estado.usuario || estado.trocaPendente);

export async function entrar(username, password) {
  return aplicar(await api.post("/api/login", { username, password }));
}

/** A new access token; with `empresaId`, in that empresa. Ends the session if auth-api refuses. */
export async function renovar(empresaId) {
  try {
    return aplicar(await api.post("/api/renovar-sessao", empresaId ? { empresa_id: empresaId } : undefined));
  } catch (erro) {
    if (erro.status === 401) encerrar(emSessao() ? erro.message : "");
    throw erro;
  }
}

/**
 * The user's own new password (`senhaAtual` is the one that opened the session). Their other
 * sessions end; this one goes on, with a new token and, if it was pending, the whole app.
 */
export async function trocarSenha(senhaAtual, novaSenha) {
  return aplicar(await api.post("/api/usuarios/eu/trocar-senha", { senha_atual: senhaAtual, nova_senha: novaSenha }));
}

export async function sair() {
  try {
    await api.post("/api/logout");
  } finally {
    encerrar("", true);
  }
}

/** On page load: resumes the session the cookies carry, if it is still open. */
export async function retomar() {
  if (!temSessaoNoNavegador()) return null;
  try {
    return await renovar();
  } catch (erro) {
    if (erro.status === 401) return null;
    throw erro;
  }
}

/** Whether the user may do `modulo:acao` here; `escrever` implies `ler`, as on the server. */
export function pode(usuario, permissao) {
  if (!usuario) return false;
  if (usuario.plataforma_admin || usuario.permissoes.includes(permissao)) return true;
  const [modulo, acao] = permissao.split(":");
  return acao === "ler" && usuario.permissoes.includes(`${modulo}:escrever`);
}

configurarSessao({
  renovar: async () => {
    try {
      await renovar();
      return true;
    } catch {
      return false;
    }
  },
  encerrada: encerrar,
});

// A laptop that slept past the renewal time wakes with an expired token: renew on return.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && emSessao() && Date.now() > expiraEm - ANTECEDENCIA_S * 1000) {
    renovar().catch(() => {});
  }
});
