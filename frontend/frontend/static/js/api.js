// The one way screens talk to the services: every request goes to this origin's /api/..., which
// the frontend forwards to the owning service.
//
// The session lives in an HttpOnly cookie the page's script cannot read (so no token is ever kept
// in localStorage or in a variable); writes echo the readable erp_csrf cookie in X-CSRF-Token,
// which proves the request came from this page. An expired access token is renewed once,
// silently; a session that cannot be renewed sends the user back to the login page.

const COOKIE_CSRF = "erp_csrf";
const METODOS_SEGUROS = new Set(["GET", "HEAD"]);
const SEM_RENOVACAO = new Set(["/api/login", "/api/renovar-sessao", "/api/logout"]);

const MENSAGENS = {
  0: "Sem conexão com o servidor. Verifique a rede e tente novamente.",
  401: "Sua sessão terminou. Entre novamente.",
  403: "Você não tem permissão para esta ação.",
  404: "Registro não encontrado.",
  413: "O arquivo é grande demais.",
  429: "Muitas tentativas em pouco tempo. Aguarde um minuto e tente novamente.",
  503: "Este módulo está indisponível no momento. Os demais seguem funcionando.",
};

/** A failed request, as the contract describes it: status, code, pt-BR message, fields, module. */
export class ErroApi extends Error {
  constructor(status, corpo = {}) {
    super(corpo.error || MENSAGENS[status] || `Erro inesperado (${status}). Tente novamente.`);
    this.status = status;
    this.code = corpo.code || (status === 0 ? "rede" : "erro");
    this.campos = corpo.campos || {};
    this.modulo = corpo.modulo || null;
    this.corpo = corpo; // the whole envelope, for what a route adds to it (an import's `linhas`)
  }

  get indisponivel() {
    return this.status === 503 || this.status === 504 || this.status === 0;
  }
}

const ouvintesDeIndisponivel = new Set();

/**
 * `ouvir(modulo)` on every answer saying a module is unavailable right now (the gateway's 503 or
 * 504 naming it: its service is down, hangs, or its breaker is open). Returns how to stop.
 */
export function ouvirIndisponivel(ouvir) {
  ouvintesDeIndisponivel.add(ouvir);
  return () => ouvintesDeIndisponivel.delete(ouvir);
}

let renovador = null; // async () => boolean, set by sessao.js
let aoEncerrar = () => {};
let renovacaoEmCurso = null;

/** sessao.js plugs in how to renew the session, and what to do when it has ended. */
export function configurarSessao({ renovar, encerrada }) {
  renovador = renovar;
  aoEncerrar = encerrada;
}

function lerCookie(nome) {
  const par = document.cookie.split("; ").find((c) => c.startsWith(`${nome}=`));
  return par ? decodeURIComponent(par.slice(nome.length + 1)) : "";
}

export function temSessaoNoNavegador() {
  return lerCookie(COOKIE_CSRF) !== "";
}

function comQuery(caminho, query) {
  const params = new URLSearchParams();
  for (const [chave, valor] of Object.entries(query || {})) {
    if (valor !== undefined && valor !== null && valor !== "") params.append(chave, valor);
  }
  const texto = params.toString();
  return texto ? `${caminho}?${texto}` : caminho;
}

async function renovarUmaVez() {
  // Several requests may find the token expired at once: one renewal serves them all.
  renovacaoEmCurso ??= renovador().finally(() => { renovacaoEmCurso = null; });
  return renovacaoEmCurso;
}

/**
 * `requisitar("POST", "/api/usuarios", {corpo})` → the parsed JSON (null for 204), or throws ErroApi.
 * `corpo` may be FormData (uploads); `sinal` an AbortSignal.
 */
export async function requisitar(metodo, caminho, { query, corpo, sinal, renovar = true } = {}) {
  const cabecalhos = { Accept: "application/json" };
  let body;
  if (corpo instanceof FormData) {
    body = corpo;
  } else if (corpo !== undefined) {
    cabecalhos["Content-Type"] = "application/json";
    body = JSON.stringify(corpo);
  }
  if (!METODOS_SEGUROS.has(metodo)) cabecalhos["X-CSRF-Token"] = lerCookie(COOKIE_CSRF);

  let resposta;
  try {
    resposta = await fetch(comQuery(caminho, query), {
      method: metodo, headers: cabecalhos, body, credentials: "same-origin", signal: sinal,
    });
  } catch (erro) {
    if (erro.name === "AbortError") throw erro;
    throw new ErroApi(0);
  }

  if (resposta.status === 401 && renovar && !SEM_RENOVACAO.has(caminho) && renovador) {
    if (await renovarUmaVez()) return requisitar(metodo, caminho, { query, corpo, sinal, renovar: false });
  }
  if (resposta.status === 204) return null;
  const tipo = resposta.headers.get("Content-Type") || "";
  // A body that is not JSON counts as empty; a request abandoned while its body arrives stays abandoned.
  const dados = tipo.includes("application/json") ? await resposta.json().catch((erro) => {
    if (erro.name === "AbortError") throw erro;
    return {};
  }) : {};
  if (!resposta.ok) {
    const erro = new ErroApi(resposta.status, dados);
    if (erro.indisponivel && erro.modulo) ouvintesDeIndisponivel.forEach((ouvir) => ouvir(erro.modulo));
    if (erro.status === 401 && !SEM_RENOVACAO.has(caminho)) aoEncerrar(erro.message);
    throw erro;
  }
  return dados;
}

export const api = {
  get: (caminho, opcoes) => requisitar("GET", caminho, opcoes),
  post: (caminho, corpo, opcoes) => requisitar("POST", caminho, { ...opcoes, corpo }),
  put: (caminho, corpo, opcoes) => requisitar("PUT", caminho, { ...opcoes, corpo }),
  excluir: (caminho, opcoes) => requisitar("DELETE", caminho, opcoes),
};
