"""Building result models from parts the library has already validated.

``Model.model_construct`` skips validation but still walks every field (about 5 µs for a
``Compensation``); results are built several times per assessment, so this sets the
instance state directly, exactly as ``model_construct`` does when every field is given.
Only for ipcomp's own results, whose invariants hold by construction (and are pinned by
the test suite, which compares them with validated construction).
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

_M = TypeVar("_M", bound=BaseModel)
_new = object.__new__
#: The setters of BaseModel's four slots, called directly: ``object.__setattr__`` looks
#: each name up through the class's MRO first (a ``Share`` built in 360 ns instead of 570).
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def _read_only(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError("the model_fields_set of an ipcomp result is shared and read-only")


class FieldsSet(set[str]):
    """The ``model_fields_set`` of every result of one class: all its fields.

    One instance per class, shared by all its results, instead of a new set of up to 19
    names per result (allocating it was about 6% of an assessment, see benchmarks/).
    Shared, so it refuses changes; a copy (``model_copy``, ``copy``, pickling) is a
    plain ``set``, as pydantic expects.
    """

    __slots__ = ()
    add = discard = remove = pop = clear = update = _read_only
    intersection_update = difference_update = symmetric_difference_update = _read_only
    __ior__ = __iand__ = __isub__ = __ixor__ = _read_only

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[type[set[str]], tuple[list[str]]]:
        return set, (list(self),)


_FIELDS: dict[type[BaseModel], FieldsSet] = {}


def build(cls: type[_M], fields: dict[str, Any]) -> _M:
    """An instance of ``cls`` holding ``fields`` (every field of ``cls``), unvalidated.

    ``fields`` becomes the instance's ``__dict__`` (callers pass a fresh dict literal: a
    dict display is about twice as fast as keyword arguments for 19 fields).
    """
    obj = _new(cls)
    _set_dict(obj, fields)
    _set_fields(obj, _FIELDS.get(cls) or _fields_set(cls))
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def _fields_set(cls: type[BaseModel]) -> FieldsSet:
    """The shared :class:`FieldsSet` of ``cls``, made on first use."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = FieldsSet(cls.model_fields)
    return names


def build_scope(**classes: type[BaseModel]) -> dict[str, Any]:
    """The names :func:`build_lines` needs for ``classes`` (by the name the lines use)."""
    scope: dict[str, Any] = {
        "_new": _new,
        "_set_dict": _set_dict,
        "_set_fields": _set_fields,
        "_set_extra": _set_extra,
        "_set_private": _set_private,
    }
    for name, cls in classes.items():
        scope[name] = cls
        scope[f"{name}_fields"] = _fields_set(cls)
    return scope


def build_lines(target: str, cls: str, fields: str, indent: str = "    ") -> list[str]:
    """:func:`build` written out as lines of generated code: ``target`` becomes an
    instance of the class named ``cls`` in :func:`build_scope` holding the dict display
    ``fields`` (the straight-line code of :mod:`ipcomp.engine` saves the call)."""
    return [
        f"{indent}{target} = _new({cls})",
        f"{indent}_set_dict({target}, {fields})",
        f"{indent}_set_fields({target}, {cls}_fields)",
        f"{indent}_set_extra({target}, None)",
        f"{indent}_set_private({target}, None)",
    ]
