"""bench/RELATORIO.md: one run's tables as markdown — the machine they came from, and each figure
beside its target and whether it meets it.

Made from the tables the parts printed (bench.tabela.Tabela keeps their rows), never from a second
record. A row names its own target, as the parts print it: "(meta < 20 ms)" is checked against the
row's p50 (or its only time column), "(meta p99 < 30 ms)" against its p99, "(meta 0 falhas)"
against its `falhas` column. A target the writer cannot check (a ratio, a text) is shown with "—".
"""
import os
import platform
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bench.tabela import Tabela

META = re.compile(r"\s*\(meta ([^)]*)\)")
META_TEMPO = re.compile(r"^(?:(p\d+) )?(<|<=|≤) ?([\d.,]+) ?(µs|ms|s)$")
META_FALHAS = re.compile(r"^(\d+) falhas?$")
EM_MICROSSEGUNDOS = {"µs": Decimal(1), "ms": Decimal(1000), "s": Decimal(1_000_000)}


def fatos_da_maquina(versoes: dict) -> dict:
    """CPU model, cores, memory, system, Python and the servers' versions, from /proc and the servers."""
    modelo = "?"
    memoria = "?"
    try:
        for linha in Path("/proc/cpuinfo").read_text().splitlines():
            if linha.startswith("model name"):
                modelo = linha.split(":", 1)[1].strip()
                break
        for linha in Path("/proc/meminfo").read_text().splitlines():
            if linha.startswith("MemTotal:"):
                memoria = f"{int(linha.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"CPU": modelo, "núcleos": str(nproc), "memória": memoria,
            "sistema": f"{platform.system()} {platform.release()}", "Python": platform.python_version(),
            "PostgreSQL": versoes.get("postgres", "?"), "Redis": versoes.get("redis", "?")}


def _numero(celula: str) -> Decimal | None:
    """A cell as bench.tabela.numero wrote it ("1 234", "12.5"), or None."""
    try:
        return Decimal(celula.replace(" ", "").replace("\u202f", ""))
    except InvalidOperation:
        return None


def _unidade(titulo_da_coluna: str) -> str | None:
    ultima = titulo_da_coluna.split()[-1] if titulo_da_coluna.split() else ""
    return ultima if ultima in EM_MICROSSEGUNDOS else None


def avaliar(cabecalho: list[str], linha: list[str]) -> tuple[str, str, str]:
    """(the row's target as written, the figure it was checked against, "sim" / "não" / "—")."""
    achada = META.search(str(linha[0]))
    if not achada:
        return "", "", ""
    meta = achada.group(1).strip()
    tempo = META_TEMPO.match(meta)
    falhas = META_FALHAS.match(meta)
    if tempo:
        percentil, operador, limite, unidade = tempo.groups()
        colunas = [i for i, c in enumerate(cabecalho) if _unidade(c)]
        escolhida = next((i for i in colunas if cabecalho[i].startswith(f"{percentil or 'p50'} ")), None)
        if escolhida is None and not percentil and len(colunas) == 1:
            escolhida = colunas[0]
        valor = _numero(str(linha[escolhida])) if escolhida is not None and escolhida < len(linha) else None
        limite_ = _numero(limite.replace(",", "."))
        if valor is None or limite_ is None:
            return meta, "", "—"
        coluna = cabecalho[escolhida]
        valor_us = valor * EM_MICROSSEGUNDOS[_unidade(coluna)]
        limite_us = limite_ * EM_MICROSSEGUNDOS[unidade]
        cumpre = valor_us < limite_us if operador == "<" else valor_us <= limite_us
        return meta, f"{linha[escolhida]} ({coluna})", "sim" if cumpre else "não"
    if falhas and "falhas" in cabecalho:
        valor = _numero(str(linha[cabecalho.index("falhas")]))
        if valor is None:
            return meta, "", "—"
        return meta, f"falhas: {valor}", "sim" if valor <= int(falhas.group(1)) else "não"
    return meta, "", "—"


def _celula(texto) -> str:
    return str(texto).replace("|", "\\|").replace("\n", " ") or " "


def _linha_md(celulas) -> str:
    return "| " + " | ".join(_celula(c) for c in celulas) + " |"


def _tabela_md(tabela: Tabela) -> list[str]:
    avaliadas = [avaliar(tabela.cabecalho, linha) for linha in tabela.linhas]
    com_meta = any(meta for meta, _, _ in avaliadas)
    cabecalho = list(tabela.cabecalho) + (["meta", "cumpre"] if com_meta else [])
    partes = [f"## {_celula(tabela.titulo)}", "", _linha_md(cabecalho),
              "|" + "|".join(["---"] + ["--:"] * (len(tabela.cabecalho) - 1) + (["---", ":-:"] if com_meta else []))
              + "|"]
    for linha, (meta, _, cumpre) in zip(tabela.linhas, avaliadas):
        nome = META.sub("", str(linha[0])) if meta else linha[0]
        partes.append(_linha_md([nome, *linha[1:], *([meta, cumpre] if com_meta else [])]))
    if tabela.notas:
        partes += ["", "```text", *[n.replace("```", "'''") for n in tabela.notas], "```"]
    return partes + [""]


def markdown(fatos: dict, comando: str, quando: str, cargas: list[str], tabelas: list[Tabela]) -> str:
    partes = ["# ERP Web — benchmark", "",
              f"`{comando}` em {quando}. Gerado por bench/relatorio_md.py a partir das mesmas tabelas que o "
              "bench imprime; cada meta ao lado do número, e se ele a cumpre.", "",
              "## Máquina", "", "| | |", "|---|---|", *[_linha_md([k, v]) for k, v in fatos.items()],
              *[_linha_md(["carga média", c]) for c in cargas], ""]
    resumo = []
    for tabela in tabelas:
        parte = tabela.titulo.split(" ", 1)[0].rstrip(".")
        for linha in tabela.linhas:
            meta, valor, cumpre = avaliar(tabela.cabecalho, linha)
            if meta:
                resumo.append([parte, META.sub("", str(linha[0])), valor, meta, cumpre])
    if resumo:
        partes += ["## Metas", "", _linha_md(["parte", "medição", "número", "meta", "cumpre"]),
                   "|---|---|--:|---|:-:|",
                   *[_linha_md(r) for r in resumo], ""]
    for tabela in tabelas:
        partes += _tabela_md(tabela)
    return "\n".join(partes)


def escrever(caminho: Path, fatos: dict, comando: str, quando: str, cargas: list[str],
             tabelas: list[Tabela]) -> None:
    caminho.write_text(markdown(fatos, comando, quando, cargas, tabelas), encoding="utf-8")
