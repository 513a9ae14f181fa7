"""Batch runs: execute the report notebooks with papermill and render shareable HTML.

A run executes the chosen notebooks on one corpus with one set of parameters and leaves
``OUT/<timestamp>-<name>/`` holding the executed notebooks, self-contained HTML reports, the
tables and figures the notebooks wrote (``data/<notebook>/``) and ``manifest.json``.
``OUT/index.html`` lists every run. Runs are built in a hidden temporary folder and renamed into
place when complete, so an interrupted run never looks finished; a lock file stops two
scheduled batches from overlapping; a notebook that fails keeps its executed notebook and an
HTML report showing the error, while the others still run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import html
import importlib.metadata
import itertools
import json
import os
import platform
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .errors import ConfigError, ParameterError
from .prepare import prepare_corpus

NOTEBOOKS = ("01_corpus_overview", "02_topics", "03_stance", "04_quotes")
# Parameters the runner fills in itself; a user may still override corpus with --corpus.
RUNNER_PARAMETERS = ("corpus", "output_dir", "cache_dir")
_VERSIONS_OF = ("edm_tools", "pandas", "numpy", "scikit-learn", "nltk", "vaderSentiment",
                "matplotlib", "papermill", "nbconvert", "pyarrow")
_LOCK_NAME = ".edm-tools-run.lock"


@dataclass(frozen=True, slots=True)
class RunSpec:
    """One run: a corpus, the notebooks to execute and the parameters they get."""

    name: str = "report"
    corpus: str = ""
    notebooks: tuple[str, ...] = NOTEBOOKS
    parameters: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NotebookResult:
    """How one notebook of a run went."""

    notebook: str
    status: str  # "ok" or "failed"
    started: str
    duration_s: float
    error: str = ""
    render_s: float = 0.0
    html: str = ""
    ipynb: str = ""


@dataclass(frozen=True, slots=True)
class RunResult:
    """A finished run: where it is and how each notebook went."""

    name: str
    run_dir: Path
    notebooks: tuple[NotebookResult, ...]
    fingerprint: str

    @property
    def ok(self) -> bool:
        return all(n.status == "ok" for n in self.notebooks)


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the project this package was installed from."""
    return Path(__file__).resolve().parents[1] / "notebooks"


def notebook_path(name: str, notebooks_dir: Path) -> Path:
    path = notebooks_dir / (name if name.endswith(".ipynb") else f"{name}.ipynb")
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))) or "none"
        raise ParameterError(f"Unknown notebook {name!r}: no {path} (known notebooks: {known}).")
    return path


