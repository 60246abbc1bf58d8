"""The app's Streamlit helpers, split by idea; pages import them from here.

pages       the page list
workspace   the sidebar, the session's dataset and checkpoint, capability pickers
resources   what the server loads once: checkpoints, splits, latents, pictures
curves      a training history: loss terms, the insides per epoch, KL per dimension
forms       widgets built from a family's config, translated choices, durations
images      images upscaled without blur, in rows that never wrap
maps        the latent map's figure and what a click or a selection on it means
plots       class-coloured scatters and named line charts
text        every visible string, by key
"""

from ui import text
from ui.curves import history
from ui.forms import choice, layer_table
from ui.ideas import idea
from ui.images import big, grid, mosaic, scale_for, strip
from ui.pages import PAGES
from ui.plots import class_traces, colour, layout, lines
from ui.resources import (
    CHECKPOINTS,
    checkpoint_at,
    device,
    latents,
    listing,
    mtime,
    picture,
    precomputed,
    prepare_upload,
    replay_of,
    service,
    split,
    user_dir,
)
from ui.scatter3d import scatter3d
from ui.text import say, tr
from ui.workspace import (
    candidates,
    class_names,
    dataset,
    describe,
    describe_path,
    is_user,
    pick,
    settle_session,
    sidebar,
    teacher,
    unusable,
)

__all__ = [
    "CHECKPOINTS",
    "PAGES",
    "prepare_upload",
    "big",
    "candidates",
    "checkpoint_at",
    "choice",
    "layer_table",
    "class_names",
    "class_traces",
    "colour",
    "dataset",
    "describe",
    "describe_path",
    "device",
    "grid",
    "history",
    "idea",
    "is_user",
    "latents",
    "layout",
    "lines",
    "listing",
    "mosaic",
    "mtime",
    "pick",
    "picture",
    "precomputed",
    "replay_of",
    "say",
    "scatter3d",
    "scale_for",
    "service",
    "settle_session",
    "sidebar",
    "split",
    "strip",
    "teacher",
    "text",
    "tr",
    "unusable",
    "user_dir",
]
