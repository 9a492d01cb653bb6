"""A stand-in for PyTorch (an outside thing this machine lacks), for the GPU check's own test only:
the few calls scripts/gpu/torchIntMm.py makes, on the CPU with numpy (float64 products of int8 rows
are exact far beyond these sizes). FAKE_TORCH_NO_CUDA=1 makes CUDA unavailable; FAKE_TORCH_WRONG=1
makes _int_mm change one element, so the check must notice."""

import os
import time

import numpy as np

__version__ = "0.0-fake"


class Tensor:
    def __init__(self, array):
        self.array = array

    def cuda(self):
        return self

    def cpu(self):
        return self

    def t(self):
        return Tensor(self.array.T)

    def numpy(self):
        return self.array


def from_numpy(array):
    return Tensor(array)


def _int_mm(a, b):
    out = (a.array.astype(np.float64) @ b.array.astype(np.float64)).astype(np.int32)
    if os.environ.get("FAKE_TORCH_WRONG"):
        out[0, 0] += 1
    return Tensor(out)


class _Event:
    def __init__(self, enable_timing=False):
        self.at = 0.0

    def record(self):
        self.at = time.perf_counter()

    def elapsed_time(self, end):
        return (end.at - self.at) * 1000


class cuda:  # noqa: N801 (the module's name in PyTorch)
    Event = _Event

    @staticmethod
    def is_available():
        return not os.environ.get("FAKE_TORCH_NO_CUDA")

    @staticmethod
    def get_device_name(_index):
        return "fake CUDA device (numpy)"

    @staticmethod
    def synchronize():
        pass
