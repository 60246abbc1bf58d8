"""Compare: autoencoders against PCA over latent size, two latent spaces side by side, and what
the VAE's KL weight does (a sweep trained on the spot, and the VAEs of the dataset)."""

import plotly.graph_objects as go
import streamlit as st
import torch

import ui
from genviz import checkpoint, metrics, pca, sweeps
from ui import tr

st.title(tr("cmp.title"))
dataset = ui.dataset()
encoders = ui.candidates(dataset, "vector")

st.subheader(tr("cmp.pca"))


@st.cache_data(show_spinner=False)
def pca_curve(dataset: str):
    train, test = ui.split(dataset, "train"), ui.split(dataset, "test")
    ks = [k for k in (1, 2, 4, 8, 16, 32, 64, 128) if k < min(train.images[0].numel(), len(train))]
    return ks, pca.reconstruction_curve(train.take(10_000), test.take(2_000), ks)


@st.cache_data(show_spinner=False)
def ae_mse(path: str, mtime: float) -> float:
    ckpt = ui.checkpoint_at(path)
    return float(
        metrics.reconstruction_errors(ckpt.model, ui.split(ckpt.dataset).take(2_000)).mean()
    )


ks, curve = pca_curve(dataset)
fig = go.Figure(go.Scatter(x=ks, y=curve, mode="lines+markers", name=tr("cmp.pca_line")))
for c in encoders:
    mse = ae_mse(c["path"], ui.mtime(c["path"]))
    fig.add_scatter(
        x=[c["latent_dim"]], y=[mse], mode="markers", marker_size=12, name=ui.describe(c)
    )
fig.update_xaxes(type="log", tickvals=ks, ticktext=[str(k) for k in ks])
st.plotly_chart(
    ui.layout(fig, x=tr("cmp.latent_size"), y=tr("cmp.test_mse"), legend=tr("cmp.model")),
    key="cmp_curve",
    width="stretch",
)
st.caption(tr("cmp.pca_help"))

st.subheader(tr("cmp.maps"))
if len(encoders) < 2:
    st.info(tr("cmp.need_two"))
else:
    paths = [c["path"] for c in encoders]
    labels = {c["path"]: ui.describe(c) for c in encoders}
    second = next((i for i, c in enumerate(encoders) if c["capabilities"]["latent_prior"]), 1)
    for col, key, default in zip(st.columns(2), ("cmp_a", "cmp_b"), (0, second)):
        path = col.selectbox(tr("cmp.model"), paths, default, key=key, format_func=labels.get)
        ckpt = ui.checkpoint_at(path)
        pic, _, part = ui.picture(
            ckpt, "pca" if ckpt.model.latent_shape[0] > 2 else "latent", 2, n=2_000
        )
        fig = go.Figure(
            ui.class_traces(pic.coords, part.labels.numpy(), list(ckpt.class_names), size=3)
        )
        axes = {"x": tr("cmp.axis", n=1), "y": tr("cmp.axis", n=2)}
        col.plotly_chart(
            ui.layout(fig, legend=tr("map.legend"), **axes), key=f"{key}_map", width="stretch"
        )
    st.caption(tr("cmp.maps_help"))

st.subheader(tr("cmp.kl"))
st.caption(tr("cmp.sweep_intro"))


@st.cache_resource(show_spinner=False)
def sweep(dataset: str, betas: tuple, epochs: int):
    """Shared by every session: a class watches one sweep, trained once."""
    train, test = ui.split(dataset, "train").take(10_000), ui.split(dataset).take(1_000)
    rows = sweeps.beta_sweep(
        train, test, betas, epochs, str(ui.device()), latent_dim=8, hidden=(256,)
    )
    for r in rows:  # the models are not kept: their pictures are
        model = r.pop("model")
        x = test.floats(slice(0, 8)).to(model.device)
        with torch.no_grad():
            pictures = torch.cat(
                [model.reconstruct(x), model.sample(8, generator=torch.Generator().manual_seed(0))]
            )
        r["mosaic"] = ui.mosaic(pictures.cpu(), ncol=16)
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
    fig = go.Figure(
        go.Scatter(
            x=[r["kl"] for r in swept],
            y=[r["recon"] for r in swept],
            mode="lines+markers+text",
            text=[f"beta {r['beta']:g}" for r in swept],
            textposition="top right",
            showlegend=False,
        )
    )
    st.plotly_chart(
        ui.layout(fig, x=tr("cmp.sweep_x"), y=tr("cmp.sweep_y")),
        key="cmp_sweep_curve",
        width="stretch",
    )
    columns = {
        "beta": "beta",
        "recon": tr("cmp.col.recon"),
        "kl": "KL",
        "mse": tr("cmp.col.mse"),
        "active": tr("cmp.col.active"),
    }
    st.dataframe(
        [{columns[k]: r[k] for k in columns} for r in swept], hide_index=True, key="cmp_sweep_table"
    )
    for r in swept:
        st.caption(tr("cmp.sweep_row", beta=r["beta"], active=r["active"], dims=8))
        st.image(r["mosaic"], output_format="PNG")
    st.caption(tr("cmp.sweep_help"))

st.subheader(tr("cmp.yours"))
table = []
for c in ui.candidates(dataset, "vector"):
    if not c["capabilities"]["likelihood"]:
        continue
    meta = checkpoint.read_meta(c["path"])
    last = (meta.get("history") or [{}])[-1]
    table.append(
        {
            tr("cmp.model"): ui.describe(c),
            "beta": c["config"].get("beta"),
            tr("cmp.col.recon"): last.get("recon"),
            "KL": last.get("kl"),
            tr("cmp.col.mse"): c.get("metrics", {}).get("mse"),
        }
    )
st.dataframe(table, hide_index=True)
st.caption(tr("cmp.kl_help"))
