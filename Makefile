# The commands of the README: `make dashboard`, `make test` and `make test-fast`.
PYTHON ?= python3
VENV   ?= .venv
ASSETS ?= .solara-assets
# Where the dashboard listens: this machine only, unless the command line says otherwise
# (`make dashboard HOST=0.0.0.0`); an exported HOST variable of the shell is ignored.
HOST   := 127.0.0.1
PORT   := 8765

export SOLARA_ASSETS_PROXY_CACHE_DIR := $(CURDIR)/$(ASSETS)
export SOLARA_TELEMETRY_MIXPANEL_ENABLE := False

STAMP := $(VENV)/.installed.stamp

.PHONY: setup compiled assets chromium dashboard test test-fast

dashboard: setup
	@case "$(HOST)" in 127.0.0.1|localhost|::1) ;; \
	  *) echo "warning: the dashboard listens on $(HOST):$(PORT), beyond this machine, with no authentication" >&2 ;; esac
	$(VENV)/bin/solara run app.py --production --host $(HOST) --port $(PORT)

# Everything (what CI runs): unit tests, the slow statistical tests, the dashboard in a browser.
test: setup chromium
	$(VENV)/bin/python -m pytest -q tests

# The inner loop: no slow statistical tests (pytest.mark.slow), no browser; well under a minute.
test-fast: setup
	$(VENV)/bin/python -m pytest -q tests -m "not slow and not browser"

# Everything both commands need: the venv with the pinned packages, the compiled engine and the
# offline page assets.
setup: $(STAMP) compiled assets

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt or pyproject.toml change.
$(STAMP): $(VENV)/bin/python requirements.txt $(wildcard pyproject.toml)
	$(VENV)/bin/pip install -q --progress-bar off -r requirements.txt
	$(VENV)/bin/pip install -q --no-build-isolation -e .
	touch $@

# The compiled parts of the engine (simulation/_*.pyx, see setup.py), rebuilt when a source changes.
compiled: $(STAMP)
	$(VENV)/bin/python setup.py -q build_ext --inplace

assets:
	bash scripts/fetch_solara_assets.sh $(ASSETS)

# Debian's chromium for the browser tests (playwright cannot download its own browsers here).
chromium:
	test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
