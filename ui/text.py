"""Every user-facing string of the app, by key, so a page never hard-codes prose. English now;
a Korean table with the same keys comes later (`GENVIZ_LANG=ko`)."""

from __future__ import annotations

import os

EN: dict[str, str] = {
    # navigation
    "nav.home": "Home",
    "nav.train": "Train",
    "nav.map": "Latent map",
    "nav.interpolate": "Interpolate",
    "nav.codebook": "Codebook",
    "nav.denoise": "Denoise",
    "nav.generate": "Generate",
    "nav.compare": "Compare",
    "nav.applications": "Applications",
    "nav.upload": "Upload",
    # sidebar and shared messages
    "side.dataset": "Dataset",
    "side.missing": "not on this computer",
    "side.offline": "{name} is not under {root}. Copy its four IDX files into "
    "{root}/<Folder>/raw, or download it (needs internet).",
    "side.download": "Download {name}",
    "side.downloading": "Downloading...",
    "side.download_failed": "The download failed (no internet?). Copy the IDX files into {root} "
    "instead.",
    "side.checkpoint": "Checkpoint",
    "side.device": "Computing on: {device}",
    "side.shipped": "shipped",
    "side.user": "yours",
    "page.no_data": "The {name} dataset is not available here; pick digits, which always is, "
    "or get {name} from the sidebar.",
    "page.no_checkpoint": "No {dataset} checkpoint here can {need}. Train one on the Train page "
    "or pick another dataset.",
    "page.nothing": "Nothing to show yet.",
    "need.None": "be used",
    "need.encode": "encode images",
    "need.decode": "decode latents",
    "need.sample": "generate images",
    "need.vector": "encode images to a latent vector (ae, dae, vae, cvae)",
    "need.vqvae": "show a codebook (a vqvae)",
    "need.pixelcnn": "sample codes (a pixelcnn prior)",
    "need.conditional": "generate by class",
    "need.classifier": "classify",
    "method.pca": "PCA",
    "method.tsne": "t-SNE",
    "method.umap": "UMAP",
    "method.latent": "the latent itself",
    "noise.gaussian": "Gaussian",
    "noise.salt-pepper": "salt and pepper",
    "noise.mask": "masking",
    # home
    "home.title": "genviz: a latent-space lab",
    "home.intro": "Train or load autoencoders, VAEs, VQ-VAEs and GANs, and look inside them. "
    "Every model below is shipped and trained: pick a page on the left.",
    "home.families": "Model families",
    "home.gallery": "Every shipped {dataset} model at work",
    "home.samples": "samples",
    "home.recons": "test images (top) and reconstructions (bottom)",
    "home.none_shipped": "No shipped checkpoints for {dataset}; train one on the Train page.",
    "home.datasets": "Datasets",
    "home.dataset": "dataset",
    "home.state": "state",
    "home.ready": "ready",
    "family.ae": "Squeezes an image through a small code and rebuilds it.\nThe code is a "
    "compressed description, but nothing says what lies between codes.",
    "family.dae": "An autoencoder fed corrupted images and asked for clean ones.\nIt learns what "
    "digits look like, so it removes noise it has never seen.",
    "family.vae": "An autoencoder whose codes follow a Gaussian prior (KL term).\nSo you can "
    "sample new images and walk smoothly between codes; beta trades detail for order.",
    "family.cvae": "A VAE told the class as well.\nPick a digit, vary the code: the style "
    "changes, the digit stays.",
    "family.vqvae": "Codes are picked from a learned codebook, one per grid cell.\nDiscrete codes "
    "give sharp reconstructions and need a prior to sample.",
    "family.pixelcnn": "The prior over a VQ-VAE's code grids, one code at a time.\nIt turns the "
    "VQ-VAE into a generator (as in VQ-VAE-2).",
    "family.gan": "A generator trained to fool a discriminator.\nSharp samples, no encoder, and "
    "a risk of forgetting some digits (mode collapse).",
    "family.cgan": "A GAN given the class as well.\nAsk for a 7, get a 7.",
    "family.classifier": "A small CNN, not a generative model.\nIt judges generated images: "
    "which digit, and how sure.",
    # train
    "train.title": "Train a model",
    "train.kind": "Model kind",
    "train.epochs": "Epochs",
    "train.batch": "Batch size",
    "train.lr": "Learning rate",
    "train.latent": "Latent size",
    "train.arch": "Network",
    "train.beta": "KL weight (beta)",
    "train.noise": "Noise level",
    "train.codebook": "Codebook size",
    "train.start": "Start training",
    "train.none": "No run yet. Choose settings and press Start: the run continues in the "
    "background, and everyone connected sees it.",
    "train.run": "Run {name}: {kind} on {dataset}",
    "train.progress": "epoch {epoch}/{epochs}, {speed:,.0f} images/s, {eta:.0f} s left",
    "train.cancel": "Cancel",
    "train.saved": "Saved as {path}; it is now in every checkpoint picker.",
    "train.cancelled": "Cancelled; the finished epochs were saved as {path}.",
    "train.preview": "Samples (or reconstructions) after the last epoch",
    # latent map
    "map.title": "Latent map",
    "map.is_2d": "This model's latent space is 2-D: the map shows it as it is, with the decoded "
    "images drawn underneath. Click anywhere to decode that point.",
    "map.method": "Projection",
    "map.dim": "Dimensions",
    "map.showing_pca": "Showing PCA until {method} is ready.",
    "map.computing": "{method}: {stage} ({done}/{total})",
    "map.source.shipped": "Precomputed and shipped with the checkpoint.",
    "map.source.cache": "From the cache (computed earlier in {seconds:.1f} s).",
    "map.source.computed": "Computed in {seconds:.1f} s.",
    "map.trust": "Trustworthiness",
    "map.trust_help": "1.0: points that look close in the picture are close in the latent "
    "space. Lower: some neighbours in the picture are strangers in the latent space.",
    "map.kept": "Neighbours kept",
    "map.kept_help": "Of each point's 10 nearest neighbours in the latent space, the share that "
    "are also among its 10 nearest in the picture. Distances between far-apart clusters "
    "in t-SNE and UMAP mean little.",
    "map.space": "empty space",
    "map.decoded": "Decoded at ({x:.2f}, {y:.2f})",
    "map.neighbours": "Image #{index} ({name}) and its nearest neighbours in latent space",
    "map.selected": "{n} selected: originals",
    "map.recons": "Their reconstructions",
    "map.hint": "Click a point for its neighbours, drag a box or lasso to see a group, or click "
    "empty space to decode it.",
    "map.export": "Export",
    "map.prepare": "Prepare downloads",
    "map.csv": "Coordinates (CSV)",
    "map.tensorboard": "Latents for TensorBoard's projector (zip)",
    # interpolate
    "interp.title": "Interpolate",
    "interp.how": "Choose the two images",
    "interp.how.class": "by class",
    "interp.how.random": "at random",
    "interp.how.map": "from the latent map's selection",
    "interp.from": "From",
    "interp.to": "To",
    "interp.shuffle": "Another pair",
    "interp.need_map": "Select at least two points on the Latent map page first.",
    "interp.spherical": "Spherical (slerp)",
    "interp.slerp_help": "Walk along a great circle: keeps the length a Gaussian prior expects.",
    "interp.t": "Position between the two",
    "interp.steps": "Steps in the strip",
    "interp.traverse": "One dimension at a time",
    "interp.dims": "Latent dimensions",
    "interp.span": "Range (+/-)",
    "interp.traverse_help": "Each row sweeps one coordinate of the first image's code. In a "
    "beta-VAE a row tends to change one thing (slant, width).",
    "interp.prior": "Random codes from N(0, I), decoded",
    "interp.prior_ae": "A plain autoencoder never learned what lives there: many of these are "
    "not digits. Its codes occupy a few islands with gaps between them.",
    "interp.prior_vae": "A VAE's KL term packs its codes where the prior puts them, so random "
    "codes decode to plausible (if blurry) digits.",
    # codebook
    "code.title": "VQ-VAE codebook",
    "code.size": "Codes",
    "code.used": "Used on the test set",
    "code.perplexity": "Perplexity",
    "code.perplexity_help": "exp(entropy of code use): the number of codes in effective use.",
    "code.dead": "Dead codes",
    "code.code": "code",
    "code.class": "class",
    "code.share": "share",
    "code.count": "uses",
    "code.map": "One image's code map",
    "code.image": "Test image",
    "code.row": "Row",
    "code.col": "Column",
    "code.new": "New code for that cell",
    "code.original": "original",
    "code.decoded": "decoded codes",
    "code.edited": "cell ({row}, {col}) changed",
    "code.prior": "New images from the PixelCNN prior",
    "code.no_prior": "No PixelCNN prior for this dataset; train one with "
    "python -m genviz train pixelcnn --vqvae <checkpoint>.",
    "code.prior_pick": "Prior",
    "code.temperature": "Temperature",
    "code.reject": "Keep only samples the classifier is sure of",
    "code.reject_help": "Rejection sampling, as in VQ-VAE-2: draw more, keep those the "
    "classifier labels with confidence of at least 0.9.",
    "code.sampling": "Sampling codes...",
    "code.accepted": "{share:.0%} of {drawn} samples drawn passed the classifier.",
    # denoise
    "dn.title": "Denoising",
    "dn.dae": "Denoising autoencoder",
    "dn.ae": "Plain autoencoder to compare",
    "dn.noise": "Noise",
    "dn.level": "Noise level",
    "dn.clean": "Clean test images",
    "dn.noisy": "Noisy input (PSNR against the clean image)",
    "dn.curve": "PSNR against noise level (500 test images)",
    # generate
    "gen.title": "Generate",
    "gen.class": "Class",
    "gen.resample": "New noise",
    "gen.of_class": "Samples of {name}, with the classifier's verdict",
    "gen.grid": "Class by noise: one noise per column, one class per row",
    "gen.grid_help": "The noise fixes the style (slant, thickness); the class fixes the digit.",
    "gen.no_judge": "No classifier for this dataset, so no verdicts.",
    "gen.fidelity": "On 10,000 samples the classifier agreed with the asked class "
    "{share:.1%} of the time.",
    # compare
    "cmp.title": "Compare",
    "cmp.pca": "Autoencoders against PCA: test MSE by latent size",
    "cmp.autoencoders": "autoencoders",
    "cmp.pca_help": "PCA is the best linear code of each size; a nonlinear autoencoder beats it "
    "with the same number of numbers.",
    "cmp.maps": "Two latent spaces side by side (PCA of the latents)",
    "cmp.model": "Model",
    "cmp.need_two": "Two encoders of this dataset are needed; train another one.",
    "cmp.maps_help": "A VAE's latents sit in one round cloud around 0 (the prior); an AE's "
    "spread wherever training put them.",
    "cmp.kl": "The KL weight (beta)",
    "cmp.sweep_intro": "Train one small VAE per beta, alike in everything else (latent size 8, "
    "the same initial weights and data order), and see what the KL weight trades.",
    "cmp.betas": "Values of beta",
    "cmp.sweep_epochs": "Epochs per VAE",
    "cmp.sweep_run": "Train the sweep",
    "cmp.sweep_busy": "Training {n} VAEs for {epochs} epochs each...",
    "cmp.sweep_curve": "Reconstruction against KL: each point is one beta",
    "cmp.sweep_x": "KL to the prior (nats per image)",
    "cmp.sweep_y": "reconstruction error, -log p(x|z) (nats per image)",
    "cmp.sweep_row": "beta = {beta:g}: {active} of {dims} latent dimensions in use. Left: "
    "reconstructions of the same test images; right: samples from the prior.",
    "cmp.sweep_help": "A small beta buys sharp reconstructions with a large KL, and its prior "
    "samples are poor: the codes do not fill N(0, I). A large beta squeezes the KL, blurs the "
    "reconstructions and switches latent dimensions off (posterior collapse: the 'in use' "
    "count).",
    "cmp.yours": "The VAEs of this dataset, as trained",
    "cmp.kl_help": "Train VAEs with different beta on the Train page to add them here: higher "
    "beta means a smaller KL, a tidier latent space, and blurrier reconstructions.",
    # applications
    "app.title": "Applications",
    "app.anomaly": "Anomaly detection",
    "app.cluster": "Clustering",
    "app.classify": "Classification",
    "app.normal": "Normal class (the autoencoder sees only this one)",
    "app.training": "Training a small autoencoder on {name} only ({epochs} epochs)...",
    "app.auroc_ae": "AUROC, autoencoder",
    "app.auroc_pca": "AUROC, PCA-20",
    "app.score": "reconstruction error / image brightness",
    "app.is_normal": "normal",
    "app.is_anomaly": "other classes",
    "app.worst": "The most anomalous test images",
    "app.computing": "Fitting k-means and classifiers...",
    "app.cluster_help": "k-means with one cluster per class, scored against the true labels "
    "(NMI and ARI: 1 is perfect, 0 is chance). 2,000 test images.",
    "app.classify_help": "kNN (k=5) and logistic regression trained on 5,000 training images, "
    "tested on 2,000.",
    # upload
    "up.title": "Your own image",
    "up.pick": "A PNG or JPEG of one digit or item",
    "up.help": "Up to {mb} MB. It is made grey (or RGB), cropped to the ink, centred and "
    "resized like the dataset.",
    "up.invert": "White on black, like the data",
    "up.invert.auto": "automatic",
    "up.invert.yes": "invert",
    "up.invert.no": "keep",
    "up.none": "Upload an image to see how the model encodes it.",
    "up.as_data": "as the model sees it",
    "up.recon": "reconstruction",
    "up.placed": "Placed on the {method} map among its nearest latent neighbours.",
    "up.neighbours": "Its 10 nearest test images in latent space: {n} of them are {name}.",
    "up.yours": "your image",
}

TABLES = {"en": EN}


def tr(key: str, **values) -> str:
    """The string for key in the UI language, with {values} filled in."""
    table = TABLES.get(os.environ.get("GENVIZ_LANG", "en"), EN)
    text = table.get(key, EN[key])
    return text.format(**values) if values else text
