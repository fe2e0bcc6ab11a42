"""What every Warta plugin's register() connects: the writer, the settings, the plugins it needs."""

from __future__ import annotations

import logging

from .output import OutputWriter
from .problems import ContentError


class PluginOrderError(RuntimeError):
    """A plugin needs data that another plugin puts in the generator context, and that plugin is missing."""


class _ProblemsWithoutTraceback(logging.Filter):
    """`pelican content` logs a failed run with its traceback. A content error is the writer's to fix,
    and its Indonesian lines say all there is: they are logged alone, as `invoke build` prints them."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ContentError):
            record.msg, record.args, record.exc_info = "%s", (error.report(),), None
        return True


PROBLEMS_WITHOUT_TRACEBACK = _ProblemsWithoutTraceback()


def get_writer(pelican):
    """Receiver of `get_writer`: Pelican creates Warta's writer and passes it to every generate_output."""
    return OutputWriter


def require(pelican, plugin: str, needs: tuple[str, ...]) -> None:
    """Stop the run unless every plugin `plugin` needs is registered before it (generators run in PLUGINS order)."""
    names = [name.rpartition(".")[2] for name in pelican.settings["PLUGINS"]]
    if plugin not in names:
        return  # registered by an earlier run in this process, not part of this one
    position = names.index(plugin)
    for need in needs:
        if need not in names:
            raise PluginOrderError(f"Plugin {plugin} membutuhkan {need}, yang tidak aktif: tambahkan '{need}' "
                                   f"ke PLUGINS sebelum '{plugin}' di pelicanconf.py.")
        if names.index(need) > position:
            raise PluginOrderError(f"Plugin {plugin} membutuhkan data dari {need}: pindahkan '{need}' ke "
                                   f"sebelum '{plugin}' di PLUGINS (pelicanconf.py).")


def generator_writer(writer) -> OutputWriter:
    """The writer a generator was given, checked: another plugin's get_writer would break the build."""
    if not isinstance(writer, OutputWriter):
        raise PluginOrderError(f"Generator Warta menerima penulis {type(writer).__name__}, bukan OutputWriter: "
                               "pastikan warta_content aktif dan tidak ada plugin lain yang memasang get_writer.")
    return writer


class WartaPlugin:
    """A Warta plugin's table of contents: its generator, the plugins it needs, every signal it connects.

    `register()` connects exactly these: `initialized` to complete and check the settings (one table,
    warta_core.settings) and to check `needs`; `get_generators` to the plugin's generator; and each
    (signal, receiver) pair in `receivers`, e.g. `(signals.finalized, write_sitemap)`.
    """

    def __init__(self, name: str, generator: type, needs: tuple[str, ...] = (), receivers: tuple = ()):
        self.name = name
        self.generator = generator
        self.needs = needs  # plugins whose generator context this one reads: they come first in PLUGINS
        self.receivers = receivers

    def register(self) -> None:
        from pelican import signals

        from .settings import apply_defaults

        logging.getLogger("pelican").addFilter(PROBLEMS_WITHOUT_TRACEBACK)  # once, however many plugins
        signals.initialized.connect(apply_defaults)
        signals.initialized.connect(self.check_needs)
        signals.get_generators.connect(self.get_generators)
        for signal, receiver in self.receivers:
            signal.connect(receiver)

    def check_needs(self, pelican) -> None:
        require(pelican, self.name, self.needs)

    def get_generators(self, pelican):
        return self.generator
