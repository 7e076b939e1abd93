"""The constructs of a rule's regular expression that make PostgreSQL's engine explode, refused
when the rule is saved or tried (conciliacao/regras.py runs the rest under a time limit). Pure: a
lexical scan, nothing here reads the database.
"""

# PostgreSQL's regular expressions are Henry Spencer's engine: a pattern compiles to automata and,
# without back-references, matches as a DFA built lazily from them: time linear in the memo,
# times the automaton's size, which PostgreSQL caps ("regular expression is too complex"). What
# leaves that path, measured on PostgreSQL 16 against memos of the longest kind (1,000 characters):
# - back-references (\1 to \9, or more digits) force the backtracking matcher, which explodes:
#   the issue's ^(a*)(a*)(a*)(a*)(a*)(a*)\1\2\3\4\5\6$ takes 3.8 s on 41 "a"s and 13 s on 61, and
#   on a busy machine over 20 s on 51. Refused: a bank memo needs none.
# - a lookaround (?= ?! ?<= ?<!) is a sub-automaton run again from each position: one level is
#   quadratic ((?=a*b): 3 ms; repeated, (?:(?=a*b)a*){1,255}c: 0.7 s), but each level nested in
#   another multiplies by the memo's length: (?=a*(?=a*b)) 0.5 s, (?=a*(?=a*(?=a*b))) over 10 s.
#   One level stays allowed ("PIX (?!ENVIADO)"); nesting is refused.
# - large or nested bounded repetitions ({1,255}) grow the automaton: PostgreSQL refuses the
#   largest when compiling ("too complex", or an allocation failure, both a 400 here), and the
#   worst found that compiles, (.*.*.*.*.*.*.*.*.*.*){1,50}b, took 1 s. Left to the time limit,
#   as is whatever this reasoning missed; the length of a pattern is already capped at 200.
_REFERENCIA = "Referências a grupos (\\1 a \\9) não são aceitas: podem tornar a expressão lenta demais"
_ANINHADA = ("Uma verificação à frente ou atrás, (?= (?! (?<= (?<!, dentro de outra não é aceita: pode tornar a "
             "expressão lenta demais")
_VERIFICACOES = ("(?=", "(?!", "(?<=", "(?<!")


def da_regex(expressao: str) -> str | None:
    """A back-reference, or a lookaround inside another, in an ARE (or in a BRE, `(?b)`, whose
    back-references are written alike): why it is refused, or None. A lexical scan: escapes,
    bracket expressions and groups; what it cannot tell is judged by the compiler and the time
    limit."""
    if expressao.startswith("***="):  # the rest is literal text
        return None
    grupos: list[bool] = []  # each open group: whether it is a lookaround
    i = 0
    while i < len(expressao):
        c = expressao[i]
        if c == "\\":
            if expressao[i + 1:i + 2] in tuple("123456789"):
                return _REFERENCIA
            i += 2
            continue
        if c == "[":
            i = _fim_do_colchete(expressao, i)
            continue
        if c == "(":
            verificacao = expressao.startswith(_VERIFICACOES, i)
            if verificacao and any(grupos):
                return _ANINHADA
            grupos.append(verificacao)
        elif c == ")" and grupos:
            grupos.pop()
        i += 1
    return None


def _fim_do_colchete(expressao: str, inicio: int) -> int:
    """Where the bracket expression opened at `inicio` ends (past its `]`): a `]` first (after an
    optional `^`) is a member; [:classe:], [.x.] and [=x=] and escapes may hold a `]`."""
    i = inicio + 1
    if expressao[i:i + 1] == "^":
        i += 1
    if expressao[i:i + 1] == "]":
        i += 1
    while i < len(expressao):
        if expressao.startswith(("[:", "[.", "[="), i):
            fim = expressao.find(expressao[i + 1] + "]", i + 2)
            i = len(expressao) if fim < 0 else fim + 2
        elif expressao[i] == "\\":
            i += 2
        elif expressao[i] == "]":
            return i + 1
        else:
            i += 1
    return i
