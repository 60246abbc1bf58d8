"""Every page of the app under Streamlit's AppTest, on digits and (when present) MNIST: it
renders without an exception, opens on the model that shows its idea, and its main control
changes what is shown; the workspace survives page changes."""

import io
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from conftest import ROOT
from PIL import Image
from streamlit.testing.v1 import AppTest

import ui
from genviz import data
from genviz.serve import runs
from ui import mapview
from ui.text import EN

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]


@pytest.fixture(params=["digits", "mnist"])
def dataset(request):
    if request.param == "mnist":
        if not data.available()["mnist"]:
            pytest.skip("real MNIST is not under GENVIZ_DATA")
        if not (ui.CHECKPOINTS / "mnist").is_dir():
            pytest.skip("no shipped MNIST checkpoints")
    return request.param


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_page(page: str, dataset: str = "digits", **state) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["dataset"] = dataset
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def images(app: AppTest) -> list[bytes]:
    """The image payloads on the page, in order (to see whether a control changed them)."""
    found = []
    for el in app.get("image"):
        found += [img.url for img in el.proto.imgs]
    return found


def text_of(app: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "caption", "markdown", "info", "success")
        for e in getattr(app, kind)
    ]
    return "\n".join(str(p) for p in parts)


def picker(app: AppTest, key: str):
    return app.sidebar.selectbox(key=key)


def shipped(dataset: str, name: str) -> str:
    return str(ui.CHECKPOINTS / dataset / name)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page, dataset):
    app = open_page(page, dataset)
    assert app.title, "each page has a title"


@pytest.fixture
def fashion():
    if not data.available()["fashion-mnist"]:
        pytest.skip("real Fashion-MNIST is not under GENVIZ_DATA")
    if not (ui.CHECKPOINTS / "fashion-mnist").is_dir():
        pytest.skip("no shipped Fashion-MNIST checkpoints")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_fashion_mnist_with_its_class_names(page, fashion):
    app = open_page(page, "fashion-mnist")
    assert app.title, "each page has a title"
    if page == "generate":  # the class picker speaks in words, in either language
        assert "ankle boot" in app.selectbox(key="gen_class").options
        app.session_state["gv_lang"] = "ko"
        app.run()
        assert not app.exception and "앵클 부츠" in app.selectbox(key="gen_class").options


@pytest.mark.parametrize(
    ("page", "key", "name"),
    [
        ("denoise", "ckpt_{}_denoise", "dae"),
        ("denoise", "dn_plain_{}_plain", "ae-conv"),
        ("generate", "ckpt_{}_sample", "cgan"),
        ("codebook", "ckpt_{}_codes", "vqvae"),
        ("interpolate", "ckpt_{}_vector", "vae"),
        ("applications", "ckpt_{}_vector", "ae-conv"),
    ],
)
def test_each_page_opens_on_the_model_that_shows_its_idea(page, key, name, dataset):
    app = open_page(page, dataset)
    assert picker(app, key.format(dataset)).value == shipped(dataset, name)


def test_the_latent_map_opens_on_a_2d_model(dataset):
    app = open_page("latent_map", dataset)
    want = "vae-2d" if dataset == "mnist" else "ae-2d"
    assert picker(app, f"ckpt_{dataset}_map").value == shipped(dataset, want)
    assert "latent space has 2 numbers" in app.info[0].value


def test_the_dataset_and_the_chosen_checkpoint_survive_page_changes(dataset):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    app.sidebar.selectbox(key="dataset").set_value(dataset).run()
    app.switch_page("app_pages/latent_map.py").run()  # the page's own picker is of that dataset
    assert app.sidebar.selectbox(key="dataset").value == dataset
    picker(app, f"ckpt_{dataset}_map").set_value(shipped(dataset, "ae-conv")).run()
    app.switch_page("app_pages/interpolate.py").run()  # the choice fits here: it is kept
    assert picker(app, f"ckpt_{dataset}_vector").value == shipped(dataset, "ae-conv")
    app.switch_page("app_pages/codebook.py").run()  # it does not fit: the page's own default
    assert picker(app, f"ckpt_{dataset}_codes").value == shipped(dataset, "vqvae")
    app.switch_page("app_pages/denoise.py").run()
    assert picker(app, f"ckpt_{dataset}_denoise").value == shipped(dataset, "dae")
    assert not app.exception


def test_denoise_in_a_fresh_session_offers_only_the_datasets_models(dataset):
    app = open_page("denoise", dataset)
    for key, need in (
        (f"ckpt_{dataset}_denoise", "denoise"),
        (f"dn_plain_{dataset}_plain", "plain"),
    ):
        options = picker(app, key).options
        assert options == [ui.describe(c, short=True) for c in ui.candidates(dataset, need)]
        assert picker(app, key).value.startswith(str(ui.CHECKPOINTS / dataset))
    before = images(app)
    app.slider(key="dn_level").set_value(0.1).run()
    assert images(app) != before


