"""A user's folder of images: seconds to decode it into genviz's cache the first time, and to
open it again in a new process (from the memory-mapped cache); one pass over it with
torchvision's ImageFolder (decoding every file, as a plain loop does each epoch) as the
reference; and the memory a training epoch allocates when its batches are read from the map
(anonymous memory, beside the mapped file pages the kernel can drop), against the cache's
size.

    python -m genviz bench imagesets [--images 60000] [--size 28] [--keep FOLDER]

The folder is written from MNIST's training images as PNGs (one subfolder per class) when
MNIST is under the data root, else from the generated shapes set; writing it is not timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from genviz import data
from genviz.errors import GenvizError

OPEN_AGAIN = """
import json, sys, time
start = time.perf_counter()
from genviz import data
from genviz.errors import GenvizError
part = data.load_dataset(sys.argv[1], "train")
print(json.dumps({"seconds": time.perf_counter() - start, "images": len(part)}))
"""

EPOCH = """
import json, sys, threading, time
from genviz import data
from genviz.workflow import Settings, train_and_save

def rss():  # resident memory now, in MB: anonymous (allocated) and file-backed (mapped files)
    fields = dict(line.split(":") for line in open("/proc/self/status") if line.startswith("Rss"))
    return {k: int(v.split()[0]) / 1024 for k, v in fields.items()}

before, peak, done = rss(), {}, threading.Event()

def watch():
    while not done.is_set():
        for k, v in rss().items():
            peak[k] = max(peak.get(k, 0), v)
        time.sleep(0.05)

threading.Thread(target=watch, daemon=True).start()
start = time.perf_counter()
options = {"arch": "conv", "channels": (16, 32), "latent_dim": 16}
train_and_save("ae", sys.argv[1], options, Settings(epochs=1, batch_size=256), sys.argv[2])
done.set()
print(json.dumps({"before": before, "peak": peak, "seconds": time.perf_counter() - start}))
"""

IMAGEFOLDER = """
import json, sys, time
import torch
from torchvision import datasets, transforms
start = time.perf_counter()
ds = datasets.ImageFolder(sys.argv[1], transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(ds, batch_size=256, num_workers=0)
n = sum(len(x) for x, _ in loader)
print(json.dumps({"seconds": time.perf_counter() - start, "images": n}))
"""


def write_folder(root: Path, n: int, size: int, data_root=None) -> str:
    """n images as PNG files under root/<class>/, from MNIST or shapes; returns the source."""
    from PIL import Image

    source = "mnist" if data.ready("mnist", data_root) else "shapes"
    part = data.load_dataset(source, "train", root=data_root)
    images, labels = part.images[:n].numpy(), part.labels[:n].numpy()
    for i, (img, label) in enumerate(zip(images, labels)):
        folder = root / part.class_names[label].replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        pixels = img[0] if img.shape[0] == 1 else img.transpose(1, 2, 0)
        picture = Image.fromarray(pixels)
        if picture.size[0] != size:
            picture = picture.resize((size, size))
        picture.save(folder / f"{i:06d}.png")
    return source


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode:
        raise GenvizError(f"a step of the benchmark failed: {out.stderr.strip().splitlines()[-1]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m genviz bench imagesets", description=__doc__)
    p.add_argument("--images", type=int, default=60_000, help="how many images (60,000)")
    p.add_argument("--size", type=int, default=28, help="their size in pixels (28)")
    p.add_argument("--keep", default=None, help="write the folder here and keep it")
    p.add_argument("--data", default=None, help="data root (default $GENVIZ_DATA or ./data)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp) / "images"
        source = write_folder(root, args.images, args.size, args.data)
        files = sum(1 for _ in root.rglob("*.png"))
        print(f"a folder of {files:,} PNG files ({args.size}x{args.size}, from {source})")
        reference = run(IMAGEFOLDER, str(root))  # before genviz's cache folder is beside them
        start = time.perf_counter()
        part = data.load_dataset(str(root), "train")
        first = time.perf_counter() - start
        cache = next(root.glob(".genviz-cache/*/images.npy"))
        size_mb = cache.stat().st_size / 2**20
        again = run(OPEN_AGAIN, str(root))
        epoch = run(EPOCH, part.name, str(Path(tmp) / "ae"))
    print(f"first open, decoding into the cache  {first:7.1f} s   ({files / first:,.0f} images/s)")
    print(f"opening it again in a new process    {again['seconds']:7.2f} s   (after its imports)")
    took = reference["seconds"]
    print(f"reference: one ImageFolder pass      {took:7.1f} s   (decoding each file)")
    print(f"cache file                           {size_mb:7.1f} MB")
    before, peak = epoch["before"], epoch["peak"]
    print(
        f"memory after the imports             {before['RssAnon']:7.0f} MB allocated, "
        f"{before['RssFile']:.0f} MB of mapped files"
    )
    print(
        f"peak during one training epoch       {peak['RssAnon']:7.0f} MB allocated, "
        f"{peak['RssFile']:.0f} MB of mapped files   (a conv AE, {epoch['seconds']:.0f} s)"
    )
    grew = peak["RssAnon"] - before["RssAnon"]
    print(
        f"bar: opening again < 2 s ({'met' if again['seconds'] < 2 else 'NOT met'}); the epoch "
        f"allocated {grew:.0f} MB beside a {size_mb:.0f} MB cache (read through the map)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
