"""A griffe extension that renders ipcomp's docstrings for the API reference.

ipcomp's docstrings are Google style with bare ``>>>`` examples (they run as doctests)
and a few Sphinx roles (``:func:`~ipcomp.assess```). Markdown would read ``>>>`` as
nested block quotes and ``[True, True]`` as a link, so before mkdocstrings parses a
docstring this extension:

* wraps every run of ``>>>`` / ``...`` lines and their expected output in a ``pycon``
  fence, dropping ``# doctest:`` directives (they are for the test runner, not readers);
* turns ``:func:`x```, ``:class:`~a.b.X``` etc. into *optional* cross-references: a link
  when the target is in the reference, plain code otherwise (never a build warning).

The source files are not changed. Loaded from ``mkdocs.yml``
(``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|data|attr|mod|obj|exc):`(~?)([\w.]+)`")
_DIRECTIVE = re.compile(r"\s+# doctest:.*$")


def _target(name: str, obj: griffe.Object) -> str:
    """The full identifier of a role's target, seen from ``obj``'s module."""
    if name.startswith("ipcomp.") or ("." in name and not name[0].isupper()):
        return name
    module = obj if obj.is_module else obj.module
    head = name.split(".", 1)[0]
    if head in module.members:
        return f"{module.path}.{name}"
    return f"ipcomp.{name}"


def _roles(text: str, obj: griffe.Object) -> str:
    def replace(match: re.Match[str]) -> str:
        short, name = match.groups()
        title = name.rsplit(".", 1)[-1] if short else name
        return f'<autoref identifier="{_target(name, obj)}" optional><code>{title}</code></autoref>'

    return _ROLE.sub(replace, text)


def _fence_doctests(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or not (stripped.startswith(">>> ") or stripped == ">>>"):
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(stripped)]
        if out and out[-1].strip():
            out.append("")
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append(_DIRECTIVE.sub("", lines[i]))
            i += 1
        out.append(f"{indent}```")
    return "\n".join(out)


class DocstringsForMarkdown(griffe.Extension):
    """Fence doctest examples and resolve Sphinx roles in every docstring."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite ``obj``'s docstring once the object tree is complete."""
        if obj.docstring is not None:
            obj.docstring.value = _fence_doctests(_roles(obj.docstring.value, obj))
