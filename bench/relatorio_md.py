"""bench/RELATORIO.md: every part's latest tables as markdown — the run and the machine they came
from, and each figure beside its target and whether it meets it.

Made from the tables the parts printed (bench.tabela.Tabela keeps their rows). A run of some parts
(`--so-conciliacao`) replaces only theirs: each part's table is kept, with its run, in
bench/RELATORIO.json beside the report, and the report is written again from all of them.

A row names its own target, as the parts print it: "(meta < 20 ms)" is checked against the row's
p50 (or its only time column), "(meta p99 < 30 ms)" against its p99, "(meta 0 falhas)" against its
`falhas` column. A target the writer cannot check (a ratio, a text) is shown with "—".
"""
import json
import os
import platform
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bench.tabela import Tabela, formatar

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


def parte_de(titulo: str) -> str:
    """A table's part, as its title starts: "5", "13b"."""
    return titulo.split(" ", 1)[0].rstrip(".")


def _ordem(parte: str) -> tuple[int, str]:
    digitos = "".join(c for c in parte if c.isdigit())
    return int(digitos or 0), parte


def _medicao(tabela: Tabela, fatos: dict, comando: str, quando: str, cargas: list[str]) -> dict:
    """A part's table as the run that measured it: what RELATORIO.json keeps of it."""
    return {"parte": parte_de(tabela.titulo), "titulo": tabela.titulo, "cabecalho": list(tabela.cabecalho),
            "linhas": [list(map(str, linha)) for linha in tabela.linhas], "notas": list(tabela.notas),
            "comando": comando, "quando": quando, "cargas": list(cargas), "fatos": dict(fatos)}


def _tabela(medicao: dict) -> Tabela:
    return formatar(medicao["titulo"], medicao["cabecalho"], medicao["linhas"], medicao["notas"])


def markdown(medicoes: list[dict]) -> str:
    """The report of these parts' measurements (_medicao), each with the run it came from."""
    partes = ["# ERP Web — benchmark", "",
              "Gerado por bench/relatorio_md.py a partir das mesmas tabelas que o bench imprime; cada meta ao lado "
              "do número, e se ele a cumpre. Cada parte traz a execução que a mediu (o comando, quando, a carga "
              "média da máquina): uma execução de algumas partes (`--so-...`) substitui só essas.", ""]
    maquinas: list[tuple[dict, list[str]]] = []
    for medicao in medicoes:
        mesma = next((lista for fatos, lista in maquinas if fatos == medicao["fatos"]), None)
        if mesma is None:
            maquinas.append((medicao["fatos"], mesma := []))
        mesma.append(medicao["parte"])
    for fatos, lista in maquinas:
        partes += ["## Máquina" + (f" (partes {', '.join(lista)})" if len(maquinas) > 1 else ""), "", "| | |",
                   "|---|---|", *[_linha_md([k, v]) for k, v in fatos.items()], ""]
    resumo = []
    for medicao in medicoes:
        for linha in medicao["linhas"]:
            meta, valor, cumpre = avaliar(medicao["cabecalho"], linha)
            if meta:
                resumo.append([medicao["parte"], META.sub("", str(linha[0])), valor, meta, cumpre])
    if resumo:
        partes += ["## Metas", "", _linha_md(["parte", "medição", "número", "meta", "cumpre"]),
                   "|---|---|--:|---|:-:|",
                   *[_linha_md(r) for r in resumo], ""]
    for medicao in medicoes:
        tabela = _tabela_md(_tabela(medicao))
        execucao = (f"Medida por `{medicao['comando']}` em {medicao['quando']}; carga média da máquina "
                    + "; ".join(medicao["cargas"]) + ".")
        partes += [*tabela[:2], execucao, "", *tabela[2:]]
    return "\n".join(partes)


def atualizar(caminho: Path, fatos: dict, comando: str, quando: str, cargas: list[str],
              tabelas: list[Tabela]) -> None:
    """Writes the report at `caminho` (markdown) with these tables in place of the same parts'
    earlier ones, whose measurements stay beside it in a .json of the same name."""
    guardadas = caminho.with_suffix(".json")
    try:
        por_parte = {m["parte"]: m for m in json.loads(guardadas.read_text(encoding="utf-8"))["medicoes"]}
    except (OSError, ValueError, KeyError, TypeError):
        por_parte = {}
    for tabela in tabelas:
        medicao = _medicao(tabela, fatos, comando, quando, cargas)
        por_parte[medicao["parte"]] = medicao
    medicoes = [por_parte[parte] for parte in sorted(por_parte, key=_ordem)]
    guardadas.write_text(json.dumps({"medicoes": medicoes}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    caminho.write_text(markdown(medicoes), encoding="utf-8")
