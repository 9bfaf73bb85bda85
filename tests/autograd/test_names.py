"""One name per node (issue 16, item 2): the rule of :func:`autograd.names.node_names`, and that no view a
class sees shows a numbered name (``n9``) or a product or power in ASCII (``*``, ``**``).

The rule: a label; a constant's number; the root ``L``; a short unlabelled node its own expression, written
from the op table with the parentheses it needs; a longer one ``u₁``, ``u₂``, … defined once underneath.
"""

from __future__ import annotations

import html
import json
import re
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import viz
from autograd import OPS, Trace, Value, functional, trace_backward
from autograd.names import SHORT_NAME, node_names
from autograd.op_row import ATOM, NEGATION, PRODUCTS, SUMS
from autograd.ops import DOT, LOGSUMEXP, POW, SUB
from autograd.text import latex_escape
from viz.demo import relu_neuron

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SVG = "{http://www.w3.org/2000/svg}"
NUMBERED = re.compile(r"(?<![\w∂])n\d+\b")


def leaves(*names: str) -> list[Value]:
    return [Value(1.5 + i, label=n) for i, n in enumerate(names)]


def minus(text: str) -> str:
    """Either minus sign as one (lane C writes numbers with U+2212; this file does not depend on it)."""
    return text.replace("-", "−")


# --- the rule -------------------------------------------------------------------------------------------------

def test_a_label_a_constant_and_the_root() -> None:
    (x,) = leaves("x")
    y = (x * 0.5).tanh()
    names = node_names(y)
    assert names[x] == "x" and names[y.parents[0].parents[1]] == "0.5" and names[y] == "L"
    assert node_names(y, notation="es")[y.parents[0].parents[1]] == "0,5"
    assert names[y.parents[0]] == "x·0.5"
    y.label = "a"
    assert node_names(y)[y] == "a"                   # a labelled root keeps its label
    y.label = ""
    # seeded with another loss's gradient (of="J"), the root is not that loss: it is named like any node
    assert node_names(y, of="J")[y] == "tanh(x·0.5)"
    assert trace_backward(y, 0.5, of="J").name_of(y) == "tanh(x·0.5)"


def build(kind: str) -> Value:
    a, b, c = leaves("a", "b", "c")
    return {
        "a*b": lambda: a * b,
        "(a+b)*c": lambda: (a + b) * c,
        "a*(b+c)": lambda: a * (b + c),
        "(a*b)*c": lambda: (a * b) * c,
        "a*(b*c)": lambda: a * (b * c),
        "a-(b-c)": lambda: a - (b - c),
        "(a-b)-c": lambda: (a - b) - c,
        "(a-b)**2": lambda: (a - b) ** 2,
        "a**3": lambda: a ** 3,
        "a**b": lambda: a ** b,
        "(a*b)**c": lambda: (a * b) ** c,
        "(a**b)**c": lambda: (a ** b) ** c,
        "-a": lambda: -a,
        "-(a+b)": lambda: -(a + b),
        "-(a**2)": lambda: -(a ** 2),
        "a*(-b)": lambda: a * (-b),
        "a*-3": lambda: a * -3,
        "a/(b*c)": lambda: a / (b * c),
        "(a*b)/c": lambda: (a * b) / c,
        "relu(a+b)": lambda: (a + b).relu(),
        "tanh(a*b)": lambda: (a * b).tanh(),
        "sigmoid(a)": lambda: a.sigmoid(),
        "sqrt(a+b)": lambda: (a + b).sqrt(),
        "abs(a-b)": lambda: (a - b).abs(),
        "log(a)": lambda: a.log(),
        "exp(-a)": lambda: (-a).exp(),
        "softplus(a)": lambda: a.softplus(),
        "sum": lambda: functional.sum([a, b, c]),
        "dot": lambda: functional.dot([a, b], [c, a]),
    }[kind]()


