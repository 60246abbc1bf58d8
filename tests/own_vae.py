"""A VAE written without genviz, as a user would bring one: its source (to import as their own
module), a few training steps on digits, and its parts exported with torch.export."""

import io
import json
from pathlib import Path

import torch
from safetensors.torch import save_file
from torch import nn

from genviz import data

SHAPE = (1, 8, 8)  # digits
SOURCE = '''
import torch
from torch import nn


class TinyVAE(nn.Module):
    """A VAE written without genviz: encode gives (mu, logvar), decode gives logits."""

    def __init__(self, latent=4, hidden=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Flatten(), nn.Linear(64, hidden), nn.ReLU())
        self.mu, self.logvar = nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.dec = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 64))

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def decode(self, z):
        return self.dec(z).view(-1, 1, 8, 8)
'''


def trained(folder: Path, steps: int = 150):
    """The VAE's module file, weights and config written into `folder`; returns the trained
    VAE (in eval mode)."""
    (folder / "myvae.py").write_text(SOURCE)
    scope: dict = {}
    exec(compile(SOURCE, "myvae.py", "exec"), scope)
    torch.manual_seed(0)
    vae = scope["TinyVAE"](latent=4)
    x = data.load_dataset("digits", "train").floats()
    opt = torch.optim.Adam(vae.parameters(), 3e-3)
    for step in range(steps):
        batch = x[(step * 64) % 1500 :][:64]
        mu, logvar = vae.encode(batch)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        rec = nn.functional.binary_cross_entropy_with_logits(vae.decode(z), batch, reduction="sum")
        kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum()
        opt.zero_grad()
        ((rec + kl) / len(batch)).backward()
        opt.step()
    save_file(vae.state_dict(), folder / "vae.safetensors")
    (folder / "config.json").write_text(json.dumps({"latent": 4}))
    return vae.eval()


class Part(nn.Module):
    """One method of a module as its forward, for torch.export."""

    def __init__(self, vae, method):
        super().__init__()
        self.vae, self.method = vae, method

    def forward(self, *args):
        return getattr(self.vae, self.method)(*args)


def saved(module, *examples) -> bytes:
    """A module exported with torch.export and saved as a .pt2 file's bytes."""
    buffer = io.BytesIO()
    torch.export.save(torch.export.export(module, examples), buffer)
    return buffer.getvalue()


def exported(vae, folder: Path, batch: int = 32) -> tuple[Path, Path]:
    """The VAE's encoder and decoder as .pt2 files in `folder`."""
    enc, dec = folder / "encoder.pt2", folder / "decoder.pt2"
    enc.write_bytes(saved(Part(vae, "encode"), torch.rand(batch, *SHAPE)))
    dec.write_bytes(saved(Part(vae, "decode"), torch.randn(batch, 4)))
    return enc, dec
