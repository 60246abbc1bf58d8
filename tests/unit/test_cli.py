"""The command line, end to end on digits, and its answers to bad input."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from conftest import ROOT

from genviz.cli import main

TINY_VAE = ["--hidden", "32", "--latent-dim", "4"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A few tiny checkpoints trained through the CLI once for this module."""
    out = tmp_path_factory.mktemp("ckpt")
    jobs = {
        "vae": ["vae", *TINY_VAE, "--epochs", "2"],
        "cvae": ["cvae", *TINY_VAE, "--epochs", "2"],
        "dae": ["dae", "--channels", "4,8", "--latent-dim", "8", "--epochs", "2"],
        "vqvae": [
            "vqvae",
            "--hidden",
            "16",
            "--codebook-size",
            "16",
            "--code-dim",
            "4",
            "--epochs",
            "2",
        ],
        "gan": ["gan", "--channels", "8,16", "--latent-dim", "8", "--epochs", "1"],
        "judge": ["classifier", "--channels", "16,32", "--features", "32", "--epochs", "10"],
    }
    for name, argv in jobs.items():
        assert main(["train", *argv, "--out", str(out), "--name", name, "--quiet"]) == 0
    assert (
        main(
            [
                "train",
                "pixelcnn",
                "--vqvae",
                str(out / "vqvae"),
                "--channels",
                "8",
                "--layers",
                "2",
                "--epochs",
                "1",
                "--out",
                str(out),
                "--name",
                "prior",
                "--quiet",
            ]
        )
        == 0
    )
    return out


def test_train_writes_a_checkpoint_with_history(trained):
    meta = json.loads((trained / "vae.json").read_text())
    assert meta["kind"] == "vae" and meta["dataset"] == "digits"
    assert meta["config"]["latent_dim"] == 4 and meta["config"]["hidden"] == [32]
    assert [h["epoch"] for h in meta["history"]] == [1, 2]
    assert meta["train"]["epochs"] == 2 and meta["seed"] == 0
    assert (trained / "vae.safetensors").stat().st_size == meta["weights"]["bytes"]


def test_eval_json_has_the_metrics_of_the_kind(trained, capsys):
    code, out, _ = run(capsys, "eval", trained / "vae", "--json", "--nll-samples", "20")
    assert code == 0
    result = json.loads(out)
    assert {"mse", "psnr", "elbo", "nll", "knn5_acc"} <= set(result)
    assert result["test_images"] == 360 and result["nll"] > 0 and result["elbo"] < 0
    assert 0 < result["knn5_acc"] <= 1
    code, out, _ = run(capsys, "eval", trained / "dae", "--json")
    result = json.loads(out)
    assert result["psnr_gain"] == pytest.approx(result["denoised_psnr"] - result["noisy_psnr"])
    code, out, _ = run(capsys, "eval", trained / "vqvae", "--json")
    assert {"perplexity", "codes_used_share", "dead_codes"} <= set(json.loads(out))
    code, out, _ = run(capsys, "eval", trained / "prior", "--json", "--limit", "50")
    assert json.loads(out)["bits_per_code"] > 0 and json.loads(out)["test_images"] == 50


def test_eval_pca_puts_the_linear_reference_beside_the_model(trained, capsys):
    found = {}
    for k in ("4", "32"):
        code, out, _ = run(capsys, "eval", trained / "dae", "--json", "--pca", k)
        found[k] = json.loads(out)[f"pca{k}_mse"]
    assert code == 0 and 0 < found["32"] < found["4"]  # more components, less error
    code, _, err = run(capsys, "eval", trained / "dae", "--pca", "0")
    assert code == 2 and "--pca" in err


def test_eval_with_a_classifier_judges_samples(trained, capsys):
    code, out, _ = run(capsys, "eval", trained / "judge", "--json")
    assert json.loads(out)["accuracy"] > 0.7
    for name in ("gan", "cvae"):
        code, out, _ = run(
            capsys,
            "eval",
            trained / name,
            "--json",
            "--nll-samples",
            "5",
            "--classifier",
            trained / "judge",
            "--samples",
            "200",
        )
        result = json.loads(out)
        assert code == 0 and result["samples"] == 200
        assert 0 <= result["class_entropy"] <= result["class_entropy_max"]
        assert result["frechet"] > 0
        assert ("fidelity" in result) == (name == "cvae")


def test_eval_save_stores_metrics_in_the_json(trained, capsys):
    assert run(capsys, "eval", trained / "gan", "--save")[0] == 0
    assert json.loads((trained / "gan.json").read_text())["metrics"]["test_images"] == 360