def test_home_shows_families_a_gallery_and_the_datasets(dataset):
    app = open_page("home", dataset)
    assert "**VQ-VAE**" in text_of(app) and len(images(app)) >= 8
    assert "their reconstructions" in text_of(app)  # an autoencoder shows what it rebuilds
    assert app.table[0].value.shape[0] == len(data.DATASETS)


def test_interpolation_slider_changes_the_decoded_image(dataset):
    app = open_page("interpolate", dataset)
    before = images(app)
    app.slider(key="interp_t").set_value(0.9).run()
    after = images(app)
    assert before[1] != after[1] and before[0] == after[0]


def test_a_map_selection_of_another_dataset_is_not_applied(dataset):
    other = "mnist" if dataset == "digits" else "digits"
    stale = {"dataset": other, "indices": [9999, 9998]}
    app = open_page("interpolate", dataset, map_selected=stale, interp_how="map")
    assert "Select at least two points" in app.info[0].value
    good = {"dataset": dataset, "indices": [3, 5]}
    app = open_page("interpolate", dataset, map_selected=good, interp_how="map")
    assert "test image #3" in " ".join(
        c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)
    )


def test_codebook_cell_edit_starts_on_another_code_and_changes_the_image(dataset):
    app = open_page("codebook", dataset)
    pictures = images(app)
    assert pictures[1] != pictures[2]  # the changed cell shows before any edit
    new = next(n for n in app.number_input if n.key.startswith("code_new_"))
    new.set_value((new.value + 5) % 16).run()
    assert images(app)[2] != pictures[2]
    assert app.get("metric")


def test_codebook_rejection_sampling_shows_the_judges_verdicts():
    app = open_page("codebook", "digits")
    app.toggle(key="code_reject").set_value(True).run()
    assert not app.exception
    assert "passed the classifier" in text_of(app)
    captions = [c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)]
    assert sum(c.startswith("classifier: ") for c in captions) >= 8


def test_generate_by_class(dataset):
    app = open_page("generate", dataset)
    app.selectbox(key="gen_class").set_value(3).run()
    assert "Samples of 3" in text_of(app)
    captions = [c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)]
    assert sum(c.startswith("classifier: 3 ") for c in captions) >= 12  # the classifier agrees


def test_generate_with_the_class_conditional_prior():
    """Its class grid used to decode float noise as codes (IndexError)."""
    app = open_page("generate", "digits", ckpt_digits_sample=shipped("digits", "pixelcnn"))
    assert "One class per row" in text_of(app) and len(images(app)) == 17


def test_generated_samples_are_kept_so_a_return_draws_nothing(tmp_path, monkeypatch):
    from genviz.analysis import generate

    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path))
    drawn = []
    real = generate.samples
    monkeypatch.setattr(generate, "samples", lambda *a, **k: drawn.append(a[2]) or real(*a, **k))
    app = open_page("generate", "digits", ckpt_digits_sample=shipped("digits", "pixelcnn"))
    first = images(app)
    app.switch_page("app_pages/home.py").run()
    app.switch_page("app_pages/generate.py").run()
    assert drawn == [0] and images(app) == first  # kept: the same pictures, nothing drawn
    app.button(key="gen_resample").click().run()
    assert drawn == [0, 1] and images(app) != first


def test_compare_places_the_autoencoders_beside_pca(dataset):
    import json

    app = open_page("compare", dataset)
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in figure["data"]]
    encoders = ui.candidates(dataset, "vector")
    assert names[0].startswith("PCA") and len(names) == 1 + len(encoders)
    assert len(set(names)) == len(names)  # one legend entry each, no labels over each other
    assert figure["layout"]["xaxis"]["type"] == "log" and figure["layout"]["xaxis"]["title"]


def test_compare_beta_sweep_shows_the_shipped_one_and_trains_others():
    app = open_page("compare", "digits")
    table = app.dataframe[0].value  # the shipped sweep shows on the first visit
    assert list(table["β"]) == [0.1, 1.0, 4.0, 16.0]
    without = len(images(app)) - 4
    app.multiselect(key="cmp_betas").set_value([0.1, 16.0])
    app.number_input(key="cmp_epochs").set_value(5).run()
    assert len(images(app)) == without  # not trained yet: not shown
    app.button(key="cmp_sweep").click().run()
    assert "training in the background" in text_of(app)  # in the worker, not this server
    until_shown(app, lambda: app.dataframe and list(app.dataframe[0].value["β"]) == [0.1, 16.0])
    table = app.dataframe[0].value
    assert list(table["β"]) == [0.1, 16.0]
    assert table["KL"][1] < table["KL"][0]
    assert table["reconstruction (nats)"][1] > table["reconstruction (nats)"][0]
    assert len(images(app)) == without + 2  # one strip per beta
    app.number_input(key="cmp_epochs").set_value(6).run()  # a sweep not trained yet: not shown
    assert len(images(app)) == without


