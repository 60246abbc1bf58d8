"""Pictures of latents, the worker's half: `python -m genviz.serve.picture_worker`, started by
the server's picture service (genviz.serve.pictures) and joined to it by inherited pipes. It
warms UMAP up at once (numba's compilation), then computes one picture at a time, reporting
progress, so a projection never holds the server's interpreter."""

from __future__ import annotations

import os
import traceback
import warnings

from genviz.analysis import projection
from genviz.errors import GenvizError
from genviz.serve import worker
from genviz.serve.pictures import News, Order


def handle(order: Order, reply) -> None:
    """Compute one picture, replying with its progress and its result or error."""
    reply(News("progress", order.key, 0, 0, "starting"))
    try:

        def progress(done: int, total: int, stage: str, coords=None) -> None:
            reply(News("progress", order.key, done, total, stage, coords=coords))

        coords, faithfulness, seconds = projection.compute(
            order.latents, order.method, order.dim, order.seed, order.params, progress
        )
        reply(News("done", order.key, coords=coords, faithfulness=faithfulness, seconds=seconds))
    except GenvizError as e:
        reply(News("error", order.key, error=str(e)))
    except Exception:  # noqa: BLE001 - reported to the page as one line, logged in full
        traceback.print_exc()
        reply(News("error", order.key, error="the projection failed; see the server log."))


def warm_up(reply) -> None:
    """umap imported and numba compiled before the first job."""
    try:
        reply(News("warm", seconds=projection.warm_up()))
    except Exception as e:  # noqa: BLE001 - UMAP unusable: say so, keep serving the rest
        reply(News("warm", error=f"{type(e).__name__}: {e}"))


def main() -> None:
    # pages first: a picture is awaited with PCA standing in, a page by a student looking at it;
    # numba's warm-up alone is about 23 s of a core at every start, as a class opens the app
    os.nice(5)
    warnings.filterwarnings("ignore")  # library chatter would only clutter the server log
    # GENVIZ_WARM_UP=0 skips it (tests that are not about it; a machine that never runs UMAP)
    wanted = os.environ.get("GENVIZ_WARM_UP", "1") != "0"
    worker.serve(handle, on_start=warm_up if wanted else None)


if __name__ == "__main__":
    main()
