#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the book needs, only those missing.
set -euo pipefail
packages=(
  pkg-config libopenblas-dev                     # BLAS for the core's matmuls
  libopenmpi-dev openmpi-bin iproute2            # chapter 7: MPI, network namespaces
  gnuplot-nox libgnuplot-iostream-dev            # figures
  graphviz                                       # diagrams (dot)
  gzip xz-utils                                  # chapter 4's compression baselines
  pandoc texlive-xetex texlive-latex-recommended # the PDF
  texlive-latex-extra texlive-fonts-recommended lmodern
  fonts-dejavu-core fonts-dejavu-extra poppler-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
