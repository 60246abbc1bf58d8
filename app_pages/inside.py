"""Inside the model: a VAE's posterior (ellipses, draws, the reparameterization, the KL per
dimension), a VQ-VAE's nearest-code choice (distances, margins, the codebook in 2-D), and a
GAN's discriminator (its scores on real and generated images)."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import torch

import ui
from genviz import inside, metrics, showcase
from ui import tr

st.title(tr("in.title"))
ui.idea("inside")
ckpt = ui.pick("inside", prefer=("vae-2d", "vae", "vqvae", "cgan", "gan"))
model, path = ckpt.model, str(ckpt.path)
names = ui.class_names(ckpt.dataset, ckpt.class_names)
test = ui.split(ckpt.dataset)
N = min(2000, len(test))  # the test images the summaries look at


@st.cache_data(show_spinner=False, max_entries=16)
def health(path: str, mtime: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    c = ui.checkpoint_at(path)
    found = inside.health(c.model, ui.split(c.dataset).take(n))
    return found.kl.numpy(), found.activity.numpy()


@st.cache_data(show_spinner=False, max_entries=16)
def codebook_map(path: str, mtime: float, n: int):
    c = ui.checkpoint_at(path)
    part = ui.split(c.dataset).take(n)
    drawn = inside.codebook_map(c.model, part)
    return drawn, inside.margins(c.model, part).numpy()


@st.cache_data(show_spinner=False, max_entries=16)
def judgement(path: str, mtime: float, n: int) -> inside.Judgement:
    c = ui.checkpoint_at(path)
    return inside.judge(c.model, ui.split(c.dataset).take(n), n=n)


@st.cache_resource(show_spinner=False)
def likelihood_pair(dataset: str, epochs: int):
    """Shared by every session: the pair is trained once (and kept on disk)."""
    rows, pictures = showcase.likelihood_pair(
        *showcase.sweep_splits(dataset, ui.split), epochs, ui.precomputed(dataset), str(ui.device())
    )
    return [{**r, "mosaic": ui.mosaic(p, ncol=16)} for r, p in zip(rows, pictures)]


def blurry() -> None:
    """The same small VAE with a Bernoulli and with a Gaussian likelihood, side by side."""
    st.subheader(tr("in.blurry"))
    st.caption(tr("in.blurry_intro"))
    dataset, epochs = ckpt.dataset, showcase.sweep_epochs(ckpt.dataset)
    shipped = ui.precomputed(dataset)
    ready = showcase.likelihood_pair(
        *showcase.sweep_splits(dataset, ui.split), epochs, shipped, ready=True
    )
    if ready is None and not st.session_state.get("in_lik_asked"):
        if not st.button(tr("in.blurry_run", epochs=epochs), key="in_lik_run"):
            return
        st.session_state["in_lik_asked"] = True
    with st.spinner(tr("in.blurry_busy", epochs=epochs)):
        rows = likelihood_pair(dataset, epochs)
    table = [
        {
            tr("in.lik"): tr(f"choice.{r['likelihood']}"),
            tr("in.elbo"): round(r["elbo"], 1),
            "MSE": round(r["mse"], 4),
            tr("in.sharp_recon"): round(r["sharp_recon"], 4),
            tr("in.sharp_sample"): round(r["sharp_sample"], 4),
        }
        for r in rows
    ]
    st.dataframe(table, hide_index=True)
    for r in rows:
        st.caption(tr("in.lik_row", lik=tr(f"choice.{r['likelihood']}")))
        st.image(r["mosaic"], output_format="PNG")
    st.caption(tr("in.blurry_help", data=rows[0]["sharp_data"]))


def image_picker(key: str) -> tuple[int, torch.Tensor, torch.Tensor]:
    i = st.number_input(tr("in.image"), 0, len(test) - 1, 0, key=key)
    return i, test.floats(slice(i, i + 1)), test.labels[i : i + 1]


def ellipses(k: int = 300) -> go.Figure:
    """mu +- sigma of the first k test images, by class, and the prior's unit circle."""
    part = test.take(k)
    mu, sigma = inside.posterior(model, part.floats(), part.labels)
    t = np.linspace(0, 2 * np.pi, 25)
    fig = go.Figure()
    for c in range(len(names)):
        pick = (part.labels == c).numpy()
        xs, ys = [], []
        for (mx, my), (sx, sy) in zip(mu[pick].tolist(), sigma[pick].tolist()):
            xs += [*(mx + sx * np.cos(t)), None]
            ys += [*(my + sy * np.sin(t)), None]
        fig.add_scatter(
            x=xs, y=ys, mode="lines", name=names[c], line=dict(width=1, color=ui.colour(c))
        )
    fig.add_scatter(
        x=np.cos(t),
        y=np.sin(t),
        mode="lines",
        name=tr("in.prior"),
        line=dict(dash="dash", color="black"),
    )
    fig.update_yaxes(scaleanchor="x")
    return ui.layout(fig, height=480, x="z₁", y="z₂", legend=tr("app.images"))


