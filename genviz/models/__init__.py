"""The model families and their registry: adding a family is one file plus one name below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genviz.errors import GenvizError
from genviz.models.ae import AE
from genviz.models.base import GenModel, ModelConfig, check_size
from genviz.models.classifier import Classifier
from genviz.models.cvae import CVAE
from genviz.models.dae import DAE
from genviz.models.diffusion import Diffusion
from genviz.models.flow import Flow
from genviz.models.gan import CGAN, GAN
from genviz.models.given import Given
from genviz.models.imported import Imported
from genviz.models.latent_flow import LatentFlow
from genviz.models.pix2pix import Pix2Pix
from genviz.models.pixelcnn import PixelCNN
from genviz.models.pixelcnn2 import PixelCNN2
from genviz.models.vae import VAE
from genviz.models.vqvae import VQVAE
from genviz.models.vqvae2 import VQVAE2

if TYPE_CHECKING:
    from genviz.data import Split

REGISTRY: dict[str, type[GenModel]] = {
    cls.kind: cls
    for cls in (
        AE,
        DAE,
        VAE,
        CVAE,
        VQVAE,
        PixelCNN,
        VQVAE2,
        PixelCNN2,
        GAN,
        CGAN,
        Pix2Pix,
        Diffusion,
        Flow,
        LatentFlow,
        Classifier,
        Imported,
        Given,
    )
}
# the families genviz trains (the others are brought in by `genviz import`)
# training images a model built on another may fit itself to first (a latent flow's scale)
FIT_IMAGES = 10_000
KINDS = tuple(kind for kind, cls in REGISTRY.items() if cls.trainable)


def family(kind: str) -> type[GenModel]:
    """The class registered under `kind`, or a clear error naming the choices."""
    try:
        return REGISTRY[kind]
    except KeyError:
        raise GenvizError(f"unknown model kind '{kind}'; choose from {', '.join(KINDS)}.") from None


def build(kind: str, **config) -> GenModel:
    """A new, untrained model: build('vae', image_shape=(1, 8, 8), latent_dim=2)."""
    cls = family(kind)
    config = cls.Config.from_dict(config, kind)
    check_size(cls, config)
    return cls(config)


def build_for(
    kind: str, split: Split, options: dict | None = None, base: GenModel | None = None
) -> GenModel:
    """A new, untrained model of `kind` shaped for a split (its image shape and classes). A
    family built on another model (a PixelCNN prior on a VQ-VAE's codes) takes it as `base`."""
    cls = family(kind)
    if not cls.trainable:
        raise GenvizError(
            f"genviz does not train a {kind} model (it is brought in by `genviz import`); "
            f"choose from {', '.join(KINDS)}."
        )
    options = dict(options or {})
    needs = cls.caps.built_on
    if needs is None:
        if base is not None:
            raise GenvizError(f"a {kind} is not built on another model; drop the base model.")
        return build(kind, image_shape=split.image_shape, num_classes=split.num_classes, **options)
    if base is None or not base.can.fits(needs):
        what, which = cls.base_words()
        raise GenvizError(
            f"a {kind} models {what}: give --base CKPT (in the app, pick {which} as its base)."
        )
    prior = cls.for_base(base, **options)
    prior.fit_to(split.take(min(len(split), FIT_IMAGES)).floats())
    return prior


__all__ = ["KINDS", "REGISTRY", "GenModel", "ModelConfig", "build", "build_for", "family"]
