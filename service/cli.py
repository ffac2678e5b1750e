"""Command line: extract, batch, serve, train, bench."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .errors import NianbaoError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
    help="nianbao：政府信息公开工作年度报告的离线抽取与核对。\n\n"
         "示例：\n\n  nianbao extract 报告.pdf > 结果.json\n\n  nianbao batch 报告目录/ --out results.jsonl\n\n"
         "  nianbao serve --port 8000",
)


def _emit_error(err: NianbaoError) -> None:
    typer.echo(json.dumps(err.to_dict(), ensure_ascii=False), err=False)
    typer.echo(f"错误 {err.code}：{err.message}", err=True)


@app.command()
def extract(
    path: str = typer.Argument(..., help="报告文件路径（文本、PDF、HTML、DOCX、图片），或 - 表示从标准输入读取"),
    pretty: bool = typer.Option(False, "--pretty", help="缩进输出 JSON"),
) -> None:
    """抽取一份报告，输出契约 JSON（见 CONTRACT.md）。出错时输出 {"error": …} 并以状态码 2 退出。"""
    from . import extract as run

    try:
        if path == "-":
            data, name = sys.stdin.buffer.read(), None
        else:
            p = Path(path)
            if not p.is_file():
                typer.echo(f"找不到文件：{path}", err=True)
                raise typer.Exit(1)
            data, name = p.read_bytes(), p.name
        report = run(data, name)
    except NianbaoError as err:
        _emit_error(err)
        raise typer.Exit(2) from None
    typer.echo(report.model_dump_json(indent=1 if pretty else None))


@app.command()
def batch(
    directory: Path = typer.Argument(..., exists=True, file_okay=False, help="包含报告文件的目录（递归）"),
    out: Path = typer.Option(Path("results.jsonl"), "--out", "-o", help="输出 JSONL：每行一个文件的结果或错误"),
    pattern: str = typer.Option("*", "--glob", help="只处理匹配的文件，例如 '*.pdf'"),
) -> None:
    """批量抽取目录下的所有报告；单个文件出错会记录在结果中，不会中断整个批次。"""
    from rich.progress import Progress

    from . import get_pipeline

    files = sorted(p for p in directory.rglob(pattern) if p.is_file() and not p.name.startswith("."))
    pipeline = get_pipeline()
    failed = 0
    with out.open("w", encoding="utf-8") as fh, Progress(transient=False) as progress:
        task = progress.add_task("抽取中", total=len(files))
        for p in files:
            try:
                row = {"file": str(p), "result": pipeline.run(p.read_bytes(), p.name).model_dump(mode="json")}
            except NianbaoError as err:
                failed += 1
                row = {"file": str(p), **err.to_dict()}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            progress.advance(task)
    typer.echo(f"完成：{len(files)} 个文件，{failed} 个出错，结果写入 {out}", err=True)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    workers: int = typer.Option(0, help="抽取工作进程数（每个进程各加载一次模型；0 = CPU 核数）"),
    processes: int = typer.Option(1, help="HTTP 服务进程数（每个服务进程各有自己的工作进程池）"),
) -> None:
    """启动 HTTP 服务：POST /v1/extract，GET /healthz、/readyz，文档见 /docs 与 /openapi.json。"""
    import os

    import uvicorn

    if workers:
        os.environ["NIANBAO_WORKERS"] = str(workers)  # read by Settings in every server process
    if processes > 1:
        uvicorn.run("service.api.app:create_app", factory=True, host=host, port=port, workers=processes)
    else:
        from .api import create_app

        uvicorn.run(create_app(), host=host, port=port)


@app.command()
def train(
    models_dir: Path = typer.Option(Path("models"), help="模型输出目录"),
    corpora_dir: Path = typer.Option(Path("corpora"), help="语料目录"),
    seed: int = typer.Option(0, help="随机种子（固定以保证可复现）"),
) -> None:
    """重新生成合成语料并训练全部模型（行分类器、实体识别、数字-单元格链接器），并更新 MODEL_CARD.md。"""
    from training.train import main

    main(models_dir=models_dir, corpora_dir=corpora_dir, seed=seed)


@app.command()
def bench(
    seeds_dir: Path | None = typer.Option(None, help="种子报告目录（默认 ../shared/seeds）"),
    synthetic: int = typer.Option(200, help="额外生成的合成报告数量"),
    repeat: int = typer.Option(5, help="每份报告重复次数"),
    formats: bool = typer.Option(False, "--formats", help="另测 PDF/HTML/DOCX/扫描件（需要 tests/fixtures）"),
) -> None:
    """基准测试：每份报告延迟 p50/p95、吞吐量、峰值内存与启动时间；--formats 另测各种文件格式。"""
    from .settings import ROOT

    if str(ROOT) not in sys.path:  # benchmarks/ and tests/fixtures live in the source tree, not in the package
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench import run_bench

    run_bench(seeds_dir=seeds_dir, synthetic=synthetic, repeat=repeat)
    if formats:
        from benchmarks.bench_formats import run_formats

        run_formats(repeat=repeat)


if __name__ == "__main__":
    app()
