"""Applications: anomaly detection by reconstruction error, clustering of latents,
classification from latents, each against pixels and PCA; and the out-of-distribution probe
(another dataset's images fed to the model)."""

import plotly.graph_objects as go
import streamlit as st
import torch

import ui
from genviz import applications as apps
from genviz import data, ood, showcase
from ui import tr

st.title(tr("app.title"))
ui.idea("applications")
ckpt = ui.pick("vector", prefer=("ae-conv", "vae"))
names = ui.class_names(ckpt.dataset, ckpt.class_names)
dataset = ckpt.dataset
tab_a, tab_c, tab_k, tab_o = st.tabs(
    [tr("app.anomaly"), tr("app.cluster"), tr("app.classify"), tr("app.ood")]
)
EPOCHS = showcase.anomaly_epochs(dataset)


@st.cache_resource(show_spinner=False)
def anomaly_scores(dataset: str, label: int, epochs: int):
    """Each test image's score under the one-class AE and PCA-20: shipped for the shipped
    sets, else trained once per server (and kept on disk)."""
    train, test = ui.split(dataset, "train"), ui.split(dataset)
    return showcase.anomaly_scores(train, test, label, epochs, ui.precomputed(dataset))


with tab_a:
    label = st.selectbox(
        tr("app.normal"), range(len(names)), key="app_normal", format_func=names.__getitem__
    )
    with st.spinner(tr("app.training", name=names[label], epochs=EPOCHS)):
        scores, pca = anomaly_scores(dataset, label, EPOCHS)
    test = ui.split(dataset)
    anomalous = test.labels != label
    m1, m2 = st.columns(2)
    auroc = tr("app.percent", value=apps.auroc(scores, anomalous))
    m1.metric(tr("app.auroc_ae"), auroc, help=tr("app.auroc_help"))
    m2.metric(tr("app.auroc_pca"), tr("app.percent", value=apps.auroc(pca, anomalous)))
    fig = go.Figure()
    for name, mask in ((tr("app.is_normal"), ~anomalous), (tr("app.is_anomaly"), anomalous)):
        fig.add_histogram(x=scores[mask].numpy(), name=name, nbinsx=80, opacity=0.6)
    fig.update_layout(barmode="overlay")
    axes = {"x": tr("app.score"), "y": tr("app.count"), "legend": tr("app.images")}
    st.plotly_chart(ui.layout(fig, height=320, **axes), key="app_hist", width="stretch")
    st.caption(tr("app.score_help"))
    worst = scores.topk(12).indices
    st.caption(tr("app.worst"))
    ui.grid(test.floats(worst), [names[y] for y in test.labels[worst]], per_row=6)


@st.cache_data(show_spinner=False)
def tables(path: str, mtime: float):
    c = ui.checkpoint_at(path)
    n_train, n_test = showcase.USES_SPLITS
    train, test = ui.split(c.dataset, "train").take(n_train), ui.split(c.dataset).take(n_test)
    return (*showcase.latent_uses(c, train, test), len(train), len(test))


with st.spinner(tr("app.computing")):
    cluster, classify, n_train, n_test = tables(str(ckpt.path), ui.mtime(ckpt.path))
columns = {"features": tr("app.col.features"), "nmi": "NMI", "ari": "ARI"}
columns |= {"knn": tr("app.col.knn"), "logreg": tr("app.col.logreg")}


def rename(rows: list[dict]) -> list[dict]:
    """Translated column headers and feature names."""
    return [
        {columns[k]: (tr(f"app.rep.{v}", k=20) if k == "features" else v) for k, v in r.items()}
        for r in rows
    ]


with tab_c:
    st.dataframe(rename(cluster), hide_index=True)
    st.caption(tr("app.cluster_help", n=n_test))
with tab_k:
    st.dataframe(rename(classify), hide_index=True)
    st.caption(tr("app.classify_help", n_train=n_train, n_test=n_test))


def ood_probe(path: str, foreign: str, look: bool):
    c = ui.checkpoint_at(path)
    return showcase.ood_probe(c, *showcase.ood_splits(c.dataset, foreign, ui.split), look=look)


def verdict(value: float) -> str:
    """How well an AUROC separates: the key of the sentence that says so."""
    if value >= 90:
        return "good"
    if value >= 60:
        return "weak"
    return "chance" if value >= 40 else "inverted"


def histogram(probe, detector: str, own: str, other: str, key: str) -> None:
    fig = go.Figure()
    for name, scores in ((own, probe.own[detector]), (other, probe.foreign[detector])):
        fig.add_histogram(x=scores.numpy(), name=name, nbinsx=80, opacity=0.6)
    fig.update_layout(barmode="overlay")
    axes = {"x": tr(f"ood.det.{detector}"), "y": tr("app.count"), "legend": tr("app.images")}
    st.plotly_chart(ui.layout(fig, height=300, **axes), key=key, width="stretch")


def ood_tab() -> None:
    st.caption(tr("ood.intro"))
    others = ood.foreign_sets(dataset, data.available())
    if not others:
        st.info(tr("ood.none"))
        return
    if ckpt.model.can.conditional:
        st.info(tr("ood.conditional"))
        return
    foreign = st.selectbox(
        tr("ood.foreign"), others, key="ood_foreign", format_func=lambda n: tr(f"dataset.{n}")
    )
    probe = ood_probe(str(ckpt.path), foreign, look=True)
    if probe is None:
        st.caption(tr("ood.not_yet", n=showcase.OOD_SPLITS[1]))
        if not st.button(tr("ood.run"), key="ood_run"):
            return
        with st.spinner(tr("ood.computing", n=showcase.OOD_SPLITS[1])):
            probe = ood_probe(str(ckpt.path), foreign, look=False)
    own, other = tr(f"dataset.{dataset}"), tr(f"dataset.{foreign}")
    aurocs = probe.aurocs()
    for col, (name, value) in zip(st.columns(len(aurocs)), aurocs.items()):
        col.metric(tr(f"ood.det.{name}"), tr("app.percent", value=value), help=tr("ood.auroc_help"))
    for name, value in aurocs.items():
        detector = tr(f"ood.det.{name}")
        st.markdown("- " + tr(f"ood.verdict.{verdict(value)}", detector=detector, value=value))
    if aurocs.get("nll", 100) < 50:
        st.warning(tr("ood.nalisnick", own=own, foreign=other))
    c1, c2 = st.columns(2)
    with c1:
        histogram(probe, "recon", own, other, "ood_hist_recon")
    with c2:
        histogram(probe, "nll" if "nll" in probe.own else "knn", own, other, "ood_hist_second")
    a, b, projected = probe.map()
    a, b = a.numpy(), b.numpy()
    fig = go.Figure()
    for name, xy in ((own, a), (other, b)):
        fig.add_scattergl(x=xy[:, 0], y=xy[:, 1], mode="markers", name=name, marker=dict(size=3))
    st.subheader(tr("ood.map"))
    axes = {"x": tr("map.axis.x"), "y": tr("map.axis.y"), "legend": tr("app.images")}
    st.plotly_chart(ui.layout(fig, height=420, **axes), key="ood_map", width="stretch")
    st.caption(tr("ood.map_pca" if projected else "ood.map_latent"))
    familiar = probe.foreign["recon"].topk(8, largest=False).indices
    images = ui.split(foreign).take(showcase.OOD_SPLITS[1]).floats(familiar)
    st.caption(tr("ood.familiar", foreign=other))
    ui.grid(images)
    with torch.no_grad():
        model = ckpt.model
        ui.grid(model.reconstruct(images.to(model.device)).float().cpu())


with tab_o:
    ood_tab()
