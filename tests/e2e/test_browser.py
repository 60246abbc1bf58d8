"""The app served by `streamlit run` on a loopback port and used in headless Chromium (Debian's
package, driven by Playwright) at a projector's 1280x720: every page opens cleanly; the latent
map answers a click on a point, a click on empty space, a box and a lasso; the dataset picked
in the sidebar survives page changes."""

import math
import re
import shutil
import time
from pathlib import Path

import pytest

from benchmarks import classroom
from ui.pages import PAGES as MENU
from ui.text import EN

EXCEPTION = '[data-testid="stException"]'
# what must be on each page once it has rendered (the app's own page list names the pages)
MUST = {
    "home": '[data-testid="stImage"]',
    "lessons": '[data-testid="stCode"]',
    "train": '[data-testid="stForm"]',
    "latent_map": 'iframe[title*="genviz_map"]',
    "interpolate": '[data-testid="stImage"]',
    "codebook": ".js-plotly-plot",
    "inside": ".js-plotly-plot",
    "denoise": '[data-testid="stImage"]',
    "translate": '[data-testid="stAlert"]',  # digits ship no pix2pix: the page says so
    "generate": '[data-testid="stImage"]',
    "diffuse": '[data-testid="stAlert"]',  # digits ship no diffusion or flow model: it says so
    "compare": ".js-plotly-plot",
    "applications": ".js-plotly-plot",
    # the page's own uploader (the sidebar may hold the import door's, folded away)
    "upload": '[data-testid="stMain"] [data-testid="stFileUploader"]',
}
# page url -> what must be on it: every page of the menu, the default one at "/"
PAGES = {"" if default else Path(file).stem: MUST[Path(file).stem] for file, _, default in MENU}


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("user")


@pytest.fixture(scope="module")
def server(user_dir):
    """The classroom benchmark's server: its log goes to a file (a pipe nobody reads fills up
    and stops the server)."""
    with classroom.serve({"GENVIZ_USER_DIR": str(user_dir)}) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium package is not installed")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=classroom.BROWSER_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})  # a projector
    yield context.new_page()
    context.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the run a click started."""
    time.sleep(1.0)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=90_000)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()


def headings(page) -> str:
    return " | ".join(h.inner_text() for h in page.locator("h3").all())


# the page position of point i of trace k, and of the lattice point farthest from any data
POINT = """([k, i]) => {
  const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout;
  const box = gd.getBoundingClientRect(), t = gd._fullData[k];
  return [fl.xaxis.l2p(t.x[i]) + fl._size.l + box.left,
          fl.yaxis.l2p(t.y[i]) + fl._size.t + box.top];
}"""
EMPTY = """() => {
  const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout;
  const box = gd.getBoundingClientRect();
  const at = (t, i) => [fl.xaxis.l2p(t.x[i]) + fl._size.l + box.left,
                        fl.yaxis.l2p(t.y[i]) + fl._size.t + box.top];
  const data = [];
  for (let k = 1; k < gd._fullData.length; k++)
    for (let i = 0; i < gd._fullData[k]._length; i++) data.push(at(gd._fullData[k], i));
  let best = null, far = -1;
  for (let i = 0; i < gd._fullData[0]._length; i++) {
    const p = at(gd._fullData[0], i);
    const d = Math.min(...data.map(q => Math.hypot(p[0] - q[0], p[1] - q[1])));
    if (d > far) { far = d; best = p; }
  }
  return best;
}"""


def choose(page, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox (again if a rerun closed the list at once)."""
    for _ in range(3):
        page.locator(f'[data-testid="stSidebar"] input[aria-label="{label}"]').click()
        found = page.get_by_role("option", name=option, exact=True)
        try:
            found.click(timeout=5_000)
            settle(page)
            return
        except Exception:  # playwright's TimeoutError: the list was not open
            page.keyboard.press("Escape")
    pytest.fail(f"could not pick {option} in {label}")


def drag(page, tool: str, path) -> None:
    page.locator(".js-plotly-plot").hover()
    page.locator(f'.js-plotly-plot [data-title="{tool}"]').first.click()
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    points = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in path]
    page.mouse.move(*points[0])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x, y, steps=8)
    page.mouse.up()
    settle(page)


