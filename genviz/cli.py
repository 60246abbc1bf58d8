"""Command line: python -m genviz train|eval|encode|reconstruct|sample|list|bench ...

Every user error ends in one line on stderr ('error: ...') and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

import numpy as np
import torch

from genviz import checkpoint, data, metrics
from genviz.errors import GenvizError
from genviz.generate import rejection_sample
from genviz.models import REGISTRY, build, family
from genviz.models.pixelcnn import PixelCNN
from genviz.train import fit, pick_device, seed_everything

# config fields filled from the dataset or the --vqvae checkpoint, never given as flags
IMPLIED = {"image_shape", "num_classes", "vqvae"}
BENCH_MIN = 128


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return args.run(args) or 0
    except GenvizError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m genviz", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("train", help="train a model and save a checkpoint")
    p.add_argument("kind", help=f"model kind: {', '.join(REGISTRY)}")
    p.add_argument("--dataset", default=None, help=f"{', '.join(data.DATASETS)} (default digits)")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=None, help="learning rate (default: the kind's)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="folder (default checkpoints/user/<dataset>)")
    p.add_argument("--name", default=None, help="checkpoint name (default <kind>-<time>)")
    p.add_argument("--force", action="store_true", help="overwrite a checkpoint of that name")
    p.add_argument("--half", action="store_true", help="store float16 weights (half the size)")
    p.add_argument("--vqvae", default=None, help="pixelcnn only: the VQ-VAE checkpoint to model")
    p.add_argument(
        "--precision",
        default="auto",
        choices=["auto", "bf16", "fp32"],
        help="auto: bf16 on CUDA and on CPUs with native bf16, else fp32",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _common(p)
    group = p.add_argument_group("model options (each applies to the kinds that have it)")
    for name, kinds in _config_fields().items():
        group.add_argument(
            "--" + name.replace("_", "-"),
            dest="cfg_" + name,
            default=None,
            metavar="V",
            help=", ".join(kinds),
        )
    p.set_defaults(run=cmd_train)

    p = sub.add_parser("eval", help="test-set metrics for a checkpoint")
    p.add_argument("checkpoint")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--nll-samples", type=int, default=1000, help="importance samples (VAEs)")
    p.add_argument("--noise", default=None, help="corrupt inputs, e.g. gaussian:0.5 (DAE default)")
    p.add_argument("--limit", type=int, default=None, help="only the first N test images")
    p.add_argument("--save", action="store_true", help="store the metrics in the checkpoint's JSON")
    p.add_argument("--classifier", default=None, help="a classifier checkpoint to judge samples")
    p.add_argument("--samples", type=int, default=10_000, help="samples judged (--classifier)")
    _common(p)
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

    p = sub.add_parser("sample", help="new images as float32 (N, C, H, W) in [0, 1]")
    p.add_argument("checkpoint")
    p.add_argument("--n", type=int, default=64)
    p.add_argument("--label", type=int, default=None, help="class to draw (conditional models)")
    p.add_argument("--temperature", type=float, default=1.0, help="pixelcnn only")
    p.add_argument(
        "--classifier", default=None, help="keep only samples this classifier is sure of"
    )
    p.add_argument("--min-confidence", type=float, default=0.9, help="with --classifier")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--device", default="cpu")
    p.set_defaults(run=cmd_sample)

    p = sub.add_parser("project", help="project a checkpoint's test latents to 2-D or 3-D")
    p.add_argument("checkpoint")
    p.add_argument("--method", default="all", help="pca, tsne, umap or all (default)")
    p.add_argument("--dim", type=int, default=None, help="2 or 3 (default both)")
    p.add_argument("--points", type=int, default=None, help="first N test images (10,000)")
    p.add_argument("--ship", action="store_true", help="store beside the checkpoint, to ship")
    p.add_argument("--csv", default=None, help="also write the coordinates (one method, dim)")
    _common(p)
    p.set_defaults(run=cmd_project)

    p = sub.add_parser("export", help="latents in TensorBoard's Embedding Projector format")
    p.add_argument("checkpoint")
    p.add_argument("--out", required=True, help="folder for the TSVs, sprite and config")
    p.add_argument("--limit", type=int, default=None, help="only the first N test images")
    _common(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("list", help="checkpoints found under a folder")
    p.add_argument("--root", default="checkpoints")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("retrain", help="rebuild the shipped checkpoints of a dataset")
    p.add_argument("--dataset", default="digits")
    p.add_argument("--root", default="checkpoints")
    p.add_argument("--device", default="auto")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--only", default=None, help="only these names, e.g. gan,cgan")
    p.set_defaults(run=cmd_retrain)

    p = sub.add_parser("bench", help="speed benchmarks against a reference (see README)")
    p.add_argument(
        "what",
        nargs="?",
        default="train",
        choices=["train", "anomaly", "projection"],
        help="train: training speed vs the pytorch/examples loop; anomaly: one-class AUROC; "
        "projection: seconds to a latent map",
    )
    p.add_argument("--device", default="cpu")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds; best of each")
    p.add_argument("--limit", type=int, default=None, help="only the first N training images")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--dataset", default="mnist", help="anomaly only")
    p.add_argument("--epochs", type=int, default=10, help="anomaly only: epochs per class")
    p.add_argument("--classes", default=None, help="anomaly only: e.g. 0,8 (default all)")
    p.add_argument(
        "--checkpoint",
        default="checkpoints/mnist/ae-conv",
        help="projection only: whose test latents",
    )
    p.add_argument("--points", type=int, default=None, help="projection only (10,000)")
    p.set_defaults(run=cmd_bench)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--download", action="store_true", help="download the dataset if missing")


def _split_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--split", default="test", choices=data.SPLITS)
    p.add_argument("--limit", type=int, default=None, help="only the first N images")
    p.add_argument("--out", required=True)
    _common(p)


def _config_fields() -> dict[str, list[str]]:
    """Config field -> the kinds that have it, for the train command's flags."""
    fields: dict[str, list[str]] = {}
    for kind, cls in REGISTRY.items():
        for name in cls.Config.field_types():
            if name not in IMPLIED:
                fields.setdefault(name, []).append(kind)
    return fields


