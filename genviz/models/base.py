"""The contract every model family keeps, so one trainer, one CLI and one app serve them all."""

from __future__ import annotations

import dataclasses
import math
import typing
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, fields
from typing import ClassVar

import torch
from torch import nn

from genviz.errors import GenvizError


@dataclass
class ModelConfig:
    """Fields every family has; the dataset fills them in. Subclasses add their own."""

    image_shape: tuple[int, int, int] = (1, 28, 28)  # (C, H, W) of the dataset
    num_classes: int = 10  # used by the conditional families

    # string fields and their allowed values, and number fields' (low, high) bounds beyond the
    # default rule (ints >= 1, floats >= 0); a subclass extends these
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}
    bounds: ClassVar[dict[str, tuple[float, float]]] = {}
    # the value a field had before it existed: a stored config that lacks the field (a
    # checkpoint from an older genviz) gets this instead of today's default, so it still loads
    # as the model it was
    legacy: ClassVar[dict[str, object]] = {}
    # the options a form shows first; the rest sit behind "more options"
    main: ClassVar[tuple[str, ...]] = ()
    # filled in from the dataset or a base model, never chosen by hand
    implied: ClassVar[tuple[str, ...]] = ("image_shape", "num_classes")
    # the list fields that may be empty (no hidden layer); any other needs a number
    may_be_empty: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        types = self.field_types()
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):  # JSON gives lists where the config wants tuples
                value = tuple(value)
            if types[f.name] is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            setattr(self, f.name, value)
            _check_field(self, f.name, value, types[f.name])

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict, kind: str) -> ModelConfig:
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise GenvizError(
                f"'{kind}' has no option {', '.join(unknown)}; its options are "
                f"{', '.join(sorted(names - {'image_shape', 'num_classes'}))}."
            )
        return cls(**values)

    @classmethod
    def from_stored(cls, values: dict, kind: str) -> ModelConfig:
        """The config a checkpoint describes; fields it predates take their legacy values."""
        return cls.from_dict({**cls.legacy, **values}, kind)

    @classmethod
    def parse(cls, name: str, text: str):
        """An option written as text (a command-line flag, a form field) as the field's type:
        '256,128' for a tuple, true/false for a bool; one sentence if it does not parse."""
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
        """Field name -> the Python type of its value (int, float, str, bool or tuple)."""
        hints = typing.get_type_hints(cls)
        return {f.name: typing.get_origin(hints[f.name]) or hints[f.name] for f in fields(cls)}


LARGEST = 1_000_000  # no size in any family comes near; a larger one is a mistake


def _check_field(config: ModelConfig, name: str, value, typ: type) -> None:
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise GenvizError(
            f"{name} must be of type {typ.__name__}, not {value!r}.",
            "option_type",
            option=name,
            value=repr(value),
        )
    allowed = config.choices.get(name)
    if allowed is not None and value not in allowed:
        raise GenvizError(
            f"{name} '{value}' is not known; choose from {', '.join(allowed)}.",
            "option_choice",
            option=name,
            value=value,
            choices=", ".join(allowed),
        )
    if typ is tuple:
        ok = all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= LARGEST for v in value
        )
        if not value and name not in config.may_be_empty:
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
        low, high = config.bounds.get(name, (1 if typ is int else 0, LARGEST))
        if not low <= value <= high:  # also false for NaN
            if value < low:
                limit, key = f"at least {low}", "option_min"
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


@dataclass(frozen=True)
class Capabilities:
    """What a family can do. Pickers, pages, metrics and the CLI ask for these, never for a
    kind's name, so a new family is found wherever it fits."""

    encode: bool = True  # images -> latents: encode, reconstruct, features
    sample: bool = True  # new images from nothing: sample
    conditional: bool = False  # decode and sample need class labels
    # "vector", "grid" (VQ code indices), "codes2" (two levels of them), "noise" or "none"
    latent: str = "vector"
    # the latent space was trained towards the distribution `sample` draws from; a plain AE
    # samples N(0, I) without one, which shows the gaps in its latent space
    latent_prior: bool = False
    codebook: bool = False  # a VQ codebook: code usage, code maps
    hierarchy: bool = False  # two levels of VQ codes (top and bottom), each with a codebook
    prior: bool = False  # an autoregressive prior over another model's codes (a temperature)
    judge: bool = False  # a classifier that scores other models' samples
    denoise: bool = False  # trained to undo a corruption of its input
    translate: bool = False  # maps an input image to an output image (image-to-image)
    likelihood: bool = False  # an ELBO and an importance-sampled log p(x)
    built_on: str | None = None  # the capability its base model must have (a prior's VQ-VAE)


