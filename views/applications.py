"""Applications: anomaly detection by reconstruction error, clustering of latents, and
classification from latents, each against pixels and PCA."""

import plotly.express as px
import streamlit as st

import ui
from genviz import applications as apps
from ui.text import tr

st.title(tr("app.title"))
ckpt = ui.workspace("vector")
names = ui.class_names(ckpt)
dataset = ckpt.dataset
tab_a, tab_c, tab_k = st.tabs([tr("app.anomaly"), tr("app.cluster"), tr("app.classify")])


@st.cache_resource(show_spinner=False)
def one_class_model(dataset: str, label: int, epochs: int):
    """The bench anomaly model, trained on one class only; once per server."""
    return apps.train_one_class(ui.split(dataset, "train"), label, epochs, str(ui.device()))


@st.cache_data(show_spinner=False)
def anomaly_scores(dataset: str, label: int, epochs: int):
    """Each test image's score (reconstruction error / RMS) under the one-class AE and under
    PCA-20 fitted on the same class."""
    test = ui.split(dataset)
    model = one_class_model(dataset, label, epochs)
    scores = apps.normalised(apps.reconstruction_errors(model, test), test)
    normal = apps.one_class(ui.split(dataset, "train"), label)
    return scores, apps.normalised(apps.pca_errors(normal, test, 20), test)


with tab_a:
    label = st.selectbox(
        tr("app.normal"), range(len(names)), key="app_normal", format_func=names.__getitem__
    )
    epochs = 30 if dataset == "digits" else 5
    with st.spinner(tr("app.training", name=names[label], epochs=epochs)):
        scores, pca = anomaly_scores(dataset, label, epochs)
    test = ui.split(dataset)
    anomalous = test.labels != label
    m1, m2 = st.columns(2)
    m1.metric(tr("app.auroc_ae"), f"{apps.auroc(scores, anomalous):.1f}")
    m2.metric(tr("app.auroc_pca"), f"{apps.auroc(pca, anomalous):.1f}")
    kind = [tr("app.is_normal") if not a else tr("app.is_anomaly") for a in anomalous.tolist()]
    fig = px.histogram(
        x=scores.numpy(),
        color=kind,
        nbins=80,
        barmode="overlay",
        labels={"x": tr("app.score")},
        height=320,
    )
    st.plotly_chart(fig, key="app_hist", width="stretch")
    worst = scores.topk(12).indices
    st.caption(tr("app.worst"))
    ui.grid(test.floats(worst), [names[y] for y in test.labels[worst]])


@st.cache_data(show_spinner=False)
def tables(path: str, mtime: float, n_train: int, n_test: int):
    c = ui.load(path, mtime)
    train = ui.split(c.dataset, "train").take(n_train)
    test = ui.split(c.dataset, "test").take(n_test)
    reps = apps.representations(c.model, train, test, pca_k=20)
    k = train.num_classes
    cluster = [
        {"features": n, **apps.clustering_scores(te, test.labels, k)} for n, (_, te) in reps.items()
    ]
    classify = [
        {"features": n, **apps.classification_scores(tr_, train.labels, te, test.labels)}
        for n, (tr_, te) in reps.items()
    ]
    return cluster, classify


mtime = ui.mtime(ckpt)
with st.spinner(tr("app.computing")):
    cluster, classify = tables(str(ckpt.path), mtime, 5_000, 2_000)
with tab_c:
    st.dataframe(cluster, hide_index=True)
    st.caption(tr("app.cluster_help"))
with tab_k:
    st.dataframe(classify, hide_index=True)
    st.caption(tr("app.classify_help"))
