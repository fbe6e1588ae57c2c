"""The catalogue of error codes: every kind of problem the project reports, in one place.

Each kind has a stable code (`quote-not-found`: it is what a webmaster searches for, what
CI tools group by, what tests assert) and, in Chinese and English:

- `message`: the one-line report, a template filled with the error's parameters
  (`quote not found in {file} …`);
- `explanation`: what the rule is and why it exists (the guide's error page);
- `hint`: how to fix it.

Code raises a problem by its code and parameters (`DataError(..., "quote-not-found",
file="plan.txt")`, or `PydanticCustomError("min-above-max", ..., {...})` inside the schema's
validators); the words come from here, never from matching message text. The guide's page
of errors (/guide/errors/) is generated from this table (generator/site/templates/errors.md.j2),
and tests/test_error_codes.py triggers every code with a small input.

A new check means one new entry here (and one trigger in that test).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from collections.abc import Mapping


@dataclass(frozen=True)
class Bilingual:
    zh: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return {"zh": self.zh, "en": self.en}.get(lang, self.en)


@dataclass(frozen=True)
class Kind:
    code: str
    group: str  # a section of the guide's page (GROUPS)
    message: Bilingual  # templates: {name} is a parameter
    explanation: Bilingual
    hint: Bilingual

    @property
    def params(self) -> tuple[str, ...]:
        """The parameters the message names, in order of first use (the English decides)."""
        names: list[str] = []
        for template in (self.message.en, self.message.zh):
            for _, name, _, _ in string.Formatter().parse(template):
                if name and name not in names:
                    names.append(name)
        return tuple(names)


# The sections of the guide's page of errors, in order.
GROUPS: dict[str, Bilingual] = {
    "files": Bilingual("文件和文件夹", "Files and folders"),
    "yaml": Bilingual("YAML 格式", "YAML syntax"),
    "fields": Bilingual("字段和取值", "Fields and values"),
    "references": Bilingual("引用和唯一性", "References and uniqueness"),
    "provenance": Bilingual("出处：引文和数字", "Provenance: quotes and figures"),
    "meaning": Bilingual("含义和译法", "Meaning and translation"),
    "pages": Bilingual("手写页面", "Hand-written pages"),
    "settings": Bilingual("设置和构建", "Settings and the build"),
}

CATALOGUE: dict[str, Kind] = {}


def _kind(code: str, group: str, message: tuple[str, str], explanation: tuple[str, str], hint: tuple[str, str]) -> None:
    """One entry; each pair is (Chinese, English)."""
    assert code not in CATALOGUE and group in GROUPS, code
    CATALOGUE[code] = Kind(code, group, Bilingual(*message), Bilingual(*explanation), Bilingual(*hint))


# ---- files and folders ---------------------------------------------------------------

_kind("file-missing", "files",
      ("缺少这个文件", "file is missing"),
      ("每个项目都需要 data/domains.yml 和 data/audiences.yml：其他文件都引用其中的领域和人群。",
       "Every project needs data/domains.yml and data/audiences.yml: the other files refer to their domains and audiences."),
      ("从代码仓库恢复这个文件", "restore the file from the repository"))
_kind("city-file-missing", "files",
      ("这个城市文件夹里缺少 city.yml", "city.yml is missing for this city folder"),
      ("data/cities/ 下的每个文件夹是一个城市，必须有描述该市和其规划的 city.yml。",
       "Each folder in data/cities/ is a city and needs a city.yml describing the city and its plan."),
      ("复制其他城市的 city.yml 作为模板", "copy another city's city.yml as a start"))
_kind("unexpected-file", "files",
      ("不认识的数据文件", "unexpected data file: see README.md for where data files go"),
      ("每个数据文件的位置决定它的含义；不在约定位置的 YAML 文件不会被读取，所以被当作错误报告，而不是默默忽略。",
       "Where a data file is decides what it means; a YAML file anywhere else would never be read, so it is reported instead of ignored."),
      ("数据文件的位置见 README.md", "see README.md for where data files go"))
_kind("file-empty", "files",
      ("文件是空的", "file is empty"),
      ("空文件没有任何数据，多半是误操作。", "An empty file holds no data; it is most likely a mistake."),
      ("写入内容，或删除文件", "fill it in, or delete it"))
_kind("file-too-large", "files",
      ("文件太大（{size} 字节，上限 {limit}）", "file is too large ({size} bytes; the limit is {limit})"),
      ("数据文件通常只有几十 KB，规划全文一两百 KB；过大的文件多半放错了，也会拖慢每次构建。",
       "Data files are a few tens of KB and plan texts a few hundred; a much larger file is most likely the wrong one and would slow every build."),
      ("检查是否放错了文件", "check that this is the right file"))
_kind("not-utf8", "files",
      ("文件不是 UTF-8 编码（第 {byte} 字节：{reason}）", "file is not valid UTF-8 text ({reason} at byte {byte})"),
      ("所有文本文件都必须以 UTF-8 编码保存，否则中文会变成乱码。",
       "Every text file must be saved as UTF-8, or Chinese characters turn into garbage."),
      ("用 UTF-8 编码保存文件", "save the file as UTF-8"))
_kind("binary-file", "files",
      ("文件不是文本（含控制字符 {char}）", "file is binary, not text: control character {char}"),
      ("规划全文必须是纯文本；控制字符只出现在二进制文件（如 PDF、Word）中。",
       "A plan's text must be plain text; control characters occur only in binary files such as PDF or Word documents."),
      ("规划全文须为 UTF-8 纯文本：是否放错了文件？", "a plan must be UTF-8 plain text: is this the right file?"))
_kind("bad-file-name", "files",
      ("文件名不合规：只能用小写英文字母、数字和连字符，以 .yml 结尾",
       "file name is not allowed: only lowercase letters, digits and hyphens, ending in .yml (like `box-01.yml`)"),
      ("文件名会出现在网址、链接和提示中，所以只允许安全的字符。",
       "File names appear in web addresses, links and messages, so only safe characters are allowed."),
      ("重命名文件，例如 box-01.yml", "rename the file, e.g. box-01.yml"))
_kind("bad-folder-name", "files",
      ("文件夹名不合规：只能用小写英文字母、数字和连字符",
       "folder name is not allowed: only lowercase letters, digits and hyphens (like `box-01`)"),
      ("文件夹名会出现在网址、链接和提示中，所以只允许安全的字符。",
       "Folder names appear in web addresses, links and messages, so only safe characters are allowed."),
      ("重命名文件夹，例如 box-01、shangrao", "rename the folder, e.g. box-01 or shangrao"))
_kind("data-is-link", "files",
      ("data/ 是符号链接", "symbolic link: data/ must be a folder of the project, not a link to one"),
      ("数据来自拉取请求：指向项目以外的链接可能让构建读取或发布不该公开的文件。",
       "Data arrives in pull requests: a link out of the project could make the build read or publish files that must stay private."),
      ("data/ 必须是项目中真实的文件夹", "data/ must be a real folder of the project"))
_kind("link-outside-data", "files",
      ("符号链接指向 data/ 以外，不予读取", "symbolic link to a place outside data/: not followed"),
      ("指向 data/ 以外的链接可能让构建读取不该公开的文件，所以不予读取。",
       "A link out of data/ could make the build read files that must stay private, so it is not followed."),
      ("把文件本身放进 data/，不要用链接", "put the file itself in data/, not a link"))
_kind("link-leads-nowhere", "files",
      ("符号链接指向不存在的文件（或形成循环），不予读取",
       "symbolic link that leads nowhere (a missing file or a loop): not followed"),
      ("链接的目标不存在，或链接绕回自己。", "The link's target does not exist, or the link leads back to itself."),
      ("删除这个链接，把文件本身放在这里", "remove the link and put the file itself here"))
_kind("link-to-folder", "files",
      ("符号链接指向一个文件夹，不予读取", "symbolic link to a folder: not followed (put the folder itself here)"),
      ("跟随指向文件夹的链接可能重复读取文件，或陷入循环。",
       "Following links to folders could read files twice, or forever around a loop."),
      ("把文件夹本身放在这里", "put the folder itself here"))
_kind("source-outside-sources", "files",
      ("{file} 是符号链接或不在 data/sources/ 中，不予读取",
       "{file} is a symbolic link or lies outside data/sources/: not followed"),
      ("规划全文必须是 data/sources/ 中真实的文件，构建不会跟随链接去读取别处的文件。",
       "A plan's text must be a real file in data/sources/; the build does not follow links to read files elsewhere."),
      ("把规划全文文件本身放进 data/sources/", "put the plan's text file itself in data/sources/"))
_kind("source-text-missing", "files",
      ("找不到规划原文 {file}", "source text not found at {file}"),
      ("city.yml 的 document.file 指向的规划全文不存在；没有原文就无法核对引文。",
       "The plan text named by document.file in city.yml does not exist; without it no quote can be checked."),
      ("把规划全文（txt）放进 data/sources/", "put the plan's text file in data/sources/"))

# ---- YAML syntax ----------------------------------------------------------------------

_kind("malformed-yaml", "yaml",
      ("YAML 格式错误：{detail}", "malformed YAML: {detail}"),
      ("文件不是合法的 YAML，无法读取。常见原因：缩进不齐、冒号后缺空格、引号或括号不成对。",
       "The file is not valid YAML and cannot be read. Common causes: uneven indentation, no space after a colon, unpaired quotes or brackets."),
      ("检查这一行及上一行的缩进、冒号、引号和括号是否成对",
       "check indentation, colons, quotes and brackets on this line and the one before"))
_kind("special-character", "yaml",
      ("文件中不允许特殊字符 {char}", "malformed YAML: special character {char} is not allowed"),
      ("控制字符和双向文字控制符会改变文字的显示顺序（例如让“41元”显示成“14元”），审阅者看到的和网站发布的就不一样了。",
       "Control characters and bidirectional controls change how text is displayed (\"41元\" can show as \"14元\"), so a reviewer would read one thing while the site publishes another."),
      ("删除这个字符：重新输入这一行", "remove the character: type the line again"))
_kind("yaml-too-deep", "yaml",
      ("嵌套层数太多（超过 {limit} 层）", "malformed YAML: nesting deeper than {limit} levels"),
      ("数据文件只有五六层嵌套；层数过多是错误，也可能是恶意文件。",
       "Data files nest about six levels; far deeper is a mistake, or a hostile file."),
      ("数据文件不需要这么多层：检查缩进", "data files need far fewer levels: check the indentation"))
_kind("too-many-values", "yaml",
      ("数值太多（超过 {limit} 个）", "malformed YAML: more than {limit} values"),
      ("最大的数据文件也只有不到一千个值；过多的值是错误，也可能是恶意文件。",
       "The largest data file holds under a thousand values; this many is a mistake, or a hostile file."),
      ("检查这个文件是否放错了", "check that this is the right file"))
_kind("yaml-anchors", "yaml",
      ("数据文件中不能使用锚点和别名（& * <<）", "anchors/aliases (& * <<) are not allowed in data files: write the values out"),
      ("锚点和别名会让一个小文件展开成巨大的数据；写出每个值也让每个条目可以单独阅读。",
       "Anchors and aliases can make a small file expand into huge data; writing values out also keeps each entry readable on its own."),
      ("把要重复的内容直接写出来", "write the repeated values out in full"))
_kind("out-of-memory", "yaml",
      ("读取这个文件时内存不足", "ran out of memory reading this file"),
      ("读取这个文件用尽了内存：它不是正常的数据文件。", "Reading this file used up the memory: it is not a normal data file."),
      ("数据文件只有几十 KB：检查这个文件是否放错了", "data files are a few tens of KB: check that this is the right file"))
_kind("key-not-text", "yaml",
      ("键必须是普通文字，实际是 {key}", "a key must be plain text, got {key}"),
      ("“键: 值”中的键必须是一个简单的名称。", "The key of a `key: value` pair must be a simple name."),
      ("检查这一行的冒号和缩进", "check this line's colon and indentation"))
_kind("duplicate-key", "yaml",
      ("同一层里这个键出现了两次", "key appears twice in the same mapping"),
      ("同一个键写了两次，只有一个会生效，另一个会被悄悄丢掉。", "A key written twice: only one would count and the other would silently be lost."),
      ("删除其中一个", "remove one of them"))
_kind("unreadable-value", "yaml",
      ("无法读取 {value}（{reason}）", "cannot read {value} ({reason}); put it in quotes if it is meant as text"),
      ("YAML 把这个值当作日期、数字或带标记的值来读，但它不是合法的写法。",
       "YAML reads this value as a date, a number or a tagged value, but it is not a valid one."),
      ("如果这是文字，请加引号", "put it in quotes if it is meant as text"))

# ---- fields and values ----------------------------------------------------------------

_kind("missing-field", "fields",
      ("缺少必填项", "required field is missing"),
      ("这个字段是必填的；《数据字段说明》列出了每种文件的必填字段。",
       "This field is required; the field reference lists the required fields of each kind of file."),
      ("参照同一文件中其他条目补上这一项", "add it, following another entry in the same file"))
_kind("missing-en", "fields",
      ("缺少英文（en）", "English (en) text is missing"),
      ("网站的每段文字都有中文和英文两种语言。", "Every text on the site is given in both Chinese and English."),
      ("每段文字都要有 zh 和 en 两种语言", "every text needs both zh and en"))
_kind("missing-zh", "fields",
      ("缺少中文（zh）", "Chinese (zh) text is missing"),
      ("网站的每段文字都有中文和英文两种语言。", "Every text on the site is given in both Chinese and English."),
      ("每段文字都要有 zh 和 en 两种语言", "every text needs both zh and en"))
_kind("unknown-key", "fields",
      ("无法识别的键 `{key}`", "unknown key `{key}` (check the spelling; see the schema in schema/)"),
      ("拼错的键会被忽略，它的值就悄悄丢失了，所以不认识的键都是错误。",
       "A misspelt key would be ignored and its value silently lost, so every unknown key is an error."),
      ("检查拼写；可用的键见 data/schema/ 和网站上的《数据字段说明》",
       "check the spelling; the keys are listed in data/schema/ and the site's field reference"))
_kind("empty", "fields",
      ("不能为空", "must not be empty"),
      ("这个字段必须有内容。", "This field must have content."),
      ("填写内容，或删除这一项", "fill it in, or remove the key"))
_kind("too-few-items", "fields",
      ("至少要有 {limit} 项", "must have at least {limit} entries"),
      ("这个列表有最少项数（例如一组同义词至少要有两个说法）。", "This list has a least number of entries (a synonym group holds at least two terms, for example)."),
      ("补上缺少的项，或删除整个列表", "add the missing entries, or remove the whole list"))
_kind("too-long", "fields",
      ("不能超过 {limit} 个字符", "must be at most {limit} characters long"),
      ("代码和文件名会出现在网址中，长度有上限。", "Ids and file names appear in web addresses and have a length limit."),
      ("用更短的名称或代码", "use a shorter name or id"))
_kind("not-a-number", "fields",
      ("应为数字，实际是 {value}", "expected a number, got {value}"),
      ("数字字段只能写数字：单位另有 unit 字段，图表和比较需要纯数字。",
       "A number field holds digits only: the unit has its own field, and charts and comparisons need plain numbers."),
      ("数字只写阿拉伯数字，例如 1250，不要写成 1,250元 或 95%（单位写在 unit 里）",
       "write digits only, such as 1250 — not 1,250元 or 95% (the unit goes in `unit`)"))
_kind("not-text", "fields",
      ("应为文字，实际是 {value}", "expected text, got {value}"),
      ("这个字段是文字；YAML 会把不加引号的 1250 或 true 读成数字或真假值。",
       "This field is text; YAML reads an unquoted 1250 or true as a number or a truth value."),
      ("文字可以加引号，例如 \"1250\"", "put text in quotes if it looks like a number"))
_kind("not-a-mapping", "fields",
      ("应为“键: 值”的结构，实际是 {value}", "expected a mapping of keys, got {value}"),
      ("这里应当是一组“键: 值”，常见原因是缩进不对。", "A set of `key: value` pairs belongs here; the usual cause is the indentation."),
      ("参照同一文件中其他条目的写法，注意缩进", "copy the layout of another entry in the same file; check the indentation"))
_kind("not-a-list", "fields",
      ("应为列表，实际是 {value}", "expected a list, got {value}"),
      ("这里应当是一个列表。", "A list belongs here."),
      ("列表每一项以“- ”开头，或写成 [a, b]", "start each list entry with \"- \", or write [a, b]"))
_kind("not-true-or-false", "fields",
      ("应为 true 或 false，实际是 {value}", "expected true or false, got {value}"),
      ("这个字段只有“是”和“否”两种取值。", "This field is either yes or no."),
      ("只能写 true 或 false", "write true or false"))
_kind("bad-date", "fields",
      ("日期格式应为 2022-05-31，实际是 {value}", "expected a date like 2022-05-31, got {value}"),
      ("日期统一写成 年-月-日，网站才能排序和显示。", "Dates are written year-month-day so that the site can sort and show them."),
      ("年-月-日，用两位数的月和日，加引号", "year-month-day with two-digit month and day, in quotes"))
_kind("bad-id", "fields",
      ("代码只能用小写英文字母、数字和连字符（例如 radio-listening），实际是 {value}",
       "expected an id of lowercase letters, digits and hyphens (like `radio-listening`), got {value}"),
      ("代码是网页的永久网址的一部分，只能用安全的字符。", "An id is part of a page's permanent address, so only safe characters are allowed."),
      ("代码会出现在网址里：不要用中文、空格或大写", "ids appear in web addresses: no Chinese, spaces or capitals"))
_kind("bad-url", "fields",
      ("应为以 https:// 开头的网址，实际是 {value}",
       "expected a web address starting with https:// (letters, digits and . / _ - only), got {value}"),
      ("网址会被写进网页的链接中，只接受安全的 https 网址。", "The address becomes a link on the pages, so only a safe https address is accepted."),
      ("网址只能含字母、数字和 . / _ -", "an address may hold only letters, digits and . / _ -"))
_kind("bad-licence-id", "fields",
      ("只能使用字母、数字、点和连字符，实际是 {value}",
       "expected letters, digits, dots and hyphens only, starting with a letter or digit (like `CC-BY-4.0`), got {value}"),
      ("许可证代码采用 SPDX 的写法。", "A licence id is written the SPDX way."),
      ("例如 CC-BY-4.0", "for example CC-BY-4.0"))
_kind("bad-source-file-name", "fields",
      ("应为 data/sources/ 中的文件名（只用小写字母、数字和连字符，以 .txt 结尾，不含文件夹），实际是 {value}",
       "expected the name of a file in data/sources/: lowercase letters, digits and hyphens ending in .txt, "
       "no folder (like `shangrao-plan.txt`), got {value}"),
      ("规划全文只能从 data/sources/ 读取；路径、“..”和反斜杠可能让构建读取别处的文件。",
       "Plan texts are read from data/sources/ only; a path, `..` or a backslash could make the build read a file elsewhere."),
      ("只写文件名，例如 shangrao-plan.txt；不能写路径、“..”或反斜杠",
       "write the bare file name, e.g. shangrao-plan.txt: no path, `..` or backslash"))
_kind("not-one-of", "fields",
      ("只能是 {allowed} 之一，实际是 {value}", "expected one of {allowed}, got {value}"),
      ("这个字段只接受固定的几种取值。", "This field accepts a fixed set of values only."),
      ("照抄允许的取值之一", "copy one of the allowed values"))
_kind("negative", "fields",
      ("不能小于 0，实际是 {value}", "must be at least 0, got {value} (amounts cannot be negative)"),
      ("金额、数量和比例不会是负数。", "Amounts, counts and rates are never negative."),
      ("金额和数量不能是负数", "amounts and counts cannot be negative"))
_kind("below-minimum", "fields",
      ("不能小于 {limit}，实际是 {value}", "must be at least {limit}, got {value}"),
      ("这个数字有下限（例如年份从 2021 年起）。", "This number has a lower limit (years start at 2021, for example)."),
      ("检查数字是否写错", "check the number"))
_kind("above-maximum", "fields",
      ("不能大于 {limit}，实际是 {value}", "must be at most {limit}, got {value}"),
      ("这个数字有上限（例如年份到 2035 年为止）。", "This number has an upper limit (years end at 2035, for example)."),
      ("检查数字是否多写了一位", "check for an extra digit"))
_kind("percentage-above-100", "fields",
      ("百分比不能超过 100，实际是 {value}", "a percentage cannot be above 100, got {value}"),
      ("百分比写的是百分号前的数字，不会超过 100。", "A percentage is the number before the % sign and is never above 100."),
      ("百分数只写数字部分，例如 95", "write the number of per cent only, such as 95"))
_kind("min-above-max", "fields",
      ("最小值 {min} 大于最大值 {max}", "min ({min}) is greater than max ({max})"),
      ("范围的下限不能大于上限。", "A range's lower end cannot be above its upper end."),
      ("检查 min 和 max 是否写反", "check whether min and max are swapped"))
_kind("figure-without-value", "fields",
      ("数字和文字目标（qualitative）至少要有一个", "a figure needs a `value` or a `qualitative` wording"),
      ("指标的基期值或目标值要么是数字，要么是规划的文字表述（如“应保尽保”）。",
       "An indicator's baseline or target is either a number or the plan's wording (such as 应保尽保)."),
      ("没有数字的目标（如“应保尽保”）写在 qualitative 里", "a target without a number (such as 应保尽保) goes in `qualitative`"))
_kind("standard-without-figure", "fields",
      ("服务标准需要 value、min/max 或 tiers 之一", "a standard needs a `value`, a `min`/`max` range or `tiers`"),
      ("服务标准就是规划写明的数字；没有数字就不是标准。", "A standard is a figure the plan states; without one there is no standard."),
      ("规划没有给出数字时，不要写 standards", "leave out `standards` when the plan gives no figure"))
_kind("source-without-place", "fields",
      ("出处需要写明位置：表格和行（table, row）、专栏和项目（box, item）或章（chapter）；其他文件写章、部分或条（chapter, section, article）",
       "a source needs a place: `table` and `row`, `box` and `item`, or `chapter` (in another document: `chapter`, "
       "`section` or `article`)"),
      ("出处链接会跳到规划原文中的这段文字，所以要写明它在哪里。",
       "The source link jumps to the passage in the plan's text, so it must say where the passage is."),
      ("写明这段文字在规划中的位置", "say where in the plan the passage is"))
_kind("table-source-without-row", "fields",
      ("表格出处需要写明第几行（row）", "a source in a table needs its `row`"),
      ("表格中的出处要指向具体的一行。", "A source in a table points at one row of it."),
      ("从 1 开始数数据行", "count data rows from 1"))
_kind("age-finder-without-age", "fields",
      ("按年龄判断的人群需要 min_age 或 max_age", "an audience with `finder: age` needs `min_age` or `max_age`"),
      ("“我能享受哪些服务”按年龄判断这个人群，需要知道年龄范围。",
       "The service finder decides this audience by age, so it needs the age range."),
      ("例如老年人写 min_age: 60", "for example, older people: min_age: 60"))
_kind("ages-without-age-finder", "fields",
      ("只有 finder: age 的人群才能写 min_age/max_age", "`min_age`/`max_age` apply only with `finder: age`"),
      ("只有按年龄判断的人群才会用到年龄范围。", "Only an audience decided by age uses an age range."),
      ("删除年龄，或改为 finder: age", "remove the ages, or set finder: age"))
_kind("age-not-in-question", "fields",
      ("问题（{lang}）中没有写明年龄 {age}", "the age {age} is not stated by the question ({lang}): the finder would apply a rule the resident is not told"),
      ("查询工具按年龄判断这个人群；居民看到的问题必须写明同一个年龄，否则他们不知道规则。",
       "The finder decides this audience by age; the question residents read must state the same age, or they are not told the rule."),
      ("在 question 中照样写明年龄，例如“我是60岁及以上的老年人”", "state the age in the question, e.g. \"aged 60 or over\""))
_kind("limits-item-not-an-age", "fields",
      ("limits_item 只能用于年龄标准（kind: age、recipient: resident、不分档）",
       "`limits_item` applies only to an age (kind: age, recipient: resident, no tiers)"),
      ("limits_item 表示规划写明整个条目只面向这一年龄的人，所以只能写在个人的年龄标准上。",
       "limits_item says the plan limits the whole item to this age, so it belongs on a person's age standard only."),
      ("删除 limits_item，或把它写在条目的年龄标准上", "remove limits_item, or put it on the item's age standard"))
_kind("invalid-value", "fields",
      ("取值不合规：{detail}", "{detail}"),
      ("这个值不符合数据结构的规定（generator/data/schema.py）。",
       "The value breaks a rule of the schema (generator/data/schema.py)."),
      ("对照《数据字段说明》检查这个值", "check the value against the field reference"))

# ---- references and uniqueness ---------------------------------------------------------

_kind("duplicate-id", "references",
      ("代码 `{id}` 重复了", "duplicate id `{id}`"),
      ("代码是网页的永久网址，在同一个文件中只能出现一次。", "An id is a page's permanent address and may appear once."),
      ("每个代码只能用一次：换一个代码", "each id may be used once: choose another"))
_kind("duplicate-id-in-city", "references",
      ("代码 `{id}` 重复了（{other} 中也有）", "duplicate id `{id}` (also in {other})"),
      ("指标和服务项目的代码是网页的永久网址，在同一个城市中只能用一次。",
       "Indicator and item ids are permanent page addresses: each may be used once per city."),
      ("同一城市内每个代码只能用一次：换一个代码", "each id may be used once per city: choose another"))
_kind("duplicate-term", "references",
      ("术语 `{term}` 重复了", "duplicate term `{term}`"),
      ("术语表中每个术语只有一种译法，所以只能出现一次。", "The glossary gives each term one rendering, so each term appears once."),
      ("删除重复的一条", "remove the duplicate"))
_kind("duplicate-code", "references",
      ("共用代码“{code}”重复登记", "duplicate code `{code}`"),
      ("每个共用指标代码只登记一次，带一个统一单位。", "Each shared indicator code is declared once, with one common unit."),
      ("删去重复的一条", "remove the repeated entry"))
_kind("synonym-in-two-groups", "references",
      ("说法“{term}”也在第 {group} 组中", "term `{term}` is also in group {group}: merge the two groups"),
      ("一个说法在两组同义词中会把两组悄悄合并，所以每个说法只属于一组。",
       "A term in two synonym groups would silently join them, so each term belongs to one group."),
      ("把这两组合并成一组", "merge the two groups into one"))
_kind("id-not-folder-name", "references",
      ("必须与文件夹名 `{folder}` 相同", "must match the folder name `{folder}`"),
      ("城市的代码就是它的文件夹名，两者不一致时链接会失效。", "A city's id is its folder's name; links break when they differ."),
      ("city.yml 的 id 就是文件夹名", "the id in city.yml is the folder's name"))
_kind("unknown-domain", "references",
      ("未知的领域 `{value}`（可用：{known}）", "unknown domain `{value}` (known: {known})"),
      ("领域只能是 data/domains.yml 中列出的代码。", "A domain must be one of the ids listed in data/domains.yml."),
      ("领域见 data/domains.yml", "domains are in data/domains.yml"))
_kind("unknown-audience", "references",
      ("未知的人群 `{value}`（可用：{known}）", "unknown audience `{value}` (known: {known})"),
      ("人群只能是 data/audiences.yml 中列出的代码。", "An audience must be one of the ids listed in data/audiences.yml."),
      ("人群见 data/audiences.yml", "audiences are in data/audiences.yml"))
_kind("unknown-document", "references",
      ("未知的文件 `{document}`（可引用：{known}）", "unknown document `{document}` (known: {known})"),
      ("出处必须是已登记的文件：本市的规划（city.yml 的 document）、本市的其他文件（city.yml 的 documents）或全站文件"
       "（data/documents.yml）。",
       "A source must be a registered document: the city's plan (city.yml `document`), its other documents "
       "(city.yml `documents`) or a site-wide one (data/documents.yml)."),
      ("document 写已登记文件的代码", "use the id of a registered document"))
_kind("box-not-listed", "references",
      ("专栏 {box} 没有在 city.yml 的 boxes 中列出", "box {box} is not listed in city.yml `boxes`"),
      ("出处中的专栏必须在 city.yml 中登记，网站才知道它属于哪个领域。",
       "A box a source cites must be declared in city.yml, so that the site knows its domain."),
      ("先在 city.yml 中加上这个专栏", "add the box to city.yml first"))
_kind("code-not-declared", "references",
      ("共用代码“{code}”没有在 data/indicator-codes.yml 中登记", "code `{code}` is not listed in data/indicator-codes.yml"),
      ("共用代码让不同城市的同一指标可以比较；它的统一单位在 data/indicator-codes.yml 中登记。",
       "A shared code lets cities' indicators be compared; its common unit is declared in data/indicator-codes.yml."),
      ("在 data/indicator-codes.yml 中加一条，写明统一单位", "add it to data/indicator-codes.yml with its common unit"))
_kind("answer-word-not-found", "references",
      ("词语“{word}”没有出现在人群 `{audience}` 的任何条目中", "word `{word}` occurs in no item of audience `{audience}`"),
      ("查询工具在该人群条目的名称、服务对象和标准名称中寻找追问回答的原词；找不到的词什么也不会区分。",
       "The finder looks for an answer's words in the titles, eligibility and standard labels of the audience's items; a word found nowhere distinguishes nothing."),
      ("words 只写规划在这些地方实际使用的词", "give only words the plan uses there"))
_kind("unit-not-convertible", "references",
      ("单位“{unit}”无法换算成共用代码“{code}”的统一单位“{common}”",
       "unit `{unit}` does not convert to `{common}`, the common unit of code `{code}`"),
      ("共用代码的指标要换算成统一单位才能比较，单位必须计量同一种东西。",
       "Indicators sharing a code are compared in the common unit, so the units must measure the same thing."),
      ("检查单位是否写错，或这个指标是否真的与其他城市的指标含义相同",
       "check the unit, or whether this indicator really means the same as the other cities'"))

# ---- provenance ----------------------------------------------------------------------

_kind("quote-not-found", "provenance",
      ("在规划原文 {file} 中找不到这段引文", "quote not found in {file} (it must be copied verbatim)"),
      ("网站上的每个事实都要能追溯到规划原文：引文必须逐字出现在规划全文中。",
       "Every fact on the site is traceable to the plan: the quote must occur word for word in the plan's text."),
      ("从规划原文中逐字复制（空格和换行可以不同，标点必须相同）",
       "copy it word for word from the plan (spaces and line breaks may differ, punctuation may not)"))
_kind("numbers-not-in-quote", "provenance",
      ("条目中的数字 {numbers} 在引文中找不到", "number(s) {numbers} in this entry do not occur in its quote"),
      ("条目中的每个数字都必须来自它的引文。", "Every number an entry states must come from its quote."),
      ("数字必须来自规划原文：检查数字，或把包含这个数字的原文放进 quote",
       "every figure must come from the plan: check it, or quote the passage that states it"))
_kind("phrase-not-in-quote", "provenance",
      ("原话 `{phrase}` 不在引文中", "phrase `{phrase}` is not in the quote (copy the words that state the figure from it)"),
      ("phrase 是引文中写明这个数字的原话，必须是引文的一部分。",
       "The phrase is the words of the quote that state the figure, so it must be part of the quote."),
      ("从 quote 中逐字复制写明这个数字的几个字（空格可以不同）",
       "copy the words that state the figure from the quote, character for character (spaces may differ)"))
_kind("figure-not-in-phrase", "provenance",
      ("数字 {value} 在引文中找不到依据：写明它的原话 `{phrase}` 中没有这个数字",
       "{value} is not stated by the phrase `{phrase}`"),
      ("每个数字都绑定在写明它的原话上：原话中必须有这个数字。",
       "Each figure is bound to the words that state it: the phrase must contain the figure."),
      ("数字必须与 phrase（引文中写明这个数字的原话）一致：检查数字，或改正 phrase",
       "the figure must be the one its phrase (the words of the quote that state it) states: check the figure, or the phrase"))
_kind("phrase-extra-numbers", "provenance",
      ("原话 `{phrase}` 中还有别的数字 {numbers}", "phrase `{phrase}` states number(s) {numbers} that are not figures of this entry"),
      ("原话只截取写明本条数字的几个字；其他数字说明截取得太长，或漏填了一个数字。",
       "The phrase holds only the words that state this entry's figures; another number means it is too long, or a figure is missing."),
      ("phrase 只截取写明本条数字的几个字，例如“不少于15套”，不要带上其他数字",
       "cut the phrase down to the words that state this figure, e.g. 不少于15套, leaving other numbers out"))
_kind("cell-not-in-quote", "provenance",
      ("单元格文字 `{text}` 不在引文中", "text `{text}` is not in the quote (copy the cell as printed)"),
      ("指标的 text 是规划表格中这个单元格的原样文字，必须出现在该行的引文中。",
       "An indicator's text is the cell as the plan's table prints it, so it must occur in the row's quote."),
      ("text 照抄该行中这个单元格的原样文字", "copy the cell exactly as the row prints it"))
_kind("figure-not-in-cell", "provenance",
      ("数字 {value} 在单元格原文 `{text}` 中找不到", "{value} is not stated by the text `{text}`"),
      ("指标的数字必须是它的单元格中写的数字。", "An indicator's figure must be the number its cell prints."),
      ("数字必须是该单元格中写的数字", "the number must be one the cell prints"))
_kind("text-not-verbatim", "provenance",
      ("条目全文（text.zh）在规划原文 {file} 中找不到", "text not found in {file} (the Chinese text is the plan's own wording)"),
      ("服务项目的中文全文是规划的原话，必须逐字出现在规划全文中。",
       "An item's Chinese text is the plan's own wording, so it must occur word for word in the plan's text."),
      ("text.zh 要逐字照抄规划原文（空格和换行可以不同）",
       "copy text.zh word for word from the plan (spaces and line breaks may differ)"))

# ---- meaning and translation ----------------------------------------------------------

_kind("glossary-not-used", "meaning",
      ("英文没有使用术语表中“{term}”的译法“{en}”", "glossary term `{term}` is not translated as `{en}` in the English"),
      ("术语表（data/glossary.yml）规定了每个术语唯一的英文译法，全站一致。",
       "The glossary (data/glossary.yml) gives each term one English rendering, used across the site."),
      ("改用术语表的译法（或其 en_variants），或先修改术语表",
       "use the glossary's rendering (or one of its en_variants), or change the glossary first"))
_kind("glossary-avoided", "meaning",
      ("术语“{term}”被译为“{used}”，术语表不允许这种译法，应为“{en}”",
       "glossary term `{term}` is rendered `{used}`, which the glossary rules out: use `{en}`"),
      ("有些译法会误导读者，术语表在 en_avoid 中列出了它们。",
       "Some renderings mislead readers; the glossary lists them in en_avoid."),
      ("改用术语表的译法（见 data/glossary.yml 的 en_avoid 和说明）",
       "use the glossary's rendering (see en_avoid and the note in data/glossary.yml)"))
_kind("more-than", "meaning",
      ("“{word}”包含本数，英文却写成 more than（多于）",
       "`{word}` includes the number, but the English says \"more than\": write \"or more\" or \"at least\""),
      ("“以上”“不少于”“不低于”包含这个数本身；more than 不包含，意思就变了。",
       "以上, 不少于 and 不低于 include the number itself; \"more than\" excludes it and changes the meaning."),
      ("译为 or more 或 at least，例如 80%以上 → 80% or more", "write \"or more\" or \"at least\", e.g. 80%以上 → 80% or more"))
_kind("channels", "meaning",
      ("这里的“套”指广播电视频道，英文没有写 channels", "套 counts radio or TV channels here, but the English does not say \"channels\""),
      ("广播、电视节目的“套”是频道。", "套 of radio and TV programmes counts channels."),
      ("例如 15套电视节目 → 15 TV channels", "for example, 15套电视节目 → 15 TV channels"))
_kind("full-width-punctuation", "meaning",
      ("英文中有全角标点 {chars}", "full-width punctuation {chars} in English text: use , . : ; ( ) and plain spaces"),
      ("全角标点在英文中显示为多余的空白，也会妨碍搜索。", "Full-width punctuation shows as stray gaps in English and hinders search."),
      ("英文使用半角标点：, . : ; ( ) 和普通空格", "use half-width punctuation in English: , . : ; ( ) and plain spaces"))
_kind("comparator-mismatch", "meaning",
      ("原话写的是“{word}”，比较关系应为 {allowed}，而不是 {given}",
       "the phrase says {word}, so the comparator is {allowed}, not {given} (or explain the reading in `reading`)"),
      ("比较关系决定网站如何表述这个数字（“不少于”“约”等），必须与原话一致。",
       "The comparator decides how the site words the figure (at least, about…), so it must agree with the phrase."),
      ("照原话填写 comparator（以上、不少于 → ge；左右、约 → approx；不超过 → le）；确需不同理解时在 reading 中用中英文说明理由",
       "set the comparator the words say (以上, 不少于 → ge; 左右, 约 → approx; 不超过 → le); "
       "if another reading is right, explain it in `reading` in both languages"))
_kind("approx-without-word", "meaning",
      ("比较关系为 approx（约），但原话中没有“约”或“左右”", "comparator approx, but the phrase has no 约 or 左右"),
      ("只有规划写明“约”或“左右”时，网站才说“约”。", "The site says \"about\" only where the plan says 约 or 左右."),
      ("只有原话写“约”或“左右”时才用 approx", "use approx only where the plan says 约 or 左右"))
_kind("age-comparator-mismatch", "meaning",
      ("年龄原话写的是“{word}”，比较关系应为 {allowed}，而不是 {given}",
       "the age phrase says {word}, so the comparator is {allowed}, not {given}"),
      ("年龄决定查询工具把服务列给谁：65岁及以上包括65岁（ge），未满18周岁不包括18岁（lt）。",
       "An age decides whom the finder shows a service to: 65岁及以上 includes 65 (ge), 未满18周岁 excludes 18 (lt)."),
      ("65岁及以上 → ge；未满18周岁 → lt；0-6岁 → eq（写 min 和 max）", "65岁及以上 → ge; 未满18周岁 → lt; 0-6岁 → eq (with min and max)"))
_kind("age-both-ends", "meaning",
      ("年龄原话写的是“{word}”：只写一端的年龄，不要同时写 min 和 max", "the age phrase says {word}: give one end of the ages, not both"),
      ("“65岁及以上”只有下限；再写上限就是规划没有说的话。", "65岁及以上 has a lower end only; an upper end would be something the plan does not say."),
      ("“65岁及以上”只写 min: 65", "for 65岁及以上 give only min: 65"))
_kind("age-comparator-without-word", "meaning",
      ("年龄原话中没有“以上”“未满”“以下”等词，比较关系应为 eq，而不是 {given}",
       "the age phrase has no word for a bound (以上, 未满, 以下), so the comparator is eq, not {given}"),
      ("0-6岁这样的范围两端都包括在内，没有比较词。", "A range such as 0-6岁 includes both ends and has no comparing word."),
      ("0-6岁这样的范围写 min 和 max，comparator 不填", "a range such as 0-6岁 has min and max and no comparator"))
_kind("qualifier-missing", "meaning",
      ("原话中有限定语“{word}”，须填写 qualifier: {qualifier}", "the phrase says `{word}`: set qualifier: {qualifier}"),
      ("“力争”“原则上”等限定语改变了承诺的力度，网站要在数字旁照样说明。",
       "Hedges such as 力争 or 原则上 change how firm the promise is; the site repeats them next to the figure."),
      ("力争 → aim、原则上 → in-principle、基本 → basically、平均 → average",
       "力争 → aim, 原则上 → in-principle, 基本 → basically, 平均 → average"))
_kind("qualifier-without-word", "meaning",
      ("qualifier 为 {qualifier}，但原话中没有相应的词", "qualifier {qualifier}, but the phrase has no word for it"),
      ("网站只说规划说过的限定语。", "The site states only the hedges the plan states."),
      ("只写原话中确有的限定语", "give only a hedge the phrase has"))
_kind("percentage-without-unit", "meaning",
      ("百分比须写单位 {{zh: '%', en: '%'}}", "a percentage needs the unit {{zh: '%', en: '%'}}"),
      ("百分比的数字要带 % 显示。", "A percentage is shown with its % sign."),
      ("加上 unit: {zh: '%', en: '%'}", "add unit: {zh: '%', en: '%'}"))
_kind("code-name-differs", "meaning",
      ("共用代码 `{code}` 的指标在 {file} 中的英文名称是“{name}”，两处必须相同",
       "code `{code}` is named \"{name}\" in {file}: one English name per code"),
      ("共用代码的指标是同一个指标，中文名相同时英文名也要相同。",
       "Indicators sharing a code are one indicator: the same Chinese name reads the same in English."),
      ("共用代码的指标在各市用同一个英文名称", "indicators sharing a code use one English name in every city"))
_kind("code-unit-differs", "meaning",
      ("共用代码 `{code}` 的指标在 {file} 中的单位是“{unit}”，与这里的单位无法换算",
       "code `{code}` has unit `{unit}` in {file}, which this unit does not convert to"),
      ("共用代码的指标要放在一起比较，单位必须能互相换算。",
       "Indicators sharing a code are compared side by side, so their units must convert into each other."),
      ("共用代码的指标必须计量同一种东西（如 万张 与 千张）",
       "indicators sharing a code must measure the same thing (such as 万张 and 千张)"))
_kind("code-english-unit-differs", "meaning",
      ("共用代码 `{code}` 的指标在 {file} 中的英文单位是“{unit}”，两处必须一致",
       "code `{code}` has the English unit \"{unit}\" in {file}: one English unit per code"),
      ("同一种单位在英文中只用一种说法。", "One kind of unit has one English name."),
      ("共用代码的指标用同一个英文单位名称（可带 10,000 等倍数）",
       "indicators sharing a code use one English unit name (a multiplier such as 10,000 may differ)"))
_kind("missing-singular", "meaning",
      ("界面文字“{{n}} {noun}”没有单数形式：请添加 `{key}`",
       "`{{n}} {noun}` has no singular form: add `{key}` (\"1 {noun}\" is wrong)"),
      ("英文在数量为 1 时用单数（1 service）。", "English uses the singular for 1 (1 service)."),
      ("在 generator/site/i18n.py 中为它加一条 _one 文字", "add a _one string for it in generator/site/i18n.py"))

# ---- hand-written pages ----------------------------------------------------------------

_kind("published-link", "pages",
      ("符号链接：构建会把它指向的文件发布出去", "symbolic link: the engine would publish what it points at; put the files here"),
      ("content/ 和 theme/ 中的文件会原样复制到网站；链接会把它指向的任何文件公开。",
       "Files in content/ and theme/ are copied into the site as they are; a link would publish whatever it points at."),
      ("把链接换成文件本身", "replace the link by the file itself"))
_kind("content-file-type", "pages",
      ("content/ 中不允许 {suffix} 类型的文件", "file type {suffix} is not allowed in content/: pages are Markdown (.md), images PNG, JPEG or WebP"),
      ("SVG 或脚本文件会以网站自己的身份运行，所以 content/ 只接受页面和图片。",
       "An SVG or a script would run as the site's own code, so content/ accepts pages and images only."),
      ("页面用 Markdown（.md），图片用 PNG、JPEG 或 WebP", "pages are Markdown (.md), images PNG, JPEG or WebP"))
_kind("active-html", "pages",
      ("页面中不允许可执行的 HTML：{html}", "active HTML `{html}` is not allowed in a page: write Markdown"),
      ("页面中的脚本、框架、事件处理等 HTML 可以运行代码或加载其他网站的内容。",
       "Scripts, frames, event handlers and the like can run code or load content from other sites."),
      ("用 Markdown 写：链接、列表、表格都不需要 HTML", "write Markdown: links, lists and tables need no HTML"))

# ---- settings and the build ----------------------------------------------------------

_kind("bad-url-setting", "settings",
      ("环境变量 {name}={value}：应为 http:// 或 https:// 开头的网址，不含空格、引号或尖括号",
       "environment variable {name}={value}: expected an http:// or https:// address without spaces, quotes or angle brackets"),
      ("这个网址会写进每个规范链接、引用、嵌入代码、站点地图和订阅源。",
       "The address goes into every canonical link, citation, embed snippet, sitemap and feed."),
      ("例如 SITE_URL=https://example.gov.cn/services/", "for example SITE_URL=https://example.gov.cn/services/"))
_kind("site-url-required", "settings",
      ("环境变量 {name} 未设置：{why} 时构建必须设置网站的公开网址，例如 SITE_URL=https://standards.example.gov.cn/"
       "（只是预览时可设 SITE_URL_REQUIRED=0）",
       "environment variable {name} is not set: with {why} a build needs the site's public address, e.g. "
       "SITE_URL=https://standards.example.gov.cn/ (for a preview only, set SITE_URL_REQUIRED=0)"),
      ("引用、嵌入代码、规范链接、站点地图和订阅源都需要完整网址；没有它，发布的网站无法被正确分享和引用。",
       "Citations, embed code, canonical links, the sitemap and the feeds need the full address; without it a "
       "published site cannot be shared or cited correctly."),
      ("设置 SITE_URL，例如 SITE_URL=https://standards.example.gov.cn/；只在预览时可设 SITE_URL_REQUIRED=0",
       "set SITE_URL, e.g. SITE_URL=https://standards.example.gov.cn/; for a preview only, set SITE_URL_REQUIRED=0"))
_kind("bad-required-flag", "settings",
      ("环境变量 {name}={value}：应为 1（要求设置 SITE_URL）或 0（不要求）",
       "environment variable {name}={value}: expected 1 (SITE_URL must be set) or 0 (it need not be)"),
      ("SITE_URL_REQUIRED 决定构建是否必须设置 SITE_URL；在 CI（CI=true）中默认要求。",
       "SITE_URL_REQUIRED decides whether a build needs SITE_URL; on CI (CI=true) it does by default."),
      ("设为 1 或 0，或不设置", "set it to 1 or 0, or leave it unset"))
_kind("bad-repo-kind", "settings",
      ("环境变量 {name}={value}：应为 github 或 gitlab", "environment variable {name}={value}: expected github or gitlab"),
      ("“修改本页的数据”链接按代码托管网站的网址格式生成：GitHub 为 …/edit/main/文件，GitLab 为 …/-/edit/main/文件。",
       "The \"edit\" links follow the web layout of the repository's host: GitHub …/edit/main/file, GitLab …/-/edit/main/file."),
      ("设为 github 或 gitlab；不设置时，网址的主机名含 gitlab 即按 GitLab，否则按 GitHub",
       "set it to github or gitlab; unset, a host name containing gitlab means GitLab, any other GitHub"))
_kind("bad-source-date-epoch", "settings",
      ("环境变量 {name}={value}：应为表示秒数的整数（例如 git log -1 --format=%ct 的输出）",
       "environment variable {name}={value}: expected whole seconds since 1970 (e.g. the output of git log -1 --format=%ct)"),
      ("SOURCE_DATE_EPOCH 固定构建时间，让两次构建的结果逐字节相同。",
       "SOURCE_DATE_EPOCH pins the build time so that two builds are byte for byte the same."),
      ("不设置它，或设为 git log -1 --format=%ct 的输出", "leave it unset, or set it to the output of git log -1 --format=%ct"))
_kind("bad-shard-cache-flag", "settings",
      ("环境变量 {name}={value}：应为 1（重用已渲染的分片）或 0（每次都重新渲染）",
       "environment variable {name}={value}: expected 1 (reuse rendered shards) or 0 (render every shard every time)"),
      ("SITE_SHARD_CACHE 决定构建是否从缓存文件夹恢复输入未变的分片。",
       "SITE_SHARD_CACHE decides whether a build restores, from the cache folder, the shards whose inputs did not change."),
      ("设为 1 或 0，或不设置", "set it to 1 or 0, or leave it unset"))
_kind("bad-cache-dir", "settings",
      ("环境变量 {name}={value}：应为绝对路径（例如 /tmp/site-cache），不含控制字符",
       "environment variable {name}={value}: expected an absolute path (e.g. /tmp/site-cache) without control characters"),
      ("构建把可重复使用的结果（编译好的模板、绘好的图表、变更历史）存放在这个文件夹；相对路径会随运行命令的位置而变。",
       "Builds keep what they may reuse (compiled templates, drawn charts, the change history) in this folder; a "
       "relative path would change with where the command runs."),
      ("不设置它（使用项目的 .cache/），或给出绝对路径", "leave it unset (the project's .cache/), or give an absolute path"))
_kind("cache-dir-in-project", "settings",
      ("环境变量 {name}={value}：缓存文件夹不能是项目本身或其中的文件夹（.cache/ 除外）",
       "environment variable {name}={value}: the cache folder cannot be the project or a folder in it (other than .cache/)"),
      ("构建会写入缓存文件夹，serve 会删除其中自己的工作文件；放在 theme/ 或 data/ 中会被当作网站的一部分读取，放在 site/ 中会被下一次构建替换。",
       "Builds write into the cache folder and serve deletes its own work there; in theme/ or data/ it would be read "
       "as part of the site, in site/ replaced by the next build."),
      ("使用项目外的文件夹，或 .cache/ 下的文件夹", "use a folder outside the project, or one under .cache/"))
_kind("cache-dir-not-folder", "settings",
      ("环境变量 {name}={value}：已存在，但不是文件夹", "environment variable {name}={value}: exists but is not a folder"),
      ("缓存文件夹中要存放许多文件。", "The cache folder holds many files."),
      ("给出一个文件夹的路径，或一个尚不存在的路径", "give the path of a folder, or of nothing yet"))
_kind("site-dir-link", "settings",
      ("拒绝构建到 {folder}：它是符号链接；请给出真实的文件夹。",
       "refusing to build into {folder}: it is a symbolic link; give a real folder."),
      ("构建会替换输出文件夹；链接可能指向别处需要保留的文件夹。",
       "A build replaces its output folder; a link could lead to a folder elsewhere that must be kept."),
      ("用 --site-dir 指定一个真实的文件夹", "give a real folder with --site-dir"))
_kind("site-dir-holds-project", "settings",
      ("拒绝构建到 {folder}：它是项目文件夹 {project} 或包含该项目，构建会删除整个项目。",
       "refusing to build into {folder}: it is, or contains, the project {project}; a build would delete the project."),
      ("构建会替换输出文件夹的全部内容。", "A build replaces everything in its output folder."),
      ("用 site/ 或项目外的新文件夹", "use site/ or a new folder outside the project"))
_kind("site-dir-in-source", "settings",
      ("拒绝构建到 {folder}：它在项目自己的文件夹 {top}/ 里；请用 site/ 或项目外的新文件夹。",
       "refusing to build into {folder}: it is inside the project's own folder {top}/; use site/ or a new folder outside the project."),
      ("构建会替换输出文件夹的全部内容，不能放在数据或源码文件夹里。",
       "A build replaces everything in its output folder, which therefore cannot be inside the data or the source."),
      ("用 site/ 或项目外的新文件夹", "use site/ or a new folder outside the project"))
_kind("site-dir-is-file", "settings",
      ("拒绝构建到 {folder}：它是文件，不是文件夹。", "refusing to build into {folder}: it is a file, not a folder."),
      ("输出位置必须是文件夹。", "The output must be a folder."),
      ("用 --site-dir 指定一个文件夹", "give a folder with --site-dir"))
_kind("site-dir-not-ours", "settings",
      ("拒绝构建到 {folder}：该文件夹已存在且不是以前的构建结果（没有 {marker} 标记），构建会删除其中的文件。"
       "请选择新的或空的文件夹；若它确是旧版构建的站点，请自行删除后再构建。",
       "refusing to build into {folder}: it exists and was not made by a previous build (no {marker} marker), so a build "
       "would delete what is in it. Choose a new or empty folder; if it is a site from an older version of this tool, "
       "delete it yourself and build again."),
      ("构建只替换它自己以前建的文件夹，不会删除别人的文件。",
       "A build replaces only a folder an earlier build made, never someone else's files."),
      ("选择新的或空的文件夹", "choose a new or empty folder"))
_kind("build-busy", "settings",
      ("另一个构建正在写入 {folder}，请等它结束后再试。", "another build is writing {folder}; try again when it has finished."),
      ("同一时间只能有一个构建写入同一个文件夹。", "Only one build at a time may write a folder."),
      ("等另一个构建结束", "wait for the other build to finish"))
_kind("git-failed", "settings",
      ("{zh}", "{en}"),
      ("修改记录和“最后更新”日期来自 git；git 无法给出所需的版本或文件。",
       "The change history and the last-updated dates come from git, which could not give what was asked."),
      ("检查版本号，或在 git 仓库中运行", "check the revision, or run inside the git repository"))

# ---- registered documents and the practical fields (issue 15) ----------------------------

_kind("duplicate-document-id", "references",
      ("文件代码 `{document}` 重复了（{other} 中也有）", "duplicate document id `{document}` (also in {other})"),
      ("出处只用代码指明文件，每个文件还有自己的页面和数据表中的一行，所以文件代码全站唯一。",
       "A source names its document by id alone, and each document has one page and one row of the documents table: "
       "ids are unique in the whole site."),
      ("换一个代码", "choose another id"))
_kind("section-in-plan", "references",
      ("{place} 是其他文件中的位置：引用规划时写 table、box 或 chapter",
       "`{place}` is a place in another document: cite the plan by table, box or chapter"),
      ("规划按主要指标表、专栏或章引用；部分（一、）和条（第N条）是通知、标准等文件的位置。",
       "The plan is cited by its indicator table, boxes or chapters; sections (一、) and articles (第N条) are places "
       "in notices and standards."),
      ("改用 table、box 或 chapter", "use table, box or chapter"))
_kind("plan-place-in-document", "references",
      ("{place} 是规划中的位置：引用 `{document}` 时写 chapter、section 或 article",
       "`{place}` is a place in the plan: cite `{document}` by chapter, section or article"),
      ("其他文件没有专栏和主要指标表，按它自己的标题引用：第N章、“一、”、第N条。",
       "Other documents have no boxes and no indicator table: cite them by their own headings (第N章, 一、, 第N条)."),
      ("改用 chapter、section 或 article", "use chapter, section or article"))
_kind("place-not-in-document", "references",
      ("文件 `{document}` 中找不到 {place}", "`{document}` has no {place} (its headings: 第N章, 一、, 第N条)"),
      ("出处链接会跳到文件全文中的这个位置，所以它必须是文件中确有的标题。",
       "The source link jumps to this place in the document's text, so it must be a heading the document has."),
      ("位置按该文件的标题计：第N章 → chapter，“一、”“二、” → section，第N条 → article",
       "count the document's own headings: 第N章 → chapter, 一、二、 → section, 第N条 → article"))
_kind("text-not-in-field-quote", "provenance",
      ("“{text}”不在本项的引文中", "`{text}` is not in this field's quote (copy the Chinese from it)"),
      ("部门、地点、办理方式等是居民据以行动的事实：中文必须从这一项自己的引文中逐字照抄，英文是它的翻译。",
       "A department, a place, a way to apply are facts residents act on: the Chinese is copied from this field's own "
       "quote, the English is its translation."),
      ("从 source.quote 中逐字照抄，不要改写或推断", "copy it from source.quote, never reword or guess"))
_kind("free-without-word", "provenance",
      ("cost 为 free，但原话“{phrase}”中没有“免费”等字样（{words}）", "cost: free, but the phrase `{phrase}` has no word for free ({words})"),
      ("只有出处写明免费，网站才说免费。", "The site says free only where the source says so."),
      ("只有出处写明免费时才填 cost: free；只规定收费原则时填 rule", "set cost: free only where the source says it is free; rule where it gives a rule"))
_kind("time-not-in-phrase", "provenance",
      ("时间 {time} 在原话 `{phrase}` 中找不到", "{time} is not stated by the phrase `{phrase}`"),
      ("开放时间必须写在引文中写明它的原话里（下午5:30 可写 17:30）。",
       "An opening or closing time must be stated by the words of the quote that give the hours (下午5:30 may be 17:30)."),
      ("检查时间，或改正 phrase", "check the time, or the phrase"))
_kind("phone-not-in-quote", "provenance",
      ("电话号码 {number} 不在引文中", "telephone number {number} is not in the quote"),
      ("居民会拨打这个号码：它必须与引文印出的号码一致。", "Residents will dial it: it must be the number the quote prints."),
      ("照引文原样抄写电话号码", "copy the number exactly as the quote prints it"))
_kind("web-not-in-quote", "provenance",
      ("网址 {address} 不在引文中", "web address {address} is not in the quote"),
      ("居民会打开这个网址：它必须与引文写明的网址一致。", "Residents will open it: it must be the address the quote gives."),
      ("照引文原样抄写网址", "copy the address exactly as the quote prints it"))
_kind("amount-without-charge", "fields",
      ("只有 cost: charged（收费）时才能填写金额 amount", "`amount` goes with cost: charged: change the cost, or remove the amount"),
      ("免费或只有收费原则时没有金额。", "A free service, or a charging rule, has no amount."),
      ("改为 cost: charged，或删除 amount", "set cost: charged, or remove the amount"))
_kind("unit-without-amount", "fields",
      ("unit 只能与 amount 一起填写", "`unit` goes with `amount`: give the amount, or remove the unit"),
      ("单位说明金额的单位，没有金额就没有单位。", "The unit is the amount's; without an amount there is none."),
      ("写上金额，或删除 unit", "give the amount, or remove the unit"))
_kind("rule-without-notes", "fields",
      ("cost 为 rule 时须在 notes 中写明收费原则（中英文）", "cost: rule needs the rule in `notes`, in both languages"),
      ("英文页面要能说出这条原则，所以要写明它的中英文。", "The English page must be able to state the rule, so it is given in both languages."),
      ("从引文中照抄收费原则，并写英文翻译", "copy the rule from the quote, with its English"))
_kind("closes-before-opens", "fields",
      ("关门时间 {closes} 必须晚于开门时间 {opens}", "closes ({closes}) must be later than opens ({opens})"),
      ("开放时间是一天之内的一段时间。", "Opening hours are a span within one day."),
      ("用 24 小时制：下午5:30 写 17:30", "use the 24-hour clock: 5:30 pm is 17:30"))
_kind("opening-empty", "fields",
      ("服务地点与开放时间至少要写一项内容", "an opening entry needs places, hours, holidays, exceptions or a principle"),
      ("没有内容的条目不能说明任何事。", "An empty entry says nothing."),
      ("出处没有写明时整个删去 opening", "leave out `opening` when the source states none"))
_kind("contact-empty", "fields",
      ("咨询方式至少要写电话、网址或文字之一", "a contact needs phones, web or text"),
      ("没有内容的条目不能说明任何事。", "An empty entry says nothing."),
      ("出处没有写明时整个删去 contact", "leave out `contact` when the source gives none"))
_kind("bad-time", "fields",
      ("时间格式应为 08:30（24 小时制），实际是 {value}", "expected a time like 08:30 (24-hour HH:MM, in quotes), got {value}"),
      ("时间统一写成 24 小时制的 HH:MM，网站再按语言显示。", "Times are written HH:MM on the 24-hour clock; the site shows them per language."),
      ("加引号，例如 \"17:30\"", "in quotes, e.g. \"17:30\""))
_kind("bad-phone", "fields",
      ("电话号码只能由数字和连字符组成，实际是 {value}", "expected a telephone number of digits and hyphens (like 0793-1234567), got {value}"),
      ("号码会成为可以直接拨打的链接。", "The number becomes a link a phone can dial."),
      ("例如 0793-1234567 或 12345", "e.g. 0793-1234567 or 12345"))
_kind("bad-document-url", "fields",
      ("应为以 http:// 或 https:// 开头的网址，实际是 {value}",
       "expected a web address starting with http:// or https:// (letters, digits and . / _ - ? = & ~ % only), got {value}"),
      ("文件的原文链接只能是普通网址，不能是脚本或其他协议。", "A document's original is linked by a plain web address, never a script or another scheme."),
      ("网址只能含字母、数字和 . / _ - ? = & ~ %", "an address may hold only letters, digits and . / _ - ? = & ~ %"))



def by_group(group: str) -> list[Kind]:
    """The kinds of one section of the guide's page, in catalogue order."""
    return [k for k in CATALOGUE.values() if k.group == group]


def pattern(kind: Kind, lang: str) -> str:
    """A message as the guide shows it, each parameter named: 应为数字，实际是 ‹value›."""
    return kind.message[lang].format(**{name: f"‹{name}›" for name in kind.params})


def kind(code: str) -> Kind:
    """The catalogue entry of a code (KeyError for a code that is not in the catalogue)."""
    return CATALOGUE[code]


def render(code: str, params: Mapping[str, object], lang: str) -> str:
    """The message of a code in a language, its parameters filled in."""
    return CATALOGUE[code].message[lang].format(**params)
