"""genviz: a latent-space lab for generative models (the library; it never imports streamlit)."""

from genviz.checkpoint import Checkpoint, load, save
from genviz.data import Split, load_dataset
from genviz.errors import GenvizError
from genviz.meta import list_checkpoints
from genviz.models import KINDS, build
from genviz.train import fit
from genviz.version import __version__
from genviz.workflow import Settings, train_and_save

__all__ = [
    "KINDS",
    "Checkpoint",
    "GenvizError",
    "Settings",
    "Split",
    "__version__",
    "build",
    "fit",
    "list_checkpoints",
    "load",
    "load_dataset",
    "save",
    "train_and_save",
]
