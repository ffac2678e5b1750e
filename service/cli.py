"""Command line: extract, batch, collect, export, audit, serve, train, bench."""
from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from service.base.errors import NianbaoError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
    help="nianbao：政府信息公开工作年度报告的离线抽取与核对。\n\n"
         "示例：\n\n  nianbao extract 报告.pdf > 结果.json\n\n  nianbao batch 报告目录/ --out results.jsonl\n\n"
         "  nianbao collect http://www.example.gov.cn/xxgk/nb/ --out 年报.jsonl\n\n  nianbao serve --port 8000",
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
    from service import extract as run

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
    inputs: list[Path] = typer.Argument(..., help="报告文件或目录（目录递归查找），可给多个"),
    out: Path = typer.Option(Path("results.jsonl"), "--out", "-o", help="输出 JSONL：每行一个文件的结果或错误"),
    workers: int = typer.Option(0, "--workers", "-w", help="工作进程数（0 = 每个 CPU 核一个）"),
    pattern: str = typer.Option("*", "--glob", help="目录中只处理匹配的文件，例如 '*.pdf'"),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask 调度器地址，例如 tcp://10.0.0.5:8786"),
    retry_errors: bool = typer.Option(False, "--retry-errors", help="重新处理上次出错的文件"),
) -> None:
    """批量抽取：多进程并行，可断点续跑（同一 --out 再次运行会跳过已完成的文件），单个文件出错只记录不中断。"""
    from service.collections.batch import main

    _run_and_report(lambda: main(inputs, out, workers or None, pattern, scheduler, retry_errors), out,
                    "已中断：尚未写入新的结果。再次运行同一命令即可继续。")


def _run_and_report(run, out: Path, interrupted_early: str) -> None:
    """Run a batch or collect command and print its closing line on stderr: exit 2 on a usage error, 130 when it
    was interrupted (`interrupted_early` is said when that happened before the run could write its summary)."""
    from service.collections.batch import UsageError

    try:
        summary = run()
    except UsageError as err:
        typer.echo(f"用法错误：{err}", err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo(interrupted_early, err=True)
        raise typer.Exit(130) from None
    typer.echo(summary.message(out), err=True)
    if summary.interrupted:
        raise typer.Exit(130)


@app.command()
def collect(
    urls: list[str] = typer.Argument(..., help="年报栏目列表页、详情页或报告文件的网址，可给多个"),
    out: Path = typer.Option(Path("collected.jsonl"), "--out", "-o", help="输出 JSONL：每份报告一行（同 batch，另有 url、page、title、fetched_at）"),
    max_pages: int = typer.Option(20, "--max-pages", help="每个列表最多读取的分页数（下一页、index_1.html …）"),
    max_docs: int = typer.Option(0, "--max-docs", help="本次最多下载的报告份数（0 = 不限）"),
    year: int | None = typer.Option(None, "--year", help="只采集标题写明该年度的报告，例如 2023"),
    refresh: bool = typer.Option(False, "--refresh", help="重新下载已完成的报告；内容变化（哈希不同）才替换原行"),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="忽略 robots.txt（只用于本单位自己的网站；运行时会提示）"),
    allow_host: list[str] = typer.Option([], "--allow-host", help="允许访问的内网站点 HOST[:PORT]，精确匹配，可重复；也可设 NIANBAO_FETCH_ALLOW"),
    rate: float | None = typer.Option(None, "--rate", help="每个网站每秒最多请求数（默认 NIANBAO_FETCH_RATE=2）"),
    workers: int = typer.Option(0, "--workers", "-w", help="抽取工作进程数（0 = 每个 CPU 核一个）"),
) -> None:
    """从政府网站采集年度报告并抽取：列表页（跟随标题含“信息公开”“年度报告/年报”和年份的链接及分页）、
    详情页（取名为年度报告的附件，没有附件时取正文）或报告文件本身。

    安全：只访问 http/https；先自行解析域名，拒绝回环、内网、链路本地（含 169.254.169.254）、CGNAT、组播、保留等
    非公网地址及其 IPv4 映射形式，并连接到检查过的那个地址；每次重定向（最多 5 次）同样检查，https 不降级为 http；
    不离开所给网站；内网站点只能用 --allow-host 精确放行。遵守 robots.txt，每个网站一次一个请求。

    可断点续跑：同一 --out 再次运行会重新读取列表页寻找新报告，但不会再次下载已完成的报告。
    出错（FETCH_REFUSED、FETCH_FAILED、FETCH_TIMEOUT、TOO_LARGE、ROBOTS、NOT_A_REPORT）只记一行，不中断。

    示例：nianbao collect http://www.example.gov.cn/xxgk/nb/ --out 年报.jsonl --year 2023
    """
    from service.base.settings import get_settings
    from service.collections.batch import UsageError
    from service.collections.collect.addresses import parse_allow
    from service.collections.collect.run import Options, main

    settings = get_settings()
    if rate is not None:
        settings = settings.model_copy(update={"fetch_rate": rate})

    def run():
        try:
            parse_allow([*settings.fetch_allow, *allow_host])
        except ValueError as err:
            raise UsageError(str(err)) from None
        options = Options(year, max_pages, max_docs, refresh, ignore_robots, tuple(allow_host))
        return main(urls, out, options, workers or None, settings)

    _run_and_report(run, out, "已中断。再次运行同一命令即可继续。")