def until_shown(app: AppTest, shown, timeout: float = 300) -> None:
    """Rerun the page (a browser's fragment polls; AppTest's does not) until `shown()`."""
    deadline = time.monotonic() + timeout
    while not shown():
        assert not app.exception, [e.value for e in app.exception]
        assert time.monotonic() < deadline, "the study never arrived"
        time.sleep(1)
        app.run()


def test_a_study_on_a_served_class_is_the_teachers_to_start(monkeypatch):
    monkeypatch.setattr(ui.classroom, "_wrong", {})
    monkeypatch.setenv("GENVIZ_TEACHER_KEY", "s3cret")
    app = open_page("compare", "digits")
    app.number_input(key="cmp_epochs").set_value(9).run()
    app.button(key="cmp_sweep").click().run()
    assert any("for the teacher" in i.value for i in app.info)
    assert not [r for r in runs._service().runs.values() if r.kind == runs.STUDY and r.active]


def test_applications_anomaly_auroc_follows_the_normal_class():
    app = open_page("applications", "digits")
    first = [m.value for m in app.get("metric")]
    app.selectbox(key="app_normal").set_value(1).run()
    assert [m.value for m in app.get("metric")] != first
    assert float(first[0].rstrip("%")) > 80 and app.dataframe[0].value.shape[0] == 3
    assert "360 test images" in text_of(app)  # the digits test split, not "2,000"


def test_applications_ood_probe_feeds_fashion_images_to_an_mnist_vae(dataset):
    if dataset == "digits":  # 8x8: no other dataset of its size
        app = open_page("applications", "digits")
        assert EN["ood.none"] in text_of(app)
        return
    if not data.available()["fashion-mnist"]:
        pytest.skip("real Fashion-MNIST is not under GENVIZ_DATA")
    app = open_page("applications", "mnist", **{"ckpt_mnist_vector": shipped("mnist", "vae")})
    if "ood_run" in [b.key for b in app.button]:
        app.button(key="ood_run").click().run()  # not precomputed: the user asks for it
    assert "Not computed for this model yet" not in text_of(app)  # the offer went with it
    metrics = {m.label: float(m.value.rstrip("%")) for m in app.metric if "%" in m.value}
    likelihood = EN["ood.det.nll"]
    assert likelihood in metrics and metrics[EN["ood.det.recon"]] > 90, metrics
    assert not app.exception and len(app.get("plotly_chart")) >= 3


def test_inside_a_vae_eps_moves_the_decoded_image_and_the_kl_is_shown(dataset):
    app = open_page("inside", dataset, **{f"ckpt_{dataset}_inside": shipped(dataset, "vae")})
    metrics = {m.label: m.value for m in app.metric}
    active, d = metrics[EN["in.active"]].split(" / ")
    assert 0 < int(active) <= int(d)
    before = images(app)
    app.slider[0].set_value(2.0).run()
    assert not app.exception and images(app)[-1] != before[-1]  # the decoded z moved
    assert images(app)[:-1] == before[:-1]  # the draws from q(z|x) did not


def test_inside_a_vqvae_names_the_nearest_code_of_the_chosen_cell(dataset):
    app = open_page("inside", dataset, **{f"ckpt_{dataset}_inside": shipped(dataset, "vqvae")})
    first = text_of(app)
    app.number_input(key="in_row").set_value(0).run()
    app.number_input(key="in_col").set_value(0).run()
    assert not app.exception and text_of(app) != first
    assert len(app.get("plotly_chart")) == 3  # distances, the codebook map, the margins


def test_inside_a_gan_shows_the_discriminators_scores_and_a_vae_beside_it(dataset):
    app = open_page("inside", dataset, **{f"ckpt_{dataset}_inside": shipped(dataset, "cgan")})
    said = "Mean D(x) =" if dataset == "digits" else "Mean score on real images"  # log / hinge
    assert said in text_of(app) and len(images(app)) == 16 + 2
    assert text_of(app).count("sharpness") == 2  # the VAE's samples and the GAN's


def test_inside_the_likelihood_pair_trains_on_request_and_is_shared():
    app = open_page("inside", "digits", **{"ckpt_digits_inside": shipped("digits", "vae")})
    tables = len(app.dataframe)  # the reparameterization's; nothing trains until asked
    app.button(key="in_lik_run").click().run()
    until_shown(app, lambda: len(app.dataframe) == tables + 1)
    table = app.dataframe[-1].value
    assert len(table) == 2 and not app.exception
    again = open_page("inside", "digits", **{"ckpt_digits_inside": shipped("digits", "vae")})
    assert "in_lik_run" not in [b.key for b in again.button]  # another session sees it at once


