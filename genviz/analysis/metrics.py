"""Metrics on a split: reconstruction MSE/PSNR, VAE likelihoods, kNN accuracy of latents, the
scores of generated images, and `evaluate`, which picks the ones that fit a model's
capabilities (codebook use: genviz.analysis.codes; image-to-image: .translation)."""

from __future__ import annotations

import math

import torch

from genviz.analysis import disentangle
from genviz.analysis.batches import BATCH, batched, embed, map_batches
from genviz.analysis.codes import LEVEL_INDEX, code_counts, codebook_stats, level_swap_scores
from genviz.analysis.generate import samples as draw_samples
from genviz.analysis.pca import PCA
from genviz.analysis.translation import sharpness_ratio, translations
from genviz.data import Split, binarize, corrupt
from genviz.models import GenModel
from genviz.models.classifier import Classifier


def psnr(mse: torch.Tensor) -> torch.Tensor:
    """Peak signal-to-noise ratio in dB for images in [0, 1], from per-image MSE."""
    return 10 * torch.log10(1 / mse.clamp(min=1e-10))


def per_image_mse(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).square().flatten(1).mean(1)  # (B, C, H, W) -> (B,)


def reconstruction_errors(
    model: GenModel, data: Split, noise: tuple[str, float] | None = None, seed: int = 0
) -> torch.Tensor:
    """Per-image MSE of the model's reconstruction of each image: (N,). With `noise`, the
    input is corrupted first (seeded) and the output compared with the clean image."""
    model.eval()
    gen = torch.Generator().manual_seed(seed)

    def error(x, y):
        noisy = x if noise is None else corrupt(x.cpu(), *noise, generator=gen).to(x.device)
        return per_image_mse(model.reconstruct(noisy, y), x)

    return batched(error, data, model.device)


def knn_accuracy(
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    test_x: torch.Tensor,
    test_y: torch.Tensor,
    k: int = 5,
) -> float:
    """Share of test points whose k nearest training points (Euclidean) vote for their label;
    a tie goes to the class of the nearer neighbours."""
    classes = int(max(train_y.max(), test_y.max())) + 1
    correct = 0
    for start in range(0, len(test_x), 1000):
        d = torch.cdist(test_x[start : start + 1000], train_x)  # (b, N_train)
        nearest = d.topk(k, largest=False).indices  # (b, k), nearest first
        votes = torch.zeros(len(nearest), classes)
        weight = 1 + torch.linspace(1e-3, 0, k)  # ties: the nearer neighbours win
        votes.scatter_add_(1, train_y[nearest], weight.expand(len(nearest), k))
        correct += int((votes.argmax(1) == test_y[start : start + 1000]).sum())
    return correct / len(test_x)


def frechet_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """Frechet distance between Gaussians fitted to two feature sets (N, F) (Heusel et al.
    2017): |mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a^1/2 S_b S_a^1/2)^1/2), in float64."""
    a, b = a.double(), b.double()
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = torch.cov(a.T), torch.cov(b.T)
    vals, vecs = torch.linalg.eigh(s_a)
    root_a = vecs @ torch.diag(vals.clamp(min=0).sqrt()) @ vecs.T
    cross = torch.linalg.eigvalsh(root_a @ s_b @ root_a).clamp(min=0).sqrt().sum()
    return float((mu_a - mu_b).square().sum() + s_a.trace() + s_b.trace() - 2 * cross)


@torch.no_grad()
@torch.no_grad()
def gaussian_frechet(base: GenModel, test: Split, classifier: Classifier, n: int, real) -> float:
    """The Frechet distance of a base model's decodings of n draws from a full-covariance
    Gaussian fitted to its latents of the test images: the simplest prior over those
    latents, what a learned latent prior must beat."""
    z = embed(base, test).double()
    cov = torch.cov(z.T) + 1e-6 * torch.eye(z.shape[1], dtype=z.dtype)
    gauss = torch.distributions.MultivariateNormal(z.mean(0), covariance_matrix=cov)
    torch.manual_seed(0)
    draws = gauss.sample((n,)).float()
    images = map_batches(lambda d: base.decode(d), draws, device=base.device)
    return sample_scores(classifier, images, None, real)["frechet"]


