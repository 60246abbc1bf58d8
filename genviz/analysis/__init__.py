"""Functions of a model and a split: what genviz measures and shows of a model.

batches       a model over a split in batches, and its latents (`embed`)
apply         a model on a few images for a page: no gradients, the result on the CPU
metrics       reconstruction, likelihood, kNN, sample scores; `evaluate` picks what fits
codes         a VQ model's codes: usage, code maps, one cell edited, levels swapped
translation   an image-to-image model's outputs, L1 error and sharpness
inside        the VAE's posterior, the VQ-VAE's nearest code, the GAN's discriminator,
              and the per-epoch insides training records (`epoch_report`)
generate      samples, rejection sampling by a classifier, class grids, previews
latent        walks, traversals, the decoded manifold, neighbours
denoising     corrupt, reconstruct, PSNR curves
applications  anomaly detection, clustering and classification from latents
ood           out-of-distribution detectors and their AUROC
sweeps        small models trained alike but for one setting
uploads       a user's image in the data's format; where it lands; is it familiar
projection    PCA, t-SNE and UMAP pictures, their faithfulness, and the way back
pca           exact PCA, the linear baseline
replay        the latent map recorded over training
export        latents as TensorBoard projector files and CSV
summary       a model's layers
"""
