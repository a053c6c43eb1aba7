"""A labelled file input for scenario files (keyboard and screen-reader usable, unlike a drop zone);
it sends at most ``max_bytes + 1`` bytes of the file's text to the server."""

from typing import Callable

import solara


@solara.component_vue("scenario_upload.vue")
def ScenarioUpload(label: str, max_bytes: int, event_upload: Callable[[dict], None]):
    """``event_upload`` receives ``{"name", "size", "text"}``."""
