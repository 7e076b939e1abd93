// The audit trail in the studio's words: what was done as a sentence ("alterou o lançamento"), the
// kinds of record and the actions as the filters offer them, and each field of a record's before
// and after with its pt-BR label and its value as the screens show it (money, dd/mm/aaaa, Sim/Não,
// the names of the records it points at).
//
// This vocabulary lives here, in the SPA, and not in the API: it is presentation, next to the
// formatters of money and dates it needs (formatos.js, ui/valores.js) and to every other screen's
// labels; the API keeps the services' stable codes (`acao`, `entidade`), which scripts filter by,
// and gives only what the browser cannot know (names of people and records, auth/auditoria.py).

import { html } from "../../../vendor/htm-preact/standalone.module.js";
import { formatarCpfCnpj, formatarData, formatarDataHora } from "../../formatos.js";
import { Dinheiro, formatarCompetencia } from "../../ui/valores.js";
import { resumoDePermissoes } from "./usuarios.js";

// ---------------------------------------------------------------- sentences

// Each kind of record: its name with its article, as a sentence names it, and the filter's label.
const TIPOS = {
  lancamento: ["o lançamento", "Lançamentos"],
  baixa: ["o pagamento", "Pagamentos e recebimentos"],
  conta: ["a conta", "Contas"],
  categoria: ["a categoria", "Categorias"],
  centro_custo: ["o centro de custo", "Centros de custo"],
  cliente: ["o cliente", "Clientes"],
  fornecedor: ["o fornecedor", "Fornecedores"],
  extrato: ["o extrato", "Extratos"],
  extrato_transacao: ["a transação do extrato", "Transações de extrato"],
  conciliacao: ["a conciliação", "Conciliações"],
  conciliacao_execucao: ["a conciliação automática", "Conciliações automáticas"],
  regra: ["a regra de conciliação", "Regras de conciliação"],
  regras: ["as regras de conciliação", "Ordem das regras"],
  usuario: ["o usuário", "Usuários"],
  empresa: ["a empresa", "Empresa"],
  sessao: ["o acesso", "Entradas e saídas do sistema"],
};

// Each action: its verb in a sentence and the filter's label.
const ACOES = {
  criar: ["criou", "Criação"],
  alterar: ["alterou", "Alteração"],
  excluir: ["excluiu", "Exclusão"],
  cancelar: ["cancelou", "Cancelamento"],
  reativar: ["reativou", "Reativação"],
  mover: ["moveu", "Mudança de lugar"],
  reordenar: ["reordenou", "Nova ordem"],
  importar: ["importou", "Importação"],
  baixar: ["registrou", "Pagamento registrado"],
  estornar: ["desfez", "Pagamento desfeito"],
  conciliar: ["conciliou", "Conciliação"],
  desfazer: ["desfez", "Conciliação desfeita"],
  manter: ["manteve", "Transação mantida"],
  descartar: ["descartou", "Transação descartada"],
  iniciar: ["iniciou", "Início da conciliação automática"],
  concluir: ["concluiu", "Fim da conciliação automática"],
  falhar: ["interrompeu por falha", "Falha da conciliação automática"],
  login: ["entrou", "Entrada no sistema"],
  logout: ["saiu", "Saída do sistema"],
  trocar_empresa: ["trocou de empresa", "Troca de empresa"],
  trocar_senha: ["trocou a senha", "Troca da própria senha"],
  redefinir_senha: ["redefiniu a senha", "Senha redefinida"],
  remover: ["removeu", "Remoção da empresa"],
};

// Where "verb + the kind" does not read well.
const FRASES = {
  "login sessao": "entrou no sistema",
  "logout sessao": "saiu do sistema",
  "trocar_empresa sessao": "passou para esta empresa",
  "trocar_senha usuario": "trocou a própria senha",
  "redefinir_senha usuario": "redefiniu a senha do usuário",
  "remover usuario": "removeu o usuário da empresa",
  "importar cliente": "importou clientes de uma planilha",
  "importar fornecedor": "importou fornecedores de uma planilha",
  "excluir extrato": "desfez a importação do extrato",
  "descartar extrato_transacao": "descartou a transação repetida do extrato",
  "conciliar conciliacao": "conciliou a transação do extrato",
  "baixar baixa": "registrou um pagamento",
  "estornar baixa": "desfez um pagamento",
  "falhar conciliacao_execucao": "teve a conciliação automática interrompida por uma falha",
};

const palavras = (codigo) => codigo.replace(/_/g, " ");

/** What was done, after who did it: "alterou o lançamento", "entrou no sistema". */
export function frase(registro) {
  const { acao, entidade } = registro;
  const especial = FRASES[`${acao} ${entidade}`];
  if (especial) return especial;
  return `${ACOES[acao]?.[0] ?? palavras(acao)} ${TIPOS[entidade]?.[0] ?? palavras(entidade)}`;
}

const porRotulo = (a, b) => a.rotulo.localeCompare(b.rotulo, "pt-BR");