def declared_parameters(path: Path) -> dict[str, dict]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill)."""
    import papermill

    return {name: dict(info) for name, info in papermill.inspect_notebook(str(path)).items()}


def parse_parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` from the command line; VALUE is read as YAML (``k=8``, ``years=[2008]``)."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise ParameterError(f"Bad parameter {text!r}: write NAME=VALUE, e.g. -p k=8 or -p targets=[russia,nato].")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    if isinstance(value, dict) and not raw.lstrip().startswith("{"):
        value = raw  # "a: b" is text; a mapping must be written {a: b}
    return name, value


_TYPE_CHECKS = {"int": (int,), "float": (int, float), "bool": (bool,)}


def assign_parameters(spec: RunSpec, declared: Mapping[str, Mapping[str, dict]]) -> dict[str, dict]:
    """Give each notebook the parameters it declares; refuse a name that none declares.

    papermill only warns about an unknown parameter, so a misspelt ``-p tagets=...`` would
    silently run with the default; here it is an error that lists the known names.
    """
    known = set().union(*(set(d) for d in declared.values())) if declared else set()
    unknown = sorted(set(spec.parameters) - known)
    if unknown:
        raise ParameterError(
            f"Parameter(s) {', '.join(unknown)} are declared by none of the notebooks "
            f"{', '.join(declared)}; known parameters: {', '.join(sorted(known - set(RUNNER_PARAMETERS)))}."
        )
    assigned = {}
    for notebook, params in declared.items():
        chosen = {}
        for name, value in spec.parameters.items():
            if name not in params:
                continue
            expected = _TYPE_CHECKS.get(str(params[name].get("inferred_type_name")))
            if expected and (not isinstance(value, expected) or (bool not in expected and isinstance(value, bool))):
                raise ParameterError(
                    f"Parameter {name}={value!r} of notebook {notebook} must be "
                    f"{params[name]['inferred_type_name']} ({params[name].get('help') or 'see the notebook'})."
                )
            chosen[name] = value
        assigned[notebook] = chosen
    return assigned


def load_run_config(path: str | Path) -> list[RunSpec]:
    """Runs from a YAML file.

    ```yaml
    runs:
      - name: stance-by-year
        corpus: data/edm            # optional; default: the packaged sample corpus
        notebooks: [03_stance]      # optional; default: all four
        parameters: {targets: [russia, nato, west]}
        grid:                       # optional: one run per combination
          years: [[2008], [2009], [2010]]
    ```
    """
    try:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read the run configuration {str(path)!r}: {exc}") from exc
    runs = loaded.get("runs") if isinstance(loaded, dict) else None
    if not isinstance(runs, list) or not runs:
        raise ConfigError(f"Run configuration {str(path)!r} needs a non-empty list under 'runs:'.")
    specs = []
    for i, run in enumerate(runs):
        if not isinstance(run, dict):
            raise ConfigError(f"Run {i + 1} in {str(path)!r} must be a mapping (name, corpus, parameters, grid).")
        extra = set(run) - {"name", "corpus", "notebooks", "parameters", "grid"}
        if extra:
            raise ConfigError(f"Run {i + 1} in {str(path)!r} has unknown key(s) {', '.join(sorted(extra))}.")
        notebooks = run.get("notebooks") or list(NOTEBOOKS)
        base = dict(run.get("parameters") or {})
        grid = run.get("grid") or {}
        if not isinstance(grid, dict) or any(not isinstance(v, list) or not v for v in grid.values()):
            raise ConfigError(f"'grid' of run {i + 1} in {str(path)!r} must map names to non-empty lists.")
        names = list(grid)
        for combo in itertools.product(*(grid[n] for n in names)) if names else [()]:
            params = {**base, **dict(zip(names, combo))}
            suffix = "-".join(f"{n}={_slug(v)}" for n, v in zip(names, combo))
            name = str(run.get("name") or f"run{i + 1}") + (f"-{suffix}" if suffix else "")
            specs.append(RunSpec(name=name, corpus=str(run.get("corpus") or ""),
                                 notebooks=tuple(notebooks), parameters=params))
    return specs


def _slug(value: object) -> str:
    text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return re.sub(r"[^A-Za-z0-9,._-]+", "_", text)[:40] or "x"


@contextlib.contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir``; a second batch on it fails at once, saying why."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir / _LOCK_NAME
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ParameterError(
                f"Another edm-tools run is writing to {out_dir} ({holder}); wait for it to finish "
                "or choose another --out folder."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}\n")
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _VERSIONS_OF:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


_ACTIVE_MARKUP = re.compile(r"<\s*(?:script|iframe|object|embed|form|meta|link|base)\b|\bon[a-z]+\s*=|javascript:",
                            re.IGNORECASE)


def _neutralise_active_outputs(notebook) -> None:
    """Show as plain text any HTML or Markdown output that could run code in a browser.

    pandas escapes article text in its tables, and the notebooks never display text as HTML;
    this is the second line of defence, for a Styler or a user's own cell that does.
    nbconvert's own ``sanitize_html`` is not used: it escapes the report's Markdown too.
    """
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in ("application/javascript", "text/javascript", "application/vnd.jupyter.widget-view+json"):
                data.pop(mime, None)
            for mime in ("text/html", "text/markdown", "image/svg+xml"):
                value = data.get(mime)
                text = "".join(value) if isinstance(value, list) else value
                if isinstance(text, str) and _ACTIVE_MARKUP.search(text):
                    del data[mime]
                    data.setdefault("text/plain", text)


class _HtmlRenderer:
    """One configured nbconvert exporter, reused for every report of a batch."""

    def __init__(self, show_code: bool):
        from nbconvert import HTMLExporter

        template_dir = resources.files("edm_tools").joinpath("templates")
        self.exporter = HTMLExporter(
            template_name="edm_report",
            extra_template_basedirs=[str(template_dir)],
            exclude_input=not show_code,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,  # images are data URIs, so a report fetches nothing
        )

    def render(self, ipynb: Path, html_path: Path, title: str) -> None:
        import nbformat

        notebook = nbformat.read(ipynb, as_version=4)
        _neutralise_active_outputs(notebook)
        body, _ = self.exporter.from_notebook_node(
            notebook, resources={"metadata": {"name": title},
                                 "edm_generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M")})
        html_path.write_text(body, encoding="utf-8")


def _error_page(title: str, message: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}: failed</h1><pre>{html.escape(message)}</pre></body></html>")


def _execute(notebook: str, source: Path, work_dir: Path, parameters: dict, renderer: _HtmlRenderer,
             timeout: float | None) -> NotebookResult:
    import papermill

    started = dt.datetime.now().isoformat(timespec="seconds")
    t0 = time.perf_counter()
    ipynb = work_dir / f"{notebook}.ipynb"
    html_path = work_dir / f"{notebook}.html"
    error = ""
    try:
        papermill.execute_notebook(
            str(source), str(ipynb), parameters=parameters, kernel_name="python3",
            progress_bar=False, cwd=str(work_dir), start_timeout=120,
            execution_timeout=timeout,
        )
    except Exception as exc:  # a failing notebook must not stop the batch
        error = _short_error(exc)
    status = "failed" if error else "ok"
    t_render = time.perf_counter()
    try:
        if ipynb.exists():
            renderer.render(ipynb, html_path, notebook)
        else:
            html_path.write_text(_error_page(notebook, error or "the notebook produced no output"))
    except Exception as exc:  # rendering must not lose the executed notebook
        html_path.write_text(_error_page(notebook, f"{error}\n\nHTML rendering failed: {exc}"))
        status, error = "failed", error or f"HTML rendering failed: {exc}"
    end = time.perf_counter()
    return NotebookResult(notebook, status, started, round(end - t0, 2), error=error,
                          render_s=round(end - t_render, 2), html=html_path.name,
                          ipynb=ipynb.name if ipynb.exists() else "")


def _short_error(exc: BaseException) -> str:
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    text = f"{name}: {value}" if value else name
    return text if len(text) < 2000 else text[:2000] + "…"


def run_batch(specs: Sequence[RunSpec], *, out_dir: str | Path = "outputs", jobs: int = 1,
              show_code: bool = False, cache_dir: str | Path | None = None,
              notebooks_dir: str | Path | None = None, timeout: float | None = None,
              progress: Callable[[str], None] | None = print) -> list[RunResult]:
    """Execute each run's notebooks and write reports under ``out_dir``.

    Parameters are checked for every run before anything executes. Each distinct corpus is
    loaded and cleaned once into the cache (``cache_dir``), which the notebooks then read.
    ``jobs`` notebooks execute at once (each in its own kernel). Returns one
    :class:`RunResult` per run; ``out_dir/index.html`` is rewritten at the end.
    """
    if jobs < 1:
        raise ParameterError(f"jobs must be at least 1, got {jobs}.")
    if not specs:
        raise ParameterError("No runs to execute.")
    out = Path(out_dir)
    nb_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    if not nb_dir.is_dir():
        raise ParameterError(f"Notebook folder {nb_dir} does not exist; pass notebooks_dir.")
    plans = []
    declared_cache: dict[Path, dict] = {}
    for spec in specs:
        paths = {name: notebook_path(name, nb_dir) for name in spec.notebooks}
        declared = {name: declared_cache.setdefault(p, declared_parameters(p)) for name, p in paths.items()}
        plans.append((spec, paths, assign_parameters(spec, declared), declared))
    say = progress or (lambda _msg: None)
    with run_lock(out):
        fingerprints = {}
        for spec in specs:
            if spec.corpus not in fingerprints:
                t0 = time.perf_counter()
                prepared = prepare_corpus(spec.corpus or None, cache_dir=cache_dir)
                fingerprints[spec.corpus] = prepared.fingerprint
                say(f"corpus {spec.corpus or '(sample)'}: {len(prepared.articles)} articles "
                    f"{'from cache' if prepared.from_cache else 'loaded and cleaned'} in {time.perf_counter() - t0:.1f} s")
        renderer = _HtmlRenderer(show_code)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        tasks = []
        run_dirs = []  # (final, work) per plan
        for spec, paths, assigned, declared in plans:
            final = _unique_dir(out / f"{stamp}-{_slug(spec.name)}", taken={f for f, _ in run_dirs})
            work = out / f".tmp-{final.name}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            run_dirs.append((final, work))
            for name, path in paths.items():
                params = dict(assigned[name])
                runner_values = {"corpus": spec.corpus, "output_dir": str((work / "data" / name).resolve()),
                                 "cache_dir": "" if cache_dir is None else str(cache_dir)}
                params.update({k: v for k, v in runner_values.items() if k in declared[name]})
                tasks.append((spec, work, name, path, params))
        total = len(tasks)
        done = itertools.count(1)

        def execute(task):
            spec, work, name, path, params = task
            result = _execute(name, path, work, params, renderer, timeout)
            say(f"[{next(done)}/{total}] {spec.name}/{name}: {result.status} in {result.duration_s:.1f} s"
                + (f" ({result.error.splitlines()[0][:200]})" if result.error else ""))
            return task, result

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            finished = list(pool.map(execute, tasks))
        results = []
        for (spec, paths, assigned, _), (final, work) in zip(plans, run_dirs):
            nb_results = tuple(r for (t, r) in finished if t[1] == work)
            manifest = {
                "name": spec.name, "created": stamp, "corpus": spec.corpus or "(packaged sample corpus)",
                "corpus_fingerprint": fingerprints[spec.corpus], "parameters": dict(spec.parameters),
                "notebook_parameters": assigned, "show_code": show_code, "versions": package_versions(),
                "status": "ok" if all(r.status == "ok" for r in nb_results) else "failed",
                "notebooks": [asdict(r) for r in nb_results],
            }
            (work / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
            os.replace(work, final)  # atomic: the run appears complete or not at all
            results.append(RunResult(spec.name, final, nb_results, fingerprints[spec.corpus]))
        write_index(out)
    return results


def _unique_dir(path: Path, *, taken: set[Path] = frozenset()) -> Path:
    candidate, n = path, 1
    while candidate.exists() or candidate in taken:
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def write_index(out_dir: str | Path) -> Path:
    """(Re)write ``out_dir/index.html``: every complete run, newest first, with its reports."""
    out = Path(out_dir)
    rows = []
    for manifest_path in sorted(out.glob("*/manifest.json"), reverse=True):
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        run = manifest_path.parent.name
        links = []
        for nb in manifest.get("notebooks", []):
            mark = "✔" if nb.get("status") == "ok" else "✘ failed"
            href = html.escape(f"{run}/{nb.get('html', '')}", quote=True)
            links.append(f"<a href='{href}'>{html.escape(nb.get('notebook', ''))}</a> "
                         f"<span class='{html.escape(nb.get('status', ''))}'>{mark}</span> "
                         f"<small>{float(nb.get('duration_s', 0)):.0f} s</small>")
        params = ", ".join(f"{k}={v}" for k, v in manifest.get("parameters", {}).items()) or "defaults"
        status = manifest.get("status", "?")
        rows.append(
            f"<tr class='{html.escape(status)}'><td>{html.escape(run)}</td><td>{html.escape(status)}</td>"
            f"<td>{html.escape(str(manifest.get('corpus', '')))}</td><td>{html.escape(params)}</td>"
            f"<td>{'<br>'.join(links)}</td><td><a href='{html.escape(run, quote=True)}/manifest.json'>manifest</a></td></tr>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>edm_tools reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.5em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fdecea; }} span.failed {{ color: #b00020; font-weight: bold; }}
span.ok {{ color: #1b7f3b; }}
</style></head><body>
<h1>edm_tools reports</h1>
<p>{len(rows)} run(s), newest first. Updated {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.</p>
<table><thead><tr><th>Run</th><th>Status</th><th>Corpus</th><th>Parameters</th><th>Reports</th><th></th></tr></thead>
<tbody>
{chr(10).join(rows) if rows else '<tr><td colspan="6">No runs yet.</td></tr>'}
</tbody></table></body></html>
"""
    index = out / "index.html"
    tmp = out / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, index)
    return index


def format_results(results: Iterable[RunResult]) -> str:
    lines = []
    for r in results:
        state = "ok" if r.ok else "FAILED"
        lines.append(f"{r.name}: {state} -> {r.run_dir}")
        for nb in r.notebooks:
            if nb.status != "ok":
                lines.append(f"  {nb.notebook}: {nb.error.splitlines()[0] if nb.error else 'failed'}")
    return "\n".join(lines)