def test_encode_writes_latents_and_labels(trained, capsys, tmp_path):
    assert run(capsys, "encode", trained / "vae", "--out", tmp_path / "z.npz")[0] == 0
    z = np.load(tmp_path / "z.npz")
    assert z["z"].shape == (360, 4) and z["labels"].shape == (360,)
    assert (
        run(
            capsys,
            "encode",
            trained / "vqvae",
            "--split",
            "train",
            "--limit",
            "10",
            "--out",
            tmp_path / "codes.npy",
        )[0]
        == 0
    )
    codes = np.load(tmp_path / "codes.npy")
    assert codes.shape == (10, 4, 4) and codes.max() < 16
    assert np.load(tmp_path / "codes.labels.npy").shape == (10,)


def test_reconstruct_and_sample_write_images(trained, capsys, tmp_path):
    assert (
        run(
            capsys,
            "reconstruct",
            trained / "dae",
            "--noise",
            "gaussian:0.5",
            "--out",
            tmp_path / "r.npy",
        )[0]
        == 0
    )
    r = np.load(tmp_path / "r.npy")
    assert r.shape == (360, 1, 8, 8) and r.dtype == np.float32 and 0 <= r.min() <= r.max() <= 1
    for name, extra in [
        ("vae", []),
        ("cvae", ["--label", "3"]),
        ("gan", []),
        ("prior", ["--temperature", "0.5"]),
    ]:
        assert (
            run(
                capsys,
                "sample",
                trained / name,
                "--n",
                "7",
                *extra,
                "--out",
                tmp_path / f"{name}.npy",
            )[0]
            == 0
        )
        assert np.load(tmp_path / f"{name}.npy").shape == (7, 1, 8, 8)
    a, b = np.load(tmp_path / "gan.npy"), tmp_path / "again.npy"
    run(capsys, "sample", trained / "gan", "--n", "7", "--out", b)
    assert np.array_equal(a, np.load(b))  # seeded


def test_sample_with_a_classifier_keeps_confident_samples(capsys, tmp_path):
    shipped = ROOT / "checkpoints" / "digits"
    out = tmp_path / "kept.npy"
    argv = ["sample", shipped / "cgan", "--label", "5", "--n", "12", "--out", out]
    code, printed, _ = run(capsys, *argv, "--classifier", shipped / "classifier")
    assert code == 0 and "kept 12;" in printed and "samples drawn passed" in printed
    assert np.load(out).shape == (12, 1, 8, 8)


def test_list_table_gives_each_shipped_model_a_row_with_its_own_figure(capsys):
    code, out, _ = run(capsys, "list", "--root", str(ROOT / "checkpoints"), "--table")
    lines = out.splitlines()
    start = lines.index("## digits") + 2
    digits = lines[start : lines.index("", start)]  # up to the next set's blank line
    rows = {line.split(" | ")[0].strip("|` "): line for line in digits[2:]}
    assert code == 0 and digits[0].startswith("| name | kind | MSE")
    shipped = {p.stem for p in (ROOT / "checkpoints" / "digits").glob("*.json")}
    assert shipped <= set(rows)
    assert "accuracy 97." in rows["classifier"] and "codes used" in rows["vqvae"]
    assert "PSNR" in rows["dae"] and rows["gan"].split(" | ")[2] == "–"  # a GAN has no MSE
    assert "ae (conv, 16-D)" in rows["ae-conv"] and "dae (conv, gaussian 0.3, 16-D)" in rows["dae"]


