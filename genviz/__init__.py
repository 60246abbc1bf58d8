"""genviz: a latent-space lab for generative models (the library; it never imports streamlit)."""

__version__ = "0.1.0"

from genviz.checkpoint import Checkpoint, list_checkpoints, load, save  # noqa: E402
from genviz.data import Split  # noqa: E402
from genviz.data import load as load_dataset  # noqa: E402
from genviz.errors import GenvizError  # noqa: E402
from genviz.models import KINDS, build  # noqa: E402
from genviz.train import fit  # noqa: E402

__all__ = [
    "KINDS",
    "Checkpoint",
    "GenvizError",
    "Split",
    "build",
    "fit",
    "list_checkpoints",
    "load",
    "load_dataset",
    "save",
]
