"""`nianbao audit`: the audit of a batch's results.jsonl, as JSON on stdout or an .json/.xlsx file."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from service.base.errors import NianbaoError


def audit_of(results: Path, units: Path | None):
    """Export hooks with the audit sheets of a results file (NianbaoError on a bad units list)."""
    from service.collections.audit.audit import run_audit
    from service.collections.audit.entries import parse_lines
    from service.collections.audit.sheets import audit_hooks
    from service.collections.audit.units import read_units

    try:
        unit_list = read_units(units.read_bytes()) if units else None
    except NianbaoError as err:
        typer.echo(f"错误 {err.code}：{err.message}", err=True)
        raise typer.Exit(2) from None
    with results.open("rb") as fh:
        return audit_hooks(run_audit(parse_lines(fh), unit_list))


def audit_command(
    results: Path = typer.Argument(..., exists=True, dir_okay=False, help="nianbao batch 输出的 results.jsonl"),
    units: Path | None = typer.Option(None, "--units", exists=True, dir_okay=False,
                                      help="单位名单 CSV：单位名称、别名（用;分隔）、上级单位；UTF-8 或 GBK"),
    year: int | None = typer.Option(None, "--year", help="只核对该年度（与上一年度比较）及该年度的报送情况"),
    out: Path | None = typer.Option(None, "--out", "-o", help="输出 audit.json 或 audit.xlsx；省略时 JSON 输出到标准输出"),
    include_pass: bool = typer.Option(False, "--include-pass", help="同时列出核对一致（pass）的结果"),
) -> None:
    """跨报告核对：上年结转衔接、规章和规范性文件件数衔接、正文同比表述，以及单位名单的未报送、重复报送和名单外机构。"""
    from service.collections.audit.audit import run_audit  # here, not at the top: every `nianbao` command imports this module
    from service.collections.audit.entries import parse_lines
    from service.collections.audit.units import read_units

    try:
        unit_list = read_units(units.read_bytes()) if units else None
        with results.open("rb") as fh:
            audit = run_audit(parse_lines(fh), unit_list, year, include_pass)
    except NianbaoError as err:
        typer.echo(json.dumps(err.to_dict(), ensure_ascii=False))
        typer.echo(f"错误 {err.code}：{err.message}", err=True)
        raise typer.Exit(2) from None
    if out is None:
        typer.echo(json.dumps(audit, ensure_ascii=False, indent=1))
        return
    if out.suffix.lower() == ".xlsx":
        from service.collections.audit.workbook import write_workbook

        write_workbook(audit, out)
    elif out.suffix.lower() == ".json":
        out.write_text(json.dumps(audit, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        typer.echo(f"不支持的输出格式：{out.suffix or '（无后缀）'}；请使用 .json 或 .xlsx。", err=True)
        raise typer.Exit(1)
    s = audit["summary"]
    typer.echo(f"完成：{s['reports']} 份报告，{s['agencies']} 个机构；不一致 {s['fail']} 项，待核实 {s['uncertain']} 项；"
               f"未报送 {len(audit['missing_units'])} 项，重复 {len(audit['duplicates'])} 项。结果写入 {out}", err=True)
