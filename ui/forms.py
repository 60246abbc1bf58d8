"""Forms built from a declaration of options (a model family's config, the training
settings): a widget per field, its default, choices, bounds and description taken from the
declaration, so a new option appears without touching a page."""

from __future__ import annotations

import streamlit as st

from genviz.errors import GenvizError
from genviz.models.base import ModelConfig
from genviz.options import Options
from ui.text import has, say, tr


def _widget(options: type[Options], name: str, default, key: str, col=st):
    typ = options.field_types()[name]
    label, k = tr(f"opt.{name}"), f"{key}_{name}"
    help = tr(f"opt.{name}.help") if has(f"opt.{name}.help") else None
    if name in options.choices:
        values = list(options.choices[name])
        index = values.index(default)
        return col.selectbox(label, values, index, key=k, format_func=choice_name, help=help)
    if typ is bool:
        return col.checkbox(label, default, key=k, help=help)
    if typ is tuple:
        text = col.text_input(label, ",".join(map(str, default)), key=k, help=tr("opt.tuple_help"))
        return options.parse(name, text)
    low, high = options.bounds.get(name, (1 if typ is int else 0.0, None))
    if typ is int:
        high = None if high is None else int(high)
        return int(col.number_input(label, int(low), high, default, 1, key=k, help=help))
    high = None if high is None else float(high)
    value = col.number_input(label, float(low), high, float(default), key=k, format="%g", help=help)
    return float(value)


def choice_name(value: str) -> str:
    """A config option's value in words ("conv": convolutional), where the tables have it."""
    return tr(f"choice.{value}") if has(f"choice.{value}") else str(value)


def config_form(config: type[ModelConfig], key: str, start: dict | None = None) -> dict:
    """Widgets for a family's options (the main ones, then the rest in an expander), starting
    from `start` where given (a preset); returns the options that differ from the family's
    defaults. A malformed entry shows one sentence."""
    defaults = config.options()
    options = {**defaults, **(start or {})}
    main = [n for n in options if n in config.main]
    rest = [n for n in options if n not in config.main]
    try:
        chosen = fields(config, main, key, options, st.columns(3))
        if rest:
            with st.expander(tr("train.more")):
                chosen |= fields(config, rest, key, options, st.columns(3))
    except GenvizError as e:
        st.error(say(e))
        return {}
    return {n: v for n, v in chosen.items() if v != defaults[n]}


def fields(options: type[Options], names, key: str, values: dict, cols) -> dict:
    """A widget for each named field of a declaration (genviz.options.Options), laid out over
    the columns in turn, starting from `values`; returns the values chosen."""
    return {
        name: _widget(options, name, values[name], key, cols[i % len(cols)])
        for i, name in enumerate(names)
    }


def resample(page: str) -> int:
    """A "new samples" button: the seed this session's samples are drawn with, moved on by
    one at each press (kept per page, as `<page>_seed`)."""
    key = f"{page}_seed"
    if st.button(tr("gen.resample"), key=f"{page}_resample"):
        st.session_state[key] = st.session_state.get(key, 0) + 1
    return st.session_state.get(key, 0)


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
