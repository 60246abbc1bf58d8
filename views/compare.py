"""Compare: autoencoders against PCA over latent size, AE and VAE latent maps side by side,
and what the KL weight does."""

import plotly.express as px
import streamlit as st
import torch

import ui
from genviz import checkpoint, data, explore, metrics, projector
from ui.text import tr

st.title(tr("cmp.title"))
dataset = ui.dataset_picker()
if not data.available(ui.data_root())[dataset]:
    st.info(tr("page.no_data", name=dataset))
    st.stop()
found = ui.checkpoints(dataset, "encode")
encoders = [c for c in found if c["kind"] in ("ae", "dae", "vae", "cvae")]

st.subheader(tr("cmp.pca"))


@st.cache_data(show_spinner=False)
def pca_rows(dataset: str):
    train, test = ui.split(dataset, "train"), ui.split(dataset, "test")
    d = train.images[0].numel()
    ks = [k for k in (1, 2, 4, 8, 16, 32, 64, 128) if k < min(d, len(train))]
    return ks, explore.pca_curve(train.take(10_000), test.take(2_000), ks)


@st.cache_data(show_spinner=False)
def ae_mse(path: str, mtime: float) -> float:
    ckpt = ui.load(path, mtime)
    test = ui.split(ckpt.dataset).take(2_000)
    mse = metrics.batched(
        lambda x, y: metrics.per_image_mse(ckpt.model.reconstruct(x, y), x), test, ckpt.model.device
    )
    return float(mse.mean())


ks, pca = pca_rows(dataset)
rows = [{"latent size": k, "test MSE": v, "model": "PCA"} for k, v in zip(ks, pca)]
for c in encoders:
    size = c.get("latent_dim") or 0
    rows.append(
        {
            "latent size": size,
            "test MSE": ae_mse(c["path"], ui.mtime(c["path"])),
            "model": f"{c['name']} ({c['kind']})",
        }
    )
fig = px.line(
    [r for r in rows if r["model"] == "PCA"],
    x="latent size",
    y="test MSE",
    log_x=True,
    markers=True,
)
fig.add_scatter(
    x=[r["latent size"] for r in rows if r["model"] != "PCA"],
    y=[r["test MSE"] for r in rows if r["model"] != "PCA"],
    mode="markers+text",
    text=[r["model"] for r in rows if r["model"] != "PCA"],
    textposition="top center",
    marker=dict(size=12),
    name=tr("cmp.autoencoders"),
)
fig.update_layout(height=380, margin=dict(l=0, r=0, t=10, b=0))
st.plotly_chart(fig, key="cmp_curve", width="stretch")
st.dataframe(rows, hide_index=True)
st.caption(tr("cmp.pca_help"))

st.subheader(tr("cmp.maps"))
if len(encoders) < 2:
    st.info(tr("cmp.need_two"))
else:
    paths = [c["path"] for c in encoders]
    default_b = next((i for i, c in enumerate(encoders) if c["kind"] == "vae"), 1)
    cols = st.columns(2)
    for col, key, default in ((cols[0], "cmp_a", 0), (cols[1], "cmp_b", default_b)):
        path = col.selectbox(
            tr("cmp.model"), paths, default, key=key, format_func=lambda p: ui.Path(p).name
        )
        ckpt = ui.load_path(path)
        latents, part = ui.latents_of(ckpt, n=2_000)
        key_of = projector.cache_key(ckpt.meta["weights"]["sha256"], "test", len(part), "pca", 2)
        xy = (
            latents.numpy()
            if latents.shape[1] == 2
            else ui.projections().request(key_of, latents.numpy(), "pca", 2).coords
        )
        names = ui.class_names(ckpt)
        fig = px.scatter(
            x=xy[:, 0],
            y=xy[:, 1],
            color=[names[y] for y in part.labels],
            render_mode="webgl",
            height=380,
        )
        fig.update_traces(marker=dict(size=3))
        col.plotly_chart(fig, key=f"{key}_map", width="stretch")
    st.caption(tr("cmp.maps_help"))

st.subheader(tr("cmp.kl"))
st.caption(tr("cmp.sweep_intro"))


@st.cache_resource(show_spinner=False)
def sweep(dataset: str, betas: tuple, epochs: int):
    """Shared by every session: a class watches one sweep, trained once."""
    train, test = ui.split(dataset, "train").take(10_000), ui.split(dataset).take(1_000)
    rows = explore.beta_sweep(
        train, test, betas, epochs, device=str(ui.device()), latent_dim=8, hidden=(256,)
    )
    for r in rows:
        model, gen = r["model"], torch.Generator().manual_seed(0)
        with torch.no_grad():
            x = test.floats(slice(0, 8)).to(model.device)
            pictures = torch.cat([model.reconstruct(x), model.sample(8, generator=gen)])
        r["mosaic"] = ui.mosaic(pictures, ncol=16)
    return rows


c1, c2 = st.columns([3, 1])
betas = c1.multiselect(
    tr("cmp.betas"), [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0], [0.1, 1.0, 4.0, 16.0], key="cmp_betas"
)
epochs = int(
    c2.number_input(
        tr("cmp.sweep_epochs"), 1, 300, 40 if dataset == "digits" else 3, key="cmp_epochs"
    )
)
request = (dataset, tuple(sorted(betas)), epochs)
if st.button(tr("cmp.sweep_run"), key="cmp_sweep", disabled=not betas):
    st.session_state["cmp_swept"] = request
if betas and st.session_state.get("cmp_swept") == request:
    with st.spinner(tr("cmp.sweep_busy", n=len(betas), epochs=epochs)):
        swept = sweep(*request)
    fig = px.line(
        swept,
        x="kl",
        y="recon",
        text=[f"beta {r['beta']:g}" for r in swept],
        markers=True,
        labels={"kl": tr("cmp.sweep_x"), "recon": tr("cmp.sweep_y")},
        title=tr("cmp.sweep_curve"),
    )
    fig.update_traces(textposition="top right")
    fig.update_layout(height=360, margin=dict(l=0, r=0, t=40, b=0))
    st.plotly_chart(fig, key="cmp_sweep_curve", width="stretch")
    shown = [{k: v for k, v in r.items() if k not in ("model", "mosaic")} for r in swept]
    st.dataframe(shown, hide_index=True, key="cmp_sweep_table")
    for r in swept:
        st.caption(tr("cmp.sweep_row", beta=r["beta"], active=r["active"], dims=8))
        st.image(r["mosaic"], output_format="PNG")
    st.caption(tr("cmp.sweep_help"))

st.subheader(tr("cmp.yours"))
vaes = [c for c in found if c["kind"] in ("vae", "cvae")]
table = []
for c in vaes:
    meta = checkpoint.read_meta(c["path"] + ".json")
    last = (meta.get("history") or [{}])[-1]
    table.append(
        {
            "model": c["name"],
            "beta": meta["config"].get("beta"),
            "reconstruction": last.get("recon"),
            "KL": last.get("kl"),
            "test MSE": meta.get("metrics", {}).get("mse"),
        }
    )
st.dataframe(table, hide_index=True)
st.caption(tr("cmp.kl_help"))