def parse_value(name: str, text: str, typ: type):
    """A flag's text as the config field's type: '256,128' for tuples, true/false for bools."""
    try:
        if typ is bool:
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            return text.lower() in ("true", "1", "yes")
        if typ is tuple:
            return tuple(int(v) for v in text.split(","))
        return typ(text)
    except ValueError:
        hint = {bool: "true or false", tuple: "numbers separated by commas, like 256,128"}
        raise GenvizError(
            f"--{name.replace('_', '-')} {text!r} is not valid; give {hint.get(typ, typ.__name__)}."
        ) from None


def cmd_train(args) -> int:
    cls = family(args.kind)
    types = cls.Config.field_types()
    options = {}
    for name in _config_fields():
        text = getattr(args, "cfg_" + name)
        if text is None:
            continue
        if name not in types:
            raise GenvizError(f"{args.kind} has no option --{name.replace('_', '-')}.")
        options[name] = parse_value(name, text, types[name])
    vq = None
    if args.kind == "pixelcnn":
        if not args.vqvae:
            raise GenvizError("a pixelcnn models the codes of a trained VQ-VAE: give --vqvae CKPT.")
        vq = checkpoint.load(args.vqvae)
        if vq.model.kind != "vqvae":
            raise GenvizError(f"--vqvae {args.vqvae} is a {vq.model.kind}, not a vqvae checkpoint.")
        if args.dataset and args.dataset != vq.dataset:
            raise GenvizError(
                f"that VQ-VAE was trained on {vq.dataset}; drop --dataset or match it."
            )
        args.dataset = vq.dataset
    elif args.vqvae:
        raise GenvizError("--vqvae is for the pixelcnn kind only.")
    name = args.dataset or "digits"
    train = data.load(name, "train", root=args.data, download=args.download)
    test = data.load(name, "test", root=args.data)
    out = Path(args.out or Path("checkpoints") / "user" / name)
    target = out / (args.name or f"{args.kind}-{time.strftime('%Y%m%d-%H%M%S')}")
    if target.with_suffix(".json").exists() and not args.force:
        raise GenvizError(f"{target}.json exists; choose another --name, or add --force.")
    seed_everything(args.seed)
    shared = {"image_shape": train.image_shape, "num_classes": train.num_classes}
    model = PixelCNN.for_vqvae(vq.model, **options) if vq else build(args.kind, **shared, **options)
    device = pick_device(args.device)
    cancel = threading.Event()
    # Ctrl-C stops after the current step and keeps the finished epochs (main thread only)
    on_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set()) if on_main else None
    bar = None if args.quiet else ProgressBar()
    try:
        result = fit(
            model,
            train,
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            device=str(device),
            seed=args.seed,
            val=test,
            on_progress=bar,
            cancel=cancel,
            precision=args.precision,
        )
    finally:
        if on_main:
            signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.close()
    if not result.history:
        raise GenvizError("training was stopped before the first epoch ended; nothing was saved.")
    settings = {
        "epochs": len(result.history),
        "epochs_asked": args.epochs,
        "batch_size": args.batch_size,
        "lr": model.default_lr if args.lr is None else args.lr,
        "device": result.device,
        "seconds": round(result.seconds, 2),
        "precision": args.precision,
        "cancelled": result.cancelled,
        "command": " ".join(args.argv),
    }
    path = checkpoint.save(
        model,
        target,
        dataset=name,
        class_names=train.class_names,
        history=result.history,
        seed=args.seed,
        train=settings,
        half=args.half,
    )
    last = result.history[-1]
    losses = ", ".join(f"{k} {last[k]:.4g}" for k in ("loss", "val_loss") if k in last)
    took = f"{len(result.history)} epochs, {result.seconds:.1f} s on {result.device}"
    print(f"saved {path} ({took}; {losses})")
    return 0


