#!/usr/bin/env bash
# Shared by ./test.sh and ./fracture: checks for the .NET SDK and installs missing Debian packages by name.
# Debian's own archive has no .NET 10 SDK, so the SDK is a stated prerequisite (see README), not installed here.

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first (see README)" >&2
    exit 1
  fi
  local major
  major="$(dotnet --version | cut -d. -f1)"
  if [ "$major" -lt 10 ]; then
    echo "error: .NET SDK $(dotnet --version) found; Fracture needs 10 or later" >&2
    exit 1
  fi
}

_apt_updated=""

# ensure_apt_packages PKG...: installs those not yet installed (root or sudo needed only when something is missing).
ensure_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "$_apt_updated" ]; then
    $sudo apt-get update -qq
    _apt_updated=1
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ensure_gdcm: DICOM input (src/Fracture.Dicom) decodes through GDCM's .NET binding; build/Gdcm.targets stops the
# build with an error naming this package when it is missing.
ensure_gdcm() {
  ensure_apt_packages libgdcm-cil
}

# use_tcmalloc: preloads tcmalloc for what this shell starts next. libtorch frees and re-allocates activations of
# tens of MB every step; glibc hands them back to the kernel each time (mmap/munmap) and half the CPU went to page
# faults. With tcmalloc ResNet18 training steps run 2-2.5x faster (docs/training.md). FRACTURE_ALLOCATOR=glibc opts out.
use_tcmalloc() {
  [ "${FRACTURE_ALLOCATOR:-tcmalloc}" = "tcmalloc" ] || return 0
  ensure_apt_packages libtcmalloc-minimal4
  local lib="/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"
  [ -f "$lib" ] && export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
  return 0
}

# build_when_stale PROJECT OUT: builds PROJECT into OUT when OUT has no build yet or a source is newer than its last
# build. Build outputs (obj/, bin/) are not sources: each build writes the obj/ folders of the projects it shares
# with the other script's, so counting them made ./serve and ./fracture rebuild each other at every switch. One lock
# for both scripts: their builds share those obj/ folders. The stamp is taken before the build, so a source edited
# while it runs counts as newer next time.
build_when_stale() {
  local project="$1" out="$2"
  local stamp="$out/.built"
  mkdir -p "$out"
  exec 9>"$root/artifacts/.build.lock"
  flock 9
  if [ ! -f "$stamp" ] || [ -n "$(find "$root/src" \( -name obj -o -name bin \) -prune -o -type f -newer "$stamp" -print 2>/dev/null | head -n 1)" ] \
    || [ -n "$(find "$root/Directory.Build.props" "$root/Directory.Build.targets" "$root/Directory.Packages.props" "$root/build" -type f -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
    touch "$stamp.next"
    dotnet build "$project" -c Release -o "$out" --nologo -v quiet -clp:ErrorsOnly >&2
    mv "$stamp.next" "$stamp"
  fi
  flock -u 9
  exec 9>&-
}
