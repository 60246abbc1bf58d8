"""python -m genviz train KIND ... and retrain --dataset NAME: both through genviz.workflow."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

from genviz import checkpoint, data, distributed, paths, zoo
from genviz.cli.common import ProgressBar, count, number, writable
from genviz.errors import GenvizError
from genviz.models import KINDS, REGISTRY, family
from genviz.train import pick_device
from genviz.workflow import Settings, default_name, target_for, train_and_save

# config fields filled from the dataset or the base checkpoint, never given as flags
IMPLIED = {name for kind in KINDS for name in REGISTRY[kind].Config.implied}


def register(sub) -> None:
    p = sub.add_parser("train", help="train a model and save a checkpoint")
    p.add_argument("kind", nargs="?", help=f"model kind: {', '.join(KINDS)}")
    p.add_argument(
        "--preset",
        default=None,
        help=f"one of the course's networks ({', '.join(zoo.COURSE)}): its kind, options, "
        "dataset and training settings; other flags change them",
    )
    p.add_argument(
        "--dataset",
        default=None,
        help=f"{', '.join(data.DATASETS)} (default digits), or a folder of images or an .npz",
    )
    p.add_argument(
        "--image-size",
        type=count("image-size", 8, 512),
        default=None,
        help="your own images brought to this size (default: the folder's most common, <= 64)",
    )
    p.add_argument("--grey", action="store_true", help="your own images made grey")
    p.add_argument("--out", default=None, help="folder (default checkpoints/user/<dataset>)")
    p.add_argument("--name", default=None, help="checkpoint name (default <kind>-<time>)")
    p.add_argument("--force", action="store_true", help="overwrite a checkpoint of that name")
    p.add_argument(
        "--base",
        "--vqvae",
        dest="base",
        default=None,
        help="a prior's base checkpoint: the VQ-VAE a pixelcnn models, the VQ-VAE-2 of a pixelcnn2",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--download", action="store_true", help="download the dataset if missing")
    settings_flags(p.add_argument_group("training settings"))
    group = p.add_argument_group("model options (each applies to the kinds that have it)")
    for name, kinds in config_fields().items():
        group.add_argument(
            "--" + name.replace("_", "-"),
            dest="cfg_" + name,
            default=None,
            metavar="V",
            help=", ".join(kinds),
        )
    p.set_defaults(run=cmd_train)

    p = sub.add_parser("retrain", help="rebuild the shipped checkpoints of a dataset")
    p.add_argument("--dataset", default="digits")
    p.add_argument("--root", default="checkpoints")
    p.add_argument("--device", default="auto")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--only", default=None, help="only these names, e.g. gan,cgan")
    p.set_defaults(run=cmd_retrain)

    p = sub.add_parser("precompute", help="precompute a shipped set's views for the app")
    p.add_argument("--dataset", default="digits")
    p.add_argument("--root", default="checkpoints")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.set_defaults(run=cmd_precompute)

    p = sub.add_parser("manifest", help="write checkpoints/MANIFEST.json: each shipped file's hash")
    p.add_argument("--root", default="checkpoints")
    p.set_defaults(run=cmd_manifest)


def settings_flags(group) -> None:
    """A flag for every training setting, generated from its declaration (genviz.workflow
    .Settings): its type, bounds, choices and description. A flag not given is None."""
    types = Settings.field_types()
    for name, default in Settings.options().items():
        flag, typ = name.replace("_", "-"), types[name]
        text = Settings.help(name) + (
            "" if typ is bool or default is None else f"; default {default}"
        )
        if typ is bool:
            group.add_argument(f"--{flag}", action="store_true", default=None, help=text)
        elif name in Settings.choices:
            group.add_argument(f"--{flag}", choices=Settings.choices[name], default=None, help=text)
        elif typ is int:
            low, high = Settings.limits(name)
            group.add_argument(f"--{flag}", type=count(flag, low, high), default=None, help=text)
        else:
            low, high = Settings.limits(name)
            parse = number(flag, low, high, low_open=name in Settings.above)
            group.add_argument(f"--{flag}", type=parse, default=None, help=text)


def config_fields() -> dict[str, list[str]]:
    """Config field -> the kinds that have it, for the train command's flags."""
    fields: dict[str, list[str]] = {}
    for kind in KINDS:
        for name in REGISTRY[kind].Config.field_types():
            if name not in IMPLIED:
                fields.setdefault(name, []).append(kind)
    return fields


