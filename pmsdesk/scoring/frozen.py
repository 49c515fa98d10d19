"""A quicker ``__init__`` for the engine's frozen dataclasses.

A frozen dataclass sets each field in ``__init__`` through
``object.__setattr__``, which makes building one two to three times as slow
as filling its ``__dict__``. A scorecard builds about twenty such values per
KPI (figures, results, projections, roll-up entries), so that is a tenth of
its time. :func:`quick_init` swaps in an ``__init__`` that fills the
``__dict__`` directly; everything else stays as ``@dataclass`` made it: the
same parameters, defaults and default factories, equality and hashing, and
assigning to a field still raises ``FrozenInstanceError``.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")
_FACTORY = object()


def quick_init(cls: type[T]) -> type[T]:
    """Give frozen dataclass ``cls`` an ``__init__`` that fills its ``__dict__`` directly.

    Only for plain frozen dataclasses: no ``__slots__``, ``__post_init__``,
    init-only or keyword-only fields, and every field in ``__init__``.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" in cls.__dict__ \
            or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} is not a plain frozen dataclass")
    namespace: dict[str, object] = {"_FACTORY": _FACTORY}
    arguments, lines = [], []
    for field in dataclasses.fields(cls):
        if not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name} is not a plain positional field")
        name = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
            arguments.append(f"{name}=_default_{name}")
            lines.append(f"    d[{name!r}] = {name}")
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            arguments.append(f"{name}=_FACTORY")
            lines.append(f"    d[{name!r}] = _factory_{name}() if {name} is _FACTORY else {name}")
        else:
            arguments.append(name)
            lines.append(f"    d[{name!r}] = {name}")
    source = "\n".join([f"def __init__(self, {', '.join(arguments)}):",
                        "    d = self.__dict__", *lines, ""])
    exec(source, namespace)  # noqa: S102 - built from field names only, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls
