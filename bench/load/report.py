"""The load test's table from locust's CSV statistics: python bench/load/report.py PREFIX TITLE

One line per page (requests, failures, p50 and p95 in ms), then the total; 409 conflicts (two
staff acting on one case at once, told so) are counted apart. Exit status 1 on any failure.
"""

import csv
import sys


def main(prefix: str, title: str) -> int:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{prefix}_conflicts.txt") as count:
        conflicts = int(count.read() or 0)
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"\n{title}\n")
    print("| page | requests | failures | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for row in sorted(pages, key=lambda row: (row["Name"], row["Type"])):
        name = f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {row['50%']} | {row['95%']} |"
        )
    print(
        f"| **all** | **{total['Request Count']}** | **{total['Failure Count']}** "
        f"| **{total['50%']}** | **{total['95%']}** |"
    )
    print(f"\n{conflicts} conflict(s) answered 409 (counted as correct, not as failures).")
    return 1 if int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
