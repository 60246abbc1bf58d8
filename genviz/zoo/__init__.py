"""The shipped sets: their recipes (`sets`: one Recipe type for the shipped checkpoints and
the course's own networks), how they are made and measured (`make`: retrain, measure,
precompute their views, the manifest), and their figures as tables (`tables`)."""

from genviz.zoo.make import manifest, measure, precompute, retrain, write_manifest
from genviz.zoo.sets import COURSE, RECIPES, Recipe, course, made_by, recipes
from genviz.zoo.tables import describe, document, own_figure, table

__all__ = [
    "COURSE",
    "RECIPES",
    "Recipe",
    "course",
    "describe",
    "document",
    "made_by",
    "manifest",
    "measure",
    "own_figure",
    "precompute",
    "recipes",
    "retrain",
    "table",
    "write_manifest",
]
