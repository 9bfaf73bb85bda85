"""What a Spanish class must never read: English words, and verb forms of a register that is not the course's.

The course notes write instructions in the infinitive ("Calcular las derivadas…") and explanations in the first
person plural ("veamos", "necesitamos").  :func:`problems` lists, for a Spanish text, every English word of
:data:`ENGLISH` and every verb form of the other registers — vos (``calculá``, ``tenés``), tú (``escribe tus
respuestas``, ``elige``) and usted (``use``, ``escriba``) — after leaving out what is code, not prose (options,
quoted names, the answers file's keys, LaTeX, paths).
"""

from __future__ import annotations

import re

__all__ = ["ENGLISH", "USTED", "TU", "TU_IMPERATIVES", "VOS", "problems"]

#: English words that have no business in a Spanish class (whole words, any case).
ENGLISH = (
    "wrote", "expected", "got", "given", "usage", "required", "invalid", "choose", "unknown", "allowed", "missing",
    "must", "cannot", "file", "line", "column", "right", "wrong", "blank", "step", "node", "parent", "derivative",
    "gradient", "gradients", "agree", "disagree", "the", "with", "and", "of", "is", "not", "sheet", "compute",
    "layer", "neuron", "shape", "slip", "looks", "engine", "graded", "summary", "answer", "write", "name", "names",
    "value", "values", "function", "too", "nested", "deep", "number", "formula", "expression", "give", "only",
    "twice", "before", "assigned", "command", "output", "key", "while", "parsing", "such", "directory", "decision",
    "boundary", "class", "train", "training", "loss", "epoch", "epochs", "accuracy", "test", "did", "you", "mean",
    "does", "exist", "needs", "should", "found", "undefined", "previous", "next", "play", "pause", "whole", "graph",
    "legend", "reached", "yet", "needs", "done", "seed", "sample", "samples", "weights", "bias", "input", "inputs",
    "target", "hidden", "network", "slides", "caption", "now", "after", "grad before", "grad after", "here", "there",
    "which", "what", "where", "when", "this", "that", "these", "those", "each", "every", "for", "from", "into",
    "are", "was", "were", "has", "have", "will", "can", "may", "see", "use", "try",
    "show", "help", "message", "exit", "options", "positional", "arguments", "default", "examples", "otherwise",
)

#: vos: the voseo of the notebooks' first drafts (``calculá``, ``mirá``, ``tenés``).
VOS = (
    "calculá", "mirá", "probá", "usá", "escribí", "elegí", "tenés", "podés", "querés", "hacé", "dibujá", "fijate",
    "fijá", "cambiá", "corré", "ejecutá", "notá", "poné", "pasá", "recordá", "sabés", "seguí", "compará",
    "completá", "observá", "agregá", "sumá", "restá", "multiplicá", "derivá", "verificá", "revisá", "abrí", "andá",
    "entrená", "mové", "contestá", "respondé", "buscá", "tocá", "hacés", "decís", "sos", "vos", "comprobá",
    "guardá", "elegila", "llamala", "escribila", "dale", "ponele", "asignalo", "fijate", "movelo", "arrastrá",
    "apretá", "hacé", "tomá", "volvé", "empezá", "terminá", "leé", "pensá", "imaginá", "comprobalo", "probalo",
    "deslizá", "subí", "bajá", "reducí", "aumentá", "cargá", "generá", "copiá", "corregí", "reemplazá", "instalá",
    "alejá", "mostrá", "dejá", "sacá", "explorá", "avanzá", "retrocedé", "activá", "desactivá", "entrá",
)
#: tú: forms that are always tú (possessive ``tus``, ``tienes``, pronoun-attached imperatives).
TU = (
    "tu", "tus", "tienes", "puedes", "quieres", "debes", "sabes", "escríbela", "escríbelo", "llámala", "asígnalo",
    "dale", "dala", "ponle", "fíjate", "tú", "usas", "escribes", "calculas", "pruébalo", "haz", "pon",
    "escríbelas", "escríbelos", "cámbialo", "pruébala", "mírala", "elígela", "ejecútalo",
)
#: tú imperatives that are also the third person ("la neurona calcula"): only at the start of a clause.
TU_IMPERATIVES = ("escribe", "calcula", "usa", "pasa", "da", "cambia", "mueve", "compara", "completa", "revisa",
                  "observa", "dibuja", "ejecuta", "verifica", "elige", "abre", "corrige", "instala", "aleja",
                  "reemplaza", "mira", "haz", "pon", "fíjate")
