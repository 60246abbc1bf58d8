"""The app's Streamlit helpers, split by idea; pages import them from here.

pages       the page list
workspace   the sidebar, the session's dataset and checkpoint, capability pickers
resources   what the server loads once: checkpoints, splits, latents, pictures, views
figures     figures the pages share: histograms, bars, point sets, ellipses, a codebook
curves      a training history: loss terms, the insides per epoch, KL per dimension; a live run
forms       widgets built from a family's config, translated choices, durations
images      images upscaled without blur, in rows that never wrap
maps        the latent map's figure and what a click or a selection on it means
mapview     the fast map's component: points as binary files, what a click or lasso reports
mapcontrols the fast map's layers, colours, filters, comparisons, settings and link
mapgroups   named groups kept from the map's selections, compared and exported
plots       class-coloured scatters and named line charts
text        every visible string, by key
"""

from ui import classroom, text
from ui.curves import history, run_view
from ui.forms import choice, fields, layer_table, resample
from ui.ideas import idea
from ui.images import (
    PEN,
    big,
    grid,
    image,
    mosaic,
    rows_with_pictures,
    scale_for,
    show_png,
    tiled,
)
from ui.pages import PAGES, style
from ui.plots import chart, class_traces, colour, layout, legible, lines
from ui.resources import (
    CHECKPOINTS,
    checkpoint_at,
    device,
    drawn,
    latents,
    layers_of,
    layers_saved,
    lazy,
    listing,
    mtime,
    picture,
    prepare_upload,
    previews,
    replay_of,
    service,
    shipped,
    shown,
    split,
    study,
    uploaded,
    user_dir,
)
from ui.scatter3d import scatter3d
from ui.text import has as has_text
from ui.text import say, tr
from ui.workspace import (
    candidates,
    class_names,
    dataset,
    describe,
    describe_path,
    is_user,
    loadable,
    offer_datasets,
    pick,
    settle_session,
    sidebar,
    teacher,
    unusable,
)
from ui.workspace import title as dataset_title

__all__ = [
    "classroom",
    "CHECKPOINTS",
    "PAGES",
    "prepare_upload",
    "previews",
    "PEN",
    "big",
    "candidates",
    "chart",
    "checkpoint_at",
    "shipped",
    "shown",
    "study",
    "choice",
    "layer_table",
    "class_names",
    "class_traces",
    "colour",
    "dataset",
    "dataset_title",
    "drawn",
    "describe",
    "describe_path",
    "device",
    "grid",
    "image",
    "has_text",
    "history",
    "idea",
    "is_user",
    "loadable",
    "offer_datasets",
    "fields",
    "latents",
    "layers_of",
    "layers_saved",
    "lazy",
    "layout",
    "legible",
    "lines",
    "listing",
    "mosaic",
    "mtime",
    "pick",
    "picture",
    "replay_of",
    "resample",
    "rows_with_pictures",
    "run_view",
    "say",
    "scatter3d",
    "scale_for",
    "service",
    "settle_session",
    "sidebar",
    "style",
    "split",
    "show_png",
    "teacher",
    "tiled",
    "text",
    "tr",
    "unusable",
    "uploaded",
    "user_dir",
]
