"""The OCR models (rapidocr's ONNX detector and recogniser, shipped in its wheel) called the way scans need them.

Recognition takes crops already cut (table cells, text lines) in batches of similar width, padded only to the
widest crop of the batch, not to the library's fixed 320 pixels: a lone digit costs a sixth of what it would; the
few crops that then score under the bar are read again at the library's width. Detection runs on a
region (the prose of a page, tables masked out) at a scale chosen from the text's height, not the page's size.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache

import cv2
import numpy as np

from service.core.ingest.layout import Box

MIN_SCORE = 0.5  # rapidocr's own text_score: reads below it are dropped
_UNCLIP = 2.0  # a looser box than the default 1.6 keeps a narrow leading "1" inside the crop
_PAD_RATIO = 1.25  # a recognition batch's widest crop is at most this much wider than its narrowest (past `free`)


@lru_cache(maxsize=4)
def get_ocr(threads: int = 0):
    """The process-wide OCR engine, built on first use (loading the ONNX models takes about a second).

    onnxruntime's default thread pool oversubscribes small machines: `threads` (0 = one per core, at most 4)
    bounds each session's intra-op pool, and operators run one at a time.
    """
    from rapidocr_onnxruntime import RapidOCR

    threads = threads or max(1, min(4, os.cpu_count() or 1))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, use_cls=False, det_unclip_ratio=_UNCLIP)


def _rgb(crop: np.ndarray) -> np.ndarray:
    return crop if crop.ndim == 3 else np.repeat(crop[:, :, None], 3, axis=2)


def _similar_widths(widths: list[int], batch: int, free: int) -> list[list[int]]:
    """Crop indices, narrowest first, in batches of at most `batch` whose widest is within _PAD_RATIO of their
    narrowest or no wider than `free` (the model's training width, so table cells batch as they always did).

    A batch is padded to its widest crop: a 500-pixel line batched with a 1,600-pixel one costs three times its own.
    """
    chunks: list[list[int]] = []
    for i in sorted(range(len(widths)), key=widths.__getitem__):
        if chunks and len(chunks[-1]) < max(1, batch) and \
                widths[i] <= max(_PAD_RATIO * widths[chunks[-1][0]], free):
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks


def recognise(engine, crops: list[np.ndarray], batch: int, min_width: int = 0) -> list[tuple[str, float]]:
    """(text, score) per crop (grey or RGB, one text line each), recognition only, in batches of similar width."""
    rec = engine.text_rec
    height = rec.rec_image_shape[1]
    widths = [max(height // 2, math.ceil(height * c.shape[1] / max(c.shape[0], 1))) for c in crops]
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for chunk in _similar_widths(widths, batch, rec.rec_image_shape[2]):
        width = 8 * math.ceil(max(min_width, *(widths[i] for i in chunk)) / 8)
        tensor = np.zeros((len(chunk), 3, height, width), dtype=np.float32)  # padding is 0 after normalising
        for j, i in enumerate(chunk):
            resized = cv2.resize(_rgb(crops[i]), (min(width, widths[i]), height)).astype(np.float32)
            tensor[j, :, :, :resized.shape[1]] = (resized.transpose(2, 0, 1) / 127.5) - 1.0
        for j, (text, score) in zip(chunk, rec.postprocess_op(rec.session(tensor)[0]), strict=True):
            out[j] = (text.strip(), float(score))
    return out


def read(engine, crops: list[np.ndarray], batch: int) -> list[tuple[str, float]]:
    """recognise(), then the crops read below MIN_SCORE once more padded to the model's 320-pixel training width.

    A lone digit in a tight batch sometimes scores under the bar although read right; with the padding it was
    trained on it scores well, and only those few crops pay for the wider input.
    """
    out = recognise(engine, crops, batch)
    doubtful = [i for i, (_, score) in enumerate(out) if score < MIN_SCORE]
    again = recognise(engine, [crops[i] for i in doubtful], batch, engine.text_rec.rec_image_shape[2])
    for i, second in zip(doubtful, again, strict=True):
        out[i] = max(out[i], second, key=lambda r: r[1])
    return out


def detect(engine, rgb: np.ndarray, scale: float) -> list[np.ndarray]:
    """Text boxes (4 corner points, top-down reading order) of an RGB region, the detector run at `scale`."""
    det = engine.text_det
    h, w = rgb.shape[:2]
    size = (max(32, 32 * round(w * scale / 32)), max(32, 32 * round(h * scale / 32)))
    tensor = (cv2.resize(rgb, size).astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0)[None]
    boxes, _ = det.postprocess_op(det.infer(tensor)[0], (h, w))
    boxes = det.filter_tag_det_res(boxes, (h, w))
    return list(engine.sorted_boxes(boxes)) if len(boxes) else []


def read_regions(engine, regions: list[tuple[np.ndarray, int, int]], scale: float, batch: int) -> list[Box]:
    """Detect and read each (RGB region, x offset, y offset): its text boxes in page coordinates."""
    crops, where = [], []
    for rgb, dx, dy in regions:
        boxes = detect(engine, rgb, scale)
        crops += engine.get_crop_img_list(rgb, boxes) if boxes else []
        where += [(points, dx, dy) for points in boxes]
    out = []
    for (points, dx, dy), (text, score) in zip(where, read(engine, crops, batch), strict=True):
        if text and score >= MIN_SCORE:
            xs, ys = points[:, 0] + dx, points[:, 1] + dy
            out.append((float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text))
    return out
