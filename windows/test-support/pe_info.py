#!/usr/bin/env python3
"""Reads what the Windows checks need from a PE file (.exe/.dll), with no third-party module, and
prints it as JSON: machine, subsystem (2 = GUI, no console; 3 = console), COFF symbol count
(0 when stripped), whether it has a .debug section, the resource types it carries (3 icon,
14 icon group, 16 version, 24 manifest), the version strings (StringFileInfo), and the DLLs it
imports.

Usage: pe_info.py FILE.exe
"""
import json
import struct
import sys

RESOURCE_TYPES = {3: "icon", 14: "icon_group", 16: "version", 24: "manifest"}


class Pe:
    def __init__(self, data):
        self.data = data
        if data[:2] != b"MZ":
            raise SystemExit("not a PE file (no MZ header)")
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe:pe + 4] != b"PE\0\0":
            raise SystemExit("not a PE file (no PE signature)")
        coff = pe + 4
        self.machine, nsections, _, self.symtab, self.nsymbols, opt_size, _ = struct.unpack_from("<HHIIIHH", data, coff)
        opt = coff + 20
        magic = struct.unpack_from("<H", data, opt)[0]
        self.pe32plus = magic == 0x20B
        self.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        dirs = opt + (112 if self.pe32plus else 96)
        self.dirs = [struct.unpack_from("<II", data, dirs + 8 * i) for i in range(16)]
        self.sections = []
        for i in range(nsections):
            off = opt + opt_size + 40 * i
            name = data[off:off + 8].rstrip(b"\0").decode("ascii", "replace")
            vsize, vaddr, rsize, rptr = struct.unpack_from("<IIII", data, off + 8)
            self.sections.append((name, vaddr, max(vsize, rsize), rptr))

    def offset(self, rva):
        for _, vaddr, size, rptr in self.sections:
            if vaddr <= rva < vaddr + size:
                return rptr + rva - vaddr
        raise ValueError(f"RVA {rva:#x} is in no section")

    def cstring(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode("ascii", "replace")

    def imports(self):
        rva, size = self.dirs[1]
        names = []
        if not rva:
            return names
        off = self.offset(rva)
        while True:
            desc = struct.unpack_from("<IIIII", self.data, off)
            if not any(desc):
                break
            names.append(self.cstring(self.offset(desc[3])))
            off += 20
        return names

    def resources(self):
        """{type id: [data bytes of every entry of that type]}"""
        rva, _ = self.dirs[2]
        if not rva:
            return {}
        base = self.offset(rva)

        def entries(off):
            named, ids = struct.unpack_from("<HH", self.data, off + 12)
            for i in range(named + ids):
                name, target = struct.unpack_from("<II", self.data, off + 16 + 8 * i)
                yield name, target

        def leaves(target):
            if target & 0x80000000:
                for _, sub in entries(base + (target & 0x7FFFFFFF)):
                    yield from leaves(sub)
            else:
                data_rva, size = struct.unpack_from("<II", self.data, base + target)
                start = self.offset(data_rva)
                yield self.data[start:start + size]

        out = {}
        for type_id, target in entries(base):
            if type_id & 0x80000000:
                continue  # named types: not ours
            out[type_id] = list(leaves(target))
        return out


def version_strings(blob):
    """The StringFileInfo values of a VS_VERSIONINFO resource."""
    strings = {}

    def walk(off, end, depth):
        while off + 6 <= end:
            length, value_len, kind = struct.unpack_from("<HHH", blob, off)
            if length == 0:
                break
            key_start = off + 6
            key_end = key_start
            while blob[key_end:key_end + 2] != b"\0\0":
                key_end += 2
            key = blob[key_start:key_end].decode("utf-16-le")
            value_off = (key_end + 2 + 3) & ~3
            if depth == 3 and kind == 1:  # String: value in UTF-16 characters
                value = blob[value_off:value_off + 2 * value_len].decode("utf-16-le").rstrip("\0")
                strings[key] = value
            else:
                children = value_off + (value_len if kind == 0 else 2 * value_len)
                children = (children + 3) & ~3
                if key in ("VS_VERSION_INFO", "StringFileInfo") or depth == 2:
                    walk(children, off + length, depth + 1)
            off = (off + length + 3) & ~3

    walk(0, len(blob), 0)
    return strings


def main():
    data = open(sys.argv[1], "rb").read()
    pe = Pe(data)
    res = pe.resources()
    version = version_strings(res[16][0]) if 16 in res else {}
    print(json.dumps({
        "machine": pe.machine,
        "pe32plus": pe.pe32plus,
        "subsystem": pe.subsystem,
        "symbols": pe.nsymbols,
        "debug_sections": [s[0] for s in pe.sections if s[0].startswith((".debug", "/"))],
        "resources": sorted(RESOURCE_TYPES.get(t, str(t)) for t in res),
        "version": version,
        "imports": sorted(set(n.lower() for n in pe.imports())),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
