"""How screens and widgets call services: in a thread worker, the answer back on the loop.

Screens never build queries: they call services through ``run_service``, which runs the
service in a thread worker (the event loop never waits on the database) and hands the result
back on the event loop. A stale result (the worker was superseded) is dropped.

The sign-in form is a service caller too, and it is drawn before the database layer is
loaded: the runner is imported by ``run_service`` itself, on the event loop (by then the
app has loaded it), never by the worker's thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, TypeVar

from textual.worker import Worker, get_current_worker

from peer_tui.services.errors import ServiceError

if TYPE_CHECKING:
    from peer_tui.screens.widgets.row_list import RowList


#: What a service returns, and so what the ``done`` callback of ``run_service`` receives.
Result = TypeVar("Result")


class ServiceCaller:
    """Mixin for screens and widgets: ``run_service(fn, *args, done=..., failed=...)``."""

    def run_service(
        self,
        fn: Callable[..., Result],
        *args: Any,
        done: Callable[[Result], None] | None = None,
        failed: Callable[[ServiceError], None] | None = None,
        group: str = "service",
        exclusive: bool = False,
        **kwargs: Any,
    ) -> Worker[None]:
        """Run FN(*ARGS, **KWARGS) in a thread worker of GROUP; DONE receives what FN
        returned, on the event loop; FAILED (else a notification) the ServiceError."""
        app = self.app  # type: ignore[attr-defined]
        # Deferred (start-up): see the module's docstring. Here, on the event loop.
        from peer_tui.services.audit import take_unrecorded
        from peer_tui.services.runner import call

        def job() -> None:
            worker = get_current_worker()
            try:
                result = call(fn, *args, **kwargs)
            except ServiceError as exc:
                if not worker.is_cancelled:
                    app.call_from_thread(failed or self.show_service_error, exc)
                return
            except Exception as exc:  # noqa: BLE001 - keep the app up, say what happened
                app.log.error(f"service {getattr(fn, '__name__', fn)} failed: {exc!r}")
                if not worker.is_cancelled:
                    app.call_from_thread(
                        failed or self.show_service_error,
                        ServiceError(f"Something went wrong: {type(exc).__name__}: {exc}"),
                    )
                return
            unrecorded = take_unrecorded()  # read, but the audit row could not be saved
            if unrecorded and not worker.is_cancelled:
                app.call_from_thread(app.notify, unrecorded, title="Not recorded",
                                     severity="warning", markup=False, timeout=12)
            if done is not None and not worker.is_cancelled:
                app.call_from_thread(done, result)

        return self.run_worker(  # type: ignore[attr-defined]
            job, thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )

    def read_block(self, event: RowList.NeedBlock, service: Callable[..., list], *args: Any,
                   group: str) -> None:
        """Read the block a RowList asks for (EVENT) with SERVICE(*ARGS, start, after) in a
        worker and hand it to the list; a failed read is said, and the list asks again when
        the block is next on screen."""
        rows, generation, block = event.row_list, event.generation, event.block

        def failed(exc: ServiceError) -> None:
            rows.block_failed(generation, block)
            self.show_service_error(exc)

        self.run_service(service, *args, event.start, event.after, group=group,
                         done=lambda got: rows.set_block(generation, block, got), failed=failed)

    def show_service_error(self, exc: ServiceError) -> None:
        self.app.notify(str(exc), title="Not done", severity="error",  # type: ignore
                        markup=False, timeout=8)

    def saved(self, message: str = "Saved.") -> None:
        """The clear 'saved' confirmation every save ends with."""
        self.app.notify(message, title="Saved", markup=False, timeout=4)  # type: ignore
