#!/usr/bin/python3
"""Loads a condnet checkpoint into PyTorch and runs inference, to show that checkpoints are
usable from Python without condnet (and without the safetensors module).

Builds the model from the JSON in the checkpoint's metadata (pytorch_reference.Model), loads
its weights and running statistics with load_state_dict, evaluates the input tensor "x" of
INPUT.safetensors in eval mode and writes "y" to OUT.safetensors.

usage: pytorch_load_checkpoint.py CHECKPOINT.safetensors INPUT.safetensors OUT.safetensors
"""
import json
import struct
import sys
import warnings

import torch

from pytorch_reference import Model, write_safetensors


def read_safetensors(path):
    data = open(path, "rb").read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", name
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(entry["shape"])
    return metadata, tensors


def main():
    warnings.filterwarnings("ignore", message="Lazy modules")
    checkpoint, inputs, out = sys.argv[1:4]
    metadata, tensors = read_safetensors(checkpoint)
    assert metadata["format"] == "condnet.checkpoint", metadata.get("format")
    spec = json.loads(metadata["model"])
    x = read_safetensors(inputs)[1]["x"]
    model = Model(spec, spec["input"][0])
    model.eval()
    with torch.no_grad():
        model(x)  # materialises the lazy linear layers
    state = {"layers." + name: t for name, t in tensors.items()
             if not name.startswith("optimizer.")}
    result = model.load_state_dict(state, strict=False)
    unexpected = list(result.unexpected_keys)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"state_dict mismatch: missing {missing}, unexpected {unexpected}")
    with torch.no_grad():
        write_safetensors(out, {"y": model(x)})


if __name__ == "__main__":
    main()
