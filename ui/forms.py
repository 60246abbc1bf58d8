"""Forms built from a model family's config: a widget per option, its default, choices and
bounds taken from the config class, so a new option appears without touching a page."""

from __future__ import annotations

import streamlit as st

from genviz.errors import GenvizError
from genviz.models.base import ModelConfig
from ui.text import has, say, tr


def _widget(config: type[ModelConfig], name: str, default, key: str):
    typ = config.field_types()[name]
    label, k = tr(f"opt.{name}"), f"{key}_{name}"
    if name in config.choices:
        options = list(config.choices[name])
        return st.selectbox(label, options, options.index(default), key=k, format_func=choice_name)
    if typ is bool:
        return st.checkbox(label, default, key=k)
    if typ is tuple:
        text = st.text_input(label, ",".join(map(str, default)), key=k, help=tr("opt.tuple_help"))
        return config.parse(name, text)
    low, high = config.bounds.get(name, (1 if typ is int else 0.0, None))
    if typ is int:
        return int(
            st.number_input(label, int(low), None if high is None else int(high), default, 1, key=k)
        )
    return float(
        st.number_input(
            label,
            float(low),
            None if high is None else float(high),
            float(default),
            key=k,
            format="%g",
        )
    )


def choice_name(value: str) -> str:
    """A config option's value in words ("conv": convolutional), where the tables have it."""
    return tr(f"choice.{value}") if has(f"choice.{value}") else str(value)


def config_form(config: type[ModelConfig], key: str, start: dict | None = None) -> dict:
    """Widgets for a family's options (the main ones, then the rest in an expander), starting
    from `start` where given (a preset); returns the options that differ from the family's
    defaults. A malformed entry shows one sentence."""
    chosen = {}
    defaults = config.options()
    options = {**defaults, **(start or {})}
    main = [n for n in options if n in config.main]
    rest = [n for n in options if n not in config.main]
    cols = st.columns(3)
    try:
        for i, name in enumerate(main):
            with cols[i % 3]:
                chosen[name] = _widget(config, name, options[name], key)
        if rest:
            with st.expander(tr("train.more")):
                cols = st.columns(3)
                for i, name in enumerate(rest):
                    with cols[i % 3]:
                        chosen[name] = _widget(config, name, options[name], key)
    except GenvizError as e:
        st.error(say(e))
        return {}
    return {n: v for n, v in chosen.items() if v != defaults[n]}


def duration(seconds: float) -> str:
    """'2 h 5 min', '3 min 20 s', '45 s'."""
    s = max(0, round(seconds))
    if s >= 3600:
        return tr("time.h_min", h=s // 3600, m=s % 3600 // 60)
    if s >= 60:
        return tr("time.min_s", m=s // 60, s=s % 60)
    return tr("time.s", s=s)


def choice(label: str, options, key: str, names: str, **options_kw):
    """A row of radio buttons whose option o reads tr(f"{names}.{o}")."""
    return st.radio(
        label,
        list(options),
        horizontal=True,
        key=key,
        format_func=lambda o: tr(f"{names}.{o}"),
        **options_kw,
    )


def layer_table(parts) -> None:
    """A model's networks as torchinfo lists them (genviz.summary.layers): a table of layers,
    output shapes and parameter counts for each, and the totals."""
    total = sum(p.total for p in parts)
    st.caption(tr("layers.total", n=f"{total:,}"))
    cols = st.columns(len(parts))
    for col, part in zip(cols, parts):
        params = tr("layers.params", n=f"{part.total:,}")
        col.markdown(f"**{tr(f'layers.{part.name}')}** ({params})")
        rows = [
            {tr("layers.layer"): name, tr("layers.shape"): shape, tr("layers.count"): count}
            for name, shape, count in part.rows
        ]
        col.dataframe(rows, hide_index=True, width="stretch")
