"""One synthetic document's world: the reporting agency, its place, its platforms and the offices it names."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from training import parts


@dataclass
class Platform:
    name: str  # canonical name without quotes
    surface: str  # as the text writes it (may carry quotes)
    kind: str
    generic: list[str] = field(default_factory=list)


@dataclass
class World:
    full: str  # 安平市科学技术局
    shorts: list[str]  # 市科技局, 安平市科技局
    level: str  # 市 县 区 省 自治区 镇 街道
    city: str  # 安平市 / 安平市清河区
    brand: str  # 安平 / 清河
    prov: str
    topic: str
    unit: str  # the character in 我局 / 我委 / 我镇
    platforms: list[Platform] = field(default_factory=list)


def _place(rng: random.Random) -> str:
    return rng.choice(parts.PLACE_A) + rng.choice(parts.PLACE_B)


def _agency(rng: random.Random) -> tuple[str, list[str], str, str, str, str]:
    """(full name, short names, level, place, brand, head short) for a freshly composed agency."""
    city, county = _place(rng), _place(rng)
    head_full, head_short = rng.choice(parts.BUREAUS)
    level = rng.choice(["市", "市", "县", "区", "省", "镇", "街道"])
    if level == "省":
        prov_full, prov_short = rng.choice(parts.PROVINCES)
        head_full, head_short = head_full.replace("局", "厅"), head_short.replace("局", "厅")
        lvl = "自治区" if "自治区" in prov_full else "省"
        shorts = [lvl + head_short, prov_short + head_short]
        return prov_full + head_full, shorts, lvl, prov_full, prov_short, head_short
    if rng.random() < 0.04:  # a tax bureau under the national administration
        full = f"国家税务总局{city}市{county}区税务局"
        return full, ["区税务局", f"{county}区税务局"], "区", f"{city}市{county}区", county, "税务局"
    if level in ("镇", "街道"):
        town = _place(rng)
        head = {"镇": "镇人民政府", "街道": "街道办事处"}[level]
        full = f"{city}市{county}县{town}{head}" if rng.random() < 0.3 else f"{county}县{town}{head}"
        shorts = [f"{town}{level}", f"{town}{'镇政府' if level == '镇' else '街道办'}"]
        if level == "街道" and rng.random() < 0.25:  # 某市某区人民政府某街道办事处, beside 某市某区人民政府网站
            return f"{city}市{county}区人民政府{town}{head}", shorts, level, f"{city}市{county}区", town, ""
        return full, shorts, level, f"{county}县", town, ""
    if level == "市":
        return f"{city}市{head_full}", [f"市{head_short}", f"{city}市{head_short}"], "市", f"{city}市", city, head_short
    place = f"{city}市{county}{level}" if rng.random() < 0.4 else f"{county}{level}"
    return (place + head_full, [f"{level}{head_short}", f"{county}{level}{head_short}"], level, place, county,
            head_short)


def _platform(rng: random.Random, kind: str, w: World, prov_short: str) -> Platform:
    org = rng.choice([*w.shorts, w.full])
    if org.startswith(("市", "县", "区", "省")) and rng.random() < 0.5:
        org = w.brand + org[1:]
    pattern = rng.choice(parts.PLATFORMS[kind])
    surface = pattern.format(org=org, city=w.city, full=w.full, brand=w.brand, prov=prov_short,
                             topic=w.topic, slogan=rng.choice(parts.SLOGANS))
    if surface.startswith("“") and surface.endswith("”"):
        surface = surface[1:-1]
    generic = [g.format(lvl=w.level) for g in parts.GENERIC.get(kind, [])]
    if kind == "website":  # a government portal and an agency's own site are called differently
        generic = [g for g in generic if ("政府" in g) == ("政府" in surface)]
    return Platform(surface.replace("“", "").replace("”", "").replace("《", "").replace("》", ""), surface, kind,
                    generic)


def make_world(rng: random.Random) -> World:
    """Compose an agency and the 3–8 platforms its report will name."""
    full, shorts, level, place, brand, head_short = _agency(rng)
    _prov_full, prov_short = rng.choice(parts.PROVINCES)
    topic = parts.TOPICS.get(head_short, rng.choice(list(parts.TOPICS.values())))
    unit = "委" if full.endswith("委员会") else "镇" if level == "镇" else "厅" if full.endswith("厅") else "局"
    w = World(full, shorts, level if level in ("市", "县", "区", "省", "自治区") else "县", place, brand, prov_short,
              topic, unit)
    kinds = ["website", *rng.sample([k for k in parts.PLATFORMS if k != "website"], rng.randint(2, 7))]
    seen = set()
    for kind in kinds + (["website"] if rng.random() < 0.5 else []):
        p = _platform(rng, kind, w, prov_short if rng.random() < 0.5 else brand)
        if p.name not in seen:
            seen.add(p.name)
            w.platforms.append(p)
    return w


def mentioned_office(rng: random.Random, w: World) -> str:
    """An office the report names that is not the reporting agency."""
    lvl = w.level if w.level in ("市", "县", "区") else rng.choice(["市", "县", "区"])
    return rng.choice(parts.MENTIONED).format(lvl=lvl, city=w.city, prov=rng.choice(parts.PROVINCES)[0])
