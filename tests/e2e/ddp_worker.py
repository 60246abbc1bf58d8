"""One rank of tests/e2e/test_distributed.py, started by torchrun: trains tiny models with
train.fit on the digits and writes this rank's weights and loss curve under OUT."""

import json
import os
import sys
from pathlib import Path

from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for conftest
from conftest import tiny  # noqa: E402

from genviz import data, distributed  # noqa: E402
from genviz.train import fit  # noqa: E402

out = Path(sys.argv[1])
train = data.load_dataset("digits", "train").take(slice(0, 512))
with distributed.session("cpu"):
    for kind in sys.argv[2:]:
        # codes idle for 4 steps restart, so the ranks' shared re-seeding is exercised too
        model = tiny(kind, **({"dead_after": 4} if kind == "vqvae" else {}))
        result = fit(model, train, epochs=3, batch_size=64, device="cpu", precision="fp32")
        tag = f"{kind}-{distributed.rank()}-of-{distributed.world()}"
        state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
        save_file(state, out / f"{tag}.safetensors")
        (out / f"{tag}.json").write_text(json.dumps(result.history))
os._exit(0)  # as python -m genviz does under torchrun: past torch's C++ teardown
