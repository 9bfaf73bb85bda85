"""Interactive notebook cells that still show a picture where no widget runs (a saved notebook, a repository page).

:func:`interactive_view` is ``ipywidgets.interact`` for a function that *returns* its picture (a
matplotlib figure, a graphviz graph, anything Jupyter displays).  In Jupyter with a kernel the
controls redraw it; everywhere else — a notebook saved with its outputs, read on a repository page or
in a viewer — the cell shows the picture at the controls' first values and a sentence saying how to
move them, never the widget's internal description (``interactive(children=(FloatSlider(…``).
:class:`Still` is that picture on its own.
"""

from __future__ import annotations

import base64
import functools
import inspect
import io
from collections.abc import Callable
from typing import Any

from autograd.text import NotationLike, as_notation

from .errors import VizTypeError
from .words import WORDS

__all__ = ["Still", "interactive_view"]

#: The kinds of output a still view keeps from a picture's own display, best first.
_KINDS = ("image/png", "image/svg+xml", "text/html", "text/markdown", "text/latex")


class Still:
    """A still view of ``picture``, displayed by Jupyter as an image (or HTML) with ``note`` as its text.

    ``picture`` is a matplotlib figure (rendered to PNG now, at ``dpi`` or the figure's own, so later
    changes to the figure don't change it) or any object Jupyter displays through ``_repr_mimebundle_``
    or ``_repr_png_`` / ``_repr_svg_`` / ``_repr_html_`` / ``_repr_markdown_`` (a graphviz graph, a
    table).  ``note`` is the plain-text version (default: the picture's ``repr``).
    """

    def __init__(self, picture: Any, *, note: str | None = None, dpi: float | None = None) -> None:
        if picture is None:
            raise VizTypeError("Still: nothing to show (None); a function behind an interactive view must return "
                               "its picture (a matplotlib Figure, a graphviz graph, …), not display it")
        self.bundle = _bundle(picture, dpi)
        if not set(self.bundle) & set(_KINDS):
            raise VizTypeError(f"Still: a {type(picture).__name__} has no picture to show "
                               f"(none of {', '.join(_KINDS)})")
        self.bundle["text/plain"] = note if note is not None else repr(picture)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return dict(self.bundle)

    def __repr__(self) -> str:
        kinds = ", ".join(kind for kind in self.bundle if kind != "text/plain")
        return f"Still({kinds})"


def interactive_view(function: Callable[..., Any], /, *, notation: NotationLike = None, dpi: float | None = None,
                     **controls: Any) -> Any:
    """``ipywidgets.interact(function, **controls)`` that shows a still picture where widgets can't run.

    ``function`` returns its picture (a matplotlib figure, a graphviz graph, …: see :class:`Still`);
    ``controls`` are ``interact``'s, one per parameter (a widget, or an abbreviation like
    ``(0.0, 10.0)``).  Returns an ``ipywidgets.interactive`` whose display carries, besides the live
    widget, the picture at the controls' first values and, as its text, a sentence in ``notation``'s
    language saying how to move them: that is what a saved notebook shows.  Without ipywidgets it returns that
    :class:`Still` alone, drawn with the controls' values (an abbreviation leaves the parameter's
    default).  An error in the first drawing is raised here (``interact`` would only log
    it).  ``notation`` is a :class:`~autograd.text.Notation` or a language code, as in every picture;
    ``dpi`` is the resolution of a figure's PNG.  A parameter of ``function`` named like one of this
    function's own keywords is fixed with :func:`functools.partial`; a control named ``lang``,
    ``decimal`` or ``precision`` is ``function``'s when it has that parameter, and otherwise the
    deprecated keyword it was.
    """
    old: dict[str, object] = {key: controls.pop(key) for key in ("lang", "decimal", "precision")
                             if key in controls and key not in _parameters(function)}
    note = as_notation(notation, old, where="interactive_view").words(WORDS)["plot_still"]
    try:
        import ipywidgets
    except ImportError:
        return Still(function(**_first_values(controls)), note=note, dpi=dpi)
    errors: list[Exception] = []

    @functools.wraps(function)
    def still(*args: Any, **kwargs: Any) -> Still:
        try:
            return Still(function(*args, **kwargs), note=note, dpi=dpi)
        except Exception as error:  # interact logs and swallows it; the first one is raised below
            errors.append(error)
            raise

    view = _view_class(ipywidgets)(still, {"auto_display": True}, **controls)
    if errors:
        raise errors[0]
    return view


@functools.cache
def _view_class(ipywidgets: Any) -> type:
    class InteractiveView(ipywidgets.interactive):  # type: ignore[misc]
        """``ipywidgets.interactive`` whose display also carries its current :class:`Still` picture."""

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
            if isinstance(self.result, Still):
                bundle.update(self.result.bundle)
            return bundle

    return InteractiveView


def _parameters(function: Callable[..., Any]) -> set[str]:
    """The names of ``function``'s parameters (none known for a callable without a signature)."""
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def _first_values(controls: dict[str, Any]) -> dict[str, Any]:
    """The values to draw with when there are no widgets: a control's ``value``, or a fixed value as given.

    An abbreviation (a tuple, list or dict of choices) is left out: the parameter takes its default.
    """
    return {name: getattr(control, "value", control) for name, control in controls.items()
            if hasattr(control, "value") or not isinstance(control, (tuple, list, dict))}


def _bundle(picture: Any, dpi: float | None) -> dict[str, Any]:
    """What Jupyter would show for ``picture``, as a mime bundle (PNG as base64 text, as in a notebook)."""
    if callable(getattr(picture, "savefig", None)):  # a matplotlib figure
        buffer = io.BytesIO()
        picture.savefig(buffer, format="png", dpi=dpi or "figure", metadata={"Software": None})
        return {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii")}
    found: dict[str, Any] = {}
    if callable(getattr(picture, "_repr_mimebundle_", None)):
        shown = picture._repr_mimebundle_()
        found = dict(shown[0] if isinstance(shown, tuple) else shown or {})
    for kind, method in (("image/png", "_repr_png_"), ("image/svg+xml", "_repr_svg_"), ("text/html", "_repr_html_"),
                         ("text/markdown", "_repr_markdown_")):
        if kind not in found and callable(getattr(picture, method, None)):
            value = getattr(picture, method)()
            if value is not None:
                found[kind] = value
    if isinstance(found.get("image/png"), bytes):
        found["image/png"] = base64.b64encode(found["image/png"]).decode("ascii")
    return {kind: found[kind] for kind in _KINDS if kind in found}
