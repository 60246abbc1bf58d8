"""A model trained elsewhere, brought in by `python -m genviz import`: an encoder (images to a
latent vector, or to a posterior's mean and log-variance) and a decoder or generator (a latent
vector, and class labels when it is conditional, to images), each an exported program checked
by genviz.programs (ATen operators on fixed shapes, nothing unpickled).

The programs' graphs travel in the checkpoint's JSON and their weights in its safetensors
file, as every genviz model's do; a graph is checked again whenever it is rebuilt. A program
runs at the batch size it was exported with: inputs are cut into batches of that size (the
last one padded). The pages open it by its capabilities: a map, neighbours, interpolation and
uploads with an encoder; generation with a decoder and a N(0, I) prior. It is not trained here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import torch

from genviz import programs
from genviz.errors import GenvizError
from genviz.models.base import Capabilities, GenModel, ModelConfig

PARTS = ("encoder", "decoder")
DTYPES = {
    str(t).removeprefix("torch."): t
    for t in (torch.float32, torch.float16, torch.bfloat16, torch.float64, torch.int64,
              torch.int32, torch.bool, torch.uint8)
}  # fmt: skip


@dataclass
class ImportedConfig(ModelConfig):
    # part -> {"graph": the exported program's JSON, "weights": {name: [dtype, shape]},
    # "parameters": [names], "inputs": [shapes], "outputs": [shapes]}
    programs: dict = field(default_factory=dict)
    latent_dim: int = 1
    prior: str = "normal"  # "normal": samples decode N(0, I) draws; "none": no sampling
    output: str = "unit"  # the decoder's images: "unit" in [0, 1], "logits", "signed" [-1, 1]
    input: str = "unit"  # the images the encoder takes: "unit" [0, 1] or "signed" [-1, 1]

    choices: ClassVar = {
        "prior": ("normal", "none"),
        "output": ("unit", "logits", "signed"),
        "input": ("unit", "signed"),
    }
    implied: ClassVar = ("image_shape", "num_classes", "programs", "latent_dim")


def _capabilities(cls, config=None) -> Capabilities:
    values = vars(config) if isinstance(config, ModelConfig) else (config or {})
    parts = values.get("programs") or {}
    decoder = parts.get("decoder") or {}
    normal = values.get("prior", "normal") == "normal"
    return Capabilities(
        encode="encoder" in parts,
        decoder="decoder" in parts,
        sample="decoder" in parts and normal,
        conditional=len(decoder.get("inputs", [])) > 1,
        latent_prior=normal,
    )


class Imported(GenModel):
    kind = "imported"
    Config = ImportedConfig
    trainable = False
    capabilities = classmethod(_capabilities)

    @classmethod
    def describe(cls, config):
        parts = [p for p in PARTS if p in (config.get("programs") or {})]
        return [" + ".join(parts), f"{config.get('latent_dim')}-D"]

    def __init__(self, config: ImportedConfig):
        super().__init__(config)
        unknown = set(config.programs) - set(PARTS)
        if unknown or not config.programs:
            raise GenvizError(
                f"an imported model has an encoder, a decoder or both, not {unknown}."
            )
        for part, spec in config.programs.items():
            programs.check(spec["graph"], part)
            weights = {
                name: torch.zeros(shape, dtype=DTYPES[dtype])
                for name, (dtype, shape) in spec["weights"].items()
            }
            found = programs.Program(spec["graph"], weights, set(spec["parameters"]))
            self.add_module(part, programs.module(found))
        self._anchor = torch.nn.Parameter(torch.zeros(0), requires_grad=False)  # its device

    def train(self, mode: bool = True):
        """The programs run as they were exported (dropout and batch norm fixed then)."""
        self.training = mode
        return self

    @property
    def batch(self) -> dict[str, int]:
        return {p: s["inputs"][0][0] for p, s in self.config.programs.items()}

    def _run(self, part: str, *inputs: torch.Tensor) -> list[torch.Tensor]:
        """A program over any number of rows, in batches of the size it was exported with."""
        size, n = self.batch[part], len(inputs[0])
        outs = []
        for start in range(0, n, size):
            chunk = [t[start : start + size] for t in inputs]
            short = size - len(chunk[0])
            if short:  # the last batch padded with its first row's copies
                chunk = [torch.cat([t, t[:1].expand(short, *t.shape[1:])]) for t in chunk]
            found = getattr(self, part)(*chunk)
            found = list(found) if isinstance(found, list | tuple) else [found]
            outs.append([f[: size - short] for f in found])
        return [torch.cat(parts) for parts in zip(*outs)]

    @torch.no_grad()
    def encode(self, x, y=None):
        if "encoder" not in self.config.programs:
            return super().encode(x, y)
        x = x * 2 - 1 if self.config.input == "signed" else x
        return self._run("encoder", x.float())[0].float()  # a posterior's mean comes first

    @torch.no_grad()
    def decode(self, z, y=None):
        if "decoder" not in self.config.programs:
            raise GenvizError("this imported model has no decoder; import one with --decoder.")
        inputs = [z.float()] + ([y.long()] if self.can.conditional else [])
        x = self._run("decoder", *inputs)[0].float()
        if self.config.output == "logits":
            x = torch.sigmoid(x)
        elif self.config.output == "signed":
            x = (x + 1) / 2
        return x.clamp(0, 1)

    def loss(self, x, y=None):
        raise GenvizError(
            "an imported model is not trained in genviz; train it where it came from."
        )

    def parts(self):
        return {p: (getattr(self, p), [torch.zeros(s["inputs"][0])])
                for p, s in self.config.programs.items() if len(s["inputs"]) == 1}  # fmt: skip
