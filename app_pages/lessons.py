"""Lessons: the course in ten lessons. Each step says one thing, shows its formula, and opens
the page that shows it, set up (dataset, model, controls), by a link a slide can carry."""

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

import ui
from ui import tr
from ui.lessons import LESSONS

st.title(tr("lessons.title"))
ui.idea("lessons")
titles = {Path(file).stem: key for file, key, _ in ui.PAGES}
lesson = st.selectbox(
    tr("lessons.pick"), list(LESSONS), key="lesson", format_func=lambda n: tr(f"lesson.{n}")
)
steps = LESSONS[lesson]
key = f"lesson_{lesson}_step"
i = min(st.session_state.get(key, 0), len(steps) - 1)
c1, c2, c3 = st.columns([1, 4, 1])
if c1.button(tr("lessons.prev"), key="lesson_prev", disabled=i == 0):
    i -= 1
if c3.button(tr("lessons.next"), key="lesson_next", disabled=i == len(steps) - 1):
    i += 1
st.session_state[key] = i
c2.progress((i + 1) / len(steps), text=tr("lessons.step", n=i + 1, total=len(steps)))

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