def sample_scores(
    classifier: Classifier,
    samples: torch.Tensor,
    asked: torch.Tensor | None = None,
    real_features: torch.Tensor | None = None,
    batch: int = BATCH,
) -> dict[str, float]:
    """How a trained classifier judges generated images (N, C, H, W):
    fidelity (share labelled as the class asked for), confident_share (top probability >=
    0.9), class_entropy of the predicted-class histogram (ln K when every class is equally
    common; mode collapse shows as less), and the Frechet distance to real images'
    features in the classifier's feature layer."""
    dev = classifier.device

    def judge(x):
        label, confidence = classifier.predict(x)
        return torch.stack([label.float(), confidence], 1)  # (B, 2)

    pred = map_batches(judge, samples, device=dev, batch=batch)
    label, confidence = pred[:, 0].long(), pred[:, 1]
    p = torch.bincount(label, minlength=classifier.config.num_classes).double() / len(label)
    out = {
        "samples": len(samples),
        "confident_share": float((confidence >= 0.9).double().mean()),
        "class_entropy": float(-(p * p.clamp(min=1e-12).log()).sum()),
        "class_entropy_max": math.log(classifier.config.num_classes),
    }
    if asked is not None:
        out["fidelity"] = float((label == asked.cpu()).double().mean())
    if real_features is not None:
        fake = map_batches(classifier.features, samples, device=dev, batch=batch)
        out["frechet"] = frechet_distance(fake, real_features)
    return out


def translation_scores(model: GenModel, test: Split, classifier=None) -> dict[str, float]:
    """Mean L1 error and PSNR of the outputs against the targets (and of the inputs, the
    figure to beat), their sharpness (mean absolute difference of neighbouring pixels, as a
    share of the targets': below 1 is blurrier than the data); with a classifier, its
    accuracy on outputs and inputs."""
    inputs, outputs, targets = translations(model, test)
    out = {
        "l1": float((outputs - targets).abs().mean()),
        "input_l1": float((inputs - targets).abs().mean()),
        "psnr": float(psnr(per_image_mse(outputs, targets)).mean()),
        "sharpness": sharpness_ratio(outputs, targets),
    }
    if classifier is not None:
        classifier.eval()
        for name, images in (("output", outputs), ("input", inputs)):
            pred = map_batches(lambda x: classifier.predict(x)[0], images, device=classifier.device)
            out[f"{name}_accuracy"] = float((pred.cpu() == test.labels).double().mean())
    return out


def likelihood_data(model: GenModel, data: Split) -> Split:
    """The split a VAE's likelihood is measured on: binarized once (seed 0) if it was trained
    on binarized images, as the literature does; else the grey levels themselves."""
    if not model.config.binarize:
        return data
    gen = torch.Generator().manual_seed(0)
    binary = binarize(data.images.float() / 255, gen).mul_(255).to(torch.uint8)
    return Split(data.name, data.split, binary, data.labels, data.class_names)


