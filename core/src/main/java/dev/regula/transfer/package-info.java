/** Transfer learning: safetensors and TorchScript weights in and out with PyTorch names, the loading policy of {@code transfer.from}, freezing, per-stage rates, linear probes, the advisor and the transfer study. */
package dev.regula.transfer;