def test_the_latent_map_replays_a_run_it_recorded(tmp_path, monkeypatch):
    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    options, target = {"hidden": (32,), "latent_dim": 2}, tmp_path / "digits" / "mine"
    train_and_save("ae", "digits", options, Settings(epochs=2), target)
    # an overwrite switches the whole pair, and settles back on the plain names
    trained = train_and_save("ae", "digits", options, Settings(epochs=3), target)
    files = sorted(p.name for p in (tmp_path / "digits").iterdir())
    assert files == ["mine.json", "mine.replay.safetensors", "mine.safetensors"]
    app = open_page("latent_map", "digits", ckpt_digits_map=str(trained.path))
    assert not app.get("plotly_chart")  # the replay is built when asked for
    app.toggle(key="map_replay_on").set_value(True).run()
    chart = app.get("plotly_chart")[-1].proto
    assert chart.id and '"frames"' in chart.spec and EN["train.epoch"] in chart.spec
    assert any("replayed over training (3 epochs)" in e.label for e in app.expander)
    shipped_map = open_page("latent_map", "digits")  # shipped models were trained before replays
    assert not any("replayed" in e.label for e in shipped_map.expander)


def _png(array: np.ndarray, size=(140, 140)) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).resize(size).save(out, format="PNG")
    return out.getvalue()


def test_upload_places_an_image_and_judges_it(dataset):
    digit = data.load_dataset(dataset, "test").images[0, 0].numpy()
    app = open_page("upload", dataset, up_bytes=_png(255 - digit))  # black on white, like paper
    assert len(images(app)) == 2 and app.get("plotly_chart")
    assert verdict(app) in ("typical", "unusual")  # a test image, cropped and centred again
    noise = np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)
    assert verdict(open_page("upload", dataset, up_bytes=_png(noise))) == "far"


def verdict(app: AppTest) -> str:
    """The Upload page's verdict, checked against its own two percentiles (it once called an
    image "like the training data" at the 94th percentile)."""
    said = [m.value for m in (*app.success, *app.info, *app.warning) if "%" in m.value][0]
    word = next(w for w in ("typical", "unusual", "far") if said.startswith(EN[f"up.{w}"]))
    worst = max(float(f) for f in re.findall(r"(\d+)%", said))
    assert {"typical": worst <= 90, "unusual": 90 <= worst <= 99, "far": worst >= 99}[word], said
    assert "'" not in said, said
    return word


def test_upload_refuses_a_bad_file_and_says_when_an_image_is_blank():
    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    bad.session_state["up_bytes"] = b"not an image"
    bad.run()
    bad.switch_page("app_pages/upload.py").run()
    assert not bad.exception and "not a readable PNG or JPEG" in bad.error[0].value
    blank = open_page("upload", "digits", up_bytes=_png(np.full((50, 50), 255, np.uint8)))
    assert "No ink was found" in blank.info[0].value


def test_train_form_shows_each_kinds_own_options_before_start():
    app = open_page("train", "digits")
    app.selectbox(key="train_kind").set_value("vae").run()
    assert app.number_input(key="train_vae_beta").value == 1.0
    assert app.number_input(key="train_vae_lr").value == pytest.approx(1e-3)
    app.selectbox(key="train_kind").set_value("gan").run()
    assert app.number_input(key="train_gan_lr").value == pytest.approx(2e-4)  # the GAN's own
    assert app.selectbox(key="train_gan_loss").value == "hinge"
    app.selectbox(key="train_kind").set_value("vqvae").run()
    assert app.number_input(key="train_vqvae_codebook_size").value == 128


def test_train_preset_fills_the_form_and_shows_its_layers():
    app = open_page("train", "digits")
    app.selectbox(key="train_preset").set_value("course-ae-3d").run()
    assert not app.exception
    assert "on Fashion-MNIST" in app.info[0].value  # the notes' dataset, not the current one
    assert app.number_input(key="train_course-ae-3d_epochs").value == 10
    assert app.number_input(key="train_course-ae-3d_lr").value == pytest.approx(5e-3)
    assert app.text_input(key="train_course-ae-3d_hidden").value == "128,64,12"
    encoder = app.dataframe[0].value  # on digits: 64 pixels in, 64*128 + 128 parameters first
    assert list(encoder.iloc[:, 2])[:2] == [0, 8_320] and encoder.iloc[-1, 1] == "(3,)"
    app.text_input(key="train_course-ae-3d_hidden").set_value("32").run()
    assert list(app.dataframe[0].value.iloc[:, 2]) == [0, 64 * 32 + 32, 0, 32 * 3 + 3]
    app.selectbox(key="train_preset").set_value("course-conv-ae").run()
    assert "made for 28x28 images" in app.warning[0].value and not app.exception


@pytest.mark.slow
def test_train_page_runs_in_the_background_and_saves_a_user_checkpoint(tmp_path, monkeypatch):
    from genviz.serve import runs

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    app = open_page("train", "digits")
    app.selectbox(key="train_kind").set_value("ae").run()
    app.number_input(key="train_ae_epochs").set_value(2)
    app.button[0].click().run()  # the form's submit button
    run = runs.all_runs()[0]
    deadline = time.monotonic() + 300  # the worker runs niced: a busy machine slows it
    while run.active:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert run.state == "saved", run.error
    assert (tmp_path / "digits" / f"{run.name}.json").is_file() and len(run.history) == 2
    assert set(run.preview) == {"inputs", "reconstructions"}  # not decoded noise
    app.run()
    assert (
        "Saved as " + run.name in app.success[0].value and str(tmp_path) not in app.success[0].value
    )
    picked = open_page("latent_map", "digits")
    assert any(run.name in str(o) for o in picker(picked, "ckpt_digits_map").options)


