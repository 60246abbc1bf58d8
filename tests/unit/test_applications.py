"""PCA, the autoencoder's uses (anomaly scores, clustering, classification from latents) and
rejection sampling by a classifier."""

import pytest
import torch
from conftest import ROOT
from sklearn.decomposition import PCA as SkPCA

from genviz import checkpoint
from genviz.analysis import applications as apps
from genviz.analysis import metrics
from genviz.analysis.generate import rejection_sample
from genviz.analysis.pca import PCA
from genviz.errors import GenvizError
from genviz.models.base import Capabilities

SHIPPED = ROOT / "checkpoints" / "digits"


def test_pca_matches_scikit_learn(digits):
    x = digits.floats().flatten(1)
    ours = PCA(5).fit(x)
    theirs = SkPCA(5).fit(x.numpy())
    assert torch.allclose(
        ours.explained_variance.float(), torch.tensor(theirs.explained_variance_), rtol=1e-4
    )
    # the same subspace: reconstructions agree
    back = theirs.inverse_transform(theirs.transform(x.numpy()))
    assert torch.allclose(ours.reconstruct(x), torch.tensor(back), atol=1e-4)
    assert torch.equal(ours.transform(x), PCA(5).fit(x).transform(x))  # deterministic signs


def test_pca_error_falls_with_components(digits, digits_test):
    errors = [float(apps.pca_errors(digits, digits_test, k).mean()) for k in (2, 10, 40)]
    assert errors[0] > errors[1] > errors[2] > 0


def test_pca_refuses_more_components_than_points():
    with pytest.raises(GenvizError, match="needs at least 5 points"):
        PCA(5).fit(torch.rand(3, 10))


def test_auroc_orders_scores():
    positive = torch.tensor([False, False, True, True])
    assert apps.auroc(torch.tensor([0.1, 0.2, 0.8, 0.9]), positive) == 100
    assert apps.auroc(torch.tensor([0.9, 0.8, 0.2, 0.1]), positive) == 0
    with pytest.raises(GenvizError, match="both normal and anomalous"):
        apps.auroc(torch.rand(4), torch.ones(4, dtype=torch.bool))


def test_one_class_autoencoder_flags_other_digits(digits, digits_test):
    normal = apps.one_class(digits, 0)
    assert set(normal.labels.tolist()) == {0}
    spec = {"kind": "ae", "hidden": (64,), "latent_dim": 4}
    model = apps.train_one_class(digits, 0, epochs=60, spec=spec, batch_size=32)
    assert not model.training
    errors = metrics.reconstruction_errors(model, digits_test)
    anomalous = digits_test.labels != 0
    assert apps.auroc(errors, anomalous) > 90
    assert apps.auroc(apps.normalised(errors, digits_test), anomalous) > 90
    scores = apps.one_class_scores(model, normal, digits_test)
    assert torch.allclose(scores["error"], apps.normalised(errors, digits_test))
    assert apps.auroc(scores["latent"], anomalous) > 80
    assert apps.auroc(scores["combined"], anomalous) > 90
    # standard units of the normal training images: the normal class scores near zero
    on_normal = apps.one_class_scores(model, normal, normal)["combined"]
    assert abs(float(on_normal.mean())) < 1e-3
    with pytest.raises(GenvizError, match="class 12 has no images"):
        apps.one_class(digits, 12)


def test_one_class_training_repeats_from_the_class_seed(digits, digits_test):
    spec = {"kind": "ae", "hidden": (16,), "latent_dim": 2}
    a, b = (apps.train_one_class(digits, 3, epochs=1, spec=spec) for _ in range(2))
    torch.manual_seed(123)  # whatever the global generator holds
    c = apps.train_one_class(digits, 3, epochs=1, spec=spec)
    x = digits_test.floats(slice(0, 20))
    with torch.no_grad():
        assert torch.equal(a.encode(x), b.encode(x)) and torch.equal(a.encode(x), c.encode(x))


def test_latent_distance_is_mahalanobis_from_the_normal_latents(digits):
    class Identity(torch.nn.Module):  # a model whose latent is two pixels, one stretched
        device = torch.device("cpu")
        can = Capabilities()

        def features(self, x, y=None):
            return x.flatten(1)[:, 27:29] * torch.tensor([1.0, 4.0])

    normal = digits.take(slice(0, 400))
    model = Identity()
    z = model.features(normal.floats())
    found = apps.latent_distance(model, normal, normal)
    d = (z - z.mean(0)).double()
    expected = (d @ torch.linalg.inv(torch.cov(d.T)) * d).sum(1)
    assert torch.allclose(found.double(), expected, rtol=1e-4)
    assert abs(float(found.mean()) - 2 * 399 / 400) < 1e-3  # the mean of a fitted chi-square(2)


def test_normalised_divides_by_the_images_rms(digits_test):
    part = digits_test.take(5)
    rms = part.floats().flatten(1).square().mean(1).sqrt()
    assert torch.allclose(apps.normalised(torch.ones(5), part), 1 / rms)


def test_pixels_cluster_and_classify_above_chance(digits, digits_test):
    clusters = apps.clustering_scores(digits_test.floats().flatten(1), digits_test.labels, 10)
    assert 0.5 < clusters["nmi"] <= 1 and 0.3 < clusters["ari"] <= 1
    scores = apps.classification_scores(
        digits.floats().flatten(1),
        digits.labels,
        digits_test.floats().flatten(1),
        digits_test.labels,
    )
    assert scores["knn"] > 0.95 and scores["logreg"] > 0.9


def test_representations_cover_latents_pixels_and_pca(digits, digits_test):
    model = checkpoint.load(SHIPPED / "ae-conv").model
    reps = apps.representations(model, digits, digits_test, pca_k=8)
    assert list(reps) == ["latents", "pixels", "PCA-8"]
    assert reps["PCA-8"][1].shape == (len(digits_test), 8)
    assert reps["latents"][0].shape == (len(digits), model.config.latent_dim)


def test_rejection_sampling_keeps_only_confident_samples_of_the_class():
    judge = checkpoint.load(SHIPPED / "classifier").model
    cgan = checkpoint.load(SHIPPED / "cgan").model
    gen = torch.Generator().manual_seed(0)
    found = rejection_sample(cgan, judge, 40, label=3, min_confidence=0.95, generator=gen)
    assert len(found.images) == 40 and found.accepted >= 40
    assert (found.labels == 3).all() and (found.confidence >= 0.95).all()
    assert 0 < found.acceptance <= 1
    again_label, again_conf = judge.predict(found.images)
    assert torch.equal(again_label, found.labels)
    # a model the classifier never trusts: returns what it found within the draw limit
    none = rejection_sample(cgan, judge, 10, label=3, min_confidence=0.999999, max_draws=64)
    assert none.drawn == 64 and len(none.images) <= 10