@pytest.mark.parametrize(("kind", "name"), [
    ("a*b", "a·b"), ("(a+b)*c", "(a + b)·c"), ("a*(b+c)", "a·(b + c)"), ("(a*b)*c", "a·b·c"),
    ("a*(b*c)", "a·(b·c)"), ("a-(b-c)", "a − (b − c)"), ("(a-b)-c", "a − b − c"), ("(a-b)**2", "(a − b)²"),
    ("a**3", "a³"), ("a**b", "a^b"), ("(a*b)**c", "(a·b)^c"), ("(a**b)**c", "(a^b)^c"), ("-a", "−a"),
    ("-(a+b)", "−(a + b)"), ("-(a**2)", "−a²"), ("a*(-b)", "a·(−b)"), ("a*-3", "a·(−3)"),
    ("a/(b*c)", "a / (b·c)"), ("(a*b)/c", "a·b / c"), ("relu(a+b)", "ReLU(a + b)"), ("tanh(a*b)", "tanh(a·b)"),
    ("sigmoid(a)", "σ(a)"), ("sqrt(a+b)", "√(a + b)"), ("abs(a-b)", "|a − b|"), ("log(a)", "ln(a)"),
    ("exp(-a)", "exp(−a)"), ("softplus(a)", "softplus(a)"), ("sum", "a + b + c"), ("dot", "a·c + b·a"),
])
def test_a_short_node_is_its_expression_with_the_parentheses_it_needs(kind: str, name: str) -> None:
    inner = build(kind)
    out = inner * leaves("k")[0]                            # inner is not the root: it is named by itself
    names = node_names(out)
    assert minus(names[inner]) == name and names[out] == "L"


def test_every_op_of_the_table_writes_its_node_from_its_parents_names() -> None:
    """The text of each op's name comes from its row: every parent's name appears, no parameter letter stays."""
    for op in OPS.values():
        n = 4 if op.variadic else len(op.params)
        operands = [(f"p{i}", ATOM) for i in range(n)]
        text = op.write(operands)
        assert all(f"p{i}" in text for i in range(n)), (op.name, text)
        params = "|".join(op.params)
        assert not re.search(rf"(?<![A-Za-z])({params})ᵢ?(?![A-Za-z])", text), (op.name, text)
    assert POW.write([(SUB.write([("ŷ", ATOM), ("y", ATOM)]), SUB.precedence), ("2", ATOM)]) == "(ŷ − y)²"
    assert DOT.write([("a + b", SUMS), ("c", ATOM), ("x", ATOM), ("−2", NEGATION)]) == "(a + b)·x + c·(−2)"
    assert LOGSUMEXP.write([("a", ATOM), ("b·c", PRODUCTS)]) == "logsumexp(a, b·c)"


def test_a_long_node_is_a_u_name_in_forward_order_defined_once() -> None:
    x1, w1, x2, w2, x3, w3 = leaves("x1", "w1", "x2", "w2", "x3", "w3")
    s = w1 * x1 + w2 * x2                  # 13 characters: too long to be a name
    t = s + w3 * x3 + (w1 * x1 + w2 * x2 + w3 * x3)
    root = t.relu()
    names = node_names(root)
    assert names[s] == "u₁" and all(len(v) <= SHORT_NAME for v in names.values())
    assert list(names.definitions) == sorted(names.definitions, key=lambda u: int(u[1:].translate(
        str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))))           # u₁, u₂, … in the order forward makes them
    assert names.definitions["u₁"] == "w1·x1 + w2·x2"
    assert names.where() == "where " + "; ".join(f"{u} = {text}" for u, text in names.definitions.items())
    assert names.where(notation="es").startswith("donde u₁ = w1·x1 + w2·x2")
    unlabelled = [v for v in names if not v.label and v.op is not None]
    assert len({names[v] for v in unlabelled}) == len(unlabelled)      # two equal sums still get two names


def test_a_label_is_an_operand_in_parentheses_only_when_it_needs_them() -> None:
    error, square, w = Value(1.0, label="ŷ − y"), Value(4.0, label="(ŷ − y)²"), Value(2.0, label="w")
    root = (square * w + error * 2).relu()
    names = node_names(root)
    assert {"(ŷ − y)²·w", "(ŷ − y)·2"} <= set(names.values())
    assert names.definitions == {"u₁": "(ŷ − y)²·w + (ŷ − y)·2"}


def test_a_u_name_never_takes_a_label() -> None:
    x1, w1, x2, w2 = leaves("x1", "w1", "x2", "w2")
    taken = Value(1.0, label="u₁")
    root = (w1 * x1 + w2 * x2) * taken
    names = node_names(root)
    assert names.definitions == {"u₂": "w1·x1 + w2·x2"} and names[taken] == "u₁"


