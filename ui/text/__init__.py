"""Every string the app shows, by key, in English and Korean (`en.py`, `ko.py`: the same keys,
the same {placeholders}), and the language of the session.

The language: the one a user picked in the sidebar; at first, the browser's (st.context.locale)
when it is Korean or English; else $GENVIZ_LANG; else English.
"""

from __future__ import annotations

import os

from ui.text.en import EN
from ui.text.ko import KO

TABLES = {"en": EN, "ko": KO}
NAMES = {"ko": "한국어", "en": "English"}
LANG = "gv_lang"  # session state


def language() -> str:
    """The session's language, settled on the first run of a session."""
    try:
        import streamlit as st

        state = st.session_state
        if state.get(LANG) not in TABLES:
            state[LANG] = _first_language(st)
        return state[LANG]
    except Exception:  # noqa: BLE001 - no Streamlit session (a script, a test's import)
        return (
            os.environ.get("GENVIZ_LANG", "en") if os.environ.get("GENVIZ_LANG") in TABLES else "en"
        )


def _first_language(st) -> str:
    locale = (getattr(st.context, "locale", None) or "").lower()
    for lang in TABLES:
        if locale.startswith(lang):
            return lang
    server = os.environ.get("GENVIZ_LANG", "en")
    return server if server in TABLES else "en"


def tr(key: str, **values) -> str:
    """The string for key in the session's language, with {values} filled in."""
    text = TABLES[language()].get(key) or EN[key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in EN


def say(error: Exception) -> str:
    """A library error in the session's language: its sentence from the tables when it names
    one (GenvizError.key), with an option shown under its label; else the error's own words."""
    key = getattr(error, "key", None)
    if key is None or not has(f"err.{key}"):
        return tr("err.other", detail=str(error))
    values = dict(getattr(error, "values", {}))
    if "option" in values and has(f"opt.{values['option']}"):
        values["option"] = tr(f"opt.{values['option']}")
    return tr(f"err.{key}", **values)
