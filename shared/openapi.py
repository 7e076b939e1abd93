"""The OpenAPI 3 document of a service, built from the routes' `endpoint` specifications."""
import re

from pydantic.json_schema import models_json_schema

from shared.api import Erro, especificacao

_ERROS = {
    400: "Dados inválidos (validacao)",
    401: "Não autenticado (nao_autenticado)",
    403: "Sem permissão (sem_permissao)",
    404: "Não encontrado (nao_encontrado)",
    409: "Conflito (conflito)",
    413: "Arquivo grande demais (arquivo_grande)",
    415: "Tipo não suportado (tipo_nao_suportado)",
    429: "Limite excedido (limite_excedido)",
    503: "Dependência indisponível",
    504: "O serviço não respondeu a tempo (tempo_esgotado)",
}
# The seconds a client should wait before trying again, as an integer (never an HTTP date). Every
# 429 has it (flask-limiter: the end of the limit's window; auth-api's login lockout, at least 1);
# a 503 has it when the server knows how long: the database down (shared/errors.py), a module's
# breaker open or its bulkhead full at the gateway (frontend/gateway.py). The SPA and scripts wait it.
_ESPERA = {"description": "Segundos a esperar antes de tentar de novo", "schema": {"type": "integer", "minimum": 0}}
_RETRY_AFTER = {429: {"Retry-After": {**_ESPERA, "required": True}},
                503: {"Retry-After": {**_ESPERA, "required": False}}}
_CONVERSOR = re.compile(r"<(?:(\w+):)?(\w+)>")
_TIPOS = {"int": {"type": "integer"}, "uuid": {"type": "string", "format": "uuid"}}
_REF = "#/components/schemas/{model}"


def _aceita_nulo(esquema: dict) -> bool:
    tipo = esquema.get("type")
    if tipo is not None:
        return tipo == "null" or (isinstance(tipo, list) and "null" in tipo)
    return any(_aceita_nulo(opcao) for opcao in esquema.get("anyOf", esquema.get("oneOf", [])))


def _sem_padrao_nulo_impossivel(no) -> None:
    """Drops `"default": null` from fields that do not take null. A change model's fields default to
    None to mean "not sent, keep the value" (AlteracaoConta), which is no value a client may send;
    as a default it would make the document invalid OpenAPI."""
    if isinstance(no, dict):
        if "default" in no and no["default"] is None and ("type" in no or "anyOf" in no) and not _aceita_nulo(no):
            del no["default"]
        for valor in no.values():
            _sem_padrao_nulo_impossivel(valor)
    elif isinstance(no, list):
        for valor in no:
            _sem_padrao_nulo_impossivel(valor)


def documento(app, titulo: str, versao: str) -> dict:
    rotas = []
    for regra in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        spec = especificacao(app.view_functions[regra.endpoint])
        if spec is not None:
            rotas.append((regra, spec))

    modelos = {Erro}
    for _, spec in rotas:
        modelos.update(m for m in (spec.body, spec.query) if m is not None)
        modelos.update(m for m in spec.responses.values() if m is not None)
    # A model that some route returns is described as serialised (money as strings).
    respostas = {m for _, spec in rotas for m in spec.responses.values() if m is not None}

    def modo(modelo):
        return "serialization" if modelo in respostas else "validation"

    chaves, esquemas = models_json_schema(
        [(m, modo(m)) for m in sorted(modelos, key=lambda m: m.__name__)], ref_template=_REF
    )
    _sem_padrao_nulo_impossivel(esquemas)

    def ref(modelo):
        return chaves[(modelo, modo(modelo))]

    # Any route of a service with a database may meet it down: a 503 with Retry-After (shared/errors.py).
    com_banco = "postgres" in app.extensions["erp"].dependencias
    caminhos: dict = {}
    usados: set = set()
    for regra, spec in rotas:
        caminho = _CONVERSOR.sub(r"{\2}", regra.rule)
        for metodo in sorted(regra.methods - {"HEAD", "OPTIONS"}):
            operacao = _operacao(regra, spec, ref, com_banco and regra.rule.startswith("/api/"))
            operacao["operationId"] = _unico(operacao["operationId"], metodo, usados)
            caminhos.setdefault(caminho, {})[metodo.lower()] = operacao

    return {
        "openapi": "3.1.0",
        "info": {"title": titulo, "version": versao},
        "paths": caminhos,
        "components": {
            "schemas": esquemas.get("$defs", {}),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "erp_sessao"},
            },
        },
    }


def _unico(base: str, metodo: str, usados: set) -> str:
    """operationIds must be unique: a view serving several methods or paths gets a suffix."""
    candidato = base if base not in usados else f"{base}_{metodo.lower()}"
    numero = 2
    while candidato in usados:
        candidato = f"{base}_{metodo.lower()}_{numero}"
        numero += 1
    usados.add(candidato)
    return candidato


def _operacao(regra, spec, ref, usa_banco: bool) -> dict:
    op: dict = {"summary": spec.resumo, "operationId": regra.endpoint.replace(".", "_")}
    parametros = [
        {"name": nome, "in": "path", "required": True, "schema": _TIPOS.get(conversor or "", {"type": "string"})}
        for conversor, nome in _CONVERSOR.findall(regra.rule)
    ]
    if spec.query is not None:
        esquema = spec.query.model_json_schema(ref_template=_REF)
        for nome, prop in esquema.get("properties", {}).items():
            parametros.append({
                "name": nome,
                "in": "query",
                "required": nome in esquema.get("required", []),
                "schema": prop,
                **({"description": prop["description"]} if "description" in prop else {}),
            })
    if parametros:
        op["parameters"] = parametros
    if spec.body is not None:
        op["requestBody"] = {
            "required": not spec.body_opcional,
            "content": {"application/json": {"schema": ref(spec.body)}},
        }
    elif spec.multipart:
        op["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "required": list(spec.multipart),
                "properties": {
                    nome: {"type": "string", **({"format": "binary"} if nome == "arquivo" else {}), "description": desc}
                    for nome, desc in spec.multipart.items()
                },
            }}},
        }

    respostas = {}
    for status, modelo in spec.responses.items():
        resposta = {"description": _descricao(status)}
        if modelo is not None:
            resposta["content"] = {"application/json": {"schema": ref(modelo)}}
        elif status == 200 and spec.conteudo:
            resposta["content"] = {tipo: {"schema": {"type": "string"}, "example": ex} for tipo, ex in spec.conteudo.items()}
        respostas[str(status)] = resposta
    erros = set()
    if spec.body is not None or spec.query is not None or spec.multipart:
        erros.add(400)
    if spec.body is not None:
        erros.add(415)
    if spec.multipart:
        erros.update({413, 415})
    if not spec.publico:
        erros.add(401)
        op["security"] = [{"bearer": []}, {"cookie": []}]
    if spec.permissao:
        erros.add(403)
        op["x-permissao"] = " ou ".join(spec.permissoes)
    if "{" in _CONVERSOR.sub(r"{\2}", regra.rule):
        erros.add(404)
    erros.add(429)
    if usa_banco:
        erros.add(503)
    for status in sorted(erros):
        respostas.setdefault(str(status), {
            "description": _ERROS[status],
            "content": {"application/json": {"schema": ref(Erro)}},
        })
    for status, cabecalhos in _RETRY_AFTER.items():
        if str(status) in respostas:
            respostas[str(status)]["headers"] = cabecalhos
    op["responses"] = respostas
    return op


def _descricao(status: int) -> str:
    return {200: "OK", 201: "Criado", 204: "Sem conteúdo", 503: "Indisponível"}.get(status, _ERROS.get(status, "Resposta"))
