"""Drawing a slip as the 1-bit raster a thermal printer prints (and the screen shows).

No printer font has traditional Mongolian, so the whole slip is an image. Mongolian is
shaped by HarfBuzz (Pillow's raqm layout) along a horizontal line, and the line is then
turned a quarter clockwise: the words read top to bottom and the columns follow each other
left to right, as in print. Digits and Latin letters, which the Mongolian font lacks, come
from the CJK font and lie sideways in the column, as browsers show them in vertical text.
"""

from dataclasses import dataclass
from functools import cache, lru_cache

import qrcode
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from kiosk.i18n import MONGOLIAN

#: Dots across the paper at 203 dpi.
PAPER_WIDTHS = {58: 384, 80: 576}
#: The layout is drawn for 80 mm paper and scaled to the printer's width.
DESIGN_WIDTH = 576
#: Darker than half grey prints black: thermal heads print thin strokes faintly.
THRESHOLD = 170


@dataclass(frozen=True)
class Fonts:
    """Font files for slips (Debian's fonts-noto-cjk and fonts-noto-core by default)."""

    cjk: str
    cjk_bold: str
    mongolian: str
    #: Face in the CJK collections: 2 is Simplified Chinese.
    cjk_index: int = 2


@dataclass(frozen=True)
class SlipSide:
    """What a slip says in one language."""

    locale: str
    title: str
    station: str
    rows: tuple[tuple[str, str], ...]
    instruction: str


@dataclass(frozen=True)
class SlipContent:
    #: The big line anyone can read: a queue number or a registration number ("" for none).
    headline: str
    qr_data: str
    #: The chosen language first, then the other one.
    sides: tuple[SlipSide, ...]


@cache
def _font(path: str, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=4096)
def _measure(font: ImageFont.FreeTypeFont, text: str, language: str | None) -> float:
    """Width of shaped text; wrapping asks for the same words again and again."""
    return font.getlength(text, language=language)


@cache
def _covers(path: str) -> frozenset[int]:
    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap())


