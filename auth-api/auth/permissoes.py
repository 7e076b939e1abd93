"""The permission catalogue: `<modulo>:ler` / `<modulo>:escrever` per module, and `admin`."""
MODULOS = ("cadastros", "financeiro", "relatorios", "operacional", "rh", "dashboard")
ADMIN = "admin"
TODAS = tuple(sorted([f"{modulo}:{acao}" for modulo in MODULOS for acao in ("ler", "escrever")] + [ADMIN]))


def normalizar(permissoes) -> list[str]:
    """Sorted and without repetition; ValueError (a pt-BR message) for anything outside the catalogue."""
    desconhecidas = sorted({p for p in permissoes if p not in TODAS})
    if desconhecidas:
        raise ValueError(f"Permissão desconhecida: {', '.join(desconhecidas)}. Use {', '.join(TODAS)}")
    return sorted(set(permissoes))
