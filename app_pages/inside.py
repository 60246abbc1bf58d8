"""Inside the model: a VAE's posterior (ellipses, draws, the reparameterization, the KL per
dimension), a VQ-VAE's nearest-code choice (distances, margins, the codebook in 2-D), and a
GAN's discriminator (its scores on real and generated images)."""

import numpy as np
import streamlit as st
import torch

import ui
from genviz.analysis import generate, inside
from genviz.serve import showcase, studies
from ui import figures, tr

st.title(tr("in.title"))
ui.idea("inside")
ckpt = ui.pick("inside", prefer=("vae-2d", "vae", "vqvae", "cgan", "gan"))
model = ckpt.model
names = ui.class_names(ckpt.dataset, ckpt.class_names)
test = ui.split(ckpt.dataset)


def image_picker(key: str) -> tuple[int, torch.Tensor, torch.Tensor]:
    i = st.number_input(tr("in.image"), 0, len(test) - 1, 0, key=key)
    return i, test.floats(slice(i, i + 1)), test.labels[i : i + 1]


def blurry() -> None:
    """The same small VAE with a Bernoulli and with a Gaussian likelihood, side by side."""
    st.subheader(tr("in.blurry"))
    st.caption(tr("in.blurry_intro"))
    epochs = studies.sweep_epochs(ckpt.dataset)
    busy = tr("in.blurry_busy", epochs=epochs)
    asked = st.session_state.get("in_lik_asked", False)
    found = ui.study(studies.likelihood_pair, ckpt.dataset, asked=asked, busy=busy)
    if found is None and st.button(tr("in.blurry_run", epochs=epochs), key="in_lik_run"):
        st.session_state["in_lik_asked"] = True
        found = ui.study(studies.likelihood_pair, ckpt.dataset, asked=True, busy=busy)
    if found is None:
        return
    rows, pictures = found
    columns = {"likelihood": tr("in.lik"), "elbo": tr("in.elbo"), "mse": tr("in.mse")}
    columns |= {"sharp_recon": tr("in.sharp_recon"), "sharp_sample": tr("in.sharp_sample")}
    names = [tr(f"choice.{r['likelihood']}") for r in rows]
    digits = {k: 1 if k == "elbo" else 4 for k in list(columns)[1:]}
    shown = [r | {"likelihood": n} | {k: round(r[k], d) for k, d in digits.items()}
             for r, n in zip(rows, names)]  # fmt: skip
    ui.rows_with_pictures(shown, pictures, columns, [tr("in.lik_row", lik=n) for n in names])
    st.caption(tr("in.blurry_help", data=rows[0]["sharp_data"]))


def vae_view() -> None:
    found = ui.shown(showcase.posterior_health, ckpt)
    kl, active = found.kl.numpy(), found.active_units
    c1, c2 = st.columns(2)
    c1.metric(tr("in.active"), f"{active} / {len(kl)}", help=tr("in.active_help"))
    c2.metric(tr("in.kl_total"), f"{kl.sum():.1f}", help=tr("in.kl_help"))
    ui.chart(figures.bars(kl, every=True, x=tr("in.dim"), y=tr("in.kl")), "in_kl")
    if found.collapsed:
        st.warning(tr("in.collapsed", active=active, d=len(kl)))
    if model.config.latent_dim == 2:
        st.subheader(tr("in.ellipses"))
        part = test.take(300)
        mu, sigma = inside.posterior(model, part.floats(), part.labels)
        shown = figures.ellipses(mu, sigma, part.labels, names, tr("in.prior"), tr("app.images"))
        ui.chart(shown, "in_ellipses")
        st.caption(tr("in.ellipses_help"))
    st.subheader(tr("in.draws"))
    i, x, y = image_picker("in_index")
    _, images = inside.posterior_draws(model, x, 8, seed=i, y=y)
    ui.grid(torch.cat([x, images]), [tr("in.original")] + [f"z ~ q(z|x) {k + 1}" for k in range(8)])
    st.subheader(tr("in.reparam"))
    top = np.argsort(-kl)[: min(4, len(kl))]  # the dimensions that carry most information
    eps = torch.zeros(1, len(kl))
    for col, d in zip(st.columns(len(top)), top):
        eps[0, d] = col.slider(f"ε{d}", -3.0, 3.0, 0.0, 0.1, key=f"in_eps_{d}")
    rows, image = inside.reparameterized(model, x, eps, top, y)
    st.dataframe(rows, hide_index=True)
    ui.grid(torch.cat([x, image]), [tr("in.original"), tr("in.decoded")])
    st.caption(tr("in.reparam_help"))
    blurry()


