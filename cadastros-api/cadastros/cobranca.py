"""A conta's cobrança settings (cadastros.contas_cobranca, under RLS): what its bank needs to
register boletos by file, checked against that bank's rules.

The rules are data, `dados/cobranca_bancos.json` (its README says where each list comes from): the
banks this system makes files for, the layouts each takes, the length of its convênio (or code of
the beneficiário), its carteiras, what its variação means and when it is required, whether it has a
posto. financeiro-api reads the settings through cadastros.v_contas_cobranca.

Every write is one `Transacao`: lock the conta (or 404) → check → store → audit → publish
CONTA_ALTERADA (the conta's list shows whether it has cobrança).
"""
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shared import catalogo_eventos as eventos
from shared import pix
from shared.errors import NaoEncontrado, Validacao
from shared.transacao import Transacao

from cadastros import bancos

ARQUIVO = Path(__file__).parent / "dados" / "cobranca_bancos.json"

# What the settings store, besides the conta; the order of the view financeiro reads.
CAMPOS = ("layout", "convenio", "carteira", "variacao", "posto", "proximo_nosso_numero", "proximo_nsa", "chave_pix",
          "tipo_chave_pix", "juros_mes_percentual", "multa_percentual", "dias_baixa", "instrucoes",
          "beneficiario_nome", "beneficiario_documento", "beneficiario_endereco", "categoria_tarifa_id")

SEM_COBRANCA = "Esta conta não tem cobrança configurada"
VERIFIQUE = "Verifique os campos destacados"


@dataclass(frozen=True)
class RegraDoBanco:
    codigo: str
    nome: str
    layouts: tuple[str, ...]  # the first is the default
    convenio: dict | None
    carteiras: tuple[str, ...]
    variacao: dict | None
    posto: bool
    feminino: bool  # "a Caixa", "o Itaú"

    @property
    def sujeito(self) -> str:
        """"A Caixa", "O Itaú": the bank starting a sentence."""
        return f"{'A' if self.feminino else 'O'} {self.nome}"

    def com(self, preposicao: str) -> str:
        """The bank's name after "do" or "no", agreeing with it: "da Caixa", "no Itaú"."""
        return f"{preposicao[0]}{'a' if self.feminino else 'o'} {self.nome}"


@cache
def regras() -> dict[str, RegraDoBanco]:
    dados = json.loads(ARQUIVO.read_text(encoding="utf-8"))["bancos"]
    return {codigo: RegraDoBanco(codigo, r["nome"], tuple(r["layouts"]), r["convenio"], tuple(r["carteiras"]),
                                 r["variacao"], r["posto"], r.get("feminino", False))
            for codigo, r in dados.items()}


def regra(banco: str | None) -> RegraDoBanco:
    """The bank's rules; 400 naming the bank when this system makes no cobrança file for it."""
    if banco is None:
        raise Validacao("Só contas de banco têm cobrança; esta conta não tem banco")
    if banco not in regras():
        raise Validacao(f"O banco {banco} ({bancos.nome(banco) or 'desconhecido'}) não tem cobrança registrada por "
                        "arquivo neste sistema")
    return regras()[banco]


def tamanhos(convenio: dict) -> set[int]:
    return {n for de, ate in convenio["tamanhos"] for n in range(de, ate + 1)}


def _em_palavras(tamanhos: set[int]) -> str:
    """"4, 6, 7 ou 8 dígitos", "de 1 a 20 dígitos", "7 dígitos"."""
    ordem = sorted(tamanhos)
    if len(ordem) == 1:
        return f"{ordem[0]} dígitos"
    if len(ordem) > 4 and ordem == list(range(ordem[0], ordem[-1] + 1)):
        return f"de {ordem[0]} a {ordem[-1]} dígitos"
    return f"{', '.join(map(str, ordem[:-1]))} ou {ordem[-1]} dígitos"


def problemas(r: RegraDoBanco, dados: dict) -> dict[str, str]:
    """What in `dados` the bank does not take, by field, in pt-BR; empty when all is right."""
    erros = {}
    if dados["layout"] not in r.layouts:
        erros["layout"] = f"{r.sujeito} só recebe cobrança em {' ou '.join(r.layouts)}"
    convenio = dados["convenio"]
    if r.convenio is None:
        if convenio is not None:
            erros["convenio"] = f"{r.sujeito} não usa convênio: a agência e a conta identificam o beneficiário"
    elif convenio is None:
        erros["convenio"] = f"Informe o {r.convenio['nome']} ({r.nome}), como {r.convenio['exemplo']}"
    elif len(convenio) not in tamanhos(r.convenio):
        erros["convenio"] = (f"O {r.convenio['nome']} {r.com('do')} tem {_em_palavras(tamanhos(r.convenio))}; "
                             f"exemplo: {r.convenio['exemplo']}")
    if dados["carteira"] not in r.carteiras:
        erros["carteira"] = f"Carteira inválida {r.com('no')}; use {', '.join(r.carteiras)}"
    variacao = dados["variacao"]
    if r.variacao is None:
        if variacao is not None:
            erros["variacao"] = f"{r.sujeito} não usa variação da carteira"
    elif variacao is None:
        if dados["carteira"] in r.variacao["exigida_nas_carteiras"]:
            erros["variacao"] = (f"Informe a {r.variacao['nome']} da carteira {dados['carteira']} "
                                 f"({r.nome}), como {r.variacao['exemplo']}")
    elif not re.fullmatch(r.variacao["padrao"], variacao) or \
            (r.variacao["valores"] is not None and variacao not in r.variacao["valores"]):
        aceitos = ", ".join(r.variacao["valores"] or ()) or f"3 dígitos, como {r.variacao['exemplo']}"
        erros["variacao"] = f"{r.variacao['nome'].capitalize()} inválida {r.com('no')}; use {aceitos}"
    if r.posto and dados["posto"] is None:
        erros["posto"] = f"Informe o posto da cooperativa ({r.nome}): 2 dígitos, como 07"
    elif not r.posto and dados["posto"] is not None:
        erros["posto"] = f"{r.sujeito} não usa posto"
    return erros


