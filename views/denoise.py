"""Denoise: corrupt test images, then compare a plain autoencoder with a denoising one."""

import streamlit as st

import ui
from genviz import data, explore
from ui.text import tr

st.title(tr("dn.title"))
ckpt = ui.workspace("encode", label=tr("dn.dae"), key="dn_dae")
names = ui.class_names(ckpt)
test = ui.split(ckpt.dataset)
plain = [c for c in ui.checkpoints(ckpt.dataset, "encode") if c["kind"] == "ae"]
paths = {f"{ckpt.model.kind}: {ui.Path(ckpt.path).name}": str(ckpt.path)}
if plain:
    other = st.sidebar.selectbox(
        tr("dn.ae"), [c["path"] for c in plain], key="dn_ae", format_func=lambda p: ui.Path(p).name
    )
    if other != str(ckpt.path):
        paths[f"ae: {ui.Path(other).name}"] = other
models = {name: ui.load_path(p).model for name, p in paths.items()}

c1, c2 = st.columns(2)
noise = c1.radio(
    tr("dn.noise"),
    list(data.NOISES),
    horizontal=True,
    key="dn_noise",
    format_func=lambda n: tr(f"noise.{n}"),
)
level = c2.slider(tr("dn.level"), 0.0, 1.0, 0.5, 0.05, key="dn_level")
n = 8
clean = test.floats(slice(0, n))


@st.fragment
def pictures():
    rows = {tr("dn.clean"): (clean, [names[y] for y in test.labels[:n]])}
    for name, model in models.items():
        noisy, out, before, after = explore.denoise(model, clean, noise, level)
        rows[tr("dn.noisy")] = (noisy, [f"{p:.1f} dB" for p in before])
        rows[name] = (out, [f"{p:.1f} dB" for p in after])
    for title, (images, captions) in rows.items():
        st.caption(title)
        ui.grid(images, captions)


pictures()

st.subheader(tr("dn.curve"))


@st.cache_data(show_spinner=False)
def curve(paths: tuple, noise: str):
    levels = [round(0.1 * i, 1) for i in range(0, 11)]
    chosen = {name: ui.load_path(p).model for name, p in paths}  # ((name, path), ...)
    values = explore.denoise_curve(
        chosen, ui.split(ckpt.dataset).floats(slice(0, 500)), noise, levels
    )
    return [{"level": lv, **{k: v[i] for k, v in values.items()}} for i, lv in enumerate(levels)]


rows = curve(tuple(paths.items()), noise)
st.line_chart(
    rows,
    x="level",
    y=[k for k in rows[0] if k != "level"],
    x_label=tr("dn.level"),
    y_label="PSNR (dB)",
)
