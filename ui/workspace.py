"""The workspace a session carries from page to page: the dataset (a sidebar widget drawn by
app.py, so it survives page changes) and the checkpoint the user chose, which every page
whose needs it fits opens on. Until the user chooses, a page opens on the shipped model that
shows its idea best. Pickers ask for capabilities, never for kind names."""

from __future__ import annotations

import math
import os
from pathlib import Path

import streamlit as st

from genviz import data
from genviz.checkpoint import Checkpoint
from genviz.errors import GenvizError
from genviz.meta import sibling
from genviz.models import KINDS, REGISTRY
from genviz.models.base import Capabilities
from genviz.workflow import NAME
from ui import classroom, imports, resources, text
from ui.text import say, tr

# session state that outlives any widget (Streamlit drops a widget's state on pages that do
# not draw it): the dataset, and per dataset the checkpoint path the user chose
DATASET = "gv_dataset"
CHOSEN = "gv_chosen"


# the controls a link may set (lessons put links on slides): key -> allowed values (a tuple)
# or a type with its (low, high)
LINKED = {
    "map_method": ("latent", "pca", "tsne", "umap"),
    "map_dim": (2, 3),
    "map_split": ("test", "train", "all"),
    "map_fast": (True, False),
    "map_filter": (True, False),
    "map_colour": ("class", "kept", "error", "kl", "unusual", "confidence", "critic", "changed"),
    "map_compare": ("none", "pca"),
    "map_perplexity": (int, 5, 100),
    "map_iterations": (int, 250, 1000),
    "map_n_neighbors": (int, 5, 100),
    "map_min_dist": (float, 0.0, 0.9),
    "dn_noise": data.NOISES,
    "dn_level": (float, 0.0, 1.0),
    "gen_class": tuple(range(10)),
    "app_normal": tuple(range(10)),
    "code_temp": (float, 0.3, 1.5),
    "code_reject": (True, False),
    "interp_how": ("class", "random", "map"),
    "train_kind": tuple(KINDS),
    "df_level": (float, 0.0, 1.0),
    "df_steps": (int, 1, 100),
    "df_guidance": (float, 0.0, 5.0),
    "df_sampler": ("ddim", "ddpm", "euler", "heun"),
    "df_class": tuple(range(10)),
}


def settle_session() -> None:
    """Before anything is drawn: apply a link's query parameters once (dataset, a shipped
    checkpoint by name, the language, a page's controls), and settle the language."""
    state, params = st.session_state, st.query_params.to_dict()
    if not params:  # a link opened twice in a row applies twice
        state.pop("gv_applied", None)
    stamp = tuple(sorted(params.items()))
    if params and state.get("gv_applied") != stamp:
        state["gv_applied"] = stamp
        if params.get("lang") in text.TABLES:
            state[text.LANG] = params["lang"]
        name = params.get("dataset")
        if name in data.DATASETS and data.ready(name):
            state[DATASET] = state["dataset"] = name
        elif name in data.DATASETS:  # the session keeps its dataset; the page says why
            state["gv_link_missing"] = name
        name = state.get(DATASET, "digits")
        linked = str(params.get("ckpt", ""))
        if NAME.fullmatch(linked):  # a plain name (long or odd ones never reach the disk)
            shipped = resources.CHECKPOINTS / name / linked
            if sibling(shipped, ".json").is_file():
                state.setdefault(CHOSEN, {})[name] = str(shipped)
        for key, allowed in LINKED.items():
            if key in params and (value := _linked(params[key], allowed)) is not None:
                state[key] = value
    text.language()


def _linked(raw: str, allowed):
    """A query parameter's value if it is one the control accepts, else None."""
    if isinstance(allowed[0], type):
        typ, low, high = allowed
        try:
            value = typ(raw)
        except ValueError:
            return None
        return value if low <= value <= high else None
    for option in allowed:
        if str(option).lower() == raw.lower():
            return option
    return None


def sidebar() -> None:
    """The shared part of the sidebar (app.py draws it before every page): the dataset,
    with a plain offer when its files are missing, and the device in use."""
    state = st.session_state
    state["gv_lang_widget"] = text.language()

    def switch() -> None:
        state[text.LANG] = state.get("gv_lang_widget") or state.get(text.LANG, "en")

    st.sidebar.selectbox(
        tr("side.language"), list(text.TABLES), key="gv_lang_widget", on_change=switch,
        format_func=text.NAMES.get,
    )  # fmt: skip
    state[DATASET] = state.get(DATASET) or state.get("dataset") or "digits"
    ready = datasets()
    ready.setdefault(state[DATASET], data.ready(state[DATASET]))
    state["dataset"] = state[DATASET]  # the widget shows the session's dataset on every page

    def keep() -> None:
        state[DATASET] = state.get("dataset") or state[DATASET]

    st.sidebar.selectbox(
        tr("side.dataset"),
        list(ready),
        key="dataset",
        on_change=keep,
        format_func=lambda n: title(n) + ("" if ready[n] else f" ({tr('side.missing')})"),
    )
    own_data()
    if missing := state.pop("gv_link_missing", None):
        st.warning(
            tr("side.link_missing", name=title(missing), id=missing, kept=title(state[DATASET]))
        )
    imports.door(state[DATASET], may_write(), opened)
    st.sidebar.caption(tr("side.device", device=str(resources.device())))