def test_latent_map_clicks_and_selections(server, page):
    """The classic chart (a 2-D latent with its decoded manifold) answers a click on a point,
    on empty space, a box and a lasso; the fast map (a projection) the same, and pans and
    zooms in the browser; the 3-D scatter reports a click."""
    page.goto(f"{server}/latent_map?map_fast=false", wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot", timeout=90_000)
    settle(page)
    page.locator(".js-plotly-plot").scroll_into_view_if_needed()
    page.mouse.click(*page.evaluate(POINT, [1, 0]))  # a data point of class 0
    settle(page)
    assert "nearest neighbours in latent space" in headings(page)
    page.mouse.click(*page.evaluate(EMPTY))
    settle(page)
    assert "Decoded at" in headings(page)
    drag(page, "Box Select", [(0.2, 0.2), (0.8, 0.8)])
    assert "selected; the first 8" in headings(page)
    drag(page, "Lasso Select", [(0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7), (0.3, 0.3)])
    assert "selected; the first 8" in headings(page)

    page.goto(f"{server}/latent_map?ckpt=vae&map_fast=true", wait_until="domcontentloaded")
    frame, box = fast_map(page)
    assert "Projection" in page.inner_text("body")
    view = "[genvizMap.view.cx, genvizMap.view.cy, genvizMap.view.scale]"
    before = frame.evaluate(view)
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.wheel(0, -400)  # zoom in about the cursor: the scale grows
    page.wait_for_timeout(300)
    zoomed = frame.evaluate(view)
    assert zoomed[2] > 1.5 * before[2]
    page.mouse.down()  # a drag in Move mode pans: the centre moves, the scale stays
    page.mouse.move(box["x"] + 400, box["y"] + 350, steps=5)
    page.mouse.up()
    panned = frame.evaluate(view)
    assert panned[2] == zoomed[2] and panned[:2] != zoomed[:2]
    frame.locator("#reset").click()
    page.mouse.click(*at_point(frame, box, 0))
    settle(page)
    assert "nearest neighbours in latent space" in headings(page)
    page.mouse.click(*empty_spot(frame, box))
    settle(page)
    assert "Decoded at" in headings(page)
    frame.locator("#lasso").click()
    middle = frame.evaluate("[genvizMap.width / 2, genvizMap.height / 2]")
    cx, cy = box["x"] + middle[0], box["y"] + middle[1]
    page.mouse.move(cx + 120, cy)
    page.mouse.down()
    for k in range(1, 25):
        a = 2 * math.pi * k / 24
        page.mouse.move(cx + 120 * math.cos(a), cy + 120 * math.sin(a))
    page.mouse.up()
    settle(page)
    chosen = frame.evaluate("genvizMap.lastLasso")
    assert chosen > 0 and f"{chosen} selected; the first 8" in headings(page)

    page.goto(f"{server}/latent_map?ckpt=vae&map_dim=3", wait_until="domcontentloaded")
    page.wait_for_selector('iframe[title*="scatter3d"]', timeout=90_000)
    settle(page)
    assert "Drag to rotate" in page.inner_text("body")
    click_a_3d_point(page)  # plotly makes no selection in 3-D: our component reports clicks
    assert "nearest neighbours in latent space" in headings(page)


def fast_map(page):
    """The fast map's frame once it has drawn, and its box on the page."""
    element = page.locator('iframe[title*="genviz_map"]')
    element.wait_for(timeout=90_000)
    settle(page)
    element.scroll_into_view_if_needed()
    frame = element.element_handle().content_frame()
    frame.wait_for_selector("body[data-drawn]", timeout=60_000)
    return frame, element.bounding_box()


def at_point(frame, box, i: int):
    """Point i's place on the page."""
    x, y = frame.evaluate(
        "(i) => [(genvizMap.x[i] - genvizMap.view.cx) * genvizMap.view.scale + genvizMap.width / 2,"
        " genvizMap.height / 2 - (genvizMap.y[i] - genvizMap.view.cy) * genvizMap.view.scale]",
        i,
    )
    return box["x"] + x, box["y"] + y


def empty_spot(frame, box):
    """The spot of a coarse lattice over the map farthest from any point, on the page."""
    x, y = frame.evaluate("""() => {
      const S = genvizMap; let best = null, far = -1;
      for (let gx = 80; gx < S.width - 80; gx += 20)
      for (let gy = 60; gy < S.height - 60; gy += 20) {
        let near = Infinity;
        for (let i = 0; i < S.n; i++) {
          const px = (S.x[i] - S.view.cx) * S.view.scale + S.width / 2;
          const py = S.height / 2 - (S.y[i] - S.view.cy) * S.view.scale;
          near = Math.min(near, Math.hypot(px - gx, py - gy));
        }
        if (near > far) { far = near; best = [gx, gy]; }
      }
      return best;
    }""")
    return box["x"] + x, box["y"] + y


def click_a_3d_point(page) -> None:
    """Walk out from the scene's centre until the cursor is over a point (plotly shows its
    hover label), and click there until the component reports a click."""
    frame = page.frame_locator('iframe[title*="scatter3d"]')
    element = page.locator('iframe[title*="scatter3d"]')
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for r in range(0, 200, 4):
        for angle in range(0, 360, 20):
            x, y = cx + r * math.cos(math.radians(angle)), cy + r * math.sin(math.radians(angle))
            page.mouse.move(x, y)
            time.sleep(0.05)
            if not frame.locator(".hovertext").count():
                continue
            page.mouse.down()  # plotly reads a click from a frame drawn while the button is down
            time.sleep(0.1)
            page.mouse.up()
            time.sleep(0.2)
            if frame.locator("body[data-clicks]").count():
                settle(page)
                return
    pytest.fail("no point of the 3-D scatter could be clicked")


def test_the_dataset_survives_page_changes(server, page):
    if "MNIST" not in available_names():
        pytest.skip("real MNIST is not under GENVIZ_DATA")
    page.goto(server, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    choose(page, "Dataset", "MNIST")
    for title in ("Latent map", "Denoise", "Generate", "Home"):
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
        settle(page)
        dataset = page.locator('[data-testid="stSidebar"] input[aria-label="Dataset"]')
        assert dataset.input_value() == "MNIST", title


def available_names() -> str:
    from genviz import data

    return " ".join("MNIST" if n == "mnist" else n for n, ok in data.available().items() if ok)


def test_every_page_of_the_menu_is_checked():
    assert set(MUST) == {Path(file).stem for file, _, _ in MENU}


def test_every_page_in_a_real_browser(server, page):
    page.goto(server, wait_until="domcontentloaded")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    links.first.wait_for(timeout=60_000)
    assert links.count() == len(MENU)  # none folded away under "View more"
    assert all(links.nth(i).is_visible() for i in range(len(MENU)))
    for path, key_element in PAGES.items():
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.wait_for_selector("h1", timeout=60_000)
        shown = page.wait_for_selector(f"{key_element}, {EXCEPTION}", timeout=90_000)
        assert page.locator(EXCEPTION).count() == 0, f"/{path}: {shown.inner_text()}"
        settle(page)  # let the script finish its run before looking for exceptions
        assert page.locator(key_element).count() > 0, path
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, path
        assert not page.evaluate(SMALL), (path, page.evaluate(SMALL)[:5])  # 14 px at least
        if path == "upload":  # the server's limit is the app's, not Streamlit's 200 MB
            assert "5MB per file" in page.locator(MUST["upload"]).first.inner_text()
        if path == "denoise":  # a row of 8 images stays one row at 1280 px
            tops = {round(i.bounding_box()["y"]) for i in page.locator("img").all()[:8]}
            assert len(tops) == 1, tops


def test_the_app_in_korean(server, page):
    """Once in Korean, as a class in Korea sees it: a link's lang=ko carries to every page,
    Hangul is drawn in the shipped web font and broken between words, Streamlit's own English
    on the uploader is out of sight, and no text is under a projector's 14 px."""
    from ui.text import KO

    page.goto(f"{server}/?lang=ko", wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    assert page.locator("h1").first.inner_text() == KO["home.title"]
    h1 = page.locator("h1").first
    assert h1.evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
    fonts = "() => [...document.fonts].filter(f => f.family.includes('Pretendard'))"
    assert page.evaluate(f"{fonts}.map(f => f.status)") == ["loaded"]  # served by the app
    for file, title, _ in MENU[1:]:
        page.locator('[data-testid="stSidebarNav"] a', has_text=KO[title]).first.click()
        settle(page)
        assert page.locator(EXCEPTION).count() == 0, file
        language = '[data-testid="stSidebar"] input[aria-label="Language / 언어"]'
        assert page.locator(language).input_value() == "한국어"
        assert not page.evaluate(SMALL), (file, page.evaluate(SMALL)[:5])
    zone = page.locator('[data-testid="stMain"] [data-testid="stFileUploaderDropzone"]')
    words = "e => getComputedStyle(e, '::after').content + ' ' + getComputedStyle(e).fontSize"
    assert zone.locator("button p").evaluate(words) == f'"{KO["up.zone_button"]}" 0px'
    assert "5 MB까지" in zone.locator(
        "[data-testid='stFileUploaderDropzoneInstructions'] span"
    ).evaluate(words)


# the visible text set under a projector's 14 px (text of 0 px is Streamlit's own words put out
# of sight; the formulas' MathML copy is for screen readers only)
SMALL = r"""() => {
  const small = [];
  const seen = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (seen.nextNode()) {
    const text = seen.currentNode.textContent.replace(/[\u200b\s]/g, "");
    const el = seen.currentNode.parentElement;
    if (!text || el.closest('.katex-mathml, [data-testid="stSidebarCollapseButton"]')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    const px = parseFloat(style.fontSize);
    if (box.width && box.height && style.visibility !== "hidden" && px && px < 14)
      small.push([px, text.slice(0, 30)]);
  }
  for (const t of document.querySelectorAll("svg text")) {
    const px = parseFloat(getComputedStyle(t).fontSize);
    if (t.textContent.trim() && t.getBoundingClientRect().width && px < 14)
      small.push([px, t.textContent.slice(0, 30)]);
  }
  return small;
}"""


def test_a_drawing_goes_through_pix2pix_in_a_real_browser(server, page, user_dir):
    """The canvas component (its script ships in its wheel: no network) draws, and the drawing
    reaches the model: the page shows the input made from it and the model's output."""
    from genviz.workflow import Settings, train_and_save

    options = {"task": "edges", "channels": (4, 8), "d_channels": (8,)}
    train_and_save("pix2pix", "digits", options, Settings(epochs=1), user_dir / "digits" / "p2p")
    page.goto(f"{server}/translate", wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    page.get_by_text("a drawing", exact=True).click()
    settle(page)
    canvas = page.locator("canvas").last  # Fabric.js's upper canvas takes the pointer
    canvas.wait_for(timeout=60_000)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.2 * box["height"])
    page.mouse.down()
    for fx, fy in ((0.7, 0.2), (0.5, 0.5), (0.4, 0.8)):  # a 7
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=10)
    page.mouse.up()
    settle(page)
    page.wait_for_selector("text=pix2pix (L1 + adversarial)", timeout=60_000)
    assert page.locator('[data-testid="stImage"]').count() >= 2  # the input and the output


def go_to(page, title: str) -> None:
    """Follow the sidebar's link to a page (opening the menu's "View more" when it hides it)."""
    link = page.locator('[data-testid="stSidebarNav"] a', has_text=title).first
    more = page.locator('[data-testid="stSidebarNav"]').get_by_text(re.compile(r"View \d+ more"))
    if not link.is_visible() and more.count():
        more.first.click()
    link.click()
    settle(page)


def visit_every_page(page) -> None:
    """Every page of the menu through the sidebar's links (the session, and its dataset and
    choice, carry): each renders its title and no exception or error."""
    for file, title, _ in MENU:
        go_to(page, EN[title])
        page.wait_for_selector("h1", timeout=90_000)
        assert page.locator(EXCEPTION).count() == 0, file
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, file


def test_every_page_on_the_colour_shapes_set(server, page):
    page.goto(server, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    choose(page, "Dataset", EN["dataset.shapes"])
    visit_every_page(page)
    go_to(page, EN["nav.interpolate"])
    assert page.locator('[data-testid="stImage"]').count() > 0  # colour traversals
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any("MIG" in c for c in captions)  # which factor each dimension holds, scored


def test_an_imported_model_on_every_page(server, page, user_dir, tmp_path):
    """A VAE written without genviz, exported and imported: chosen once on the map, it is the
    model of every page it fits."""
    import own_vae

    from genviz import importing

    enc, dec = own_vae.exported(own_vae.trained(tmp_path, steps=50), tmp_path)
    importing.import_programs(
        "digits", user_dir / "digits" / "theirs", encoder=enc, decoder=dec, output="logits"
    )
    page.goto(f"{server}/latent_map", wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    choose(page, "Checkpoint", "theirs (imported)")
    assert page.locator('iframe[title*="genviz_map"]').count() > 0  # the fast map
    visit_every_page(page)
    for title in ("nav.interpolate", "nav.generate"):
        go_to(page, EN[title])
        picked = page.locator('[data-testid="stSidebar"] input[aria-label="Checkpoint"]')
        assert picked.first.input_value().startswith("theirs"), title
        assert page.locator('[data-testid="stImage"]').count() > 0, title


def test_the_sidebar_imports_uploaded_programs(server, page, tmp_path):
    """The sidebar's door: two .pt2 files uploaded, checked and imported, then chosen."""
    import own_vae

    enc, dec = own_vae.exported(own_vae.trained(tmp_path, steps=20), tmp_path)
    page.goto(f"{server}/latent_map", wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(EN["imp.title"]).click()
    for label, path in ((EN["imp.encoder"], enc), (EN["imp.decoder"], dec)):
        zone = sidebar.locator(f'[data-testid="stFileUploaderDropzone"][aria-label="{label}"]')
        zone.locator('input[type="file"]').set_input_files(str(path))
        settle(page)
    name = sidebar.locator('input[aria-label="Name"]').first  # the model tab's
    name.fill("uploaded")
    name.press("Enter")
    settle(page)
    sidebar.get_by_role("button", name=EN["imp.go"]).first.click()
    settle(page)
    sidebar.get_by_text(EN["imp.done"].format(name="uploaded")).wait_for(timeout=60_000)
    settle(page)  # the rerun after the import chose it
    picked = page.locator('[data-testid="stSidebar"] input[aria-label="Checkpoint"]')
    assert picked.first.input_value() == "uploaded (imported)"
