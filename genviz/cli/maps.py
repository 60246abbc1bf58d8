"""python -m genviz project|export: a checkpoint's test latents as pictures and files."""

from __future__ import annotations

from pathlib import Path

from genviz import paths, store
from genviz.analysis import batches, export, projection
from genviz.cli.common import add_data_args, count, load, split_of
from genviz.errors import GenvizError
from genviz.serve import pictures


def register(sub) -> None:
    p = sub.add_parser("project", help="project a checkpoint's test latents to 2-D or 3-D")
    p.add_argument("checkpoint")
    p.add_argument("--method", default="all", help="pca, tsne, umap or all (default)")
    p.add_argument("--dim", type=int, default=None, help="2 or 3 (default both)")
    p.add_argument(
        "--points",
        type=count("points", 5, 1_000_000),
        default=None,
        help=f"first N test images ({pictures.DEFAULT_POINTS:,})",
    )
    p.add_argument("--ship", action="store_true", help="store beside the checkpoint, to ship")
    p.add_argument("--csv", default=None, help="also write the coordinates (one method, dim)")
    add_data_args(p)
    p.set_defaults(run=cmd_project)

    p = sub.add_parser("export", help="latents in TensorBoard's Embedding Projector format")
    p.add_argument("checkpoint")
    p.add_argument("--out", required=True, help="folder for the TSVs, sprite and config")
    p.add_argument(
        "--limit", type=count("limit"), default=None, help="only the first N test images"
    )
    add_data_args(p)
    p.set_defaults(run=cmd_export)


def _encoder(args):
    ckpt = load(args)
    if not ckpt.model.can.encode:
        raise GenvizError(f"a {ckpt.model.kind} has no latents; pick a model with an encoder.")
    return ckpt


def cmd_project(args) -> int:
    ckpt = _encoder(args)
    methods = projection.METHODS if args.method == "all" else (args.method,)
    dims = (2, 3) if args.dim is None else (args.dim,)
    for method in methods:
        for dim in dims:
            projection.check(method, dim)
    if args.csv and len(methods) * len(dims) > 1:
        raise GenvizError("--csv writes one picture: give one --method and one --dim.")
    test = split_of(ckpt, args, "test")
    part = test.take(min(args.points or pictures.DEFAULT_POINTS, len(test)))
    latents = batches.embed(ckpt.model, part).numpy()
    shipped = paths.views(ckpt.path.parent) if args.ship else store.cache_dir()
    folder = shipped / pictures.RESULT
    print(f"{len(part):,} test latents of {ckpt.path} ({latents.shape[1]} numbers each)")
    for method in methods:
        for dim in dims:
            job = pictures.Job(pictures.key(ckpt.sha, "test", len(part), method, dim), method, dim)
            job.finish(*projection.compute(latents, method, dim))
            store.write(folder / f"{job.key}.npz", job.result(half=args.ship))
            f = job.faithfulness
            print(
                f"  {method:5s} {dim}-D {job.seconds:7.1f} s   trustworthiness "
                f"{f['trustworthiness']:.3f}   neighbours kept {f['neighbours_kept']:.3f}"
            )
            if args.csv:
                names = tuple(part.class_names)
                print(f"wrote {export.coordinates_csv(args.csv, job.coords, part.labels, names)}")
    print(f"stored in {folder}")
    return 0


def cmd_export(args) -> int:
    ckpt = _encoder(args)
    part = split_of(ckpt, args, "test")
    files = export.tensorboard(
        args.out,
        batches.embed(ckpt.model, part),
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
