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
    "side.download": "Download {name}",
    "side.downloading": "Downloading...",
    "side.download_failed": "The download failed (no internet?). Copy the four IDX files into "
    "{folder} instead.",
    "side.latent": "{n}-D latent",
    "side.teacher_key": "Teacher's key",
    "side.checkpoint": "Checkpoint",
    "side.device": "Computing on: {device}",
    "side.shipped": "shipped",
    "side.user": "yours",
    "page.no_data": "{name} is not on this computer: copy its four IDX files into {folder}, "
    "download it below (needs internet), or pick digits, which always works.",
    "page.no_checkpoint": "No {dataset} checkpoint here can {need}. Train one on the Train page "
    "or pick another dataset.",
    "page.nothing": "Nothing to show yet.",
    "need.any": "be used",
    "need.encode": "encode images",
    "need.decode": "decode latents",
    "need.sample": "generate images",
    "need.vector": "encode images to a latent vector (an autoencoder or a VAE)",
    "need.plain": "encode images without having been trained on noise",
    "need.denoise": "remove noise (a denoising autoencoder)",
    "need.codebook": "show a codebook (a VQ-VAE)",
    "need.prior": "sample codes (a PixelCNN prior)",
    "need.conditional": "generate by class",
    "need.judge": "classify",
    "dataset.digits": "digits (8x8)",
    "dataset.mnist": "MNIST",
    "dataset.fashion-mnist": "Fashion-MNIST",
    "dataset.kmnist": "KMNIST",
    "kind.ae": "autoencoder",
    "kind.dae": "denoising autoencoder",
    "kind.vae": "VAE",
    "kind.cvae": "conditional VAE",
    "kind.vqvae": "VQ-VAE",
    "kind.pixelcnn": "PixelCNN prior",
    "kind.gan": "GAN",
    "kind.cgan": "conditional GAN",
    "kind.classifier": "classifier",
    "method.pca": "PCA",
    "method.tsne": "t-SNE",
    "method.umap": "UMAP",
    "method.latent": "the latent space itself",
    "noise.gaussian": "Gaussian",
    "noise.salt-pepper": "salt and pepper",
    "noise.mask": "masking",
    # home
    "home.title": "genviz: a latent-space lab",
    "home.intro": "Train or load autoencoders, VAEs, VQ-VAEs and GANs, and look inside them. "
    "Every model below is shipped and trained: pick a page on the left.",
    "home.families": "Model families",
    "home.gallery": "Every shipped {dataset} model at work",
    "home.inputs": "test images",
    "home.reconstructions": "their reconstructions",
    "home.samples": "samples from the prior",
    "home.unusable": "The checkpoint {name} cannot be used: {why}",
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
    "train.teacher_only": "On this server, training is for the teacher: you can watch the run "
    "below. Teachers, enter your key in the sidebar.",
    "train.kind": "Model kind",
    "train.base": "VQ-VAE whose codes it models",
    "train.epochs": "Epochs",
    "train.batch": "Batch size",
    "train.lr": "Learning rate",
    "train.name": "Name (optional)",
    "train.name_help": "Letters, digits, '.', '_' and '-'; by default the kind and the time.",
    "train.more": "More options",
    "train.start": "Start training",
    "train.none": "No run yet. Choose settings and press Start: the run continues in the "
    "background, and everyone connected sees it.",
    "train.run": "Run {name}: {kind} on {dataset}",
    "train.progress": "epoch {epoch} of {epochs}, {speed:,.0f} images/s, {eta} left",
    "train.cancel": "Cancel",
    "train.saved": "Saved as {name} with your checkpoints; it is now in every checkpoint picker.",
    "train.cancelled": "Cancelled; the finished epochs were saved as {name}.",
    "train.cancelled_early": "Cancelled before the first epoch ended; nothing was saved.",
    "train.preview": "After epoch {epoch}: the same test images and noise every epoch",
    "train.epoch": "epoch",
    "train.loss": "loss",
    "loss.loss": "training loss",
    "loss.val_loss": "test loss",
    "loss.d_loss": "discriminator loss",
    "loss.g_loss": "generator loss",
    "time.h_min": "{h} h {m} min",
    "time.min_s": "{m} min {s} s",
    "time.s": "{s} s",
    "opt.tuple_help": "Numbers separated by commas, like 256,128.",
    "opt.latent_dim": "Latent size",
    "opt.arch": "Network",
    "opt.hidden": "Hidden widths (MLP)",
    "opt.channels": "Channels (conv)",
    "opt.noise": "Noise in training",
    "opt.noise_level": "Noise level",
    "opt.beta": "KL weight (beta)",
    "opt.likelihood": "Likelihood",
    "opt.binarize": "Binarize the images",
    "opt.codebook_size": "Codebook size",
    "opt.code_dim": "Code length",
    "opt.commitment_weight": "Commitment weight",
    "opt.downsample": "Downsampling steps (0: automatic)",
    "opt.ema": "Moving-average update",
    "opt.decay": "Moving-average decay",
    "opt.dead_after": "Restart a code unused for (steps)",
    "opt.kmeans_init": "Start from k-means",
    "opt.layers": "Layers",
    "opt.kernel": "Kernel size",
    "opt.class_conditional": "Conditioned on the class",
    "opt.embed_dim": "Label embedding size",
    "opt.loss": "Adversarial loss",
    "opt.real_label": "Target for real images (smoothing)",
    "opt.d_lr_scale": "Discriminator learning-rate factor",
    "opt.r1": "R1 penalty weight",
    "opt.ema_decay": "Generator average decay (0: none)",
    "opt.class_loss": "Auxiliary class loss weight",
    "opt.features": "Feature width",
    "opt.dropout": "Dropout",
    # latent map
    "map.title": "Latent map",
    "map.is_latent": "This model's latent space has {n} numbers: the map shows them as they "
    "are, with no projection.",
    "map.method": "Projection",
    "map.dim": "Dimensions",
    "map.showing_pca": "Showing PCA until {method} is ready.",
    "map.computing": "{method}: {done} of {total} steps",
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
    "map.legend": "class",
    "map.axis.x": "first axis",
    "map.axis.y": "second axis",
    "map.axis.z": "third axis",
    "map.decoded": "Decoded at ({x:.2f}, {y:.2f})",
    "map.neighbours": "Test image #{index} ({name}) and its 7 nearest neighbours in latent space",
    "map.this_one": "this {name}",
    "map.selected": "{n} selected; the first {shown}, as they are",
    "map.recons": "Their reconstructions",
    "map.hint": "Click a point to see its nearest neighbours, click empty space to decode it, "
    "or pick the box or lasso tool above the chart and drag to select a group.",
    "map.hint_3d": "Drag to rotate. Selecting and decoding work on the 2-D map.",
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
    "interp.image": "test image #{index}: {name}",
    "interp.at": "decoded at t = {t:.2f}",
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
    "code.decoded": "its codes, decoded",
    "code.edited": "the framed cell set to code {code}",
    "code.new_help": "The cell's code now is {current}; it starts on the code farthest from it, "
    "so the change shows.",
    "code.heat_help": "Each row is a class, each column a code: how much of the class's code "
    "grids that code fills. Codes specialise: many appear in a few classes only.",
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
    "code.prior_help": "A PixelCNN prior learns p(codes) one code at a time, in reading order, "
    "and carries the VQ-VAE whose codes it learned; new codes are decoded by that VQ-VAE.",
    # denoise
    "dn.title": "Denoising",
    "dn.dae": "Denoising autoencoder",
    "dn.ae": "Plain autoencoder to compare",
    "dn.noise": "Noise",
    "dn.level": "Noise level",
    "dn.level_help.gaussian": "The standard deviation of the noise added to each pixel.",
    "dn.level_help.salt-pepper": "The share of pixels set to black or white at random.",
    "dn.level_help.mask": "The share of pixels set to black.",
    "dn.clean": "Clean test images",
    "dn.noisy": "The same images with noise: what both models are given",
    "dn.output": "What {name} makes of them",
    "dn.psnr": "{db:.1f} dB",
    "dn.curve": "Peak signal-to-noise ratio against the noise level (500 test images)",
    "dn.psnr_axis": "PSNR against the clean images (dB; higher is closer)",
    "dn.noisy_line": "noisy input",
    "dn.legend": "images",
    "dn.curve_help": "Each line is the mean PSNR of a model's output against the clean image; "
    "the noisy input's line is what a model that changed nothing would score.",
    # generate
    "gen.title": "Generate",
    "gen.class": "Class",
    "gen.resample": "New noise",
    "gen.of_class": "Samples of {name}, with the classifier's verdict",
    "gen.samples": "Samples, with the classifier's verdict",
    "gen.grid": "One class per row, one random seed per column",
    "gen.grid_help": "Every row draws with the same seeds: for a model that draws noise, a column "
    "shares its noise, so the row changes the class and the column keeps the style (slant, "
    "thickness).",
    "gen.no_judge": "No classifier for this dataset, so no verdicts.",
    "gen.verdict": "classifier: {name} ({p:.0%})",
    "gen.fidelity": "On 10,000 samples the classifier agreed with the asked class "
    "{share:.1%} of the time.",
    # compare
    "cmp.title": "Compare",
    "cmp.pca": "Autoencoders against PCA: test error by latent size",
    "cmp.pca_line": "PCA (the best linear code)",
    "cmp.latent_size": "latent size (numbers per image)",
    "cmp.test_mse": "test MSE per pixel",
    "cmp.pca_help": "PCA is the best linear code of each size; a nonlinear autoencoder beats it "
    "with the same number of numbers when its point lies below the line.",
    "cmp.maps": "Two latent spaces side by side (the first two principal components)",
    "cmp.model": "model",
    "cmp.axis": "principal component {n}",
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
    "cmp.sweep_x": "KL to the prior (nats per image)",
    "cmp.sweep_y": "reconstruction error, -log p(x|z) (nats per image)",
    "cmp.col.recon": "reconstruction (nats)",
    "cmp.col.mse": "test MSE",
    "cmp.col.active": "latent dimensions in use",
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
    "app.auroc_pca": "AUROC, PCA with 20 components",
    "app.percent": "{value:.1f}%",
    "app.auroc_help": "The chance that a random image of another class scores higher than a "
    "random image of the normal class: 100% separates them perfectly, 50% is a coin toss.",
    "app.score": "reconstruction error / the image's RMS brightness",
    "app.score_help": "The error is divided by the image's brightness because a thin, faint "
    "image (a 1) is easy for any autoencoder to rebuild: raw error would call it normal "
    "whatever its class.",
    "app.count": "test images",
    "app.images": "test images",
    "app.is_normal": "normal class",
    "app.is_anomaly": "other classes",
    "app.worst": "The test images the model finds most anomalous",
    "app.computing": "Fitting k-means and classifiers...",
    "app.col.features": "features",
    "app.col.knn": "kNN accuracy (k=5)",
    "app.col.logreg": "logistic regression accuracy",
    "app.rep.latents": "the model's latents",
    "app.rep.pixels": "raw pixels",
    "app.rep.PCA-20": "PCA, {k} components",
    "app.cluster_help": "k-means with one cluster per class, scored against the true labels "
    "(NMI and ARI: 1 is perfect, 0 is chance), on {n:,} test images.",
    "app.classify_help": "kNN (k=5) and logistic regression trained on {n_train:,} training "
    "images, tested on {n_test:,}.",
    # upload
    "up.title": "Your own image",
    "up.pick": "A PNG or JPEG of one digit or item",
    "up.help": "Up to {mb} MB and 4096 x 4096 pixels. It is made grey (or colour, as the data "
    "is), cropped to the ink, centred and resized like the dataset's images.",
    "up.invert": "White on black, like the data",
    "up.invert.auto": "automatic",
    "up.invert.yes": "invert",
    "up.invert.no": "keep",
    "up.none": "Upload an image to see how the model encodes it.",
    "up.blank": "No ink was found in that image (it is blank, or ink and paper are too alike); "
    "upload one with a clear dark-on-light or light-on-dark shape.",
    "up.as_data": "as the model sees it",
    "up.recon": "its reconstruction",
    "up.far": "This image is unlike the training data: its reconstruction error is higher than "
    "{error:.0f}% of the test images', and its latent is farther from any test image than "
    "{distance:.0f}% of test images are from their nearest neighbour. Treat its place on "
    "the map with care.",
    "up.near": "This image is like the training data: its reconstruction error is higher than "
    "only {error:.0f}% of the test images', and its latent sits among theirs ({distance:.0f}% "
    "of test images are nearer their nearest neighbour).",
    "up.placed": "Placed on the map ({method}) among its nearest latent neighbours.",
    "up.neighbours": "Of its {k} nearest test images in latent space, {n} are {name}.",
    "up.yours": "your image",
}

TABLES = {"en": EN}


def tr(key: str, **values) -> str:
    """The string for key in the UI language, with {values} filled in."""
    table = TABLES.get(os.environ.get("GENVIZ_LANG", "en"), EN)
    text = table.get(key, EN[key])
    return text.format(**values) if values else text
