"""Applications: anomaly detection by reconstruction error, clustering of latents, and
classification from latents, each against pixels and PCA."""

import plotly.graph_objects as go
import streamlit as st

import ui
from genviz import applications as apps
from genviz import showcase
from ui import tr

st.title(tr("app.title"))
ui.idea("applications")
ckpt = ui.pick("vector", prefer=("ae-conv", "vae"))
names = ui.class_names(ckpt.dataset, ckpt.class_names)
dataset = ckpt.dataset
tab_a, tab_c, tab_k = st.tabs([tr("app.anomaly"), tr("app.cluster"), tr("app.classify")])
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
