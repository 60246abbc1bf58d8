"""Korean and English: the two tables have the same keys and the same placeholders; every page
renders in both; a Korean page shows no English prose (Latin-letter words outside an allowed
list of model names, units and symbols); links set the language, dataset and controls."""

import json
import re
import string
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import ui
from genviz import zoo
from ui.text import EN, KO, TABLES

PAGES = [Path(file).stem for file, _, _ in ui.PAGES]
# words that are the same in Korean: names of models, methods, datasets, units and symbols
ALLOWED = {
    "VAE", "GAN", "cGAN", "VQ", "PixelCNN", "PCA", "UMAP", "SNE", "MNIST", "KMNIST", "Fashion",
    "ELBO", "KL", "MSE", "PSNR", "AUROC", "NMI", "ARI", "kNN", "RMS", "PNG", "JPEG", "CSV", "zip",
    "TensorBoard", "IDX", "MLP", "CNN", "slerp", "digits", "nat", "dB", "cpu", "cuda", "Language",
    "log", "mu", "sigma", "eps", "sg", "max", "min", "exp", "python", "genviz", "train", "pixelcnn",
    "vqvae", "straight", "through", "English", "DAE", "ReLU", "LeakyReLU", "Adam",
    "pix", "PatchGAN", "Net",  # pix2pix, PatchGAN and U-Net: the methods' own names
    "base",  # the command line's --base flag
    "DDPM", "DDIM", "ODE", "eta", "Heun",  # diffusion's samplers and the solvers, by their names
    "CIFAR", "npz",  # a dataset's name and a file type
    "npy", "csv", "parquet", "torch", "export", "save",  # file types; torch.export.save
    "PixelSNAIL", "DALL", "ImageNet",  # names of a method, a model and a dataset
    "argmin", "data",  # the formulas' argmin and p_data
}  # fmt: skip


def shipped_names() -> set[str]:
    words = set()
    for f in (ROOT / "checkpoints").glob("*/*.json"):
        words |= set(re.findall(r"[A-Za-z]+", f.stem))
    return words


def visible_text(app: AppTest) -> str:
    """Everything a user reads on the page: prose, labels, options, headers, chart words."""
    parts = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "success",
                 "warning", "error", "exception"):  # fmt: skip
        parts += [str(e.value) for e in getattr(app, kind)]
    for kind in ("selectbox", "radio", "multiselect", "slider", "number_input", "text_input",
                 "toggle", "checkbox", "button"):  # fmt: skip
        for w in getattr(app, kind):
            parts.append(str(w.label))
            parts += [str(o) for o in getattr(w, "options", [])]
    for m in app.get("metric"):
        parts.append(str(m.label))
    for t in app.tabs:
        parts.append(str(t.label))
    for e in app.expander:
        parts.append(str(e.label))
    for d in app.dataframe:
        parts += [str(c) for c in d.value.columns]
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        for axis in ("xaxis", "yaxis"):
            parts.append(str(layout.get(axis, {}).get("title", {}).get("text", "")))
        parts.append(str(layout.get("legend", {}).get("title", {}).get("text", "")))
        parts += [str(t.get("name", "")) for t in spec.get("data", []) if t.get("showlegend", True)]
    for el in app.get("image"):
        parts += [str(i.caption) for i in el.proto.imgs]
    return "\n".join(parts)


def english_words(text: str) -> set[str]:
    allowed = ALLOWED | shipped_names()
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed}


def test_the_tables_have_the_same_keys_and_placeholders():
    assert set(EN) == set(KO)
    fields = string.Formatter()
    for key in EN:
        ours = {f[1] for f in fields.parse(EN[key]) if f[1]}
        theirs = {f[1] for f in fields.parse(KO[key]) if f[1]}
        assert ours == theirs, key
    assert set(TABLES) == {"en", "ko"}


