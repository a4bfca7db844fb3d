"""95 % confidence intervals for a proportion and for the difference of two independent proportions.

Methods (stated on every report that uses them):
- one proportion: the Wilson score interval (Wilson 1927), which stays inside [0, 1] and behaves well for
  small groups and for 0 % or 100 %, unlike the textbook normal (Wald) interval;
- a difference p1 − p2: Newcombe's hybrid score interval (Newcombe 1998, "method 10"), built from the two
  Wilson intervals:  L = d − √((p1 − l1)² + (u2 − p2)²),  U = d + √((u1 − p1)² + (p2 − l2)²).
No continuity correction. z is the 97.5 % quantile of the standard normal distribution (≈ 1.96).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

CONFIDENCE = 0.95
Z_95 = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)  # 1.959963984540054


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


def wilson_interval(successes: int, n: int, *, z: float = Z_95) -> Interval | None:
    """Wilson score interval for successes/n; None when n is 0 (no estimate)."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # 0/n has a low of exactly 0 and n/n a high of exactly 1; floating point only gets close.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(p, low, high)


def newcombe_difference(successes1: int, n1: int, successes2: int, n2: int, *, z: float = Z_95) -> Interval | None:
    """Newcombe hybrid score interval for p1 − p2 (independent groups); None when either group is empty."""
    a = wilson_interval(successes1, n1, z=z)
    b = wilson_interval(successes2, n2, z=z)
    if a is None or b is None:
        return None
    d = a.estimate - b.estimate
    low = d - math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
    high = d + math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
    return Interval(d, max(-1.0, low), min(1.0, high))
