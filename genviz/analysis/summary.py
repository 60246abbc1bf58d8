"""A model's layers, as torchinfo (the successor of torchsummary) lists them: each layer's
output shape and parameter count, and the totals, for each network of the model (encoder and
decoder apart)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from genviz.models import GenModel


@dataclass
class Part:
    name: str  # encoder, decoder, generator, ...
    rows: list[tuple[str, str, int]]  # (layer, output shape, parameters), in order
    total: int  # parameters
    text: str  # torchinfo's own table


def layers(model: GenModel, depth: int = 4) -> list[Part]:
    """Each network of the model with its layers. It runs on a copy in eval mode: torchinfo
    hooks every layer, and the model may be serving other users at the same time."""
    from torchinfo import summary

    found = []
    for name, (module, inputs) in copy.deepcopy(model).parts().items():
        stats = summary(
            module,
            input_data=inputs,
            depth=depth,
            mode="eval",
            verbose=0,
            col_names=("output_size", "num_params"),
            row_settings=("var_names",),
        )
        rows = [
            (
                f"{'  ' * (info.depth - 1)}{info.class_name}",
                str(tuple(info.output_size)[1:]),
                info.num_params,
            )
            for info in stats.summary_list  # an empty Sequential (no hidden layer) computes nothing
            if info.depth > 0 and info.is_leaf_layer and info.class_name != "Sequential"
        ]
        found.append(Part(name, rows, stats.total_params, str(stats)))
    return found