def test_docs_results_is_what_list_table_prints(capsys):
    """docs/results.md is written by the command; a shipped figure changed, it says so."""
    code, out, _ = run(capsys, "list", "--root", str(ROOT / "checkpoints"), "--table")
    written = (ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    assert code == 0 and written == out, "run: python -m genviz list --table > docs/results.md"


def test_list_finds_the_checkpoints(trained, capsys):
    code, out, _ = run(capsys, "list", "--root", trained, "--json")
    kinds = {c["name"]: c["kind"] for c in json.loads(out)}
    assert kinds == {
        "vae": "vae",
        "cvae": "cvae",
        "dae": "dae",
        "vqvae": "vqvae",
        "gan": "gan",
        "prior": "pixelcnn",
        "judge": "classifier",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "vea"], "unknown model kind 'vea'"),
        (["train", "vae", "--dataset", "cifar"], "unknown dataset 'cifar'"),
        (["train", "vae", "--latent-dim", "0"], "latent_dim must be at least 1"),
        (["train", "vae", "--latent-dim", "1000000"], "over genviz's limit of 100,000,000"),
        (["train", "ae", "--hidden", "1000000,1000000"], "over genviz's limit"),
        (["train", "ae", "--beta", "2"], "ae has no option --beta"),
        (["train", "ae", "--hidden", "a,b"], "--hidden 'a,b' is not valid"),
        (["train", "vae", "--likelihood", "poisson"], "likelihood 'poisson' is not known"),
        (["train", "pixelcnn"], "give --base"),
        (["train", "vae", "--dataset", "kmnist", "--data", "{tmp}"], "genviz download kmnist"),
        (["eval", "{tmp}/nothing"], "no checkpoint at"),
        (
            ["sample", "{ckpt}/cvae", "--label", "12", "--out", "{tmp}/x"],
            "label 12 is out of range",
        ),
        (["sample", "{ckpt}/vae", "--label", "1", "--out", "{tmp}/x"], "not class-conditional"),
        (["sample", "{ckpt}/vqvae", "--out", "{tmp}/x"], "train a pixelcnn prior"),
        (["encode", "{ckpt}/gan", "--out", "{tmp}/x"], "has no encoder"),
        (["reconstruct", "{ckpt}/dae", "--noise", "blur:1", "--out", "{tmp}/x"], "unknown noise"),
        (["train", "vae", "--name", "vae", "--out", "{ckpt}"], "exists; choose another name"),
        (["eval", "{ckpt}/gan", "--classifier", "{ckpt}/vae"], "is a vae checkpoint"),
        (["retrain", "--dataset", "cifar"], "no recipes for cifar"),
        (["eval", "{ckpt}/vqvae", "--classifier", "{ckpt}/judge"], "has nothing to judge"),
        (["train", "vae", "--lr", "nan"], "--lr must be a number above 0"),
        (["train", "vae", "--lr", "inf"], "--lr must be a number above 0"),
        (["train", "vae", "--lr", "-1"], "--lr must be a number above 0"),
        (["train", "vae", "--epochs", "0"], "--epochs must be between 1"),
        (["train", "vae", "--name", "../../escape", "--out", "{tmp}"], "is not allowed"),
        (["train", "vae", "--name", "/etc/escape", "--out", "{tmp}"], "is not allowed"),
        (["train", "vae", "--name", "two\nlines", "--out", "{tmp}"], "is not allowed"),
        (["train", "vae", "--out", "/proc/genviz"], "cannot write to /proc/genviz"),
        (["sample", "{ckpt}/gan", "--n", "100000000", "--out", "{tmp}/x"], "--n must be between"),
        (["eval", "{ckpt}/vae", "--nll-samples", "100000000"], "--nll-samples must be between"),
        (["sample", "{ckpt}/prior", "--temperature", "nan", "--out", "{tmp}/x"], "--temperature"),
        (["sample", "{ckpt}/prior", "--temperature", "0", "--out", "{tmp}/x"], "--temperature"),
        (["sample", "{ckpt}/prior", "--temperature", "-1", "--out", "{tmp}/x"], "--temperature"),
        (
            ["reconstruct", "{ckpt}/dae", "--noise", "gaussian:nan", "--out", "{tmp}/x"],
            "out of range",
        ),
        (["train", "vae", "--beta", "nan"], "--beta 'nan' is not valid"),
        (["bench", "nothing"], "unknown benchmark 'nothing'"),
        (
            ["sample", "{ckpt}/gan", "--classifier", "{ckpt}/vae", "--out", "{tmp}/x"],
            "is a vae checkpoint",
        ),
    ],
)
def test_bad_input_exits_2_with_one_sentence(argv, message, trained, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path, ckpt=trained).replace("\\n", "\n") for a in argv]
    code, out, err = run(capsys, *argv, *(["--quiet"] if argv[0] == "train" else []))
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err


def test_a_run_that_saves_nothing_leaves_no_empty_folder(tmp_path, capsys):
    out = tmp_path / "user" / "kmnist"
    code, _, err = run(capsys, "train", "vae", "--dataset", "kmnist", "--data", str(tmp_path),
                       "--out", str(out), "--quiet")  # fmt: skip
    assert code == 2 and "KMNIST/raw" in err and not out.exists()


