"""What the explorer's pages compute: walks between latents, traversals, the decoded manifold
of a 2-D latent space, neighbours in latent space, denoising and AE-vs-PCA curves, a sweep of
the VAE's KL weight, and a user's own image brought into a dataset's format."""

from __future__ import annotations

import io

import numpy as np
import torch

from genviz.data import Split, corrupt
from genviz.errors import GenvizError
from genviz.metrics import map_batches, per_image_mse, psnr
from genviz.models import GenModel
from genviz.pca import PCA

UPLOAD_MAX_BYTES = 5 * 2**20
UPLOAD_MAX_PIXELS = 4096 * 4096


def lerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    return (1 - t) * a + t * b


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation (Shoemake 1985; White 2016 for generative models): keeps the
    norm a Gaussian prior expects along the way; linear when a and b are parallel."""
    fa, fb = a.flatten(1), b.flatten(1)
    cos = (fa * fb).sum(1) / (fa.norm(dim=1) * fb.norm(dim=1)).clamp(min=1e-8)
    omega = cos.clamp(-1, 1).acos()[:, None]
    if float(omega.abs().max()) < 1e-4:
        return lerp(a, b, t)
    out = (torch.sin((1 - t) * omega) * fa + torch.sin(t * omega) * fb) / torch.sin(omega)
    return out.view_as(a)


@torch.no_grad()
def walk(model: GenModel, a, b, steps: int, spherical: bool = False, y=None) -> torch.Tensor:
    """Decoded images at `steps` evenly spaced points from latent a to latent b (each (1, d))."""
    mix = slerp if spherical else lerp
    ts = torch.linspace(0, 1, steps).tolist()
    z = torch.cat([mix(a, b, t) for t in ts])
    return model.decode(z.to(model.device), _labels(model, y, len(z))).float().cpu()


@torch.no_grad()
def traverse(model: GenModel, z, dims: list[int], span: float = 3.0, steps: int = 7, y=None):
    """The beta-VAE view: for each latent dimension in dims, decode z with that one
    coordinate swept over [-span, span]. Returns (len(dims) * steps, C, H, W)."""
    values = torch.linspace(-span, span, steps)
    rows = []
    for d in dims:
        zs = z.repeat(steps, 1)
        zs[:, d] = values
        rows.append(zs)
    zs = torch.cat(rows).to(model.device)
    return model.decode(zs, _labels(model, y, len(zs))).float().cpu()


@torch.no_grad()
def manifold(model: GenModel, lo, hi, n: int = 15, y=None) -> torch.Tensor:
    """For a 2-D latent space: decode an n x n grid spanning [lo, hi] (x right, y up).
    Returns (n * n, C, H, W), row-major from the top-left."""
    if model.latent_shape != (2,):
        raise GenvizError("the manifold grid needs a model with a 2-D latent space.")
    xs = torch.linspace(lo[0], hi[0], n)
    ys = torch.linspace(hi[1], lo[1], n)  # top row first: largest y
    grid = torch.stack(torch.meshgrid(ys, xs, indexing="ij")[::-1], -1).reshape(-1, 2)
    return model.decode(grid.to(model.device), _labels(model, y, len(grid))).float().cpu()


def neighbours(latents: torch.Tensor, index: int, k: int = 8) -> torch.Tensor:
    """Indices of the k nearest other points to latents[index] (Euclidean), nearest first."""
    d = torch.cdist(latents[index : index + 1], latents)[0]
    d[index] = float("inf")
    return d.topk(min(k, len(latents) - 1), largest=False).indices


@torch.no_grad()
def denoise(model: GenModel, clean: torch.Tensor, noise: str, level: float, seed: int = 0):
    """(noisy, output, psnr of noisy, psnr of output) for clean images (B, C, H, W)."""
    noisy = corrupt(clean, noise, level, torch.Generator().manual_seed(seed))
    out = map_batches(lambda x: model.reconstruct(x), noisy, device=model.device).float()
    return noisy, out, psnr(per_image_mse(noisy, clean)), psnr(per_image_mse(out, clean))


def denoise_curve(models: dict[str, GenModel], clean, noise: str, levels) -> dict[str, list]:
    """Mean PSNR of each model's output (and of the noisy input) at each noise level."""
    curve: dict[str, list] = {"noisy input": []}
    for name in models:
        curve[name] = []
    for level in levels:
        for name, model in models.items():
            noisy, _, before, after = denoise(model, clean, noise, level)
            curve[name].append(float(after.mean()))
        curve["noisy input"].append(float(before.mean()))
    return curve