class GenModel(nn.Module):
    """Base class of the families. Images are float (B, C, H, W) in [0, 1]; labels int64 (B,).

    A family sets the class attributes below and overrides what it supports. Every method
    takes the labels `y` and ignores them unless the model is conditional, so callers can
    always pass them. `loss` returns
    (scalar to minimise, dict of named scalars to log); families trained adversarially override
    `training_step` instead.
    """

    kind: ClassVar[str]
    Config: ClassVar[type[ModelConfig]]
    caps: ClassVar[Capabilities] = Capabilities()
    default_lr: ClassVar[float] = 1e-3
    # precision "auto" may train it in bf16 autocast (False where bf16 was seen to break it)
    bf16_ok: ClassVar[bool] = True

    @classmethod
    def capabilities(cls, config: ModelConfig | dict | None = None) -> Capabilities:
        """The family's capabilities; a family whose capabilities follow its config (a prior
        that may be class-conditional) reads them from `config`, a built or stored one."""
        return cls.caps

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        self.can = type(self).capabilities(config)

    # -- what the app and the CLI call ---------------------------------------------------------

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    @property
    def latent_shape(self) -> tuple[int, ...]:
        return (self.config.latent_dim,)

    def encode(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        raise GenvizError(f"a {self.kind} model has no encoder; pick an autoencoder.")

    def decode(self, z: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        raise NotImplementedError

    def reconstruct(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        return self.decode(self.encode(x, y), y)

    def features(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        """A flat float vector per image, for maps, kNN and clustering: (B, C, H, W) -> (B, F)."""
        return self.encode(x, y).flatten(1).float()

    def sample(
        self, n: int, y: torch.Tensor | None = None, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        """n new images (B, C, H, W) in [0, 1]; y picks classes for conditional models."""
        z = self.randn((n, *self.latent_shape), generator)
        return self.decode(z, self.labels_for(n, y))

    def parts(self) -> dict[str, tuple[nn.Module, list[torch.Tensor]]]:
        """The networks the model is made of, each with an example input (a batch of two), for
        layer summaries: {"encoder": (module, [x]), "decoder": (module, [z])} and the like."""
        raise NotImplementedError

    def _example(self) -> torch.Tensor:
        return torch.zeros(2, *self.config.image_shape, device=self.device)

    def stand_ins(self) -> dict[str, str]:
        """Weights a sampling checkpoint may leave out, by name prefix, each with the prefix of
        the weights that stand in for them at load ({"generator.": "ema_generator."})."""
        return {}

    # -- what the trainer calls ----------------------------------------------------------------

    def loss(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, dict]:
        raise NotImplementedError

    def epoch_report(self, val) -> dict:
        """Figures of the model's insides after an epoch, measured on the held-out split
        `val` (genviz.data.Split); the trainer adds them to the epoch's row of the history.
        Families that have some override this."""
        return {}

    def configure_optimizers(
        self, lr: float | None = None, weight_decay: float = 0.0
    ) -> list[torch.optim.Optimizer]:
        params = [p for p in self.parameters() if p.requires_grad]
        lr = self.default_lr if lr is None else lr
        return [torch.optim.Adam(params, lr=lr, weight_decay=weight_decay, **fast_adam(params))]

    def training_step(
        self,
        x: torch.Tensor,
        y: torch.Tensor,
        optimizers: list[torch.optim.Optimizer],
        autocast: AbstractContextManager | None = None,
    ) -> dict[str, torch.Tensor]:
        """One optimisation step; returns detached scalars (no host sync, so GPUs keep going)."""
        (opt,) = optimizers
        with autocast or nullcontext():
            loss, logs = self.loss(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"loss": loss.detach(), **{k: v.detach() for k, v in logs.items()}}

    # -- helpers -------------------------------------------------------------------------------

    def randn(self, shape: tuple[int, ...], generator: torch.Generator | None = None):
        device = generator.device if generator is not None else self.device
        return torch.randn(shape, generator=generator, device=device).to(self.device)

    def labels_for(self, n: int, y: torch.Tensor | int | None) -> torch.Tensor | None:
        """Labels for n samples: None for unconditional models, else y or 0..K-1 cycled."""
        if not self.can.conditional:
            return None
        k = self.config.num_classes
        if y is None:
            return torch.arange(n, device=self.device) % k
        y = torch.as_tensor(y, device=self.device).long().expand(n) if _scalar(y) else y
        if y.numel() and (y.min() < 0 or y.max() >= k):
            raise GenvizError(f"class label {y.max().item()} is out of range; use 0 to {k - 1}.")
        return y.to(self.device)


def _scalar(y) -> bool:
    return isinstance(y, int) or (isinstance(y, torch.Tensor) and y.dim() == 0)


def fast_adam(params) -> dict:
    # the fused kernel is the quickest on both CPU and CUDA for the small models here
    return {"fused": True} if all(p.is_floating_point() for p in params) else {}
