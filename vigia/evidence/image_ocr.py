"""OCR of one image with rapidocr: recognized lines with their boxes and background colour.

The PP-OCR models ship inside the rapidocr wheel and are loaded from there; no option that
would make rapidocr download another model is ever passed. The engine is built once per
process (loading takes about a second) and is not thread-safe, so callers run one image at a
time per process, which is what the worker does.

Text detection runs on the image scaled so that its longest side is at most 1,280 pixels: a
phone screenshot's text is still 15 pixels or more tall at that size, and detection is the
slowest step. Recognition runs on crops of the full-resolution image.
"""

from __future__ import annotations

import io
import math
import statistics
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from PIL import Image, ImageOps

__all__ = ["OcrLine", "configure_threads", "load_image", "recognize"]

# Larger images are scaled down first: nothing a member forwards needs more. Pillow itself
# refuses decompression bombs (DecompressionBombError) before decoding them.
_MAX_PIXELS: Final = 12_000_000
_MAX_SIDE: Final = 4096
_DETECTION_SIDE: Final = 1280


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognized line: text, score, axis-aligned box and the median colour under it."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float
    background: tuple[int, int, int]
    angle: float = 0.0  # radians; the top edge's slope, from a photo taken at a slant

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


_lock = threading.Lock()
_engine: Any = None
_threads: int | None = None


def configure_threads(threads: int | None) -> None:
    """Use ``threads`` onnxruntime intra-op threads (None: the library's default) from now on."""
    global _engine, _threads
    with _lock:
        if threads != _threads:
            _threads = threads
            _engine = None


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        from rapidocr import RapidOCR  # imported late: it loads OpenCV and onnxruntime

        threads = _threads
        params: dict[str, Any] = {
            "Global.log_level": "warning",
            # Screenshots and slips are upright; a slight tilt does not need the classifier.
            "Global.use_cls": False,
            "Global.max_side_len": _MAX_SIDE,
            "Det.limit_type": "max",
            "Det.limit_side_len": _DETECTION_SIDE,
        }
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        _engine = RapidOCR(params=params)
    return _engine


def load_image(source: str | Path | bytes) -> Image.Image:
    """Open ``source`` (a path or the file's bytes) as an upright RGB image of bounded size."""
    handle = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    with handle:
        handle.draft("RGB", (_MAX_SIDE, _MAX_SIDE))  # JPEG: decode at a reduced scale early
        image = ImageOps.exif_transpose(handle).convert("RGB")
    if image.width * image.height > _MAX_PIXELS:
        scale = (_MAX_PIXELS / (image.width * image.height)) ** 0.5
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    return image


def _median_colour(
    pixels: np.ndarray[Any, Any], box: tuple[int, int, int, int]
) -> tuple[int, int, int]:
    x0, y0, x1, y1 = box
    patch = pixels[y0:y1, x0:x1].reshape(-1, 3)
    if patch.size == 0:
        return (0, 0, 0)
    # Text covers a minority of a line's box: the median is the colour of the bubble under it.
    red, green, blue = (int(value) for value in np.median(patch, axis=0))
    return (red, green, blue)


def recognize(image: Image.Image) -> list[OcrLine]:
    """The lines rapidocr recognizes in ``image``, in the order it returns them."""
    pixels = np.asarray(image)
    with _lock:
        result = _get_engine()(np.ascontiguousarray(pixels[:, :, ::-1]))
    if result.boxes is None or result.txts is None:
        return []
    lines: list[OcrLine] = []
    height, width = pixels.shape[:2]
    for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        xs = [float(point[0]) for point in quad]
        ys = [float(point[1]) for point in quad]
        x0, x1 = max(0.0, min(xs)), min(float(width), max(xs))
        y0, y1 = max(0.0, min(ys)), min(float(height), max(ys))
        clean = " ".join(str(text).split())
        if not clean or x1 <= x0 or y1 <= y0:
            continue
        colour = _median_colour(pixels, (int(x0), int(y0), int(x1) + 1, int(y1) + 1))
        angle = math.atan2(ys[1] - ys[0], xs[1] - xs[0]) if xs[1] != xs[0] else 0.0
        lines.append(OcrLine(clean, float(score), x0, y0, x1, y1, colour, angle))
    return lines


def rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """``lines`` grouped into visual rows (top to bottom), each row ordered left to right."""
    wide = [line.angle for line in lines if line.x1 - line.x0 >= 3 * line.height]
    tilt = statistics.median(wide) if wide else 0.0
    cos, sin = math.cos(tilt), math.sin(tilt)

    def level(line: OcrLine) -> float:
        # The height of the line's centre once the photo is turned back level.
        return line.cy * cos - line.cx * sin

    grouped: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda item: (level(item), item.x0)):
        if grouped:
            row = grouped[-1]
            anchor = row[0]
            if abs(level(line) - level(anchor)) < 0.5 * min(line.height, anchor.height):
                row.append(line)
                continue
        grouped.append([line])
    return [sorted(row, key=lambda item: item.x0) for row in grouped]
