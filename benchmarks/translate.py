"""Image to image on the test set: each shipped pix2pix (L1 + adversarial), the same U-Net
trained with L1 alone, and a plain convolutional autoencoder (the DAE's network: 32-64-128,
latent 32, squared error, no skip connections) trained here on the same pairs; for the noisy
task also the shipped DAE. Each is fed the same task inputs (seed 0) and judged by the L1
error to the targets and by the shipped classifier's accuracy on its outputs.

    python -m genviz bench translate [--dataset mnist] [--epochs 5] [--tasks edges,masked]
        [--checkpoints FOLDER]   (pix2pix-TASK, pix2pix-TASK-l1 and classifier in FOLDER/DATASET)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from genviz import checkpoint, data
from genviz.analysis import batches, translation
from genviz.errors import GenvizError
from genviz.models import build
from genviz.models.ae import AE
from genviz.models.pix2pix import TASKS
from genviz.train import fit

SHIPPED = Path(__file__).resolve().parents[1] / "checkpoints"


class TaskAE(AE):
    """A plain autoencoder fed a pix2pix task's inputs and trained towards the targets."""

    task: list = []  # [the pix2pix whose make_input gives the inputs]: a list, so its
    # weights stay out of this model's parameters

    def input_for(self, x):
        return self.task[0].make_input(x)


def plain_autoencoder(task_model, train: data.Split, epochs: int, device: str) -> AE:
    dae = {"arch": "conv", "channels": (32, 64, 128), "latent_dim": 32}
    template = build("ae", image_shape=train.image_shape, num_classes=train.num_classes, **dae)
    model = TaskAE(template.config)
    model.task = [task_model]
    fit(model, train, epochs=epochs, batch_size=128, device=device, seed=0)
    return model.eval()


def scores(outputs, targets, labels, judge) -> tuple[float, float, float]:
    """L1 error, sharpness (edge strength as a share of the targets') and accuracy."""
    l1 = float((outputs - targets).abs().mean())
    sharp = translation.sharpness_ratio(outputs, targets)
    pred = batches.map_batches(lambda t: judge.predict(t)[0], outputs, device=judge.device)
    return l1, sharp, float((pred == labels).double().mean())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench translate", description=__doc__)
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--epochs", type=int, default=5, help="the plain autoencoder's epochs")
    p.add_argument("--tasks", default=",".join(TASKS))
    p.add_argument("--device", default="cpu")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    p.add_argument("--checkpoints", default=str(SHIPPED), help="the sets' folder (shipped)")
    args = p.parse_args(argv)
    folder = Path(args.checkpoints) / args.dataset
    tasks = args.tasks.split(",")
    unknown = sorted(set(tasks) - set(TASKS))
    if unknown or args.epochs < 1:
        raise GenvizError(f"choose tasks from {', '.join(TASKS)} and at least one epoch.")
    train, test = (data.load_dataset(args.dataset, s, root=args.data) for s in data.SPLITS)
    judge = checkpoint.load(folder / "classifier").model
    print(
        f"image to image on {args.dataset}, {len(test):,} test images (inputs drawn with seed 0):"
    )
    print("L1 error to the target, sharpness (edge strength / the targets'), and the classifier's")
    print("accuracy on the outputs")
    print(f"  {'task':8} {'model':34} {'L1':>8} {'sharp':>6} {'accuracy':>9}")
    for task in tasks:
        shipped = {
            "pix2pix (L1 + adversarial)": folder / f"pix2pix-{task}",
            "U-Net, L1 alone": folder / f"pix2pix-{task}-l1",
        }
        models = {name: checkpoint.load(path).model for name, path in shipped.items()}
        p2p = next(iter(models.values()))
        inputs, _, targets = translation.translations(p2p, test)
        rows = {"the input itself": inputs}
        for name, model in models.items():
            rows[name] = translation.translations(model, test)[1]
        began = time.perf_counter()
        ae = plain_autoencoder(p2p, train, args.epochs, args.device)
        seconds = time.perf_counter() - began
        plain = batches.map_batches(ae.reconstruct, inputs, device=ae.device).float()
        rows[f"plain conv AE ({args.epochs} epochs here)"] = plain
        if task == "noisy" and (folder / "dae.json").is_file():
            dae = checkpoint.load(folder / "dae").model
            rows["shipped DAE"] = batches.map_batches(dae.reconstruct, inputs, device=dae.device)
        for name, outputs in rows.items():
            l1, sharp, acc = scores(outputs.float(), targets, test.labels, judge)
            print(f"  {task:8} {name:34} {l1:8.4f} {sharp:6.2f} {acc:9.1%}")
        print(f"  {task:8} (the plain autoencoder trained in {seconds:.0f} s)")
    return 0
