"""Options declared once: a dataclass whose fields carry their types, defaults, choices and
bounds as data. It checks itself when made (one sentence for a bad value), parses a value
written as text (a command-line flag, a form field), and lists its fields for a form, so the
CLI's flags and the app's forms are generated from the declaration and never drift from it.

A model family's config (genviz.models.base.ModelConfig) and the training settings
(genviz.workflow.Settings) are both Options.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, fields
from typing import ClassVar

from genviz.errors import GenvizError

LARGEST = 1_000_000  # no size in any family comes near; a larger one is a mistake


def option(default, help: str):
    """A field with its one-line description, which the CLI's help and the forms show."""
    return dataclasses.field(default=default, metadata={"help": help})


@dataclass
class Options:
    """Subclasses declare fields (with a comment each) and, as class data:"""

    # string fields' allowed values, and number fields' (low, high) bounds beyond the default
    # rule (ints 1 to LARGEST, floats 0 to LARGEST)
    choices: ClassVar[dict[str, tuple]] = {}
    bounds: ClassVar[dict[str, tuple[float, float]]] = {}
    # number fields that must lie strictly above their low bound (a learning rate above 0)
    above: ClassVar[tuple[str, ...]] = ()
    # the options a form shows first; the rest sit behind "more options"
    main: ClassVar[tuple[str, ...]] = ()
    # filled in by genviz (from the dataset, a base model), never chosen by hand
    implied: ClassVar[tuple[str, ...]] = ()
    # the list fields that may be empty (no hidden layer); any other needs a number
    may_be_empty: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        types_ = self.field_types()
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):  # JSON gives lists where the options want tuples
                value = tuple(value)
            typ = types_[f.name]
            if typ is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            setattr(self, f.name, value)
            if value is None and f.name in self.optional():
                continue
            _check_field(self, f.name, value, typ)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict, what: str):
        """Options from a dict, refusing names the declaration does not have."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise GenvizError(
                f"'{what}' has no option {', '.join(unknown)}; its options are "
                f"{', '.join(sorted(names - set(cls.implied)))}."
            )
        return cls(**values)

    @classmethod
    def parse(cls, name: str, text: str):
        """An option written as text as the field's type: '256,128' for a tuple, true/false
        for a bool; one sentence if it does not parse (the range is checked on creation)."""
        typ = cls.field_types()[name]
        try:
            if typ is bool:
                if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError
                return text.lower() in ("true", "1", "yes")
            if typ is tuple:  # empty: no layers (a linear AE's hidden widths)
                return tuple(int(v) for v in text.split(",")) if text.strip() else ()
            value = typ(text)
            if typ is float and not math.isfinite(value):
                raise ValueError
            return value
        except ValueError:
            hint = {bool: "true or false", tuple: "numbers separated by commas, like 256,128"}
            raise GenvizError(
                f"{name.replace('_', '-')} {text!r} is not valid; give "
                f"{hint.get(typ, 'a ' + typ.__name__)}.",
                "option_parse",
                option=name,
                text=text,
            ) from None

    @classmethod
    def options(cls) -> dict[str, object]:
        """The fields a user chooses, with their defaults (main ones first)."""
        defaults = {f.name: f.default for f in fields(cls) if f.default is not dataclasses.MISSING}
        defaults |= {
            f.name: f.default_factory()
            for f in fields(cls)
            if f.default_factory is not dataclasses.MISSING
        }
        names = [n for n in defaults if n not in cls.implied]
        return {n: defaults[n] for n in sorted(names, key=lambda n: n not in cls.main)}

    @classmethod
    def field_types(cls) -> dict[str, type]:
        """Field name -> the Python type of its value (int, float, str, bool or tuple); an
        optional field (`float | None`) gives the type it has when it is set."""
        hints = typing.get_type_hints(cls)
        found = {}
        for f in fields(cls):
            hint = hints[f.name]
            if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
                hint = next(a for a in typing.get_args(hint) if a is not type(None))
            found[f.name] = typing.get_origin(hint) or hint
        return found

    @classmethod
    def optional(cls) -> set[str]:
        """The fields that may be None (meaning: genviz decides, as a family's default rate)."""
        hints = typing.get_type_hints(cls)
        return {n for n, h in hints.items() if type(None) in typing.get_args(h)}

    @classmethod
    def help(cls, name: str) -> str:
        """A field's description, where it was declared with `option`."""
        return next(f.metadata.get("help", "") for f in fields(cls) if f.name == name)

    @classmethod
    def limits(cls, name: str) -> tuple[float, float]:
        """A number field's (low, high)."""
        typ = cls.field_types()[name]
        return cls.bounds.get(name, (1 if typ is int else 0, LARGEST))


def _check_field(options: Options, name: str, value, typ: type) -> None:
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise GenvizError(
            f"{name} must be of type {typ.__name__}, not {value!r}.",
            "option_type",
            option=name,
            value=repr(value),
        )
    allowed = options.choices.get(name)
    if allowed is not None and value not in allowed:
        raise GenvizError(
            f"{name} '{value}' is not known; choose from {', '.join(map(str, allowed))}.",
            "option_choice",
            option=name,
            value=value,
            choices=", ".join(map(str, allowed)),
        )
    if typ is tuple:
        ok = all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= LARGEST for v in value
        )
        if not value and name not in options.may_be_empty:
            raise GenvizError(
                f"{name} needs at least one number, like 16,32.", "option_empty", option=name
            )
        if len(value) > 64 or not ok:
            raise GenvizError(
                f"{name} must list whole numbers between 1 and {LARGEST:,}, not {value}.",
                "option_list",
                option=name,
                largest=LARGEST,
            )
    elif typ in (int, float):
        low, high = options.limits(name)
        above = name in options.above
        inside = (low < value if above else low <= value) and value <= high  # False for NaN
        if not inside:
            if value <= low if above else value < low:
                side = "above" if above else "at least"
                limit, key = f"{side} {low}", "option_above" if above else "option_min"
            elif value > high:
                limit, key = f"at most {high:,}", "option_max"
            else:
                limit, key = f"a number between {low} and {high}", "option_range"
            raise GenvizError(
                f"{name} must be {limit}, not {value}.",
                key,
                option=name,
                value=value,
                low=low,
                high=high,
            )
