#!/usr/bin/env bash
# Build the front-end assets the app serves: run after changing package.json or scss/.
#
# The outputs (static/css/app.css, static/govuk/, tests/e2e/vendor/axe.min.js) are committed,
# so running the app or the tests needs no Node. Only this build needs `npm`.
set -euo pipefail

cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

GOVUK=node_modules/govuk-frontend/dist/govuk

# Our own stylesheet: GOV.UK Frontend compiled with Arial (this is not a GOV.UK service, so no
# GDS Transport) and asset URLs relative to the CSS file so that they work under /static/.
mkdir -p static/css
npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
    scss/app.scss static/css/app.css

# GOV.UK Frontend's JavaScript: one ES module bundle, loaded by templates/base.html.
mkdir -p static/govuk
cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" static/govuk/

# The compiled CSS still references the crest (footer copyright logo, which we never use);
# collectstatic with the manifest storage fails if a referenced file is missing, so ship it.
# No other GOV.UK image, icon, favicon or font is copied: they are GOV.UK branding.
rm -rf static/govuk/assets
mkdir -p static/govuk/assets/images
cp "$GOVUK/assets/images/govuk-crest.svg" static/govuk/assets/images/

# axe-core for the accessibility checks in the browser tests.
mkdir -p tests/e2e/vendor
cp node_modules/axe-core/axe.min.js tests/e2e/vendor/axe.min.js

echo "Built static/css/app.css ($(wc -c <static/css/app.css) bytes), static/govuk/, tests/e2e/vendor/axe.min.js"
