"""Every domain event the services publish: its name, who publishes it, and what its payload holds.

Producers publish these constants (`Transacao.publicar(eventos.CONTA_ALTERADA, id=..., acao=...)`)
and consumers name them (dashboard-api's widget map), so a name is spelled once. A payload may
carry only the fields listed here: publishing another is a bug the producer's tests catch.
tests/test_catalogo_eventos.py checks that each entry has a producer that publishes it and that
nothing publishes or listens for a name outside it.

A name is `<dominio>.<entidade>.<acontecimento>`: the domain (the first part) is the generation
counter the event bumps, so caches of that domain refresh (shared.eventos, shared.cache).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Evento:
    nome: str
    produtor: str  # the service that publishes it
    campos: tuple[str, ...]  # what its `dados` may hold
    descricao: str

    @property
    def dominio(self) -> str:
        return self.nome.split(".", 1)[0]

    def dados(self, valores: dict) -> dict:
        """The payload, refused when it holds a field the catalogue does not list."""
        estranhos = set(valores) - set(self.campos)
        if estranhos:
            raise ValueError(f"{self.nome} não tem o(s) campo(s) {', '.join(sorted(estranhos))} no catálogo")
        return valores


EMPRESA_ALTERADA = Evento("auth.empresa.alterada", "auth-api", ("empresa_id", "acao"),
                          "Uma empresa foi criada (publicado na própria empresa nova).")
USUARIO_ALTERADO = Evento("auth.usuario.alterado", "auth-api", ("usuario_id", "acao"),
                          "Um usuário da empresa foi criado, alterado ou removido dela.")

CONTA_ALTERADA = Evento("cadastros.conta.alterada", "cadastros-api", ("id", "acao"),
                        "Uma conta foi criada, alterada ou excluída (acao: criada, alterada, excluida).")
CATEGORIA_ALTERADA = Evento("cadastros.categoria.alterada", "cadastros-api", ("id", "acao"),
                            "Uma categoria foi criada, alterada, movida ou excluída.")
CENTRO_CUSTO_ALTERADO = Evento("cadastros.centro_custo.alterado", "cadastros-api", ("id", "acao"),
                               "Um centro de custo foi criado, alterado ou excluído.")
CLIENTE_ALTERADO = Evento("cadastros.cliente.alterado", "cadastros-api", ("id", "acao", "importados"),
                          "Um cliente foi criado, alterado ou excluído, ou vários foram importados.")
FORNECEDOR_ALTERADO = Evento("cadastros.fornecedor.alterado", "cadastros-api", ("id", "acao", "importados"),
                             "Um fornecedor foi criado, alterado ou excluído, ou vários foram importados.")

LANCAMENTO_ALTERADO = Evento(
    "financeiro.lancamento.alterado", "financeiro-api",
    ("ids", "acao", "baixa_id", "conciliacao_id", "execucao_id"),
    "Lançamentos foram criados, alterados, cancelados, reativados, excluídos, baixados, estornados, "
    "conciliados ou tiveram a conciliação desfeita (ids: os lançamentos; acao: o que houve).")
EXTRATO_IMPORTADO = Evento("financeiro.extrato.importado", "financeiro-api",
                           ("extrato_id", "conta_id", "importadas"),
                           "Um extrato OFX foi importado numa conta.")

CATALOGO: tuple[Evento, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Evento))
POR_NOME: dict[str, Evento] = {evento.nome: evento for evento in CATALOGO}
