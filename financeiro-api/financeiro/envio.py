"""A bank file a person sends with the conta it belongs to, as multipart/form-data (`arquivo`,
`conta_id`): an OFX statement (routes/extratos.py) or a CNAB retorno (routes/remessas.py)."""
import re
from dataclasses import dataclass, field

from flask import request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from shared.api import MAX_ID
from shared.app import plataforma
from shared.errors import ArquivoGrande, TipoNaoSuportado

_CAMINHO = re.compile(r".*[/\\]")
_CONTROLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Envio:
    conta_id: int | None
    arquivo: FileStorage | None
    formulario: MultiDict
    # What is missing or wrong so far, by field: the caller adds its own fields' and raises one
    # Validacao naming them all.
    campos: dict[str, str] = field(default_factory=dict)


def ler(documento: str, conta: str, arquivo: str) -> Envio:
    """The form's conta_id and file; `documento` ("o extrato"), `conta` ("a conta do retorno") and
    `arquivo` ("o extrato OFX") name them in the pt-BR messages."""
    if request.mimetype != "multipart/form-data":
        raise TipoNaoSuportado(f"Envie {documento} como multipart/form-data, nos campos arquivo e conta_id")
    try:
        enviado = request.files.get("arquivo")
        formulario = request.form
    except RequestEntityTooLarge:
        limite = plataforma().config.max_upload_bytes
        motivo = f"O arquivo passa do limite de {limite / 1024 / 1024:.1f} MB.".replace(".", ",", 1)
        raise ArquivoGrande(motivo, {"arquivo": motivo}) from None
    envio = Envio(None, enviado, formulario)
    bruto = (formulario.get("conta_id") or "").strip()
    if not bruto:
        envio.campos["conta_id"] = f"Campo obrigatório: {conta}"
    elif not bruto.isascii() or not bruto.isdigit() or not 0 < int(bruto) <= MAX_ID:
        envio.campos["conta_id"] = "Informe o id de uma conta"
    else:
        envio.conta_id = int(bruto)
    if enviado is None:
        envio.campos["arquivo"] = f"Envie {arquivo} no campo arquivo"
    return envio


def nome_do_arquivo(nome: str | None, padrao: str) -> str:
    # Some browsers send the whole path; control characters (NUL above all) cannot be stored.
    limpo = _CONTROLE.sub("", _CAMINHO.sub("", nome or "")).strip()
    return limpo[:200] or padrao