def pca_curve(train: Split, test: Split, ks) -> list[float]:
    """Test MSE of PCA reconstructions with k components, for each k (the AE's rival)."""
    x_train, x_test = train.floats(), test.floats()
    top = PCA(max(ks)).fit(x_train)
    out = []
    for k in ks:
        part = PCA(k)
        part.mean, part.components = top.mean, top.components[:k]
        out.append(float(per_image_mse(part.reconstruct(x_test), x_test).mean()))
    return out


def beta_sweep(
    train: Split,
    test: Split,
    betas,
    epochs: int,
    device: str = "cpu",
    seed: int = 0,
    **config,
) -> list[dict]:
    """One VAE per KL weight beta, alike in all else (initial weights, data order, epochs):
    what beta trades between reconstruction and the KL term (the rate). Each row: beta; on
    the test images, `recon` (-log p(x|z), nats per image), `kl` (nats per image), `mse`;
    `active`, the latent dimensions in use (the variance of the posterior mean over the test
    images above 0.01: Burda et al. 2016, section 5.2); and the trained `model`."""
    from genviz.models import build
    from genviz.train import fit

    if not betas:
        raise GenvizError("choose at least one beta for the sweep.")
    rows = []
    for beta in sorted(float(b) for b in betas):
        torch.manual_seed(seed)  # the same initial weights for every beta
        model = build(
            "vae",
            image_shape=train.image_shape,
            num_classes=train.num_classes,
            **{**config, "beta": beta},
        )
        fit(model, train, epochs=epochs, device=device, seed=seed)
        model.eval()
        with torch.no_grad():
            x = test.floats().to(model.device)
            torch.manual_seed(seed)
            _, logs = model.loss(x)
            mu = model.posterior(x)[0]
            mse = per_image_mse(model.reconstruct(x), x).mean()
        rows.append(
            {
                "beta": beta,
                "recon": float(logs["recon"]),
                "kl": float(logs["kl"]),
                "mse": float(mse),
                "active": int((mu.var(0) > 0.01).sum()),
                "model": model,
            }
        )
    return rows


def image_from_upload(blob: bytes, shape: tuple[int, int, int], invert: str = "auto"):
    """A user's PNG or JPEG as a (1, C, H, W) float image in the dataset's format: grey or
    RGB as the data is, resized to fit and centred with the background made black (MNIST is
    white on black); `invert` 'auto' flips images whose border is light."""
    from PIL import Image, UnidentifiedImageError

    if len(blob) > UPLOAD_MAX_BYTES:
        raise GenvizError(f"that file is over {UPLOAD_MAX_BYTES // 2**20} MB; use a smaller image.")
    Image.MAX_IMAGE_PIXELS = UPLOAD_MAX_PIXELS  # refuse decompression bombs
    try:
        img = Image.open(io.BytesIO(blob))
        if img.format not in ("PNG", "JPEG"):
            raise GenvizError("only PNG and JPEG images can be uploaded.")
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise GenvizError("that file is not a readable PNG or JPEG image.") from None
    c, h, w = shape
    img = img.convert("L" if c == 1 else "RGB")
    x = np.asarray(img, dtype=np.float32) / 255
    x = x[..., None] if x.ndim == 2 else x
    border = np.concatenate([x[0], x[-1], x[:, 0], x[:, -1]]).mean()
    if invert == "yes" or (invert == "auto" and border > 0.5):
        x = 1 - x
    # crop to the ink, pad to a square with a margin, then resize (as MNIST was made)
    ink = x.max(-1) > 0.2
    if ink.any():
        rows, cols = np.where(ink.any(1))[0], np.where(ink.any(0))[0]
        x = x[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    side = int(max(x.shape[:2]) * 1.4) + 1
    canvas = np.zeros((side, side, x.shape[2]), np.float32)
    top, left = (side - x.shape[0]) // 2, (side - x.shape[1]) // 2
    canvas[top : top + x.shape[0], left : left + x.shape[1]] = x
    t = torch.from_numpy(canvas).permute(2, 0, 1)[None]  # (1, C, s, s)
    out = torch.nn.functional.interpolate(t, size=(h, w), mode="area")
    return out.clamp(0, 1)


def _labels(model: GenModel, y, n: int):
    """One class for every image (class 0 unless told) when the model is conditional."""
    return model.labels_for(n, 0 if y is None else int(y))
