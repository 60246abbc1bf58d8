"""What a click or a selection on the latent map means, from the events Streamlit reports."""

import numpy as np

from ui import maps


def point(index, x=0.0, y=0.0):
    return {"customdata": index, "x": x, "y": y, "curve_number": 1, "point_index": 0}


def event(points, box=(), lasso=()):
    return {"selection": {"points": points, "box": list(box), "lasso": list(lasso)}}


def test_a_click_on_a_point_shows_its_neighbours():
    assert maps.read(event([point(17)])) == maps.MapEvent("point", [17])
    assert maps.read(event([point([17])])).indices == [17]  # customdata sent as a list


def test_a_click_on_empty_space_decodes_that_spot():
    what = maps.read(event([point(maps.SPACE, 0.5, -1.25)]))
    assert what.kind == "space" and what.point == (0.5, -1.25)


def test_a_box_or_lasso_selects_the_data_points_and_ignores_the_lattice():
    """The lattice under the data was selected too, and its first point was decoded instead."""
    points = [point(maps.SPACE, 0, 0), point(4), point(maps.SPACE, 1, 1), point(9)]
    assert maps.read(event(points, box=[{"x": [0, 1], "y": [0, 1]}])) == maps.MapEvent(
        "group", [4, 9]
    )
    assert maps.read(event(points, lasso=[{"x": [0, 1, 0], "y": [0, 1, 1]}])).indices == [4, 9]
    only_space = [point(maps.SPACE), point(maps.SPACE)]
    assert maps.read(event(only_space, box=[{"x": [0, 1], "y": [0, 1]}])).kind == "none"


def test_nothing_selected():
    assert maps.read(None).kind == "none" and maps.read({}).kind == "none"
    assert maps.read(event([])).kind == "none"


def test_the_figure_has_a_clickable_lattice_in_2d_and_class_colours_in_both():
    coords = np.random.default_rng(0).random((30, 2)).astype(np.float32)
    labels = np.arange(30) % 3
    fig2 = maps.figure(coords, labels, ["a", "b", "c"])
    lattice = fig2.data[0]
    assert len(lattice.x) == maps.LATTICE**2 and set(lattice.customdata) == {maps.SPACE}
    fig3 = maps.figure(np.c_[coords, coords[:, :1]], labels, ["a", "b", "c"])
    assert len(fig3.data) == 3  # no lattice in 3-D
    colours2 = [t.marker.color for t in fig2.data[1:]]
    assert colours2 == [t.marker.color for t in fig3.data]  # a class keeps its colour
