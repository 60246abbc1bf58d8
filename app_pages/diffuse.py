"""Diffusion and flow: a test image buried in noise level by level (a denoising autoencoder
at every noise level), the reverse chain that makes a sample, and what the number of steps,
the sampler and the guidance weight buy."""

import math

import streamlit as st

import ui
from genviz.analysis import apply, stepwise
from genviz.serve import showcase
from ui import figures, tr

st.title(tr("df.title"))
ui.idea("diffuse")
ckpt = ui.pick("stepwise", prefer=("flow", "diffusion"))
model = ckpt.model
names = ui.class_names(ckpt.dataset, ckpt.class_names)
test = ui.split(ckpt.dataset)
judges = ui.loadable(ui.candidates(ckpt.dataset, "judge"))
judge = ui.checkpoint_at(judges[0]["path"]) if judges else None
daes = ui.loadable(ui.candidates(ckpt.dataset, "denoise"))

latent = model.can.latent == "vector"  # a prior over an autoencoder's latent vector


@st.fragment
def forward():
    """The image buried in noise, the network's guess of it and the DAE's."""
    st.subheader(tr("df.forward"))
    level = st.slider(tr("df.level"), 0.0, 1.0, 0.5, 0.05, key="df_level",
                      help=tr("df.level_help"))  # fmt: skip
    clean, labels = test.floats(slice(0, 8)), test.labels[:8]
    found = stepwise.forward(model, clean, [level], y=labels)
    st.caption(tr("df.noisy", share=found.signal[0]))
    ui.grid(found.noisy[0], [names[y] for y in labels])
    st.caption(tr("df.guess"))
    ui.grid(found.guess[0])
    if daes:  # the shipped denoising autoencoder, handed the same noisy images
        dae = ui.checkpoint_at(daes[0]["path"])
        st.caption(tr("df.dae", name=dae.path.name))
        ui.grid(apply.reconstruct(dae.model, found.noisy[0]))
    st.caption(tr("df.forward_help"))


if latent:
    st.info(tr("df.latent_prior", base=model.config.base_kind, d=model.latent_shape[0]))
else:
    forward()

# -- reverse: the chain from noise to a sample ------------------------------------------------
st.subheader(tr("df.reverse"))
cols = st.columns(4)
label = None
if model.can.conditional:
    label = cols[0].selectbox(
        tr("gen.class"), range(len(names)), key="df_class", format_func=names.__getitem__
    )
top = min(100, getattr(model.config, "timesteps", 100))  # a diffusion model's levels bound it
if st.session_state.get("df_steps", 1) > top:  # a link's or another model's choice
    st.session_state["df_steps"] = top
steps = cols[1].slider(tr("df.steps"), 1, top, min(model.config.steps, top), key="df_steps")
guidance = None
if model.can.conditional:
    guidance = cols[2].slider(
        tr("df.guidance"), 0.0, 5.0, float(model.config.guidance), 0.5, key="df_guidance",
        help=tr("df.guidance_help"),
    )  # fmt: skip
with cols[3]:
    sampler = ui.choice(tr("df.sampler"), list(model.samplers), "df_sampler", "df.sampler")
seed = ui.resample("df")
chain = ui.shown(showcase.reverse_chain, ckpt, label, steps, guidance, sampler, seed)
made = len(chain.levels)  # the steps taken
shown = sorted({round(i * made / 7) for i in range(8)})  # 8 moments along the chain
st.caption(tr("df.states"))
ui.grid(chain.states[shown, 0], [tr("df.at", s=1.0 if i == 0 else chain.levels[i - 1])
                                  for i in shown])  # fmt: skip
st.caption(tr("df.guesses"))
ui.grid(chain.guesses[[max(i - 1, 0) for i in shown], 0])
frames = [ui.mosaic(states, ncol=8, scale=ui.scale_for(states.shape)) for states in chain.states]
moments = [f"{s:.2f}" for s in [1.0, *chain.levels]]
ui.chart(figures.animation(frames, moments, tr("df.play")), "df_animation")
st.caption(tr("df.reverse_help", n=8, steps=len(chain.levels), seconds=chain.seconds))

# -- a latent prior's samples travelling on its base's latent map -----------------------------
if latent:
    st.subheader(tr("df.map"))
    paths = ui.shown(showcase.latent_paths, ckpt)
    data_xy, ends = paths.data.numpy(), paths.samples.numpy()
    words = {k: tr(f"df.{k}") for k in ("paths", "starts", "ends")}
    fig = figures.paths(data_xy, paths.labels.numpy(), names, paths.paths.numpy(), words)
    ui.chart(fig, "df_paths", legend=tr("map.legend"))
    for col, key, xy in zip(st.columns(2), ("density_data", "density_prior"), (data_xy, ends)):
        col.markdown(f"**{tr(f'df.{key}')}**")
        ui.chart(figures.density(xy, within=data_xy), f"df_{key}", col=col)
    how = tr(f"df.drawn_{paths.drawn_by}", share=paths.explained)
    st.caption(tr("df.map_help", how=how, n=len(data_xy), m=len(ends)))

# -- what the steps, the sampler and the guidance buy -----------------------------------------
st.subheader(tr("df.curves"))
if judge is None:
    st.info(tr("df.no_judge"))
    st.stop()
rows = ui.shown(showcase.sampler_steps, ckpt, judge)
by = {s: {r["steps"]: r for r in rows if r["sampler"] == s} for s in model.samplers}
counts = sorted({r["steps"] for r in rows})
table = [{"steps": k, **{s: by[s][k]["frechet"] for s in by}} for k in counts]
series = {s: tr(f"df.sampler.{s}") for s in by}
axes = {"x": tr("df.steps"), "y": tr("df.frechet"), "legend": tr("df.sampler")}
fig = ui.lines(table, "steps", series, **axes)
fig.update_xaxes(type="log", tickvals=counts)  # the counts measured, all at full size
ui.chart(fig, "df_steps_curve")
seconds = {tr(f"df.sampler.{s}"): by[s][max(counts)]["seconds"] for s in by}
st.caption(tr("df.steps_help", n=showcase.STEPWISE_SAMPLES, steps=max(counts),
              seconds=", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())))  # fmt: skip
if model.can.conditional:
    rows = ui.shown(showcase.guidance_weights, ckpt, judge)
    k = len(names)
    table = [{"w": r["guidance"], "fidelity": r["fidelity"],
              "diversity": r["class_entropy"] / math.log(k)} for r in rows]  # fmt: skip
    series = {"fidelity": tr("df.fidelity"), "diversity": tr("df.diversity")}
    fig = ui.lines(table, "w", series, x=tr("df.guidance"), y=tr("df.share"))
    ui.chart(fig, "df_guidance_curve")
    best = min(rows, key=lambda r: r["frechet"])
    st.caption(tr("df.guidance_curve_help", n=showcase.STEPWISE_SAMPLES, w=best["guidance"],
                  frechet=best["frechet"]))  # fmt: skip
