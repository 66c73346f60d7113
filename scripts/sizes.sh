#!/usr/bin/env bash
# Prints the raw and gzip size of each file given.
for f in "$@"; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf 'size: %-40s %8d B raw  %8d B gzip\n' "$(basename "$f")" "$raw" "$gz"
done
