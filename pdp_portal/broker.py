"""The embedded default's Celery broker: kombu's filesystem transport, made safe to run unattended.

kombu writes a message straight under its final name, so a worker polling the folder can read it
half-written; the JSON error that follows is fatal to the worker ("Unrecoverable error"), and with
it the whole `make run`. Here a message is written under a name no reader looks for and renamed
into place (a rename within one folder is atomic), and a file that still does not parse is moved
aside to ``bad_folder`` and logged: it costs that one message, never the worker.
"""

import logging
import os
import shutil
import tempfile
import uuid
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Write the message under a temporary name, then rename it to what readers look for."""
        final = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        # "partial_<uuid>.tmp" partitions to "tmp", never to "<queue>.msg": invisible to _get.
        temp = os.path.join(self.data_folder_out, f"partial_{uuid.uuid4()}.tmp")
        try:
            with open(temp, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, os.path.join(self.data_folder_out, final))
        except OSError as exc:
            try:
                os.remove(temp)
            except OSError:
                pass
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        """Return the next message of ``queue`` that parses; set aside and log those that do not."""
        wanted = f"{queue}.msg"
        for filename in sorted(os.listdir(self.data_folder_in)):
            if filename.partition(".")[2] != wanted:
                continue
            folder = self.processed_folder if self.store_processed else tempfile.gettempdir()
            try:
                # Moving first makes the message ours: another worker's move then fails.
                shutil.move(os.path.join(self.data_folder_in, filename), folder)
            except OSError:
                continue
            path = os.path.join(folder, filename)
            try:
                with open(path, "rb") as f:
                    payload = f.read()
            except OSError as exc:
                raise ChannelError(f"Cannot read file {path!r} from queue.") from exc
            try:
                message = loads(bytes_to_str(payload))
                if not isinstance(message, dict):
                    raise ValueError("a message is a JSON object")
            except (ValueError, UnicodeDecodeError) as exc:
                self._set_aside(path, filename, exc)
                continue
            if not self.store_processed:
                os.remove(path)
            return message
        raise Empty()

    def _set_aside(self, path: str, filename: str, exc: Exception) -> None:
        bad = self.transport_options.get("bad_folder")
        try:
            if bad:
                os.makedirs(bad, exist_ok=True)
                shutil.move(path, os.path.join(bad, filename))
            else:
                os.remove(path)
        except OSError:
            pass
        logger.error(
            "Broker message %s does not parse (%s): set aside%s, the worker goes on",
            filename,
            exc,
            f" in {bad}" if bad else "",
        )


class Transport(filesystem.Transport):
    Channel = Channel
    # The parent's class attribute would be shared otherwise; keep one state like kombu does.
    global_state = filesystem.Transport.global_state