def test_the_names_are_the_same_whatever_view_asks() -> None:
    loss, _ = relu_neuron()
    names = node_names(loss)
    assert node_names(loss) == names and node_names(loss).definitions == names.definitions
    trace = trace_backward(loss)
    assert trace.names == names and trace.definitions() == names.definitions == {"u₁": "w1·x1 + w2·x2"}
    assert {s.node_name for s in trace} | {s.parent_name for s in trace} <= set(names.values())
    source = viz.draw(loss).source
    for v, name in names.items():
        if v.op is not None or v.requires_grad:
            assert html.escape(name, quote=False) in source
    assert viz.draw_step(trace[8]).source.count("where u₁ = w1·x1 + w2·x2") == 1


def test_the_where_line_ends_every_table_and_sits_under_the_diagram() -> None:
    loss, _ = relu_neuron()
    trace = trace_backward(loss)
    assert trace.to_text().splitlines()[-1] == "where u₁ = w1·x1 + w2·x2"
    assert trace.to_markdown(notation="es").endswith("\n\ndonde u₁ = w1·x1 + w2·x2")
    assert trace.to_latex().endswith("\\end{tabular}\n\n" + latex_escape("where u₁ = w1·x1 + w2·x2"))
    assert "u\\ensuremath{_{1}}" in latex_escape("u₁")
    assert trace.to_html().endswith('</table>\n<p class="pizarra-where">where u₁ = w1·x1 + w2·x2</p>')
    assert "donde u₁ = w1·x1 + w2·x2" in viz.draw(loss, notation="es").source
    assert "u₁ =" not in viz.draw(loss, legend=False).source       # a page that writes it itself
    plain = Value(2.0, label="x") * Value(3.0, label="w")
    assert trace_backward(plain).where() is None and "where" not in trace_backward(plain).to_text()


# --- what a class sees: no n9, no * or ** ---------------------------------------------------------------------

def readme_neuron() -> Value:
    """The README's ReLU neuron, built with ``Value`` by its own code block (up to ``L.label = "L"``)."""
    block = next(b for b in re.findall(r"```python\n(.*?)```", README, re.DOTALL) if "The course's ReLU neuron" in b)
    code = block[: block.index('L.label = "L"') + len('L.label = "L"')]
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)  # the README's own example
    root = scope["L"]
    assert isinstance(root, Value)
    return root


def svg_texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg[svg.index("<svg"):]).iter(f"{SVG}text")]


def page_texts(page: str) -> list[str]:
    """What a player page shows: its visible text, and the captions and rows its script writes in."""
    data = re.search(r'<script type="application/json" id="pz-data">(.*?)</script>', page, re.DOTALL)
    assert data is not None
    # graphviz's <title> in the SVG is the DOT id of each element (n0, e_n1_n3_op_0), an address for the page's
    # script, not drawn
    page = re.sub(r"<svg\b.*?</svg>", lambda m: re.sub(r"<title>.*?</title>", "", m[0], flags=re.DOTALL), page,
                  flags=re.DOTALL)
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    visible = html.unescape(re.sub(r"<[^>]+>", "\n", visible))
    steps = json.loads(data.group(1))["steps"]
    return [*visible.splitlines(), *(s["caption"] for s in steps), *(cell for s in steps for cell in s["row"])]


