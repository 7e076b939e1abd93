"""Contract templates: a body with {{ variables }}, rendered into each contract's text.

Rendering is Jinja2's SandboxedEnvironment: a template is the studio's text, typed in a browser,
so it may use variables, `{% for %}` and filters but can reach no Python attribute or method
beyond what the sandbox allows. StrictUndefined makes a misspelt variable an error instead of an
empty gap in a contract; saving a template renders it once with sample values, so the error is a
400 naming the variable when the template is saved, not when a contract is made from it.

The variables (VARIAVEIS) are plain strings already formatted for pt-BR (R$ 1.234,56, 31/01/2026).
Every empresa gets one template, PADRAO, on first use (idempotent: a partial unique index on
`padrao`); it may be edited but not deleted, so a contract always has a template to start from.
"""
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from shared import catalogo_eventos as eventos
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, NaoEncontrado, Validacao
from shared.transacao import Transacao

AMBIENTE = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)

# Each variable a template may use, with the fields it has (and a sample value for the check).
VARIAVEIS: dict[str, dict[str, object]] = {
    "cliente": {"nome": "Maria da Silva", "cpf_cnpj": "123.456.789-09", "email": "maria@exemplo.com.br"},
    "evento": {"nome": "Casamento Maria e João", "tipo": "Casamento", "data": "20/06/2026",
               "local": "Espaço Jardim"},
    "contrato": {"numero": "1", "descricao": "Cobertura fotográfica", "valor": "R$ 6.000,00",
                 "valor_por_extenso": "seis mil reais",
                 "parcelas": [{"numero": "1", "valor": "R$ 3.000,00", "vencimento": "10/01/2026"}],
                 "data_assinatura": "05/01/2026"},
    "empresa": {"nome": "Estúdio Exemplo", "cnpj": "12.345.678/0001-95"},
}
CAMPOS_DA_PARCELA = ("numero", "valor", "vencimento")

PADRAO_NOME = "Contrato de prestação de serviços fotográficos"
PADRAO_CORPO = """CONTRATO DE PRESTAÇÃO DE SERVIÇOS FOTOGRÁFICOS

CONTRATADA: {{ empresa.nome }}, CNPJ {{ empresa.cnpj }}.
CONTRATANTE: {{ cliente.nome }}, CPF/CNPJ {{ cliente.cpf_cnpj }}, e-mail {{ cliente.email }}.

CLÁUSULA 1 — DO OBJETO
A CONTRATADA prestará ao CONTRATANTE os serviços de {{ contrato.descricao }}{% if evento.nome %}, no evento "{{ evento.nome }}" ({{ evento.tipo }}), em {{ evento.data }}{% if evento.local %}, no local {{ evento.local }}{% endif %}{% endif %}.

CLÁUSULA 2 — DO PREÇO E DO PAGAMENTO
Pelos serviços, o CONTRATANTE pagará {{ contrato.valor }} ({{ contrato.valor_por_extenso }}), assim:
{% for parcela in contrato.parcelas %}- Parcela {{ parcela.numero }}: {{ parcela.valor }}, com vencimento em {{ parcela.vencimento }};
{% endfor %}O atraso no pagamento acarreta multa de 2% e juros de 1% ao mês sobre o valor em atraso.

CLÁUSULA 3 — DA EXECUÇÃO
A CONTRATADA comparecerá ao local no horário combinado com a equipe e os equipamentos necessários. Atrasos causados pelo CONTRATANTE ou por terceiros não prorrogam o tempo de cobertura contratado.

CLÁUSULA 4 — DA ENTREGA
As fotografias tratadas serão entregues em galeria on-line em até 60 (sessenta) dias após o evento. A seleção e a edição das imagens são de critério técnico e artístico da CONTRATADA.

CLÁUSULA 5 — DOS DIREITOS AUTORAIS E DE IMAGEM
Os direitos autorais das fotografias pertencem à CONTRATADA (Lei nº 9.610/1998). O CONTRATANTE poderá usá-las para fins pessoais, sem fins comerciais. A CONTRATADA poderá usar imagens selecionadas em seu portfólio, salvo oposição por escrito do CONTRATANTE.

CLÁUSULA 6 — DA RESCISÃO
A desistência pelo CONTRATANTE com menos de 30 (trinta) dias do evento implica a retenção dos valores pagos a título de reserva de data. Caso fortuito ou força maior que impeça a realização do evento permite remarcar a data sem custo, conforme a disponibilidade da CONTRATADA.

CLÁUSULA 7 — DO ACEITE
Este contrato pode ser aceito eletronicamente; o aceite registra nome, CPF, data, hora, endereço IP e o resumo criptográfico (SHA-256) do documento aceito, e tem a validade de uma assinatura.

{% if contrato.data_assinatura %}Aceito em {{ contrato.data_assinatura }}.{% else %}Aguardando o aceite do CONTRATANTE.{% endif %}
"""

CAMPOS = ("nome", "corpo", "padrao")
_COLUNAS = "id, nome, corpo, padrao, criado_em, atualizado_em"


def renderizar(corpo: str, contexto: dict) -> str:
    """The template filled with `contexto` (VARIAVEIS' shape); TemplateError when it cannot be."""
    return AMBIENTE.from_string(corpo).render(**contexto)


