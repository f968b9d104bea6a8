#!/usr/bin/env python3
"""Draws the demo's cover images (simple flat illustrations, CC0, made for the demo) as PNG
files beside this script, with nothing but the standard library: python3 make_covers.py"""
import math
import os
import struct
import zlib

W, H = 1600, 900


def png(path, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


class Canvas:
    def __init__(self, top, bottom):
        self.rows = []
        for y in range(H):
            c = mix(top, bottom, y / (H - 1))
            self.rows.append(bytearray(c * W))

    def rect(self, x0, y0, x1, y1, c):
        x0, x1 = max(0, int(x0)), min(W, int(x1))
        if x1 <= x0:
            return
        for y in range(max(0, int(y0)), min(H, int(y1))):
            self.rows[y][x0 * 3:x1 * 3] = bytes(c) * (x1 - x0)

    def circle(self, cx, cy, r, c):
        for y in range(max(0, int(cy - r)), min(H, int(cy + r) + 1)):
            dx = math.sqrt(max(0.0, r * r - (y - cy) ** 2))
            self.rect(cx - dx, y, cx + dx, y + 1, c)

    def ground(self, f, c):
        """Fills below the curve y = f(x)."""
        for x in range(W):
            top = max(0, int(f(x)))
            for y in range(top, H):
                self.rows[y][x * 3:x * 3 + 3] = bytes(c)

    def line(self, x0, y0, x1, y1, width, c):
        n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for i in range(0, n, max(1, width // 2)):
            t = i / n
            self.circle(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, width / 2, c)


def investment():
    """Hội nghị xúc tiến đầu tư: a new industrial park and city at sunrise."""
    c = Canvas((255, 214, 153), (253, 246, 227))
    c.circle(1180, 300, 120, (255, 170, 60))
    c.ground(lambda x: 640 + 30 * math.sin(x / 260), (120, 170, 110))
    heights = [260, 380, 320, 460, 300, 520, 350, 410, 280, 340]
    for i, h in enumerate(heights):
        x = 120 + i * 140
        shade = (34 + i * 6, 76 + i * 4, 120 + i * 5)
        c.rect(x, 660 - h, x + 110, 680, shade)
        for wy in range(660 - h + 30, 650, 50):
            for wx in (x + 18, x + 62):
                c.rect(wx, wy, wx + 28, wy + 22, (250, 232, 170))
    c.rect(0, 760, W, 800, (90, 90, 96))
    for x in range(0, W, 120):
        c.rect(x + 20, 776, x + 80, 784, (245, 245, 240))
    c.line(1350, 700, 1350, 380, 14, (200, 40, 40))
    c.rect(1350, 380, 1530, 480, (218, 37, 29))
    c.circle(1440, 430, 26, (255, 221, 0))
    return c


def flood():
    """Mưa lũ: rain over a swollen river and the dyke that holds it."""
    c = Canvas((96, 112, 132), (170, 184, 196))
    for cx, cy, r in [(300, 160, 130), (470, 130, 160), (650, 170, 120), (1050, 150, 150), (1240, 120, 120), (1400, 170, 130)]:
        c.circle(cx, cy, r, (72, 84, 100))
    for i in range(240):
        x = (i * 97) % W
        y = 260 + (i * 53) % 380
        c.line(x, y, x - 16, y + 46, 4, (200, 214, 230))
    c.ground(lambda x: 560 + 24 * math.sin(x / 90) + 10 * math.sin(x / 23), (116, 92, 60))
    c.ground(lambda x: 610 + 14 * math.sin(x / 70), (150, 118, 78))
    c.ground(lambda x: 700 + 8 * math.sin(x / 40), (92, 128, 160))
    c.rect(980, 520, 1180, 620, (235, 226, 210))
    for x in (1000, 1060, 1120):
        c.rect(x, 545, x + 36, 580, (70, 110, 150))
    c.ground(lambda x: 820 + 10 * math.sin(x / 55), (66, 104, 138))
    return c


def digital():
    """Chuyển đổi số: a network of connected offices and citizens."""
    c = Canvas((10, 58, 110), (18, 96, 160))
    nodes = [(200, 220), (460, 140), (720, 300), (980, 180), (1260, 260), (1420, 520),
             (1100, 560), (820, 640), (520, 560), (260, 620), (640, 420), (1000, 400)]
    for i, (x, y) in enumerate(nodes):
        for j in (i + 1, i + 3):
            x2, y2 = nodes[j % len(nodes)]
            c.line(x, y, x2, y2, 6, (70, 160, 220))
    for x, y in nodes:
        c.circle(x, y, 34, (255, 255, 255))
        c.circle(x, y, 22, (255, 196, 0))
    c.rect(0, 780, W, H, (8, 40, 80))
    for i in range(24):
        x = 40 + i * 66
        c.rect(x, 808, x + 44, 852, (40 + i * 8, 170, 230))
    return c


def livestock():
    """Phòng, chống dịch bệnh gia súc: green hills, a clean barn, a vet's cross."""
    c = Canvas((180, 220, 250), (236, 246, 252))
    c.circle(260, 200, 90, (255, 236, 140))
    c.ground(lambda x: 520 - 120 * math.exp(-((x - 420) / 360) ** 2), (126, 186, 96))
    c.ground(lambda x: 620 - 90 * math.exp(-((x - 1200) / 420) ** 2), (98, 160, 76))
    c.rect(900, 420, 1260, 660, (178, 58, 48))
    for k in range(0, 181, 2):
        c.rect(900 + k, 420 - k * 0.6, 1260 - k, 422 - k * 0.6, (140, 40, 34))
    c.rect(1040, 520, 1120, 660, (245, 232, 210))
    for x, y in [(420, 680), (620, 720), (300, 760)]:
        c.rect(x, y, x + 150, y + 70, (250, 250, 250))
        c.rect(x + 130, y - 30, x + 190, y + 20, (250, 250, 250))
        c.circle(x + 50, y + 30, 18, (40, 40, 40))
        for lx in (x + 10, x + 120):
            c.rect(lx, y + 70, lx + 16, y + 110, (80, 70, 60))
    c.rect(1370, 120, 1530, 160, (0, 140, 90))
    c.rect(1430, 60, 1470, 220, (0, 140, 90))
    return c


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, draw in [("xuc-tien-dau-tu", investment), ("mua-lu", flood),
                       ("chuyen-doi-so", digital), ("phong-chong-dich-benh", livestock)]:
        png(os.path.join(here, name + ".png"), draw().rows)
        print(name)
