"""The app's pages in menu order: (file, title key in ui/text/, the default page?). The one
list: the menu, the browser test and the benchmarks all read it."""

from pathlib import Path

PAGES = [
    ("app_pages/home.py", "nav.home", True),
    ("app_pages/lessons.py", "nav.lessons", False),
    ("app_pages/train.py", "nav.train", False),
    ("app_pages/latent_map.py", "nav.map", False),
    ("app_pages/interpolate.py", "nav.interpolate", False),
    ("app_pages/codebook.py", "nav.codebook", False),
    ("app_pages/inside.py", "nav.inside", False),
    ("app_pages/denoise.py", "nav.denoise", False),
    ("app_pages/translate.py", "nav.translate", False),
    ("app_pages/generate.py", "nav.generate", False),
    ("app_pages/diffuse.py", "nav.diffuse", False),
    ("app_pages/compare.py", "nav.compare", False),
    ("app_pages/applications.py", "nav.applications", False),
    ("app_pages/upload.py", "nav.upload", False),
]

STYLE = Path(__file__).parent / "assets" / "style.css"

# Streamlit writes its file uploader's button and limits in English whatever the page's
# language; in another language they are hidden and the page's own words shown in their place
ZONE = '[data-testid="stFileUploaderDropzone"] button p'
LIMITS = '[data-testid="stFileUploaderDropzoneInstructions"] span'
UPLOADER = (
    f"{ZONE}, {LIMITS} {{ font-size: 0; }}\n"  # Streamlit's words take no room and show nothing
    f"{ZONE}::after {{ content: %(button)s; font-size: 1rem; }}\n"
    f"{LIMITS}::after {{ content: %(limits)s; font-size: 14px; }}\n"
)


def style() -> None:
    """genviz's few CSS rules (ui/assets/style.css), on every page: Korean line breaking,
    text at the projector's 14 px, images enlarged without blur; and, outside English, the
    file uploader's words in the page's language."""
    import json

    import streamlit as st

    from ui import text

    css = STYLE.read_text()
    if text.language() != "en":
        words = {
            "button": text.tr("up.zone_button"),
            "limits": text.tr("up.zone_limits", mb=st.get_option("server.maxUploadSize")),
        }
        css += UPLOADER % {k: json.dumps(v, ensure_ascii=False) for k, v in words.items()}
    st.html(f"<style>{css}</style>")
