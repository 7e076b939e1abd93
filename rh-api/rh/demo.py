"""`python -m rh.demo --empresa <id>`: the demo studio's team — four CLT employees (recepcionista,
editor de imagens, assistente de fotografia, produtora) with different salaries, dependents for
one and vale-transporte for two, an estagiário and the owner's pró-labore — and their variables
(overtime, night hours, commissions, an absence, advances) for the last three months: the two
complete months before today, which `rh.demo_ao_vivo` processes once every service answers (their
payables are financeiro's, reached only through its API), and the current one, whose preview is
still open. Names and figures are in `dados/demo_rh.json`.

Only through the domain (`funcionarios.criar`, `variaveis.gravar`), each record validated by the
API's own models, so every write is checked, audited and announced. One `Transacao` as the
installation itself in that empresa; deterministic (the months follow `shared.config.hoje()`), and
created once: an empresa that has any funcionário is left as it is.
"""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from shared import calendario, demonstracao
from shared.api import validar
from shared.config import hoje
from shared.transacao import Transacao

from rh import create_app, funcionarios, variaveis
from rh.routes.funcionarios import NovasVariaveis, NovoFuncionario

DADOS = json.loads((Path(__file__).parent / "dados" / "demo_rh.json").read_text(encoding="utf-8"))


@dataclass
class Resumo:
    criado: bool  # False: the empresa had funcionários already, and nothing was done
    funcionarios: int
    variaveis: int  # months of variables, all the empresa's

    def texto(self) -> str:
        quantos = f"{self.funcionarios} funcionários, {self.variaveis} meses de variáveis"
        return f"criados: {quantos}" if self.criado else f"a empresa já tinha funcionários ({quantos}); nada foi feito"


def meses() -> list:
    """The months the variables are for: the two complete months before today, then this one."""
    atual = calendario.primeiro_do_mes(hoje())
    return [calendario.somar_meses(atual, -2), calendario.somar_meses(atual, -1), atual]


def processados() -> list:
    """The months the demo processes (rh.demo_ao_vivo), the older first: the complete ones."""
    return meses()[:2]


def _contagem(cur) -> dict:
    cur.execute("""SELECT (SELECT count(*) FROM rh.funcionarios) AS funcionarios,
                          (SELECT count(*) FROM rh.variaveis_mes) AS variaveis""")
    return dict(cur.fetchone())


def criar(tx: Transacao) -> Resumo:
    """The demo's team in the transaction's empresa, unless it has a funcionário already."""
    cur = tx.cur
    # Two runs at once (two `make run`s): the second waits, then finds the first one's data.
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('rh.demo:' || plataforma.empresa_atual(), 0))")
    cur.execute("SELECT EXISTS (SELECT FROM rh.funcionarios) AS tem")
    if cur.fetchone()["tem"]:
        return Resumo(False, **_contagem(cur))
    ids = {}
    for funcionario in DADOS["funcionarios"]:
        ids[funcionario["nome"]] = funcionarios.criar(tx, dict(validar(NovoFuncionario, funcionario)))["id"]
    for nome, por_mes in DADOS["variaveis"].items():
        for competencia, valores in zip(meses(), por_mes):
            variaveis.gravar(tx, ids[nome], competencia, dict(validar(NovasVariaveis, valores)))
    return Resumo(True, **_contagem(cur))


def garantir(empresa_id: int) -> Resumo:
    """The demo's team in `empresa_id` (inside an app context), in one transaction."""
    return demonstracao.garantir(empresa_id, criar)


def main(argv=None, overrides: dict | None = None) -> int:
    return demonstracao.executar(
        "python -m rh.demo",
        "Cria a equipe do estúdio de demonstração (funcionários CLT, estagiário e pró-labore) e as variáveis dos "
        "três últimos meses; não faz nada numa empresa que já tem funcionários.",
        "RH de demonstração", create_app, criar, argv, overrides)


if __name__ == "__main__":
    sys.exit(main())