/** The filters' options: kinds of record and actions, in alphabetical order. */
export const OPCOES_DE_TIPO = Object.entries(TIPOS).map(([valor, [, rotulo]]) => ({ valor, rotulo })).sort(porRotulo);
export const OPCOES_DE_ACAO = Object.entries(ACOES).map(([valor, [, rotulo]]) => ({ valor, rotulo })).sort(porRotulo);

// ---------------------------------------------------------------- fields and values

const DINHEIRO = "dinheiro";
const DATA = "data";
const MES = "mes";
const DOCUMENTO = "documento";
const REFERENCIA = "referencia";
const PERCENTUAL = "percentual";
const PERMISSOES = "permissoes";

// A snapshot's field → its label and, when it is not plain text, how its value is shown.
const CAMPOS = {
  nome: ["Nome"], descricao: ["Descrição"], tipo: ["Tipo"], status: ["Situação"],
  valor: ["Valor", DINHEIRO], data_vencimento: ["Vencimento", DATA], competencia: ["Competência", MES],
  categoria_id: ["Categoria", REFERENCIA], conta_id: ["Conta", REFERENCIA], cliente_id: ["Cliente", REFERENCIA],
  fornecedor_id: ["Fornecedor", REFERENCIA], lancamento_id: ["Lançamento", REFERENCIA],
  parent_id: ["Dentro da categoria", REFERENCIA], documento: ["Documento"], observacoes: ["Observações"],
  observacao: ["Observação"], banco: ["Banco"], agencia: ["Agência"], numero: ["Número"],
  saldo_inicial: ["Saldo inicial", DINHEIRO], data_saldo_inicial: ["Data do saldo inicial", DATA],
  ativa: ["Ativa"], ativo: ["Ativo"], codigo: ["Código"], ordem: ["Posição"], grupo_dre: ["Grupo no DRE"],
  tipo_pessoa: ["Tipo de pessoa"], cpf_cnpj: ["CPF/CNPJ", DOCUMENTO], cnpj: ["CNPJ", DOCUMENTO], email: ["E-mail"],
  telefone: ["Telefone"], cep: ["CEP"], logradouro: ["Endereço"], complemento: ["Complemento"], bairro: ["Bairro"],
  cidade: ["Cidade"], uf: ["UF"],
  data: ["Data", DATA], juros: ["Juros", DINHEIRO], multa: ["Multa", DINHEIRO], desconto: ["Desconto", DINHEIRO],
  valor_movimentado: ["Valor que entrou ou saiu da conta", DINHEIRO],
  arquivo: ["Arquivo"], arquivo_nome: ["Arquivo"], importados: ["Registros importados"],
  conta_nome: ["Conta"], conta_ofx: ["Conta no arquivo"], banco_ofx: ["Banco no arquivo"],
  agencia_ofx: ["Agência no arquivo"], data_inicio: ["Desde", DATA], data_fim: ["Até", DATA],
  saldo_extrato: ["Saldo do extrato", DINHEIRO], importadas: ["Transações importadas"],
  duplicadas: ["Transações repetidas (ignoradas)"], a_revisar: ["Transações a revisar"],
  transacoes_removidas: ["Transações removidas"], memo: ["Histórico"], revisar: ["Em revisão"],
  conciliado: ["Conciliada"],
  memo_contem: ["Histórico contém"], memo_regex: ["Padrão do histórico"], valor_minimo: ["Valor mínimo", DINHEIRO],
  valor_maximo: ["Valor máximo", DINHEIRO], direcao: ["Entradas ou saídas"], acao: ["Então"],
  score_minimo: ["Confiança mínima", PERCENTUAL], score: ["Confiança", PERCENTUAL],
  origem: ["Como foi feita"], regra_nome: ["Regra"], motivos: ["Motivos"], transacoes: ["Transações do extrato"],
  baixas: ["Pagamentos"],
  total: ["Transações a analisar"], processadas: ["Analisadas"], conciliadas: ["Conciliadas"],
  criadas: ["Lançamentos criados"], deixadas: ["Deixadas para uma pessoa"], erro: ["Erro"],
  concluido_em: ["Concluída em"],
  username: ["Usuário (login)"], permissoes: ["Permissões", PERMISSOES], plataforma_admin: ["Administra a plataforma"],
  trocar_senha: ["Deve trocar a senha ao entrar"], senha_alterada: ["Senha alterada"],
  senha_redefinida: ["Senha redefinida"], outras_sessoes_encerradas: ["Outros acessos encerrados"],
  ip: ["Endereço de rede"],
};