#: usted.
#: usted (only forms that are not also a common subjunctive: "que haga", "para que calcule" are fine).
USTED = ("use", "escriba", "elija", "ingrese", "usted", "ustedes", "instale", "corrija", "reemplace", "verifique",
         "escríbalo", "pruébelo", "fíjese", "dele")

#: Technical words the course uses in Spanish too.
ALLOWED = ("gradcheck", "ReLU", "softmax", "batch", "tanh", "sigmoid", "pizarra", "backward", "forward", "leaky",
           "float", "hinge", "mse", "JSON", "YAML", "UTF", "PDF", "SVG", "PNG", "GIF", "HTML", "Markdown", "LaTeX",
           "eps", "atol", "rtol", "ok", "dot", "graphviz", "PyTorch", "NumPy", "numpy", "micrograd", "Jupyter",
           "JupyterLab", "notebook", "notebooks", "playground", "lambda", "None", "True", "False", "null",
           "mean")  # mean: a function of the formula language (its list of functions)

# What is code, not prose, and stays as it is in any language: options (--output-activation), their choices
# ({neuron,two-layer}), quoted and back-quoted code ('tahn', `x.backward()`), LaTeX ($…$), paths and URLs, the
# answers file's keys (answers:, 'network'), names with underscores or digits (y_hat, W1), HTML tags, Python's
# reprs (Program(3 input(s), …)), dotted names (nn.Layer) and the commands (pizarra network).
_CODE = re.compile(
    r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$\n]*\$|<[^<>\n]*>|https?://\S+|(?:\.{0,2}/)?[\w.-]+/[\w./-]+|--[\w-]+"
    r"|\{[^{}\s]*\}|'[^'\n]*'|\"[^\"\n]*\"|«[^»\n]*»|\b\w+\.(?:py|md|csv|yaml|json|html|svg|png|pdf|gif|txt|ipynb)\b"
    r"|\b(?:answers|network|expression|variables|input|target|loss|tolerance|title|kind|seed|lang|options|weights|"
    r"biases|activations|activation|format|version|nin|layers)(?=:)|\b\w*[_\d]\w*\b|\b[\w.]+\(\)"
    r"|\b[A-Z]\w*\((?:[^()\n]|\([^()\n]*\))*\)|\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b|\bpizarra [a-z-]+",
    re.DOTALL)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) +
                      r")(?![\w'’-])", re.IGNORECASE)


_ENGLISH, _VOS, _TU, _USTED = _words(ENGLISH), _words(VOS), _words(TU), _words(USTED)
_TU_START = re.compile(r"(?:^|[.;:!¡]\s*|\n\s*(?:[-*•]|\d+\.)\s+|\n\s*\n\s*)(" + "|".join(TU_IMPERATIVES) + r")\b",
                       re.IGNORECASE)
_ALLOWED = re.compile(r"\b(?:" + "|".join(map(re.escape, ALLOWED)) + r")\b")


def prose(text: str) -> str:
    """``text`` without what is code (see :data:`_CODE`) or an allowed technical word."""
    return _ALLOWED.sub(" x ", _CODE.sub(" x ", text))  # code stands for a word: "`x.grad` pasa" is no clause start


def problems(text: str) -> list[str]:
    """Every English word and every other register's verb form in a Spanish ``text`` (``[]`` for good Spanish)."""
    plain = prose(text)
    found = [f"English {m[1]!r}" for m in _ENGLISH.finditer(plain)]
    found += [f"vos {m[1]!r}" for m in _VOS.finditer(plain)]
    found += [f"tú {m[1]!r}" for m in _TU.finditer(plain)]
    found += [f"tú {m[1]!r}" for m in _TU_START.finditer(plain)]
    found += [f"usted {m[1]!r}" for m in _USTED.finditer(plain)]
    return found
