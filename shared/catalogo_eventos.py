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

EVENTO_CRIADO = Evento("operacional.evento.criado", "operacional-api", ("id",),
                       "Um evento (job) foi criado.")
EVENTO_ALTERADO = Evento("operacional.evento.alterado", "operacional-api", ("id", "acao"),
                         "Um evento foi alterado (acao: alterado, etapa, equipe, tarefas, centro_custo).")
EVENTO_EXCLUIDO = Evento("operacional.evento.excluido", "operacional-api", ("id",),
                         "Um evento foi excluído.")
TIPO_EVENTO_ALTERADO = Evento("operacional.tipo_evento.alterado", "operacional-api", ("id", "acao"),
                              "Um tipo de evento ou o seu checklist foi criado, alterado ou excluído, ou os "
                              "tipos padrão foram dados à empresa (acao: padroes, sem id).")

SESSAO_CRIADA = Evento("operacional.sessao.criada", "operacional-api", ("id", "ids"),
                       "Uma sessão da agenda foi criada (ids: as criadas por uma importação de .ics).")
SESSAO_ALTERADA = Evento("operacional.sessao.alterada", "operacional-api", ("id", "ids"),
                         "Uma sessão da agenda foi alterada (ids: as alteradas por uma importação de .ics).")
SESSAO_EXCLUIDA = Evento("operacional.sessao.excluida", "operacional-api", ("id",),
                         "Uma sessão da agenda foi excluída.")
FEED_AGENDA_ALTERADO = Evento("operacional.feed_agenda.alterado", "operacional-api", ("id", "acao"),
                              "Um endereço de assinatura (ICS) da agenda foi criado ou revogado.")

EQUIPAMENTO_ALTERADO = Evento("operacional.equipamento.alterado", "operacional-api", ("id", "acao"),
                              "Um equipamento foi criado, alterado, excluído, saiu, voltou ou teve uma "
                              "manutenção agendada ou cancelada (acao: criado, alterado, excluido, saida, "
                              "retorno, manutencao).")
KIT_ALTERADO = Evento("operacional.kit.alterado", "operacional-api", ("id", "acao"),
                      "Um kit de equipamentos foi criado, alterado ou excluído.")
ALOCACAO_ALTERADA = Evento("operacional.alocacao.alterada", "operacional-api", ("ids", "sessao_id", "kit_id", "acao"),
                           "Equipamentos foram alocados a uma sessão ou desalocados (ids: as reservas; "
                           "acao: alocada, desalocada).")

CONTRATO_ALTERADO = Evento("operacional.contrato.alterado", "operacional-api", ("id", "acao"),
                           "Um contrato foi criado, alterado, cancelado, excluído, sincronizado com o Financeiro, "
                           "teve o link de aceite gerado ou foi aceito pelo cliente (acao: criado, alterado, "
                           "cancelado, excluido, sincronizado, link_aceite, aceito).")
MODELO_CONTRATO_ALTERADO = Evento("operacional.modelo_contrato.alterado", "operacional-api", ("id", "acao"),
                                  "Um modelo de contrato foi criado, alterado ou excluído (acao: criado, "
                                  "alterado, excluido, padrao).")

FOLHA_PROCESSADA = Evento("rh.folha.processada", "rh-api", ("id", "competencia", "acao"),
                          "A folha de um mês foi fechada ou reprocessada (acao: processada, reprocessada; "
                          "competencia: AAAA-MM); suas contas a pagar vão ao Financeiro em seguida.")

FUNCIONARIO_ALTERADO = Evento("rh.funcionario.alterado", "rh-api", ("id", "acao", "competencia"),
                              "Um funcionário foi criado, alterado ou excluído, as variáveis de um mês dele "
                              "mudaram ou férias dele foram processadas, reprocessadas ou canceladas (acao: "
                              "criado, alterado, excluido, variaveis, ferias; competencia: AAAA-MM, nas variáveis "
                              "e nas férias).")

CATALOGO: tuple[Evento, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Evento))
POR_NOME: dict[str, Evento] = {evento.nome: evento for evento in CATALOGO}