def test_every_translation_key_used_exists():
    import re

    used = set()
    for f in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used |= set(re.findall(r'tr\(\s*"([a-z_.]+)"', f.read_text()))
    assert used and used <= set(EN)


def test_images_are_upscaled_without_blur():
    import torch

    x = np.zeros((1, 1, 2, 2), np.float32)
    x[0, 0, 0, 0] = 1
    big = ui.big(torch.from_numpy(x), scale=3)[0]
    assert big.shape == (6, 6) and set(np.unique(big)) == {0, 255} and big[:3, :3].all()


def test_pictures_go_with_their_own_pixels_and_the_browser_enlarges_them():
    import io

    import torch
    from PIL import Image

    class Column:  # where a picture is shown: what st.image was handed
        def image(self, data, **how):
            self.data, self.how = data, how

    images = torch.rand(6, 1, 28, 28)
    tiles = ui.mosaic(images, ncol=3)
    assert tiles.shape == (2 * 29 - 1, 3 * 29 - 1)  # their own size, a 1-pixel gap
    col = Column()
    ui.tiled(images, ncol=3, where=col)
    sent = Image.open(io.BytesIO(col.data))
    assert sent.format == "PNG" and np.array_equal(np.asarray(sent), tiles)  # lossless
    assert col.how["width"] == tiles.shape[1] * ui.scale_for(images.shape)  # about 112 px each
    assert col.how["output_format"] == "PNG"  # not re-encoded as a JPEG by Streamlit


def test_on_a_classroom_server_only_the_teacher_trains(monkeypatch):
    monkeypatch.setattr(ui.classroom, "_wrong", {})
    monkeypatch.setenv("GENVIZ_TEACHER_KEY", "s3cret")
    student = open_page("train", "digits")
    assert "training is for the teacher" in student.info[0].value
    assert not student.get("form") and not [b for b in student.button if b.key == "train_cancel"]
    student.sidebar.text_input(key="gv_teacher_key").set_value("guess").run()
    assert not student.get("form")
    student.sidebar.text_input(key="gv_teacher_key").set_value("s3cret").run()
    assert student.get("form") and student.selectbox(key="train_kind")
    monkeypatch.delenv("GENVIZ_TEACHER_KEY")
    alone = open_page("train", "digits")  # no key set: one user on a laptop trains
    assert alone.get("form") and not [
        t for t in alone.sidebar.text_input if t.key == "gv_teacher_key"
    ]


def test_wrong_teacher_keys_make_the_next_try_wait_per_session_and_address(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(ui.classroom, "_now", lambda: clock[0])
    monkeypatch.setattr(ui.classroom, "_wrong", {})
    monkeypatch.setenv("GENVIZ_TEACHER_KEY", "s3cret")
    student = open_page("train", "digits")
    for guess in ("a", "b", "c"):  # the third wrong key starts a wait
        student.sidebar.text_input(key="gv_teacher_key").set_value(guess).run()
    student.sidebar.text_input(key="gv_teacher_key").set_value("s3cret").run()
    assert not student.get("form")  # not even judged during the wait
    assert "judged in 2 s" in student.sidebar.warning[0].value
    other = open_page("train", "digits")  # another session from the same address waits too
    other.sidebar.text_input(key="gv_teacher_key").set_value("s3cret").run()
    assert not other.get("form")
    clock[0] += 3
    student.run()  # the wait is over: the key in the field is judged now
    assert student.get("form") and not student.sidebar.warning
    student.sidebar.text_input(key="gv_teacher_key").set_value("d").run()
    assert ui.classroom.wait_left() == 4  # the fourth wrong key: twice as long


def test_home_reads_precomputed_previews_without_loading_a_model(monkeypatch):
    from genviz import checkpoint

    def refuse(*args, **kwargs):
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(checkpoint, "load", refuse)
    app = open_page("home", "digits")
    assert len(images(app)) >= 8  # every shipped model's strip, from checkpoints/digits/precomputed


def test_codebook_of_a_vqvae2_shows_both_levels_the_swap_and_its_priors(tmp_path, monkeypatch):
    from conftest import TINY

    from genviz import checkpoint
    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    vq = train_and_save(
        "vqvae2", "digits", TINY["vqvae2"], Settings(epochs=2), tmp_path / "digits" / "vq2"
    )
    prior_options = {k: v for k, v in TINY["pixelcnn2"].items() if k != "vqvae2"}
    base = checkpoint.load(vq.path)
    prior = train_and_save(
        "pixelcnn2",
        "digits",
        prior_options,
        Settings(epochs=1),
        tmp_path / "digits" / "p2",
        base=base,
    )
    app = open_page("codebook", "digits", ckpt_digits_codes=str(vq.path))
    assert "two levels of codes" in app.title[0].value
    assert len(app.get("metric")) == 8  # size, use, perplexity and dead codes per level
    assert "top level: 2 x 2 grid, 8 codes" in text_of(app)
    assert picker(app, "code_prior_digits_prior_hierarchy").value == str(prior.path)
    before = images(app)
    captions = [c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)]
    assert "A's top, B's bottom" in captions and "A's top codes alone" in captions
    assert len(before) == 2 + 6 + 16  # the image and its codes, the swap, the prior's samples
    app.number_input(key="code_swap_b").set_value(5).run()
    after = images(app)
    assert after[2] == before[2] and after[4] != before[4]  # A stays, B changes


