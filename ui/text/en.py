"""The English table: every string the app shows, by key."""

EN: dict[str, str] = {
    # navigation
    "nav.home": "Home",
    "nav.train": "Train",
    "nav.map": "Latent map",
    "nav.interpolate": "Interpolate",
    "nav.codebook": "Codebook",
    "nav.inside": "Inside the model",
    "nav.denoise": "Denoise",
    "nav.generate": "Generate",
    "nav.compare": "Compare",
    "nav.applications": "Applications",
    "nav.upload": "Upload",
    # sidebar and shared messages
    "side.dataset": "Dataset",
    "side.language": "Language / 언어",
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
    "need.inside": "show its inner workings (a VAE, a VQ-VAE or a GAN)",
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
    "home.task_inputs": "task inputs",
    "home.translations": "outputs",
    "home.targets": "targets",
    "home.unusable": "The checkpoint {name} cannot be used: {why}",
    "home.none_shipped": "No shipped checkpoints for {dataset}; train one on the Train page.",
    "home.datasets": "Datasets",
    "home.dataset": "dataset",
    "home.state": "state",
    "home.ready": "ready",
    "family.ae": "Squeezes an image through a small code and rebuilds it.\nThe code is a "
    "compressed description, but nothing says what lies between codes.",
    "family.dae": "An autoencoder fed corrupted images and asked for clean ones.\nTrained on "
    "Gaussian noise, it also cleans salt and pepper, but not masking: missing pixels stay missing.",
    "family.vae": "An autoencoder whose codes follow a Gaussian prior (KL term).\nSo you can "
    "sample new images and walk smoothly between codes; beta trades detail for order.",
    "family.cvae": "A VAE told the class as well.\nPick a digit, vary the code: the style "
    "changes, the digit stays.",
    "family.vqvae": "Codes are picked from a learned codebook, one per grid cell.\nDiscrete codes "
    "give sharp reconstructions and need a prior to sample.",
    "family.pixelcnn": "The prior over a VQ-VAE's code grid, one code at a time.\nIt turns the "
    "VQ-VAE into a generator, as in the VQ-VAE paper; VQ-VAE-2 has a prior for each of its two "
    "levels (the paper's top prior adds self-attention, PixelSNAIL).",
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
    "opt.epochs": "Epochs",
    "opt.batch_size": "Batch size",
    "opt.lr": "Learning rate",
    "train.name": "Name (optional)",
    "train.name_help": "Letters, digits, '.', '_' and '-'; by default the kind and the time.",
    "train.preset": "Start from one of the course's networks",
    "train.preset_none": "None: set every option yourself",
    "train.preset_dataset": "The course trains this network on {dataset}; pick it in the sidebar "
    "to follow the notes.",
    "opt.weight_decay": "Weight decay",
    "preset.course-mlp-ae": "MLP autoencoder 784-256-128-20",
    "preset.course-mlp-ae.notes": "Linear layers 784-256-128-20 with LeakyReLU(0.2), a sigmoid "
    "output and squared error; Adam, learning rate 0.001, batch 128, 20 epochs.",
    "preset.course-conv-ae": "Convolutional autoencoder, 4-number code",
    "preset.course-conv-ae.notes": "Conv 1-8-16-32 with stride 2 and batch norm, flattened "
    "3x3x32 -> 128 -> 4, and the mirrored decoder with transposed convolutions; Adam, learning "
    "rate 0.001, weight decay 1e-5, batch 256, 30 epochs.",
    "preset.course-vae-200": "VAE 784-400-400-200",
    "preset.course-vae-200.notes": "Linear layers 784-400-400 with LeakyReLU(0.2) and a "
    "200-number latent; binary cross-entropy + KL; Adam, learning rate 0.001, batch 128, "
    "20 epochs.",
    "preset.course-ae-3d": "3-D autoencoder 784-128-64-12-3 (Fashion-MNIST)",
    "preset.course-ae-3d.notes": "Linear layers 784-128-64-12-3 with ReLU, a sigmoid output "
    "and squared error; Adam, learning rate 0.005, batch 64, 10 epochs. Its latent space is "
    "drawn as it is, in 3-D.",
    "preset.course-vae": "VAE 784-400-20",
    "preset.course-vae.notes": "One hidden layer of 400 with ReLU and a 20-number latent; "
    "binary cross-entropy + KL; Adam, learning rate 0.001, batch 128, 10 epochs.",
    "preset.course-linear-ae": "Linear autoencoder 784-16-784",
    "preset.course-linear-ae.notes": "No activation anywhere: it can only learn a linear map, "
    "and it learns the subspace PCA finds. Compare the two on the Compare page at the same size.",
    "layers.title": "Layers of this network",
    "layers.total": "{n} parameters in all",
    "layers.params": "{n} parameters",
    "layers.layer": "Layer",
    "layers.shape": "Output shape",
    "layers.count": "Parameters",
    "layers.encoder": "Encoder",
    "layers.decoder": "Decoder",
    "layers.generator": "Generator",
    "layers.discriminator": "Discriminator",
    "layers.classifier": "Classifier",
    "layers.prior": "Prior (PixelCNN)",
    "layers.saved": "Layers of a saved model",
    "layers.history": "How it trained: {epochs} epochs.",
    "layers.pick": "Checkpoint",
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
    "loss.recon": "reconstruction term",
    "loss.kl": "KL term",
    "loss.mse": "reconstruction error (MSE)",
    "loss.commit": "commitment term",
    "loss.nll": "negative log-likelihood of the codes",
    "loss.ce": "cross-entropy",
    "loss.on_test": "{term}, test set",
    "loss.d_loss": "discriminator loss",
    "loss.g_loss": "generator loss",
    "loss.beta_kl": "beta × KL term",
    "inside.active_units": "active latent dimensions",
    "inside.codes_used": "codes used on test images",
    "inside.restarts": "codes restarted in the epoch",
    "inside.perplexity": "perplexity of code use",
    "inside.d_real": "D(x) on real images",
    "inside.d_fake": "D(G(z)) on generated images",
    "inside.kl_dims": "KL of each latent dimension after epoch {epoch} ({active} active).",
    "choice.mlp": "MLP (fully connected)",
    "choice.conv": "convolutional",
    "choice.bernoulli": "Bernoulli (binary cross-entropy)",
    "choice.gaussian": "Gaussian (squared error)",
    "choice.salt-pepper": "salt and pepper",
    "choice.mask": "masking",
    "choice.hinge": "hinge",
    "choice.bce": "non-saturating (binary cross-entropy)",
    "choice.spectral": "spectral norm",
    "choice.batch": "batch norm",
    "choice.course-conv": "the course's conv (3x3x32 bottleneck)",
    "choice.leaky_relu": "LeakyReLU (0.2)",
    "choice.relu": "ReLU",
    "choice.linear": "none (linear)",
    "choice.sigmoid": "sigmoid",
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
    "opt.d_norm": "Discriminator normalisation",
    "opt.mbstd": "Minibatch standard deviation",
    "opt.activation": "Activation",
    "opt.batch_norm": "Batch norm",
    "opt.output": "Output layer",
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
    "map.neighbours": "Image #{index} ({name}) and its 7 nearest neighbours in latent space",
    "map.this_one": "this {name}",
    "map.selected": "{n} selected; the first {shown}, as they are",
    "map.recons": "Their reconstructions",
    "map.hint": "Click a point to see its nearest neighbours, click empty space to decode it, "
    "or pick the box or lasso tool above the chart and drag to select a group.",
    "map.hint_3d": "Drag to rotate, scroll to zoom. Click a point to see its nearest neighbours "
    "and what the decoder makes of them. Box, lasso and decoding empty space work on the 2-D "
    "map: a click in 3-D has no depth.",
    "map.export": "Export",
    "map.replay": "The map replayed over training ({epochs} epochs)",
    "map.replay_raw": "The latents of {n:,} test images after each epoch, as they are (two "
    "numbers). Press play, or drag the epoch slider.",
    "map.replay_pca": "The latents of {n:,} test images after each epoch, by one PCA fitted on "
    "the last epoch: the map stays still, so what moves is the model. Press play, or drag the "
    "epoch slider.",
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
    "interp.prior_of": "decoded by {name}",
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
    "python -m genviz train pixelcnn --base <checkpoint>.",
    "code.prior_pick": "Prior",
    "code.temperature": "Temperature",
    "code.reject": "Keep only samples the classifier is sure of",
    "code.reject_help": "Rejection sampling, as in VQ-VAE-2: draw more, keep those the "
    "classifier labels with confidence of at least 0.9.",
    "code.sampling": "Sampling codes",
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
    # inside the model
    "in.title": "Inside the model",
    "in.image": "Test image",
    "in.original": "original",
    "in.decoded": "decoded z",
    "in.prior": "prior N(0, I): 1 sigma",
    "in.active": "Active dimensions",
    "in.active_help": "Dimensions whose posterior mean changes with the image: the variance of "
    "E_q[z_d] over test images above 0.01 (Burda et al. 2015). An inactive dimension is ignored "
    "by the encoder: its posterior is the prior, whatever the image.",
    "in.kl_total": "KL term, nats per image",
    "in.kl_help": "KL(q(z|x) || N(0, I)), summed over the dimensions and averaged over test "
    "images: what the ELBO pays for the information the latent carries about the image.",
    "in.dim": "latent dimension",
    "in.kl": "KL, nats",
    "in.collapsed": "Posterior collapse: only {active} of {d} dimensions carry information about "
    "the image; the decoder makes do with the rest. To try: a lower beta, a KL warm-up (beta "
    "rising from 0 over the first epochs), or a weaker decoder.",
    "in.ellipses": "The posterior of each image: mu ± sigma",
    "in.ellipses_help": "Each ellipse is one test image's q(z|x): centred on mu(x), with radii "
    "sigma(x). The dashed circle is the prior's one sigma. The KL term pulls the ellipses "
    "towards that circle; the reconstruction term pulls them apart so the decoder can tell "
    "images apart.",
    "in.draws": "Draws from q(z|x), decoded",
    "in.reparam": "The reparameterization: z = mu + sigma · eps",
    "in.reparam_help": "Sampling z is made differentiable by drawing the noise eps from "
    "N(0, I) outside the network: z = mu(x) + sigma(x) · eps. Move eps along the dimensions with "
    "the most KL (the most information): at eps = 0 the decoder sees the posterior mean.",
    "in.distance": "distance to the cell's encoder output",
    "in.nearest": "The cell takes code **{nearest}** (red), the nearest; the runner-up is code "
    "{second} (orange), {margin:.3f} farther away. The decoder sees only the code; the "
    "straight-through estimator copies the decoder's gradient to the encoder output as if "
    "the choice were not there, and the commitment loss keeps the encoder near its codes.",
    "in.codebook_map": "The codebook among the encoder outputs (PCA of the code vectors)",
    "in.codes": "codes",
    "in.dead": "unused codes",
    "in.codebook_help": "Crosses are the code vectors, dots the encoder outputs of test image "
    "cells, by their image's class; {dead} of {k} codes take no cell of these images. Two "
    "principal components of the codes: distances along other directions are not drawn.",
    "in.margin": "margin: runner-up distance − nearest distance",
    "in.margin_help": "Every cell's margin over the test images (median {median:.3f}). Near 0, a "
    "small change of the image can switch the cell to another code.",
    "in.real": "real test images: D(x)",
    "in.fake": "generated: D(G(z))",
    "in.d_means": "Mean D(x) = {real:.2f} on real images, mean D(G(z)) = {fake:.2f} on generated "
    "ones. In the log-loss game D is a probability, and at the optimum p_g = p_data it is 1/2 "
    "everywhere: the discriminator cannot tell.",
    "in.d_best": "Generated images the discriminator finds most real",
    "in.d_worst": "Generated images it finds least real",
    "in.blurry": "Why VAE samples are blurry: the likelihood",
    "in.blurry_intro": "The same small VAE (8-D latent), trained twice alike but for its "
    "likelihood p(x|z): Bernoulli (binary cross-entropy) and Gaussian (squared error). A "
    "likelihood that averages over what z does not say decodes the mean of the images a code "
    "could be: a blur.",
    "in.blurry_run": "Train the pair ({epochs} epochs each, shared by everyone)",
    "in.blurry_busy": "Training the two VAEs ({epochs} epochs each)...",
    "in.lik": "likelihood",
    "in.elbo": "ELBO, nats per image",
    "in.sharp_recon": "sharpness of reconstructions",
    "in.sharp_sample": "sharpness of prior samples",
    "in.lik_row": "{lik}: 8 reconstructions, then 8 prior samples",
    "in.blurry_help": "Sharpness is the mean squared gradient of the image (the test images "
    "themselves: {data:.4f}); a blur spreads each edge and scores low. Each ELBO is under the "
    "model's own likelihood: the Bernoulli's is a probability of binary pixels, the Gaussian's "
    "a density (variance 1/2, its constant included), so the two numbers are not on one scale.",
    "in.vae_gan": "VAE against GAN: the same question, two answers",
    "in.vae_gan_row": "sharpness {sharp:.4f}; the classifier sure of {confident:.0%} of 10,000 "
    "samples; Fréchet distance {frechet:.1f}",
    "in.vae_gan_help": "Prior samples of the dataset's VAE beside the GAN's. Sharpness is "
    "measured on these 64 samples; confidence and Fréchet distance come from the checkpoints' "
    "evaluation (10,000 samples judged by the shipped classifier; lower Fréchet is closer to "
    "the test images).",
    # applications
    "app.title": "Applications",
    "app.anomaly": "Anomaly detection",
    "app.cluster": "Clustering",
    "app.classify": "Classification",
    "app.ood": "Out of distribution",
    "ood.intro": "Feed the model images from another dataset, which it never saw, and ask four "
    "detectors to tell them from its own test images. AUROC: 100% separates them perfectly, 50% "
    "is chance, and below 50% a detector ranks the foreign images as more typical than the "
    "model's own.",
    "ood.foreign": "Foreign dataset",
    "ood.none": "The probe feeds a model images of another dataset of the same size, and no other "
    "dataset of this image size is here: MNIST, Fashion-MNIST and KMNIST are all 28x28 (genviz "
    "ships MNIST's and Fashion-MNIST's test images, so the probe works on either).",
    "ood.conditional": "This model needs a class for every image, and a foreign image has none "
    "of its classes: pick an autoencoder or a VAE in the sidebar.",
    "ood.not_yet": "Not computed for this model yet: it scores {n:,} images of each dataset "
    "(about a minute on a laptop's CPU for a VAE, seconds for an autoencoder).",
    "ood.run": "Run the probe",
    "ood.computing": "Scoring {n:,} images of each dataset...",
    "ood.det.recon": "Reconstruction error",
    "ood.det.nll": "Likelihood: -log p(x), nats",
    "ood.det.knn": "Distance to the 5th nearest training latent",
    "ood.det.pca": "PCA-20 reconstruction error (baseline)",
    "ood.auroc_help": "The chance that a random foreign image scores higher (more foreign) than "
    "a random image of the model's own test set.",
    "ood.verdict.good": "{detector}: {value:.1f}%, tells the foreign images apart.",
    "ood.verdict.weak": "{detector}: {value:.1f}%, separates them only in part.",
    "ood.verdict.chance": "{detector}: {value:.1f}%, no better than chance.",
    "ood.verdict.inverted": "{detector}: {value:.1f}%, ranks the foreign images as more typical "
    "than the model's own.",
    "ood.nalisnick": "The VAE gives {foreign} images a higher likelihood than its own {own} test "
    "images: the failure Nalisnick et al. (2019) found in deep generative models. Likelihood "
    "rewards images that are simple to predict (a large black background) as much as familiar "
    "ones, so a high likelihood does not mean 'in distribution'.",
    "ood.map": "Where the foreign images land",
    "ood.map_latent": "The model's latents of both sets, as they are (two numbers).",
    "ood.map_pca": "The model's latents of both sets, by the first two principal components of "
    "its own images' latents: one fixed linear map, so the foreign images land where the model "
    "puts them (t-SNE and UMAP would rearrange everything around the newcomers).",
    "ood.familiar": "The {foreign} images the model finds most familiar (lowest reconstruction "
    "error), and below them its reconstructions",
    "app.normal": "Normal class (the autoencoder sees only this one)",
    "app.training": "Training a small autoencoder on {name} only ({epochs} epochs)...",
    "app.auroc_ae": "AUROC, autoencoder",
    "app.auroc_pca": "AUROC, PCA with 20 components",
    "app.percent": "{value:.1f}%",
    "app.auroc_help": "The chance that a random image of another class scores higher than a "
    "random image of the normal class: 100% separates them perfectly, 50% is a coin toss.",
    "app.score": "anomaly score (0: typical of the normal class)",
    "app.score_help": "The score adds two signals, each in standard units of the normal "
    "class's training images: the reconstruction error divided by the image's brightness (a "
    "thin, faint 1 is easy for any autoencoder to rebuild, so raw error would call it normal "
    "whatever its class), and how far the image's latent lies from the normal images' "
    "latents (an image the decoder rebuilds well can still be encoded far from them). The "
    "PCA beside it scores by its error / brightness alone.",
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
    "up.far": "This image is unlike the test images: past the 99th percentile on at least one of "
    "the two figures, so treat its place on the map with care.",
    "up.placed": "Placed on the map ({method}) among its nearest latent neighbours.",
    "up.neighbours": "Of its {k} nearest test images in latent space, {n} are {name}.",
    "up.yours": "your image",
    # class names, where a dataset's are words
    "class.fashion-mnist.0": "T-shirt/top",
    "class.fashion-mnist.1": "trouser",
    "class.fashion-mnist.2": "pullover",
    "class.fashion-mnist.3": "dress",
    "class.fashion-mnist.4": "coat",
    "class.fashion-mnist.5": "sandal",
    "class.fashion-mnist.6": "shirt",
    "class.fashion-mnist.7": "sneaker",
    "class.fashion-mnist.8": "bag",
    "class.fashion-mnist.9": "ankle boot",
    # errors the app shows (the library's, by key)
    "err.upload_size": "That file is over {mb} MB; use a smaller image.",
    "err.upload_format": "Only PNG and JPEG images can be uploaded.",
    "err.upload_pixels": "That image is {w} x {h} pixels; use one of at most 4096 x 4096 pixels "
    "and at most {side:,} pixels a side.",
    "err.upload_unreadable": "That file is not a readable PNG or JPEG image.",
    "err.upload_bomb": "That image is too large to decode; use a smaller one.",
    "err.name": "The name {name!r} is not allowed; use up to 100 letters, digits, '.', '_' or "
    "'-', starting with a letter or digit and not ending in .json, .safetensors, .replay or .npz.",
    "err.exists": "A checkpoint named {name} exists already; choose another name.",
    "err.run_active": "A run is already training; wait for it or cancel it first.",
    "err.no_dataset": "The {dataset} dataset is not here; pick one that is.",
    "err.option_type": "{option} must be a value of another kind, not {value}.",
    "err.option_choice": "{option} '{value}' is not known; choose from {choices}.",
    "err.ood_needs_encoder": "The out-of-distribution probe needs an unconditional model with a "
    "latent vector; pick an autoencoder or a VAE.",
    "err.ood_shape": "{foreign} images are not the model's size; pick a dataset of the same size.",
    "err.inside_needs": "This view needs a {what}; pick another model.",
    "err.option_empty": "{option} needs at least one number, like 16,32.",
    "err.course_conv_size": "The course's conv network is made for 28x28 images; pick MNIST or "
    "Fashion-MNIST in the sidebar.",
    "err.option_list": "{option} must list whole numbers between 1 and {largest:,}.",
    "err.option_min": "{option} must be at least {low}, not {value}.",
    "err.option_max": "{option} must be at most {high:,}, not {value}.",
    "err.option_range": "{option} must be a number between {low} and {high}, not {value}.",
    "err.option_parse": "{option}: {text!r} is not valid; numbers separated by commas, like "
    "256,128, for a list.",
    "err.checkpoint": "The checkpoint {name} cannot be used ({detail}); pick another or retrain "
    "it.",
    "err.diverged": "Training diverged in epoch {epoch}; nothing was saved: lower the learning "
    "rate and try again.",
    "err.stopped_early": "Training was stopped before the first epoch ended; nothing was saved.",
    "err.worker_stopped": "The training worker stopped; start the run again.",
    "err.picture_worker": "The projection worker stopped; it restarts on the next request.",
    "err.picture_deadline": "The {method} projection took too long; try again.",
    "err.picture_failed": "The projection failed; see the server log.",
    "err.other": "Something went wrong: {detail}",
    # the idea behind each page (formulas beside them in ui/ideas.py)
    "idea.title": "The idea",
    "idea.home": "A generative model learns how the data is distributed, so it can make new "
    "examples. Most of the models here have an encoder that maps an image x to a code z in a "
    "small latent space, and a decoder that maps codes back to images; they are trained to "
    "rebuild their input:",
    "idea.train": "Every model is trained by gradient descent on its own loss, averaged over "
    "mini-batches of images. The autoencoders minimise the reconstruction error, the VAEs the "
    "negative ELBO (a reconstruction term plus a KL term), the GANs a game between two "
    "networks:",
    "idea.map": "Each point is one test image's latent z = E(x). A latent of more than two or "
    "three numbers cannot be drawn as it is: PCA, t-SNE and UMAP project it. PCA keeps "
    "distances along the directions of largest variance; t-SNE and UMAP keep neighbourhoods "
    "and bend distances between clusters. Trustworthiness says how far to trust a picture: "
    "it penalises points that look near in the picture but rank far (r) in the latent space:",
    "idea.interpolate": "Walking from one code to another decodes the points between them. "
    "Linear interpolation cuts through the middle of the space; spherical interpolation keeps "
    "the length a Gaussian prior expects. A VAE's codes fill the prior N(0, I), so random "
    "codes decode to plausible images; a plain autoencoder has no prior and leaves gaps:",
    "idea.codebook": "A VQ-VAE replaces the encoder's output z_e at each cell of a grid by the "
    "nearest of K code vectors e_k. Choosing the nearest code (an argmin) has no gradient, so the "
    "straight-through estimator copies the decoder's gradient to the encoder. The loss rebuilds "
    "x, pulls the codes to the encoder's outputs (here by moving averages) and commits the "
    "encoder to its codes with the commitment weight γ (the paper's β, not the VAE's KL weight; "
    "sg: stop the gradient). To sample, a PixelCNN prior learns the codes one at a time, in "
    "reading order. This is VQ-VAE (one grid of codes); VQ-VAE-2 adds a second, coarser grid (the "
    "top level) with its own prior.",
    "idea.denoise": "A denoising autoencoder is given a corrupted image x~ and trained to "
    "return the clean x, so it cannot simply copy its input. PSNR measures how close an "
    "image is to the clean one. Measured on MNIST: trained on Gaussian noise, the DAE also "
    "cleans salt and pepper it never saw (22.2 dB from 13.2 at 10% of pixels, a plain AE "
    "17.2), but not masking: with pixels missing it does no better than a plain autoencoder, "
    "and at half the pixels masked no better than the masked image itself.",
    "idea.generate": "A GAN's generator G turns noise z into images; its discriminator D tells "
    "real from generated. The lecture's game is the log loss (the first formula): for a fixed G "
    "the best D is D* = p_data / (p_data + p_g), and at the game's optimum p_g = p_data, so D* = "
    "1/2 everywhere. Early in training D wins easily and log(1 − D(G(z))) gives G almost no "
    "gradient, so G maximises log D(G(z)) instead (the non-saturating loss). The GANs shipped for "
    "MNIST and Fashion-MNIST (and the Train page's default) play the hinge game instead (the last "
    "formula), with spectral norm in D, a moving average of G that samples, and, for a "
    "conditional GAN, a class loss: D gives a score, not a probability, pushed above +1 on real "
    "images and below −1 on generated ones, and G raises D's score of its images. A conditional "
    "model takes the class y too: G(z, y), and a projection discriminator scores how well x fits "
    "y. A VAE samples by decoding z ~ N(0, I); its samples are blurrier because its likelihood "
    "averages over what z does not say.",
    "idea.compare": "PCA is the best linear autoencoder: for a code of k numbers it keeps the k "
    "directions of largest variance, and a linear autoencoder trained by squared error learns the "
    "same subspace. A VAE maximises the ELBO, a lower bound of log p(x): a reconstruction term "
    "minus the KL divergence from the approximate posterior q(z|x) to the prior. The KL of two "
    "Gaussians has a closed form; z is drawn by reparameterization, so gradients flow through mu "
    "and sigma. beta weighs the KL term: with beta ≥ 1 the weighted objective lies below the ELBO "
    "and so still below log p(x) (beta > 1: a beta-VAE); with beta < 1, as in the sweep's 0.1 and "
    "0.5, it lies above the ELBO and is no longer a bound on log p(x): it is a trade that buys "
    "sharper reconstructions with a KL the prior no longer holds in check.",
    "idea.applications": "An autoencoder's uses beyond pictures: its latents are features for "
    "classifiers and clustering, and it flags images unlike those it was trained on (anomalies). "
    "The anomaly score (the first formula, the one plotted) adds two signals in standard units of "
    "the normal class's training images: e, the reconstruction error divided by the image's "
    "brightness (thin, faint images are easy to rebuild whatever their class), and m, how far the "
    "image's latent lies from the normal images' latents. The PCA beside it scores by e alone. "
    "Fed another dataset's images (out of distribution), the same scores, the VAE's likelihood "
    "and the distance to the nearest training latents each try to say which images are foreign; "
    "the likelihood can fail in the direction one would least expect:",
    "idea.inside": "What the models compute on the way, on a trained model. A VAE's encoder gives "
    "each image a distribution q(z|x) = N(mu, sigma²), not a point: the approximate posterior, "
    "standing in for the true posterior p(z|x), which needs the intractable p(x); the gap between "
    "log p(x) and the ELBO is exactly the KL from q(z|x) to p(z|x) (the first formula). The "
    "encoder outputs log sigma², so sigma = exp(log sigma² / 2) is always positive. The ELBO pays "
    "the KL to the prior per dimension, and a dimension that carries nothing is inactive. A "
    "VQ-VAE replaces each cell's encoder output by its nearest code. A GAN's discriminator scores "
    "how real an image looks; its generator learns from that score:",
    "idea.upload": "Your image is brought into the dataset's format (grey, centred, scaled like "
    "the data), encoded and reconstructed. Its reconstruction error and its distance to the "
    "nearest test latent are compared with the test set's own: far beyond them, the model has "
    "never seen anything like it, and its place on the map means little.",
    "idea.lessons": "Each lesson follows one part of the course; each step opens the page that "
    "shows it, with the dataset, the model and the controls set. The link under each step can "
    "go on a slide.",
    # lessons
    "nav.lessons": "Lessons",
    "lessons.title": "Lessons",
    "lessons.pick": "Lesson",
    "lessons.step": "Step {n} of {total}",
    "lessons.open": "Open: {page}",
    "lessons.link": "Link to this step (for a slide)",
    "lessons.prev": "Previous step",
    "lessons.next": "Next step",
    "lesson.1": "1. What an autoencoder is",
    "lesson.1.1": "An autoencoder squeezes an image x through a bottleneck: the encoder E maps "
    "it to a code z of a few numbers, the decoder D maps z back to an image. Training lowers "
    "the reconstruction error.",
    "lesson.1.2": "Test images beside their reconstructions: what survives the bottleneck is the "
    "shape; fine detail is lost.",
    "lesson.1.3": "With a code of two numbers, the latent space is a plane. Each test image is a "
    "point; classes gather without being told. Click empty space to see what the decoder makes "
    "of a code no image has.",
    "lesson.2": "2. What an autoencoder is good for",
    "lesson.2.1": "Latents as features: a classifier on 32 latent numbers against one on 784 "
    "pixels and one on 20 principal components.",
    "lesson.2.2": "Clustering: k-means on the latents, scored against the true classes.",
    "lesson.2.3": "Anomaly detection: an autoencoder trained on one class rebuilds it well and "
    "the others badly, and encodes them elsewhere; its score (the error relative to the image's "
    "brightness, plus the latent's distance from the normal class's latents, each in standard "
    "units) separates them.",
    "lesson.3": "3. Autoencoders and PCA",
    "lesson.3.1": "A linear autoencoder trained by squared error learns PCA's subspace: PCA is "
    "the best linear code of each size.",
    "lesson.3.2": "Test error against latent size: PCA's curve, and the nonlinear autoencoders "
    "below it.",
    "lesson.3.3": "The latent space in 3-D: the first three principal components of a VAE's "
    "latents; drag to rotate.",
    "lesson.4": "4. Denoising autoencoders",
    "lesson.4.1": "Gaussian noise at sigma 0.5: the denoising autoencoder, trained on it, "
    "against a plain one.",
    "lesson.4.2": "Salt and pepper, which the DAE never saw in training: it still cleans it.",
    "lesson.4.3": "Masking half the pixels: the DAE does no better than the plain autoencoder. "
    "What a DAE learns is the kind of noise it was trained on.",
    "lesson.5": "5. From gaps to the VAE",
    "lesson.5.1": "Random codes from N(0, I) decoded by a plain autoencoder: mostly not digits. "
    "Its codes occupy islands with gaps between them.",
    "lesson.5.2": "A VAE's encoder outputs a distribution q(z|x); the KL term pulls it towards "
    "the prior N(0, I), so random codes land where codes were trained.",
    "lesson.5.3": "The KL weight beta: small beta, sharp reconstructions and poor samples; large "
    "beta, blur and switched-off latent dimensions.",
    "lesson.6": "6. The VAE's ELBO",
    "lesson.6.2": "The negative ELBO is a reconstruction term plus a KL term. Train a VAE and "
    "watch them: the reconstruction error falls fast, while the KL term rises (the shipped MNIST "
    "VAE: 11.1 nats after its first epoch, 24.8 at the end) as the encoder learns to put more "
    "about each image into z, and a code that says more about x must differ more from the prior. "
    "Their sum, the negative ELBO, falls.",
    "lesson.6.3": "Reparameterization: z = mu + sigma * eps with eps ~ N(0, I), so the gradient "
    "reaches mu and sigma. The encoder outputs mu and log sigma² (the notes' log_var), not sigma: "
    "any real number is a valid log-variance, so the network needs no constraint, sigma = "
    "exp(log_var / 2) is always positive, and the KL formula uses log sigma² as it is. Sweeping "
    "one coordinate of z shows what it encodes.",
    "lesson.6.4": "Prior samples of a VAE: plausible digits, and blurry: the likelihood averages "
    "over what z does not say.",
    "lesson.6.5": "Inside the VAE: every image is an ellipse, its posterior mu ± sigma, inside "
    "the prior's circle. Draw from it, or move eps by hand: z = mu + sigma * eps.",
    "lesson.7": "7. VQ-VAE",
    "lesson.7.1": "Each cell of the encoder's grid takes the nearest code of a learned codebook. "
    "Which codes each class uses:",
    "lesson.7.2": "One image's code map: change one cell's code and see what that part of the "
    "image becomes.",
    "lesson.7.3": "The PixelCNN prior learns the codes one at a time: p(c) = product of "
    "p(c_i | codes before it). Lower temperatures pick likelier codes.",
    "lesson.7.4": "Rejection sampling: draw more, keep what a classifier is sure of, as "
    "VQ-VAE-2 does.",
    "lesson.7.5": "The nearest code, measured: one cell's distance to every code, the runner-up "
    "and its margin, and the whole codebook among the encoder outputs.",
    "lesson.7.6": "VQ-VAE-2: a coarse top grid of codes for the shape and a finer bottom grid "
    "for the detail, each with its own prior (the bottom's given the top). Swap two digits' top "
    "codes and see which digit you get.",
    "lesson.8": "8. GANs and conditional GANs",
    "lesson.8.2": "Two players: the generator makes images from noise, the discriminator tells "
    "real from generated. Samples of a GAN, with a classifier's verdict:",
    "lesson.8.3": "Sharp against blurry: the same verdicts for a VAE's samples.",
    "lesson.8.4": "A conditional GAN takes the class as well: ask for a 7, get a 7, in every "
    "style its noise gives.",
    "lesson.8.5": "The discriminator's view: its scores D(x) on real images and D(G(z)) on "
    "generated ones, and the samples it finds most and least real.",
    "lesson.8.6": "pix2pix: a conditional GAN whose condition is an image. Draw an outline and "
    "get a digit; on a masked digit, the same network trained with L1 alone fills the gap more "
    "softly.",
    # VQ-VAE-2 and image to image
    "nav.translate": "Image to image",
    "need.translate": "turn one image into another (pix2pix)",
    "need.codes": "show a codebook (a VQ-VAE or a VQ-VAE-2)",
    "need.hierarchy": "show two levels of codes (a VQ-VAE-2)",
    "need.prior_codebook": "sample a VQ-VAE's codes (a PixelCNN prior)",
    "need.prior_hierarchy": "sample a VQ-VAE-2's codes (its two PixelCNN priors)",
    "kind.vqvae2": "VQ-VAE-2",
    "kind.pixelcnn2": "VQ-VAE-2 priors",
    "kind.pix2pix": "pix2pix",
    "family.vqvae2": "Two levels of codes: a coarse top grid for the global shape, a finer bottom "
    "grid for the detail.\nSwap two images' top codes and watch which level holds what. The paper "
    "(Razavi et al. 2019) made it for high resolution (256x256 ImageNet, 1024x1024 faces), with a "
    "self-attention prior (PixelSNAIL) on the top level; VQ models are now parts of larger ones "
    "(the image tokenisers of DALL-E and of latent diffusion, audio codecs).",
    "family.pixelcnn2": "Two PixelCNNs for a VQ-VAE-2: one over the top codes, one over the "
    "bottom codes given the top.\nSampling draws the top first, then the bottom, then decodes.",
    "family.pix2pix": "A conditional GAN whose condition is an image: a U-Net draws the output, "
    "a PatchGAN judges it patch by patch.\nEdges to digit, a masked image completed, noise "
    "removed.",
    "opt.top_codebook_size": "Top codebook size",
    "opt.top_channels": "Top prior's width",
    "opt.top_layers": "Top prior's layers",
    "opt.top_alone": "Top-alone reconstruction weight",
    "opt.task": "Task",
    "opt.d_channels": "Discriminator channels",
    "opt.l1_weight": "L1 weight (lambda)",
    "opt.adv_weight": "Adversarial weight (0: L1 alone)",
    "choice.edges": "edges to image",
    "choice.masked": "masked square to complete image",
    "choice.noisy": "noisy to clean",
    "code.title2": "VQ-VAE-2: two levels of codes",
    "code.level.top": "top level",
    "code.level.bottom": "bottom level",
    "code.level_grid": "{level}: {h} x {w} grid, {k} codes",
    "code.maps2": "One image's two code maps",
    "code.maps2_help": "The top grid is coarse: each of its cells covers a large part of the "
    "image. The bottom grid is finer, and was chosen knowing the top codes.",
    "code.swap": "Swap the levels of two images",
    "code.image_a": "Image A",
    "code.image_b": "Image B",
    "code.top_a_bottom_b": "A's top, B's bottom",
    "code.top_b_bottom_a": "B's top, A's bottom",
    "code.top_a_alone": "A's top codes alone",
    "code.top_b_alone": "B's top codes alone",
    "code.decoded_a": "A, its codes decoded",
    "code.decoded_b": "B, its codes decoded",
    "code.swap_help": "Whose digit does each crossed image show? This VQ-VAE-2 is also trained "
    "to rebuild each image from its top codes alone, so the top level holds the digit's shape "
    "and the bottom level the detail drawn on it: a crossed image tends to show the top codes' "
    "digit. Without that second loss, the 7 x 7 bottom grid, fine enough for a 28-pixel digit, "
    "takes over the shape as well.",
    "code.prior2": "New images from the two priors: top codes, then bottom codes, then the decoder",
    "code.no_prior2": "No prior for this VQ-VAE-2 yet; train one with python -m genviz train "
    "pixelcnn2 --base <checkpoint>.",
    "tr.title": "Image to image (pix2pix)",
    "tr.task": "Task: {task}",
    "tr.partner": "Compare with",
    "tr.no_partner": "No model of the other loss for this task; train one with adv-weight {adv} "
    "to see the two side by side.",
    "tr.source": "Input",
    "tr.source.test": "a test image",
    "tr.source.upload": "my own image",
    "tr.source.draw": "a drawing",
    "tr.stroke": "Pen width",
    "tr.draw_help": "Write a digit in white on the black square, as you would on paper. With "
    "\"Make the task's input from my image\" on, your digit is the target and the task's input is "
    "made from it (its outline, a missing square, noise), as for a test image. Off, your drawing "
    "is the input itself: for the edges task, draw the digit's outline with a thick pen.",
    "tr.image": "Test image",
    "tr.make": "Make the task's input from my image",
    "tr.make_help": "On: your image is the target and the task's input is made from it, as for "
    "the test images (the default for a drawing). Off: your image is the input as it is (for the "
    "edges task, white outlines on black, drawn with a thick pen).",
    "tr.none": "Write a digit on the square, or upload an image of one.",
    "tr.input": "input",
    "tr.output_adv": "pix2pix (L1 + adversarial)",
    "tr.output_l1": "L1 alone",
    "tr.target": "target",
    "tr.error": "L1 error {l1:.3f}",
    "tr.more": "More test images: input, pix2pix, L1 alone, target",
    "tr.figures": "On the whole test set",
    "tr.model": "model",
    "tr.l1": "L1 error",
    "tr.psnr": "PSNR (dB)",
    "tr.sharpness": "sharpness (data: 1)",
    "tr.acc": "classifier accuracy on outputs",
    "tr.acc_input": "on inputs",
    "tr.figures_help": "The classifier shipped with the dataset reads each output: does it "
    "still show the right class? Sharpness compares the outputs' edges with the data's (1: as "
    "sharp). Where the input leaves the answer open (a masked square), L1 alone averages the "
    "strokes it cannot tell apart into a softer fill, and the adversarial loss keeps it sharp; "
    "where the input decides the answer (an outline), the two draw alike.",
    "idea.translate": "pix2pix is a conditional GAN whose condition is an image x: the "
    "generator G(x) must fool a discriminator D(x, y) that sees the input beside a real or made "
    "output, one patch at a time (PatchGAN), and stay near the target by L1. With L1 alone the "
    "network averages the answers it cannot tell apart, so what the input leaves open comes out "
    "softer.",
    # diffusion and flow matching
    "kind.diffusion": "diffusion (DDPM)",
    "kind.flow": "flow matching",
    "family.diffusion": "Learns to say what noise was added to an image at every noise level, "
    "then makes an image from pure noise a step at a time.\nA denoising autoencoder at every "
    "noise level (Ho et al. 2020).",
    "family.flow": "Learns the velocity along a straight path from an image to noise, then "
    "follows it back from noise.\nFlow matching (Lipman et al. 2023): good images in few steps.",
    "need.stepwise": "sample step by step (a diffusion or flow-matching model)",
    "opt.cond_dim": "Embedding width (noise level and class)",
    "opt.label_dropout": "Share of images trained without their class",
    "opt.guidance": "Guidance weight (1: none, 0: no class)",
    "opt.steps": "Sampling steps",
    "opt.timesteps": "Noise levels (T)",
    "opt.schedule": "Noise schedule",
    "opt.prediction": "The network predicts",
    "opt.eta": "Sampling noise (eta: 0 DDIM, 1 DDPM)",
    "opt.solver": "ODE solver",
    "opt.t_sampling": "How training picks t",
    "choice.cosine": "cosine",
    "choice.ddpm": "DDPM's (linear)",
    "choice.eps": "the noise (ε)",
    "choice.v": "v (velocity)",
    "choice.euler": "Euler",
    "choice.heun": "Heun",
    "choice.uniform": "uniform",
    "choice.logit-normal": "logit-normal",
    # your own data
    "dataset.cifar10": "CIFAR-10",
    "dataset.shapes": "shapes (colour, 32x32)",
    "side.own": "Your own data",
    "side.own_path": "A folder of images or an .npz file on this computer",
    "side.own_size": "Image size in pixels (0: the folder's most common)",
    "side.own_grey": "Make it grey",
    "side.own_open": "Open",
    "side.own_opening": "Decoding the images once; next time they open at once...",
    "side.own_teacher": "On this server only the teacher opens new data.",
    "page.no_own_data": "{name} is not at {path} any more; put it back, or pick another dataset.",
    "err.dataset_unknown": "There is no dataset called {name}: give a built-in name, a folder of "
    "images or an .npz file.",
    "err.dataset_empty": "{folder} holds no PNG, JPEG or WebP image; put the images there (one "
    "subfolder per class gives them labels).",
    "err.dataset_one_split": "The folder has a train/ or a test/ folder but not both; give it "
    "both, or neither.",
    "err.dataset_too_few": "Only {n} of the images could be read; a dataset needs at least two.",
    "err.dataset_size": "The image size must be between {low} and {high} pixels.",
    "err.npz_bad": "That .npz file cannot be used: save images as (N, H, W) or (N, H, W, C) "
    "uint8, and labels as whole numbers (nothing pickled).",
    "err.shapes_size": "shapes comes at {sizes} pixels.",
    "err.dataset_options": "That dataset comes in one size and colour; the image size and grey "
    "options are for your own folders and files.",
    "factor.shape": "shape",
    "factor.colour": "colour",
    "factor.scale": "size",
    "factor.rotation": "rotation",
    "factor.x": "left-right position",
    "factor.y": "up-down position",
    "interp.dim": "dimension",
    "interp.holds": "holds most about",
    "interp.share": "share of that factor's information",
    "interp.mig": "Mutual information gap (MIG) of this model: {mig:.3f}. 1 would be each factor "
    "held by one dimension alone, 0 each spread over several (Chen et al. 2018). A larger beta "
    "pushes towards independent dimensions but does not guarantee that they line up with the "
    "factors (Locatello et al. 2019): compare the beta-VAE's score with the plain VAE's.",
    "err.no_factors": "That needs a dataset whose factors are known; pick shapes.",
    "need.map": "draw its latents on a map",
    "need.autoencode": "encode an image and decode it again",
    "side.imported": "imported",
    "kind.imported": "imported model",
    "kind.given": "imported latents",
    "map.no_decoder": "These latents have no decoder, so a point of empty space cannot be "
    "drawn; click a point or select a group to see its neighbours.",
    "imp.title": "Import a model or latents",
    "imp.what": "What to import",
    "imp.model": "a model",
    "imp.latents": "latents",
    "imp.model_help": "Programs saved with torch.export.save (.pt2): an encoder from images to "
    "latents and/or a decoder from latents to images, for the dataset chosen above. They are "
    "read without unpickling anything and run PyTorch's own operators only.",
    "imp.encoder": "Encoder (.pt2): images -> latent, or -> mean and log-variance",
    "imp.decoder": "Decoder or generator (.pt2): latent (and class) -> images",
    "imp.prior": "The decoder's latents come from",
    "imp.prior.normal": "a standard normal N(0, I): it can generate",
    "imp.prior.none": "nowhere in particular: decode codes only",
    "imp.output": "The decoder's images are",
    "imp.input": "The encoder takes images in",
    "imp.range.unit": "[0, 1]",
    "imp.range.logits": "logits (a sigmoid gives [0, 1])",
    "imp.range.signed": "[-1, 1]",
    "imp.name": "Name",
    "imp.go": "Import",
    "imp.latents_help": "One latent per row (.npy, .csv or .parquet), shown on the Latent map "
    "with no model: projections, neighbours, selections and export.",
    "imp.table": "Latents, one row each",
    "imp.beside": "The rows are {dataset}'s test images, in order",
    "imp.labels": "Labels, one per row (numbers or words; optional)",
    "imp.images": "Images, one per row (.npy or .npz; optional)",
    "imp.working": "Checking and importing...",
    "imp.done": "Imported {name}: it is now chosen in the sidebar.",
    "err.program_archive": "That file is not a .pt2 archive; save the program with "
    "torch.export.save.",
    "err.program_big": "That program is over {mb} MB unpacked; export a smaller one.",
    "err.program_one": "That .pt2 file should hold exactly one exported program.",
    "err.program_damaged": "That .pt2 file is incomplete or damaged; save it again with "
    "torch.export.save.",
    "err.program_dynamic": "That program's shapes can change (dynamic or symbolic shapes); "
    "export it with fixed shapes.",
    "err.program_target": "That program calls {target}, which is not one of PyTorch's own "
    "operators, so genviz will not run it.",
    "err.program_custom": "That program holds custom objects or subgraphs, which genviz does "
    "not run; export a plain module.",
    "err.program_pickle": "That program's tensor {tensor} is saved as a pickle, which genviz "
    "never opens; export it again with plain tensors.",
    "err.program_tensors": "That program's inputs and outputs must be tensors.",
    "err.program_constants": "That program holds tensors made inside forward; register them as "
    "buffers of the module and export again.",
    "err.import_none": "Give an encoder, a decoder or both (.pt2 files).",
    "err.import_encoder_in": "The encoder takes {got}, but this dataset's images are (batch, "
    "{image}); export it for these images or pick their dataset.",
    "err.import_encoder_out": "The encoder should give (batch, latent), or a mean and a "
    "log-variance of that shape.",
    "err.import_decoder_in": "The decoder should take (batch, latent), and maybe one whole-number "
    "label per latent.",
    "err.import_decoder_out": "The decoder makes {got}, but this dataset's images are (batch, "
    "{image}); export it for these images or pick their dataset.",
    "err.import_pair": "The encoder gives {enc} numbers per image but the decoder takes {dec}; "
    "export a matching pair.",
    "err.import_raised": "The program failed when run on this dataset's images ({why}); check "
    "that it runs on a batch of them before exporting.",
    "err.import_nan_encoder": "The encoder gave NaN or infinite numbers on this dataset's "
    "images; check the input range it expects and its weights.",
    "err.import_nan_decoder": "The decoder gave NaN or infinite numbers; check its weights.",
    "err.no_file": "{path} does not exist; check the path.",
    "err.latents_read": "{name} cannot be read; give a .npy (saved without pickles), .csv or "
    ".parquet file.",
    "err.latents_text": "{name} holds text as well as numbers; keep only the latents' columns.",
    "err.latents_table": "{name} should be a table of finite numbers, one row per item and at "
    "least two rows.",
    "err.latents_labels": "There are {got} labels for {n} latents; give one per row.",
    "err.latents_images": "There are {got} images for {n} latents; give one per row.",
    "err.latents_broken": "The image {name} cannot be read; replace it so each row has its image.",
    "err.latents_noimages": "{name} has no 'images' array; save one as images=...",
    "err.latents_rows": "That dataset's test split has {rows} images but there are {n} latents; "
    "give one per test image, in order.",
    "err.latents_both": "When the rows are a dataset's test images, the images and labels are the "
    "dataset's; leave out your own.",
    "in.d_means_hinge": "Mean score on real images {real:.2f}, on generated ones {fake:.2f}, "
    "shown through a sigmoid. This discriminator is trained with the hinge loss: its raw score D "
    "is not a probability; it is pushed above +1 on real images and below −1 on generated ones "
    "(0.73 and 0.27 here), and only the side of 0 it falls on says real or generated. When it can "
    "no longer tell them apart, the two means meet.",
    "in.mse": "MSE",
    "in.pc": "PC{n}",
    "in.d_score": "D (through a sigmoid)",
    "err.train_missing": "{name}'s training images are not on this computer (genviz ships only "
    "its test images, which every page uses): download them with the button in the sidebar or "
    "python -m genviz download {name}, then try again.",
    "lesson.6.1": "Why a bound at all: the true posterior p(z|x) = p(x|z) p(z) / p(x) needs p(x), "
    "an integral over every z, which cannot be computed. Variational inference picks an "
    "approximate posterior q(z|x) from a family it can handle (a Gaussian per image, from the "
    "encoder). Then log p(x) = ELBO + KL(q(z|x) || p(z|x)): the gap is the KL to the true "
    "posterior, which is never negative, so the ELBO is a lower bound. Raising the ELBO raises "
    "log p(x) or brings q closer to p(z|x). The ELBO's own KL term is a different one, to the "
    "prior p(z) = N(0, I).",
    "lesson.8.1": "Two kinds of generative model. A VAE has an explicit density: it gives every "
    "image a number, log p(x) (bounded by the ELBO; the out-of-distribution probe on this page "
    "scores images by it). A GAN's density is implicit: it can only draw x = G(z), and nothing "
    "tells how likely a given image is. Both model p(X), or p(X, Y) for a conditional one; a "
    "classifier is discriminative: it models p(Y | X) alone and cannot make an image.",
    "cmp.anatomy": "PCA's own half: variance, components, axes",
    "cmp.var_each": "each component's share",
    "cmp.var_sum": "cumulative share",
    "cmp.component": "component",
    "cmp.var_share": "share of the variance",
    "cmp.split.train": "training",
    "cmp.split.test": "test",
    "cmp.var_help": "The first {k} components explain {share:.0%} of the pixels' variance ({n} "
    "{split} images). PCA here is the closed form: the eigenvectors of the images' covariance, "
    "sorted by eigenvalue, computed in one step; an autoencoder finds its code by gradient "
    "descent.",
    "cmp.pc": "PC{n}",
    "cmp.components_help": "Each component is an image-sized direction (grey 0, light positive, "
    "dark negative); an image's code is how much of each it holds, and its reconstruction the "
    "mean image plus that much of each.",
    "cmp.axes_help": "The components are orthogonal, so the test images' first two scores are "
    "uncorrelated (correlation {r:+.3f}); that is not independence: their squares correlate "
    "({r2:+.3f}), as the curved clouds of the latent maps show. Orthogonal means uncorrelated, "
    "not independent.",
    "cmp.linear_help": "{name}, trained by gradient descent with no activation at all, spans "
    "almost the same subspace as PCA's first {k} components: the cosines of the principal angles "
    "between the two average {mean:.3f} (the smallest {low:.3f}; 1 is the same subspace). Its "
    "axes inside that subspace are free to rotate, so they need not be PCA's components one by "
    "one.",
    "dn.pca": "PCA, {k} components",
    "dn.pca_help": "PCA with {k} components, fitted on clean images, denoises too: projecting "
    "onto the directions clean images vary along drops most of the noise, which spreads over "
    "every direction; what it cannot do is learn what the noise is, as a DAE does.",
    "dn.where": "Where noisy images land in the latent space",
    "dn.noisy_points": "the same images, noisy",
    "dn.shift": "A noisy image's code lies a median {shift:.2f} nearest-neighbour distances from "
    "its clean one's; {own:.0%} land nearest their own clean image.",
    "dn.where_help": "{n} test images, clean (coloured by class) and with the noise above (black "
    "crosses), in each model's latent space (drawn by a PCA of the clean codes). A denoising "
    "autoencoder maps an image perturbed by the noise it was trained on to about the same code, "
    "so its crosses stay near their own points (MNIST's DAE at Gaussian noise 0.5: 0.6 "
    "nearest-neighbour distances, 95% nearest their own, against 1.8 and 35% for the plain conv "
    "AE); under a noise it never saw, such as masking, it need not.",
    "preset.course-mlp-ae.fixes": "Where note 000's code differs: it divides the epoch's summed "
    "loss by train_size, which gives the mean per image only when the loss is summed over each "
    "batch; with the mean loss it uses (nn.MSELoss's default) that divides twice. genviz averages "
    "each batch's mean, weighted by its size.",
    "preset.course-conv-ae.fixes": "Where note 002's code differs: its transposed convolutions "
    "from the 3x3 bottleneck end at 26x26, not 28x28, and it puts a ReLU before the final "
    "sigmoid, so no pixel can come out darker than 0.5. genviz's decoder pads to 28x28 (the table "
    "above) and ends in the sigmoid alone.",
    "preset.course-vae.fixes": "Where note 002's code slips: in one place it takes exp(log_var) "
    "as the standard deviation; that is the variance. The standard deviation is exp(log_var / 2), "
    "as genviz computes it.",
    "preset.course-vae-200.fixes": "Where note 002's code slips: in one place it takes "
    "exp(log_var) as the standard deviation; that is the variance. The standard deviation is "
    "exp(log_var / 2), as genviz computes it.",
    "preset.course-linear-ae.fixes": "Where note 004's code differs: it normalises the images to "
    "[-1, 1] and then uses binary cross-entropy, which needs targets in [0, 1]. genviz keeps the "
    "pixels in [0, 1] and trains this linear map by squared error, the loss under which it learns "
    "PCA's subspace.",
    "nav.diffuse": "Diffusion & flow",
    "df.title": "Diffusion and flow matching",
    "idea.diffuse": "A diffusion model is a denoising autoencoder trained at every noise level at "
    "once. The forward process mixes a clean image x_0 with Gaussian noise: at level t only a "
    "share of the variance is still the image's (first formula). One network, told t, learns to "
    "find the noise (or, equally, the clean image) in x_t. To make an image, start from pure "
    "noise and remove a little at a time: each step asks the network for its guess of the clean "
    "image and moves towards it. Flow matching (second formula) draws a straight line from the "
    "image to the noise, learns the velocity along it, and makes an image by following that "
    "velocity backwards with an ODE solver (Euler, or Heun with two network calls a step). Told "
    "the class y, and trained with the class sometimes left out, the same network gives "
    "classifier-free guidance (third formula): w = 1 is the conditional model, w > 1 pushes each "
    "step further towards the class, trading diversity for fidelity.",
    "df.forward": "Forward: an image buried in noise",
    "df.level": "Noise level",
    "df.level_help": "0 is the test image itself, 1 is pure noise. The same noise is used at "
    "every level.",
    "df.noisy": "The test images at this level ({share:.0%} of the variance is still the image's)",
    "df.guess": "The network's guess of the clean image, in one step",
    "df.dae": "The denoising autoencoder {name}, given the same noisy images",
    "df.forward_help": "A denoising autoencoder learns one noise level; the diffusion network "
    "learns all of them, told which. Past the level it was trained at, the autoencoder's output "
    "falls apart, while the network's guess stays a digit, blurrier as less of the image is left: "
    "the average of every image that could be under this noise.",
    "df.reverse": "Reverse: from noise to a sample",
    "df.steps": "Steps",
    "df.guidance": "Guidance weight w",
    "df.guidance_help": "0 ignores the class, 1 is the plain class-conditional model, above 1 "
    "pushes towards the class.",
    "df.sampler": "Sampler",
    "df.sampler.ddim": "DDIM (deterministic)",
    "df.sampler.ddpm": "DDPM (ancestral, adds noise)",
    "df.sampler.euler": "Euler (one call a step)",
    "df.sampler.heun": "Heun (two calls a step)",
    "df.states": "One sample along the chain, from pure noise (level 1) to the image (level 0)",
    "df.at": "level {s:.2f}",
    "df.guesses": "The clean image the network predicted at each of those steps",
    "df.play": "Play",
    "df.reverse_help": "{n} samples in {steps} steps took {seconds:.1f} s on this computer. Press "
    "play to watch all of them leave the noise: the coarse shape is settled in the first, "
    "noisiest steps, the strokes' details in the last.",
    "df.curves": "What the steps, the sampler and the guidance buy",
    "df.frechet": "Fréchet distance (lower is nearer the data)",
    "df.steps_help": "{n} samples per point, judged by the shipped classifier: the Fréchet "
    "distance between their features and the test images'. It is biased upwards on so few "
    "samples, so compare the points with each other, not with the 10,000-sample figures in the "
    "results. {steps} steps took: {seconds}.",
    "df.fidelity": "fidelity (the class asked for)",
    "df.diversity": "diversity (class entropy / ln K)",
    "df.share": "share",
    "df.guidance_curve_help": "{n} samples per weight. Guidance trades diversity for fidelity: "
    "past w = 1 nearly every sample is the class asked for, but each class's samples look more "
    "alike, and the Fréchet distance, which sees both, is lowest at w = {w:g} ({frechet:.1f}).",
    "df.no_judge": "This dataset has no classifier to judge the samples, so the curves of steps "
    "and guidance are not drawn: train one on the Train page.",
    "kind.latent-flow": "latent flow prior",
    "family.latent-flow": "A learned prior over a trained autoencoder's latents, by flow "
    "matching.\nA plain AE's codes do not fill N(0, I), so decoding Gaussian draws makes blots; "
    "this small network learns to carry noise to where the AE's codes really are, and the AE's "
    "decoder draws the image (two stages, as latent diffusion).",
    "df.latent_prior": "This is a learned prior over a {base}'s {d}-dimensional latent: the flow "
    "runs in that latent space, and every picture below is the {base}'s decoder drawing a point "
    "of it. The first state is what the plain {base} makes of a Gaussian draw.",
    "df.map": "Samples travelling on the latent map",
    "df.paths": "a sample's path",
    "df.starts": "start: a Gaussian draw",
    "df.ends": "end: the learned prior's sample",
    "df.density_data": "Where the test images' latents are",
    "df.density_prior": "Where the learned prior's samples are",
    "df.drawn_latent": "the 2-D latent itself",
    "df.drawn_pca": "its first two principal axes ({share:.0%} of the latents' variance; paths "
    "that look short may move along the axes not shown)",
    "df.map_help": "Drawn on {how}: {n} test images' latents by class, and samples leaving N(0, "
    "I) for the clusters. The plain autoencoder's latents do not fill the Gaussian, so a draw "
    "decoded as it is often lands in a gap between classes and makes a blot; the flow carries "
    "each draw into a cluster first. Beside it, the density of the data's latents and of {m} of "
    "the prior's samples: the nearer the two, the better the prior.",
    "lesson.9": "9. From the denoising autoencoder to diffusion",
    "lesson.9.1": "Start from what you know: a denoising autoencoder removes one kind and level "
    "of noise. Raise the level past what it was trained on and watch it fail.",
    "lesson.9.2": "Now one network for every level, told which: the forward process mixes the "
    "image with noise, and the network guesses the clean image at any level. At a low level its "
    "guess is nearly the image.",
    "lesson.9.3": "At a high level little of the image is left: the guess is the blurry average "
    "of every image that could be under this noise, as a VAE's reconstruction is. One guess is "
    "not enough.",
    "lesson.9.4": "So generate step by step: from pure noise, guess, move a little towards the "
    "guess, guess again. Flow matching learns the velocity along a straight line from image to "
    "noise and follows it back. Press play: the shape settles first, the strokes last.",
    "lesson.9.5": "Diffusion (DDPM) learns the noise instead of the velocity. Its ancestral "
    "sampler adds fresh noise at each step and needs many steps; DDIM takes the same network "
    "deterministically, in far fewer. The curve below shows the quality each buys per step.",
    "lesson.9.6": "Classifier-free guidance: the same network with and without the class, and a "
    "step pushed w times past the difference. Raise w: every sample becomes the class asked for, "
    "but they look more alike.",
    "lesson.10": "10. A learned prior over a latent",
    "lesson.10.1": "Lesson 1's question again: the plain autoencoder's latent map has gaps, and "
    "its codes do not fill N(0, I), so a random code decodes to a blot.",
    "lesson.10.2": "The answer in two stages: keep the autoencoder, and learn a prior over its "
    "latents. A small flow carries Gaussian draws into the clusters; watch them travel on the map.",
    "lesson.10.3": "The same over the convolutional AE's 32-dimensional latent: sample the "
    "learned prior, decode. Compare with decoding draws from a Gaussian fitted to the same "
    "latents (the results table).",
    "lesson.10.4": "You met this idea before: the PixelCNN is a learned prior over a VQ-VAE's "
    "codes. Latent diffusion (Stable Diffusion) is the same two stages at scale: a VAE's latent "
    "grid, and a diffusion U-Net over it.",
    "page.skipped": "Left out because it does not load (see the Train page's saved models, or "
    "retrain it): {names}.",
    "err.upload_png_pixels": "That PNG is {w} x {h} pixels; use one of at most 2048 x 2048 pixels "
    "(a JPEG may be larger).",
    "lessons.missing": "This lesson uses {name}, which is not on this computer: download it "
    "before the class with the sidebar's button (needs internet) or python -m genviz download "
    "{id}. Until then its links leave your dataset as it is.",
    "lessons.needs_train": "Step {steps} of this lesson trains a model on {name}'s training "
    "images, which a fresh copy of genviz does not have (it ships only the test images the other "
    "steps use): download them before the class with the sidebar's button or python -m genviz "
    "download {id}.",
    "side.link_missing": "The link asks for {name}, which is not on this computer, so you stay on "
    "{kept}. Download {name} with the sidebar's button (needs internet) or python -m genviz "
    "download {id}, then open the link again.",
    "up.typical": "This image is like the test images.",
    "up.unusual": "This image is unusual for this model: it is past the 90th percentile of the "
    "test images on at least one of the two figures.",
    "up.figures": "Its reconstruction error is higher than that of {error:.0f}% of the test "
    "images, and its latent is farther from its nearest test image than {distance:.0f}% of the "
    "test images are from theirs.",
    "page.open_on": "Open this page on {name}",
    "up.zone_button": "Upload",
    "up.zone_limits": "{mb} MB per file • PNG, JPG",
    "page.drawing": "{what} (code {done} of {total})",
    "gen.drawing": "Drawing the samples",
    "err.too_many_weights": "A model with these options would have {size:,} weights, over "
    "genviz's limit of {limit:,}: choose smaller sizes (latent, hidden layers, channels).",
    "err.too_many_activations": "A model of this size would hold {size:,} numbers in its layers' "
    "outputs for two images, over genviz's limit of {limit:,}: choose smaller images or smaller "
    "sizes.",
    "side.teacher_wait": "Too many wrong keys: the next try is judged in {s} s.",
    "err.picture_stalled": "The projection worker stopped answering (paused or stuck), so it was "
    "replaced; PCA stands in meanwhile. Try again.",
    "map.again": "Try again",
    "study.teacher_only": "On this class's server, training a study is for the teacher: enter the "
    "teacher's key in the sidebar (the shipped results above need none).",
    "study.elapsed": "training in the background, {s} s so far",
    "study.lost": "The study finished, but its results are not where this server reads them (its "
    "cache folder changed?): ask for it again.",
    "map.split": "Images",
    "map.splits.test": "test split",
    "map.splits.train": "training split",
    "map.splits.all": "both (all)",
    "map.fast": "Fast map",
    "map.fast_help": "Drawn in your browser: hundreds of thousands of points, pan and zoom "
    "without waiting, images, density and clusters on the map, filters and groups. Turn it off "
    "for the classic chart, which shows a 2-D latent space's decoded images under the points.",
    "map.layers": "On the map",
    "map.layer.images": "images",
    "map.layer.density": "density",
    "map.layer.clusters": "clusters",
    "map.colour": "Colour by",
    "map.by.class": "class",
    "map.by.kept": "neighbours kept (per point)",
    "map.by.error": "reconstruction error",
    "map.by.kl": "KL of the posterior (nats)",
    "map.by.confidence": "classifier's confidence",
    "map.filter": "Filter the map by what each point measures",
    "map.kept_busy": "Finding the 10 nearest neighbours of {n:,} points, in the latent space and "
    "on the map...",
    "map.density_prior": "Solid lines: where the data lies (the contours hold 50%, 80% and 95% of "
    "it). Dashed red: the same for the prior N(0, I) the VAE samples from. Where the red reaches "
    "and the black does not, sampling the prior decodes codes no image was given: the gaps.",
    "map.density_only": "Lines: where the data lies (the contours hold 50%, 80% and 95% of it). A "
    "VAE's prior is drawn beside it on its latent space itself or on PCA, which are linear "
    "pictures of the latent; t-SNE and UMAP are not.",
    "map.clusters": "Clusters found on the map ({n})",
    "map.cluster": "{name}: {purity:.0%} of {size:,}",
    "map.clusters_help": "HDBSCAN finds groups where points are dense on the map (it decides how "
    "many; sparse points belong to none). Each is named by its most common class and that class's "
    "share (purity); the image is the point nearest its middle. They are clusters of the picture: "
    "t-SNE and UMAP can split or join groups of the latent space.",
    "map.hist.all": "all",
    "map.hist.kept": "within the filters",
    "map.hist.chosen": "selected",
    "map.pan": "Move",
    "map.lasso": "Lasso",
    "map.reset": "Whole map",
    "map.hint_fast": "Drag to move, scroll to zoom (the images refine as you zoom in). Click a "
    "point to see its nearest neighbours, click empty space to decode it, or choose Lasso (or "
    "hold Shift) and draw around a group.",
    "map.groups": "Kept groups ({n})",
    "map.group_name": "Name of the selection",
    "map.group": "group",
    "map.keep": "Keep these {n:,}",
    "map.groups_hint": "Draw a lasso on the map, then keep the selection here under a name to "
    "compare it with others.",
    "map.group_means": "Each group's mean image, and below, its three most common classes.",
    "map.group_csv": "Groups (CSV)",
    "map.group_clear": "Forget the groups",
    "map.share": "Link to this view",
    "map.share_help": "Add it to this app's address to open the same map: dataset, checkpoint, "
    "projection, images, colour, filters and zoom (a shipped checkpoint). The selection is not in "
    "it; keep it as a group and export it.",
    "map.compare": "Compare with",
    "map.compare_none": "nothing",
    "map.compare_pca": "PCA of the same latents",
    "map.morph": "from {other}",
    "map.by.changed": "neighbours changed between the two",
    "map.compare_help": "The other picture of the same images, turned, scaled and moved to fit "
    "this one as well as it can (Procrustes), then moved into it (press the button above the map "
    "to watch again). Colour by “neighbours changed” to see which points the two pictures "
    "disagree about: {share:.0%} lost more than half of their 10 nearest neighbours.",
    "map.settings": "Settings of {method} (chosen before it runs)",
    "map.settings_help": "A change computes a new picture in the background (the map shows PCA "
    "until then, and t-SNE's picture as it forms); the defaults' picture is kept.",
    "map.param.perplexity": "perplexity",
    "map.param.perplexity_help": "About how many neighbours each point keeps close: small values "
    "show small tight groups, large ones the global layout.",
    "map.param.iterations": "iterations",
    "map.param.iterations_help": "Steps of optimisation after the first 250 (early exaggeration).",
    "map.param.n_neighbors": "neighbours",
    "map.param.n_neighbors_help": "How many neighbours UMAP's graph links each point to: small "
    "values keep local detail, large ones the global shape.",
    "map.param.min_dist": "minimum distance",
    "map.param.min_dist_help": "How tightly UMAP may pack points together on the map.",
    "map.forming": "t-SNE as it is optimised, step {done} of {total}: attraction to neighbours "
    "against repulsion from everyone, the first 250 steps with the attraction exaggerated.",
    "map.replay_show": "Show the replay",
    "map.by.unusual": "unusual (distance to the 10th nearest latent)",
    "map.by.critic": "the GAN discriminator's score",
}