def vae_view() -> None:
    kl, activity = health(path, ui.mtime(path), N)
    active = int((activity > inside.ACTIVE).sum())
    c1, c2 = st.columns(2)
    c1.metric(tr("in.active"), f"{active} / {len(kl)}", help=tr("in.active_help"))
    c2.metric(tr("in.kl_total"), f"{kl.sum():.1f}", help=tr("in.kl_help"))
    fig = go.Figure(go.Bar(x=list(range(len(kl))), y=kl))
    fig.update_xaxes(dtick=1)
    st.plotly_chart(
        ui.layout(fig, height=260, x=tr("in.dim"), y=tr("in.kl")), key="in_kl", width="stretch"
    )
    if active < inside.COLLAPSED * len(kl):
        st.warning(tr("in.collapsed", active=active, d=len(kl)))
    if model.config.latent_dim == 2:
        st.subheader(tr("in.ellipses"))
        st.plotly_chart(ellipses(), key="in_ellipses", width="stretch")
        st.caption(tr("in.ellipses_help"))
    st.subheader(tr("in.draws"))
    i, x, y = image_picker("in_index")
    _, images = inside.draws(model, x, 8, seed=i, y=y)
    ui.grid(torch.cat([x, images]), [tr("in.original")] + [f"z ~ q(z|x) {k + 1}" for k in range(8)])
    st.subheader(tr("in.reparam"))
    top = np.argsort(-kl)[: min(4, len(kl))]  # the dimensions that carry most information
    eps = torch.zeros(1, len(kl))
    cols = st.columns(len(top))
    for col, d in zip(cols, top):
        eps[0, d] = col.slider(f"ε{d}", -3.0, 3.0, 0.0, 0.1, key=f"in_eps_{d}")
    z, image = inside.reparameterize(model, x, eps, y)
    mu, sigma = inside.posterior(model, x, y)
    rows = [
        {"d": int(d), "mu": mu[0, d].item(), "sigma": sigma[0, d].item(), "z": z[0, d].item()}
        for d in top
    ]
    st.dataframe(rows, hide_index=True)
    ui.grid(torch.cat([x, image]), [tr("in.original"), tr("in.decoded")])
    st.caption(tr("in.reparam_help"))
    blurry()


