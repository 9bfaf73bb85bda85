"""``Module``: the base of neurons, layers and networks — a tree of parts that own parameters."""

from __future__ import annotations

from autograd import Value
from autograd.bulk import zero_grads

__all__ = ["Module"]


class Module:
    """Something with parameters (:class:`~autograd.Value` leaves) and, possibly, sub-modules.

    A subclass lists its own parameters in :meth:`own_parameters` (and, without their names, in :meth:`own_values`,
    which reads them from there by default) and its parts in :meth:`children`;
    :meth:`named_parameters` walks the tree and joins the names with dots, e.g.
    ``layers.0.neurons.2.w.1`` (0-based, like Python indices).
    """

    def own_parameters(self) -> list[tuple[str, Value]]:
        """The parameters this module holds directly, with their local names (none by default)."""
        return []

    def own_values(self) -> list[Value]:
        """The parameters this module holds directly, without their names, in the order of :meth:`own_parameters`.

        What :meth:`parameters` gathers; a subclass with many parameters may list them here directly, so a
        training step does not build their names.
        """
        return [p for _, p in self.own_parameters()]

    def children(self) -> list[tuple[str, Module]]:
        """The sub-modules, with their local names (none by default)."""
        return []

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
        """Every parameter with its dotted path, in a stable order (own parameters, then children's)."""
        dot = f"{prefix}." if prefix else ""
        named = [(dot + name, p) for name, p in self.own_parameters()]
        for name, child in self.children():
            named += child.named_parameters(dot + name)
        return named

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of :meth:`named_parameters`."""
        found = list(self.own_values())
        for _, child in self.children():
            found += child.parameters()
        return found

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0 (leaves accumulate across ``backward()`` calls)."""
        zero_grads(self.parameters())

    def num_parameters(self) -> int:
        """How many scalar parameters the module has."""
        return len(self.parameters())
