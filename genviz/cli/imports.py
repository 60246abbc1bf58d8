"""python -m genviz import ... and import-latents ...: models and latents made elsewhere, saved
as checkpoints the app opens by capability (genviz.importing)."""

from __future__ import annotations

from pathlib import Path

from genviz import data, importing, paths
from genviz.cli.common import count, writable
from genviz.errors import GenvizError
from genviz.models.imported import ImportedConfig
from genviz.workflow import target_for


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        help="bring in a model trained elsewhere: torch.export programs, or your own class",
        description="Programs saved with torch.export.save are read without unpickling or "
        "importing anything and run as ATen operators only. --module imports your own code "
        "here, once, to export it: only do that with code you trust.",
    )
    p.add_argument("--dataset", required=True, help="the dataset the model belongs to")
    p.add_argument("--encoder", default=None, help="encoder program (.pt2): x -> z or (mu, logvar)")
    p.add_argument("--decoder", default=None, help="decoder or generator (.pt2): z[, y] -> x")
    p.add_argument("--module", default=None, help="your own class, pkg.mod:Class (exported here)")
    p.add_argument("--weights", default=None, help="its weights (.safetensors), with --module")
    p.add_argument("--config", default=None, help="its constructor's arguments (.json)")
    p.add_argument(
        "--latent-dim",
        type=count("latent-dim", 1, 65_536),
        default=None,
        help="the latent size of a generator imported with --module and no encode",
    )
    choices = ImportedConfig.choices
    p.add_argument(
        "--prior",
        choices=choices["prior"],
        default="normal",
        help="what the decoder's latents are drawn from (none: no sampling)",
    )
    p.add_argument(
        "--output",
        choices=choices["output"],
        default="unit",
        help="the decoder's images: unit [0, 1], logits, or signed [-1, 1]",
    )
    p.add_argument(
        "--input",
        choices=choices["input"],
        default="unit",
        help="the images the encoder takes: unit [0, 1] or signed [-1, 1]",
    )
    p.add_argument(
        "--image-size",
        type=count("image-size", 8, 512),
        default=None,
        help="your own images brought to this size",
    )
    p.add_argument("--grey", action="store_true", help="your own images made grey")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    _target_args(p, "imported")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser(
        "import-latents",
        help="show latents from anywhere on the latent map, with no model",
    )
    p.add_argument("latents", help="one latent per row: .npy, .csv or .parquet")
    p.add_argument("--labels", default=None, help="one label per row (.npy, .csv): numbers, words")
    p.add_argument("--images", default=None, help="one image per row: .npy, .npz or a folder")
    p.add_argument(
        "--dataset", default=None, help="or: the rows are this dataset's test images, in order"
    )
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    _target_args(p, None)
    p.set_defaults(run=cmd_import_latents)


def _target_args(p, default: str | None) -> None:
    where = "checkpoints/user/<dataset>" if default else "checkpoints/user/latents"
    p.add_argument("--out", default=None, help=f"folder (default {where})")
    named = default or "the file's name"
    p.add_argument("--name", default=default, help=f"checkpoint name (default {named})")
    p.add_argument("--force", action="store_true", help="overwrite a checkpoint of that name")


def cmd_import(args) -> int:
    dataset = data.named(args.dataset, args.image_size, args.grey)
    test = data.load_dataset(dataset, "test", root=args.data)
    out = writable(Path(args.out or paths.user_checkpoints() / data.slug(test.name)))
    target = target_for(out, args.name, args.force)
    parts = {"encoder": args.encoder, "decoder": args.decoder}
    origin = "programs"
    if args.module:
        if args.encoder or args.decoder:
            raise GenvizError("give --module or .pt2 programs, not both.")
        model = importing.load_module(args.module, args.weights, args.config)
        parts = importing.export_module(model, test.image_shape, args.latent_dim)
        origin = f"module {args.module}"
    path = importing.import_programs(
        dataset,
        target,
        encoder=parts.get("encoder"),
        decoder=parts.get("decoder"),
        prior=args.prior,
        output=args.output,
        input=args.input,
        root=args.data,
        origin=origin,
    )
    print(f"imported {' and '.join(p for p in parts if parts[p])} as {path}")
    return 0


def cmd_import_latents(args) -> int:
    base = paths.user_checkpoints() / (
        data.slug(data.load_dataset(args.dataset, "test", root=args.data).name)
        if args.dataset
        else "latents"
    )
    out = writable(Path(args.out or base))
    target = target_for(out, args.name or Path(args.latents).stem, args.force)
    if not args.force and target.with_suffix(".npz").exists() and not args.dataset:
        raise GenvizError(f"{target}.npz exists; choose another name, or overwrite with --force.")
    path = importing.import_latents(
        args.latents,
        target,
        labels=args.labels,
        images=args.images,
        dataset=args.dataset,
        root=args.data,
    )
    print(f"imported the latents as {path}: open the Latent map page on {path.name}")
    return 0
