#!/usr/bin/env python3
"""Prints one value of a key from a file written by `reg export` (UTF-16, regedit 5 format), so
that the Wine checks read Chinese registry data whatever Wine's ANSI code page is.

Usage: reg_value.py FILE.reg NAME        (the first key in the file, i.e. the exported one)
Strings and expandable strings print as text, DWORDs in decimal; exit status 1 when missing.
"""
import sys


def main():
    path, name = sys.argv[1], sys.argv[2]
    text = open(path, "rb").read().decode("utf-16")
    lines, joined = text.splitlines(), []
    for line in lines:  # hex values continue over lines ending in a backslash
        if joined and joined[-1].endswith("\\") and not joined[-1].endswith('\\\\"'):
            joined[-1] = joined[-1][:-1] + line.strip()
        else:
            joined.append(line)
    sections = 0
    for line in joined:
        if line.startswith("["):
            sections += 1
            continue
        if sections != 1 or not line.startswith('"'):
            continue
        # "Name"=data, where the name may hold escaped quotes and backslashes
        i, key = 1, ""
        while line[i] != '"':
            if line[i] == "\\":
                i += 1
            key += line[i]
            i += 1
        data = line[i + 2:]
        if key != name:
            continue
        if data.startswith('"'):
            print(data[1:-1].replace('\\"', '"').replace("\\\\", "\\"))
        elif data.startswith("dword:"):
            print(int(data[6:], 16))
        elif data.startswith("hex(2):"):
            raw = bytes(int(b, 16) for b in data[7:].split(",") if b)
            print(raw.decode("utf-16-le").rstrip("\0"))
        else:
            print(data)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