@app.command()
def export(
    results: Path = typer.Argument(..., help="nianbao batch 输出的 results.jsonl"),
    out: Path = typer.Option(..., "--out", "-o", help="输出文件：.xlsx（审核用工作簿）、.csv 或 .parquet（长表）"),
    audit: bool = typer.Option(False, "--audit", help="xlsx 另加“跨年核对”“报送情况”两个工作表（见 nianbao audit）"),
    units: Path | None = typer.Option(None, "--units", exists=True, dir_okay=False, help="与 --audit 同用的单位名单 CSV"),
) -> None:
    """导出批量结果：xlsx 含“报告”“核对问题”“表格数据”“出错文件”四个工作表；csv/parquet 为每个单元格一行的长表。"""
    from service.collections.export import ExportError
    from service.collections.export import export as run

    if not results.is_file():
        typer.echo(f"找不到结果文件：{results}", err=True)
        raise typer.Exit(2)
    try:
        hooks = None
        if audit or units:
            from service.collections.audit.command import audit_of

            hooks = audit_of(results, units)
        n = run(results, out, hooks)
    except ExportError as err:
        typer.echo(f"用法错误：{err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"已导出：{out}（{n} 行）", err=True)


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

    from service.base.settings import Settings

    if workers:
        os.environ["NIANBAO_WORKERS"] = str(workers)  # read by Settings in every server process
    Settings()  # a key setting that fails closed stops here, before any port, store or worker is touched
    logs = dict(log_config=_serve_log_config(), access_log=False)  # nianbao.access names the key label instead
    if processes > 1:  # uvicorn binds in this process before it starts the server processes
        uvicorn.run("service.app:create_app", factory=True, host=host, port=port, workers=processes, **logs)
        return
    from service.app import create_app

    sock = _listen(host, port)  # before the app starts: a port in use never reaches the store or the workers
    server = uvicorn.Server(uvicorn.Config(create_app(), host=host, port=port, **logs))
    typer.echo(f"nianbao 服务：http://{host}:{port}（接口文档 /docs，审核页面 /reports；Ctrl+C 停止）", err=True)
    server.run(sockets=[sock])


def _listen(host: str, port: int):
    """A socket bound to host:port, or exit 2 with a Chinese message (port in use, address not on this machine)."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        typer.echo(f"无法监听 {host}:{port}：{'端口已被占用' if exc.errno == errno.EADDRINUSE else '地址不可用'}（{exc.strerror}）。"
                   "服务未启动，也没有读写任务存储。", err=True)
        raise typer.Exit(2) from None
    return sock


def _serve_log_config() -> dict:
    """uvicorn's logging, plus the service's own loggers (key mode at start-up, one access line a request)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["nianbao"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


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
    formats: bool = typer.Option(False, "--formats", help="只测各路径与其下限之比（同一次运行内交替）：HTTP 与 jieba、PDF 与 pypdfium2、扫描页与普通 RapidOCR，并估算全国一年的核时"),
    quick: bool = typer.Option(False, "--quick", help="快速：--formats 每项 3 轮、--batch 只跑 1 轮（几分钟内完成，数字更粗）"),
    dask: bool = typer.Option(False, "--dask", help="--batch 另测同一批报告经 Dask LocalCluster（与本地进程池交替）"),
    batch: bool = typer.Option(False, "--batch", help="只测批量：同一批报告用 1 个与全部工作进程交替运行（生成报告；有种子报告时另测其副本）"),
    batch_reports: int = typer.Option(500, "--batch-reports", help="--batch 每组使用的报告数量"),
    batch_repeat: int = typer.Option(3, "--batch-repeat", help="--batch 交替运行的轮数（取中位数，机器繁忙时更可靠）"),
    ratio: bool = typer.Option(False, "--ratio", help="只测每份报告抽取耗时与同一文本 jieba 分词耗时之比（同一次运行内）"),
    scans: bool = typer.Option(False, "--scans", help="只测扫描页：load() 与同一页一次普通 RapidOCR 调用的耗时比（同一次运行内交替）"),
    pdf: bool = typer.Option(False, "--pdf", help="只测 PDF 读取耗时与 pypdfium2 读出各页文字耗时之比（同一次运行内交替）"),
) -> None:
    """基准测试：每份报告延迟 p50/p95、吞吐量、峰值内存与启动时间；--formats 测各路径与其下限之比；--batch 测批量加速；

    --ratio 测与 jieba 分词的耗时比；--scans 测扫描页与普通 OCR 的耗时比；--pdf 测 PDF 读取与 pdfium 读文字的耗时比。
    """
    if scans:
        from benchmarks.bench_scans import run_scans

        run_scans(rounds=repeat)
        return
    if pdf:
        from benchmarks.bench_pdf import run_pdf

        run_pdf(rounds=max(5, repeat))
        return
    if ratio:
        from benchmarks.bench_ratio import run_ratio

        run_ratio(n_generated=50, rounds=repeat)
        return
    if batch:
        from benchmarks.bench_batch import run_batch_bench

        run_batch_bench(batch_reports, repeat=1 if quick else batch_repeat, dask=dask)
        return
    if formats:
        from benchmarks.bench_formats import run_formats

        run_formats(rounds=3 if quick else repeat)
        return
    from benchmarks.bench import run_bench

    run_bench(seeds_dir=seeds_dir, synthetic=synthetic, repeat=repeat)


from service.collections.audit.command import audit_command  # noqa: E402  (registered here, defined with the audit package)

app.command(name="audit")(audit_command)


def main() -> None:
    """The `nianbao` console command. At exit the interpreter's last garbage collection walks every object the
    command loaded (0.1 s after an extract with the models in memory); every file is closed by then, so it is skipped."""
    try:
        app()
    except ValidationError as err:  # a setting (NIANBAO_…) that cannot be used: one Chinese line, no traceback
        typer.echo(_setting_problem(err), err=True)
        sys.exit(2)
    finally:
        gc.freeze()


def _setting_problem(err: ValidationError) -> str:
    from service.base.settings import key_setting_problem

    found = key_setting_problem(err)
    if found:
        return found
    names = "、".join(f"NIANBAO_{str(e['loc'][0]).upper()}" for e in err.errors() if e.get("loc"))
    return f"设置无效：{names or '未知设置'}，请检查环境变量。"


if __name__ == "__main__":
    main()
