"""Flow matching (Lipman et al. 2023, arXiv:2210.02747) on the straight path of rectified flow
(Liu, Gong & Liu 2023, arXiv:2209.03003): x_t = (1 - t) x + t eps for t in [0, 1], from the
image (t = 0) to pure noise (t = 1); the network learns the velocity eps - x that carries a
point along it, and sampling integrates dx/dt = v(x, t) from t = 1 back to 0 with Euler's or
Heun's method in any number of steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F

from genviz.models.denoiser import Denoiser, DenoiserConfig

SCALE = 1000.0  # t in [0, 1] as the U-Net's noise level in [0, 1000)


@dataclass
class FlowConfig(DenoiserConfig):
    solver: str = "euler"  # sampling: "euler" (one network call a step) or "heun" (two)
    # training's t: "uniform", or "logit-normal" (Esser et al. 2024), denser in the middle
    t_sampling: str = "uniform"

    choices: ClassVar = {"solver": ("euler", "heun"), "t_sampling": ("uniform", "logit-normal")}
    main: ClassVar = (*DenoiserConfig.main, "solver")


class Flow(Denoiser):
    kind = "flow"
    Config = FlowConfig

    def times(self, n: int, device) -> torch.Tensor:
        if self.config.t_sampling == "uniform":
            return torch.rand(n, device=device)
        return torch.sigmoid(torch.randn(n, device=device))

    def loss(self, x, y=None):
        x0 = x * 2 - 1  # [0, 1] -> [-1, 1]
        t = self.times(len(x), x.device)
        eps = torch.randn_like(x0)
        x_t = (1 - t.view(-1, 1, 1, 1)) * x0 + t.view(-1, 1, 1, 1) * eps
        pred = self.net(x_t.contiguous(memory_format=torch.channels_last), t * SCALE,
                        self.classes(y, len(x)))  # fmt: skip
        mse = F.mse_loss(pred.float(), eps - x0)
        return mse, {"mse": mse}

    samplers: ClassVar = {"euler": {"solver": "euler"}, "heun": {"solver": "heun"}}

    def mix(self, x0, s, eps):
        return (1 - s) * x0 + s * eps

    @torch.no_grad()
    def clean_guess(self, x, s, y=None, guidance=None):
        y = self.labels_for(len(x), y)
        guidance = self.config.guidance if guidance is None else float(guidance)
        return (x - s * self.velocity(x, s, y, guidance)).clamp(-1, 1)

    def signal_share(self, s):
        return (1 - s) ** 2 / ((1 - s) ** 2 + s**2)

    def velocity(self, x, t: float, y, guidance):
        return self.predict(x, torch.full((len(x),), t * SCALE, device=x.device), y, guidance)

    def _run(self, x, y, steps, guidance, solver: str | None = None, trace=None):
        velocity = lambda x, t: self.velocity(x, t, y, guidance)  # noqa: E731
        return integrate(velocity, x, steps, solver or self.config.solver, trace, bound=1.0)


def integrate(velocity, x, steps: int, solver: str = "euler", trace=None, bound=None):
    """x carried from t = 1 (noise) to t = 0 along dx/dt = velocity(x, t) in `steps` steps of
    Euler's method or Heun's (the average of the slopes at both ends of a step). `trace(t, x,
    x0)` sees each step's end, its state and the clean point predicted in it (x0 = x - t v,
    clamped to +-bound when given)."""
    ts = torch.linspace(1, 0, steps + 1).tolist()
    for t, t_next in zip(ts, ts[1:]):
        v = velocity(x, t)
        if solver == "heun" and t_next > 0:
            ahead = x + (t_next - t) * v
            v = (v + velocity(ahead, t_next)) / 2
        x = x + (t_next - t) * v
        if trace is not None:
            x0 = x - t_next * v
            trace(t_next, x, x0 if bound is None or t_next == 0 else x0.clamp(-bound, bound))
    return x
