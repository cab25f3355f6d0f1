#!/usr/bin/env python3
"""Draft reader of the plan document's three attachments.

It turns the flattened tables of seeds/plan-document.txt into seeds/plan.json.
The output was then reviewed by hand against the document; the readings that the text
alone cannot settle are fixed in READINGS below, each with its reason, and flagged for
review (待核对) so that the clerk confirms them in the app.

Run: python3 tools/extract_seed.py > seeds/plan.json
"""
import json
import re
import sys

DOC = "seeds/plan-document.txt"

UNIT_RE = re.compile(
    r"^(区[^、,。]{1,6}(局|分局|办|部|联|院|委)"
    r"|各镇街|相关镇街|区级(相关|有关|各)部门"
    r"|越城区税务局|美丽越城办|团区委|黄酒小镇管委会"
    r"|[^、,。]{2,3}(街道|镇))$"
)
GROUP_WORDS = {"各镇街", "相关镇街", "区级相关部门", "区级有关部门", "区级各部门"}
CHAPTER_RE = re.compile(r"^[一二三四五六七八九十]+、")

# Readings that the flattened text cannot settle by itself. Key: (table, seq, index of the
# task within that seq). Value: (lead, partner, reason). They are flagged for review.
READINGS = {
    ("responsibility", "14", 0): (
        ["区经信局", "区农水局", "区建设局"], ["各镇街"],
        "牵头单位为三段，配合单位“各镇街”为末段：按每段一个牵头单位读取"),
    ("responsibility", "16", 0): (
        ["区机管局", "区妇联", "区教育局", "区环保分局"], [],
        "四个单位各占一段，其后为空单元格：按四个牵头单位、无配合单位读取"),
    ("responsibility", "24", 0): (
        ["区环保分局", "区农水局", "区建设局"], ["区级相关部门"],
        "牵头单位为三段，末段为配合单位"),
    ("responsibility", "25", 0): (
        ["区商务局"], ["区发改局", "区市场监管局", "区质监局"],
        "四个单位各占一段，牵头与配合的分界无法从文本确定：按首段为牵头单位读取"),
    ("responsibility", "34", 0): (
        ["区治水办", "区环保分局"], ["区级相关部门", "各镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "37", 0): (
        ["区环保分局", "区农水局"], ["区级相关部门", "相关镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "40", 0): (
        ["区建设局", "区环保分局"], ["区应急办"],
        "三个单位各占一段，分界无法从文本确定：按末段为配合单位读取"),
    ("responsibility", "43", 0): (
        ["区农办", "区建设局"], ["相关镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "44", 0): (
        ["区农水局", "区国土分局", "区环保分局"], ["相关镇街"],
        "牵头单位为三段，末段为配合单位"),
    ("responsibility", "52", 0): (
        ["区国土分局", "区农水局"], ["相关镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "58", 0): (
        ["区环保分局", "区综合执法局", "区农水局", "区商务局", "区卫计局", "区建设局"], ["各镇街"],
        "牵头单位为六段，末段为配合单位"),
    ("responsibility", "59", 0): (
        ["区综合执法局", "区环保分局"], ["区级相关部门", "斗门街道"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "62", 0): (
        ["区建设局", "区综合执法局"], ["区级相关部门"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "67", 0): (
        ["区综合执法局", "区环保分局"], ["区级相关部门", "各镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "76", 0): (
        ["区综合执法局", "区城改办"], ["区级相关部门", "相关镇街"],
        "牵头单位为两段，末段为配合单位"),
    ("responsibility", "81", 0): (
        ["区农水局", "区卫计局", "区建设局", "区文明办"], ["区级相关部门", "各镇街"],
        "牵头单位为四段，末段为配合单位"),
    ("responsibility", "95", 0): (
        ["区级相关部门", "各镇街"], [],
        "只有一个单位单元格，其后为空单元格：按牵头单位读取，配合单位为空"),
    ("responsibility", "98", 0): (
        ["区督考办", "区美丽办"], ["区府办"],
        "三个单位各占一段，其后为空单元格；正文“区督考办、区美丽办要联合有关部门……进行督查”：按前两段为牵头单位读取"),
    ("annual-2018", "33", 0): (
        ["区环保分局", "区农水局"], ["区级相关部门", "皋埠镇", "富盛镇"],
        "牵头单位为两段，末段为配合单位"),
    ("annual-2018", "41", 0): (
        ["区环保分局"], ["区检察院", "区法院", "区公安分局"],
        "四个单位各占一段，分界无法从文本确定：参照附件2序号86（牵头区环保分局，配合区公安分局、区法院、区检察院）读取"),
    ("annual-2018", "43", 0): (
        ["区环保分局"], ["区委组织部", "区编办", "区人社局"],
        "四个单位各占一段，分界无法从文本确定：参照附件2序号83（牵头区环保分局，配合区委组织部、区编办、区人社局）读取"),
}


def tokens(lines, start, end):
    """Non-blank paragraphs of lines[start:end] as (line_no, text, blanks_before, blanks_after)."""
    out = []
    blanks = 0
    for i in range(start, end):
        t = lines[i].strip()
        if not t:
            blanks += 1
            continue
        out.append([i + 1, t, blanks, 0])
        blanks = 0
    for k in range(len(out) - 1):
        out[k][3] = out[k + 1][2]
    if out:
        out[-1][3] = blanks
    return out


def is_unit_cell(t):
    return all(UNIT_RE.match(p) for p in t.split("、"))


def split_units(t):
    return [p for p in t.split("、") if p]


def default_reading(table, seq, idx, unit_cells):
    """Lead and partner from the unit paragraphs of one task row."""
    key = (table, seq, idx)
    if key in READINGS:
        lead, partner, reason = READINGS[key]
        flat = [u for c in unit_cells for u in split_units(c[1])]
        assert sorted(flat) == sorted(lead + partner), (key, flat, lead, partner)
        return lead, partner, reason
    if len(unit_cells) == 1:
        if unit_cells[0][3] >= 2:
            return split_units(unit_cells[0][1]), [], None
        raise SystemExit(f"one unit cell and no empty cell: {table} {seq} {unit_cells}")
    if len(unit_cells) == 2:
        return split_units(unit_cells[0][1]), split_units(unit_cells[1][1]), None
    raise SystemExit(f"needs a reading: {table} {seq} {[c[1] for c in unit_cells]}")


def find_line(lines, text, after=0):
    for i in range(after, len(lines)):
        if lines[i].strip() == text:
            return i
    raise SystemExit(f"not found: {text}")


def parse_responsibility(lines, start, end):
    toks = tokens(lines, start, end)
    # header: 序号 工作内容 工作任务 牵头单位 配合单位
    assert [t[1] for t in toks[:5]] == ["序号", "工作内容", "工作任务", "牵头单位", "配合单位"], toks[:5]
    toks = toks[5:]
    rows = []
    chapter = None
    content = None
    content_line = None
    i = 0
    while i < len(toks):
        line_no, t, _, _ = toks[i]
        if CHAPTER_RE.match(t):
            chapter = t
            i += 1
            continue
        assert re.fullmatch(r"\d+", t), (line_no, t)
        seq = t
        seq_line = line_no
        i += 1
        group = []
        while i < len(toks) and not re.fullmatch(r"\d+", toks[i][1]) and not CHAPTER_RE.match(toks[i][1]):
            group.append(toks[i])
            i += 1
        # group: [content parts...] task units+ [task units+]*
        j = 0
        first_unit = next(k for k, g in enumerate(group) if is_unit_cell(g[1]))
        head = group[:first_unit]
        if len(head) >= 2:
            content = "".join(g[1] for g in head[:-1])
            content_line = head[0][0]
        task_parts = [head[-1]]
        j = first_unit
        idx = 0
        while True:
            units = []
            while j < len(group) and is_unit_cell(group[j][1]):
                units.append(group[j])
                j += 1
            task = task_parts[-1]
            lead, partner, reason = default_reading("responsibility", seq, idx, units)
            rows.append({
                "seq": seq,
                "chapter": chapter,
                "content": content,
                "text": task[1],
                "lead": lead,
                "partner": partner,
                "line": task[0],
                "seq_line": seq_line,
                "content_line": content_line,
                "review": reason,
            })
            idx += 1
            if j >= len(group):
                break
            task_parts.append(group[j])
            j += 1
    return rows


def parse_annual(lines, start, end):
    toks = tokens(lines, start, end)
    assert [t[1] for t in toks[:5]] == ["项目", "序号", "主要工作任务", "牵头单位", "配合单位"], toks[:5]
    toks = toks[5:]
    rows = []
    category = None
    i = 0
    while i < len(toks):
        line_no, t, _, _ = toks[i]
        if t.startswith("信息来源"):
            break
        if not re.fullmatch(r"\d+", t):
            category = t
            i += 1
            continue
        seq = t
        task = toks[i + 1]
        j = i + 2
        units = []
        while j < len(toks) and is_unit_cell(toks[j][1]):
            units.append(toks[j])
            j += 1
        if j < len(toks) and toks[j][1].startswith("信息来源"):
            units[-1][3] = 1  # the blank lines before the page footer are not an empty cell
        lead, partner, reason = default_reading("annual-2018", seq, 0, units)
        rows.append({
            "seq": seq,
            "category": category,
            "text": task[1],
            "lead": lead,
            "partner": partner,
            "line": task[0],
            "review": reason,
        })
        i = j
    return rows


def parse_key_projects(lines, start, end):
    toks = tokens(lines, start, end)
    assert [t[1] for t in toks[:4]] == ["越城区生态文明示范创建行动方案重点项目表", "序号", "项目名称", "完成时间"], toks[:4]
    toks = toks[4:]
    rows = []
    category = None
    i = 0
    while i < len(toks):
        t = toks[i][1]
        if re.fullmatch(r"\d+", t):
            seq = t
            i += 1
            name_parts = []
            while not (len(toks[i][1]) > 20 or toks[i][1].endswith("。")):
                name_parts.append(toks[i])
                i += 1
            name = "".join(p[1] for p in name_parts)
            while i < len(toks) and not re.fullmatch(r"\d+", toks[i][1]) and not toks[i][1].startswith("附件"):
                content = toks[i]
                year = toks[i + 1][1]
                assert re.fullmatch(r"20\d\d", year), (content, year)
                rows.append({
                    "seq": seq,
                    "category": category,
                    "name": name,
                    "content": content[1],
                    "year": int(year),
                    "line": content[0],
                    "name_line": name_parts[0][0],
                    "review": None,
                })
                i += 2
                if i < len(toks) and not re.fullmatch(r"\d+", toks[i][1]) and len(toks[i][1]) <= 12 \
                        and not toks[i][1].startswith("附件"):
                    break  # next category heading
        elif t.startswith("附件"):
            break
        else:
            category = t
            i += 1
    return rows


TARGETS = [
    # indicator, comparison, value, unit, year, quote (verbatim in the document), scope
    ("全区PM2.5平均浓度", "<=", 38, "微克/立方米", 2020, "全区PM2.5平均浓度控制在38微克/立方米以下"),
    ("全区AQI优良天数比例", ">=", 81, "%", 2020, "AQI优良天数比例达到81%以上"),
    ("国控站点PM2.5年均浓度", "<=", 38, "微克/立方米", 2020, "5年均浓度控制在38微克/立方米以下"),
    ("国控站点AQI优良天数比例", ">=", 78, "%", 2020, "AQI优良天数比例达到78%以上"),
    ("县控及以上断面水质达到或优于Ⅲ类水比例", "=", 100, "%", 2022, "全区县控及以上断面水质全部达到或优于Ⅲ类水"),
    ("水功能区达标率", "=", 100, "%", 2022, "功能区达标率达到100%"),
    ("跨行政区域河流交接断面和饮用水水源地水质达标率", "=", 100, "%", 2022, "跨行政区域河流交接断面和饮用水水源地水质达标率达到100%"),
    ("污染地块安全利用率", ">=", 92, "%", 2020, "污染地块安全利用率和受污染耕地安全利用率均达到92%"),
    ("受污染耕地安全利用率", ">=", 92, "%", 2020, "污染地块安全利用率和受污染耕地安全利用率均达到92%"),
    ("污染地块安全利用率", ">", 92, "%", 2022, "污染地块安全利用率和受污染耕地安全利用率均达到92%以上"),
    ("受污染耕地安全利用率", ">", 92, "%", 2022, "污染地块安全利用率和受污染耕地安全利用率均达到92%以上"),
    ("危险废物规范化管理达标率", ">=", 90, "%", 2020, "危险废物规范化管理达标率达到90%"),
    ("危险废物利用处置无害化率", "=", 100, "%", 2020, "危险废物利用处置无害化率达到100%"),
    ("危险废物规范化管理达标率", ">=", 95, "%", 2022, "危险废物规范化管理达标率达到95%"),
    ("森林覆盖率", ">=", 27, "%", 2020, "全区森林覆盖率稳定在27%以上"),
    ("湿地面积（不包括水稻田）", ">=", 8.7, "万亩", 2020, "湿地面积不低于8.7万亩(不包括水稻田)"),
    ("自然湿地面积", ">=", 8.2, "万亩", 2020, "自然湿地面积不低于8.2万亩"),
    ("湿地保护率", ">=", 50, "%", 2020, "湿地保护率提高到50%以上"),
    ("城市生活垃圾分类覆盖面", "=", 100, "%", 2020, "城市、农村生活垃圾分类覆盖面分别达100%"),
    ("农村生活垃圾分类覆盖面", ">=", 80, "%", 2020, "80%以上"),
    ("农村厕所普及率", "=", 100, "%", 2020, "农村厕所普及率达到100%"),
    ("城乡生活垃圾回收利用率", ">=", 60, "%", 2022, "城乡生活垃圾回收利用率达到60%以上"),
    ("城乡生活垃圾资源化利用率", "=", 100, "%", 2022, "资源化利用率基本达到100%"),
]


def main():
    lines = open(DOC, encoding="utf-8").read().split("\n")
    a1 = find_line(lines, "附件1")
    a2 = find_line(lines, "附件2", a1)
    a3 = find_line(lines, "附件3", a2)
    a2_title = find_line(lines, "越城区生态文明示范创建行动方案工作任务责任分解表", a2)
    a3_title = find_line(lines, "越城区生态文明示范创建行动方案2018年主要工作任务清单", a3)
    plan = {
        "title": "越城区(高新区、袍江开发区)生态文明示范创建行动方案",
        "short_title": "越城区生态文明示范创建行动方案",
        "issuer": "区府办",
        "issuer_full": "绍兴市越城区人民政府办公室",
        "date": "2018-10-31",
        "horizon": "2022-12-31",
        "annual_year": 2018,
        "source": DOC,
        "targets": [
            {"indicator": ind, "comparison": cmp, "value": val, "unit": unit, "year": year, "quote": quote}
            for ind, cmp, val, unit, year, quote in TARGETS
        ],
        "lists": [
            {"id": "key-projects", "name": "重点项目表", "attachment": "附件1",
             "title": "越城区生态文明示范创建行动方案重点项目表",
             "rows": parse_key_projects(lines, a1 + 1, a2)},
            {"id": "responsibility", "name": "工作任务责任分解表", "attachment": "附件2",
             "title": "越城区生态文明示范创建行动方案工作任务责任分解表",
             "rows": parse_responsibility(lines, a2_title + 1, a3)},
            {"id": "annual-2018", "name": "2018年主要工作任务清单", "attachment": "附件3",
             "title": "越城区生态文明示范创建行动方案2018年主要工作任务清单",
             "rows": parse_annual(lines, a3_title + 1, len(lines))},
        ],
    }
    json.dump(plan, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
