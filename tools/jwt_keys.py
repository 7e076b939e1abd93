"""`python -m tools.jwt_keys`: the JWT signing key pair under $ERP_STATE_DIR/keys, made when missing.

docker compose's one-shot `init` step runs it into a named volume that the services mount
read-only, so no private key is ever committed or baked into an image. With JWT_* variables unset,
shared.config reads the pair from there; a second run keeps it, so sessions survive a restart.
"""
from shared.config import KEYS_DIR
from tools.embedded import ensure_jwt_keys

if __name__ == "__main__":
    print(f"chave de assinatura JWT em uso: {ensure_jwt_keys(KEYS_DIR)}", flush=True)
