"""The ten lessons, in the course's order: each step is a text (lesson.<n>.<step> in
ui/text), an optional formula, and the page that shows it with the query parameters that set
its dataset, model and controls (a step's link can go on a slide)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ui.ideas import (
    AE,
    ANOMALY,
    BETA,
    DIFFUSION,
    ELBO,
    FLOW,
    GAN_GAME,
    GUIDANCE,
    KL,
    POSTERIOR_GAP,
    REPARAMETERIZATION,
    TAXONOMY,
)


@dataclass(frozen=True)
class Step:
    page: str  # a page's name (app_pages/<page>.py)
    params: dict = field(default_factory=dict)  # dataset, ckpt (a shipped name), controls
    formula: str | None = None


def trains(step: Step) -> bool:
    """Whether a step trains a model, and so needs its dataset's training images (a fresh
    clone has only the test images genviz ships)."""
    return step.page == "train"


MNIST = {"dataset": "mnist"}
LESSONS: dict[int, list[Step]] = {
    1: [
        Step("latent_map", {**MNIST, "ckpt": "ae-2d"}, AE),
        Step("home", MNIST),
        Step("latent_map", {**MNIST, "ckpt": "ae-2d"}),
    ],
    2: [
        Step("applications", {**MNIST, "ckpt": "ae-conv"}),
        Step("applications", {**MNIST, "ckpt": "ae-conv"}),
        Step("applications", {**MNIST, "ckpt": "ae-conv", "app_normal": 8}, ANOMALY),
    ],
    3: [
        Step("compare", MNIST, r"\min_{W^{\top}W = I}\ \lVert X - X W W^{\top} \rVert_F^2"),
        Step("compare", MNIST),
        Step("latent_map", {**MNIST, "ckpt": "vae", "map_method": "pca", "map_dim": 3}),
    ],
    4: [
        Step("denoise", {**MNIST, "dn_noise": "gaussian", "dn_level": 0.5}),
        Step("denoise", {**MNIST, "dn_noise": "salt-pepper", "dn_level": 0.2}),
        Step("denoise", {**MNIST, "dn_noise": "mask", "dn_level": 0.5}),
    ],
    5: [
        Step("interpolate", {**MNIST, "ckpt": "ae-conv"}),
        Step("interpolate", {**MNIST, "ckpt": "vae"}, KL),
        Step("compare", MNIST, BETA),
    ],
    6: [
        Step("inside", {**MNIST, "ckpt": "vae-2d"}, POSTERIOR_GAP),
        Step("train", {**MNIST, "train_kind": "vae"}, ELBO),
        Step("interpolate", {**MNIST, "ckpt": "course-vae"}, REPARAMETERIZATION),
        Step("generate", {**MNIST, "ckpt": "vae"}),
        Step("inside", {**MNIST, "ckpt": "vae-2d"}, REPARAMETERIZATION),
    ],
    7: [
        Step(
            "codebook", {**MNIST, "ckpt": "vqvae"}, r"k = \arg\min_j \lVert z_e(x) - e_j \rVert_2"
        ),
        Step("codebook", {**MNIST, "ckpt": "vqvae"}),
        Step(
            "codebook",
            {**MNIST, "ckpt": "vqvae", "code_temp": 0.7},
            r"p(c) = \prod_{i} p(c_i \mid c_1, \dots, c_{i-1})",
        ),
        Step("codebook", {**MNIST, "ckpt": "vqvae", "code_reject": True}),
        Step("inside", {**MNIST, "ckpt": "vqvae"}),
        Step(
            "codebook",
            {**MNIST, "ckpt": "vqvae2"},
            r"p(c^{top}, c^{bottom}) = p(c^{top})\, p(c^{bottom} \mid c^{top})",
        ),
    ],
    8: [
        Step("applications", {**MNIST, "ckpt": "vae"}, TAXONOMY),
        Step("generate", {**MNIST, "ckpt": "gan"}, GAN_GAME),
        Step("generate", {**MNIST, "ckpt": "vae"}),
        Step("generate", {**MNIST, "ckpt": "cgan", "gen_class": 7}),
        Step("inside", {**MNIST, "ckpt": "cgan"}),
        Step(
            "translate",
            {**MNIST, "ckpt": "pix2pix-edges"},
            r"\lambda\, \mathbb{E}_{x,y} \lVert y - G(x) \rVert_1 + "
            r"\mathbb{E}_{x}[\log(1 - D(x, G(x)))]",
        ),
    ],
    9: [
        Step("denoise", {**MNIST, "ckpt": "dae", "dn_noise": "gaussian", "dn_level": 0.9}),
        Step("diffuse", {**MNIST, "ckpt": "flow", "df_level": 0.2}, DIFFUSION),
        Step("diffuse", {**MNIST, "ckpt": "flow", "df_level": 0.8}),
        Step("diffuse", {**MNIST, "ckpt": "flow", "df_steps": 25, "df_sampler": "euler"}, FLOW),
        Step("diffuse", {**MNIST, "ckpt": "diffusion", "df_sampler": "ddpm"}),
        Step("diffuse", {**MNIST, "ckpt": "flow", "df_guidance": 4.0, "df_class": 7}, GUIDANCE),
    ],
    10: [
        Step("latent_map", {**MNIST, "ckpt": "ae-2d", "map_method": "latent"}),
        Step("diffuse", {**MNIST, "ckpt": "latent-flow-2d"}, FLOW),
        Step("generate", {**MNIST, "ckpt": "latent-flow"}),
        Step("generate", {**MNIST, "ckpt": "pixelcnn", "gen_class": 3}),
    ],
}
