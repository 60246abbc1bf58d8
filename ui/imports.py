"""The sidebar's door for what was made elsewhere: a model's exported programs (.pt2, read
without unpickling by genviz.programs) or latents with no model, saved among the user's
checkpoints for the session's dataset (genviz.importing). On a classroom server only the
teacher may; the app never imports a user's code (that route is the CLI's --module)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from genviz import checkpoint, data, importing
from genviz.errors import GenvizError
from genviz.models.imported import ImportedConfig
from genviz.workflow import check_name, target_for
from ui import resources, text
from ui.text import tr


def door(dataset: str, may_write: bool, opened) -> None:
    """The sidebar expander that imports a model or latents into `dataset`; `opened(ckpt)`
    makes what was imported the session's choice."""
    done = st.session_state.pop("imp_done", None)
    with st.sidebar.expander(tr("imp.title"), expanded=done is not None):
        if done:
            st.success(tr("imp.done", name=done))
        if not may_write:
            st.caption(tr("side.own_teacher"))
            return
        model, latents = st.tabs([tr("imp.model"), tr("imp.latents")])
        with model:
            _model(dataset, opened)
        with latents:
            _latents(dataset, opened)


def _model(dataset: str, opened) -> None:
    st.caption(tr("imp.model_help"))
    enc = st.file_uploader(tr("imp.encoder"), type=["pt2"], key="imp_enc")
    dec = st.file_uploader(tr("imp.decoder"), type=["pt2"], key="imp_dec")
    choices = ImportedConfig.choices
    prior = _pick(tr("imp.prior"), choices["prior"], "imp.prior", "imp_prior")
    output = _pick(tr("imp.output"), choices["output"], "imp.range", "imp_output")
    given = _pick(tr("imp.input"), choices["input"], "imp.range", "imp_input")
    name = st.text_input(tr("imp.name"), "imported", key="imp_name")
    if not st.button(tr("imp.go"), key="imp_go", disabled=not (enc or dec)):
        return
    _run(
        lambda target: importing.import_programs(
            dataset,
            target,
            encoder=enc and enc.getvalue(),
            decoder=dec and dec.getvalue(),
            prior=prior,
            output=output,
            input=given,
            origin="app",
        ),  # fmt: skip
        dataset,
        name,
        opened,
    )


def _pick(label: str, values, names: str, key: str) -> str:
    """A select box of values shown as tr(f"{names}.{value}"): the words are the options, so
    a test client that formats outside the session still finds them."""
    words = [tr(f"{names}.{v}") for v in values]
    return values[words.index(st.selectbox(label, words, key=f"{key}_{text.language()}"))]


def _latents(dataset: str, opened) -> None:
    st.caption(tr("imp.latents_help"))
    table = st.file_uploader(tr("imp.table"), type=["npy", "csv", "parquet"], key="imp_table")
    beside = st.checkbox(tr("imp.beside", dataset=data.title(dataset)), key="imp_beside")
    labels = images = None
    if not beside:
        labels = st.file_uploader(tr("imp.labels"), type=["npy", "csv"], key="imp_labels")
        images = st.file_uploader(tr("imp.images"), type=["npy", "npz"], key="imp_images")
    name = st.text_input(tr("imp.name"), "latents", key="imp_lname")
    if not st.button(tr("imp.go"), key="imp_lgo", disabled=table is None):
        return
    with tempfile.TemporaryDirectory() as tmp:  # the readers take files, by their suffix
        files = {}
        for key, upload in (("latents", table), ("labels", labels), ("images", images)):
            if upload is not None:
                files[key] = Path(tmp, f"{key}{Path(upload.name).suffix.lower()}")
                files[key].write_bytes(upload.getvalue())
        _run(
            lambda target: importing.import_latents(
                files["latents"],
                target,
                labels=files.get("labels"),
                images=files.get("images"),
                dataset=dataset if beside else None,
            ),  # fmt: skip
            dataset if beside else None,
            name,
            opened,
        )


def _run(work, dataset: str | None, name: str, opened) -> None:
    """Import into the user's folder for the dataset (latents with their own rows: the
    latents folder), then open what was imported; one sentence if anything is wrong."""
    folder = resources.user_dir() / (data.slug(dataset) if dataset else "latents")
    try:
        target = target_for(folder, check_name(name.strip() or "imported"))
        if dataset is None and target.with_suffix(".npz").exists():
            raise GenvizError(f"{target}.npz exists.", "exists", name=target.name)
        folder.mkdir(parents=True, exist_ok=True)
        with st.spinner(tr("imp.working")):
            path = work(target)
    except GenvizError as e:
        st.error(text.say(e))
        return
    opened(checkpoint.Lazy(path))
    st.session_state["imp_done"] = path.name
    st.rerun()