def views(root: Value) -> Iterator[tuple[str, list[str]]]:
    """Every text a class sees of ``root``'s backward pass, in English and Spanish."""
    for lang in ("en", "es"):
        trace = trace_backward(root, notation=lang)
        yield f"table {lang}", trace.to_text(notation=lang, caption=True).splitlines()
        yield f"markdown {lang}", trace.to_markdown(notation=lang, caption=True).replace("\\", "").splitlines()
        yield f"diagram {lang}", svg_texts(viz.draw(root, notation=lang).pipe(format="svg", encoding="utf-8"))
        step = trace[len(trace) // 2]
        yield f"step {lang}", svg_texts(viz.draw_step(step, fit="16:9", notation=lang)
                                        .pipe(format="svg", encoding="utf-8"))
        yield f"player {lang}", page_texts(str(viz.player(trace, notation=lang)))


#: A hyphen-minus written as a number's sign: a class sees U+2212 (issue 16's "one minus sign").
HYPHEN_NUMBER = re.compile(r"(?<![\w.,])-\d")


def assert_board_names(where: str, texts: list[str]) -> None:
    """What a class sees has no numbered name (``n9``), no ASCII product or power, no hyphen as a minus sign."""
    for text in texts:
        assert not NUMBERED.search(text), (where, text)
        assert "*" not in text, (where, text)
        assert not HYPHEN_NUMBER.search(text), (where, text)


@pytest.mark.dot
@pytest.mark.parametrize("make", [readme_neuron, lambda: relu_neuron()[0]], ids=["README", "demo"])
def test_the_neurons_show_no_numbered_name_and_no_ascii_product(make: Callable[[], Value]) -> None:
    root = make()
    for where, texts in views(root):
        assert_board_names(where, texts)
    names = trace_backward(root).names
    assert names[root] == "L" and {"w3·x3", "u₁", "u₁ + w3·x3", "z", "ŷ"} <= set(names.values())
    assert {"(ŷ − 5)²", "(ŷ − y)²"} & set(names.values())     # the README's target is 5, the demo calls it y


@pytest.mark.dot
def test_the_player_says_what_u1_stands_for_beside_the_graph() -> None:
    page = str(viz.player(trace_backward(relu_neuron()[0]), notation="es"))
    assert '<span class="pz-item pz-where">donde u₁ = w1·x1 + w2·x2</span>' in page       # in the side panel
    assert '<p class="pizarra-where">donde u₁ = w1·x1 + w2·x2</p>' in page                # under the whole table


def readme_commands() -> list[list[str]]:
    """The README's ``pizarra steps/draw/player/slides`` lines that need no file of their own."""
    lines = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
             for line in block.splitlines()]
    commands = [shlex.split(line)[1:] for line in lines if line.startswith("pizarra ")]
    return [c for c in commands if c[0] in ("steps", "draw", "player", "slides") and "-f" not in c]


def test_the_readme_uses_the_formula_language_s_names() -> None:
    commands = readme_commands()
    assert {c[0] for c in commands} == {"steps", "draw", "player", "slides"}
    neuron = [c for c in commands if "w1=4" in c]
    assert neuron and all(c[1].startswith("z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = ") for c in neuron)


@pytest.mark.dot
def test_the_readme_commands_show_no_numbered_name_and_no_ascii_product(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from viz.classroom.formula import Formula
    from viz.cli import main
    from viz.deck import slide_deck

    for command in readme_commands():
        if command[0] == "slides":  # what its pages write (the PDF is pictures): the heading and the band
            formula = Formula(command[1])
            values = dict(item.split("=") for item in command[2:] if "=" in item and not item.startswith("-"))
            lang = command[command.index("--lang") + 1] if "--lang" in command else "en"
            deck = slide_deck(trace_backward(formula.build({k: float(v) for k, v in values.items()})), notation=lang)
            assert_board_names(f"slides {command[1]}", [t for page in deck for t in (page.heading, *page.text)])
            continue
        if "-o" in command:
            at = command.index("-o") + 1
            out_file = Path(command[at])
            if out_file.suffix in (".png", ".pdf"):  # the same picture as SVG, whose text can be read
                out_file = out_file.with_suffix(".svg")
            command = [*command[:at], str(tmp_path / out_file), *command[at + 1:]]
        assert main(command) == 0, command
        out = capsys.readouterr().out
        if command[0] == "steps":
            texts = out.replace("\\", "").splitlines()
            if "yhat" in command[1]:
                assert any("ŷ" in t for t in texts) and not any("yhat" in t for t in texts)
        else:
            written = Path(command[command.index("-o") + 1]).read_text(encoding="utf-8")
            texts = svg_texts(written) if command[0] in ("draw", "network") else page_texts(written)
        assert_board_names(" ".join(command[:2]), texts)
    assert main(["steps", "w*x", "w=2", "x=3"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert [row[1] for row in rows] == ["L", "L"]           # the root is L, as its captions call it


def test_a_trace_keeps_the_names_it_was_made_with() -> None:
    loss, _ = relu_neuron()
    trace = trace_backward(loss)
    assert isinstance(trace, Trace) and trace.name_of(loss) == "L"
