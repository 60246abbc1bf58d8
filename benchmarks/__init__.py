"""Benchmarks: each prints genviz's figure beside a reference measured in the same run, and
the bar it is held to. Run one with `python -m genviz bench NAME` (or `python -m benchmarks.NAME`).

  train       one MNIST epoch of a VAE: genviz.fit against the pytorch/examples loop
  anomaly     one-class anomaly detection AUROC: autoencoder against PCA
  projection  seconds to a latent map: shipped, cached and fresh pictures, and naive UMAP
  app         the app's server time per page and per slider move (Streamlit's AppTest);
              --sampling: new PixelCNN samples beside the old sampler, under --load N
  classroom   a class of users on one server, over the protocol and in headless Chromium,
              with students watching the Train page's live view (--viewers)
  map         the latent map in headless Chromium at 10,000 to 1,000,000 points, beside Plotly
  denoisers   diffusion and flow models: fidelity, FID and speed against the other families
  ood         out-of-distribution AUROC of every detector, both ways between two datasets
  translate   pix2pix against the same U-Net on L1 alone and a plain autoencoder
  imagesets   a folder of 60,000 images: decoding it once, opening it again, training from it
"""
