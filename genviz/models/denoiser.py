"""What diffusion and flow matching share: a U-Net told the noise level (genviz.models.unet),
a moving average of its weights that samples (as the GAN's generator has), and classifier-free
guidance (Ho & Salimans 2022, arXiv:2207.12598): in training the class is dropped for a share
of the images (the U-Net's extra "no class" row), so one network predicts both with and
without the class; in sampling the two predictions are mixed,
    out = uncond + guidance * (cond - uncond),
guidance 1 being the class-conditional model as trained, above 1 pushing each sample towards
its class, and 0 the model with no class at all (unconditional samples from the same weights).

A family here defines `loss` (its training target) and `_run` (its sampler); both see
images in [-1, 1] (the data's [0, 1] scaled), and `sample`/`decode` return [0, 1].
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import ClassVar

import torch

from genviz.models.base import Capabilities, GenModel, ModelConfig, conditional_caps
from genviz.models.nets import follow, next_ema_step
from genviz.models.unet import TimeUNet


@dataclass
class DenoiserConfig(ModelConfig):
    channels: tuple[int, ...] = (16, 32, 64, 64)  # U-Net widths, a stride-2 step after each
    cond_dim: int = 128  # width of the noise level's and the class's embedding
    class_conditional: bool = True  # told the class (and trained without it for guidance)
    label_dropout: float = 0.1  # share of training images shown with no class
    guidance: float = 2.0  # the guidance weight samples use unless told (1: none, 0: no class)
    steps: int = 50  # sampling steps unless told
    ema_decay: float = 0.999  # the weights' moving average that samples; 0: none

    bounds: ClassVar = {
        "label_dropout": (0.0, 1.0),
        "guidance": (0.0, 20.0),
        "steps": (1, 1000),
        "ema_decay": (0.0, 0.99999),
    }
    main: ClassVar = ("class_conditional", "channels", "guidance", "steps")


class Denoiser(GenModel):
    caps = Capabilities(encode=False, latent="noise", latent_prior=True, stepwise=True)
    default_lr = 1e-3

    capabilities = classmethod(conditional_caps)

    @classmethod
    def describe(cls, config):
        words = ["class-conditional"] if config.get("class_conditional") else []
        return words + [f"U-Net {'-'.join(str(c) for c in config.get('channels', ()))}"]

    def __init__(self, config: DenoiserConfig):
        super().__init__(config)
        self.net = TimeUNet(
            config.image_shape, config.channels, config.num_classes, config.cond_dim
        )
        self.net.to(memory_format=torch.channels_last)  # 20-40% faster convolutions on a CPU
        if config.ema_decay > 0:  # a frozen copy that follows the network slowly and samples
            self.ema_net = copy.deepcopy(self.net).requires_grad_(False)
            self.register_buffer("ema_steps", torch.zeros((), dtype=torch.long))
        self._ema_count: int | None = None

    @property
    def latent_shape(self):
        return tuple(self.config.image_shape)

    def stand_ins(self):
        return {"net.": "ema_net."} if self.config.ema_decay > 0 else {}

    def parts(self):
        t = torch.zeros(2, device=self.device)
        y = torch.zeros(2, dtype=torch.long, device=self.device)
        return {"unet": (self.net, [self._example(), t, y])}

    def configure_optimizers(self, lr=None, weight_decay: float = 0.0):
        params = list(self.net.parameters())
        lr = self.default_lr if lr is None else lr
        return [torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)]

    # -- the network, as training and sampling see it ------------------------------------------

    def null(self, n: int) -> torch.Tensor:
        """The "no class" index for n images."""
        return torch.full((n,), self.config.num_classes, dtype=torch.long, device=self.device)

    def classes(self, y, n: int) -> torch.Tensor:
        """The class indices the U-Net sees in training: y, a share dropped to "no class"."""
        if not self.can.conditional or y is None:
            return self.null(n)
        keep = torch.rand(n, device=self.device) >= self.config.label_dropout
        return torch.where(keep, y, self.null(n))

    def predict(self, x, t, y=None, guidance: float = 1.0) -> torch.Tensor:
        """The sampling network's prediction at noise level t (B,) for images x in [-1, 1],
        with classifier-free guidance for a class-conditional model."""
        net = self.ema_net if self.config.ema_decay > 0 and not self.training else self.net
        x = x.contiguous(memory_format=torch.channels_last)
        if not self.can.conditional or y is None or guidance == 0:
            return net(x, t, self.null(len(x)))
        if guidance == 1:
            return net(x, t, y)
        both = net(torch.cat([x, x]), torch.cat([t, t]), torch.cat([y, self.null(len(x))]))
        cond, uncond = both.chunk(2)  # one batch of twice the images: the quicker way
        return uncond + guidance * (cond - uncond)

    def training_step(self, x, y, optimizers, autocast=None):
        out = super().training_step(x, y, optimizers, autocast)
        if self.config.ema_decay > 0:
            self._update_ema()
        return out

    @torch.no_grad()
    def _update_ema(self):
        follow(self.ema_net, self.net, self.config.ema_decay, next_ema_step(self))

    # -- the process at a noise level s in [0, 1] (0: the image, 1: pure noise) ---------------

    samplers: ClassVar[dict[str, dict]] = {}  # a family's samplers by name: their options

    def mix(self, x0: torch.Tensor, s: float, eps: torch.Tensor) -> torch.Tensor:
        """Images x0 in [-1, 1] carried by the forward process to level s with noise eps."""
        raise NotImplementedError

    def clean_guess(self, x, s: float, y=None, guidance: float | None = None) -> torch.Tensor:
        """The clean image (in [-1, 1]) the network sees in x at level s, in one step."""
        raise NotImplementedError

    def signal_share(self, s: float) -> float:
        """The share of x_s's variance that is the image's at level s (1 at s = 0)."""
        raise NotImplementedError

    # -- sampling -------------------------------------------------------------------------------

    def _options(self, steps, guidance):
        steps = self.config.steps if steps is None else int(steps)
        guidance = self.config.guidance if guidance is None else float(guidance)
        return max(1, steps), guidance

    @torch.no_grad()
    def decode(self, z, y=None, steps: int | None = None, guidance: float | None = None, **how):
        """The images the sampler makes from the noise z (B, C, H, W), in [0, 1]."""
        steps, guidance = self._options(steps, guidance)
        x = self._run(z.to(self.device), self.labels_for(len(z), y), steps, guidance, **how)
        return (x + 1).div(2).clamp(0, 1)

    @torch.no_grad()
    def sample(self, n, y=None, generator=None, steps=None, guidance=None, **how):
        z = self.randn((n, *self.latent_shape), generator)
        return self.decode(z, y, steps, guidance, **how)

    def _run(self, x, y, steps: int, guidance: float, **how) -> torch.Tensor:
        """x (in [-1, 1]) carried from pure noise to an image in `steps` steps; `how` holds the
        family's sampler options and `trace(s, x, x0)`, called after each step with the level
        reached, the state and the clean image the network predicted during the step."""
        raise NotImplementedError
