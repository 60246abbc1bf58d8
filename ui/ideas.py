"""The idea behind each page, shown in a collapsed box at its top: a short text (translated,
`idea.<page>` in ui/text) and the formulas it talks about (LaTeX, the same in every language)."""

from __future__ import annotations

import streamlit as st

from ui.text import tr

AE = r"\min_{E,\,D}\ \mathbb{E}_x\,\lVert x - D(E(x))\rVert^2"
ELBO = (
    r"\log p(x) \ \ge\ \mathrm{ELBO}(x) = \mathbb{E}_{q(z\mid x)}\!\left[\log p(x\mid z)\right]"
    r" - \mathrm{KL}\!\left(q(z\mid x)\,\Vert\,\mathcal{N}(0, I)\right)"
)
# the beta-weighted objective: a bound on log p(x) only for beta >= 1
BETA = (
    r"\mathcal{L}_\beta(x) = \mathbb{E}_{q(z\mid x)}\!\left[\log p(x\mid z)\right]"
    r" - \beta\,\mathrm{KL}\!\left(q(z\mid x)\,\Vert\,\mathcal{N}(0, I)\right),\qquad"
    r" \mathcal{L}_\beta \le \mathrm{ELBO} \le \log p(x)\quad (\beta \ge 1)"
)
# the GAN of the lecture (the log-loss game, its optimum, the non-saturating trick) and the
# hinge game the shipped MNIST and Fashion-MNIST GANs play
GAN_GAME = r"\min_G \max_D\ \mathbb{E}_x[\log D(x)] + \mathbb{E}_z[\log(1 - D(G(z)))]"
GAN_OPTIMUM = (
    r"D^*(x) = \frac{p_{\mathrm{data}}(x)}{p_{\mathrm{data}}(x) + p_g(x)},\qquad "
    r"p_g = p_{\mathrm{data}} \ \Rightarrow\ D^* = \tfrac12"
)
NON_SATURATING = r"\max_G\ \mathbb{E}_z[\log D(G(z))]"
HINGE = (
    r"L_D = \mathbb{E}_x[\max(0, 1 - D(x))] + \mathbb{E}_z[\max(0, 1 + D(G(z)))],\qquad "
    r"L_G = -\mathbb{E}_z[D(G(z))]"
)
# the one-class anomaly score as computed (genviz.analysis.applications.one_class_scores)
ANOMALY = (
    r"e(x) = \frac{\lVert x - D(E(x)) \rVert^2 / d}{\sqrt{\lVert x \rVert^2 / d}},\quad "
    r"m(x) = (E(x) - \bar z)^{\top} \Sigma^{-1} (E(x) - \bar z),\quad "
    r"s(x) = \frac{\log e(x) - \mu_e}{\sigma_e} + \frac{\log m(x) - \mu_m}{\sigma_m}"
)
# why the ELBO is a bound: the gap is the KL to the intractable true posterior
POSTERIOR_GAP = (
    r"p(z\mid x) = \frac{p(x\mid z)\,p(z)}{\int p(x\mid z)\,p(z)\,dz},\qquad "
    r"\log p(x) = \mathrm{ELBO}(x) + \mathrm{KL}\!\left(q(z\mid x)\,\Vert\,p(z\mid x)\right)"
    r" \ \ge\ \mathrm{ELBO}(x)"
)
# explicit and implicit density; generative and discriminative
TAXONOMY = (
    r"\log p(x) \ge \mathrm{ELBO}(x)\ \ (\mathrm{VAE})\qquad x = G(z),\ "
    r"z \sim \mathcal{N}(0, I)\ \ (\mathrm{GAN})\qquad p(y \mid x)"
)
KL = (
    r"\mathrm{KL}\!\left(\mathcal{N}(\mu, \sigma^2)\,\Vert\,\mathcal{N}(0, I)\right) = "
    r"\tfrac12 \sum_{d} \left(\mu_d^2 + \sigma_d^2 - \log \sigma_d^2 - 1\right)"
)
REPARAMETERIZATION = (
    r"z = \mu(x) + \sigma(x) \odot \varepsilon,\qquad \varepsilon \sim \mathcal{N}(0, I),"
    r"\qquad \sigma = \exp\!\left(\tfrac12 \log \sigma^2\right)"
)
# diffusion (DDPM's forward process and its epsilon loss), flow matching's straight path and
# velocity loss, and classifier-free guidance
DIFFUSION = (
    r"x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\qquad "
    r"\min_\theta\ \mathbb{E}_{x_0, t, \varepsilon}"
    r"\lVert \varepsilon - \varepsilon_\theta(x_t, t) \rVert^2"
)
FLOW = (
    r"x_t = (1 - t)\,x_0 + t\,\varepsilon,\qquad \min_\theta\ \mathbb{E}_{x_0, t, \varepsilon}"
    r"\lVert (\varepsilon - x_0) - v_\theta(x_t, t) \rVert^2,\qquad "
    r"\frac{dx}{dt} = v_\theta(x, t)"
)
GUIDANCE = (
    r"\hat\varepsilon = \varepsilon_\theta(x_t, \varnothing) + "
    r"w\,\big(\varepsilon_\theta(x_t, y) - \varepsilon_\theta(x_t, \varnothing)\big)"
)
FORMULAS: dict[str, list[str]] = {
    "home": [AE],
    "train": [
        AE,
        ELBO,
        GAN_GAME,
        HINGE,
    ],
    "map": [
        r"T(k) = 1 - \frac{2}{n k (2n - 3k - 1)} \sum_{i=1}^{n} \sum_{j \in U_k(i)} "
        r"\left(r(i, j) - k\right)"
    ],
    "interpolate": [
        r"z_t = (1 - t)\, z_a + t\, z_b",
        r"z_t = \frac{\sin((1-t)\,\Omega)}{\sin \Omega}\, z_a + \frac{\sin(t\,\Omega)}"
        r"{\sin \Omega}\, z_b,\qquad \cos \Omega = \frac{z_a \cdot z_b}{\lVert z_a\rVert\,"
        r"\lVert z_b\rVert}",
    ],
    "codebook": [
        r"z_q = e_k,\qquad k = \arg\min_j \lVert z_e(x) - e_j \rVert_2",
        r"L = \lVert x - D(z_q) \rVert^2 + \lVert \mathrm{sg}[z_e] - e \rVert^2 + "
        r"\gamma\, \lVert z_e - \mathrm{sg}[e] \rVert^2",
        r"\frac{\partial L}{\partial z_e} := \frac{\partial L}{\partial z_q}",
        r"p(c) = \prod_{i} p(c_i \mid c_1, \dots, c_{i-1})",
        r"p(c^{top}, c^{bottom}) = p(c^{top})\, p(c^{bottom} \mid c^{top})",
    ],
    "translate": [
        r"G^* = \arg\min_G \max_D\ \mathbb{E}_{x,y}[\log D(x, y)] + "
        r"\mathbb{E}_{x}[\log(1 - D(x, G(x)))] + "
        r"\lambda\, \mathbb{E}_{x,y} \lVert y - G(x) \rVert_1",
    ],
    "denoise": [
        r"\min_{E,\,D}\ \mathbb{E}_{x,\ \tilde x \sim q(\tilde x \mid x)}\,"
        r"\lVert x - D(E(\tilde x))\rVert^2",
        r"\mathrm{PSNR} = 10 \log_{10} \frac{1}{\mathrm{MSE}}",
    ],
    "generate": [
        GAN_GAME,
        GAN_OPTIMUM,
        NON_SATURATING,
        r"D(x, y) = \psi(\phi(x)) + y^{\top} V \phi(x)",
        HINGE,
    ],
    "compare": [
        r"\min_{W^{\top}W = I}\ \lVert X - X W W^{\top} \rVert_F^2",
        ELBO,
        BETA,
        KL,
        REPARAMETERIZATION,
    ],
    "applications": [
        ANOMALY,
        r"\mathrm{AUROC} = P\left(s(x') > s(x)\right)",
        r"-\log p(x) \approx -\log \frac{1}{K} \sum_{k=1}^{K} "
        r"\frac{p(x \mid z_k)\, p(z_k)}{q(z_k \mid x)}, \quad z_k \sim q(z \mid x)",
    ],
    "upload": [AE],
    "inside": [
        POSTERIOR_GAP,
        REPARAMETERIZATION,
        KL,
        r"\mathrm{AU} = \#\{d : \mathrm{Cov}_x\big(\mathbb{E}_{q(z\mid x)}[z_d]\big) > 0.01\}",
        r"z_q = e_k,\quad k = \arg\min_j \lVert z_e - e_j \rVert,\qquad "
        r"\mathrm{margin} = \lVert z_e - e_{k'} \rVert - \lVert z_e - e_k \rVert",
        GAN_GAME,
        HINGE,
    ],
    "lessons": [],
    "diffuse": [DIFFUSION, FLOW, GUIDANCE],
}


def idea(page: str, expanded: bool = False) -> None:
    """The page's idea in a box: its text, then its formulas."""
    with st.expander(tr("idea.title"), expanded=expanded):
        st.markdown(tr(f"idea.{page}"))
        for formula in FORMULAS.get(page, []):
            st.latex(formula)
