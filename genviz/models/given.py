"""Latents brought in with no model at all (`python -m genviz import-latents`): one vector per
row of a dataset, as the TensorBoard projector and Embedding Atlas take them. The map draws
them, with projections, neighbours, selections and export; there is no encoder to place a new
image and no decoder to draw a latent, and the pages that need one say so.

The rows are the dataset's test split in its order (a dataset written by the import from the
user's own images and labels, or a built-in one the latents were computed on); a split's
`ids` say which rows it holds, so a part of it finds its own latents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch

from genviz.errors import GenvizError
from genviz.models.base import Capabilities, GenModel, ModelConfig


@dataclass
class GivenConfig(ModelConfig):
    rows: int = 1  # how many latents: the dataset's test split has as many images
    latent_dim: int = 2

    implied: ClassVar = ("image_shape", "num_classes", "rows", "latent_dim")
    bounds: ClassVar = {"rows": (1, 10_000_000), "latent_dim": (1, 65_536)}


class Given(GenModel):
    kind = "given"
    Config = GivenConfig
    caps = Capabilities(encode=False, decoder=False, sample=False, latent="given")
    trainable = False

    @classmethod
    def describe(cls, config):
        return [f"{config.get('rows')} rows", f"{config.get('latent_dim')}-D"]

    def __init__(self, config: GivenConfig):
        super().__init__(config)
        self.register_buffer("latents", torch.zeros(config.rows, config.latent_dim))

    @property
    def device(self) -> torch.device:
        return self.latents.device

    def rows(self, ids: torch.Tensor) -> torch.Tensor:
        """The latents of the rows `ids` (N,): (N, latent_dim) on the CPU."""
        if len(ids) and int(ids.max()) >= self.config.rows:
            raise GenvizError(
                f"these latents cover {self.config.rows} rows, not row {int(ids.max())}; "
                "import them again beside the dataset they belong to."
            )
        return self.latents.index_select(0, ids.to(self.latents.device)).float().cpu()

    def parts(self):
        return {}
