#!/usr/bin/env bash
# Runs every test of Fracture. Installs what the tests need and the machine lacks, then builds and tests the
# whole solution. The README's test command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-prerequisites.sh
ensure_dotnet
# Plot text in training runs needs a font file (see src/Fracture.Training/Plots/PlotFonts.cs).
ensure_apt_packages fonts-dejavu-core
ensure_gdcm
# The DICOM tests wrap a JPEG with dcmtk's img2dcm, and the TIFF tests cross-check files written by libtiff's tiffcp
# (both install their tool themselves when run alone).
ensure_apt_packages dcmtk libtiff-tools
# The browser tests drive Debian's chromium (they install it themselves when run alone, which needs root).
ensure_apt_packages chromium
dotnet build Fracture.slnx -c Release --nologo -v quiet -clp:ErrorsOnly
use_tcmalloc
# The console logger at "minimal" prints each failure's message and stack (and nothing for passing tests), so a CI
# log says why a test failed, not only which.
dotnet test Fracture.slnx -c Release --no-build --nologo -v quiet --logger "console;verbosity=minimal" "$@"
