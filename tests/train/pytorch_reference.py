#!/usr/bin/python3
"""Reference tensors for condnet's PyTorch parity test.

Builds the model a condnet model JSON describes in PyTorch, draws weights and a batch of
binary volumes from a seed, runs `steps` Adam steps on an MSE loss and writes, as one
.safetensors file (written here by hand: the safetensors module is not needed):
  input (N, C, D, H, W), target (N, F), output (N, F) and loss () of the first step,
  param.NAME / buffer.NAME   weights and running statistics before the first step,
  grad.NAME                  the first step's gradients,
  final.NAME / final_buffer.NAME  after the last step,
NAME as in condnet (layer name + "." + weight|bias|running_mean|running_var).

usage: pytorch_reference.py MODEL.json OUT.safetensors [--size 32] [--batch 2] [--steps 3]
"""
import argparse
import json
import struct
import warnings

import torch
import torch.nn as nn


def triple(value):
    return tuple(value) if isinstance(value, list) else (value,) * 3


class Model(nn.Module):
    """Runs the JSON's layers in order; each reads the previous output or its named inputs."""

    def __init__(self, spec, input_channels):
        super().__init__()
        self.layers = nn.ModuleDict()
        self.wiring = []  # (name, type, inputs)
        channels = {"input": input_channels}
        previous = "input"
        for index, layer in enumerate(spec["layers"]):
            kind = layer["type"]
            name = layer.get("name", f"{kind}{index}")
            inputs = layer.get("inputs", [previous])
            c = channels[inputs[0]]
            module = None
            if kind == "conv3d":
                module = nn.Conv3d(c, layer["out_channels"], triple(layer.get("kernel", 3)),
                                   triple(layer.get("stride", 1)), triple(layer.get("padding", 0)),
                                   triple(layer.get("dilation", 1)), bias=layer.get("bias", True))
                c = layer["out_channels"]
            elif kind == "batchnorm3d":
                module = nn.BatchNorm3d(c, eps=layer.get("eps", 1e-5),
                                        momentum=layer.get("momentum", 0.1))
            elif kind == "relu":
                module = nn.ReLU()
            elif kind == "leaky_relu":
                module = nn.LeakyReLU(layer.get("negative_slope", 0.01))
            elif kind == "gelu":
                module = nn.GELU()
            elif kind == "sigmoid":
                module = nn.Sigmoid()
            elif kind in ("maxpool3d", "avgpool3d"):
                kernel = triple(layer.get("kernel", 2))
                stride = triple(layer.get("stride", layer.get("kernel", 2)))
                padding = triple(layer.get("padding", 0))
                module = (nn.MaxPool3d(kernel, stride, padding) if kind == "maxpool3d" else
                          nn.AvgPool3d(kernel, stride, padding,
                                       count_include_pad=layer.get("count_include_pad", True)))
            elif kind == "global_avg_pool":
                module = nn.Sequential(nn.AdaptiveAvgPool3d(1), nn.Flatten())
            elif kind == "flatten":
                module = nn.Flatten()
            elif kind == "linear":
                module = nn.LazyLinear(layer["out_features"], bias=layer.get("bias", True))
                c = layer["out_features"]
            elif kind == "concat":
                c = sum(channels[i] for i in inputs)
            elif kind not in ("add", "stage"):
                raise SystemExit(f"pytorch_reference.py: layer type {kind} is not supported")
            if module is not None:
                self.layers[name] = module
            self.wiring.append((name, kind, inputs))
            channels[name] = c
            previous = name

    def forward(self, x):
        values = {"input": x}
        for name, kind, inputs in self.wiring:
            args = [values[i] for i in inputs]
            if kind == "add":
                values[name] = sum(args[1:], args[0])
            elif kind == "concat":
                values[name] = torch.cat(args, dim=1)
            elif kind == "stage":
                values[name] = args[0]
            else:
                values[name] = self.layers[name](args[0])
        return values[self.wiring[-1][0]]


def condnet_names(model):
    """condnet name -> (tensor, is_parameter); e.g. "conv1.weight", "bn1.running_var"."""
    names = {}
    for full, p in model.named_parameters():
        names[full.replace("layers.", "", 1)] = (p, True)
    for full, b in model.named_buffers():
        if not full.endswith("num_batches_tracked"):
            names[full.replace("layers.", "", 1)] = (b, False)
    return names


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for blob in blobs:
            out.write(blob)


def main():
    warnings.filterwarnings("ignore", message="Lazy modules")
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    spec = json.load(open(args.model))
    channels = spec["input"][0]
    model = Model(spec, channels)
    x = (torch.rand(args.batch, channels, args.size, args.size, args.size) < 0.5).float()
    model.eval()
    with torch.no_grad():
        outputs = model(x).shape[1]  # also materialises the lazy linear layers
    with torch.no_grad():  # batchnorm scales and shifts away from 1 and 0
        for module in model.modules():
            if isinstance(module, nn.BatchNorm3d):
                module.weight.add_(0.1 * torch.randn_like(module.weight))
                module.bias.add_(0.1 * torch.randn_like(module.bias))
    target = torch.rand(args.batch, outputs)

    tensors = {"input": x, "target": target}
    names = condnet_names(model)
    for name, (tensor, is_param) in names.items():
        tensors[("param." if is_param else "buffer.") + name] = tensor.detach().clone()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    model.train()
    for step in range(args.steps):
        optimizer.zero_grad()
        output = model(x)
        loss = nn.functional.mse_loss(output, target)
        loss.backward()
        if step == 0:
            tensors["output"] = output.detach().clone()
            tensors["loss"] = loss.detach().clone()
            for name, (tensor, is_param) in names.items():
                if is_param:
                    tensors["grad." + name] = tensor.grad.detach().clone()
        optimizer.step()
    for name, (tensor, is_param) in names.items():
        tensors[("final." if is_param else "final_buffer.") + name] = tensor.detach().clone()
    write_safetensors(args.out, tensors)


if __name__ == "__main__":
    main()
