"""The app's pages in menu order: (file, title key in ui/text.py, the default page?)."""

PAGES = [
    ("views/home.py", "nav.home", True),
    ("views/lessons.py", "nav.lessons", False),
    ("views/train.py", "nav.train", False),
    ("views/latent_map.py", "nav.map", False),
    ("views/interpolate.py", "nav.interpolate", False),
    ("views/codebook.py", "nav.codebook", False),
    ("views/inside.py", "nav.inside", False),
    ("views/denoise.py", "nav.denoise", False),
    ("views/translate.py", "nav.translate", False),
    ("views/generate.py", "nav.generate", False),
    ("views/compare.py", "nav.compare", False),
    ("views/applications.py", "nav.applications", False),
    ("views/upload.py", "nav.upload", False),
]