def evaluate(
    model: GenModel,
    test: Split,
    train: Split | None = None,
    *,
    nll_samples: int = 1000,
    noise: tuple[str, float] | None = None,
    knn_k: int = 5,
    classifier: Classifier | None = None,
    samples: int = 10_000,
    pca_k: int | None = None,
    second_judge: Classifier | None = None,
) -> dict[str, float | int | str]:
    """The test-set metrics that fit the model's kind (see the README's table); with a
    trained `classifier` of the same dataset, also the scores of `samples` generated images
    (and the real test images' confident share beside them); with a `second_judge`, an
    independently trained classifier, its verdicts on the same samples and images too
    (keys judge2_...);
    with `pca_k` and the training split, the MSE of PCA with that many components beside an
    encoder's own (the linear reference, fitted on the same training images)."""
    model.eval()
    dev = model.device
    can = model.can
    out: dict[str, float | int | str] = {"test_images": len(test)}
    torch.manual_seed(0)
    if can.encode:
        mse = reconstruction_errors(model, test)
        out["mse"] = float(mse.mean())
        out["psnr"] = float(psnr(mse).mean())
    if can.likelihood:  # a cVAE's figure is log p(x | y)
        data = likelihood_data(model, test)
        out["elbo"] = float(batched(lambda x, y: model.elbo(x, y), data, dev).mean())
        nll = batched(lambda x, y: -model.log_likelihood(x, y, nll_samples), data, dev, 100)
        out["nll"] = float(nll.mean())
        out["nll_samples"] = nll_samples
        out["nll_data"] = "binarized" if model.config.binarize else "grey levels"
    if can.denoise or (noise is not None and can.encode):
        noise = noise or (model.config.noise, model.config.noise_level)
        clean = test.floats()
        noisy = corrupt(clean, *noise, torch.Generator().manual_seed(0))
        denoised = map_batches(lambda n, y: model.reconstruct(n, y), noisy, test.labels, device=dev)
        out["noisy_psnr"] = float(psnr(per_image_mse(noisy, clean)).mean())
        out["denoised_psnr"] = float(psnr(per_image_mse(denoised, clean)).mean())
        out["psnr_gain"] = out["denoised_psnr"] - out["noisy_psnr"]
    if can.codebook:
        out.update(codebook_stats(code_counts(model, test)))
    if can.hierarchy:
        for level in LEVEL_INDEX:
            stats = codebook_stats(code_counts(model, test, level=level))
            out.update({f"{k}_{level}": v for k, v in stats.items()})
    if can.prior:
        nll = batched(lambda x, y: model.loss(x, y)[0].expand(len(x)), test, dev)
        out["nll_per_code"] = float(nll.mean())
        out["bits_per_code"] = out["nll_per_code"] / math.log(2)
    if can.translate:
        out.update(translation_scores(model, test, classifier))
    if can.hierarchy and classifier is not None:
        classifier.eval()
        out.update(level_swap_scores(model, test, classifier))
    if can.judge:
        pred = batched(lambda x, y: model.predict(x)[0], test, dev)
        out["accuracy"] = float((pred == test.labels).double().mean())
    if classifier is not None and can.sample:
        classifier.eval()
        fake, asked = draw_samples(model, samples)
        real = embed(classifier, test)
        out.update(sample_scores(classifier, fake, asked, real))
        x = test.floats()
        out["real_confident_share"] = sample_scores(classifier, x)["confident_share"]
        if second_judge is not None:
            second_judge.eval()
            found = sample_scores(second_judge, fake, asked)
            found["real_confident_share"] = sample_scores(second_judge, x)["confident_share"]
            out |= {f"judge2_{k}": v for k, v in found.items() if k != "samples"}
        if can.built_on == "vector":  # a learned latent prior against a fitted Gaussian
            out["gaussian_frechet"] = gaussian_frechet(model.base, test, classifier, samples, real)
    if can.encode and train is not None and pca_k:
        x = test.floats()
        out[f"pca{pca_k}_mse"] = float(
            per_image_mse(PCA(pca_k).fit(train.floats()).reconstruct(x), x).mean()
        )
    if can.encode and can.latent == "vector" and train is not None and test.factors is not None:
        found = disentangle.measure(model, train, test)
        out["mig"] = found.mig
        out |= {f"probe_{n}": float(a) for n, a in zip(found.factor_names, found.probe)}
    if can.encode and train is not None:
        out[f"knn{knn_k}_acc"] = knn_accuracy(
            embed(model, train), train.labels, embed(model, test), test.labels, knn_k
        )
    return out
