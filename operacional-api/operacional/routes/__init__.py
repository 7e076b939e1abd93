"""One blueprint per resource."""
from operacional.routes import aceite, agenda, agenda_ics, contratos, equipamentos, eventos, eventos_equipe, kits, modelos_contrato, tipos_evento

BLUEPRINTS = [eventos.bp, eventos_equipe.bp, tipos_evento.bp, contratos.bp, modelos_contrato.bp, aceite.bp, agenda.bp, agenda_ics.bp, equipamentos.bp, kits.bp]
