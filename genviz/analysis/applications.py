"""The classic uses of an autoencoder: anomaly detection by reconstruction error, clustering
of latents, and classification from latents, each beside the raw-pixel and PCA baselines."""

from __future__ import annotations

import numpy as np
import torch

from genviz.analysis.batches import embed
from genviz.analysis.metrics import knn_accuracy, per_image_mse, reconstruction_errors
from genviz.analysis.pca import PCA
from genviz.data import Split
from genviz.errors import GenvizError
from genviz.models import GenModel, build_for
from genviz.train import fit

# the one-class AE of `bench anomaly` and the app's Applications page, chosen by measurement
# (README): a larger latent or longer training generalises to the other digits, a smaller
# one fits none well
ONE_CLASS_MODEL = {"kind": "ae", "arch": "conv", "channels": (16, 32, 64), "latent_dim": 16}


def normalised(errors: torch.Tensor, data: Split) -> torch.Tensor:
    """Reconstruction errors divided by each image's RMS brightness. A thin, faint image
    (a '1') is easy for any autoencoder to reconstruct, so raw MSE calls it normal whatever
    the class; this score asks how much of the image's own ink was missed."""
    rms = data.floats().flatten(1).square().mean(1).sqrt()
    return errors / rms.clamp(min=1e-3)


def latent_distance(model: GenModel, normal: Split, data: Split) -> torch.Tensor:
    """Each image's squared Mahalanobis distance from the normal images in the latent space
    (a Gaussian fitted to their latents): an image the decoder rebuilds well can still be
    encoded far from every normal one."""
    z_normal, z = embed(model, normal).double(), embed(model, data).double()
    mean = z_normal.mean(0)
    ridge = 1e-6 * torch.eye(z.shape[1], dtype=torch.double)
    precision = torch.linalg.inv(torch.cov((z_normal - mean).T) + ridge)
    d = z - mean
    return ((d @ precision) * d).sum(1).float()


def one_class_scores(model: GenModel, normal: Split, data: Split) -> dict[str, torch.Tensor]:
    """An autoencoder's anomaly scores of `data`, trained on `normal` alone: "error" (the
    normalised reconstruction error), "latent" (`latent_distance`), and "combined": the two
    added in standard units, each the log of the score standardised by its mean and spread
    over the normal training images (no test label is looked at)."""
    found = {}
    for name, score in (
        ("error", lambda x: normalised(reconstruction_errors(model, x), x)),
        ("latent", lambda x: latent_distance(model, normal, x)),
    ):
        reference = score(normal).clamp(min=1e-12).log()
        found[name] = score(data)
        logs = found[name].clamp(min=1e-12).log()
        found[f"{name}_std"] = (logs - reference.mean()) / reference.std().clamp(min=1e-6)
    found["combined"] = found.pop("error_std") + found.pop("latent_std")
    return found


def pca_errors(train: Split, test: Split, k: int) -> torch.Tensor:
    """Per-image MSE of the test images projected onto train's first k components."""
    pca = PCA(k).fit(train.floats())
    x = test.floats()
    return per_image_mse(pca.reconstruct(x), x)


def auroc(scores: torch.Tensor, positive: torch.Tensor) -> float:
    """Area under the ROC curve, in percent, of `scores` ranking `positive` (bool) first."""
    positive = positive.bool()
    if positive.all() or not positive.any():
        raise GenvizError("AUROC needs both normal and anomalous images in the test set.")
    from sklearn.metrics import roc_auc_score  # scikit-learn on first use: a second to import

    return 100 * float(roc_auc_score(positive.numpy(), scores.double().numpy()))


def one_class(data: Split, label: int) -> Split:
    """The images of one class: the 'normal' training set of one-class anomaly detection."""
    keep = (data.labels == label).nonzero().flatten()
    if len(keep) == 0:
        raise GenvizError(f"class {label} has no images in the {data.split} split.")
    return data.take(keep)


def train_one_class(
    train: Split,
    label: int,
    epochs: int,
    device: str = "cpu",
    spec: dict | None = None,
    batch_size: int = 128,
) -> GenModel:
    """A model (ONE_CLASS_MODEL unless `spec` says otherwise) trained on the images of one
    class only, seeded by the class; returned in eval mode."""
    spec = dict(spec or ONE_CLASS_MODEL)
    normal = one_class(train, label)
    torch.manual_seed(label)  # the initial weights too, not only the data order
    model = build_for(spec.pop("kind"), train, spec)
    fit(
        model,
        normal,
        epochs=epochs,
        batch_size=batch_size,
        device=device,
        seed=label,
    )
    return model.eval()


def one_class_aurocs(
    train: Split, test: Split, label: int, epochs: int, device="cpu", pca_k=20, spec=None
) -> dict[str, float]:
    """One class as normal, every other class as anomalous: the AUROC (%) of the one-class
    autoencoder's combined score (`one_class_scores`) and of its normalised error alone, and
    of PCA-k fitted on the same images, each on the normalised score and on raw MSE."""
    net = train_one_class(train, label, epochs, device, spec)
    normal = one_class(train, label)
    ae, pca = reconstruction_errors(net, test), pca_errors(normal, test, pca_k)
    anomalous = test.labels != label
    return {
        "ae": auroc(one_class_scores(net, normal, test)["combined"], anomalous),
        "ae_error": auroc(normalised(ae, test), anomalous),
        "ae_mse": auroc(ae, anomalous),
        "pca": auroc(normalised(pca, test), anomalous),
        "pca_mse": auroc(pca, anomalous),
    }


def clustering_scores(x: torch.Tensor, labels: torch.Tensor, k: int, seed: int = 0):
    """k-means on the rows of x; NMI and ARI of the clusters against the true labels."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    found = KMeans(k, n_init=4, random_state=seed).fit_predict(x.double().numpy())
    y = labels.numpy()
    return {
        "nmi": float(normalized_mutual_info_score(y, found)),
        "ari": float(adjusted_rand_score(y, found)),
    }


def classification_scores(train_x, train_y, test_x, test_y, knn_k: int = 5, seed: int = 0):
    """Test accuracy of kNN and of logistic regression fitted on the training rows."""
    from sklearn.linear_model import LogisticRegression

    mean, std = train_x.mean(0), train_x.std(0).clamp(min=1e-6)
    logreg = LogisticRegression(max_iter=500, random_state=seed)
    logreg.fit(((train_x - mean) / std).numpy(), train_y.numpy())
    predicted = logreg.predict(((test_x - mean) / std).numpy())
    return {
        "knn": knn_accuracy(train_x, train_y, test_x, test_y, knn_k),
        "logreg": float(np.mean(predicted == test_y.numpy())),
    }


def representations(model: GenModel, train: Split, test: Split, pca_k: int):
    """name -> (train rows, test rows) for the model's latents, raw pixels and PCA-k."""
    pixels = train.floats().flatten(1), test.floats().flatten(1)
    pca = PCA(pca_k).fit(pixels[0])
    return {
        "latents": (embed(model, train), embed(model, test)),
        "pixels": pixels,
        f"PCA-{pca_k}": (pca.transform(pixels[0]), pca.transform(pixels[1])),
    }
