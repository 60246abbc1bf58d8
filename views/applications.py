"""Applications: anomaly detection by reconstruction error, clustering of latents, and
classification from latents, each against pixels and PCA."""

import plotly.graph_objects as go
import streamlit as st

import ui
from genviz import applications as apps
from genviz import metrics
from ui import tr

st.title(tr("app.title"))
ckpt = ui.pick("vector", prefer=("ae-conv", "vae"))
names = list(ckpt.class_names)
dataset = ckpt.dataset
tab_a, tab_c, tab_k = st.tabs([tr("app.anomaly"), tr("app.cluster"), tr("app.classify")])
EPOCHS = 30 if dataset == "digits" else 5


@st.cache_resource(show_spinner=False)
def one_class_model(dataset: str, label: int, epochs: int):
    """The bench anomaly model, trained on one class only; once per server."""
    return apps.train_one_class(ui.split(dataset, "train"), label, epochs, str(ui.device()))


@st.cache_data(show_spinner=False)
def anomaly_scores(dataset: str, label: int, epochs: int):
    """Each test image's score (reconstruction error / RMS) under the one-class AE and under
    PCA-20 fitted on the same class."""
    test, train = ui.split(dataset), ui.split(dataset, "train")
    scores = apps.normalised(
        metrics.reconstruction_errors(one_class_model(dataset, label, epochs), test), test
    )
    pca = apps.normalised(apps.pca_errors(apps.one_class(train, label), test, 20), test)
    return scores, pca


with tab_a:
    label = st.selectbox(
        tr("app.normal"), range(len(names)), key="app_normal", format_func=names.__getitem__
    )
    with st.spinner(tr("app.training", name=names[label], epochs=EPOCHS)):
        scores, pca = anomaly_scores(dataset, label, EPOCHS)
    test = ui.split(dataset)
    anomalous = test.labels != label
    m1, m2 = st.columns(2)
    m1.metric(
        tr("app.auroc_ae"),
        tr("app.percent", value=apps.auroc(scores, anomalous)),
        help=tr("app.auroc_help"),
    )
    m2.metric(tr("app.auroc_pca"), tr("app.percent", value=apps.auroc(pca, anomalous)))
    fig = go.Figure()
    for name, mask in ((tr("app.is_normal"), ~anomalous), (tr("app.is_anomaly"), anomalous)):
        fig.add_histogram(x=scores[mask].numpy(), name=name, nbinsx=80, opacity=0.6)
    fig.update_layout(barmode="overlay")
    st.plotly_chart(
        ui.layout(fig, height=320, x=tr("app.score"), y=tr("app.count"), legend=tr("app.images")),
        key="app_hist",
        width="stretch",
    )
    st.caption(tr("app.score_help"))
    worst = scores.topk(12).indices
    st.caption(tr("app.worst"))
    ui.grid(test.floats(worst), [names[y] for y in test.labels[worst]], per_row=6)


@st.cache_data(show_spinner=False)
def tables(path: str, mtime: float, n_train: int, n_test: int):
    c = ui.checkpoint_at(path)
    train, test = (
        ui.split(c.dataset, "train").take(n_train),
        ui.split(c.dataset, "test").take(n_test),
    )
    reps = apps.representations(c.model, train, test, pca_k=20)
    k = train.num_classes
    cluster = [
        {"features": n, **apps.clustering_scores(te, test.labels, k)} for n, (_, te) in reps.items()
    ]
    classify = [
        {"features": n, **apps.classification_scores(tr_, train.labels, te, test.labels)}
        for n, (tr_, te) in reps.items()
    ]
    return cluster, classify, len(train), len(test)


with st.spinner(tr("app.computing")):
    cluster, classify, n_train, n_test = tables(str(ckpt.path), ui.mtime(ckpt.path), 5_000, 2_000)
columns = {
    "features": tr("app.col.features"),
    "nmi": "NMI",
    "ari": "ARI",
    "knn": tr("app.col.knn"),
    "logreg": tr("app.col.logreg"),
}


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