// Codes the services store, in words. A conta's, a categoria's and a lançamento's `tipo` share
// this one map: their codes never collide.
const CODIGOS = {
  RECEITA: "Receita", DESPESA: "Despesa", CORRENTE: "Conta corrente", POUPANCA: "Poupança", CAIXA: "Caixa (dinheiro)",
  CARTAO: "Cartão de crédito", INVESTIMENTO: "Investimento", FISICA: "Pessoa física", JURIDICA: "Pessoa jurídica",
  PENDENTE: "Pendente", PARCIAL: "Pago em parte", PAGO: "Pago", CANCELADO: "Cancelado", EXECUTANDO: "Em andamento",
  CONCLUIDA: "Concluída", FALHOU: "Falhou", ENTRADA: "Entradas", SAIDA: "Saídas", SUGERIR: "Sugerir um lançamento",
  CRIAR_LANCAMENTO: "Criar o lançamento", CONCILIAR: "Confirmar a melhor sugestão", MANUAL: "Por uma pessoa",
  AUTOMATICA: "Automaticamente", REGRA: "Por uma regra",
  receita_bruta: "Receita bruta", deducoes: "Deduções da receita", custos_servicos: "Custos dos serviços",
  despesas_operacionais: "Despesas operacionais", receitas_financeiras: "Receitas financeiras",
  despesas_financeiras: "Despesas financeiras", outras_receitas: "Outras receitas", outras_despesas: "Outras despesas",
  nao_operacional: "Fora do resultado",
};

// What only the technical details show: ids, the file's fingerprint, the série's inner numbering
// (the record's name says which parcela it is), timestamps of the row itself.
const TECNICOS = new Set(["id", "ids", "serie_id", "serie_numero", "usuario_id", "execucao_id", "regra_id", "extrato_id",
  "lancamento_criado_id", "conciliacao_id", "empresa_id", "arquivo_sha256", "fitid", "criado_em", "atualizado_em",
  "nome_busca", "registrada_na_conciliacao"]);

const vazio = (valor) => valor === null || valor === undefined || valor === "" || (Array.isArray(valor) && !valor.length);

/** One item of a list in a snapshot (a conciliação's transactions, its pagamentos): its name and amount. */
function item(valor) {
  if (typeof valor !== "object" || valor === null) return String(valor);
  const nome = valor.memo ?? valor.lancamento_descricao ?? valor.nome ?? valor.descricao ?? "";
  return html`${nome}${valor.valor != null && html` <${Dinheiro} valor=${valor.valor} />`}`;
}

/** A field's value as the screens show it; `referencias` are the API's names of the records pointed at. */
export function valorLegivel(campo, valor, referencias = {}) {
  if (vazio(valor)) return "—";
  const formato = CAMPOS[campo]?.[1];
  if (formato === REFERENCIA) return referencias[campo]?.[String(valor)] ?? "(registro excluído)";
  if (typeof valor === "boolean") return valor ? "Sim" : "Não";
  if (formato === DINHEIRO) return html`<${Dinheiro} valor=${valor} />`;
  if (formato === DATA) return formatarData(valor) || String(valor);
  if (formato === MES) return formatarCompetencia(valor);
  if (formato === DOCUMENTO) return formatarCpfCnpj(valor);
  if (formato === PERMISSOES) return resumoDePermissoes({ permissoes: valor });
  if (formato === PERCENTUAL) return `${Math.round(Number(valor) * 100)}%`; // scores go from 0 to 1
  if (campo.endsWith("_em")) return formatarDataHora(valor);
  if (Array.isArray(valor)) return html`${valor.map((v, i) => html`${i > 0 && "; "}${item(v)}`)}`;
  if (typeof valor === "object") return item(valor);
  return CODIGOS[valor] ?? String(valor);
}

const ORDEM = Object.keys(CAMPOS);
function ordem(campo) {
  const posicao = ORDEM.indexOf(campo);
  return posicao === -1 ? ORDEM.length : posicao; // a field not listed goes last
}
const rotuloDoCampo = (campo) => CAMPOS[campo]?.[0] ?? palavras(campo).replace(/^./, (l) => l.toUpperCase());
const objeto = (valor) => (valor && typeof valor === "object" && !Array.isArray(valor) ? valor : null);

/**
 * What the entry says of the record, field by field, technical ones left out: for a change, the
 * fields that changed `{rotulo, antes, depois}` (`alteracao: true`); for a record created or
 * removed, its fields with a value `{rotulo, valor}`.
 */
export function campos(registro) {
  const antes = objeto(registro.antes);
  const depois = objeto(registro.depois);
  const ref = registro.referencias || {};
  // In the order CAMPOS lists them (the database keeps a snapshot's keys in an order of its own).
  const nomes = (...fotos) => [...new Set(fotos.flatMap((f) => Object.keys(f || {})))].filter((c) => !TECNICOS.has(c))
    .sort((a, b) => ordem(a) - ordem(b));
  if (antes && depois) {
    const mudados = nomes(antes, depois)
      .filter((c) => JSON.stringify(antes[c] ?? null) !== JSON.stringify(depois[c] ?? null));
    return {
      alteracao: true,
      linhas: mudados.map((c) => ({ campo: c, rotulo: rotuloDoCampo(c), antes: valorLegivel(c, antes[c], ref),
        depois: valorLegivel(c, depois[c], ref) })),
    };
  }
  const foto = depois || antes;
  return {
    alteracao: false,
    linhas: nomes(foto).filter((c) => !vazio(foto[c]))
      .map((c) => ({ campo: c, rotulo: rotuloDoCampo(c), valor: valorLegivel(c, foto[c], ref) })),
  };
}

/** Who did it: the person's name, or "Sistema" for work no person started. */
export const quem = (registro) => registro.usuario_nome || registro.username || "Sistema";
