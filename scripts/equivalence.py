"""Same model, same numbers? Key annual outputs over many seeds, before and after a change.

    python scripts/equivalence.py run OUT.parquet [--seeds 20] [--end 2025-12-31]
    python scripts/equivalence.py compare BEFORE.parquet AFTER.parquet [--years 2018 2025]

``run`` simulates the baseline with seeds 1..N and stores the annual table of each seed. ``compare``
prints, for each key output and year, the medians before and after, their difference in % and the
p-value of a two-sample Kolmogorov-Smirnov test (scipy), as a Markdown table. Run ``run`` from a
checkout of the code before the change and from the code after it (not a test: it prints figures).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

KEY_OUTPUTS = ("cases_national", "cases_interpol", "cases_foreign_ministry", "cases_rogatory", "cases_recorded",
               "arrests", "victims_threatened", "payments", "amount_paid_mad", "active_scammers")


def run(out: str, seeds: int, end: str) -> None:
    from simulation import ExtortionModel

    frames = []
    for seed in range(1, seeds + 1):
        annual = ExtortionModel(seed=seed, run__end=end).run().results.annual()
        frames.append(annual[["year", *[c for c in KEY_OUTPUTS if c in annual]]].assign(seed=seed))
        print(f"seed {seed} done", flush=True)
    pd.concat(frames).to_parquet(out, index=False)


def compare(before: str, after: str, years: list[int]) -> str:
    a, b = pd.read_parquet(before), pd.read_parquet(after)
    rows = ["| output | year | median before | median after | difference | KS p-value |", "|---|---|---|---|---|---|"]
    for name in KEY_OUTPUTS:
        for year in years:
            x = a.loc[a["year"] == year, name].to_numpy()
            y = b.loc[b["year"] == year, name].to_numpy()
            mx, my = np.median(x), np.median(y)
            diff = f"{(my - mx) / mx:+.1%}" if mx else "n/a"
            rows.append(f"| {name} | {year} | {mx:,.0f} | {my:,.0f} | {diff} | {ks_2samp(x, y).pvalue:.2f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("out")
    r.add_argument("--seeds", type=int, default=20)
    r.add_argument("--end", default="2025-12-31")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--years", type=int, nargs="+", default=[2018, 2019, 2021, 2025])
    args = parser.parse_args()
    if args.command == "run":
        run(args.out, args.seeds, args.end)
    else:
        print(compare(args.before, args.after, args.years))


if __name__ == "__main__":
    main()