def test_translate_shows_pix2pix_beside_l1_alone_and_their_figures(tmp_path, monkeypatch):
    from genviz import zoo
    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    made = {}
    for name, adv in (("p2p", 1.0), ("l1", 0.0)):
        options = {"task": "masked", "adv_weight": adv, "channels": (4, 8), "d_channels": (8,)}
        made[name] = train_and_save(
            "pix2pix", "digits", options, Settings(epochs=1), tmp_path / "digits" / name
        ).path
        zoo.measure(made[name])
    app = open_page("translate", "digits", ckpt_digits_translate=str(made["p2p"]))
    assert app.selectbox(key="tr_partner").value == str(made["l1"])
    captions = [c for el in app.get("image") for c in (i.caption for i in el.proto.imgs)]
    assert captions[0] == "input" and captions[3] == "target"
    assert captions[1].startswith("pix2pix (L1 + adversarial)") and "L1 error" in captions[2]
    assert len(images(app)) == 4 + 32
    table = app.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["pix2pix (L1 + adversarial)", "L1 alone"]
    first = images(app)[0]
    app.number_input(key="tr_index").set_value(3).run()
    assert images(app)[0] != first
    app.radio(key="tr_source").set_value("upload").run()
    assert "upload an image of one" in text_of(app)
    app.radio(key="tr_source").set_value("draw").run()  # nothing drawn yet: what to do
    assert not app.exception and "Write a digit on the square" in text_of(app)


def test_a_seven_written_with_the_default_pen_comes_back_a_seven():
    """A drawing is a digit as one writes it: by default it is the target, and the task's
    input is made from it as from a test image (a single stroke fed as an outline came back a
    blob from both edges models)."""
    from PIL import ImageDraw

    from genviz.analysis import apply

    app = open_page("translate", "mnist", tr_source="draw")
    assert app.slider(key="tr_stroke").value == ui.PEN
    canvas = Image.new("RGBA", (280, 280), (0, 0, 0, 255))
    ImageDraw.Draw(canvas).line([(70, 50), (210, 50), (120, 240)], "white", ui.PEN, "curve")
    blob = io.BytesIO()
    canvas.save(blob, "PNG")
    judge = ui.shipped("mnist", "classifier").model
    for name in ("pix2pix-edges", "pix2pix-edges-l1"):
        ckpt = ui.shipped("mnist", name)
        drawn = ui.prepare_upload(blob.getvalue(), ckpt, "no").image
        given = ckpt.model.make_input(drawn) if app.toggle(key="tr_make_draw").value else drawn
        read = judge.logits(apply.translate(ckpt.model, given)).softmax(-1)[0]
        assert read.argmax() == 7 and read[7] > 0.8, (name, read)


@pytest.mark.parametrize("kind", ["flow", "diffusion"])
def test_diffuse_shows_the_process_the_chain_and_the_curves(kind, tmp_path, monkeypatch):
    from genviz.serve import showcase
    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(showcase, "STEPWISE_SAMPLES", 30)  # the curves, quick and rough
    monkeypatch.setattr(showcase, "STEPWISE_STEPS", (2, 8))
    options = {"channels": (8, 16), "cond_dim": 16, "steps": 8, "ema_decay": 0.0}
    made = train_and_save(kind, "digits", options, Settings(epochs=1), tmp_path / "digits" / "d")
    app = open_page("diffuse", "digits", ckpt_digits_stepwise=str(made.path))
    text = text_of(app)
    assert "of the variance is still the image's" in text and "denoising autoencoder" in text
    before = images(app)
    assert len(before) == 8 * 3 + 8 * 2  # noisy, guessed, the DAE's; the chain, its guesses
    app.slider(key="df_level").set_value(0.9).run()
    after = images(app)
    assert after[:8] != before[:8] and after[24:] == before[24:]  # the chain did not move
    charts = [c.proto.spec for c in app.get("plotly_chart")]
    assert len(charts) == 3 and '"frames"' in charts[0]  # the animation, steps, guidance
    samplers = {"flow": ("euler", "heun"), "diffusion": ("ddim", "ddpm")}[kind]
    app.radio(key="df_sampler").set_value(samplers[1]).run()
    assert images(app)[-8:] != after[-8:] and not app.exception


