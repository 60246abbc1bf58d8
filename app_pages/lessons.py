"""Lessons: the course in ten lessons. Each step says one thing, shows its formula, and opens
the page that shows it, set up (dataset, model, controls), by a link a slide can carry. The
lesson and step are kept in the session and the URL, so a step's page and back, or a reload,
return to the same step."""

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

import ui
from genviz import data
from ui import tr
from ui.lessons import LESSONS, trains

st.title(tr("lessons.title"))
ui.idea("lessons")
state = st.session_state


def _number(raw, allowed) -> int | None:
    return int(raw) if raw is not None and raw.isdigit() and int(raw) in allowed else None


# a URL's lesson and step apply once, when the URL changes (a link, a slide, a reload)
asked = (st.query_params.get("lesson"), st.query_params.get("step"))
if asked != state.get("gv_lesson_url") and (n := _number(asked[0], LESSONS)) is not None:
    state["gv_lesson"] = n
    if (s := _number(asked[1], range(1, len(LESSONS[n]) + 1))) is not None:
        state[f"lesson_{n}_step"] = s - 1
state["lesson"] = state.get("gv_lesson", 1)  # the widget forgets on other pages; the session not


def keep() -> None:
    state["gv_lesson"] = state["lesson"]


titles = {Path(file).stem: key for file, key, _ in ui.PAGES}
lesson = st.selectbox(
    tr("lessons.pick"), list(LESSONS), key="lesson", on_change=keep,
    format_func=lambda n: tr(f"lesson.{n}"),
)  # fmt: skip
steps = LESSONS[lesson]

# what the lesson needs, up front: its datasets, and the training images where a step trains
for name in sorted({s.params["dataset"] for s in steps if "dataset" in s.params}):
    training = [str(n + 1) for n, s in enumerate(steps) if trains(s)]
    if not data.ready(name):
        st.warning(tr("lessons.missing", name=ui.dataset_title(name), id=name))
    elif training and not data.has_train(name):
        st.info(tr("lessons.needs_train", name=ui.dataset_title(name), id=name,
                   steps=", ".join(training)))  # fmt: skip

key = f"lesson_{lesson}_step"
i = min(state.get(key, 0), len(steps) - 1)
c1, c2, c3 = st.columns([1, 4, 1])
if c1.button(tr("lessons.prev"), key="lesson_prev", disabled=i == 0):
    i -= 1
if c3.button(tr("lessons.next"), key="lesson_next", disabled=i == len(steps) - 1):
    i += 1
state[key] = i
c2.progress((i + 1) / len(steps), text=tr("lessons.step", n=i + 1, total=len(steps)))
shown = (str(lesson), str(i + 1))
st.query_params.update(lesson=shown[0], step=shown[1])
state["gv_lesson_url"] = shown

step = steps[i]
st.markdown(f"### {tr(f'lesson.{lesson}.{i + 1}')}")
if step.formula:
    st.latex(step.formula)
params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in step.params.items()}
params["lang"] = ui.text.language()
page = tr(titles[step.page])
st.page_link(f"app_pages/{step.page}.py", label=tr("lessons.open", page=page), query_params=params)
url = urlsplit(st.context.url or "http://localhost:8501/")
path = "" if step.page == "home" else step.page
st.caption(tr("lessons.link"))
st.code(f"{url.scheme}://{url.netloc}/{path}?{urlencode(params)}", language=None)
