# Two commands do everything (see README.md):
#   make serve   set up, build the site into site/ and serve it at http://127.0.0.1:8000
#   make test    set up and run the whole test suite
#   (make test-fast: the unit tier alone, no site build and no browser, while editing code)
# Set-up is automatic: a virtualenv in .venv with the pinned Python packages,
# and the pinned front-end libraries (ECharts) and test tools (axe-core, vnu-jar)
# from the npm registry in node_modules/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test test-fast schema clean bench

ECHARTS_BUNDLE := node_modules/.site-vendor/echarts.custom.min.js

setup: $(STAMP) node_modules/.installed-stamp $(ECHARTS_BUNDLE)

$(STAMP): requirements.txt requirements-test.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# --ignore-scripts: no package needs its install script, and vnu-jar's would
# download a Java runtime from GitHub when none is found (Java comes from apt).
node_modules/.installed-stamp: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to install ECharts, axe-core and vnu-jar: apt-get install nodejs npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Then the site's ECharts (after every npm ci, which empties node_modules/): only the charts
# and components it uses (tools/echarts/entry.js), bundled by the pinned esbuild;
# generator/engine/mkdocs_hooks.py serves it as assets/vendor/echarts.min.js.
$(ECHARTS_BUNDLE): tools/echarts/entry.js node_modules/.installed-stamp
	npm run --silent build:echarts

validate: setup
	$(BIN)/python site_build.py validate

build: setup
	$(BIN)/python site_build.py build

serve: setup
	$(BIN)/python site_build.py serve

# The tests keep Python's bytecode (__pycache__/, git-ignored) even where the environment says not
# to (PYTHONDONTWRITEBYTECODE): without it every run, and every process a test starts, compiles
# generator/ and rewrites tests/ again, 4 s of CPU per run of the unit tier.
test test-fast: export PYTHONDONTWRITEBYTECODE :=

test: setup
	$(BIN)/python -m pytest

# The unit tier on two processes (pytest-xdist): it is CPU-bound, ~40 s of CPU in one process.
test-fast: setup
	$(BIN)/python -m pytest -m unit -n 2

schema: setup
	$(BIN)/python site_build.py schema

# Lighthouse for the benchmark only, pinned by bench/package-lock.json, kept out of
# the root package.json that `make setup` installs for the tests.
bench/node_modules/.installed-stamp: bench/package.json bench/package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to install Lighthouse: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix bench --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# A measurement, not a test: build time by stage, shard and worker, memory, scale curve,
# page weight and Lighthouse scores, printed and written to bench/results.json and
# bench/README.md (see there). Options: make bench BENCH_ARGS="--no-lighthouse --cities 1,10"
bench: setup bench/node_modules/.installed-stamp
	$(BIN)/python site_build.py bench $(BENCH_ARGS)

clean:
	rm -rf site .site.* .pytest_cache