def test_diffuse_draws_a_latent_priors_samples_on_its_bases_map(tmp_path, monkeypatch):
    from genviz import checkpoint
    from genviz.serve import showcase
    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    monkeypatch.setenv("GENVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(showcase, "STEPWISE_SAMPLES", 30)
    monkeypatch.setattr(showcase, "STEPWISE_STEPS", (2, 8))
    folder = tmp_path / "digits"
    ae = train_and_save("ae", "digits", {"latent_dim": 2, "hidden": (32,)}, Settings(epochs=2),
                        folder / "ae2")  # fmt: skip
    options = {"hidden": 16, "layers": 2, "steps": 8}
    made = train_and_save("latent-flow", "digits", options, Settings(epochs=2), folder / "lf",
                          base=checkpoint.load(ae.path))  # fmt: skip
    app = open_page("diffuse", "digits", ckpt_digits_stepwise=str(made.path))
    assert "2-dimensional latent" in text_of(app) and "the 2-D latent itself" in text_of(app)
    assert "df_level" not in [s.key for s in app.slider]  # no forward process on images
    assert len(images(app)) == 8 + 8  # the chain decoded by the AE, and its guesses
    charts = [c.proto.spec for c in app.get("plotly_chart")]
    assert len(charts) == 5  # the animation, the paths, two densities, the steps curve
    assert charts[1].count('"mode":"lines"') == 32  # one path per sample


def test_a_checkpoint_that_does_not_load_breaks_no_page(tmp_path, monkeypatch):
    """A user's checkpoint that lists as usable but whose weights do not match its JSON is
    left out of every page that loads several, named once; the Train page's layer picker
    says so in a sentence."""
    from conftest import edit_json

    from genviz.workflow import Settings, train_and_save

    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))
    options = {"hidden": (16,), "latent_dim": 2}
    bad = train_and_save("ae", "digits", options, Settings(epochs=1), tmp_path / "digits" / "bad")
    meta = json.loads(bad.path.with_suffix(".json").read_text())
    edit_json(bad.path, weights={**meta["weights"], "sha256": "0" * 64})
    app = open_page("compare", "digits")
    warnings = [w.value for w in app.warning]
    assert any("does not load" in w and "bad" in w for w in warnings), warnings
    app = open_page("train", "digits")
    app.selectbox(key="layers_ckpt").set_value(str(bad.path)).run()
    assert not app.exception and any("cannot be used" in e.value for e in app.error)


def test_lessons_keep_the_lesson_and_step_across_pages_and_in_the_url():
    app = open_page("lessons")
    app.selectbox(key="lesson").set_value(5).run()
    app.button(key="lesson_next").click().run()
    app.button(key="lesson_next").click().run()
    assert app.query_params["lesson"] == "5" and app.query_params["step"] == "3"
    app.query_params.clear()  # the sidebar's links carry no query parameters
    app.switch_page("app_pages/latent_map.py").run()
    app.switch_page("app_pages/lessons.py").run()
    assert app.selectbox(key="lesson").value == 5 and shows_step(app, 5, 3)
    app.query_params.update(lesson="7", step="4")  # a slide's link, or a reload
    app.run()
    assert app.selectbox(key="lesson").value == 7 and shows_step(app, 7, 4)
    app.button(key="lesson_prev").click().run()  # the URL applies once, not over the buttons
    assert shows_step(app, 7, 3) and app.query_params["step"] == "3"


def shows_step(app: AppTest, lesson: int, step: int) -> bool:
    return any(m.value == f"### {EN[f'lesson.{lesson}.{step}']}" for m in app.markdown)


def test_a_link_to_a_missing_dataset_keeps_the_sessions_dataset():
    assert not data.ready("kmnist")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.query_params.update(dataset="kmnist", ckpt="vae")
    app.run()
    assert not app.exception and app.session_state["gv_dataset"] == "digits"
    assert any("KMNIST" in w.value and "python -m genviz download kmnist" in w.value
               for w in app.warning)  # fmt: skip
    app.switch_page("app_pages/latent_map.py").run()  # the next page works on digits
    assert not app.exception and not app.error and not app.warning


def test_a_lesson_says_up_front_what_it_needs(monkeypatch, tmp_path):
    monkeypatch.setenv("GENVIZ_DATA", str(tmp_path))  # a fresh clone: MNIST's test split only
    app = open_page("lessons", gv_lesson=6)
    assert any("Step 2 of this lesson trains" in i.value for i in app.info)
    app.selectbox(key="lesson").set_value(5).run()
    assert not app.info and not app.warning  # the shipped test images are all it needs


def test_a_page_with_nothing_for_digits_offers_a_dataset_that_has_it():
    app = open_page("translate", "digits")
    assert any("No Digits" in i.value or "No digits" in i.value for i in app.info)
    app.button(key="open_on_mnist").click().run()
    assert app.session_state["gv_dataset"] == "mnist" and not app.exception
    assert app.get("imgs") or app.get("image")  # pix2pix at work on MNIST's test images
    applications = open_page("applications", "digits")
    assert any("28x28" in i.value for i in applications.info)
    applications.button(key="open_on_mnist").click().run()
    assert applications.session_state["gv_dataset"] == "mnist"
    assert applications.selectbox(key="ood_foreign").value == "fashion-mnist"