class ProgressBar:
    """A tqdm bar over all steps of the run, showing the latest losses."""

    def __init__(self):
        from tqdm import tqdm

        self.tqdm, self.bar = tqdm, None

    def __call__(self, ev):
        if self.bar is None:
            self.bar = self.tqdm(total=ev.epochs * ev.steps_per_epoch, unit="step", file=sys.stderr)
        if ev.kind == "step":
            self.bar.update(1)
            self.bar.set_description(f"epoch {ev.epoch}/{ev.epochs}")
            shown = {k: f"{v:.4g}" for k, v in list(ev.logs.items())[:4]}
            self.bar.set_postfix(shown, refresh=False)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _load(args) -> checkpoint.Checkpoint:
    return checkpoint.load(args.checkpoint, device=pick_device(args.device))


def _split(ckpt, args, split: str) -> data.Split:
    part = data.load(ckpt.dataset, split, root=args.data, download=getattr(args, "download", False))
    if args.limit is not None:
        if args.limit < 1:
            raise GenvizError("--limit must be at least 1.")
        part = part.take(args.limit)
    return part


def cmd_eval(args) -> int:
    ckpt = _load(args)
    if args.nll_samples < 1:
        raise GenvizError("--nll-samples must be at least 1.")
    test = _split(ckpt, args, "test")
    train = data.load(ckpt.dataset, "train", root=args.data) if ckpt.model.can_encode else None
    noise = data.parse_noise(args.noise) if args.noise else None
    judge = _classifier_for(ckpt, args)
    result = metrics.evaluate(
        ckpt.model,
        test,
        train,
        nll_samples=args.nll_samples,
        noise=noise,
        classifier=judge,
        samples=args.samples,
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
    ckpt = _load(args)
    if not ckpt.model.can_encode:
        raise GenvizError(f"a {ckpt.model.kind} has no encoder; pick an autoencoder checkpoint.")
    return ckpt.model, _split(ckpt, args, args.split)


def _classifier_for(ckpt, args):
    if args.classifier is None:
        return None
    if args.samples < 1:
        raise GenvizError("--samples must be at least 1.")
    return _judge(ckpt, args.classifier)


def _judge(ckpt, path: str):
    """The classifier checkpoint at path, checked to fit the sampler `ckpt`."""
    judge = checkpoint.load(path, device=ckpt.model.device)
    if judge.model.kind != "classifier":
        raise GenvizError(f"--classifier {path} is a {judge.model.kind} checkpoint.")
    if judge.dataset != ckpt.dataset:
        raise GenvizError(
            f"that classifier was trained on {judge.dataset}, the model on {ckpt.dataset}; "
            "pick a classifier of the same dataset."
        )
    if not ckpt.model.can_sample:
        raise GenvizError(
            f"a {ckpt.model.kind} does not sample; --classifier has nothing to judge."
        )
    return judge.model


def cmd_encode(args) -> int:
    model, part = _encoder_and_split(args)
    z = metrics.batched(model.encode, part, model.device).numpy()
    labels = part.labels.numpy()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
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
    torch.manual_seed(0)  # the same noise on every run

    def run(x, y):
        if noise:
            x = data.corrupt(x, *noise)
        return model.reconstruct(x, y)

    _save_images(args.out, metrics.batched(run, part, model.device).numpy())
    return 0


def cmd_sample(args) -> int:
    ckpt = checkpoint.load(args.checkpoint, device=pick_device(args.device))
    model = ckpt.model
    if not model.can_sample:
        raise GenvizError(
            f"a {model.kind} cannot sample on its own; train a pixelcnn prior on it and sample "
            "from that."
        )
    if args.n < 1:
        raise GenvizError("--n must be at least 1.")
    if args.label is not None and not model.conditional:
        raise GenvizError(f"this {model.kind} is not class-conditional; drop --label.")
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    options = {"temperature": args.temperature} if model.kind == "pixelcnn" else {}
    if args.classifier is None:
        with torch.no_grad():
            x = model.sample(args.n, args.label, generator=gen, **options)
    else:
        judge = _judge(ckpt, args.classifier)
        found = rejection_sample(
            model, judge, args.n, args.label, args.min_confidence, gen, **options
        )
        x = found.images
        print(f"kept {len(x)}; {found.acceptance:.0%} of {found.drawn} samples drawn passed")
        if len(x) == 0:
            raise GenvizError("the classifier accepted no sample; lower --min-confidence.")
    _save_images(args.out, x.float().cpu().numpy())
    return 0


def _save_images(out: str, x: np.ndarray) -> None:
    path = Path(out).with_suffix(".npy")
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, x.astype(np.float32))
    print(f"wrote {path} {x.shape}")


