"""Plain-text tables, aligned, for a terminal and for bench/results/; each keeps its rows for
bench/RELATORIO.md (bench/relatorio_md.py)."""


class Tabela(str):
    """A table's text, as printed, with the rows it was made from."""

    titulo: str
    cabecalho: list[str]
    linhas: list[list[str]]
    notas: list[str]


def formatar(titulo: str, cabecalho: list[str], linhas: list[list[str]], notas: list[str] = ()) -> Tabela:
    larguras = [max(len(str(c)) for c in coluna) for coluna in zip(cabecalho, *linhas)]

    def linha(celulas):
        # First column left-aligned (names), the numbers right-aligned.
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(celulas, larguras))
        ).rstrip()

    regua = "  ".join("-" * w for w in larguras)
    partes = [titulo, "", linha(cabecalho), regua, *(linha(l) for l in linhas)]
    if notas:
        partes += ["", *notas]
    tabela = Tabela("\n".join(partes) + "\n")
    tabela.titulo, tabela.cabecalho, tabela.linhas, tabela.notas = titulo, list(cabecalho), linhas, list(notas)
    return tabela


def numero(valor: float) -> str:
    return f"{valor:,.0f}".replace(",", " ") if valor >= 100 else f"{valor:.1f}"
