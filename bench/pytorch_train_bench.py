#!/usr/bin/python3
"""Training and inference throughput of a condnet model JSON in PyTorch (eager, fp32).

The model is built by tests/train/pytorch_reference.py from the same JSON condnet reads.
Random binary volumes, MSE against random targets, Adam; warm-up steps first, then the
median of the timed steps. Prints one JSON object.

usage: pytorch_train_bench.py MODEL.json [--batch 16] [--size 64] [--steps 10]
                              [--warmup 2] [--threads 2]
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "train"))
from pytorch_reference import Model  # noqa: E402


def median_seconds(step, warmup, steps):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    warnings.filterwarnings("ignore", message="Lazy modules")
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    spec = json.load(open(args.model))
    channels = spec["input"][0]
    model = Model(spec, channels)
    x = (torch.rand(args.batch, channels, args.size, args.size, args.size) < 0.5).float()
    model.eval()
    with torch.no_grad():
        outputs = model(x).shape[1]
    target = torch.rand(args.batch, outputs)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()

    def infer_step():
        with torch.no_grad():
            model(x)

    model.train()
    train = median_seconds(train_step, args.warmup, args.steps)
    model.eval()
    infer = median_seconds(infer_step, args.warmup, args.steps)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "train_samples_per_second": args.batch / train,
        "infer_samples_per_second": args.batch / infer,
    }))


if __name__ == "__main__":
    main()