OWN = "gv_own"  # the user's own datasets this session opened


def datasets() -> dict[str, bool]:
    """The datasets the sidebar offers, each with whether it is there now: the built-in
    ones, then the user's own (those a checkpoint was trained on, those the server names in
    $GENVIZ_DATASETS, and those this session opened)."""
    found = dict(data.available())
    named = [c.get("dataset") for c in resources.listing() if "error" not in c]
    named += [n for n in os.environ.get("GENVIZ_DATASETS", "").split(os.pathsep) if n]
    named += st.session_state.get(OWN, [])
    for name in named:
        if name and name not in found:
            found[name] = data.ready(name)
    return found


def title(name: str) -> str:
    """A dataset's name in the session's language (a user's own by its folder's name)."""
    return tr(f"dataset.{name}") if text.has(f"dataset.{name}") else data.title(name)


def own_data() -> None:
    """Open a folder of images or an .npz file on this computer as a dataset (its images are
    decoded once, and cached beside it). On a classroom server only the teacher may."""
    with st.sidebar.expander(tr("side.own")):
        if not may_write():
            st.caption(tr("side.own_teacher"))
            return
        path = st.text_input(tr("side.own_path"), key="gv_own_path")
        size = st.number_input(tr("side.own_size"), 0, 512, 0, key="gv_own_size")
        grey = st.checkbox(tr("side.own_grey"), key="gv_own_grey")
        if not st.button(tr("side.own_open"), key="gv_own_open", disabled=not path):
            return
        name = data.spec(path, int(size) or None, grey) if data.is_own(path) else path
        try:
            with st.spinner(tr("side.own_opening")):
                part = data.load_dataset(name, "train")
        except GenvizError as e:
            st.error(text.say(e))
            return
        st.session_state.setdefault(OWN, []).append(part.name)
        st.session_state[DATASET] = part.name
        st.rerun()


def opened(ckpt) -> None:
    """Make a checkpoint (one just imported) the session's dataset and choice."""
    st.session_state[DATASET] = ckpt.dataset
    st.session_state.setdefault(CHOSEN, {})[ckpt.dataset] = str(ckpt.path)


def teacher() -> bool:
    """Whether this session may train, cancel and write checkpoints. With GENVIZ_TEACHER_KEY
    set (a classroom server), only a session that entered that key may (the key's field is
    drawn here); without it, anyone may (one user on a laptop)."""
    if classroom.served():
        st.sidebar.text_input(tr("side.teacher_key"), type="password", key="gv_teacher_key")
        allowed = may_write()
        if not allowed and (wait := classroom.wait_left()) > 0:
            st.sidebar.warning(tr("side.teacher_wait", s=math.ceil(wait)))
        return allowed
    return may_write()


def may_write() -> bool:
    """teacher()'s answer, without drawing the key's field (wrong keys slow the next try:
    ui.classroom)."""
    if not classroom.served():
        return True
    return classroom.key_opens(st.session_state.get("gv_teacher_key", ""))


def dataset() -> str:
    """The session's dataset; a page whose dataset is missing explains and stops."""
    name = st.session_state.get(DATASET) or st.session_state.get("dataset") or "digits"
    if not data.ready(name):
        missing_dataset(name)
        st.stop()
    return name


def missing_dataset(name: str) -> None:
    if data.is_own(name):  # a user's folder or file that has gone: nothing to download
        st.info(tr("page.no_own_data", name=title(name), path=data.parse_spec(name)[0]))
        return
    folder = data.data_root() / data.TORCHVISION_SETS.get(name, name) / "raw"
    st.info(tr("page.no_data", name=title(name), folder=folder))
    if st.button(tr("side.download", name=title(name)), key="download"):
        try:
            with st.spinner(tr("side.downloading")):
                data.load_dataset(name, "train", download=True)
                data.load_dataset(name, "test")
            st.rerun()
        except GenvizError:  # no internet is the usual cause: one sentence
            st.error(tr("side.download_failed", folder=folder))


def offer_datasets(names: list[str], most: int = 2) -> None:
    """Buttons that switch the session to another dataset that is here, for a page that has
    nothing to show on this one (Image to image on digits: MNIST ships its pix2pix models)."""
    state = st.session_state

    def switch(to: str) -> None:
        state[DATASET] = state["dataset"] = to

    for col, name in zip(st.columns(most), names[:most]):
        col.button(tr("page.open_on", name=title(name)), key=f"open_on_{name}",
                   on_click=switch, args=(name,))  # fmt: skip