def vq_view() -> None:
    _, x, _ = image_picker("in_vq_index")
    h, w = model.latent_shape
    c1, c2 = st.columns(2)
    row = c1.number_input(tr("code.row"), 0, h - 1, h // 2, key="in_row")
    col = c2.number_input(tr("code.col"), 0, w - 1, w // 2, key="in_col")
    cell = inside.assignment(model, x, row, col)
    d = cell.distances.numpy()
    marks = {cell.nearest: "#d62728", cell.runner_up: "#ff7f0e"}
    colours = [marks.get(k, "#9aa") for k in range(len(d))]
    ui.chart(figures.bars(d, colours, 280, x=tr("code.code"), y=tr("in.distance")), "in_dist")
    st.markdown(tr("in.nearest", nearest=cell.nearest, second=cell.runner_up, margin=cell.margin))
    drawn, margins = ui.shown(showcase.codebook_map, ckpt)
    st.subheader(tr("in.codebook_map"))
    shown = figures.codebook(
        drawn, names, tr("in.codes"), tr("in.dead"), x=tr("in.pc", n=1), y=tr("in.pc", n=2)
    )
    ui.chart(shown, "in_cb")
    st.caption(tr("in.codebook_help", dead=int(drawn.dead.sum()), k=len(drawn.use)))
    axes = {"x": tr("in.margin"), "y": tr("app.count")}
    ui.chart(figures.overlaid({tr("in.margin"): margins}, 60, 260, **axes), "in_margins")
    st.caption(tr("in.margin_help", median=float(np.median(margins))))


def gan_view() -> None:
    found = ui.shown(showcase.discriminator, ckpt)
    scores = {tr("in.real"): found.real, tr("in.fake"): found.fake}
    axes = {"x": tr("in.d_score"), "y": tr("app.count"), "legend": tr("app.images")}
    ui.chart(figures.overlaid(scores, 50, **axes), "in_d")
    means = dict(real=found.real.mean().item(), fake=found.fake.mean().item())
    hinge = getattr(model.config, "loss", "bce") == "hinge"  # a score, not a probability
    st.caption(tr("in.d_means_hinge" if hinge else "in.d_means", **means))
    order = found.fake.argsort(descending=True)
    for title, picked in (("in.d_best", order[:8]), ("in.d_worst", order[-8:])):
        st.subheader(tr(title))
        ui.grid(found.images[picked], [f"D = {found.fake[k]:.2f}" for k in picked])
    vae_against_gan()


def vae_against_gan() -> None:
    """Prior samples of the dataset's VAE beside the GAN's, with the judge's figures."""
    vaes = ui.loadable(ui.candidates(ckpt.dataset, "vector_prior"))
    if not vaes:
        return
    st.subheader(tr("in.vae_gan"))
    for col, c in zip(st.columns(2), (ui.checkpoint_at(vaes[0]["path"]), ckpt)):
        samples, _ = generate.samples(c.model, 64, seed=0)
        figures_ = c.meta.get("metrics", {})
        col.markdown(f"**{ui.describe_path(c.path)}**")
        ui.tiled(samples[:16], ncol=8, where=col)
        nan = float("nan")
        col.caption(tr("in.vae_gan_row", sharp=inside.sharpness(samples),
                       confident=figures_.get("confident_share", nan),
                       frechet=figures_.get("frechet", nan)))  # fmt: skip
    st.caption(tr("in.vae_gan_help"))


if model.can.likelihood:
    vae_view()
elif model.can.codebook:
    vq_view()
else:
    gan_view()