def options_from(args) -> dict:
    """The model options given as flags, typed by the kind's config."""
    config = family(args.kind).Config
    options: dict = {}
    for name in config_fields():
        text = getattr(args, "cfg_" + name)
        if text is None:
            continue
        if name not in config.field_types():
            raise GenvizError(f"{args.kind} has no option --{name.replace('_', '-')}.")
        try:
            options[name] = config.parse(name, text)
        except GenvizError as e:
            raise GenvizError(f"--{e}") from None
    return options


def resolve_preset(args) -> tuple[dict, dict]:
    """Fill the kind and the dataset from --preset; returns its options and settings, which
    the flags given override."""
    if args.preset is None:
        if args.kind is None:
            raise GenvizError("name a model kind or a --preset; see python -m genviz train -h.")
        return {}, {}
    chosen = zoo.course(args.preset)
    if args.kind not in (None, chosen.kind):
        raise GenvizError(
            f"the preset {args.preset} trains kind {chosen.kind}, not {args.kind}; drop the kind."
        )
    args.kind = chosen.kind
    args.dataset = args.dataset or chosen.dataset
    return dict(chosen.options), chosen.given()


def cmd_train(args) -> int:
    options, given = resolve_preset(args)
    options.update(options_from(args))
    base = checkpoint.load(args.base) if args.base else None
    flags = {name: getattr(args, name) for name in Settings.options()}
    given.update({k: v for k, v in flags.items() if v is not None})
    settings = Settings(**given)
    dataset = base.dataset if base is not None else (args.dataset or "digits")
    dataset = data.named(dataset, args.image_size, args.grey)
    out = Path(args.out or paths.user_checkpoints() / data.slug(dataset))
    target = target_for(out, args.name or default_name(args.kind), args.force)
    made = not out.exists()
    writable(out)
    cancel = threading.Event()
    # Ctrl-C stops after the current step and keeps the finished epochs (main thread only;
    # not under torchrun, where the ranks could stop at different steps and wait for ever)
    on_main = threading.current_thread() is threading.main_thread() and not distributed.launched()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set()) if on_main else None
    main = distributed.launched_rank() == 0
    bar = None if args.quiet or not main else ProgressBar()
    try:
        with distributed.session(settings.device):
            trained = train_and_save(
                args.kind,
                dataset,
                options,
                settings,
                target,
                base=base,
                root=args.data,
                download=args.download,
                origin="python -m genviz " + " ".join(args.argv),
                on_progress=bar,
                cancel=cancel,
            )
    finally:
        if on_main:
            signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.close()
        if made and main and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # a run that saved nothing (a missing dataset) leaves no empty folder
    if not main:
        return 0
    fit = trained.fit
    last = fit.history[-1]
    losses = ", ".join(f"{k} {last[k]:.4g}" for k in ("loss", "val_loss") if k in last)
    took = f"{len(fit.history)} epochs, {fit.seconds:.1f} s on {fit.device}"
    if distributed.launched():
        took += f" x {os.environ['WORLD_SIZE']} ranks"
    print(f"saved {trained.path} ({took}; {losses})")
    return 0


def cmd_precompute(args) -> int:
    zoo.recipes(args.dataset)
    start = time.perf_counter()
    folder = zoo.precompute(
        args.dataset, args.root, args.data, log=lambda line: print(line, flush=True)
    )
    print(f"precomputed {args.dataset} into {folder} in {time.perf_counter() - start:.0f} s")
    return 0


def cmd_retrain(args) -> int:
    only = None if args.only is None else args.only.split(",")
    zoo.recipes(args.dataset, only)  # unknown names fail before anything is trained
    seconds = zoo.retrain(
        args.dataset,
        args.root,
        args.device,
        args.data,
        only,
        log=lambda line: print(line, flush=True),
    )
    print(f"retrained {args.dataset} in {seconds:.0f} s on {pick_device(args.device)}")
    return 0


def cmd_manifest(args) -> int:
    path = zoo.write_manifest(args.root)
    found = json.loads(path.read_text())
    print(f"wrote {path}: {len(found['files'])} files, {found['bytes'] / 2**20:.1f} MiB")
    return 0
