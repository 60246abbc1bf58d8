"""The contract every model family keeps, so one trainer, one CLI and one app serve them all."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import nn

from genviz.errors import GenvizError
from genviz.options import Options


@dataclass
class ModelConfig(Options):
    """Fields every family has; the dataset fills them in. Subclasses add their own, with
    their choices and bounds as data (genviz.options)."""

    image_shape: tuple[int, int, int] = (1, 28, 28)  # (C, H, W) of the dataset
    num_classes: int = 10  # used by the conditional families

    # the value a field had before it existed: a stored config that lacks the field (a
    # checkpoint from an older genviz) gets this instead of today's default, so it still loads
    # as the model it was
    legacy: ClassVar[dict[str, object]] = {}
    implied: ClassVar[tuple[str, ...]] = ("image_shape", "num_classes")

    @classmethod
    def from_stored(cls, values: dict, kind: str) -> ModelConfig:
        """The config a checkpoint describes; fields it predates take their legacy values."""
        return cls.from_dict({**cls.legacy, **values}, kind)


@dataclass(frozen=True)
class Capabilities:
    """What a family can do. Pickers, pages, metrics and the CLI ask for these, never for a
    kind's name, so a new family is found wherever it fits."""

    encode: bool = True  # images -> latents: encode, reconstruct, features
    # latents -> images: decode, reconstruct (an imported encoder alone, or latents given
    # with no model at all, have none)
    decoder: bool = True
    sample: bool = True  # new images from nothing: sample
    conditional: bool = False  # decode and sample need class labels
    # "vector", "grid" (VQ code indices), "codes2" (two levels of them), "noise", "none", or
    # "given": latents brought in per row of a dataset, with no encoder (genviz.models.given)
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
    # samples by many small denoising steps (diffusion, flow matching): steps and guidance
    stepwise: bool = False
    built_on: str | None = None  # the need its base model must fit (a prior's VQ-VAE: "codebook")

    def fits(self, need: str) -> bool:
        """Whether a model with these capabilities can do `need`, one of NEEDS: what a page
        or a prior asks of a model ("vector": an encoder to a latent vector, ...)."""
        if need not in NEEDS:
            raise GenvizError(f"unknown need '{need}'; choose from {', '.join(NEEDS)}.")
        return NEEDS[need](self)


# what a page or a model built on another may ask of a model
NEEDS: dict[str, Callable[[Capabilities], bool]] = {
    "any": lambda c: True,
    "encode": lambda c: c.encode,
    "map": lambda c: c.encode or c.latent == "given",  # latents per test image, to draw
    "autoencode": lambda c: c.encode and c.decoder,  # an image back through its latent
    "vector": lambda c: c.encode and c.decoder and c.latent == "vector",
    "plain": lambda c: c.encode and c.decoder and c.latent == "vector" and not c.denoise,
    "denoise": lambda c: c.denoise,
    "decode": lambda c: (c.encode and c.decoder) or c.sample,
    "sample": lambda c: c.sample,
    "conditional": lambda c: c.conditional and c.sample,
    "codebook": lambda c: c.codebook,
    "hierarchy": lambda c: c.hierarchy,
    "codes": lambda c: c.codebook or c.hierarchy,
    "prior": lambda c: c.prior,
    "prior_codebook": lambda c: c.prior and c.built_on == "codebook",
    "prior_hierarchy": lambda c: c.prior and c.built_on == "hierarchy",
    "translate": lambda c: c.translate,
    "judge": lambda c: c.judge,
    "stepwise": lambda c: c.stepwise,
    "inside": lambda c: c.likelihood or c.codebook or c.latent == "noise",
    # a model whose samples come from a trained prior over a latent vector (a VAE, not a prior
    # over codes): the page that puts such samples beside a GAN's
    "vector_prior": lambda c: (
        c.sample and c.latent == "vector" and c.latent_prior and not c.conditional
    ),
}


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
    # trained by genviz (False: brought in by `genviz import`, the pages only open it)
    trainable: ClassVar[bool] = True

    @classmethod
    def describe(cls, config: dict) -> list[str]:
        """A few words on a stored config beside the kind's name, for tables: ["conv", "32-D"].
        Families with something to say override it."""
        return []

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


def conditional_caps(cls, config: ModelConfig | dict | None = None) -> Capabilities:
    """A family's capabilities, class-conditional when its config's `class_conditional` says
    so (`capabilities = classmethod(conditional_caps)` in a family that has that option)."""
    values = vars(config) if isinstance(config, ModelConfig) else (config or {})
    return dataclasses.replace(cls.caps, conditional=bool(values.get("class_conditional")))


def _scalar(y) -> bool:
    return isinstance(y, int) or (isinstance(y, torch.Tensor) and y.dim() == 0)


def fast_adam(params) -> dict:
    # the fused kernel is the quickest on both CPU and CUDA for the small models here
    return {"fused": True} if all(p.is_floating_point() for p in params) else {}


# bounds on what a config may ask for, checked before anything is allocated (at training and
# at loading alike): far above any model genviz ships (1.6 million numbers, and 0.8 million
# activations for its example batch), far below what takes a machine down
MAX_PARAMETERS = 100_000_000
MAX_ACTIVATIONS = 200_000_000


def check_size(cls: type[GenModel], config: ModelConfig) -> None:
    """Refuse, in one sentence with the limit, a model whose weights or whose activations for
    its example batch (`parts`: two images) would be too large. The model is built and run
    on PyTorch's meta device, which computes shapes and allocates nothing."""
    with torch.device("meta"):
        model = cls(config)
        size = sum(t.numel() for t in model.state_dict().values())
        if size > MAX_PARAMETERS:
            raise GenvizError(
                f"a {cls.kind} with these options has {size:,} weights, over genviz's limit of "
                f"{MAX_PARAMETERS:,}: choose smaller sizes (latent, hidden, channels).",
                "too_many_weights",
                size=size,
                limit=MAX_PARAMETERS,
            )
        seen = 0

        def count(module, inputs, output) -> None:
            nonlocal seen
            for out in output if isinstance(output, (tuple, list)) else (output,):
                seen += out.numel() if isinstance(out, torch.Tensor) else 0

        hooks = [m.register_forward_hook(count) for m in model.modules()]
        try:
            with torch.no_grad():
                for module, example in model.parts().values():
                    module(*example)
        except (NotImplementedError, RuntimeError):  # meta tensors cannot run it: unknown
            return
        finally:
            for hook in hooks:
                hook.remove()
    if seen > MAX_ACTIVATIONS:
        raise GenvizError(
            f"a {cls.kind} of this size would hold {seen:,} numbers in its layers' outputs for "
            f"two images, over genviz's limit of {MAX_ACTIVATIONS:,}: choose smaller images or "
            "smaller sizes.",
            "too_many_activations",
            size=seen,
            limit=MAX_ACTIVATIONS,
        )
