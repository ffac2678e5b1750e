# Two commands for a fresh machine:  make run  (install + serve on 127.0.0.1:8000)  ·  make test  (install + tests)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test train bench eval lint fonts chromium bytecode clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) bytecode fonts chromium

# The project's own modules byte-compiled (an editable install leaves them as sources, and where
# PYTHONDONTWRITEBYTECODE is set every process, each batch worker too, compiles ~70 of them again at start-up:
# ~0.14 s a worker). Up-to-date files are skipped, so this costs nothing on a second run.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q service training benchmarks >/dev/null

# A CJK font for rendering scanned-page test fixtures (Debian package; skipped where apt-get is unavailable).
fonts:
	@if [ ! -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq fonts-wqy-zenhei >/dev/null) || echo "fonts-wqy-zenhei not installed: image tests will skip"; \
	fi

# Debian's chromium for the browser tests (Playwright drives it through executable_path; no browser is downloaded).
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will skip"; \
	fi

run: install
	$(BIN)/nianbao serve --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest

train: install
	$(BIN)/nianbao train

bench: install
	$(BIN)/nianbao bench

eval: install
	$(BIN)/python ../shared/eval/score.py --cmd "$(BIN)/nianbao extract {path}"

lint: install
	$(BIN)/ruff check service training tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
