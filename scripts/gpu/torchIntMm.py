"""PyTorch's int8 matrix product (torch._int_mm, cuBLASLt on the tensor cores) on the shapes the GPU
check timed, for scripts/gpu-check.sh:

    python3 torchIntMm.py --work DIR

reads DIR/check.json's products, recomputes each product from DIR/<name>.x.bin (int8 [m, k]) and
DIR/<name>.w.bin (int8 [n, k]), compares it with our WebGPU output DIR/<name>.out.bin (int32
little-endian [m, n]), times it with CUDA events (median of 20 after 3 warm-ups) and writes
DIR/torch.json. torch._int_mm needs m > 16 and k, n multiples of 8 on CUDA: other shapes are
reported as skipped.
"""

import argparse
import json
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    out_file = os.path.join(args.work, "torch.json")

    def write(result: dict) -> int:
        with open(out_file, "w") as f:
            json.dump(result, f, indent=2)
        return 0

    try:
        import numpy as np
        import torch
    except ImportError as error:
        return write({"available": False, "reason": f"import failed: {error}"})
    if not torch.cuda.is_available():
        return write({"available": False, "reason": "CUDA is not available to PyTorch", "torch": torch.__version__})
    with open(os.path.join(args.work, "check.json")) as f:
        products = json.load(f)["products"]
    device = torch.cuda.get_device_name(0)
    results = []
    for p in products:
        name, m, k, n = p["name"], p["m"], p["k"], p["n"]
        entry = {"name": name, "m": m, "k": k, "n": n, "verify": "skipped"}
        if m <= 16 or k % 8 or n % 8:
            entry["error"] = "n/a: torch._int_mm needs m > 16, k and n multiples of 8"
            results.append(entry)
            continue
        try:
            x = torch.from_numpy(np.fromfile(os.path.join(args.work, f"{name}.x.bin"), dtype=np.int8).reshape(m, k)).cuda()
            w = torch.from_numpy(np.fromfile(os.path.join(args.work, f"{name}.w.bin"), dtype=np.int8).reshape(n, k)).cuda()
            ours = np.fromfile(os.path.join(args.work, f"{name}.out.bin"), dtype="<i4").reshape(m, n)
            theirs = torch._int_mm(x, w.t()).cpu().numpy()
            differ = int((theirs != ours).sum())
            entry["verify"] = "ok" if differ == 0 else f"{differ} elements differ"
            for _ in range(3):
                torch._int_mm(x, w.t())
            torch.cuda.synchronize()
            times = []
            for _ in range(20):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                torch._int_mm(x, w.t())
                end.record()
                torch.cuda.synchronize()
                times.append(start.elapsed_time(end))
            ms = sorted(times)[len(times) // 2]
            entry["gmacs"] = m * k * n / (ms / 1000) / 1e9
        except Exception as error:  # report and go on: one shape failing must not hide the others
            entry["error"] = f"{type(error).__name__}: {error}"
        results.append(entry)
        print(f"  torch._int_mm {name}: {entry.get('gmacs', 0):.1f} GMAC/s, ours {entry['verify']}", flush=True)
    return write({"available": True, "device": device, "torch": torch.__version__, "results": results})


if __name__ == "__main__":
    sys.exit(main())
