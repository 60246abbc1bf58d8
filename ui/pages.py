"""The app's pages in menu order: (file, title key in ui/text/, the default page?). The one
list: the menu, the browser test and the benchmarks all read it."""

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
