"""The out-of-distribution probe: each detector's scores and AUROC, the errors it explains, and
the benchmark that prints both directions of a pair of datasets."""

import pytest
import torch
from conftest import tiny

from genviz import data
from genviz.analysis import ood
from genviz.errors import GenvizError
from genviz.train import fit


def test_aurocs_are_100_when_foreign_scores_are_higher_and_0_when_lower():
    low, high = torch.arange(5.0), torch.arange(5.0) + 10
    z = torch.zeros(5, 2)
    assert ood.Probe({"recon": low}, {"recon": high}, z, z).aurocs() == {"recon": 100.0}
    assert ood.Probe({"recon": high}, {"recon": low}, z, z).aurocs() == {"recon": 0.0}


def test_kth_neighbour_distance_is_the_kth_smallest_distance():
    train = torch.tensor([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [6.0, 0.0]])
    z = torch.tensor([[0.0, 0.0], [10.0, 0.0]])
    assert ood.kth_neighbour_distance(train, z, k=2).tolist() == [1.0, 7.0]
    assert ood.kth_neighbour_distance(train, z, k=4).tolist() == [6.0, 10.0]
    # z[0] is train[0]: told so, it is not its own nearest neighbour
    same = torch.tensor([0, -1])
    assert ood.kth_neighbour_distance(train, z, k=1, same=same).tolist() == [1.0, 4.0]


def test_foreign_sets_are_the_other_28x28_sets_present():
    assert ood.foreign_sets("mnist") == ["fashion-mnist", "kmnist"]
    assert ood.foreign_sets("mnist", {"fashion-mnist": True, "kmnist": False}) == ["fashion-mnist"]
    assert ood.foreign_sets("digits") == []  # 8x8: no other set of its size


def test_map_coords_keep_a_2d_latent_and_project_wider_ones_by_the_own_images():
    own, foreign = torch.randn(50, 2), torch.randn(20, 2)
    assert ood.map_coords(own, foreign) == (own, foreign)
    a, b = ood.map_coords(torch.randn(50, 6), torch.randn(20, 6))
    assert a.shape == (50, 2) and b.shape == (20, 2)


def test_the_probe_explains_a_conditional_model_and_a_size_mismatch(digits, mnist_root):
    with pytest.raises(GenvizError) as e:
        ood.probe(tiny("cvae"), digits, digits, digits)
    assert e.value.key == "ood_needs_encoder"
    mnist = data.load_dataset("mnist", "test", root=mnist_root).take(10)
    with pytest.raises(GenvizError) as e:
        ood.probe(tiny("ae"), digits, digits, mnist)
    assert e.value.key == "ood_shape" and "28x28" in str(e.value)


@pytest.fixture(scope="module")
def mnist_and_fashion(mnist_root):
    if not data.available(mnist_root)["fashion-mnist"]:
        pytest.skip("real Fashion-MNIST is not under the data root")
    train = data.load_dataset("mnist", "train", root=mnist_root).take(3000)
    own = data.load_dataset("mnist", "test", root=mnist_root).take(300)
    foreign = data.load_dataset("fashion-mnist", "test", root=mnist_root).take(300)
    return train, own, foreign


@pytest.mark.parametrize("kind", ["ae", "vae"])
def test_a_model_trained_on_mnist_finds_fashion_images_foreign(kind, mnist_and_fashion):
    train, own, foreign = mnist_and_fashion
    model = tiny(kind, image_shape=(1, 28, 28), hidden=(64,), latent_dim=8)
    fit(model, train, epochs=3, batch_size=64, seed=0)
    found = ood.probe(model, train, own, foreign, nll_samples=4)
    expected = {"recon", "knn", "pca"} | ({"nll"} if kind == "vae" else set())
    assert set(found.own) == set(found.foreign) == expected
    assert all(len(s) == 300 for s in (*found.own.values(), *found.foreign.values()))
    assert found.own_z.shape == found.foreign_z.shape == (300, 8)
    aurocs = found.aurocs()
    # clothes are far from every digit the model learned: its own error says so, as does PCA's
    assert aurocs["recon"] > 80 and aurocs["pca"] > 80, aurocs


def test_bench_ood_prints_both_directions_beside_pca(mnist_and_fashion, mnist_root, capsys):
    from benchmarks import ood as bench

    models = "ae-2d,vae-2d"
    argv = ["--limit", "60", "--train", "300", "--nll-samples", "2", "--models", models]
    assert bench.main([*argv, "--data", str(mnist_root)]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("  mnist ")]
    assert [r[2] for r in rows] == ["ae-2d", "vae-2d"]
    assert rows[0][3] != "-" and rows[0][4] == "-"  # an AE has no likelihood
    assert all(0 <= float(v) <= 100 for r in rows for v in r[3:7] if v != "-")
    assert "PCA-20" in out.splitlines()[1]


def test_a_probe_maps_wide_latents_by_pca_and_keeps_a_stored_map():
    scores = {"recon": torch.rand(30)}
    wide = ood.Probe(scores, scores, torch.randn(30, 6), torch.randn(30, 6))
    a, b, projected = wide.map()
    assert a.shape == b.shape == (30, 2) and projected
    stored = ood.Probe(scores, scores, a, b, projected=True)  # as shipped: the map only
    assert stored.map() == (a, b, True)
    flat = ood.Probe(scores, scores, torch.randn(30, 2), torch.randn(30, 2))
    assert flat.map()[2] is False