@pytest.mark.slow
def test_module_entry_point_and_ctrl_c(tmp_path):
    """A real `python -m genviz` process: Ctrl-C stops training and keeps finished epochs."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "genviz",
            "train",
            "ae",
            "--epochs",
            "100000",
            "--out",
            str(tmp_path),
            "--name",
            "long",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until one epoch has finished (the bar shows epoch 2)
        line = proc.stderr.readline()
        if "epoch 2/" in line:
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    meta = json.loads((tmp_path / "long.json").read_text())
    assert meta["train"]["cancelled"] and len(meta["history"]) >= 1
    listing = subprocess.run(
        [sys.executable, "-m", "genviz", "list", "--root", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listing.returncode == 0 and "long" in listing.stdout


def test_bench_runs_and_prints_both_figures(mnist_root, capsys):
    code, out, _ = run(capsys, "bench", "--data", mnist_root, "--rounds", "1", "--limit", "512")
    assert code == 0
    assert "reference loop" in out and "genviz fit" in out and "bar: <= 0.25" in out
    assert "(512 images)" in out and "machine load" in out


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(mnist_root):
    """`python -m genviz bench | head -1`: the reader leaves while the bench still prints."""
    argv = ["bench", "--data", str(mnist_root), "--rounds", "1", "--limit", "512"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "genviz", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().startswith("one epoch")
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141 and "Traceback" not in err, err


def test_bench_anomaly_prints_autoencoder_beside_pca(capsys):
    code, out, _ = run(
        capsys, "bench", "anomaly", "--dataset", "digits", "--epochs", "2", "--classes", "0,1"
    )
    assert code == 0
    assert "AE / |x|" in out and "PCA-20 MSE" in out and "bar: mean AUROC" in out
    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["0"], ["1"])]
    assert len(rows) == 2 and all(0 <= float(v) <= 100 for row in rows for v in row[1:])


def test_bench_translate_puts_pix2pix_beside_l1_alone_and_a_plain_autoencoder(capsys, tmp_path):
    from genviz.workflow import Settings, train_and_save

    folder = tmp_path / "digits"
    small = {"task": "masked", "channels": (4, 8), "d_channels": (8,)}
    train_and_save("pix2pix", "digits", small, Settings(epochs=1), folder / "pix2pix-masked")
    l1 = {**small, "adv_weight": 0.0}
    train_and_save("pix2pix", "digits", l1, Settings(epochs=1), folder / "pix2pix-masked-l1")
    judge = {"channels": (8, 16), "features": 16}
    train_and_save("classifier", "digits", judge, Settings(epochs=2), folder / "classifier")
    argv = ["--dataset", "digits", "--tasks", "masked", "--epochs", "1", "--checkpoints", tmp_path]
    code, out, _ = run(capsys, "bench", "translate", *argv)
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line.strip().startswith("masked")]
    names = [" ".join(r[1:-3]) for r in rows[:4]]
    assert names == [
        "the input itself",
        "pix2pix (L1 + adversarial)",
        "U-Net, L1 alone",
        "plain conv AE (1 epochs here)",
    ]
    assert all(0 <= float(r[-3]) <= 1 and float(r[-2]) >= 0 for r in rows[:4])
    assert all(r[-1].endswith("%") for r in rows[:4])


def test_bench_denoisers_times_and_judges_beside_the_gans(capsys, tmp_path):
    from genviz.workflow import Settings, train_and_save

    folder = tmp_path / "digits"
    small = {"channels": (8, 16), "cond_dim": 16, "ema_decay": 0.0}
    train_and_save("flow", "digits", small, Settings(epochs=1), folder / "flow")
    gan = {"channels": (8, 16), "latent_dim": 8}
    train_and_save("cgan", "digits", gan, Settings(epochs=1), folder / "cgan")
    judge = {"channels": (8, 16), "features": 16}
    train_and_save("classifier", "digits", judge, Settings(epochs=1), folder / "classifier")
    argv = ["--dataset", "digits", "--samples", "40", "--steps", "3", "--guidance", "0,2"]
    code, out, _ = run(capsys, "bench", "denoisers", *argv, "--checkpoints", tmp_path)
    assert code == 0, out
    assert "flow       3 steps, guidance 2:" in out and "cgan       one network call:" in out
    assert "(bar: < 3 s)" in out and "load" in out
    rows = [line.split() for line in out.splitlines()]
    rows = [r for r in rows if r[:1] in (["flow"], ["cgan"])]
    judged = [r for r in rows if len(r) >= 5 and r[-1].isdigit()]
    assert [r[0] for r in judged] == ["cgan", "flow", "flow"]
    assert "flow w=2: fidelity" in out and "cGAN's" in out
