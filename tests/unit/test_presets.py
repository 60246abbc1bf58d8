"""The course's networks, checked layer by layer against tables written from the notes'
architectures (parameter counts worked out by hand: a Linear a->b has a*b + b, a Conv2d
c->d with a 3x3 kernel 9*c*d + d, a BatchNorm2d of c channels 2*c)."""

import pytest
import torch
from conftest import tiny

from genviz import checkpoint, zoo
from genviz.analysis import summary
from genviz.cli import build_parser
from genviz.cli import main as cli
from genviz.cli.train import resolve_preset
from genviz.errors import GenvizError
from genviz.models import KINDS
from genviz.workflow import Settings

L, LR, R, F = "Linear", "LeakyReLU", "ReLU", "Flatten"
C, T, B = "Conv2d", "ConvTranspose2d", "BatchNorm2d"

# preset -> {part: (leaf layers in order, parameters)}
EXPECTED = {
    # 784-256-128-20, LeakyReLU(0.2)
    "course-mlp-ae": {
        "encoder": ([F, L, LR, L, LR, L], 200_960 + 32_896 + 2_580),
        "decoder": ([L, LR, L, LR, L], 2_688 + 33_024 + 201_488),
    },
    # Conv 1-8-16-32 (stride 2; batch norm after the second), 288 -> 128 -> 4, mirrored
    "course-conv-ae": {
        "encoder": ([C, R, C, B, R, C, R, F, L, R, L], 80 + 1_168 + 32 + 4_640 + 36_992 + 516),
        "decoder": ([L, R, L, R, T, B, R, T, B, R, T], 640 + 37_152 + 4_624 + 32 + 1_160 + 16 + 73),
    },
    # 784-400-400-200 (the encoder's last layer gives the mean and log-variance: 400 outputs)
    "course-vae-200": {
        "encoder": ([F, L, LR, L, LR, L], 314_000 + 160_400 + 160_400),
        "decoder": ([L, LR, L, LR, L], 80_400 + 160_400 + 314_384),
    },
    # 784-128-64-12-3, ReLU
    "course-ae-3d": {
        "encoder": ([F, L, R, L, R, L, R, L], 100_480 + 8_256 + 780 + 39),
        "decoder": ([L, R, L, R, L, R, L], 48 + 832 + 8_320 + 101_136),
    },
    # 784-400-20, ReLU
    "course-vae": {
        "encoder": ([F, L, R, L], 314_000 + 16_040),
        "decoder": ([L, R, L], 8_400 + 314_384),
    },
    # 784-16-784, no activation
    "course-linear-ae": {"encoder": ([F, L], 12_560), "decoder": ([L], 13_328)},
}


def test_every_preset_is_checked():
    assert set(EXPECTED) == set(zoo.COURSE)


@pytest.mark.parametrize("name", EXPECTED)
def test_preset_reproduces_the_notes_network(name):
    model = zoo.course(name).build()
    parts = {p.name: p for p in summary.layers(model)}
    assert set(parts) == set(EXPECTED[name])
    for part, (kinds, params) in EXPECTED[name].items():
        assert [row[0].strip() for row in parts[part].rows] == kinds, part
        assert parts[part].total == params, part
        assert sum(row[2] for row in parts[part].rows) == params  # every weight in a row
    total = sum(p.numel() for p in model.parameters())
    assert total == sum(params for _, params in EXPECTED[name].values())


def test_preset_settings_follow_the_notes():
    assert zoo.course("course-ae-3d").settings() == Settings(epochs=10, batch_size=64, lr=5e-3)
    assert zoo.course("course-vae").settings() == Settings(epochs=10, batch_size=128, lr=1e-3)
    assert zoo.course("course-vae").settings(seed=2).seed == 2
    with pytest.raises(GenvizError, match="no preset named"):
        zoo.course("course-nothing")


def test_course_conv_ae_output_shapes():
    parts = {p.name: p for p in summary.layers(zoo.course("course-conv-ae").build())}
    shapes = [row[1] for row in parts["encoder"].rows if row[0].strip() == C]
    assert shapes == ["(8, 14, 14)", "(16, 7, 7)", "(32, 3, 3)"]
    assert parts["decoder"].rows[-1][1] == "(1, 28, 28)"


def test_linear_ae_is_linear():
    model = zoo.course("course-linear-ae").build().eval()
    a, b = torch.rand(3, 1, 28, 28), torch.rand(3, 1, 28, 28)
    code = model.encode
    assert torch.allclose(code(a + b) - code(b), code(a) - code(torch.zeros_like(a)), atol=1e-5)


def test_every_kind_has_a_summary():
    for kind in KINDS:
        model = tiny(kind)
        parts = summary.layers(model)
        assert parts and all(p.total > 0 and p.rows for p in parts), kind
        assert sum(p.total for p in parts) <= sum(x.numel() for x in model.parameters())


def test_summary_command(capsys):
    assert cli(["summary", "--preset", "course-ae-3d"]) == 0
    out = capsys.readouterr().out
    assert "kind ae, 219,891 parameters" in out and "encoder" in out and "decoder" in out
    assert cli(["summary"]) == 2
    assert "give a checkpoint or --preset" in capsys.readouterr().err


def test_train_from_a_preset(tmp_path, capsys):
    out = tmp_path / "runs"
    argv = ["train", "--preset", "course-ae-3d", "--dataset", "digits", "--epochs", "1"]
    assert cli([*argv, "--out", str(out), "--name", "ae3d", "--quiet"]) == 0
    ckpt = checkpoint.load(out / "ae3d")
    assert ckpt.model.config.latent_dim == 3 and ckpt.model.config.hidden == (128, 64, 12)
    assert ckpt.meta["train"]["lr"] == 5e-3 and ckpt.meta["train"]["batch_size"] == 64
    assert cli(["train", "vae", "--preset", "course-ae-3d"]) == 2
    assert "trains kind ae, not vae" in capsys.readouterr().err


def test_a_preset_names_its_dataset():
    args = build_parser().parse_args(["train", "--preset", "course-ae-3d"])
    options, settings = resolve_preset(args)
    assert (args.kind, args.dataset) == ("ae", "fashion-mnist")
    assert options["latent_dim"] == 3 and settings["epochs"] == 10
