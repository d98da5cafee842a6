#!/usr/bin/env bash
# Render the demo steering pack to PNGs for review: PPTX -> PDF (LibreOffice) -> PNG (poppler).
#
#   docs/steering/render_pack.sh [DATABASE_URL]
#
# Without a URL a fresh demo portfolio is seeded into a temporary SQLite file. Writes
# docs/steering/steering-pack-demo.pptx and pack-page-1..3.png (the PDF stays temporary). Needs `soffice`
# and `pdftoppm` (apt-get install libreoffice-impress poppler-utils); kept out of the
# test suite because CI has no LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python}
out=docs/steering
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url=${1:-}
if [ -z "$url" ]; then
    url="sqlite:///$work/demo.db"
    "$python" -m data_access seed --scale demo --database-url "$url" >/dev/null
fi
"$python" -m dashboard pack --database-url "$url" --out "$out/steering-pack-demo.pptx"
# A private LibreOffice profile: a desktop session's profile lock cannot block the conversion.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" \
    "$out/steering-pack-demo.pptx" >/dev/null
for page in 1 2 3; do
    pdftoppm -png -r 90 -f "$page" -l "$page" -singlefile "$work/steering-pack-demo.pdf" "$out/pack-page-$page"
done
echo "PDF: $(pdfinfo "$work/steering-pack-demo.pdf" 2>/dev/null | grep Pages || echo converted)"
ls -l "$out"
