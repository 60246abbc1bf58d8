"""A model built on a frozen base model, kept as one model and one checkpoint (as diffusers'
LDMPipeline(vqvae, unet, scheduler) keeps its parts together): a prior over a VQ-VAE's codes
today, over any model's latents tomorrow. `for_base` makes one for a trained base."""

from __future__ import annotations

from typing import ClassVar

from genviz.errors import GenvizError
from genviz.models.base import GenModel, check_size, conditional_caps


class Prior(GenModel):
    """A model over what a frozen base model makes of the data (a PixelCNN over a VQ-VAE's
    codes). The base is part of the model, so the two are never separated: its config is
    stored in the config field `base_field` and its weights in the module of that name (a slim
    checkpoint reads them from the base's own checkpoint beside it, its hash checked)."""

    Base: ClassVar[type[GenModel]]
    base_field: ClassVar[str]

    capabilities = classmethod(conditional_caps)  # class-conditional when its config says so

    @classmethod
    def describe(cls, config):
        return ["class-conditional"] if config.get("class_conditional") else []

    @classmethod
    def base_words(cls) -> tuple[str, str]:
        """What the prior models and which base to pick, for a sentence."""
        return f"the codes of a trained {cls.Base.kind}", f"the {cls.Base.kind}"

    @property
    def base(self) -> GenModel:
        return getattr(self, self.base_field)

    @classmethod
    def for_base(cls, base: GenModel, **options) -> Prior:
        """A prior for a trained base model, with that model's weights copied in."""
        if not isinstance(base, cls.Base):
            raise GenvizError(
                f"a {cls.kind} models the codes of a {cls.Base.kind}, not of a {base.kind}; "
                f"pick a {cls.Base.kind} as its base."
            )
        shared = {"image_shape": base.config.image_shape, "num_classes": base.config.num_classes}
        config = cls.Config.from_dict(
            {**options, **shared, cls.base_field: base.config.to_dict()}, cls.kind
        )
        check_size(cls, config)
        prior = cls(config)
        prior.base.load_state_dict(base.state_dict())
        return prior

    def _build_base(self) -> GenModel:
        """The frozen base model the config describes (its resolved config written back)."""
        config = self.config
        shared = {"image_shape": config.image_shape, "num_classes": config.num_classes}
        base_config = self.Base.Config.from_dict(
            {**getattr(config, self.base_field), **shared}, self.Base.kind
        )
        setattr(config, self.base_field, base_config.to_dict())  # so the checkpoint rebuilds it
        return self.Base(base_config).requires_grad_(False).eval()

    def fit_to(self, x, y=None) -> None:
        """Set what the prior takes from the training images x before it trains (nothing;
        a latent flow, its latents' scale)."""

    def train(self, mode: bool = True):
        super().train(mode)
        self.base.eval()  # frozen: its EMA codebook must not move while the prior trains
        return self
