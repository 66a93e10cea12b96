#!/usr/bin/env bash
# Builds Rampart's image from Debian packages only, with no registry base image:
# 1. debootstrap makes a Debian 12 (bookworm) minbase root file system with openjdk-17-jre-headless
#    and ca-certificates, from MIRROR (default http://deb.debian.org/debian);
# 2. adds the user rampart (10001) and its data directory, then removes what must not run in
#    production: the shells, apt and dpkg, their caches and documentation;
# 3. buildah (or podman) builds deploy/container/Containerfile FROM scratch with that root file system
#    and target/rampart.jar, tagged rampart:VERSION (default 0.1.0).
# Needs root (debootstrap, chroot), debootstrap and buildah or podman (apt-get install debootstrap
# buildah). Prints the image's size and its user at the end.
# Run it: podman run --read-only --tmpfs /tmp -v rampart:/var/lib/rampart -p 8443:8443 \
#           -e RAMPART_DB_URL=... -e RAMPART_DB_USERNAME=... rampart:0.1.0
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${VERSION:-0.1.0}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
JAR=${JAR:-target/rampart.jar}
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 2; }
builder=$(command -v buildah || command -v podman || true)
[ -n "$builder" ] || { echo "buildah or podman is missing: apt-get install buildah" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -DskipTests package
WORK=$(mktemp -d /tmp/rampart-image-XXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs

echo "== debootstrap bookworm (minbase, openjdk-17-jre-headless) into $ROOT"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$ROOT" "$MIRROR" \
  > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; exit 1; }

echo "== user rampart (10001), data directory, no shells or package tools"
chroot "$ROOT" groupadd --gid 10001 rampart
chroot "$ROOT" useradd --uid 10001 --gid 10001 --home-dir /var/lib/rampart --no-create-home --shell /usr/sbin/nologin rampart
install -d -o 10001 -g 10001 -m 700 "$ROOT/var/lib/rampart" "$ROOT/opt/rampart"
chmod 1777 "$ROOT/tmp"
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/* "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* \
  "$ROOT"/usr/share/info/* "$ROOT"/var/log/*
# The shells and the tools that install software: nothing at run time needs them.
rm -f "$ROOT"/bin/sh "$ROOT"/bin/dash "$ROOT"/bin/bash "$ROOT"/bin/rbash "$ROOT"/usr/bin/sh "$ROOT"/usr/bin/dash \
  "$ROOT"/usr/bin/bash "$ROOT"/usr/bin/rbash "$ROOT"/usr/bin/apt* "$ROOT"/usr/bin/dpkg* "$ROOT"/usr/bin/su \
  "$ROOT"/usr/bin/passwd "$ROOT"/usr/bin/chsh "$ROOT"/usr/bin/chfn "$ROOT"/usr/bin/newgrp
find "$ROOT" -xdev -perm /6000 -type f -exec chmod ug-s {} +
tar --numeric-owner -C "$ROOT" -cf "$WORK/rootfs.tar" .
cp "$JAR" "$WORK/rampart.jar"; cp deploy/container/Containerfile "$WORK/"

echo "== $(basename "$builder") build rampart:$VERSION"
if [ "$(basename "$builder")" = buildah ]; then
  buildah --storage-driver=vfs bud --isolation chroot --format docker -t "rampart:$VERSION" -f "$WORK/Containerfile" "$WORK"
  buildah --storage-driver=vfs inspect --format '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}' "rampart:$VERSION"
  buildah --storage-driver=vfs images "rampart:$VERSION"
else
  podman build --format docker -t "rampart:$VERSION" -f "$WORK/Containerfile" "$WORK"
  podman image inspect --format '{{.Config.User}} {{.Config.Entrypoint}}' "rampart:$VERSION"
  podman images "rampart:$VERSION"
fi
