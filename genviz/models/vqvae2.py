"""VQ-VAE-2 (Razavi, van den Oord & Vinyals 2019, arXiv:1906.00446): two levels of codes. The
top level, on a coarse grid, holds the global shape; the bottom level, on the finer grid,
holds the detail and is quantised from the encoder's features together with what the top
level already says (its decoded map). The decoder reads both. Each level has its own EMA
codebook with k-means initialisation and dead-code restarts, as the one-level VQ-VAE.

On 28x28 images the bottom grid is 7x7 and the top grid 4x4; on 8x8 images 4x4 and 2x2.

A model's codes travel as one long tensor per image (`encode`: the top grid's codes, then the
bottom grid's, each in raster order), so the generic paths (a latent map, an upload) work;
`encode_levels` and `decode_levels` give and take the two grids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from genviz.models.base import Capabilities, GenModel, ModelConfig
from genviz.models.nets import Residual, act, down, spatial_sizes, up
from genviz.models.vqvae import Quantizer, VQVAEConfig

LEVELS = ("top", "bottom")


@dataclass
class VQVAE2Config(ModelConfig):
    codebook_size: int = 128  # K of the bottom codebook
    top_codebook_size: int = 64  # K of the top codebook
    code_dim: int = 16  # D, the length of each code vector (both levels)
    hidden: int = 64  # conv channels
    downsample: int = 0  # stride-2 steps to the bottom grid; 0: as the VQ-VAE (28 -> 7, 8 -> 4)
    commitment_weight: float = 0.25  # beta, for both levels
    ema: bool = True
    decay: float = 0.99
    dead_after: int = 50
    kmeans_init: bool = True
    # weight of a second reconstruction from the top codes alone (the bottom's vectors set to
    # zero): it makes the top level hold the image's shape and the bottom level the detail
    # on top of it; 0 leaves the division of labour to chance
    top_alone: float = 1.0

    bounds: ClassVar = {"decay": (0.0, 0.9999)}
    main: ClassVar = ("codebook_size", "top_codebook_size", "code_dim", "hidden")
    legacy: ClassVar = {"top_alone": 0.0}  # the first VQ-VAE-2s had no top-alone loss

    def __post_init__(self):
        if self.downsample == 0:  # the one-level VQ-VAE's rule, so their bottom grids match
            self.downsample = VQVAEConfig(image_shape=self.image_shape).downsample
        super().__post_init__()

    def level(self, name: str) -> VQVAEConfig:
        """One level's quantiser settings, in the one-level VQ-VAE's config."""
        size = self.top_codebook_size if name == "top" else self.codebook_size
        fields = ("code_dim", "ema", "decay", "dead_after", "kmeans_init", "commitment_weight")
        return VQVAEConfig(
            image_shape=self.image_shape,
            codebook_size=size,
            **{f: getattr(self, f) for f in fields},
        )


class VQVAE2(GenModel):
    kind = "vqvae2"
    Config = VQVAE2Config
    # sampling needs a prior over both levels: train a pixelcnn2 on this model
    caps = Capabilities(sample=False, latent="codes2", hierarchy=True)
    default_lr = 1e-3
    bf16_ok = False  # as the VQ-VAE: its nearest-code search and EMA are float32 anyway

    def __init__(self, config: VQVAE2Config):
        super().__init__(config)
        c, hid, d, steps = config.image_shape[0], config.hidden, config.code_dim, config.downsample
        hs = spatial_sizes(config.image_shape[1], steps + 1)
        ws = spatial_sizes(config.image_shape[2], steps + 1)
        self.grids = {"bottom": (hs[-2], ws[-2]), "top": (hs[-1], ws[-1])}
        bottom = self.grids["bottom"]
        enc: list[nn.Module] = []
        for i in range(steps):
            enc += [down(c if i == 0 else hid, hid), act()]
        self.encoder = nn.Sequential(*enc, Residual(hid), Residual(hid), act())
        self.top_encoder = nn.Sequential(
            down(hid, hid), act(), Residual(hid), act(), nn.Conv2d(hid, d, 1)
        )
        # the top codes decoded to the bottom grid: what the bottom level is quantised beside
        self.top_decoder = nn.Sequential(
            nn.Conv2d(d, hid, 3, padding=1), Residual(hid), act(), up(hid, hid, bottom), act()
        )
        self.pre_bottom = nn.Conv2d(2 * hid, d, 1)
        self.upsample_top = up(d, d, bottom)  # the decoder's own view of the top codes
        dec: list[nn.Module] = [nn.Conv2d(2 * d, hid, 3, padding=1), Residual(hid), Residual(hid)]
        dec.append(act())
        for i in range(steps):
            target = (hs[steps - 1 - i], ws[steps - 1 - i])
            last = i == steps - 1
            dec += [up(hid, c if last else hid, target)] + ([] if last else [act()])
        self.decoder = nn.Sequential(*dec)
        self.quantizers = nn.ModuleDict({n: Quantizer(config.level(n)) for n in LEVELS})

    @classmethod
    def describe(cls, config):
        return [
            f"{config.get('top_codebook_size')} top, {config.get('codebook_size')} bottom codes"
        ]

    # -- the two levels ------------------------------------------------------------------------

    def codebook(self, level: str) -> torch.Tensor:
        return self.quantizers[level].codebook

    def codebook_size(self, level: str) -> int:
        return self.quantizers[level].config.codebook_size

    def _quantise(self, x):
        """Both levels: (quantised top, quantised bottom, {level: indices}, {level: logs})."""
        h = self.encoder(x)
        q_top, i_top, l_top = self.quantizers["top"](self.top_encoder(h))
        z_bottom = self.pre_bottom(torch.cat([h, self.top_decoder(q_top)], 1))
        q_bottom, i_bottom, l_bottom = self.quantizers["bottom"](z_bottom)
        return (
            q_top,
            q_bottom,
            {"top": i_top, "bottom": i_bottom},
            {"top": l_top, "bottom": l_bottom},
        )

    def decode_top_alone(self, q_top):
        """The image from the top level's vectors alone: the bottom's set to zero."""
        shape = (q_top.shape[0], self.config.code_dim, *self.grids["bottom"])
        return self._decode_vectors(q_top, q_top.new_zeros(shape))

    def _decode_vectors(self, q_top, q_bottom):
        return self.decoder(torch.cat([q_bottom, self.upsample_top(q_top)], 1))

    def encode_levels(self, x, y=None) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, C, H, W) -> top (B, ht, wt) and bottom (B, hb, wb) code indices."""
        codes = self._quantise(x)[2]
        return codes["top"], codes["bottom"]

    def decode_levels(self, top, bottom, y=None) -> torch.Tensor:
        q_top = self.codebook("top")[top].permute(0, 3, 1, 2)  # (B, h, w) -> (B, D, h, w)
        q_bottom = self.codebook("bottom")[bottom].permute(0, 3, 1, 2)
        return self._decode_vectors(q_top, q_bottom).clamp(0, 1)

    @torch.no_grad()
    def swap_levels(self, a: torch.Tensor, b: torch.Tensor) -> dict[str, torch.Tensor]:
        """Two images' codes crossed over: a's top with b's bottom and b's top with a's
        bottom, beside both reconstructions and each image's top level decoded alone; each
        (B, C, H, W) for images a and b."""
        top_a, bottom_a = self.encode_levels(a)
        top_b, bottom_b = self.encode_levels(b)
        return {
            "a": self.decode_levels(top_a, bottom_a),
            "b": self.decode_levels(top_b, bottom_b),
            "top_a_bottom_b": self.decode_levels(top_a, bottom_b),
            "top_b_bottom_a": self.decode_levels(top_b, bottom_a),
            "top_a_alone": self.decode_top_codes(top_a),
            "top_b_alone": self.decode_top_codes(top_b),
        }

    def decode_top_codes(self, top) -> torch.Tensor:
        """The image the top codes (B, ht, wt) give alone, in [0, 1]."""
        return self.decode_top_alone(self.codebook("top")[top].permute(0, 3, 1, 2)).clamp(0, 1)

    def pack(self, top, bottom) -> torch.Tensor:
        return torch.cat([top.flatten(1), bottom.flatten(1)], 1)

    def unpack(self, codes) -> tuple[torch.Tensor, torch.Tensor]:
        (ht, wt), (hb, wb) = self.grids["top"], self.grids["bottom"]
        b = codes.shape[0]
        return codes[:, : ht * wt].reshape(b, ht, wt), codes[:, ht * wt :].reshape(b, hb, wb)

    # -- the model contract --------------------------------------------------------------------

    @property
    def latent_shape(self):
        return (math.prod(self.grids["top"]) + math.prod(self.grids["bottom"]),)

    def encode(self, x, y=None):
        return self.pack(*self.encode_levels(x))  # (B, ht*wt + hb*wb) code indices

    def decode(self, codes, y=None):
        return self.decode_levels(*self.unpack(codes))

    def reconstruct(self, x, y=None):
        q_top, q_bottom, _, _ = self._quantise(x)
        return self._decode_vectors(q_top, q_bottom).clamp(0, 1)

    def features(self, x, y=None):
        q_top, q_bottom, _, _ = self._quantise(x)
        return torch.cat([q_top.flatten(1), q_bottom.flatten(1)], 1).float()

    def parts(self):
        d = self.config.code_dim
        q_top = torch.zeros(2, d, *self.grids["top"], device=self.device)
        h = torch.zeros(2, self.config.hidden, *self.grids["bottom"], device=self.device)
        return {
            "encoder": (self.encoder, [self._example()]),
            "top_encoder": (self.top_encoder, [h]),
            "top_decoder": (self.top_decoder, [q_top]),
            "decoder": (
                self.decoder,
                [torch.zeros(2, 2 * d, *self.grids["bottom"], device=self.device)],
            ),
        }

    def loss(self, x, y=None):
        q_top, q_bottom, idx, logs = self._quantise(x)
        mse = F.mse_loss(self._decode_vectors(q_top, q_bottom), x)
        loss = mse
        out = {"mse": mse}
        if self.config.top_alone > 0:
            out["mse_top_alone"] = F.mse_loss(self.decode_top_alone(q_top), x)
            loss = loss + self.config.top_alone * out["mse_top_alone"]
        for level in LEVELS:
            loss = loss + self.config.commitment_weight * logs[level]["commit"]
            loss = loss + logs[level].get("codebook", 0)
            k = self.codebook_size(level)
            probs = torch.bincount(idx[level].flatten(), minlength=k) / idx[level].numel()
            out[f"commit_{level}"] = logs[level]["commit"]
            out[f"perplexity_{level}"] = torch.exp(-(probs * probs.clamp(min=1e-10).log()).sum())
        return loss, out
