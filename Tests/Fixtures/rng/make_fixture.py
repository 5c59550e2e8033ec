#!/usr/bin/env python3
"""Reference outputs of xoshiro256** seeded by SplitMix64, written from the
authors' public-domain C code (prng.di.unimi.it), independently of the Swift
version. Run: python3 make_fixture.py > xoshiro256.json"""
import json, math

M = (1 << 64) - 1

def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M

def seeded(seed):
    s, state = seed, []
    for _ in range(4):
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        state.append(z ^ (z >> 31))
    return state

def next_u64(s):
    result = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 17) & M
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return result

def uniform(s):
    return (next_u64(s) >> 11) * 2.0 ** -53

def normal(s):  # Box-Muller, as the Swift version
    u1 = 1.0 - uniform(s)
    u2 = uniform(s)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

out = {}
for seed in (0, 42, 2**63 + 5):
    s = seeded(seed)
    raw = [str(next_u64(s)) for _ in range(5)]  # strings: JSON numbers lose bits
    # floats as repr strings: exact, whatever the JSON parser does with digits
    uni = [repr(uniform(s)) for _ in range(3)]
    nor = [repr(normal(s)) for _ in range(3)]
    out[str(seed)] = {"u64": raw, "uniform": uni, "normal": nor}
print(json.dumps(out, indent=1))
