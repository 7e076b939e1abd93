"""Developer tooling: the embedded servers, the `make run` runner, and the JWT key generator that
docker compose's one-shot `init` step also runs. Never deployed on Railway."""
