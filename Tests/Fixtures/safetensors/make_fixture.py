"""Makes the safetensors fixtures for Tests/BookTests/SafetensorsTests.swift
with the reference `safetensors` library.

    pip install safetensors numpy ml_dtypes
    python3 make_fixture.py        # writes next to this script

mixed.safetensors + mixed.json
    F32, F16 and BF16 tensors (with zeros, subnormals, infinities and NaN)
    and an I8 tensor our loader must refuse. mixed.json holds, for each
    float tensor, its shape and every value widened to float32 by numpy and
    ml_dtypes, as uint32 bit patterns (JSON has no NaN or -0).

exact.safetensors
    F32 only, as our writer writes: the Swift test writes the same tensors
    and metadata and compares the files byte for byte.
"""
import json
import pathlib

import ml_dtypes
import numpy as np
from safetensors.numpy import save_file

here = pathlib.Path(__file__).parent


def f16_from_bits(bits):
    return np.array(bits, dtype=np.uint16).view(np.float16)


def bf16_from_bits(bits):
    return np.array(bits, dtype=np.uint16).view(ml_dtypes.bfloat16)


mixed = {
    "weight": np.array([[0.5, -1.25, 3.0], [1e-3, -0.0, 123456.789]], dtype=np.float32),
    "scalar": np.array(2.5, dtype=np.float32),                  # shape []
    "empty": np.zeros((0, 3), dtype=np.float32),                # no bytes at all
    "half": f16_from_bits([
        0x0000, 0x8000,          # +0, -0
        0x3C00, 0xC000,          # 1, -2
        0x3555,                  # 0.333...
        0x7BFF,                  # 65504, the largest float16
        0x0400,                  # 2^-14, the smallest normal
        0x0001, 0x03FF, 0x8200,  # subnormals: 2^-24, the largest, a negative one
        0x7C00, 0xFC00,          # +inf, -inf
        0x7E00,                  # quiet NaN
    ]).reshape(13),
    "brain": np.stack([
        np.array([1.0, -2.0, 1 / 3, 3.0e38, -1e-30, 65504.0], dtype=ml_dtypes.bfloat16),
        bf16_from_bits([0x0001, 0x8000, 0x7F80, 0xFF80, 0x7FC0, 0x007F]),
    ]),                                                          # shape [2, 6]
    "int8": np.array([1, -2, 3], dtype=np.int8),
}
# One metadata key: the reference library writes several in arbitrary
# order, and regenerating the fixtures should give the same bytes.
save_file(mixed, here / "mixed.safetensors", metadata={"format": "np"})

expected = {
    name: {
        "dtype": {"float32": "F32", "float16": "F16", "bfloat16": "BF16"}[array.dtype.name],
        "shape": list(array.shape),
        "float32_bits": [int(b) for b in array.astype(np.float32).view(np.uint32).ravel()],
    }
    for name, array in mixed.items()
    if array.dtype != np.int8
}
(here / "mixed.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")

# Names and metadata that exercise the header's JSON: a '/', non-ASCII,
# a quote, a backslash and control characters.
exact = {
    "layers.0/attn.weight": (np.arange(12, dtype=np.float32) * 0.5 - 2.0).reshape(3, 4),
    "bias": np.array([-1.5, 0.0, 2.25], dtype=np.float32),
    "scale": np.array(3.0, dtype=np.float32),
    "empty": np.zeros((0, 4), dtype=np.float32),
    "\u00e9t\u00e9": np.array([7.0], dtype=np.float32),
}
save_file(exact, here / "exact.safetensors", metadata={"note": 'a "quoted" \\ path/x\n\t\u0001 \u00e9'})