def test_every_model_option_and_choice_has_a_label():
    from genviz.models import KINDS, REGISTRY

    for cls in map(REGISTRY.get, KINDS):  # the kinds the Train page trains
        for name in cls.Config.options():
            assert f"opt.{name}" in EN, name  # the train form labels every option
        for values in cls.Config.choices.values():
            assert all(f"choice.{v}" in EN for v in values), values
    for name in zoo.COURSE:
        assert f"preset.{name}" in EN and f"preset.{name}.notes" in EN, name


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_renders_in_both_languages(page, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("GENVIZ_USER_DIR", str(tmp_path))  # no user checkpoints in the lists
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.session_state["gv_lang"] = lang
    app.run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    if lang == "ko":
        shown = visible_text(app)
        leftover = english_words(shown)
        assert not leftover, f"English left on the Korean {page} page: {sorted(leftover)}"
        assert not re.search(r"을\(를\)|이\(가\)|은\(는\)|\(으\)로", shown), page


def test_korean_particles_follow_the_word_before_them():
    from ui.text import particles

    cases = {
        "MNIST을(를) 엽니다": "MNIST를 엽니다",  # 엠니스트: a vowel
        "KMNIST이(가)": "KMNIST가",
        "숫자(digits)을(를)": "숫자(digits)를",  # read past the parenthesis
        "사람이(가)": "사람이",
        "집(으)로": "집으로",
        "서울(으)로": "서울로",  # ㄹ takes 로
        "vae-2d은(는)": "vae-2d는",
        "모델 7을(를)": "모델 7을",  # 칠
        "beta-0.5(으)로": "beta-0.5로",
        "DCGAN과(와)": "DCGAN과",
        "model(으)로": "model로",
    }
    for written, read in cases.items():
        assert particles(written) == read, written
    assert particles("→을(를)") == "→을(를)"  # a symbol says nothing: both forms stay


def test_a_link_sets_the_language_the_dataset_the_model_and_a_control(dataset_mnist):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.query_params.update({"lang": "ko", "dataset": "mnist", "ckpt": "ae-conv"})
    app.query_params.update({"dn_noise": "mask", "dn_level": "0.3"})
    app.run()
    app.switch_page("app_pages/denoise.py").run()
    assert app.title[0].value == KO["dn.title"]
    assert app.radio(key="dn_noise").value == "mask" and app.slider(key="dn_level").value == 0.3
    assert app.sidebar.selectbox(key="dn_plain_mnist_plain").value.endswith("/mnist/ae-conv")
    hostile = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    hostile.query_params.update({"dn_level": "9", "dn_noise": "<script>", "ckpt": "../../etc"})
    hostile.run()
    hostile.switch_page("app_pages/denoise.py").run()
    assert not hostile.exception and hostile.slider(key="dn_level").value == 0.5  # ignored
    long = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    long.query_params.update({"ckpt": "a" * 300})  # longer than a file name may be
    long.run()
    assert not long.exception


@pytest.fixture
def dataset_mnist():
    from genviz import data

    if not data.available()["mnist"]:
        pytest.skip("real MNIST is not under GENVIZ_DATA")


# the course notes' own Korean terms: a student must find in the app the word the notes use
NOTES_TERMS = (
    "변분 오토인코더", "벡터 양자화", "디노이징 오토인코더", "잠재 벡터", "재구성", "표준정규분포",
    "기각 샘플링", "위층", "아래층", "클러스터링", "이상치 탐지", "생성자", "판별자",
)  # fmt: skip
# the words they replaced, which must not come back (the standard term stays beside in brackets)
REPLACED = ("사후 붕괴", "교사", "에폭", "코드 4개", "공개된 분류기", "상위 단계", "하위 단계")


def test_the_korean_tables_use_the_notes_terms():
    every = " ".join(KO.values())
    assert [t for t in NOTES_TERMS if t not in every] == []
    assert [w for w in REPLACED if w in every] == []
    assert "nat" not in re.findall(r"[A-Za-z]+", every)  # 나트, as the notes write it
