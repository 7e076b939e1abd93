"""The salary payment file of a processed folha: a CNAB 240 pagamentos remessa (segments A and B;
PIX, crédito em conta or TED) of its net pays, made by financeiro from the payables it holds.

Each net pay (`folha:<id>:liquido:<funcionario_id>`) goes to financeiro with its funcionário as the
`favorecido` — name, CPF, bank account and/or chave PIX (`favorecidos`, read by rh/folhas.py's
`estado_desejado`) — and financeiro pays it as it pays a fornecedor: PIX when there is a key, else
a credit to the account (same bank as the conta) or a TED (another bank). rh writes nothing of its
own here: the file, its payments and their log are financeiro's (DESIGN rule 1), asked through
`POST /api/remessas/gerar` with servico SALARIOS.

A retry cannot pay twice: financeiro's route keeps no idempotency key, but it refuses a despesa
already in a pagamentos remessa that awaits the bank's retorno, naming each one; so a second
request after a first that went through (its answer lost) is a 400 and makes no second file. The
file already made is in financeiro's log (Financeiro › Cobrança › Arquivos).
"""
from shared.errors import Validacao
from shared.servicos import chamar


def favorecidos(cur, funcionario_ids: list[int]) -> dict[int, dict]:
    """Whom each funcionário's net pay goes to, as financeiro's `favorecido` takes it; one query."""
    cur.execute("""SELECT id, nome, cpf, banco, agencia, conta_bancaria, tipo_conta_bancaria, chave_pix, tipo_chave_pix
                     FROM rh.funcionarios WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""",
                (list(funcionario_ids),))
    return {f["id"]: {"nome": f["nome"], "documento": f["cpf"], "banco": f["banco"], "agencia": f["agencia"],
                      "conta": f["conta_bancaria"], "tipo_conta": f["tipo_conta_bancaria"],
                      "chave_pix": f["chave_pix"], "tipo_chave_pix": f["tipo_chave_pix"]}
            for f in cur.fetchall()}


def liquidos(folha: dict) -> list[int]:
    """The financeiro ids of the folha's net pays, by funcionário id (not the guides)."""
    prefixo = f"folha:{folha['id']}:liquido:"
    deles = [(int(chave.removeprefix(prefixo)), lancamento_id)
             for chave, lancamento_id in folha["lancamento_ids"].items() if chave.startswith(prefixo)]
    return [lancamento_id for _, lancamento_id in sorted(deles)]


def gerar(folha: dict, conta_id: int, layout: str) -> dict:
    """Financeiro's file row (201) for the net pays of the folha (as stored after its payables were
    last sent), paid from `conta_id`; financeiro's refusals come back as they are."""
    ids = liquidos(folha)
    if not ids:
        raise Validacao("Verifique os campos destacados", {"folha": "Esta folha não tem salário líquido a pagar"})
    return chamar("financeiro-api", "POST", "/api/remessas/gerar",
                  json={"conta_id": conta_id, "lancamento_ids": ids, "layout": layout, "servico": "SALARIOS"},
                  chave_idempotencia=f"folha:{folha['id']}:pagamento:v{folha['versao']}:conta:{conta_id}")
