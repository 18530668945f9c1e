"""Keys handled in the order they were typed, however many arrive at once.

Textual hands each key to the widget that has the focus when the key is *read*; the widget,
its parents and then the bindings deal with it later, one message queue at a time. When keys
arrive together — a laggy SSH link, tmux `send-keys "a" Tab "b"`, a fast typist on a slow
box — a key whose meaning is a binding (Tab moves the focus; Backspace, End, ← move in a box)
is acted on after the plain letters behind it were already typed into the box: "Acme",
Tab, "Staff" all go into the first box, and "Kitx", Backspace, "e" gives "Kitxe" less its
last letter.

`KeysInOrder` holds each key back until the one before it has been all the way through:
after a key it sends a marker that bubbles up the same way (message queues are first in,
first out), and the next key is handed on when the marker reaches the app. A key that
opened a screen also waits for that screen to be drawn, so the keys after `n` land in the
new form rather than on the board. A marker that never arrives (its widget was removed) is
given up on after `PATIENCE` seconds, so a key is never held for longer than that.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

PATIENCE = 0.25
"""Seconds to wait for a key's marker before handing on the next key anyway."""


class KeyThrough(Message):
    """Follows a key through the widgets it bubbles up; at the app, that key is done."""

    def __init__(self, token: object) -> None:
        super().__init__()
        self.token = token


class KeysInOrder(App[None]):
    """An app whose keys are each handled to the end before the next one is handed on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()
        self._key_in_flight: object | None = None
        self._key_timer: Timer | None = None
        self._key_screen: object | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight is not None:
                self._held_keys.append(event)
                return
            await self._hand_on(event)
            return
        await super().on_event(event)

    async def _hand_on(self, event: events.Key) -> None:
        screen = self.screen
        await super().on_event(event)  # priority bindings here, or forwarded to the focus
        if not event.is_forwarded:
            return  # acted on already (a priority binding): nothing is pending
        token = object()
        self._key_in_flight = token
        (self.focused or self.screen).post_message(KeyThrough(token))
        self._key_timer = self.set_timer(PATIENCE, lambda: self._give_up(token))
        self._key_screen = screen

    def on_key_through(self, message: KeyThrough) -> None:
        message.stop()
        if message.token is not self._key_in_flight:
            return
        if self.screen is not self._key_screen:
            # The key opened (or closed) a screen: let it mount and take the focus first.
            self.call_after_refresh(self.call_after_refresh, self._release, message.token)
        else:
            self.call_next(self._release, message.token)

    def _give_up(self, token: object) -> None:
        self.call_next(self._release, token)

    async def _release(self, token: object) -> None:
        if token is not self._key_in_flight:
            return
        self._key_in_flight = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        while self._held_keys and self._key_in_flight is None:
            await self._hand_on(self._held_keys.popleft())
