"""Error messages in the webmaster's languages: Chinese, English, and a hint.

The validator words every problem in English (the canonical text that tests
and logs match). This table gives each kind of message its Chinese and a hint
on how to fix it; `explain(message)` finds the rule that fits. One rule per
kind of error, in one place, so a new check means one new line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Explained:
    zh: str
    hint_zh: str
    hint_en: str


# (English pattern, Chinese, hint zh, hint en). Named groups carry over into the Chinese.
_RULES: list[tuple[str, str, str, str]] = [
    (r"expected a number, got (?P<v>.*)",
     "应为数字，实际是 {v}",
     "数字只写阿拉伯数字，例如 1250，不要写成 1,250元 或 95%（单位写在 unit 里）",
     "write digits only, such as 1250 — not 1,250元 or 95% (the unit goes in `unit`)"),
    (r"expected text, got (?P<v>.*)", "应为文字，实际是 {v}", "文字可以加引号，例如 \"1250\"", "put text in quotes if it looks like a number"),
    (r"expected a mapping of keys, got (?P<v>.*)", "应为“键: 值”的结构，实际是 {v}",
     "参照同一文件中其他条目的写法，注意缩进", "copy the layout of another entry in the same file; check the indentation"),
    (r"expected a list, got (?P<v>.*)", "应为列表，实际是 {v}", "列表每一项以“- ”开头，或写成 [a, b]", "start each list entry with \"- \", or write [a, b]"),
    (r"expected true or false, got (?P<v>.*)", "应为 true 或 false，实际是 {v}", "只能写 true 或 false", "write true or false"),
    (r"expected a date like 2022-05-31, got (?P<v>.*)", "日期格式应为 2022-05-31，实际是 {v}", "年-月-日，用两位数的月和日，加引号",
     "year-month-day with two-digit month and day, in quotes"),
    (r"expected an id of lowercase letters, digits and hyphens \(like `radio-listening`\), got (?P<v>.*)",
     "代码只能用小写英文字母、数字和连字符（例如 radio-listening），实际是 {v}",
     "代码会出现在网址里：不要用中文、空格或大写", "ids appear in web addresses: no Chinese, spaces or capitals"),
    # Before the generic `expected …, got …` rule below, which would match them too.
    (r"expected a web address starting with https:// .*, got (?P<v>.*)", "应为以 https:// 开头的网址，实际是 {v}",
     "网址只能含字母、数字和 . / _ -", "an address may hold only letters, digits and . / _ -"),
    (r"expected letters, digits, dots and hyphens only.*, got (?P<v>.*)", "只能使用字母、数字、点和连字符，实际是 {v}",
     "例如 CC-BY-4.0", "for example CC-BY-4.0"),
    (r"expected one of (?P<v>.*), got (?P<w>.*)", "只能是 {v} 之一，实际是 {w}", "照抄允许的取值之一", "copy one of the allowed values"),
    (r"expected (?P<v>.*), got (?P<w>.*)", "应为 {v}，实际是 {w}", "照抄允许的取值", "copy the allowed value"),
    (r"required field is missing", "缺少必填项", "参照同一文件中其他条目补上这一项", "add it, following another entry in the same file"),
    (r"English \(en\) text is missing", "缺少英文（en）", "每段文字都要有 zh 和 en 两种语言", "every text needs both zh and en"),
    (r"Chinese \(zh\) text is missing", "缺少中文（zh）", "每段文字都要有 zh 和 en 两种语言", "every text needs both zh and en"),
    (r"unknown key `(?P<v>.*)`.*", "无法识别的键 `{v}`", "检查拼写；可用的键见 data/schema/ 和网站上的《数据字段说明》",
     "check the spelling; the keys are listed in data/schema/ and the site's field reference"),
    (r"must not be empty", "不能为空", "填写内容，或删除这一项", "fill it in, or remove the key"),
    (r"must be at least (?P<v>[^,]*), got (?P<w>[^ ]*)(?P<neg> \(amounts cannot be negative\))?", "不能小于 {v}，实际是 {w}",
     "金额和数量不能是负数", "amounts and counts cannot be negative"),
    (r"must be at most (?P<v>[^,]*), got (?P<w>.*)", "不能大于 {v}，实际是 {w}", "检查数字是否多写了一位", "check for an extra digit"),
    (r"(?:(?P<f>\S+): )?a percentage cannot be above 100, got (?P<v>.*)", "百分比不能超过 100，实际是 {v}",
     "百分数只写数字部分，例如 95", "write the number of per cent only, such as 95"),
    (r"min \((?P<v>.*)\) is greater than max \((?P<w>.*)\)", "最小值 {v} 大于最大值 {w}", "检查 min 和 max 是否写反", "check whether min and max are swapped"),
    (r"a figure needs a `value` or a `qualitative` wording", "数字和文字目标（qualitative）至少要有一个",
     "没有数字的目标（如“应保尽保”）写在 qualitative 里", "a target without a number (such as 应保尽保) goes in `qualitative`"),
    (r"a standard needs a `value`, a `min`/`max` range or `tiers`", "服务标准需要 value、min/max 或 tiers 之一",
     "规划没有给出数字时，不要写 standards", "leave out `standards` when the plan gives no figure"),
    (r"a source needs a place: .*", "出处需要写明位置：表格和行（table, row）、专栏和项目（box, item）或章（chapter）",
     "写明这段文字在规划中的位置", "say where in the plan the passage is"),
    (r"a source in a table needs its `row`", "表格出处需要写明第几行（row）", "从 1 开始数数据行", "count data rows from 1"),
    (r"an audience with `finder: age` needs `min_age` or `max_age`", "按年龄判断的人群需要 min_age 或 max_age",
     "例如老年人写 min_age: 60", "for example, older people: min_age: 60"),
    (r"`min_age`/`max_age` apply only with `finder: age`", "只有 finder: age 的人群才能写 min_age/max_age",
     "删除年龄，或改为 finder: age", "remove the ages, or set finder: age"),
    (r"duplicate id `(?P<v>[^`]*)`(?: \(also in (?P<w>.*)\))?", "代码 `{v}` 重复了", "同一城市内每个代码只能用一次：换一个代码",
     "each id may be used once per city: choose another"),
    (r"duplicate term `(?P<v>.*)`", "术语 `{v}` 重复了", "删除重复的一条", "remove the duplicate"),
    (r"key appears twice in the same mapping", "同一层里这个键出现了两次", "删除其中一个", "remove one of them"),
    (r"unknown (?P<what>domain|audience) `(?P<v>[^`]*)` \(known: (?P<w>.*)\)", "未知的{what_zh} `{v}`（可用：{w}）",
     "领域见 data/domains.yml，人群见 data/audiences.yml", "domains are in data/domains.yml, audiences in data/audiences.yml"),
    (r"unknown document `(?P<v>[^`]*)` \(this city's is `(?P<w>[^`]*)`\)", "未知的规划文件 `{v}`（本市为 `{w}`）",
     "document 写本市 city.yml 里的规划代码", "use the document id from this city's city.yml"),
    (r"box (?P<v>\d+) is not listed in city.yml `boxes`", "专栏 {v} 没有在 city.yml 的 boxes 中列出", "先在 city.yml 中加上这个专栏",
     "add the box to city.yml first"),
    (r"quote not found in (?P<v>.*) \(it must be copied verbatim\)", "在规划原文 {v} 中找不到这段引文",
     "从规划原文中逐字复制（空格和换行可以不同，标点必须相同）",
     "copy it word for word from the plan (spaces and line breaks may differ, punctuation may not)"),
    (r"number\(s\) (?P<v>.*) in this entry do not occur in its quote", "条目中的数字 {v} 在引文中找不到",
     "数字必须来自规划原文：检查数字，或把包含这个数字的原文放进 quote",
     "every figure must come from the plan: check it, or quote the passage that states it"),
    (r"(?P<v>\S+) is not stated by the phrase `(?P<w>.*)`", "数字 {v} 在引文中找不到依据：写明它的原话 `{w}` 中没有这个数字",
     "数字必须与 phrase（引文中写明这个数字的原话）一致：检查数字，或改正 phrase",
     "the figure must be the one its phrase (the words of the quote that state it) states: check the figure, or the phrase"),
    (r"phrase `(?P<v>.*)` is not in the quote .*", "原话 `{v}` 不在引文中", "从 quote 中逐字复制写明这个数字的几个字（空格可以不同）",
     "copy the words that state the figure from the quote, character for character (spaces may differ)"),
    (r"phrase `(?P<v>.*)` states number\(s\) (?P<w>.*) that are not figures of this entry", "原话 `{v}` 中还有别的数字 {w}",
     "phrase 只截取写明本条数字的几个字，例如“不少于15套”，不要带上其他数字",
     "cut the phrase down to the words that state this figure, e.g. 不少于15套, leaving other numbers out"),
    (r"text `(?P<v>.*)` is not in the quote .*", "单元格文字 `{v}` 不在引文中", "text 照抄该行中这个单元格的原样文字",
     "copy the cell exactly as the row prints it"),
    (r"(?P<v>\S+) is not stated by the text `(?P<w>.*)`", "数字 {v} 在单元格原文 `{w}` 中找不到", "数字必须是该单元格中写的数字",
     "the number must be one the cell prints"),
    (r"text not found in (?P<v>.*) \(the Chinese text is the plan's own wording\)", "条目全文（text.zh）在规划原文 {v} 中找不到",
     "text.zh 要逐字照抄规划原文（空格和换行可以不同）", "copy text.zh word for word from the plan (spaces and line breaks may differ)"),
    (r"expected the name of a file in data/sources/: .*, got (?P<v>.*)",
     "应为 data/sources/ 中的文件名（只用小写字母、数字和连字符，以 .txt 结尾，不含文件夹），实际是 {v}",
     "只写文件名，例如 shangrao-plan.txt；不能写路径、“..”或反斜杠", "write the bare file name, e.g. shangrao-plan.txt: no path, `..` or backslash"),
    (r"(?P<v>.*) is a symbolic link or lies outside data/sources/: not followed", "{v} 是符号链接或不在 data/sources/ 中，不予读取",
     "把规划全文文件本身放进 data/sources/", "put the plan's text file itself in data/sources/"),
    (r"symbolic link: data/ must be a folder of the project, not a link to one", "data/ 是符号链接", "data/ 必须是项目中真实的文件夹",
     "data/ must be a real folder of the project"),
    (r"symbolic link to a place outside data/: not followed", "符号链接指向 data/ 以外，不予读取", "把文件本身放进 data/，不要用链接",
     "put the file itself in data/, not a link"),
    (r"symbolic link that leads nowhere .*", "符号链接指向不存在的文件（或形成循环），不予读取", "删除这个链接，把文件本身放在这里",
     "remove the link and put the file itself here"),
    (r"symbolic link to a folder: not followed .*", "符号链接指向一个文件夹，不予读取", "把文件夹本身放在这里", "put the folder itself here"),
    (r"folder name is not allowed: .*", "文件夹名不合规：只能用小写英文字母、数字和连字符", "重命名文件夹，例如 box-01、shangrao",
     "rename the folder, e.g. box-01 or shangrao"),
    (r"file name is not allowed: .*", "文件名不合规：只能用小写英文字母、数字和连字符，以 .yml 结尾", "重命名文件，例如 box-01.yml",
     "rename the file, e.g. box-01.yml"),
    (r"file is binary, not text: control character (?P<v>\S+)", "文件不是文本（含控制字符 {v}）", "规划全文须为 UTF-8 纯文本：是否放错了文件？",
     "a plan must be UTF-8 plain text: is this the right file?"),
    (r"must be at most (?P<v>\d+) characters long", "不能超过 {v} 个字符", "用更短的名称或代码", "use a shorter name or id"),
    (r"must match the folder name `(?P<v>.*)`", "必须与文件夹名 `{v}` 相同", "city.yml 的 id 就是文件夹名", "the id in city.yml is the folder's name"),
    (r"source text not found at (?P<v>.*)", "找不到规划原文 {v}", "把规划全文（txt）放进 data/sources/", "put the plan's text file in data/sources/"),
    (r"city.yml is missing for this city folder", "这个城市文件夹里缺少 city.yml", "复制其他城市的 city.yml 作为模板", "copy another city's city.yml as a start"),
    (r"file is missing", "缺少这个文件", "从代码仓库恢复这个文件", "restore the file from the repository"),
    (r"file is empty", "文件是空的", "写入内容，或删除文件", "fill it in, or delete it"),
    (r"file is too large .*", "文件太大", "数据文件通常只有几十 KB：是否放错了文件？", "data files are a few tens of KB: is this the right file?"),
    (r"file is not valid UTF-8 text.*", "文件不是 UTF-8 编码", "用 UTF-8 编码保存文件", "save the file as UTF-8"),
    (r"unexpected data file.*", "不认识的数据文件", "数据文件的位置见 README.md", "see README.md for where data files go"),
    (r"a key must be plain text, got (?P<v>.*)", "键必须是普通文字，实际是 {v}", "检查这一行的冒号和缩进", "check this line's colon and indentation"),
    (r"cannot read (?P<v>.*?) \(.*\); put it in quotes if it is meant as text", "无法读取 {v}", "如果这是文字，请加引号",
     "put it in quotes if it is meant as text"),
    (r"malformed YAML: .*", "YAML 格式错误", "检查这一行及上一行的缩进、冒号、引号和括号是否成对",
     "check indentation, colons, quotes and brackets on this line and the one before"),
    (r"nesting deeper than .*|YAML is nested too deeply", "嵌套层数太多", "数据文件不需要这么多层：检查缩进", "data files need far fewer levels: check the indentation"),
    (r"more than .* values .*", "数值太多（可能是锚点和别名展开过多）", "不要使用 YAML 锚点（&）和别名（*）", "do not use YAML anchors (&) and aliases (*)"),
    (r"anchors/aliases \(& \* <<\) are not allowed in data files.*", "数据文件中不能使用锚点和别名（& * <<）",
     "把要重复的内容直接写出来", "write the repeated values out in full"),
    (r"ran out of memory reading this file", "读取这个文件时内存不足", "数据文件只有几十 KB：检查这个文件是否放错了",
     "data files are a few tens of KB: check that this is the right file"),
    # Meaning (generator/meaning.py): the site says what the plan says, in both languages.
    (r"glossary term `(?P<v>[^`]*)` is not translated as `(?P<w>[^`]*)` in the English",
     "英文没有使用术语表中“{v}”的译法“{w}”", "术语表（data/glossary.yml）规定了每个术语唯一的英文译法：改用它（或其 en_variants），或先修改术语表",
     "data/glossary.yml gives each term one English rendering: use it (or one of its en_variants), or change the glossary first"),
    (r"glossary term `(?P<v>[^`]*)` is rendered `(?P<w>[^`]*)`, which the glossary rules out: use `(?P<x>[^`]*)`",
     "术语“{v}”被译为“{w}”，术语表不允许这种译法，应为“{x}”", "这种译法会误导读者（见 data/glossary.yml 的 en_avoid 和说明）：改用术语表的译法",
     "that rendering misleads readers (see en_avoid and the note in data/glossary.yml): use the glossary's rendering"),
    (r"`(?P<v>[^`]*)` includes the number, but the English says \"more than\": .*",
     "“{v}”包含本数，英文却写成 more than（多于）", "“以上”“不少于”“不低于”译为 or more 或 at least，例如 80%以上 → 80% or more",
     "以上/不少于/不低于 include the number: write \"or more\" or \"at least\", e.g. 80%以上 → 80% or more"),
    (r"套 counts radio or TV channels here, but the English does not say \"channels\"",
     "这里的“套”指广播电视频道，英文没有写 channels", "广播、电视节目的“套”是频道：15套电视节目 → 15 TV channels",
     "套 of radio and TV programmes is a channel: 15套电视节目 → 15 TV channels"),
    (r"full-width punctuation (?P<v>.*) in English text: .*", "英文中有全角标点 {v}",
     "英文使用半角标点：, . : ; ( ) 和普通空格", "use half-width punctuation in English: , . : ; ( ) and plain spaces"),
    (r"the phrase says (?P<v>\S+), so the comparator is (?P<w>.*), not (?P<x>\S+) \(or explain the reading in `reading`\)",
     "原话写的是“{v}”，比较关系应为 {w}，而不是 {x}", "照原话填写 comparator（以上、不少于 → ge；左右、约 → approx；不超过 → le）；确需不同理解时在 reading 中用中英文说明理由",
     "set the comparator the words say (以上, 不少于 → ge; 左右, 约 → approx; 不超过 → le); if another reading is right, explain it in `reading` in both languages"),
    (r"comparator approx, but the phrase has no 约 or 左右", "比较关系为 approx（约），但原话中没有“约”或“左右”",
     "只有原话写“约”或“左右”时才用 approx", "use approx only where the plan says 约 or 左右"),
    (r"the phrase says `(?P<v>[^`]*)`: set qualifier: (?P<w>\S+)", "原话中有限定语“{v}”，须填写 qualifier: {w}",
     "力争 → aim、原则上 → in-principle、基本 → basically、平均 → average：网站会在数字旁照样说明", 
     "力争 → aim, 原则上 → in-principle, 基本 → basically, 平均 → average: the site repeats the hedge next to the figure"),
    (r"qualifier (?P<v>\S+), but the phrase has no word for it", "qualifier 为 {v}，但原话中没有相应的词",
     "只写原话中确有的限定语", "give only a hedge the phrase has"),
    (r"a percentage needs the unit \{zh: '%', en: '%'\}", "百分比须写单位 {{zh: '%', en: '%'}}", "加上 unit: {zh: '%', en: '%'}",
     "add unit: {zh: '%', en: '%'}"),
    (r"code `(?P<v>[^`]*)` is named \"(?P<w>.*)\" in (?P<x>\S+): one English name per code",
     "共用代码 `{v}` 的指标在 {x} 中的英文名称是“{w}”，两处必须相同", "共用代码的指标在各市用同一个英文名称",
     "indicators sharing a code use one English name in every city"),
    (r"code `(?P<v>[^`]*)` has unit `(?P<w>[^`]*)` in (?P<x>\S+), which this unit does not convert to",
     "共用代码 `{v}` 的指标在 {x} 中的单位是“{w}”，与这里的单位无法换算", "共用代码的指标必须计量同一种东西（如 万张 与 千张）",
     "indicators sharing a code must measure the same thing (such as 万张 and 千张)"),
    (r"code `(?P<v>[^`]*)` has the English unit \"(?P<w>.*)\" in (?P<x>\S+): one English unit per code",
     "共用代码 `{v}` 的指标在 {x} 中的英文单位是“{w}”，两处必须一致", "共用代码的指标用同一个英文单位名称（可带 10,000 等倍数）",
     "indicators sharing a code use one English unit name (a multiplier such as 10,000 may differ)"),
    (r"`\{n\} (?P<v>[a-z]+)` has no singular form: add `(?P<w>[^`]*)` .*", "界面文字“{{n}} {v}”没有单数形式：请添加 `{w}`",
     "英文在数量为 1 时用单数（1 service），在 generator/i18n.py 中为它加一条 _one 文字",
     "English uses the singular for 1 (1 service): add a _one string for it in generator/i18n.py"),
    # The search synonyms (data/search/synonyms.yml).
    (r"term `(?P<v>.*)` is also in group (?P<w>\d+): merge the two groups", "说法“{v}”也在第 {w} 组中",
     "把这两组合并成一组", "merge the two groups into one"),
    # Hand-written pages (generator/confine.py).
    (r"symbolic link: the engine would publish what it points at.*", "符号链接：构建会把它指向的文件发布出去",
     "把链接换成文件本身", "replace the link by the file itself"),
    (r"file type (?P<v>\S+) is not allowed in content/.*", "content/ 中不允许 {v} 类型的文件",
     "页面用 Markdown（.md），图片用 PNG、JPEG 或 WebP", "pages are Markdown (.md), images PNG, JPEG or WebP"),
    (r"active HTML `(?P<v>.*)` is not allowed in a page.*", "页面中不允许可执行的 HTML：{v}",
     "用 Markdown 写：链接、列表、表格都不需要 HTML", "write Markdown: links, lists and tables need no HTML"),
    # Shared indicator codes (data/indicator-codes.yml).
    (r"code `(?P<v>.*)` is not listed in data/indicator-codes\.yml", "共用代码“{v}”没有在 data/indicator-codes.yml 中登记",
     "在 data/indicator-codes.yml 中加一条，写明统一单位", "add it to data/indicator-codes.yml with its common unit"),
    (r"unit `(?P<v>.*)` does not convert to `(?P<w>.*)`, the common unit of code `(?P<c>.*)`",
     "单位“{v}”无法换算成共用代码“{c}”的统一单位“{w}”",
     "检查单位是否写错，或这个指标是否真的与其他城市的指标含义相同", "check the unit, or whether this indicator really means the same as the other cities'"),
    (r"duplicate code `(?P<v>.*)`", "共用代码“{v}”重复登记", "删去重复的一条", "remove the repeated entry"),
]

_WHAT_ZH = {"domain": "领域", "audience": "人群"}
_COMPILED = [(re.compile(p + r"\Z", re.S), zh, hz, he) for p, zh, hz, he in _RULES]


def explain(message: str) -> Optional[Explained]:
    """The Chinese and the hints for an English message, or None for a message no rule covers."""
    for pattern, zh, hint_zh, hint_en in _COMPILED:
        m = pattern.match(message)
        if m:
            groups = {k: (v or "") for k, v in m.groupdict().items()}
            groups["what_zh"] = _WHAT_ZH.get(groups.get("what", ""), "")
            return Explained(zh.format(**groups), hint_zh, hint_en)
    return None
