#!/usr/bin/env python3
"""Writes the ROS 1 message and service definitions Pyros bundles (ros-actor resources
org/pyros/ros/interfaces/<pkg>/{msg,srv}) from Debian's ROS packages under /usr/share, without
comments or blank lines (the md5sum ignores both). Run it again after installing newer packages:
  python3 scripts/bundle-ros1-interfaces.py
"""
import pathlib
import re

PACKAGES = ["std_msgs", "std_srvs", "geometry_msgs", "sensor_msgs", "nav_msgs", "rosgraph_msgs",
            "actionlib_msgs", "diagnostic_msgs", "trajectory_msgs", "visualization_msgs", "tf2_msgs",
            "shape_msgs", "stereo_msgs"]
SOURCE = pathlib.Path("/usr/share")
TARGET = pathlib.Path(__file__).resolve().parent.parent / "ros-actor/src/main/resources/org/pyros/ros/interfaces"
STRING_CONSTANT = re.compile(r"^\s*string\s+\w+\s*=")


def stripped(text):
    out = []
    for line in text.splitlines():
        if STRING_CONSTANT.match(line):
            out.append(line.strip())  # a string constant keeps everything after '=', '#' included
            continue
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(re.sub(r"\s+", " ", line))
    return "\n".join(out) + "\n"


def main():
    index = []
    for pkg in PACKAGES:
        for kind in ("msg", "srv"):
            folder = SOURCE / pkg / kind
            if not folder.is_dir():
                continue
            for f in sorted(folder.glob("*." + kind)):
                dest = TARGET / pkg / kind / f.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(stripped(f.read_text()))
                index.append(f"{pkg}/{kind}/{f.stem}")
    missing = [p for p in PACKAGES if not any(i.startswith(p + "/") for i in index)]
    if missing:
        raise SystemExit("not installed here: " + ", ".join(missing))
    (TARGET / "index.txt").write_text("\n".join(index) + "\n")
    print(f"{len(index)} definitions written to {TARGET}")


main()
