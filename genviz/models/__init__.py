"""The model families and their registry: adding a family is one file plus one name below."""

from genviz.errors import GenvizError
from genviz.models.ae import AE
from genviz.models.base import GenModel, ModelConfig
from genviz.models.classifier import Classifier
from genviz.models.cvae import CVAE
from genviz.models.dae import DAE
from genviz.models.gan import CGAN, GAN
from genviz.models.pix2pix import Pix2Pix
from genviz.models.pixelcnn import PixelCNN
from genviz.models.pixelcnn2 import PixelCNN2
from genviz.models.vae import VAE
from genviz.models.vqvae import VQVAE
from genviz.models.vqvae2 import VQVAE2

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
        Classifier,
    )
}
KINDS = tuple(REGISTRY)


def family(kind: str) -> type[GenModel]:
    """The class registered under `kind`, or a clear error naming the choices."""
    try:
        return REGISTRY[kind]
    except KeyError:
        raise GenvizError(f"unknown model kind '{kind}'; choose from {', '.join(KINDS)}.") from None


def build(kind: str, **config) -> GenModel:
    """A new, untrained model: build('vae', image_shape=(1, 8, 8), latent_dim=2)."""
    cls = family(kind)
    return cls(cls.Config.from_dict(config, kind))


__all__ = ["KINDS", "REGISTRY", "GenModel", "ModelConfig", "build", "family"]
