"""Applications: anomaly detection by reconstruction error, clustering of latents,
classification from latents, each against pixels and PCA; and the out-of-distribution probe
(another dataset's images fed to the model)."""

import streamlit as st

import ui
from genviz import data
from genviz.analysis import applications as apps
from genviz.analysis import apply, ood
from genviz.serve import showcase, studies
from ui import figures, tr

st.title(tr("app.title"))
ui.idea("applications")
ckpt = ui.pick("vector", prefer=("ae-conv", "vae"))
names = ui.class_names(ckpt.dataset, ckpt.class_names)
dataset = ckpt.dataset
tab_a, tab_c, tab_k, tab_o = st.tabs(
    [tr("app.anomaly"), tr("app.cluster"), tr("app.classify"), tr("app.ood")]
)


with tab_a:
    label = st.selectbox(tr("app.normal"), range(len(names)), key="app_normal",
                         format_func=names.__getitem__)  # fmt: skip
    busy = tr("app.training", name=names[label], epochs=studies.anomaly_epochs(dataset))
    with st.spinner(busy):
        scores, pca = ui.shown(studies.anomaly_scores, dataset, label)
    test = ui.split(dataset)
    anomalous = test.labels != label
    m1, m2 = st.columns(2)
    m1.metric(tr("app.auroc_ae"), tr("app.percent", value=apps.auroc(scores, anomalous)),
              help=tr("app.auroc_help"))  # fmt: skip
    m2.metric(tr("app.auroc_pca"), tr("app.percent", value=apps.auroc(pca, anomalous)))
    sets = {tr("app.is_normal"): scores[~anomalous], tr("app.is_anomaly"): scores[anomalous]}
    axes = {"x": tr("app.score"), "y": tr("app.count"), "legend": tr("app.images")}
    ui.chart(figures.overlaid(sets, height=320, **axes), "app_hist")
    st.caption(tr("app.score_help"))
    worst = scores.topk(12).indices
    st.caption(tr("app.worst"))
    ui.grid(test.floats(worst), [names[y] for y in test.labels[worst]], per_row=6)

with st.spinner(tr("app.computing")):
    cluster, classify, n_train, n_test = ui.shown(showcase.latent_uses, ckpt)
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


def verdict(value: float) -> str:
    """How well an AUROC separates: the key of the sentence that says so."""
    if value >= 90:
        return "good"
    if value >= 60:
        return "weak"
    return "chance" if value >= 40 else "inverted"


def ood_tab() -> None:
    st.caption(tr("ood.intro"))
    others = ood.foreign_sets(dataset, data.available())
    if not others:
        st.info(tr("ood.none"))
        here = data.available()
        return ui.offer_datasets([d for d in data.TORCHVISION_SETS if d != dataset and here[d]
                                  and ood.foreign_sets(d, here)])  # fmt: skip
    if ckpt.model.can.conditional:
        return st.info(tr("ood.conditional"))
    foreign = st.selectbox(tr("ood.foreign"), others, key="ood_foreign",
                           format_func=lambda n: ui.dataset_title(n))  # fmt: skip
    n = showcase.OOD_SPLITS[1]
    probe = showcase.ood_probe(ckpt, foreign, look=True)
    if probe is None:
        ask = st.empty()  # the offer goes once the probe is there
        with ask.container():
            st.caption(tr("ood.not_yet", n=n))
            if not st.button(tr("ood.run"), key="ood_run"):
                return
        with st.spinner(tr("ood.computing", n=n)):
            probe = ui.shown(showcase.ood_probe, ckpt, foreign)
        ask.empty()
    own, other = ui.dataset_title(dataset), ui.dataset_title(foreign)
    aurocs = probe.aurocs()
    for col, (name, value) in zip(st.columns(len(aurocs)), aurocs.items()):
        col.metric(tr(f"ood.det.{name}"), tr("app.percent", value=value), help=tr("ood.auroc_help"))
    for name, value in aurocs.items():
        detector = tr(f"ood.det.{name}")
        st.markdown("- " + tr(f"ood.verdict.{verdict(value)}", detector=detector, value=value))
    if aurocs.get("nll", 100) < 50:
        st.warning(tr("ood.nalisnick", own=own, foreign=other))
    second = "nll" if "nll" in probe.own else "knn"
    for col, detector, key in zip(st.columns(2), ("recon", second), ("recon", "second")):
        sets = {own: probe.own[detector], other: probe.foreign[detector]}
        axes = {"x": tr(f"ood.det.{detector}"), "y": tr("app.count"), "legend": tr("app.images")}
        ui.chart(figures.overlaid(sets, **axes), f"ood_hist_{key}", col)
    a, b, projected = probe.map()
    st.subheader(tr("ood.map"))
    axes = {"x": tr("map.axis.x"), "y": tr("map.axis.y"), "legend": tr("app.images")}
    ui.chart(figures.point_sets({own: a.numpy(), other: b.numpy()}, **axes), "ood_map")
    st.caption(tr("ood.map_pca" if projected else "ood.map_latent"))
    familiar = probe.foreign["recon"].topk(8, largest=False).indices
    images = ui.split(foreign).take(n).floats(familiar)
    st.caption(tr("ood.familiar", foreign=other))
    ui.grid(images)
    ui.grid(apply.reconstruct(ckpt.model, images))


with tab_o:
    ood_tab()
