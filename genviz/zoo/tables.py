"""The shipped sets' figures as markdown tables, from the checkpoints' JSON alone:
`python -m genviz list --table` prints them (docs/results.md is its output)."""

from __future__ import annotations

import json
from pathlib import Path

from genviz.meta import weights_file
from genviz.models import REGISTRY

TABLE_HEAD = (
    "| name | kind | MSE | kNN-5 | kind's own figure | fidelity | confident (>= 0.9) "
    "| class entropy (max {max:.3f}) | Fréchet | size |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
)


def describe(meta: dict) -> str:
    """A model in a few words: 'ae (conv, 32-D)', 'vqvae (128 codes)'."""
    cls = REGISTRY.get(meta["kind"])
    words = cls.describe(meta["config"]) if cls is not None else []
    return f"{meta['kind']} ({', '.join(words)})" if words else meta["kind"]


def own_figure(meta: dict) -> str:
    """The figure that belongs to the kind, as the tables show it."""
    m = meta.get("metrics", {})
    if "mig" in m:
        return f"MIG {m['mig']:.3f}" + (f", NLL {m['nll']:.1f} nats" if "nll" in m else "")
    if "accuracy" in m:
        return f"accuracy {m['accuracy']:.1%}"
    if "denoised_psnr" in m:
        return f"PSNR {m['noisy_psnr']:.2f} → {m['denoised_psnr']:.2f} dB"
    if "nll" in m:
        return f"NLL {m['nll']:.2f} nats ({m.get('nll_samples')} samples, {m.get('nll_data')})"
    if "codes_used_top" in m:
        return (
            f"codes used {m['codes_used_top']}/{m['codebook_size_top']} top, "
            f"{m['codes_used_bottom']}/{m['codebook_size_bottom']} bottom"
        )
    if "l1" in m:
        acc = f", classifier {m['output_accuracy']:.1%}" if "output_accuracy" in m else ""
        return f"L1 {m['l1']:.4f} (input {m['input_l1']:.4f}){acc}"
    if "codes_used" in m:
        return (
            f"{m['codes_used']}/{m['codebook_size']} codes used, perplexity {m['perplexity']:.1f}"
        )
    if "bits_per_code" in m:
        return f"{m['bits_per_code']:.2f} bits/code"
    return "–"


def table(folder: str | Path) -> list[str]:
    """A shipped set's table: one markdown row per checkpoint, from its JSON."""
    rows, top = [], 0.0
    for path in sorted(Path(folder).glob("*.json")):
        meta = json.loads(path.read_text())
        m = meta.get("metrics", {})
        top = max(top, m.get("class_entropy_max", 0.0))

        def cell(key, form, m=m):
            return format(m[key], form) if key in m else "–"

        size = weights_file(path, meta).stat().st_size / 1024
        cells = [
            f"`{path.stem}`",
            describe(meta),
            cell("mse", ".4f"),
            cell("knn5_acc", ".3f"),
            own_figure(meta),
            cell("fidelity", ".1%"),
            cell("confident_share", ".1%"),
            cell("class_entropy", ".3f"),
            cell("frechet", ".1f"),
            f"{size:.0f} KB",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return [TABLE_HEAD[0].format(max=top), TABLE_HEAD[1], *rows]


def document(root: str | Path, datasets) -> str:
    """docs/results.md: every shipped set's table under its dataset's heading."""
    lines = [
        "# The shipped checkpoints' figures",
        "",
        "Written by `python -m genviz list --table > docs/results.md` from the checkpoints' JSON",
        "(each figure measured by `python -m genviz eval --save` on the whole test set; samplers",
        "judged on 10,000 samples by the set's shipped classifier). The bars these figures",
        "answer, and how each model was made, are in docs/models.md.",
    ]
    for folder in sorted(Path(root).iterdir()):
        if folder.is_dir() and folder.name in datasets:
            lines += ["", f"## {folder.name}", "", *table(folder)]
    return "\n".join(lines) + "\n"
