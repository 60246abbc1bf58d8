"""python -m genviz eval|encode|reconstruct|translate|sample|list: what a checkpoint does on a
split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from genviz import checkpoint, data, meta, zoo
from genviz.analysis import batches, generate, metrics, summary, translation
from genviz.cli.common import add_data_args, count, load, number, save_images, split_of, writable
from genviz.errors import GenvizError

MAX_SAMPLES = 100_000


def register(sub) -> None:
    p = sub.add_parser("eval", help="test-set metrics for a checkpoint")
    p.add_argument("checkpoint")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--nll-samples", type=count("nll-samples", 1, MAX_SAMPLES), default=1000, help="VAEs"
    )
    p.add_argument("--noise", default=None, help="corrupt inputs, e.g. gaussian:0.5 (DAE default)")
    p.add_argument(
        "--limit", type=count("limit"), default=None, help="only the first N test images"
    )
    p.add_argument("--save", action="store_true", help="store the metrics in the checkpoint's JSON")
    p.add_argument(
        "--pca", type=count("pca", 1, 784), default=None, help="also PCA-K's MSE (encoders)"
    )
    p.add_argument("--classifier", default=None, help="a classifier checkpoint to judge samples")
    p.add_argument(
        "--samples", type=count("samples", 1, MAX_SAMPLES), default=10_000, help="with --classifier"
    )
    add_data_args(p)
    p.set_defaults(run=cmd_eval)

    p = sub.add_parser("encode", help="latents of a split (.npy plus .labels.npy, or one .npz)")
    p.add_argument("checkpoint")
    _split_args(p)
    p.set_defaults(run=cmd_encode)

    p = sub.add_parser("reconstruct", help="reconstructions of a split as float32 (N, C, H, W)")
    p.add_argument("checkpoint")
    p.add_argument("--noise", default=None, help="corrupt the inputs first, e.g. gaussian:0.5")
    _split_args(p)
    p.set_defaults(run=cmd_reconstruct)

    p = sub.add_parser(
        "translate", help="an image-to-image model on a split: inputs, outputs, targets (.npz)"
    )
    p.add_argument("checkpoint")
    _split_args(p)
    p.set_defaults(run=cmd_translate)

    p = sub.add_parser("sample", help="new images as float32 (N, C, H, W) in [0, 1]")
    p.add_argument("checkpoint")
    p.add_argument("--n", type=count("n", 1, MAX_SAMPLES), default=64)
    p.add_argument("--label", type=int, default=None, help="class to draw (conditional models)")
    p.add_argument(
        "--temperature",
        type=number("temperature", 0, 10, low_open=True),
        default=1.0,
        help="prior over codes (pixelcnn) only",
    )
    p.add_argument(
        "--classifier", default=None, help="keep only samples this classifier is sure of"
    )
    p.add_argument(
        "--min-confidence",
        type=number("min-confidence", 0, 0.9999),
        default=0.9,
        help="with --classifier",
    )
    p.add_argument("--seed", type=count("seed", 0, 2**63 - 1), default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--device", default="cpu")
    p.set_defaults(run=cmd_sample)

    p = sub.add_parser("download", help="fetch a dataset's files (needs internet)")
    p.add_argument("names", nargs="+", help=", ".join(n for n in data.DATASETS if n != "digits"))
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.set_defaults(run=cmd_download)

    p = sub.add_parser("summary", help="a model's layers: output shapes and parameter counts")
    p.add_argument("checkpoint", nargs="?", help="a checkpoint (or give --preset)")
    p.add_argument("--preset", default=None, help=f"one of {', '.join(zoo.COURSE)}")
    p.add_argument("--depth", type=count("depth", 1, 10), default=4, help="nesting shown")
    p.set_defaults(run=cmd_summary)

    p = sub.add_parser("list", help="checkpoints found under a folder")
    p.add_argument("--root", default="checkpoints")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--table", action="store_true", help="each shipped set's figures (docs/results.md)"
    )
    p.set_defaults(run=cmd_list)


def _split_args(p) -> None:
    p.add_argument("--split", default="test", choices=data.SPLITS)
    p.add_argument("--limit", type=count("limit"), default=None, help="only the first N images")
    p.add_argument("--out", required=True)
    add_data_args(p)


def judge_for(ckpt, path: str):
    """The classifier checkpoint at path, checked to fit the sampler `ckpt`."""
    judge = checkpoint.load(path, device=ckpt.model.device)
    if not judge.model.can.judge:
        raise GenvizError(
            f"--classifier {path} is a {judge.model.kind} checkpoint, not a classifier."
        )
    if judge.dataset != ckpt.dataset:
        raise GenvizError(
            f"that classifier was trained on {judge.dataset}, the model on {ckpt.dataset}; "
            "pick a classifier of the same dataset."
        )
    if not ckpt.model.can.sample:
        raise GenvizError(
            f"a {ckpt.model.kind} does not sample; --classifier has nothing to judge."
        )
    return judge.model


def cmd_eval(args) -> int:
    ckpt = load(args)
    test = split_of(ckpt, args, "test")
    train = (
        data.load_dataset(ckpt.dataset, "train", root=args.data) if ckpt.model.can.encode else None
    )
    noise = data.parse_noise(args.noise) if args.noise else None
    judge = judge_for(ckpt, args.classifier) if args.classifier else None
    result = metrics.evaluate(
        ckpt.model,
        test,
        train,
        nll_samples=args.nll_samples,
        noise=noise,
        classifier=judge,
        samples=args.samples,
        pca_k=args.pca,
    )
    if args.save:
        checkpoint.update_meta(ckpt.path, metrics={**ckpt.meta.get("metrics", {}), **result})
    if args.json:
        print(
            json.dumps({"checkpoint": str(ckpt.path), "kind": ckpt.model.kind, **result}, indent=1)
        )
    else:
        print(f"{ckpt.path} ({ckpt.model.kind}, {ckpt.dataset} test set)")
        for k, v in result.items():
            print(f"  {k:18s} {v:.6g}" if isinstance(v, float) else f"  {k:18s} {v}")
    return 0


def _encoder_and_split(args):
    ckpt = load(args)
    if not ckpt.model.can.encode:
        raise GenvizError(f"a {ckpt.model.kind} has no encoder; pick an autoencoder checkpoint.")
    return ckpt.model, split_of(ckpt, args, args.split)


def cmd_encode(args) -> int:
    model, part = _encoder_and_split(args)
    z = batches.batched(model.encode, part, model.device).numpy()
    labels = part.labels.numpy()
    out = Path(args.out)
    writable(out.parent)
    if out.suffix == ".npz":
        np.savez(out, z=z, labels=labels)
        print(f"wrote {out} (z {z.shape}, labels {labels.shape})")
    else:
        out = out.with_suffix(".npy")
        np.save(out, z)
        np.save(out.with_suffix(".labels.npy"), labels)
        print(f"wrote {out} {z.shape} and {out.with_suffix('.labels.npy')} {labels.shape}")
    return 0


def cmd_reconstruct(args) -> int:
    model, part = _encoder_and_split(args)
    noise = data.parse_noise(args.noise) if args.noise else None
    gen = torch.Generator().manual_seed(0)  # the same noise on every run

    def run(x, y):
        if noise:
            x = data.corrupt(x.cpu(), *noise, generator=gen).to(x.device)
        return model.reconstruct(x, y)

    save_images(args.out, batches.batched(run, part, model.device).numpy())
    return 0


def cmd_translate(args) -> int:
    ckpt = load(args)
    if not ckpt.model.can.translate:
        raise GenvizError(f"a {ckpt.model.kind} does not translate images; pick a pix2pix model.")
    inputs, outputs, targets = translation.translations(
        ckpt.model, split_of(ckpt, args, args.split)
    )
    out = Path(args.out).with_suffix(".npz")
    writable(out.parent)
    arrays = {"inputs": inputs, "outputs": outputs, "targets": targets}
    np.savez(out, **{k: v.numpy().astype(np.float32) for k, v in arrays.items()})
    print(f"wrote {out} (inputs, outputs, targets: {tuple(outputs.shape)})")
    return 0


def cmd_sample(args) -> int:
    ckpt = load(args)
    model = ckpt.model
    if not model.can.sample:
        raise GenvizError(
            f"a {model.kind} cannot sample on its own; train a pixelcnn prior on it and sample "
            "from that."
        )
    if args.label is not None and not model.can.conditional:
        raise GenvizError(f"this {model.kind} is not class-conditional; drop --label.")
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    options = {"temperature": args.temperature} if model.can.prior else {}
    if args.classifier is None:
        x, _ = generate.samples(model, args.n, args.seed, label=args.label, **options)
    else:
        judge = judge_for(ckpt, args.classifier)
        found = generate.rejection_sample(
            model, judge, args.n, args.label, args.min_confidence, gen, **options
        )
        x = found.images
        print(f"kept {len(x)}; {found.acceptance:.0%} of {found.drawn} samples drawn passed")
        if len(x) == 0:
            raise GenvizError("the classifier accepted no sample; lower --min-confidence.")
    save_images(args.out, x.float().cpu().numpy())
    return 0


def cmd_download(args) -> int:
    for name in args.names:
        for split in data.SPLITS:
            part = data.load_dataset(name, split, root=args.data, download=True)
            print(f"{name} {split}: {len(part):,} images in {data.data_root(args.data)}")
    return 0


def cmd_summary(args) -> int:
    if (args.checkpoint is None) == (args.preset is None):
        raise GenvizError("give a checkpoint or --preset NAME, not both.")
    if args.preset:
        model, what = zoo.course(args.preset).build(), f"preset {args.preset}"
    else:
        model, what = checkpoint.load(args.checkpoint).model, args.checkpoint
    found = summary.layers(model, args.depth)
    print(f"{what}: kind {model.kind}, {sum(p.total for p in found):,} parameters")
    for part in found:
        print(f"\n{part.name}\n{part.text}")
    return 0


def cmd_list(args) -> int:
    if args.table:
        print(zoo.document(args.root, data.DATASETS), end="")
        return 0
    found = meta.list_checkpoints(args.root)
    if args.json:
        print(json.dumps(found, indent=1))
        return 0
    if not found:
        print(f"no checkpoints under {args.root}")
    for c in found:
        detail = f"unusable: {c['error']}" if "error" in c else f"{c['kind']:9s} {c['dataset']}"
        print(f"{c['path']:50s} {detail}")
    return 0