# ---------------------------------------------------------------- reading


def por_conta(cur, conta_id: int) -> dict | None:
    """The conta's settings (with conta_id and atualizado_em), or None."""
    cur.execute(f"""SELECT conta_id, {', '.join(CAMPOS)}, atualizado_em FROM cadastros.contas_cobranca
                    WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s""", (conta_id,))
    return cur.fetchone()


def obter(cur, conta_id: int) -> dict:
    """The settings; 404 for a conta that is not the empresa's, and for one without cobrança."""
    if not _conta(cur, conta_id, bloquear=False):
        raise NaoEncontrado("Conta não encontrada")
    configuracao = por_conta(cur, conta_id)
    if configuracao is None:
        raise NaoEncontrado(SEM_COBRANCA)
    return configuracao


def _conta(cur, conta_id: int, bloquear: bool) -> dict | None:
    cur.execute(f"""SELECT banco, agencia, numero FROM cadastros.contas
                    WHERE empresa_id = plataforma.empresa_atual() AND id = %s {'FOR UPDATE' if bloquear else ''}""",
                (conta_id,))
    return cur.fetchone()


# ---------------------------------------------------------------- writing


def configurar(tx: Transacao, conta_id: int, dados: dict) -> dict:
    """Stores `dados` (every field; `layout` None: the bank's first) as the conta's settings,
    replacing any; the settings as `por_conta` reads them."""
    cur = tx.cur
    conta = _conta(cur, conta_id, bloquear=True)
    if conta is None:
        raise NaoEncontrado("Conta não encontrada")
    r = regra(conta["banco"])
    faltando = {campo: f"Informe {nome} da conta antes de configurar a cobrança"
                for campo, nome in (("agencia", "a agência"), ("numero", "o número")) if not conta[campo]}
    if faltando:
        raise Validacao("A conta precisa de agência e número para ter cobrança", faltando)
    dados = {**dados, "layout": dados["layout"] or r.layouts[0]}
    erros = problemas(r, dados)
    pix.conferir_chave(dados, erros)
    if dados["categoria_tarifa_id"] is not None and not _despesa(cur, dados["categoria_tarifa_id"]):
        erros["categoria_tarifa_id"] = "Escolha uma categoria de despesa da empresa para as tarifas do banco"
    if erros:
        raise Validacao(VERIFIQUE, erros)
    antes = por_conta(cur, conta_id)
    cur.execute(
        f"""INSERT INTO cadastros.contas_cobranca (empresa_id, conta_id, {', '.join(CAMPOS)})
            VALUES (plataforma.empresa_atual(), %(conta_id)s, {', '.join(f'%({c})s' for c in CAMPOS)})
            ON CONFLICT (empresa_id, conta_id) DO UPDATE
               SET {', '.join(f'{c} = excluded.{c}' for c in CAMPOS)}, atualizado_em = now()""",
        {**dados, "conta_id": conta_id},
    )
    depois = por_conta(cur, conta_id)
    if antes is None or foto(antes) != foto(depois):
        tx.auditar("alterar" if antes else "criar", "conta_cobranca", conta_id,
                   antes=antes and foto(antes), depois=foto(depois))
        tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="alterada")
    return depois


def _despesa(cur, categoria_id: int) -> bool:
    cur.execute("""SELECT tipo = 'DESPESA' AS despesa FROM cadastros.categorias
                   WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (categoria_id,))
    linha = cur.fetchone()
    return bool(linha and linha["despesa"])


def remover(tx: Transacao, conta_id: int) -> None:
    """Removes the conta's settings; 404 for another empresa's conta or one without them."""
    cur = tx.cur
    if _conta(cur, conta_id, bloquear=True) is None:
        raise NaoEncontrado("Conta não encontrada")
    cur.execute("""DELETE FROM cadastros.contas_cobranca
                   WHERE empresa_id = plataforma.empresa_atual() AND conta_id = %s
                   RETURNING conta_id, """ + ", ".join(CAMPOS), (conta_id,))
    antes = cur.fetchone()
    if antes is None:
        raise NaoEncontrado(SEM_COBRANCA)
    tx.auditar("excluir", "conta_cobranca", conta_id, antes=foto(antes))
    tx.publicar(eventos.CONTA_ALTERADA, id=conta_id, acao="alterada")


def foto(configuracao: dict) -> dict:
    """What the audit trail keeps of the settings."""
    return {campo: configuracao[campo] for campo in CAMPOS}