def class_names(dataset: str, names) -> list[str]:
    """A dataset's class names in the session's language, where they are words."""
    return [
        tr(f"class.{dataset}.{i}") if text.has(f"class.{dataset}.{i}") else str(n)
        for i, n in enumerate(names)
    ]


def capabilities(entry: dict) -> Capabilities:
    return Capabilities(**entry["capabilities"])


def candidates(dataset: str, need: str = "any") -> list[dict]:
    """The usable checkpoints of a dataset that can do `need` (genviz.models.base.NEEDS),
    shipped first."""
    found = [
        c
        for c in resources.listing()
        if "error" not in c and c["dataset"] == dataset and capabilities(c).fits(need)
    ]
    return sorted(found, key=lambda c: (group(c), c["name"]))


def loadable(found: list[dict]) -> list[dict]:
    """Of a page's candidates, those that load (each is loaded once per server); the others
    are named once in a warning and left out, so one bad checkpoint in a class's folder
    breaks no page for anyone."""
    good, bad = [], []
    for c in found:
        try:
            resources.checkpoint_at(c["path"])
        except GenvizError:
            bad.append(c["name"])
        else:
            good.append(c)
    if bad:
        st.warning(tr("page.skipped", names=", ".join(bad)))
    return good


def unusable(dataset: str | None = None) -> list[dict]:
    """Checkpoints listed with the reason they cannot be used."""
    return [c for c in resources.listing() if "error" in c and dataset in (None, c.get("dataset"))]


def is_user(entry: dict) -> bool:
    return resources.resolved(entry["path"]).is_relative_to(
        resources.resolved(str(resources.user_dir()))
    )


def group(entry: dict) -> int:
    """Where a checkpoint is listed: 0 shipped, 1 trained here, 2 imported (`genviz import`)."""
    if entry["kind"] in REGISTRY and not REGISTRY[entry["kind"]].trainable:
        return 2
    return int(is_user(entry))


def describe_path(path) -> str:
    """describe() for a checkpoint known by its path."""
    entry = next((c for c in resources.listing() if c["path"] == str(path)), None)
    return describe(entry) if entry and "error" not in entry else Path(path).name


def describe(entry: dict, short: bool = False) -> str:
    """A readable name: 'vae-2d: VAE, 2-D latent (shipped)'; `short`: 'vae-2d (shipped)',
    which fits a sidebar's picker (what it is then goes in a caption under it)."""
    where = tr(("side.shipped", "side.user", "side.imported")[group(entry)])
    if short:
        return f"{entry['name']} ({where})"
    return f"{entry['name']}: {what_is(entry)} ({where})"


def what_is(entry: dict) -> str:
    """What a checkpoint holds: 'VAE, 2-D latent'."""
    config = entry.get("config", {})
    what = tr(f"kind.{entry['kind']}")
    if config.get("latent_dim") and capabilities(entry).encode:
        what += ", " + tr("side.latent", n=config["latent_dim"])
    return what


def pick(
    need: str = "any",
    prefer: tuple[str, ...] = (),
    label: str | None = None,
    key: str = "ckpt",
    carry: bool = True,
) -> Checkpoint:
    """A sidebar picker of the current dataset's checkpoints that can do `need`. It opens on
    the user's carried choice where that fits, else the first name in `prefer`, else the
    first. `carry` False makes it a second picker that neither reads nor sets the choice.
    Returns the loaded checkpoint, or explains and stops the page."""
    name = dataset()
    found = candidates(name, need)
    if not found:
        st.info(tr("page.no_checkpoint", dataset=title(name), need=tr(f"need.{need}")))
        offer_datasets([d for d in data.DATASETS if d != name and data.ready(d)
                        and any(not is_user(c) for c in candidates(d, need))])  # fmt: skip
        st.stop()
    paths = [c["path"] for c in found]
    chosen = st.session_state.setdefault(CHOSEN, {}).get(name) if carry else None
    by_name = {c["name"]: c["path"] for c in found if not is_user(c)}
    preferred = next((by_name[n] for n in prefer if n in by_name), paths[0])
    start = chosen if chosen in paths else preferred
    widget = f"{key}_{name}_{need}"
    if st.session_state.get(widget) not in paths or (carry and chosen in paths):
        st.session_state[widget] = start  # a stale choice (a deleted file) is replaced

    def remember() -> None:
        if carry and st.session_state.get(widget) is not None:
            st.session_state.setdefault(CHOSEN, {})[name] = st.session_state[widget]

    names = {c["path"]: describe(c, short=True) for c in found}  # whole in the sidebar's width
    path = st.sidebar.selectbox(
        label or tr("side.checkpoint"), paths, key=widget, format_func=names.get, on_change=remember
    )
    st.sidebar.caption(what_is(next(c for c in found if c["path"] == path)))
    try:
        return resources.checkpoint_at(path)
    except GenvizError as e:
        st.error(tr("err.checkpoint", name=Path(path).name, detail=say(e)))
        st.stop()
