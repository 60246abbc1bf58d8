"""A VQ model's codes: how often each is used (overall, by class, per level of a VQ-VAE-2),
one image's code map with one cell changed, and what each level of a VQ-VAE-2 holds."""

from __future__ import annotations

import torch

from genviz.analysis.batches import batched, map_batches
from genviz.data import Split
from genviz.models import GenModel


@torch.no_grad()
def code_counts(
    model: GenModel, data: Split, by_class: bool = False, level: str | None = None
) -> torch.Tensor:
    """How often each VQ code is used over the split: (K,) int64, or (K, classes) by_class.
    A two-level model (VQ-VAE-2) counts the `level` given, "top" or "bottom"."""
    if level is None:
        codes = batched(lambda x, y: model.encode(x), data, model.device).flatten(1)  # (N, h*w)
        k = model.config.codebook_size
    else:
        pick = LEVEL_INDEX[level]
        codes = batched(lambda x, y: model.encode_levels(x)[pick], data, model.device).flatten(1)
        k = model.codebook_size(level)
    if not by_class:
        return torch.bincount(codes.flatten(), minlength=k)
    rows = data.labels[:, None].expand_as(codes)
    flat = (codes * data.num_classes + rows).flatten()  # one bin per (code, class)
    return torch.bincount(flat, minlength=k * data.num_classes).view(k, data.num_classes)


LEVEL_INDEX = {"top": 0, "bottom": 1}


def codebook_stats(counts: torch.Tensor) -> dict[str, float]:
    """Usage share, perplexity (exp of the usage entropy: K when all codes are used evenly)
    and the number of dead codes."""
    p = counts.double() / counts.sum()
    entropy = -(p * p.clamp(min=1e-12).log()).sum()
    return {
        "codebook_size": len(counts),
        "codes_used": int((counts > 0).sum()),
        "codes_used_share": float((counts > 0).double().mean()),
        "perplexity": float(entropy.exp()),
        "dead_codes": int((counts == 0).sum()),
    }


@torch.no_grad()
def level_swap_scores(model: GenModel, test: Split, classifier, n: int = 2000) -> dict:
    """What each level of a VQ-VAE-2 holds, as the classifier reads it: pairs of test images
    of different classes (a fixed shuffle of the first n) with their levels crossed. The
    share of crossed images read as the class of the top codes' image, as that of the
    bottom codes' image, and the classifier's accuracy on the top codes decoded alone."""
    part = test.take(min(n, len(test)))
    x, y = part.floats(), part.labels
    other = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
    differ = y != y[other]
    dev = model.device
    crossed = map_batches(
        lambda a, b: model.swap_levels(a, b)["top_a_bottom_b"], x, x[other], device=dev
    )
    alone = map_batches(lambda a: model.decode_top_codes(model.encode_levels(a)[0]), x, device=dev)
    read = map_batches(lambda t: classifier.predict(t)[0], crossed, device=classifier.device)
    read_alone = map_batches(lambda t: classifier.predict(t)[0], alone, device=classifier.device)
    return {
        "swap_reads_top": float((read == y)[differ].double().mean()),
        "swap_reads_bottom": float((read == y[other])[differ].double().mean()),
        "top_alone_accuracy": float((read_alone == y).double().mean()),
    }


# -- one image's codes, for a page ------------------------------------------------------------


@torch.no_grad()
def code_map(model: GenModel, x: torch.Tensor) -> torch.Tensor:
    """One image's grid of code indices (h, w)."""
    return model.encode(x[:1].to(model.device))[0].cpu()


@torch.no_grad()
def farthest_code(model: GenModel, code: int) -> int:
    """The code whose vector lies farthest from `code`'s: an edit that shows."""
    book = model.codebook.detach().float().cpu()
    return int(torch.cdist(book[code : code + 1], book).argmax())


@torch.no_grad()
def edit_cell(model: GenModel, x: torch.Tensor, row: int, col: int, new: int):
    """One image's code map with the cell (row, col) set to code `new`: the edited map, and
    the image decoded from the map as it was and as edited, (2, C, H, W)."""
    codes = code_map(model, x)
    edited = codes.clone()
    edited[row, col] = new
    images = model.decode(torch.stack([codes, edited]).to(model.device)).float().cpu()
    return edited, images


@torch.no_grad()
def levels(model: GenModel, x: torch.Tensor):
    """A VQ-VAE-2's two code maps of one image, (ht, wt) and (hb, wb), and its reconstruction."""
    x = x[:1].to(model.device)
    top, bottom = (c[0].cpu() for c in model.encode_levels(x))
    return top, bottom, model.reconstruct(x).float().cpu()


@torch.no_grad()
def swapped(model: GenModel, a: torch.Tensor, b: torch.Tensor) -> dict[str, torch.Tensor]:
    """model.swap_levels of two images, each result on the CPU."""
    found = model.swap_levels(a.to(model.device), b.to(model.device))
    return {k: v.float().cpu() for k, v in found.items()}