def cmd_project(args) -> int:
    from genviz import export, project, projector

    ckpt = _load(args)
    if not ckpt.model.can_encode:
        raise GenvizError(f"a {ckpt.model.kind} has no latents to project.")
    if args.points is not None and args.points < 5:
        raise GenvizError("--points must be at least 5.")
    methods = project.METHODS if args.method == "all" else (args.method,)
    dims = (2, 3) if args.dim is None else (args.dim,)
    for method in methods:
        for dim in dims:
            project.check(method, dim)
    if args.csv and len(methods) * len(dims) > 1:
        raise GenvizError("--csv writes one picture: give one --method and one --dim.")
    latents, part, key = projector.points_of(
        ckpt, data.load(ckpt.dataset, "test", root=args.data), args.points
    )
    folder = projector.shipped_folder(ckpt) if args.ship else projector.Projector().cache_dir
    print(f"{len(part):,} test latents of {ckpt.path} ({latents.shape[1]} numbers each)")
    for method in methods:
        for dim in dims:
            job = projector.Job(key(method, dim), method, dim)
            job.coords, job.faithfulness, job.seconds = projector.compute(latents, method, dim)
            projector.write(folder / f"{job.key}.npz", job, half=args.ship)
            f = job.faithfulness
            print(
                f"  {method:5s} {dim}-D {job.seconds:7.1f} s   trustworthiness "
                f"{f['trustworthiness']:.3f}   neighbours kept {f['neighbours_kept']:.3f}"
            )
            if args.csv:
                names = tuple(part.class_names)
                written = export.coordinates_csv(args.csv, job.coords, part.labels, names)
                print(f"wrote {written}")
    print(f"stored in {folder}")
    return 0


def cmd_export(args) -> int:
    from genviz import export

    ckpt = _load(args)
    if not ckpt.model.can_encode:
        raise GenvizError(f"a {ckpt.model.kind} has no latents to export.")
    part = _split(ckpt, args, "test")
    latents = metrics.features(ckpt.model, part)
    files = export.tensorboard(
        args.out,
        latents,
        part.labels,
        tuple(part.class_names),
        part.floats(),
        name=Path(ckpt.path).name,
    )
    print(
        f"wrote {', '.join(f.name for f in files)} to {args.out}; "
        f"open it with: tensorboard --logdir {args.out}"
    )
    return 0


def cmd_list(args) -> int:
    found = checkpoint.list_checkpoints(args.root)
    if args.json:
        print(json.dumps(found, indent=1))
        return 0
    if not found:
        print(f"no checkpoints under {args.root}")
    for c in found:
        detail = c.get("error") or f"{c['kind']:9s} {c['dataset']}"
        print(f"{c['path']:50s} {detail}")
    return 0


def cmd_retrain(args) -> int:
    from genviz import zoo

    if args.dataset not in zoo.RECIPES:
        raise GenvizError(f"no recipes for {args.dataset}; choose from {', '.join(zoo.RECIPES)}.")
    only = None if args.only is None else args.only.split(",")
    unknown = set(only or []) - set(zoo.RECIPES[args.dataset])
    if unknown:
        raise GenvizError(
            f"no recipe named {', '.join(sorted(unknown))} for {args.dataset}; "
            f"choose from {', '.join(zoo.RECIPES[args.dataset])}."
        )
    seconds = zoo.retrain(args.dataset, args.root, args.device, args.data, only)
    print(f"retrained {args.dataset} in {seconds:.0f} s on {pick_device(args.device)}")
    return 0


def cmd_bench(args) -> int:
    from genviz import bench

    if args.what == "projection":
        bench.projection(args.checkpoint, args.data, args.points)
        return 0
    if args.what == "anomaly":
        if args.epochs < 1:
            raise GenvizError("--epochs must be at least 1.")
        classes = (
            None if args.classes is None else list(parse_value("classes", args.classes, tuple))
        )
        bench.anomaly(args.data, args.device, args.dataset, args.epochs, classes=classes)
        return 0
    if args.rounds < 1:
        raise GenvizError("--rounds must be at least 1.")
    if args.limit is not None and args.limit < BENCH_MIN:
        raise GenvizError(f"--limit must be at least {BENCH_MIN} (one batch).")
    bench.train_speed(root=args.data, device=args.device, rounds=args.rounds, limit=args.limit)
    return 0
