# docker compose's one-shot `init` step: the JWT key pair, then every schema's migrations.
# Built from the repository root like the services' images:
#   docker build -f tools/init.Dockerfile -t erp-init .
# Its own small image rather than each schema owner's image running its own migrator: a service
# image holds only its folder, while this one holds every migrations/ folder, so the migrator
# applies the platform's files and then each schema in shared.config.SERVICOS order, in one run
# under one lock, exactly as `make run` does.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app

WORKDIR /app

COPY shared/requirements.txt shared/
RUN pip install --no-cache-dir -r shared/requirements.txt

# VERSION: shared.config reads it.
COPY VERSION ./
COPY shared/ shared/
# Every folder that owns a schema (tests/test_deploy_files.py keeps this list complete).
COPY auth-api/migrations/ auth-api/migrations/
COPY financeiro-api/migrations/ financeiro-api/migrations/
COPY relatorios-api/migrations/ relatorios-api/migrations/
COPY cadastros-api/migrations/ cadastros-api/migrations/
COPY operacional-api/migrations/ operacional-api/migrations/
COPY rh-api/migrations/ rh-api/migrations/
# The key generator (.dockerignore lets these three through; the rest of tools/ stays out).
COPY tools/__init__.py tools/embedded.py tools/jwt_keys.py tools/

# /var/lib/erp is where docker-compose.yml mounts the erp-state volume (ERP_STATE_DIR). Docker
# gives a new named volume the owner of the image's directory it is mounted on, so the same
# non-root uid as the services' images writes the keys there and the services can read them.
RUN useradd --system --uid 10001 --no-create-home erp \
    && mkdir -p /var/lib/erp \
    && chown erp /var/lib/erp
USER erp

# The migrator without arguments: the platform and every service's schema.
CMD ["sh", "-c", "python -m tools.jwt_keys && python -m shared.migrator"]