def map_args(app: AppTest) -> dict:
    """The arguments the fast map's component was drawn with."""
    import json

    found = app.get("component_instance")
    (element,) = [el for el in found if "genviz_map" in el.proto.component_name]
    return json.loads(element.proto.json_args)


def test_the_fast_map_draws_its_layers_colours_and_filters():
    app = open_page("latent_map", "digits", **{"ckpt_digits_map": shipped("digits", "vae")})
    args = map_args(app)
    assert args["n"] == len(data.load_dataset("digits", "test"))
    assert (
        args["atlas"]["items"] and "density" in args and not args["clusters"]
    )  # images by default
    blob = (mapview.folder() / args["points"]).read_bytes()
    assert len(blob) == 9 * args["n"]  # x, y as float32 and a class byte: written once, fetched
    app.button_group(key="map_layers").set_value(["density", "clusters"]).run()
    args = map_args(app)
    assert "atlas" not in args or args["atlas"] is None
    assert len(args["density"]) == 2  # the data's and, on PCA of a VAE, the prior's (dashed)
    assert args["density"][1]["dash"] and args["clusters"]
    assert "Dashed red" in text_of(app)
    app.selectbox(key="map_colour").set_value("kl").run()
    args = map_args(app)
    assert args["value_label"] == "KL of the posterior (nats)" and args["value_range"][1] > 0
    app.toggle(key="map_filter").set_value(True).run()
    lo, hi = app.slider(key="map_range_error").value
    app.slider(key="map_range_error").set_value((lo, (lo + hi) / 2)).run()
    on = np.frombuffer((mapview.folder() / map_args(app)["active"]).read_bytes(), np.uint8)
    assert 0 < on.sum() < len(on)  # the filter greys the points outside its range
    assert "map_range_error=" in " ".join(c.value for c in app.code)  # the link keeps it
    app.slider(key="map_range_error").set_value((lo, lo + (hi - lo) * 0.01)).run()
    picker(app, "ckpt_digits_map").set_value(shipped("digits", "ae-conv")).run()
    assert not app.exception  # the range kept from the VAE is brought within the new model's
    new_lo, new_hi = app.slider(key="map_range_error").value
    assert new_lo < new_hi


def test_a_link_opens_the_map_on_its_split_colour_and_view():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.query_params.update(
        dataset="digits", ckpt="vae", map_split="all", map_colour="error", map_view="1,2,3"
    )
    app.run()
    app.switch_page("app_pages/latent_map.py").run()
    assert not app.exception
    args = map_args(app)
    test, train = (len(data.load_dataset("digits", s)) for s in ("test", "train"))
    assert args["n"] == test + train and args["view"] == [1.0, 2.0, 3.0]
    assert args["value_label"] == "reconstruction error"


def test_the_fast_map_moves_from_another_picture_and_colours_what_changed():
    app = open_page(
        "latent_map", "digits", ckpt_digits_map=shipped("digits", "vae"), map_method="tsne"
    )
    app.selectbox(key="map_compare").set_value("pca").run()
    app.selectbox(key="map_colour").set_value("changed").run()
    args = map_args(app)
    moved = np.frombuffer((mapview.folder() / args["morph"]["points"]).read_bytes(), np.float32)
    assert moved.size == 2 * args["n"] and args["morph"]["label"] == "from PCA of the same latents"
    assert args["value_label"] == "neighbours changed between the two"
    assert "lost more than half of their 10 nearest neighbours" in text_of(app)
    others = app.selectbox(key="map_compare").options
    assert any("ae-conv" in o for o in others)  # another model of the dataset, too


def test_t_snes_settings_are_chosen_before_its_run_and_it_is_drawn_as_it_forms(monkeypatch):
    from genviz.serve import pictures

    app = open_page(
        "latent_map", "digits", ckpt_digits_map=shipped("digits", "vae"), map_method="tsne"
    )
    asked = []
    real = pictures.picture
    monkeypatch.setattr(
        pictures, "picture", lambda *a, **k: asked.append(k["params"]) or real(*a, **k)
    )
    app.slider(key="map_perplexity").set_value(10).run()
    assert asked[-1] == {"perplexity": 10, "iterations": 500}
    job = pictures.Job("k", "tsne", 2, state="running", done=60, total=750)
    labels = data.load_dataset("digits", "test").labels.numpy()
    job.forming = np.random.default_rng(0).normal(size=(len(labels), 2)).astype(np.float32)
    seen = AppTest.from_function(_forming_page, args=(job, labels), default_timeout=60).run()
    assert "step 60 of 750" in seen.caption[0].value
    assert len(seen.get("component_instance")) == 1


def _forming_page(job, labels):
    from ui import mapcontrols

    mapcontrols.forming(job, labels, [str(c) for c in range(10)])