def validar(corpo: str) -> None:
    """400 naming the first unknown variable or field, or the syntax error and its line."""
    try:
        arvore = AMBIENTE.parse(corpo)
    except TemplateSyntaxError as erro:
        raise Validacao("O modelo tem um erro de sintaxe",
                        {"corpo": f"Erro na linha {erro.lineno}: {erro.message}"}) from None
    desconhecidas = sorted(meta.find_undeclared_variables(arvore) - VARIAVEIS.keys())
    if desconhecidas:
        raise Validacao("O modelo usa uma variável desconhecida", {"corpo": (
            f"Variável desconhecida: {desconhecidas[0]}; use {', '.join(VARIAVEIS)}")})
    for no in arvore.find_all(nodes.Getattr):
        if isinstance(no.node, nodes.Name) and no.node.name in VARIAVEIS and no.attr not in VARIAVEIS[no.node.name]:
            campos = ", ".join(VARIAVEIS[no.node.name])
            raise Validacao("O modelo usa uma variável desconhecida", {"corpo": (
                f"Variável desconhecida: {no.node.name}.{no.attr}; {no.node.name} tem {campos}")})
    try:
        renderizar(corpo, VARIAVEIS)
    except UndefinedError as erro:
        raise Validacao("O modelo usa uma variável desconhecida",
                        {"corpo": f"Variável desconhecida: {erro.message}"}) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as erro:
        # Whatever else a template can do wrong with sample values (a filter on the wrong type).
        raise Validacao("O modelo não pôde ser preenchido", {"corpo": str(erro)[:300]}) from None


def garantir_padrao(tx: Transacao) -> None:
    """The empresa's default template, made once; nothing when it exists."""
    tx.cur.execute(
        """INSERT INTO operacional.modelos_contrato (empresa_id, nome, corpo, padrao)
           VALUES (plataforma.empresa_atual(), %s, %s, true)
           ON CONFLICT (empresa_id) WHERE padrao DO NOTHING
           RETURNING id""", (PADRAO_NOME, PADRAO_CORPO))
    criado = tx.cur.fetchone()
    if criado is not None:
        tx.auditar("criar", "modelo_contrato", criado["id"], depois={"nome": PADRAO_NOME, "padrao": True})
        tx.publicar(eventos.MODELO_CONTRATO_ALTERADO, id=criado["id"], acao="padrao")


def id_padrao(cur) -> int:
    cur.execute("SELECT id FROM operacional.modelos_contrato WHERE padrao")
    return cur.fetchone()["id"]


def listar(cur) -> list[dict]:
    """Every template of the empresa (a studio has a handful): the default first, then by name."""
    cur.execute(f"SELECT {_COLUNAS} FROM operacional.modelos_contrato ORDER BY padrao DESC, lower(nome), id")
    return cur.fetchall()


def por_id(cur, modelo_id: int) -> dict | None:
    cur.execute(f"SELECT {_COLUNAS} FROM operacional.modelos_contrato WHERE id = %s", (modelo_id,))
    return cur.fetchone()


def _bloquear(cur, modelo_id: int) -> dict:
    cur.execute("SELECT nome, corpo, padrao FROM operacional.modelos_contrato WHERE id = %s FOR UPDATE", (modelo_id,))
    modelo = cur.fetchone()
    if modelo is None:
        raise NaoEncontrado("Modelo de contrato não encontrado")
    return modelo


def _nome_unico(nome: str):
    return violacoes_viram_erros(unicas={"modelos_contrato_nome_unico": Conflito(
        "Já existe um modelo com este nome", {"nome": f"Já existe um modelo chamado {nome}"})})


def criar(tx: Transacao, nome: str, corpo: str) -> dict:
    validar(corpo)
    garantir_padrao(tx)
    with _nome_unico(nome):
        tx.cur.execute("""INSERT INTO operacional.modelos_contrato (empresa_id, nome, corpo)
                          VALUES (plataforma.empresa_atual(), %s, %s) RETURNING id""", (nome, corpo))
    modelo_id = tx.cur.fetchone()["id"]
    tx.auditar("criar", "modelo_contrato", modelo_id, depois={"nome": nome, "corpo": corpo, "padrao": False})
    tx.publicar(eventos.MODELO_CONTRATO_ALTERADO, id=modelo_id, acao="criado")
    return por_id(tx.cur, modelo_id)


def alterar(tx: Transacao, modelo_id: int, mudancas: dict) -> dict:
    antes = _bloquear(tx.cur, modelo_id)
    depois = {**antes, **mudancas}
    if depois != antes:
        validar(depois["corpo"])
        with _nome_unico(depois["nome"]):
            tx.cur.execute("""UPDATE operacional.modelos_contrato SET nome = %s, corpo = %s, atualizado_em = now()
                              WHERE id = %s""", (depois["nome"], depois["corpo"], modelo_id))
        tx.auditar("alterar", "modelo_contrato", modelo_id, antes=antes, depois=depois)
        tx.publicar(eventos.MODELO_CONTRATO_ALTERADO, id=modelo_id, acao="alterado")
    return por_id(tx.cur, modelo_id)


def excluir(tx: Transacao, modelo_id: int) -> None:
    """Contracts keep their rendered text: theirs is only unlinked (ON DELETE SET NULL)."""
    antes = _bloquear(tx.cur, modelo_id)
    if antes["padrao"]:
        raise Conflito("O modelo padrão pode ser alterado, mas não excluído")
    tx.cur.execute("DELETE FROM operacional.modelos_contrato WHERE id = %s", (modelo_id,))
    tx.auditar("excluir", "modelo_contrato", modelo_id, antes=antes)
    tx.publicar(eventos.MODELO_CONTRATO_ALTERADO, id=modelo_id, acao="excluido")