def vq_view() -> None:
    i, x, _ = image_picker("in_vq_index")
    h, w = model.latent_shape
    c1, c2 = st.columns(2)
    row = c1.number_input(tr("code.row"), 0, h - 1, h // 2, key="in_row")
    col = c2.number_input(tr("code.col"), 0, w - 1, w // 2, key="in_col")
    cell = inside.assignment(model, x, row, col)
    d = cell.distances.numpy()
    colours = ["#d62728" if k == cell.nearest else "#ff7f0e" if k == cell.runner_up else "#9aa"
               for k in range(len(d))]  # fmt: skip
    fig = go.Figure(go.Bar(x=list(range(len(d))), y=d, marker_color=colours))
    axes = {"x": tr("code.code"), "y": tr("in.distance")}
    st.plotly_chart(ui.layout(fig, height=280, **axes), key="in_dist", width="stretch")
    st.markdown(tr("in.nearest", nearest=cell.nearest, second=cell.runner_up, margin=cell.margin))
    drawn, margins = codebook_map(path, ui.mtime(path), min(N, 1000))
    st.subheader(tr("in.codebook_map"))
    fig = go.Figure(ui.class_traces(drawn.cells.numpy(), drawn.labels.numpy(), names, size=3))
    live, dead = drawn.codes[~drawn.dead].numpy(), drawn.codes[drawn.dead].numpy()
    fig.add_scatter(x=live[:, 0], y=live[:, 1], mode="markers", name=tr("in.codes"),
                    marker=dict(symbol="x", size=9, color="black"))  # fmt: skip
    if len(dead):
        fig.add_scatter(x=dead[:, 0], y=dead[:, 1], mode="markers", name=tr("in.dead"),
                        marker=dict(symbol="x-open", size=11, color="red"))  # fmt: skip
    st.plotly_chart(ui.layout(fig, height=460, x="PC1", y="PC2"), key="in_cb", width="stretch")
    st.caption(tr("in.codebook_help", dead=int(drawn.dead.sum()), k=len(drawn.use)))
    fig = go.Figure(go.Histogram(x=margins, nbinsx=60))
    axes = {"x": tr("in.margin"), "y": tr("app.count")}
    st.plotly_chart(ui.layout(fig, height=260, **axes), key="in_margins", width="stretch")
    st.caption(tr("in.margin_help", median=float(np.median(margins))))


def gan_view() -> None:
    found = judgement(path, ui.mtime(path), min(N, 1000))
    fig = go.Figure()
    for name, scores in ((tr("in.real"), found.real), (tr("in.fake"), found.fake)):
        fig.add_histogram(x=scores.numpy(), name=name, nbinsx=50, opacity=0.6)
    fig.update_layout(barmode="overlay")
    axes = {"x": "D", "y": tr("app.count"), "legend": tr("app.images")}
    st.plotly_chart(ui.layout(fig, height=300, **axes), key="in_d", width="stretch")
    real, fake = found.real.mean().item(), found.fake.mean().item()
    st.caption(tr("in.d_means", real=real, fake=fake))
    order = found.fake.argsort(descending=True)
    st.subheader(tr("in.d_best"))
    ui.grid(found.images[order[:8]], [f"D = {found.fake[k]:.2f}" for k in order[:8]])
    st.subheader(tr("in.d_worst"))
    ui.grid(found.images[order[-8:]], [f"D = {found.fake[k]:.2f}" for k in order[-8:]])
    vae_against_gan()


def vae_against_gan() -> None:
    """Prior samples of the dataset's VAE beside the GAN's, with the judge's figures."""
    vaes = [c for c in ui.candidates(ckpt.dataset, "sample") if c["kind"] == "vae"]
    if not vaes:
        return
    vae = ui.checkpoint_at(vaes[0]["path"])
    st.subheader(tr("in.vae_gan"))
    for col, c in zip(st.columns(2), (vae, ckpt)):
        samples, _ = metrics.draw(c.model, 64, seed=0)
        figures = c.meta.get("metrics", {})
        col.markdown(f"**{ui.describe_path(c.path)}**")
        col.image(ui.mosaic(samples[:16], ncol=8), output_format="PNG")
        col.caption(
            tr(
                "in.vae_gan_row",
                sharp=inside.sharpness(samples),
                confident=figures.get("confident_share", float("nan")),
                frechet=figures.get("frechet", float("nan")),
            )
        )
    st.caption(tr("in.vae_gan_help"))


if model.can.likelihood:
    vae_view()
elif model.can.codebook:
    vq_view()
else:
    gan_view()
