"""Where a processed month's payables go in financeiro, per empresa (rh.configuracao_folha): the
conta salaries are paid from, the DESPESA categoria of the salaries and the one of the encargos
(the INSS/IRRF guide and the FGTS guide), and an optional centro de custo.

The ids are cadastros' records, checked against its read contract (cadastros.v_contas,
v_categorias, v_centros_custo). A field not configured is found by name when a month is processed
(`destino`): the first active DESPESA categoria whose name mentions "salário", "folha" or
"pessoal" (salaries) and "encargo", "INSS" or "FGTS" (encargos), the first active CORRENTE conta;
the answer says which were used. None fitting is a 400 naming what to configure.
"""
from shared.errors import Validacao
from shared.texto import normalizar
from shared.transacao import Transacao

CAMPOS = ("conta_id", "categoria_salarios_id", "categoria_encargos_id", "centro_custo_id")
NOMES_SALARIOS = ("salario", "folha", "pessoal")
NOMES_ENCARGOS = ("encargo", "inss", "fgts")
NADA = {campo: None for campo in CAMPOS}


def ler(cur) -> dict:
    """The empresa's configuration; every field None where nothing was set."""
    cur.execute(f"SELECT {', '.join(CAMPOS)} FROM rh.configuracao_folha WHERE empresa_id = plataforma.empresa_atual()")
    return cur.fetchone() or dict(NADA)


def _conferir(cur, dados: dict) -> None:
    erros = {}
    if dados["conta_id"] is not None:
        cur.execute("SELECT ativa FROM cadastros.v_contas WHERE id = %s", (dados["conta_id"],))
        conta = cur.fetchone()
        if conta is None or not conta["ativa"]:
            erros["conta_id"] = "Conta não encontrada ou inativa"
    for campo in ("categoria_salarios_id", "categoria_encargos_id"):
        if dados[campo] is not None:
            cur.execute("SELECT tipo, ativa FROM cadastros.v_categorias WHERE id = %s", (dados[campo],))
            categoria = cur.fetchone()
            if categoria is None or not categoria["ativa"]:
                erros[campo] = "Categoria não encontrada ou inativa"
            elif categoria["tipo"] != "DESPESA":
                erros[campo] = "A categoria deve ser de despesa"
    if dados["centro_custo_id"] is not None:
        cur.execute("SELECT ativo FROM cadastros.v_centros_custo WHERE id = %s", (dados["centro_custo_id"],))
        centro = cur.fetchone()
        if centro is None or not centro["ativo"]:
            erros["centro_custo_id"] = "Centro de custo não encontrado ou inativo"
    if erros:
        raise Validacao("Verifique os campos destacados", erros)


def alterar(tx: Transacao, dados: dict) -> dict:
    """Replaces the configuration (every field; None: found by name at processing)."""
    antes = ler(tx.cur)
    _conferir(tx.cur, dados)
    tx.cur.execute(
        f"""INSERT INTO rh.configuracao_folha (empresa_id, {', '.join(CAMPOS)})
            VALUES (plataforma.empresa_atual(), {', '.join(f'%({c})s' for c in CAMPOS)})
            ON CONFLICT (empresa_id) DO UPDATE
               SET {', '.join(f'{c} = EXCLUDED.{c}' for c in CAMPOS)}, atualizado_em = now()""", dados)
    tx.auditar("alterar", "configuracao_folha", None, antes=antes, depois=dados)
    return ler(tx.cur)


def categoria_por_nome(cur, palavras: tuple[str, ...]) -> dict | None:
    cur.execute("SELECT id, nome FROM cadastros.v_categorias WHERE tipo = 'DESPESA' AND ativa ORDER BY id")
    return next((c for c in cur.fetchall() if any(p in normalizar(c["nome"]) for p in palavras)), None)


def destino(cur) -> tuple[dict, list[str]]:
    """(where the payables go: the four ids, the configured ones checked again, the others found
    by name; the pt-BR notes naming what was found by name). 400 naming each field that is
    neither configured nor findable."""
    dados = ler(cur)
    _conferir(cur, dados)
    avisos, erros = [], {}
    if dados["conta_id"] is None:
        cur.execute("SELECT id, nome FROM cadastros.v_contas WHERE tipo = 'CORRENTE' AND ativa ORDER BY id LIMIT 1")
        conta = cur.fetchone()
        if conta is None:
            erros["conta_id"] = "Configure a conta de onde saem os salários (não há conta corrente ativa)"
        else:
            dados["conta_id"] = conta["id"]
            avisos.append(f"Conta não configurada: usada a conta corrente \"{conta['nome']}\"")
    for campo, palavras, o_que in (("categoria_salarios_id", NOMES_SALARIOS, "salários"),
                                   ("categoria_encargos_id", NOMES_ENCARGOS, "encargos")):
        if dados[campo] is None:
            categoria = categoria_por_nome(cur, palavras)
            if categoria is None:
                erros[campo] = (f"Configure a categoria de despesa dos {o_que} (nenhuma categoria de despesa "
                                f"tem no nome {', '.join(palavras)})")
            else:
                dados[campo] = categoria["id"]
                avisos.append(f"Categoria dos {o_que} não configurada: usada \"{categoria['nome']}\"")
    if erros:
        raise Validacao("Configure a folha em /api/folha/configuracao", erros)
    return dados, avisos
