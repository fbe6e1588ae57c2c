"""Interface wording in both languages (the data carries its own translations).

Chinese is the site's first language: its pages live at the root, English
pages under ``en/``. ``url_prefix`` and ``other`` are the only places that
know this.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def url_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


UI: dict[str, dict[str, str]] = {
    "zh": {
        "site_name": "公共服务标准",
        "home": "首页",
        "about": "关于本站",
        "glossary": "术语表",
        "glossary_intro": "本站英文版对规划中的常用术语始终使用同一译法。",
        "term_zh": "中文",
        "term_en": "英文译法",
        "term_note": "说明",
        "cities": "城市",
        "city_overview": "概览",
        "indicators": "主要指标",
        "indicator": "指标",
        "domains": "服务领域",
        "services": "服务项目",
        "projects": "重点工程",
        "service": "服务",
        "project": "工程",
        "unit": "单位",
        "baseline": "2020年",
        "target": "2025年目标",
        "attribute": "属性",
        "binding": "约束性",
        "expected": "预期性",
        "cumulative": "五年累计",
        "level": "年度水平",
        "kind": "类别",
        "definition": "指标解释",
        "source": "来源",
        "quote": "原文",
        "box": "专栏",
        "item": "第 {n} 项",
        "row": "主要指标表第 {n} 行",
        "chapter": "第 {n} 章",
        "eligibility": "服务对象",
        "content": "服务内容",
        "standard": "服务标准",
        "conditions": "条件",
        "audiences": "适用人群",
        "full_text": "规划原文",
        "no_standard": "规划未给出具体数字标准。",
        "chart": "图表",
        "table": "数据表",
        "chart_percent_title": "以百分比计的指标：2020年与2025年目标",
        "year": "年份",
        "value": "数值",
        "none": "无",
        "domain": "领域",
        "overview": "概述",
        "items_in_domain": "本领域的服务与工程",
        "all_indicators": "全部主要指标",
        "switch_language": "English",
        "document": "规划文件",
        "issued": "发布",
        "no_baseline": "规划未给出2020年数值",
        "legend_binding": "约束性指标",
        "legend_expected": "预期性指标",
        "summary_ratio": "{name}：2020年为{base}，2025年目标为{target}，约为2020年的{ratio}倍。",
        "summary_plain": "{name}：2020年为{base}，2025年目标为{target}。",
        "summary_target_only": "{name}：2025年目标为{target}（规划未给出2020年数值）。",
    },
    "en": {
        "site_name": "Public service standards",
        "home": "Home",
        "about": "About this site",
        "glossary": "Glossary",
        "glossary_intro": "The English on this site always translates these terms of the plans the same way.",
        "term_zh": "Chinese",
        "term_en": "English",
        "term_note": "Note",
        "cities": "Cities",
        "city_overview": "Overview",
        "indicators": "Main indicators",
        "indicator": "Indicator",
        "domains": "Service domains",
        "services": "Services",
        "projects": "Key projects",
        "service": "Service",
        "project": "Project",
        "unit": "Unit",
        "baseline": "2020",
        "target": "2025 target",
        "attribute": "Type",
        "binding": "binding",
        "expected": "expected",
        "cumulative": "five-year cumulative",
        "level": "annual level",
        "kind": "Kind",
        "definition": "Definition",
        "source": "Source",
        "quote": "Original text",
        "box": "Box",
        "item": "item {n}",
        "row": "main-indicator table, row {n}",
        "chapter": "chapter {n}",
        "eligibility": "Who is eligible",
        "content": "What you get",
        "standard": "Standard",
        "conditions": "Conditions",
        "audiences": "Meant for",
        "full_text": "Text of the plan",
        "no_standard": "The plan gives no figure for this item.",
        "chart": "Chart",
        "table": "Data table",
        "chart_percent_title": "Indicators measured in per cent: 2020 and 2025 target",
        "year": "Year",
        "value": "Value",
        "none": "none",
        "domain": "Domain",
        "overview": "Overview",
        "items_in_domain": "Services and projects in this domain",
        "all_indicators": "All main indicators",
        "switch_language": "中文",
        "document": "Plan",
        "issued": "issued",
        "no_baseline": "The plan gives no 2020 value",
        "legend_binding": "binding indicator",
        "legend_expected": "expected indicator",
        "summary_ratio": "{name}: {base} in 2020; the 2025 target is {target}, about {ratio} times the 2020 value.",
        "summary_plain": "{name}: {base} in 2020; the 2025 target is {target}.",
        "summary_target_only": "{name}: the 2025 target is {target} (the plan gives no 2020 value).",
    },
}


def t(lang: str, key: str, **kwargs) -> str:
    text = UI[lang][key]
    return text.format(**kwargs) if kwargs else text
