"""Made-up Danish identifiers that pass the registers' checks, for demo and test data."""

import random


def valid_cvr(rng: random.Random) -> str:
    """A random CVR number whose modulus-11 check holds."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = -sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
