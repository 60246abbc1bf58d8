"""Named groups of points kept from the latent map's selections: compared side by side (their
mean image and class mix) and exported as a CSV of index, group and class. They live in the
session, per dataset and split, so a page change keeps them."""

from __future__ import annotations

import csv
import io

import numpy as np
import streamlit as st
import torch

from ui.images import grid
from ui.maps import MapEvent
from ui.text import tr

STATE = "gv_map_groups"


def _kept(where: str) -> dict[str, list[int]]:
    return st.session_state.setdefault(STATE, {}).setdefault(where, {})


def as_csv(kept: dict[str, list[int]], labels: np.ndarray, names) -> str:
    """The kept groups as CSV rows of index, group and class (names quoted as CSV quotes)."""
    out = io.StringIO()
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["index", "group", "class"])
    for group, indices in kept.items():
        rows.writerows([i, group, names[labels[i]]] for i in indices)
    return out.getvalue()


def groups(part, names, what: MapEvent, where: str) -> None:
    """Keep the map's selection under a name; compare and export what is kept."""
    kept = _kept(where)
    labels = part.labels.numpy()
    with st.expander(tr("map.groups", n=len(kept)), expanded=bool(kept)):
        if what.kind == "group":
            c1, c2 = st.columns([3, 1])
            name = c1.text_input(tr("map.group_name"), f"{tr('map.group')} {len(kept) + 1}",
                                 key="map_group_name", max_chars=40)  # fmt: skip
            if c2.button(tr("map.keep", n=len(what.indices)), key="map_keep") and name.strip():
                kept[name.strip()] = list(what.indices)
        else:
            st.caption(tr("map.groups_hint"))
        if not kept:
            return
        means, captions, mixes = [], [], {}
        for group, indices in kept.items():
            counts = np.bincount(labels[indices], minlength=len(names))
            mixes[group] = {
                names[c]: f"{counts[c] / len(indices):.0%}" for c in counts.argsort()[::-1][:3]
            }
            captions.append(f"{group} ({len(indices)})")
            if part.style != "none":
                means.append(part.floats(torch.tensor(indices)).mean(0))
        if means:
            grid(torch.stack(means), captions)
            st.caption(tr("map.group_means"))
        st.table({g: ", ".join(f"{k} {v}" for k, v in m.items()) for g, m in mixes.items()})
        c1, c2 = st.columns(2)
        c1.download_button(tr("map.group_csv"), as_csv(kept, labels, names), "groups.csv",
                           "text/csv", key="map_group_csv")  # fmt: skip
        if c2.button(tr("map.group_clear"), key="map_group_clear"):
            kept.clear()
            st.rerun()
