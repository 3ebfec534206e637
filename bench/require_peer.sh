# Sourced by the bench scripts that run the PyTorch peer: stops with exit code 2 and the apt
# command to run when Debian's Fashion-MNIST, the peer script ($peer) or Debian's torch is missing.
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || {
  echo "needs Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)" >&2; exit 2; }
[ -f "$peer" ] || { echo "peer script not found at $peer (set PEER=...)" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || {
  echo "needs Debian's python3-torch (apt-get install -y python3-torch python3-torchvision libopenblas0-pthread)" >&2; exit 2; }
