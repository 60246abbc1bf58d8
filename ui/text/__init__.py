"""Every string the app shows, by key, in English and Korean (`en.py`, `ko.py`: the same keys,
the same {placeholders}), and the language of the session.

The language: the one a user picked in the sidebar; at first, the browser's (st.context.locale)
when it is Korean or English; else $GENVIZ_LANG; else English.
"""

from __future__ import annotations

import os
import re

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
    """The string for key in the session's language, with {values} filled in (in Korean, with
    each particle chosen for the word before it: `particles`)."""
    lang = language()
    text = TABLES[lang].get(key) or EN[key]
    text = text.format(**values) if values else text
    return particles(text) if lang == "ko" else text


# a Korean particle written for either kind of word, as the tables write them after a name
# that is only known at run time: "{name}을(를)", "{name}(으)로"
_PARTICLE = re.compile(
    r"([^\s(]+?)((?:\s?\([^()]*\))?)(을\(를\)|이\(가\)|은\(는\)|과\(와\)|\(으\)로)"
)
_FORMS = {  # (after a final consonant, after a vowel)
    "을(를)": ("을", "를"),
    "이(가)": ("이", "가"),
    "은(는)": ("은", "는"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
}


def _final(word: str) -> tuple[bool, bool] | None:
    """Whether a word, as a Korean reads it aloud, ends in a consonant (batchim), and whether
    that consonant is ㄹ; None when its last character says nothing (a symbol)."""
    c = word[-1]
    if "가" <= c <= "힣":
        jong = (ord(c) - ord("가")) % 28
        return jong != 0, jong == 8  # 8: ㄹ
    if c.isdigit():  # 영 일 이 삼 사 오 육 칠 팔 구
        return c in "013678", c in "178"
    if c.isascii() and c.isalpha():
        letters = word.rstrip("0123456789").split("-")[-1]
        if letters.isupper():  # read letter by letter: 엘, 엠, 엔, 알
            return c in "LMNR", c in "LR"
        return c.lower() in "lmng", c.lower() == "l"  # a word: -l, -m, -n, -ng end in one
    return None


def particles(text: str) -> str:
    """Each "을(를)", "이(가)", "은(는)", "과(와)", "(으)로" in Korean text made the one form
    its word takes ("MNIST을(를)" -> "MNIST를", "서울(으)로" -> "서울로"); a parenthesis after
    the word ("숫자(digits)을(를)") is read past, as Korean readers do."""

    def choose(m: re.Match) -> str:
        found = _final(m.group(1))
        if found is None:
            return m.group(0)
        consonant, rieul = found
        with_, without = _FORMS[m.group(3)]
        form = with_ if consonant and not (m.group(3) == "(으)로" and rieul) else without
        return m.group(1) + m.group(2) + form

    return _PARTICLE.sub(choose, text)


def has(key: str) -> bool:
    return key in EN


def say(error: Exception) -> str:
    """A library error in the session's language: its sentence from the tables when it names
    one (GenvizError.key), with an option shown under its label; else the error's own words,
    with the server's folders named as genviz's own (`plain_paths`)."""
    key = getattr(error, "key", None)
    if key is None or not has(f"err.{key}"):
        return tr("err.other", detail=plain_paths(str(error)))
    values = dict(getattr(error, "values", {}))
    if "option" in values and has(f"opt.{values['option']}"):
        values["option"] = tr(f"opt.{values['option']}")
    return plain_paths(tr(f"err.{key}", **values))


def plain_paths(text: str) -> str:
    """A message with the server's absolute folders replaced by the names genviz gives them
    (checkpoints/user, data, cache, the app's own folder as `.`, the home folder as `~`): a
    student's page shows no paths of the server it runs on."""
    from genviz import paths

    names = {
        str(paths.user_checkpoints()): "checkpoints/user",
        str(paths.data_root()): "data",
        str(paths.cache_root()): "cache",
        str(paths.ROOT): ".",
        os.path.expanduser("~"): "~",
    }
    for folder in sorted(names, key=len, reverse=True):  # the longest, most particular first
        if len(folder) > 1:
            text = text.replace(folder + os.sep, names[folder] + "/").replace(folder, names[folder])
    return text