class Painter:
    """Lays a slip out top to bottom on a white canvas, then cuts and thresholds it."""

    def __init__(self, width: int, fonts: Fonts) -> None:
        self.width = width
        self.fonts = fonts
        self.scale = width / DESIGN_WIDTH
        self.pad = self.px(16)
        self.canvas = Image.new("L", (width, self.px(2400)), 255)  # cut to length at the end
        self.draw = ImageDraw.Draw(self.canvas)
        self.y = self.px(12)

    def px(self, design_dots: float) -> int:
        return max(1, round(design_dots * self.scale))

    def cjk(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        path = self.fonts.cjk_bold if bold else self.fonts.cjk
        return _font(path, self.px(size), self.fonts.cjk_index)

    def mongolian(self, size: int) -> ImageFont.FreeTypeFont:
        return _font(self.fonts.mongolian, self.px(size))

    # -- pieces ------------------------------------------------------------------------------

    def top(self, headline: str, qr_data: str) -> None:
        """The big number on the left and the QR code on the right (or the code alone)."""
        code = self._qr_image(qr_data)
        if not headline:
            self.canvas.paste(code, ((self.width - code.width) // 2, self.y))
            self.y += code.height + self.px(12)
            return
        self.canvas.paste(code, (self.width - self.pad - code.width, self.y))
        room = self.width - 2 * self.pad - code.width - self.px(16)
        size = 120
        while size > 32 and _measure(self.cjk(size, True), headline, None) > room:
            size -= 8
        font = self.cjk(size, bold=True)
        left, top, _right, bottom = font.getbbox(headline, anchor="ls")
        baseline = int(self.y + (code.height - (bottom - top)) // 2 - top)
        self.draw.text((self.pad - left, baseline), headline, font=font, fill=0, anchor="ls")
        self.y += int(max(code.height, bottom - top)) + self.px(12)

    def _qr_image(self, data: str) -> Image.Image:
        # A fixed mask: scanners read any of the eight, and choosing the "best" costs 15 ms.
        code = qrcode.QRCode(
            error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0
        )
        code.add_data(data)
        code.make(fit=True)
        modules = code.modules_count
        box = max(2, self.px(200) // modules)
        image = code.make_image(fill_color="black", back_color="white").get_image()
        return image.convert("L").resize((modules * box, modules * box), Image.Resampling.NEAREST)

    def rule(self) -> None:
        self.y += self.px(6)
        self.draw.rectangle((self.pad, self.y, self.width - self.pad, self.y + self.px(2)), fill=0)
        self.y += self.px(14)

    def side(self, side: SlipSide) -> None:
        lines = [(side.title, 30, True), (side.station, 22, False)]
        lines += [(f"{label}{_colon(side.locale)}{value}", 24, False) for label, value in side.rows]
        lines.append((side.instruction, 22, False))
        if side.locale == MONGOLIAN:
            self._columns(lines)
        else:
            self._lines(lines)

    # -- horizontal (Chinese) ------------------------------------------------------------------

    def _lines(self, lines: list[tuple[str, int, bool]]) -> None:
        room = self.width - 2 * self.pad
        for text, size, bold in lines:
            font = self.cjk(size, bold)
            for part in _wrap_characters(text, font, room):
                self.draw.text((self.pad, self.y), part, font=font, fill=0)
                self.y += round(font.size * 1.4)
        self.y += self.px(4)

    # -- vertical (Mongolian) ------------------------------------------------------------------

    def _columns(self, lines: list[tuple[str, int, bool]]) -> None:
        # Columns as short as will fit across the paper in one row; longer ones rather than
        # a second row, which reads less clearly.
        room = self.width - 2 * self.pad
        for height in (self.px(h) for h in (300, 380, 460, 540, 620)):
            parts = [
                (part, size) for text, size, _bold in lines
                for part in self._wrap_words(text, size, height)
            ]  # fmt: skip
            if sum(self._column_width(size) for _, size in parts) <= room:
                break
        columns = [self._column(part, size, height) for part, size in parts]
        x = self.pad
        row_top = self.y
        for column in columns:
            if x + column.width > self.width - self.pad:  # the row is full: start another below
                x, row_top = self.pad, row_top + height + self.px(12)
            self.canvas.paste(column, (x, row_top))
            x += column.width
        self.y = row_top + height + self.px(12)

    def _column_width(self, size: int) -> int:
        return round(self.px(size) * 1.45)

    def _column(self, text: str, size: int, height: int) -> Image.Image:
        line_height = self._column_width(size)
        line = Image.new("L", (height, line_height), 255)
        self._mixed_text(ImageDraw.Draw(line), (0, round(line_height * 0.72)), text, size)
        return line.rotate(-90, expand=True)

    def _mixed_text(self, draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, size: int):
        x, baseline = at
        for run, in_mongolian in self._runs(text):
            font, language = self._font_for(in_mongolian, size)
            draw.text((x, baseline), run, font=font, fill=0, anchor="ls", language=language)
            x += int(_measure(font, run, language))

    def _font_for(self, in_mongolian: bool, size: int) -> tuple[ImageFont.FreeTypeFont, str | None]:
        # Digits and Latin come from the CJK font, a touch smaller to sit with Mongolian.
        return (self.mongolian(size), "mn") if in_mongolian else (self.cjk(size - 2), None)

    def _runs(self, text: str) -> list[tuple[str, bool]]:
        """Split into runs of the Mongolian font and of the CJK font (spaces join either)."""
        mongolian = _covers(self.fonts.mongolian)
        runs: list[tuple[str, bool]] = []
        for char in text:
            in_mongolian = ord(char) in mongolian if char != " " else None
            if runs and (in_mongolian is None or runs[-1][1] == in_mongolian):
                runs[-1] = (runs[-1][0] + char, runs[-1][1])
            else:
                runs.append((char, bool(in_mongolian)))
        return runs

    def _length(self, text: str, size: int) -> float:
        total = 0.0
        for run, in_mongolian in self._runs(text):
            font, language = self._font_for(in_mongolian, size)
            total += _measure(font, run, language)
        return total

    def _wrap_words(self, text: str, size: int, room: int) -> list[str]:
        """Break at spaces (never inside a word: its letters join); a lone long word is cut."""
        parts: list[str] = []
        for word in text.split(" "):
            candidate = f"{parts[-1]} {word}" if parts else word
            if parts and self._length(candidate, size) <= room:
                parts[-1] = candidate
            else:
                parts.append(word)
        return parts

    def finish(self) -> Image.Image:
        cut = self.canvas.crop((0, 0, self.width, self.y + self.px(8)))
        return cut.point([0 if v < THRESHOLD else 255 for v in range(256)], "1")


def _colon(locale: str) -> str:
    return ": " if locale == MONGOLIAN else "："


def _wrap_characters(text: str, font: ImageFont.FreeTypeFont, room: int) -> list[str]:
    """Chinese breaks between any two characters; keep runs of digits and letters whole."""
    lines = [""]
    for token in _tokens(text):
        if lines[-1] and _measure(font, lines[-1] + token, None) > room:
            lines.append(token.lstrip())
        else:
            lines[-1] += token
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for char in text:
        if tokens and char.isascii() and char.isalnum() and tokens[-1][-1:].isascii():
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def render_slip(content: SlipContent, width: int, fonts: Fonts) -> Image.Image:
    """The slip as a mode "1" image `width` dots wide (384 or 576)."""
    painter = Painter(width, fonts)
    painter.top(content.headline, content.qr_data)
    for side in content.sides:
        painter.rule()
        painter.side(side)
    return painter.finish()
