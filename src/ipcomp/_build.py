"""Building result models from parts the library has already validated.

``Model.model_construct`` skips validation but still walks every field (about 5 µs for a
``Compensation``); results are built several times per assessment, so this sets the
instance state directly, exactly as ``model_construct`` does when every field is given.
Only for ipcomp's own results, whose invariants hold by construction (and are pinned by
the test suite, which compares them with validated construction).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__
_new = object.__new__


def build(cls: type[_M], fields: dict[str, Any]) -> _M:
    """An instance of ``cls`` holding ``fields`` (every field of ``cls``), unvalidated.

    ``fields`` becomes the instance's ``__dict__`` (callers pass a fresh dict literal: a
    dict display is about twice as fast as keyword arguments for 19 fields).
    """
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    _set(obj, "__pydantic_fields_set__", set(fields))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj
