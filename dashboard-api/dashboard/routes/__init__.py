"""One blueprint per resource."""
from dashboard.routes import dashboard, stream

BLUEPRINTS = [dashboard.bp, stream.bp]
