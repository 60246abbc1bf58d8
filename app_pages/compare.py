"""Compare: autoencoders against PCA over latent size, two latent spaces side by side, and what
the VAE's KL weight does (a sweep trained on the spot, and the VAEs of the dataset)."""

import plotly.graph_objects as go
import streamlit as st

import ui
from genviz import meta
from genviz.serve import showcase, studies
from ui import tr

st.title(tr("cmp.title"))
ui.idea("compare")
dataset = ui.dataset()
encoders = ui.loadable(ui.candidates(dataset, "vector"))


st.subheader(tr("cmp.pca"))
ks, curve = ui.shown(studies.pca_curve, dataset)
fig = go.Figure(go.Scatter(x=ks, y=curve, mode="lines+markers", name=tr("cmp.pca_line")))
for c in encoders:
    mse = ui.shown(showcase.reconstruction_mse, ui.lazy(c["path"]))
    fig.add_scatter(x=[c["latent_dim"]], y=[mse], mode="markers", marker_size=12,
                    name=ui.describe(c))  # fmt: skip
fig.update_xaxes(type="log", tickvals=ks, ticktext=[str(k) for k in ks])
ui.chart(fig, "cmp_curve", x=tr("cmp.latent_size"), y=tr("cmp.test_mse"), legend=tr("cmp.model"))
st.caption(tr("cmp.pca_help"))

st.subheader(tr("cmp.anatomy"))  # PCA's own half: its variance, its components, its axes
found = ui.shown(studies.pca_anatomy, dataset)
ratio = found["ratio"]
steps = list(range(1, len(ratio) + 1))
fig = go.Figure(go.Bar(x=steps, y=ratio.tolist(), name=tr("cmp.var_each")))
fig.add_scatter(x=steps, y=ratio.cumsum(0).tolist(), mode="lines", name=tr("cmp.var_sum"))
ui.chart(fig, "cmp_var", x=tr("cmp.component"), y=tr("cmp.var_share"), legend=tr("cmp.model"))
st.caption(tr("cmp.var_help", k=len(ratio), share=float(ratio.sum()), n=found["n"],
              split=tr(f"cmp.split.{found['fit']}")))  # fmt: skip
ui.grid(found["images"], [tr("cmp.pc", n=i + 1) for i in range(len(found["images"]))])
st.caption(tr("cmp.components_help"))
st.caption(tr("cmp.axes_help", r=found["corr"], r2=found["corr_sq"]))
linear = [c for c in encoders if c["kind"] == "ae" and c["config"].get("activation") == "linear"
          and c["config"].get("output") == "linear"]  # fmt: skip
for c in linear:  # gradient descent against the closed form
    cosines = ui.shown(showcase.linear_subspace, ui.lazy(c["path"]))
    st.caption(tr("cmp.linear_help", name=ui.describe(c), k=len(cosines),
                  mean=float(cosines.mean()), low=float(cosines.min())))  # fmt: skip

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
        method = "pca" if ckpt.model.latent_shape[0] > 2 else "latent"
        pic, _, part = ui.picture(ckpt, method, 2, n=2_000)
        names = ui.class_names(ckpt.dataset, ckpt.class_names)
        fig = go.Figure(ui.class_traces(pic.coords, part.labels.numpy(), names, size=3))
        axes = {"x": tr("cmp.axis", n=1), "y": tr("cmp.axis", n=2), "legend": tr("map.legend")}
        col.plotly_chart(ui.layout(fig, **axes), key=f"{key}_map", width="stretch")
    st.caption(tr("cmp.maps_help"))

st.subheader(tr("cmp.kl"))
st.caption(tr("cmp.sweep_intro"))
c1, c2 = st.columns([3, 1])
choices = [0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
betas = c1.multiselect(tr("cmp.betas"), choices, list(studies.SWEEP_BETAS), key="cmp_betas")
default_epochs = studies.sweep_epochs(dataset)
epochs = int(c2.number_input(tr("cmp.sweep_epochs"), 1, 300, default_epochs, key="cmp_epochs"))
request = (dataset, tuple(sorted(betas)), epochs)
if st.button(tr("cmp.sweep_run"), key="cmp_sweep", disabled=not betas):
    st.session_state["cmp_swept"] = request
asked = st.session_state.get("cmp_swept") == request
busy = tr("cmp.sweep_busy", n=len(betas), epochs=epochs)
options = {"betas": request[1], "epochs": epochs}
found = ui.study(studies.beta_sweep, dataset, asked=asked, busy=busy, **options) if betas else None
if found is not None:
    swept, pictures = found
    sides = [("top right", "bottom left")[i % 2] for i in range(len(swept))]  # never overlap
    points = go.Scatter(x=[r["kl"] for r in swept], y=[r["recon"] for r in swept],
                        mode="lines+markers+text", text=[f"β = {r['beta']:g}" for r in swept],
                        textposition=sides, showlegend=False)  # fmt: skip
    ui.chart(go.Figure(points), "cmp_sweep_curve", x=tr("cmp.sweep_x"), y=tr("cmp.sweep_y"))
    columns = {"beta": "β", "recon": tr("cmp.col.recon"), "kl": "KL"}
    columns |= {"mse": tr("cmp.col.mse"), "active": tr("cmp.col.active")}
    captions = [tr("cmp.sweep_row", beta=r["beta"], active=r["active"], dims=8) for r in swept]
    ui.rows_with_pictures(swept, pictures, columns, captions)
    st.caption(tr("cmp.sweep_help"))

st.subheader(tr("cmp.yours"))
table = []
for c in encoders:
    if not c["capabilities"]["likelihood"]:
        continue
    last = (meta.read_meta(c["path"]).get("history") or [{}])[-1]
    row = {tr("cmp.model"): ui.describe(c), "β": c["config"].get("beta")}
    row |= {tr("cmp.col.recon"): last.get("recon"), "KL": last.get("kl")}
    table.append(row | {tr("cmp.col.mse"): c.get("metrics", {}).get("mse")})
st.dataframe(table, hide_index=True)
st.caption(tr("cmp.kl_help"))
