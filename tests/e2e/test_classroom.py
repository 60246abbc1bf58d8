"""A small class on one server, in real browsers and over Streamlit's own protocol: three
users at once, one of them training, no failures (times are the benchmark's business:
python -m genviz bench classroom)."""

import asyncio
import shutil
import tempfile

import pytest

from benchmarks import classroom

PAGES = ["home", "latent_map", "generate"]  # a map, images, a page with a control each


@pytest.fixture(scope="module")
def server():
    with (
        tempfile.TemporaryDirectory() as user_dir,
        classroom.serve({"GENVIZ_USER_DIR": user_dir}) as (
            url,
            _,
        ),
    ):
        yield url


@pytest.mark.slow
def test_three_users_over_the_protocol(server):
    result = asyncio.run(classroom.run_protocol(server, 3, "digits", PAGES, seed=0))
    assert result.visits == 3 * len(PAGES) and not result.failures, result.failures


@pytest.mark.slow
def test_three_users_in_real_browsers(server):
    pytest.importorskip("playwright.async_api")
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium package is not installed")
    result = asyncio.run(classroom.run_browser(server, 3, "digits", PAGES, seed=0))
    assert result.visits == 3 * len(PAGES) and not result.failures, result.failures


@pytest.mark.slow
def test_a_student_cannot_clear_every_users_caches(server):
    """Streamlit clears every user's caches and the sender's session on a client's
    `clear_cache` message (the toolbar only hides its menu): refused. The session's dataset,
    kept in its state, shows whether it was cleared."""

    async def clear(url: str) -> str:
        async with classroom.ProtocolUser(url) as user:
            await user.rerun()
            user.set("dataset", "selectbox", classroom._dataset_label("mnist"))
            await user.rerun()
            await user.clear_cache()
            await asyncio.sleep(1)
            user.states = {}  # the session's own state, not the widget's, decides now
            await user.rerun()
            return user.widget("dataset")[1][1].raw_value

    assert asyncio.run(clear(server)) == "MNIST"
