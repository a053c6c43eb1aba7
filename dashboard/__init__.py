"""The policy dashboard: a multi-page Solara app (``app.py`` is its entry point).

``pages/`` holds one module per page, ``components/`` the pieces they share, ``state.py`` what each
browser session keeps; the other modules are plain Python, testable without a browser: the
server's settings (``settings``), the run and snapshot caches and the shared queue of worker
processes (``runs``), the overview's baseline
runs (``baseline``) and published figures (``published``), the figures (``figures``; the money flows in ``money``), the scenario
builder's lever fields (``levers``) and their messages (``messages``), scenario files (``scenario_files``), the comparison
(``comparison``), the table and brief (``report``), the methods pages (``methods``) and the words
of the interface (``i18n``).
It imports ``simulation`` and ``analysis``; they never import it.
"""
